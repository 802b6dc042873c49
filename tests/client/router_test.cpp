// Navigation: routes and their addresses, the stack Back goes through, the browser's history
// kept in step, and actions queued during a frame.
#include <catch2/catch.hpp>

#include "app/router.h"

using namespace crm;

namespace {

struct Typed : ScreenState {
  std::string text;
};

std::vector<std::string> addresses(Router& r) {
  std::vector<std::string> out;
  for (const auto& op : r.take_history())
    out.push_back((op.kind == HistoryOp::kPush ? "push " : op.kind == HistoryOp::kReplace ? "replace " : "back") + op.address);
  return out;
}

}  // namespace

TEST_CASE("Router: every route has an address that names it again", "[client][router]") {
  const Route routes[] = {
      {Screen::kCustomers, "", "", ""},
      {Screen::kNearby, "", "", ""},
      {Screen::kVisits, "", "", ""},
      {Screen::kSettings, "", "", ""},
      {Screen::kCustomerDetail, "", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", ""},
      {Screen::kCheckIn, "", "c1", ""},
      {Screen::kEdit, "customer", "c1", ""},
      {Screen::kEdit, "customer", "", ""},
      {Screen::kEdit, "contact", "", "c1"},
      {Screen::kEdit, "activity", "a1", "c1"},
  };
  for (const auto& r : routes) {
    INFO(r.address());
    CHECK(route_from_address(r.address()) == r);
  }
  CHECK(Route{Screen::kCustomerDetail, "", "c1", ""}.address() == "#/customer/c1");
  CHECK(Route{Screen::kEdit, "contact", "", "c1"}.address() == "#/new/contact?customer=c1");
  // Anything else names no screen.
  for (const char* bad : {"", "#", "#/nothing", "#/customer/", "#/customer/a b", "#/customer/<script>", "#/new/contact",
                          "#/edit/contact/x", "#/customer/c1/extra"})
    CHECK(route_from_address(bad).screen == Screen::kSignIn);
}

TEST_CASE("Router: Back goes through the screens the user opened, each with its state", "[client][router]") {
  Router r;
  CHECK(r.current().screen == Screen::kCustomers);
  r.state<Typed>().text = "acme";
  r.push({Screen::kCustomerDetail, "", "c1", ""});
  r.push({Screen::kEdit, "contact", "", "c1"});
  r.state<Typed>().text = "typed in the form";
  CHECK(addresses(r) == std::vector<std::string>{"push #/customer/c1", "push #/new/contact?customer=c1"});
  CHECK(r.back());
  CHECK(r.current().screen == Screen::kCustomerDetail);
  CHECK(r.back());
  CHECK(r.state<Typed>().text == "acme");  // the list kept its search
  CHECK_FALSE(r.back());
  CHECK(addresses(r) == std::vector<std::string>{"back", "back"});
  // A form opened again starts empty.
  r.push({Screen::kEdit, "customer", "", ""});
  CHECK(r.state<Typed>().text.empty());
}

TEST_CASE("Router: the browser's Back and a reload", "[client][router]") {
  Router r;
  r.push({Screen::kCustomerDetail, "", "c1", ""});
  r.push({Screen::kCheckIn, "", "c1", ""});
  r.take_history();
  // The browser went back: the app follows without asking for another history change.
  r.on_address("#/customer/c1");
  CHECK(r.current() == Route{Screen::kCustomerDetail, "", "c1", ""});
  CHECK(r.depth() == 2);
  CHECK(r.take_history().empty());
  // An address elsewhere (Forward, typed): the stack is rebuilt under it.
  r.on_address("#/edit/activity/a1?customer=c2");
  CHECK(r.depth() == 3);
  CHECK(r.at(1) == Route{Screen::kCustomerDetail, "", "c2", ""});

  // A reload at a customer's check-in: the screens under it come back, with history entries.
  Router reloaded;
  reloaded.start("#/checkin/c9");
  CHECK(reloaded.depth() == 3);
  CHECK(reloaded.current() == Route{Screen::kCheckIn, "", "c9", ""});
  CHECK(addresses(reloaded) ==
        std::vector<std::string>{"replace #/customers", "push #/customer/c9", "push #/checkin/c9"});
  Router garbage;
  garbage.start("#/customer/<script>");
  CHECK(garbage.depth() == 1);
  CHECK(garbage.current().screen == Screen::kCustomers);
}

TEST_CASE("Router: tabs replace each other instead of piling up", "[client][router]") {
  Router r;
  r.push({Screen::kCustomerDetail, "", "c1", ""});
  r.take_history();
  r.tab(Screen::kVisits);
  CHECK(r.depth() == 1);
  CHECK(r.current().screen == Screen::kVisits);
  CHECK(addresses(r) == std::vector<std::string>{"back", "replace #/visits"});
  r.tab(Screen::kVisits);
  CHECK(r.take_history().empty());
}

TEST_CASE("ActionQueue: actions run after the frame, in order, including those they post", "[client][router]") {
  ActionQueue q;
  std::vector<int> ran;
  q.post([&] {
    ran.push_back(1);
    q.post([&] { ran.push_back(3); });
  });
  q.post([&] { ran.push_back(2); });
  CHECK(ran.empty());
  CHECK(q.run() == 3);
  CHECK(ran == std::vector<int>{1, 2, 3});
  CHECK(q.empty());
}
