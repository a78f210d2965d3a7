#include "accounts/sign_up.h"

#include "core/clock.h"
#include "core/crypto.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "messages/messages.h"
#include "messages/outbox.h"
#include "web/boundary.h"

namespace kith::accounts {

namespace {

// Someone who signs up on a page in another language than English keeps it: their
// confirmation email and every later message are written in it.
void keep_page_language(AccountStore& store, std::int64_t user_id) {
  if (std::string code = i18n::speaking()->code; code != "en") store.set_language(user_id, code);
}

audit::Actor as_user(const User& u, const audit::Actor& from) {
  audit::Actor a = from;
  a.id = u.id;
  a.label = u.display_name + " <" + u.address() + ">";
  return a;
}

// What to say when there have been too many requests of a kind: wait `minutes`.
std::string too_many(const std::string& kind, std::int64_t minutes) {
  if (kind == "sign_up")
    return i18n::tr_plural(minutes, "There have been too many attempts to make an account. Try again in {n} minute.",
                           "There have been too many attempts to make an account. Try again in {n} minutes.");
  if (kind == "verify_again")
    return i18n::tr_plural(minutes, "There have been too many attempts to send a new link. Try again in {n} minute.",
                           "There have been too many attempts to send a new link. Try again in {n} minutes.");
  return i18n::tr_plural(minutes, "There have been too many attempts to reset a password. Try again in {n} minute.",
                         "There have been too many attempts to reset a password. Try again in {n} minutes.");
}

// Counts this request and answers an error when there have been too many lately.
Status throttle(AccountStore& store, const std::string& kind, const std::string& email, const std::string& ip,
                const ThrottlePolicy& policy) {
  std::int64_t now = now_seconds();
  std::int64_t wait = throttle_wait(store.requests(kind, email, ip, iso_utc(now - policy.window_s)), now, policy);
  if (wait > 0) return Error{"too-many-attempts", too_many(kind, (wait + 59) / 60), {}};
  store.record_request(kind, email, ip);
  return Ok{};
}

// A new link for `purpose`, its hash stored; answers the token for the link.
std::string new_token(AccountStore& store, std::int64_t user, const std::string& purpose, std::int64_t seconds) {
  std::string token = random_token();
  store.create_token(sha256_hex(token), user, purpose, iso_utc(now_seconds() + seconds));
  return token;
}

void queue_verification(store::Db& db, AccountStore& store, const audit::Actor& actor, const User& u,
                        const std::string& next = "") {
  std::string token = new_token(store, u.id, "verify_email", kVerifySeconds);
  auto back = web::safe_next(next);
  std::string path = "/verify/" + token + (back && *back != "/account" ? "?next=" + url_encode(*back) : "");
  messages::enqueue(db, {"verify_email",
                         u.id,
                         u.email,
                         messages::Channel::kEmail,
                         {{"link", actor.link(path)}},
                         "verify_email:" + std::to_string(u.id) + ":" + sha256_hex(token)});
}

}  // namespace

Status sign_up(store::Db& db, const audit::Actor& actor, const SignUp& s, const ThrottlePolicy& policy) {
  std::vector<FieldError> errors;
  if (auto p = name_problem(s.name)) errors.push_back({"display_name", *p});
  if (auto p = email_problem(s.email)) errors.push_back({"email", *p});
  if (auto p = password_problem(s.password))
    errors.push_back({"password", *p});
  else if (s.password != s.confirm)
    errors.push_back({"confirm_password", "Passwords do not match"});
  if (!s.agreed) errors.push_back({"agree", "Agree to the terms of use and privacy notice to make an account"});
  if (!errors.empty()) return Error::validation(errors);

  AccountStore store(db);
  if (auto t = throttle(store, "sign_up", s.email, actor.ip, policy); !t) return t.error();
  // The argon2 work is done whether or not the address has an account, so the
  // answer takes the same time either way.
  std::string hash = hash_password(s.password);
  if (auto known = store.find_by_email(s.email); known && known->status == "unverified") {
    // Nobody has confirmed this address yet, so whoever made the account may not own
    // it: the latest sign-up's name and password stand, every earlier link is void,
    // and confirming asks for the password (verify_email). Someone who signs up with
    // another person's address first can never sign in with it.
    store.restart_sign_up(known->id, trim(s.name), hash);
    keep_page_language(store, known->id);
    store.cancel_tokens_of(known->id, now_iso());
    store.mark_terms_agreed(known->id, now_iso());
    auto user = *store.find_by_id(known->id);
    queue_verification(db, store, actor, user, s.next);
    audit::record(db, as_user(user, actor), "user.sign_up_again", "user", std::to_string(user.id), to_json(*known),
                  to_json(user));
    return Ok{};
  }
  if (auto known = store.find_by_email(s.email)) {
    if (known->status != "disabled")
      // One such email an hour at most, however often someone signs up with the address.
      messages::enqueue(db, {"account_exists",
                             known->id,
                             known->email,
                             messages::Channel::kEmail,
                             {{"name", known->display_name}, {"link", actor.link("/password/forgot")}},
                             "account_exists:" + std::to_string(known->id) + ":" + now_iso().substr(0, 13)});
    audit::record(db, actor, "user.sign_up_known", "user", std::to_string(known->id), nullptr, nullptr);
    return Ok{};
  }
  auto user =
      create_account(db, actor, "user.sign_up", s.email, "", s.name, hash, "unverified", {"member"}, false, true);
  store.mark_terms_agreed(user.id, now_iso());
  keep_page_language(store, user.id);
  queue_verification(db, store, actor, user, s.next);
  return Ok{};
}

bool verification_live(store::Db& db, const std::string& token) {
  return AccountStore(db).token_user(sha256_hex(token), "verify_email", now_iso()).has_value();
}

Result<SignedIn> verify_email(store::Db& db, const audit::Actor& actor, const std::string& token,
                              const std::string& password) {
  AccountStore store(db);
  std::string hash = sha256_hex(token);
  std::string now = now_iso();
  auto user = store.token_user(hash, "verify_email", now);
  if (!user || user->status == "disabled")
    return Error::not_found(i18n::msg(
        "This link has expired or has already been used. Sign in, or ask for a new link on the sign-in page."));
  // The link proves the address; the password proves this is who made the account.
  auto stored = store.password_hash(user->id);
  if (password.empty())
    return Error::validation({{"password", "Enter the password you chose when you made your account"}});
  if (!stored || !verify_password(password, *stored))
    return Error::validation({{"password", i18n::msg("This is not the password given when the account was made. If "
                                                     "you did not make it, or have forgotten the password, create "
                                                     "your account again")}});
  if (!store.use_token(hash, now))
    return Error::not_found(i18n::msg(
        "This link has expired or has already been used. Sign in, or ask for a new link on the sign-in page."));
  store.mark_verified(user->id, now);
  auto after = *store.find_by_id(user->id);
  SignedIn out{after, random_token()};
  store.create_session(sha256_hex(out.session_token), after.id, iso_utc(now_seconds() + kSessionSeconds));
  audit::record(db, as_user(after, actor), "user.verify_email", "user", std::to_string(after.id), to_json(*user),
                to_json(after));
  return out;
}

Status send_verification_again(store::Db& db, const audit::Actor& actor, const std::string& email,
                               const ThrottlePolicy& policy) {
  if (auto p = email_problem(email)) return Error::validation({{"email", *p}});
  AccountStore store(db);
  if (auto t = throttle(store, "verify_again", email, actor.ip, policy); !t) return t.error();
  auto user = store.find_by_email(email);
  if (user && user->status == "unverified") {
    store.cancel_tokens_of(user->id, now_iso());  // the newest link is the only one that works
    queue_verification(db, store, actor, *user);
  }
  return Ok{};
}

Status request_password_reset(store::Db& db, const audit::Actor& actor, const std::string& name,
                              const ThrottlePolicy& policy) {
  // An email address, or the mobile number of someone without email: the link goes by text.
  std::string who = normalise_sign_in_name(name);
  if (trim(name).empty()) return Error::validation({{"email", "Enter your email address or mobile number"}});
  if (who.find('@') == std::string::npos ? !messages::normalise_uk_mobile(who).has_value()
                                         : email_problem(name).has_value())
    return Error::validation(
        {{"email", "Enter an email address like name@example.com, or a UK mobile number like 07700 900 123"}});
  AccountStore store(db);
  if (auto t = throttle(store, "password_reset", who, actor.ip, policy); !t) return t.error();
  auto user = find_by_sign_in_name(store, who);
  // Invited accounts have no password yet (their invitation sets one); disabled ones
  // may not come back this way.
  if (!user || (user->status != "active" && user->status != "unverified")) return Ok{};
  std::string token = new_token(store, user->id, "password_reset", kResetSeconds);
  messages::enqueue(db, message_to(*user, "password_reset",
                                   {{"name", user->display_name}, {"link", actor.link("/password/reset/" + token)}},
                                   "password_reset:" + std::to_string(user->id) + ":" + sha256_hex(token)));
  audit::record(db, actor, "user.password_reset_requested", "user", std::to_string(user->id), nullptr, nullptr);
  return Ok{};
}

std::optional<User> reset_user(store::Db& db, const std::string& token) {
  return AccountStore(db).token_user(sha256_hex(token), "password_reset", now_iso());
}

Result<User> reset_password(store::Db& db, const audit::Actor& actor, const std::string& token,
                            const std::string& password, const std::string& confirm) {
  AccountStore store(db);
  std::string hash = sha256_hex(token);
  std::string now = now_iso();
  auto user = store.token_user(hash, "password_reset", now);
  if (!user || user->status == "disabled" || user->status == "invited")
    return Error::not_found(i18n::msg("This link has expired or has already been used. Ask for a new one."));
  std::vector<FieldError> errors;
  if (auto p = password_problem(password))
    errors.push_back({"password", *p});
  else if (password != confirm)
    errors.push_back({"confirm_password", "Passwords do not match"});
  if (!errors.empty()) return Error::validation(errors);
  if (!store.use_token(hash, now))
    return Error::not_found(i18n::msg("This link has expired or has already been used. Ask for a new one."));
  store.set_password(user->id, hash_password(password));
  store.mark_verified(user->id, now);
  store.delete_sessions_of(user->id);
  store.cancel_tokens_of(user->id, now);  // an older reset link must not change it again
  messages::enqueue(db, message_to(*user, "password_changed", {{"name", user->display_name}},
                                   "password_changed:" + std::to_string(user->id) + ":" + hash));
  auto after = *store.find_by_id(user->id);
  audit::record(db, as_user(after, actor), "user.password_reset", "user", std::to_string(after.id), to_json(*user),
                to_json(after));
  return after;
}

}  // namespace kith::accounts
