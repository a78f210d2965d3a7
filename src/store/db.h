#pragma once
// One database interface with one implementation per backend (sqlite_db.cpp,
// postgres_db.cpp). Module stores write SQL once with `?` placeholders; where the
// dialects differ they keep one named constant per dialect.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kith::store {

enum class Dialect { kSqlite, kPostgres };

using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;
using Params = std::vector<Value>;

// NULL for an empty text or an absent number; the value otherwise.
inline Value or_null(const std::string& s) { return s.empty() ? Value{nullptr} : Value{s}; }
inline Value or_null(std::optional<std::int64_t> v) { return v ? Value{*v} : Value{nullptr}; }
inline Value or_null(std::optional<double> v) { return v ? Value{*v} : Value{nullptr}; }

// A database failure: aborts the request or command, caught at the edge.
class DbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Row {
 public:
  Row(std::shared_ptr<const std::vector<std::string>> columns, std::vector<Value> cells)
      : columns_(std::move(columns)), cells_(std::move(cells)) {}
  bool is_null(size_t i) const { return std::holds_alternative<std::nullptr_t>(cells_.at(i)); }
  std::string text(size_t i) const;
  std::int64_t integer(size_t i) const;
  double real(size_t i) const;
  std::optional<std::string> opt_text(size_t i) const;
  std::optional<double> opt_real(size_t i) const;
  std::optional<std::int64_t> opt_integer(size_t i) const;
  size_t index(std::string_view column) const;
  size_t size() const { return cells_.size(); }
  const Value& value(size_t i) const { return cells_.at(i); }
  const std::vector<std::string>& columns() const { return *columns_; }

 private:
  std::shared_ptr<const std::vector<std::string>> columns_;
  std::vector<Value> cells_;
};

using Rows = std::vector<Row>;

class Db {
 public:
  virtual ~Db() = default;
  virtual Dialect dialect() const = 0;
  // Runs one statement and returns its rows. Throws DbError.
  virtual Rows query(std::string_view sql, const Params& params = {}) = 0;
  // Runs one statement and hands each row to `fn` as it comes (SQLite streams;
  // others may read the rows first). For reading whole tables without holding them.
  virtual void each(std::string_view sql, const Params& params, const std::function<void(const Row&)>& fn) {
    for (const auto& r : query(sql, params)) fn(r);
  }
  // Runs one statement; returns the number of rows changed.
  virtual std::int64_t exec(std::string_view sql, const Params& params = {}) = 0;
  // Runs one statement whose result is not needed (an audit line, an update whose
  // row count nobody reads). Inside a transaction PostgreSQL sends it with the next
  // statement or the COMMIT, several in one round trip (libpq's pipeline mode), and
  // its error, if any, is thrown there; SQLite and any statement outside a
  // transaction run it now.
  virtual void exec_later(std::string_view sql, const Params& params = {}) { exec(sql, params); }
  // Runs several statements with no parameters (migrations).
  virtual void exec_script(std::string_view sql) = 0;
  // Inserts many rows fast (prepared statement on SQLite, COPY on PostgreSQL).
  virtual void bulk_insert(std::string_view table, const std::vector<std::string>& columns,
                           const std::vector<Params>& rows) = 0;
  // The same without holding every row: `fill(i, row)` writes row i into one row
  // that is reused (all England's postcodes, 1.5 million, are written this way).
  virtual void bulk_insert_each(std::string_view table, const std::vector<std::string>& columns, std::size_t count,
                                const std::function<void(std::size_t, Params&)>& fill) = 0;
  virtual void begin(bool write) = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;

  // Convenience: the first row, if any.
  std::optional<Row> query_one(std::string_view sql, const Params& params = {});
  // Convenience: the first column of the first row as an integer (COUNT(*) and the like).
  std::int64_t scalar(std::string_view sql, const Params& params = {});
};

// Commits on commit(); rolls back if destroyed without it.
class Transaction {
 public:
  Transaction(Db& db, bool write) : db_(db) { db_.begin(write); }
  ~Transaction() {
    if (!done_) {
      try {
        db_.rollback();
      } catch (...) {  // NOLINT(bugprone-empty-catch): a failed rollback leaves nothing to undo
      }
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    db_.commit();
    done_ = true;
  }

 private:
  Db& db_;
  bool done_ = false;
};

// A pool of connections to one database, opened from a URL:
//   sqlite:PATH (or a bare PATH)  — embedded SQLite in WAL mode
//   postgresql://user@host:port/db — PostgreSQL 15
class Database {
 public:
  static std::unique_ptr<Database> open(const std::string& url);
  virtual ~Database() = default;

  class Handle {
   public:
    Handle(Database* owner, std::unique_ptr<Db> db) : owner_(owner), db_(std::move(db)) {}
    Handle(Handle&&) = default;
    Handle& operator=(Handle&&) = default;
    ~Handle() {
      if (db_) owner_->release(std::move(db_));
    }
    Db& operator*() { return *db_; }
    Db* operator->() { return db_.get(); }

   private:
    Database* owner_;
    std::unique_ptr<Db> db_;
  };

  Handle acquire();
  virtual Dialect dialect() const = 0;
  const std::string& url() const { return url_; }

 protected:
  explicit Database(std::string url) : url_(std::move(url)) {}
  virtual std::unique_ptr<Db> connect() = 0;

 private:
  void release(std::unique_ptr<Db> db);
  std::string url_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Db>> idle_;
};

std::unique_ptr<Db> open_sqlite(const std::string& path);
std::unique_ptr<Db> open_postgres(const std::string& url);

// The file path of a sqlite: URL, or nullopt for other URLs.
std::optional<std::string> sqlite_path(const std::string& url);

// Copies a live SQLite database to `dest` with SQLite's online backup API.
void sqlite_backup(const std::string& source_path, const std::string& dest_path);

}  // namespace kith::store
