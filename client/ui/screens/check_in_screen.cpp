// Visit check-in and check-out. Check-in takes a fresh position from the browser, stores it with
// the visit and shows the distance to the customer's address and the geofence verdict; all of it
// works offline. Check-out records the duration and notes. Both take photos of the visit.
#include <imgui.h>

#include "ui/icons.h"
#include "ui/photos.h"
#include "ui/screens/screens.h"
#include "ui/touch_scroll.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

void check_in_result(App& app) {
  auto visit = app.values("visit", app.check_in_state().visit_id);
  if (!visit) return;
  text_in(Tone::kOk, (std::string(ICON_CHECK "  ") + tr("Checked in.")).c_str());
  probe("checkin.done", ProbeInfo{Role::kText, tr("Checked in.")});
  if (visit_position(*visit)) probe("checkin.distance");
  else wrapped_in(Tone::kWarn, tr("The customer has no address coordinates: the distance cannot be checked."));
}

}  // namespace

void draw_check_in_screen(Ui& ui, const Route& r, CheckInUiState& s) {
  App& app = ui.app;
  const std::string& customer_id = r.id;
  const CustomerRow* customer = app.customers().find(customer_id);
  begin_scroll("##checkin");
  heading(customer ? customer->name.c_str() : "", "checkin.customer");
  const auto open = app.open_visit(customer_id);
  const CheckInState& st = app.check_in_state();
  const bool just_checked_in = st.phase == CheckInState::Phase::kDone && st.customer_id == customer_id;
  const float full = ui.layout.phone() ? -1 : 0;

  if (open && !just_checked_in) {
    auto visit = app.values("visit", *open);
    ImGui::TextWrapped("%s", tr("You are checked in at this customer."));
    if (visit && visit->count("checkin_at"))
      ImGui::TextWrapped("%s %s", tr("Checked in:"),
                         display_value(find_schema("visit")->field("checkin_at"), visit->at("checkin_at"), ui.tz_offset_min).c_str());
    ImGui::TextUnformatted(tr("Notes"));
    ImGui::PushItemWidth(-1);
    input_multiline(tr("Notes"), s.notes, "checkout.notes", ImGui::GetTextLineHeight() * 5);
    ImGui::PopItemWidth();
    draw_photos(ui, "visit", *open, "checkout.");
    if (button(tr("Check out"), "checkout.go", ButtonKind::kPrimary, full)) {
      const std::string visit_id = *open;
      ui.later([&ui, &s, visit_id] {
        Status st = ui.app.check_out(visit_id, s.notes);
        if (st) ui.router.back();
        else s.error = st.error().code;
      });
    }
    if (!s.error.empty()) error_line(s.error);
  } else if (just_checked_in) {
    check_in_result(app);
    // A shelf, a signed delivery note: photos of the visit, taken now (offline too).
    draw_photos(ui, "visit", st.visit_id, "checkin.");
    if (button(tr("Done"), "checkin.close", ButtonKind::kPrimary, full)) ui.back();
  } else {
    ImGui::TextUnformatted(tr("Purpose of the visit"));
    input_text(tr("Purpose of the visit"), s.purpose, "checkin.purpose", InputKind::kText, 0, -1);
    text_in(Tone::kMuted, trf("Geofence radius: %d m", app.geofence_radius_m()).c_str());
    const bool locating = st.phase == CheckInState::Phase::kLocating;
    ImGui::BeginDisabled(locating);
    if (button(locating ? tr("Getting your position…") : tr("Take my position and check in"), "checkin.go",
               ButtonKind::kPrimary, full))
      app.check_in(customer_id, s.purpose);
    ImGui::EndDisabled();
    if (st.phase == CheckInState::Phase::kFailed) error_line(st.error.code);
  }
  end_scroll();
}

}  // namespace crm::ui
