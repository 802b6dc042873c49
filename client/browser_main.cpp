// The browser app's entry point: wires the GLFW window on the page's canvas, ImGui with the UI
// font, the App on its IndexedDB-backed store, the UI shell and the frame loop. Also the functions JavaScript calls
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
#include "ui/icons.h"
#include "ui/layout.h"
#include "ui/probe.h"
#include "ui/screens/screens.h"
#include "ui/theme.h"
#include "ui/touch_scroll.h"
#include "ui/ui.h"

namespace {

struct Runtime {
  GLFWwindow* window = nullptr;
  crm::BrowserPlatform* platform = nullptr;
  crm::SystemClock clock;
  crm::SystemRandom random;
  std::unique_ptr<crm::App> app;
  std::unique_ptr<crm::ui::Ui> ui;
  int width = 0, height = 0;
  float font_ratio = 0;  // the pixel ratio the font atlas was built for
  std::string fatal;     // shown instead of the app when start-up failed
  std::string snapshot, semantics;
  std::string paste;  // pasted text waiting for the Ctrl key to be released
  std::vector<double> frame_ms;  // CPU time of recent frames (benchmark)
};

Runtime* g_rt = nullptr;

// The UI font at `ratio` device pixels per CSS pixel: Latin, Cyrillic, CJK punctuation and the
// ~2,500 common simplified characters (a full CJK atlas would take seconds to build), every
// character of the catalogues, and the icons merged in from Font Awesome.
void load_fonts(float ratio) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const char* path = "/fonts/ui.ttc";
  if (!std::filesystem::exists(path)) {
    io.Fonts->AddFontDefault();
    return;
  }
  static ImVector<ImWchar> ranges;
  ranges.clear();
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(io.Fonts->GetGlyphRangesChineseSimplifiedCommon());
  builder.AddRanges(io.Fonts->GetGlyphRangesCyrillic());
  builder.AddText("●±…→✓·«»—");
  builder.AddText(crm::all_translated_text().c_str());
  builder.BuildRanges(&ranges);
  ImFontConfig cfg;
  cfg.OversampleH = 1;
  cfg.PixelSnapH = true;
  const float size = 16.0f * ratio;
  io.Fonts->AddFontFromFileTTF(path, size, &cfg, ranges.Data);
  if (std::filesystem::exists("/fonts/icons.ttf")) {
    static ImVector<ImWchar> icon_ranges;
    icon_ranges.clear();
    ImFontGlyphRangesBuilder icons;
    icons.AddText(crm::ui::kAllIcons);
    icons.BuildRanges(&icon_ranges);
    ImFontConfig merge;
    merge.MergeMode = true;
    merge.PixelSnapH = true;
    merge.OversampleH = 1;
    merge.GlyphMinAdvanceX = size;  // icons line up in columns
    io.Fonts->AddFontFromFileTTF("/fonts/icons.ttf", size * 0.9f, &merge, icon_ranges.Data);
  }
}

void draw_frame();

