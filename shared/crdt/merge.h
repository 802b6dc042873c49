// The merge of two states of one record: the same function on every replica and the server.
//
// Per field, a write survives if the other side holds it too or has not seen it (its dot is not
// covered by the other side's version vector); a write the other side has seen but no longer holds
// was overwritten there. Writes that did not see each other all survive, and the field's winner is
// chosen deterministically (see record.h). The merged vector is the pointwise max.
// The merge is commutative, associative and idempotent (tests/core/merge_property_test.cpp).
#pragma once

#include "crdt/record.h"

namespace crm {

// Both states must describe the same (entity, id); the result keeps a's identity.
RecordState merge(const RecordState& a, const RecordState& b);

// Applies a local edit made on `replica`: one new event whose dot stamps every changed field,
// replacing every write the replica had seen for those fields (which resolves their conflicts).
void apply_local_write(RecordState& state, const std::string& replica, HlcStamp hlc,
                       const std::map<std::string, Json>& changes);

}  // namespace crm
