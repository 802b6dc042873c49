#include "pool/pool_admin.h"

#include "pool/auto_return.h"
#include "pool/lead_assignment.h"
#include "pool/owner_transfer.h"
#include "pool/pool_names.h"
#include "model/values/calendar_date.h"
#include "sync/protocol.h"

namespace crm::server::pool {
namespace {

Json returned_json(const std::vector<ReturnedCustomer>& list) {
  Json out = Json::array();
  for (const auto& r : list) out.push_back({{"id", r.id}, {"owner", r.owner}, {"reason", r.reason}});
  return out;
}

ApiResponse ok(const Json& j) { return ApiResponse{200, j.dump(-1, ' ', false, Json::error_handler_t::replace)}; }

// The transfer's request body. Errors: wrong_type.
Result<TransferRequest> transfer_request(const Json& j) {
  TransferRequest r;
  auto str = [&](const char* name, std::string& out) -> Status {
    auto it = j.find(name);
    if (it == j.end() || it->is_null()) return ok_status();
    if (!it->is_string() || it->get_ref<const std::string&>().size() > 200)
      return make_error("wrong_type", std::string(name) + " must be a string of at most 200 bytes", name);
    out = it->get<std::string>();
    return ok_status();
  };
  CRM_TRY(str("from", r.from));
  CRM_TRY(str("to", r.to));
  CRM_TRY(str("region", r.region));
  if (auto it = j.find("only_customers"); it != j.end() && !it->is_null()) {
    if (!it->is_array() || it->size() > 100000)
      return make_error("wrong_type", "only_customers must be a list of customer ids", "only_customers");
    for (const auto& id : *it) {
      if (!id.is_string() || id.get_ref<const std::string&>().size() > 100)
        return make_error("wrong_type", "only_customers must be a list of customer ids", "only_customers");
      r.only_customers.push_back(id.get<std::string>());
    }
  }
  return r;
}

}  // namespace

std::optional<ApiResponse> PoolAdmin::handle(const Session& session, const std::string& method,
                                             const std::string& path, const std::string& body) {
  if (path == "transfer") {
    if (method != "POST") return error_response(make_error("method_not_allowed", "use POST"));
    auto msg = parse_message(body);
    if (!msg) return error_response(msg.error());
    auto req = transfer_request(msg.value());
    if (!req) return error_response(req.error());
    auto moved = transfer_owner(records_, accounts_, session, clock_.now_ms(), req.value());
    if (!moved) return error_response(moved.error());
    return ok({{"customers", moved->customers}, {"leads", moved->leads}});
  }
  if (path != "pool/return-due") return std::nullopt;
  if (method != "POST") return error_response(make_error("method_not_allowed", "use POST"));
  if (session.role != "admin") return error_response(make_error("forbidden", "the admin API is for admins only"));
  auto msg = parse_message(body);
  if (!msg) return error_response(msg.error());
  const ChangeAuthor author{session.user_id, session.device_id, clock_.now_ms()};
  auto returned = return_due(records_, accounts_, author, utc_offset_minutes_);
  if (!returned) return error_response(returned.error());
  return ok({{"returned", returned_json(returned.value())}});
}

Result<std::string> PoolAdmin::daily_run() {
  const ChangeAuthor author{0, kServerReplica, clock_.now_ms()};
  // The organisation's day this last ran, kept in the store: a restart the same day runs nothing.
  const char* kLastDay = "pool_daily_run_day";
  const int64_t today = days_since_epoch(local_date(author.at_ms, utc_offset_minutes_)) + 1;  // 0: never
  int64_t last = 0;
  CRM_TRY(records_.write(author, [&](RecordTransaction& tx) -> Status {
    auto c = tx.counter(kLastDay);
    if (!c) return c.error();
    last = c.value();
    return ok_status();
  }));
  if (last >= today) return std::string("already ran today");
  auto returned = return_due(records_, accounts_, author, utc_offset_minutes_);
  if (!returned) return returned.error();
  auto assigned = assign_waiting_leads(records_, accounts_, author);
  if (!assigned) return assigned.error();
  CRM_TRY(records_.write(author, [&](RecordTransaction& tx) { return tx.set_counter(kLastDay, today); }));
  return "returned " + std::to_string(returned->size()) + " customers to the pool, assigned " +
         std::to_string(assigned->size()) + " waiting leads";
}

}  // namespace crm::server::pool
