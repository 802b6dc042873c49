// Changes the server makes itself (the pool's automatic return, owner transfers, lead
// assignment: sync_server/pool/). Written as a device's would be: one write under the server's
// own replica id, stamped after every write the record holds, so it replaces them (it has seen
// them all) and every device adopts it on its next pull; then placed (its scope derived again),
// audited, and followed by the records that inherit their scope from it, like a pushed change.
// Nothing here names an entity.
#pragma once

#include <map>
#include <string>

#include "access/org.h"
#include "storage/record_changes.h"

namespace crm::server {

// Writes `changes` onto `stored` (a record `tx` holds) as `replica`, at `author.at_ms` or just
// after the record's newest stamp, whichever is later. Returns the new state. Errors: storage,
// unknown_owner (a changed owner field names no user).
Result<RecordState> server_edit(RecordTransaction& tx, const Org& org, const ChangeAuthor& author,
                                const RecordState& stored, const std::map<std::string, Json>& changes,
                                const std::string& replica);

}  // namespace crm::server
