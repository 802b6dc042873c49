// The list of any entity's records, from its schema and its computed view (views/): search over
// its searchable and summary fields, filter chips for its choice, yes/no and tag fields and "mine"
// for owned records, date ranges on its indexed dates, sortable columns on a laptop and two-line
// cards on a phone, and saved filters kept per user on the device. Virtualised: only visible rows
// are drawn.
#include <imgui.h>

#include <algorithm>
#include <functional>

#include "app/record_rights.h"
#include "ui/icons.h"
#include "ui/record_fields.h"
#include "ui/screens/screens.h"
#include "ui/touch_scroll.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

void open_row(Ui& ui, const std::string& entity, const std::string& id) { ui.open_record(entity, id); }

bool chip(const std::string& label, bool on, const std::string& probe_name) {
  const bool pressed = button(label.c_str(), probe_name.c_str(), on ? ButtonKind::kPrimary : ButtonKind::kNormal);
  ImGui::SameLine();
  return pressed;
}

// The columns a table shows: the summary fields, then indexed ones, at most five.
std::vector<const FieldSpec*> columns(const EntitySchema& schema) {
  std::vector<const FieldSpec*> out;
  for (const auto& n : schema.summary_fields)
    if (const FieldSpec* f = schema.field(n)) out.push_back(f);
  for (const auto& f : schema.fields)
    if (out.size() < 5 && f.indexed && !f.hidden && std::find(out.begin(), out.end(), &f) == out.end()) out.push_back(&f);
  return out;
}

// A row of chips that scrolls sideways when it is wider than the screen.
void chip_row(const char* id, const std::function<void()>& body) {
  ImGui::BeginChild(id, ImVec2(0, ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ScrollbarSize), false,
                    ImGuiWindowFlags_HorizontalScrollbar);
  body();
  ImGui::NewLine();
  drag_scroll();
  ImGui::EndChild();
}

void toggle(ListQuery& q, const std::string& field, const std::string& value) {
  auto it = q.equals.find(field);
  if (it != q.equals.end() && it->second == value) q.equals.erase(it);
  else q.equals[field] = value;
}

// Filters from the schema's field types.
void filters(Ui& ui, const EntitySchema& schema, ListState& s) {
  ListQuery& q = s.query;
  for (const auto& f : schema.fields) {
    if (f.hidden) continue;
    std::vector<std::pair<std::string, std::string>> options;  // value, label
    if (f.type == FieldType::kChoice || (f.type == FieldType::kTags && !f.choices.empty()))
      for (const auto& c : f.choices) options.push_back({c, choice_label(c)});
    else if (f.type == FieldType::kBool)
      options = {{"true", tr("Yes")}, {"false", tr("No")}};
    else if (f.name == schema.access.field && schema.access.kind == AccessKind::kOwned)
      options = {{ui.app.session().username, tr("Mine")}, {"", tr("Public pool")}};
    if (!options.empty()) {
      text_in(Tone::kMuted, field_label(f));
      chip_row(("##f." + f.name).c_str(), [&] {
        for (const auto& [value, label] : options) {
          auto it = q.equals.find(f.name);
          const bool on = it != q.equals.end() && it->second == value;
          if (chip(label, on, "list.filter." + f.name + "." + (value.empty() ? "none" : value))) toggle(q, f.name, value);
        }
      });
    } else if ((f.type == FieldType::kDate || f.type == FieldType::kTimestamp) && f.indexed) {
      text_in(Tone::kMuted, field_label(f));
      auto& [from, to] = q.ranges[f.name];
      const float side = ImGui::GetFrameHeight(), gap = ImGui::GetStyle().ItemSpacing.x;
      const float w = (ImGui::GetContentRegionAvail().x - 3 * gap - 2 * side) / 2;
      // Each end typed or picked on a calendar (a day: ranges compare by the date's text).
      auto end = [&](std::string& value, const char* which, const char* label, const char* hint) {
        const std::string name = "list.range." + f.name + "." + which;
        input_text(std::string(field_label(f)) + " " + label, value, name.c_str(), InputKind::kText, 0, w, hint);
        ImGui::SameLine();
        if (icon_button(ICON_CALENDAR, tr("Pick a date"), (name + ".pick").c_str())) {
          s.picking = f.name + "." + which;
          open_date_picker(s.picker, value, ui.app.clock().now_ms(), ui.tz_offset_min);
        }
        if (s.picking == f.name + "." + which) {
          bool open = true;
          draw_date_picker(s.picker, false, value, open, ui.layout);
          if (!open) s.picking.clear();
        }
      };
      end(from, "from", tr("from"), tr("from YYYY-MM-DD"));
      ImGui::SameLine();
      end(to, "to", tr("to"), tr("to YYYY-MM-DD"));
      if (from.empty() && to.empty()) q.ranges.erase(f.name);
    }
  }
}

