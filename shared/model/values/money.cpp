#include "model/values/money.h"

#include <algorithm>
#include <cctype>

namespace crm {
namespace {

struct Currency {
  const char* code;
  int exponent;
};

// ISO 4217 active codes with their minor unit (sorted for binary search). Codes missing here are
// refused: a typo like "RMB" must not become a currency no report can add up.
constexpr Currency kCurrencies[] = {
    {"AED", 2}, {"ARS", 2}, {"AUD", 2}, {"BDT", 2}, {"BGN", 2}, {"BHD", 3}, {"BRL", 2}, {"CAD", 2},
    {"CHF", 2}, {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"CZK", 2}, {"DKK", 2}, {"EGP", 2}, {"EUR", 2},
    {"GBP", 2}, {"HKD", 2}, {"HUF", 2}, {"IDR", 2}, {"ILS", 2}, {"INR", 2}, {"IQD", 3}, {"ISK", 0},
    {"JOD", 3}, {"JPY", 0}, {"KES", 2}, {"KRW", 0}, {"KWD", 3}, {"KZT", 2}, {"LYD", 3}, {"MAD", 2},
    {"MNT", 2}, {"MOP", 2}, {"MXN", 2}, {"MYR", 2}, {"NGN", 2}, {"NOK", 2}, {"NZD", 2}, {"OMR", 3},
    {"PEN", 2}, {"PHP", 2}, {"PKR", 2}, {"PLN", 2}, {"QAR", 2}, {"RON", 2}, {"RSD", 2}, {"RUB", 2},
    {"SAR", 2}, {"SEK", 2}, {"SGD", 2}, {"THB", 2}, {"TND", 3}, {"TRY", 2}, {"TWD", 2}, {"UAH", 2},
    {"USD", 2}, {"UZS", 2}, {"VND", 0}, {"ZAR", 2},
};

int64_t pow10(int n) {
  int64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

Error mismatch(const Money& a, const Money& b) {
  return make_error("currency_mismatch", "cannot combine " + a.currency + " and " + b.currency);
}

Error overflow() { return make_error("out_of_range", "the amount is too large"); }

std::string trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t"));
  s.erase(s.find_last_not_of(" \t") + 1);
  return s;
}

}  // namespace

std::optional<int> currency_exponent(std::string_view code) {
  auto it = std::lower_bound(
      std::begin(kCurrencies), std::end(kCurrencies), code,
      [](const Currency& c, std::string_view k) { return std::string_view(c.code) < k; });
  if (it == std::end(kCurrencies) || it->code != code) return std::nullopt;
  return it->exponent;
}

Result<Money> money_from_json(const Json& j) {
  const Error wrong =
      make_error("wrong_type", "must be an amount like {\"minor\": 129900, \"currency\": \"CNY\"}");
  if (!j.is_object() || j.size() != 2 || !j.contains("minor") || !j.contains("currency"))
    return wrong;
  const Json &minor = j["minor"], &currency = j["currency"];
  if (!minor.is_number_integer() || !currency.is_string()) return wrong;
  // Within 2^53 like every integer on the wire: exact as a JavaScript number too.
  if (minor.is_number_unsigned()
          ? minor.get<uint64_t>() > kMaxWireInteger
          : std::llabs(minor.get<int64_t>()) > static_cast<int64_t>(kMaxWireInteger))
    return make_error("out_of_range", "the amount is too large");
  const std::string& code = currency.get_ref<const std::string&>();
  if (!currency_exponent(code))
    return make_error("invalid_currency", "'" + code + "' is not an ISO 4217 currency code");
  return Money{minor.get<int64_t>(), code};
}

Json to_json(const Money& m) { return Json{{"minor", m.minor}, {"currency", m.currency}}; }

Result<Money> parse_money(const std::string& raw, const std::string& default_currency) {
  std::string text = trim(raw), code = default_currency;
  // A currency code at either end: "CNY 1299.50" or "1299.50 CNY".
  auto is_code = [](const std::string& s) {
    return s.size() == 3 &&
           std::all_of(s.begin(), s.end(), [](char c) { return std::isalpha((unsigned char)c); });
  };
  if (text.size() > 4 && is_code(text.substr(0, 3)) && text[3] == ' ') {
    code = text.substr(0, 3);
    text = trim(text.substr(4));
  } else if (text.size() > 4 && is_code(text.substr(text.size() - 3)) &&
             text[text.size() - 4] == ' ') {
    code = text.substr(text.size() - 3);
    text = trim(text.substr(0, text.size() - 4));
  }
  std::transform(code.begin(), code.end(), code.begin(),
                 [](char c) { return std::toupper((unsigned char)c); });
  text.erase(std::remove(text.begin(), text.end(), ','), text.end());  // thousands separators
  auto exponent = currency_exponent(code);
  if (!exponent)
    return make_error("invalid_currency", code.empty()
                                              ? "name the currency, like 1299.50 CNY"
                                              : "'" + code + "' is not an ISO 4217 currency code");
  auto amount = parse_decimal(text, *exponent);
  if (!amount) return amount.error();
  if (std::llabs(amount->units) > static_cast<int64_t>(kMaxWireInteger)) return overflow();
  return Money{amount->units, code};
}

std::string format_money(const Money& m) {
  const int exponent = currency_exponent(m.currency).value_or(0);
  std::string digits = std::to_string(m.minor < 0 ? -m.minor : m.minor);
  if (exponent > 0) {
    if (digits.size() <= static_cast<size_t>(exponent))
      digits = std::string(exponent + 1 - digits.size(), '0') + digits;
    digits =
        digits.substr(0, digits.size() - exponent) + "." + digits.substr(digits.size() - exponent);
  }
  return (m.minor < 0 ? "-" : "") + digits + " " + m.currency;
}

Result<Money> add(const Money& a, const Money& b) {
  if (a.currency != b.currency) return mismatch(a, b);
  int64_t sum = 0;
  if (__builtin_add_overflow(a.minor, b.minor, &sum)) return overflow();
  return Money{sum, a.currency};
}

Result<Money> subtract(const Money& a, const Money& b) {
  if (a.currency != b.currency) return mismatch(a, b);
  int64_t diff = 0;
  if (__builtin_sub_overflow(a.minor, b.minor, &diff)) return overflow();
  return Money{diff, a.currency};
}

Result<Money> multiply(const Money& a, const FixedDecimal& factor) {
  const __int128 product = static_cast<__int128>(a.minor) * factor.units;
  const __int128 divisor = pow10(factor.scale);
  // Half away from zero: add half the divisor to the magnitude, then truncate.
  const __int128 magnitude = (product < 0 ? -product : product) + divisor / 2;
  const __int128 rounded = (product < 0 ? -1 : 1) * (magnitude / divisor);
  if (rounded > INT64_MAX || rounded < INT64_MIN) return overflow();
  return Money{static_cast<int64_t>(rounded), a.currency};
}

}  // namespace crm
