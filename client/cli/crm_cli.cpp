// crm-cli: a device replica on the command line. Keeps a local SQLite replica, edits records
// offline and syncs with a crm-server: how tests and admins exercise sync without a browser.
#include <httplib.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "core/sha256.h"
#include "model/field_input.h"
#include "model/validation.h"
#include "net/native_http_transport.h"
#include "replica/replica.h"
#include "sync/protocol.h"
#include "crdt/record_codec.h"
#include "sync/sync_session.h"

using namespace crm;

namespace {

const char* kUsage = R"(usage: crm-cli [--db FILE] COMMAND ...

  login SERVER_URL USER       sign in (password from stdin or $CRM_PASSWORD)
  add ENTITY field=value...   create a record, print its id
  set ENTITY ID field=value...  change fields (field= clears it)
  rm ENTITY ID                delete a record
  show ENTITY ID              a record's values and conflicts, as JSON
  list ENTITY                 live records, one per line: id and summary fields
  conflicts                   unresolved conflicts, one per line
  resolve ENTITY ID FIELD VALUE   settle a conflict (FIELD _deleted: VALUE delete|keep)
  sync                        push local changes, pull the server's
  status                      replica id, server, unsynced changes
  dump                        every record's full state as JSON (for comparisons)
  attach ENTITY ID FILE [--piece-kb N]  upload a file (JPEG, PNG, WebP, PDF) for a synced record,
                              in pieces of N KiB (default 1024), resuming an upload that was cut
  fetch-attachment ENTITY ID SHA256 OUT  download an attachment of a record into OUT
  attachments ENTITY ID       the record's attachments on the server, as JSON

ENTITY is one of: customer, contact. The default --db is ./crm-cli.db.
)";

constexpr const char* kServerKey = "server_url";
constexpr const char* kTokenKey = "token";
constexpr const char* kRefreshKey = "refresh_token";
constexpr const char* kUserKey = "username";

int fail(const Error& e) {
  std::fprintf(stderr, "error: %s (%s)\n", e.message.c_str(), e.code.c_str());
  return 1;
}

int usage() {
  std::fputs(kUsage, stderr);
  return 2;
}

std::string meta(Replica& r, const char* key) {
  auto v = r.store().get_meta(key);
  return v && v.value() ? *v.value() : std::string();
}

// field=value arguments, typed by the entity's schema.
Result<FieldValues> parse_assignments(const std::string& entity, const std::vector<std::string>& args, size_t from) {
  const EntitySchema* schema = find_schema(entity);
  if (!schema) return make_error("unknown_entity", "unknown entity '" + entity + "'");
  FieldValues out;
  for (size_t i = from; i < args.size(); ++i) {
    auto eq = args[i].find('=');
    if (eq == std::string::npos) return make_error("bad_argument", "expected field=value, got '" + args[i] + "'");
    std::string name = args[i].substr(0, eq);
    const FieldSpec* spec = schema->field(name);
    if (!spec) return make_error("unknown_field", entity + " has no field '" + name + "'", name);
    auto v = parse_field_input(*spec, args[i].substr(eq + 1));
    if (!v) return v.error();
    out[name] = v.value();
  }
  return out;
}

int login(Replica& r, const std::string& url, const std::string& user) {
  std::string password;
  if (const char* env = std::getenv("CRM_PASSWORD")) {
    password = env;
  } else {
    std::getline(std::cin, password);
  }
  NativeHttpTransport http(url);
  LoginRequest req{user, password, r.id(), "crm-cli"};
  auto res = http.send(HttpRequest{"POST", "/api/v1/login", to_json(req).dump(), ""});
  if (!res) return fail(res.error());
  if (res->status != 200) return fail(parse_error_body(res->status, res->body));
  auto login = parse_login_response(res->body);
  if (!login) return fail(login.error());
  for (auto [k, v] : {std::pair{kServerKey, url}, {kTokenKey, login->token}, {kRefreshKey, login->refresh_token},
                      {kUserKey, login->username}})
    if (Status s = r.store().set_meta(k, v); !s) return fail(s.error());
  std::printf("signed in as %s (%s)\n", login->username.c_str(), login->role.c_str());
  return 0;
}

int sync(Replica& r) {
  const std::string url = meta(r, kServerKey), token = meta(r, kTokenKey);
  if (url.empty() || token.empty()) return fail(make_error("not_signed_in", "run crm-cli login first"));
  NativeHttpTransport http(url);
  SyncOptions options;
  options.refresh_token = meta(r, kRefreshKey);
  SyncSession session(r, token, options);
  while (auto req = session.next()) session.on_response(http.send(*req));
  if (session.token_refreshed()) {
    (void)r.store().set_meta(kTokenKey, session.token());
    (void)r.store().set_meta(kRefreshKey, session.refresh_token());
  }
  if (session.failed()) return fail(session.error());
  const SyncStats& st = session.stats();
  std::printf("pushed %lld, pulled %lld, changed locally %lld, rejected %lld, removed %lld\n", (long long)st.pushed,
              (long long)st.pulled, (long long)st.changed_local, (long long)st.rejected, (long long)st.removed);
  return 0;
}

