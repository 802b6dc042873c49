// The funnel and the weighted forecast of the records the device holds, for the board's filter
// (whose deals, owner, close month: pipeline_screen.cpp). Funnel: per stage, how many deals got
// that far, the share of the previous stage's that went on, and the amount in the stage now.
// Forecast: per close month, the open deals, their amount, the amount weighted by each deal's
// probability (rounded per deal to the currency's minor unit) and what was won.
#include <imgui.h>

#include <cstdio>

#include "ui/screens/pipeline_view_text.h"
#include "ui/screens/screens.h"
#include "ui/touch_scroll.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

std::string percent(double rate) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", rate * 100);
  return buf;
}

void draw_funnel(Ui& ui, PipelineView& view) {
  heading(tr("Funnel"), "funnel.heading");
  const auto& steps = view.funnel();
  const auto& cols = view.columns();
  size_t top = 1;
  for (const auto& st : steps) top = std::max(top, st.reached);
  const float full = ImGui::GetContentRegionAvail().x;
  for (size_t k = 0; k < steps.size(); ++k) {
    const auto& st = steps[k];
    const int i = view.pipeline().index(st.stage);
    const std::string amount = cols.ok() && i >= 0 ? totals_text(cols->at(static_cast<size_t>(i)).total) : "-";
    // A bar as long as the share of deals that reached the stage.
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float bar = full * static_cast<float>(st.reached) / static_cast<float>(top);
    const float h = ImGui::GetTextLineHeight() * 2 + ui.layout.px(10);
    ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + std::max(bar, ui.layout.px(4)), at.y + h),
                                              ImGui::GetColorU32(ImGuiCol_Header), ui.layout.px(4));
    ImGui::SetCursorScreenPos(ImVec2(at.x + ui.layout.px(6), at.y + ui.layout.px(4)));
    const std::string line1 = std::string(choice_label(st.stage)) + ": " + std::to_string(st.reached);
    const std::string line2 = (k ? trf("%s of the previous stage", percent(st.rate_from_previous).c_str()) + " · " : std::string()) +
                              trf("now %s", amount.c_str());
    ImGui::TextUnformatted(line1.c_str());
    ImGui::SetCursorScreenPos(ImVec2(at.x + ui.layout.px(6), ImGui::GetCursorScreenPos().y));
    text_in(Tone::kMuted, line2.c_str());
    ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + h + ui.layout.px(4)));
    ImGui::Dummy(ImVec2(full, 0));
    probe("funnel.step." + st.stage, ProbeInfo{Role::kText, line1, std::to_string(st.reached) + "|" + amount});
  }
}

void draw_forecast(Ui& ui, PipelineView& view) {
  heading(tr("Forecast by close month"), "forecast.heading");
  const auto& months = view.forecast();
  if (!months.ok()) {
    error_line(months.error().code);
    return;
  }
  if (months->empty()) text_in(Tone::kMuted, tr("No opportunities with an amount and a close date"));
  for (const auto& m : *months) {
    char ym[16];
    std::snprintf(ym, sizeof ym, "%04d-%02d", m.year, m.month);
    const std::string weighted = totals_text(m.weighted), won = totals_text(m.won), pipeline = totals_text(m.pipeline);
    ImGui::TextUnformatted(ym);
    ImGui::Indent();
    ImGui::TextWrapped("%s", trf("Weighted: %s", weighted.c_str()).c_str());
    probe(std::string("forecast.") + ym + ".weighted", ProbeInfo{Role::kText, tr("Weighted"), weighted});
    text_in(Tone::kMuted, trf("%s in %d open deals", pipeline.c_str(), static_cast<int>(m.open)).c_str());
    ImGui::TextWrapped("%s", trf("Won: %s", won.c_str()).c_str());
    probe(std::string("forecast.") + ym + ".won", ProbeInfo{Role::kText, tr("Won"), won});
    ImGui::Unindent();
    ImGui::Separator();
  }
  (void)ui;
}

}  // namespace

void draw_funnel_screen(Ui& ui) {
  PipelineView* view = ui.app.pipeline();
  if (!view) return;
  const PipelineFilter& f = view->filter();
  const char* whose = f.scope == PipelineScope::kMine ? "Mine" : f.scope == PipelineScope::kTeam ? "My team" : "Everyone";
  std::string scope = tr(whose);
  if (!f.owner.empty()) scope += " · " + f.owner;
  if (!f.close_month.empty()) scope += " · " + f.close_month;
  text_in(Tone::kMuted, scope.c_str());
  probe("funnel.scope", ProbeInfo{Role::kText, scope});
  begin_scroll("##funnel");
  draw_funnel(ui, *view);
  draw_forecast(ui, *view);
  end_scroll();
}

}  // namespace crm::ui
