#include "sync/sync_session.h"

#include <algorithm>

#include "model/configuration.h"

#include <cstdlib>

#include "sync/protocol.h"
#include "crdt/record_codec.h"

namespace crm {

SyncSession::SyncSession(Replica& replica, std::string bearer_token, SyncOptions options)
    : replica_(replica), token_(std::move(bearer_token)), options_(options) {}

void SyncSession::fail(Error e) {
  error_ = std::move(e);
  phase_ = Phase::kFailed;
}

std::optional<HttpRequest> SyncSession::next() {
  if (awaiting_ || phase_ == Phase::kDone || phase_ == Phase::kFailed) return std::nullopt;
  if (refresh_due_) {
    refresh_due_ = false;
    refreshing_ = true;
    awaiting_ = true;
    ++stats_.requests;
    return HttpRequest{"POST", "/api/v1/refresh", refresh_body(options_.refresh_token), ""};
  }
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
      // Configuration (custom fields, picklist values) goes in a batch of its own, first: the
      // server applies it when that batch commits, so records using a new field or value, in
      // the next batch, are judged with it.
      auto& records = batch.value();
      auto is_config = [](const RawRecord& r) { return is_configuration_entity(r.entity); };
      if (std::any_of(records.begin(), records.end(), is_config) && !std::all_of(records.begin(), records.end(), is_config))
        records.erase(std::remove_if(records.begin(), records.end(), [&](const RawRecord& r) { return !is_config(r); }),
                      records.end());
      in_flight_ = std::move(records);
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
  if (refreshing_) {
    refreshing_ = false;
    if (response->status != 200) return fail(parse_error_body(response->status, response->body));
    auto login = parse_login_response(response->body);
    if (!login) return fail(login.error());
    token_ = login->token;
    if (!login->refresh_token.empty()) options_.refresh_token = login->refresh_token;
    refreshed_ = true;
    return;  // next() repeats the request that found the token expired
  }
  if (response->status != 200) {
    Error e = parse_error_body(response->status, response->body);
    // Once per session: a refresh that is itself answered "expired" must not loop.
    if (e.code == "token_expired" && !options_.refresh_token.empty() && !refreshed_) {
      refresh_due_ = true;
      return;
    }
    // The server holds fewer changes than this device pulled (restored from a backup): pull
    // everything again and merge it (nothing local is dropped). Once per session.
    if (e.code == "cursor_ahead" && phase_ == Phase::kPull && !repulled_) {
      repulled_ = true;
      Status s = replica_.store().set_meta(kPullCursorKey, "0");
      if (!s) return fail(s.error());
      stats_.cursor_start = -1;
      return;
    }
    return fail(std::move(e));
  }
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
    const RecordKey key{r.entity, r.id};
    if (r.rejected) {
      // Kept on the device for a person to decide; the rest of the outbox goes on.
      CRM_TRY(replica_.store().set_attention(key, r.rejected->code, r.rejected->message, replica_.clock().now_ms()));
      ++stats_.rejected;
      continue;
    }
    CRM_TRY(replica_.store().clear_attention(key));
    if (r.state) {
      auto changed = replica_.apply_remote(std::move(*r.state));
      if (!changed) return changed.error();
      if (changed.value()) ++stats_.changed_local;
    }
    CRM_TRY(replica_.store().acknowledge(r.entity, r.id, r.vv));
  }
  CRM_TRY(replica_.save_clock());
  CRM_TRY(tx.value()->commit());
  return replica_.refresh_configuration();
}

Status SyncSession::apply_pull(const std::string& body, bool& has_more) {
  Result<PullResponse> resp = parsed_ ? Result<PullResponse>(std::move(*parsed_)) : parse_pull_response(body);
  parsed_.reset();
  if (!resp) return resp.error();
  stats_.server_time_ms = resp->server_time_ms;
  stats_.clock_offset_ms = resp->server_time_ms - replica_.clock().now_ms();
  RecordStore& store = replica_.store();
  auto tx = Transaction::begin(store.db());
  if (!tx) return tx.error();
  if (resp->reset) {
    // The user's scope changed as a whole: pull it again from the start, then drop what the
    // server did not send again.
    CRM_TRY(store.begin_resync());
    CRM_TRY(store.set_meta(kResyncKey, "1"));
  }
  auto resync = store.get_meta(kResyncKey);
  if (!resync) return resync.error();
  const bool resyncing = resync.value() && *resync.value() == "1";
  for (const auto& key : resp->removed) {
    auto dropped = replica_.apply_removal(key);
    if (!dropped) return dropped.error();
    if (dropped.value()) ++stats_.removed;
  }
  for (auto& rec : resp->records) {
    if (resyncing) CRM_TRY(store.unmark_resync(RecordKey{rec.entity, rec.id}));
    auto changed = replica_.apply_remote(std::move(rec));
    if (!changed) return changed.error();
    if (changed.value()) ++stats_.changed_local;
  }
  if (resyncing && !resp->has_more) {
    auto leftover = store.end_resync();
    if (!leftover) return leftover.error();
    for (const auto& key : leftover.value()) {
      auto dropped = replica_.apply_removal(key);
      if (!dropped) return dropped.error();
      if (dropped.value()) ++stats_.removed;
    }
    CRM_TRY(store.set_meta(kResyncKey, "0"));
  }
  CRM_TRY(store.set_meta(kPullCursorKey, std::to_string(resp->next_cursor)));
  CRM_TRY(replica_.save_clock());
  CRM_TRY(tx.value()->commit());
  CRM_TRY(replica_.refresh_configuration());
  stats_.pulled += static_cast<int64_t>(resp->records.size());
  if (resp->reset) stats_.cursor_start = 0;
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
