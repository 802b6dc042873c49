// One customer: actions, its fields (from the entity schema) with call / mail / map links and
// copy, its contacts, and its visits and activities as a timeline. "Delete" sits at the end of the
// page, away from the everyday actions, and asks again.
#include <imgui.h>

#include <algorithm>
#include <functional>

#include "core/time_format.h"
#include "ui/icons.h"
#include "ui/links.h"
#include "ui/screens/screens.h"
#include "ui/touch_scroll.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

// A link button for a value; true if drawn.
bool link_button(Ui& ui, LinkKind kind, const std::map<std::string, Json>& values, const std::string& value,
                 const std::string& probe_name) {
  std::string url;
  const char* icon = "";
  const char* label = "";
  switch (kind) {
    case LinkKind::kCall: url = tel_link(value), icon = ICON_PHONE, label = tr("Call"); break;
    case LinkKind::kMail: url = mailto_link(value), icon = ICON_MAIL, label = tr("Write an e-mail"); break;
    case LinkKind::kMap: url = map_link(values, ui.layout.touch), icon = ICON_MAP, label = tr("Show on a map"); break;
    case LinkKind::kNone: return false;
  }
  if (url.empty()) return false;
  if (icon_button(icon, label, probe_name.c_str())) ui.host.open_url(url);
  return true;
}

// Label over value (a phone's width) or beside it, then the value's link and copy buttons.
void field_rows(Ui& ui, const EntitySchema& schema, const std::map<std::string, Json>& values, DetailState& s,
                const std::string& prefix) {
  const float side = ImGui::GetFrameHeight(), gap = ImGui::GetStyle().ItemSpacing.x;
  for (const auto& f : schema.fields) {
    auto it = values.find(f.name);
    if (it == values.end() || f.type == FieldType::kReference) continue;
    const std::string text = display_value(&f, it->second, ui.tz_offset_min);
    if (text.empty()) continue;
    ImGui::PushID(f.name.c_str());
    const std::string name = prefix + f.name;
    const LinkKind kind = link_kind(f);
    const int buttons = 1 + (kind != LinkKind::kNone ? 1 : 0);
    const float text_w = ImGui::GetContentRegionAvail().x - buttons * (side + gap);
    ImGui::BeginGroup();
    text_in(Tone::kMuted, field_label(f.name));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + text_w);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    probe(name, ProbeInfo{Role::kText, field_label(f.name), text});
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - buttons * (side + gap) + gap);
    if (kind != LinkKind::kNone) {
      link_button(ui, kind, values, text, name + ".link");
      ImGui::SameLine();
    }
    if (icon_button(ICON_COPY, (std::string(tr("Copy")) + " " + field_label(f.name)).c_str(), (name + ".copy").c_str(),
                    ButtonKind::kQuiet)) {
      ui.host.copy_text(text);
      s.copied = field_label(f.name);
    }
    ImGui::PopID();
  }
}

void visit_entry(const RecordItem& v, const Ui& ui, int index) {
  ImGui::PushID(v.id.c_str());
  text_in(Tone::kOk, (std::string(ICON_CHECK_IN "  ") + tr("Visit") + "  " + local_minutes(v.at_ms, ui.tz_offset_min)).c_str());
  probe("timeline.visit." + std::to_string(index), ProbeInfo{Role::kText, tr("Visit"), local_minutes(v.at_ms, ui.tz_offset_min)});
  if (!text_of(v.values, "purpose").empty()) ImGui::TextWrapped("%s", text_of(v.values, "purpose").c_str());
  ImGui::Indent();
  visit_position(v.values);
  if (v.values.count("duration_s")) {
    ImGui::TextWrapped("%s", trp("Checked out after %d min", static_cast<int>(number_of(v.values, "duration_s") / 60)).c_str());
  } else {
    wrapped_in(Tone::kWarn, tr("Not checked out yet"));
  }
  if (!text_of(v.values, "notes").empty()) ImGui::TextWrapped("%s", text_of(v.values, "notes").c_str());
  for (const auto& w : v.warnings)
    if (w != "outside_geofence" && w != "no_customer_position") wrapped_in(Tone::kWarn, (std::string("! ") + choice_label(w)).c_str());
  ImGui::Unindent();
  ImGui::PopID();
}

void activity_entry(const RecordItem& a, const Ui& ui) {
  const std::string head = std::string(ICON_ACTIVITY "  ") + choice_label(text_of(a.values, "kind")) + "  " +
                           local_minutes(a.at_ms, ui.tz_offset_min);
  text_in(Tone::kWarn, head.c_str());
  ImGui::TextWrapped("%s", text_of(a.values, "subject").c_str());
  ImGui::Indent();
  if (!text_of(a.values, "notes").empty()) ImGui::TextWrapped("%s", text_of(a.values, "notes").c_str());
  if (!text_of(a.values, "next_follow_up").empty())
    ImGui::TextWrapped("%s %s", tr("Next follow-up:"),
                       display_value(find_schema("activity")->field("next_follow_up"), a.values.at("next_follow_up"),
                                     ui.tz_offset_min).c_str());
  ImGui::Unindent();
}

