// Named screen rectangles of widgets, for end-to-end tests that click and type on the canvas like
// a person would (window.crmTest.snapshot().widgets). Rebuilt every frame: only widgets on screen
// are listed. Cheap enough to leave on in production.
#pragma once

#include <string>

namespace crm::ui {

void probe_begin_frame();
// Records the rectangle of the last ImGui item under `name`.
void probe(const std::string& name);
// {"name":[x,y,w,h],...} in framebuffer pixels.
std::string probe_json();

}  // namespace crm::ui
