#include "sync/sync_session.h"

#include <cstdlib>

#include "sync/protocol.h"
#include "sync/record_codec.h"

namespace crm {

SyncSession::SyncSession(Replica& replica, std::string bearer_token, SyncOptions options)
    : replica_(replica), token_(std::move(bearer_token)), options_(options) {}

void SyncSession::fail(Error e) {
  error_ = std::move(e);
  phase_ = Phase::kFailed;
}

std::optional<HttpRequest> SyncSession::next() {
  if (awaiting_ || phase_ == Phase::kDone || phase_ == Phase::kFailed) return std::nullopt;
  if (phase_ == Phase::kPush) {
    auto batch = replica_.store().outbox(options_.push_batch);
    if (!batch) {
      fail(batch.error());
      return std::nullopt;
    }
    if (batch->empty()) {
      phase_ = options_.pull ? Phase::kPull : Phase::kDone;
      if (phase_ == Phase::kDone) return std::nullopt;
    } else {
      in_flight_ = std::move(batch.value());
      awaiting_ = true;
      ++stats_.requests;
      return HttpRequest{"POST", "/api/v1/push", push_body(in_flight_), token_};
    }
  }
  auto cursor = replica_.store().get_meta(kPullCursorKey);
  if (!cursor) {
    fail(cursor.error());
    return std::nullopt;
  }
  PullRequest req;
  req.cursor = cursor.value() ? std::strtoll(cursor.value()->c_str(), nullptr, 10) : 0;
  req.limit = options_.pull_page;
  if (stats_.cursor_start < 0) stats_.cursor_start = stats_.cursor = req.cursor;
  awaiting_ = true;
  ++stats_.requests;
  return HttpRequest{"POST", "/api/v1/pull", to_body(req), token_};
}

std::optional<HttpRequest> SyncSession::request_ahead(const Result<HttpResponse>& response) {
  if (phase_ != Phase::kPull || !awaiting_ || ahead_ || !response || response->status != 200) return std::nullopt;
  auto page = parse_pull_response(response->body);
  if (!page) return std::nullopt;  // on_response() parses again and reports the error
  const bool more = page->has_more;
  PullRequest req;
  req.cursor = page->next_cursor;
  req.limit = options_.pull_page;
  parsed_ = std::move(page.value());
  if (!more) return std::nullopt;
  ahead_ = true;
  ++stats_.requests;
  return HttpRequest{"POST", "/api/v1/pull", to_body(req), token_};
}

void SyncSession::on_response(const Result<HttpResponse>& response) {
  if (!awaiting_) return;
  awaiting_ = false;
  const bool ahead = ahead_;
  ahead_ = false;
  if (!response) return fail(response.error());
  if (response->status != 200) return fail(parse_error_body(response->status, response->body));
  if (phase_ == Phase::kPush) {
    Status s = apply_push(response->body);
    if (!s) return fail(s.error());
    stats_.pushed += static_cast<int64_t>(in_flight_.size());
    in_flight_.clear();
  } else if (phase_ == Phase::kPull) {
    bool has_more = false;
    Status s = apply_pull(response->body, has_more);
    if (!s) return fail(s.error());
    if (!has_more) phase_ = Phase::kDone;
    else if (ahead) awaiting_ = true;  // the following page is already on its way
  }
}

Status SyncSession::apply_push(const std::string& body) {
  auto resp = parse_push_response(body);
  if (!resp) return resp.error();
  if (resp->results.size() != in_flight_.size())
    return make_error("bad_response", "the server answered a push with the wrong number of results");
  stats_.server_time_ms = resp->server_time_ms;
  stats_.clock_offset_ms = resp->server_time_ms - replica_.clock().now_ms();
  auto tx = Transaction::begin(replica_.store().db());
  if (!tx) return tx.error();
  for (size_t i = 0; i < resp->results.size(); ++i) {
    PushResult& r = resp->results[i];
    if (r.entity != in_flight_[i].entity || r.id != in_flight_[i].id)
      return make_error("bad_response", "push results are not in request order");
    if (r.state) {
      auto changed = replica_.apply_remote(std::move(*r.state));
      if (!changed) return changed.error();
      if (changed.value()) ++stats_.changed_local;
    }
    CRM_TRY(replica_.store().acknowledge(r.entity, r.id, r.vv));
  }
  CRM_TRY(replica_.save_clock());
  return tx.value()->commit();
}

Status SyncSession::apply_pull(const std::string& body, bool& has_more) {
  Result<PullResponse> resp = parsed_ ? Result<PullResponse>(std::move(*parsed_)) : parse_pull_response(body);
  parsed_.reset();
  if (!resp) return resp.error();
  stats_.server_time_ms = resp->server_time_ms;
  stats_.clock_offset_ms = resp->server_time_ms - replica_.clock().now_ms();
  auto tx = Transaction::begin(replica_.store().db());
  if (!tx) return tx.error();
  for (auto& rec : resp->records) {
    auto changed = replica_.apply_remote(std::move(rec));
    if (!changed) return changed.error();
    if (changed.value()) ++stats_.changed_local;
  }
  CRM_TRY(replica_.store().set_meta(kPullCursorKey, std::to_string(resp->next_cursor)));
  CRM_TRY(replica_.save_clock());
  CRM_TRY(tx.value()->commit());
  stats_.pulled += static_cast<int64_t>(resp->records.size());
  stats_.cursor = resp->next_cursor;
  stats_.cursor_latest = std::max(resp->latest_cursor, resp->next_cursor);
  has_more = resp->has_more;
  return ok_status();
}

Result<SyncStats> sync_once(Replica& replica, Transport& transport, const std::string& bearer_token,
                            SyncOptions options) {
  SyncSession s(replica, bearer_token, options);
  while (auto req = s.next()) s.on_response(transport.send(*req));
  if (s.failed()) return s.error();
  return s.stats();
}

}  // namespace crm
