#include "auth/sign_in_gate.h"

#include <chrono>

namespace crm::server {

SignInGate::Pass::~Pass() {
  if (gate_) gate_->leave(user_);
}

Result<SignInGate::Pass> SignInGate::enter(const std::string& user) {
  std::unique_lock lock(mu_);
  auto& mine = per_user_[user];
  if (mine >= options_.per_user)
    return make_error("too_many_attempts", "other sign-ins of this user are being checked; try again in a moment");
  ++mine;
  const bool got = freed_.wait_for(lock, std::chrono::milliseconds(options_.queue_deadline_ms),
                                   [&] { return running_ < options_.running; });
  if (!got) {
    if (--per_user_[user] == 0) per_user_.erase(user);
    return make_error("server_busy", "the server is checking many sign-ins; try again in a few seconds");
  }
  ++running_;
  return Pass(this, user);
}

void SignInGate::leave(const std::string& user) {
  {
    std::lock_guard lock(mu_);
    --running_;
    if (--per_user_[user] == 0) per_user_.erase(user);
  }
  freed_.notify_all();
}

}  // namespace crm::server
