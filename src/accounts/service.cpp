#include "accounts/service.h"

#include "core/clock.h"
#include "core/crypto.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "messages/messages.h"
#include "messages/outbox.h"

#include <algorithm>

namespace kith::accounts {

namespace {

std::vector<FieldError> role_problems(const std::vector<std::string>& roles) {
  std::vector<FieldError> out;
  for (const auto& r : roles)
    if (!is_role(r)) out.push_back({"roles", i18n::tr("Unknown role: {role}", {{"role", r}})});
  return out;
}

// A hash of a random password, verified against when an account has none, so a
// failed sign-in costs the same whatever the account's state. Made once.
const std::string& stand_in_hash() {
  static const std::string hash = hash_password(random_token());
  return hash;
}

}  // namespace

nlohmann::json to_json(const User& u) {
  nlohmann::json j = {
      {"id", u.id},       {"email", u.email},     {"display_name", u.display_name}, {"status", u.status},
      {"roles", u.roles}, {"is_demo", u.is_demo}, {"created_at", u.created_at}};
  if (u.email.empty()) j["email"] = nullptr;
  if (!u.phone.empty()) j["phone"] = u.phone;
  return j;
}

Result<SignedIn> sign_in(store::Db& db, const std::string& name, const std::string& password, const std::string& ip,
                         const ThrottlePolicy& policy) {
  std::vector<FieldError> errors;
  if (trim(name).empty()) errors.push_back({"email", "Enter your email address or mobile number"});
  if (password.empty()) errors.push_back({"password", "Enter your password"});
  if (!errors.empty()) return Error::validation(errors);

  AccountStore store(db);
  std::string who = normalise_sign_in_name(name);
  std::int64_t now = now_seconds();
  if (std::int64_t wait = throttle_wait(store.failures(who, ip, iso_utc(now - policy.window_s)), now, policy)) {
    std::int64_t minutes = (wait + 59) / 60;
    return Error{
        "too-many-attempts",
        i18n::tr_plural(minutes, "There have been too many failed attempts to sign in. Try again in {n} minute.",
                        "There have been too many failed attempts to sign in. Try again in {n} minutes."),
        {}};
  }
  auto user = find_by_sign_in_name(store, who);
  auto hash = user ? store.password_hash(user->id) : std::nullopt;
  // The same argon2 work whatever the account's state (none, invited, disabled,
  // active), and the same answer, so neither tells whether an address has an account.
  bool matches = verify_password(password, hash ? *hash : stand_in_hash());
  bool ok = matches && user && user->status == "active" && hash;
  store.record_attempt(who, ip, ok);
  // Only the right password learns that the account waits for its address to be
  // confirmed, so this tells nobody else whether the email has an account.
  if (matches && user && hash && user->status == "unverified")
    return Error{"email-not-confirmed",
                 i18n::msg("Confirm your email address first: follow the link in the email we sent you when you "
                           "made your account, or ask for a new link."),
                 {{"email", "Confirm your email address first"}}};
  if (!ok)
    return Error{"sign-in-failed",
                 i18n::msg("The email address, mobile number or password is not right"),
                 {{"email", "Enter a correct email address or mobile number, and password"}}};

  SignedIn out{*user, random_token()};
  store.create_session(sha256_hex(out.session_token), user->id, iso_utc(now + kSessionSeconds));
  audit::record(db, audit::Actor{user->id, user->display_name + " <" + user->address() + ">", ip, std::nullopt, ""},
                "user.sign_in", "user", std::to_string(user->id), nullptr, nullptr);
  return out;
}

std::optional<User> find_by_sign_in_name(AccountStore& store, const std::string& name) {
  std::string who = normalise_sign_in_name(name);
  return who.find('@') == std::string::npos ? store.find_by_phone(who) : store.find_by_email(who);
}

messages::Message message_to(const User& u, std::string kind, std::map<std::string, std::string> fields,
                             std::string key) {
  bool text = u.email.empty();
  return {std::move(kind),   u.id,          u.address(), text ? messages::Channel::kSms : messages::Channel::kEmail,
          std::move(fields), std::move(key)};
}

void sign_out(store::Db& db, const std::string& session_token, const audit::Actor& actor) {
  AccountStore(db).delete_session(sha256_hex(session_token));
  if (actor.id) audit::record(db, actor, "user.sign_out", "user", std::to_string(*actor.id), nullptr, nullptr);
}

Result<Invited> invite(store::Db& db, const audit::Actor& actor, const std::string& email, const std::string& phone,
                       const std::string& name, const std::vector<std::string>& roles) {
  std::vector<FieldError> errors;
  std::string mobile;
  if (!trim(phone).empty()) {
    if (auto m = messages::normalise_uk_mobile(phone))
      mobile = *m;
    else
      errors.push_back({"phone", "Enter a UK mobile number, like 07700 900 123"});
  }
  // Someone without email is invited by text, and signs in with their number.
  bool by_text = trim(email).empty();
  if (by_text && trim(phone).empty())
    errors.push_back({"email", "Enter their email address, or their mobile number if they have no email"});
  else if (!by_text)
    if (auto p = email_problem(email)) errors.push_back({"email", *p});
  if (auto p = name_problem(name)) errors.push_back({"display_name", *p});
  auto rp = role_problems(roles);
  errors.insert(errors.end(), rp.begin(), rp.end());
  AccountStore store(db);
  if (errors.empty() && !by_text && store.find_by_email(email))
    errors.push_back({"email", "There is already an account with this email address"});
  if (errors.empty() && by_text && store.find_by_phone(mobile))
    errors.push_back({"phone", "There is already an account without email for this mobile number"});
  if (!errors.empty()) return Error::validation(errors);

  Invited out{
      create_account(db, actor, "user.invite", by_text ? "" : email, mobile, name, std::nullopt, "invited", roles),
      random_token()};
  std::int64_t id = out.user.id;
  store.create_invitation(sha256_hex(out.token), id, actor.id, iso_utc(now_seconds() + kInvitationSeconds));
  // The link goes by email, or by text to someone without email; the admin sees it too.
  std::string inviter = actor.id ? store.find_by_id(*actor.id).value_or(User{}).display_name : "";
  if (!actor.site.empty())  // a link needs the site's address; the CLI prints its own
    messages::enqueue(db, message_to(out.user, "invitation",
                                     {{"name", out.user.display_name},
                                      {"link", actor.link("/invite/" + out.token)},
                                      {"invited_by", inviter.empty() ? actor.label : inviter}},
                                     "invitation:" + std::to_string(id) + ":" + sha256_hex(out.token)));
  return out;
}

Result<User> accept_invitation(store::Db& db, const std::string& token, const std::string& password,
                               const std::string& confirm) {
  AccountStore store(db);
  std::string hash = sha256_hex(token);
  auto user = store.invitation_user(hash, now_iso());
  if (!user)
    return Error::not_found(
        i18n::msg("This invitation link has expired or has already been used. Ask an admin for a new one."));
  std::vector<FieldError> errors;
  if (auto p = password_problem(password))
    errors.push_back({"password", *p});
  else if (password != confirm)
    errors.push_back({"confirm_password", "Passwords do not match"});
  if (!errors.empty()) return Error::validation(errors);
  store.set_password(user->id, hash_password(password));
  store.set_status(user->id, "active");
  store.accept_invitation(hash, now_iso());
  auto after = *store.find_by_id(user->id);
  audit::record(db, audit::Actor{user->id, user->display_name + " <" + user->address() + ">", "", std::nullopt, ""},
                "user.accept_invitation", "user", std::to_string(user->id), to_json(*user), to_json(after));
  return after;
}

bool is_last_active_admin(store::Db& db, const User& user) {
  return user.status == "active" && std::find(user.roles.begin(), user.roles.end(), "admin") != user.roles.end() &&
         db.scalar(
             "SELECT COUNT(*) FROM user_roles r JOIN users u ON u.id = r.user_id WHERE r.role = 'admin' AND "
             "u.status = 'active'") <= 1;
}

Result<User> set_roles(store::Db& db, const audit::Actor& actor, std::int64_t user_id,
                       const std::vector<std::string>& roles, const std::string& status) {
  AccountStore store(db);
  auto before = store.find_by_id(user_id);
  if (!before) return Error::not_found(i18n::tr("There is no user {id}.", {{"id", std::to_string(user_id)}}));
  std::vector<FieldError> errors = role_problems(roles);
  if (status != "active" && status != "disabled" && status != "invited" && status != "unverified")
    errors.push_back({"status", "Choose whether the account is active or disabled"});
  bool removes_admin = std::find(roles.begin(), roles.end(), "admin") == roles.end() || status != "active";
  if (removes_admin && is_last_active_admin(db, *before))
    errors.push_back({"roles", "This is the last active admin: make someone else an admin first"});
  if (!errors.empty()) return Error::validation(errors);
  store.set_roles(user_id, roles);
  if (status != before->status) {
    // An admin making an account active vouches for its address.
    if (status == "active") store.mark_verified(user_id, now_iso());
    if (status != "unverified") store.set_status(user_id, status);
    if (status == "disabled") store.delete_sessions_of(user_id);
  }
  auto after = *store.find_by_id(user_id);
  audit::record(db, actor, "user.update", "user", std::to_string(user_id), to_json(*before), to_json(after));
  return after;
}

Result<std::optional<std::string>> set_sign_in_phone(store::Db& db, const audit::Actor& actor, std::int64_t user_id,
                                                     const std::string& phone) {
  AccountStore store(db);
  auto before = store.find_by_id(user_id);
  if (!before) return Error::not_found(i18n::tr("There is no user {id}.", {{"id", std::to_string(user_id)}}));
  if (!before->email.empty())
    return Error::validation({{"phone", "An account with email chooses its own number for texts"}});
  auto mobile = messages::normalise_uk_mobile(phone);
  if (!mobile) return Error::validation({{"phone", "Enter a UK mobile number, like 07700 900 123"}});
  if (*mobile == before->phone) return std::optional<std::string>{};
  if (store.find_by_phone(*mobile))
    return Error::validation({{"phone", "There is already an account without email for this mobile number"}});
  store.set_phone(user_id, *mobile);
  auto after = *store.find_by_id(user_id);
  audit::record(db, actor, "user.phone", "user", std::to_string(user_id), to_json(*before), to_json(after));
  if (after.status != "invited") return std::optional<std::string>{};
  store.end_invitations_of(user_id);
  messages::withdraw(db, "invitation:" + std::to_string(user_id));  // not yet sent to the old number
  std::string token = random_token();
  store.create_invitation(sha256_hex(token), user_id, actor.id, iso_utc(now_seconds() + kInvitationSeconds));
  if (!actor.site.empty())
    messages::enqueue(
        db, message_to(
                after, "invitation",
                {{"name", after.display_name}, {"link", actor.link("/invite/" + token)}, {"invited_by", actor.label}},
                "invitation:" + std::to_string(user_id) + ":" + sha256_hex(token)));
  return std::optional<std::string>{token};
}

Result<User> add_user(store::Db& db, const audit::Actor& actor, const std::string& email, const std::string& name,
                      const std::string& password, const std::vector<std::string>& roles, bool is_demo) {
  std::vector<FieldError> errors;
  if (auto p = email_problem(email)) errors.push_back({"email", *p});
  if (auto p = name_problem(name)) errors.push_back({"display_name", *p});
  if (auto p = password_problem(password)) errors.push_back({"password", *p});
  auto rp = role_problems(roles);
  errors.insert(errors.end(), rp.begin(), rp.end());
  AccountStore store(db);
  if (errors.empty() && store.find_by_email(email))
    errors.push_back({"email", "There is already an account with this email address"});
  if (!errors.empty()) return Error::validation(errors);
  return create_account(db, actor, "user.add", email, "", name, hash_password(password), "active", roles, is_demo);
}

User create_account(store::Db& db, const audit::Actor& actor, const std::string& action, const std::string& email,
                    const std::string& phone, const std::string& name, const std::optional<std::string>& password_hash,
                    const std::string& status, const std::vector<std::string>& roles, bool is_demo,
                    bool by_themselves) {
  AccountStore store(db);
  std::int64_t id = store.create(email, phone, trim(name), password_hash, status, is_demo);
  store.set_roles(id, roles);
  auto user = *store.find_by_id(id);
  audit::Actor by = actor;
  if (by_themselves) {
    by.id = user.id;
    by.label = user.display_name + " <" + user.address() + ">";
  }
  audit::record(db, by, action, "user", std::to_string(id), nullptr, to_json(user));
  return user;
}

}  // namespace kith::accounts
