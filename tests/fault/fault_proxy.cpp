#include "fault_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <stdexcept>

namespace crm::fault {
namespace {

const char* kNames[kFaultKinds] = {"drop_request",     "drop_response",     "delay",
                                   "duplicate",        "reorder",           "truncate_request",
                                   "truncate_response", "cut_request",      "cut_response"};

// An HTTP message split into its head (start line and headers, without the blank line) and body.
struct Message {
  std::string head;
  std::string body;
  bool has_length = false;
};

void set_timeouts(int fd, int seconds) {
  timeval tv{seconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

bool write_all(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Removes the headers named in `drop` (lower case) and appends `extra` lines.
std::string rewrite_head(const std::string& head, const std::vector<std::string>& drop,
                         const std::vector<std::string>& extra) {
  std::string out;
  size_t pos = 0;
  bool first = true;
  while (pos <= head.size()) {
    size_t end = head.find("\r\n", pos);
    if (end == std::string::npos) end = head.size();
    std::string line = head.substr(pos, end - pos);
    pos = end + 2;
    if (!first) {
      auto colon = line.find(':');
      std::string name = lower(line.substr(0, colon));
      if (std::find(drop.begin(), drop.end(), name) != drop.end()) continue;
    }
    first = false;
    out += line + "\r\n";
  }
  for (const auto& e : extra) out += e + "\r\n";
  return out + "\r\n";
}

// Reads one message (head and, if Content-Length is given, that many body bytes; without it and
// `to_eof`, everything until the peer closes). nullopt on a closed or broken connection.
std::optional<Message> read_message(int fd, bool to_eof) {
  std::string buf;
  char chunk[16384];
  size_t head_end;
  while ((head_end = buf.find("\r\n\r\n")) == std::string::npos) {
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return std::nullopt;
    buf.append(chunk, static_cast<size_t>(n));
    if (buf.size() > (64u << 20)) return std::nullopt;
  }
  Message m;
  m.head = buf.substr(0, head_end);
  m.body = buf.substr(head_end + 4);
  const std::string lh = lower(m.head);
  size_t length = 0;
  if (auto p = lh.find("\r\ncontent-length:"); p != std::string::npos) {
    m.has_length = true;
    length = std::stoul(lh.substr(p + 17));
  }
  if (m.has_length) {
    while (m.body.size() < length) {
      ssize_t n = ::recv(fd, chunk, std::min(sizeof chunk, length - m.body.size()), 0);
      if (n <= 0) return std::nullopt;
      m.body.append(chunk, static_cast<size_t>(n));
    }
  } else if (to_eof) {
    for (;;) {
      ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n < 0) return std::nullopt;
      if (n == 0) break;
      m.body.append(chunk, static_cast<size_t>(n));
    }
  }
  return m;
}

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  set_timeouts(fd, 60);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// One request/answer exchange with the server on a fresh connection. nullopt: no (whole) answer.
std::optional<Message> exchange(int port, const std::string& request) {
  int fd = connect_to(port);
  if (fd < 0) return std::nullopt;
  std::optional<Message> answer;
  if (write_all(fd, request)) answer = read_message(fd, true);
  ::close(fd);
  return answer;
}

}  // namespace

const char* to_string(FaultKind kind) { return kNames[static_cast<int>(kind)]; }

FaultProxy::FaultProxy(int upstream_port) : upstream_port_(upstream_port) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 128) != 0)
    throw std::runtime_error("fault proxy: cannot listen");
  socklen_t len = sizeof addr;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

FaultProxy::~FaultProxy() {
  stopping_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  acceptor_.join();
  ::close(listen_fd_);
  std::unique_lock lock(mu_);
  idle_.wait(lock, [&] { return active_ == 0; });
}

void FaultProxy::schedule(uint64_t seed, double fault_rate) {
  std::lock_guard lock(mu_);
  rng_.seed(seed);
  rate_ = fault_rate;
}

void FaultProxy::set_fault_rate(double fault_rate) {
  std::lock_guard lock(mu_);
  rate_ = fault_rate;
}

FaultCounts FaultProxy::counts() const {
  FaultCounts out{};
  for (int i = 0; i < kFaultKinds; ++i) out[i] = counts_[i];
  return out;
}

uint64_t FaultProxy::random_below(uint64_t n) {
  std::lock_guard lock(mu_);
  return n == 0 ? 0 : rng_() % n;
}

int FaultProxy::pick_fault() {
  std::lock_guard lock(mu_);
  if (rate_ <= 0) return -1;
  const double roll = static_cast<double>(rng_() >> 11) / static_cast<double>(uint64_t{1} << 53);
  if (roll >= rate_) return -1;
  return static_cast<int>(rng_() % kFaultKinds);
}

void FaultProxy::accept_loop() {
  for (;;) {
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) {
      if (stopping_) return;
      continue;
    }
    if (stopping_) {
      ::close(fd);
      return;
    }
    {
      std::lock_guard lock(mu_);
      ++active_;
    }
    std::thread([this, fd] {
      handle(fd);
      ::close(fd);
      std::lock_guard lock(mu_);
      if (--active_ == 0) idle_.notify_all();
    }).detach();
  }
}

