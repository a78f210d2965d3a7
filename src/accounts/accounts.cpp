#include "accounts/accounts.h"

#include <algorithm>
#include <cctype>

#include "core/casefold.h"
#include "core/embedded.h"
#include "core/person_name.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "messages/messages.h"

namespace kith::accounts {

std::string data_part_label(const std::string& code) {
  static const std::vector<std::pair<std::string, const char*>> labels = {
      {"account", i18n::msg("Your account")},
      {"activity", i18n::msg("What you did in Kith")},
      {"coordination", i18n::msg("Support from a community coordinator")},
      {"coordination_corrections", i18n::msg("Corrections you asked for")},
      {"directory", i18n::msg("Directory")},
      {"engagement", i18n::msg("Engagement")},
      {"grants", i18n::msg("Small grants")},
      {"hubs", i18n::msg("Community hubs")},
      {"initiatives", i18n::msg("Initiatives")},
      {"messages", i18n::msg("Messages")},
      {"budgets", i18n::msg("Participatory budgets")},
      {"plans", i18n::msg("Resilience plans")},
      {"stories", i18n::msg("Stories")},
      {"timebank", i18n::msg("Timebank")}};
  for (const auto& [c, label] : labels)
    if (c == code) return i18n::tr(label);
  std::string words = code;
  std::replace(words.begin(), words.end(), '_', ' ');
  if (!words.empty()) words[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(words[0])));
  return words;
}

std::string status_label(const std::string& status) {
  if (status == "active") return i18n::tr("Active");
  if (status == "invited") return i18n::tr("Invited");
  if (status == "disabled") return i18n::tr("Disabled");
  if (status == "unverified") return i18n::tr("Not confirmed yet");
  return status;
}

const std::vector<RoleInfo>& roles() {
  // In English: pages say a role's label and description with tr().
  static const std::vector<RoleInfo> all = {
      {"member", i18n::msg("Member"),
       i18n::msg("A resident with an account: timebank, gifts, stories, grants and votes")},
      {"organisation", i18n::msg("Organisation"),
       i18n::msg("A group, school or hub: lists its services, holds an organisation account")},
      {"moderator", i18n::msg("Moderator"), i18n::msg("Approves directory edits and stories (for example the CVS)")},
      {"coordinator", i18n::msg("Coordinator"),
       i18n::msg("Local Area Coordinator or connector: supports people one-to-one")},
      {"team_lead", i18n::msg("Team lead"),
       i18n::msg("Team lead: allocates referrals, supervises coordinators, sees the team's reports")},
      {"referrer", i18n::msg("Referrer"),
       i18n::msg("Referrer: a GP practice, councillor, housing officer or agency that refers people")},
      {"panel", i18n::msg("Panel member"), i18n::msg("Scores grant applications (councillor, resident or officer)")},
      {"officer", i18n::msg("Officer or analyst"),
       i18n::msg("Targets neighbourhoods, writes resilience plans, watches outcomes")},
      {"admin", i18n::msg("Admin"), i18n::msg("Configures the place, users and roles")},
  };
  return all;
}

bool is_role(const std::string& id) {
  const auto& all = roles();
  return std::any_of(all.begin(), all.end(), [&](const RoleInfo& r) { return r.id == id; });
}

std::string normalise_email(const std::string& email) { return fold_case(trim(email)); }

std::string normalise_sign_in_name(const std::string& name) {
  if (name.find('@') == std::string::npos)
    if (auto mobile = messages::normalise_uk_mobile(name)) return *mobile;
  return normalise_email(name);
}

