// Administrative subcommands of crm-server, working directly on the data folder's store.
#pragma once

#include <iosfwd>
#include <string>

#include "storage/server_store.h"

namespace crm::server {

// Errors: weak_password, user_exists, invalid_role.
Status add_user(ServerStore& store, Clock& clock, const std::string& username, const std::string& password,
                const std::string& role);
// Sets a new password and signs the user out on every device. Errors: weak_password, not_found.
Status change_password(ServerStore& store, const std::string& username, const std::string& password);
Status print_users(ServerStore& store, std::ostream& out);
Status print_devices(ServerStore& store, std::ostream& out);

}  // namespace crm::server