// Whether this animation frame should draw. Idle (no input, nothing in flight) the app redraws
// once a second for clocks like "last sync 2 min ago"; while work is in flight (a sync), four
// times a second for its progress; after any input, for a few frames (ImGui needs them to settle);
// while content moves on after a drag, every frame.
bool should_draw(Runtime& rt, double now) {
  static int last_activity = -1, settle = 0;
  static double last_draw = 0;
  const int activity = rt.platform->input_activity();
  if (activity != last_activity) {
    last_activity = activity;
    settle = 6;
  }
  if (crm::ui::scroll_animating()) settle = std::max(settle, 2);
  bool busy = false;
  if (rt.app) {
    const crm::App& app = *rt.app;
    busy = app.sync_state().running || app.sign_in_busy() || app.position_request().locating ||
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

// After the frame: what the screens asked for, the browser history, the semantics tree.
void after_frame(Runtime& rt) {
  if (!rt.ui) return;
  crm::ui::run_actions(*rt.ui);
  for (const auto& op : rt.ui->router.take_history()) rt.platform->history(static_cast<int>(op.kind), op.address);
  std::string semantics = crm::ui::semantics_json();
  if (semantics != rt.semantics) {
    rt.semantics = std::move(semantics);
    rt.platform->semantics(rt.semantics);
  }
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
    // Browser zoom or a move to another screen changes the ratio: the font is rebuilt for it.
    if (ratio != rt.font_ratio) {
      load_fonts(ratio);
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
      rt.font_ratio = ratio;
    }
    const crm::ui::Layout layout = crm::ui::make_layout(static_cast<float>(w), static_cast<float>(h), ratio,
                                                        rt.platform->coarse_pointer(), rt.platform->prefers_dark());
    crm::ui::apply_theme(layout);
    if (rt.ui) rt.ui->layout = layout;
    glfwPollEvents();
    if (!rt.paste.empty() && !ImGui::GetIO().KeyCtrl) {
      ImGui::GetIO().AddInputCharactersUTF8(rt.paste.c_str());
      rt.paste.clear();
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    crm::ui::probe_begin_frame();
    if (rt.ui) {
      crm::ui::draw_app(*rt.ui);
    } else {
      ImGui::SetNextWindowPos(ImVec2(0, 0));
      ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
      ImGui::Begin("##fatal", nullptr, ImGuiWindowFlags_NoDecoration);
      ImGui::TextWrapped("%s", rt.fatal.c_str());
      ImGui::End();
    }
    crm::ui::check_overflow();
    ImGui::Render();
    // Text fields take their text from the page's hidden input (IME composition included), which
    // lies over the field being edited: an input method's window opens there, and a long press or
    // a right click there offers the browser's own Paste.
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) {
      const ImVec4 r = crm::ui::active_text_rect();
      rt.platform->text_input_focus(r.x, r.y, r.z, r.w, crm::ui::active_text_field());
    } else {
      // Also undoes a focus the page gave on a tap that did not start editing.
      rt.platform->text_input_blur();
    }
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(rt.window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    const ImVec4 bg = crm::ui::tone4(crm::ui::Tone::kBackground);
    glClearColor(bg.x, bg.y, bg.z, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    after_frame(rt);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "frame failed: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "frame failed\n");
  }
}

// The system clipboard: ImGui's copy (Ctrl+C, Cut) goes to the browser's; paste arrives as text
// through the page's input (its paste event), so ImGui's own paste reads back only what it copied.
std::string g_clipboard;
void set_clipboard(void*, const char* text) {
  g_clipboard = text ? text : "";
  if (g_rt && g_rt->platform) g_rt->platform->copy_text(g_clipboard);
}
const char* get_clipboard(void*) { return g_clipboard.c_str(); }

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
  ImGui_ImplGlfw_InitForOpenGL(rt.window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  io.SetClipboardTextFn = set_clipboard;
  io.GetClipboardTextFn = get_clipboard;
  // Characters come from the hidden input instead (crm_text_input), IME included; GLFW's
  // keypress path would deliver them twice.
  glfwSetCharCallback(rt.window, nullptr);

  rt.app = std::make_unique<crm::App>(*rt.platform, rt.clock, rt.random);
  crm::OpenOptions opts;
  opts.wal = false;            // the VFS has no shared memory; durability comes from IndexedDB
  opts.memory_journal = true;  // a commit is one IndexedDB transaction: all or nothing
  opts.cache_kib = 16 * 1024;
  opts.vfs = crm::kBrowserVfs;
  if (crm::Status s = rt.app->open(crm::kDatabasePath, opts); !s) {
    rt.fatal = "The local database could not be opened: " + s.error().message;
    rt.app.reset();
  } else {
    rt.ui = std::make_unique<crm::ui::Ui>(*rt.app);
    rt.ui->tz_offset_min = EM_ASM_INT({ return -new Date().getTimezoneOffset(); });
    rt.ui->host.open_url = [](const std::string& url) { g_rt->platform->open_url(url); };
    rt.ui->host.copy_text = [](const std::string& text) { g_rt->platform->copy_text(text); };
    // A reload opens the screen the address names, with Back leading through the screens under it.
    rt.ui->router.start(rt.platform->address());
    for (const auto& op : rt.ui->router.take_history()) rt.platform->history(static_cast<int>(op.kind), op.address);
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
      s["language"] = crm::language_code(crm::language());
      if (!customer_id.empty()) {
        // What the customer screens show, so tests can check values they cannot read off pixels.
        crm::Json visits = crm::Json::array(), activities = crm::Json::array();
        crm::Json contacts = crm::Json::array();
        for (const auto& v : app.related(customer_id, "visit")) visits.push_back(v.values);
        for (const auto& a : app.related(customer_id, "activity")) activities.push_back(a.values);
        for (const auto& c : app.related(customer_id, "contact")) contacts.push_back(c.values);
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
