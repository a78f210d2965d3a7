#include "grants/grants.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/clock.h"
#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::grants {

const std::vector<Criterion>& default_criteria() {
  // Names in English, as rounds store them; pages say them with tr().
  static const std::vector<Criterion> all = {{"innovation", i18n::msg("Innovation"), 1},
                                             {"community-involvement", i18n::msg("Community involvement"), 1},
                                             {"sustainability", i18n::msg("Sustainability"), 1}};
  return all;
}

const std::vector<Kind>& group_kinds() {
  static const std::vector<Kind> all = {{"residents", "A group of residents (not registered)"},
                                        {"community-group", "A constituted community group"},
                                        {"charity", "A registered charity"},
                                        {"social-enterprise", "A social enterprise or community interest company"},
                                        {"school", "A school or youth group"}};
  return all;
}

std::int64_t community_pence(const RoundRules& r, const Canvas& c) {
  return c.volunteer_hours * r.hour_value_pence + c.materials_value * 100;
}

std::string money_pence(std::int64_t pence) {
  std::string out = "£" + thousands(pence / 100);
  if (pence % 100 != 0) {
    auto p = std::to_string(pence % 100);
    out += "." + std::string(2 - p.size(), '0') + p;
  }
  return out;
}

namespace {

void need(std::vector<FieldError>& errors, const std::string& field, const std::string& value, std::size_t most,
          const std::string& what) {
  if (trim(value).empty())
    errors.push_back({field, what});
  else if (value.size() > most)
    errors.push_back(
        {field, i18n::tr("Keep it to {n} characters or fewer", {{"n", thousands(static_cast<std::int64_t>(most))}})});
  else if (has_markup(value))
    errors.push_back({field, i18n::msg("Write it as plain text, without HTML such as <script>")});
}

void plain(std::vector<FieldError>& errors, const std::string& field, const std::string& value, std::size_t most) {
  if (value.size() > most)
    errors.push_back(
        {field, i18n::tr("Keep it to {n} characters or fewer", {{"n", thousands(static_cast<std::int64_t>(most))}})});
  else if (has_markup(value))
    errors.push_back({field, i18n::msg("Write it as plain text, without HTML such as <script>")});
}

}  // namespace

Status check_draft(const Canvas& c) {
  std::vector<FieldError> errors;
  need(errors, "group_name", c.group_name, 120, i18n::msg("Give your group's name"));
  for (const auto& [field, value] : std::vector<std::pair<std::string, std::string>>{{"idea", c.idea},
                                                                                     {"problem", c.problem},
                                                                                     {"who", c.who},
                                                                                     {"assets", c.assets},
                                                                                     {"lasting", c.lasting},
                                                                                     {"costs", c.costs}})
    plain(errors, field, value, 3000);
  if (c.amount < 0)
    errors.push_back({"amount", "Give the amount in whole pounds, in numbers only"});
  else if (c.amount > kMaxPounds)
    errors.push_back({"amount", "The amount can be at most £1,000,000,000"});
  if (c.volunteer_hours < 0)
    errors.push_back({"volunteer_hours", "Give the hours as a whole number, like 40"});
  else if (c.volunteer_hours > kMaxHours)
    errors.push_back({"volunteer_hours", "Give the hours as a number up to 1,000,000"});
  if (c.materials_value < 0)
    errors.push_back({"materials_value", "Give the value in whole pounds, like 300"});
  else if (c.materials_value > kMaxPounds)
    errors.push_back({"materials_value", "The value can be at most £1,000,000,000"});
  if (!errors.empty()) return Error::validation(errors);
  return Ok{};
}

