#include "timebank/timebank_store.h"

#include <map>

#include "core/clock.h"
#include "core/text.h"

namespace kith::timebank {

namespace {

constexpr const char* kTimebankColumns =
    "t.id, t.slug, t.name, t.kind, t.area_code, t.description, t.min_balance, t.max_balance, "
    "(SELECT a.id FROM timebank_accounts a WHERE a.timebank_id = t.id AND a.kind = 'timebank')";
constexpr const char* kAccountFields =
    "a.id, a.timebank_id, t.name, a.kind, a.user_id, a.name, a.lsoa_code, a.status, a.references_taken, "
    "a.show_across_network, a.balance, t.min_balance, t.max_balance, a.approved_at";
constexpr std::size_t kAccountFieldCount = 14;
constexpr const char* kAccountTables = " FROM timebank_accounts a JOIN timebanks t ON t.id = a.timebank_id";
constexpr const char* kExchangeFields =
    "id, giver_account, receiver_account, minutes, category, description, state, proposed_by, giver_confirmed, "
    "receiver_confirmed, cancel_reason, created_at, confirmed_at";

Timebank timebank_of(const store::Row& r) {
  return {r.integer(0),
          r.text(1),
          r.text(2),
          r.text(3),
          r.opt_text(4).value_or(""),
          r.text(5),
          r.integer(6),
          r.integer(7),
          r.opt_integer(8).value_or(0)};
}

Account account_of(const store::Row& r) {
  Account a;
  a.id = r.integer(0);
  a.timebank_id = r.integer(1);
  a.timebank_name = r.text(2);
  a.kind = r.text(3);
  a.user_id = r.opt_integer(4);
  a.name = r.text(5);
  a.lsoa_code = r.opt_text(6).value_or("");
  a.status = r.text(7);
  a.references_taken = r.integer(8) != 0;
  a.show_across_network = r.integer(9) != 0;
  a.balance = r.integer(10);
  a.min_balance = r.integer(11);
  a.max_balance = r.integer(12);
  a.approved_at = r.opt_text(13).value_or("");
  return a;
}

// The exchange's fields from column `at` on (a row may hold its accounts first).
ExchangeRow exchange_of(const store::Row& r, std::size_t at = 0) {
  return {r.integer(at),
          r.integer(at + 1),
          r.integer(at + 2),
          r.integer(at + 3),
          r.text(at + 4),
          r.text(at + 5),
          r.text(at + 6),
          r.integer(at + 7),
          r.integer(at + 8) != 0,
          r.integer(at + 9) != 0,
          r.opt_text(at + 10).value_or(""),
          r.text(at + 11),
          r.opt_text(at + 12).value_or("")};
}

}  // namespace

std::int64_t TimebankStore::create_timebank(const Timebank& t) {
  auto row = db_.query_one(
      "INSERT INTO timebanks (slug, name, kind, area_code, description, min_balance, max_balance, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {t.slug, t.name, t.kind, store::or_null(t.area_code), t.description, t.min_balance, t.max_balance, now_iso()});
  std::int64_t id = row->integer(0);
  open_account(id, "timebank", std::nullopt, t.name, "", "active");
  return id;
}

std::vector<Timebank> TimebankStore::timebanks() {
  std::vector<Timebank> out;
  for (const auto& r : db_.query(std::string("SELECT ") + kTimebankColumns + " FROM timebanks t ORDER BY t.name"))
    out.push_back(timebank_of(r));
  return out;
}

std::optional<Timebank> TimebankStore::timebank(const std::string& slug) {
  auto r = db_.query_one(std::string("SELECT ") + kTimebankColumns + " FROM timebanks t WHERE t.slug = ?", {slug});
  if (!r) return std::nullopt;
  return timebank_of(*r);
}

std::optional<Timebank> TimebankStore::timebank_by_id(std::int64_t id) {
  auto r = db_.query_one(std::string("SELECT ") + kTimebankColumns + " FROM timebanks t WHERE t.id = ?", {id});
  if (!r) return std::nullopt;
  return timebank_of(*r);
}

std::int64_t TimebankStore::open_account(std::int64_t timebank_id, const std::string& kind,
                                         std::optional<std::int64_t> user_id, const std::string& name,
                                         const std::string& lsoa_code, const std::string& status) {
  return db_
      .query_one(
          "INSERT INTO timebank_accounts (timebank_id, kind, user_id, name, lsoa_code, status, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {timebank_id, kind, store::or_null(user_id), name, store::or_null(lsoa_code), status, now_iso()})
      ->integer(0);
}

std::optional<Account> TimebankStore::account(std::int64_t id) {
  auto r = db_.query_one(std::string("SELECT ") + kAccountFields + kAccountTables + " WHERE a.id = ?", {id});
  if (!r) return std::nullopt;
  return account_of(*r);
}

std::optional<std::pair<Account, Account>> TimebankStore::lock_pair(std::int64_t first, std::int64_t second) {
  // On PostgreSQL the rows are locked as they are read, in id order; SQLite's write
  // transaction holds the whole database already.
  std::string sql = std::string("SELECT ") + kAccountFields + kAccountTables + " WHERE a.id IN (?, ?)";
  if (db_.dialect() == store::Dialect::kPostgres) sql += " ORDER BY a.id FOR NO KEY UPDATE OF a";
  std::optional<Account> a, b;
  for (const auto& r : db_.query(sql, {first, second})) {
    Account acc = account_of(r);
    if (acc.id == first) a = acc;
    if (acc.id == second) b = acc;
  }
  if (!a || !b) return std::nullopt;
  return std::make_pair(*a, *b);
}

std::vector<Account> TimebankStore::accounts_of_user(std::int64_t user_id) {
  std::vector<Account> out;
  for (const auto& r :
       db_.query(std::string("SELECT ") + kAccountFields + kAccountTables + " WHERE a.user_id = ? ORDER BY t.name",
                 {user_id}))
    out.push_back(account_of(r));
  return out;
}

std::optional<Account> TimebankStore::account_in(std::int64_t timebank_id, std::int64_t user_id) {
  auto r = db_.query_one(
      std::string("SELECT ") + kAccountFields + kAccountTables + " WHERE a.timebank_id = ? AND a.user_id = ?",
      {timebank_id, user_id});
  if (!r) return std::nullopt;
  return account_of(*r);
}

std::vector<Account> TimebankStore::accounts_in(std::int64_t timebank_id, const std::string& status) {
  std::vector<Account> out;
  for (const auto& r :
       db_.query(std::string("SELECT ") + kAccountFields + kAccountTables +
                     " WHERE a.timebank_id = ? AND a.status = ? AND a.kind <> 'timebank' ORDER BY a.name",
                 {timebank_id, status}))
    out.push_back(account_of(r));
  return out;
}

std::vector<Account> TimebankStore::find_accounts(const std::string& text, std::int64_t timebank_id, int limit) {
  std::vector<Account> out;
  std::string pattern = "%" + like_escape(to_lower(trim(text))) + "%";
  for (const auto& r : db_.query(std::string("SELECT ") + kAccountFields + kAccountTables +
                                     " WHERE a.status = 'active' AND LOWER(a.name) LIKE ? ESCAPE '\\' "
                                     "AND (a.show_across_network = 1 OR a.timebank_id = ?) ORDER BY a.name LIMIT ?",
                                 {pattern, timebank_id, std::int64_t{limit}}))
    out.push_back(account_of(r));
  return out;
}

void TimebankStore::approve(std::int64_t account_id, std::optional<std::int64_t> by_user, bool references_taken) {
  db_.exec(
      "UPDATE timebank_accounts SET status = 'active', references_taken = ?, approved_by = ?, approved_at = ? "
      "WHERE id = ?",
      {std::int64_t{references_taken ? 1 : 0}, store::or_null(by_user), now_iso(), account_id});
}

void TimebankStore::set_status(std::int64_t account_id, const std::string& status) {
  db_.exec("UPDATE timebank_accounts SET status = ? WHERE id = ?", {status, account_id});
}

void TimebankStore::ask_again(std::int64_t account_id, const std::string& kind, const std::string& name,
                              const std::string& lsoa) {
  db_.exec(
      "UPDATE timebank_accounts SET status = 'pending', kind = ?, name = ?, lsoa_code = ?, created_at = ? WHERE id = ?",
      {kind, name, store::or_null(lsoa), now_iso(), account_id});
}

bool waits_for(const ExchangeRow& e, std::int64_t account) {
  if (e.giver != account && e.receiver != account) return false;
  return (e.state == "proposed" && e.proposed_by != account) ||
         (e.state == "done" && !(e.giver == account ? e.giver_confirmed : e.receiver_confirmed));
}

bool TimebankStore::references_required(std::int64_t timebank_id) {
  return db_.scalar("SELECT references_required FROM timebanks WHERE id = ?", {timebank_id}) != 0;
}

std::int64_t TimebankStore::insert_exchange(const ExchangeRow& e) {
  std::string now = now_iso();
  return db_
      .query_one(
          "INSERT INTO timebank_exchanges (giver_account, receiver_account, minutes, category, description, state, "
          "proposed_by, giver_confirmed, receiver_confirmed, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {e.giver, e.receiver, e.minutes, e.category, e.description, e.state, e.proposed_by,
           std::int64_t{e.giver_confirmed ? 1 : 0}, std::int64_t{e.receiver_confirmed ? 1 : 0}, now, now})
      ->integer(0);
}

std::optional<ExchangeRow> TimebankStore::exchange(std::int64_t id, bool for_update) {
  std::string sql = std::string("SELECT ") + kExchangeFields + " FROM timebank_exchanges WHERE id = ?";
  if (for_update && db_.dialect() == store::Dialect::kPostgres) sql += " FOR UPDATE";
  auto r = db_.query_one(sql, {id});
  if (!r) return std::nullopt;
  return exchange_of(*r);
}

std::optional<LockedExchange> TimebankStore::lock_exchange(std::int64_t id) {
  if (db_.dialect() != store::Dialect::kPostgres) {
    auto e = exchange(id, true);
    if (!e) return std::nullopt;
    return LockedExchange{*e, lock_pair(e->giver, e->receiver)};
  }
  // One round trip: the exchange locked, then its two accounts in id order.
  auto rows = db_.query(std::string("SELECT ") + kAccountFields + ", e.* FROM (SELECT " + kExchangeFields +
                            " FROM timebank_exchanges WHERE id = ? FOR UPDATE) e "
                            "JOIN timebank_accounts a ON a.id IN (e.giver_account, e.receiver_account) "
                            "JOIN timebanks t ON t.id = a.timebank_id ORDER BY a.id FOR NO KEY UPDATE OF a",
                        {id});
  if (rows.empty()) {
    auto e = exchange(id, true);  // none, or its accounts are gone
    if (!e) return std::nullopt;
    return LockedExchange{*e, std::nullopt};
  }
  LockedExchange out{exchange_of(rows[0], kAccountFieldCount), std::nullopt};
  std::optional<Account> giver, receiver;
  for (const auto& r : rows) {
    Account a = account_of(r);
    if (a.id == out.exchange.giver) giver = a;
    if (a.id == out.exchange.receiver) receiver = a;
  }
  if (giver && receiver) out.accounts = std::make_pair(*giver, *receiver);
  return out;
}

void TimebankStore::update_exchange(const ExchangeRow& e, std::optional<std::int64_t> coordinator) {
  std::string now = now_iso();
  db_.exec_later(
      "UPDATE timebank_exchanges SET state = ?, giver_confirmed = ?, receiver_confirmed = ?, cancel_reason = ?, "
      "coordinator_confirmed_by = COALESCE(?, coordinator_confirmed_by), updated_at = ?, "
      "confirmed_at = CASE WHEN ? = 'confirmed' THEN ? ELSE confirmed_at END WHERE id = ?",
      {e.state, std::int64_t{e.giver_confirmed ? 1 : 0}, std::int64_t{e.receiver_confirmed ? 1 : 0},
       store::or_null(e.cancel_reason), store::or_null(coordinator), now, e.state, now, e.id});
}

std::vector<ExchangeRow> TimebankStore::exchanges_of(std::int64_t account_id, int limit) {
  std::vector<ExchangeRow> out;
  for (const auto& r : db_.query(
           std::string("SELECT ") + kExchangeFields +
               " FROM timebank_exchanges WHERE giver_account = ? OR receiver_account = ? ORDER BY id DESC LIMIT ?",
           {account_id, account_id, std::int64_t{limit}}))
    out.push_back(exchange_of(r));
  return out;
}

std::int64_t TimebankStore::post_transfer(const std::string& kind, std::optional<std::int64_t> exchange_id,
                                          std::optional<std::int64_t> reverses, const std::string& memo,
                                          std::optional<std::int64_t> by_user,
                                          const std::vector<std::pair<std::int64_t, std::int64_t>>& entries) {
  std::int64_t sum = 0;
  for (const auto& e : entries) sum += e.second;
  if (sum != 0) throw std::logic_error("a transfer's entries must sum to zero");
  std::string now = now_iso();
  if (db_.dialect() == store::Dialect::kPostgres && entries.size() == 2 && entries[0].first != entries[1].first) {
    // The common case on PostgreSQL: one statement, one round trip to the server.
    const auto& [a, x] = entries[0];
    const auto& [b, y] = entries[1];
    return db_
        .query_one(
            "WITH t AS (INSERT INTO timebank_transfers (kind, exchange_id, reverses, memo, created_by, at) "
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id), "
            "e AS (INSERT INTO timebank_entries (transfer_id, account_id, minutes, at) "
            "SELECT t.id, v.account, v.minutes, ? FROM t, (VALUES (CAST(? AS BIGINT), CAST(? AS BIGINT)), "
            "(CAST(? AS BIGINT), CAST(? AS BIGINT))) AS v (account, minutes)), "
            "b AS (UPDATE timebank_accounts SET balance = balance + CASE WHEN id = CAST(? AS BIGINT) THEN "
            "CAST(? AS BIGINT) ELSE CAST(? AS BIGINT) END WHERE id IN (?, ?)) "
            "SELECT id FROM t",
            {kind, store::or_null(exchange_id), store::or_null(reverses), memo, store::or_null(by_user), now, now, a, x,
             b, y, a, x, y, a, b})
        ->integer(0);
  }
  std::int64_t id =
      db_.query_one(
             "INSERT INTO timebank_transfers (kind, exchange_id, reverses, memo, created_by, at) "
             "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
             {kind, store::or_null(exchange_id), store::or_null(reverses), memo, store::or_null(by_user), now})
          ->integer(0);
  if (entries.size() == 2 && entries[0].first != entries[1].first) {
    // The common case, two accounts: two statements rather than four.
    const auto& [a, x] = entries[0];
    const auto& [b, y] = entries[1];
    db_.exec("INSERT INTO timebank_entries (transfer_id, account_id, minutes, at) VALUES (?, ?, ?, ?), (?, ?, ?, ?)",
             {id, a, x, now, id, b, y, now});
    db_.exec(
        "UPDATE timebank_accounts SET balance = balance + CASE WHEN id = ? THEN CAST(? AS INTEGER) ELSE CAST(? AS "
        "INTEGER) "
        "END WHERE id IN (?, ?)",
        {a, x, y, a, b});
    return id;
  }
  for (const auto& [account, minutes] : entries) {
    db_.exec("INSERT INTO timebank_entries (transfer_id, account_id, minutes, at) VALUES (?, ?, ?, ?)",
             {id, account, minutes, now});
    db_.exec("UPDATE timebank_accounts SET balance = balance + ? WHERE id = ?", {minutes, account});
  }
  return id;
}

std::vector<std::pair<std::int64_t, std::int64_t>> TimebankStore::transfer_entries(std::int64_t transfer_id) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  for (const auto& r :
       db_.query("SELECT account_id, minutes FROM timebank_entries WHERE transfer_id = ? ORDER BY id", {transfer_id}))
    out.emplace_back(r.integer(0), r.integer(1));
  return out;
}

