// One record of any entity, from its schema: its title, Edit (or why the user may not change it),
// what the server refused of it, its fields with call / mail / map links and copy, then its
// children (children_of(): a price list's items) and the records that reference it (a product's
// price-list items), each a section a tap opens. "Delete" sits at the end and asks again.
#include <imgui.h>

#include <algorithm>

#include "app/record_rights.h"
#include "ui/icons.h"
#include "ui/links.h"
#include "ui/photos.h"
#include "ui/record_fields.h"
#include "ui/screens/screens.h"
#include "ui/touch_scroll.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

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

void open_record(Ui& ui, const std::string& entity, const std::string& id) {
  if (entity == "customer") ui.open_customer(id);
  else ui.go(Route{Screen::kRecord, entity, id, ""});
}

// One section: a heading with the count, a row per record, and "Add" for children.
void section(Ui& ui, const EntitySchema& schema, const std::vector<const ListRow*>& rows, const std::string& name,
             const std::string& add_parent) {
  heading((std::string(entity_plural(schema)) + " (" + std::to_string(rows.size()) + ")").c_str(),
          ("record.section." + name).c_str());
  for (size_t i = 0; i < rows.size(); ++i) {
    const ListRow& r = *rows[i];
    const std::string title = record_title(ui.app, schema, r.values, ui.tz_offset_min);
    const std::string sub = record_subtitle(ui.app, schema, r.values, ui.tz_offset_min);
    ImGui::PushID(r.id.c_str());
    const std::string text = title + (sub.empty() ? "" : "  ·  " + sub);
    ImGui::PushTextWrapPos(0);
    if (ImGui::Selectable((text + "##r").c_str(), false, 0, ImVec2(0, ui.layout.target()))) open_record(ui, schema.name, r.id);
    ImGui::PopTextWrapPos();
    probe("record." + name + "." + std::to_string(i), ProbeInfo{Role::kButton, title, sub});
    ImGui::PopID();
  }
  if (!add_parent.empty() && write_rights(schema, ui.app.session().role).may_write)
    if (button((std::string(ICON_ADD "  ") + tr("Add")).c_str(), ("record." + name + ".add").c_str()))
      ui.go(Route{Screen::kEdit, schema.name, "", add_parent});
}

}  // namespace

void draw_field_rows(Ui& ui, const EntitySchema& schema, const std::map<std::string, Json>& values, std::string& copied,
                     const std::string& prefix) {
  const float side = ImGui::GetFrameHeight(), gap = ImGui::GetStyle().ItemSpacing.x;
  for (const auto& f : schema.fields) {
    auto it = values.find(f.name);
    if (it == values.end() || f.hidden || f.parent) continue;
    const std::string text = value_text(ui.app, &f, it->second, ui.tz_offset_min, schema.name);
    if (text.empty()) continue;
    ImGui::PushID(f.name.c_str());
    const std::string name = prefix + f.name;
    const LinkKind kind = link_kind(f);
    const int buttons = 1 + (kind != LinkKind::kNone ? 1 : 0);
    const float text_w = ImGui::GetContentRegionAvail().x - buttons * (side + gap);
    ImGui::BeginGroup();
    text_in(Tone::kMuted, field_label(f));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + text_w);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    probe(name, ProbeInfo{Role::kText, field_label(f), text});
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - buttons * (side + gap) + gap);
    if (kind != LinkKind::kNone) {
      link_button(ui, kind, values, text, name + ".link");
      ImGui::SameLine();
    }
    if (icon_button(ICON_COPY, (std::string(tr("Copy")) + " " + field_label(f)).c_str(), (name + ".copy").c_str(),
                    ButtonKind::kQuiet)) {
      ui.host.copy_text(text);
      copied = field_label(f);
    }
    ImGui::PopID();
  }
}

void draw_related_sections(Ui& ui, const EntitySchema& schema, const std::string& id, const std::vector<std::string>& skip) {
  auto skipped = [&](const std::string& e) { return std::find(skip.begin(), skip.end(), e) != skip.end(); };
  for (const EntitySchema* child : children_of(schema.name)) {
    if (skipped(child->name)) continue;
    // Attachments (a parent of any entity) are photos: thumbnails and "Add photo" (ui/photos.h);
    // their bytes come from the device's camera or files and the attachment endpoints, not a form.
    if (child->polymorphic_parent()) {
      draw_photos(ui, schema.name, id, "record.");
      continue;
    }
    section(ui, *child, ui.app.children(id, child->name), child->name, id);
  }
  // Records pointing here through a plain reference (not as their parent).
  for (const auto& other : all_schemas()) {
    if (skipped(other.name)) continue;
    for (const auto& f : other.fields) {
      if (f.type != FieldType::kReference || f.parent || f.reference_entity != schema.name) continue;
      RecordListView* list = ui.app.records(other.name);
      if (!list) continue;
      const auto rows = list->referencing(f.name, id);
      if (!rows.empty()) section(ui, other, rows, other.name + "." + f.name, "");
    }
  }
}

void draw_record_screen(Ui& ui, const Route& r, RecordPageState& s) {
  const EntitySchema* schema = find_schema(r.entity);
  auto values = ui.app.values(r.entity, r.id);
  if (!schema || !values) {
    wrapped_in(Tone::kText, tr("This record no longer exists on this device."));
    return;
  }
  begin_scroll("##record");
  const std::string title = record_title(ui.app, *schema, *values, ui.tz_offset_min);
  ImGui::PushTextWrapPos(0);
  ImGui::TextWrapped("%s", title.c_str());
  ImGui::PopTextWrapPos();
  probe("record.title", ProbeInfo{Role::kHeading, title});
  const std::string why = read_only_reason(*schema, ui.app.session().role);
  if (why.empty()) {
    if (button((std::string(ICON_EDIT "  ") + tr("Edit")).c_str(), "record.edit", ButtonKind::kPrimary,
               ui.layout.phone() ? -1 : 0))
      ui.go(Route{Screen::kEdit, r.entity, r.id, ""});
  } else {
    wrapped_in(Tone::kMuted, (std::string(ICON_LOCK "  ") + why).c_str());
    probe("record.read_only", ProbeInfo{Role::kText, why});
  }
  if (r.entity == "lead" && why.empty()) draw_lead_actions(ui, r.id, *values, s.convert);
  if (r.entity == "quote") draw_quote_panel(ui, r.id, s.quote);
  draw_sales_document_panel(ui, r, *values, s.contract);
  // What the server refused of this record waits here until it is pushed again or discarded.
  for (const auto& a : ui.app.attention())
    if (a.key.entity == r.entity && a.key.id == r.id) {
      error_line(a.code);
      probe("record.refused", ProbeInfo{Role::kText, error_text(a.code), a.code});
    }
  if (!s.copied.empty()) text_in(Tone::kOk, trf("Copied: %s", s.copied.c_str()).c_str());
  ImGui::Separator();
  draw_field_rows(ui, *schema, *values, s.copied, "record.field.");
  // A quote's panel lists its lines with their amounts.
  draw_related_sections(ui, *schema, r.id, r.entity == "quote" ? std::vector<std::string>{"quote_line"}
                                                                : std::vector<std::string>{});
  if (why.empty() && delete_zone(tr("Delete"), tr("Delete this record on every device?"), "record", s.confirm_delete,
                                 ui.layout.px(32)))
    ui.later([&ui, r] {
      if (ui.app.remove(r.entity, r.id)) ui.router.back();
    });
  end_scroll();
}

}  // namespace crm::ui
