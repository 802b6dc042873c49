// The admin API: users, teams, devices and the audit log, for admins only (docs/access.md).
//   GET  /api/v1/admin/users            POST /api/v1/admin/users   {username, password, role, team}
//   POST /api/v1/admin/users/update     {username, role?, team?, disabled?}
//   GET  /api/v1/admin/teams            POST /api/v1/admin/teams   {name, parent?}
//   GET  /api/v1/admin/devices          POST /api/v1/admin/devices/revoke {device_id}
//   GET  /api/v1/admin/audit?entity=&id=&user=&device=&since_ms=&until_ms=&limit=
#include <cstdlib>

#include "admin/admin_commands.h"
#include "api/api_service.h"
#include "sync/protocol.h"

namespace crm::server {
namespace {

// Optional string member: absent or null gives nullopt. Errors: wrong_type.
Result<std::optional<std::string>> optional_string(const Json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string() || it->get_ref<const std::string&>().size() > 200)
    return make_error("wrong_type", std::string(name) + " must be a string of at most 200 bytes", name);
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::string> required_string(const Json& j, const char* name) {
  auto s = optional_string(j, name);
  if (!s) return s.error();
  if (!s.value() || s.value()->empty()) return make_error("required", std::string(name) + " is required", name);
  return *s.value();
}

Result<int64_t> query_int(const std::map<std::string, std::string>& q, const char* name, int64_t def, int64_t max) {
  auto it = q.find(name);
  if (it == q.end() || it->second.empty()) return def;
  char* end = nullptr;
  const long long v = std::strtoll(it->second.c_str(), &end, 10);
  if (*end != '\0' || v < 0 || v > max)
    return make_error("wrong_type", std::string(name) + " must be an integer from 0 to " + std::to_string(max), name);
  return static_cast<int64_t>(v);
}

std::string query_text(const std::map<std::string, std::string>& q, const char* name) {
  auto it = q.find(name);
  return it == q.end() ? std::string() : it->second.substr(0, 200);
}

// Names stored through the command line may hold bytes that are not UTF-8.
ApiResponse ok(Json j) { return ApiResponse{200, j.dump(-1, ' ', false, Json::error_handler_t::replace)}; }

}  // namespace

ApiResponse ApiService::admin(const Session& session, const std::string& method, const std::string& path,
                              const std::string& body, const std::map<std::string, std::string>& query) {
  if (options_.admin_extension)
    if (auto answer = options_.admin_extension->handle(session, method, path, body)) return std::move(*answer);
  if (session.role != "admin") return error_response(make_error("forbidden", "the admin API is for admins only"));
  const bool get = method == "GET", post = method == "POST";
  Json req;
  if (post) {
    auto msg = parse_message(body);
    if (!msg) return error_response(msg.error());
    req = std::move(msg.value());
  }
  auto fail = [](const Error& e) { return error_response(e); };

  if (path == "users" && get) {
    auto users = accounts_.list_users();
    if (!users) return fail(users.error());
    Json list = Json::array();
    for (const auto& u : users.value())
      list.push_back({{"username", u.username}, {"role", u.role}, {"team", u.team}, {"disabled", u.disabled},
                      {"created_at", iso_time(u.created_at_ms)}});
    return ok({{"users", list}});
  }
  if (path == "users" && post) {
    auto name = required_string(req, "username");
    if (!name) return fail(name.error());
    auto password = required_string(req, "password");
    if (!password) return fail(password.error());
    auto role = optional_string(req, "role");
    if (!role) return fail(role.error());
    auto team = optional_string(req, "team");
    if (!team) return fail(team.error());
    Status s = add_user(accounts_, clock_, name.value(), password.value(), role.value().value_or("sales"),
                        team.value().value_or(""));
    if (!s) return fail(s.error());
    return ok({{"status", "created"}, {"username", name.value()}});
  }
  if (path == "users/update" && post) {
    auto name = required_string(req, "username");
    if (!name) return fail(name.error());
    UserUpdate u;
    auto role = optional_string(req, "role");
    if (!role) return fail(role.error());
    u.role = role.value();
    auto team = optional_string(req, "team");
    if (!team) return fail(team.error());
    u.team = team.value();
    if (auto d = req.find("disabled"); d != req.end() && !d->is_null()) {
      if (!d->is_boolean()) return fail(make_error("wrong_type", "disabled must be true or false", "disabled"));
      u.disabled = d->get<bool>();
    }
    Status s = accounts_.update_user(name.value(), u);
    if (!s) return fail(s.error());
    return ok({{"status", "updated"}, {"username", name.value()}});
  }
  if (path == "teams" && get) {
    auto org = accounts_.load_org();
    if (!org) return fail(org.error());
    Json list = Json::array();
    for (const auto& t : org->teams()) {
      const Team* parent = org->team(t.parent_id);
      list.push_back({{"name", t.name}, {"parent", parent ? parent->name : ""}});
    }
    return ok({{"teams", list}});
  }
  if (path == "teams" && post) {
    auto name = required_string(req, "name");
    if (!name) return fail(name.error());
    auto parent = optional_string(req, "parent");
    if (!parent) return fail(parent.error());
    Status s = add_team(accounts_, name.value(), parent.value().value_or(""));
    if (!s) return fail(s.error());
    return ok({{"status", "created"}, {"name", name.value()}});
  }
  if (path == "devices" && get) {
    auto devices = accounts_.list_devices();
    if (!devices) return fail(devices.error());
    Json list = Json::array();
    for (const auto& d : devices.value())
      list.push_back({{"device_id", d.id}, {"username", d.username}, {"name", d.name},
                      {"first_seen", iso_time(d.first_seen_ms)}, {"last_seen", iso_time(d.last_seen_ms)},
                      {"changes", d.changes}, {"revoked", d.revoked_at_ms != 0}});
    return ok({{"devices", list}});
  }
  if (path == "devices/revoke" && post) {
    auto id = required_string(req, "device_id");
    if (!id) return fail(id.error());
    Status s = accounts_.revoke_device(id.value(), clock_.now_ms());
    if (!s) return fail(s.error());
    return ok({{"status", "revoked"}, {"device_id", id.value()}});
  }
  if (path == "audit" && get) {
    AuditQuery q;
    q.entity = query_text(query, "entity");
    q.record_id = query_text(query, "id");
    q.username = query_text(query, "user");
    q.device_id = query_text(query, "device");
    auto since = query_int(query, "since_ms", 0, kMaxWireInteger);
    if (!since) return fail(since.error());
    auto until = query_int(query, "until_ms", 0, kMaxWireInteger);
    if (!until) return fail(until.error());
    auto limit = query_int(query, "limit", 100, 1000);
    if (!limit) return fail(limit.error());
    q.since_ms = since.value();
    q.until_ms = until.value();
    q.limit = static_cast<int>(limit.value());
    auto rows = audit_.query_audit(q);
    if (!rows) return fail(rows.error());
    Json list = Json::array();
    for (const auto& a : rows.value()) {
      Json before = Json::parse(a.old_value, nullptr, false), after = Json::parse(a.new_value, nullptr, false);
      list.push_back({{"at", iso_time(a.at_ms)}, {"at_ms", a.at_ms}, {"user", a.username}, {"device_id", a.device_id},
                      {"entity", a.entity}, {"id", a.record_id}, {"field", a.field}, {"old", before},
                      {"new", after}, {"seq", a.seq}});
      if (!a.lost_value.empty()) list.back()["lost"] = Json::parse(a.lost_value, nullptr, false);
    }
    return ok({{"entries", list}});
  }
  if (get || post)
    return error_response(make_error("not_found", "no such admin resource: " + method + " /api/v1/admin/" + path));
  return error_response(make_error("method_not_allowed", "use GET or POST"));
}

}  // namespace crm::server