namespace {

// An address a mail relay takes as one mailbox: a dot-atom local part (RFC 5322's
// atext, dots between, and letters beyond ASCII as RFC 6531 allows: "zoë") of at most
// 64 bytes, then a host name of ASCII letters, digits and hyphens in two or more labels
// (an international domain in its xn-- form; no address literal such as [127.0.0.1]).
// Commas, angle brackets, quotes, spaces and line breaks cannot make one address into
// several or into a header.
bool is_mailbox(const std::string& e) {
  auto at = e.find('@');
  if (at == std::string::npos || at == 0 || at > 64 || e.find('@', at + 1) != std::string::npos || e.size() > 254)
    return false;
  std::string_view local(e.data(), at), domain(e.data() + at + 1, e.size() - at - 1);
  static constexpr std::string_view kAtext = "!#$%&'*+-/=?^_`{|}~";
  char before = '.';
  for (char c : local) {
    auto u = static_cast<unsigned char>(c);
    bool ok = std::isalnum(u) || u >= 0x80 || kAtext.find(c) != std::string_view::npos;  // UTF-8 checked at the door
    if (c == '.' ? before == '.' : !ok) return false;
    before = c;
  }
  if (before == '.') return false;
  int labels = 0;
  for (std::size_t start = 0; start <= domain.size();) {
    auto end = domain.find('.', start);
    std::string_view label = domain.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    ++labels;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return labels >= 2;
}

}  // namespace

std::optional<std::string> email_problem(const std::string& email) {
  std::string e = trim(email);
  if (e.empty()) return i18n::msg("Enter an email address");
  if (!is_mailbox(e)) return i18n::msg("Enter an email address in the correct format, like name@example.com");
  return std::nullopt;
}

namespace {

// zxcvbn's list of the 30,000 most used passwords (data/passwords/NOTICE.txt), sorted
// once so a lookup is a binary search.
const std::vector<std::string_view>& common_passwords() {
  static const std::vector<std::string_view> sorted = [] {
    std::vector<std::string_view> out;
    const auto* file = embedded::find("data/passwords/common.txt");
    if (!file) return out;
    std::string_view rest = file->data;
    while (!rest.empty()) {
      auto end = rest.find('\n');
      auto line = rest.substr(0, end);
      if (!line.empty()) out.push_back(line);
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end + 1);
    }
    std::sort(out.begin(), out.end());
    return out;
  }();
  return sorted;
}

std::size_t characters(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// One character stepping up or down by one each time ("abcdefghij", "9876543210",
// "1234567890" where 0 follows 9).
bool is_sequence(const std::string& p) {
  for (int step : {1, -1}) {
    bool all = true;
    for (std::size_t i = 1; i < p.size() && all; ++i) {
      int a = static_cast<unsigned char>(p[i - 1]);
      int b = static_cast<unsigned char>(p[i]);
      bool wraps = (step == 1 && a == '9' && b == '0') || (step == -1 && a == '0' && b == '9');
      all = b - a == step || wraps;
    }
    if (all) return true;
  }
  return false;
}

// A pattern of one to four characters said again and again ("aaaaaaaaaa", "abababababab").
bool is_repeated(const std::string& p) {
  for (std::size_t period = 1; period <= 4 && period * 2 <= p.size(); ++period) {
    bool all = true;
    for (std::size_t i = period; i < p.size() && all; ++i) all = p[i] == p[i - period];
    if (all) return true;
  }
  return false;
}

}  // namespace

bool is_common_password(const std::string& password) {
  const auto& list = common_passwords();
  return std::binary_search(list.begin(), list.end(), std::string_view(to_lower(password)));
}

std::optional<std::string> password_problem(const std::string& password) {
  std::size_t length = characters(password);
  if (length < kMinPasswordLength)
    return i18n::tr("Password must be {count} characters or more", {{"count", std::to_string(kMinPasswordLength)}});
  if (length > kMaxPasswordLength)
    return i18n::tr("Password must be {count} characters or fewer", {{"count", std::to_string(kMaxPasswordLength)}});
  std::string lower = to_lower(password);
  if (is_common_password(lower))
    return i18n::msg(
        "This password is one of the most commonly used passwords, so it is easy to guess: choose another, "
        "such as three random words");
  if (is_repeated(lower) || is_sequence(lower))
    return i18n::msg(
        "This password is a repeated character or a simple sequence, so it is easy to guess: choose another, "
        "such as three random words");
  return std::nullopt;
}

std::optional<std::string> name_problem(const std::string& name) { return person_name_problem(name); }

std::int64_t throttle_wait(const RecentFailures& failures, std::int64_t now, const ThrottlePolicy& policy) {
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
  return std::max({wait_for(failures.account_client, policy.max_account_client_failures),
                   wait_for(failures.account, policy.max_account_failures),
                   wait_for(failures.client, policy.max_client_failures)});
}

}  // namespace kith::accounts
