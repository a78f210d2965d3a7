#include "accounts/account_store.h"

#include <set>

#include "core/clock.h"
#include "core/crypto.h"

namespace kith::accounts {

namespace {

// An active account whose email address is not yet confirmed is "unverified" to the
// rest of Kith (users.status keeps the states an admin sets).
#define KITH_USER_STATUS \
  "CASE WHEN u.status = 'active' AND u.email_verified_at IS NULL THEN 'unverified' ELSE u.status END"
#define KITH_USER_COLUMNS                                                 \
  "SELECT u.id, COALESCE(u.email, ''), u.display_name, " KITH_USER_STATUS \
  ", u.is_demo, u.created_at, u.language, COALESCE(u.phone, '')"

constexpr const char* kByEmail = KITH_USER_COLUMNS " FROM users u WHERE u.email = ?";
constexpr const char* kByPhone = KITH_USER_COLUMNS " FROM users u WHERE u.phone = ? AND u.email IS NULL";
constexpr const char* kById = KITH_USER_COLUMNS " FROM users u WHERE u.id = ?";
constexpr const char* kList = KITH_USER_COLUMNS " FROM users u ORDER BY u.display_name, u.id LIMIT ? OFFSET ?";
constexpr const char* kSessionUser = KITH_USER_COLUMNS
    " FROM sessions s "
    "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND u.status = 'active' "
    "AND u.email_verified_at IS NOT NULL";
constexpr const char* kInvitationUser = KITH_USER_COLUMNS
    " FROM invitations i "
    "JOIN users u ON u.id = i.user_id WHERE i.token_hash = ? AND i.expires_at > ? AND i.accepted_at IS NULL "
    "AND u.status = 'invited'";  // disabled since: the link no longer works
constexpr const char* kTokenUser = KITH_USER_COLUMNS
    " FROM account_tokens t "
    "JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.purpose = ? AND t.expires_at > ? "
    "AND t.used_at IS NULL";
#undef KITH_USER_COLUMNS
#undef KITH_USER_STATUS
constexpr const char* kRequestsEmailIp =
    "SELECT at FROM account_requests WHERE kind = ? AND email = ? AND ip = ? AND at > ?";
constexpr const char* kRequestsEmail = "SELECT at FROM account_requests WHERE kind = ? AND email = ? AND at > ?";
constexpr const char* kRequestsIp = "SELECT at FROM account_requests WHERE kind = ? AND ip = ? AND at > ?";
constexpr const char* kInsertUser =
    "INSERT INTO users (email, phone, display_name, password_hash, status, is_demo, created_at, updated_at, "
    "email_verified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kRoles = "SELECT role FROM user_roles WHERE user_id = ? ORDER BY role";
constexpr const char* kFailuresEmail = "SELECT at FROM sign_in_attempts WHERE email = ? AND succeeded = 0 AND at > ?";
constexpr const char* kFailuresIp = "SELECT at FROM sign_in_attempts WHERE ip = ? AND succeeded = 0 AND at > ?";
constexpr const char* kFailuresEmailIp =
    "SELECT at FROM sign_in_attempts WHERE email = ? AND ip = ? AND succeeded = 0 AND at > ?";

// What a throttle counts an attempt under: the address as typed, normalised; a long
// one (no address is longer than 254) by its hash, so a huge "email" costs a row
// of 64 characters, not its size.
std::string counted_as(const std::string& address) {
  std::string e = normalise_email(address);
  return e.size() > 320 ? sha256_hex(e) : e;
}

// Attempts are kept a day, far longer than any throttle looks back, then deleted:
// neither table grows without end, and an erased person's old numbers and
// addresses go with them.
constexpr std::int64_t kAttemptsKeptSeconds = 24 * 3600;

User from_row(const store::Row& r) {
  return User{r.integer(0), r.text(1), r.text(2), r.text(3), r.integer(4) != 0, {}, r.text(5), r.text(6), r.text(7)};
}

std::vector<std::int64_t> times(const store::Rows& rows) {
  std::vector<std::int64_t> out;
  for (const auto& r : rows) out.push_back(parse_iso_utc(r.text(0)));
  return out;
}

}  // namespace

std::vector<std::string> AccountStore::roles_of(std::int64_t user_id) {
  std::vector<std::string> out;
  for (const auto& r : db_.query(kRoles, {user_id})) out.push_back(r.text(0));
  return out;
}

std::optional<User> AccountStore::one(const std::string& sql, const store::Params& params) {
  auto row = db_.query_one(sql, params);
  if (!row) return std::nullopt;
  User u = from_row(*row);
  u.roles = roles_of(u.id);
  return u;
}

std::optional<User> AccountStore::find_by_email(const std::string& email) {
  return one(kByEmail, {normalise_email(email)});
}
std::optional<User> AccountStore::find_by_phone(const std::string& phone) { return one(kByPhone, {phone}); }
std::optional<User> AccountStore::find_by_id(std::int64_t id) { return one(kById, {id}); }

std::optional<std::string> AccountStore::password_hash(std::int64_t user_id) {
  auto row = db_.query_one("SELECT password_hash FROM users WHERE id = ?", {user_id});
  if (!row) return std::nullopt;
  return row->opt_text(0);
}

std::vector<User> AccountStore::list(int limit, int offset) {
  std::vector<User> out;
  for (const auto& r : db_.query(kList, {std::int64_t{limit}, std::int64_t{offset}})) {
    out.push_back(from_row(r));
    out.back().roles = roles_of(out.back().id);
  }
  return out;
}

std::int64_t AccountStore::count() { return db_.scalar("SELECT COUNT(*) FROM users"); }

std::int64_t AccountStore::create(const std::string& email, const std::string& phone, const std::string& name,
                                  const std::optional<std::string>& hash, const std::string& status, bool is_demo) {
  std::string now = now_iso();
  store::Value h = hash ? store::Value(*hash) : store::Value(nullptr);
  // "unverified" is an active account without a confirmed address; every other
  // account is made by someone who knows the address (an admin, an invitation).
  bool unverified = status == "unverified";
  auto row = db_.query_one(
      kInsertUser, {email.empty() ? store::Value(nullptr) : store::Value(normalise_email(email)), store::or_null(phone),
                    name, h, unverified ? "active" : status, std::int64_t{is_demo ? 1 : 0}, now, now,
                    unverified ? store::Value(nullptr) : store::Value(now)});
  return row->integer(0);
}

void AccountStore::set_roles(std::int64_t user_id, const std::vector<std::string>& roles) {
  db_.exec("DELETE FROM user_roles WHERE user_id = ?", {user_id});
  std::set<std::string> once(roles.begin(), roles.end());  // a role ticked twice is held once
  for (const auto& r : once) db_.exec("INSERT INTO user_roles (user_id, role) VALUES (?, ?)", {user_id, r});
}

void AccountStore::set_password(std::int64_t user_id, const std::string& hash) {
  db_.exec("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", {hash, now_iso(), user_id});
}

void AccountStore::set_status(std::int64_t user_id, const std::string& status) {
  db_.exec("UPDATE users SET status = ?, updated_at = ? WHERE id = ?", {status, now_iso(), user_id});
}

void AccountStore::set_phone(std::int64_t user_id, const std::string& phone) {
  db_.exec("UPDATE users SET phone = ?, updated_at = ? WHERE id = ?", {store::or_null(phone), now_iso(), user_id});
}

void AccountStore::create_session(const std::string& token_hash, std::int64_t user_id, const std::string& expires_at) {
  db_.exec("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
           {token_hash, user_id, now_iso(), expires_at});
}

void AccountStore::set_language(std::int64_t user_id, const std::string& code) {
  db_.exec("UPDATE users SET language = ? WHERE id = ?", {code, user_id});
}

std::optional<User> AccountStore::session_user(const std::string& token_hash, const std::string& now) {
  return one(kSessionUser, {token_hash, now});
}

void AccountStore::delete_session(const std::string& token_hash) {
  db_.exec("DELETE FROM sessions WHERE token_hash = ?", {token_hash});
}

void AccountStore::delete_sessions_of(std::int64_t user_id) {
  db_.exec("DELETE FROM sessions WHERE user_id = ?", {user_id});
}

void AccountStore::create_invitation(const std::string& token_hash, std::int64_t user_id,
                                     std::optional<std::int64_t> by, const std::string& expires_at) {
  store::Value inviter = by ? store::Value(*by) : store::Value(nullptr);
  db_.exec("INSERT INTO invitations (token_hash, user_id, invited_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
           {token_hash, user_id, inviter, now_iso(), expires_at});
}

std::optional<User> AccountStore::invitation_user(const std::string& token_hash, const std::string& now) {
  return one(kInvitationUser, {token_hash, now});
}

void AccountStore::accept_invitation(const std::string& token_hash, const std::string& now) {
  db_.exec("UPDATE invitations SET accepted_at = ? WHERE token_hash = ?", {now, token_hash});
}

void AccountStore::end_invitations_of(std::int64_t user_id) {
  db_.exec("DELETE FROM invitations WHERE user_id = ? AND accepted_at IS NULL", {user_id});
}

void AccountStore::create_token(const std::string& token_hash, std::int64_t user_id, const std::string& purpose,
                                const std::string& expires_at) {
  db_.exec("INSERT INTO account_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
           {token_hash, user_id, purpose, now_iso(), expires_at});
}

std::optional<User> AccountStore::token_user(const std::string& token_hash, const std::string& purpose,
                                             const std::string& now) {
  return one(kTokenUser, {token_hash, purpose, now});
}

bool AccountStore::use_token(const std::string& token_hash, const std::string& now) {
  return db_.exec("UPDATE account_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL",
                  {now, token_hash}) == 1;
}

void AccountStore::cancel_tokens_of(std::int64_t user_id, const std::string& now) {
  db_.exec("UPDATE account_tokens SET used_at = ? WHERE user_id = ? AND used_at IS NULL", {now, user_id});
}

void AccountStore::restart_sign_up(std::int64_t user_id, const std::string& name, const std::string& hash) {
  db_.exec("UPDATE users SET display_name = ?, password_hash = ?, updated_at = ? WHERE id = ?",
           {name, hash, now_iso(), user_id});
}

void AccountStore::mark_verified(std::int64_t user_id, const std::string& now) {
  db_.exec("UPDATE users SET email_verified_at = ?, updated_at = ? WHERE id = ? AND email_verified_at IS NULL",
           {now, now, user_id});
}

void AccountStore::mark_terms_agreed(std::int64_t user_id, const std::string& now) {
  db_.exec("UPDATE users SET terms_agreed_at = ?, updated_at = ? WHERE id = ?", {now, now, user_id});
}

void AccountStore::record_request(const std::string& kind, const std::string& email, const std::string& ip) {
  db_.exec("DELETE FROM account_requests WHERE at < ?", {iso_utc(now_seconds() - kAttemptsKeptSeconds)});
  db_.exec("INSERT INTO account_requests (kind, email, ip, at) VALUES (?, ?, ?, ?)",
           {kind, counted_as(email), ip, now_iso()});
}

RecentFailures AccountStore::requests(const std::string& kind, const std::string& email, const std::string& ip,
                                      const std::string& since) {
  std::string e = counted_as(email);
  return {times(db_.query(kRequestsEmailIp, {kind, e, ip, since})), times(db_.query(kRequestsEmail, {kind, e, since})),
          times(db_.query(kRequestsIp, {kind, ip, since}))};
}

void AccountStore::record_attempt(const std::string& email, const std::string& ip, bool ok) {
  db_.exec("DELETE FROM sign_in_attempts WHERE at < ?", {iso_utc(now_seconds() - kAttemptsKeptSeconds)});
  db_.exec("INSERT INTO sign_in_attempts (email, ip, succeeded, at) VALUES (?, ?, ?, ?)",
           {counted_as(email), ip, std::int64_t{ok ? 1 : 0}, now_iso()});
}

RecentFailures AccountStore::failures(const std::string& email, const std::string& ip, const std::string& since) {
  std::string e = counted_as(email);
  return {times(db_.query(kFailuresEmailIp, {e, ip, since})), times(db_.query(kFailuresEmail, {e, since})),
          times(db_.query(kFailuresIp, {ip, since}))};
}

}  // namespace kith::accounts
