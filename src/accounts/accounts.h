#pragma once
// Accounts and roles: the model and the pure rules (validation, sign-in throttling).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace kith::accounts {

struct RoleInfo {
  std::string id;
  std::string label;
  std::string description;
};

// An account's status in words, for admins: "Active", "Invited", "Disabled", and
// "Not confirmed yet" for one whose email address has not been confirmed.
std::string status_label(const std::string& status);

// What a part of a person's data is called where they read it (/account/data,
// /account/close): "Stories" for the stories module's part, in the language spoken;
// a part Kith has no name for, its code with spaces ("gift board").
std::string data_part_label(const std::string& code);

// The roles of PRODUCT.md. Residents without an account need no role.
const std::vector<RoleInfo>& roles();
bool is_role(const std::string& id);

struct User {
  std::int64_t id = 0;
  std::string email;
  std::string display_name;
  std::string status;  // invited, active, disabled
  bool is_demo = false;
  std::vector<std::string> roles;
  std::string created_at;
  std::string language = "";  // the language they chose: a code ("cy"), "" until they choose
  std::string phone = "";     // a UK mobile (+447...), or ""; the sign-in name of an account without email

  // Where Kith reaches them and what they sign in with: the email address, or the
  // mobile number of someone without email.
  const std::string& address() const { return email.empty() ? phone : email; }
};

// Trims and folds case (Unicode letters too: "ZOË" is "zoë"); the form every store
// lookup uses.
std::string normalise_email(const std::string& email);
std::optional<std::string> email_problem(const std::string& email);
// What a person signs in with, as stored: a UK mobile number written as +447...,
// or an email address normalised. An address with "@" is always an email address.
std::string normalise_sign_in_name(const std::string& name);
// NCSC's advice: length over complexity, and a deny list. At least 10 characters and
// at most 256 (counted as characters, not bytes); not one of the 30,000 most common
// passwords shipped with Kith (data/passwords), whatever its case; not one character
// or a short pattern repeated, nor a simple run such as "abcdefghij" or "1234567890".
inline constexpr std::size_t kMinPasswordLength = 10;
inline constexpr std::size_t kMaxPasswordLength = 256;
std::optional<std::string> password_problem(const std::string& password);
// Whether the password is on the shipped list of commonly used ones (any case).
bool is_common_password(const std::string& password);
// The one rule for a person's name (core/person_name.h).
std::optional<std::string> name_problem(const std::string& name);

// Failed sign-ins are counted three ways, each within `window_s`; reaching a limit
// pauses sign-in for `lockout_s` after the latest failure:
// - one account from one client (5): stops one client guessing one password;
// - one account from every client (20): stops guessing spread over many addresses,
//   yet one client alone (held at 5) cannot lock a person out for everyone;
// - one client at every account (100): stops one client trying a password against
//   many accounts, yet an office behind one address is not paused by a few typos.
struct ThrottlePolicy {
  int max_account_client_failures = 5;
  int max_account_failures = 20;
  int max_client_failures = 100;
  std::int64_t window_s = 15 * 60;
  std::int64_t lockout_s = 15 * 60;
};

// Times (epoch seconds) of recent failed sign-ins, counted as ThrottlePolicy says.
struct RecentFailures {
  std::vector<std::int64_t> account_client;  // this email from this client
  std::vector<std::int64_t> account;         // this email from any client
  std::vector<std::int64_t> client;          // any email from this client
};

// Seconds until another sign-in may be tried (0: now).
std::int64_t throttle_wait(const RecentFailures& failures, std::int64_t now, const ThrottlePolicy& policy = {});

}  // namespace kith::accounts
