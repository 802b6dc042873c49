// SqliteServerStore: the attachment links (storage/attachment_links.h), table `attachments` of
// migration 5.
#include "storage/sqlite_server_store.h"

namespace crm::server {
namespace {

constexpr const char* kColumns = "sha256, entity, id, size, mime, uploaded_by, at";

AttachmentLink link_from_row(const Statement& r) {
  return AttachmentLink{r.column_text(0), RecordKey{r.column_text(1), r.column_text(2)}, r.column_int(3),
                        r.column_text(4), r.column_int(5), r.column_int(6)};
}

}  // namespace

Status SqliteServerStore::link_attachment(const AttachmentLink& a) {
  std::lock_guard lock(mu_);
  auto st = cached("INSERT INTO attachments(sha256, entity, id, size, mime, uploaded_by, at) VALUES(?,?,?,?,?,?,?) "
                   "ON CONFLICT(entity, id, sha256) DO NOTHING");
  if (!st) return st.error();
  (*st)->bind(1, a.sha256).bind(2, a.record.entity).bind(3, a.record.id).bind(4, a.size).bind(5, a.mime);
  return (*st)->bind(6, a.uploaded_by).bind(7, a.at_ms).run();
}

Result<std::vector<AttachmentLink>> SqliteServerStore::attachments_of(const RecordKey& record) {
  std::lock_guard lock(mu_);
  auto st = cached("SELECT " + std::string(kColumns) +
                   " FROM attachments WHERE entity = ? AND id = ? ORDER BY at, sha256");
  if (!st) return st.error();
  std::vector<AttachmentLink> out;
  (*st)->bind(1, record.entity).bind(2, record.id);
  CRM_TRY((*st)->for_each_row([&](const Statement& r) { out.push_back(link_from_row(r)); }));
  return out;
}

Result<std::optional<AttachmentLink>> SqliteServerStore::find_attachment(const RecordKey& record,
                                                                         const std::string& sha256) {
  std::lock_guard lock(mu_);
  auto st = cached("SELECT " + std::string(kColumns) + " FROM attachments WHERE entity = ? AND id = ? AND sha256 = ?");
  if (!st) return st.error();
  (*st)->bind(1, record.entity).bind(2, record.id).bind(3, sha256);
  auto row = (*st)->step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<AttachmentLink>();
  AttachmentLink link = link_from_row(**st);
  (*st)->reset();
  return std::optional<AttachmentLink>(std::move(link));
}

}  // namespace crm::server
