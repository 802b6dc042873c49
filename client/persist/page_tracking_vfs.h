// A SQLite VFS that works like the default one and also reports, at the end of every write
// transaction, exactly which 4 KiB chunks of the main database file changed, with their new bytes.
//
// The browser keeps the database in memory (Emscripten's MEMFS) and writes only these chunks to
// IndexedDB, one IndexedDB transaction per SQLite commit, so saving one edit costs a few pages
// instead of the whole file (Emscripten's IDBFS would rewrite the file). At start the chunks are
// read back into the memory file before SQLite opens it. Native tests use the same VFS over real
// files to check that replaying the reported chunks rebuilds the file byte for byte.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace crm {

inline constexpr int64_t kPersistChunkSize = 4096;

struct ChunkWrite {
  int64_t index = 0;   // chunk number: byte offset / kPersistChunkSize
  std::string bytes;   // kPersistChunkSize bytes, or fewer for the file's last chunk
};

// One committed transaction's effect on a file: its new size and the chunks that changed.
// Chunks at or beyond ceil(size / kPersistChunkSize) no longer exist.
struct FileCommit {
  std::string path;
  int64_t size = 0;
  std::vector<ChunkWrite> chunks;
};

class CommitSink {
 public:
  virtual ~CommitSink() = default;
  // Called synchronously when SQLite syncs or unlocks the main database after writing. Must not
  // call back into SQLite.
  virtual void on_commit(const FileCommit& commit) = 0;
};

// Registers the VFS under `name` (not as the default). `sink` must outlive every connection
// opened through it. Registering the same name again replaces the sink.
Status register_page_tracking_vfs(const std::string& name, CommitSink* sink);

}  // namespace crm
