// ServerStore: everything the sync server keeps, behind one interface so that another backend
// (PostgreSQL) can be added without touching the API code. Implementations are thread-safe and
// keep no state between calls that another server process would need.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/record.h"
#include "store/record_store.h"

namespace crm::server {

struct User {
  int64_t id = 0;
  std::string username, role, password_hash;
  bool disabled = false;
  int64_t created_at_ms = 0;
};

struct Device {
  std::string id;  // the device's replica id
  int64_t user_id = 0;
  std::string username, name;
  int64_t first_seen_ms = 0, last_seen_ms = 0;
  int64_t changes = 0;  // accepted changes sent by this device
};

// An authenticated request's identity, from a bearer token.
struct Session {
  int64_t user_id = 0;
  std::string username, role, device_id;
  int64_t expires_at_ms = 0;
};

// Who made a batch of accepted changes; stored in the change log with their sequence range.
struct ChangeAuthor {
  int64_t user_id = 0;
  std::string device_id;
  int64_t at_ms = 0;
};

// Record access inside one write transaction.
class RecordTransaction {
 public:
  virtual ~RecordTransaction() = default;
  virtual Result<std::optional<RecordState>> get(const std::string& entity, const std::string& id) = 0;
  // Stores a new state under the next change sequence number. `previous` is the state get()
  // returned (null if none).
  virtual Status put(const RecordState& state, const RecordState* previous) = 0;
};

class ServerStore {
 public:
  virtual ~ServerStore() = default;

  // Runs `fn` in one write transaction: everything it put commits together, logged as the
  // author's, if it returns ok; nothing does otherwise. Commits are durable (fsync) on return.
  virtual Status write(const ChangeAuthor& author, const std::function<Status(RecordTransaction&)>& fn) = 0;
  // Changes with sequence > cursor, in order, at most `limit`.
  virtual Result<std::vector<RawRecord>> changes_since(int64_t cursor, int limit) = 0;
  // The sequence of the newest change (0 when there is none).
  virtual Result<int64_t> latest_seq() = 0;

  // Errors: user_exists.
  virtual Result<User> create_user(const std::string& username, const std::string& password_hash,
                                   const std::string& role, int64_t now_ms) = 0;
  virtual Result<std::optional<User>> find_user(const std::string& username) = 0;
  virtual Result<std::vector<User>> list_users() = 0;
  // Replaces a user's password hash and revokes every token of that user. Errors: not_found.
  virtual Status set_password(const std::string& username, const std::string& password_hash) = 0;

  // Registers or refreshes a device for a user. Errors: device_taken (another user's device).
  virtual Status register_device(const std::string& device_id, int64_t user_id, const std::string& name,
                                 int64_t now_ms) = 0;
  virtual Result<std::vector<Device>> list_devices() = 0;
  // Records that a device just synced (its last contact, for admins).
  virtual Status touch_device(const std::string& device_id, int64_t now_ms) = 0;

  virtual Status store_token(const std::string& token_hash, int64_t user_id, const std::string& device_id,
                             int64_t expires_at_ms) = 0;
  // The live session of a token hash, if it exists, has not expired and its user is enabled.
  virtual Result<std::optional<Session>> find_session(const std::string& token_hash, int64_t now_ms) = 0;
};

}  // namespace crm::server
