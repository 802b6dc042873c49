// Fuzzes merge(decode(x)) (shared/crdt/merge.h): the input is a JSON array of two or three
// records, decoded as a push would decode them and given one identity. The merge must be
// commutative, idempotent, associative, keep the pointwise-max version vector, invent no write,
// lose no write both sides hold, and keep valid states valid.
#include <algorithm>

#include "fuzz_check.h"
#include "model/validation.h"
#include "crdt/merge.h"
#include "sync/message_decoder.h"

using namespace crm;

namespace {

bool holds(const RecordState& s, const std::string& field, const FieldWrite& w) {
  auto it = s.fields.find(field);
  return it != s.fields.end() && std::find(it->second.begin(), it->second.end(), w) != it->second.end();
}

bool holds_dot(const RecordState& s, const std::string& field, const Dot& d) {
  auto it = s.fields.find(field);
  if (it == s.fields.end()) return false;
  for (const auto& w : it->second)
    if (w.dot == d) return true;
  return false;
}

// A necessary condition of states reached by real histories: if x has seen a write y holds in a
// field but x no longer holds it, x holds a newer write in that field that y has not seen (the
// overwrite). Decoded states may break it (a device reusing its own dot for other fields), and
// then a merge can drop a required field: see docs/testing.md.
bool consistent_with(const RecordState& x, const RecordState& y) {
  for (const auto& [field, writes] : y.fields)
    for (const auto& w : writes) {
      if (!x.vv.covers(w.dot) || holds_dot(x, field, w.dot)) continue;
      auto it = x.fields.find(field);
      if (it == x.fields.end()) return false;
      bool overwritten = false;
      for (const auto& mine : it->second) overwritten = overwritten || !y.vv.covers(mine.dot);
      if (!overwritten) return false;
    }
  return true;
}

void check_pair(const RecordState& a, const RecordState& b) {
  const RecordState ab = merge(a, b), ba = merge(b, a);
  FUZZ_CHECK(ab == ba);
  FUZZ_CHECK(merge(ab, b) == ab);
  FUZZ_CHECK(merge(ab, ab) == ab);
  FUZZ_CHECK(ab.entity == a.entity && ab.id == a.id);
  // The version vector is the pointwise max.
  for (const auto* s : {&a, &b})
    for (const auto& [replica, counter] : s->vv.entries()) FUZZ_CHECK(ab.vv.get(replica) >= counter);
  for (const auto& [replica, counter] : ab.vv.entries())
    FUZZ_CHECK(counter == std::max(a.vv.get(replica), b.vv.get(replica)));
  // Every write comes from one side (with one dot on both sides, from either); a dot both sides
  // hold in a field survives; a write neither side has seen overwritten survives.
  for (const auto& [field, writes] : ab.fields) {
    FUZZ_CHECK(!writes.empty());
    for (const auto& w : writes) FUZZ_CHECK(holds(a, field, w) || holds(b, field, w));
  }
  for (const auto& [field, writes] : a.fields)
    for (const auto& w : writes) {
      if (holds_dot(b, field, w.dot)) FUZZ_CHECK(holds_dot(ab, field, w.dot));
      if (!b.vv.covers(w.dot) && !holds_dot(b, field, w.dot)) FUZZ_CHECK(holds(ab, field, w));
    }
  // Winner-first order.
  for (const auto& [field, writes] : ab.fields)
    for (size_t i = 1; i < writes.size(); ++i) FUZZ_CHECK(!wins_over(writes[i], writes[0]));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A push body around the input, so records are decoded exactly as the server decodes them.
  auto msg = decode_message("{\"protocol\":1,\"records\":" + fuzz::text(data, size) + "}",
                            DecodeLimits::push(3));
  if (!msg || msg->records.size() < 2) return 0;
  std::vector<RecordState> s = std::move(msg->records);
  for (auto& r : s) r.entity = s[0].entity, r.id = s[0].id;
  const RecordState& a = s[0];
  const RecordState& b = s[1];
  const RecordState& c = s.size() > 2 ? s[2] : s[0];

  FUZZ_CHECK(merge(a, a) == a);
  check_pair(a, b);
  check_pair(a, c);
  check_pair(b, c);
  FUZZ_CHECK(merge(merge(a, b), c) == merge(a, merge(b, c)));
  FUZZ_CHECK(merge(merge(a, b), c) == merge(merge(c, a), b));

  // Valid states from possible histories merge into a valid state.
  if (validate_state(a) && validate_state(b) && consistent_with(a, b) && consistent_with(b, a)) {
    Status merged = validate_state(merge(a, b));
    if (!merged) std::fprintf(stderr, "merged state invalid: %s\n", merged.error().message.c_str());
    FUZZ_CHECK(merged.ok());
  }
  return 0;
}
