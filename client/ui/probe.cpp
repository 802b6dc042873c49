#include "ui/probe.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>

#include <map>
#include <vector>

#include "crdt/record.h"

namespace crm::ui {
namespace {

struct Entry {
  std::string name;
  ImVec4 rect;  // the visible part
  ImVec2 size;  // the whole item, also where scrolled partly out of view
  ProbeInfo info;
};
struct Field {
  ImVec4 box;  // x0, y0, x1, y1
  int kind;
};

std::vector<Entry> g_current, g_last;
std::vector<Field> g_fields_current, g_fields_last;
int g_active_current = 0, g_active_last = 0;
ImVec4 g_active_rect_current, g_active_rect_last;
std::vector<std::string> g_overflow;

const char* role_name(Role r) {
  switch (r) {
    case Role::kButton: return "button";
    case Role::kLink: return "link";
    case Role::kTextbox: return "textbox";
    case Role::kCheckbox: return "checkbox";
    case Role::kCombobox: return "combobox";
    case Role::kRow: return "row";
    case Role::kTab: return "tab";
    case Role::kHeading: return "heading";
    case Role::kText: return "text";
    case Role::kNone: break;
  }
  return "";
}

}  // namespace

void probe_begin_frame() {
  g_last.swap(g_current);
  g_current.clear();
  g_fields_last.swap(g_fields_current);
  g_fields_current.clear();
  g_active_last = g_active_current;
  g_active_current = 0;
  g_active_rect_last = g_active_rect_current;
}

void probe(const std::string& name, const ProbeInfo& info) {
  // Clipped items (scrolled out of their child window) are not clickable: leave them out.
  if (!ImGui::IsItemVisible()) return;
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  // Only the visible part: a row half scrolled out is tapped where it shows.
  const ImRect clip = ImGui::GetCurrentWindow()->ClipRect;
  const float x0 = std::max(a.x, clip.Min.x), y0 = std::max(a.y, clip.Min.y);
  const float x1 = std::min(b.x, clip.Max.x), y1 = std::min(b.y, clip.Max.y);
  g_current.push_back({name, ImVec4(x0, y0, x1 - x0, y1 - y0), ImVec2(b.x - a.x, b.y - a.y), info});
}

void probe_text_field(const std::string& name, InputKind kind, const std::string& label, const std::string& value,
                      bool password) {
  if (ImGui::IsItemActive()) {
    g_active_current = static_cast<int>(kind);
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    g_active_rect_current = ImVec4(a.x, a.y, b.x - a.x, b.y - a.y);
  }
  probe(name, ProbeInfo{Role::kTextbox, label, password ? std::string() : value});
  if (!ImGui::IsItemVisible()) return;
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  g_fields_current.push_back({ImVec4(a.x, a.y, b.x, b.y), static_cast<int>(kind)});
}

int text_field_at(float x, float y) {
  for (const auto& f : g_fields_last)
    if (x >= f.box.x && x < f.box.z && y >= f.box.y && y < f.box.w) return f.kind;
  return 0;
}

int active_text_field() { return g_active_current ? g_active_current : g_active_last; }
ImVec4 active_text_rect() { return g_active_current ? g_active_rect_current : g_active_rect_last; }

std::string probe_json() {
  // The last complete frame's widgets (the current one is still being drawn).
  Json out = Json::object();
  for (const auto& e : g_last) out[e.name] = {e.rect.x, e.rect.y, e.rect.z, e.rect.w};
  return out.dump();
}

std::string semantics_json() {
  Json out = Json::array();
  for (const auto& e : g_last) {
    if (e.info.role == Role::kNone) continue;
    Json j = {{"name", e.name}, {"role", role_name(e.info.role)}, {"label", e.info.label},
              {"rect", {e.rect.x, e.rect.y, e.rect.z, e.rect.w}}, {"size", {e.size.x, e.size.y}}};
    if (!e.info.value.empty()) j["value"] = e.info.value;
    if (e.info.role == Role::kCheckbox) j["checked"] = e.info.checked;
    if (e.info.selected) j["selected"] = true;
    if (e.info.disabled) j["disabled"] = true;
    out.push_back(std::move(j));
  }
  return out.dump();
}

void check_overflow() {
  g_overflow.clear();
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
    if (!w->Active || w->Hidden || w->ScrollbarX || (w->Flags & ImGuiWindowFlags_HorizontalScrollbar)) continue;
    // A multi-line text field's own child window (the only child made with NoMove): ImGui sizes its
    // content at the field's width plus padding whatever the text, so it always reads as "past".
    const ImGuiWindowFlags field = ImGuiWindowFlags_ChildWindow | ImGuiWindowFlags_NoMove;
    if ((w->Flags & field) == field) continue;
    if (w->DC.CursorMaxPos.x > w->InnerClipRect.Max.x + 2) g_overflow.push_back(w->Name);
  }
}

std::string overflow_json() { return Json(g_overflow).dump(); }

}  // namespace crm::ui