// ---- Attachments (docs/sync-protocol.md, "Attachments") ---------------------------------------

struct ServerSession {
  std::string url, token;
};

Result<ServerSession> server_session(Replica& r) {
  ServerSession s{meta(r, kServerKey), meta(r, kTokenKey)};
  if (s.url.empty() || s.token.empty()) return make_error("not_signed_in", "run crm-cli login first");
  return s;
}

std::string attachment_path(const std::string& entity, const std::string& id, const std::string& sha,
                            const std::string& suffix = {}) {
  return "/api/v1/attachments" + (sha.empty() ? std::string() : "/" + sha) + suffix + "?entity=" + entity +
         "&id=" + id;
}

Result<Json> json_answer(const httplib::Result& res) {
  if (!res) return make_error("network_error", "cannot reach the server: " + httplib::to_string(res.error()));
  if (res->status != 200) return parse_error_body(res->status, res->body);
  try {
    return Json::parse(res->body);
  } catch (const std::exception&) {
    return make_error("malformed_json", "the server's answer is not JSON");
  }
}

// Uploads in pieces; asks the server first how much it holds, so a run after a cut connection
// continues where the last piece that arrived ended.
int attach(Replica& r, const std::string& entity, const std::string& id, const std::string& file, size_t piece) {
  auto s = server_session(r);
  if (!s) return fail(s.error());
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(make_error("not_found", "cannot read " + file));
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string bytes = buffer.str();
  const std::string sha = sha256_hex(bytes);
  httplib::Client http(s->url);
  http.set_read_timeout(60, 0);
  const httplib::Headers auth = {{"Authorization", "Bearer " + s->token}};
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto status = json_answer(http.Get(attachment_path(entity, id, sha, "/status").c_str(), auth));
    if (!status) {
      if (status.error().code == "network_error") continue;
      return fail(status.error());
    }
    if (status.value().value("complete", false)) {
      std::printf("%s already attached\n", sha.c_str());
      return 0;
    }
    size_t offset = status.value().value("received", size_t{0});
    if (offset >= bytes.size()) offset = 0;  // a stale upload of something else: start again
    if (offset > 0) std::printf("resuming at byte %zu of %zu\n", offset, bytes.size());
    while (offset < bytes.size()) {
      const size_t n = std::min(piece, bytes.size() - offset);
      httplib::Headers headers = auth;
      headers.emplace("Content-Range", "bytes " + std::to_string(offset) + "-" + std::to_string(offset + n - 1) +
                                           "/" + std::to_string(bytes.size()));
      auto put = json_answer(http.Put(attachment_path(entity, id, sha).c_str(), headers, bytes.data() + offset, n,
                                      "application/octet-stream"));
      if (!put) {
        if (put.error().code == "network_error" || put.error().code == "offset_mismatch") break;  // ask again
        return fail(put.error());
      }
      if (put.value().value("complete", false)) {
        std::printf("attached %s (%zu bytes, %s)\n", sha.c_str(), bytes.size(),
                    put.value().value("mime", std::string()).c_str());
        return 0;
      }
      offset = put.value().value("received", offset + n);
    }
  }
  return fail(make_error("network_error", "the upload did not finish after 5 attempts; run attach again to resume"));
}

int fetch_attachment(Replica& r, const std::string& entity, const std::string& id, const std::string& sha,
                     const std::string& out) {
  auto s = server_session(r);
  if (!s) return fail(s.error());
  httplib::Client http(s->url);
  http.set_read_timeout(60, 0);
  auto res = http.Get(attachment_path(entity, id, sha).c_str(), {{"Authorization", "Bearer " + s->token}});
  if (!res) return fail(make_error("network_error", "cannot reach the server: " + httplib::to_string(res.error())));
  if (res->status != 200) return fail(parse_error_body(res->status, res->body));
  // What arrived must be what was named: the hash is the attachment's identity.
  if (sha256_hex(res->body) != sha) return fail(make_error("hash_mismatch", "the bytes received do not hash to " + sha));
  std::ofstream(out, std::ios::binary) << res->body;
  std::printf("%s: %zu bytes (%s)\n", out.c_str(), res->body.size(), res->get_header_value("Content-Type").c_str());
  return 0;
}

int list_attachments(Replica& r, const std::string& entity, const std::string& id) {
  auto s = server_session(r);
  if (!s) return fail(s.error());
  httplib::Client http(s->url);
  auto list = json_answer(http.Get(attachment_path(entity, id, "").c_str(), {{"Authorization", "Bearer " + s->token}}));
  if (!list) return fail(list.error());
  std::printf("%s\n", list.value().dump().c_str());
  return 0;
}

Json conflicts_json(Replica& r, const std::string& entity, const std::string& id) {
  Json out = Json::array();
  auto all = r.store().conflicts(entity);
  if (!all) return out;
  for (const auto& c : all.value())
    if (c.id == id)
      out.push_back({{"field", c.field}, {"kind", to_string(c.kind)}, {"winner", c.winner_value},
                     {"lost", c.lost_value}, {"lost_by", c.lost_dot.replica}});
  return out;
}

