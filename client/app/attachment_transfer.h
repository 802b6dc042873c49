// Moving attachment bytes between the device's files (app/local_files.h) and the server's
// attachment endpoints (docs/sync-protocol.md §14), in the background:
// - uploads wait in a list kept in the local store (they survive a reload) and start after a
//   successful sync, when the record they belong to is on the server; each asks the server how
//   much it holds (`/status`) and sends the rest in pieces with Content-Range, so a cut connection
//   costs at most one piece and the next sync resumes it;
// - downloads happen on demand (a page shows a photo the device does not hold), are checked
//   against their SHA-256 by LocalFiles::write and then kept on the device.
// Portable: built natively and tested against a real server (tests/client/attachment_test.cpp).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/platform.h"
#include "core/clock.h"
#include "store/record_store.h"

namespace crm {

// A file and the record it belongs to (the record the server checks access against).
struct AttachmentTarget {
  std::string sha256, entity, id;
  int64_t size = 0;
};

// Where one file stands on this device.
struct FileState {
  enum class Kind {
    kLocal,        // the bytes are on the device (and on the server, or not waiting to go there)
    kWaiting,      // on the device, waiting for the next sync to upload them
    kUploading,    // on the device, pieces going up (done of total bytes)
    kRemote,       // only on the server: fetch() brings it
    kDownloading,
    kFailed,       // error: the server's code (forbidden, too_large, ...) or the device's
  } kind = Kind::kRemote;
  int64_t done = 0, total = 0;
  std::string error;
};

inline constexpr int64_t kUploadPieceBytes = 256 * 1024;

class AttachmentTransfer {
 public:
  AttachmentTransfer(Platform& platform, Clock& clock) : platform_(platform), clock_(clock) {}

  // The store the pending uploads are kept in (reopened: forgets work in flight).
  void open(RecordStore* store);
  // Remembers a file to upload once its record has synced.
  Status queue_upload(const AttachmentTarget& target);
  // Starts the waiting uploads, one file at a time (after a successful sync).
  void start_uploads(const std::string& server, const std::string& token);
  // Brings a file the device lacks (at most one request per file at a time; a failed network
  // attempt is tried again after kRetryMs).
  void fetch(const AttachmentTarget& target, const std::string& server, const std::string& token);
  FileState state(const std::string& sha256) const;
  size_t waiting_uploads() const { return pending_.size(); }
  bool busy() const { return uploading_ || !downloads_.empty(); }
  // Forgets work in flight (sign-out, a wiped device); late answers are ignored.
  void stop();

  // What the last upload moved (the benchmark's figure): bytes and ms from its first request to the
  // server's "complete", and the pieces sent.
  struct UploadStats {
    int64_t bytes = 0, pieces = 0;
    double ms = 0;
  };
  const UploadStats& last_upload() const { return last_upload_; }

  static constexpr int64_t kRetryMs = 10'000;

 private:
  struct Upload {
    AttachmentTarget target;
    std::string bytes;  // read once per upload
    int64_t received = 0;
    int restarts = 0;    // after hash_mismatch
    int64_t started_ms = 0;
    int64_t pieces = 0;
  };
  void save_pending();
  void next_upload();
  void ask_status();
  void send_piece();
  // The server's answer to a status or piece request.
  void on_upload_answer(const Result<HttpResponse>& r);
  void finish_upload(const std::string& failure);
  void send(HttpRequest request, std::function<void(const Result<HttpResponse>&)> done);

  Platform& platform_;
  Clock& clock_;
  RecordStore* store_ = nullptr;
  std::vector<AttachmentTarget> pending_;
  std::string server_, token_;
  std::optional<Upload> uploading_;
  std::map<std::string, FileState> downloads_;  // in flight or failed, by SHA-256
  std::map<std::string, int64_t> failed_at_;    // when a download last failed
  std::map<std::string, std::string> upload_failed_;  // refused uploads, by SHA-256
  UploadStats last_upload_;
  uint64_t serial_ = 0;  // bumps with stop(): answers of earlier work are ignored
};

}  // namespace crm
