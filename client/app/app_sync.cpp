// The app's side of background sync: when to start (SyncScheduler), driving a SyncSession over
// the platform's asynchronous HTTP, and what a finished session changes in the app.
#include "app/app.h"
#include "app/meta_keys.h"

namespace crm {

void App::tick() {
  if (!replica_) return;
  const int64_t now = clock_.now_ms();
  if (signed_in() && !sync_.running && scheduler_.due(now) && platform_.online()) start_sync();
}

// The outbox changes only through the app (its edits, a finished sync, a reopened store), and each
// of those counts it again: no polling.
void App::refresh_unsynced() {
  auto n = replica_->store().outbox_size();
  if (n) sync_.unsynced = n.value();
}

void App::after_local_change() {
  refresh_unsynced();
  scheduler_.request(clock_.now_ms(), SyncSchedule{}.after_edit_ms);
}

void App::sync_now() {
  // A sync that is running may have started before the edit the user wants sent.
  if (sync_.running) sync_again_ = true;
  else scheduler_.request(clock_.now_ms(), 0, true);
}
void App::on_online() { scheduler_.request(clock_.now_ms(), 0, true); }

void App::on_hidden() {
  if (sync_.unsynced > 0) scheduler_.request(clock_.now_ms(), 0, true);
  tick();
}

void App::start_sync() {
  SyncOptions options;
  options.refresh_token = meta(kRefreshKey);
  session_sync_ = std::make_unique<SyncSession>(*replica_, session_.token, options);
  ++sync_serial_;
  sync_answered_ = false;
  sync_.running = true;
  sync_started_ms_ = clock_.now_ms();
  sync_.full_sync = false;
  sync_.progress_done = sync_.progress_total = 0;
  pump_sync();
}

void App::pump_sync() {
  const SyncStats& st = session_sync_->stats();
  if (st.cursor_start == 0 && st.cursor_latest > 0) {
    sync_.full_sync = true;
    sync_.progress_done = st.cursor;
    sync_.progress_total = st.cursor_latest;
  }
  auto req = session_sync_->next();
  if (req) send_sync_request(*req);
  else if (!session_sync_->awaiting()) finish_sync();
}

void App::send_sync_request(const HttpRequest& req) {
  const uint64_t serial = sync_serial_;
  platform_.http_send(session_.server, req, [this, serial](Result<HttpResponse> r) {
    if (serial != sync_serial_ || !session_sync_) return;  // that session ended (failed, signed out)
    if (r && r->status == 200) sync_answered_ = true;
    // Ask for the following pull page first: the network works while this page is applied.
    if (auto ahead = session_sync_->request_ahead(r)) send_sync_request(*ahead);
    session_sync_->on_response(r);
    pump_sync();
  });
}

void App::finish_sync() {
  const int64_t now = clock_.now_ms();
  sync_.running = false;
  sync_.last_started_ms = sync_started_ms_;
  sync_.last_finished_ms = now;
  sync_.last_pulled = session_sync_->stats().pulled;
  sync_.last_pushed = session_sync_->stats().pushed;
  if (session_sync_->token_refreshed()) {
    session_.token = session_sync_->token();
    (void)set_meta(kTokenKey, session_.token);
    (void)set_meta(kRefreshKey, session_sync_->refresh_token());
  }
  ++data_version_;  // the attention list may have changed (rejected pushes, removals)
  if (session_sync_->failed()) {
    sync_.last_error = session_sync_->error();
    if (sync_.last_error.code == "device_revoked") {
      // A lost or stolen device: an admin revoked it, so nothing of the company's data stays.
      session_sync_.reset();
      (void)reset_device();
      sign_out();
      notice_ = "device_revoked";
      return;
    }
    // token_expired reaches here only when the refresh token could not renew it (none stored,
    // or it expired too): the user must sign in again.
    if (sync_.last_error.code == "unauthorized" || sync_.last_error.code == "token_expired") {
      // Expired or revoked: back to sign-in; unsynced changes stay in the outbox.
      sign_out();
      notice_ = "session_expired";
    } else {
      scheduler_.on_failure(now);
      // An answer whose transaction rolled back was already shown by the observer. (A network
      // failure applied nothing: no reload, which costs ~0.5 s at 100,000 customers.)
      if (sync_answered_) (void)views_.load(replica_->store());
    }
  } else {
    sync_.last_error = {};
    remember_sync_success(now);
    settle_after_sync();
    const SyncStats& st = session_sync_->stats();
    if (st.server_time_ms > 0) {
      sync_.clock_offset_ms = -st.clock_offset_ms;  // device minus server
      stamp_clock_offsets(*sync_.clock_offset_ms);
    }
    scheduler_.on_success(now);
    // The records are on the server now: their files can follow.
    transfer_.start_uploads(session_.server, session_.token);
  }
  session_sync_.reset();
  ++sync_serial_;
  refresh_unsynced();
  // Edits made while the session ran (or the offsets just stamped) go out soon.
  if (sync_.unsynced > 0 && sync_.last_error.code.empty()) scheduler_.request(now, SyncSchedule{}.after_edit_ms);
  if (sync_again_) scheduler_.request(now, 0, true);
  sync_again_ = false;
}

}  // namespace crm