int run(Replica& r, const std::vector<std::string>& a) {
  const std::string& cmd = a[0];
  auto need = [&](size_t n) { return a.size() >= n; };
  if (cmd == "login" && need(3)) return login(r, a[1], a[2]);
  if (cmd == "sync") return sync(r);
  if (cmd == "add" && need(2)) {
    auto values = parse_assignments(a[1], a, 2);
    if (!values) return fail(values.error());
    auto rec = r.create(a[1], values.value());
    if (!rec) return fail(rec.error());
    std::printf("%s\n", rec->id.c_str());
    return 0;
  }
  if (cmd == "set" && need(3)) {
    auto values = parse_assignments(a[1], a, 3);
    if (!values) return fail(values.error());
    auto rec = r.update(a[1], a[2], values.value());
    return rec ? 0 : fail(rec.error());
  }
  if (cmd == "rm" && need(3)) {
    auto rec = r.remove(a[1], a[2]);
    return rec ? 0 : fail(rec.error());
  }
  if (cmd == "show" && need(3)) {
    auto rec = r.store().get(a[1], a[2]);
    if (!rec) return fail(rec.error());
    if (!rec.value() || rec.value()->deleted()) return fail(make_error("not_found", "no such record"));
    Json values = Json::object();
    for (const auto& [k, v] : Replica::visible_values(*rec.value())) values[k] = v;
    Json out = {{"id", a[2]}, {"values", values}, {"conflicts", conflicts_json(r, a[1], a[2])}};
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  if (cmd == "list" && need(2)) {
    const EntitySchema* schema = find_schema(a[1]);
    if (!schema) return fail(make_error("unknown_entity", "unknown entity '" + a[1] + "'"));
    auto recs = r.store().list(a[1]);
    if (!recs) return fail(recs.error());
    for (const auto& s : recs.value()) {
      std::string line = s.id;
      for (const auto& f : schema->summary_fields) line += "\t" + format_field_value(s.value(f));
      std::printf("%s\n", line.c_str());
    }
    return 0;
  }
  if (cmd == "conflicts") {
    auto all = r.store().conflicts();
    if (!all) return fail(all.error());
    for (const auto& c : all.value())
      std::printf("%s\t%s\t%s\t%s\twinner=%s\tlost=%s\n", c.entity.c_str(), c.id.c_str(), c.field.c_str(),
                  to_string(c.kind), c.winner_value.dump().c_str(), c.lost_value.dump().c_str());
    return 0;
  }
  if (cmd == "resolve" && need(5)) {
    Json value;
    if (a[3] == kDeletedField) {
      if (a[4] != "delete" && a[4] != "keep") return fail(make_error("bad_argument", "use delete or keep"));
      value = a[4] == "delete";
    } else {
      const EntitySchema* schema = find_schema(a[1]);
      const FieldSpec* spec = schema ? schema->field(a[3]) : nullptr;
      if (!spec) return fail(make_error("unknown_field", "no field '" + a[3] + "'"));
      auto v = parse_field_input(*spec, a[4]);
      if (!v) return fail(v.error());
      value = v.value();
    }
    auto rec = r.resolve(a[1], a[2], a[3], value);
    return rec ? 0 : fail(rec.error());
  }
  if (cmd == "status") {
    auto outbox = r.store().outbox_size();
    std::printf("replica %s\nserver %s\nuser %s\nunsynced %lld\ncursor %s\n", r.id().c_str(),
                meta(r, kServerKey).c_str(), meta(r, kUserKey).c_str(), outbox ? (long long)outbox.value() : -1LL,
                meta(r, kPullCursorKey).c_str());
    return 0;
  }
  if (cmd == "attach" && need(4)) {
    size_t piece_kb = 1024;
    if (a.size() >= 6 && a[4] == "--piece-kb") piece_kb = std::max(1, std::atoi(a[5].c_str()));
    return attach(r, a[1], a[2], a[3], piece_kb * 1024);
  }
  if (cmd == "fetch-attachment" && need(5)) return fetch_attachment(r, a[1], a[2], a[3], a[4]);
  if (cmd == "attachments" && need(3)) return list_attachments(r, a[1], a[2]);
  if (cmd == "dump") {
    Json out = Json::array();
    for (const auto& schema : all_schemas()) {
      auto recs = r.store().list(schema.name, ListOptions{.include_deleted = true});
      if (!recs) return fail(recs.error());
      for (const auto& s : recs.value()) out.push_back(encode_record(s));
    }
    std::printf("%s\n", out.dump().c_str());
    return 0;
  }
  return usage();
}

}  // namespace

int main(int argc, char** argv) {
  std::string db = "crm-cli.db";
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "--db" && i + 1 < argc) {
      db = argv[++i];
    } else {
      args.push_back(s);
    }
  }
  if (args.empty()) return usage();
  // --help or -h anywhere (or the help command) prints the usage and touches no database.
  for (const auto& a : args)
    if (a == "--help" || a == "-h" || args[0] == "help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
  SystemClock clock;
  SystemRandom random;
  auto replica = Replica::open(db, clock, random);
  if (!replica) return fail(replica.error());
  return run(*replica.value(), args);
}
