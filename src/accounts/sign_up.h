#pragma once
// Accounts people make and mend themselves: sign-up with an emailed link that confirms
// the address, a new link when the first is lost, and a password reset by emailed link.
// Each queues its email (messages::enqueue) in the caller's transaction.
//
// None of them tells whether an email address has an account: the answer, and the
// work done before it (argon2 on sign-up), are the same either way; the email that
// goes to the address says what is true ("you already have an account").
//
// An account that has signed up but not yet followed its link is "unverified": it
// cannot sign in (the right password is answered "confirm your email address first",
// with a way to get a new link) until the link is followed, which signs it in.
#include <cstdint>
#include <string>

#include "accounts/service.h"

namespace kith::accounts {

inline constexpr std::int64_t kVerifySeconds = 3 * 24 * 3600;
inline constexpr std::int64_t kResetSeconds = 3600;

// Sign-ups, new links and resets, each counted per address and per client within an
// hour: 3 for one address from one client, 5 for one address, 30 from one client (a
// library's computers share one address, and a sign-up event makes many accounts).
inline ThrottlePolicy request_policy() { return ThrottlePolicy{3, 5, 30, 3600, 3600}; }

struct SignUp {
  std::string name;
  std::string email;
  std::string password;
  std::string confirm;
  bool agreed = false;  // to the place's terms of use and privacy notice
  // Where they were going ("/pb/1", to vote): the emailed link brings them back there
  // once confirmed. Only a path inside Kith (web::safe_next); anything else is dropped.
  std::string next;
};

// Makes an unverified member and emails them a link (verify_email), or, when the
// address has an account already, emails it account_exists instead. The actor's
// `site` makes the links absolute.
Status sign_up(store::Db& db, const audit::Actor& actor, const SignUp& s,
               const ThrottlePolicy& policy = request_policy());
// Follows a link from verify_email: with the password given at sign-up, confirms the
// address and signs the person in. Without it the link alone would hand an account
// made with someone else's address to whoever made it.
Result<SignedIn> verify_email(store::Db& db, const audit::Actor& actor, const std::string& token,
                              const std::string& password);
// Whether the token is a live verification link (for the page that confirms it).
bool verification_live(store::Db& db, const std::string& token);
// Emails a new link to an unverified account; does nothing (and says the same) otherwise.
Status send_verification_again(store::Db& db, const audit::Actor& actor, const std::string& email,
                               const ThrottlePolicy& policy = request_policy());

// Sends a reset link (password_reset) to an active or unverified account: by email,
// or by text when `name` is the mobile number of an account without email.
Status request_password_reset(store::Db& db, const audit::Actor& actor, const std::string& name,
                              const ThrottlePolicy& policy = request_policy());
// The account a live reset link belongs to.
std::optional<User> reset_user(store::Db& db, const std::string& token);
// Sets the new password, confirms the address (the link came to it), ends every
// session of the account and emails password_changed.
Result<User> reset_password(store::Db& db, const audit::Actor& actor, const std::string& token,
                            const std::string& password, const std::string& confirm);

}  // namespace kith::accounts
