// The Platform of the browser build: every browser API the app uses goes through the small
// JavaScript host in web/crm_host.js (CrmHost). Also the persistence sink: each SQLite commit's
// changed chunks go to IndexedDB. Wasm only.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "app/platform.h"
#include "persist/page_tracking_vfs.h"

namespace crm {

inline constexpr const char* kBrowserVfs = "crm-indexeddb";

class BrowserPlatform final : public Platform, public CommitSink {
 public:
  // Registers the persisting VFS; the app opens its store with OpenOptions::vfs = kBrowserVfs.
  static Result<BrowserPlatform*> install();

  void http_send(const std::string& base_url, const HttpRequest& request,
                 std::function<void(Result<HttpResponse>)> done) override;
  void locate(std::function<void(Result<GeoFix>)> done) override;
  bool online() override;
  PersistStatus persist_status() override;
  std::string origin() override;
  std::string device_name() override;
  LocalFiles* files() override;

  void on_commit(const FileCommit& commit) override;

  // Answers arriving from JavaScript (see browser_exports.cpp).
  void http_done(int id, int status, const char* body, size_t length);
  void location_done(int id, bool ok, double lat, double lon, double accuracy, double timestamp_ms, int code);

  // Canvas size in device pixels and the device pixel ratio.
  void canvas_size(int& width, int& height, float& ratio);
  // The page's text input over the field being edited (framebuffer pixels), with the on-screen
  // keyboard for `kind` (ui/probe.h InputKind).
  void text_input_focus(float x, float y, float w, float h, int kind);
  // Media queries: a finger is the primary pointer; the system asks for a dark theme.
  bool coarse_pointer();
  bool prefers_dark();
  // Browser history (app/router.h HistoryOp kinds) and the address's hash.
  void history(int kind, const std::string& address);
  std::string address();
  void open_url(const std::string& url);
  void copy_text(const std::string& text);
  void open_document(const std::string& html);
  // The widgets on screen for the semantics layer (ui/probe.h semantics_json()).
  void semantics(const std::string& json);
  void text_input_blur();
  // Counts the page's input events (keys, pointer, touch, resize): a change means "draw".
  int input_activity();

 private:
  int next_id_ = 1;
  std::map<int, std::function<void(Result<HttpResponse>)>> http_;
  std::map<int, std::function<void(Result<GeoFix>)>> locate_;
};

BrowserPlatform& browser_platform();

}  // namespace crm
