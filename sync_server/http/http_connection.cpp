#include "http/http_connection.h"

#include <boost/asio/post.hpp>
#include <chrono>
#include <cstdio>

namespace crm::server {
namespace {

std::chrono::milliseconds ms(int n) { return std::chrono::milliseconds(n); }

// How long and how much a closing connection keeps reading (and discarding) what the client still
// sends, so that the close does not reset the connection and destroy the answer in the client's
// receive queue. Simple clients write a whole body before reading, so a body somewhat over the
// limit is drained for them to see their 413; a client streaming a huge one is cut off.
constexpr int kLingerMs = 2000;
constexpr size_t kLingerBytes = 12 * 1024 * 1024;

bool iequals(beast::string_view a, beast::string_view b) { return beast::iequals(a, b); }
std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

}  // namespace

bool ConnectionHub::admit(const std::string& address) {
  std::lock_guard lock(mu);
  if (stopping || open.size() >= options.max_connections) return false;
  auto& n = per_address[address];
  if (n >= options.max_connections_per_address) {
    if (n == 0) per_address.erase(address);
    return false;
  }
  ++n;
  return true;
}

void ConnectionHub::add(ConnectionBase* c, std::weak_ptr<ConnectionBase> w) {
  std::lock_guard lock(mu);
  open.emplace(c, std::move(w));
}

void ConnectionHub::remove(ConnectionBase* c, const std::string& address) {
  std::lock_guard lock(mu);
  open.erase(c);
  if (auto it = per_address.find(address); it != per_address.end() && --it->second == 0) per_address.erase(it);
}

void ConnectionHub::close_idle() {
  std::vector<std::shared_ptr<ConnectionBase>> all;
  {
    std::lock_guard lock(mu);
    for (auto& [_, w] : open)
      if (auto c = w.lock()) all.push_back(std::move(c));
  }
  for (auto& c : all) c->close_if_idle();
}

template <class Stream>
Connection<Stream>::~Connection() {
  hub_.remove(this, peer_address_);
}

template <class Stream>
void Connection<Stream>::start() {
  hub_.add(this, this->weak_from_this());
  beast::error_code ec;
  tcp().socket().set_option(tcp::no_delay(true), ec);  // no Nagle delay between answer parts
  if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->wait_request(); });
  } else {
    // The handshake under the header timeout: a client that connects and says nothing is dropped.
    state_ = State::reading;
    tcp().expires_after(ms(hub_.options.header_timeout_ms));
    stream_.async_handshake(ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code e) {
      if (!e) self->wait_request();
    });
  }
}

template <class Stream>
void Connection<Stream>::close_if_idle() {
  net::post(stream_.get_executor(), [self = this->shared_from_this()] {
    if (self->state_ == State::idle || self->state_ == State::reading) {
      beast::error_code ec;
      self->tcp().socket().shutdown(tcp::socket::shutdown_both, ec);
      self->tcp().cancel();
    }
  });
}

// Waits for the first byte of the next request under the idle timeout; the header timeout
// starts with it, so a kept-alive connection may idle longer than a request may take to arrive.
template <class Stream>
void Connection<Stream>::wait_request() {
  if (hub_.stopping) return graceful_close();
  state_ = State::idle;
  if (buffer_.size() > 0) return read_header();
  // An idle connection keeps no large buffer from its last request (thousands may idle at once).
  if (buffer_.capacity() > 64 * 1024) buffer_.shrink_to_fit();
  tcp().expires_after(ms(hub_.options.idle_timeout_ms));
  stream_.async_read_some(buffer_.prepare(2048), [self = this->shared_from_this()](beast::error_code ec, size_t n) {
    if (ec) return;  // idle timeout, closed by the client, or stopping: the connection ends
    self->buffer_.commit(n);
    self->read_header();
  });
}

template <class Stream>
void Connection<Stream>::read_header() {
  state_ = State::reading;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(hub_.options.max_header_bytes));
  // The larger limit until the target is known (a Content-Length is checked against it as the
  // header ends); on_header() then sets the limit of the request's route.
  parser_->body_limit(std::max(hub_.options.max_body_bytes, hub_.options.max_attachment_bytes));
  tcp().expires_after(ms(hub_.options.header_timeout_ms));
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = this->shared_from_this()](beast::error_code ec, size_t) { self->on_header(ec); });
}

