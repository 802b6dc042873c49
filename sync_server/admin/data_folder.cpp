#include "admin/data_folder.h"

#include <filesystem>

namespace crm::server {

namespace fs = std::filesystem;

Status prepare_data_folder(const std::string& dir, std::ostream& warnings) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return make_error("bad_data_dir", "cannot create data folder " + dir + ": " + ec.message());
  const auto perms = fs::status(dir, ec).permissions();
  if (ec) return make_error("bad_data_dir", "cannot read data folder " + dir + ": " + ec.message());
  const auto others = fs::perms::group_all | fs::perms::others_all;
  if ((perms & (fs::perms::group_read | fs::perms::others_read)) != fs::perms::none)
    warnings << "crm-server: warning: the data folder " << dir
             << " was readable by other users; it is now 0700 (check who could read it before)\n";
  if ((perms & others) != fs::perms::none) {
    fs::permissions(dir, fs::perms::owner_all, ec);
    if (ec) return make_error("bad_data_dir", "cannot restrict data folder " + dir + ": " + ec.message());
  }
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::error_code e;
    if (!entry.is_regular_file(e) || entry.is_symlink(e)) continue;
    if ((entry.status(e).permissions() & (others | fs::perms::owner_exec)) != fs::perms::none)
      fs::permissions(entry.path(), fs::perms::owner_read | fs::perms::owner_write, e);
  }
  return ok_status();
}

}  // namespace crm::server
