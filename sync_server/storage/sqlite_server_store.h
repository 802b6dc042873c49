// The embedded default backend: one SQLite file in WAL mode with synchronous=FULL, so every
// acknowledged push survives a crash or power loss. One connection, serialised by a mutex;
// WAL lets admin commands read and write the same file while the server runs.
#pragma once

#include <memory>
#include <mutex>

#include "storage/server_store.h"

namespace crm::server {

class SqliteServerStore final : public ServerStore {
 public:
  static Result<std::unique_ptr<SqliteServerStore>> open(const std::string& path);

  Status write(const ChangeAuthor& author, const std::function<Status(RecordTransaction&)>& fn) override;
  Result<std::vector<RawRecord>> changes_since(int64_t cursor, int limit) override;
  Result<int64_t> latest_seq() override;
  Result<User> create_user(const std::string& username, const std::string& password_hash,
                           const std::string& role, int64_t now_ms) override;
  Result<std::optional<User>> find_user(const std::string& username) override;
  Result<std::vector<User>> list_users() override;
  Status set_password(const std::string& username, const std::string& password_hash) override;
  Status register_device(const std::string& device_id, int64_t user_id, const std::string& name,
                         int64_t now_ms) override;
  Result<std::vector<Device>> list_devices() override;
  Status touch_device(const std::string& device_id, int64_t now_ms) override;
  Status store_token(const std::string& token_hash, int64_t user_id, const std::string& device_id,
                     int64_t expires_at_ms) override;
  Result<std::optional<Session>> find_session(const std::string& token_hash, int64_t now_ms) override;

 private:
  explicit SqliteServerStore(std::unique_ptr<RecordStore> records) : records_(std::move(records)) {}
  std::mutex mu_;
  std::unique_ptr<RecordStore> records_;
};

}  // namespace crm::server
