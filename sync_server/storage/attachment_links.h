// AttachmentLinks: which attachment belongs to which record. An attachment is a file named by the
// SHA-256 of its bytes (its bytes are kept by storage/attachment_files.h, one copy per content);
// one file may belong to many records, and a record to many files. Reading or writing a record's
// attachments is allowed by that record's scope (api/attachment_service.h), so links carry no
// access data of their own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/record_store.h"

namespace crm::server {

struct AttachmentLink {
  std::string sha256;  // 64 lower-case hex digits
  RecordKey record;
  int64_t size = 0;
  std::string mime;         // as sniffed from the bytes: image/jpeg, image/png, image/webp, application/pdf
  int64_t uploaded_by = 0;  // the user id of the first upload for this record
  int64_t at_ms = 0;
};

class AttachmentLinks {
 public:
  virtual ~AttachmentLinks() = default;
  // Links a stored file to a record; linking the same (record, sha256) again keeps the first link.
  virtual Status link_attachment(const AttachmentLink& link) = 0;
  // The record's attachments, oldest first.
  virtual Result<std::vector<AttachmentLink>> attachments_of(const RecordKey& record) = 0;
  virtual Result<std::optional<AttachmentLink>> find_attachment(const RecordKey& record,
                                                                const std::string& sha256) = 0;
};

}  // namespace crm::server
