#include "coordination/outcomes.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "coordination/coordination.h"
#include "core/clock.h"
#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::coordination {

namespace {

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

// ---- Connections ----

const std::vector<std::string>& connection_kinds() {
  static const std::vector<std::string> all = {"service",    "activity", "timebank-member", "timebank-offer",
                                               "gift-match", "hub",      "group",           "other"};
  return all;
}
const std::vector<std::string>& took_values() {
  static const std::vector<std::string> all = {"suggested",  "introduced", "went-once", "still-going",
                                               "did-not-go", "stopped",    "not-wanted"};
  return all;
}
// The reasons for closing a case migration 0026 seeds, for the message catalogues: a
// place's own are said as written, these in the reader's language (outcomes_http.cpp
// and the reports).
[[maybe_unused]] constexpr const char* kSeededCloseReasons[] = {i18n::msg("What they wanted is done"),
                                                                i18n::msg("Connected: no longer needs a coordinator"),
                                                                i18n::msg("Moved away"),
                                                                i18n::msg("No longer wants support"),
                                                                i18n::msg("Could not get in touch"),
                                                                i18n::msg("Referred on to another service"),
                                                                i18n::msg("Died"),
                                                                i18n::msg("Something else")};

std::string connection_kind_label(const std::string& k) {
  if (k == "service") return i18n::tr("A service");
  if (k == "activity") return i18n::tr("An activity or group in the directory");
  if (k == "timebank-member") return i18n::tr("A timebank member");
  if (k == "timebank-offer") return i18n::tr("A timebank offer");
  if (k == "gift-match") return i18n::tr("A gift-board match");
  if (k == "hub") return i18n::tr("A community hub");
  if (k == "group") return i18n::tr("A group");
  return i18n::tr("Something else");
}
std::string took_label(const std::string& t) {
  if (t == "suggested") return i18n::tr("Suggested");
  if (t == "introduced") return i18n::tr("Introduced");
  if (t == "went-once") return i18n::tr("Went once");
  if (t == "still-going") return i18n::tr("Went twice and still goes");
  if (t == "did-not-go") return i18n::tr("Didn't go");
  if (t == "stopped") return i18n::tr("Went, then stopped");
  if (t == "not-wanted") return i18n::tr("Didn't want it");
  return t;
}

Status check_took(const std::string& took, const std::string& follow_up_on) {
  std::vector<FieldError> e;
  if (!one_of(took_values(), took)) e.push_back({"took", "Choose whether the connection took"});
  if (!follow_up_on.empty() && !is_iso_date(follow_up_on))
    e.push_back({"follow_up_on", "Follow-up date must be a real date"});
  if (!e.empty()) return Error::validation(std::move(e));
  return Ok{};
}

Status check_connection(const ConnectionInput& c) {
  std::vector<FieldError> e;
  if (!one_of(connection_kinds(), c.target_kind))
    e.push_back({"target_kind", "Choose what the person was connected to"});
  if (trim(c.target_name).empty() && c.service_id.empty() && !c.timebank_post_id && !c.gift_board_entry_id)
    e.push_back({"target_name", "Name what the person was connected to, or choose it from the search"});
  else if (c.target_name.size() > 200)
    e.push_back({"target_name", "The name must be 200 characters or fewer"});
  if (c.service_coordinated && trim(c.coordinated_by).empty())
    e.push_back({"coordinated_by", "Say who coordinated the service"});
  if (c.note.size() > 2000) e.push_back({"note", "The note must be 2,000 characters or fewer"});
  if (auto t = check_took(c.took, c.follow_up_on); !t)
    for (auto& f : t.error().fields) e.push_back(f);
  if (!e.empty()) return Error::validation(std::move(e));
  return Ok{};
}

// ---- Wellbeing ----

std::string ons4_band(const std::string& item, int score) {
  if (item == "anxious") {
    if (score <= 1) return i18n::tr("Very low");
    if (score <= 3) return i18n::tr("Low");
    if (score <= 5) return i18n::tr("Medium");
    return i18n::tr("High");
  }
  if (score <= 4) return i18n::tr("Low");
  if (score <= 6) return i18n::tr("Medium");
  if (score <= 8) return i18n::tr("High");
  return i18n::tr("Very high");
}

std::string ons4_label(const std::string& item) {
  if (item == "life-satisfaction") return i18n::tr("Life satisfaction");
  if (item == "worthwhile") return i18n::tr("Things done in life are worthwhile");
  if (item == "happy") return i18n::tr("Happiness yesterday");
  if (item == "anxious") return i18n::tr("Anxiety yesterday");
  return item;
}

int ons4_direction(const std::string& item, int before, int after) {
  int d = after - before;
  if (item == "anxious") d = -d;
  return d > 0 ? 1 : d < 0 ? -1 : 0;
}

Result<SwemwbsScore> score_swemwbs(const std::map<std::string, int>& items) {
  auto ok = check_swemwbs(items);
  if (!ok) return ok.error();
  SwemwbsScore s;
  for (const auto& [k, v] : items) s.raw += v;
  s.metric = swemwbs_metric(s.raw);
  return s;
}

int swemwbs_change(double before, double after) {
  // Scores are to two decimals: compare in hundredths so 3.00 counts exactly.
  long d = std::lround((after - before) * 100.0);
  if (d >= 300) return 1;
  if (d <= -300) return -1;
  return 0;
}

Status check_outcome_ratings(const std::map<std::string, int>& items, const std::vector<std::string>& slugs) {
  std::vector<FieldError> e;
  for (const auto& [k, v] : items) {
    if (!one_of(slugs, k))
      e.push_back({k, "Not one of the place's outcomes"});
    else if (v < 1 || v > 5)
      e.push_back({k, "Rating must be between 1 and 5"});
  }
  if (items.empty()) e.push_back({"ratings", "Rate at least one outcome from 1 to 5"});
  if (!e.empty()) return Error::validation(std::move(e));
  return Ok{};
}

const std::vector<std::string>& occasions() {
  static const std::vector<std::string> all = {"start", "review", "close"};
  return all;
}

// ---- Cost avoided ----

std::optional<std::int64_t> parse_pounds(const std::string& text) {
  std::string s;
  for (char c : trim(text)) {
    if (c == ',') continue;
    s += c;
  }
  if (starts_with(s, "\xC2\xA3")) s = s.substr(2);  // £
  if (s.empty()) return std::nullopt;
  auto dot = s.find('.');
  std::string whole = dot == std::string::npos ? s : s.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  if (whole.empty() || frac.size() > 2 || whole.size() > 9) return std::nullopt;
  for (char c : whole + frac)
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  while (frac.size() < 2) frac += '0';
  return std::stoll(whole) * 100 + std::stoll(frac);
}

std::string pounds(std::int64_t pence) {
  std::string out = "\xC2\xA3" + thousands(pence / 100);
  if (pence % 100 != 0) {
    char buf[8];
    std::snprintf(buf, sizeof buf, ".%02d", static_cast<int>(pence % 100));
    out += buf;
  }
  return out;
}

Status check_unit_cost(const UnitCost& u) {
  std::vector<FieldError> e;
  if (trim(u.name).empty()) e.push_back({"name", "Name what the cost is for, like Day care"});
  if (u.low_pence <= 0) e.push_back({"amount", "Enter the cost in pounds, like 45 or 544.80"});
  if (u.high_pence < u.low_pence) e.push_back({"high", "The higher figure must be the same as the cost or more"});
  if (trim(u.unit).empty()) e.push_back({"unit", "Say what one unit is, like session, week or month"});
  if (trim(u.source).empty()) e.push_back({"source", "Say where the figure comes from"});
  if (u.year < 1990 || u.year > 2100) e.push_back({"year", "Enter the year the figure is priced at, like 2023"});
  if (!e.empty()) return Error::validation(std::move(e));
  return Ok{};
}

Status check_cost_line(const CostLine& c) {
  std::vector<FieldError> e;
  if (!(c.units_each > 0 && c.units_each <= 1000))
    e.push_back({"units_each", i18n::tr("Enter how many each time, more than 0 and at most 1,000 (counted in: {unit})",
                                        {{"unit", c.unit.unit}})});
  if (!(c.times_per_year > 0 && c.times_per_year <= 366))
    e.push_back({"times_per_year", "Enter how many times a year, between 1 and 366 (or a fraction, like 0.5)"});
  if (!(c.months > 0 && c.months <= 120)) e.push_back({"months", "Enter for how many months, between 1 and 120"});
  if (!one_of({"low", "medium", "high"}, c.confidence)) e.push_back({"confidence", "Choose how sure you are"});
  if (!e.empty()) return Error::validation(std::move(e));
  return Ok{};
}

double total_units(const CostLine& c) { return c.units_each * c.times_per_year * c.months / 12.0; }

Share confidence_share(const std::string& confidence) {
  if (confidence == "high") return {0.5, 1.0};
  if (confidence == "medium") return {0.25, 0.75};
  return {0.0, 0.5};
}

CostRange cost_range(const CostLine& c) {
  Share s = confidence_share(c.confidence);
  double units = total_units(c);
  return {std::llround(static_cast<double>(c.unit.low_pence) * units * s.low),
          std::llround(static_cast<double>(c.unit.high_pence) * units * s.high)};
}

CostRange cost_range(const std::vector<CostLine>& lines) {
  CostRange t;
  for (const auto& l : lines) {
    auto r = cost_range(l);
    t.low_pence += r.low_pence;
    t.high_pence += r.high_pence;
  }
  return t;
}

// ---- Closing, contributions, retention ----

const std::vector<std::string>& contribution_kinds() {
  static const std::vector<std::string> all = {"volunteering", "joined-group", "started-group", "timebank",
                                               "gift",         "peer-support", "other"};
  return all;
}
std::string contribution_label(const std::string& k) {
  if (k == "volunteering") return i18n::tr("Volunteering");
  if (k == "joined-group") return i18n::tr("Joined a group");
  if (k == "started-group") return i18n::tr("Started a group");
  if (k == "timebank") return i18n::tr("Gave time through the timebank");
  if (k == "gift") return i18n::tr("Shared a gift");
  if (k == "peer-support") return i18n::tr("Supporting others");
  return i18n::tr("Something else");
}

Status check_contribution(const ContributionInput& c, const std::string& today) {
  std::vector<FieldError> e;
  if (!one_of(contribution_kinds(), c.kind)) e.push_back({"kind", "Choose how the person gave back"});
  if (trim(c.what).empty())
    e.push_back({"what", "Say what they do, like Helps run the Tuesday lunch club"});
  else if (c.what.size() > 500)
    e.push_back({"what", "Keep it to 500 characters or fewer"});
  if (!(c.hours >= 0 && c.hours <= 10000)) e.push_back({"hours", "Hours must be a number from 0 to 10,000"});
  if (!c.started_on.empty() && !is_iso_date(c.started_on))
    e.push_back({"started_on", "Start date must be a real date"});
  else if (!c.started_on.empty() && c.started_on > today)
    e.push_back({"started_on", "Start date must be today or in the past"});
  if (!e.empty()) return Error::validation(std::move(e));
  return Ok{};
}

Status check_retention_years(const std::string& text) {
  auto y = parse_int(trim(text));
  if (!y || *y < 1 || *y > 100)
    return Error::validation(
        {{"retention_years", "Enter the years to keep closed cases, a whole number from 1 to 100"}});
  return Ok{};
}

std::string retain_until(const std::string& closed_at, int years) {
  if (closed_at.size() < 10) return "";
  int y = std::stoi(closed_at.substr(0, 4)) + years;
  int m = std::stoi(closed_at.substr(5, 2));
  int d = std::stoi(closed_at.substr(8, 2));
  if (m == 2 && d == 29 && !leap(y)) d = 28;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

bool retention_due(const std::string& closed_at, int years, const std::string& today) {
  auto until = retain_until(closed_at, years);
  return !until.empty() && until <= today.substr(0, 10);
}

}  // namespace kith::coordination
