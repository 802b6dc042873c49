// Targets and commission through a real server (sales/target_progress.h, sales/commission.h):
// a manager's target and an admin's commission rule reach the sales person's devices; receipts
// recorded offline on two of her devices both count after sync, and every device (hers and her
// manager's) computes the same progress and commission from the records it holds.
#include "replica_device.h"
#include "views/target_view.h"

using namespace crm;
using namespace crm::test;

namespace {

// A device with the targets view kept from its replica's changes.
struct Device : ReplicaDevice {
  TargetView view;
  std::string user, role;

  Device(LiveServer& s, const std::string& name, const std::string& who, const std::string& as, uint64_t seed)
      : ReplicaDevice(s, name, 1773532800000 /* 2026-03-15 */, seed, who, as), user(who), role(as) {
    REQUIRE(view.load(replica->store()).ok());
    replica->set_observer([this](const RecordState& st) { view.on_change(st); });
  }
  std::string add(const std::string& entity, const FieldValues& values) { return create(entity, values); }
  // Alice's standing in March, as this device computes it.
  PersonStanding alice(bool everyone = false) {
    const TargetQuery q{sales::period_of(sales::PeriodKind::kMonth, parse_date("2026-03-01").value()), user, role,
                        everyone};
    const auto& report = view.report(q);
    REQUIRE(report.ok());
    for (const auto& p : report->people)
      if (p.user == "alice") return p;
    FAIL("alice is not in the report");
    return {};
  }
};

Json cny(int64_t minor) { return Json{{"minor", minor}, {"currency", "CNY"}}; }

}  // namespace

TEST_CASE("A manager's target reaches the rep's devices and receipts from two offline devices change her commission",
          "[server][sales][commission]") {
  LiveServer s;  // alice: sales
  server_cmd(s, {"team", "add", "east"});
  server_cmd(s, {"user", "set", "alice", "--team", "east"});
  server_cmd(s, {"user", "add", "mia", "--role", "manager", "--team", "east"});
  server_cmd(s, {"user", "add", "root", "--role", "admin"});
  Device phone(s, "phone", "alice", kRoleSales, 1), laptop(s, "laptop", "alice", kRoleSales, 2),
      manager(s, "manager", "mia", kRoleManager, 3), admin(s, "admin", "root", kRoleAdmin, 4);

  // Alice's customer and its contract with one instalment, from her phone.
  const std::string customer = phone.add("customer", {{"kind", "company"}, {"name", "Acme"}, {"owner", "alice"}, {"status", "active"}});
  const std::string contract = phone.add("contract", {{"customer_id", customer}, {"title", "Acme supply"},
                                                      {"amount", cny(2000000)}, {"status", "active"}});
  const std::string instalment =
      phone.add("instalment", {{"contract_id", contract}, {"due_on", "2026-03-31"}, {"amount", cny(2000000)}});
  phone.sync(s);

  // Nothing set yet: no target, no rule.
  CHECK_FALSE(phone.alice().collected.target);
  CHECK_FALSE(phone.alice().rule);

  // The manager sets alice's March target; the admin the rule: 3 % up to the target, 5 % above.
  manager.add("sales_target", {{"user", "alice"}, {"team", "east"}, {"period", "month"}, {"starts_on", "2026-03-01"},
                               {"basis", "collected"}, {"amount", cny(1000000)}});
  const std::string rule = admin.add("commission_rule", {{"name", "Standard"}, {"basis", "collected"}});
  admin.add("commission_tier", {{"rule_id", rule}, {"from_percent", "0"}, {"rate", "3"}});
  admin.add("commission_tier", {{"rule_id", rule}, {"from_percent", "100"}, {"rate", "5"}});
  // A sales person may not set her own target: refused on the device before it is written.
  CHECK(phone.replica->create("sales_target", {{"user", "alice"}, {"period", "month"}, {"starts_on", "2026-03-01"},
                                               {"basis", "collected"}, {"amount", cny(1)}})
            .error()
            .code == "forbidden");
  manager.sync(s);
  admin.sync(s);
  phone.sync(s);
  laptop.sync(s);
  for (Device* d : {&phone, &laptop}) {
    const PersonStanding a = d->alice();
    REQUIRE(a.collected.target);
    CHECK(*a.collected.target == Money{1000000, "CNY"});
    REQUIRE(a.rule);
    CHECK(a.rule->name == "Standard");
    CHECK(a.team == "east");
    CHECK(a.commission->commission == Money{0, "CNY"});
  }

  // Offline, each of her devices records a receipt against the same instalment.
  const std::string r1 =
      phone.add("receipt", {{"instalment_id", instalment}, {"received_on", "2026-03-10"}, {"amount", cny(800000)}});
  const std::string r2 =
      laptop.add("receipt", {{"instalment_id", instalment}, {"received_on", "2026-03-12"}, {"amount", cny(400000)}});
  CHECK(phone.alice().commission->commission == Money{24000, "CNY"});   // 8000.00 x 3 %
  CHECK(laptop.alice().commission->commission == Money{12000, "CNY"});  // 4000.00 x 3 %

  laptop.sync(s);
  phone.sync(s);
  laptop.sync(s);
  manager.sync(s);
  // Both count everywhere: 8000.00 x 3 % + (2000.00 x 3 % + 2000.00 x 5 %) = 240 + 160 CNY.
  for (Device* d : {&phone, &laptop}) {
    const PersonStanding a = d->alice();
    CHECK(a.collected.achieved == Money{1200000, "CNY"});
    CHECK(a.collected.basis_points == 12000);
    CHECK(a.commission->commission == Money{40000, "CNY"});
    REQUIRE(a.commission->lines.size() == 2);
    CHECK(a.commission->lines[0].id == r1);
    CHECK(a.commission->lines[1].id == r2);
    CHECK(a.commission->lines[1].commission == Money{16000, "CNY"});
  }
  // The manager's device holds her team's records and shows the same figure for alice.
  const PersonStanding seen_by_manager = manager.alice(true);
  CHECK(seen_by_manager.collected.achieved == Money{1200000, "CNY"});
  CHECK(seen_by_manager.commission->commission == Money{40000, "CNY"});

  // The admin lowers the top rate; after sync the rep's commission follows.
  auto tiers = admin.replica->store().list("commission_tier");
  REQUIRE(tiers.ok());
  for (const auto& t : *tiers)
    if (Replica::visible_values(t).at("from_percent") == "100")
      REQUIRE(admin.replica->update("commission_tier", t.id, {{"rate", "4"}}).ok());
  admin.sync(s);
  phone.sync(s);
  CHECK(phone.alice().commission->commission == Money{24000 + 6000 + 8000, "CNY"});
}
