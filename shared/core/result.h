// Result<T>: the value a module border returns when a caller can cause the failure.
// An Error carries a stable machine code (used by the HTTP API and tests), a human message,
// and optionally the field it concerns (used for inline UI messages). No exceptions cross
// module borders; code that calls throwing libraries (nlohmann::json) catches at the border.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace crm {

struct Error {
  std::string code;     // e.g. "invalid_email", "unknown_field", "storage_error"
  std::string message;  // readable sentence for people
  std::string field;    // the field the error concerns, empty if none
};

inline Error make_error(std::string code, std::string message, std::string field = {}) {
  return Error{std::move(code), std::move(message), std::move(field)};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Error& error() const { return std::get<1>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }

 private:
  std::variant<T, Error> v_;
};

// Status: a Result with no value.
struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() { return Ok{}; }

}  // namespace crm

// Propagates an error from an expression yielding Result/Status.
#define CRM_TRY(expr)                                 \
  do {                                                \
    auto crm_try_result_ = (expr);                    \
    if (!crm_try_result_.ok()) return crm_try_result_.error(); \
  } while (0)
