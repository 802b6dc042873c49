// Benchmark hook for payment collection (tests/bench/collection_bench.js, scripts/bench.sh),
// measured inside the wasm module: with C contracts, 3C instalments and R receipts stored in the
// device's replica, the collection totals and the overdue list after one more receipt (the
// replica's write, the CollectionView's update, the answers), against the reference of
// recomputing the sums from every held instalment and receipt in the same run. Wasm only.
#include <emscripten.h>

#include <algorithm>
#include <string>
#include <vector>

#include "browser_runtime.h"

namespace {

double at(std::vector<double> t, double q) {
  if (t.empty()) return 0;
  std::sort(t.begin(), t.end());
  return t[std::min(t.size() - 1, static_cast<size_t>(q * t.size()))];
}

crm::Json cny(int64_t minor) { return crm::Json{{"minor", minor}, {"currency", "CNY"}}; }

std::string day(int64_t days_from_2026) {
  return crm::format_date(crm::date_from_days(crm::days_since_epoch({2026, 1, 1}) + days_from_2026));
}

}  // namespace

extern "C" {

// Seeds `contracts` contracts (50 per customer, the signed-in user's), 3 instalments each (due
// over 2026-2027) and `receipts` receipts, in one transaction; then `samples` receipts one by one.
// Returns JSON {contracts, instalments, receipts, seed_ms, load_ms, receipt: [median, p95] (write
// + view + totals + overdue list), answers: [median, p95] (totals + overdue list alone), full:
// [median, p95] (the reference: the sums recomputed over everything held)} in ms, or {"error"}.
EMSCRIPTEN_KEEPALIVE const char* crm_bench_collection(int contracts, int receipts, int samples) {
  static std::string out;
  out = R"({"error":"not signed in"})";
  if (!g_rt || !g_rt->app || !g_rt->app->replica()) return out.c_str();
  crm::App& app = *g_rt->app;
  crm::Replica& r = *app.replica();
  const std::string me = app.session().username;
  auto fail = [&](const crm::Error& e) {
    out = crm::Json{{"error", e.code + ": " + e.message}}.dump();
    return out.c_str();
  };
  const double s0 = emscripten_get_now();
  std::vector<std::string> instalments;
  instalments.reserve(static_cast<size_t>(contracts) * 3);
  {
    auto tx = crm::Transaction::begin(r.store().db());
    if (!tx) return fail(tx.error());
    std::string customer;
    for (int c = 0; c < contracts; ++c) {
      if (c % 50 == 0) {
        auto made = r.create("customer", {{"kind", "company"}, {"name", "Bench customer " + std::to_string(c / 50)},
                                          {"owner", me}, {"status", "active"}});
        if (!made) return fail(made.error());
        customer = made->id;
      }
      const int64_t each = 100000 + (c % 97) * 100;
      auto contract = r.create("contract", {{"customer_id", customer}, {"title", "Bench contract " + std::to_string(c)},
                                            {"amount", cny(3 * each)}, {"status", "active"}});
      if (!contract) return fail(contract.error());
      for (int i = 0; i < 3; ++i) {
        auto inst = r.create("instalment", {{"contract_id", contract->id}, {"due_on", day((c * 7 + i * 91) % 730)},
                                            {"amount", cny(each)}, {"position", i + 1}});
        if (!inst) return fail(inst.error());
        instalments.push_back(inst->id);
      }
    }
    for (int k = 0; k < receipts; ++k) {
      const std::string& target = instalments[(static_cast<size_t>(k) * 7919) % instalments.size()];
      auto made = r.create("receipt", {{"instalment_id", target}, {"received_on", day(k % 700)},
                                       {"amount", cny(50000 + k % 1000)}, {"method", "bank_transfer"}});
      if (!made) return fail(made.error());
    }
    auto committed = tx.value()->commit();
    if (!committed) return fail(committed.error());
  }
  const double s1 = emscripten_get_now();
  crm::CollectionView* view = app.collection(480);
  if (!view) return fail(crm::make_error("no_view", "the collection view did not load"));
  crm::sales::CollectionBook& book = view->book();
  size_t n = book.all().by_currency.size() + book.overdue(50).size();
  const double s2 = emscripten_get_now();

  std::vector<double> receipt_ms, answer_ms, full_ms;
  for (int k = 0; k < samples; ++k) {
    const std::string& target = instalments[(static_cast<size_t>(k) * 104729 + 13) % instalments.size()];
    const double t0 = emscripten_get_now();
    auto made = r.create("receipt", {{"instalment_id", target}, {"received_on", "2026-12-01"},
                                     {"amount", cny(1000 + k)}, {"method", "cash"}});
    if (!made) return fail(made.error());
    const double t1 = emscripten_get_now();
    n += book.all().by_currency.size() + book.overdue(50).size() + book.overdue_count();
    const double t2 = emscripten_get_now();
    receipt_ms.push_back(t2 - t0);
    answer_ms.push_back(t2 - t1);
  }
  // The reference: a change of date makes the book recompute every share from what it holds.
  for (int k = 0; k < 5; ++k) {
    const double t0 = emscripten_get_now();
    book.set_today(crm::date_from_days(crm::days_since_epoch({2026, 12, 1}) + k + 1));
    n += book.all().by_currency.size() + book.overdue(50).size();
    full_ms.push_back(emscripten_get_now() - t0);
  }
  view->set_today(crm::local_date(app.clock().now_ms(), 480));
  if (n == 0) return fail(crm::make_error("empty", "no answers"));
  out = crm::Json{{"contracts", contracts},
                  {"instalments", instalments.size()},
                  {"receipts", receipts + samples},
                  {"seed_ms", s1 - s0},
                  {"load_ms", s2 - s1},
                  {"samples", receipt_ms.size()},
                  {"receipt", {at(receipt_ms, 0.5), at(receipt_ms, 0.95)}},
                  {"answers", {at(answer_ms, 0.5), at(answer_ms, 0.95)}},
                  {"full", {at(full_ms, 0.5), at(full_ms, 0.95)}}}
            .dump();
  return out.c_str();
}

}  // extern "C"
