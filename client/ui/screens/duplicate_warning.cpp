// The duplicate warning of the lead and customer forms: on Save, a new record (or an edit of its
// name, phone or e-mail) that matches records the device holds (App::duplicates, a computed view)
// is not saved yet; the form lists the matches with the reason, each with one tap to open it, and
// for a lead one tap to save it and convert it into a matching customer; "Save anyway" saves.
#include <imgui.h>

#include "ui/record_fields.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

// The fields whose change is worth a duplicate check.
const char* const kCompared[] = {"name", "company", "person_name", "phone", "email"};

bool compared_changed(const std::map<std::string, std::string>& typed, const FieldValues& held) {
  for (const char* f : kCompared) {
    auto it = typed.find(f);
    if (it == typed.end()) continue;
    auto h = held.find(f);
    const std::string was = h != held.end() && h->second.is_string() ? h->second.get<std::string>() : "";
    if (it->second != was) return true;
  }
  return false;
}

}  // namespace

std::string duplicate_reasons(unsigned reasons) {
  std::string out;
  auto add = [&](const char* t) { out += (out.empty() ? "" : ", ") + std::string(tr(t)); };
  if (reasons & sales::kSamePhone) add("same phone");
  if (reasons & sales::kSameEmail) add("same e-mail");
  if (reasons & sales::kSimilarName) add("similar name");
  return out;
}

bool hold_for_duplicates(Ui& ui, const Route& r, FormState& form, const std::map<std::string, std::string>& typed) {
  if (form.duplicates_acknowledged || (r.entity != "customer" && r.entity != "lead")) return false;
  if (!r.id.empty()) {
    auto held = ui.app.values(r.entity, r.id);
    if (!held || !compared_changed(typed, *held)) return false;
  }
  form.duplicates = ui.app.duplicates(r.entity, r.id, typed);
  form.duplicates_to_top = !form.duplicates.empty();
  return !form.duplicates.empty();
}

void draw_duplicate_warning(Ui& ui, const Route& r, FormState& form, const std::function<void(bool)>& save) {
  if (form.duplicates.empty()) return;
  if (form.duplicates_to_top) {
    ImGui::SetScrollY(0);
    form.duplicates_to_top = false;
  }
  wrapped_in(Tone::kWarn, tr("This may already be on the device:"));
  probe("form.duplicates", ProbeInfo{Role::kText, tr("This may already be on the device:"),
                                     std::to_string(form.duplicates.size())});
  for (size_t i = 0; i < form.duplicates.size(); ++i) {
    const DuplicateHit& hit = form.duplicates[i];
    const EntitySchema* schema = find_schema(hit.entity);
    auto values = ui.app.values(hit.entity, hit.id);
    if (!schema || !values) continue;
    ImGui::PushID(static_cast<int>(i));
    const std::string title = std::string(tr(schema->label.c_str())) + ": " +
                              record_title(ui.app, *schema, *values, ui.tz_offset_min);
    const std::string why = duplicate_reasons(hit.reasons);
    ImGui::PushTextWrapPos(0);
    ImGui::TextWrapped("%s", title.c_str());
    ImGui::PopTextWrapPos();
    text_in(Tone::kMuted, why.c_str());
    const std::string name = "form.duplicate." + std::to_string(i);
    probe(name, ProbeInfo{Role::kText, title, why});
    if (button(tr("Open"), (name + ".open").c_str())) ui.open_record(hit.entity, hit.id);
    if (r.entity == "lead" && hit.entity == "customer") {
      ImGui::SameLine();
      if (button(tr("Convert into this customer"), (name + ".convert").c_str())) {
        const std::string customer = hit.id;
        form.convert_into = customer;
        ui.later([save] { save(true); });
      }
    }
    ImGui::PopID();
  }
  if (button(tr("Save anyway"), "form.save_anyway", ButtonKind::kNormal))
    ui.later([save] { save(true); });
  ImGui::Separator();
}

}  // namespace crm::ui
