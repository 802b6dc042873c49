// Scrolling by dragging the content, as on a phone: a drag that starts anywhere in a scrolling
// region (on a row or a button too) moves the content with the finger, cancels the press it
// started on, and keeps going with momentum after the finger lifts. Works with the mouse too.
#pragma once

#include <imgui.h>

namespace crm::ui {

// A scrolling child region; call end_scroll() after its content.
bool begin_scroll(const char* id, ImVec2 size = ImVec2(0, 0), ImGuiWindowFlags flags = 0);
void end_scroll();
// Drag scrolling for the current window (a table with ScrollY: call before EndTable()).
void drag_scroll();
// Whether content is still moving after a drag: the app must keep drawing frames.
bool scroll_animating();
// Whether the current (or last) press turned into a scroll: a tap that scrolled opens no keyboard.
bool press_scrolled();

}  // namespace crm::ui
