// The SQLite implementation of Db: WAL journal, foreign keys on, a busy timeout
// so concurrent writers wait rather than fail, prepared statements cached per connection.
#include <sqlite3.h>

#include <map>

#include "store/db.h"
#include "store/unavailable.h"

namespace kith::store {

namespace {

class SqliteDb : public Db {
 public:
  explicit SqliteDb(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw DbError("cannot open SQLite database " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 10000);
    exec_script("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
  }
  ~SqliteDb() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  Rows query(std::string_view sql, const Params& params) override {
    Rows rows;
    each(sql, params, [&](const Row& r) { rows.push_back(r); });
    return rows;
  }

  void each(std::string_view sql, const Params& params, const std::function<void(const Row&)>& fn) override {
    sqlite3_stmt* stmt = prepare(sql, params);
    std::shared_ptr<std::vector<std::string>> columns;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      int n = sqlite3_column_count(stmt);
      if (!columns) {
        columns = std::make_shared<std::vector<std::string>>();
        for (int i = 0; i < n; ++i) columns->emplace_back(sqlite3_column_name(stmt, i));
      }
      std::vector<Value> cells;
      cells.reserve(n);
      for (int i = 0; i < n; ++i) {
        switch (sqlite3_column_type(stmt, i)) {
          case SQLITE_NULL:
            cells.emplace_back(nullptr);
            break;
          case SQLITE_INTEGER:
            cells.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, i)));
            break;
          case SQLITE_FLOAT:
            cells.emplace_back(sqlite3_column_double(stmt, i));
            break;
          default: {
            const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
            cells.emplace_back(std::string(p, sqlite3_column_bytes(stmt, i)));
          }
        }
      }
      fn(Row(columns, std::move(cells)));
    }
    finish(stmt, rc, sql);
  }

  std::int64_t exec(std::string_view sql, const Params& params) override {
    sqlite3_stmt* stmt = prepare(sql, params);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    finish(stmt, rc, sql);
    return sqlite3_changes(db_);
  }

  void exec_script(std::string_view sql) override {
    char* err = nullptr;
    if (int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err); rc != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      fail(rc, "SQLite: " + msg);
    }
  }

  void bulk_insert(std::string_view table, const std::vector<std::string>& columns,
                   const std::vector<Params>& rows) override {
    insert_rows(table, columns, rows.size(), [&](std::size_t i) -> const Params& { return rows[i]; });
  }

  void bulk_insert_each(std::string_view table, const std::vector<std::string>& columns, std::size_t count,
                        const std::function<void(std::size_t, Params&)>& fill) override {
    Params row;
    insert_rows(table, columns, count, [&](std::size_t i) -> const Params& {
      fill(i, row);
      return row;
    });
  }

  void begin(bool write) override { exec_script(write ? "BEGIN IMMEDIATE" : "BEGIN"); }
  void commit() override { exec_script("COMMIT"); }
  void rollback() override { exec_script("ROLLBACK"); }

 private:
  // One prepared INSERT, stepped once per row.
  void insert_rows(std::string_view table, const std::vector<std::string>& columns, std::size_t count,
                   const std::function<const Params&(std::size_t)>& row_at) {
    std::string sql = "INSERT INTO " + std::string(table) + " (";
    std::string marks;
    for (size_t i = 0; i < columns.size(); ++i) {
      sql += (i ? ", " : "") + columns[i];
      marks += i ? ", ?" : "?";
    }
    sql += ") VALUES (" + marks + ")";
    sqlite3_stmt* stmt = cached(sql);
    for (std::size_t r = 0; r < count; ++r) {
      const Params& row = row_at(r);
      sqlite3_reset(stmt);
      bind(stmt, row, sql);
      finish(stmt, sqlite3_step(stmt), sql);
    }
  }

  sqlite3_stmt* prepare(std::string_view sql, const Params& params) {
    sqlite3_stmt* stmt = cached(sql);
    bind(stmt, params, sql);
    return stmt;
  }

  // The statement for `sql`, prepared once per connection, reset and unbound.
  sqlite3_stmt* cached(std::string_view sql) {
    std::string key(sql);
    sqlite3_stmt* stmt = nullptr;
    auto it = cache_.find(key);
    if (it != cache_.end()) {
      stmt = it->second;
      sqlite3_reset(stmt);
      sqlite3_clear_bindings(stmt);
    } else {
      if (sqlite3_prepare_v2(db_, key.c_str(), static_cast<int>(key.size()), &stmt, nullptr) != SQLITE_OK)
        throw DbError(std::string("SQLite: ") + sqlite3_errmsg(db_) + " in: " + key);
      cache_[key] = stmt;
    }
    return stmt;
  }

  void bind(sqlite3_stmt* stmt, const Params& params, std::string_view sql) {
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt))
      throw DbError("SQLite: " + std::to_string(params.size()) + " parameters given for " +
                    std::to_string(sqlite3_bind_parameter_count(stmt)) + " in: " + std::string(sql));
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i) + 1;
      const Value& v = params[i];
      if (std::holds_alternative<std::nullptr_t>(v)) {
        sqlite3_bind_null(stmt, idx);
      } else if (auto* n = std::get_if<std::int64_t>(&v)) {
        sqlite3_bind_int64(stmt, idx, *n);
      } else if (auto* d = std::get_if<double>(&v)) {
        sqlite3_bind_double(stmt, idx, *d);
      } else {
        const auto& s = std::get<std::string>(v);
        sqlite3_bind_text(stmt, idx, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
      }
    }
  }

  void finish(sqlite3_stmt* stmt, int rc, std::string_view sql) {
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) fail(rc, std::string("SQLite: ") + sqlite3_errmsg(db_) + " in: " + std::string(sql));
  }

  // Another connection held the database for longer than the busy timeout: like a
  // database restarting, the request may be sent again (503), not a fault (500).
  [[noreturn]] static void fail(int rc, const std::string& message) {
    int primary = rc & 0xff;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) throw DbUnavailable(message);
    throw DbError(message);
  }

  sqlite3* db_ = nullptr;
  std::map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace

std::unique_ptr<Db> open_sqlite(const std::string& path) { return std::make_unique<SqliteDb>(path); }

void sqlite_backup(const std::string& source_path, const std::string& dest_path) {
  sqlite3* src = nullptr;
  sqlite3* dst = nullptr;
  auto fail = [&](const std::string& msg) {
    sqlite3_close(src);
    sqlite3_close(dst);
    throw DbError(msg);
  };
  if (sqlite3_open_v2(source_path.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
    fail("cannot open " + source_path + ": " + sqlite3_errmsg(src));
  if (sqlite3_open(dest_path.c_str(), &dst) != SQLITE_OK)
    fail("cannot create " + dest_path + ": " + sqlite3_errmsg(dst));
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
  if (!b) fail(std::string("backup failed: ") + sqlite3_errmsg(dst));
  int rc;
  // Copy in steps so writers on the live database are held up only briefly.
  while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    if (rc != SQLITE_OK) sqlite3_sleep(20);
  }
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) fail(std::string("backup failed: ") + sqlite3_errstr(rc));
  sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
  sqlite3_close(src);
  sqlite3_close(dst);
}

}  // namespace kith::store
