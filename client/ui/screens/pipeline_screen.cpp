// The pipeline board: a column per stage with its count and total, the cards of the opportunities
// in it (customer, amount, close date), filters (whose: me / team / everyone by role, an owner, a
// close month). A laptop shows the columns side by side; a phone one column at a time, chosen
// with the stage chips above it or by swiping sideways. A card moves by dragging its grip onto
// another column or stage chip (touch and mouse), or with "Move to…" after tapping it; won asks
// for the amount when it has none, lost for the reason. Numbers come from the PipelineView
// (views/pipeline_view.h), kept current from the replica's changes: nothing here queries.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "ui/icons.h"
#include "ui/screens/pipeline_view_text.h"
#include "ui/screens/screens.h"
#include "ui/touch_scroll.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

// A move's errors in the user's language: the opportunity's rules, then the generic texts.
void move_error(const std::string& code) {
  const char* text = code == "amount_required"   ? tr("A won opportunity needs its amount, like 12500 CNY.")
                     : code == "reason_required" ? tr("Say why the opportunity was lost.")
                     : code == "same_stage"      ? tr("The opportunity is already in this stage.")
                     : code == "unknown_stage"   ? tr("This stage is not part of the pipeline.")
                                                 : error_text(code);
  wrapped_in(Tone::kError, text);
  probe("error." + code, ProbeInfo{Role::kText, text});
}

bool inside(const ImVec4& r, ImVec2 p) { return p.x >= r.x && p.x < r.z && p.y >= r.y && p.y < r.w; }

// Starts a move: straight away, unless the target stage asks for something first.
void ask_move(Ui& ui, PipelineState& s, const PipelineCard& c, const std::string& to) {
  s.acting.clear();
  if (to == c.stage) return;
  s.move_id = c.id;
  s.move_to = to;
  s.amount.clear();
  s.reason.clear();
  s.error.clear();
  s.field_error.clear();
  s.asking = (to == "won" && !c.amount) || to == "lost";
  if (!s.asking) {
    const std::string id = c.id;
    ui.later([&ui, &s, id, to] {
      auto out = ui.app.move_stage(id, to, {}, ui.tz_offset_min);
      if (out.ok) {
        s.move_id.clear();
        s.asking = false;
      }
      else if (!out.field_errors.empty()) s.field_error = out.field_errors.begin()->second;
      else s.error = out.error.code;
    });
  }
}

// The question a won or lost move asks, in place of the board until answered.
void draw_move_question(Ui& ui, PipelineState& s) {
  PipelineView* view = ui.app.pipeline();
  const PipelineCard* c = view ? view->find(s.move_id) : nullptr;
  if (!c) {
    s.move_id.clear();
    return;
  }
  heading(trf("Move \"%s\" to %s", c->name.c_str(), choice_label(s.move_to)).c_str(), "pipeline.move.title");
  const bool won = s.move_to == "won";
  if (won) {
    ImGui::TextUnformatted(tr("Amount won"));
    ImGui::SetNextItemWidth(-1);
    input_text(tr("Amount won"), s.amount, "pipeline.move.amount", InputKind::kText, 0, 0, "12500 CNY");
  } else if (s.move_to == "lost") {
    ImGui::TextUnformatted(tr("Why was it lost?"));
    ImGui::SetNextItemWidth(-1);
    input_text(tr("Why was it lost?"), s.reason, "pipeline.move.reason");
  }
  if (!s.field_error.empty()) move_error(s.field_error);
  if (!s.error.empty()) move_error(s.error);
  if (button(tr("Move"), "pipeline.move.confirm", ButtonKind::kPrimary)) {
    std::map<std::string, std::string> typed;
    if (won) typed["amount"] = s.amount;
    if (s.move_to == "lost") typed["lost_reason"] = s.reason;
    const std::string id = s.move_id, to = s.move_to;
    ui.later([&ui, &s, id, to, typed] {
      auto out = ui.app.move_stage(id, to, typed, ui.tz_offset_min);
      if (out.ok) {
        s.move_id.clear();
        s.asking = false;
      }
      else if (!out.field_errors.empty()) s.field_error = out.field_errors.begin()->second;
      else s.error = out.error.code;
    });
  }
  ImGui::SameLine();
  if (button(tr("Cancel"), "pipeline.move.cancel", ButtonKind::kQuiet)) {
    s.move_id.clear();
    s.asking = false;
  }
}

