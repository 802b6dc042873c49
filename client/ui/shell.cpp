// The frame around every screen. Phone: a title bar with Back, the screen, a one-line status and a
// bottom tab bar. Tablet and laptop: a side navigation with the status under it, and on a laptop
// the customer list beside the open customer. The screen drawn is the router's current route;
// what screens ask for runs after the frame (run_actions()).
#include <algorithm>
#include <imgui.h>

#include <cfloat>

#include "app/catalog.h"
#include "model/entity_schema.h"
#include "app/record_rights.h"
#include "ui/icons.h"
#include "ui/record_fields.h"
#include "ui/screens/screens.h"
#include "ui/touch_scroll.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

struct Tab {
  Route route;
  const char* icon;
  std::string label;
  std::string probe_name;
};

Route top(Screen s) {
  Route r;
  r.screen = s;
  return r;
}

// The main tabs, then the entities the registry has beyond them (products, price lists, tickets,
// ...): listed in the side navigation, behind "More" on a phone.
std::vector<Tab> tabs(App& app, bool phone) {
  std::vector<Tab> out = {{top(Screen::kCustomers), ICON_CUSTOMERS, tr("Customers"), "nav.customers"},
                          {top(Screen::kNearby), ICON_NEARBY, tr("Nearby"), "nav.nearby"},
                          {top(Screen::kVisits), ICON_VISITS, tr("Visits"), "nav.visits"}};
  // The sales pipeline, for those who sell and those who lead them.
  const std::string& role = app.session().role;
  if (role == kRoleSales || role == kRoleManager || role == kRoleAdmin) {
    out.push_back({top(Screen::kPipeline), ICON_PIPELINE, tr("Pipeline"), "nav.pipeline"});
    if (!phone) out.push_back({top(Screen::kFunnel), ICON_CHART, tr("Funnel and forecast"), "nav.funnel"});
    // On a phone it is the first entry of "More" (record_list_screen.cpp).
    if (!phone) out.push_back({top(Screen::kTargets), ICON_TARGET, tr("Targets and commission"), "nav.targets"});
    if (!phone) out.push_back({top(Screen::kCollection), ICON_PRICE_LIST, tr("Collection"), "nav.collection"});
  }
  // Shown only when something waits (most users never see these tabs), and then above the
  // entities, which may fill more than the window.
  if (const size_t n = app.conflicts().size())
    out.push_back({top(Screen::kConflicts), ICON_CONFLICTS, trf("Conflicts (%d)", static_cast<int>(n)), "nav.conflicts"});
  if (const size_t a = app.attention().size())
    out.push_back({top(Screen::kAttention), ICON_ATTENTION, trf("Needs attention (%d)", static_cast<int>(a)), "nav.attention"});
  const auto more = navigable_entities({"customer", "visit"}, app.session().role);
  if (phone && !more.empty()) out.push_back({top(Screen::kMore), ICON_MORE, tr("More"), "nav.more"});
  if (!phone)
    for (const EntitySchema* e : more)
      out.push_back({Route{Screen::kList, e->name, "", ""}, entity_icon(*e), entity_plural(*e), "nav." + e->name});
  out.push_back({top(Screen::kSettings), ICON_SETTINGS, tr("Settings"), "nav.settings"});
  return out;
}

// Whether a tab is the one shown: a record's pages belong to the list they were opened from.
bool active(const Router& r, const Tab& t) {
  const Route& bottom = r.at(0);
  return bottom.screen == t.route.screen && (bottom.screen != Screen::kList || bottom.entity == t.route.entity);
}

std::string title_of(const Route& r, const std::string& role) {
  if (r.screen == Screen::kEdit) {
    const EntitySchema* schema = find_schema(r.entity);
    const char* label = schema ? tr(schema->label.c_str()) : "";
    // A form the user may only read is named like the record's page.
    if (schema && !read_only_reason(*schema, role).empty()) return label;
    return r.id.empty() ? trf("New %s", label) : trf("Edit %s", label);
  }
  if (r.screen == Screen::kList || r.screen == Screen::kRecord) {
    const EntitySchema* schema = find_schema(r.entity);
    if (!schema) return "";
    return r.screen == Screen::kList ? entity_plural(*schema) : tr(schema->label.c_str());
  }
  switch (r.screen) {
    case Screen::kCustomers: return tr("Customers");
    case Screen::kNearby: return tr("Nearby customers");
    case Screen::kCustomerDetail: return tr("Customer");
    case Screen::kEdit:
    case Screen::kCheckIn: return tr("Visit");
    case Screen::kConflicts: return tr("Conflicts");
    case Screen::kVisits: return tr("Visits");
    case Screen::kSettings: return tr("Settings");
    case Screen::kAttention: return tr("Needs attention");
    case Screen::kMore: return tr("More");
    case Screen::kPipeline: return tr("Pipeline");
    case Screen::kFunnel: return tr("Funnel and forecast");
    case Screen::kTargets: return tr("Targets and commission");
    case Screen::kCollection: return tr("Collection");
    case Screen::kSignIn:
    case Screen::kList:
    case Screen::kRecord: break;
  }
  return "";
}

