#include "sales/document_numbers.h"

#include <cstdio>

#include "api/server_edit.h"
#include "pool/pool_names.h"

namespace crm::server::sales {

std::optional<std::string> document_number(const std::string& entity, int64_t n) {
  const char* prefix = entity == "contract" ? "C" : entity == "sales_order" ? "SO" : nullptr;
  if (!prefix) return std::nullopt;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s-%06lld", prefix, static_cast<long long>(n));
  return std::string(buf);
}

Result<std::optional<std::string>> number_document(RecordTransaction& tx, const Org& org, int64_t now_ms,
                                                   const RecordState& stored) {
  using Given = std::optional<std::string>;
  if (stored.deleted() || !document_number(stored.entity, 1)) return Given();
  const Json current = stored.value("number");
  if (current.is_string() && !current.get<std::string>().empty()) return Given();
  const std::string key = "number:" + stored.entity;
  auto last = tx.counter(key);
  if (!last) return last.error();
  const std::string number = *document_number(stored.entity, last.value() + 1);
  const ChangeAuthor server{0, pool::kServerReplica, now_ms};
  auto edited = server_edit(tx, org, server, stored, {{"number", number}}, pool::kServerReplica);
  if (!edited) return edited.error();
  CRM_TRY(tx.set_counter(key, last.value() + 1));
  return Given(number);
}

Result<std::optional<Error>> DocumentNumbering::refusal(RecordTransaction& tx, const PushContext& who,
                                                        const RecordState& incoming) {
  if (next_) return next_->refusal(tx, who, incoming);
  return std::optional<Error>();
}

Status DocumentNumbering::after_store(RecordTransaction& tx, const PushContext& who, const RecordState& stored) {
  if (next_) CRM_TRY(next_->after_store(tx, who, stored));
  auto numbered = number_document(tx, who.org, who.now_ms, stored);
  if (!numbered) return numbered.error();
  return ok_status();
}

}  // namespace crm::server::sales
