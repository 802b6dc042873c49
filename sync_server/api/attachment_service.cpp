#include "api/attachment_service.h"

#include <charconv>

#include "core/uuid.h"
#include "model/entity_rules.h"
#include "sync/protocol.h"

namespace crm::server {
namespace {

bool parse_int(std::string_view s, int64_t& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && out >= 0;
}

ApiResponse json_ok(const Json& j) { return ApiResponse{200, j.dump()}; }

}  // namespace

Result<ByteRange> parse_content_range(std::string_view h) {
  auto bad = [&] { return make_error("bad_range", "Content-Range must be 'bytes FIRST-LAST/TOTAL'"); };
  if (h.substr(0, 6) != "bytes ") return bad();
  h.remove_prefix(6);
  const size_t dash = h.find('-'), slash = h.find('/');
  if (dash == std::string_view::npos || slash == std::string_view::npos || slash < dash) return bad();
  ByteRange r;
  if (!parse_int(h.substr(0, dash), r.first) || !parse_int(h.substr(dash + 1, slash - dash - 1), r.last) ||
      !parse_int(h.substr(slash + 1), r.total))
    return bad();
  if (r.first > r.last || r.last >= r.total) return make_error("bad_range", "Content-Range is outside the file");
  return r;
}

std::optional<std::string> sniff_attachment_type(std::string_view b) {
  auto starts = [&](std::string_view magic, size_t at = 0) { return b.size() >= at + magic.size() && b.substr(at, magic.size()) == magic; };
  if (starts("\xFF\xD8\xFF")) return "image/jpeg";
  if (starts(std::string_view("\x89PNG\r\n\x1A\n", 8))) return "image/png";
  if (starts("RIFF") && starts("WEBP", 8)) return "image/webp";
  if (starts("%PDF-")) return "application/pdf";
  return std::nullopt;
}

std::string AttachmentService::upload_key(const Session& session, const std::string& sha256) {
  return sha256 + "-" + std::to_string(session.user_id);
}

Status AttachmentService::check_access(const Session& session, const RecordKey& record, bool write) {
  const EntitySchema* schema = find_schema(record.entity);
  if (!schema) return make_error("unknown_entity", "unknown entity '" + record.entity + "'", "entity");
  if (!is_uuid(record.id)) return make_error("invalid_id", "record id must be a UUID: '" + record.id + "'", "id");
  auto scope = records_.scope_of(record);
  if (!scope) return scope.error();
  if (!scope.value())
    return make_error("not_found", "the server holds no " + record.entity + " " + record.id +
                                       " (a record is pushed before its attachments)");
  auto org = accounts_.load_org();
  if (!org) return org.error();
  const ScopeFilter filter = filter_of(org->scope_of(session.user_id));
  auto seen = sees(filter, record, *scope.value(),
                   [&](const RecordKey& k, const std::string& child) { return records_.has_child(k, child); });
  if (!seen) return seen.error();
  if (!seen.value()) return make_error("forbidden", "this record is outside your data scope");
  // Organisation-wide data (a product's data sheet) is written only by the roles its schema names.
  if (write) {
    const auto* writers = organisation_writers(*schema);
    if (writers && !role_in(*writers, session.role))
      return make_error("forbidden", "your role may not change " + record.entity + " records");
  }
  return ok_status();
}

Status AttachmentService::check_target(const Session& session, const AttachmentTarget& t, bool write) {
  if (!is_sha256_hex(t.sha256))
    return make_error("invalid_hash", "an attachment is named by its SHA-256 in lower-case hex");
  return check_access(session, t.record, write);
}

ApiResponse AttachmentService::upload(const Session& session, const AttachmentTarget& t,
                                      const std::optional<ByteRange>& range, const std::string& body) {
  if (Status s = check_target(session, t, true); !s) return error_response(s.error());
  const ByteRange r = range ? *range : ByteRange{0, static_cast<int64_t>(body.size()) - 1, static_cast<int64_t>(body.size())};
  if (r.total > options_.max_bytes)
    return error_response(make_error("too_large", "an attachment may hold at most " +
                                                      std::to_string(options_.max_bytes) + " bytes; this one has " +
                                                      std::to_string(r.total)));
  if (r.total == 0) return error_response(make_error("unsupported_type", "the file is empty"));
  if (r.last - r.first + 1 != static_cast<int64_t>(body.size()))
    return error_response(make_error("bad_range", "the body holds " + std::to_string(body.size()) +
                                                      " bytes, Content-Range names " + std::to_string(r.last - r.first + 1)));
  const std::string key = upload_key(session, t.sha256);
  // Refused early when the first piece already shows the type (12 bytes tell every accepted one).
  if (r.first == 0 && (body.size() >= 12 || r.total == static_cast<int64_t>(body.size())) &&
      !sniff_attachment_type(body))
    return error_response(make_error("unsupported_type", "only JPEG, PNG and WebP images and PDF files are accepted"));

  std::lock_guard lock(uploads_mu_);
  if (Status s = files_.append(key, r.first, body); !s) return error_response(s.error());
  const int64_t held = files_.partial_size(key);
  Json answer = {{"sha256", t.sha256}, {"received", held}, {"size", r.total}, {"complete", false}};
  if (held < r.total) return json_ok(answer);
  if (held > r.total) {
    files_.discard(key);
    return error_response(make_error("bad_range", "more bytes than the file's size were sent; the upload was dropped"));
  }
  auto head = files_.partial_head(key, 16);
  if (!head) return error_response(head.error());
  const auto mime = sniff_attachment_type(head.value());
  if (!mime) {
    files_.discard(key);
    return error_response(make_error("unsupported_type", "only JPEG, PNG and WebP images and PDF files are accepted"));
  }
  if (Status s = files_.complete(key, t.sha256); !s) return error_response(s.error());
  if (Status s = links_.link_attachment(AttachmentLink{t.sha256, t.record, r.total, *mime, session.user_id,
                                                       clock_.now_ms()});
      !s)
    return error_response(s.error());
  answer["complete"] = true;
  answer["mime"] = *mime;
  return json_ok(answer);
}

ApiResponse AttachmentService::status(const Session& session, const AttachmentTarget& t) {
  if (Status s = check_target(session, t, true); !s) return error_response(s.error());
  auto link = links_.find_attachment(t.record, t.sha256);
  if (!link) return error_response(link.error());
  if (link.value())
    return json_ok({{"sha256", t.sha256}, {"received", link.value()->size}, {"size", link.value()->size},
                    {"complete", true}, {"mime", link.value()->mime}});
  std::lock_guard lock(uploads_mu_);
  return json_ok({{"sha256", t.sha256}, {"received", files_.partial_size(upload_key(session, t.sha256))},
                  {"complete", false}});
}

ApiResponse AttachmentService::download(const Session& session, const AttachmentTarget& t) {
  if (Status s = check_target(session, t, false); !s) return error_response(s.error());
  auto link = links_.find_attachment(t.record, t.sha256);
  if (!link) return error_response(link.error());
  if (!link.value())
    return error_response(make_error("not_found", t.record.entity + " " + t.record.id + " has no attachment " + t.sha256));
  auto bytes = files_.read(t.sha256);
  if (!bytes) return error_response(bytes.error());
  ApiResponse out{200, std::move(bytes.value())};
  out.content_type = link.value()->mime;
  return out;
}

int AttachmentService::drop_stale_uploads() {
  std::lock_guard lock(uploads_mu_);  // not while a piece is being appended
  return files_.drop_stale_partials(clock_.now_ms(), options_.stale_upload_ms);
}

ApiResponse AttachmentService::list(const Session& session, const RecordKey& record) {
  if (Status s = check_access(session, record, false); !s) return error_response(s.error());
  auto links = links_.attachments_of(record);
  if (!links) return error_response(links.error());
  auto org = accounts_.load_org();
  if (!org) return error_response(org.error());
  Json items = Json::array();
  for (const auto& l : links.value()) {
    const OrgUser* u = org->user(l.uploaded_by);
    items.push_back({{"sha256", l.sha256}, {"size", l.size}, {"mime", l.mime},
                     {"uploaded_by", u ? u->username : std::string()}, {"at_ms", l.at_ms}});
  }
  return json_ok({{"entity", record.entity}, {"id", record.id}, {"attachments", items}});
}

}  // namespace crm::server
