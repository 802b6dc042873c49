// Every command and subcommand of crm-server and crm-cli answers --help (or -h) with its usage,
// exits 0 and touches nothing: no server starts, no data folder or database is created.
#include <catch2/catch.hpp>

#include <filesystem>

#include "process.h"

using namespace crm::test;

TEST_CASE("--help prints the usage and creates nothing", "[server][cli]") {
  TempDir dir;
  const std::string data = dir.path() + "/data", db = dir.path() + "/cli.db";
  const std::vector<std::vector<std::string>> server_lines = {
      {"--help"}, {"-h"}, {"help"}, {"serve", "--help"}, {"serve", "--port", "0", "-h"},
      {"user", "add", "--help"}, {"user", "add", "bob", "--help"}, {"user", "list", "--help"},
      {"user", "passwd", "-h"}, {"user", "set", "bob", "--help"}, {"team", "add", "--help"},
      {"team", "list", "--help"}, {"device", "list", "--help"}, {"device", "revoke", "--help"},
      {"audit", "--help"}, {"backup", "--help"}, {"restore", "--help"}};
  for (auto args : server_lines) {
    std::vector<std::string> argv = {server_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--data", data});
    auto r = run_command(argv);
    INFO(args[0] << " " << (args.size() > 1 ? args[1] : ""));
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("usage: crm-server") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(data));
  }
  const std::vector<std::vector<std::string>> cli_lines = {
      {"--help"}, {"-h"}, {"help"}, {"login", "--help"}, {"add", "customer", "--help"},
      {"list", "customer", "-h"}, {"sync", "--help"}, {"status", "--help"}, {"dump", "--help"}};
  for (auto args : cli_lines) {
    std::vector<std::string> argv = {cli_binary(), "--db", db};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = run_command(argv);
    INFO(args[0]);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("usage: crm-cli") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(db));
  }
}
