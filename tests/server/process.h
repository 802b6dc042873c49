// Child processes for integration tests: a crm-server on a free 127.0.0.1 port with its own temp
// data folder, and crm-cli runs with captured output. Everything stops when the test ends.
#pragma once

#include <string>
#include <vector>

namespace crm::test {

struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};

// Runs a program to completion with optional stdin text and extra environment (NAME=value).
CommandResult run_command(const std::vector<std::string>& argv, const std::string& input = {},
                          const std::vector<std::string>& env = {});

// A fresh temporary folder, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class ServerProcess {
 public:
  // Starts `crm-server serve` on data folder `data_dir` (with more options, if given) and waits
  // until it listens: on a free port, unless the options name one with --port.
  explicit ServerProcess(const std::string& data_dir, const std::vector<std::string>& extra_args = {});
  ~ServerProcess();  // SIGTERM, then waits (SIGKILL after 10 s)
  int port() const { return port_; }
  int pid() const { return pid_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Sends SIGTERM and returns the exit status.
  int terminate();
  // Sends SIGKILL (a crash: nothing is flushed or closed) and reaps the process.
  void crash();

 private:
  int pid_ = -1;
  int port_ = 0;
};

std::string server_binary();
std::string cli_binary();

}  // namespace crm::test
