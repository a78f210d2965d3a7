#include "store/db.h"

#include <atomic>
#include <chrono>

#include "core/text.h"
#include "store/pool_stats.h"

namespace kith::store {

namespace {
constexpr size_t kMaxIdle = 16;
}

std::string Row::text(size_t i) const {
  const Value& v = cells_.at(i);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (auto* d = std::get_if<double>(&v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", *d);
    return buf;
  }
  return "";
}

std::int64_t Row::integer(size_t i) const {
  const Value& v = cells_.at(i);
  if (auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&v)) {
    if (*s == "t") return 1;
    if (*s == "f") return 0;
    if (auto n = parse_int(*s)) return *n;
    if (auto d = parse_double(*s)) return static_cast<std::int64_t>(*d);
  }
  return 0;
}

double Row::real(size_t i) const {
  const Value& v = cells_.at(i);
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  if (auto* s = std::get_if<std::string>(&v)) return parse_double(*s).value_or(0.0);
  return 0.0;
}

std::optional<std::string> Row::opt_text(size_t i) const {
  if (is_null(i)) return std::nullopt;
  return text(i);
}

std::optional<double> Row::opt_real(size_t i) const {
  if (is_null(i)) return std::nullopt;
  return real(i);
}

std::optional<std::int64_t> Row::opt_integer(size_t i) const {
  if (is_null(i)) return std::nullopt;
  return integer(i);
}

size_t Row::index(std::string_view column) const {
  for (size_t i = 0; i < columns_->size(); ++i)
    if ((*columns_)[i] == column) return i;
  throw DbError("no column " + std::string(column));
}

std::optional<Row> Db::query_one(std::string_view sql, const Params& params) {
  Rows rows = query(sql, params);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

std::int64_t Db::scalar(std::string_view sql, const Params& params) {
  auto row = query_one(sql, params);
  if (!row || row->size() == 0) return 0;
  return row->integer(0);
}

std::optional<std::string> sqlite_path(const std::string& url) {
  if (starts_with(url, "postgres://") || starts_with(url, "postgresql://")) return std::nullopt;
  if (starts_with(url, "sqlite://")) return url.substr(9);
  if (starts_with(url, "sqlite:")) return url.substr(7);
  return url;
}

namespace {

class SqliteDatabase : public Database {
 public:
  SqliteDatabase(std::string url, std::string path) : Database(std::move(url)), path_(std::move(path)) {}
  Dialect dialect() const override { return Dialect::kSqlite; }

 protected:
  std::unique_ptr<Db> connect() override { return open_sqlite(path_); }

 private:
  std::string path_;
};

class PostgresDatabase : public Database {
 public:
  explicit PostgresDatabase(std::string url) : Database(std::move(url)) {}
  Dialect dialect() const override { return Dialect::kPostgres; }

 protected:
  std::unique_ptr<Db> connect() override { return open_postgres(url()); }
};

}  // namespace

std::unique_ptr<Database> Database::open(const std::string& url) {
  std::unique_ptr<Database> db;
  if (auto path = sqlite_path(url)) {
    db = std::make_unique<SqliteDatabase>(url, *path);
  } else {
    db = std::make_unique<PostgresDatabase>(url);
  }
  db->release(db->connect());  // fail early on a bad URL
  return db;
}

namespace {

// Every pool's use, for PoolStats (relaxed: counts, not synchronisation).
std::atomic<std::uint64_t> g_acquired{0}, g_opened{0}, g_connect_micros{0}, g_closed_surplus{0};

}  // namespace

PoolStats pool_stats() {
  PoolStats s;
  s.acquired = g_acquired.load(std::memory_order_relaxed);
  s.opened = g_opened.load(std::memory_order_relaxed);
  s.connect_seconds = static_cast<double>(g_connect_micros.load(std::memory_order_relaxed)) / 1e6;
  s.closed_surplus = g_closed_surplus.load(std::memory_order_relaxed);
  return s;
}

Database::Handle Database::acquire() {
  g_acquired.fetch_add(1, std::memory_order_relaxed);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      auto db = std::move(idle_.back());
      idle_.pop_back();
      return Handle(this, std::move(db));
    }
  }
  auto started = std::chrono::steady_clock::now();
  auto fresh = connect();
  g_opened.fetch_add(1, std::memory_order_relaxed);
  g_connect_micros.fetch_add(
      static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count()),
      std::memory_order_relaxed);
  return Handle(this, std::move(fresh));
}

void Database::release(std::unique_ptr<Db> db) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (idle_.size() < kMaxIdle) {
    idle_.push_back(std::move(db));
  } else {
    g_closed_surplus.fetch_add(1, std::memory_order_relaxed);
  }
}

}  // namespace kith::store
