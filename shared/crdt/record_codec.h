// JSON encoding of record states, shared by the wire protocol and the store.
//
//   {"entity":"customer","id":"<uuid>","vv":{"<replica>":3},
//    "fields":{"name":[{"v":"Acme","r":"<replica>","c":3,"t":1763891234567,"l":0}]}}
//
// "fields" maps a field to its concurrent writes (winner first); each write has its value v, dot
// (r, c) and HLC stamp (t: Unix ms, l: logical counter). Decoding checks structure and types only;
// validate_state() checks the values against the schema.
#pragma once

#include <cstddef>

#include "core/result.h"
#include "crdt/record.h"

namespace crm {

// Bounds on one record that a peer sends (docs/sync-protocol.md, "Limits"). A decoder checks each
// as soon as it is crossed, before doing work proportional to the rest of the input; a record over
// a bound is a malformed_record (400). The defaults hold what a push may carry: a schema has far
// fewer than 64 fields, and a field holds one write unless devices edited it concurrently.
// States the server has merged from many pushes may legitimately exceed the per-field and vv
// bounds, so decoding stored or pulled records uses unlimited().
struct RecordLimits {
  size_t max_fields = 64;             // fields per record, unknown ones included
  size_t max_writes_per_field = 256;  // concurrent writes held by one field
  size_t max_vv_entries = 1024;       // replicas in one version vector

  static constexpr RecordLimits unlimited() { return RecordLimits{SIZE_MAX, SIZE_MAX, SIZE_MAX}; }
};

// Integers parsed from text are unsigned in nlohmann::json; built in memory they may be signed.
bool is_non_negative_integer(const Json& v);

Json encode_vv(const VersionVector& vv);
Result<VersionVector> decode_vv(const Json& j, const RecordLimits& limits = RecordLimits::unlimited());

Json encode_fields(const RecordState& state);
// Decoders take the JSON by value: pass an rvalue and field values are moved, not copied.
Status decode_fields(Json j, RecordState& state, const RecordLimits& limits = RecordLimits::unlimited());

Json encode_record(const RecordState& state);

// The same encodings written straight to text (what the store keeps and the wire carries),
// without building a JSON tree: identical to encode_vv(...).dump() and encode_fields(...).dump().
std::string vv_text(const VersionVector& vv);
std::string fields_text(const RecordState& state);
// {"entity":...,"id":...,"vv":<vv_json>,"fields":<fields_json>} from already encoded parts.
std::string record_text(const std::string& entity, const std::string& id, const std::string& vv_json,
                        const std::string& fields_json);
Result<RecordState> decode_record(Json j, const RecordLimits& limits = RecordLimits::unlimited());

// Error messages for the bounds above, shared by both decoders (message_decoder.h).
Error too_many_fields(const RecordLimits& limits);
Error too_many_writes(const std::string& field, const RecordLimits& limits);
Error too_many_vv_entries(const RecordLimits& limits);
// True when two writes share a dot (a malformed field): O(n log n), not pairwise.
bool has_duplicate_dot(const std::vector<FieldWrite>& writes);

}  // namespace crm
