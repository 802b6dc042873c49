#include "net/native_http_transport.h"

#include <httplib.h>

#include <chrono>

namespace crm {

struct NativeHttpTransport::Impl {
  explicit Impl(const std::string& url) : client(url) {
    client.set_connection_timeout(5, 0);
    client.set_read_timeout(60, 0);
    client.set_keep_alive(true);
    client.set_tcp_nodelay(true);
  }
  httplib::Client client;
};

NativeHttpTransport::NativeHttpTransport(const std::string& base_url) : impl_(std::make_unique<Impl>(base_url)) {}
NativeHttpTransport::~NativeHttpTransport() = default;

Result<HttpResponse> NativeHttpTransport::send(const HttpRequest& request) {
  httplib::Headers headers;
  if (!request.bearer_token.empty()) headers.emplace("Authorization", "Bearer " + request.bearer_token);
  if (!request.content_range.empty()) headers.emplace("Content-Range", request.content_range);
  const std::string type = request.content_type.empty() ? "application/json" : request.content_type;
  auto attempt = [&] {
    if (request.method == "GET") return impl_->client.Get(request.path.c_str(), headers);
    if (request.method == "PUT") return impl_->client.Put(request.path.c_str(), headers, request.body, type.c_str());
    return impl_->client.Post(request.path.c_str(), headers, request.body, type.c_str());
  };
  const auto start = std::chrono::steady_clock::now();
  auto res = attempt();
  // A kept-alive connection the server closed while idle fails at once on reuse. One retry on a
  // fresh connection is safe: every request of the protocol can be repeated (push is idempotent).
  if (!res && (res.error() == httplib::Error::Read || res.error() == httplib::Error::Write) &&
      std::chrono::steady_clock::now() - start < std::chrono::seconds(1))
    res = attempt();
  if (!res) return make_error("network_error", "cannot reach the server: " + httplib::to_string(res.error()));
  return HttpResponse{res->status, res->body};
}

}  // namespace crm
