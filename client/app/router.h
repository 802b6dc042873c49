// Navigation: which screen is shown and about which record, as a stack of routes the user can go
// back through. Each entry owns the state of its screen (what is being typed, the scroll
// position), made when the screen is entered and dropped when it is left, so no screen's state
// outlives it or leaks into another. A route has an address ("#/customer/ID") that the browser's
// history and address bar carry: Back (the browser's, or Android's) goes back inside the app, and a
// reload opens the same screen. Changes made while a frame is drawn are queued (ActionQueue) and
// applied after it, so a frame never draws half of one screen and half of the next.
// Portable: no ImGui, no browser code; tested natively.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace crm {

// The numbers are part of the test interface (window.crmTest.snapshot().screen).
enum class Screen {
  kSignIn = 0, kCustomers = 1, kCustomerDetail = 2, kEdit = 3, kCheckIn = 4, kConflicts = 5, kVisits = 6,
  kSettings = 7, kAttention = 8, kNearby = 9,
  kList = 10,    // the records of any entity (Route::entity), drawn from its schema
  kRecord = 11,  // one record of any entity (entity, id): its fields, children and referrers
  kMore = 12,    // the entities beyond the main tabs (a phone's "More" tab)
  kPipeline = 13,  // the sales pipeline board (ui/screens/pipeline_screen.cpp)
  kFunnel = 14,    // the funnel and the weighted forecast (ui/screens/funnel_screen.cpp)
  kTargets = 17,   // targets, progress and commission (ui/screens/targets_screen.cpp)
  kCollection = 20,  // payment collection: sums and overdue instalments (ui/screens/collection_screen.cpp)
};

struct Route {
  Screen screen = Screen::kCustomers;
  std::string entity;  // kEdit, kList, kRecord: the entity
  std::string id;      // kCustomerDetail, kCheckIn: the customer; kEdit, kRecord: the record (empty: a new one)
  std::string parent;  // kEdit of a child record (a contact, a price-list item): its parent record

  bool operator==(const Route& o) const {
    return screen == o.screen && entity == o.entity && id == o.id && parent == o.parent;
  }
  // The customer this route is about, if any.
  const std::string& customer() const;
  // "#/customers", "#/customer/ID", "#/edit/contact/ID?customer=CID", "#/new/contact?customer=CID",
  // "#/list/product", "#/record/product/ID", "#/new/price_list_item?parent=PID", ...
  std::string address() const;
};

// The route an address names; nullopt-like: a kSignIn route when it names none (callers treat it
// as "unknown"). Ids are taken as they are (a record that does not exist shows "no longer exists").
Route route_from_address(const std::string& address);
// The routes under `r` that Back leads through: a customer's detail lies over the list, its edit
// form over the detail; a record's page over its entity's list (a child's over its parent's page).
std::vector<Route> route_ancestors(const Route& r);

// What a screen keeps while it is open; screens derive their own state from it.
struct ScreenState {
  virtual ~ScreenState() = default;
};

// A change to the browser's history that the router asks for.
struct HistoryOp {
  enum Kind { kPush, kReplace, kBack } kind;
  std::string address;
};

class Router {
 public:
  Router();

  const Route& current() const { return stack_.back().route; }
  size_t depth() const { return stack_.size(); }
  const Route& at(size_t i) const { return stack_[i].route; }
  // The state of the screen at depth i, made by `make` the first time it is asked for.
  template <class T>
  T& state(size_t i) {
    auto& s = stack_[i].state;
    if (!s) s = std::make_unique<T>();
    return static_cast<T&>(*s);
  }
  template <class T>
  T& state() { return state<T>(stack_.size() - 1); }

  // Opens `r` over the current screen (a new history entry). Opening the current route again
  // changes nothing.
  void push(const Route& r);
  // Replaces the current screen (no new history entry): a saved form's record, a tab switch.
  void replace(const Route& r);
  // Switches to a top-level screen (a tab): the stack becomes the list of that tab.
  void tab(Screen s);
  // The same for a tab that names an entity (a generic list).
  void tab(const Route& r);
  // Goes back one screen; false at the bottom (nothing to go back to inside the app).
  bool back();
  // The browser moved to `address` (Back, Forward, or an address typed): back when it names the
  // screen below, otherwise the stack is rebuilt for it. Asks for no history change.
  void on_address(const std::string& address);
  // Starts at `address` (a reload), with the screens below it; asks the browser for one history
  // entry per screen so that Back works after a reload too.
  void start(const std::string& address);

  // History changes to hand to the browser since the last call.
  std::vector<HistoryOp> take_history();

 private:
  struct Entry {
    Route route;
    std::unique_ptr<ScreenState> state;
  };
  void rebuild(const Route& r);
  std::vector<Entry> stack_;
  std::vector<HistoryOp> history_;
};

// Work a frame asks for, run after the frame is drawn, in order.
class ActionQueue {
 public:
  void post(std::function<void()> action) { actions_.push_back(std::move(action)); }
  // Runs every queued action, including those queued while running; returns how many ran.
  size_t run();
  bool empty() const { return actions_.empty(); }

 private:
  std::vector<std::function<void()>> actions_;
};

}  // namespace crm
