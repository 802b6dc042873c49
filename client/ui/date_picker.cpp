#include "ui/date_picker.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "app/catalog.h"
#include "core/time_format.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace crm::ui {

// Through the core's UTC text conversions (shared/core/time_format.h), so there is one calendar.
int64_t days_from_civil(int y, int m, int d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return parse_local_minutes(buf, 0).value_or(0) / 86400000;
}

void civil_from_days(int64_t z, int& y, int& m, int& d) {
  const std::string day = local_minutes(z * 86400000, 0);
  y = std::atoi(day.substr(0, 4).c_str());
  m = std::atoi(day.substr(5, 2).c_str());
  d = std::atoi(day.substr(8, 2).c_str());
}

namespace {

int days_in(int y, int m) {
  return static_cast<int>(days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - days_from_civil(y, m, 1));
}

const char* month_name(int m) {
  static const char* const kNames[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};
  return tr(kNames[(m - 1) % 12]);
}

void step_month(PickerState& p, int by) {
  int idx = p.year * 12 + (p.month - 1) + by;
  p.year = idx / 12;
  p.month = idx % 12 + 1;
}

// A "<  value  >" stepper; returns the step pressed (-1, 0, +1).
int stepper(const char* id, const std::string& value, const char* probe_prefix, float value_w, const char* down_label,
            const char* up_label) {
  ImGui::PushID(id);
  int out = 0;
  if (icon_button(ICON_BACK, down_label, (std::string(probe_prefix) + ".down").c_str())) out = -1;
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  const float x = ImGui::GetCursorPosX();
  ImGui::SetCursorPosX(x + (value_w - ImGui::CalcTextSize(value.c_str()).x) / 2);
  ImGui::TextUnformatted(value.c_str());
  probe(probe_prefix, ProbeInfo{Role::kText, value});
  ImGui::SameLine(x + value_w);
  if (icon_button(ICON_NEXT, up_label, (std::string(probe_prefix) + ".up").c_str())) out = 1;
  ImGui::PopID();
  return out;
}

}  // namespace

void open_date_picker(PickerState& p, const std::string& text, int64_t now_ms, int tz_offset_min) {
  p = PickerState{};
  int64_t ms = now_ms + static_cast<int64_t>(tz_offset_min) * 60000;
  if (auto typed = parse_local_minutes(text, 0)) {
    ms = *typed;
    int y, m, d;
    civil_from_days(ms / 86400000, y, m, d);
    p.day = d;
  }
  int y, m, d;
  civil_from_days(ms / 86400000, y, m, d);
  p.year = y;
  p.month = m;
  if (text.size() >= 16) {
    p.hour = static_cast<int>((ms / 3600000) % 24);
    p.minute = static_cast<int>((ms / 60000) % 60);
  }
  ImGui::OpenPopup("##datepicker");
}

bool draw_date_picker(PickerState& p, bool with_time, std::string& text, bool& open, const Layout& layout) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float width = std::min(display.x - layout.px(8), layout.px(400));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::SetNextWindowPos(ImVec2(display.x / 2, display.y / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(layout.px(4), layout.px(8)));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(layout.px(2), layout.px(4)));
  bool chosen = false;
  if (!ImGui::BeginPopupModal("##datepicker", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize)) {
    ImGui::PopStyleVar(2);
    open = false;
    return false;
  }
  const float inner = ImGui::GetContentRegionAvail().x;
  const float value_w = inner - 2 * ImGui::GetFrameHeight() - 2 * ImGui::GetStyle().ItemSpacing.x;
  if (int s = stepper("year", std::to_string(p.year), "picker.year", value_w, tr("Previous year"), tr("Next year")))
    p.year += s;
  if (int s = stepper("month", month_name(p.month), "picker.month", value_w, tr("Previous month"), tr("Next month")))
    step_month(p, s);
  if (p.day > days_in(p.year, p.month)) p.day = days_in(p.year, p.month);
  // Monday first; 1970-01-01 was a Thursday.
  const int64_t first = days_from_civil(p.year, p.month, 1);
  const int lead = static_cast<int>(((first % 7) + 7 + 3) % 7);
  const float cell = (inner - 6 * ImGui::GetStyle().ItemSpacing.x) / 7;
  static const char* const kDays[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
  const float x0 = ImGui::GetCursorPosX(), sp = ImGui::GetStyle().ItemSpacing.x;
  for (int i = 0; i < 7; ++i) {
    const char* d = tr(kDays[i]);
    if (i) ImGui::SameLine();
    ImGui::SetCursorPosX(x0 + i * (cell + sp) + (cell - ImGui::CalcTextSize(d).x) / 2);
    text_in(Tone::kMuted, d);
  }
  const int n = days_in(p.year, p.month);
  for (int slot = 0; slot < lead + n; ++slot) {
    if (slot % 7) ImGui::SameLine();
    if (slot < lead) {
      ImGui::Dummy(ImVec2(cell, cell));
      continue;
    }
    const int day = slot - lead + 1;
    const bool selected = day == p.day;
    ImGui::PushID(day);
    if (selected) {
      for (ImGuiCol c : {ImGuiCol_Button, ImGuiCol_ButtonHovered, ImGuiCol_ButtonActive}) ImGui::PushStyleColor(c, tone(Tone::kAccent));
      ImGui::PushStyleColor(ImGuiCol_Text, tone(Tone::kOnAccent));
    }
    if (ImGui::Button(std::to_string(day).c_str(), ImVec2(cell, cell))) p.day = day;
    if (selected) ImGui::PopStyleColor(4);
    probe("picker.day." + std::to_string(day), ProbeInfo{Role::kButton, std::to_string(day) + " " + month_name(p.month),
                                                         "", false, selected});
    ImGui::PopID();
  }
  if (with_time) {
    char hh[8], mm[8];
    std::snprintf(hh, sizeof hh, "%02d", p.hour);
    std::snprintf(mm, sizeof mm, "%02d", p.minute);
    text_in(Tone::kMuted, tr("Time"));
    if (int s = stepper("hour", hh, "picker.hour", value_w, tr("Earlier hour"), tr("Later hour")))
      p.hour = (p.hour + s + 24) % 24;
    if (int s = stepper("minute", mm, "picker.minute", value_w, tr("5 minutes earlier"), tr("5 minutes later")))
      p.minute = (p.minute + s * 5 + 60) % 60 / 5 * 5;
  }
  ImGui::Spacing();
  const float half = (inner - ImGui::GetStyle().ItemSpacing.x) / 2;
  ImGui::BeginDisabled(p.day == 0);
  if (button(tr("Done"), "picker.done", ButtonKind::kPrimary, half)) {
    char buf[32];
    if (with_time) std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", p.year, p.month, p.day, p.hour, p.minute);
    else std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", p.year, p.month, p.day);
    text = buf;
    chosen = true;
    open = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (button(tr("Cancel"), "picker.cancel", ButtonKind::kNormal, half)) {
    open = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
  ImGui::PopStyleVar(2);
  return chosen;
}

}  // namespace crm::ui