Status check_submission(const RoundRules& r, const Canvas& c, const std::string& now) {
  if (!r.closes_at.empty() && now > r.closes_at)
    return Error{"closed",
                 i18n::tr("This round closed on {date}: applications are no longer taken.",
                          {{"date", date_in_words(r.closes_at)}}),
                 {}};
  if (!r.opens_at.empty() && now < r.opens_at)
    return Error{"closed", i18n::tr("This round opens on {date}.", {{"date", date_in_words(r.opens_at)}}), {}};
  auto draft = check_draft(c);
  std::vector<FieldError> errors = draft ? std::vector<FieldError>{} : draft.error().fields;
  need(errors, "idea", c.idea, 3000, i18n::msg("Describe your idea"));
  need(errors, "problem", c.problem, 3000, i18n::msg("Say what it answers: the problem or the chance"));
  need(errors, "who", c.who, 3000, i18n::msg("Say who is involved"));
  need(errors, "assets", c.assets, 3000,
       i18n::msg("Say which of the community's own assets it uses: people, places, skills"));
  need(errors, "lasting", c.lasting, 3000, i18n::msg("Say how it will last after the grant"));
  need(errors, "costs", c.costs, 3000, i18n::msg("Say what the money pays for"));
  if (c.outcomes.empty()) errors.push_back({"outcomes", "Choose at least one outcome it serves"});
  if (c.amount <= 0)
    errors.push_back({"amount", "Say how much you are asking for, in whole pounds"});
  else if (r.max_amount > 0 && c.amount > r.max_amount)
    errors.push_back(
        {"amount", i18n::tr("This round gives at most {most}: you asked for {asked}",
                            {{"most", money_pence(r.max_amount * 100)}, {"asked", money_pence(c.amount * 100)}})});
  else if (c.amount < r.min_amount)
    errors.push_back(
        {"amount", i18n::tr("This round gives at least {least}", {{"least", money_pence(r.min_amount * 100)}})});
  if (!r.kinds.empty() && std::find(r.kinds.begin(), r.kinds.end(), c.group_kind) == r.kinds.end())
    errors.push_back({"group_kind", "This round is not open to this kind of group"});
  if (!c.in_area) errors.push_back({"postcode", "Your group's postcode is outside the area this round is for"});
  // The match is weighed only from hours and materials in range (check_draft names the rest).
  const bool in_range = c.volunteer_hours >= 0 && c.volunteer_hours <= kMaxHours && c.materials_value >= 0 &&
                        c.materials_value <= kMaxPounds;
  if (r.match_required && c.amount > 0 && in_range) {
    std::int64_t needed = static_cast<std::int64_t>(std::llround(static_cast<double>(c.amount) * 100 * r.match_ratio));
    std::int64_t given = community_pence(r, c);
    if (given < needed)
      errors.push_back({"volunteer_hours",
                        i18n::tr_plural(c.volunteer_hours,
                                        "The community must give at least {needed} in time and materials; you give "
                                        "{given} ({n} hour at {rate}, and {materials} of materials)",
                                        "The community must give at least {needed} in time and materials; you give "
                                        "{given} ({n} hours at {rate}, and {materials} of materials)",
                                        {{"needed", money_pence(needed)},
                                         {"given", money_pence(given)},
                                         {"rate", money_pence(r.hour_value_pence)},
                                         {"materials", money_pence(c.materials_value * 100)}})});
  }
  if (!errors.empty()) return Error::validation(errors);
  return Ok{};
}

double weighted_total(const std::vector<Criterion>& criteria, const Scores& s) {
  double total = 0;
  for (const auto& c : criteria) {
    auto it = s.find(c.key);
    if (it != s.end()) total += c.weight * it->second;
  }
  return total;
}

double weighted_maximum(const std::vector<Criterion>& criteria) {
  double most = 0;
  for (const auto& c : criteria) most += c.weight * kMaxScore;
  return most;
}