void FaultProxy::deliver_held() {
  for (;;) {
    std::string request;
    {
      std::lock_guard lock(mu_);
      if (held_.empty()) return;
      request = std::move(held_.front());
      held_.pop_front();
    }
    (void)exchange(upstream_port_, request);
  }
}

int FaultProxy::flush_held() {
  int n;
  {
    std::lock_guard lock(mu_);
    n = static_cast<int>(held_.size());
  }
  deliver_held();
  return n;
}

void FaultProxy::handle(int client_fd) {
  set_timeouts(client_fd, 60);
  auto req = read_message(client_fd, false);
  if (!req) return;
  ++requests_;
  // Towards the server: one request per connection, uncompressed answers.
  auto request_head = [&](size_t length) {
    return rewrite_head(req->head, {"connection", "accept-encoding", "keep-alive", "content-length"},
                        {"Connection: close", "Content-Length: " + std::to_string(length)});
  };
  const std::string head = request_head(req->body.size());
  const std::string request = head + req->body;
  const int fault = pick_fault();
  if (fault >= 0) ++counts_[fault];
  const auto kind = static_cast<FaultKind>(fault);
  const int port = upstream_port_;
  // A cut point strictly inside the body (or 0 for an empty one).
  auto cut_of = [&](size_t size) { return size <= 1 ? 0 : 1 + random_below(size - 1); };

  std::optional<Message> answer;
  switch (fault < 0 ? -1 : static_cast<int>(kind)) {
    case static_cast<int>(FaultKind::kDropRequest):
      return;
    case static_cast<int>(FaultKind::kReorder): {
      std::lock_guard lock(mu_);
      held_.push_back(request);
      return;
    }
    case static_cast<int>(FaultKind::kCutRequest): {
      const size_t cut = cut_of(req->body.size());
      int fd = connect_to(port);
      if (fd >= 0) {
        (void)write_all(fd, head + req->body.substr(0, cut));
        ::close(fd);
      }
      return;
    }
    case static_cast<int>(FaultKind::kTruncateRequest): {
      const size_t cut = cut_of(req->body.size());
      std::string body = req->body.substr(0, cut);
      answer = exchange(port, request_head(body.size()) + body);
      break;
    }
    case static_cast<int>(FaultKind::kDelay): {
      const int ms = 1 + static_cast<int>(random_below(static_cast<uint64_t>(std::max(1, max_delay_ms_.load()))));
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      answer = exchange(port, request);
      break;
    }
    case static_cast<int>(FaultKind::kDuplicate): {
      auto first = exchange(port, request);
      auto second = exchange(port, request);
      answer = random_below(2) == 0 ? std::move(first) : std::move(second);
      break;
    }
    default:
      answer = exchange(port, request);
  }
  deliver_held();  // this request has passed: a held one now arrives late
  if (!answer) return;
  if (fault < 0 || kind == FaultKind::kDelay || kind == FaultKind::kDuplicate || kind == FaultKind::kTruncateRequest) {
    const std::string out_head = rewrite_head(answer->head, {"connection", "keep-alive", "content-length"},
                                              {"Connection: close", "Content-Length: " + std::to_string(answer->body.size())});
    (void)write_all(client_fd, out_head + answer->body);
    return;
  }
  const std::string base = rewrite_head(answer->head, {"connection", "keep-alive", "content-length"}, {"Connection: close"});
  const std::string without_blank = base.substr(0, base.size() - 2);
  if (kind == FaultKind::kDropResponse) return;
  const size_t cut = cut_of(answer->body.size());
  if (kind == FaultKind::kTruncateResponse) {
    (void)write_all(client_fd, without_blank + "Content-Length: " + std::to_string(cut) + "\r\n\r\n" +
                                   answer->body.substr(0, cut));
  } else {  // kCutResponse: announces the whole body, sends part of it
    (void)write_all(client_fd, without_blank + "Content-Length: " + std::to_string(answer->body.size()) +
                                   "\r\n\r\n" + answer->body.substr(0, cut));
  }
}

}  // namespace crm::fault
