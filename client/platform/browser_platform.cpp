#include "platform/browser_platform.h"
#include "platform/browser_files.h"

#include <emscripten.h>

#include <cstdlib>
#include <vector>

// Each EM_JS is one call into CrmHost (web/crm_host.js); strings cross as UTF-8 pointers.
// The body crosses as bytes (an attachment piece is not text), copied out of wasm memory.
EM_JS(void, crm_js_fetch, (int id, const char* method, const char* url, const char* body, int body_len,
                           const char* token, const char* content_type, const char* content_range), {
  CrmHost.fetch(id, UTF8ToString(method), UTF8ToString(url), HEAPU8.slice(body, body + body_len), UTF8ToString(token),
                UTF8ToString(content_type), UTF8ToString(content_range));
});
EM_JS(void, crm_js_locate, (int id), { CrmHost.locate(id); });
EM_JS(int, crm_js_online, (), { return CrmHost.online() ? 1 : 0; });
EM_JS(char*, crm_js_string, (int which), {
  const s = which == 0 ? CrmHost.origin() : which == 1 ? CrmHost.deviceName() : CrmHost.persistStatus().error;
  const n = lengthBytesUTF8(s) + 1;
  const p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});
EM_JS(double, crm_js_persist_number, (int which), {
  const p = CrmHost.persistStatus();
  return [p.pending, p.commits, p.lastBytes, p.lastMs, p.maxMs][which];
});
// Copies the chunks out of wasm memory: the buffer is reused as soon as this returns.
EM_JS(void, crm_js_persist, (const char* path, double size, int count, const double* indexes, const int* lengths,
                             const unsigned char* data), {
  const chunks = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const len = HEAP32[(lengths >> 2) + i];
    chunks.push([HEAPF64[(indexes >> 3) + i], HEAPU8.slice(data + offset, data + offset + len)]);
    offset += len;
  }
  CrmHost.persistCommit(UTF8ToString(path), size, chunks);
});
EM_JS(void, crm_js_canvas_size, (int* w, int* h, float* ratio), {
  const s = CrmHost.canvasSize();
  HEAP32[w >> 2] = s[0];
  HEAP32[h >> 2] = s[1];
  HEAPF32[ratio >> 2] = s[2];
});
EM_JS(void, crm_js_ime_focus, (float x, float y, float w, float h, int kind), { CrmHost.imeFocus(x, y, w, h, kind); });
EM_JS(int, crm_js_display_flags, (), { return CrmHost.displayFlags(); });
EM_JS(void, crm_js_history, (int kind, const char* address), { CrmHost.history(kind, UTF8ToString(address)); });
EM_JS(void, crm_js_open_url, (const char* url), { CrmHost.openUrl(UTF8ToString(url)); });
EM_JS(void, crm_js_copy_text, (const char* text), { CrmHost.copyText(UTF8ToString(text)); });
EM_JS(void, crm_js_open_document, (const char* html), { CrmHost.openDocument(UTF8ToString(html)); });
EM_JS(void, crm_js_semantics, (const char* json), { CrmHost.semantics(UTF8ToString(json)); });
EM_JS(char*, crm_js_address, (), {
  const s = location.hash || String();
  const n = lengthBytesUTF8(s) + 1;
  const p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});
EM_JS(void, crm_js_ime_blur, (), { CrmHost.imeBlur(); });
EM_JS(int, crm_js_activity, (), { return CrmHost.activity; });

