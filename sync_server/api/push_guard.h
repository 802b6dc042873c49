// PushGuard: business rules a push applies to a record beyond what schemas say (the public pool:
// pool/pool_push_rules.h), inside the push's transaction: refusal() before anything else is
// checked, with what the device sent (a refusal is answered per record like every other), and
// after_store() once a record is stored, for the server's own follow-up writes (api/server_edit.h).
#pragma once

#include <optional>

#include "access/org.h"
#include "model/entity_schema.h"
#include "storage/record_changes.h"

namespace crm::server {

struct PushContext {
  const Org& org;
  int64_t user_id = 0;
  Actor actor;
  int64_t now_ms = 0;  // the push's time on the server's clock
};

class PushGuard {
 public:
  virtual ~PushGuard() = default;
  // The reason `incoming` is refused, or nothing. Errors: storage.
  virtual Result<std::optional<Error>> refusal(RecordTransaction& tx, const PushContext& who,
                                               const RecordState& incoming) = 0;
  // `stored`: the state just stored. Errors: storage (the whole push fails).
  virtual Status after_store(RecordTransaction& tx, const PushContext& who, const RecordState& stored) = 0;
};

}  // namespace crm::server