void actions(Ui& ui, const std::string& id) {
  App& app = ui.app;
  const auto open = app.open_visit(id);
  const char* check = open ? tr("Check out") : tr("Check in");
  if (button((std::string(ICON_CHECK_IN "  ") + check).c_str(), "detail.checkin", ButtonKind::kPrimary,
             ui.layout.phone() ? -1 : 0)) {
    ui.later([&ui, id] {
      ui.app.reset_check_in();
      ui.router.push(Route{Screen::kCheckIn, "", id, ""});
    });
  }
  // The other actions share a row when it has room, otherwise they wrap.
  struct Action {
    std::string label;
    const char* probe_name;
    std::function<void()> run;
  };
  const Action list[] = {
      {std::string(ICON_EDIT "  ") + tr("Edit"), "detail.edit", [&ui, id] { ui.edit("customer", id); }},
      {std::string(ICON_ADD_CONTACT "  ") + tr("Add contact"), "detail.add_contact", [&ui, id] { ui.edit("contact", "", id); }},
      {std::string(ICON_ACTIVITY "  ") + tr("Log activity"), "detail.add_activity", [&ui, id] { ui.edit("activity", "", id); }},
  };
  const float right = ImGui::GetWindowContentRegionMax().x;
  bool first = !ui.layout.phone();
  for (const auto& a : list) {
    const float w = button_width(a.label.c_str());
    if (!first && ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ImGui::GetStyle().ItemSpacing.x + w < right)
      ImGui::SameLine();
    first = false;
    if (button(a.label.c_str(), a.probe_name)) a.run();
  }
}

void delete_zone(Ui& ui, const std::string& id, DetailState& s) {
  ImGui::Dummy(ImVec2(0, ui.layout.px(24)));
  ImGui::Separator();
  if (!s.confirm_delete) {
    if (button((std::string(ICON_DELETE "  ") + tr("Delete customer")).c_str(), "detail.delete", ButtonKind::kDanger))
      s.confirm_delete = true;
    return;
  }
  wrapped_in(Tone::kError, tr("Delete this customer on every device?"));
  if (button(tr("Really delete"), "detail.delete_confirm", ButtonKind::kDanger)) {
    s.confirm_delete = false;
    ui.later([&ui, id] {
      if (ui.app.remove("customer", id)) ui.router.back();
    });
  }
  ImGui::SameLine(0, ui.layout.px(32));
  if (button(tr("Keep"), "detail.delete_cancel")) s.confirm_delete = false;
}

}  // namespace

void draw_customer_detail_screen(Ui& ui, const Route& r, DetailState& s) {
  App& app = ui.app;
  const std::string& id = r.id;
  auto customer = app.values("customer", id);
  if (!customer) {
    wrapped_in(Tone::kText, tr("This customer no longer exists on this device."));
    return;
  }
  begin_scroll("##detail");
  ImGui::PushTextWrapPos(0);
  ImGui::TextWrapped("%s", text_of(*customer, "name").c_str());
  ImGui::PopTextWrapPos();
  probe("detail.name", ProbeInfo{Role::kHeading, text_of(*customer, "name")});
  actions(ui, id);
  if (!s.copied.empty()) text_in(Tone::kOk, trf("Copied: %s", s.copied.c_str()).c_str());
  ImGui::Separator();
  field_rows(ui, *find_schema("customer"), *customer, s, "detail.field.");

  const auto& contacts = app.related(id, "contact");
  heading(trp("%d contacts", static_cast<int>(contacts.size())).c_str(), "detail.contacts");
  const EntitySchema& contact_schema = *find_schema("contact");
  for (size_t i = 0; i < contacts.size(); ++i) {
    const auto& c = contacts[i];
    ImGui::PushID(c.id.c_str());
    const std::string n = "contact." + std::to_string(i);
    const std::string label = text_of(c.values, "name") + (text_of(c.values, "title").empty() ? "" : " · " + text_of(c.values, "title"));
    if (ImGui::Selectable((label + "##c").c_str(), false, 0, ImVec2(0, ui.layout.target())))
      ui.edit("contact", c.id, id);
    probe(n, ProbeInfo{Role::kButton, label});
    ImGui::Indent();
    std::map<std::string, Json> reachable;
    for (const char* k : {"mobile", "phone", "email", "birthday"})
      if (auto it = c.values.find(k); it != c.values.end()) reachable[k] = it->second;
    field_rows(ui, contact_schema, reachable, s, n + ".");
    ImGui::Unindent();
    ImGui::PopID();
  }

  auto timeline = app.related(id, "visit");
  const size_t visit_count = timeline.size();
  const auto& activities = app.related(id, "activity");
  timeline.insert(timeline.end(), activities.begin(), activities.end());
  std::stable_sort(timeline.begin(), timeline.end(), [](const RecordItem& a, const RecordItem& b) { return a.at_ms > b.at_ms; });
  heading((tr("Timeline") + std::string(": ") + trp("%d visits", static_cast<int>(visit_count)) + ", " +
           trp("%d activities", static_cast<int>(activities.size())))
              .c_str(),
          "detail.timeline");
  int visit_index = 0;
  for (const auto& item : timeline) {
    if (item.entity == "visit") visit_entry(item, ui, visit_index++);
    else activity_entry(item, ui);
    ImGui::Spacing();
  }
  delete_zone(ui, id, s);
  end_scroll();
}

}  // namespace crm::ui