void draw_route(Ui& ui, size_t depth) {
  const Route r = ui.router.at(depth);
  ImGui::PushID(static_cast<int>(depth));
  switch (r.screen) {
    case Screen::kSignIn:
    case Screen::kCustomers: draw_customers_screen(ui, ui.router.state<CustomersState>(depth)); break;
    case Screen::kNearby: draw_nearby_screen(ui, ui.router.state<NearbyState>(depth)); break;
    case Screen::kCustomerDetail: draw_customer_detail_screen(ui, r, ui.router.state<DetailState>(depth)); break;
    case Screen::kEdit: draw_edit_screen(ui, r, ui.router.state<FormState>(depth)); break;
    case Screen::kCheckIn: draw_check_in_screen(ui, r, ui.router.state<CheckInUiState>(depth)); break;
    case Screen::kConflicts: draw_conflicts_screen(ui, ui.router.state<ConflictsState>(depth)); break;
    case Screen::kAttention: draw_attention_screen(ui, ui.router.state<AttentionState>(depth)); break;
    case Screen::kVisits: draw_visits_screen(ui, ui.router.state<VisitsState>(depth)); break;
    case Screen::kSettings: draw_settings_screen(ui, ui.router.state<SettingsState>(depth)); break;
    case Screen::kList: draw_record_list_screen(ui, r, ui.router.state<ListState>(depth)); break;
    case Screen::kRecord: draw_record_screen(ui, r, ui.router.state<RecordPageState>(depth)); break;
    case Screen::kMore: draw_more_screen(ui); break;
    case Screen::kPipeline: draw_pipeline_screen(ui, ui.router.state<PipelineState>(depth)); break;
    case Screen::kFunnel: draw_funnel_screen(ui); break;
    case Screen::kTargets: draw_targets_screen(ui, ui.router.state<TargetsState>(depth)); break;
    case Screen::kCollection: draw_collection_screen(ui, ui.router.state<CollectionState>(depth)); break;
  }
  ImGui::PopID();
}

// Phone: icons over short labels, evenly across the bottom.
void bottom_tabs(Ui& ui, const std::vector<Tab>& list) {
  const float w = ImGui::GetContentRegionAvail().x / static_cast<float>(list.size());
  const float h = ui.layout.px(58);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0);
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 0);
  for (size_t i = 0; i < list.size(); ++i) {
    const Tab& t = list[i];
    if (i) ImGui::SameLine();
    const bool on = active(ui.router, t);
    ImGui::PushStyleColor(ImGuiCol_Button, on ? ImGui::GetColorU32(ImGuiCol_Header) : IM_COL32(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_Text, on ? tone(Tone::kAccent) : tone(Tone::kText));
    ImGui::PushID(t.probe_name.c_str());
    const ImVec2 at = ImGui::GetCursorScreenPos();
    if (ImGui::Button("##tab", ImVec2(w, h))) ui.tab(t.route);
    probe(t.probe_name, ProbeInfo{Role::kTab, t.label, "", false, on});
    // The icon, and the label below it in a smaller size, clipped to the tab.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 col = on ? tone(Tone::kAccent) : tone(Tone::kText);
    const float fs = ImGui::GetFontSize();
    const ImVec2 isz = ImGui::CalcTextSize(t.icon);
    dl->AddText(ImVec2(at.x + (w - isz.x) / 2, at.y + h * 0.12f), col, t.icon);
    const float small = fs * 0.78f;
    std::string label = t.label;
    ImFont* font = ImGui::GetFont();
    ImVec2 lsz = font->CalcTextSizeA(small, FLT_MAX, 0, label.c_str());
    const ImVec4 clip(at.x + 2, at.y, at.x + w - 2, at.y + h);
    dl->AddText(font, small, ImVec2(at.x + std::max(2.0f, (w - lsz.x) / 2), at.y + h * 0.12f + isz.y + 2), col,
                label.c_str(), nullptr, 0, &clip);
    ImGui::PopID();
    ImGui::PopStyleColor(2);
  }
  ImGui::PopStyleVar(3);
}

// Tablet and laptop: a column of tabs.
void side_tabs(Ui& ui, const std::vector<Tab>& list) {
  for (const Tab& t : list) {
    const bool on = active(ui.router, t);
    ImGui::PushStyleColor(ImGuiCol_Button, on ? ImGui::GetColorU32(ImGuiCol_Header) : IM_COL32(0, 0, 0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, ImVec2(0, 0.5f));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0);
    const std::string text = std::string(t.icon) + "  " + t.label + "###" + t.probe_name;
    if (ImGui::Button(text.c_str(), ImVec2(-1, 0))) ui.tab(t.route);
    probe(t.probe_name, ProbeInfo{Role::kTab, t.label, "", false, on});
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor();
  }
}

void title_bar(Ui& ui) {
  const Route& r = ui.router.current();
  if (ui.router.depth() > 1) {
    if (icon_button(ICON_BACK, tr("Back"), "nav.back", ButtonKind::kQuiet)) ui.back();
    ImGui::SameLine();
  }
  ImGui::AlignTextToFramePadding();
  const std::string title = title_of(r, ui.app.session().role);
  ImGui::TextUnformatted(title.c_str());
  probe("nav.title", ProbeInfo{Role::kHeading, title});
}

