// When a pool customer was last followed up, from the facts its records hold, and where that puts
// it today (sales/pool_rules.h) for someone in a time zone: the one reading of the rule the server
// applies once a day (pool/auto_return.h) and a device shows its owner offline. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/entity_schema.h"
#include "sales/pool_rules.h"

namespace crm::sales {

struct FollowUps {
  std::optional<int64_t> claimed_at_ms;  // when the owner took it from the pool (claimed_at)
  int64_t owned_since_ms = 0;            // when its owner was last set (a claim, a transfer, creation)
  std::vector<int64_t> follow_up_ms;     // its activities' times and visits' check-ins
  bool has_open_opportunity = false;
};

// The facts from a customer's visible values and those of the records that follow it
// ({entity, values}: activities count by `at`, visits by `checkin_at`, opportunities not won or
// lost keep it; others are ignored). `owned_since_ms`: the stamp of its owner's write. The one
// place that knows which records are follow-ups, for the server and the devices alike.
FollowUps follow_ups_of(const FieldValues& customer, int64_t owned_since_ms,
                        const std::vector<std::pair<std::string, FieldValues>>& children);

// The latest follow-up, or when the owner took the customer (claimed it, or was given it) when
// none came after that: a new owner gets the whole period.
int64_t last_follow_up_ms(const FollowUps& f);

// pool_status() on the local dates, `utc_offset_minutes` east of UTC, of the last follow-up and
// of `now_ms`.
PoolStatus pool_status_at(const FollowUps& f, int64_t now_ms, int utc_offset_minutes, const PoolPolicy& policy);

}  // namespace crm::sales
