// One customer (a custom page: check-in sits on it): actions, its fields (from the entity schema)
// with call / mail / map links and copy, its contacts, its visits and activities as a timeline, and
// its other children (tickets, ...) as the generic page draws them. "Delete" sits at the end of the
// page, away from the everyday actions, and asks again.
#include <imgui.h>

#include <algorithm>
#include <functional>

#include "core/time_format.h"
#include "ui/icons.h"
#include "visits/visit_rules.h"
#include "ui/screens/screens.h"
#include "ui/touch_scroll.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

// A visit or an activity on the timeline: when it happened, from the schema's time field.
struct TimelineItem {
  const ListRow* row;
  bool visit;
  int64_t at_ms;
};

int64_t time_of(const ListRow& r, const char* field) {
  auto it = r.values.find(field);
  return it != r.values.end() && it->second.is_string() ? parse_iso8601(it->second.get<std::string>()).value_or(0) : 0;
}

void visit_entry(const ListRow& row, int64_t at_ms, const Ui& ui, int index) {
  const ListRow& v = row;
  ImGui::PushID(v.id.c_str());
  text_in(Tone::kOk, (std::string(ICON_CHECK_IN "  ") + tr("Visit") + "  " + local_minutes(at_ms, ui.tz_offset_min)).c_str());
  probe("timeline.visit." + std::to_string(index), ProbeInfo{Role::kText, tr("Visit"), local_minutes(at_ms, ui.tz_offset_min)});
  if (!text_of(v.values, "purpose").empty()) ImGui::TextWrapped("%s", text_of(v.values, "purpose").c_str());
  ImGui::Indent();
  visit_position(v.values);
  if (v.values.count("duration_s")) {
    ImGui::TextWrapped("%s", trp("Checked out after %d min", static_cast<int>(number_of(v.values, "duration_s") / 60)).c_str());
  } else {
    wrapped_in(Tone::kWarn, tr("Not checked out yet"));
  }
  if (!text_of(v.values, "notes").empty()) ImGui::TextWrapped("%s", text_of(v.values, "notes").c_str());
  for (const auto& w : trust_warnings(v.values))
    if (w != "outside_geofence" && w != "no_customer_position") wrapped_in(Tone::kWarn, (std::string("! ") + choice_label(w)).c_str());
  ImGui::Unindent();
  ImGui::PopID();
}

void activity_entry(const ListRow& a, int64_t at_ms, const Ui& ui) {
  const std::string head = std::string(ICON_ACTIVITY "  ") + choice_label(text_of(a.values, "kind")) + "  " +
                           local_minutes(at_ms, ui.tz_offset_min);
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
  draw_pool_panel(ui, id, s.pool);
  // What the server refused of this customer waits here until pushed again or discarded.
  for (const auto& a : app.attention())
    if (a.key.entity == "customer" && a.key.id == id) {
      error_line(a.code);
      probe("detail.refused", ProbeInfo{Role::kText, error_text(a.code), a.code});
    }
  if (!s.copied.empty()) text_in(Tone::kOk, trf("Copied: %s", s.copied.c_str()).c_str());
  ImGui::Separator();
  draw_field_rows(ui, *find_schema("customer"), *customer, s.copied, "detail.field.");

  const auto contacts = app.children(id, "contact");
  heading(trp("%d contacts", static_cast<int>(contacts.size())).c_str(), "detail.contacts");
  const EntitySchema& contact_schema = *find_schema("contact");
  for (size_t i = 0; i < contacts.size(); ++i) {
    const ListRow& c = *contacts[i];
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
    draw_field_rows(ui, contact_schema, reachable, s.copied, n + ".");
    ImGui::Unindent();
    ImGui::PopID();
  }

  std::vector<TimelineItem> timeline;
  for (const ListRow* v : app.children(id, "visit")) timeline.push_back({v, true, time_of(*v, "checkin_at")});
  const size_t visit_count = timeline.size();
  const auto activities = app.children(id, "activity");
  for (const ListRow* a : activities) timeline.push_back({a, false, time_of(*a, "at")});
  std::stable_sort(timeline.begin(), timeline.end(), [](const TimelineItem& a, const TimelineItem& b) { return a.at_ms > b.at_ms; });
  heading((tr("Timeline") + std::string(": ") + trp("%d visits", static_cast<int>(visit_count)) + ", " +
           trp("%d activities", static_cast<int>(activities.size())))
              .c_str(),
          "detail.timeline");
  int visit_index = 0;
  for (const auto& item : timeline) {
    if (item.visit) visit_entry(*item.row, item.at_ms, ui, visit_index++);
    else activity_entry(*item.row, item.at_ms, ui);
    ImGui::Spacing();
  }
  draw_customer_duplicates(ui, id, s.merge);
  // Every other kind of record under a customer (tickets, and those the registry adds later).
  draw_customer_360(ui, id);
  draw_related_sections(ui, *find_schema("customer"), id, {"contact", "visit", "activity"});
  if (delete_zone(tr("Delete customer"), tr("Delete this customer on every device?"), "detail", s.confirm_delete,
                  ui.layout.px(32)))
    ui.later([&ui, id] {
      if (ui.app.remove("customer", id)) ui.router.back();
    });
  end_scroll();
}

}  // namespace crm::ui
