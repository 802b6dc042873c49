#include "http/http_server.h"

#include <sys/resource.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <thread>

#include "http/http_connection.h"

namespace crm::server {

struct HttpServer::Impl {
  HttpOptions options;
  Router router;
  net::io_context ioc;
  net::thread_pool workers;
  net::thread_pool sign_in_workers;
  ConnectionHub hub;
  tcp::acceptor acceptor;
  net::steady_timer retry_timer;
  std::unique_ptr<ssl::context> tls;  // set by bind() when serving TLS

  Impl(ApiService& api, HttpOptions o, AttachmentService* attachments)
      : options(std::move(o)),
        router(api, options.static_dirs, attachments),
        ioc(static_cast<int>(std::max<size_t>(options.io_threads, 1))),
        workers(std::max<size_t>(options.workers, 1)),
        sign_in_workers(std::max<size_t>(options.sign_in_workers, 1)),
        hub{options, router, workers, sign_in_workers},
        acceptor(net::make_strand(ioc)),
        retry_timer(acceptor.get_executor()) {}

  void accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      if (ec) {
        // Out of file descriptors, most likely: wait a little instead of spinning.
        std::fprintf(stderr, "crm-server: accept failed: %s\n", ec.message().c_str());
        retry_timer.expires_after(std::chrono::milliseconds(100));
        retry_timer.async_wait([this](beast::error_code e) {
          if (!e) accept();
        });
        return;
      }
      beast::error_code peer_ec;
      const auto peer = socket.remote_endpoint(peer_ec);
      const std::string address = peer_ec ? std::string() : peer.address().to_string();
      if (!peer_ec && hub.admit(address)) {
        if (tls)
          std::make_shared<TlsConnection>(hub, address, std::move(socket), *tls)->start();
        else
          std::make_shared<PlainConnection>(hub, address, std::move(socket))->start();
      } else {
        socket.close(peer_ec);  // over a cap: refused before reading a byte
      }
      accept();
    });
  }
};

HttpServer::HttpServer(ApiService& api, HttpOptions options, AttachmentService* attachments)
    : impl_(std::make_unique<Impl>(api, std::move(options), attachments)) {}

HttpServer::~HttpServer() = default;

Result<int> HttpServer::bind() {
  // Each connection is a file descriptor: take what the hard limit allows.
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
  auto& o = impl_->options;
  if (!o.tls_cert_file.empty() || !o.tls_key_file.empty()) {
    if (o.tls_cert_file.empty() || o.tls_key_file.empty())
      return make_error("tls_failed", "TLS needs both a certificate (--tls-cert) and its key (--tls-key)");
    // TLS 1.2 and 1.3 only, with OpenSSL's default cipher choice for them.
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                     ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    beast::error_code tls_ec;
    ctx->use_certificate_chain_file(o.tls_cert_file, tls_ec);
    if (tls_ec) return make_error("tls_failed", "cannot use the certificate " + o.tls_cert_file + ": " + tls_ec.message());
    ctx->use_private_key_file(o.tls_key_file, ssl::context::pem, tls_ec);
    if (tls_ec) return make_error("tls_failed", "cannot use the key " + o.tls_key_file + ": " + tls_ec.message());
    impl_->tls = std::move(ctx);
  }
  auto fail = [&](const std::string& why) {
    return make_error("bind_failed", "cannot listen on " + o.host + ":" + std::to_string(o.port) + ": " + why);
  };
  beast::error_code ec;
  const auto address = net::ip::make_address(o.host == "localhost" ? "127.0.0.1" : o.host, ec);
  if (ec) return fail(ec.message());
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(o.port));
  auto& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  // The deepest backlog the kernel allows: bursts of devices connecting must not be reset.
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return fail(ec.message());
  return static_cast<int>(a.local_endpoint().port());
}

void HttpServer::run() {
  impl_->accept();
  std::vector<std::thread> threads;
  for (size_t i = 1; i < std::max<size_t>(impl_->options.io_threads, 1); ++i)
    threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : threads) t.join();
  impl_->workers.join();
  impl_->sign_in_workers.join();
}

void HttpServer::stop() {
  impl_->hub.stopping = true;
  net::post(impl_->acceptor.get_executor(), [impl = impl_.get()] {
    beast::error_code ec;
    impl->acceptor.close(ec);
    impl->retry_timer.cancel();
  });
  impl_->hub.close_idle();
}

}  // namespace crm::server
