// The browser app's entry point: GLFW window on the page's canvas, ImGui with the CJK font,
// the App on its IndexedDB-backed store, and the frame loop. Also the functions JavaScript calls
// (web/crm_host.js); none lets an exception escape into JavaScript.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>

#include <cstdio>
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
  bool ime_focused = false;
  std::string fatal;  // shown instead of the app when start-up failed
  std::string snapshot;
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
  builder.BuildRanges(&ranges);
  ImFontConfig cfg;
  cfg.OversampleH = 1;
  cfg.PixelSnapH = true;
  io.Fonts->AddFontFromFileTTF(path, 16.0f * scale, &cfg, ranges.Data);
}

void frame() {
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
    if (rt.app) rt.app->tick();
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
      rt.ime_focused = true;
    } else if (rt.ime_focused) {
      rt.platform->text_input_blur();
      rt.ime_focused = false;
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
      s["unsynced"] = sync.unsynced;
      s["sync_running"] = sync.running;
      s["last_sync_ms"] = sync.last_success_ms;
      s["sync_error"] = sync.last_error.code;
      s["check_in"] = {{"phase", static_cast<int>(app.check_in_state().phase)},
                       {"visit_id", app.check_in_state().visit_id},
                       {"error", app.check_in_state().error.code}};
      s["form_errors"] = rt.ui.form.errors;
      s["language"] = crm::language_code(crm::language());
      if (!app.customer_id.empty()) {
        // What the customer screens show, so tests can check values they cannot read off pixels.
        crm::Json visits = crm::Json::array();
        for (const auto& v : app.related(app.customer_id, "visit")) visits.push_back(v.values);
        s["customer"] = {{"values", app.values("customer", app.customer_id).value_or(crm::FieldValues{})},
                         {"visits", visits}};
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

}  // extern "C"
