// A thin RAII layer over the SQLite C API. Errors come back as values (code "storage_error" with
// SQLite's message). Not thread-safe: one Database per thread, or a caller-held lock.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace crm {

class Statement {
 public:
  Statement() = default;
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Statement(Statement&& o) noexcept : stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Statement& operator=(Statement&& o) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binds are 1-based, as in SQLite. Text is copied.
  Statement& bind(int i, std::string_view text);
  Statement& bind(int i, int64_t v);
  Statement& bind_null(int i);
  // Advances; true while a row is available. Reset happens automatically at the end.
  Result<bool> step();
  // Runs to completion (for statements without rows).
  Status run();
  // Calls fn(*this) for each row; stops at the first error.
  template <class F>
  Status for_each_row(F&& fn) {
    for (;;) {
      auto row = step();
      if (!row) return row.error();
      if (!row.value()) return ok_status();
      fn(*this);
    }
  }
  void reset();

  int64_t column_int(int i) const;
  std::string column_text(int i) const;
  std::string_view column_view(int i) const;  // valid until the next step/reset
  bool column_is_null(int i) const;

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

struct OpenOptions {
  bool wal = true;             // journal_mode=WAL (ignored for :memory:)
  bool synchronous_full = false;  // FULL: an acknowledged commit survives power loss
  // Page cache size. SQLite's default (2 MB) is far smaller than a CRM's working set: with it,
  // a bulk sync re-reads and spills pages constantly.
  int cache_kib = 32 * 1024;
  // SQLite VFS to open the file through (empty: the default). The browser uses one that
  // persists each commit's changed pages to IndexedDB.
  std::string vfs;
  // Keep the rollback journal in memory (when not in WAL mode): for a file whose durability
  // comes from the VFS's own atomic commit, not from the journal.
  bool memory_journal = false;
};

class Database {
 public:
  static Result<std::unique_ptr<Database>> open(const std::string& path, const OpenOptions& opts = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Status exec(const std::string& sql);
  Result<Statement> prepare(std::string_view sql);
  // The first column of the first row of a query (0 if there is no row).
  Result<int64_t> query_int(std::string_view sql, std::string_view text_param = {});
  sqlite3* handle() { return db_; }
  std::string last_error() const;

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// BEGIN IMMEDIATE on construction; rolls back on destruction unless committed. Begun while another
// transaction is open it is a savepoint inside it (commit releases it, destruction rolls back only
// its own writes), so a step that writes in its own transaction can also be one part of a larger
// all-or-nothing act (converting a lead writes four records; a stage move, two: sales/stage_move.h).
class Transaction {
 public:
  static Result<std::unique_ptr<Transaction>> begin(Database& db);
  ~Transaction();
  Status commit();

 private:
  Transaction(Database& db, bool nested) : db_(db), nested_(nested) {}
  Database& db_;
  bool nested_;
  bool done_ = false;
};

}  // namespace crm
