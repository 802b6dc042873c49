#include "ui/probe.h"

#include <imgui.h>

#include <map>
#include <vector>

#include "crdt/record.h"

namespace crm::ui {
namespace {

std::map<std::string, ImVec4> g_current, g_last;
std::vector<ImVec4> g_fields_current, g_fields_last;

}  // namespace

void probe_begin_frame() {
  g_last.swap(g_current);
  g_current.clear();
  g_fields_last.swap(g_fields_current);
  g_fields_current.clear();
}

void probe(const std::string& name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  // Clipped items (scrolled out of their child window) are not clickable: leave them out.
  if (!ImGui::IsItemVisible()) return;
  g_current[name] = ImVec4(a.x, a.y, b.x - a.x, b.y - a.y);
}

void probe_text_field(const std::string& name) {
  probe(name);
  if (!ImGui::IsItemVisible()) return;
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  g_fields_current.emplace_back(a.x, a.y, b.x, b.y);
}

bool text_field_at(float x, float y) {
  for (const auto& r : g_fields_last)
    if (x >= r.x && x < r.z && y >= r.y && y < r.w) return true;
  return false;
}

std::string probe_json() {
  // The last complete frame's widgets (the current one is still being drawn).
  Json out = Json::object();
  for (const auto& [name, r] : g_last) out[name] = {r.x, r.y, r.z, r.w};
  return out.dump();
}

}  // namespace crm::ui
