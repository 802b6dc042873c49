// What is on screen, by name and role: for end-to-end tests that click and type on the canvas like
// a person would (window.crmTest.snapshot().widgets), and for the semantics layer that mirrors the
// widgets into an invisible DOM tree for screen readers (web/semantics.js). Rebuilt every frame:
// only widgets on screen are listed. Cheap enough to leave on in production.
#pragma once

#include <imgui.h>

#include <string>

namespace crm::ui {

// Roles as ARIA names them; kNone: named for tests only, not announced.
enum class Role { kNone, kButton, kLink, kTextbox, kCheckbox, kCombobox, kRow, kTab, kHeading, kText };
// How a text field's on-screen keyboard looks (the page's input gets the matching inputmode).
enum class InputKind { kText = 1, kPhone, kEmail, kDecimal, kPassword, kSearch };

struct ProbeInfo {
  Role role = Role::kNone;
  std::string label, value;  // what a screen reader says: "Phone", "+49 30 1234"
  bool checked = false, selected = false, disabled = false;
};

void probe_begin_frame();
// Records the rectangle of the last ImGui item under `name`.
void probe(const std::string& name, const ProbeInfo& info = {});
// The same for a text field, also remembered as one: a tap there must raise the on-screen
// keyboard, which phones allow only while handling the tap (text_field_at()).
void probe_text_field(const std::string& name, InputKind kind, const std::string& label, const std::string& value,
                      bool password = false);
// The kind of the text field drawn at framebuffer point (x, y) in the last complete frame, or 0.
int text_field_at(float x, float y);
// The kind of the text field being edited (0: none).
int active_text_field();
// Its rectangle (x, y, w, h), framebuffer pixels.
ImVec4 active_text_rect();
// {"name":[x,y,w,h],...} in framebuffer pixels.
std::string probe_json();
// [{"name","role","label","value","rect":[x,y,w,h],"checked","selected","disabled"}...] in drawing order.
std::string semantics_json();

// Content drawn past the right edge of the window it is in (and that window cannot scroll
// sideways) in the last complete frame: names of those windows (empty: nothing cut off).
std::string overflow_json();
void check_overflow();

}  // namespace crm::ui
