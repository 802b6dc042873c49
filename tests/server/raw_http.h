// Raw TCP connections to a live server for the edge tests: send any bytes, read what comes back,
// see when the server closes. Blocking sockets with receive timeouts; closed on destruction.
#pragma once

#include <cstdint>
#include <string>

namespace crm::test {

class RawConnection {
 public:
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  bool connected() const { return fd_ >= 0; }
  // False when the server closed or reset the connection.
  bool send(const std::string& bytes);
  void shutdown_send();
  // Reads until the server closes or `timeout_ms` passes without a byte.
  std::string read_all(int timeout_ms = 5000);
  // Reads until the answer's head and Content-Length bytes of body arrived (or closed/timeout).
  std::string read_answer(int timeout_ms = 5000);
  // Whether the server has closed the connection (waits up to timeout_ms for it).
  bool closed_by_server(int timeout_ms);

 private:
  int fd_ = -1;
  std::string pending_;
};

int status_of(const std::string& answer);  // 0 when no status line
std::string body_of(const std::string& answer);
// The peak resident memory (VmHWM) of a process, in KiB.
int64_t peak_rss_kib(int pid);

}  // namespace crm::test
