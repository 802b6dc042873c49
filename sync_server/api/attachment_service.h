// AttachmentService: attachments (visit photos, signed delivery notes) without HTTP: upload in
// pieces that survive a cut connection, status, download and listing, each allowed by the scope of
// the record the attachment belongs to (access/record_scope.h, the same check as a push or pull:
// nothing here names an entity). The bytes are content-addressed (storage/attachment_files.h) and
// linked to records (storage/attachment_links.h). docs/sync-protocol.md, "Attachments".
//
// Error codes: invalid_hash, bad_range (400), hash_mismatch (400), forbidden (403), not_found
// (404: no such record on the server, or no such attachment of it), offset_mismatch (409),
// too_large (413), unsupported_type (415).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "api/api_service.h"
#include "core/clock.h"
#include "storage/attachment_files.h"
#include "storage/attachment_links.h"
#include "storage/org_accounts.h"
#include "storage/record_changes.h"

namespace crm::server {

struct AttachmentOptions {
  int64_t max_bytes = 10LL * 1024 * 1024;  // one attachment, whole (--max-attachment-mb)
  int64_t stale_upload_ms = 24LL * 3600 * 1000;  // an upload untouched this long is dropped
};

// One piece of an upload: bytes first..last (inclusive) of a file of `total` bytes (the
// Content-Range header "bytes first-last/total").
struct ByteRange {
  int64_t first = 0, last = 0, total = 0;
};
// Parses "bytes first-last/total". Errors: bad_range.
Result<ByteRange> parse_content_range(std::string_view header);

// The media type the leading bytes of a file show (JPEG, PNG, WebP, PDF), or nothing.
std::optional<std::string> sniff_attachment_type(std::string_view head);

// An attachment of one record: its SHA-256 (hex) and the record.
struct AttachmentTarget {
  std::string sha256;
  RecordKey record;
};

class AttachmentService {
 public:
  AttachmentService(RecordChanges& records, OrgAccounts& accounts, AttachmentLinks& links, AttachmentFiles& files,
                    Clock& clock, AttachmentOptions options = {})
      : records_(records), accounts_(accounts), links_(links), files_(files), clock_(clock), options_(options) {}

  // One piece (`range`) or the whole file (no range) for a record the caller may write. Answers
  // {"sha256","received","size","complete"} (and "mime" once complete).
  ApiResponse upload(const Session& session, const AttachmentTarget& target, const std::optional<ByteRange>& range,
                     const std::string& body);
  // How many bytes of this upload the server holds (to resume), or that it is complete.
  ApiResponse status(const Session& session, const AttachmentTarget& target);
  // The bytes (content_type set) for a caller who may read the record.
  ApiResponse download(const Session& session, const AttachmentTarget& target);
  // The attachments of a record the caller may read: {"attachments":[{sha256,size,mime,uploaded_by,at_ms}]}.
  ApiResponse list(const Session& session, const RecordKey& record);

  // Drops uploads in progress untouched for options().stale_upload_ms (the server calls it at
  // start-up and then every hour). Returns how many.
  int drop_stale_uploads();

  const AttachmentOptions& options() const { return options_; }

 private:
  // Errors: unknown_entity, invalid_id, not_found (record not held), forbidden.
  Status check_access(const Session& session, const RecordKey& record, bool write);
  // The name's form (invalid_hash), then check_access().
  Status check_target(const Session& session, const AttachmentTarget& target, bool write);
  static std::string upload_key(const Session& session, const std::string& sha256);

  RecordChanges& records_;
  OrgAccounts& accounts_;
  AttachmentLinks& links_;
  AttachmentFiles& files_;
  Clock& clock_;
  AttachmentOptions options_;
  std::mutex uploads_mu_;  // pieces and completions, one at a time (appends must not interleave)
};

}  // namespace crm::server