std::optional<std::string> TimebankStore::transfer_kind(std::int64_t transfer_id) {
  auto r = db_.query_one("SELECT kind FROM timebank_transfers WHERE id = ?", {transfer_id});
  if (!r) return std::nullopt;
  return r->text(0);
}

bool TimebankStore::reversed(std::int64_t transfer_id) {
  return db_.query_one("SELECT 1 FROM timebank_transfers WHERE reverses = ?", {transfer_id}).has_value();
}

std::vector<StatementLine> TimebankStore::statement(std::int64_t account_id) {
  std::vector<StatementLine> out;
  std::int64_t balance = 0;
  for (const auto& r :
       db_.query("SELECT e.transfer_id, e.at, t.kind, t.memo, e.minutes, t.exchange_id, "
                 "(SELECT a.name FROM timebank_entries o JOIN timebank_accounts a ON a.id = o.account_id "
                 " WHERE o.transfer_id = e.transfer_id AND o.account_id <> e.account_id ORDER BY o.id LIMIT 1) "
                 "FROM timebank_entries e JOIN timebank_transfers t ON t.id = e.transfer_id "
                 "WHERE e.account_id = ? ORDER BY e.id",
                 {account_id})) {
    balance += r.integer(4);
    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.integer(4), balance, r.opt_text(6).value_or(""),
                   r.opt_integer(5)});
  }
  return out;
}

