// Fuzzes the sync server's HTTP front (sync_server/http/http_server.h): the input is sent as raw
// bytes to a real HttpServer on a 127.0.0.1 socket (with a real SqliteServerStore in a temporary
// folder); the request line, headers, chunked bodies and limits are Boost.Beast's parsing plus
// http/http_connection.cpp, routing http/router.cpp. The server must stay up and answer any
// request with a status below 500 (503 only for storage errors) and a whole JSON body for API and
// error answers.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <filesystem>
#include <memory>
#include <thread>

#include "admin/admin_commands.h"
#include "api/api_service.h"
#include "auth/credentials.h"
#include "fuzz_check.h"
#include "http/http_server.h"
#include "storage/sqlite_server_store.h"

using namespace crm;
using namespace crm::server;

namespace {

struct Fixture {
  std::string dir;
  std::unique_ptr<SqliteServerStore> store;
  ManualClock clock{1'800'000'000'000};  // after the stamps of the corpora (else: clock_ahead)
  std::unique_ptr<ApiService> api;
  std::unique_ptr<HttpServer> http;
  std::thread thread;
  int port = 0;

  Fixture() {
    char tmpl[] = "/tmp/crm-http-fuzz-XXXXXX";
    FUZZ_CHECK(mkdtemp(tmpl) != nullptr);
    dir = tmpl;
    FUZZ_CHECK(init_crypto().ok());
    auto s = SqliteServerStore::open(dir + "/crm.db");
    FUZZ_CHECK(s.ok());
    store = std::move(s.value());
    FUZZ_CHECK(add_user(*store, clock, "admin", "fuzzing password 1", "admin").ok());
    api = std::make_unique<ApiService>(*store, clock);
    HttpOptions options;
    options.port = 0;
    options.max_body_bytes = 64 * 1024;  // fuzz inputs are small; keeps the 413 path reachable
    // Few threads: each thread's fake stack under ASan (detect_stack_use_after_return) costs
    // megabytes.
    options.io_threads = 1;
    options.workers = 2;
    options.sign_in_workers = 1;
    http = std::make_unique<HttpServer>(*api, options);
    auto bound = http->bind();
    FUZZ_CHECK(bound.ok());
    port = bound.value();
    thread = std::thread([this] { http->run(); });
  }
  ~Fixture() {
    http->stop();
    thread.join();
    http.reset();
    api.reset();
    store.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

// Sends the bytes, closes the sending side and reads everything the server answers, until the
// server closes. A server that has not closed after 60 s fails the target on its own (a busy
// machine takes milliseconds here, so a time-out is a hung connection, never a slow one); the
// server never resets a connection with an answer in flight (Connection::graceful_close).
std::string exchange(int port, const std::string& request) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  FUZZ_CHECK(fd >= 0);
  timeval tv{60, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  FUZZ_CHECK(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  size_t sent = 0;
  while (sent < request.size()) {
    ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close early (a bad request line)
    sent += static_cast<size_t>(n);
  }
  shutdown(fd, SHUT_WR);
  std::string answer;
  char buf[4096];
  for (;;) {
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      std::fprintf(stderr, "the server neither answered nor closed within 60 s; so far: %s\n",
                   answer.substr(0, 400).c_str());
      FUZZ_CHECK(false);
    }
    if (n < 0) std::fprintf(stderr, "recv failed: %s (%zu bytes so far)\n", strerror(errno), answer.size());
    FUZZ_CHECK(n >= 0);  // a reset would mean the server threw away an answer
    if (n == 0) break;
    answer.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return answer;
}

void check_status(const std::string& all, size_t at) {
  const int status = std::atoi(all.c_str() + at + 9);
  if (status >= 500) std::fprintf(stderr, "answer: %s\n", all.substr(at, 400).c_str());
  FUZZ_CHECK(status >= 100 && (status < 500 || status == 503));
}

// Checks the first answer whole. Keep-alive may carry more; their lengths are unknown after a
// HEAD request, so only their status lines are checked (a JSON body cannot hold a raw CRLF).
void check_answers(const std::string& all, const std::string& request) {
  if (all.empty()) return;  // the server may close without answering (an unparsable request)
  FUZZ_CHECK(all.compare(0, 9, "HTTP/1.1 ") == 0);
  check_status(all, 0);
  const int status = std::atoi(all.c_str() + 9);
  const size_t head_end = all.find("\r\n\r\n");
  FUZZ_CHECK(head_end != std::string::npos);
  const std::string head = all.substr(0, head_end);
  if (status >= 400) {
    FUZZ_CHECK(head.find("Content-Type: application/json") != std::string::npos);
    size_t length = 0;
    if (auto cl = head.find("Content-Length: "); cl != std::string::npos) length = std::stoul(head.substr(cl + 16));
    if (request.rfind("HEAD", 0) != 0 && all.size() < head_end + 4 + length)
      std::fprintf(stderr, "answer cut short: %s\n", all.substr(0, 600).c_str());
    FUZZ_CHECK(request.rfind("HEAD", 0) == 0 || all.size() >= head_end + 4 + length);
    if (head.find("Content-Encoding") == std::string::npos && request.rfind("HEAD", 0) != 0) {
      Json j = Json::parse(all.substr(head_end + 4, length), nullptr, /*allow_exceptions=*/false);
      if (!(j.is_object() && j.contains("code") && j.contains("message")))
        std::fprintf(stderr, "answer: %s\n", all.substr(0, 600).c_str());
      FUZZ_CHECK(j.is_object() && j.contains("code") && j.contains("message"));
    }
  }
  for (size_t at = all.find("\r\n\r\nHTTP/1.1 "); at != std::string::npos; at = all.find("\r\n\r\nHTTP/1.1 ", at + 4))
    check_status(all, at + 4);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture f;
  const std::string request = fuzz::text(data, size);
  check_answers(exchange(f.port, request), request);
  return 0;
}