std::vector<Ranked> rank(const std::vector<MemberTotal>& totals) {
  std::map<std::int64_t, std::vector<const MemberTotal*>> by_member;
  for (const auto& t : totals) by_member[t.member].push_back(&t);
  auto mean_sd = [](const std::vector<double>& xs) {
    double mean = 0;
    for (double x : xs) mean += x;
    mean /= static_cast<double>(xs.size());
    double var = 0;
    for (double x : xs) var += (x - mean) * (x - mean);
    return std::pair<double, double>{mean, std::sqrt(var / static_cast<double>(xs.size()))};
  };
  std::map<std::int64_t, std::vector<double>> z;
  std::map<std::int64_t, std::vector<double>> raw;
  for (const auto& [member, list] : by_member) {
    std::vector<double> xs;
    xs.reserve(list.size());
    for (const auto* t : list) xs.push_back(t->total);
    auto [mean, sd] = mean_sd(xs);
    for (const auto* t : list) {
      z[t->application].push_back(sd > 1e-12 ? (t->total - mean) / sd : 0);
      raw[t->application].push_back(t->total);
    }
  }
  std::vector<double> all;
  all.reserve(totals.size());
  for (const auto& t : totals) all.push_back(t.total);
  std::vector<Ranked> out;
  if (all.empty()) return out;
  auto [grand_mean, grand_sd] = mean_sd(all);
  for (const auto& [app, zs] : z) {
    double zbar = 0;
    for (double v : zs) zbar += v;
    zbar /= static_cast<double>(zs.size());
    double r = 0;
    for (double v : raw[app]) r += v;
    r /= static_cast<double>(raw[app].size());
    out.push_back({app, r, grand_mean + zbar * grand_sd, static_cast<int>(zs.size())});
  }
  std::sort(out.begin(), out.end(), [](const Ranked& a, const Ranked& b) {
    if (std::abs(a.normalised - b.normalised) > 1e-9) return a.normalised > b.normalised;
    if (std::abs(a.raw_mean - b.raw_mean) > 1e-9) return a.raw_mean > b.raw_mean;
    return a.application < b.application;
  });
  return out;
}

std::string allocation_rule() {
  return i18n::tr(
      "In rank order, each application gets the full amount it asked for if that fits in what is left of the "
      "budget; one that does not fit is passed over, and the next is tried.");
}

std::vector<Allocation> allocate(std::int64_t budget,
                                 const std::vector<std::pair<std::int64_t, std::int64_t>>& ranked) {
  std::vector<Allocation> out;
  std::int64_t left = budget;
  int place = 0;
  for (const auto& [app, amount] : ranked) {
    ++place;
    Allocation a{app, amount, false, ""};
    if (amount <= left) {
      a.funded = true;
      left -= amount;
      a.why = i18n::tr(
          "Ranked {place}: {amount} fits; {left} left.",
          {{"place", std::to_string(place)}, {"amount", money_pence(amount * 100)}, {"left", money_pence(left * 100)}});
    } else {
      a.why = i18n::tr(
          "Ranked {place}: {amount} does not fit in the {left} left.",
          {{"place", std::to_string(place)}, {"amount", money_pence(amount * 100)}, {"left", money_pence(left * 100)}});
    }
    out.push_back(a);
  }
  return out;
}

std::vector<std::string> threesixty_header() {
  return {"Identifier",
          "Title",
          "Description",
          "Currency",
          "Amount Awarded",
          "Award Date",
          "Recipient Org:Identifier",
          "Recipient Org:Name",
          "Funding Org:Identifier",
          "Funding Org:Name",
          "Grant Programme:Title",
          "Beneficiary Location:Name",
          "Beneficiary Location:Geographic Code",
          "Beneficiary Location:Geographic Code Type"};
}

std::vector<std::string> threesixty_row(const Award& a) {
  return {a.id,
          a.title,
          a.description,
          "GBP",
          std::to_string(a.amount),
          a.award_date,
          a.recipient_id,
          a.recipient_name,
          a.funder_id,
          a.funder_name,
          a.programme,
          a.ward_name,
          a.ward_code,
          a.ward_code.empty() ? "" : "WD"};
}

nlohmann::json threesixty(const std::vector<Award>& awards) {
  nlohmann::json grants = nlohmann::json::array();
  for (const auto& a : awards) {
    nlohmann::json g = {{"id", a.id},
                        {"title", a.title},
                        {"description", a.description},
                        {"currency", "GBP"},
                        {"amountAwarded", a.amount},
                        {"awardDate", a.award_date},
                        {"recipientOrganization", {{{"id", a.recipient_id}, {"name", a.recipient_name}}}},
                        {"fundingOrganization", {{{"id", a.funder_id}, {"name", a.funder_name}}}},
                        {"grantProgramme", {{{"title", a.programme}}}}};
    if (!a.ward_code.empty())
      g["beneficiaryLocation"] = {{{"name", a.ward_name}, {"geoCode", a.ward_code}, {"geoCodeType", "WD"}}};
    grants.push_back(g);
  }
  return {{"grants", grants}};
}

}  // namespace kith::grants
