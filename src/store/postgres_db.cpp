// The PostgreSQL implementation of Db over libpq: `?` placeholders become $1..$n,
// values travel as text, bulk inserts use COPY.
#include <libpq-fe.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/text.h"
#include "store/db.h"
#include "store/unavailable.h"

namespace kith::store {

namespace {

// Rewrites `?` outside quotes to $1, $2, ...
std::string to_dollar_params(std::string_view sql) {
  std::string out;
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$' + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

std::string value_text(const Value& v) {
  if (auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (auto* d = std::get_if<double>(&v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", *d);
    return buf;
  }
  return std::get<std::string>(v);
}

// COPY text format: backslash, tab and newlines escaped; \N for null.
std::string copy_field(const Value& v) {
  if (std::holds_alternative<std::nullptr_t>(v)) return "\\N";
  std::string out;
  for (char c : value_text(v)) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Parameters as libpq takes them: text, or a null pointer for NULL.
class Texts {
 public:
  void assign(const Params& params) {
    texts_.clear();
    pointers_.clear();
    texts_.reserve(params.size());
    for (const auto& p : params) texts_.push_back(std::holds_alternative<std::nullptr_t>(p) ? "" : value_text(p));
    for (std::size_t i = 0; i < params.size(); ++i)
      pointers_.push_back(std::holds_alternative<std::nullptr_t>(params[i]) ? nullptr : texts_[i].c_str());
  }
  int count() const { return static_cast<int>(pointers_.size()); }
  const char* const* pointers() const { return pointers_.data(); }

 private:
  std::vector<std::string> texts_;
  std::vector<const char*> pointers_;
};

class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r) {}
  ~PgResult() { PQclear(r_); }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  PGresult* get() const { return r_; }

 private:
  PGresult* r_;
};

class PostgresDb : public Db {
 public:
  explicit PostgresDb(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw DbUnavailable("cannot connect to PostgreSQL: " + msg);
    }
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
  }
  ~PostgresDb() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::kPostgres; }

  Rows query(std::string_view sql, const Params& params) override {
    PgResult res(run(sql, params));
    PGresult* r = res.get();
    Rows rows;
    int nrows = PQntuples(r);
    int ncols = PQnfields(r);
    auto columns = std::make_shared<std::vector<std::string>>();
    for (int c = 0; c < ncols; ++c) columns->emplace_back(PQfname(r, c));
    // Numbers and truth values as numbers, as SQLite gives them, so that code reading
    // rows sees the same on both backends; everything else as PostgreSQL's text.
    enum class As { kText, kInteger, kReal, kBool };
    std::vector<As> as(ncols, As::kText);
    for (int c = 0; c < ncols; ++c) switch (PQftype(r, c)) {
        case 20:  // int8
        case 21:  // int2
        case 23:  // int4
          as[c] = As::kInteger;
          break;
        case 700:   // float4
        case 701:   // float8
        case 1700:  // numeric
          as[c] = As::kReal;
          break;
        case 16:  // bool
          as[c] = As::kBool;
          break;
        default:
          break;
      }
    rows.reserve(nrows);
    for (int i = 0; i < nrows; ++i) {
      std::vector<Value> cells;
      cells.reserve(ncols);
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(r, i, c)) {
          cells.emplace_back(nullptr);
        } else {
          const char* text = PQgetvalue(r, i, c);
          switch (as[c]) {
            case As::kInteger:
              cells.emplace_back(static_cast<std::int64_t>(std::strtoll(text, nullptr, 10)));
              break;
            case As::kReal:
              cells.emplace_back(std::strtod(text, nullptr));
              break;
            case As::kBool:
              cells.emplace_back(std::int64_t{text[0] == 't' ? 1 : 0});
              break;
            default:
              cells.emplace_back(std::string(text, PQgetlength(r, i, c)));
          }
        }
      }
      rows.emplace_back(columns, std::move(cells));
    }
    return rows;
  }

