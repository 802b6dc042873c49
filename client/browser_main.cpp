// The browser app's entry point: GLFW window on the page's canvas, ImGui with the CJK font,
// the App on its IndexedDB-backed store, and the frame loop. Also the functions JavaScript calls
// (web/crm_host.js); none lets an exception escape into JavaScript.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <vector>
#include <filesystem>

#include "app/app.h"
#include "platform/browser_platform.h"
#include "ui/probe.h"
#include "ui/ui.h"

namespace {

struct Runtime {
  GLFWwindow* window = nullptr;
  crm::BrowserPlatform* platform = nullptr;
  crm::SystemClock clock;
  crm::SystemRandom random;
  std::unique_ptr<crm::App> app;
  crm::ui::UiState ui;
  int width = 0, height = 0;
  std::string fatal;  // shown instead of the app when start-up failed
  std::string snapshot;
  std::vector<double> frame_ms;  // CPU time of recent frames (benchmark)
};

Runtime* g_rt = nullptr;

void load_fonts(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  const char* path = "/fonts/ui.ttc";
  if (!std::filesystem::exists(path)) {
    io.Fonts->AddFontDefault();
    return;
  }
  // Latin, CJK punctuation and the ~2,500 common simplified characters (a full CJK atlas would
  // take seconds to build), plus the few symbols the UI draws.
  static ImVector<ImWchar> ranges;
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(io.Fonts->GetGlyphRangesChineseSimplifiedCommon());
  builder.AddText("●±…→✓");
  builder.AddText(crm::all_translated_text().c_str());
  builder.BuildRanges(&ranges);
  ImFontConfig cfg;
  cfg.OversampleH = 1;
  cfg.PixelSnapH = true;
  io.Fonts->AddFontFromFileTTF(path, 16.0f * scale, &cfg, ranges.Data);
}

void draw_frame();

// Whether this animation frame should draw. Idle (no input, nothing in flight) the app redraws
// once a second for clocks like "last sync 2 min ago"; while work is in flight (a sync), four
// times a second for its progress; after any input, for a few frames (ImGui needs them to settle).
bool should_draw(Runtime& rt, double now) {
  static int last_activity = -1, settle = 0;
  static double last_draw = 0;
  const int activity = rt.platform->input_activity();
  if (activity != last_activity) {
    last_activity = activity;
    settle = 6;
  }
  bool busy = false;
  if (rt.app) {
    const crm::App& app = *rt.app;
    busy = app.sync_state().running || app.sign_in_busy() ||
           app.check_in_state().phase == crm::CheckInState::Phase::kLocating;
  }
  const double interval = settle > 0 ? 0 : busy ? 250 : 1000;
  if (now - last_draw < interval) return false;
  if (settle > 0) --settle;
  last_draw = now;
  return true;
}

void frame() {
  const double start = emscripten_get_now();
  try {
    if (g_rt->app) g_rt->app->tick();
  } catch (...) {
    std::fprintf(stderr, "tick failed\n");
  }
  if (!should_draw(*g_rt, start)) return;
  draw_frame();
  auto& times = g_rt->frame_ms;
  if (times.size() >= 600) times.erase(times.begin(), times.begin() + 300);
  times.push_back(emscripten_get_now() - start);
}

void draw_frame() {
  Runtime& rt = *g_rt;
  try {
    int w = 0, h = 0;
    float ratio = 1;
    rt.platform->canvas_size(w, h, ratio);
    if (w != rt.width || h != rt.height) {
      glfwSetWindowSize(rt.window, w, h);
      rt.width = w;
      rt.height = h;
    }
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    crm::ui::probe_begin_frame();
    if (rt.app) {
      crm::ui::draw_app(*rt.app, rt.ui);
    } else {
      ImGui::SetNextWindowPos(ImVec2(0, 0));
      ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
      ImGui::Begin("##fatal", nullptr, ImGuiWindowFlags_NoDecoration);
      ImGui::TextWrapped("%s", rt.fatal.c_str());
      ImGui::End();
    }
    ImGui::Render();
    // Text fields take their text from the page's hidden input (IME composition included).
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) {
      const ImVec2 pos = ImGui::GetCurrentContext()->PlatformImePos;
      rt.platform->text_input_focus(pos.x, pos.y, ImGui::GetFontSize());
    } else {
      // Also undoes a focus the page gave on a tap that did not start editing.
      rt.platform->text_input_blur();
    }
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(rt.window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(0.12f, 0.13f, 0.16f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "frame failed: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "frame failed\n");
  }
}

}  // namespace

int main() {
  static Runtime rt;
  g_rt = &rt;
  auto platform = crm::BrowserPlatform::install();
  if (!platform) {
    std::fprintf(stderr, "%s\n", platform.error().message.c_str());
    return 1;
  }
  rt.platform = platform.value();
  if (!glfwInit()) return 1;
  float ratio = 1;
  rt.platform->canvas_size(rt.width, rt.height, ratio);
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  rt.window = glfwCreateWindow(rt.width, rt.height, "CRM", nullptr, nullptr);
  if (!rt.window) return 1;
  glfwMakeContextCurrent(rt.window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout is fixed; nothing to remember between sessions
  ImGui::StyleColorsDark();
  ImGui::GetStyle().ScaleAllSizes(ratio);
  ImGui::GetStyle().FrameRounding = 4 * ratio;
  ImGui::GetStyle().ItemSpacing.y = 6 * ratio;
  load_fonts(ratio);
  ImGui_ImplGlfw_InitForOpenGL(rt.window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  // Characters come from the hidden input instead (crm_text_input), IME included; GLFW's
  // keypress path would deliver them twice.
  glfwSetCharCallback(rt.window, nullptr);

  rt.ui.scale = ratio;
  rt.ui.tz_offset_min = EM_ASM_INT({ return -new Date().getTimezoneOffset(); });
  rt.app = std::make_unique<crm::App>(*rt.platform, rt.clock, rt.random);
  crm::OpenOptions opts;
  opts.wal = false;            // the VFS has no shared memory; durability comes from IndexedDB
  opts.memory_journal = true;  // a commit is one IndexedDB transaction: all or nothing
  opts.cache_kib = 16 * 1024;
  opts.vfs = crm::kBrowserVfs;
  if (crm::Status s = rt.app->open(crm::kDatabasePath, opts); !s) {
    rt.fatal = "The local database could not be opened: " + s.error().message;
    rt.app.reset();
  }
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}

extern "C" {

EMSCRIPTEN_KEEPALIVE void crm_http_done(int id, int status, const char* body) {
  try {
    crm::browser_platform().http_done(id, status, body);
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
EMSCRIPTEN_KEEPALIVE int crm_text_field_at(float x, float y) { return crm::ui::text_field_at(x, y) ? 1 : 0; }

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
      s["screen"] = static_cast<int>(app.screen);
      s["signed_in"] = app.signed_in();
      s["user"] = app.session().username;
      s["notice"] = app.notice();
      s["customer_id"] = app.customer_id;
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
      s["form_errors"] = rt.ui.form.errors;
      s["form_text"] = rt.ui.form.text;
      s["language"] = crm::language_code(crm::language());
      if (!app.customer_id.empty()) {
        // What the customer screens show, so tests can check values they cannot read off pixels.
        crm::Json visits = crm::Json::array(), activities = crm::Json::array();
        for (const auto& v : app.related(app.customer_id, "visit")) visits.push_back(v.values);
        for (const auto& a : app.related(app.customer_id, "activity")) activities.push_back(a.values);
        s["customer"] = {{"values", app.values("customer", app.customer_id).value_or(crm::FieldValues{})},
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
