#include "app/router.h"

#include <cctype>

#include "model/entity_schema.h"

namespace crm {
namespace {

struct Named {
  Screen screen;
  const char* name;
};
// Top-level screens by their address.
constexpr Named kTabs[] = {{Screen::kCustomers, "customers"}, {Screen::kNearby, "nearby"},
                           {Screen::kVisits, "visits"},       {Screen::kConflicts, "conflicts"},
                           {Screen::kSettings, "settings"},   {Screen::kAttention, "attention"},
                           {Screen::kMore, "more"},           {Screen::kPipeline, "pipeline"},
                           {Screen::kFunnel, "funnel"},
                           {Screen::kTargets, "targets"},     {Screen::kCollection, "collection"}};

// Record ids and entity names are UUIDs and identifiers: anything else in an address is ignored.
bool plain(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

Route customers() { return Route{}; }

// The entity of the record a child record of `entity` belongs to ("" for none).
std::string parent_entity(const std::string& entity) {
  const EntitySchema* schema = find_schema(entity);
  const FieldSpec* p = schema ? schema->parent_field() : nullptr;
  return p ? p->reference_entity : std::string();
}

// A record's page: the customer screen for customers, the generic one for others.
Route page_of(const std::string& entity, const std::string& id) {
  if (entity == "customer") return Route{Screen::kCustomerDetail, "", id, ""};
  return Route{Screen::kRecord, entity, id, ""};
}

Route list_of(const std::string& entity) {
  if (entity == "customer") return customers();
  return Route{Screen::kList, entity, "", ""};
}

// A record's page over its entity's list.
std::vector<Route> page_and_below(const std::string& entity, const std::string& id) {
  return {list_of(entity), page_of(entity, id)};
}

}  // namespace

const std::string& Route::customer() const {
  static const std::string kNone;
  switch (screen) {
    case Screen::kEdit:
      if (entity == "customer") return id;
      return parent_entity(entity) == "customer" ? parent : kNone;
    case Screen::kList: return kNone;
    case Screen::kRecord: return entity == "customer" ? id : kNone;
    default: return id;
  }
}

std::string Route::address() const {
  switch (screen) {
    case Screen::kCustomerDetail: return "#/customer/" + id;
    case Screen::kCheckIn: return "#/checkin/" + id;
    case Screen::kEdit: {
      std::string a = id.empty() ? "#/new/" + entity : "#/edit/" + entity + "/" + id;
      if (parent.empty()) return a;
      return a + (parent_entity(entity) == "customer" ? "?customer=" : "?parent=") + parent;
    }
    case Screen::kList: return "#/list/" + entity;
    case Screen::kRecord: return "#/record/" + entity + "/" + id;
    case Screen::kSignIn: return "#/customers";
    default:
      for (const auto& t : kTabs)
        if (t.screen == screen) return std::string("#/") + t.name;
      return "#/customers";
  }
}

Route route_from_address(const std::string& address) {
  std::string a = address;
  if (!a.empty() && a[0] == '#') a.erase(0, 1);
  if (!a.empty() && a[0] == '/') a.erase(0, 1);
  std::string parent;
  if (auto q = a.find('?'); q != std::string::npos) {
    for (const auto& kv : split(a.substr(q + 1), '&'))
      if (kv.rfind("customer=", 0) == 0 && plain(kv.substr(9))) parent = kv.substr(9);
      else if (kv.rfind("parent=", 0) == 0 && plain(kv.substr(7))) parent = kv.substr(7);
    a.resize(q);
  }
  const auto parts = split(a, '/');
  Route r;
  r.screen = Screen::kSignIn;  // unknown
  if (parts.size() == 1) {
    for (const auto& t : kTabs)
      if (parts[0] == t.name) r.screen = t.screen;
  } else if (parts.size() == 2 && (parts[0] == "customer" || parts[0] == "checkin") && plain(parts[1])) {
    r.screen = parts[0] == "customer" ? Screen::kCustomerDetail : Screen::kCheckIn;
    r.id = parts[1];
  } else if (parts.size() == 2 && parts[0] == "list" && plain(parts[1]) && find_schema(parts[1])) {
    r = list_of(parts[1]);
  } else if (parts.size() == 3 && parts[0] == "record" && plain(parts[1]) && plain(parts[2]) && find_schema(parts[1])) {
    r = page_of(parts[1], parts[2]);
  } else if (parts.size() == 2 && parts[0] == "new" && plain(parts[1])) {
    r = Route{Screen::kEdit, parts[1], "", parent};
  } else if (parts.size() == 3 && parts[0] == "edit" && plain(parts[1]) && plain(parts[2])) {
    r = Route{Screen::kEdit, parts[1], parts[2], parent};
  }
  // A form needs a known entity, and a child record its parent.
  if (r.screen == Screen::kEdit && (!find_schema(r.entity) || (!parent_entity(r.entity).empty() && r.parent.empty())))
    r.screen = Screen::kSignIn;
  return r;
}

std::vector<Route> route_ancestors(const Route& r) {
  const Route detail{Screen::kCustomerDetail, "", r.customer(), ""};
  switch (r.screen) {
    case Screen::kCustomerDetail: return {customers()};
    case Screen::kCheckIn: return {customers(), detail};
    case Screen::kList: return {};
    case Screen::kRecord: {
      const std::string parent = parent_entity(r.entity);
      return {list_of(parent.empty() ? r.entity : parent)};
    }
    case Screen::kEdit: {
      if (r.entity == "customer") return r.id.empty() ? std::vector<Route>{customers()} : std::vector<Route>{customers(), detail};
      const std::string parent = parent_entity(r.entity);
      // A child's form lies over its parent's page; another record's over its own page.
      if (!parent.empty()) return page_and_below(parent, r.parent);
      if (r.id.empty()) return {list_of(r.entity)};
      return page_and_below(r.entity, r.id);
    }
    default: return {};
  }
}

Router::Router() { stack_.push_back(Entry{customers(), nullptr}); }

void Router::push(const Route& r) {
  if (r == current()) return;
  stack_.push_back(Entry{r, nullptr});
  history_.push_back({HistoryOp::kPush, r.address()});
}

void Router::replace(const Route& r) {
  if (r == current()) return;
  stack_.back() = Entry{r, nullptr};
  history_.push_back({HistoryOp::kReplace, r.address()});
}

void Router::tab(Screen s) {
  Route r;
  r.screen = s;
  tab(r);
}

void Router::tab(const Route& r) {
  if (stack_.size() == 1 && current() == r) return;
  // Tabs do not pile up in the history: a tab replaces whatever the current one showed.
  while (stack_.size() > 1) {
    stack_.pop_back();
    history_.push_back({HistoryOp::kBack, ""});
  }
  if (!(current() == r)) {
    stack_.back() = Entry{r, nullptr};
    history_.push_back({HistoryOp::kReplace, r.address()});
  }
}

bool Router::back() {
  if (stack_.size() <= 1) return false;
  stack_.pop_back();
  history_.push_back({HistoryOp::kBack, ""});
  return true;
}

void Router::on_address(const std::string& address) {
  Route r = route_from_address(address);
  if (r.screen == Screen::kSignIn) r = customers();
  if (r == current()) return;
  if (stack_.size() > 1 && stack_[stack_.size() - 2].route == r) {
    stack_.pop_back();  // the browser's Back: the screen below keeps its state
    return;
  }
  rebuild(r);
}

void Router::start(const std::string& address) {
  Route r = route_from_address(address);
  if (r.screen == Screen::kSignIn) r = customers();
  rebuild(r);
  history_.clear();
  history_.push_back({HistoryOp::kReplace, stack_.front().route.address()});
  for (size_t i = 1; i < stack_.size(); ++i) history_.push_back({HistoryOp::kPush, stack_[i].route.address()});
}

void Router::rebuild(const Route& r) {
  stack_.clear();
  for (const auto& a : route_ancestors(r)) stack_.push_back(Entry{a, nullptr});
  stack_.push_back(Entry{r, nullptr});
}

std::vector<HistoryOp> Router::take_history() {
  std::vector<HistoryOp> out;
  out.swap(history_);
  return out;
}

size_t ActionQueue::run() {
  size_t n = 0;
  // Actions may post more actions: take them in rounds until none is left.
  while (!actions_.empty()) {
    auto batch = std::move(actions_);
    actions_.clear();
    for (auto& a : batch) {
      a();
      ++n;
    }
  }
  return n;
}

}  // namespace crm
