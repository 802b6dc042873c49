// Versioned schema migrations. Each component (the core record store, the server's auth tables)
// keeps its own version in the schema_migrations table; migrations run in order, each in its own
// transaction, and a database newer than the code is refused rather than touched.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "store/sqlite_db.h"

namespace crm {

struct Migration {
  int version;      // 1, 2, 3, ... without gaps
  std::string sql;  // one or more statements
};

Status migrate(Database& db, const std::string& component, const std::vector<Migration>& migrations);
Result<int> schema_version(Database& db, const std::string& component);

// The core record store's migrations (records, conflicts, outbox, meta).
const std::vector<Migration>& record_store_migrations();

}  // namespace crm
