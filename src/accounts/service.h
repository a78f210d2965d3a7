#pragma once
// The account operations every entry point shares (pages, API, CLI): each checks
// its input, writes through AccountStore and records itself in the audit log.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "accounts/account_store.h"
#include "audit/audit.h"
#include "core/result.h"
#include "messages/outbox.h"

namespace kith::accounts {

inline constexpr std::int64_t kSessionSeconds = 12 * 3600;
inline constexpr std::int64_t kInvitationSeconds = 14 * 24 * 3600;

struct SignedIn {
  User user;
  std::string session_token;  // the cookie value; only its hash is stored
};

// Checks the password, throttling repeated failures by account and by client (`ip`,
// the client's address). Every attempt is recorded, so the caller commits even when
// this fails. A failure takes the same argon2 work and gives the same answer whether
// the email has no account, an invited, disabled or active one.
// `name` is an email address, or the mobile number of an account without email.
Result<SignedIn> sign_in(store::Db& db, const std::string& name, const std::string& password, const std::string& ip,
                         const ThrottlePolicy& policy = {});
// The account a person signs in as: by email address, or by the mobile number of an
// account without email.
std::optional<User> find_by_sign_in_name(AccountStore& store, const std::string& name);
// A message of `kind` to `u`, queued under `key`: by email, or by text to someone
// without email.
messages::Message message_to(const User& u, std::string kind, std::map<std::string, std::string> fields,
                             std::string key);
void sign_out(store::Db& db, const std::string& session_token, const audit::Actor& actor);

struct Invited {
  User user;
  std::string token;  // goes in the link /invite/{token}
};
// By email, or (with `email` empty) by text to `phone`, a UK mobile: the person
// without email signs in with that number. A phone given beside an email is kept for
// texts they may choose later.
Result<Invited> invite(store::Db& db, const audit::Actor& actor, const std::string& email, const std::string& phone,
                       const std::string& name, const std::vector<std::string>& roles);
// Sets the password of an invited user and activates the account.
Result<User> accept_invitation(store::Db& db, const std::string& token, const std::string& password,
                               const std::string& confirm);
// Whether `user` is the only active admin: the place would have no one to run it
// without them (their admin role is not taken away, nor their account closed).
bool is_last_active_admin(store::Db& db, const User& user);
Result<User> set_roles(store::Db& db, const audit::Actor& actor, std::int64_t user_id,
                       const std::vector<std::string>& roles, const std::string& status);
// A new mobile number for an account without email, which signs in with it (its
// owner cannot change it themselves); the same number is no change. Refused for an
// account with email, whose number is the person's own choice (/account/messages).
// An invitation not yet taken up ends with the old number (whoever has it must not
// take the account over) and a new one is texted to the new number: answers its token.
Result<std::optional<std::string>> set_sign_in_phone(store::Db& db, const audit::Actor& actor, std::int64_t user_id,
                                                     const std::string& phone);
// Writes a new account with its roles and audits it as `action`, by `actor` or, when
// `by_themselves` (a sign-up), by the new person. The one way every account is made
// (add_user, invite, sign_up); callers check the fields first.
User create_account(store::Db& db, const audit::Actor& actor, const std::string& action, const std::string& email,
                    const std::string& phone, const std::string& name, const std::optional<std::string>& password_hash,
                    const std::string& status, const std::vector<std::string>& roles, bool is_demo = false,
                    bool by_themselves = false);
// Creates an active user with a password (`kith user add`, the demo).
Result<User> add_user(store::Db& db, const audit::Actor& actor, const std::string& email, const std::string& name,
                      const std::string& password, const std::vector<std::string>& roles, bool is_demo = false);

nlohmann::json to_json(const User& u);

}  // namespace kith::accounts
