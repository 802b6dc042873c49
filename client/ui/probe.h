// Named screen rectangles of widgets, for end-to-end tests that click and type on the canvas like
// a person would (window.crmTest.snapshot().widgets). Rebuilt every frame: only widgets on screen
// are listed. Cheap enough to leave on in production.
#pragma once

#include <string>

namespace crm::ui {

void probe_begin_frame();
// Records the rectangle of the last ImGui item under `name`.
void probe(const std::string& name);
// The same for a text field, also remembered as one: a tap there must raise the on-screen
// keyboard, which phones allow only while handling the tap (text_field_at()).
void probe_text_field(const std::string& name);
// Whether a text field was drawn at framebuffer point (x, y) in the last complete frame.
bool text_field_at(float x, float y);
// {"name":[x,y,w,h],...} in framebuffer pixels.
std::string probe_json();

}  // namespace crm::ui
