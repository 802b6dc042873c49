// Texts the pipeline screens share: money totals, a card's second line, a stage's label.
#pragma once

#include <string>

#include "sales/pipeline_math.h"
#include "views/pipeline_view.h"

namespace crm::ui {

// "12500.00 CNY + 990.00 EUR" ("-" when empty): each currency summed apart, never converted.
std::string totals_text(const sales::MoneyTotals& t);
// "Acme · 12500.00 CNY · 2026-12-20"
std::string card_line(const PipelineView& view, const PipelineCard& c);

}  // namespace crm::ui
