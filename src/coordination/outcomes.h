#pragma once
// Coordination outcomes, pure: connections made and whether they took, wellbeing
// (ONS4 bands, SWEMWBS scoring and meaningful change, self-rating against the
// outcome framework), cost avoided as a confidence-weighted range, closing,
// contributions and retention. Storage in outcomes_store, audited writes in
// outcomes_service, pages in outcomes_http. Tables: migrations/0026.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace kith::coordination {

// ---- Connections -----------------------------------------------------------------
const std::vector<std::string>& connection_kinds();  // service, activity, timebank-member, ...
const std::vector<std::string>& took_values();       // suggested, introduced, went-once, ...
std::string connection_kind_label(const std::string& kind);
std::string took_label(const std::string& took);  // "Went twice and still goes"

struct ConnectionInput {
  std::string target_kind;
  std::string target_name;
  std::string service_id;  // a directory service, when chosen from the directory
  std::int64_t timebank_post_id = 0;
  std::int64_t gift_board_entry_id = 0;
  std::int64_t hub_id = 0;           // a community hub, which can be told the person is coming
  bool service_coordinated = false;  // a service was the right answer and was coordinated
  std::string coordinated_by;        // by whom
  std::string took = "suggested";
  std::string follow_up_on;  // YYYY-MM-DD, optional
  std::string note;
};
// Fields: target_kind, target_name, coordinated_by, took, follow_up_on, note.
Status check_connection(const ConnectionInput& c);
// A change of how a connection took: took and follow_up_on.
Status check_took(const std::string& took, const std::string& follow_up_on);

// ---- Wellbeing -------------------------------------------------------------------
// ONS's thresholds: life satisfaction, worthwhile and happiness low 0-4, medium 5-6,
// high 7-8, very high 9-10; anxiety very low 0-1, low 2-3, medium 4-5, high 6-10.
std::string ons4_band(const std::string& item, int score);
std::string ons4_label(const std::string& item);  // the question, shortened
// +1 better, -1 worse, 0 the same; for anxiety a lower score is better.
int ons4_direction(const std::string& item, int before, int after);

struct SwemwbsScore {
  int raw = 0;          // 7-35
  double metric = 0.0;  // 7.00-35.00 by the published conversion table
};
// Checks the seven items (1-5 each, fields named by item) and scores them.
Result<SwemwbsScore> score_swemwbs(const std::map<std::string, int>& items);
inline constexpr double kSwemwbsMeaningfulChange = 3.0;
// +1 a meaningful rise (3 metric points or more), -1 a meaningful fall, 0 neither.
int swemwbs_change(double before, double after);

// Self-rating against the place's outcomes: 1 (not at all) to 5 (completely), one
// per outcome slug in `slugs`; at least one.
Status check_outcome_ratings(const std::map<std::string, int>& items, const std::vector<std::string>& slugs);

const std::vector<std::string>& occasions();  // start, review, close

// ---- Cost avoided ----------------------------------------------------------------
struct UnitCost {
  std::int64_t id = 0;
  std::string name;
  std::int64_t low_pence = 0;
  std::int64_t high_pence = 0;  // == low_pence for one figure
  std::string unit;             // "session", "week"
  std::string source;
  int year = 0;
  bool active = true;
};
// Fields: name, amount, high, unit, source, year.
Status check_unit_cost(const UnitCost& u);
// "45.00", "£1,220" forms: pence from pounds as typed ("1,220", "£3,159.50").
std::optional<std::int64_t> parse_pounds(const std::string& text);
std::string pounds(std::int64_t pence);  // "£1,220" or "£544.80"

struct CostLine {
  UnitCost unit;
  double units_each = 1;      // how many units each time (2 weeks)
  double times_per_year = 1;  // how often
  double months = 12;         // for how long
  std::string confidence;     // low, medium, high
};
// Fields: units_each, times_per_year, months, confidence.
Status check_cost_line(const CostLine& c);
double total_units(const CostLine& c);  // units_each x times_per_year x months / 12

// Conservative: the share of the full figure counted at each end of the range, by how
// sure the coordinator is. High: 50%-100%; medium: 25%-75%; low: 0%-50%. The low end
// uses the unit cost's low figure and the high end its high figure. Never one number.
struct Share {
  double low = 0, high = 0;
};
Share confidence_share(const std::string& confidence);
struct CostRange {
  std::int64_t low_pence = 0;
  std::int64_t high_pence = 0;
};
CostRange cost_range(const CostLine& c);
CostRange cost_range(const std::vector<CostLine>& lines);

// ---- Closing, contributions, retention -------------------------------------------
const std::vector<std::string>& contribution_kinds();
std::string contribution_label(const std::string& kind);
struct ContributionInput {
  std::string kind;
  std::string what;
  double hours = 0;
  std::string started_on;
  std::int64_t timebank_post_id = 0;
  std::int64_t story_id = 0;
};
Status check_contribution(const ContributionInput& c, const std::string& today);

inline constexpr int kDefaultRetentionYears = 8;
Status check_retention_years(const std::string& text);
// The day a case closed on `closed_at` (ISO 8601) is erased: `years` later, the same
// day of the year (29 February to 28 February).
std::string retain_until(const std::string& closed_at, int years);
// Due for erasure on `today` (YYYY-MM-DD).
bool retention_due(const std::string& closed_at, int years, const std::string& today);

}  // namespace kith::coordination
