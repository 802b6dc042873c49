#include "ui/record_fields.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <map>

#include "core/time_format.h"
#include "model/field_input.h"
#include "model/values/money.h"
#include "ui/date_picker.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

// The key of a money field's currency in the form's text.
std::string currency_slot(const FieldSpec& f) { return f.name + ".currency"; }

InputKind kind_of(const FieldSpec& f) {
  switch (f.type) {
    case FieldType::kPhone: return InputKind::kPhone;
    case FieldType::kEmail: return InputKind::kEmail;
    case FieldType::kInteger:
    case FieldType::kDecimal:
    case FieldType::kFixed:
    case FieldType::kMoney: return InputKind::kDecimal;
    default: return InputKind::kText;
  }
}

PickerState& picker() {
  static PickerState p;  // one picker is open at a time
  return p;
}

void choice_field(Ui& ui, const FieldSpec& f, std::string& value, const std::string& probe_name, const char* label,
                  const std::string& entity) {
  auto choice_label = [&](const std::string& code) { return ui::choice_label(code, entity, f.name); };
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##v", value.empty() ? "" : choice_label(value))) {
    if (!f.required && ImGui::Selectable("-", value.empty(), 0, ImVec2(0, ui.layout.target()))) value.clear();
    for (const auto& c : f.choices) {
      if (ImGui::Selectable(choice_label(c), value == c, 0, ImVec2(0, ui.layout.target()))) value = c;
      probe(probe_name + ".choice." + c, ProbeInfo{Role::kButton, choice_label(c), "", false, value == c});
    }
    ImGui::EndCombo();
  }
  probe(probe_name, ProbeInfo{Role::kCombobox, label, value.empty() ? "" : choice_label(value)});
}

// Tags from a list of choices: one toggle each. Free tags are typed, comma-separated.
void tags_field(Ui& ui, const FieldSpec& f, std::string& value, const std::string& probe_name, const char* label) {
  if (f.choices.empty()) {
    input_text(label, value, probe_name.c_str(), InputKind::kText, 0, -1, "a, b, c");
    return;
  }
  std::vector<std::string> on;
  if (auto parsed = parse_field_input(f, value); parsed && parsed->is_array())
    for (const auto& t : *parsed) on.push_back(t.get<std::string>());
  const float right = ImGui::GetWindowContentRegionMax().x;
  bool first = true;
  for (const auto& c : f.choices) {
    const bool set = std::find(on.begin(), on.end(), c) != on.end();
    const float w = button_width(choice_label(c));
    if (!first && ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ImGui::GetStyle().ItemSpacing.x + w < right)
      ImGui::SameLine();
    first = false;
    if (button((std::string(choice_label(c)) + "##" + c).c_str(), (probe_name + ".tag." + c).c_str(),
               set ? ButtonKind::kPrimary : ButtonKind::kNormal)) {
      if (set) std::erase(on, c);
      else on.push_back(c);
      // Kept in the schema's order of choices.
      std::string joined;
      for (const auto& x : f.choices)
        if (std::find(on.begin(), on.end(), x) != on.end()) joined += (joined.empty() ? "" : ", ") + x;
      value = joined;
    }
  }
  (void)ui;
}

// Amount and currency side by side; the amount stays exact text until the core parses it.
void money_field(Ui& ui, const FieldSpec& f, FormState& form, const std::string& probe_name, const char* label) {
  std::string& amount = form.text[f.name];
  std::string& currency = form.text[currency_slot(f)];
  const float cur_w = ui.layout.px(84), gap = ImGui::GetStyle().ItemSpacing.x;
  input_text(label, amount, probe_name.c_str(), InputKind::kDecimal, 0, ImGui::GetContentRegionAvail().x - cur_w - gap, "0.00");
  ImGui::SameLine();
  input_text(std::string(label) + " " + tr("Currency"), currency, (probe_name + ".currency").c_str(), InputKind::kText,
             ImGuiInputTextFlags_CharsUppercase, cur_w, "CNY");
}

