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
};

// Lower-cases and trims; the form every store lookup uses.
std::string normalise_email(const std::string& email);
std::optional<std::string> email_problem(const std::string& email);
// NCSC-style: length over complexity. At least 10 characters, not a common password.
std::optional<std::string> password_problem(const std::string& password);
std::optional<std::string> name_problem(const std::string& name);

struct ThrottlePolicy {
  int max_failures = 5;      // per email address within the window
  int max_ip_failures = 20;  // per IP address within the window
  std::int64_t window_s = 15 * 60;
  std::int64_t lockout_s = 15 * 60;
};

// Seconds until another sign-in may be tried (0: now), given the times of recent
// failed attempts for one email address and for one IP address.
std::int64_t throttle_wait(const std::vector<std::int64_t>& email_failures,
                           const std::vector<std::int64_t>& ip_failures, std::int64_t now,
                           const ThrottlePolicy& policy = {});

}  // namespace kith::accounts
