// A blocking HTTP transport for native programs (crm-cli, tests, benchmarks), over cpp-httplib.
#pragma once

#include <memory>
#include <string>

#include "sync/transport.h"

namespace crm {

class NativeHttpTransport final : public Transport {
 public:
  // base_url: "http://127.0.0.1:8080". Errors from send(): network_error.
  explicit NativeHttpTransport(const std::string& base_url);
  ~NativeHttpTransport() override;
  Result<HttpResponse> send(const HttpRequest& request) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crm
