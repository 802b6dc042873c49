#include "sales/pool_follow_up.h"

#include <algorithm>

#include "core/time_format.h"

namespace crm::sales {
namespace {

std::optional<int64_t> time_of(const FieldValues& values, const char* field) {
  auto it = values.find(field);
  if (it == values.end() || !it->second.is_string()) return std::nullopt;
  return parse_iso8601(it->second.get<std::string>());
}

}  // namespace

FollowUps follow_ups_of(const FieldValues& customer, int64_t owned_since_ms,
                        const std::vector<std::pair<std::string, FieldValues>>& children) {
  FollowUps f;
  f.claimed_at_ms = time_of(customer, "claimed_at");
  f.owned_since_ms = owned_since_ms;
  for (const auto& [entity, values] : children) {
    if (entity == "opportunity") {
      auto stage = values.find("stage");
      const bool closed = stage != values.end() && (stage->second == "won" || stage->second == "lost");
      f.has_open_opportunity = f.has_open_opportunity || !closed;
    } else if (entity == "activity" || entity == "visit") {
      if (auto t = time_of(values, entity == "activity" ? "at" : "checkin_at")) f.follow_up_ms.push_back(*t);
    }
  }
  return f;
}

int64_t last_follow_up_ms(const FollowUps& f) {
  int64_t last = std::max(f.claimed_at_ms.value_or(0), f.owned_since_ms);
  for (int64_t t : f.follow_up_ms) last = std::max(last, t);
  return last;
}

PoolStatus pool_status_at(const FollowUps& f, int64_t now_ms, int utc_offset_minutes, const PoolPolicy& policy) {
  return pool_status(local_date(last_follow_up_ms(f), utc_offset_minutes), local_date(now_ms, utc_offset_minutes),
                     f.has_open_opportunity, policy);
}

}  // namespace crm::sales
