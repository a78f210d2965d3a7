#include "accounts/erasure.h"

#include "accounts/account_store.h"
#include "accounts/service.h"
#include "core/clock.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "messages/outbox.h"

namespace kith::accounts {

namespace {

constexpr const char* kTombstone =
    "UPDATE users SET email = ?, display_name = ?, password_hash = NULL, phone = NULL, status = 'disabled', "
    "erased_at = ?, updated_at = ? WHERE id = ?";
constexpr const char* kRequestColumns =
    "SELECT r.id, r.user_id, r.scope, r.channel, r.reason, r.status, r.decision, COALESCE(u.display_name, ''), "
    "r.created_at, COALESCE(r.decided_at, '') FROM erasure_requests r LEFT JOIN users u ON u.id = r.asked_by";
constexpr const char* kCorrectionColumns =
    "SELECT c.id, c.user_id, u.display_name, c.what, c.status, c.reply, c.created_at, COALESCE(c.answered_at, '') "
    "FROM correction_requests c JOIN users u ON u.id = c.user_id";
constexpr std::size_t kMaxCorrection = 5000;

bool known_channel(const std::string& c) {
  for (const auto& [id, label] : erasure_channels())
    if (id == c) return true;
  return false;
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& erasure_channels() {
  static const std::vector<std::pair<std::string, std::string>> all = {{"online", "Online, by the person"},
                                                                       {"paper", "On paper"},
                                                                       {"phone", "By phone"},
                                                                       {"in-person", "In person"},
                                                                       {"email", "By email"}};
  return all;
}

bool is_erased(store::Db& db, std::int64_t user) {
  auto row = db.query_one("SELECT erased_at FROM users WHERE id = ?", {user});
  return row && !row->is_null(0);
}

Result<std::int64_t> erase_account(store::Db& db, const audit::Actor& actor, const app::ErasureParts& parts,
                                   const ErasureRequest& req) {
  if (!known_channel(req.channel)) return Error::validation({{"channel", "Choose how the person asked"}});
  if (req.reason.size() > kMaxCorrection) return Error::validation({{"reason", "Keep the note shorter"}});
  auto user = AccountStore(db).find_by_id(req.user);
  if (!user) return Error::not_found(i18n::tr("There is no account {id}.", {{"id", std::to_string(req.user)}}));
  if (is_erased(db, req.user)) return Error{"conflict", i18n::msg("That account is already closed and erased."), {}};
  if (is_last_active_admin(db, *user))
    return Error{"conflict",
                 i18n::msg("This is the last active admin: make someone else an admin first, then close the account."),
                 {}};
  const std::string email = user->email;
  const std::string name = user->display_name;
  const std::string now = now_iso();

  // The request first: a module whose records wait for a decision (coordination) adds
  // its own, asked the same way.
  bool by_themselves = actor.id && *actor.id == req.user;
  auto id = db.query_one(
                  "INSERT INTO erasure_requests (user_id, scope, asked_by, channel, reason, status, created_at, "
                  "decided_at) VALUES (?, 'account', ?, ?, ?, 'done', ?, ?) RETURNING id",
                  {req.user, store::or_null(actor.id), req.channel, trim(req.reason), now, now})
                ->integer(0);

  // Each module next, while the account still says who it was (some match by email).
  for (const auto& part : parts) part.erase(db, req.user);

  // The account's own records.
  db.exec("DELETE FROM sessions WHERE user_id = ?", {req.user});
  db.exec("DELETE FROM account_tokens WHERE user_id = ?", {req.user});
  db.exec("DELETE FROM invitations WHERE user_id = ?", {req.user});
  for (const std::string& address : {user->email, user->phone}) {
    if (address.empty()) continue;
    db.exec("DELETE FROM sign_in_attempts WHERE email = ?", {address});
    db.exec("DELETE FROM account_requests WHERE email = ?", {address});
  }
  db.exec("DELETE FROM correction_requests WHERE user_id = ?", {req.user});
  db.exec("DELETE FROM user_roles WHERE user_id = ?", {req.user});
  std::string gone = "erased-" + std::to_string(req.user) + "@erased.invalid";
  db.exec(kTombstone, {gone, std::string(kFormerMember), now, now, req.user});
  audit::redact_person(db, req.user, {email, user->phone, name});

  // The person's own request is logged without their name or address.
  audit::Actor who = actor;
  if (by_themselves) who = audit::Actor{req.user, kFormerMember, "", std::nullopt, actor.site};
  nlohmann::json parts_done = nlohmann::json::array();
  for (const auto& p : parts) parts_done.push_back(p.name);
  audit::record(db, who, "account.erase", "user", std::to_string(req.user), nullptr,
                {{"request", id}, {"channel", req.channel}, {"parts", parts_done}});

  // One confirmation to the address it had: no name in it, and the outbox forgets the
  // address once it is sent.
  messages::Message confirmation =
      message_to(*user, "account_erased", {}, "account_erased:" + std::to_string(req.user));
  confirmation.user = std::nullopt;
  if (!confirmation.to.empty()) messages::enqueue(db, confirmation);
  return id;
}

std::vector<ErasureRecord> erasure_requests(store::Db& db, const std::string& scope, int limit) {
  std::vector<ErasureRecord> out;
  for (const auto& r :
       db.query(std::string(kRequestColumns) + " WHERE (? = '' OR r.scope = ?) ORDER BY r.id DESC LIMIT ?",
                {scope, scope, std::int64_t{limit}}))
    out.push_back({r.integer(0), r.integer(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6), r.text(7),
                   r.text(8), r.text(9)});
  return out;
}

Result<std::int64_t> ask_correction(store::Db& db, const audit::Actor& actor, std::int64_t user,
                                    const std::string& what) {
  std::string text = trim(what);
  if (text.empty()) return Error::validation({{"what", "Enter what is wrong and what it should say"}});
  if (text.size() > kMaxCorrection)
    return Error::validation({{"what", "What is wrong must be 5,000 characters or fewer"}});
  auto id = db.query_one("INSERT INTO correction_requests (user_id, what, created_at) VALUES (?, ?, ?) RETURNING id",
                         {user, text, now_iso()})
                ->integer(0);
  audit::record(db, actor, "correction.ask", "user", std::to_string(user), nullptr, {{"request", id}});
  return id;
}

Status answer_correction(store::Db& db, const audit::Actor& actor, std::int64_t id, const std::string& reply) {
  auto row = db.query_one("SELECT user_id FROM correction_requests WHERE id = ?", {id});
  if (!row) return Error::not_found(i18n::tr("There is no correction request {id}.", {{"id", std::to_string(id)}}));
  std::string text = trim(reply);
  if (text.empty()) return Error::validation({{"reply", "Enter your reply to the person"}});
  if (text.size() > kMaxCorrection)
    return Error::validation({{"reply", "The reply must be 5,000 characters or fewer"}});
  db.exec(
      "UPDATE correction_requests SET status = 'answered', reply = ?, answered_by = ?, answered_at = ? WHERE id = ?",
      {text, store::or_null(actor.id), now_iso(), id});
  audit::record(db, actor, "correction.answer", "user", std::to_string(row->integer(0)), nullptr, {{"request", id}});
  return Ok{};
}

std::vector<Correction> corrections(store::Db& db, std::optional<std::int64_t> user, int limit) {
  std::vector<Correction> out;
  std::int64_t who = user.value_or(0);
  for (const auto& r :
       db.query(std::string(kCorrectionColumns) +
                    " WHERE (? = 0 OR c.user_id = ?) ORDER BY CASE WHEN c.status = 'open' THEN 0 ELSE 1 END, c.id "
                    "DESC LIMIT ?",
                {who, who, std::int64_t{limit}}))
    out.push_back({r.integer(0), r.integer(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6), r.text(7)});
  return out;
}

}  // namespace kith::accounts
