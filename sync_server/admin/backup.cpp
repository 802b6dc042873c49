#include "admin/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

namespace crm::server {
namespace {

namespace fs = std::filesystem;

// Pages copied per sqlite3_backup_step: small, so the source's read lock and the page cache
// churn stay short between steps.
constexpr int kPagesPerStep = 64;

// One sqlite3 connection, closed on scope exit.
class Connection {
 public:
  ~Connection() { sqlite3_close_v2(db_); }
  Status open(const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) return error("cannot open " + path);
    return ok_status();
  }
  sqlite3* get() { return db_; }
  Error error(const std::string& what) const {
    return make_error("storage_error", what + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory"));
  }
  Status exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return error(sql);
    return ok_status();
  }
  // The text of the first column of every row.
  Result<std::vector<std::string>> rows(const char* sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK) return error(sql);
    std::vector<std::string> out;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      const unsigned char* t = sqlite3_column_text(st, 0);
      out.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return error(sql);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

Status sync_path(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDWR);
  if (fd < 0) return make_error("storage_error", "cannot open " + path + " to sync it");
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return make_error("storage_error", "fsync failed on " + path);
  return ok_status();
}

std::string parent_dir(const std::string& path) {
  fs::path p = fs::absolute(path).parent_path();
  return p.empty() ? "." : p.string();
}

// Copies database `src` (its consistent snapshot: one read transaction) into a new file `dest`
// and makes the copy a self-contained rollback-journal database.
Result<int64_t> copy_database(Connection& src, const std::string& dest_path) {
  std::error_code ec;
  fs::remove(dest_path, ec);
  fs::remove(dest_path + "-journal", ec);
  Connection dest;
  CRM_TRY(dest.open(dest_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
  // The read transaction pins one snapshot: without it, each step would take a fresh read lock
  // and a commit by the server in between would restart the copy from page 1, forever under load.
  CRM_TRY(src.exec("BEGIN; SELECT count(*) FROM sqlite_master;"));
  sqlite3_backup* b = sqlite3_backup_init(dest.get(), "main", src.get(), "main");
  if (!b) {
    (void)src.exec("COMMIT;");
    return dest.error("backup_init");
  }
  int rc;
  do {
    rc = sqlite3_backup_step(b, kPagesPerStep);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  const int64_t pages = sqlite3_backup_pagecount(b);
  sqlite3_backup_finish(b);
  (void)src.exec("COMMIT;");
  if (rc != SQLITE_DONE) return dest.error("backup_step");
  // The copied header says WAL like its source; a backup is one file, so switch it back.
  CRM_TRY(dest.rows("PRAGMA journal_mode=DELETE;"));
  return pages;
}

Result<BackupReport> inspect(Connection& db, const std::string& path) {
  auto check = db.rows("PRAGMA integrity_check;");
  if (!check) return check.error();
  if (check.value().size() != 1 || check.value()[0] != "ok") {
    std::string first = check.value().empty() ? "no answer" : check.value()[0];
    return make_error("corrupt_backup", path + " fails integrity_check: " + first);
  }
  BackupReport r;
  auto seq = db.rows("SELECT COALESCE(MAX(seq), 0) FROM records;");
  auto n = db.rows("SELECT count(*) FROM records;");
  auto pages = db.rows("PRAGMA page_count;");
  if (!seq || !n || !pages) return make_error("corrupt_backup", path + " holds no crm-server database");
  r.max_seq = std::stoll(seq.value()[0]);
  r.records = std::stoll(n.value()[0]);
  r.pages = std::stoll(pages.value()[0]);
  return r;
}

}  // namespace

Result<BackupReport> backup_database(const std::string& db_path, const std::string& out_path) {
  if (!fs::exists(db_path)) return make_error("not_found", "no database at " + db_path);
  Connection src;
  // Read-write (never create): a WAL database is read through its -shm, which needs write access.
  CRM_TRY(src.open(db_path, SQLITE_OPEN_READWRITE));
  sqlite3_busy_timeout(src.get(), 10000);
  const std::string part = out_path + ".part";
  auto pages = copy_database(src, part);
  std::error_code ec;
  if (!pages) {
    fs::remove(part, ec);
    return pages.error();
  }
  Result<BackupReport> report = make_error("storage_error", "unreachable");
  {
    Connection copy;
    CRM_TRY(copy.open(part, SQLITE_OPEN_READONLY));
    report = inspect(copy, out_path);
  }
  if (!report) {
    fs::remove(part, ec);
    return report.error();
  }
  // A backup holds the password hashes and every record: only the server's user may read it,
  // whatever the umask.
  fs::permissions(part, fs::perms::owner_read | fs::perms::owner_write, ec);
  CRM_TRY(sync_path(part, false));
  fs::rename(part, out_path, ec);
  if (ec) return make_error("storage_error", "cannot rename " + part + ": " + ec.message());
  CRM_TRY(sync_path(parent_dir(out_path), true));
  return report;
}

Result<BackupReport> check_backup(const std::string& path) {
  if (!fs::is_regular_file(path)) return make_error("not_found", "no backup at " + path);
  Connection db;
  CRM_TRY(db.open(path, SQLITE_OPEN_READONLY));
  return inspect(db, path);
}

Status restore_database(const std::string& data_dir, const std::string& from_path) {
  auto checked = check_backup(from_path);
  if (!checked) return checked.error();
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) return make_error("storage_error", "cannot create data folder " + data_dir + ": " + ec.message());
  const std::string db_path = (fs::path(data_dir) / "crm.db").string();

  // Held until the new file is in place: a server starting meanwhile finds the file locked.
  Connection lock;
  if (fs::exists(db_path)) {
    CRM_TRY(lock.open(db_path, SQLITE_OPEN_READWRITE));
    sqlite3_busy_timeout(lock.get(), 0);
    // A running server keeps a shared lock on its WAL database for as long as it has it open,
    // so the exclusive lock is refused exactly while one runs.
    if (!lock.exec("PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;")) {
      return make_error("server_running", db_path + " is open in another process (is crm-server running?)");
    }
    // Checkpoints and removes the old WAL while the lock is held, so no stale log can ever be
    // paired with the restored file.
    CRM_TRY(lock.rows("PRAGMA journal_mode=DELETE;"));
  }

  const std::string part = db_path + ".restoring";
  {
    Connection src;
    CRM_TRY(src.open(from_path, SQLITE_OPEN_READONLY));
    auto pages = copy_database(src, part);
    if (!pages) {
      fs::remove(part, ec);
      return pages.error();
    }
  }
  CRM_TRY(sync_path(part, false));
  for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(db_path + suffix, ec);
  fs::rename(part, db_path, ec);
  if (ec) return make_error("storage_error", "cannot rename " + part + ": " + ec.message());
  return sync_path(data_dir, true);
}

}  // namespace crm::server
