// Benchmark hook for the pipeline (tests/bench/pipeline_bench.js, scripts/bench.sh), measured
// inside the wasm module: the board, funnel and forecast after one edit, against the reference of
// recomputing them from every held opportunity (what a query per frame would cost). Wasm only.
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

}  // namespace

extern "C" {

// `edits` amount edits of open opportunities, each followed by the board's columns and first
// column's cards, the funnel and the forecast. Returns JSON {opportunities, edit: [median, p95]
// (the write, the view's update and the answers), answers: [median, p95] (the answers alone),
// full: [median, p95] (the reference: pipeline_math over every held opportunity)} in ms.
EMSCRIPTEN_KEEPALIVE const char* crm_bench_pipeline(int edits) {
  static std::string out;
  out = "{}";
  if (!g_rt || !g_rt->app || !g_rt->app->replica()) return out.c_str();
  crm::App& app = *g_rt->app;
  crm::PipelineView* view = app.pipeline();
  if (!view) return out.c_str();
  crm::PipelineFilter everyone;
  everyone.scope = crm::PipelineScope::kEveryone;
  view->set_filter(everyone);
  (void)view->columns();
  std::vector<std::string> ids;
  for (size_t i = 0; i < view->pipeline().stages.size() && ids.size() < static_cast<size_t>(edits); ++i)
    for (const crm::PipelineCard* c : view->cards(i))
      if (ids.size() < static_cast<size_t>(edits) && c->stage != "won" && c->stage != "lost") ids.push_back(c->id);
  std::vector<double> edit_ms, answer_ms, full_ms;
  for (size_t i = 0; i < ids.size(); ++i) {
    const double t0 = emscripten_get_now();
    auto r = app.replica()->update("opportunity", ids[i],
                                   {{"amount", crm::Json{{"minor", 100000 + static_cast<int64_t>(i)}, {"currency", "CNY"}}}});
    if (!r) return out.c_str();
    const double t1 = emscripten_get_now();
    size_t n = view->columns().ok() ? view->columns()->size() : 0;
    n += view->cards(0).size() + view->funnel().size();
    n += view->forecast().ok() ? view->forecast()->size() : 0;
    const double t2 = emscripten_get_now();
    edit_ms.push_back(t2 - t0);
    answer_ms.push_back(t2 - t1);
    if (n == 0) return out.c_str();
  }
  // The reference: every held opportunity's facts gathered and the numbers recomputed.
  for (int k = 0; k < 5; ++k) {
    const double t0 = emscripten_get_now();
    std::vector<crm::sales::OpportunityFacts> facts;
    facts.reserve(view->size());
    for (size_t i = 0; i < view->pipeline().stages.size(); ++i)
      for (const crm::PipelineCard* c : view->cards(i))
        facts.push_back({c->id, c->stage, c->amount, c->probability_pct, c->close(), {}});
    auto cols = crm::sales::board_columns(view->pipeline(), facts);
    auto funnel = crm::sales::funnel(view->pipeline(), facts);
    auto forecast = crm::sales::forecast(view->pipeline(), facts);
    full_ms.push_back(emscripten_get_now() - t0);
    if (!cols || funnel.empty() || !forecast) return out.c_str();
  }
  out = crm::Json{{"opportunities", view->size()},
                  {"edits", edit_ms.size()},
                  {"edit", {at(edit_ms, 0.5), at(edit_ms, 0.95)}},
                  {"answers", {at(answer_ms, 0.5), at(answer_ms, 0.95)}},
                  {"full", {at(full_ms, 0.5), at(full_ms, 0.95)}}}
            .dump();
  return out.c_str();
}

}  // extern "C"
