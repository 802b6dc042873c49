#include "api/api_service.h"

#include <map>

#include "auth/credentials.h"
#include "model/validation.h"
#include "sync/merge.h"
#include "sync/protocol.h"
#include "sync/record_codec.h"

namespace crm::server {

int http_status_for(const std::string& code) {
  static const std::map<std::string, int> statuses = {
      {"malformed_json", 400},    {"wrong_type", 400},        {"malformed_record", 400},
      {"protocol_mismatch", 400}, {"too_long", 400},          {"bad_request", 400},
      {"unauthorized", 401},      {"invalid_credentials", 401}, {"foreign_write", 403},
      {"forbidden", 403},         {"not_found", 404},         {"method_not_allowed", 405},
      {"device_taken", 409},      {"user_exists", 409},       {"batch_too_large", 413},
      {"payload_too_large", 413}, {"storage_error", 503},     {"internal_error", 500},
  };
  auto it = statuses.find(code);
  // Everything else is a value that failed validation (required, invalid_email, unknown_field...).
  return it == statuses.end() ? 422 : it->second;
}

ApiResponse error_response(const Error& e) {
  if (e.code == "storage_error") {
    // The details of a storage failure are for the server log, not the client.
    return ApiResponse{503, error_body(make_error("storage_error", "the server could not store the data; try again"))};
  }
  return ApiResponse{http_status_for(e.code), error_body(e)};
}

ApiResponse ApiService::health() {
  Json j = {{"status", "ok"}, {"protocol", kProtocolVersion}, {"server_time_ms", clock_.now_ms()}};
  return ApiResponse{200, j.dump()};
}

ApiResponse ApiService::login(const std::string& body) {
  auto msg = parse_message(body);
  if (!msg) return error_response(msg.error());
  auto req = parse_login_request(msg.value());
  if (!req) return error_response(req.error());
  auto user = store_.find_user(req->username);
  if (!user) return error_response(user.error());
  const Error bad = make_error("invalid_credentials", "wrong user name or password");
  if (!user.value()) {
    verify_dummy_password(req->password);
    return error_response(bad);
  }
  if (!verify_password(user.value()->password_hash, req->password) || user.value()->disabled)
    return error_response(bad);
  const int64_t now = clock_.now_ms();
  Status reg = store_.register_device(req->device_id, user.value()->id, req->device_name, now);
  if (!reg) return error_response(reg.error());
  const std::string token = new_token();
  const int64_t expires = now + options_.token_ttl_ms;
  Status st = store_.store_token(token_hash(token), user.value()->id, req->device_id, expires);
  if (!st) return error_response(st.error());
  Json j = {{"protocol", kProtocolVersion}, {"token", token}, {"username", user.value()->username},
            {"role", user.value()->role}, {"expires_at_ms", expires}, {"server_time_ms", now}};
  return ApiResponse{200, j.dump()};
}

Result<Session> ApiService::authenticate(const std::string& header) {
  const std::string prefix = "Bearer ";
  const Error unauthorized = make_error("unauthorized", "sign in again: the token is missing, wrong or expired");
  if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0) return unauthorized;
  auto session = store_.find_session(token_hash(header.substr(prefix.size())), clock_.now_ms());
  if (!session) return session.error();
  if (!session.value()) return unauthorized;
  return std::move(*session.value());
}

ApiResponse ApiService::push(const Session& session, const std::string& body) {
  auto out = push_batch(session, body);
  if (!out) return error_response(out.error());
  (void)store_.touch_device(session.device_id, clock_.now_ms());  // best effort: the push is stored
  return ApiResponse{200, std::move(out.value())};
}

