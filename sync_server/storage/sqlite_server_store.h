// The embedded default backend: one SQLite file in WAL mode with synchronous=FULL, so every
// acknowledged push survives a crash or power loss. One connection writes, serialised by a mutex;
// the reads every request makes (its token, the organisation, pull pages) run on a small pool of
// read connections, so they never queue behind a write's fsync (WAL: a reader sees the last
// commit while a writer works). WAL also lets admin commands use the same file while it runs.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <map>
#include <mutex>

#include "storage/server_store.h"

namespace crm::server {

class SqliteServerStore final : public ServerStore {
 public:
  static Result<std::unique_ptr<SqliteServerStore>> open(const std::string& path);

  Status write(const ChangeAuthor& author, const std::function<Status(RecordTransaction&)>& fn) override;
  Result<std::vector<RawRecord>> changes_since(int64_t cursor, int limit) override;
  Result<ChangePage> changes_for(const DataScope& scope, int64_t viewer, int64_t cursor, int limit) override;
  Result<int64_t> latest_seq() override;
  Result<std::vector<RecordState>> records_of(const std::string& entity) override;
  Result<std::optional<RecordScope>> scope_of(const RecordKey& key) override;
  Result<bool> has_child(const RecordKey& parent, const std::string& child) override;
  Result<Org> load_org() override;
  Result<User> create_user(const std::string& username, const std::string& password_hash, const std::string& role,
                           int64_t now_ms, const std::string& team = {}) override;
  Status update_user(const std::string& username, const UserUpdate& update) override;
  Result<Team> create_team(const std::string& name, const std::string& parent) override;
  Result<bool> scope_reset_due(const std::string& device_id, int64_t cursor) override;
  Result<std::optional<User>> find_user(const std::string& username) override;
  Result<std::vector<User>> list_users() override;
  Status set_password(const std::string& username, const std::string& password_hash) override;
  Status register_device(const std::string& device_id, int64_t user_id, const std::string& name,
                         int64_t now_ms) override;
  Result<std::vector<Device>> list_devices() override;
  Status revoke_device(const std::string& device_id, int64_t now_ms) override;
  Status touch_device(const std::string& device_id, int64_t now_ms) override;
  Status store_token(const std::string& token_hash, TokenKind kind, int64_t user_id, const std::string& device_id,
                     int64_t expires_at_ms) override;
  Result<std::optional<TokenInfo>> find_token(const std::string& token_hash) override;
  Status extend_token(const std::string& token_hash, int64_t expires_at_ms) override;
  Status delete_device_tokens(const std::string& device_id) override;
  Status delete_expired_tokens(int64_t expired_before_ms) override;
  Status start_session(const IssuedTokens& t) override;
  Result<RotateOutcome> rotate_session(const std::string& old_hash, int64_t now_ms, int64_t grace_ms,
                                       const IssuedTokens& t) override;
  Result<LoginThrottle> login_throttle(const std::string& key) override;
  Status set_login_throttle(const std::string& key, const LoginThrottle& t) override;
  Result<LoginThrottle> update_login_throttle(const std::string& key,
                                              const std::function<LoginThrottle(LoginThrottle)>& change) override;
  Status prune_login_throttle(int64_t now_ms, int64_t window_ms, int64_t max_rows) override;
  Result<std::vector<AuditEntry>> query_audit(const AuditQuery& q) override;
  Status link_attachment(const AttachmentLink& link) override;
  Result<std::vector<AttachmentLink>> attachments_of(const RecordKey& record) override;
  Result<std::optional<AttachmentLink>> find_attachment(const RecordKey& record, const std::string& sha256) override;

 private:
  class RecordTx;
  explicit SqliteServerStore(std::unique_ptr<RecordStore> records) : records_(std::move(records)) {}
  // A read connection and its prepared statements; used with its mutex held.
  struct Reader {
    std::mutex mu;
    std::unique_ptr<RecordStore> records;
    std::map<std::string, Statement> statements;
    Result<Statement*> cached(const std::string& sql);
  };
  Reader& reader();  // the next of the pool (round robin)
  Result<ChangePage> read_changes(Reader& rd, const DataScope& scope, int64_t viewer, int64_t cursor, int limit);
  static Result<Org> read_org(const std::function<Result<Statement*>(const std::string&)>& cached);
  // A prepared statement kept for reuse (the hot paths run per record).
  Result<Statement*> cached(const std::string& sql);
  Result<std::optional<RecordScope>> read_scope(const std::string& entity, const std::string& id);
  Status write_scope(const RecordKey& key, const RecordScope& scope);
  Result<bool> query_has_child(const RecordKey& parent, const std::string& child);  // mu_ held
  Result<Org> read_org();  // mu_ held, on the writing connection
  // Errors: not_found. The empty name is "no team" (0).
  Result<int64_t> team_id(const std::string& name);
  // Bumps the scope epoch of every user whose data scope differs from `before`.
  Status bump_scope_epochs(const Org& before);
  Result<LoginThrottle> read_throttle(const std::string& key);  // mu_ held
  Status write_throttle(const std::string& key, const LoginThrottle& t);  // mu_ held
  Status insert_tokens(const IssuedTokens& t);                             // mu_ held

  std::mutex mu_;
  std::unique_ptr<RecordStore> records_;
  std::map<std::string, Statement> statements_;
  std::array<Reader, 2> readers_;
  std::atomic<size_t> next_reader_{0};
  std::mutex touched_mu_;
  std::map<std::string, int64_t> touched_;  // device -> the last contact this process stored
};

}  // namespace crm::server
