#include "accounts/accounts.h"

#include <algorithm>

#include "core/text.h"

namespace kith::accounts {

const std::vector<RoleInfo>& roles() {
  static const std::vector<RoleInfo> all = {
      {"member", "Member", "A resident with an account: timebank, gifts, stories, grants and votes"},
      {"organisation", "Organisation", "A group, school or hub: lists its services, holds an organisation account"},
      {"moderator", "Moderator", "Approves directory edits and stories (for example the CVS)"},
      {"coordinator", "Coordinator", "Local Area Coordinator or connector: supports people one-to-one"},
      {"panel", "Panel member", "Scores grant applications (councillor, resident or officer)"},
      {"officer", "Officer or analyst", "Targets neighbourhoods, writes resilience plans, watches outcomes"},
      {"admin", "Admin", "Configures the place, users and roles"},
  };
  return all;
}

bool is_role(const std::string& id) {
  const auto& all = roles();
  return std::any_of(all.begin(), all.end(), [&](const RoleInfo& r) { return r.id == id; });
}

std::string normalise_email(const std::string& email) { return to_lower(trim(email)); }

std::optional<std::string> email_problem(const std::string& email) {
  std::string e = trim(email);
  if (e.empty()) return "Enter an email address";
  auto at = e.find('@');
  if (at == std::string::npos || at == 0 || e.find('.', at) == std::string::npos || e.back() == '.' ||
      e.find(' ') != std::string::npos || e.size() > 254)
    return "Enter an email address in the correct format, like name@example.com";
  return std::nullopt;
}

std::optional<std::string> password_problem(const std::string& password) {
  static const std::vector<std::string> common = {"password",   "password1",  "password123", "1234567890",
                                                  "qwertyuiop", "letmein123", "iloveyou12",  "0123456789"};
  if (password.size() < 10) return "Password must be 10 characters or more";
  if (password.size() > 256) return "Password must be 256 characters or fewer";
  if (std::find(common.begin(), common.end(), to_lower(password)) != common.end())
    return "Password is too common: choose another, such as three random words";
  return std::nullopt;
}

std::optional<std::string> name_problem(const std::string& name) {
  std::string n = trim(name);
  if (n.empty()) return "Enter a name";
  if (n.size() > 120) return "Name must be 120 characters or fewer";
  return std::nullopt;
}

std::int64_t throttle_wait(const std::vector<std::int64_t>& email_failures,
                           const std::vector<std::int64_t>& ip_failures, std::int64_t now,
                           const ThrottlePolicy& policy) {
  auto wait_for = [&](const std::vector<std::int64_t>& times, int max) -> std::int64_t {
    std::int64_t recent = 0;
    std::int64_t last = 0;
    for (auto t : times) {
      if (t > now - policy.window_s) {
        ++recent;
        last = std::max(last, t);
      }
    }
    if (recent < max) return 0;
    return std::max<std::int64_t>(0, last + policy.lockout_s - now);
  };
  return std::max(wait_for(email_failures, policy.max_failures), wait_for(ip_failures, policy.max_ip_failures));
}

}  // namespace kith::accounts