template <class Stream>
void Connection<Stream>::on_header(beast::error_code ec) {
  if (ec) return fail(ec);
  const auto& req = parser_->get();
  const auto& o = hub_.options;
  keep_alive_ = req.keep_alive();
  head_ = req.method() == http::verb::head;
  if (req.version() != 10 && req.version() != 11)
    return write(error_answer(505, "http_version_not_supported", "only HTTP/1.0 and HTTP/1.1 are served"), true);
  if (req.target().size() > o.max_target_bytes)
    return write(error_answer(414, "uri_too_long", "the request target is longer than " +
                                                       std::to_string(o.max_target_bytes) + " bytes"), true);
  size_t fields = 0, lengths = 0;
  for (const auto& f : req) {
    ++fields;
    if (f.name() == http::field::content_length) {
      ++lengths;
      if (f.value().find(',') != beast::string_view::npos) ++lengths;
    }
  }
  if (fields > o.max_header_count)
    return write(error_answer(431, "too_many_headers", "more than " + std::to_string(o.max_header_count) +
                                                           " header fields"), true);
  // Framing two parties could read differently is refused, never guessed (request smuggling).
  if (lengths > 1)
    return write(error_answer(400, "ambiguous_framing", "more than one Content-Length"), true);
  if (auto te = req.find(http::field::transfer_encoding); te != req.end() && !iequals(te->value(), "chunked"))
    return write(error_answer(400, "ambiguous_framing", "only Transfer-Encoding: chunked is accepted"), true);
  upload_ = is_attachment_upload(sv(req.method_string()), sv(req.target()));
  const uint64_t limit = upload_ ? o.max_attachment_bytes : o.max_body_bytes;
  if (auto length = parser_->content_length(); length && *length > limit) return fail(http::error::body_limit);
  parser_->body_limit(limit);  // chunked bodies: counted against it while reading
  if (parser_->is_done()) return run_request();
  state_ = State::reading;
  auto read_body = [self = this->shared_from_this()] {
    self->tcp().expires_after(ms(self->hub_.options.body_timeout_ms));
    http::async_read(self->stream_, self->buffer_, *self->parser_,
                     [self](beast::error_code ec, size_t) { self->on_body(ec); });
  };
  if (auto expect = req.find(http::field::expect); expect != req.end() && iequals(expect->value(), "100-continue")) {
    static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    tcp().expires_after(ms(o.write_timeout_ms));
    return net::async_write(stream_, net::buffer(kContinue),
                            [self = this->shared_from_this(), read_body](beast::error_code ec, size_t) {
                              if (ec) return;
                              read_body();
                            });
  }
  read_body();
}

template <class Stream>
void Connection<Stream>::on_body(beast::error_code ec) {
  if (ec) return fail(ec);
  run_request();
}

// A request that could not be read whole: answer what went wrong (unless the client is gone)
// and close, as the rest of the stream cannot be trusted to start a request.
template <class Stream>
void Connection<Stream>::fail(beast::error_code ec) {
  keep_alive_ = false;
  if (ec == http::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset ||
      ec == net::error::operation_aborted || ec == net::error::broken_pipe || ec == ssl::error::stream_truncated)
    return;  // the client went away (or the server is stopping): nothing to answer
  // A timeout has closed the socket already (beast::tcp_stream): there is no one to answer.
  if (ec == beast::error::timeout) return;
  // Known even when the limit was crossed by the Content-Length, before on_header(): the request
  // line is parsed by then.
  upload_ = parser_ && is_attachment_upload(sv(parser_->get().method_string()), sv(parser_->get().target()));
  if (ec == http::error::body_limit && upload_)
    return write(error_answer(413, "too_large", "an attachment may hold at most " +
                                                    std::to_string(hub_.options.max_attachment_bytes) + " bytes"),
                 true);
  if (ec == http::error::body_limit)
    return write(error_answer(413, "payload_too_large", "the request body is larger than " +
                                                            std::to_string(hub_.options.max_body_bytes) + " bytes"),
                 true);
  if (ec == http::error::header_limit)
    return write(error_answer(431, "headers_too_large", "the request line and headers are longer than " +
                                                            std::to_string(hub_.options.max_header_bytes) + " bytes"),
                 true);
  if (ec == http::error::bad_content_length || ec == http::error::bad_transfer_encoding)
    return write(error_answer(400, "ambiguous_framing", "conflicting or malformed Content-Length / Transfer-Encoding"),
                 true);
  write(error_answer(400, "bad_request", "the request is malformed: " + ec.message()), true);
}