// The user's saved filters as chips, and naming the current one.
void saved_filters(Ui& ui, const EntitySchema& schema, ListState& s) {
  const auto saved = ui.app.saved_filters(schema.name);
  if (!saved.empty())
    chip_row("##saved", [&] {
      for (size_t i = 0; i < saved.size(); ++i)
        if (chip(std::string(ICON_SAVED " ") + saved[i].name, saved[i].query == s.query, "list.saved." + std::to_string(i)))
          s.query = saved[i].query;
    });
  if (!s.show_filters) return;
  const float w = button_width(tr("Save filter"));
  input_text(tr("Filter name"), s.filter_name, "list.filter_name", InputKind::kText, 0,
             ImGui::GetContentRegionAvail().x - w - ImGui::GetStyle().ItemSpacing.x, tr("Filter name"));
  ImGui::SameLine();
  ImGui::BeginDisabled(s.filter_name.empty());
  if (button(tr("Save filter"), "list.save_filter")) {
    (void)ui.app.save_filter(schema.name, SavedFilter{s.filter_name, s.query});
    s.filter_name.clear();
  }
  ImGui::EndDisabled();
  for (const auto& f : saved)
    if (f.query == s.query && button((std::string(ICON_DELETE " ") + tr("Forget this filter")).c_str(), "list.forget_filter",
                                     ButtonKind::kDanger))
      (void)ui.app.delete_filter(schema.name, f.name);
}

// The record open beside the list (a laptop), marked in it.
const std::string& shown_id(const Ui& ui) {
  static const std::string kNone;
  return ui.router.depth() > 1 && ui.router.current().entity == ui.router.at(0).entity ? ui.router.current().id : kNone;
}

void cards(Ui& ui, const EntitySchema& schema, const std::vector<const ListRow*>& rows, bool top) {
  const float row_h = ui.layout.px(64);
  clipped_list("##cards", rows.size(), row_h, top, [&](int i, int first) {
    const ListRow& r = *rows[static_cast<size_t>(i)];
    const std::string title = record_title(ui.app, schema, r.values, ui.tz_offset_min);
    const std::string sub = record_subtitle(ui.app, schema, r.values, ui.tz_offset_min);
    if (card_row(title, sub, row_h, ui.layout.px(8), r.id == shown_id(ui))) open_row(ui, schema.name, r.id);
    if (i - first < 20) probe("list.row." + std::to_string(i), ProbeInfo{Role::kRow, title, sub});
  });
}

void table(Ui& ui, const EntitySchema& schema, ListState& s, const std::vector<const ListRow*>& rows, bool top) {
  const auto cols = columns(schema);
  if (cols.empty()) return;
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_Resizable | ImGuiTableFlags_Sortable;
  if (!ImGui::BeginTable("records", static_cast<int>(cols.size()), flags)) return;
  if (top) ImGui::SetScrollY(0);
  ImGui::TableSetupScrollFreeze(0, 1);
  for (size_t c = 0; c < cols.size(); ++c)
    ImGui::TableSetupColumn(field_label(*cols[c]), ImGuiTableColumnFlags_WidthStretch | (c == 0 ? ImGuiTableColumnFlags_DefaultSort : 0),
                            c == 0 ? 3.0f : 2.0f, static_cast<ImGuiID>(c));
  // Each header by hand, so that each is named for tests and screen readers.
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  for (size_t c = 0; c < cols.size(); ++c) {
    ImGui::TableSetColumnIndex(static_cast<int>(c));
    ImGui::TableHeader(field_label(*cols[c]));
    probe("list.column." + cols[c]->name, ProbeInfo{Role::kButton, field_label(*cols[c])});
  }
  // A click on a column header orders the list by it (again: the other way).
  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty && specs->SpecsCount > 0) {
    const ImGuiTableColumnSortSpecs& c = specs->Specs[0];
    s.query.sort = cols[static_cast<size_t>(c.ColumnUserID)]->name;
    s.query.descending = c.SortDirection == ImGuiSortDirection_Descending;
    specs->SpecsDirty = false;
  }
  const float row_h = ui.layout.target() - ImGui::GetStyle().CellPadding.y * 2;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const ListRow& r = *rows[static_cast<size_t>(i)];
      ImGui::TableNextRow(0, ui.layout.target());
      ImGui::PushID(i);
      for (size_t c = 0; c < cols.size(); ++c) {
        ImGui::TableNextColumn();
        auto it = r.values.find(cols[c]->name);
        const std::string text = it == r.values.end() ? "" : value_text(ui.app, cols[c], it->second, ui.tz_offset_min, schema.name);
        if (c == 0) {
          if (ImGui::Selectable((text + "##row").c_str(), r.id == shown_id(ui), ImGuiSelectableFlags_SpanAllColumns, ImVec2(0, row_h)))
            open_row(ui, schema.name, r.id);
          if (i - clipper.DisplayStart < 20)
            probe("list.row." + std::to_string(i), ProbeInfo{Role::kRow, text, record_subtitle(ui.app, schema, r.values, ui.tz_offset_min)});
        } else {
          ImGui::TextUnformatted(text.c_str());
        }
      }
      ImGui::PopID();
    }
  }
  drag_scroll();
  ImGui::EndTable();
}

