#include "ui/theme.h"

#include <cmath>
#include <algorithm>

namespace crm::ui {
namespace {

struct Palette {
  ImU32 tones[9];
  ImU32 window, frame, frame_border, button, button_hover, button_active, header, header_hover, header_active,
      row_alt, separator, popup;
};

// Text tones are chosen for >= 4.5:1 on every background they are drawn on (min_text_contrast(),
// checked in the browser test for both themes).
constexpr Palette kLight = {
    {IM_COL32(0x1b, 0x1f, 0x24, 255), IM_COL32(0x52, 0x5a, 0x66, 255), IM_COL32(0xb3, 0x26, 0x1e, 255),
     IM_COL32(0x1b, 0x6e, 0x3a, 255), IM_COL32(0x85, 0x4d, 0x00, 255), IM_COL32(0x1f, 0x5b, 0xc6, 255),
     IM_COL32(0xff, 0xff, 0xff, 255), IM_COL32(0xf7, 0xf8, 0xfa, 255), IM_COL32(0xff, 0xff, 0xff, 255)},
    IM_COL32(0xf7, 0xf8, 0xfa, 255), IM_COL32(0xff, 0xff, 0xff, 255), IM_COL32(0x8a, 0x94, 0xa3, 255),
    IM_COL32(0xe4, 0xe8, 0xef, 255), IM_COL32(0xd5, 0xdc, 0xe7, 255), IM_COL32(0xc3, 0xcd, 0xdc, 255),
    IM_COL32(0xdc, 0xe6, 0xf5, 255), IM_COL32(0xe8, 0xef, 0xfa, 255), IM_COL32(0xcc, 0xdd, 0xf3, 255),
    IM_COL32(0xf0, 0xf2, 0xf5, 255), IM_COL32(0xd0, 0xd5, 0xdc, 255), IM_COL32(0xff, 0xff, 0xff, 255)};

constexpr Palette kDark = {
    {IM_COL32(0xe8, 0xea, 0xed, 255), IM_COL32(0xa7, 0xaf, 0xbb, 255), IM_COL32(0xff, 0x8a, 0x80, 255),
     IM_COL32(0x81, 0xc9, 0x95, 255), IM_COL32(0xf6, 0xc2, 0x6b, 255), IM_COL32(0x8a, 0xb4, 0xf8, 255),
     IM_COL32(0x0b, 0x1a, 0x33, 255), IM_COL32(0x15, 0x17, 0x1b, 255), IM_COL32(0x1e, 0x22, 0x28, 255)},
    IM_COL32(0x15, 0x17, 0x1b, 255), IM_COL32(0x1e, 0x22, 0x28, 255), IM_COL32(0x5e, 0x68, 0x75, 255),
    IM_COL32(0x2a, 0x2f, 0x37, 255), IM_COL32(0x35, 0x3b, 0x45, 255), IM_COL32(0x41, 0x49, 0x57, 255),
    IM_COL32(0x2b, 0x34, 0x42, 255), IM_COL32(0x25, 0x2c, 0x37, 255), IM_COL32(0x34, 0x40, 0x52, 255),
    IM_COL32(0x1b, 0x1e, 0x23, 255), IM_COL32(0x33, 0x38, 0x40, 255), IM_COL32(0x1e, 0x22, 0x28, 255)};

const Palette* g_palette = &kLight;
Layout g_applied;
bool g_any = false;

ImVec4 v(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

double luminance(ImU32 c) {
  auto ch = [](unsigned x) {
    const double s = x / 255.0;
    return s <= 0.03928 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * ch(c & 0xff) + 0.7152 * ch((c >> 8) & 0xff) + 0.0722 * ch((c >> 16) & 0xff);
}

}  // namespace

ImU32 tone(Tone t) { return g_palette->tones[static_cast<int>(t)]; }
bool dark_theme() { return g_palette == &kDark; }

double contrast(ImU32 a, ImU32 b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

double min_text_contrast() {
  const Palette& p = *g_palette;
  double worst = 21;
  for (Tone t : {Tone::kText, Tone::kMuted, Tone::kError, Tone::kOk, Tone::kWarn, Tone::kAccent})
    for (ImU32 bg : {p.window, p.frame, p.row_alt, p.header, p.button, p.popup})
      worst = std::min(worst, contrast(tone(t), bg));
  return std::min(worst, contrast(tone(Tone::kOnAccent), tone(Tone::kAccent)));
}

void text_in(Tone t, const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, tone(t));
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
}

void wrapped_in(Tone t, const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, tone(t));
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

void apply_theme(const Layout& l) {
  if (g_any && g_applied.dark == l.dark && g_applied.dpr == l.dpr && g_applied.touch == l.touch &&
      g_applied.width == l.width)
    return;
  g_any = true;
  g_applied = l;
  g_palette = l.dark ? &kDark : &kLight;
  const Palette& p = *g_palette;
  ImGuiStyle style;
  if (l.dark) ImGui::StyleColorsDark(&style);
  else ImGui::StyleColorsLight(&style);
  const float s = l.dpr;
  style.WindowPadding = ImVec2((l.phone() ? 12 : 16) * s, 12 * s);
  style.ItemSpacing = ImVec2(8 * s, 8 * s);
  style.ItemInnerSpacing = ImVec2(8 * s, 6 * s);
  style.CellPadding = ImVec2(8 * s, 6 * s);
  style.ScrollbarSize = (l.touch ? 6 : 12) * s;  // a finger scrolls by dragging the content
  style.GrabMinSize = 20 * s;
  style.FrameRounding = 8 * s;
  style.ChildRounding = 8 * s;
  style.PopupRounding = 8 * s;
  style.GrabRounding = 6 * s;
  style.ScrollbarRounding = 6 * s;
  style.FrameBorderSize = 1;
  style.WindowBorderSize = 0;
  style.PopupBorderSize = 1;
  style.IndentSpacing = 16 * s;
  style.TouchExtraPadding = ImVec2(0, 0);
  // Frames (buttons, fields) as tall as a finger on touch screens: font + 2 * padding.
  const float font = l.font();
  style.FramePadding = ImVec2(12 * s, std::max(4 * s, (l.target() - font) / 2));
  ImVec4* c = style.Colors;
  c[ImGuiCol_Text] = v(p.tones[0]);
  c[ImGuiCol_TextDisabled] = v(p.tones[1]);
  c[ImGuiCol_WindowBg] = v(p.window);
  c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_PopupBg] = v(p.popup);
  c[ImGuiCol_Border] = v(p.frame_border);
  c[ImGuiCol_FrameBg] = v(p.frame);
  c[ImGuiCol_FrameBgHovered] = v(p.header_hover);
  c[ImGuiCol_FrameBgActive] = v(p.frame);
  c[ImGuiCol_Button] = v(p.button);
  c[ImGuiCol_ButtonHovered] = v(p.button_hover);
  c[ImGuiCol_ButtonActive] = v(p.button_active);
  c[ImGuiCol_Header] = v(p.header);
  c[ImGuiCol_HeaderHovered] = v(p.header_hover);
  c[ImGuiCol_HeaderActive] = v(p.header_active);
  c[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_TableRowBgAlt] = v(p.row_alt);
  c[ImGuiCol_TableHeaderBg] = v(p.row_alt);
  c[ImGuiCol_Separator] = v(p.separator);
  c[ImGuiCol_TableBorderLight] = v(p.separator);
  c[ImGuiCol_TableBorderStrong] = v(p.separator);
  c[ImGuiCol_CheckMark] = v(p.tones[static_cast<int>(Tone::kAccent)]);
  c[ImGuiCol_TextSelectedBg] = v(p.header_active);
  c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
  ImGui::GetStyle() = style;
}

}  // namespace crm::ui