// The customer list beside a customer's page when the window is wide enough.
bool split_view(const Ui& ui) {
  const Screen s = ui.router.current().screen;
  if (ui.layout.wide() && ui.router.depth() > 1 && ui.router.at(0).screen == Screen::kList &&
      (s == Screen::kRecord || s == Screen::kEdit) && !ui.router.current().id.empty())
    return true;
  return ui.layout.wide() && ui.router.depth() > 1 &&
         (ui.router.at(0).screen == Screen::kCustomers || ui.router.at(0).screen == Screen::kNearby) &&
         (s == Screen::kCustomerDetail || s == Screen::kEdit || s == Screen::kCheckIn) &&
         !ui.router.current().customer().empty();  // a new customer has nothing beside the list
}

void content(Ui& ui) {
  if (!split_view(ui)) {
    draw_route(ui, ui.router.depth() - 1);
    return;
  }
  const float list_w = std::min(ImGui::GetContentRegionAvail().x * 0.4f, ui.layout.px(420));
  ImGui::BeginChild("##list", ImVec2(list_w, 0));
  draw_route(ui, 0);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##record", ImVec2(0, 0));
  title_bar(ui);
  draw_route(ui, ui.router.depth() - 1);
  ImGui::EndChild();
}

}  // namespace

void Ui::open_customer(const std::string& id) {
  const Route r{Screen::kCustomerDetail, "", id, ""};
  // Beside the list, another customer replaces the one shown: Back still leads to the list.
  actions.post([this, r] {
    app.reset_check_in();
    if (router.current().screen == Screen::kCustomerDetail) router.replace(r);
    else router.push(r);
  });
}

void Ui::open_record(const std::string& entity, const std::string& id) {
  if (entity == "customer") return open_customer(id);
  const Route r{Screen::kRecord, entity, id, ""};
  // Beside a list, another record replaces the one shown.
  actions.post([this, r] {
    if (router.current().screen == Screen::kRecord && router.depth() == 2 && router.at(0).screen == Screen::kList) router.replace(r);
    else router.push(r);
  });
}

void Ui::edit(const std::string& entity, const std::string& id, const std::string& parent) {
  go(Route{Screen::kEdit, entity, id, parent});
}

void draw_app(Ui& ui) {
  App& app = ui.app;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(vp->Size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::Begin("##app", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar();
  const ImVec2 pad = ImGui::GetStyle().WindowPadding;
  if (!app.signed_in()) {
    begin_scroll("##signin", ImVec2(0, 0), ImGuiWindowFlags_AlwaysUseWindowPadding);
    draw_sign_in_screen(ui);
    end_scroll();
    ImGui::End();
    return;
  }
  const auto list = tabs(app, ui.layout.phone());
  if (ui.layout.phone()) {
    const float tabs_h = ui.layout.px(58);
    const float status_h = ImGui::GetFrameHeightWithSpacing() + pad.y;
    ImGui::BeginChild("##main", ImVec2(0, -(tabs_h + status_h)), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    title_bar(ui);
    content(ui);
    ImGui::EndChild();
    ImGui::SetCursorPosX(pad.x);
    draw_status_bar(ui);
    ImGui::Separator();
    bottom_tabs(ui, list);
  } else {
    const float nav_w = ui.layout.px(ui.layout.wide() ? 220 : 190);
    ImGui::BeginChild("##nav", ImVec2(nav_w, 0), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    // The tabs scroll when the entities outgrow the window; the status, "Sync now" and Settings
    // (always the last tab) stay in view under them. Settings sits at a fixed place at the bottom
    // so a status line that comes or goes (an error, a wrapped "Syncing…") never moves it under a
    // finger; the scrolled part uses last frame's height of the rest.
    const std::vector<Tab> scrolled(list.begin(), list.end() - 1), pinned(list.end() - 1, list.end());
    begin_scroll("##tabs", ImVec2(0, -ui.nav_status_h));
    side_tabs(ui, scrolled);
    end_scroll();
    const float top = ImGui::GetCursorPosY();
    draw_status_bar(ui);
    ImGui::Separator();
    const float tab_h = ImGui::GetFrameHeight(), natural = ImGui::GetCursorPosY();
    ImGui::SetCursorPosY(std::max(natural, ImGui::GetWindowHeight() - pad.y - tab_h));
    side_tabs(ui, pinned);
    ui.nav_status_h = natural - top + tab_h + 2 * ImGui::GetStyle().ItemSpacing.y;
    ImGui::EndChild();
    ImGui::SameLine(0, 0);
    ImGui::BeginChild("##main", ImVec2(0, 0), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    if (!split_view(ui)) title_bar(ui);
    content(ui);
    ImGui::EndChild();
  }
  ImGui::End();
}

void run_actions(Ui& ui) {
  ui.actions.run();
  // Signed out (here or because the session ended): the next sign-in starts at the list.
  if (!ui.app.signed_in() && ui.router.depth() > 1) ui.router.tab(Screen::kCustomers);
}

}  // namespace crm::ui
