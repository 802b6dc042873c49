// The ImGui user interface. The shell (shell.cpp) draws the navigation and the screen of the
// router's current route; each screen (screens/) draws from the App and its own state (screens.h),
// and asks for changes through the context: navigation and data changes are queued and applied
// after the frame (Router, ActionQueue).
#pragma once

#include <functional>
#include <string>

#include "app/app.h"
#include "app/router.h"
#include "ui/layout.h"

namespace crm::ui {

struct SignInState {
  std::string server, user, password;
};

// What the screens need from the browser around the canvas (browser_main.cpp wires it).
struct Host {
  std::function<void(const std::string&)> open_url;   // tel:, mailto:, geo:, https:
  std::function<void(const std::string&)> copy_text;  // to the system clipboard
  // Opens an HTML document (a quote's printable page) in a new tab.
  std::function<void(const std::string& html)> open_document;
  // Decodes a stored photo to RGBA pixels fitting px x px; `done` gets 0 x 0 when it cannot.
  std::function<void(const std::string& sha256, int px, std::function<void(int w, int h, const unsigned char* rgba)> done)>
      thumbnail;
};

// Everything the screens get: the app, navigation, the layout of this frame.
struct Ui {
  App& app;
  Router router;
  ActionQueue actions;
  Layout layout;
  int tz_offset_min = 0;  // the user's time zone (minutes east of UTC)
  SignInState sign_in;    // the sign-in screen lies outside the router: it is shown whenever signed out
  float nav_status_h = 220;  // the side navigation's Settings tab and status, as measured in the last frame
  Host host;

  explicit Ui(App& a) : app(a) {}
  // Navigation, applied after the frame.
  void go(const Route& r) {
    actions.post([this, r] { router.push(r); });
  }
  void replace(const Route& r) {
    actions.post([this, r] { router.replace(r); });
  }
  void back() {
    actions.post([this] { router.back(); });
  }
  void tab(Screen s) {
    actions.post([this, s] { router.tab(s); });
  }
  void tab(const Route& r) {
    actions.post([this, r] { router.tab(r); });
  }
  void later(std::function<void()> f) { actions.post(std::move(f)); }
  void open_customer(const std::string& id);
  // A record of a list: its page (the customer page for a customer); beside a list on a laptop,
  // another record replaces the one shown.
  void open_record(const std::string& entity, const std::string& id);
  // A form for a new (`id` empty) or existing record; `parent` is the customer of a contact or activity.
  void edit(const std::string& entity, const std::string& id, const std::string& parent = "");
};

// Draws one frame of the whole app; then run_actions() applies what it asked for.
void draw_app(Ui& ui);
void run_actions(Ui& ui);

}  // namespace crm::ui