template <class Stream>
std::string Connection<Stream>::client_address(const http::request<http::string_body>& req) const {
  const auto& trusted = hub_.options.trusted_proxies;
  if (std::find(trusted.begin(), trusted.end(), peer_address_) == trusted.end()) return peer_address_;
  auto it = req.find("X-Forwarded-For");
  if (it == req.end()) return peer_address_;
  // The proxy appends the address it saw last: the entries before it are the client's claims.
  std::string v(it->value());
  const size_t comma = v.rfind(',');
  std::string last = comma == std::string::npos ? v : v.substr(comma + 1);
  last.erase(0, last.find_first_not_of(' '));
  last.erase(last.find_last_not_of(' ') + 1);
  return last.empty() ? peer_address_ : last;
}

template <class Stream>
void Connection<Stream>::run_request() {
  state_ = State::busy;
  const auto& msg = parser_->get();
  HttpRequest req;
  req.method = std::string(msg.method_string());
  auto target = split_target(std::string(msg.target()));
  if (!target) return write(error_answer(400, "bad_request", target.error().message), true);
  req.path = std::move(target.value().first);
  req.query = std::move(target.value().second);
  req.authorization = std::string(msg[http::field::authorization]);
  req.accept_encoding = std::string(msg[http::field::accept_encoding]);
  req.content_range = std::string(msg[http::field::content_range]);
  req.client_address = client_address(msg);
  req.body = parser_->release().body();
  parser_.reset();
  if (is_inline_route(req)) return write(hub_.router.handle(req), false);
  // The request runs on a worker; the work guard keeps the I/O threads running until it is
  // answered, also while the server stops.
  const bool sign_in = is_sign_in_route(req);
  auto& pool = sign_in ? hub_.sign_in_workers : hub_.workers;
  const auto arrived = std::chrono::steady_clock::now();
  net::post(pool, [self = this->shared_from_this(), req = std::move(req), sign_in, arrived,
                   guard = net::make_work_guard(stream_.get_executor())]() mutable {
    HttpAnswer answer;
    try {
      // A sign-in that already waited its deadline in the queue is not run: in a storm the few
      // sign-in workers would otherwise spend their time on requests their clients gave up on.
      const auto waited = std::chrono::steady_clock::now() - arrived;
      if (sign_in && waited > std::chrono::milliseconds(self->hub_.options.sign_in_queue_ms))
        answer = error_answer(503, "server_busy", "the server is checking many sign-ins; try again in a few seconds");
      else
        answer = self->hub_.router.handle(req);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "crm-server: handler failed: %s\n", e.what());
      answer = error_answer(500, "internal_error", "the server failed to handle the request");
    }
    net::post(self->stream_.get_executor(), [self, answer = std::move(answer)]() mutable {
      self->write(std::move(answer), false);
    });
  });
}

template <class Stream>
void Connection<Stream>::write(HttpAnswer answer, bool close_after) {
  state_ = State::busy;
  if (close_after || hub_.stopping) keep_alive_ = false;
  auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(answer.status), 11);
  res->set(http::field::content_type, answer.content_type);
  for (auto& [k, v] : answer.headers) res->set(k, v);
  res->keep_alive(keep_alive_);
  if (head_) {
    res->content_length(answer.body.size());
  } else {
    res->body() = std::move(answer.body);
    res->prepare_payload();
  }
  response_ = res;
  tcp().expires_after(ms(hub_.options.write_timeout_ms));
  http::async_write(stream_, *response_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
    self->response_.reset();
    if (ec) return;  // the client is gone or too slow: the connection ends
    if (self->keep_alive_) return self->wait_request();
    self->graceful_close();
  });
}

// Closing a socket with unread input makes the kernel send a reset, and a reset can destroy
// the answer still in the client's receive queue (an error answer whose body never arrived).
// So the sending side is shut first and the input drained until the client closes or a short
// deadline passes.
template <class Stream>
void Connection<Stream>::graceful_close() {
  state_ = State::closing;
  beast::error_code ec;
  tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) return;
  tcp().expires_after(ms(kLingerMs));
  drain();
}

template <class Stream>
void Connection<Stream>::drain() {
  stream_.async_read_some(net::buffer(drain_buffer_), [self = this->shared_from_this()](beast::error_code ec, size_t n) {
    self->drained_ += n;
    // Otherwise EOF, timeout, reset or enough: the destructor closes the socket.
    if (!ec && self->drained_ < kLingerBytes) self->drain();
  });
}

template class Connection<beast::tcp_stream>;
template class Connection<beast::ssl_stream<beast::tcp_stream>>;

}  // namespace crm::server
