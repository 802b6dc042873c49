// SyncSession: one round of synchronisation of a Replica with the server, as a state machine
// with no I/O (push the outbox in batches, then pull changes page by page).
//
//   SyncSession s(replica, token);
//   while (auto req = s.next()) s.on_response(transport.send(*req));   // or async in the browser
//   if (s.failed()) show(s.error());
//
// Every answer is applied in one transaction: merged records, outbox acknowledgements and the new
// pull cursor commit together, so an interrupted sync resumes where it stopped.
#pragma once

#include <optional>
#include <string>

#include "core/result.h"
#include "replica/replica.h"
#include "sync/protocol.h"
#include "sync/transport.h"

namespace crm {

struct SyncOptions {
  int push_batch = 500;
  int pull_page = kMaxPullLimit;
  bool pull = true;  // false: push the outbox and stop (e.g. to send one edit right away)
  // When the access token has expired, the session gets a new one with this and goes on.
  std::string refresh_token;
};

struct SyncStats {
  int64_t pushed = 0;         // records sent
  int64_t pulled = 0;         // records received by pull
  int64_t changed_local = 0;  // local records that changed by merging
  int64_t rejected = 0;       // pushed records the server refused (now in the attention list)
  int64_t removed = 0;        // records dropped because they left the user's data scope
  int64_t requests = 0;
  int64_t server_time_ms = 0;     // server clock at the last answer
  int64_t clock_offset_ms = 0;    // server clock minus local clock (half-round-trip not removed)
  // Pull progress: the cursor this session started from, where it is, and the server's newest.
  int64_t cursor_start = -1, cursor = 0, cursor_latest = 0;
};

class SyncSession {
 public:
  SyncSession(Replica& replica, std::string bearer_token, SyncOptions options = {});

  // The next request to send, or nullopt when the session has finished or failed.
  std::optional<HttpRequest> next();
  // Feeds the transport's outcome for the request last returned by next().
  void on_response(const Result<HttpResponse>& response);

  // Pipelined pull (for asynchronous transports): called with a pull answer before
  // on_response(), parses it and returns the request for the following page, to send before
  // on_response() applies this one, so the network works while the device applies. The session
  // then awaits that answer (next() gives nothing until it comes). Nullopt: nothing to send ahead.
  std::optional<HttpRequest> request_ahead(const Result<HttpResponse>& response);
  // A request is in flight: wait for its answer before calling next() again.
  bool awaiting() const { return awaiting_; }

  bool finished() const { return phase_ == Phase::kDone; }
  bool failed() const { return phase_ == Phase::kFailed; }
  // Meaningful when failed(): e.g. unauthorized (sign in again), device_revoked (wipe the local
  // data), network_error, protocol_mismatch.
  const Error& error() const { return error_; }
  // The access token in use: a new one after a refresh, which the caller should keep.
  const std::string& token() const { return token_; }
  // The refresh token to keep after a refresh: the server rotates it (the old one stops working
  // after a short grace period).
  const std::string& refresh_token() const { return options_.refresh_token; }
  bool token_refreshed() const { return refreshed_; }
  const SyncStats& stats() const { return stats_; }

 private:
  enum class Phase { kPush, kPull, kDone, kFailed };
  Status apply_push(const std::string& body);
  Status apply_pull(const std::string& body, bool& has_more);
  void fail(Error e);

  Replica& replica_;
  std::string token_;
  SyncOptions options_;
  Phase phase_ = Phase::kPush;
  bool awaiting_ = false;
  bool ahead_ = false;                 // a pull request for the following page is in flight
  bool refreshing_ = false;            // the request in flight is a token refresh
  bool refresh_due_ = false;           // the access token expired: refresh before going on
  bool refreshed_ = false;
  bool repulled_ = false;  // a pull from 0 after cursor_ahead, once per session
  std::optional<PullResponse> parsed_; // the answer request_ahead() already parsed
  std::vector<RawRecord> in_flight_;
  Error error_;
  SyncStats stats_;
};

// Runs a whole session over a blocking transport.
Result<SyncStats> sync_once(Replica& replica, Transport& transport, const std::string& bearer_token,
                            SyncOptions options = {});

inline constexpr const char* kPullCursorKey = "pull_cursor";
// Set while a scope resync (a pull from 0 the server asked for) is under way.
inline constexpr const char* kResyncKey = "scope_resync";

}  // namespace crm
