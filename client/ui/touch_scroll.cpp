#include "ui/touch_scroll.h"

#include <imgui_internal.h>

#include <cmath>
#include <vector>
#include <algorithm>

namespace crm::ui {
namespace {

struct Drag {
  ImGuiID window = 0;   // the region the press started in (0: none)
  ImVec2 start;
  bool scrolling = false;
  ImVec2 velocity;      // framebuffer px per second, smoothed
  double last_time = 0;
  ImGuiID coasting = 0;  // the region moving on after release
  bool scrolled = false;
  int coast_frame = 0;
  // Recent finger positions while dragging: the fling speed is the speed over the last moments
  // (not the last frame's move, which may be zero when frames outpace input events).
  struct Sample {
    double t;
    ImVec2 pos;
  };
  std::vector<Sample> samples;
};
Drag g;

// Below this distance a press is a tap (CSS px scaled by the font, which follows the pixel ratio).
float threshold() { return ImGui::GetFontSize() * 0.6f; }

}  // namespace

bool begin_scroll(const char* id, ImVec2 size, ImGuiWindowFlags flags) {
  return ImGui::BeginChild(id, size, false, flags);
}

void end_scroll() {
  drag_scroll();
  ImGui::EndChild();
}

void drag_scroll() {
  ImGuiWindow* w = ImGui::GetCurrentWindow();
  ImGuiIO& io = ImGui::GetIO();
  const double now = ImGui::GetTime();
  const bool can_x = w->ScrollMax.x > 0, can_y = w->ScrollMax.y > 0;
  if (io.MouseClicked[0] && ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
      (can_x || can_y)) {
    g.window = w->ID;
    g.start = io.MousePos;
    g.scrolling = false;
    g.scrolled = false;
    g.velocity = ImVec2(0, 0);
    g.last_time = now;
    g.coasting = 0;
    g.samples.assign(1, {now, io.MousePos});  // where and when the finger came down
  }
  if (g.window == w->ID) {
    if (io.MouseDown[0]) {
      const ImVec2 d(io.MousePos.x - g.start.x, io.MousePos.y - g.start.y);
      if (!g.scrolling && std::hypot(can_x ? d.x : 0, can_y ? d.y : 0) > threshold()) {
        g.scrolling = g.scrolled = true;
        // The fling speed counts from the frame the finger started moving, not from when it came
        // down (it may rest a while first).
        const float dt = std::min(io.DeltaTime, 0.1f);
        g.samples.assign(1, {now - dt, ImVec2(io.MousePos.x - io.MouseDelta.x, io.MousePos.y - io.MouseDelta.y)});

        ImGui::ClearActiveID();  // the row or button under the finger is not pressed after all
      }
      if (g.scrolling) {
        const ImVec2 delta = io.MouseDelta;
        if (can_y) ImGui::SetScrollY(w, w->Scroll.y - delta.y);
        if (can_x) ImGui::SetScrollX(w, w->Scroll.x - delta.x);
        if (delta.x != 0 || delta.y != 0) g.samples.push_back({now, io.MousePos});
        // The fling speed is the speed over the last 0.3 s, or three frames on a slower device.
        const double window = std::max(0.3, 3.0 * io.DeltaTime);
        while (g.samples.size() > 2 && g.samples.back().t - g.samples.front().t > window) g.samples.erase(g.samples.begin());
      }
    } else {
      // The move of the frame the finger lifted in counts too (both arrive together on slow frames).
      if (g.scrolling && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0)) {
        if (can_y) ImGui::SetScrollY(w, w->Scroll.y - io.MouseDelta.y);
        if (can_x) ImGui::SetScrollX(w, w->Scroll.x - io.MouseDelta.x);
        g.samples.push_back({now, io.MousePos});
      }
      // A finger that rested before lifting does not fling (rest: a third of a second, or three
      // frames on a device slower than that).
      const double rest = std::max(0.35, 3.0 * io.DeltaTime);
      if (g.scrolling && g.samples.size() >= 2 && now - g.samples.back().t < rest) {
        const auto& a = g.samples.front();
        const auto& b = g.samples.back();
        const float span = static_cast<float>(std::max<double>(io.DeltaTime, b.t - a.t));
        g.velocity = ImVec2((b.pos.x - a.pos.x) / span, (b.pos.y - a.pos.y) / span);
        g.coasting = w->ID;
      }
      g.window = 0;
      g.scrolling = false;
    }
  }
  if (g.coasting == w->ID) {
    g.coast_frame = ImGui::GetFrameCount();
    const float dt = io.DeltaTime;
    if (can_y) ImGui::SetScrollY(w, w->Scroll.y - g.velocity.y * dt);
    if (can_x) ImGui::SetScrollX(w, w->Scroll.x - g.velocity.x * dt);
    const float decay = std::exp(-4.0f * dt);
    g.velocity = ImVec2(g.velocity.x * decay, g.velocity.y * decay);
    if (std::hypot(g.velocity.x, g.velocity.y) < ImGui::GetFontSize() * 2) g.coasting = 0;
  }
}

bool scroll_animating() {
  // A region that was not drawn last frame (its screen closed) stops.
  return g.scrolling || (g.coasting != 0 && ImGui::GetFrameCount() - g.coast_frame <= 1);
}
bool press_scrolled() { return g.scrolled; }

}  // namespace crm::ui