LedgerCheck TimebankStore::check() {
  LedgerCheck c;
  c.sum = db_.scalar("SELECT COALESCE(SUM(minutes), 0) FROM timebank_entries");
  c.entries = db_.scalar("SELECT COUNT(*) FROM timebank_entries");
  c.unbalanced_transfers = db_.scalar(
      "SELECT COUNT(*) FROM (SELECT transfer_id FROM timebank_entries GROUP BY transfer_id "
      "HAVING SUM(minutes) <> 0) x");
  c.mismatched_accounts = db_.scalar(
      "SELECT COUNT(*) FROM timebank_accounts a WHERE a.balance <> "
      "(SELECT COALESCE(SUM(e.minutes), 0) FROM timebank_entries e WHERE e.account_id = a.id)");
  c.outside_limits = db_.scalar(
      "SELECT COUNT(*) FROM timebank_accounts a JOIN timebanks t ON t.id = a.timebank_id "
      "WHERE a.kind <> 'timebank' AND (a.balance < t.min_balance OR a.balance > t.max_balance)");
  return c;
}

TimebankStats TimebankStore::stats(std::int64_t timebank_id, const std::string& since) {
  TimebankStats s;
  s.active_members = db_.scalar(
      "SELECT COUNT(*) FROM timebank_accounts WHERE timebank_id = ? AND status = 'active' AND kind <> 'timebank'",
      {timebank_id});
  constexpr const char* kMine =
      "FROM timebank_exchanges x JOIN timebank_accounts g ON g.id = x.giver_account "
      "JOIN timebank_accounts r ON r.id = x.receiver_account WHERE x.state = 'confirmed' "
      "AND (g.timebank_id = ? OR r.timebank_id = ?)";
  auto totals =
      db_.query_one(std::string("SELECT COUNT(*), COALESCE(SUM(x.minutes), 0), "
                                "COALESCE(SUM(CASE WHEN g.timebank_id <> r.timebank_id THEN 1 ELSE 0 END), 0) ") +
                        kMine,
                    {timebank_id, timebank_id});
  s.confirmed_exchanges = totals->integer(0);
  s.minutes = totals->integer(1);
  s.crossing = totals->integer(2);
  for (const auto& r : db_.query(std::string("SELECT SUBSTR(x.confirmed_at, 1, 7) AS month, COUNT(*) ") + kMine +
                                     " GROUP BY SUBSTR(x.confirmed_at, 1, 7) ORDER BY month",
                                 {timebank_id, timebank_id}))
    s.per_month.emplace_back(r.text(0), r.integer(1));
  for (const auto& r : db_.query(std::string("SELECT ") + kAccountFields + kAccountTables +
                                     " WHERE a.timebank_id = ? AND a.status = 'active' AND a.kind <> 'timebank' AND "
                                     "COALESCE(a.approved_at, a.created_at) < ? AND NOT EXISTS (SELECT 1 FROM "
                                     "timebank_exchanges x WHERE x.state = 'confirmed' AND "
                                     "x.confirmed_at >= ? AND (x.giver_account = a.id OR x.receiver_account = a.id)) "
                                     "ORDER BY a.name",
                                 {timebank_id, since, since}))
    s.quiet.push_back(account_of(r));
  return s;
}

