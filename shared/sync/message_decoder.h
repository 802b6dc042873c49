// Decodes a sync message body (a push request or a pull response) straight from text into record
// states, with RapidJSON's SAX reader: no JSON tree is built for the records (the tree was the
// largest cost of a bulk push or pull), and RapidJSON's reader is several times faster than
// nlohmann's. Values inside records are still nlohmann::json, like everywhere else. The result equals what decode_record() gives for each
// element of "records" (tests/core/message_decoder_test.cpp checks both agree).
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "crdt/record.h"
#include "crdt/record_codec.h"

namespace crm {

// Protocol messages nest a record's write values at depth 7 and a tombstone's vector at depth 8.
inline constexpr size_t kMaxJsonDepth = 16;

// Bounds on a message, each checked while parsing, as soon as it is crossed: parsing stops there,
// so no work is spent on the rest of a hostile body (docs/sync-protocol.md, "Limits").
struct DecodeLimits {
  size_t max_records = SIZE_MAX;
  size_t max_depth = kMaxJsonDepth;  // nesting of arrays and objects, the body itself is level 1
  RecordLimits record;               // per record: fields, writes per field, vv entries

  // A push body: at most max_records records, each within RecordLimits' defaults.
  static DecodeLimits push(size_t max_records) { return DecodeLimits{max_records, kMaxJsonDepth, RecordLimits{}}; }
  // A pull answer: records as the server merged them, which may exceed what one push may carry
  // (RecordLimits); only the nesting depth is bounded.
  static DecodeLimits pull() { return DecodeLimits{SIZE_MAX, kMaxJsonDepth, RecordLimits::unlimited()}; }
};

struct DecodedMessage {
  Json envelope = Json::object();  // every top-level member except "records"
  bool has_records = false;
  std::vector<RecordState> records;
};

// Errors, in this priority: malformed_json (not JSON); wrong_type (not an object);
// protocol_mismatch ("protocol" missing before parsing stopped, or not kProtocolVersion);
// wrong_type ("records" is not an array, or nesting deeper than max_depth: parsing stops there);
// batch_too_large (more than max_records; parsing stops there); malformed_record ("records[i]:
// ..." for the first bad record, or the record over a RecordLimits bound: parsing stops there).
Result<DecodedMessage> decode_message(const std::string& body, const DecodeLimits& limits);
// Same as decode_message(body, DecodeLimits::push(max_records)).
Result<DecodedMessage> decode_message(const std::string& body, size_t max_records);

}  // namespace crm
