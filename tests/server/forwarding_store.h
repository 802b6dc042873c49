// A ServerStore that forwards every call to another one: tests derive from it and override only
// the calls they want to fail or observe.
#pragma once

#include "storage/server_store.h"

namespace crm::test {

using namespace crm::server;

class ForwardingStore : public ServerStore {
 public:
  explicit ForwardingStore(ServerStore& inner) : inner_(inner) {}

  Status write(const ChangeAuthor& a, const std::function<Status(RecordTransaction&)>& fn) override {
    return inner_.write(a, fn);
  }
  Result<std::vector<RawRecord>> changes_since(int64_t c, int l) override { return inner_.changes_since(c, l); }
  Result<ChangePage> changes_for(const DataScope& s, int64_t v, int64_t c, int l) override {
    return inner_.changes_for(s, v, c, l);
  }
  Result<int64_t> latest_seq() override { return inner_.latest_seq(); }
  Result<std::vector<RecordState>> records_of(const std::string& e) override { return inner_.records_of(e); }
  Result<std::optional<RecordScope>> scope_of(const RecordKey& k) override { return inner_.scope_of(k); }
  Result<bool> has_child(const RecordKey& p, const std::string& c) override { return inner_.has_child(p, c); }
  Result<Org> load_org() override { return inner_.load_org(); }
  Result<User> create_user(const std::string& u, const std::string& h, const std::string& r, int64_t n,
                           const std::string& t = {}) override {
    return inner_.create_user(u, h, r, n, t);
  }
  Status update_user(const std::string& u, const UserUpdate& up) override { return inner_.update_user(u, up); }
  Result<Team> create_team(const std::string& n, const std::string& p) override { return inner_.create_team(n, p); }
  Result<bool> scope_reset_due(const std::string& d, int64_t c) override { return inner_.scope_reset_due(d, c); }
  Result<std::optional<User>> find_user(const std::string& u) override { return inner_.find_user(u); }
  Result<std::vector<User>> list_users() override { return inner_.list_users(); }
  Status set_password(const std::string& u, const std::string& h) override { return inner_.set_password(u, h); }
  Status register_device(const std::string& d, int64_t u, const std::string& n, int64_t t) override {
    return inner_.register_device(d, u, n, t);
  }
  Result<std::vector<Device>> list_devices() override { return inner_.list_devices(); }
  Status revoke_device(const std::string& d, int64_t t) override { return inner_.revoke_device(d, t); }
  Status touch_device(const std::string& d, int64_t t) override { return inner_.touch_device(d, t); }
  Status store_token(const std::string& h, TokenKind k, int64_t u, const std::string& d, int64_t e) override {
    return inner_.store_token(h, k, u, d, e);
  }
  Result<std::optional<TokenInfo>> find_token(const std::string& h) override { return inner_.find_token(h); }
  Status extend_token(const std::string& h, int64_t e) override { return inner_.extend_token(h, e); }
  Status delete_device_tokens(const std::string& d) override { return inner_.delete_device_tokens(d); }
  Status delete_expired_tokens(int64_t t) override { return inner_.delete_expired_tokens(t); }
  Result<LoginThrottle> login_throttle(const std::string& k) override { return inner_.login_throttle(k); }
  Status set_login_throttle(const std::string& k, const LoginThrottle& t) override {
    return inner_.set_login_throttle(k, t);
  }
  Result<LoginThrottle> update_login_throttle(const std::string& k,
                                              const std::function<LoginThrottle(LoginThrottle)>& f) override {
    return inner_.update_login_throttle(k, f);
  }
  Status prune_login_throttle(int64_t now, int64_t window, int64_t rows) override {
    return inner_.prune_login_throttle(now, window, rows);
  }
  Status start_session(const IssuedTokens& t) override { return inner_.start_session(t); }
  Result<RotateOutcome> rotate_session(const std::string& h, int64_t now, int64_t grace, const IssuedTokens& t) override {
    return inner_.rotate_session(h, now, grace, t);
  }
  Result<std::vector<AuditEntry>> query_audit(const AuditQuery& q) override { return inner_.query_audit(q); }
  Status link_attachment(const AttachmentLink& a) override { return inner_.link_attachment(a); }
  Result<std::vector<AttachmentLink>> attachments_of(const RecordKey& r) override { return inner_.attachments_of(r); }
  Result<std::optional<AttachmentLink>> find_attachment(const RecordKey& r, const std::string& h) override {
    return inner_.find_attachment(r, h);
  }

 protected:
  ServerStore& inner_;
};

}  // namespace crm::test
