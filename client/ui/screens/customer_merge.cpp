// "Possible duplicates" on a customer's page: other customers the device holds that match it (same
// phone, same e-mail, similar name: often one customer created on two devices offline), each with
// Open and Merge. Merge asks which record to keep, then merges (App::merge_customers; rules in
// sales/record_merge.h): the other's contacts, activities, visits, opportunities and tickets move
// to the kept one, its empty fields are filled, and the other is removed on every device.
#include <imgui.h>

#include "ui/record_fields.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

void merge(Ui& ui, const std::string& keep, const std::string& other, const std::string& shown, MergeState& s) {
  auto done = ui.app.merge_customers(keep, other);
  if (!done) {
    s.error = done.error().code;
    return;
  }
  s = MergeState{};
  // Merged into the other one: its page replaces this one's.
  if (keep != shown) ui.open_customer(keep);
}

}  // namespace

void draw_customer_duplicates(Ui& ui, const std::string& id, MergeState& s) {
  if (!s.loaded) {
    s.hits.clear();
    for (const auto& h : ui.app.duplicates("customer", id, {}))
      if (h.entity == "customer") s.hits.push_back(h);
    s.loaded = true;
  }
  if (s.hits.empty()) return;
  heading((std::string(tr("Possible duplicates")) + " (" + std::to_string(s.hits.size()) + ")").c_str(),
          "detail.duplicates");
  const EntitySchema& schema = *find_schema("customer");
  for (size_t i = 0; i < s.hits.size(); ++i) {
    const DuplicateHit& h = s.hits[i];
    auto values = ui.app.values("customer", h.id);
    if (!values) continue;
    ImGui::PushID(static_cast<int>(i));
    const std::string name = "detail.duplicate." + std::to_string(i);
    const std::string title = record_title(ui.app, schema, *values, ui.tz_offset_min);
    const std::string why = duplicate_reasons(h.reasons);
    ImGui::PushTextWrapPos(0);
    ImGui::TextWrapped("%s", title.c_str());
    ImGui::PopTextWrapPos();
    text_in(Tone::kMuted, why.c_str());
    probe(name, ProbeInfo{Role::kText, title, why});
    if (button(tr("Open"), (name + ".open").c_str())) ui.open_customer(h.id);
    ImGui::SameLine();
    if (s.choosing != h.id) {
      if (button(tr("Merge"), (name + ".merge").c_str())) s.choosing = h.id, s.error.clear();
    } else {
      text_in(Tone::kText, tr("Which one to keep?"));
      const std::string other = h.id;
      if (button(tr("Keep this customer"), (name + ".keep_this").c_str(), ButtonKind::kPrimary))
        ui.later([&ui, id, other, &s] { merge(ui, id, other, id, s); });
      ImGui::SameLine();
      if (button(tr("Keep the other"), (name + ".keep_other").c_str()))
        ui.later([&ui, id, other, &s] { merge(ui, other, id, id, s); });
      ImGui::SameLine();
      if (button(tr("Cancel"), (name + ".cancel").c_str())) s.choosing.clear();
      if (!s.error.empty()) error_line(s.error);
    }
    ImGui::PopID();
  }
}

}  // namespace crm::ui