// "Move to…": the stages a tapped card can go to, and its page.
void draw_card_actions(Ui& ui, PipelineState& s, const PipelineCard& c) {
  ImGui::Indent();
  ImGui::TextUnformatted(tr("Move to…"));
  for (const auto& st : ui.app.pipeline()->pipeline().stages) {
    if (st.code == c.stage) continue;
    if (button(choice_label(st.code), ("pipeline.move_to." + st.code).c_str())) ask_move(ui, s, c, st.code);
    ImGui::SameLine();
  }
  ImGui::NewLine();
  if (button(tr("Open"), "pipeline.card.open", ButtonKind::kQuiet)) ui.open_record("opportunity", c.id);
  ImGui::Unindent();
}

// One card: name, then customer · amount · close date; a grip to drag it by on the right.
void draw_card(Ui& ui, PipelineState& s, const PipelineView& view, const PipelineCard& c, float row_h, int i,
               const std::string& stage) {
  const float pad = ui.layout.px(6);
  const float grip = ui.layout.target();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x;
  ImGui::PushID(c.id.c_str());
  const bool tapped = ImGui::Selectable("##card", s.acting == c.id || s.drag_id == c.id, 0,
                                        ImVec2(w - grip, row_h - ImGui::GetStyle().ItemSpacing.y));
  probe("pipeline.card." + stage + "." + std::to_string(i), ProbeInfo{Role::kRow, c.name, card_line(view, c)});
  const ImVec4 clip(at.x, at.y, at.x + w - grip, at.y + row_h);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(at.x + pad, at.y + pad), tone(Tone::kText), c.name.c_str(),
              nullptr, 0, &clip);
  dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(at.x + pad, at.y + pad + ImGui::GetTextLineHeight() + pad / 2),
              tone(Tone::kMuted), card_line(view, c).c_str(), nullptr, 0, &clip);
  if (tapped && !press_scrolled()) s.acting = s.acting == c.id ? std::string() : c.id;
  // The grip: pressing it picks the card up.
  ImGui::SameLine(0, 0);
  ImGui::InvisibleButton("##grip", ImVec2(grip, row_h - ImGui::GetStyle().ItemSpacing.y));
  probe("pipeline.grip." + stage + "." + std::to_string(i), ProbeInfo{Role::kButton, tr("Drag to another stage")});
  if (ImGui::IsItemActivated()) {
    s.drag_id = c.id;
    s.drag_pos = ImGui::GetIO().MousePos;
  }
  const ImVec2 gsz = ImGui::CalcTextSize(ICON_GRIP);
  ImGui::GetWindowDrawList()->AddText(ImVec2(at.x + w - grip + (grip - gsz.x) / 2, at.y + (row_h - gsz.y) / 2),
                                      tone(Tone::kMuted), ICON_GRIP);
  ImGui::PopID();
}

// A column's cards, only those in view drawn; drag-scrolls unless a card is being dragged.
void draw_cards(Ui& ui, PipelineState& s, PipelineView& view, size_t stage_index, ImVec2 size) {
  const std::string& code = view.pipeline().stages[stage_index].code;
  const auto& cards = view.cards(stage_index);
  const float row_h = ui.layout.px(8) + ImGui::GetTextLineHeight() * 2 + ui.layout.px(12);
  ImGui::BeginChild(("##cards." + code).c_str(), size);
  if (cards.empty()) text_in(Tone::kMuted, tr("No opportunities"));
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(cards.size()), row_h);
  while (clipper.Step())
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const PipelineCard& c = *cards[static_cast<size_t>(i)];
      draw_card(ui, s, view, c, row_h, i, code);
      if (s.acting == c.id) draw_card_actions(ui, s, c);
    }
  if (s.drag_id.empty()) drag_scroll();
  ImGui::EndChild();
}

std::string column_title(const sales::StageColumn& col) {
  return std::string(choice_label(col.stage)) + " (" + std::to_string(col.count) + ")";
}

