// One HTTP/1.1 connection of HttpServer (internal to sync_server/http): reads requests with the
// limits and timeouts of HttpOptions, hands each to the worker pool, writes the answer, and
// closes so that an error answer always reaches the client (see graceful_close()). The same code
// serves plain TCP and TLS (--tls-cert/--tls-key): Connection<Stream> for either stream.
#pragma once

#include <atomic>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "http/http_server.h"
#include "http/router.h"

namespace crm::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

namespace ssl = boost::asio::ssl;

// What the server's registry of open connections needs of one, whatever its stream.
class ConnectionBase {
 public:
  virtual ~ConnectionBase() = default;
  // On the connection's strand: closes it unless a request is being run or answered.
  virtual void close_if_idle() = 0;
};

// What every connection of one server shares: options, router, workers, and the registry of
// open connections (counted per address for the caps; closed when the server stops).
struct ConnectionHub {
  const HttpOptions& options;
  const Router& router;
  net::thread_pool& workers;
  net::thread_pool& sign_in_workers;
  std::atomic<bool> stopping{false};

  std::mutex mu;
  std::map<std::string, size_t> per_address;
  std::map<ConnectionBase*, std::weak_ptr<ConnectionBase>> open;

  // Counts a new connection from `address`; false when a cap is reached.
  bool admit(const std::string& address);
  void add(ConnectionBase* c, std::weak_ptr<ConnectionBase> w);
  void remove(ConnectionBase* c, const std::string& address);
  // Closes every connection that is not running or answering a request.
  void close_idle();
};

// `Stream`: beast::tcp_stream, or beast::ssl_stream<beast::tcp_stream> (TLS).
template <class Stream>
class Connection : public ConnectionBase, public std::enable_shared_from_this<Connection<Stream>> {
 public:
  // `stream_args`: what constructs the stream (the socket; and the TLS context).
  template <class... StreamArgs>
  Connection(ConnectionHub& hub, std::string peer_address, StreamArgs&&... stream_args)
      : stream_(std::forward<StreamArgs>(stream_args)...), hub_(hub), peer_address_(std::move(peer_address)) {}
  ~Connection() override;
  void start();
  void close_if_idle() override;

 private:
  enum class State { idle, reading, busy, closing };
  void wait_request();
  void read_header();
  void on_header(beast::error_code ec);
  void on_body(beast::error_code ec);
  void run_request();
  void write(HttpAnswer answer, bool close_after);
  void fail(beast::error_code ec);
  void graceful_close();
  void drain();
  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream_); }
  std::string client_address(const http::request<http::string_body>& req) const;

  Stream stream_;
  ConnectionHub& hub_;
  const std::string peer_address_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<http::response<http::string_body>> response_;
  State state_ = State::idle;
  bool keep_alive_ = true;
  bool head_ = false;
  bool upload_ = false;  // an attachment upload: its own body limit and error code
  char drain_buffer_[4096];
  size_t drained_ = 0;
};

using PlainConnection = Connection<beast::tcp_stream>;
using TlsConnection = Connection<beast::ssl_stream<beast::tcp_stream>>;

}  // namespace crm::server
