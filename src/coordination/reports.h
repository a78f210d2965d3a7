#pragma once
// Coordination reports, pure: the statistics behind /coordination/reports — medians
// and percentiles of waits, the paired change in wellbeing with a 95% confidence
// interval by Student's t, cost avoided as a range, and small-number suppression for
// anything that leaves the team ("fewer than 5", with secondary suppression so that
// a total minus the other cells cannot give a hidden one away). Storage is in
// report_store, pages in reports_http.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "coordination/outcomes.h"

namespace kith::coordination::reports {

// Counts below this (and above 0) are hidden from anyone outside the team.
inline constexpr std::int64_t kSuppressBelow = 5;
inline constexpr const char* kFewer = "fewer than 5";

// One count as shown: the number, or hidden.
struct Cell {
  std::int64_t count = 0;
  bool suppressed = false;
  std::string text() const;  // "12", "fewer than 5", "hidden"
};

// Suppresses a group of counts that are shown together with their total (the total
// is `total` when given, else their sum). Primary: every count of 1–4. Secondary:
// if exactly one count in the group is hidden and the total is shown, the smallest
// other non-zero count is hidden too, so no difference reveals a hidden one. A total
// of 1–4 hides everything. The answer has the counts in order, then the total.
std::vector<Cell> suppress_group(const std::vector<std::int64_t>& counts, std::optional<std::int64_t> total = {});
// Primary suppression only, for counts with no total beside them (reasons, where one
// referral may give several).
std::vector<Cell> suppress_each(const std::vector<std::int64_t>& counts);

// The median of `v` (by linear interpolation between the two middle values); nullopt
// when empty.
std::optional<double> median(std::vector<double> v);
// The p-th percentile (0–100) by linear interpolation between closest ranks (the
// "type 7" of R and NumPy's default); nullopt when empty.
std::optional<double> percentile(std::vector<double> v, double p);

// The 97.5th percentile of Student's t with `df` degrees of freedom: the multiplier
// of a two-sided 95% interval. Exact to 3 decimals for df 1–30 (the published
// table), by the Cornish–Fisher expansion above.
double t975(int df);

// The change from a start score to the latest, over people with both.
struct MeanChange {
  int n = 0;
  double mean = 0;                     // mean of (latest − start), sign turned so higher is better
  std::optional<double> lower, upper;  // the 95% interval (needs n >= 2)
  int improved = 0;                    // people whose change is at least `meaningful` for the better
  double share_improved = 0;           // improved / n
  int worse = 0;                       // at least `meaningful` for the worse
};
// `pairs` are (start, latest); `higher_is_better` false for ONS anxiety, whose
// change is turned round so a fall in anxiety counts as an improvement.
MeanChange paired_change(const std::vector<std::pair<double, double>>& pairs, double meaningful,
                         bool higher_is_better = true);

// Cost avoided is counted by outcomes.h (cost_range: a confidence-weighted range over
// each unit cost's low and high figures), never as one number.

// ---- The report ----------------------------------------------------------------
// What the report is made from: counts with nothing identifiable in them, read by
// report_store for one scope (a team lead's teams, or every team). Each row counts `n`
// records alike in everything the report uses, so the store sends groups, not records.
struct ReferralCount {
  std::string source, reasons, lsoa_code, lsoa_label;
  std::int64_t n = 1;
};
// One per referral: the waits' median and percentiles need every one.
struct ReferralTimes {
  std::string received_at, first_contact_at;
};
struct CaseCount {
  std::int64_t coordinator_user = 0;
  std::string coordinator_name, status, closed_month, close_reason;  // closed_month: YYYY-MM, or ""
  std::int64_t n = 1;
};
struct ConnectionCount {
  std::string target_kind, took;
  std::int64_t n = 1;
};
// People whose score on an item went from `start` to `latest` (coord_wellbeing_change).
struct WellbeingCount {
  std::string instrument, item;
  double start = 0, latest = 0;
  std::int64_t n = 1;
};
struct CostCount {
  CostLine line;  // coordination::CostLine
  std::int64_t n = 1;
};
struct ContributionCount {
  std::string kind;
  std::int64_t n = 1;
};
struct ReportData {
  std::vector<ReferralCount> referrals;
  std::vector<ReferralTimes> referral_times;
  std::vector<CaseCount> cases;
  std::vector<ConnectionCount> connections;
  std::vector<WellbeingCount> wellbeing;
  std::vector<CostCount> costs;
  std::int64_t cases_with_costs = 0;
  std::vector<ContributionCount> contributions;
  std::map<std::string, std::string> reason_labels;   // key -> label
  std::map<std::string, std::string> outcome_labels;  // outcome key -> label
  std::map<std::string, std::string> close_labels;    // close reason key -> label
};

// One table of counts: rows by `labels`, one column per `columns`. Each column is
// suppressed as a group with its total when the report leaves the team.
struct Table {
  std::string id;       // "by-source": the anchor and the CSV's section
  std::string title;    // "Referrals by where they came from"
  std::string heading;  // the rows' heading, "Source"
  std::vector<std::string> columns;
  std::vector<std::string> labels;
  std::vector<std::vector<std::int64_t>> counts;  // [row][column]
  bool total = true;                              // a total row (false where one record counts in several rows)
};
struct WaitStats {
  int n = 0;  // referrals with a first contact
  std::optional<double> median, p90;
  int waiting = 0;  // referrals with no contact yet
};
struct WellbeingLine {
  std::string instrument;  // ONS4, SWEMWBS, outcomes
  std::string item;        // life-satisfaction, total, an outcome key
  std::string label;       // "ONS4: life satisfaction"
  double meaningful = 1;   // the change counted as meaningful
  MeanChange change;
};
struct Report {
  std::vector<Table> tables;
  WaitStats waits;
  std::vector<WellbeingLine> wellbeing;
  CostRange cost;
  std::int64_t cases_with_costs = 0;
};
// `named`: coordinators by name (the team's own page); otherwise "Coordinator 1"...
Report build_report(const ReportData& data, bool named);

// The label a report shows for a referral source.
std::string source_label(const std::string& source);
// Whether a connection took: the person went, or went and still goes.
bool took(const std::string& took);

}  // namespace kith::coordination::reports
