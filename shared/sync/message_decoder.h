// Decodes a sync message body (a push request or a pull response) straight from text into record
// states, with RapidJSON's SAX reader: no JSON tree is built for the records (the tree was the
// largest cost of a bulk push or pull), and RapidJSON's reader is several times faster than
// nlohmann's. Values inside records are still nlohmann::json, like everywhere else. The result equals what decode_record() gives for each
// element of "records" (tests/core/message_decoder_test.cpp checks both agree).
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "model/record.h"

namespace crm {

struct DecodedMessage {
  Json envelope = Json::object();  // every top-level member except "records"
  bool has_records = false;
  std::vector<RecordState> records;
};

// Errors, in this priority: malformed_json (not JSON); wrong_type (not an object);
// protocol_mismatch ("protocol" missing or not kProtocolVersion); wrong_type ("records" is not an
// array); batch_too_large (more than max_records; parsing stops there); malformed_record
// ("records[i]: ..." for the first bad record).
Result<DecodedMessage> decode_message(const std::string& body, size_t max_records);

}  // namespace crm