namespace crm {
namespace {

std::string take_js_string(int which) {
  char* p = crm_js_string(which);
  std::string s(p);
  std::free(p);
  return s;
}

}  // namespace

BrowserPlatform& browser_platform() {
  static BrowserPlatform platform;
  return platform;
}

Result<BrowserPlatform*> BrowserPlatform::install() {
  BrowserPlatform& p = browser_platform();
  CRM_TRY(register_page_tracking_vfs(kBrowserVfs, &p));
  return &p;
}

void BrowserPlatform::http_send(const std::string& base_url, const HttpRequest& request,
                                std::function<void(Result<HttpResponse>)> done) {
  const int id = next_id_++;
  http_[id] = std::move(done);
  const std::string url = base_url + request.path;
  crm_js_fetch(id, request.method.c_str(), url.c_str(), request.body.data(), static_cast<int>(request.body.size()),
               request.bearer_token.c_str(), request.content_type.c_str(), request.content_range.c_str());
}

void BrowserPlatform::http_done(int id, int status, const char* body, size_t length) {
  auto it = http_.find(id);
  if (it == http_.end()) return;
  auto done = std::move(it->second);
  http_.erase(it);
  std::string text = body ? std::string(body, length) : std::string();
  if (status == 0) done(make_error("network_error", text.empty() ? "the network request failed" : text));
  else done(HttpResponse{status, std::move(text)});
}

void BrowserPlatform::locate(std::function<void(Result<GeoFix>)> done) {
  const int id = next_id_++;
  locate_[id] = std::move(done);
  crm_js_locate(id);
}

void BrowserPlatform::location_done(int id, bool ok, double lat, double lon, double accuracy, double timestamp_ms,
                                    int code) {
  auto it = locate_.find(id);
  if (it == locate_.end()) return;
  auto done = std::move(it->second);
  locate_.erase(it);
  if (ok) {
    done(GeoFix{lat, lon, accuracy, static_cast<int64_t>(timestamp_ms)});
    return;
  }
  // GeolocationPositionError codes: 1 denied, 2 unavailable, 3 timeout.
  if (code == 1) done(make_error("location_denied", "the browser was not allowed to share the position"));
  else if (code == 3) done(make_error("location_timeout", "no position fix in time"));
  else done(make_error("location_unavailable", "the position is not available"));
}

LocalFiles* BrowserPlatform::files() { return &browser_files(); }

bool BrowserPlatform::online() { return crm_js_online() != 0; }
std::string BrowserPlatform::origin() { return take_js_string(0); }
std::string BrowserPlatform::device_name() { return take_js_string(1); }

PersistStatus BrowserPlatform::persist_status() {
  PersistStatus s;
  s.pending_commits = static_cast<int>(crm_js_persist_number(0));
  s.commits = static_cast<int64_t>(crm_js_persist_number(1));
  s.last_commit_bytes = static_cast<int64_t>(crm_js_persist_number(2));
  s.last_commit_ms = crm_js_persist_number(3);
  s.max_commit_ms = crm_js_persist_number(4);
  s.error = take_js_string(2);
  return s;
}

void BrowserPlatform::on_commit(const FileCommit& commit) {
  std::vector<double> indexes;
  std::vector<int> lengths;
  std::string data;
  for (const auto& c : commit.chunks) {
    indexes.push_back(static_cast<double>(c.index));
    lengths.push_back(static_cast<int>(c.bytes.size()));
    data += c.bytes;
  }
  crm_js_persist(commit.path.c_str(), static_cast<double>(commit.size), static_cast<int>(indexes.size()),
                 indexes.data(), lengths.data(), reinterpret_cast<const unsigned char*>(data.data()));
}

void BrowserPlatform::canvas_size(int& width, int& height, float& ratio) { crm_js_canvas_size(&width, &height, &ratio); }
void BrowserPlatform::text_input_focus(float x, float y, float w, float h, int kind) { crm_js_ime_focus(x, y, w, h, kind); }
bool BrowserPlatform::coarse_pointer() { return (crm_js_display_flags() & 1) != 0; }
bool BrowserPlatform::prefers_dark() { return (crm_js_display_flags() & 2) != 0; }
void BrowserPlatform::history(int kind, const std::string& address) { crm_js_history(kind, address.c_str()); }
void BrowserPlatform::open_url(const std::string& url) { crm_js_open_url(url.c_str()); }
void BrowserPlatform::copy_text(const std::string& text) { crm_js_copy_text(text.c_str()); }
void BrowserPlatform::open_document(const std::string& html) { crm_js_open_document(html.c_str()); }
void BrowserPlatform::semantics(const std::string& json) { crm_js_semantics(json.c_str()); }
std::string BrowserPlatform::address() {
  char* p = crm_js_address();
  std::string s(p);
  std::free(p);
  return s;
}
void BrowserPlatform::text_input_blur() { crm_js_ime_blur(); }
int BrowserPlatform::input_activity() { return crm_js_activity(); }

}  // namespace crm
