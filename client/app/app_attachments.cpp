// The app's photo actions: a photo taken or picked for a record becomes an `attachment` record
// (synced like any record) whose bytes wait on the device for the next sync to upload them; a
// page showing another device's photo fetches its bytes on demand.
#include <algorithm>

#include "app/app.h"
#include "core/time_format.h"

namespace crm {
namespace {

std::string text(const std::map<std::string, Json>& v, const char* field) {
  auto it = v.find(field);
  return it != v.end() && it->second.is_string() ? it->second.get<std::string>() : std::string();
}

AttachmentTarget target_of(const std::map<std::string, Json>& a) {
  auto size = a.find("size");
  return AttachmentTarget{text(a, "sha256"), text(a, "record_entity"), text(a, "record_id"),
                          size != a.end() && size->second.is_number() ? size->second.get<int64_t>() : 0};
}

}  // namespace

void App::add_photo(const std::string& entity, const std::string& id) {
  LocalFiles* files = platform_.files();
  // A new request supersedes one still open (a picker closed without a word from the browser).
  const uint64_t serial = photo_.serial + 1;
  photo_ = PhotoRequest{serial, true, entity, id, "", {}};
  if (!files) {
    photo_.busy = false;
    photo_.error = make_error("unsupported", "this device cannot keep photos");
    return;
  }
  files->pick_photo([this, serial](Result<PickedPhoto> photo) {
    if (serial != photo_.serial) return;
    finish_photo(photo);
  });
}

void App::finish_photo(const Result<PickedPhoto>& photo) {
  photo_.busy = false;
  if (!photo) {
    photo_.error = photo.error();
    return;
  }
  if (!replica_ || !values(photo_.entity, photo_.id)) {
    photo_.error = make_error("not_found", "the record no longer exists");
    return;
  }
  const PickedPhoto& p = photo.value();
  FieldValues v{{"record_entity", photo_.entity}, {"record_id", photo_.id}, {"sha256", p.sha256},
                {"mime", p.mime},                 {"size", p.size},         {"taken_at", iso8601_utc(clock_.now_ms())}};
  if (!p.file_name.empty()) v["file_name"] = p.file_name.substr(0, 255);
  auto created = replica_->create("attachment", v);
  if (!created) {
    photo_.error = created.error();
    return;
  }
  photo_.attachment_id = created->id;
  if (Status s = transfer_.queue_upload(AttachmentTarget{p.sha256, photo_.entity, photo_.id, p.size}); !s)
    photo_.error = s.error();
  after_local_change();
}

std::vector<const ListRow*> App::attachments(const std::string& entity, const std::string& id) {
  std::vector<const ListRow*> out;
  for (const ListRow* r : children(id, "attachment"))
    if (text(r->values, "record_entity") == entity) out.push_back(r);
  return out;
}

FileState App::file_state(const std::map<std::string, Json>& attachment) {
  return transfer_.state(text(attachment, "sha256"));
}

void App::fetch_file(const std::map<std::string, Json>& attachment) {
  if (!signed_in()) return;
  transfer_.fetch(target_of(attachment), session_.server, session_.token);
}

}  // namespace crm
