// Quote totals for a 200-line quote (run by scripts/bench.sh natively and, built by
// tests/wasm/CMakeLists.txt, under Node in WebAssembly; not a test). What a quote screen
// recomputes when a line changes: every line's amounts and the sums (sales::quote_totals()), the
// content digest approvals are checked against, and whether approval is needed. Reference in the
// same run: writing the same 200 lines as JSON text (what storing or sending them costs at least).
// Aim: under 1 ms per recomputation.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "sales/quote_flow.h"
#include "sales/quote_totals.h"

using namespace crm;
using Clock_ = std::chrono::steady_clock;

namespace {

volatile int64_t sink = 0;

template <typename F>
std::vector<double> samples_us(int runs, F&& f) {
  std::vector<double> out;
  for (int i = 0; i < runs; ++i) {
    auto t0 = Clock_::now();
    f();
    out.push_back(std::chrono::duration<double, std::micro>(Clock_::now() - t0).count());
  }
  std::sort(out.begin(), out.end());
  return out;
}

double at(const std::vector<double>& sorted, double q) { return sorted[static_cast<size_t>(q * (sorted.size() - 1))]; }

}  // namespace

int main(int argc, char** argv) {
  const int lines_n = argc > 1 ? std::atoi(argv[1]) : 200;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 2000;
  const char* rates[] = {"0", "6", "9", "13"};
  const char* discounts[] = {"0", "5", "12.5", "100"};
  const FieldValues quote{{"currency", "CNY"}, {"total_discount", "3"}, {"revision", 1}};
  std::vector<FieldValues> lines;
  for (int i = 0; i < lines_n; ++i)
    lines.push_back(FieldValues{{"quote_id", "0193f0a2-7c1e-7abc-8def-000000000001"},
                                {"product_id", "0193f0a2-7c1e-7abc-8def-" + std::to_string(100000000000 + i)},
                                {"description", "Product number " + std::to_string(i)},
                                {"quantity", std::to_string(1 + i % 17) + "." + std::to_string(i % 1000)},
                                {"unit_price", Json{{"minor", 1999 + 37 * i}, {"currency", "CNY"}}},
                                {"discount", discounts[i % 4]},
                                {"tax_rate", rates[i % 4]},
                                {"position", i}});
  const sales::QuotePolicy policy;
  auto reference = samples_us(runs, [&] {
    size_t n = 0;
    for (const auto& l : lines) n += Json(l).dump().size();
    sink = sink + static_cast<int64_t>(n);
  });
  auto totals = samples_us(runs, [&] {
    auto t = sales::quote_totals(quote, lines);
    sink = sink + t.value().totals.gross.minor;
  });
  auto full = samples_us(runs, [&] {
    auto t = sales::quote_totals(quote, lines);
    const std::string digest = sales::content_digest(quote, lines);
    sink = sink + t.value().totals.gross.minor + static_cast<int64_t>(digest.size()) +
           sales::approval_needed(t.value().totals, quote, policy);
  });
  std::printf("quote benchmark: %d lines, %d runs (reference: the lines as JSON text, median %.1f us)\n", lines_n,
              runs, at(reference, 0.5));
  std::printf("  quote totals                          median %7.1f us  p95 %7.1f us  ratio %.2f  (aim < 1000 us)\n",
              at(totals, 0.5), at(totals, 0.95), at(totals, 0.5) / at(reference, 0.5));
  std::printf("  totals + content digest + approval    median %7.1f us  p95 %7.1f us  ratio %.2f\n", at(full, 0.5),
              at(full, 0.95), at(full, 0.5) / at(reference, 0.5));
  return 0;
}
