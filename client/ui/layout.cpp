#include "ui/layout.h"

namespace crm::ui {

Layout make_layout(float fb_width, float fb_height, float dpr, bool touch, bool dark) {
  Layout l;
  l.dpr = dpr > 0 ? dpr : 1;
  l.css_width = fb_width / l.dpr;
  l.css_height = fb_height / l.dpr;
  l.touch = touch;
  l.dark = dark;
  // Breakpoints in CSS pixels: phones up to 599 (portrait and most landscape), tablets and small
  // windows up to 999, laptops beyond.
  l.width = l.css_width < 600 ? WidthClass::kPhone : l.css_width < 1000 ? WidthClass::kTablet : WidthClass::kLaptop;
  return l;
}

}  // namespace crm::ui
