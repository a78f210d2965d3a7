#pragma once
// Numbered schema migrations, compiled in from migrations/*.sql.
//
// Each NNNN_name.sql is written in SQL both backends accept, with two macros:
//   {{ID}}    an auto-numbered primary key column type
//   {{BLOB}}  a binary column type
// A file NNNN_name.sqlite.sql or NNNN_name.postgres.sql, if present, runs after it on
// that backend only (triggers and other things the dialects spell differently).
// A SQLite file with the line "-- kith: rebuilds tables" runs with foreign keys off
// (SQLite's way to change a column's constraints is to make its table again), and
// every reference is checked before it commits.
#include <functional>
#include <string>
#include <vector>

#include "store/db.h"

namespace kith::store {

struct Migration {
  int version = 0;
  std::string name;
  std::string sql;  // with macros expanded and the dialect's own file appended
};

// The migrations for `dialect`, in version order.
std::vector<Migration> migrations_for(Dialect dialect);
std::string expand_macros(std::string sql, Dialect dialect);

// Applies each migration not yet applied, each in its own transaction.
// Returns the names applied; `progress` is told of each one.
std::vector<std::string> migrate(Db& db, const std::function<void(const std::string&)>& progress = {});

}  // namespace kith::store