// The target's records, searched by their summary fields, in a drop-down.
void reference_field(Ui& ui, const FieldSpec& f, FormState& form, const std::string& probe_name, const char* label) {
  std::string& value = form.text[f.name];
  const std::string shown = value.empty() ? "" : reference_title(ui.app, f.reference_entity, value, ui.tz_offset_min);
  ImGui::SetNextItemWidth(-1);
  ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(FLT_MAX, ui.layout.px(360)));
  if (ImGui::BeginCombo("##ref", shown.c_str())) {
    if (ImGui::IsWindowAppearing()) form.ref_search.clear();
    input_text(tr("Search"), form.ref_search, (probe_name + ".search").c_str(), InputKind::kSearch, 0, -1, tr("Search"));
    RecordListView* list = ui.app.records(f.reference_entity);
    const EntitySchema* target = find_schema(f.reference_entity);
    if (list && target) {
      ListQuery q;
      q.search = form.ref_search;
      const auto& rows = list->query(q);
      if (!f.required && ImGui::Selectable("-", value.empty(), 0, ImVec2(0, ui.layout.target()))) value.clear();
      const size_t n = std::min<size_t>(rows.size(), 50);  // enough to choose from; the search narrows
      for (size_t i = 0; i < n; ++i) {
        const ListRow* r = rows[i];
        const std::string title = record_title(ui.app, *target, r->values, ui.tz_offset_min);
        const std::string sub = record_subtitle(ui.app, *target, r->values, ui.tz_offset_min);
        ImGui::PushID(r->id.c_str());
        if (ImGui::Selectable((title + (sub.empty() ? "" : "  ·  " + sub)).c_str(), value == r->id, 0,
                              ImVec2(0, ui.layout.target())))
          value = r->id;
        probe(probe_name + ".option." + std::to_string(i), ProbeInfo{Role::kButton, title, sub, false, value == r->id});
        ImGui::PopID();
      }
      if (rows.empty()) text_in(Tone::kMuted, tr("Nothing found"));
    }
    ImGui::EndCombo();
  }
  probe(probe_name, ProbeInfo{Role::kCombobox, label, shown});
}

void date_field(Ui& ui, const FieldSpec& f, FormState& form, const std::string& probe_name, const char* label) {
  std::string& value = form.text[f.name];
  const float side = ImGui::GetFrameHeight();
  input_text(label, value, probe_name.c_str(), InputKind::kText, 0,
             ImGui::GetContentRegionAvail().x - side - ImGui::GetStyle().ItemSpacing.x,
             date_only(f) ? "YYYY-MM-DD" : "YYYY-MM-DD HH:MM");
  ImGui::SameLine();
  if (icon_button(ICON_CALENDAR, tr("Pick a date"), (probe_name + ".pick").c_str())) {
    form.picking = f.name;
    open_date_picker(picker(), value, ui.app.clock().now_ms(), ui.tz_offset_min);
  }
  if (form.picking == f.name) {
    bool open = true;
    draw_date_picker(picker(), !date_only(f), value, open, ui.layout);
    if (!open) form.picking.clear();
  }
  if (!date_only(f)) text_in(Tone::kMuted, tr("Your local time, like 2026-11-23 14:30"));
}

}  // namespace

const char* entity_plural(const EntitySchema& schema) {
  static std::map<std::string, std::string> keys;  // kept alive for tr()'s fallback
  auto [it, fresh] = keys.try_emplace(schema.name);
  if (fresh) {
    std::string k = schema.label.empty() ? schema.name : schema.label;
    if (k.size() > 1 && k.back() == 'y') k = k.substr(0, k.size() - 1) + "ies";
    else k += "s";
    it->second = k;
  }
  return tr(it->second.c_str());
}

const char* entity_icon(const EntitySchema& schema) {
  if (schema.name == "customer") return ICON_CUSTOMERS;
  if (schema.name == "visit") return ICON_VISITS;
  if (schema.name == "activity") return ICON_ACTIVITY;
  // Any money field: a price or a catalogue item.
  for (const auto& f : schema.fields)
    if (f.type == FieldType::kMoney) return schema.parent_field() ? ICON_PRICE_LIST : ICON_PRODUCT;
  if (schema.access.kind == AccessKind::kOrganisation) return ICON_PRICE_LIST;
  if (!schema.states.empty()) return ICON_TICKET;
  return ICON_RECORD;
}

