#include "storage/attachment_files.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/sha256.h"

namespace crm::server {
namespace {


Error io_error(const std::string& what) {
  return make_error("storage_error", what + ": " + std::strerror(errno));
}

Status make_private_dir(const std::string& path) {
  if (mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) return io_error("cannot create " + path);
  if (chmod(path.c_str(), 0700) != 0) return io_error("cannot restrict " + path);
  return ok_status();
}

Status fsync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return io_error("cannot open " + path);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return io_error("cannot sync " + path);
  return ok_status();
}

// Hashes a file in 64 KiB blocks; empty on a read error.
std::string hash_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  Sha256 h;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return {};
    }
    if (n == 0) break;
    h.update(std::string_view(buf, static_cast<size_t>(n)));
  }
  ::close(fd);
  return h.hex();
}

}  // namespace

bool is_sha256_hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

Result<AttachmentFiles> AttachmentFiles::open(const std::string& root) {
  CRM_TRY(make_private_dir(root));
  CRM_TRY(make_private_dir(root + "/partial"));
  return AttachmentFiles(root);
}

std::string AttachmentFiles::path_of(const std::string& sha256) const {
  return root_ + "/" + sha256.substr(0, 2) + "/" + sha256.substr(2);
}

std::string AttachmentFiles::partial_path(const std::string& key) const { return root_ + "/partial/" + key + ".part"; }

bool AttachmentFiles::has(const std::string& sha256) const {
  struct stat st {};
  return ::stat(path_of(sha256).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

int64_t AttachmentFiles::partial_size(const std::string& key) const {
  struct stat st {};
  if (::stat(partial_path(key).c_str(), &st) != 0) return 0;
  return st.st_size;
}

Status AttachmentFiles::append(const std::string& key, int64_t offset, std::string_view bytes) {
  const std::string path = partial_path(key);
  const int64_t held = partial_size(key);
  if (offset != 0 && offset != held)
    return make_error("offset_mismatch", "the server holds " + std::to_string(held) +
                                             " bytes of this upload; send from byte " + std::to_string(held));
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (offset == 0 ? O_TRUNC : O_APPEND);
  const int fd = ::open(path.c_str(), flags, 0600);
  if (fd < 0) return io_error("cannot open " + path);
  fchmod(fd, 0600);
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Error e = io_error("cannot write " + path);
      ::close(fd);
      // What was appended may be cut anywhere: the upload starts again rather than continue on it.
      ::unlink(path.c_str());
      return e;
    }
    done += static_cast<size_t>(n);
  }
  // A piece acknowledged is on disk: the client will not send it again.
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return io_error("cannot sync " + path);
  return ok_status();
}

Result<std::string> AttachmentFiles::partial_head(const std::string& key, size_t n) const {
  const int fd = ::open(partial_path(key).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::string();
  std::string out(n, '\0');
  const ssize_t got = ::pread(fd, out.data(), n, 0);
  ::close(fd);
  if (got < 0) return io_error("cannot read " + partial_path(key));
  out.resize(static_cast<size_t>(got));
  return out;
}

Status AttachmentFiles::complete(const std::string& key, const std::string& sha256) {
  const std::string from = partial_path(key);
  const std::string actual = hash_file(from);
  if (actual.empty()) return io_error("cannot read " + from);
  if (actual != sha256) {
    discard(key);
    return make_error("hash_mismatch", "the bytes received hash to " + actual + ", not " + sha256 +
                                           "; the upload was dropped: send the file again");
  }
  if (has(sha256)) {  // the same content, uploaded before (for another record or by another user)
    discard(key);
    return ok_status();
  }
  const std::string dir = root_ + "/" + sha256.substr(0, 2);
  CRM_TRY(make_private_dir(dir));
  const std::string to = path_of(sha256);
  if (::rename(from.c_str(), to.c_str()) != 0) return io_error("cannot move " + from + " to " + to);
  // The rename itself survives a crash only once the folder holding the new name is synced.
  return fsync_path(dir, O_RDONLY | O_DIRECTORY);
}

void AttachmentFiles::discard(const std::string& key) { ::unlink(partial_path(key).c_str()); }

Result<std::string> AttachmentFiles::read(const std::string& sha256) const {
  const std::string path = path_of(sha256);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return make_error("not_found", "no stored attachment " + sha256);
    return io_error("cannot open " + path);
  }
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    ::close(fd);
    return io_error("cannot stat " + path);
  }
  std::string out(static_cast<size_t>(st.st_size), '\0');
  size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return io_error("cannot read " + path);
    }
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  return out;
}

int AttachmentFiles::drop_stale_partials(int64_t now_ms, int64_t max_age_ms) {
  const std::string dir = root_ + "/partial";
  DIR* d = ::opendir(dir.c_str());
  if (!d) return 0;
  int dropped = 0;
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name.size() < 6 || name.compare(name.size() - 5, 5, ".part") != 0) continue;
    const std::string path = dir + "/" + name;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    const int64_t mtime_ms = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
    if (now_ms - mtime_ms > max_age_ms && ::unlink(path.c_str()) == 0) ++dropped;
  }
  ::closedir(d);
  return dropped;
}

}  // namespace crm::server
