// What the app needs from the environment it runs in (the browser), as a small interface: the
// app layer stays plain C++ that builds and is tested natively; client/platform/ implements this
// with browser APIs.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "app/local_files.h"
#include "core/result.h"
#include "sync/transport.h"
#include "visits/visit_rules.h"

namespace crm {

// How far local commits have reached durable storage (IndexedDB in the browser).
struct PersistStatus {
  int pending_commits = 0;         // committed in SQLite, not yet confirmed durable
  int64_t commits = 0;             // confirmed durable since start
  int64_t last_commit_bytes = 0;   // bytes written by the last commit
  double last_commit_ms = 0;       // from SQLite commit to durable, for the last commit
  double max_commit_ms = 0;
  std::string error;               // the last persistence failure, empty if none
};

class Platform {
 public:
  virtual ~Platform() = default;
  // Sends one request to `base_url` + request.path without blocking; `done` runs later, on the
  // main thread. A failure below HTTP is an Error with code network_error.
  virtual void http_send(const std::string& base_url, const HttpRequest& request,
                         std::function<void(Result<HttpResponse>)> done) = 0;
  // A fresh position fix (never a cached one). Errors: location_denied, location_unavailable,
  // location_timeout.
  virtual void locate(std::function<void(Result<GeoFix>)> done) = 0;
  // The browser's idea of connectivity (navigator.onLine): false means surely offline.
  virtual bool online() = 0;
  virtual PersistStatus persist_status() = 0;
  // The address the app was loaded from: the default sync server.
  virtual std::string origin() = 0;
  virtual std::string device_name() = 0;
  // Files on the device beside the store (photos); null where there are none (the app then
  // neither takes photos nor shows their bytes).
  virtual LocalFiles* files() { return nullptr; }
};

}  // namespace crm
