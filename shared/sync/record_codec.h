// JSON encoding of record states, shared by the wire protocol and the store.
//
//   {"entity":"customer","id":"<uuid>","vv":{"<replica>":3},
//    "fields":{"name":[{"v":"Acme","r":"<replica>","c":3,"t":1763891234567,"l":0}]}}
//
// "fields" maps a field to its concurrent writes (winner first); each write has its value v, dot
// (r, c) and HLC stamp (t: Unix ms, l: logical counter). Decoding checks structure and types only;
// validate_state() checks the values against the schema.
#pragma once

#include "core/result.h"
#include "model/record.h"

namespace crm {

// Integers parsed from text are unsigned in nlohmann::json; built in memory they may be signed.
bool is_non_negative_integer(const Json& v);

Json encode_vv(const VersionVector& vv);
Result<VersionVector> decode_vv(const Json& j);

Json encode_fields(const RecordState& state);
// Decoders take the JSON by value: pass an rvalue and field values are moved, not copied.
Status decode_fields(Json j, RecordState& state);

Json encode_record(const RecordState& state);

// The same encodings written straight to text (what the store keeps and the wire carries),
// without building a JSON tree: identical to encode_vv(...).dump() and encode_fields(...).dump().
std::string vv_text(const VersionVector& vv);
std::string fields_text(const RecordState& state);
// {"entity":...,"id":...,"vv":<vv_json>,"fields":<fields_json>} from already encoded parts.
std::string record_text(const std::string& entity, const std::string& id, const std::string& vv_json,
                        const std::string& fields_json);
Result<RecordState> decode_record(Json j);

}  // namespace crm
