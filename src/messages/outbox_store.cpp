#include "messages/outbox_store.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "messages/kinds.h"

namespace kith::messages {

namespace {

constexpr const char* kColumns =
    "id, idempotency_key, kind, channel, user_id, to_address, fields, status, attempts, next_attempt_at, "
    "claimed_at, last_error, provider_ref, created_at, sent_at, language, next_check_at, delivered_at";

constexpr const char* kClaimPostgres =
    "UPDATE outbox SET status = 'sending', claimed_at = ?, attempts = attempts + 1 WHERE id IN ("
    "SELECT id FROM outbox WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id "
    "LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING ";
constexpr const char* kClaimSqlite =
    "UPDATE outbox SET status = 'sending', claimed_at = ?, attempts = attempts + 1 WHERE id IN ("
    "SELECT id FROM outbox WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id "
    "LIMIT ?) AND status = 'queued' RETURNING ";

constexpr const char* kDueChecksPostgres =
    " FROM outbox WHERE next_check_at <= ? AND status = 'sent' ORDER BY next_check_at, id LIMIT ? "
    "FOR UPDATE SKIP LOCKED";
constexpr const char* kDueChecksSqlite =
    " FROM outbox WHERE next_check_at <= ? AND status = 'sent' ORDER BY next_check_at, id LIMIT ?";

std::string text_or_empty(const store::Row& r, const char* column) {
  auto v = r.opt_text(r.index(column));
  return v ? *v : std::string();
}

store::Value text_or_null(const std::optional<std::string>& s) { return s ? store::Value{*s} : store::Value{nullptr}; }

std::vector<Queued> read_all(const store::Rows& rows) {
  std::vector<Queued> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(read_queued(r));
  return out;
}

}  // namespace

Queued read_queued(const store::Row& r) {
  Queued q;
  q.id = r.integer(r.index("id"));
  q.key = r.text(r.index("idempotency_key"));
  q.kind = r.text(r.index("kind"));
  q.channel = r.text(r.index("channel")) == "sms" ? Channel::kSms : Channel::kEmail;
  q.user = r.opt_integer(r.index("user_id"));
  q.to = r.text(r.index("to_address"));
  auto fields = nlohmann::json::parse(r.text(r.index("fields")), nullptr, false);
  if (fields.is_object())
    for (auto& [k, v] : fields.items()) q.fields[k] = v.is_string() ? v.get<std::string>() : v.dump();
  q.status = r.text(r.index("status"));
  q.attempts = static_cast<int>(r.integer(r.index("attempts")));
  q.next_attempt_at = r.text(r.index("next_attempt_at"));
  q.claimed_at = text_or_empty(r, "claimed_at");
  q.last_error = text_or_empty(r, "last_error");
  q.provider_ref = text_or_empty(r, "provider_ref");
  q.created_at = r.text(r.index("created_at"));
  q.sent_at = text_or_empty(r, "sent_at");
  q.language = r.text(r.index("language"));
  q.next_check_at = text_or_empty(r, "next_check_at");
  q.delivered_at = text_or_empty(r, "delivered_at");
  return q;
}

std::optional<Choice> stored_choice(store::Db& db, std::int64_t user, const std::string& kind) {
  auto row = db.query_one("SELECT choice FROM message_preferences WHERE user_id = ? AND kind = ?", {user, kind});
  if (!row) return std::nullopt;
  return parse_choice(row->text(0));
}

void set_choice(store::Db& db, std::int64_t user, const std::string& kind, Choice choice, const std::string& now) {
  db.exec(
      "INSERT INTO message_preferences (user_id, kind, choice, updated_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (user_id, kind) DO UPDATE SET choice = excluded.choice, updated_at = excluded.updated_at",
      {user, kind, std::string(choice_name(choice)), now});
}

std::string user_phone(store::Db& db, std::int64_t user) {
  auto row = db.query_one("SELECT phone FROM users WHERE id = ?", {user});
  if (!row || row->is_null(0)) return "";
  return row->text(0);
}

void set_user_phone(store::Db& db, std::int64_t user, const std::string& phone) {
  db.exec("UPDATE users SET phone = ? WHERE id = ?", {store::or_null(phone), user});
}

bool address_has_problem(store::Db& db, const std::string& address) {
  return db.query_one("SELECT 1 FROM message_address_problems WHERE address = ?", {address}).has_value();
}

std::vector<Queued> claim_due(store::Db& db, const std::string& now, int limit) {
  std::string sql = std::string(db.dialect() == store::Dialect::kPostgres ? kClaimPostgres : kClaimSqlite) + kColumns;
  auto claimed = read_all(db.query(sql, {now, now, std::int64_t{limit}}));
  std::sort(claimed.begin(), claimed.end(), [](const Queued& a, const Queued& b) { return a.id < b.id; });
  return claimed;
}

std::vector<Queued> stale_sending(store::Db& db, const std::string& before) {
  return read_all(db.query(
      std::string("SELECT ") + kColumns + " FROM outbox WHERE status = 'sending' AND claimed_at < ? ORDER BY id",
      {before}));
}

void mark_sent(store::Db& db, std::int64_t id, const std::string& reference, const std::string& now,
               const std::optional<std::string>& check_at) {
  // The confirmation that an account is erased is the last thing sent to its address:
  // once sent, the address and the personalisation go too (so nothing is left to
  // record a bounce against: it is not asked about).
  // One statement on the sender's path; it returns what the second step needs.
  auto sent = db.query_one(
      "UPDATE outbox SET status = 'sent', provider_ref = ?, sent_at = ?, last_error = NULL, "
      "next_check_at = CASE WHEN kind = 'account_erased' THEN NULL ELSE ? END, "
      "to_address = CASE WHEN kind = 'account_erased' THEN '' ELSE to_address END, "
      "fields = CASE WHEN kind = 'account_erased' THEN '{}' ELSE fields END WHERE id = ? RETURNING kind, fields",
      {store::or_null(reference), now, text_or_null(check_at), id});
  // A link into someone's account (confirming an address, setting a password) is for
  // them alone: once it has gone, the outbox keeps the rest of the message, not the link.
  if (sent && is_private_link(sent->text(0))) {
    auto fields = nlohmann::json::parse(sent->text(1), nullptr, false);
    if (fields.is_object() && fields.erase("link"))
      db.exec("UPDATE outbox SET fields = ? WHERE id = ?", {fields.dump(), id});
  }
}

void mark_retry(store::Db& db, std::int64_t id, const std::string& error, const std::string& next_attempt_at) {
  db.exec("UPDATE outbox SET status = 'queued', last_error = ?, next_attempt_at = ? WHERE id = ?",
          {error, next_attempt_at, id});
}

void mark_failed(store::Db& db, std::int64_t id, const std::string& error) {
  db.exec("UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ?", {error, id});
}

void mark_bounced(store::Db& db, std::int64_t id, const std::string& address, const std::string& error,
                  const std::string& now) {
  db.exec("UPDATE outbox SET status = 'bounced', last_error = ?, next_check_at = NULL WHERE id = ?", {error, id});
  record_address_problem(db, address, error, id, now);
}

void record_address_problem(store::Db& db, const std::string& address, const std::string& reason, std::int64_t id,
                            const std::string& now) {
  db.exec(
      "INSERT INTO message_address_problems (address, reason, outbox_id, recorded_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (address) DO UPDATE SET reason = excluded.reason, outbox_id = excluded.outbox_id, "
      "recorded_at = excluded.recorded_at",
      {address, reason, id, now});
}

std::map<std::string, std::string> address_problem_reasons(store::Db& db, const std::vector<std::string>& addresses) {
  std::map<std::string, std::string> out;
  if (addresses.empty()) return out;
  // One query for a batch: each claimed message's address, asked at once.
  std::string sql = "SELECT address, reason FROM message_address_problems WHERE address IN (?";
  store::Params params{addresses.front()};
  for (std::size_t i = 1; i < addresses.size(); ++i) {
    sql += ", ?";
    params.emplace_back(addresses[i]);
  }
  for (const auto& r : db.query(sql + ")", params)) out[r.text(r.index("address"))] = r.text(r.index("reason"));
  return out;
}

void mark_withheld(store::Db& db, std::int64_t id, const std::string& error) {
  db.exec("UPDATE outbox SET status = 'bounced', last_error = ? WHERE id = ? AND status = 'sending'", {error, id});
}

std::vector<Queued> due_checks(store::Db& db, const std::string& now, int limit) {
  std::string sql = std::string("SELECT ") + kColumns +
                    (db.dialect() == store::Dialect::kPostgres ? kDueChecksPostgres : kDueChecksSqlite);
  return read_all(db.query(sql, {now, std::int64_t{limit}}));
}

void schedule_check(store::Db& db, std::int64_t id, const std::optional<std::string>& at) {
  db.exec("UPDATE outbox SET next_check_at = ? WHERE id = ?", {text_or_null(at), id});
}

bool mark_delivered(store::Db& db, std::int64_t id, const std::string& now) {
  return db.exec(
             "UPDATE outbox SET status = 'delivered', delivered_at = ?, next_check_at = NULL "
             "WHERE id = ? AND status = 'sent'",
             {now, id}) > 0;
}

bool mark_undelivered(store::Db& db, std::int64_t id, const std::string& status, const std::string& error) {
  return db.exec("UPDATE outbox SET status = ?, last_error = ?, next_check_at = NULL WHERE id = ? AND status = 'sent'",
                 {status, error, id}) > 0;
}

void release(store::Db& db, std::int64_t id) {
  db.exec("UPDATE outbox SET status = 'queued', attempts = attempts - 1 WHERE id = ? AND status = 'sending'", {id});
}

std::map<std::string, std::int64_t> count_by_status(store::Db& db) {
  std::map<std::string, std::int64_t> out;
  for (const auto& r : db.query("SELECT status, COUNT(*) AS n FROM outbox GROUP BY status"))
    out[r.text(r.index("status"))] = r.integer(r.index("n"));
  return out;
}

std::optional<std::string> oldest_queued(store::Db& db) {
  auto row = db.query_one("SELECT MIN(created_at) FROM outbox WHERE status IN ('queued', 'sending')");
  if (!row || row->is_null(0)) return std::nullopt;
  return row->text(0);
}

std::vector<Queued> problems(store::Db& db, int limit) {
  return read_all(db.query(
      std::string("SELECT ") + kColumns + " FROM outbox WHERE status IN ('failed', 'bounced') ORDER BY id DESC LIMIT ?",
      {std::int64_t{limit}}));
}

std::vector<Queued> waiting(store::Db& db, int limit) {
  return read_all(
      db.query(std::string("SELECT ") + kColumns + " FROM outbox WHERE status = 'queued' ORDER BY id DESC LIMIT ?",
               {std::int64_t{limit}}));
}

std::optional<Queued> find_message(store::Db& db, std::int64_t id) {
  auto row = db.query_one(std::string("SELECT ") + kColumns + " FROM outbox WHERE id = ?", {id});
  if (!row) return std::nullopt;
  return read_queued(*row);
}

std::vector<AddressProblem> address_problems(store::Db& db) {
  std::vector<AddressProblem> out;
  for (const auto& r : db.query("SELECT address, reason, recorded_at FROM message_address_problems ORDER BY "
                                "recorded_at DESC, address"))
    out.push_back({r.text(r.index("address")), r.text(r.index("reason")), r.text(r.index("recorded_at"))});
  return out;
}

bool clear_address_problem(store::Db& db, const std::string& address) {
  return db.exec("DELETE FROM message_address_problems WHERE address = ?", {address}) > 0;
}

bool requeue(store::Db& db, std::int64_t id, const std::string& now) {
  return db.exec(
             "UPDATE outbox SET status = 'queued', attempts = 0, next_attempt_at = ?, claimed_at = NULL "
             "WHERE id = ? AND status IN ('failed', 'bounced')",
             {now, id}) > 0;
}

std::vector<std::int64_t> people_with_digest(store::Db& db) {
  std::vector<std::int64_t> out;
  for (const auto& r :
       db.query("SELECT DISTINCT user_id FROM outbox WHERE status = 'digest' AND user_id IS NOT NULL ORDER BY user_id"))
    out.push_back(r.integer(0));
  return out;
}

std::vector<Queued> digest_messages(store::Db& db, std::int64_t user) {
  return read_all(db.query(
      std::string("SELECT ") + kColumns + " FROM outbox WHERE status = 'digest' AND user_id = ? ORDER BY id", {user}));
}

void mark_digested(store::Db& db, const std::vector<std::int64_t>& ids, const std::string& digest_key,
                   const std::string& now) {
  for (auto id : ids)
    db.exec("UPDATE outbox SET status = 'sent', provider_ref = ?, sent_at = ? WHERE id = ? AND status = 'digest'",
            {"in " + digest_key, now, id});
}

}  // namespace kith::messages
