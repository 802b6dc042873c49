// Fuzzes the record codec (shared/crdt/record_codec.h) on JSON trees from nlohmann's parser:
// decode_record never crashes and reports only malformed_record; a record over RecordLimits is
// refused with them and accepted without them; an accepted record round-trips through
// encode_record, through the text encoders (what the store keeps) and through the SAX decoder.
#include "fuzz_check.h"
#include "sync/message_decoder.h"
#include "crdt/record_codec.h"

using namespace crm;
using crm::fuzz::is_one_of;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Json tree = Json::parse(fuzz::text(data, size), nullptr, /*allow_exceptions=*/false);
  if (tree.is_discarded()) return 0;
  auto limited = decode_record(tree, RecordLimits{});
  auto unlimited = decode_record(tree);
  for (const auto* r : {&limited, &unlimited})
    if (!*r) FUZZ_CHECK(is_one_of(r->error(), {"malformed_record"}));
  if (limited) FUZZ_CHECK(unlimited.ok() && unlimited.value() == limited.value());
  if (!unlimited) return 0;
  const RecordState& rec = unlimited.value();

  auto again = decode_record(encode_record(rec));
  FUZZ_CHECK(again.ok() && again.value() == rec);
  const std::string vv = vv_text(rec.vv), fields = fields_text(rec);
  FUZZ_CHECK(vv == encode_vv(rec.vv).dump());
  FUZZ_CHECK(fields == encode_fields(rec).dump());
  const std::string text = record_text(rec.entity, rec.id, vv, fields);
  FUZZ_CHECK(Json::parse(text) == encode_record(rec));

  // The SAX decoder reads the stored text back to the same record (deep values aside: it bounds
  // nesting, this decoder does not).
  auto sax = decode_message("{\"protocol\":1,\"records\":[" + text + "]}", DecodeLimits::pull());
  if (sax) {
    FUZZ_CHECK(sax->records.size() == 1 && sax->records[0] == rec);
  } else {
    FUZZ_CHECK(sax.error().code == "wrong_type");  // only the depth bound may refuse it
  }
  return 0;
}
