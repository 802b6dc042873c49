// AttachmentFiles: the bytes of attachments in the data folder, content-addressed:
//   attachments/ab/cdef...           one file per distinct content, named by its SHA-256 (hex)
//   attachments/partial/<key>.part   an upload in progress, appended to piece by piece
// Files are 0600 and folders 0700 whatever the umask. An upload becomes visible only whole and
// verified: its partial file is hashed, fsynced and renamed into place, so a reader never sees
// half a file and a crash leaves at most a partial file that the next piece continues or restarts.
// Not thread-safe for one upload key: the caller serialises the pieces of one upload.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace crm::server {

// Whether `s` is a SHA-256 in lower-case hex (64 digits, as core/sha256.h gives it).
bool is_sha256_hex(std::string_view s);

class AttachmentFiles {
 public:
  // Creates the folders (0700) under `root`. Errors: storage_error.
  static Result<AttachmentFiles> open(const std::string& root);

  // Whether a verified file with this content is stored, and its size.
  bool has(const std::string& sha256) const;
  // Bytes held of the upload in progress `key` (0: none). Keys are [0-9a-z_-] only.
  int64_t partial_size(const std::string& key) const;
  // Writes `bytes` at `offset` of upload `key`: offset 0 starts it anew, any other offset must be
  // partial_size(key). Errors: offset_mismatch, storage_error.
  Status append(const std::string& key, int64_t offset, std::string_view bytes);
  // The first `n` bytes of upload `key` (fewer if it holds fewer).
  Result<std::string> partial_head(const std::string& key, size_t n) const;
  // Checks that upload `key` hashes to `sha256` and moves it into place (replacing nothing: an
  // existing file of that content stays). Errors: hash_mismatch (the upload is dropped),
  // storage_error.
  Status complete(const std::string& key, const std::string& sha256);
  void discard(const std::string& key);
  // Removes uploads in progress untouched for `max_age_ms` (by their files' modification time):
  // an upload a device abandoned would otherwise hold its bytes forever. Returns how many.
  int drop_stale_partials(int64_t now_ms, int64_t max_age_ms);
  // The stored bytes. Errors: not_found, storage_error.
  Result<std::string> read(const std::string& sha256) const;

  std::string path_of(const std::string& sha256) const;

 private:
  explicit AttachmentFiles(std::string root) : root_(std::move(root)) {}
  std::string partial_path(const std::string& key) const;
  std::string root_;
};

}  // namespace crm::server
