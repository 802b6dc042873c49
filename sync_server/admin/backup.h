// Online backup and offline restore of the server's database (crm-server backup / restore).
//
// backup_database copies the live database through SQLite's online backup API while the server
// keeps serving: the copy is read inside one read transaction, so it is a consistent snapshot
// (every change up to its highest sequence number, nothing torn) and, the database being in WAL
// mode, writers are never blocked by it. The copy is written next to `out_path`, switched to a
// self-contained rollback-journal file, checked with PRAGMA integrity_check, synced, and only
// then renamed to `out_path`: a failed backup leaves no file at `out_path`.
//
// restore_database puts a backup back as DATA_DIR/crm.db. It refuses while any process (a running
// server) has that database open: it takes SQLite's exclusive lock on the file, which a server
// holds a shared lock on for as long as it runs, and keeps it until the new file is in place.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"

namespace crm::server {

struct BackupReport {
  int64_t pages = 0;    // database pages copied
  int64_t max_seq = 0;  // the highest change sequence number the copy holds
  int64_t records = 0;  // records in the copy
};

// Errors: not_found (no database at db_path), storage_error, corrupt_backup (integrity_check of
// the copy failed; nothing is left at out_path).
Result<BackupReport> backup_database(const std::string& db_path, const std::string& out_path);

// Runs PRAGMA integrity_check on the file and checks it holds a crm-server database.
// Errors: not_found, storage_error, corrupt_backup.
Result<BackupReport> check_backup(const std::string& path);

// Replaces DATA_DIR/crm.db by the backup at from_path (stale -wal/-shm files are removed).
// Errors: not_found, corrupt_backup, server_running (the database is open elsewhere; nothing
// changed), storage_error.
Status restore_database(const std::string& data_dir, const std::string& from_path);

}  // namespace crm::server
