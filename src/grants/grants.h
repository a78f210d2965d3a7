#pragma once
// Small grants and innovation funds, pure: a round's rules and checking an ideas
// canvas against them (amount limits, the deadline, eligibility, match funding with
// volunteer time at an hourly value); weighted scores and running totals; scores
// normalised across panel members who score harder or softer; ranking; allocation
// within the budget with its rules in words; and 360Giving records for awards.
// Amounts are whole pounds; the hourly value of volunteer time is in pence.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace kith::grants {

struct Criterion {
  std::string key;  // an outcome's slug, or "innovation", "community-involvement", "sustainability"
  std::string name;
  double weight = 1;
};

// The three criteria Dudley's panels used beside the outcomes.
const std::vector<Criterion>& default_criteria();
// Kinds of group a round may be open to.
struct Kind {
  std::string id;
  std::string label;
};
const std::vector<Kind>& group_kinds();

// The most a round may ask the community to match, as a multiple of the grant.
inline constexpr double kMaxMatchRatio = 10;

struct RoundRules {
  std::int64_t budget = 0;
  std::int64_t min_amount = 0;
  std::int64_t max_amount = 0;
  std::string opens_at, closes_at;  // ISO 8601 UTC
  std::vector<std::string> kinds;   // empty: any kind of group
  bool match_required = false;
  double match_ratio = 1;             // the community gives at least this times the amount
  std::int64_t hour_value_pence = 0;  // what an hour of volunteer time counts for
};

// What applying asks, as a canvas rather than a form.
struct Canvas {
  std::string group_name, group_kind;
  std::string idea, problem, who, assets, lasting, costs;
  std::vector<std::string> outcomes;  // slugs
  std::int64_t amount = 0;
  std::int64_t volunteer_hours = 0;
  std::int64_t materials_value = 0;
  bool in_area = true;  // the group's postcode lies in the round's area (checked by the caller)
};

// The community's own contribution in pence: hours at the round's value, and materials.
std::int64_t community_pence(const RoundRules& r, const Canvas& c);
std::string money_pence(std::int64_t pence);  // "£1,250" or "£12.50"

// A draft may be incomplete; submitting checks everything, naming each field.
Status check_draft(const Canvas& c);
Status check_submission(const RoundRules& r, const Canvas& c, const std::string& now);

// A panel member's scores for one application: criterion key -> 0..5.
using Scores = std::map<std::string, int>;
constexpr int kMaxScore = 5;
// The weighted total of whatever is scored so far, and the most it could be.
double weighted_total(const std::vector<Criterion>& criteria, const Scores& s);
double weighted_maximum(const std::vector<Criterion>& criteria);

struct MemberTotal {
  std::int64_t member = 0;
  std::int64_t application = 0;
  double total = 0;
};

struct Ranked {
  std::int64_t application = 0;
  double raw_mean = 0;    // mean of its panel members' totals
  double normalised = 0;  // on the same scale, after each member's harshness is taken out
  int scorers = 0;
};

// Each member's totals become z-scores over the applications they scored (a member
// who scored one, or scored all alike, contributes 0); an application's mean z is
// put back on the scale of all totals (mean + z * spread). Ranked highest first;
// ties by raw mean, then the earlier application.
std::vector<Ranked> rank(const std::vector<MemberTotal>& totals);

struct Allocation {
  std::int64_t application = 0;
  std::int64_t amount = 0;
  bool funded = false;
  std::string why;
};
// In rank order, each application's full amount if it fits in what is left; one that
// does not fit is passed over and the next is tried.
std::vector<Allocation> allocate(std::int64_t budget, const std::vector<std::pair<std::int64_t, std::int64_t>>& ranked);
std::string allocation_rule();

// One awarded grant as 360Giving data (JSON schema names).
struct Award {
  std::string id;  // with the publisher's prefix: "360G-kith-dudley-12"
  std::string title, description;
  std::int64_t amount = 0;
  std::string award_date;                    // YYYY-MM-DD
  std::string recipient_id, recipient_name;  // "360G-kith-dudley-group-…" for unregistered groups
  std::string funder_id, funder_name;        // "GB-LAE-DUD"
  std::string programme;
  std::string ward_code, ward_name;
};
nlohmann::json threesixty(const std::vector<Award>& awards);
std::vector<std::string> threesixty_header();
std::vector<std::string> threesixty_row(const Award& a);

}  // namespace kith::grants
