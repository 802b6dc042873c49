// The public pool on a customer's page: a pool customer gets "Claim"; my own gets "Return to
// pool" (asking why) and, from the rule's warning days on, how soon it returns by itself unless
// followed up. Thin: the rules are in app/pool_actions.h and the core.
#include <imgui.h>

#include "app/pool_actions.h"
#include "ui/icons.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace crm::ui {

void draw_pool_panel(Ui& ui, const std::string& customer_id, PoolPanelState& s) {
  App& app = ui.app;
  auto values = app.values("customer", customer_id);
  if (!values || app.session().role == "service") return;
  const std::string owner = text_of(*values, "owner");
  // A reason is this panel's own question; other refusals read as everywhere else.
  if (s.error == "reason_required") wrapped_in(Tone::kError, tr("Say why the customer goes back to the pool."));
  else if (!s.error.empty()) error_line(s.error);
  if (owner.empty()) {
    wrapped_in(Tone::kMuted, tr("In the public pool"));
    if (!text_of(*values, "pool_reason").empty())
      ImGui::TextWrapped("%s", trf("Returned because: %s", text_of(*values, "pool_reason").c_str()).c_str());
    if (button(tr("Claim"), "pool.claim", ButtonKind::kPrimary)) {
      ui.later([&ui, &s, customer_id] {
        FormOutcome out = claim_customer(ui.app, customer_id);
        s.error = out.ok ? "" : (!out.error.code.empty() ? out.error.code : out.field_errors.begin()->second);
      });
    }
    return;
  }
  if (owner != app.session().username) return;
  if (auto standing = pool_standing(app, customer_id, ui.tz_offset_min)) {
    if (standing->standing == sales::PoolStanding::kDue) {
      wrapped_in(Tone::kWarn, tr("Returns to the public pool at the next daily run unless you follow it up today."));
      probe("pool.warning", ProbeInfo{Role::kText, "due"});
    } else if (standing->standing == sales::PoolStanding::kWarning) {
      wrapped_in(Tone::kWarn, trp("Returns to the public pool in %d days unless followed up.", standing->days_left).c_str());
      probe("pool.warning", ProbeInfo{Role::kText, std::to_string(standing->days_left)});
    }
  }
  if (!s.returning) {
    if (button(tr("Return to pool"), "pool.return")) s.returning = true;
    return;
  }
  input_text(tr("Reason for returning to the pool"), s.reason, "pool.reason");
  if (button(tr("Return to pool"), "pool.return_confirm", ButtonKind::kDanger)) {
    ui.later([&ui, &s, customer_id] {
      FormOutcome out = return_to_pool(ui.app, customer_id, s.reason);
      if (out.ok) s = PoolPanelState{};
      else s.error = !out.error.code.empty() ? out.error.code : out.field_errors.begin()->second;
    });
  }
  ImGui::SameLine();
  if (button(tr("Cancel"), "pool.return_cancel")) s = PoolPanelState{};
}

}  // namespace crm::ui
