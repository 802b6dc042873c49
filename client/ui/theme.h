// Colours and sizes: a light theme (the default) and a dark one when the system asks for it, both
// with text at a contrast of at least 4.5:1 against its background (WCAG AA), and frame sizes from
// the layout (finger-sized on touch screens).
#pragma once

#include <imgui.h>

#include "ui/layout.h"

namespace crm::ui {

enum class Tone { kText, kMuted, kError, kOk, kWarn, kAccent, kOnAccent, kBackground, kSurface };

ImU32 tone(Tone t);
inline ImVec4 tone4(Tone t) { return ImGui::ColorConvertU32ToFloat4(tone(t)); }
// Applies the style for `layout` (theme, sizes scaled to its pixel ratio) when it changed.
void apply_theme(const Layout& layout);
bool dark_theme();
// WCAG contrast ratio of two colours (1..21).
double contrast(ImU32 a, ImU32 b);
// The lowest contrast of any text tone on any background of the current theme.
double min_text_contrast();

// Text in a tone.
void text_in(Tone t, const char* text);
void wrapped_in(Tone t, const char* text);

}  // namespace crm::ui