MemberStats TimebankStore::member_stats(std::int64_t account_id) {
  MemberStats m;
  auto r = db_.query_one(
      "SELECT COALESCE(SUM(CASE WHEN giver_account = ? THEN minutes ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN receiver_account = ? THEN minutes ELSE 0 END), 0), "
      "COUNT(DISTINCT CASE WHEN giver_account = ? THEN receiver_account ELSE giver_account END) "
      "FROM timebank_exchanges x WHERE state = 'confirmed' AND (giver_account = ? OR receiver_account = ?) "
      // An exchange a coordinator corrected (reversed) is no longer time given: the statement says so.
      "AND NOT EXISTS (SELECT 1 FROM timebank_transfers t JOIN timebank_transfers r ON r.reverses = t.id "
      "WHERE t.exchange_id = x.id)",
      {account_id, account_id, account_id, account_id, account_id});
  m.given = r->integer(0);
  m.received = r->integer(1);
  m.partners = r->integer(2);
  return m;
}

void TimebankStore::block(std::int64_t user_id, std::int64_t blocked_user_id) {
  db_.exec("INSERT INTO timebank_blocks (user_id, blocked_user_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
           {user_id, blocked_user_id, now_iso()});
}

void TimebankStore::unblock(std::int64_t user_id, std::int64_t blocked_user_id) {
  db_.exec("DELETE FROM timebank_blocks WHERE user_id = ? AND blocked_user_id = ?", {user_id, blocked_user_id});
}

