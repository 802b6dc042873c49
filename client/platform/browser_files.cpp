#include "platform/browser_files.h"

#include <emscripten.h>

#include <utility>

EM_JS(void, crm_js_pick_photo, (int id), { CrmFiles.pickPhoto(id); });
EM_JS(int, crm_js_file_has, (const char* sha), { return CrmFiles.has(UTF8ToString(sha)) ? 1 : 0; });
EM_JS(void, crm_js_file_read, (int id, const char* sha), { CrmFiles.read(id, UTF8ToString(sha)); });
EM_JS(void, crm_js_file_write, (int id, const char* sha, const char* bytes, int length),
      { CrmFiles.write(id, UTF8ToString(sha), bytes, length); });
EM_JS(void, crm_js_files_clear, (), { CrmFiles.clear(); });
EM_JS(void, crm_js_thumbnail, (int id, const char* sha, int px), { CrmFiles.thumbnail(id, UTF8ToString(sha), px); });

namespace crm {
namespace {

template <typename Map>
typename Map::mapped_type take(Map& m, int id) {
  auto it = m.find(id);
  if (it == m.end()) return {};
  auto f = std::move(it->second);
  m.erase(it);
  return f;
}

Error error_of(const char* code) {
  const std::string c = code && *code ? code : "storage_failed";
  if (c == "cancelled") return make_error(c, "no photo was taken");
  if (c == "unsupported_type") return make_error(c, "the file is not an image this browser can read");
  if (c == "hash_mismatch") return make_error(c, "the file does not match its SHA-256");
  if (c == "not_found") return make_error(c, "the file is not on this device");
  return make_error(c, "the device's storage failed");
}

}  // namespace

BrowserFiles& browser_files() {
  static BrowserFiles files;
  return files;
}

void BrowserFiles::pick_photo(std::function<void(Result<PickedPhoto>)> done) {
  const int id = next_id_++;
  picks_.clear();  // a new request supersedes one the user never answered
  picks_[id] = std::move(done);
  crm_js_pick_photo(id);
}

bool BrowserFiles::has(const std::string& sha256) { return crm_js_file_has(sha256.c_str()) != 0; }

void BrowserFiles::read(const std::string& sha256, std::function<void(Result<std::string>)> done) {
  const int id = next_id_++;
  reads_[id] = std::move(done);
  crm_js_file_read(id, sha256.c_str());
}

void BrowserFiles::write(const std::string& sha256, std::string bytes, std::function<void(Status)> done) {
  const int id = next_id_++;
  writes_[id] = std::move(done);
  crm_js_file_write(id, sha256.c_str(), bytes.data(), static_cast<int>(bytes.size()));
}

void BrowserFiles::clear() { crm_js_files_clear(); }

void BrowserFiles::thumbnail(const std::string& sha256, int px, ThumbnailDone done) {
  const int id = next_id_++;
  thumbnails_[id] = std::move(done);
  crm_js_thumbnail(id, sha256.c_str(), px);
}

void BrowserFiles::photo_picked(int id, bool ok, const char* sha, double size, const char* name, int w, int h,
                                const char* code) {
  auto done = take(picks_, id);
  if (!done) return;
  if (!ok) return done(error_of(code));
  done(PickedPhoto{sha ? sha : "", "image/jpeg", static_cast<int64_t>(size), name ? name : "", w, h});
}

void BrowserFiles::read_done(int id, bool ok, const char* bytes, size_t length, const char* code) {
  auto done = take(reads_, id);
  if (!done) return;
  if (!ok) return done(error_of(code));
  done(std::string(bytes, length));
}

void BrowserFiles::write_done(int id, const char* code) {
  auto done = take(writes_, id);
  if (!done) return;
  if (code && *code) done(error_of(code));
  else done(ok_status());
}

void BrowserFiles::thumbnail_done(int id, int w, int h, const unsigned char* rgba) {
  auto done = take(thumbnails_, id);
  if (done) done(w, h, rgba);
}

}  // namespace crm