  std::int64_t exec(std::string_view sql, const Params& params) override {
    PgResult res(run(sql, params));
    const char* n = PQcmdTuples(res.get());
    return n && *n ? std::stoll(n) : 0;
  }

  void exec_later(std::string_view sql, const Params& params) override {
    if (!in_transaction_) {
      exec(sql, params);
      return;
    }
    later_.push_back({std::string(sql), params, true});
  }

  void exec_script(std::string_view sql) override {
    if (waiting()) {
      if (sql == "COMMIT") {  // what waits and the COMMIT, in one round trip
        PgResult res(send_waiting(Statement{std::string(sql), {}, false}));
        return;
      }
      PgResult res(send_waiting(std::nullopt));
    }
    PgResult res(again_if_safe(sql, [&] {
      PGresult* r = PQexec(conn_, std::string(sql).c_str());
      checked(r, sql);
      return r;
    }));
    if (!transaction_control(sql)) forget_prepared();
  }

  void bulk_insert(std::string_view table, const std::vector<std::string>& columns,
                   const std::vector<Params>& rows) override {
    copy_rows(table, columns, rows.size(), [&](std::size_t i) -> const Params& { return rows[i]; });
  }

  void bulk_insert_each(std::string_view table, const std::vector<std::string>& columns, std::size_t count,
                        const std::function<void(std::size_t, Params&)>& fill) override {
    Params row;
    copy_rows(table, columns, count, [&](std::size_t i) -> const Params& {
      fill(i, row);
      return row;
    });
  }

  // BEGIN goes with the transaction's first statement (and a transaction that sent
  // nothing ends without a word to the server).
  void begin(bool write) override {
    later_.clear();
    begin_ = write ? "BEGIN" : "BEGIN READ ONLY";
    in_transaction_ = true;
  }
  // A COMMIT whose connection breaks is not sent again: whether it was done is not
  // known, so the request fails (503) and the client decides.
  void commit() override {
    in_transaction_ = false;
    if (begin_ && later_.empty()) {
      begin_.reset();
      return;
    }
    exec_script("COMMIT");
  }
  void rollback() override {
    in_transaction_ = false;
    later_.clear();
    if (begin_) {
      begin_.reset();
      return;
    }
    exec_script("ROLLBACK");
  }

