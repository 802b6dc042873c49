// The browser app's runtime, shared by its entry point (browser_main.cpp: window, fonts, frame
// loop) and the functions JavaScript calls (browser_exports.cpp). Wasm only.
#pragma once

#include <GLFW/glfw3.h>

#include <memory>
#include <string>
#include <vector>

#include "app/app.h"
#include "platform/browser_platform.h"
#include "ui/ui.h"

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

// The one runtime, set by main() before anything else runs.
extern Runtime* g_rt;
