// Targets and commission: progress against the month's, quarter's or year's targets (won and
// collected) and the commission earned, with the receipts (or won deals) behind it, each with its
// share of the commission. A sales person sees their own; a manager or an admin also each person
// and team their device holds (the team's people, one tap to open a person's receipts). Drawn
// from the targets view (views/target_view.h): the numbers are the core's, computed offline.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "ui/icons.h"
#include "ui/screens/screens.h"
#include "ui/touch_scroll.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

constexpr sales::PeriodKind kKinds[] = {sales::PeriodKind::kMonth, sales::PeriodKind::kQuarter, sales::PeriodKind::kYear};

std::string percent_text(int64_t basis_points) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%lld%%", static_cast<long long>(basis_points / 100),
                static_cast<long long>(basis_points % 100 / 10));
  return buf;
}

// "7500.50 CNY of the target 10000.00 CNY" and a bar of the share reached (no target: the amount).
void draw_progress(Ui& ui, const char* label, const sales::Progress& p, const std::string& probe_name) {
  const std::string achieved = p.achieved.currency.empty() ? "0" : format_money(p.achieved);
  ImGui::TextUnformatted(label);
  if (!p.target) {
    ImGui::SameLine();
    text_in(Tone::kMuted, (achieved + " · " + tr("No target")).c_str());
    probe(probe_name, ProbeInfo{Role::kText, label, achieved + "||"});
    return;
  }
  const std::string line = trf("%s of the target %s", achieved.c_str(), format_money(*p.target).c_str());
  ImGui::TextWrapped("%s", line.c_str());
  const float share = std::min(1.0f, static_cast<float>(p.basis_points) / 10000.0f);
  const std::string pct = percent_text(p.basis_points);
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, p.basis_points >= 10000 ? tone(Tone::kOk) : tone(Tone::kAccent));
  ImGui::ProgressBar(share, ImVec2(-1, ui.layout.px(18)), pct.c_str());
  ImGui::PopStyleColor();
  probe(probe_name, ProbeInfo{Role::kText, label, achieved + "|" + format_money(*p.target) + "|" + pct});
  if (p.other_currency)
    text_in(Tone::kMuted, trf("Not counted (another currency): %d", static_cast<int>(p.other_currency)).c_str());
}

// The receipts (or won deals) behind a commission, each with its share; a tap opens it.
void draw_lines(Ui& ui, TargetView& view, const PersonStanding& p) {
  const bool on_won = p.rule && p.rule->basis == sales::TargetBasis::kWon;
  heading(tr(on_won ? "Won deals behind it" : "Receipts behind it"));
  if (!p.commission || p.commission->lines.empty()) {
    text_in(Tone::kMuted, tr("Nothing in this period"));
    return;
  }
  const float pad = ui.layout.px(8);
  const float row_h = pad * 2.5f + ImGui::GetTextLineHeight() * 2;
  for (const auto& l : p.commission->lines) {
    const CountedDetail d = view.detail(l.id);
    std::string title = format_date(l.on) + " · " + format_money(l.amount);
    // The commission first: on a phone the line is cut at the right, and it is what the row is for.
    const std::string rate = format_decimal(l.rate) + "%";
    std::string second = trf("Commission %s at %s", format_money(l.commission).c_str(), rate.c_str());
    for (const std::string* part : {&d.customer_name, on_won ? &d.name : &d.contract_label})
      if (!part->empty()) second += " · " + *part;
    ImGui::PushID(l.id.c_str());
    if (card_row(title, second, row_h, pad)) ui.open_record(on_won ? "opportunity" : "receipt", l.id);
    ImGui::PopID();
    probe("targets.line." + l.id, ProbeInfo{Role::kRow, title, format_money(l.commission)});
  }
}

void draw_commission(const PersonStanding& p, const std::string& prefix) {
  if (!p.rule) {
    text_in(Tone::kMuted, tr("No commission rule applies"));
    probe(prefix + ".commission", ProbeInfo{Role::kText, tr("No commission rule applies"), ""});
    return;
  }
  const std::string amount = p.commission && !p.commission->commission.currency.empty()
                                 ? format_money(p.commission->commission)
                                 : std::string("0");
  const std::string text = trf("Commission: %s", amount.c_str());
  ImGui::PushStyleColor(ImGuiCol_Text, tone(Tone::kAccent));
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
  probe(prefix + ".commission", ProbeInfo{Role::kText, text, amount});
  text_in(Tone::kMuted, trf("Rule: %s", p.rule->name.c_str()).c_str());
}

