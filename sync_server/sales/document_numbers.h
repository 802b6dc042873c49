// Contract and order numbers (docs/sales.md, "Numbers"): a device cannot know the next number of
// the organisation's sequence while offline, so it saves a contract or an order without one (the
// app shows "pending") and the server numbers it in the push that first stores it: the next value
// of the entity's counter (RecordTransaction::counter, in the push's transaction, so a retried
// push never numbers twice nor skips), written as the server's own edit (api/server_edit.h) that
// every device adopts on its next pull. Contracts read C-000001, C-000002, ...; orders
// SO-000001, ... A record that already has a number keeps it.
//
// A PushGuard that runs after the guard it wraps (crm-server wraps the pool's rules).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "api/push_guard.h"

namespace crm::server::sales {

// "C-000042" for the 42nd contract; nothing for an entity that is not numbered.
std::optional<std::string> document_number(const std::string& entity, int64_t n);

// Numbers `stored` if it is a live contract or order without a number. Returns the number given,
// or nothing. Errors: storage.
Result<std::optional<std::string>> number_document(RecordTransaction& tx, const Org& org, int64_t now_ms,
                                                   const RecordState& stored);

class DocumentNumbering final : public PushGuard {
 public:
  explicit DocumentNumbering(PushGuard* next = nullptr) : next_(next) {}
  Result<std::optional<Error>> refusal(RecordTransaction& tx, const PushContext& who,
                                       const RecordState& incoming) override;
  Status after_store(RecordTransaction& tx, const PushContext& who, const RecordState& stored) override;

 private:
  PushGuard* next_;
};

}  // namespace crm::server::sales