std::string reference_title(App& app, const std::string& entity, const std::string& id, int tz_offset_min) {
  if (entity == "customer")
    if (const CustomerRow* c = app.customers().find(id)) return c->name;
  const EntitySchema* schema = find_schema(entity);
  RecordListView* list = entity == "customer" ? nullptr : app.records(entity);
  const ListRow* row = list ? list->find(id) : nullptr;
  if (!schema || !row) return id;
  std::string t = record_title(app, *schema, row->values, tz_offset_min);
  return t.empty() ? id : t;
}

std::string value_text(App& app, const FieldSpec* spec, const Json& value, int tz_offset_min, const std::string& entity) {
  if (spec && spec->type == FieldType::kReference && value.is_string())
    return reference_title(app, spec->reference_entity, value.get<std::string>(), tz_offset_min);
  return display_value(spec, value, tz_offset_min, entity);
}

std::string record_title(App& app, const EntitySchema& schema, const FieldValues& values, int tz_offset_min) {
  for (const auto& name : schema.summary_fields)
    if (auto it = values.find(name); it != values.end()) {
      std::string t = value_text(app, schema.field(name), it->second, tz_offset_min, schema.name);
      if (!t.empty()) return t;
    }
  return "";
}

std::string record_subtitle(App& app, const EntitySchema& schema, const FieldValues& values, int tz_offset_min) {
  std::string out;
  bool first = true;
  for (const auto& name : schema.summary_fields) {
    auto it = values.find(name);
    if (it == values.end()) continue;
    std::string t = value_text(app, schema.field(name), it->second, tz_offset_min, schema.name);
    if (t.empty()) continue;
    if (first) {  // the title
      first = false;
      continue;
    }
    out += (out.empty() ? "" : "  ·  ") + t;
  }
  return out;
}

void load_form_values(Ui& ui, const EntitySchema& schema, const Route& r, FormState& form) {
  form.loaded = true;
  FieldValues values;
  if (!r.id.empty()) {
    if (auto v = ui.app.values(r.entity, r.id)) values = *v;
  } else {
    for (const auto& f : schema.fields) {
      if (!f.default_value.is_null()) values[f.name] = f.default_value;
      // A required choice without a default starts at its first choice (a customer is a company).
      else if (f.type == FieldType::kChoice && f.required && !f.choices.empty()) values[f.name] = f.choices.front();
    }
    if (const FieldSpec* p = schema.parent_field(); p && !r.parent.empty()) {
      values[p->name] = r.parent;
      // A child's money starts in its parent's currency: the parent's currency field (a price
      // list's), else the currency of its first amount (a receipt in its instalment's).
      if (auto parent = ui.app.values(p->reference_entity, r.parent)) {
        std::string currency;
        if (auto c = parent->find("currency"); c != parent->end() && c->second.is_string())
          currency = c->second.get<std::string>();
        if (const EntitySchema* ps = find_schema(p->reference_entity); ps && currency.empty())
          for (const auto& f : ps->fields) {
            auto v = parent->find(f.name);
            if (f.type != FieldType::kMoney || v == parent->end()) continue;
            if (auto m = money_from_json(v->second)) currency = m->currency;
            if (!currency.empty()) break;
          }
        if (!currency.empty())
          for (const auto& f : schema.fields)
            if (f.type == FieldType::kMoney) form.text[currency_slot(f)] = currency;
      }
    }
    // A time a new record is about (an activity's) starts as now.
    for (const auto& f : schema.fields)
      if (f.type == FieldType::kTimestamp && f.required && !values.count(f.name))
        form.text[f.name] = local_minutes(ui.app.clock().now_ms(), ui.tz_offset_min);
  }
  for (const auto& [k, v] : values) {
    const FieldSpec* spec = schema.field(k);
    if (!spec) {
      form.text[k] = format_field_value(v);
      continue;
    }
    std::optional<int64_t> ms;
    if (spec->type == FieldType::kTimestamp && v.is_string()) ms = parse_iso8601(v.get<std::string>());
    if (ms) {
      form.text[k] = local_minutes(*ms, ui.tz_offset_min);
    } else if (date_only(*spec) && v.is_string()) {
      form.text[k] = v.get<std::string>().substr(0, 10);
    } else if (spec->type == FieldType::kMoney) {
      if (auto m = money_from_json(v)) {
        const std::string text = format_money(*m);  // "1299.00 CNY"
        const size_t space = text.rfind(' ');
        form.text[k] = text.substr(0, space);
        form.text[currency_slot(*spec)] = m->currency;
      }
    } else if (spec->type == FieldType::kBool) {
      form.text[k] = v.is_boolean() && v.get<bool>() ? "true" : "";
    } else {
      form.text[k] = format_field_value(v);
    }
  }
}