namespace {

// A device may only introduce writes of its own: every write and version-vector entry the server
// has not seen must carry the pushing device's replica id.
Status check_authorship(const RecordState& incoming, const RecordState* stored, const std::string& device) {
  static const VersionVector kEmpty;
  const VersionVector& known = stored ? stored->vv : kEmpty;
  for (const auto& [replica, counter] : incoming.vv.entries())
    if (replica != device && counter > known.get(replica))
      return make_error("foreign_write", incoming.entity + " " + incoming.id + ": the batch claims writes of replica '" +
                                             replica + "' that the server has not seen");
  // A write the server already holds must come back unchanged: otherwise a device could reuse
  // another device's dot with a new value (and a later stamp) and have it adopted everywhere.
  if (stored) {
    for (const auto& [name, writes] : incoming.fields) {
      auto held = stored->fields.find(name);
      if (held == stored->fields.end()) continue;
      for (const auto& w : writes)
        for (const auto& h : held->second)
          if (h.dot == w.dot && !(h == w))
            return make_error("foreign_write", incoming.entity + " " + incoming.id + ": field '" + name +
                                                   "' rewrites the existing write " + w.dot.replica + ":" +
                                                   std::to_string(w.dot.counter));
    }
  }
  return ok_status();
}

}  // namespace

Result<std::string> ApiService::push_batch(const Session& session, const std::string& body) {
  auto req = parse_push_body(body);
  if (!req) return req.error();
  for (size_t i = 0; i < req->records.size(); ++i) {
    Status valid = validate_state(req->records[i]);
    if (!valid) {
      Error e = valid.error();
      e.message = "records[" + std::to_string(i) + "]: " + e.message;
      return e;
    }
  }
  const int64_t now = clock_.now_ms();
  const ChangeAuthor author{session.user_id, session.device_id, now};
  PushResponse resp;
  resp.results.reserve(req->records.size());
  Status written = store_.write(author, [&](RecordTransaction& tx) -> Status {
    resp.results.clear();
    for (const auto& incoming : req->records) {
      auto stored = tx.get(incoming.entity, incoming.id);
      if (!stored) return stored.error();
      const RecordState* prev = stored.value() ? &*stored.value() : nullptr;
      CRM_TRY(check_authorship(incoming, prev, session.device_id));
      PushResult r{incoming.entity, incoming.id, incoming.vv, std::nullopt};
      if (!prev) {
        CRM_TRY(tx.put(incoming, nullptr));  // new record: stored as pushed
      } else {
        RecordState merged = merge(*prev, incoming);
        if (merged != *prev) CRM_TRY(tx.put(merged, prev));
        r.vv = merged.vv;
        if (merged != incoming) r.state = std::move(merged);
      }
      resp.results.push_back(std::move(r));
    }
    return ok_status();
  });
  if (!written) return written.error();
  resp.server_time_ms = now;
  return to_body(resp);
}

ApiResponse ApiService::pull(const Session& session, const std::string& body) {
  auto out = pull_page(body);
  if (!out) return error_response(out.error());
  (void)store_.touch_device(session.device_id, clock_.now_ms());
  return ApiResponse{200, std::move(out.value())};
}

Result<std::string> ApiService::pull_page(const std::string& body) {
  auto msg = parse_message(body);
  if (!msg) return msg.error();
  auto req = parse_pull_request(msg.value());
  if (!req) return req.error();
  // One row more than asked tells whether another page follows.
  auto rows = store_.changes_since(req->cursor, req->limit + 1);
  if (!rows) return rows.error();
  const bool has_more = static_cast<int>(rows->size()) > req->limit;
  if (has_more) rows->pop_back();
  int64_t next = rows->empty() ? req->cursor : rows->back().seq;
  // Lets a client show progress through a long first sync.
  int64_t latest = next;
  if (has_more) {
    auto l = store_.latest_seq();
    if (!l) return l.error();
    latest = l.value();
  }
  // Stored JSON is passed through as text: no decode and re-encode per record.
  std::string out = "{\"protocol\":" + std::to_string(kProtocolVersion) + ",\"records\":[";
  for (size_t i = 0; i < rows->size(); ++i) {
    const RawRecord& r = (*rows)[i];
    if (i) out += ',';
    out += record_text(r.entity, r.id, r.vv_json, r.fields_json);
  }
  out += "],\"next_cursor\":" + std::to_string(next) + ",\"has_more\":" + (has_more ? "true" : "false") +
         ",\"latest_cursor\":" + std::to_string(latest) +
         ",\"server_time_ms\":" + std::to_string(clock_.now_ms()) + "}";
  return out;
}

}  // namespace crm::server
