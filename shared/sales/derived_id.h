// Ids derived from another record's id, so that the same act done on two offline devices makes
// the same record rather than two: converting lead L creates customer derived_id(L, "customer")
// and contact derived_id(L, "contact") on every device, and after sync the two conversions are
// one customer whose fields merged, not a duplicate. Not a secret and not a signature: any client
// may choose any id; this only makes honest devices agree.
#pragma once

#include <string>
#include <string_view>

namespace crm::sales {

// A canonical lower-case UUID (RFC 9562 version 8, custom) from `source_id` and `purpose`.
std::string derived_id(std::string_view source_id, std::string_view purpose);

}  // namespace crm::sales