std::map<std::string, std::string> form_input(const Ui& ui, const EntitySchema& schema, const FormState& form) {
  std::map<std::string, std::string> typed;
  for (const auto& [name, text] : form.text) {
    const FieldSpec* spec = schema.field(name);
    if (!spec) continue;  // a money field's currency slot, joined below
    std::string t = text;
    // Times are typed in local time and stored in UTC; ISO text typed as such passes through.
    if (spec->type == FieldType::kTimestamp)
      if (auto ms = parse_local_minutes(t, ui.tz_offset_min)) t = iso8601_utc(*ms);
    if (spec->type == FieldType::kMoney && !t.empty())
      if (auto c = form.text.find(currency_slot(*spec)); c != form.text.end() && !c->second.empty()) t += " " + c->second;
    // A cleared checkbox is "no", not "unset".
    if (spec->type == FieldType::kBool && t.empty()) t = "false";
    typed[name] = t;
  }
  return typed;
}

void field_editor(Ui& ui, const FieldSpec& f, FormState& form, bool editable, const FieldValues* current,
                  const std::string& entity) {
  const std::string probe_name = "form." + f.name;
  const char* label = field_label(f);
  ImGui::PushID(f.name.c_str());
  // A checkbox carries its own label.
  if (!(editable && f.type == FieldType::kBool)) ImGui::TextUnformatted(label);
  if (f.required && editable) {
    ImGui::SameLine(0, 2);
    text_in(Tone::kError, "*");
  }
  if (!editable) {
    // What it holds, as a page shows it, with a lock: read, not typed.
    std::string text;
    if (current)
      if (auto it = current->find(f.name); it != current->end()) text = value_text(ui.app, &f, it->second, ui.tz_offset_min, entity);
    ImGui::TextDisabled(ICON_LOCK);
    ImGui::SameLine();
    ImGui::TextWrapped("%s", text.empty() ? "-" : text.c_str());
    probe(probe_name, ProbeInfo{Role::kText, label, text, false, false, true});
    ImGui::PopID();
    return;
  }
  std::string& value = form.text[f.name];
  switch (f.type) {
    case FieldType::kChoice: choice_field(ui, f, value, probe_name, label, entity); break;
    case FieldType::kBool: {
      bool b = value == "true" || value == "yes";
      if (checkbox((std::string(label) + "##b").c_str(), &b, probe_name.c_str())) value = b ? "true" : "";
      break;
    }
    case FieldType::kLongText: input_multiline(label, value, probe_name.c_str(), ImGui::GetTextLineHeight() * 4); break;
    case FieldType::kDate:
    case FieldType::kTimestamp: date_field(ui, f, form, probe_name, label); break;
    case FieldType::kMoney: money_field(ui, f, form, probe_name, label); break;
    case FieldType::kReference: reference_field(ui, f, form, probe_name, label); break;
    case FieldType::kTags: tags_field(ui, f, value, probe_name, label); break;
    default: input_text(label, value, probe_name.c_str(), kind_of(f), 0, -1); break;
  }
  if (auto e = form.errors.find(f.name); e != form.errors.end()) {
    error_line(e->second);
    probe("form.error." + f.name);
  }
  ImGui::PopID();
}

}  // namespace crm::ui
