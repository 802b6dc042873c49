// The app's visit actions: GPS check-in (and the clock offset stamped on it after a sync), check-out.
#include "app/app.h"

namespace crm {
namespace {

// Visits checked in on this device and still waiting for the device clock's offset (JSON array of ids).
constexpr const char* kPendingOffsetKey = "visits.pending_offset";

Json pending_offset_ids(RecordStore& store) {
  auto pending = store.get_meta(kPendingOffsetKey);
  Json ids = pending && pending.value() && !pending.value()->empty() ? Json::parse(*pending.value(), nullptr, false)
                                                                     : Json::array();
  return ids.is_array() ? ids : Json::array();
}

}  // namespace

void App::check_in(const std::string& customer_id, const std::string& purpose) {
  if (check_in_.phase == CheckInState::Phase::kLocating) return;
  check_in_ = CheckInState{CheckInState::Phase::kLocating, customer_id, {}, {}};
  const uint64_t serial = ++check_in_serial_;
  platform_.locate([this, serial, purpose](Result<GeoFix> fix) {
    // The user may have left, or started another check-in: this answer is not theirs.
    if (serial != check_in_serial_) return;
    finish_check_in(fix, purpose);
  });
}

void App::finish_check_in(const Result<GeoFix>& fix, const std::string& purpose) {
  auto fail = [this](Error e) {
    check_in_.phase = CheckInState::Phase::kFailed;
    check_in_.error = std::move(e);
  };
  if (!fix) return fail(fix.error());
  auto customer = values("customer", check_in_.customer_id);
  if (!customer) return fail(make_error("not_found", "this customer no longer exists"));
  auto v = checkin_values(check_in_.customer_id, *customer, fix.value(), geofence_m_, clock_.now_ms(),
                          session_.username);
  if (!v) return fail(v.error());
  if (!purpose.empty()) v.value()["purpose"] = purpose;
  auto created = replica_->create("visit", v.value());
  if (!created) return fail(created.error());
  // Remember it: the next sync measures this device's clock offset and stamps it on the visit.
  Json ids = pending_offset_ids(replica_->store());
  ids.push_back(created->id);
  (void)replica_->store().set_meta(kPendingOffsetKey, ids.dump());
  check_in_.phase = CheckInState::Phase::kDone;
  check_in_.visit_id = created->id;
  after_local_change();
}

void App::request_position() {
  if (position_.locating) return;
  const uint64_t serial = ++position_.serial;
  position_ = PositionRequest{serial, true, std::nullopt, {}};
  platform_.locate([this, serial](Result<GeoFix> fix) {
    if (serial != position_.serial) return;
    position_.locating = false;
    if (fix) position_.fix = fix.value();
    else position_.error = fix.error();
  });
}

std::optional<std::string> App::open_visit(const std::string& customer_id) {
  for (const ListRow* v : children(customer_id, "visit")) {
    auto user = v->values.find("user");
    const bool mine = user != v->values.end() && user->second == session_.username;
    if (mine && !is_checked_out(v->values)) return v->id;
  }
  return std::nullopt;
}

Status App::check_out(const std::string& visit_id, const std::string& notes) {
  auto visit = values("visit", visit_id);
  if (!visit) return make_error("not_found", "this visit no longer exists");
  auto changes = checkout_values(*visit, clock_.now_ms(), notes);
  if (!changes) return changes.error();
  auto r = replica_->update("visit", visit_id, changes.value());
  if (!r) return r.error();
  after_local_change();
  return ok_status();
}

// Visits checked in on this device learn the device clock's offset at the first sync after.
void App::stamp_clock_offsets(int64_t offset_ms) {
  const Json ids = pending_offset_ids(replica_->store());
  if (ids.empty()) return;
  for (const auto& id : ids)
    if (id.is_string()) (void)replica_->update("visit", id.get<std::string>(), {{"clock_offset_ms", offset_ms}});
  (void)replica_->store().set_meta(kPendingOffsetKey, "");
}

}  // namespace crm
