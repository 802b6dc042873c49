// FixedDecimal: an exact decimal with a fixed number of digits after the point, for quantities
// and percentages (a tax rate of 13.5, a minimum order of 2.5 kg). Held as an integer count of
// 10^-scale units; on the wire and in the store it is text ("13.5") so that no peer reads it as
// a binary float.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"

namespace crm {

inline constexpr int kMaxDecimalScale = 9;

struct FixedDecimal {
  int64_t units = 0;  // value x 10^scale
  int scale = 0;
  bool operator==(const FixedDecimal&) const = default;
};

// "-12.345" with at most `scale` digits after the point and at most 18 digits in all.
// Errors: wrong_type (not a decimal number), too_precise (more digits after the point than
// `scale`).
Result<FixedDecimal> parse_decimal(const std::string& text, int scale);
// Shortest text: "13.5", "2", "-0.25".
std::string format_decimal(const FixedDecimal& d);
// Compares values of any scales exactly.
int compare(const FixedDecimal& a, const FixedDecimal& b);

}  // namespace crm
