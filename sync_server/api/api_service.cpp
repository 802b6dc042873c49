#include "api/api_service.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>

#include "admin/text_escape.h"
#include "api/record_access.h"
#include "auth/credentials.h"
#include "model/configuration.h"
#include "model/validation.h"
#include "crdt/merge.h"
#include "sync/protocol.h"
#include "crdt/record_codec.h"

namespace crm::server {

int http_status_for(const std::string& code) {
  static const std::map<std::string, int> statuses = {
      {"malformed_json", 400},    {"wrong_type", 400},        {"malformed_record", 400},
      {"protocol_mismatch", 400}, {"too_long", 400},          {"bad_request", 400},
      {"unauthorized", 401},      {"invalid_credentials", 401}, {"foreign_write", 403},
      {"token_expired", 401},     {"device_revoked", 401},    {"too_many_attempts", 429},
      {"team_exists", 409},       {"invalid_role", 422},
      {"forbidden", 403},         {"not_found", 404},         {"method_not_allowed", 405},
      {"device_taken", 409},      {"user_exists", 409},       {"batch_too_large", 413},
      {"cursor_ahead", 409},
      // Attachments (api/attachment_service.h).
      {"invalid_hash", 400},      {"bad_range", 400},         {"hash_mismatch", 400},
      {"offset_mismatch", 409},   {"unsupported_type", 415},
      {"payload_too_large", 413}, {"too_large", 413},   {"server_busy", 503}, {"storage_error", 503},     {"internal_error", 500},
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

Status ApiService::reserve_attempt(const std::string& key, const ThrottlePolicy& policy) {
  const int64_t now = clock_.now_ms();
  int64_t wait = 0;
  auto before = sessions_.update_login_throttle(key, [&](LoginThrottle t) {
    wait = retry_after_ms(t, now);
    return wait > 0 ? t : after_failure(t, policy, now);
  });
  if (!before) return before.error();
  if (wait > 0)
    return make_error("too_many_attempts", "too many failed sign-ins; try again in " +
                                               std::to_string((wait + 999) / 1000) + " s");
  return ok_status();
}

void ApiService::release_attempt(const std::string& key) {
  (void)sessions_.update_login_throttle(key, [](LoginThrottle t) {
    if (t.failures > 0) --t.failures;
    return t;
  });
}

void ApiService::prune_throttle() {
  const int64_t now = clock_.now_ms();
  int64_t last = last_prune_ms_.load();
  if (now - last < 60'000 || !last_prune_ms_.compare_exchange_strong(last, now)) return;
  const int64_t window = std::max({options_.pair_throttle.window_ms, options_.user_throttle.window_ms,
                                   options_.address_throttle.window_ms});
  (void)sessions_.prune_login_throttle(now, window, options_.max_throttle_rows);
}

ApiResponse ApiService::login(const std::string& body, const std::string& address) {
  auto msg = parse_message(body);
  if (!msg) return error_response(msg.error());
  auto req = parse_login_request(msg.value());
  if (!req) return error_response(req.error());
  // Device names are shown to admins in listings (admin/text_escape.h).
  if (has_control_characters(req->device_name))
    return error_response(make_error("wrong_type", "device_name must not hold control characters", "device_name"));
  // At most a few checks per user at once, and a bounded wait for a check slot.
  auto pass = gate_.enter(req->username);
  if (!pass) return error_response(pass.error());
  prune_throttle();
  // Each attempt is counted before its password is checked, so N guesses sent at once cost N
  // attempts and those past the limit are refused unchecked. The user and address alone lock
  // only at much higher counts: failing on purpose from one address cannot lock out a user
  // elsewhere, and users behind one proxy do not lock each other out.
  const std::string pair_key = "pair:" + address + " " + req->username;
  const std::string user_key = "user:" + req->username, address_key = "addr:" + address;
  if (Status s = reserve_attempt(pair_key, options_.pair_throttle); !s) return error_response(s.error());
  if (Status s = reserve_attempt(user_key, options_.user_throttle); !s) return error_response(s.error());
  if (Status s = reserve_attempt(address_key, options_.address_throttle); !s) return error_response(s.error());
  auto user = accounts_.find_user(req->username);
  if (!user) return error_response(user.error());
  bool ok = false;
  if (!user.value()) verify_dummy_password(req->password);  // the same time as a real check
  else ok = verify_password(user.value()->password_hash, req->password) && !user.value()->disabled;
  // Unknown names count too, so the answers do not tell which names exist.
  if (!ok) return error_response(make_error("invalid_credentials", "wrong user name or password"));
  (void)sessions_.set_login_throttle(pair_key, LoginThrottle{});
  release_attempt(user_key);
  release_attempt(address_key);
  const int64_t now = clock_.now_ms();
  Status reg = accounts_.register_device(req->device_id, user.value()->id, req->device_name, now);
  if (!reg) return error_response(reg.error());
  (void)sessions_.delete_expired_tokens(now - 24LL * 3600 * 1000);  // housekeeping, best effort
  auto out = issue_tokens(Session{user.value()->id, user.value()->username, user.value()->role, req->device_id, 0},
                          new_token().substr(0, 32), now + options_.session_ttl_ms);
  if (!out) return error_response(out.error());
  return ApiResponse{200, std::move(out.value())};
}

Result<std::string> ApiService::issue_tokens(const Session& who, const std::string& family,
                                             int64_t session_expires, const std::string& rotate_from) {
  const int64_t now = clock_.now_ms();
  const std::string access = new_token(), refresh = new_token();
  IssuedTokens t;
  t.user_id = who.user_id;
  t.device_id = who.device_id;
  t.family = family;
  t.access_hash = token_hash(access);
  t.refresh_hash = token_hash(refresh);
  // Nothing outlives the sign-in: after session_expires the password is asked again.
  t.session_expires_ms = session_expires;
  t.access_expires_ms = std::min(now + options_.access_ttl_ms, session_expires);
  t.refresh_expires_ms = std::min(now + options_.refresh_ttl_ms, session_expires);
  if (rotate_from.empty()) {
    CRM_TRY(sessions_.start_session(t));
  } else {
    auto outcome = sessions_.rotate_session(rotate_from, now, options_.refresh_grace_ms, t);
    if (!outcome) return outcome.error();
    if (outcome.value() == RotateOutcome::kUnknown)
      return make_error("unauthorized", "sign in again: the sign-in has expired or was ended");
    if (outcome.value() == RotateOutcome::kReused)
      return make_error("unauthorized",
                        "sign in again: this refresh token was used after it had been replaced, so it may have "
                        "been copied; the sign-in was ended on this device");
  }
  Json j = {{"protocol", kProtocolVersion}, {"token", access}, {"refresh_token", refresh},
            {"username", who.username}, {"role", who.role}, {"expires_at_ms", t.access_expires_ms},
            {"refresh_expires_at_ms", t.refresh_expires_ms}, {"session_expires_at_ms", session_expires},
            {"server_time_ms", now}};
  return j.dump();
}

ApiResponse ApiService::refresh(const std::string& body) {
  auto msg = parse_message(body);
  if (!msg) return error_response(msg.error());
  auto token = parse_refresh_request(msg.value());
  if (!token) return error_response(token.error());
  const Error again = make_error("unauthorized", "sign in again: the sign-in has expired or was ended");
  const std::string hash = token_hash(token.value());
  auto info = sessions_.find_token(hash);
  if (!info) return error_response(info.error());
  if (!info.value() || info.value()->kind != TokenKind::kRefresh) return error_response(again);
  const TokenInfo& t = *info.value();
  const int64_t now = clock_.now_ms();
  if (t.device_revoked) return error_response(device_revoked_error());
  if (t.user_disabled || t.session.expires_at_ms <= now) return error_response(again);
  // Tokens from before sign-in lifetimes get one from their first refresh on.
  const int64_t session_expires = t.session_expires_ms > 0 ? t.session_expires_ms : now + options_.session_ttl_ms;
  if (session_expires <= now)
    return error_response(make_error("unauthorized", "sign in again: a sign-in lasts at most " +
                                                         std::to_string(options_.session_ttl_ms / (24 * 3600 * 1000)) +
                                                         " days"));
  auto out = issue_tokens(t.session, t.family.empty() ? new_token().substr(0, 32) : t.family, session_expires, hash);
  if (!out) return error_response(out.error());
  return ApiResponse{200, std::move(out.value())};
}

Result<Session> ApiService::authenticate(const std::string& header) {
  const std::string prefix = "Bearer ";
  const Error unauthorized = make_error("unauthorized", "sign in again: the token is missing, wrong or ended");
  if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0) return unauthorized;
  auto info = sessions_.find_token(token_hash(header.substr(prefix.size())));
  if (!info) return info.error();
  if (!info.value() || info.value()->kind != TokenKind::kAccess) return unauthorized;
  const TokenInfo& t = *info.value();
  if (t.device_revoked) return device_revoked_error();
  if (t.user_disabled) return unauthorized;
  if (t.session.expires_at_ms <= clock_.now_ms())
    return make_error("token_expired", "the access token has expired; refresh it");
  return t.session;
}

ApiResponse ApiService::logout(const Session& session) {
  Status s = sessions_.delete_device_tokens(session.device_id);
  if (!s) return error_response(s.error());
  return ApiResponse{200, Json{{"status", "signed_out"}}.dump()};
}

ApiResponse ApiService::push(const Session& session, const std::string& body) {
  auto out = push_batch(session, body);
  if (!out) return error_response(out.error());
  (void)accounts_.touch_device(session.device_id, clock_.now_ms());  // best effort: the push is stored
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

// A write the server has not seen yet must not be stamped further ahead of the server's clock
// than `max_ahead_ms`: adopted by other devices' clocks, such a stamp would move them all ahead
// (or, near the wire's limit, past what the server accepts). Writes it already holds, or has seen
// and replaced, pass as they are.
Status check_clock(const RecordState& incoming, const RecordState* stored, int64_t now, int64_t max_ahead_ms) {
  static const VersionVector kEmpty;
  const VersionVector& known = stored ? stored->vv : kEmpty;
  for (const auto& [name, writes] : incoming.fields)
    for (const auto& w : writes)
      if (!known.covers(w.dot) && w.hlc.ms > now + max_ahead_ms) {
        const int64_t hours = (w.hlc.ms - now) / (3600 * 1000);
        return make_error("clock_ahead",
                          "this device's clock is " + (hours >= 48 ? std::to_string(hours / 24) + " days"
                                                                   : std::to_string(hours) + " hours") +
                              " ahead of the server's: set the device's date and time, then try again",
                          name);
      }
  return ok_status();
}

// The order a batch is applied in: by depth in the access chain (records whose scope others
// inherit first), then by entity and id, and equal keys by their content. Any permutation of one
// batch is thus applied the same way and gets the same answers, so a child pushed before the
// record it now belongs to is judged with that record already in place.
std::vector<size_t> application_order(const std::vector<RecordState>& records) {
  std::vector<size_t> order(records.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  // Each record's rank once, not per comparison (a schema lookup and a walk up its parents).
  std::vector<int> rank(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    const EntitySchema* schema = find_schema(records[i].entity);
    rank[i] = schema ? inheritance_depth(*schema) : 0;
  }
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const RecordState &a = records[x], &b = records[y];
    if (rank[x] != rank[y]) return rank[x] < rank[y];
    if (a.entity != b.entity) return a.entity < b.entity;
    if (a.id != b.id) return a.id < b.id;
    if (a == b) return x < y;
    return encode_record(a).dump() < encode_record(b).dump();
  });
  return order;
}

}  // namespace

namespace {

const Error kForbidden = make_error("forbidden", "this record is outside your data scope");

}  // namespace

Result<std::string> ApiService::push_batch(const Session& session, const std::string& body) {
  auto req = parse_push_body(body);
  if (!req) return req.error();
  if (!config_loaded_) CRM_TRY(load_configuration());
  // A field or choice value this server does not know is refused per record, not as a malformed
  // batch: it may come from a configuration record pushed in a later batch.
  std::vector<std::optional<Error>> refused(req->records.size());
  for (size_t i = 0; i < req->records.size(); ++i) {
    Status valid = validate_state(req->records[i]);
    if (!valid) {
      Error e = valid.error();
      if (e.code == "unknown_field" || e.code == "invalid_choice") {
        refused[i] = std::move(e);
        continue;
      }
      e.message = "records[" + std::to_string(i) + "]: " + e.message;
      return e;
    }
  }
  bool configuration_changed = false;
  auto org = accounts_.load_org();
  if (!org) return org.error();
  const ScopeFilter scope = filter_of(org->scope_of(session.user_id));
  const Actor actor{session.username, session.role};
  const int64_t now = clock_.now_ms();
  const ChangeAuthor author{session.user_id, session.device_id, now};
  PushResponse resp;
  const std::vector<size_t> order = application_order(req->records);
  Status written = records_.write(author, [&](RecordTransaction& tx) -> Status {
    resp.results.assign(req->records.size(), PushResult{});
    auto lookup = [&](const RecordKey& k) { return tx.scope(k.entity, k.id); };
    for (size_t index : order) {
      const RecordState& incoming = req->records[index];
      PushResult& r = resp.results[index] = PushResult{incoming.entity, incoming.id, incoming.vv, {}, {}};
      if (refused[index]) {
        r.rejected = *refused[index];
        continue;
      }
      const RecordKey key{incoming.entity, incoming.id};
      // Before the scope check: a pool customer someone else claimed first is out of the
      // pusher's scope now, and the device must hear why (already_claimed), not `forbidden`.
      if (options_.push_guard) {
        auto stop = options_.push_guard->refusal(tx, PushContext{org.value(), session.user_id, actor, now}, incoming);
        if (!stop) return stop.error();
        if (stop.value()) {
          r.rejected = std::move(*stop.value());
          continue;
        }
      }
      auto prev_scope = tx.scope(key.entity, key.id);
      if (!prev_scope) return prev_scope.error();
      if (prev_scope.value()) {
        auto seen = visible(tx, scope, key, *prev_scope.value());
        if (!seen) return seen.error();
        if (!seen.value()) {
          r.rejected = kForbidden;  // nothing about the stored record is told
          continue;
        }
      }
      auto stored = tx.get(key.entity, key.id);
      if (!stored) return stored.error();
      const RecordState* prev = stored.value() ? &*stored.value() : nullptr;
      CRM_TRY(check_authorship(incoming, prev, session.device_id));
      if (Status fresh = check_clock(incoming, prev, now, options_.max_clock_ahead_ms); !fresh) {
        r.rejected = fresh.error();
        continue;
      }
      RecordState merged = prev ? merge(*prev, incoming) : incoming;
      auto next_scope = derive_scope(merged, org.value(), lookup, session.user_id, prev_scope.value());
      if (!next_scope) {
        if (next_scope.error().code == "storage_error") return next_scope.error();
        r.rejected = next_scope.error();
        continue;
      }
      auto allowed = visible(tx, scope, key, next_scope.value());
      if (!allowed) return allowed.error();
      if (!allowed.value()) {
        r.rejected = make_error("forbidden", "this change would put the record outside your data scope");
        continue;
      }
      // A device can push writes that each pass, yet merge into a state that does not (its
      // own dots reused for other fields dropped a required one): refused, or the record would
      // stay unpushable for everyone.
      if (Status valid = validate_state(merged); !valid) {
        r.rejected = valid.error();
        continue;
      }
      auto refused = change_refusal(tx, prev, merged, actor, next_scope.value());
      if (!refused) return refused.error();
      if (refused.value()) {
        r.rejected = std::move(*refused.value());
        continue;
      }
      if (!prev || merged != *prev || prev_scope.value() != next_scope.value()) {
        CRM_TRY(tx.put(merged, prev, next_scope.value()));
        CRM_TRY(audit_change(tx, author, prev, merged));
        CRM_TRY(follow_scope(tx, org.value(), key, prev_scope.value(), next_scope.value()));
        if (options_.push_guard)
          CRM_TRY(options_.push_guard->after_store(tx, PushContext{org.value(), session.user_id, actor, now}, merged));
        configuration_changed = configuration_changed || is_configuration_entity(key.entity);
      }
      r.vv = merged.vv;
      if (merged != incoming) r.state = std::move(merged);
    }
    return ok_status();
  });
  if (!written) return written.error();
  // The push is stored whatever happens here; a failed reload is tried again by the next request.
  if (configuration_changed && !load_configuration()) config_loaded_ = false;
  resp.server_time_ms = now;
  return to_body(resp);
}

Status ApiService::load_configuration() {
  std::lock_guard lock(config_mu_);
  std::vector<RecordState> states;
  for (const char* entity : kConfigurationEntities) {
    auto held = records_.records_of(entity);
    if (!held) return held.error();
    std::move(held->begin(), held->end(), std::back_inserter(states));
  }
  apply_configuration(configuration_of(states));
  config_loaded_ = true;
  return ok_status();
}

ApiResponse ApiService::pull(const Session& session, const std::string& body) {
  auto out = pull_page(session, body);
  if (!out) return error_response(out.error());
  (void)accounts_.touch_device(session.device_id, clock_.now_ms());
  return ApiResponse{200, std::move(out.value())};
}

Result<std::string> ApiService::pull_page(const Session& session, const std::string& body) {
  auto msg = parse_message(body);
  if (!msg) return msg.error();
  auto req = parse_pull_request(msg.value());
  if (!req) return req.error();
  const std::string head = "{\"protocol\":" + std::to_string(kProtocolVersion);
  const std::string tail = ",\"server_time_ms\":" + std::to_string(clock_.now_ms()) + "}";
  if (!config_loaded_) CRM_TRY(load_configuration());
  auto reset = accounts_.scope_reset_due(session.device_id, req->cursor);
  if (!reset) return reset.error();
  if (reset.value())
    return head + ",\"reset\":true,\"records\":[],\"next_cursor\":0,\"has_more\":true,\"latest_cursor\":0" + tail;
  auto org = accounts_.load_org();
  if (!org) return org.error();
  auto page = records_.changes_for(org->scope_of(session.user_id), session.user_id, req->cursor, req->limit);
  if (!page) return page.error();
  if (req->cursor > page->latest)
    return make_error("cursor_ahead", "the cursor " + std::to_string(req->cursor) +
                                          " is beyond this server's newest change " + std::to_string(page->latest) +
                                          " (was the server restored from an older backup?): pull again from 0",
                      "cursor");
  // Stored JSON is passed through as text: no decode and re-encode per record.
  std::string out = head + ",\"records\":[";
  for (size_t i = 0; i < page->records.size(); ++i) {
    const RawRecord& r = page->records[i];
    if (i) out += ',';
    out += record_text(r.entity, r.id, r.vv_json, r.fields_json);
  }
  out += ']';
  if (!page->removed.empty()) out += ",\"removed\":" + removed_text(page->removed);
  // latest_cursor lets a client show progress through a long first sync.
  out += ",\"next_cursor\":" + std::to_string(page->next_cursor) + ",\"has_more\":" +
         (page->has_more ? "true" : "false") + ",\"latest_cursor\":" + std::to_string(page->latest) + tail;
  return out;
}

}  // namespace crm::server