bool TimebankStore::blocked_either_way(std::int64_t a, std::int64_t b) {
  return db_
      .query_one(
          "SELECT 1 FROM timebank_blocks WHERE (user_id = ? AND blocked_user_id = ?) OR "
          "(user_id = ? AND blocked_user_id = ?)",
          {a, b, b, a})
      .has_value();
}

std::vector<std::pair<std::int64_t, std::string>> TimebankStore::blocked_by(std::int64_t user_id) {
  std::vector<std::pair<std::int64_t, std::string>> out;
  for (const auto& r : db_.query("SELECT b.blocked_user_id, u.display_name FROM timebank_blocks b "
                                 "JOIN users u ON u.id = b.blocked_user_id WHERE b.user_id = ? ORDER BY u.display_name",
                                 {user_id}))
    out.emplace_back(r.integer(0), r.text(1));
  return out;
}

std::vector<std::pair<std::string, std::int64_t>> TimebankStore::members_by_lsoa(const std::string& authority) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (const auto& r :
       db_.query("SELECT a.lsoa_code, COUNT(DISTINCT COALESCE(a.user_id, a.id)) FROM timebank_accounts a "
                 "JOIN areas l ON l.code = a.lsoa_code WHERE a.status = 'active' "
                 "AND a.kind <> 'timebank' AND (? = '' OR l.authority_code = ?) GROUP BY a.lsoa_code",
                 {authority, authority}))
    out.emplace_back(r.text(0), r.integer(1));
  return out;
}

std::vector<std::pair<std::string, std::int64_t>> TimebankStore::exchanges_by_lsoa(const std::string& authority) {
  std::map<std::string, std::int64_t> count;
  for (const auto& r :
       db_.query("SELECT a.lsoa_code, COUNT(*) FROM timebank_exchanges x JOIN timebank_accounts a "
                 "ON a.id = x.giver_account OR a.id = x.receiver_account JOIN areas l ON l.code = a.lsoa_code "
                 "WHERE x.state = 'confirmed' AND (? = '' OR l.authority_code = ?) GROUP BY a.lsoa_code",
                 {authority, authority}))
    count[r.text(0)] += r.integer(1);
  return {count.begin(), count.end()};
}

}  // namespace kith::timebank
