// Bounds the password checks running at once, so a flood of sign-ins (right or wrong) can
// neither starve real users for long nor check many guesses for one user in parallel: at most
// `per_user` checks (running or waiting) per user name, at most `running` checks in all, and a
// sign-in that waits longer than `queue_deadline_ms` for a slot is answered "busy, try again".
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "core/result.h"

namespace crm::server {

struct SignInGateOptions {
  size_t per_user = 2;
  size_t running = 2;  // argon2id takes 64 MiB for each check
  int64_t queue_deadline_ms = 3000;
};

class SignInGate {
 public:
  explicit SignInGate(SignInGateOptions options = {}) : options_(options) {}

  // Holds a check slot for one user until destroyed.
  class Pass {
   public:
    Pass(SignInGate* gate, std::string user) : gate_(gate), user_(std::move(user)) {}
    Pass(Pass&& o) noexcept : gate_(o.gate_), user_(std::move(o.user_)) { o.gate_ = nullptr; }
    Pass& operator=(Pass&&) = delete;
    ~Pass();

   private:
    SignInGate* gate_;
    std::string user_;
  };

  // Errors: too_many_attempts (this user's checks are all taken), server_busy (no slot within
  // the deadline).
  Result<Pass> enter(const std::string& user);

 private:
  void leave(const std::string& user);
  SignInGateOptions options_;
  std::mutex mu_;
  std::condition_variable freed_;
  std::map<std::string, size_t> per_user_;
  size_t running_ = 0;
};

}  // namespace crm::server
