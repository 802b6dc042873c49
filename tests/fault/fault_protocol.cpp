#include "fault_protocol.h"

#include <stdexcept>

#include "../server/process.h"
#include "sync/protocol.h"
#include "crdt/record_codec.h"

namespace crm::fault {

void add_admin_user(const std::string& data_dir) {
  auto r = test::run_command({test::server_binary(), "user", "add", kAdminUser, "--role", "admin", "--data", data_dir},
                             std::string(kAdminPassword) + "\n");
  if (r.exit_code != 0) throw std::runtime_error("cannot add the admin user: " + r.err);
}

Result<std::string> sign_in(Transport& transport, const std::string& device_id) {
  LoginRequest req{kAdminUser, kAdminPassword, device_id, "fault test"};
  auto res = transport.send(HttpRequest{"POST", "/api/v1/login", to_json(req).dump(), ""});
  if (!res) return res.error();
  if (res->status != 200) return parse_error_body(res->status, res->body);
  auto login = parse_login_response(res->body);
  if (!login) return login.error();
  return login->token;
}

Result<HttpResponse> AckingTransport::send(const HttpRequest& request) {
  auto res = inner_->send(request);
  if (res && res->status == 200 && request.path == "/api/v1/push") {
    if (auto parsed = parse_push_response(res->body)) {
      for (const auto& r : parsed->results)
        if (!r.rejected) on_ack_(key_of(r.entity, r.id), r.vv);
    }
  }
  return res;
}

Result<ServerRecords> pull_all(Transport& transport, const std::string& token, int64_t cursor) {
  ServerRecords out;
  for (;;) {
    PullRequest req;
    req.cursor = cursor;
    req.limit = kMaxPullLimit;
    auto res = transport.send(HttpRequest{"POST", "/api/v1/pull", to_body(req), token});
    if (!res) return res.error();
    if (res->status != 200) return parse_error_body(res->status, res->body);
    auto page = parse_pull_response(res->body);
    if (!page) return page.error();
    for (auto& rec : page->records) {
      auto key = key_of(rec.entity, rec.id);
      if (out.records.count(key)) ++out.duplicates;
      out.records[key] = std::move(rec);
    }
    out.latest_cursor = std::max(page->latest_cursor, page->next_cursor);
    cursor = page->next_cursor;
    if (!page->has_more) return out;
  }
}

std::string canonical(const RecordState& state) {
  RecordState s = state;
  s.normalize();
  return encode_record(s).dump();
}

}  // namespace crm::fault
