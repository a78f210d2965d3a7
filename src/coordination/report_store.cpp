#include "coordination/report_store.h"

#include <functional>
#include <set>

#include "i18n/speaking.h"

namespace kith::coordination {

namespace {

constexpr const char* kTeamsLed =
    "SELECT team_id FROM coord_team_members WHERE user_id = ? AND role = 'lead' ORDER BY team_id";
constexpr const char* kTeamNames = "SELECT id, name FROM coord_teams ORDER BY name";
constexpr const char* kReferrals =
    "SELECT f.source, f.reasons, COALESCE(p.lsoa_code, '') AS lsoa_code, COALESCE(a.label, '') AS lsoa_label, "
    "f.received_at, COALESCE(f.first_contact_at, '') AS first_contact_at "
    "FROM coord_referrals f JOIN coord_cases c ON c.id = f.case_id JOIN coord_people p ON p.id = f.person_id "
    "LEFT JOIN areas a ON a.code = p.lsoa_code WHERE f.status <> 'withdrawn'";
constexpr const char* kCases =
    "SELECT COALESCE(c.coordinator_user, 0) AS coordinator_user, COALESCE(u.display_name, '') AS coordinator_name, "
    "c.status, COALESCE(c.closed_at, '') AS closed_at, COALESCE(k.reason, '') AS close_reason "
    "FROM coord_cases c LEFT JOIN users u ON u.id = c.coordinator_user LEFT JOIN coord_closings k ON k.case_id = c.id "
    "WHERE c.status <> 'declined'";
constexpr const char* kConnections =
    "SELECT n.target_kind, n.took FROM coord_connections n JOIN coord_cases c ON c.id = n.case_id WHERE 1 = 1";
constexpr const char* kWellbeing =
    "SELECT w.case_id, w.id AS measure_id, w.instrument, w.occasion, w.taken_on, i.item, i.score "
    "FROM coord_wellbeing w JOIN coord_wellbeing_items i ON i.measure_id = w.id JOIN coord_cases c ON c.id = w.case_id "
    "WHERE w.instrument <> 'SWEMWBS'";
// SWEMWBS is compared on its metric score, kept in total.
constexpr const char* kSwemwbs =
    "SELECT w.case_id, w.id AS measure_id, w.instrument, w.occasion, w.taken_on, 'total' AS item, w.total AS score "
    "FROM coord_wellbeing w JOIN coord_cases c ON c.id = w.case_id WHERE w.instrument = 'SWEMWBS' AND w.total IS NOT "
    "NULL";
constexpr const char* kCosts =
    "SELECT u.amount_pence, COALESCE(u.high_pence, u.amount_pence) AS high_pence, k.units_each, k.times_per_year, "
    "k.months, k.confidence, k.case_id FROM coord_cost_avoided k "
    "JOIN coord_unit_costs u ON u.id = k.unit_cost_id JOIN coord_cases c ON c.id = k.case_id WHERE 1 = 1";
constexpr const char* kContributions =
    "SELECT t.kind, t.hours FROM coord_contributions t JOIN coord_cases c ON c.id = t.case_id WHERE 1 = 1";
constexpr const char* kReasons = "SELECT key, label FROM coord_reasons";
constexpr const char* kOutcomes = "SELECT slug, name FROM outcomes";
constexpr const char* kCloseReasons = "SELECT key, label FROM coord_close_reasons";
// A person counts once per LSOA; connected when any of their connections took.
constexpr const char* kByLsoa =
    "SELECT p.lsoa_code, COUNT(DISTINCT p.id) AS referred, COUNT(DISTINCT CASE WHEN n.took IN ('went-once', "
    "'still-going') THEN p.id END) AS connected FROM coord_people p JOIN areas a ON a.code = p.lsoa_code "
    "JOIN coord_cases c ON c.person_id = p.id LEFT JOIN coord_connections n ON n.case_id = c.id "
    "WHERE (? = '' OR a.authority_code = ?) GROUP BY p.lsoa_code";

}  // namespace

std::vector<std::int64_t> ReportStore::teams_led_by(std::int64_t user) {
  std::vector<std::int64_t> out;
  for (const auto& r : db_.query(kTeamsLed, {user})) out.push_back(r.integer(0));
  return out;
}

std::map<std::int64_t, std::string> ReportStore::team_names() {
  std::map<std::int64_t, std::string> out;
  for (const auto& r : db_.query(kTeamNames)) out[r.integer(0)] = r.text(1);
  return out;
}

std::string ReportStore::where(const ReportScope& scope, store::Params& params) const {
  if (scope.all) return "";
  if (scope.teams.empty()) return " AND 1 = 0";
  std::string in = " AND c.team_id IN (";
  for (std::size_t i = 0; i < scope.teams.size(); ++i) {
    in += i ? ", ?" : "?";
    params.push_back(scope.teams[i]);
  }
  return in + ")";
}

reports::ReportData ReportStore::data(const ReportScope& scope) {
  reports::ReportData d;
  store::Params p;
  std::string w = where(scope, p);
  auto run = [&](const char* sql, const std::function<void(const store::Row&)>& fn) {
    db_.each(std::string(sql) + w, p, fn);
  };
  run(kReferrals, [&](const store::Row& r) {
    d.referrals.push_back({r.text(r.index("source")), r.text(r.index("reasons")), r.text(r.index("lsoa_code")),
                           r.text(r.index("lsoa_label")), r.text(r.index("received_at")),
                           r.text(r.index("first_contact_at"))});
  });
  run(kCases, [&](const store::Row& r) {
    d.cases.push_back({r.integer(r.index("coordinator_user")), r.text(r.index("coordinator_name")),
                       r.text(r.index("status")), r.text(r.index("closed_at")), r.text(r.index("close_reason"))});
  });
  run(kConnections, [&](const store::Row& r) {
    d.connections.push_back({r.text(r.index("target_kind")), r.text(r.index("took"))});
  });
  // Hundreds of thousands of rows at scale: find the columns once per query, not per row.
  std::vector<std::size_t> at;
  auto wellbeing = [&](const store::Row& r) {
    if (at.empty())
      for (const char* c : {"case_id", "measure_id", "instrument", "occasion", "taken_on", "item", "score"})
        at.push_back(r.index(c));
    d.wellbeing.push_back({r.integer(at[0]), r.integer(at[1]), r.text(at[2]), r.text(at[3]), r.text(at[4]),
                           r.text(at[5]), r.real(at[6])});
  };
  run(kWellbeing, wellbeing);
  at.clear();
  run(kSwemwbs, wellbeing);
  std::set<std::int64_t> costed;
  run(kCosts, [&](const store::Row& r) {
    CostLine line;
    line.unit.low_pence = r.integer(r.index("amount_pence"));
    line.unit.high_pence = r.integer(r.index("high_pence"));
    line.units_each = r.real(r.index("units_each"));
    line.times_per_year = r.real(r.index("times_per_year"));
    line.months = r.real(r.index("months"));
    line.confidence = r.text(r.index("confidence"));
    d.costs.push_back(line);
    costed.insert(r.integer(r.index("case_id")));
  });
  d.cases_with_costs = static_cast<std::int64_t>(costed.size());
  run(kContributions, [&](const store::Row& r) {
    d.contributions.push_back({r.text(r.index("kind")), r.real(r.index("hours"))});
  });
  for (const auto& r : db_.query(kReasons)) d.reason_labels[r.text(0)] = r.text(1);
  for (const auto& r : db_.query(kOutcomes)) d.outcome_labels[r.text(0)] = i18n::tr(r.text(1));
  for (const auto& r : db_.query(kCloseReasons)) d.close_labels[r.text(0)] = r.text(1);
  return d;
}

std::map<std::string, ReportStore::LsoaCounts> ReportStore::by_lsoa(const std::string& authority) {
  std::map<std::string, LsoaCounts> out;
  for (const auto& r : db_.query(kByLsoa, {authority, authority}))
    out[r.text(0)] = {r.integer(r.index("referred")), r.integer(r.index("connected"))};
  return out;
}

}  // namespace kith::coordination
