// The functions JavaScript calls (web/crm_host.js, web/semantics.js, tests and benchmarks); none
// lets an exception escape into JavaScript. Wasm only.
#include <emscripten.h>
#include <imgui.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <vector>

#include "browser_runtime.h"
#include "platform/browser_files.h"
#include "ui/probe.h"
#include "ui/screens/screens.h"
#include "ui/theme.h"
#include "ui/touch_scroll.h"

extern "C" {

EMSCRIPTEN_KEEPALIVE void crm_http_done(int id, int status, const char* body, int length) {
  try {
    crm::browser_platform().http_done(id, status, body, static_cast<size_t>(length));
  } catch (...) {
    std::fprintf(stderr, "http answer failed\n");
  }
}

EMSCRIPTEN_KEEPALIVE void crm_location_done(int id, int ok, double lat, double lon, double accuracy, double ts,
                                            int code) {
  try {
    crm::browser_platform().location_done(id, ok != 0, lat, lon, accuracy, ts, code);
  } catch (...) {
    std::fprintf(stderr, "location answer failed\n");
  }
}

// The device's files (web/crm_files.js): a photo picked and stored, a file read or written, a
// thumbnail decoded.
EMSCRIPTEN_KEEPALIVE void crm_photo_picked(int id, int ok, const char* sha, double size, const char* name, int w, int h,
                                           const char* code) {
  try {
    crm::browser_files().photo_picked(id, ok != 0, sha, size, name, w, h, code);
  } catch (...) {
    std::fprintf(stderr, "photo answer failed\n");
  }
}

EMSCRIPTEN_KEEPALIVE void crm_file_read(int id, int ok, const char* bytes, int length, const char* code) {
  try {
    crm::browser_files().read_done(id, ok != 0, bytes, static_cast<size_t>(length), code);
  } catch (...) {
    std::fprintf(stderr, "file read answer failed\n");
  }
}

EMSCRIPTEN_KEEPALIVE void crm_file_written(int id, const char* code) {
  try {
    crm::browser_files().write_done(id, code);
  } catch (...) {
    std::fprintf(stderr, "file write answer failed\n");
  }
}

EMSCRIPTEN_KEEPALIVE void crm_thumbnail_done(int id, int w, int h, const unsigned char* rgba) {
  try {
    crm::browser_files().thumbnail_done(id, w, h, rgba);
  } catch (...) {
    std::fprintf(stderr, "thumbnail answer failed\n");
  }
}

EMSCRIPTEN_KEEPALIVE void crm_on_online() {
  if (g_rt && g_rt->app) g_rt->app->on_online();
}

EMSCRIPTEN_KEEPALIVE void crm_on_hidden() {
  try {
    if (g_rt && g_rt->app) g_rt->app->on_hidden();
  } catch (...) {
  }
}

// Asked by the page while it handles a tap (framebuffer pixels), so it can focus the text input
// inside the gesture: phones show their keyboard only then.
// Returns the field's keyboard kind (ui/probe.h InputKind), 0 when no field is there or the tap
// scrolled.
EMSCRIPTEN_KEEPALIVE int crm_text_field_at(float x, float y) {
  return crm::ui::press_scrolled() ? 0 : crm::ui::text_field_at(x, y);
}

// The browser moved in its history (Back, Forward) or the address's hash was changed.
EMSCRIPTEN_KEEPALIVE void crm_nav_address(const char* address) {
  try {
    if (g_rt && g_rt->ui) g_rt->ui->router.on_address(address ? address : "");
  } catch (...) {
    std::fprintf(stderr, "navigation failed\n");
  }
}

// Pasted text (the input's paste event): typed into the field once no Ctrl key is held (ImGui
// ignores characters that arrive with Ctrl down, as Ctrl+V's do).
EMSCRIPTEN_KEEPALIVE void crm_paste_text(const char* utf8) {
  if (g_rt && utf8) g_rt->paste += utf8;
}

// The mouse wheel in notches (a notch is 100 px of the browser's deltaY), up positive as ImGui
// wants it. Emscripten 3.1.6's GLFW passes the raw pixel delta with the sign of the page's
// scrolling: a notch down scrolled up by 150 lines.
EMSCRIPTEN_KEEPALIVE void crm_wheel(float dx, float dy) {
  if (!ImGui::GetCurrentContext()) return;
  ImGui::GetIO().MouseWheelH += dx;
  ImGui::GetIO().MouseWheel += dy;
}

EMSCRIPTEN_KEEPALIVE void crm_text_input(const char* utf8) {
  if (ImGui::GetCurrentContext()) ImGui::GetIO().AddInputCharactersUTF8(utf8);
}

// The app's state for end-to-end tests, as JSON (valid until the next call).
EMSCRIPTEN_KEEPALIVE const char* crm_test_snapshot() {
  Runtime& rt = *g_rt;
  try {
    crm::Json s = crm::Json::object();
    s["widgets"] = crm::Json::parse(crm::ui::probe_json());
    if (rt.app) {
      crm::App& app = *rt.app;
      const crm::SyncState& sync = app.sync_state();
      const crm::Route& route = rt.ui->router.current();
      const std::string customer_id = route.customer();
      s["screen"] = static_cast<int>(app.signed_in() ? route.screen : crm::Screen::kSignIn);
      s["address"] = route.address();
      s["depth"] = rt.ui->router.depth();
      s["layout"] = {{"width", rt.ui->layout.css_width}, {"dpr", rt.ui->layout.dpr}, {"touch", rt.ui->layout.touch},
                     {"dark", rt.ui->layout.dark}, {"phone", rt.ui->layout.phone()}, {"wide", rt.ui->layout.wide()},
                     {"contrast", crm::ui::min_text_contrast()}};
      s["overflow"] = crm::Json::parse(crm::ui::overflow_json());
      s["semantics"] = crm::Json::parse(rt.semantics.empty() ? "[]" : rt.semantics);
      s["signed_in"] = app.signed_in();
      s["user"] = app.session().username;
      s["notice"] = app.notice();
      s["customer_id"] = customer_id;
      s["customers"] = app.customers().size();
      s["conflicts"] = app.conflicts().size();
      s["attention"] = crm::Json::array();
      for (const auto& a : app.attention()) s["attention"].push_back({{"id", a.key.id}, {"code", a.code}});
      s["unsynced"] = sync.unsynced;
      s["sync_running"] = sync.running;
      s["last_sync_ms"] = sync.last_success_ms;
      s["sync_error"] = sync.last_error.code;
      s["last_sync"] = {{"started_ms", sync.last_started_ms}, {"finished_ms", sync.last_finished_ms},
                        {"pulled", sync.last_pulled}, {"pushed", sync.last_pushed}};
      s["check_in"] = {{"phase", static_cast<int>(app.check_in_state().phase)},
                       {"visit_id", app.check_in_state().visit_id},
                       {"error", app.check_in_state().error.code}};
      if (route.screen == crm::Screen::kEdit) {
        const auto& form = rt.ui->router.state<crm::ui::FormState>();
        s["form_errors"] = form.errors;
        s["form_text"] = form.text;
      }
      s["entity"] = route.entity;
      // Photos of the record shown (or the visit being checked in or out), and where each stands.
      const crm::App::PhotoRequest& pr = app.photo_request();
      s["photo_request"] = {{"busy", pr.busy}, {"error", pr.error.code}, {"attachment_id", pr.attachment_id}};
      auto photos_of = [&](const std::string& entity, const std::string& id) {
        crm::Json out = crm::Json::array();
        for (const auto* a : app.attachments(entity, id)) {
          const crm::FileState st = app.file_state(a->values);
          out.push_back({{"id", a->id}, {"values", a->values}, {"state", static_cast<int>(st.kind)}, {"error", st.error},
                         {"done", st.done}, {"total", st.total}});
        }
        return out;
      };
      if (route.screen == crm::Screen::kRecord) s["photos"] = photos_of(route.entity, route.id);
      if (route.screen == crm::Screen::kCustomerDetail) s["photos"] = photos_of("customer", route.id);
      if (route.screen == crm::Screen::kCheckIn) {
        const std::string visit = app.check_in_state().visit_id.empty() ? app.open_visit(route.id).value_or("")
                                                                         : app.check_in_state().visit_id;
        s["visit_id"] = visit;
        s["photos"] = photos_of("visit", visit);
      }
      s["uploads_waiting"] = app.transfer().waiting_uploads();
      s["last_upload"] = {{"bytes", app.transfer().last_upload().bytes}, {"pieces", app.transfer().last_upload().pieces},
                          {"ms", app.transfer().last_upload().ms}};
      if (route.screen == crm::Screen::kRecord || (route.screen == crm::Screen::kEdit && !route.id.empty())) {
        // A generic record page: its values and its children's, as tests cannot read them off pixels.
        crm::Json children = crm::Json::object();
        for (const crm::EntitySchema* c : crm::children_of(route.entity))
          for (const auto* r : app.children(route.id, c->name)) children[c->name].push_back(r->values);
        s["record"] = {{"id", route.id}, {"values", app.values(route.entity, route.id).value_or(crm::FieldValues{})},
                       {"children", children}};
      }
      if (route.screen == crm::Screen::kList)
        if (crm::RecordListView* list = app.records(route.entity)) s["list_size"] = list->size();
      s["language"] = crm::language_code(crm::language());
      if (!customer_id.empty()) {
        // What the customer screens show, so tests can check values they cannot read off pixels.
        crm::Json visits = crm::Json::array(), activities = crm::Json::array();
        crm::Json contacts = crm::Json::array();
        for (const auto* v : app.children(customer_id, "visit")) visits.push_back(v->values);
        for (const auto* a : app.children(customer_id, "activity")) activities.push_back(a->values);
        for (const auto* c : app.children(customer_id, "contact")) contacts.push_back(c->values);
        s["customer"] = {{"values", app.values("customer", customer_id).value_or(crm::FieldValues{})},
                         {"contacts", contacts},
                         {"visits", visits},
                         {"activities", activities}};
      }
    } else {
      s["fatal"] = rt.fatal;
    }
    rt.snapshot = s.dump();
  } catch (...) {
    rt.snapshot = "{}";
  }
  return rt.snapshot.c_str();
}

// Benchmark hooks (scripts/bench.sh), measured inside the wasm module.

// Search latency: one search of the customer directory, in ms.
EMSCRIPTEN_KEEPALIVE double crm_bench_search(const char* query) {
  if (!g_rt || !g_rt->app) return -1;
  const double start = emscripten_get_now();
  const size_t n = g_rt->app->customers().search(query).size();
  const double ms = emscripten_get_now() - start;
  return n == static_cast<size_t>(-1) ? -1 : ms;
}

// The reference for first-sync speed: the same rows the device holds, inserted by plain SQL in
// one transaction into a fresh database of the same wasm SQLite (no merge, no persistence).
// Returns ms, or -1.
EMSCRIPTEN_KEEPALIVE double crm_bench_raw_insert() {
  if (!g_rt || !g_rt->app) return -1;
  auto& src = g_rt->app->replica()->store().db();
  std::vector<std::array<std::string, 4>> rows;
  auto st = src.prepare("SELECT entity, id, vv, fields FROM records");
  if (!st || !st->for_each_row([&](crm::Statement& r) {
        rows.push_back({r.column_text(0), r.column_text(1), r.column_text(2), r.column_text(3)});
      }))
    return -1;
  std::remove("/tmp/raw.db");
  crm::OpenOptions o;
  o.wal = false;
  o.memory_journal = true;
  auto db = crm::Database::open("/tmp/raw.db", o);
  if (!db || !(*db)->exec("CREATE TABLE records(entity TEXT NOT NULL, id TEXT NOT NULL, vv TEXT NOT NULL, "
                          "fields TEXT NOT NULL, PRIMARY KEY(entity, id))"))
    return -1;
  const double start = emscripten_get_now();
  if (!(*db)->exec("BEGIN")) return -1;
  auto ins = (*db)->prepare("INSERT INTO records VALUES(?,?,?,?)");
  if (!ins) return -1;
  for (const auto& r : rows)
    if (!ins->bind(1, r[0]).bind(2, r[1]).bind(3, r[2]).bind(4, r[3]).run()) return -1;
  if (!(*db)->exec("COMMIT")) return -1;
  const double ms = emscripten_get_now() - start;
  std::remove("/tmp/raw.db");
  return ms;
}

// CPU time per frame over the recent frames: "[median, p95, count]".
EMSCRIPTEN_KEEPALIVE const char* crm_bench_frames() {
  static std::string out;
  std::vector<double> t = g_rt ? g_rt->frame_ms : std::vector<double>{};
  std::sort(t.begin(), t.end());
  auto at = [&](double q) { return t.empty() ? 0.0 : t[std::min(t.size() - 1, static_cast<size_t>(q * t.size()))]; };
  out = crm::Json::array({at(0.5), at(0.95), t.size()}).dump();
  if (g_rt) g_rt->frame_ms.clear();
  return out.c_str();
}

}  // extern "C"
