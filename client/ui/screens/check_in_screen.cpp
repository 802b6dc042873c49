// Visit check-in and check-out. Check-in takes a fresh position from the browser, stores it with
// the visit and shows the distance to the customer's address and the geofence verdict; all of it
// works offline. Check-out records the duration and notes.
#include <imgui.h>

#include "ui/probe.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

void check_in_result(App& app) {
  auto visit = app.values("visit", app.check_in_state().visit_id);
  if (!visit) return;
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kOkColor), "%s", tr("Checked in."));
  probe("checkin.done");
  if (visit_position(*visit)) probe("checkin.distance");
  else
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kWarnColor), "%s",
                       tr("The customer has no address coordinates: the distance cannot be checked."));
}

}  // namespace

void draw_check_in_screen(App& app, UiState& ui) {
  if (button(tr("< Back"), "checkin.back")) {
    app.go(Screen::kCustomerDetail);
    return;
  }
  const CustomerRow* customer = app.customers().find(app.customer_id);
  heading(customer ? customer->name.c_str() : "");
  const auto open = app.open_visit(app.customer_id);
  const CheckInState& st = app.check_in_state();
  const bool just_checked_in = st.phase == CheckInState::Phase::kDone && st.customer_id == app.customer_id;

  if (open && !just_checked_in) {
    auto visit = app.values("visit", *open);
    ImGui::TextUnformatted(tr("You are checked in at this customer."));
    if (visit && visit->count("checkin_at"))
      ImGui::Text("%s %s", tr("Checked in:"),
                  display_value(find_schema("visit")->field("checkin_at"), visit->at("checkin_at"), ui.tz_offset_min).c_str());
    ImGui::TextUnformatted(tr("Notes"));
    input_multiline("##notes", ui.checkout_notes, "checkout.notes", ImGui::GetTextLineHeight() * 5);
    if (button(tr("Check out"), "checkout.go")) {
      Status s = app.check_out(*open, ui.checkout_notes);
      if (s) {
        ui.checkout_notes.clear();
        app.go(Screen::kCustomerDetail);
      } else {
        ui.checkout_error = s.error().code;
      }
    }
    if (!ui.checkout_error.empty()) error_line(ui.checkout_error);
    return;
  }

  if (just_checked_in) {
    check_in_result(app);
    if (button(tr("Done"), "checkin.close")) app.go(Screen::kCustomerDetail);
    return;
  }
  ImGui::TextUnformatted(tr("Purpose of the visit"));
  input_text("##purpose", ui.visit_purpose, "checkin.purpose");
  ImGui::Text("%s", trf("Geofence radius: %d m", app.geofence_radius_m()).c_str());
  const bool locating = st.phase == CheckInState::Phase::kLocating;
  ImGui::BeginDisabled(locating);
  if (button(locating ? tr("Getting your position…") : tr("Take my position and check in"), "checkin.go"))
    app.check_in(app.customer_id, ui.visit_purpose);
  ImGui::EndDisabled();
  if (st.phase == CheckInState::Phase::kFailed) error_line(st.error.code);
}

}  // namespace crm::ui
