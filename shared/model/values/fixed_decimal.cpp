#include "model/values/fixed_decimal.h"

#include <cctype>

namespace crm {
namespace {

// 10^n for n <= 18: exact in int64.
int64_t pow10(int n) {
  int64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

}  // namespace

Result<FixedDecimal> parse_decimal(const std::string& text, int scale) {
  const Error wrong = make_error("wrong_type", "'" + text + "' is not a decimal number");
  if (scale < 0 || scale > kMaxDecimalScale) return wrong;
  size_t i = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) ++i;
  int64_t units = 0;
  int digits = 0, fraction = 0;
  bool point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' && !point) {
      point = true;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(c))) return wrong;
    if (point && ++fraction > scale)
      return make_error("too_precise", "'" + text + "' has more than " + std::to_string(scale) +
                                           " digits after the point");
    if (++digits > 18) return make_error("out_of_range", "'" + text + "' has too many digits");
    units = units * 10 + (c - '0');
  }
  // "", "-", "." and "1." are not numbers a person or a peer should send.
  if (digits == 0 || (point && fraction == 0)) return wrong;
  if (digits - fraction + scale > 18)
    return make_error("out_of_range", "'" + text + "' has too many digits");
  units *= pow10(scale - fraction);
  return FixedDecimal{negative ? -units : units, scale};
}

std::string format_decimal(const FixedDecimal& d) {
  const bool negative = d.units < 0;
  // Magnitude as unsigned so that INT64_MIN does not overflow.
  uint64_t mag = negative ? 0 - static_cast<uint64_t>(d.units) : static_cast<uint64_t>(d.units);
  std::string digits = std::to_string(mag);
  if (d.scale > 0) {
    if (digits.size() <= static_cast<size_t>(d.scale))
      digits = std::string(d.scale + 1 - digits.size(), '0') + digits;
    digits =
        digits.substr(0, digits.size() - d.scale) + "." + digits.substr(digits.size() - d.scale);
    while (digits.back() == '0') digits.pop_back();
    if (digits.back() == '.') digits.pop_back();
  }
  return (negative && mag != 0 ? "-" : "") + digits;
}

int compare(const FixedDecimal& a, const FixedDecimal& b) {
  // Both scaled to the larger scale in 128 bits: exact for every representable pair.
  const int s = a.scale > b.scale ? a.scale : b.scale;
  const __int128 x = static_cast<__int128>(a.units) * pow10(s - a.scale);
  const __int128 y = static_cast<__int128>(b.units) * pow10(s - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

}  // namespace crm
