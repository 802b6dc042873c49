// The attachment files that go with a database backup (crm-server backup / restore).
//
// A backup FILE (backup.h) holds the attachment links; the bytes they name are copied beside it,
// into the folder FILE.attachments/ laid out as the data folder's attachments/ (ab/cdef..., 0600
// in 0700). Only the files the backup's links name are copied, after the database copy is made:
// files never change once in place, so the pair is consistent, and a file already in the folder
// (an earlier backup to the same place) is not copied again. Restore puts back every file the
// restored database links that the data folder lacks, each checked against its SHA-256.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"

namespace crm::server {

struct FilesReport {
  int64_t files = 0;    // files the backup's links name
  int64_t copied = 0;   // of those, copied now (the rest were there already)
  int64_t bytes = 0;    // bytes copied
  int64_t missing = 0;  // named but not found in the source (reported, not fatal)
};

// The folder a backup's files go to: `backup_path` + ".attachments".
std::string attachment_backup_dir(const std::string& backup_path);

// Copies the files `backup_db` links from DATA_DIR/attachments into its folder.
// Errors: storage_error.
Result<FilesReport> backup_attachment_files(const std::string& backup_db, const std::string& data_dir);

// Copies the files `backup_db` links from its folder into DATA_DIR/attachments, skipping those
// already there. Errors: corrupt_backup (a file does not hash to its name; nothing more is
// copied), storage_error.
Result<FilesReport> restore_attachment_files(const std::string& backup_db, const std::string& data_dir);

}  // namespace crm::server
