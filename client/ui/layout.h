// The layout of a frame, from the window's size in CSS pixels and the kind of pointer: a phone
// gets one column, a bottom tab bar and finger-sized targets; a tablet or laptop a side navigation
// with the list and a record side by side. Recomputed every frame, so a rotation, browser zoom or
// a move to another screen (devicePixelRatio) re-lays out at once.
#pragma once

namespace crm::ui {

enum class WidthClass { kPhone, kTablet, kLaptop };

struct Layout {
  float dpr = 1;            // framebuffer pixels per CSS pixel (zoom included)
  float css_width = 0, css_height = 0;
  bool touch = false;       // the primary pointer is a finger (coarse)
  bool dark = false;        // the system asks for a dark theme
  WidthClass width = WidthClass::kLaptop;

  bool phone() const { return width == WidthClass::kPhone; }
  bool wide() const { return width == WidthClass::kLaptop; }
  // CSS pixels to framebuffer pixels.
  float px(float css) const { return css * dpr; }
  // The smallest height of anything a finger or the mouse presses, in framebuffer pixels.
  float target() const { return px(touch ? 48.0f : 34.0f); }
  // The UI font's size in framebuffer pixels.
  float font() const { return px(16); }
};

Layout make_layout(float fb_width, float fb_height, float dpr, bool touch, bool dark);

}  // namespace crm::ui
