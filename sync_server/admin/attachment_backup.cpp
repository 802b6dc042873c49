#include "admin/attachment_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <vector>

#include "core/sha256.h"

namespace crm::server {
namespace {

namespace fs = std::filesystem;

Error io_error(const std::string& what) { return make_error("storage_error", what + ": " + std::strerror(errno)); }

// Every SHA-256 the database's attachment links name (none when it has no such table yet).
Result<std::vector<std::string>> linked_files(const std::string& db_path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    Error e = make_error("storage_error", "cannot open " + db_path + ": " + (db ? sqlite3_errmsg(db) : "no memory"));
    sqlite3_close(db);
    return e;
  }
  std::vector<std::string> out;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT DISTINCT sha256 FROM attachments ORDER BY sha256", -1, &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      const unsigned char* t = sqlite3_column_text(st, 0);
      const std::string sha = t ? reinterpret_cast<const char*>(t) : "";
      // Names become paths: only well-formed ones.
      if (sha.size() == 64 && sha.find_first_not_of("0123456789abcdef") == std::string::npos) out.push_back(sha);
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

std::string file_of(const std::string& root, const std::string& sha) { return root + "/" + sha.substr(0, 2) + "/" + sha.substr(2); }

Status private_dir(const std::string& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) return make_error("storage_error", "cannot create " + path + ": " + ec.message());
  fs::permissions(path, fs::perms::owner_all, ec);
  return ok_status();
}

// Copies `from` to `to` through `to`.part (0600, fsynced, renamed): a cut copy never looks whole.
// With `sha` set, the bytes must hash to it (corrupt_backup otherwise). Returns the bytes copied.
Result<int64_t> copy_file(const std::string& from, const std::string& to, const std::string& sha = {}) {
  const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return io_error("cannot open " + from);
  const std::string part = to + ".part";
  const int out = ::open(part.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (out < 0) {
    ::close(in);
    return io_error("cannot create " + part);
  }
  fchmod(out, 0600);
  Sha256 h;
  int64_t total = 0;
  char buf[65536];
  std::optional<Error> failed;
  while (!failed) {
    const ssize_t n = ::read(in, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      failed = io_error("cannot read " + from);
      break;
    }
    if (n == 0) break;
    h.update(std::string_view(buf, static_cast<size_t>(n)));
    for (ssize_t done = 0; done < n && !failed;) {
      const ssize_t w = ::write(out, buf + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) failed = io_error("cannot write " + part);
      else done += w;
    }
    total += n;
  }
  ::close(in);
  if (!failed && ::fsync(out) != 0) failed = io_error("cannot sync " + part);
  ::close(out);
  if (!failed && !sha.empty() && h.hex() != sha)
    failed = make_error("corrupt_backup", from + " does not hash to " + sha + ": the backup's file is damaged");
  if (!failed && ::rename(part.c_str(), to.c_str()) != 0) failed = io_error("cannot move " + part);
  if (failed) {
    ::unlink(part.c_str());
    return *failed;
  }
  return total;
}

// Copies each linked file from `from_root` to `to_root` unless `to_root` has it already.
Result<FilesReport> copy_linked(const std::string& db, const std::string& from_root, const std::string& to_root,
                                bool verify) {
  auto shas = linked_files(db);
  if (!shas) return shas.error();
  FilesReport r;
  r.files = static_cast<int64_t>(shas->size());
  if (shas->empty()) return r;
  CRM_TRY(private_dir(to_root));
  for (const auto& sha : shas.value()) {
    const std::string from = file_of(from_root, sha), to = file_of(to_root, sha);
    std::error_code ec;
    if (fs::is_regular_file(to, ec)) continue;
    if (!fs::is_regular_file(from, ec)) {
      ++r.missing;
      continue;
    }
    CRM_TRY(private_dir(fs::path(to).parent_path().string()));
    auto n = copy_file(from, to, verify ? sha : std::string());
    if (!n) return n.error();
    ++r.copied;
    r.bytes += n.value();
  }
  return r;
}

}  // namespace

std::string attachment_backup_dir(const std::string& backup_path) { return backup_path + ".attachments"; }

Result<FilesReport> backup_attachment_files(const std::string& backup_db, const std::string& data_dir) {
  return copy_linked(backup_db, (fs::path(data_dir) / "attachments").string(), attachment_backup_dir(backup_db), false);
}

Result<FilesReport> restore_attachment_files(const std::string& backup_db, const std::string& data_dir) {
  return copy_linked(backup_db, attachment_backup_dir(backup_db), (fs::path(data_dir) / "attachments").string(), true);
}

}  // namespace crm::server
