#include "app/attachment_transfer.h"

#include <algorithm>

#include "sync/protocol.h"

namespace crm {
namespace {

// Uploads waiting for a sync, kept across reloads: [{sha256, entity, id, size}].
constexpr const char* kPendingUploadsKey = "attachments.pending_upload";

std::string endpoint(const AttachmentTarget& t, const char* suffix = "") {
  return "/api/v1/attachments/" + t.sha256 + suffix + "?entity=" + t.entity + "&id=" + t.id;
}

// Answers that mean "not now" rather than "never": the record is not on the server yet (404), the
// token needs the next sync to renew it (401), the server is busy (429, 5xx).
bool try_later(int status) { return status == 404 || status == 401 || status == 429 || status >= 500; }

}  // namespace

void AttachmentTransfer::open(RecordStore* store) {
  stop();
  store_ = store;
  pending_.clear();
  upload_failed_.clear();
  if (!store_) return;
  auto stored = store_->get_meta(kPendingUploadsKey);
  if (!stored || !stored.value()) return;
  const Json list = Json::parse(*stored.value(), nullptr, false);
  if (!list.is_array()) return;
  for (const auto& j : list)
    if (j.is_object())
      pending_.push_back(AttachmentTarget{j.value("sha256", ""), j.value("entity", ""), j.value("id", ""),
                                          j.value("size", int64_t{0})});
}

void AttachmentTransfer::save_pending() {
  if (!store_) return;
  Json list = Json::array();
  for (const auto& t : pending_)
    list.push_back({{"sha256", t.sha256}, {"entity", t.entity}, {"id", t.id}, {"size", t.size}});
  (void)store_->set_meta(kPendingUploadsKey, list.dump());
}

Status AttachmentTransfer::queue_upload(const AttachmentTarget& target) {
  if (!store_) return make_error("not_open", "the local store is not open");
  for (const auto& t : pending_)
    if (t.sha256 == target.sha256 && t.entity == target.entity && t.id == target.id) return ok_status();
  pending_.push_back(target);
  upload_failed_.erase(target.sha256);
  save_pending();
  return ok_status();
}

void AttachmentTransfer::stop() {
  ++serial_;
  uploading_.reset();
  downloads_.clear();
}

void AttachmentTransfer::send(HttpRequest request, std::function<void(const Result<HttpResponse>&)> done) {
  request.bearer_token = token_;
  const uint64_t serial = serial_;
  platform_.http_send(server_, request, [this, serial, done = std::move(done)](Result<HttpResponse> r) {
    if (serial == serial_) done(r);
  });
}

void AttachmentTransfer::start_uploads(const std::string& server, const std::string& token) {
  server_ = server;
  token_ = token;
  if (!uploading_) next_upload();
}

void AttachmentTransfer::next_upload() {
  LocalFiles* files = platform_.files();
  while (!pending_.empty() && !uploading_) {
    const AttachmentTarget t = pending_.front();
    if (!files || !files->has(t.sha256)) {
      // The bytes are gone from this device (storage cleared): nothing can send them any more.
      upload_failed_[t.sha256] = "not_found";
      pending_.erase(pending_.begin());
      save_pending();
      continue;
    }
    uploading_ = Upload{t, {}, 0, 0, clock_.now_ms(), 0};
    ask_status();
  }
}

void AttachmentTransfer::ask_status() {
  send(HttpRequest{"GET", endpoint(uploading_->target, "/status"), "", ""},
       [this](const Result<HttpResponse>& r) { on_upload_answer(r); });
}

void AttachmentTransfer::send_piece() {
  Upload& u = *uploading_;
  if (u.bytes.empty()) {
    // Read once, when the first piece is due; the answer comes back here.
    const uint64_t serial = serial_;
    platform_.files()->read(u.target.sha256, [this, serial](Result<std::string> bytes) {
      if (serial != serial_ || !uploading_) return;
      if (!bytes) return finish_upload(bytes.error().code);
      if (bytes->empty()) return finish_upload("not_found");
      uploading_->bytes = std::move(bytes.value());
      send_piece();
    });
    return;
  }
  const int64_t total = static_cast<int64_t>(u.bytes.size());
  const int64_t first = std::min(u.received, total - 1);
  const int64_t last = std::min(total, first + kUploadPieceBytes) - 1;
  HttpRequest req{"PUT", endpoint(u.target), u.bytes.substr(first, last - first + 1), ""};
  req.content_type = "application/octet-stream";
  req.content_range = "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" + std::to_string(total);
  ++u.pieces;
  send(std::move(req), [this](const Result<HttpResponse>& r) { on_upload_answer(r); });
}

void AttachmentTransfer::on_upload_answer(const Result<HttpResponse>& r) {
  if (!uploading_) return;
  Upload& u = *uploading_;
  if (!r || try_later(r->status)) {
    // A cut connection or "not yet": the upload stays waiting; the next sync resumes it from what
    // the server holds.
    uploading_.reset();
    return;
  }
  if (r->status == 409) return ask_status();  // offset_mismatch: the server holds another amount
  if (r->status != 200) {
    const Error e = parse_error_body(r->status, r->body);
    if (e.code == "hash_mismatch" && ++u.restarts <= 1) {
      u.received = 0;
      return send_piece();
    }
    return finish_upload(e.code.empty() ? "http_" + std::to_string(r->status) : e.code);
  }
  const Json j = Json::parse(r->body, nullptr, false);
  if (!j.is_object()) return finish_upload("bad_response");
  if (j.value("complete", false)) {
    last_upload_ = UploadStats{j.value("size", int64_t{0}), u.pieces, static_cast<double>(clock_.now_ms() - u.started_ms)};
    return finish_upload("");
  }
  u.received = j.value("received", int64_t{0});
  send_piece();
}

void AttachmentTransfer::finish_upload(const std::string& failure) {
  const AttachmentTarget t = uploading_->target;
  uploading_.reset();
  pending_.erase(std::remove_if(pending_.begin(), pending_.end(),
                                [&](const AttachmentTarget& p) {
                                  return p.sha256 == t.sha256 && p.entity == t.entity && p.id == t.id;
                                }),
                 pending_.end());
  save_pending();
  if (!failure.empty()) upload_failed_[t.sha256] = failure;
  next_upload();
}

void AttachmentTransfer::fetch(const AttachmentTarget& t, const std::string& server, const std::string& token) {
  LocalFiles* files = platform_.files();
  if (!files || files->has(t.sha256) || token.empty()) return;
  auto it = downloads_.find(t.sha256);
  if (it != downloads_.end()) {
    if (it->second.kind == FileState::Kind::kDownloading) return;
    // A refusal stands; a network failure is tried again after a while.
    if (it->second.error != "network_error" || clock_.now_ms() - failed_at_[t.sha256] < kRetryMs) return;
  }
  server_ = server;
  token_ = token;
  downloads_[t.sha256] = FileState{FileState::Kind::kDownloading, 0, t.size, ""};
  const std::string sha = t.sha256;
  auto fail = [this, sha](const std::string& code) {
    downloads_[sha] = FileState{FileState::Kind::kFailed, 0, 0, code};
    failed_at_[sha] = clock_.now_ms();
  };
  send(HttpRequest{"GET", endpoint(t), "", ""}, [this, sha, fail](const Result<HttpResponse>& r) {
    if (!r) return fail("network_error");
    if (r->status != 200) {
      const Error e = parse_error_body(r->status, r->body);
      return fail(e.code.empty() ? "http_" + std::to_string(r->status) : e.code);
    }
    const uint64_t serial = serial_;
    platform_.files()->write(sha, r->body, [this, serial, sha, fail](Status s) {
      if (serial != serial_) return;
      if (!s) return fail(s.error().code);
      downloads_.erase(sha);
      failed_at_.erase(sha);
    });
  });
}

FileState AttachmentTransfer::state(const std::string& sha256) const {
  using K = FileState::Kind;
  if (uploading_ && uploading_->target.sha256 == sha256)
    return FileState{K::kUploading, uploading_->received,
                     uploading_->bytes.empty() ? uploading_->target.size : static_cast<int64_t>(uploading_->bytes.size()),
                     ""};
  auto failed = upload_failed_.find(sha256);
  if (failed != upload_failed_.end()) return FileState{K::kFailed, 0, 0, failed->second};
  LocalFiles* files = platform_.files();
  if (files && files->has(sha256)) {
    for (const auto& t : pending_)
      if (t.sha256 == sha256) return FileState{K::kWaiting, 0, t.size, ""};
    return FileState{K::kLocal, 0, 0, ""};
  }
  auto it = downloads_.find(sha256);
  if (it != downloads_.end()) return it->second;
  return FileState{K::kRemote, 0, 0, ""};
}

}  // namespace crm