void draw_filters(Ui& ui, PipelineState& s, PipelineView& view) {
  PipelineFilter f = view.filter();
  const std::string& role = ui.app.session().role;
  // Whose deals: a manager chooses between theirs and the team's, an admin also everyone's.
  if (role == kRoleManager || role == kRoleAdmin) {
    const std::pair<PipelineScope, const char*> scopes[] = {
        {PipelineScope::kMine, "Mine"}, {PipelineScope::kTeam, "My team"}, {PipelineScope::kEveryone, "Everyone"}};
    for (const auto& [scope, label] : scopes) {
      if (scope == PipelineScope::kEveryone && role != kRoleAdmin) continue;
      const std::string probe_name = std::string("pipeline.scope.") + (scope == PipelineScope::kMine ? "mine"
                                                                      : scope == PipelineScope::kTeam ? "team"
                                                                                                      : "all");
      if (button(tr(label), probe_name.c_str(), f.scope == scope ? ButtonKind::kPrimary : ButtonKind::kNormal))
        f.scope = scope;
      ImGui::SameLine();
    }
  }
  if (icon_button(ICON_FILTER, tr("Filters"), "pipeline.filters", s.show_filters ? ButtonKind::kPrimary : ButtonKind::kNormal))
    s.show_filters = !s.show_filters;
  ImGui::SameLine();
  if (button(tr("Funnel and forecast"), "pipeline.funnel", ButtonKind::kQuiet)) ui.go(Route{Screen::kFunnel, "", "", ""});
  if (s.show_filters) {
    const float w = std::min(ImGui::GetContentRegionAvail().x, ui.layout.px(260));
    ImGui::SetNextItemWidth(w);
    const std::string owner = f.owner.empty() ? std::string(tr("Any owner")) : f.owner;
    if (ImGui::BeginCombo("##owner", owner.c_str())) {
      if (ImGui::Selectable(tr("Any owner"), f.owner.empty())) f.owner.clear();
      for (const auto& o : view.owners())
        if (ImGui::Selectable(o.c_str(), f.owner == o)) f.owner = o;
      ImGui::EndCombo();
    }
    probe("pipeline.filter.owner", ProbeInfo{Role::kCombobox, tr("Owner"), owner});
    if (!ui.layout.phone()) ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    input_text(tr("Close month"), s.month, "pipeline.filter.month", InputKind::kText, 0, w, "2026-12");
    f.close_month = s.month.size() == 7 ? s.month : std::string();
  }
  view.set_filter(f);
}

}  // namespace

