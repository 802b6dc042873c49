#include "sync/protocol.h"

#include <cctype>
#include <cstdint>
#include <exception>

#include "sync/message_decoder.h"
#include "crdt/record_codec.h"

namespace crm {
namespace {

Result<Json> parse_json_text(const std::string& body) {
  Json j = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return make_error("malformed_json", "the body is not valid JSON");
  return j;
}

static_assert(RequestJsonLimits{}.max_depth == kMaxJsonDepth, "one nesting limit for every request body");

// Builds the tree like Json::parse, but stops at the first value nested deeper than the limit
// or past the value count, so a hostile body costs at most that many nodes (an 8 MiB "[[[[..."
// built as a tree took 400 MB).
class BoundedSax {
 public:
  BoundedSax(Json& root, const RequestJsonLimits& limits) : dom_(root, false), limits_(limits) {}
  bool null() { return count() && dom_.null(); }
  bool boolean(bool v) { return count() && dom_.boolean(v); }
  bool number_integer(Json::number_integer_t v) { return count() && dom_.number_integer(v); }
  bool number_unsigned(Json::number_unsigned_t v) { return count() && dom_.number_unsigned(v); }
  bool number_float(Json::number_float_t v, const Json::string_t& s) { return count() && dom_.number_float(v, s); }
  bool string(Json::string_t& v) { return count() && dom_.string(v); }
  bool binary(Json::binary_t& v) { return count() && dom_.binary(v); }
  bool start_object(size_t n) { return open() && dom_.start_object(n); }
  bool key(Json::string_t& k) {
    if (depth_ == 1 && k == "protocol") saw_protocol = true;
    return dom_.key(k);
  }
  bool end_object() { --depth_; return dom_.end_object(); }
  bool start_array(size_t n) { return open() && dom_.start_array(n); }
  bool end_array() { --depth_; return dom_.end_array(); }
  bool parse_error(size_t at, const std::string& token, const nlohmann::detail::exception& e) {
    return dom_.parse_error(at, token, e);
  }
  bool too_deep = false, too_many = false;
  bool saw_protocol = false;  // a top-level "protocol" member began before parsing stopped

 private:
  bool count() {
    if (++values_ > limits_.max_values) too_many = true;
    return !too_many;
  }
  bool open() {
    if (++depth_ > limits_.max_depth) too_deep = true;
    return !too_deep && count();
  }
  nlohmann::detail::json_sax_dom_parser<Json> dom_;
  RequestJsonLimits limits_;
  size_t depth_ = 0, values_ = 0;
};

Result<std::string> string_field(const Json& j, const char* name, size_t max_len, bool required = true) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) {
    if (required) return make_error("wrong_type", std::string(name) + " is required", name);
    return std::string();
  }
  if (!it->is_string()) return make_error("wrong_type", std::string(name) + " must be a string", name);
  const auto& s = it->get_ref<const std::string&>();
  if (s.size() > max_len) return make_error("too_long", std::string(name) + " is too long", name);
  return s;
}

Result<Json> parse_response_object(const std::string& body) {
  auto j = parse_json_text(body);
  if (!j) return make_error("bad_response", "the server sent a body that is not JSON");
  if (!j->is_object()) return make_error("bad_response", "the server sent an unexpected body");
  return j;
}

// An integer member of an answer, or `fallback` when absent or not an integer (a float such as
// 1e30 would be an out-of-range conversion).
int64_t int_member(const Json& j, const char* name, int64_t fallback = 0) {
  auto it = j.find(name);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : fallback;
}

// Server answers are read with nlohmann's value()/get(), which throw on a wrong type; the
// exception stops here and becomes an Error.
template <class F>
auto guarded(F f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    return make_error("bad_response", std::string("unexpected answer from the server: ") + e.what());
  }
}

}  // namespace

namespace {

Result<Json> parse_bounded(const std::string& body, const RequestJsonLimits& limits, bool need_protocol) {
  if (body.size() > limits.max_bytes)
    return make_error("payload_too_large", "the body is larger than " + std::to_string(limits.max_bytes) + " bytes");
  Json j;
  BoundedSax sax(j, limits);
  const bool ok = Json::sax_parse(body, &sax, Json::input_format_t::json, /*strict=*/true);
  // The codes of the push decoder (sync/message_decoder.h): one policy for every body.
  if ((sax.too_deep || sax.too_many) && need_protocol && !sax.saw_protocol)
    return make_error("protocol_mismatch", "the body must carry \"protocol\": " + std::to_string(kProtocolVersion));
  if (sax.too_deep)
    return make_error("wrong_type", "the body nests arrays and objects deeper than " +
                                        std::to_string(limits.max_depth) + " levels");
  if (sax.too_many)
    return make_error("too_large", "the body holds more than " + std::to_string(limits.max_values) + " values");
  if (!ok || j.is_discarded()) return make_error("malformed_json", "the body is not valid JSON");
  return j;
}

}  // namespace

