// The data folder and every file the server writes are for the server's user only, whatever the
// umask: folder 0700, database, WAL, SHM and backups 0600; an existing folder others could read
// is tightened with a warning.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <filesystem>

#include "server_fixture.h"

using namespace crm::test;
namespace fs = std::filesystem;

namespace {

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("Database, WAL, SHM and backups are 0600 in a 0700 folder whatever the umask", "[server][files]") {
  const mode_t old = ::umask(022);
  {
    LiveServer s;
    s.login("r1");
    s.cli_ok("r1", {"add", "customer", "kind=company", "name=Files Ltd"});
    s.cli_ok("r1", {"sync"});
    CHECK(mode_of(s.data) == 0700);
    for (const char* f : {"/crm.db", "/crm.db-wal", "/crm.db-shm"}) {
      INFO(f);
      CHECK(mode_of(s.data + f) == 0600);
    }
    const std::string backup = s.dir.path() + "/backup.db";
    auto r = run_command({server_binary(), "backup", "--out", backup, "--data", s.data});
    REQUIRE(r.exit_code == 0);
    CHECK(mode_of(backup) == 0600);
  }
  {
    TempDir dir;
    const std::string data = dir.path() + "/loose";
    fs::create_directories(data);
    fs::permissions(data, fs::perms(0755));
    { std::ofstream(data + "/notes.txt") << "x"; }
    fs::permissions(data + "/notes.txt", fs::perms(0644));
    auto r = run_command({server_binary(), "user", "list", "--data", data});
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("readable by other users") != std::string::npos);
    CHECK(mode_of(data) == 0700);
    CHECK(mode_of(data + "/notes.txt") == 0600);
    CHECK(mode_of(data + "/crm.db") == 0600);
  }
  ::umask(old);
}