void draw_person(Ui& ui, TargetsState& s, TargetView& view, const PersonStanding& p, bool alone) {
  const std::string prefix = "targets.person." + p.user;
  ImGui::PushID(p.user.c_str());
  if (!alone) {
    std::string name = p.user;
    if (!p.team.empty()) name += " · " + trf("Team %s", p.team.c_str());
    heading(name.c_str(), (prefix + ".name").c_str());
  }
  draw_progress(ui, tr("Collected"), p.collected, prefix + ".collected");
  draw_progress(ui, tr("Won"), p.won, prefix + ".won");
  draw_commission(p, prefix);
  const bool open = alone || s.open == p.user;
  if (!alone && p.commission) {
    if (button(tr(open ? "Hide receipts" : "Show receipts"), (prefix + ".toggle").c_str(), ButtonKind::kQuiet))
      s.open = open ? std::string() : p.user;
  }
  if (open && p.rule) draw_lines(ui, view, p);
  ImGui::Separator();
  ImGui::PopID();
}

void draw_team(Ui& ui, const TeamStanding& t) {
  const std::string prefix = "targets.team." + t.team;
  ImGui::PushID(("team." + t.team).c_str());
  heading(trf("Team %s", t.team.c_str()).c_str(), (prefix + ".name").c_str());
  std::string who;
  for (const auto& m : t.members) who += (who.empty() ? "" : ", ") + m;
  text_in(Tone::kMuted, who.empty() ? tr("Everyone this device holds") : who.c_str());
  draw_progress(ui, tr("Collected"), t.collected, prefix + ".collected");
  draw_progress(ui, tr("Won"), t.won, prefix + ".won");
  ImGui::Separator();
  ImGui::PopID();
}

// Month / quarter / year, the period with previous and next, and (managers) whose numbers.
void draw_controls(Ui& ui, TargetsState& s, const TargetQuery& q) {
  for (int i = 0; i < 3; ++i) {
    if (i) ImGui::SameLine();
    const char* code = sales::code_of(kKinds[i]);
    if (button(choice_label(code), (std::string("targets.kind.") + code).c_str(),
               s.kind == i ? ButtonKind::kPrimary : ButtonKind::kNormal) &&
        s.kind != i) {
      s.kind = i;
      s.offset = 0;
    }
  }
  if (icon_button(ICON_BACK, tr("Previous period"), "targets.prev")) --s.offset;
  ImGui::SameLine();
  const std::string label = sales::period_label(q.period);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label.c_str());
  probe("targets.period", ProbeInfo{Role::kText, label, format_date(q.period.start)});
  ImGui::SameLine();
  if (icon_button(ICON_NEXT, tr("Next period"), "targets.next")) ++s.offset;
  const std::string& role = ui.app.session().role;
  if (role == kRoleManager || role == kRoleAdmin) {
    if (button(tr("Mine"), "targets.scope.mine", s.team ? ButtonKind::kNormal : ButtonKind::kPrimary)) s.team = false;
    ImGui::SameLine();
    if (button(tr("My team"), "targets.scope.team", s.team ? ButtonKind::kPrimary : ButtonKind::kNormal)) s.team = true;
  }
  text_in(Tone::kMuted, tr("Computed on this device from the records it holds."));
}

}  // namespace

void draw_targets_screen(Ui& ui, TargetsState& s) {
  TargetView* view = ui.app.targets();
  if (!view) return;
  s.kind = std::clamp(s.kind, 0, 2);
  const TargetQuery q = ui.app.target_query(kKinds[s.kind], s.offset, s.team, ui.tz_offset_min);
  draw_controls(ui, s, q);
  const auto& report = view->report(q);
  if (!report.ok()) {
    error_line(report.error().code);
    return;
  }
  begin_scroll("##targets");
  if (!q.everyone) {
    for (const auto& p : report->people) draw_person(ui, s, *view, p, true);
  } else {
    if (!report->teams.empty()) {
      heading(tr("Teams"), "targets.teams");
      for (const auto& t : report->teams) draw_team(ui, t);
    }
    heading(tr("People"), "targets.people");
    if (report->people.empty()) text_in(Tone::kMuted, tr("No targets or sales in this period"));
    for (const auto& p : report->people) draw_person(ui, s, *view, p, false);
  }
  end_scroll();
}

}  // namespace crm::ui