Result<Json> parse_bounded_json(const std::string& body, const RequestJsonLimits& limits) {
  return parse_bounded(body, limits, false);
}

Result<Json> parse_message(const std::string& body) {
  auto j = parse_bounded(body, RequestJsonLimits{}, true);
  if (!j) return j.error();
  if (!j->is_object()) return make_error("wrong_type", "the body must be a JSON object");
  auto p = j->find("protocol");
  if (p == j->end() || !p->is_number_integer())
    return make_error("protocol_mismatch", "the body must carry \"protocol\": " + std::to_string(kProtocolVersion));
  if (p->get<int64_t>() != kProtocolVersion)
    return make_error("protocol_mismatch", "this server speaks protocol " + std::to_string(kProtocolVersion) +
                                               ", the client sent " + p->dump());
  return j;
}

Result<LoginRequest> parse_login_request(const Json& j) {
  LoginRequest r;
  auto u = string_field(j, "username", 100);
  if (!u) return u.error();
  auto p = string_field(j, "password", 1000);
  if (!p) return p.error();
  auto d = string_field(j, "device_id", 64);
  if (!d) return d.error();
  auto n = string_field(j, "device_name", 200, false);
  if (!n) return n.error();
  r.username = u.value();
  r.password = p.value();
  r.device_id = d.value();
  r.device_name = n.value();
  if (r.device_id.empty()) return make_error("wrong_type", "device_id must not be empty", "device_id");
  for (char c : r.device_id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
      return make_error("wrong_type", "device_id may hold only letters, digits, '-' and '_'", "device_id");
  return r;
}

Json to_json(const LoginRequest& r) {
  return Json{{"protocol", kProtocolVersion}, {"username", r.username}, {"password", r.password},
              {"device_id", r.device_id}, {"device_name", r.device_name}};
}

Result<LoginResponse> parse_login_response(const std::string& body) {
  return guarded([&]() -> decltype(parse_login_response(body)) {
    auto j = parse_response_object(body);
    if (!j) return j.error();
    LoginResponse r;
    r.token = j->value("token", "");
    r.username = j->value("username", "");
    r.role = j->value("role", "");
    r.refresh_token = j->value("refresh_token", "");
    r.expires_at_ms = int_member(*j, "expires_at_ms");
    r.refresh_expires_at_ms = int_member(*j, "refresh_expires_at_ms");
    r.server_time_ms = int_member(*j, "server_time_ms");
    if (r.token.empty()) return make_error("bad_response", "the login answer has no token");
    return r;
  });
}

Result<std::string> parse_refresh_request(const Json& j) {
  auto t = string_field(j, "refresh_token", 200);
  if (!t) return t.error();
  if (t->empty()) return make_error("wrong_type", "refresh_token must not be empty", "refresh_token");
  return t;
}

std::string refresh_body(const std::string& refresh_token) {
  return Json{{"protocol", kProtocolVersion}, {"refresh_token", refresh_token}}.dump();
}

Result<PushRequest> parse_push_body(const std::string& body) {
  auto msg = decode_message(body, kMaxPushRecords);
  if (!msg) return msg.error();
  if (!msg->has_records) return make_error("wrong_type", "records must be an array", "records");
  return PushRequest{std::move(msg->records)};
}

std::string to_body(const PushRequest& r) {
  Json recs = Json::array();
  for (const auto& s : r.records) recs.push_back(encode_record(s));
  return Json{{"protocol", kProtocolVersion}, {"records", std::move(recs)}}.dump();
}

std::string push_body(const std::vector<RawRecord>& records) {
  std::string out = "{\"protocol\":" + std::to_string(kProtocolVersion) + ",\"records\":[";
  for (size_t i = 0; i < records.size(); ++i) {
    if (i) out += ',';
    out += record_text(records[i].entity, records[i].id, records[i].vv_json, records[i].fields_json);
  }
  out += "]}";
  return out;
}

std::string to_body(const PushResponse& r) {
  std::string out = "{\"protocol\":" + std::to_string(kProtocolVersion) + ",\"results\":[";
  for (size_t i = 0; i < r.results.size(); ++i) {
    const PushResult& x = r.results[i];
    if (i) out += ',';
    out += "{\"entity\":" + Json(x.entity).dump() + ",\"id\":" + Json(x.id).dump() + ",\"vv\":" + vv_text(x.vv);
    if (x.state) out += ",\"state\":" + record_text(x.state->entity, x.state->id, vv_text(x.state->vv), fields_text(*x.state));
    if (x.rejected) out += ",\"rejected\":" + error_body(*x.rejected);
    out += '}';
  }
  out += "],\"server_time_ms\":" + std::to_string(r.server_time_ms) + "}";
  return out;
}

Result<PushResponse> parse_push_response(const std::string& body) {
  return guarded([&]() -> decltype(parse_push_response(body)) {
    auto j = parse_response_object(body);
    if (!j) return j.error();
    auto it = j->find("results");
    if (it == j->end() || !it->is_array()) return make_error("bad_response", "push answer has no results");
    PushResponse r;
    r.server_time_ms = int_member(*j, "server_time_ms");
    for (const auto& o : *it) {
      if (!o.is_object() || !o.contains("vv")) return make_error("bad_response", "bad push result");
      PushResult x;
      x.entity = o.value("entity", "");
      x.id = o.value("id", "");
      auto vv = decode_vv(o["vv"]);
      if (!vv) return make_error("bad_response", vv.error().message);
      x.vv = std::move(vv.value());
      if (auto st = o.find("state"); st != o.end()) {
        auto rec = decode_record(*st);
        if (!rec) return make_error("bad_response", rec.error().message);
        x.state = std::move(rec.value());
      }
      if (auto rej = o.find("rejected"); rej != o.end()) {
        if (!rej->is_object()) return make_error("bad_response", "bad push result");
        x.rejected = make_error(rej->value("code", "rejected"), rej->value("message", ""), rej->value("field", ""));
      }
      r.results.push_back(std::move(x));
    }
    return r;
  });
}

Result<PullRequest> parse_pull_request(const Json& j) {
  PullRequest r;
  if (auto c = j.find("cursor"); c != j.end()) {
    if (!c->is_number_integer() || c->get<int64_t>() < 0 ||
        (c->is_number_unsigned() && c->get<uint64_t>() > kMaxWireInteger))
      return make_error("wrong_type", "cursor must be an integer from 0 to 2^53 - 1", "cursor");
    r.cursor = c->get<int64_t>();
  }
  if (auto l = j.find("limit"); l != j.end()) {
    if (!l->is_number_integer() || l->get<int64_t>() < 1 || l->get<int64_t>() > kMaxPullLimit)
      return make_error("wrong_type", "limit must be an integer from 1 to " + std::to_string(kMaxPullLimit),
                        "limit");
    r.limit = static_cast<int>(l->get<int64_t>());
  }
  return r;
}

std::string to_body(const PullRequest& r) {
  return Json{{"protocol", kProtocolVersion}, {"cursor", r.cursor}, {"limit", r.limit}}.dump();
}

Result<PullResponse> parse_pull_response(const std::string& body) {
  return guarded([&]() -> decltype(parse_pull_response(body)) {
    // Pages are large: decoded without a JSON tree.
    auto msg = decode_message(body, DecodeLimits::pull());
    if (!msg) return make_error("bad_response", "unexpected pull answer: " + msg.error().message);
    if (!msg->has_records) return make_error("bad_response", "pull answer has no records");
    PullResponse r;
    r.next_cursor = int_member(msg->envelope, "next_cursor");
    r.has_more = msg->envelope.value("has_more", false);
    r.latest_cursor = int_member(msg->envelope, "latest_cursor", r.next_cursor);
    r.server_time_ms = int_member(msg->envelope, "server_time_ms");
    r.reset = msg->envelope.value("reset", false);
    if (auto rm = msg->envelope.find("removed"); rm != msg->envelope.end()) {
      if (!rm->is_array()) return make_error("bad_response", "removed must be an array");
      for (const auto& k : *rm) r.removed.push_back(RecordKey{k.at("entity").get<std::string>(), k.at("id").get<std::string>()});
    }
    r.records = std::move(msg->records);
    return r;
  });
}

std::string removed_text(const std::vector<RecordKey>& removed) {
  Json a = Json::array();
  for (const auto& k : removed) a.push_back(Json{{"entity", k.entity}, {"id", k.id}});
  return a.dump();
}

std::string error_body(const Error& e) {
  Json j = {{"code", e.code}, {"message", e.message}};
  if (!e.field.empty()) j["field"] = e.field;
  // Messages may quote client input (a path, a name) that is not valid UTF-8.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Error parse_error_body(int status, const std::string& body) {
  Json j = Json::parse(body, nullptr, false);
  if (j.is_object() && j.contains("code") && j["code"].is_string())
    return make_error(j["code"].get<std::string>(), j.value("message", ""), j.value("field", ""));
  return make_error("http_" + std::to_string(status), "the server answered HTTP " + std::to_string(status));
}

}  // namespace crm