 private:
  // COPY ... FROM STDIN, sent a megabyte at a time.
  void copy_rows(std::string_view table, const std::vector<std::string>& columns, std::size_t count,
                 const std::function<const Params&(std::size_t)>& row_at) {
    std::string sql = "COPY " + std::string(table) + " (";
    for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + columns[i];
    sql += ") FROM STDIN";
    if (waiting()) PgResult res(send_waiting(std::nullopt));
    {
      PgResult res(PQexec(conn_, sql.c_str()));
      if (PQresultStatus(res.get()) != PGRES_COPY_IN)
        throw DbError("PostgreSQL: " + std::string(PQerrorMessage(conn_)));
    }
    std::string buf;
    for (std::size_t r = 0; r < count; ++r) {
      const Params& row = row_at(r);
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) buf += '\t';
        buf += copy_field(row[i]);
      }
      buf += '\n';
      if (buf.size() > (1 << 20)) {
        PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size()));
        buf.clear();
      }
    }
    if (!buf.empty()) PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size()));
    PQputCopyEnd(conn_, nullptr);
    PgResult res(PQgetResult(conn_));
    check(res.get(), sql);
    while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
  }

  // One statement: with what waits of the transaction (send_waiting), or alone.
  PGresult* run(std::string_view sql, const Params& params) {
    if (waiting()) return send_waiting(Statement{std::string(sql), params, true});
    return again_if_safe(sql, [&] { return run_once(sql, params); });
  }

  struct Statement {
    std::string sql;
    Params params;
    bool prepare = true;  // false: sent as text, with no parameters
  };

  bool waiting() const { return begin_ || !later_.empty(); }

  // Sends the BEGIN and the statements waiting (exec_later), then `last`, in one
  // pipeline, and returns the last one's result (or null). When nothing of the
  // transaction had reached the server before, and it does not end in COMMIT, a lost
  // connection is no loss: it is all sent again on a new one, as again_if_safe does.
  PGresult* send_waiting(std::optional<Statement> last) {
    std::vector<Statement> all;
    bool first = begin_.has_value();
    if (begin_) all.push_back({*begin_, {}, false});
    begin_.reset();
    for (auto& l : later_) all.push_back(std::move(l));
    later_.clear();
    bool want = last.has_value();
    bool commits = last && last->sql == "COMMIT";
    if (last) all.push_back(std::move(*last));
    return retried(first && !commits, [&] { return pipeline(all, want); });
  }

  // Sends `statements` in one pipeline and returns the last one's result if `want_last`.
  // The first error is thrown once every result has been read; statements after a
  // failed one are not run (the transaction is lost anyway).
  PGresult* pipeline(const std::vector<Statement>& statements, bool want_last) {
    std::vector<std::string> names;
    names.reserve(statements.size());
    for (const auto& st : statements) names.push_back(st.prepare ? prepared(st.sql, st.params.size(), false) : "");
    if (PQenterPipelineMode(conn_) != 1) throw DbError("PostgreSQL: " + std::string(PQerrorMessage(conn_)));
    Texts values;
    std::size_t sent = 0;
    bool ok = true;
    for (std::size_t i = 0; i < statements.size() && ok; ++i) {
      const auto& st = statements[i];
      values.assign(st.params);
      ok = st.prepare ? PQsendQueryPrepared(conn_, names[i].c_str(), values.count(), values.pointers(), nullptr,
                                            nullptr, 0) == 1
                      : PQsendQueryParams(conn_, st.sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
      sent += ok ? 1 : 0;
    }
    ok = ok && PQpipelineSync(conn_) == 1;
    // One result (then a null) per statement sent, then the sync.
    std::string error;
    bool lost = !ok;
    PGresult* result = nullptr;
    for (std::size_t i = 0; i < sent && !lost; ++i) {
      PGresult* r = PQgetResult(conn_);
      if (!r) {
        lost = true;
        break;
      }
      auto status = PQresultStatus(r);
      if (error.empty() && status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK &&
          status != PGRES_PIPELINE_ABORTED) {
        error = "PostgreSQL: " + std::string(PQresultErrorMessage(r)) + " in: " + statements[i].sql.substr(0, 300);
        lost = lost_server(r);
      }
      if (want_last && i + 1 == statements.size() && error.empty())
        result = r;
      else
        PQclear(r);
      while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);  // the null after each
    }
    if (!lost)
      if (PGresult* sync = PQgetResult(conn_)) PQclear(sync);
    if (PQexitPipelineMode(conn_) != 1) lost = true;
    if (lost || PQstatus(conn_) == CONNECTION_BAD) {
      PQclear(result);
      throw DbUnavailable(error.empty() ? "PostgreSQL: the connection was lost: " + std::string(PQerrorMessage(conn_))
                                        : error);
    }
    if (!error.empty()) {
      PQclear(result);
      throw DbError(error);
    }
    return result;
  }

  // `once` sends the statement; a statement sent outside a transaction that only
  // reads (a lone SELECT) is sent again on a new connection when the old one has
  // gone: after a failover the pool's connections point at a server that is no more,
  // and nothing was done. libpq's multi-host URL with target_session_attrs=read-write
  // finds the new primary; while there is none, it backs off, then gives up with
  // DbUnavailable (503).
  template <class Send>
  PGresult* again_if_safe(std::string_view sql, const Send& once) {
    return retried(!in_transaction_ && (starts_with(sql, "BEGIN") || starts_with(sql, "SELECT")), once);
  }

  // `once`, and if it finds the server gone and `safe_again`, again on a new connection.
  template <class Send>
  PGresult* retried(bool safe_again, const Send& once) {
    if (safe_again && PQstatus(conn_) == CONNECTION_BAD) reconnect();
    for (int attempt = 0;; ++attempt) {
      try {
        return once();
      } catch (const DbUnavailable&) {
        if (!safe_again || attempt >= kRetries) throw;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100 << attempt));  // 0.1 s, doubling: 3.1 s in all
      reconnect();
    }
  }

  static constexpr int kRetries = 5;
  static constexpr std::size_t kMostPrepared = 2000;

  static bool transaction_control(std::string_view sql) {
    return sql == "BEGIN" || sql == "BEGIN READ ONLY" || sql == "COMMIT" || sql == "ROLLBACK";
  }

  // Drops the statements prepared on this connection (a script may have changed what
  // they read, and a statement whose columns changed cannot run again).
  void forget_prepared() {
    if (prepared_.empty()) return;
    PgResult res(PQexec(conn_, "DEALLOCATE ALL"));
    prepared_.clear();
  }

  void reconnect() {
    prepared_.clear();  // a new session has none
    PQreset(conn_);
    if (PQstatus(conn_) == CONNECTION_OK)
      PQsetNoticeProcessor(
          conn_, [](void*, const char*) {}, nullptr);
  }

  // Throws for a failed result, and frees it first.
  void checked(PGresult* r, std::string_view sql) {
    try {
      check(r, sql);
    } catch (...) {
      PQclear(r);
      throw;
    }
  }

  // Each statement is parsed and planned once per connection (PQprepare) and then
  // only bound and run: the short statements of a transaction spend as long being
  // parsed as being run. A statement in the text of a script (exec_script) may change
  // the schema, so the statements prepared before it are dropped. Returns the name.
  // `may_forget`: false while preparing a pipeline, whose other statements keep theirs.
  std::string prepared(std::string_view sql, std::size_t params, bool may_forget = true) {
    auto it = prepared_.find(sql);
    if (it != prepared_.end()) return it->second;
    // Statements written with their values in them would be prepared without end.
    if (prepared_.size() >= kMostPrepared && may_forget) forget_prepared();
    std::string name = "k" + std::to_string(++prepared_count_);
    std::string text = to_dollar_params(sql);
    PgResult made(PQprepare(conn_, name.c_str(), text.c_str(), static_cast<int>(params), nullptr));
    check(made.get(), text);
    prepared_.emplace(std::string(sql), name);
    return name;
  }

  PGresult* run_once(std::string_view sql, const Params& params) {
    std::string name = prepared(sql, params.size());
    Texts values;
    values.assign(params);
    PGresult* r = PQexecPrepared(conn_, name.c_str(), values.count(), values.pointers(), nullptr, nullptr, 0);
    checked(r, sql);
    return r;
  }

  void check(PGresult* r, std::string_view sql) {
    auto st = PQresultStatus(r);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return;
    std::string message = "PostgreSQL: " + std::string(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_)) +
                          " in: " + std::string(sql.substr(0, 300));
    if (lost_server(r)) throw DbUnavailable(message);
    throw DbError(message);
  }

  // Whether the statement failed because the server went away or cannot take it now,
  // rather than because of the statement: the connection broke, or SQLSTATE class 08
  // (connection exception), 57P01-57P03 (shut down, crashed, starting), or 25006
  // (a standby: read only).
  bool lost_server(PGresult* r) const {
    if (PQstatus(conn_) == CONNECTION_BAD) return true;
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    if (!state) return r == nullptr;
    std::string_view code(state);
    return starts_with(code, "08") || code == "57P01" || code == "57P02" || code == "57P03" || code == "25006";
  }

  PGconn* conn_;
  bool in_transaction_ = false;                               // between begin() and commit() or rollback()
  std::map<std::string, std::string, std::less<>> prepared_;  // statement (with ?) -> its prepared name
  std::int64_t prepared_count_ = 0;
  std::optional<std::string> begin_;  // BEGIN, not yet sent
  std::vector<Statement> later_;      // exec_later's statements, not yet sent
};

}  // namespace

std::unique_ptr<Db> open_postgres(const std::string& url) { return std::make_unique<PostgresDb>(url); }

}  // namespace kith::store
