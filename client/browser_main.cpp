// The browser app's entry point: wires the GLFW window on the page's canvas, ImGui with the UI
// font, the App on its IndexedDB-backed store, the UI shell and the frame loop. The functions
// JavaScript calls are in browser_exports.cpp.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstdio>
#include <vector>
#include <filesystem>

#include "app/app.h"
#include "browser_runtime.h"
#include "platform/browser_files.h"
#include "platform/browser_platform.h"
#include "ui/icons.h"
#include "ui/layout.h"
#include "ui/probe.h"
#include "ui/screens/screens.h"
#include "ui/theme.h"
#include "ui/touch_scroll.h"
#include "ui/ui.h"

Runtime* g_rt = nullptr;

namespace {

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
           app.check_in_state().phase == crm::CheckInState::Phase::kLocating || app.photo_request().busy ||
           app.transfer().busy();
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
    rt.ui->host.open_document = [](const std::string& html) { g_rt->platform->open_document(html); };
    rt.ui->host.thumbnail = [](const std::string& sha, int px, crm::BrowserFiles::ThumbnailDone done) {
      crm::browser_files().thumbnail(sha, px, std::move(done));
    };
    // A reload opens the screen the address names, with Back leading through the screens under it.
    rt.ui->router.start(rt.platform->address());
    for (const auto& op : rt.ui->router.take_history()) rt.platform->history(static_cast<int>(op.kind), op.address);
  }
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}
