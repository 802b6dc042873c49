#include "process.h"

#include <algorithm>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace crm::test {

// $CRM_SERVER_BIN runs another build (a benchmark comparing two servers in the same conditions).
std::string server_binary() {
  const char* other = std::getenv("CRM_SERVER_BIN");
  return other && *other ? other : CRM_SERVER_BIN;
}
std::string cli_binary() { return CRM_CLI_BIN; }

namespace {

std::vector<char*> c_args(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

int wait_exit(int pid, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return -1;
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv_in, const std::string& input,
                          const std::vector<std::string>& env_extra) {
  std::vector<std::string> argv = argv_in;
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  for (const auto& e : env_extra) env.push_back(e);
  int in[2], out[2], err[2];
  if (pipe(in) || pipe(out) || pipe(err)) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  for (int fd : {in[1], out[0], err[0]}) posix_spawn_file_actions_addclose(&fa, fd);
  pid_t pid;
  auto a = c_args(argv);
  auto e = c_args(env);
  if (posix_spawn(&pid, a[0], &fa, nullptr, a.data(), e.data()) != 0) throw std::runtime_error("spawn failed");
  posix_spawn_file_actions_destroy(&fa);
  close(in[0]);
  close(out[1]);
  close(err[1]);
  // A command that does not read its input (team add, --help) may exit before this write: that
  // must be an EPIPE here, not a SIGPIPE that kills the test process.
  static const bool no_sigpipe = [] { return ::signal(SIGPIPE, SIG_IGN) != SIG_ERR; }();
  (void)no_sigpipe;
  (void)!write(in[1], input.data(), input.size());
  close(in[1]);
  CommandResult r;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    if (poll(fds, 2, 60000) <= 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? r.out : r.err).append(buf, n);
      }
    }
  }
  r.exit_code = wait_exit(pid, 60000);
  return r;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "crm-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  if (std::getenv("CRM_KEEP_TEST_DIRS")) return;  // for inspecting logs after a failure
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

ServerProcess::ServerProcess(const std::string& data_dir, const std::vector<std::string>& extra_args) {
  const std::string port_file = data_dir + "/port";
  std::filesystem::remove(port_file);
  std::vector<std::string> argv = {server_binary(), "serve", "--data", data_dir, "--port-file", port_file};
  // A free port, unless the test names one (a restarted server keeping its address).
  if (std::find(extra_args.begin(), extra_args.end(), "--port") == extra_args.end())
    argv.insert(argv.end(), {"--port", "0"});
  // The public pool's daily run would return the tests' customers (stamped in the past) to the
  // pool at a restart or at midnight: off unless a test asks for it.
  if (std::find(extra_args.begin(), extra_args.end(), "--pool-daily") == extra_args.end())
    argv.insert(argv.end(), {"--pool-daily", "off"});
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  auto a = c_args(argv);
  const std::string log = data_dir + "/server.log";
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("cannot start crm-server");
  if (pid_ == 0) {
    // The server must not outlive a test process that crashes: it gets SIGTERM when we die.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(1);
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    execve(a[0], a.data(), environ);
    _exit(127);
  }
  for (int i = 0; i < 1000 && port_ == 0; ++i) {
    std::ifstream f(port_file);
    if (!(f >> port_)) port_ = 0;
    if (port_ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (port_ == 0) {
    terminate();
    throw std::runtime_error("crm-server did not start");
  }
}

int ServerProcess::terminate() {
  if (pid_ < 0) return -1;
  kill(pid_, SIGTERM);
  int code = wait_exit(pid_, 10000);
  pid_ = -1;
  return code;
}

void ServerProcess::crash() {
  if (pid_ < 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

ServerProcess::~ServerProcess() { terminate(); }

}  // namespace crm::test