// On a phone: one chip steps through the orders (summary and indexed fields, each way).
void sort_chip(const EntitySchema& schema, ListQuery& q) {
  const auto cols = columns(schema);
  if (cols.empty()) return;
  size_t at = 0;
  for (size_t i = 0; i < cols.size(); ++i)
    if (cols[i]->name == q.sort) at = i;
  const std::string label = std::string(q.descending ? ICON_SORT_DOWN "  " : ICON_SORT_UP "  ") + field_label(*cols[at]);
  if (button(label.c_str(), "list.sort")) {
    if (!q.descending && !q.sort.empty()) {
      q.descending = true;
    } else {
      q.descending = false;
      q.sort = cols[q.sort.empty() ? (cols.size() > 1 ? 1 : 0) : (at + 1) % cols.size()]->name;
    }
  }
}

}  // namespace

void draw_record_list_screen(Ui& ui, const Route& r, ListState& s) {
  const EntitySchema* schema = find_schema(r.entity);
  RecordListView* list = ui.app.records(r.entity);
  if (!schema || !list) {
    wrapped_in(Tone::kText, tr("This list is not available on this device."));
    return;
  }
  const bool cards_view = ui.layout.phone() || ImGui::GetContentRegionAvail().x < ui.layout.px(560);
  const bool may_write = write_rights(*schema, ui.app.session().role).may_write;
  const std::string new_label = std::string(ICON_ADD "  ") + tr("New");
  const float side = ImGui::GetFrameHeight(), gap = ImGui::GetStyle().ItemSpacing.x;
  const float new_w = may_write ? button_width(new_label.c_str()) + gap : 0;
  input_text(tr("Search"), s.query.search, "list.search", InputKind::kSearch, 0,
             ImGui::GetContentRegionAvail().x - new_w - side - gap, tr("Search"));
  ImGui::SameLine();
  if (icon_button(ICON_FILTER, tr("Filters"), "list.filters", s.show_filters ? ButtonKind::kPrimary : ButtonKind::kNormal))
    s.show_filters = !s.show_filters;
  if (may_write) {
    ImGui::SameLine();
    if (button(new_label.c_str(), "list.new", ButtonKind::kPrimary)) ui.go(Route{Screen::kEdit, r.entity, "", ""});
  }
  if (s.show_filters) filters(ui, *schema, s);
  saved_filters(ui, *schema, s);
  const auto& rows = list->query(s.query);
  const std::string key = std::to_string(std::hash<std::string>{}(dump_saved_filters({SavedFilter{"-", s.query}})));
  const bool top = key != s.list_key;
  s.list_key = key;
  if (cards_view) ImGui::AlignTextToFramePadding();  // level with the sort chip beside it
  text_in(Tone::kMuted, trf("%d of %d", static_cast<int>(rows.size()), static_cast<int>(list->size())).c_str());
  probe("list.count", ProbeInfo{Role::kText, "", std::to_string(rows.size())});
  if (cards_view) {
    ImGui::SameLine();
    sort_chip(*schema, s.query);
    cards(ui, *schema, rows, top);
  } else {
    table(ui, *schema, s, rows, top);
  }
}

void draw_more_screen(Ui& ui) {
  begin_scroll("##more");
  const std::string& role = ui.app.session().role;
  if (role == kRoleSales || role == kRoleManager || role == kRoleAdmin) {
    const std::string label = std::string(ICON_TARGET) + "  " + tr("Targets and commission") + "##targets";
    if (button(label.c_str(), "more.targets", ButtonKind::kNormal, -1)) ui.go(Route{Screen::kTargets, "", "", ""});
  }
  // Payment collection, which the side navigation lists on a laptop.
  if (ui.app.session().role != kRoleService &&
      button((std::string(ICON_PRICE_LIST "  ") + tr("Collection")).c_str(), "more.collection", ButtonKind::kNormal, -1))
    ui.tab(Screen::kCollection);
  for (const EntitySchema* e : navigable_entities({"customer", "visit"}, ui.app.session().role)) {
    const std::string label = std::string(entity_icon(*e)) + "  " + entity_plural(*e) + "##" + e->name;
    if (button(label.c_str(), ("more." + e->name).c_str(), ButtonKind::kNormal, -1))
      ui.go(Route{Screen::kList, e->name, "", ""});
  }
  end_scroll();
}

}  // namespace crm::ui
