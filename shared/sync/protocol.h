// The sync protocol's messages (HTTP + JSON, docs/sync-protocol.md) and their codecs. Parsing
// never throws: malformed input comes back as an Error with the code the server answers with.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "crdt/record.h"
#include "store/record_store.h"

namespace crm {

inline constexpr int kProtocolVersion = 1;
inline constexpr size_t kMaxPushRecords = 1000;
inline constexpr int kMaxPullLimit = 1000;
inline constexpr int kDefaultPullLimit = 500;

// Bounds on every request body parsed into a JSON tree (sign-in, refresh, pull, admin; push has
// its own streaming decoder, sync/message_decoder.h, with the same depth): checked while parsing.
struct RequestJsonLimits {
  size_t max_bytes = 1024 * 1024;
  size_t max_depth = 16;     // kMaxJsonDepth; the body itself is level 1
  size_t max_values = 4096;  // scalars, objects and arrays
};
// Errors: payload_too_large (over max_bytes, before parsing), wrong_type (nested deeper than
// max_depth) and too_large (more than max_values), parsing stopped where crossed; malformed_json.
Result<Json> parse_bounded_json(const std::string& body, const RequestJsonLimits& limits);

// Parses a request body within RequestJsonLimits{} and checks {"protocol": kProtocolVersion}.
// Errors: payload_too_large, wrong_type, too_large, malformed_json, protocol_mismatch.
Result<Json> parse_message(const std::string& body);

struct LoginRequest {
  std::string username, password, device_id, device_name;
};
Result<LoginRequest> parse_login_request(const Json& j);
Json to_json(const LoginRequest& r);

// A sign-in: a short-lived access token for every request, and a refresh token that gets new
// access tokens (POST /api/v1/refresh) while the device is offline for weeks.
struct LoginResponse {
  std::string token, username, role, refresh_token;
  int64_t expires_at_ms = 0, refresh_expires_at_ms = 0, server_time_ms = 0;
};
Result<LoginResponse> parse_login_response(const std::string& body);

// Errors: wrong_type, too_long.
Result<std::string> parse_refresh_request(const Json& j);
std::string refresh_body(const std::string& refresh_token);

struct PushRequest {
  std::vector<RecordState> records;
};
// The whole push body, decoded without a JSON tree (message_decoder.h). Errors: malformed_json,
// wrong_type, protocol_mismatch, batch_too_large, malformed_record (message names the record index).
Result<PushRequest> parse_push_body(const std::string& body);
std::string to_body(const PushRequest& r);
// A push body from records as stored (no decode and re-encode on the device).
std::string push_body(const std::vector<RawRecord>& records);

// What the server holds for one pushed record after merging. `state` is present only when it
// differs from what was pushed (the server knew writes the client did not). `rejected`: the
// server stored nothing of this record (e.g. forbidden: outside the user's data scope); the rest
// of the batch was stored.
struct PushResult {
  std::string entity, id;
  VersionVector vv;
  std::optional<RecordState> state;
  std::optional<Error> rejected;
};
struct PushResponse {
  std::vector<PushResult> results;
  int64_t server_time_ms = 0;
};
std::string to_body(const PushResponse& r);
Result<PushResponse> parse_push_response(const std::string& body);

struct PullRequest {
  int64_t cursor = 0;
  int limit = kDefaultPullLimit;
};
Result<PullRequest> parse_pull_request(const Json& j);
std::string to_body(const PullRequest& r);

// `removed`: records that left the user's data scope; the device drops its copies (they are
// applied before `records`, which are newer). `reset`: the user's scope changed as a whole (team
// or role change); the device pulls again from cursor 0 and drops what it is not sent again.
struct PullResponse {
  std::vector<RecordKey> removed;
  bool reset = false;
  std::vector<RecordState> records;
  int64_t next_cursor = 0;
  bool has_more = false;
  int64_t latest_cursor = 0;  // the server's newest sequence when answering (progress)
  int64_t server_time_ms = 0;
};
Result<PullResponse> parse_pull_response(const std::string& body);
// The text of a pull answer's "removed" member.
std::string removed_text(const std::vector<RecordKey>& removed);

// Error bodies: {"code": "...", "message": "...", "field": "..."?}
std::string error_body(const Error& e);
Error parse_error_body(int status, const std::string& body);

}  // namespace crm
