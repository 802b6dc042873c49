// The server's data folder (crm.db, its WAL and SHM, backups put there): only the user the
// server runs as may enter it or read its files, whatever the umask. prepare_data_folder creates
// the folder 0700, tightens an existing folder that others could read (with a warning: the data
// may have been read) and sets every file in it to 0600. crm-server also runs with umask 077, so
// files SQLite creates later (WAL, SHM) start 0600.
#pragma once

#include <ostream>
#include <string>

#include "core/result.h"

namespace crm::server {

// Errors: bad_data_dir (cannot create or change the folder).
Status prepare_data_folder(const std::string& dir, std::ostream& warnings);

}  // namespace crm::server
