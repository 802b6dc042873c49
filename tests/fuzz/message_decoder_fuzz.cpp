// Fuzzes the SAX decoder of sync messages (shared/sync/message_decoder.h) and parse_push_body:
// no crash or undefined behaviour on any input, only documented errors, push limits never accept
// what pull limits refuse, and whatever it accepts equals what nlohmann's tree and decode_record
// give (the decoder's contract) and survives an encode/decode round trip.
#include "fuzz_check.h"
#include "sync/message_decoder.h"
#include "sync/protocol.h"
#include "crdt/record_codec.h"

using namespace crm;
using crm::fuzz::is_one_of;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body = fuzz::text(data, size);
  auto push = decode_message(body, DecodeLimits::push(kMaxPushRecords));
  auto pull = decode_message(body, DecodeLimits::pull());
  auto request = parse_push_body(body);

  for (const auto* r : {&push, &pull})
    if (!*r)
      FUZZ_CHECK(is_one_of(r->error(), {"malformed_json", "wrong_type", "protocol_mismatch", "batch_too_large",
                                        "malformed_record"}));
  if (!request)
    FUZZ_CHECK(is_one_of(request.error(), {"malformed_json", "wrong_type", "protocol_mismatch",
                                           "batch_too_large", "malformed_record"}));
  if (!push) return 0;
  FUZZ_CHECK(pull.ok());  // pull limits are wider
  FUZZ_CHECK(push->records == pull->records);
  FUZZ_CHECK(push->envelope == pull->envelope);
  FUZZ_CHECK(push->records.size() <= kMaxPushRecords);
  if (push->has_records) FUZZ_CHECK(request.ok() && request->records == push->records);

  // The same body through nlohmann's tree and decode_record gives the same records.
  Json tree = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  FUZZ_CHECK(!tree.is_discarded() && tree.is_object());
  if (push->has_records) {
    auto it = tree.find("records");
    FUZZ_CHECK(it != tree.end() && it->is_array() && it->size() == push->records.size());
    for (size_t i = 0; i < push->records.size(); ++i) {
      auto rec = decode_record((*it)[i], RecordLimits{});
      FUZZ_CHECK(rec.ok());
      FUZZ_CHECK(rec.value() == push->records[i]);
    }
  }
  for (const auto& [key, value] : tree.items())
    if (key != "records") FUZZ_CHECK(push->envelope.contains(key) && push->envelope[key] == value);

  // Accepted records survive encoding, in both encoders, and decoding again.
  for (const auto& rec : push->records) {
    FUZZ_CHECK(fields_text(rec) == encode_fields(rec).dump());
    FUZZ_CHECK(vv_text(rec.vv) == encode_vv(rec.vv).dump());
    auto again = decode_record(encode_record(rec), RecordLimits{});
    FUZZ_CHECK(again.ok() && again.value() == rec);
  }
  return 0;
}
