// Stage moves through a real server (sales/stage_move.h): one device moves an opportunity's stage
// while another edits its amount offline, and two devices move the same deal offline. Documented
// outcome (docs/sales.md): fields merge one by one, so a stage move and an amount edit both land;
// two concurrent moves both stay in the history (each is its own stage_change record) while the
// stage shows the newer move and keeps the other in the conflict list.
#include <algorithm>

#include "replica/stage_move_edit.h"
#include "replica_device.h"

using namespace crm;
using namespace crm::test;

namespace {

// A device of alice's with the opportunity's stage history.
struct Device : ReplicaDevice {
  Device(LiveServer& s, const std::string& name, int64_t now_ms, uint64_t seed) : ReplicaDevice(s, name, now_ms, seed) {}
  std::vector<std::string> history(const std::string& opp) {  // "from>to", sorted by time
    auto all = replica->store().list("stage_change");
    REQUIRE(all.ok());
    std::vector<std::pair<std::string, std::string>> rows;
    for (const auto& st : *all) {
      auto v = Replica::visible_values(st);
      if (v.at("opportunity_id") == opp)
        rows.emplace_back(v.at("at").get<std::string>(), v.at("from_stage").get<std::string>() + ">" +
                                                              v.at("to_stage").get<std::string>());
    }
    std::sort(rows.begin(), rows.end());
    std::vector<std::string> out;
    for (auto& r : rows) out.push_back(r.second);
    return out;
  }
  void move(const std::string& opp, const std::string& to, FieldValues extra = {}) {
    auto r = move_stage(*replica, opp, sales::StageMoveInput{.to = to, .extra = std::move(extra), .by = "alice",
                                                             .at_ms = clock.now_ms(),
                                                             .today = local_date(clock.now_ms(), 0)});
    INFO((r.ok() ? std::string() : r.error().code));
    REQUIRE(r.ok());
  }
};

Json cny(int64_t minor) { return Json{{"minor", minor}, {"currency", "CNY"}}; }

}  // namespace

TEST_CASE("A stage move on one device and an amount edit on another both land; two moves both stay in the history",
          "[server][sales][stage]") {
  LiveServer s;  // alice: sales
  Device a(s, "a", 1764547200000, 1), b(s, "b", 1764547200000, 2);  // 2025-12-01

  auto customer = a.replica->create("customer", {{"kind", "company"}, {"name", "Acme"}, {"owner", "alice"},
                                                 {"status", "prospect"}});
  REQUIRE(customer.ok());
  auto opp = a.replica->create("opportunity", {{"customer_id", customer->id}, {"name", "Lathes"},
                                               {"stage", "proposal"}, {"amount", cny(100000)}});
  REQUIRE(opp.ok());
  a.sync(s);
  b.sync(s);
  REQUIRE(b.get("opportunity", opp->id).at("stage") == "proposal");

  SECTION("one moves the stage to won, the other edits the amount") {
    a.clock.advance(60000);
    a.move(opp->id, "won");
    b.clock.advance(120000);
    REQUIRE(b.replica->update("opportunity", opp->id, {{"amount", cny(250000)}}).ok());
    a.sync(s);
    b.sync(s);
    a.sync(s);
    for (Device* d : {&a, &b}) {
      const auto v = d->get("opportunity", opp->id);
      CHECK(v.at("stage") == "won");
      CHECK(v.at("amount") == cny(250000));  // the edit is kept: another field than the move's
      CHECK(v.at("closed_on") == "2025-12-01");
      CHECK(d->get("customer", customer->id).at("status") == "active");
      CHECK(d->history(opp->id) == std::vector<std::string>{"proposal>won"});
      CHECK(d->replica->store().conflicts("opportunity").value().empty());
    }
  }

  SECTION("both move the stage: both moves in the history, the newer one is the stage") {
    a.clock.advance(60000);
    a.move(opp->id, "negotiation");
    b.clock.advance(120000);  // later: its move wins the stage
    b.move(opp->id, "won", {{"amount", cny(300000)}});
    b.sync(s);
    a.sync(s);
    b.sync(s);
    for (Device* d : {&a, &b}) {
      const auto v = d->get("opportunity", opp->id);
      CHECK(v.at("stage") == "won");
      CHECK(v.at("amount") == cny(300000));
      CHECK(d->history(opp->id) == std::vector<std::string>{"proposal>negotiation", "proposal>won"});
      // The losing move waits in the conflict list for someone to confirm or change the stage.
      auto conflicts = d->replica->store().conflicts("opportunity").value();
      REQUIRE(conflicts.size() == 1);
      CHECK(conflicts[0].field == "stage");
      CHECK(conflicts[0].lost_value == "negotiation");
      CHECK(d->get("customer", customer->id).at("status") == "active");
    }
  }
}
