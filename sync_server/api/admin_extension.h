// AdminExtension: admin API resources that live outside api/ (the public pool's runs and owner
// transfers: pool/pool_admin.h). ApiService::admin asks it first, before its own admins-only
// check, so an extension may admit other roles (a manager transferring within their team).
#pragma once

#include <optional>
#include <string>

#include "storage/session_tokens.h"

namespace crm::server {

struct ApiResponse;

class AdminExtension {
 public:
  virtual ~AdminExtension() = default;
  // The answer for `path` (below /api/v1/admin/), or nothing when it is not one of this
  // extension's resources. `body`: the request's JSON, as sent (empty for a GET).
  virtual std::optional<ApiResponse> handle(const Session& session, const std::string& method,
                                            const std::string& path, const std::string& body) = 0;
};

}  // namespace crm::server