void draw_pipeline_screen(Ui& ui, PipelineState& s) {
  PipelineView* view = ui.app.pipeline();
  if (!view) return;
  if (s.asking && !s.move_id.empty()) {
    draw_move_question(ui, s);
    return;
  }
  draw_filters(ui, s, *view);
  if (!s.error.empty()) move_error(s.error);
  if (!s.field_error.empty()) move_error(s.field_error);
  const auto& cols = view->columns();
  if (!cols.ok()) {
    error_line(cols.error().code);
    return;
  }
  if (view->unplaced())
    text_in(Tone::kMuted, trf("Not on the board (unknown stage): %d", static_cast<int>(view->unplaced())).c_str());
  const size_t n = cols->size();
  s.stage = std::min(s.stage, n - 1);
  std::vector<std::pair<size_t, ImVec4>> targets;  // where a dragged card may land, this frame
  const ImVec2 mouse = ImGui::GetIO().MousePos;

  if (ui.layout.phone()) {
    // The stage shown: previous and next, or any from the list (a sideways swipe also turns).
    const std::string title = column_title((*cols)[s.stage]);
    if (icon_button(ICON_BACK, tr("Previous stage"), "pipeline.stage.prev") && s.stage > 0) --s.stage;
    ImGui::SameLine();
    const float next_w = ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - next_w - ImGui::GetStyle().ItemSpacing.x);
    if (ImGui::BeginCombo("##stage", title.c_str())) {
      for (size_t i = 0; i < n; ++i)
        if (ImGui::Selectable(column_title((*cols)[i]).c_str(), i == s.stage,
                              0, ImVec2(0, ui.layout.target() - ImGui::GetStyle().ItemSpacing.y)))
          s.stage = i;
      ImGui::EndCombo();
    }
    probe("pipeline.stage", ProbeInfo{Role::kCombobox, tr("Stage"), title});
    ImGui::SameLine();
    if (icon_button(ICON_NEXT, tr("Next stage"), "pipeline.stage.next") && s.stage + 1 < n) ++s.stage;
    // While a card is carried, every stage is a target in reach of the thumb (the chips may be
    // scrolled out of view): two per row above the column.
    if (!s.drag_id.empty()) {
      const float gap = ImGui::GetStyle().ItemSpacing.x;
      const float w = (ImGui::GetContentRegionAvail().x - gap) / 2, h = ui.layout.target();
      ImDrawList* dl = ImGui::GetWindowDrawList();
      for (size_t i = 0; i < n; ++i) {
        if (i % 2) ImGui::SameLine();
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::Dummy(ImVec2(w, h));
        const ImVec4 r(at.x, at.y, at.x + w, at.y + h);
        const bool over = inside(r, s.drag_pos);
        dl->AddRectFilled(at, ImVec2(r.z, r.w), ImGui::GetColorU32(over ? ImGuiCol_HeaderActive : ImGuiCol_Header), 6);
        const std::string label = choice_label((*cols)[i].stage);
        const ImVec2 tsz = ImGui::CalcTextSize(label.c_str());
        dl->AddText(ImVec2(at.x + (w - tsz.x) / 2, at.y + (h - tsz.y) / 2), tone(Tone::kText), label.c_str());
        probe("pipeline.drop." + (*cols)[i].stage, ProbeInfo{Role::kNone, label});
        targets.push_back({i, r});
      }
    }
    const auto& col = (*cols)[s.stage];
    text_in(Tone::kMuted, (totals_text(col.total)).c_str());
    probe("pipeline.column." + col.stage + ".total", ProbeInfo{Role::kText, choice_label(col.stage), totals_text(col.total)});
    const ImVec2 top = ImGui::GetCursorScreenPos();
    draw_cards(ui, s, *view, s.stage, ImVec2(0, 0));
    // A sideways swipe over the column shows the next or previous stage.
    ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsMouseClicked(0) && mouse.y >= top.y) s.swipe_from = mouse;
    if (ImGui::IsMouseReleased(0) && s.drag_id.empty() && s.swipe_from.y >= top.y) {
      const float dx = io.MousePos.x - s.swipe_from.x, dy = io.MousePos.y - s.swipe_from.y;
      if (std::fabs(dx) > ui.layout.px(80) && std::fabs(dx) > 2 * std::fabs(dy)) {
        if (dx < 0 && s.stage + 1 < n) ++s.stage;
        if (dx > 0 && s.stage > 0) --s.stage;
      }
      s.swipe_from = ImVec2(-1, -1);
    }
  } else {
    // Columns side by side, scrolling sideways when they do not fit.
    const float col_w = std::max(ui.layout.px(190), (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x * n) / n);
    ImGui::BeginChild("##board", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
    const float h = ImGui::GetContentRegionAvail().y - ImGui::GetStyle().ScrollbarSize;
    for (size_t i = 0; i < n; ++i) {
      if (i) ImGui::SameLine();
      const auto& col = (*cols)[i];
      ImGui::BeginGroup();
      const ImVec2 at = ImGui::GetCursorScreenPos();
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + col_w);
      ImGui::TextUnformatted(column_title(col).c_str());
      probe("pipeline.column." + col.stage, ProbeInfo{Role::kHeading, column_title(col)});
      text_in(Tone::kMuted, totals_text(col.total).c_str());
      probe("pipeline.column." + col.stage + ".total", ProbeInfo{Role::kText, choice_label(col.stage), totals_text(col.total)});
      ImGui::PopTextWrapPos();
      draw_cards(ui, s, *view, i, ImVec2(col_w, h - (ImGui::GetCursorScreenPos().y - at.y)));
      ImGui::EndGroup();
      targets.push_back({i, ImVec4(at.x, at.y, at.x + col_w, at.y + h)});
    }
    if (s.drag_id.empty()) drag_scroll();
    ImGui::EndChild();
  }

  // A card being dragged follows the finger; where it is let go decides its new stage.
  if (!s.drag_id.empty()) {
    const PipelineCard* c = view->find(s.drag_id);
    ImGuiIO& io = ImGui::GetIO();
    if (io.MouseDown[0] && c) {
      if (mouse.x > -1e6f) s.drag_pos = mouse;
      for (const auto& [i, r] : targets)
        if (inside(r, s.drag_pos))
          ImGui::GetForegroundDrawList()->AddRect(ImVec2(r.x, r.y), ImVec2(r.z, r.w), tone(Tone::kAccent), 6, 0, 3);
      ImDrawList* fg = ImGui::GetForegroundDrawList();
      const ImVec2 sz(ui.layout.px(200), ImGui::GetTextLineHeight() * 2 + ui.layout.px(16));
      const ImVec2 p(s.drag_pos.x - sz.x / 2, s.drag_pos.y - sz.y / 2);
      fg->AddRectFilled(p, ImVec2(p.x + sz.x, p.y + sz.y), ImGui::GetColorU32(ImGuiCol_PopupBg), 6);
      fg->AddRect(p, ImVec2(p.x + sz.x, p.y + sz.y), tone(Tone::kAccent), 6);
      fg->AddText(ImVec2(p.x + ui.layout.px(8), p.y + ui.layout.px(6)), tone(Tone::kText), c->name.c_str());
    } else {
      if (c)
        for (const auto& [i, r] : targets)
          if (inside(r, s.drag_pos)) ask_move(ui, s, *c, (*cols)[i].stage);
      s.drag_id.clear();
    }
  }
}

}  // namespace crm::ui
