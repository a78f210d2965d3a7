#include "coordination/report_store.h"

#include <functional>

#include "i18n/speaking.h"

namespace kith::coordination {

namespace {

constexpr const char* kTeamsLed =
    "SELECT team_id FROM coord_team_members WHERE user_id = ? AND role = 'lead' ORDER BY team_id";
constexpr const char* kTeamNames = "SELECT id, name FROM coord_teams ORDER BY name";
// Each query counts for one scope: `{cases}` joins the case (`c`) when the scope is some
// teams, and is empty over every team, where the counts need no join.
constexpr const char* kReferrals =
    "SELECT f.source, f.reasons, COALESCE(p.lsoa_code, '') AS lsoa_code, COALESCE(a.label, '') AS lsoa_label, "
    "COUNT(*) AS n FROM coord_referrals f {cases} JOIN coord_people p ON p.id = f.person_id "
    "LEFT JOIN areas a ON a.code = p.lsoa_code WHERE f.status <> 'withdrawn' {where} GROUP BY 1, 2, 3, 4";
// The times of each referral, for the waits' median and percentiles (which need every one).
constexpr const char* kReferralTimes =
    "SELECT f.received_at, COALESCE(f.first_contact_at, '') AS first_contact_at FROM coord_referrals f {cases} "
    "WHERE f.status <> 'withdrawn' {where}";
constexpr const char* kCases =
    "SELECT COALESCE(c.coordinator_user, 0) AS coordinator_user, COALESCE(u.display_name, '') AS coordinator_name, "
    "c.status, COALESCE(substr(c.closed_at, 1, 7), '') AS closed_month, COALESCE(k.reason, '') AS close_reason, "
    "COUNT(*) AS n FROM coord_cases c LEFT JOIN users u ON u.id = c.coordinator_user "
    "LEFT JOIN coord_closings k ON k.case_id = c.id WHERE c.status <> 'declined' {where} GROUP BY 1, 2, 3, 4, 5";
constexpr const char* kConnections =
    "SELECT n.target_kind, n.took, COUNT(*) AS n FROM coord_connections n {cases} WHERE 1 = 1 {where} GROUP BY 1, 2";
constexpr const char* kWellbeing =
    "SELECT x.instrument, x.item, x.start_score, x.latest_score, COUNT(*) AS n FROM coord_wellbeing_change x {cases} "
    "WHERE 1 = 1 {where} GROUP BY 1, 2, 3, 4";
constexpr const char* kCosts =
    "SELECT u.amount_pence, COALESCE(u.high_pence, u.amount_pence) AS high_pence, k.units_each, k.times_per_year, "
    "k.months, k.confidence, COUNT(*) AS n FROM coord_cost_avoided k JOIN coord_unit_costs u ON u.id = k.unit_cost_id "
    "{cases} WHERE 1 = 1 {where} GROUP BY 1, 2, 3, 4, 5, 6";
constexpr const char* kCasesCosted =
    "SELECT COUNT(DISTINCT k.case_id) FROM coord_cost_avoided k {cases} WHERE 1 = 1 {where}";
constexpr const char* kContributions =
    "SELECT t.kind, COUNT(*) AS n FROM coord_contributions t {cases} WHERE 1 = 1 {where} GROUP BY 1";
constexpr const char* kReasons = "SELECT key, label FROM coord_reasons";
constexpr const char* kOutcomes = "SELECT slug, name FROM outcomes";
constexpr const char* kCloseReasons = "SELECT key, label FROM coord_close_reasons";
// A person counts once per LSOA; connected when any of their connections took.
constexpr const char* kByLsoa =
    "SELECT p.lsoa_code, COUNT(DISTINCT p.id) AS referred, COUNT(DISTINCT CASE WHEN n.took IN ('went-once', "
    "'still-going') THEN p.id END) AS connected FROM coord_people p JOIN areas a ON a.code = p.lsoa_code "
    "JOIN coord_cases c ON c.person_id = p.id LEFT JOIN coord_connections n ON n.case_id = c.id "
    "WHERE (? = '' OR a.authority_code = ?) GROUP BY p.lsoa_code";

// A case's start and latest score per instrument and item, as the report compares them:
// the start is the earliest measure taken at the start, the latest the last other
// measure not before it (by date, then by the order recorded). SWEMWBS is compared on
// its metric score, item 'total'. `{case}` limits it to one case. Migration 0037 runs
// the same statement once over every case: keep the two the same.
constexpr const char* kWellbeingPairs =
    "WITH m AS ("
    "SELECT w.id, w.case_id, w.instrument, w.occasion, w.taken_on FROM coord_wellbeing w "
    "WHERE (w.instrument <> 'SWEMWBS' OR w.total IS NOT NULL){case}), "
    "s AS ("
    "SELECT id, case_id, instrument, taken_on FROM ("
    "SELECT m.*, ROW_NUMBER() OVER (PARTITION BY case_id, instrument ORDER BY taken_on, id) AS rn "
    "FROM m WHERE occasion = 'start') f "
    "WHERE rn = 1), "
    "l AS ("
    "SELECT start_id, id FROM ("
    "SELECT s.id AS start_id, m.id, "
    "ROW_NUMBER() OVER (PARTITION BY m.case_id, m.instrument ORDER BY m.taken_on DESC, m.id DESC) AS rn "
    "FROM m JOIN s ON s.case_id = m.case_id AND s.instrument = m.instrument "
    "WHERE m.occasion <> 'start' AND (m.taken_on > s.taken_on OR (m.taken_on = s.taken_on AND m.id > s.id))) g "
    "WHERE rn = 1) "
    "INSERT INTO coord_wellbeing_change (case_id, instrument, item, start_score, latest_score) "
    "SELECT w.case_id, w.instrument, a.item, a.score, b.score FROM l "
    "JOIN coord_wellbeing w ON w.id = l.start_id "
    "JOIN coord_wellbeing_items a ON a.measure_id = l.start_id "
    "JOIN coord_wellbeing_items b ON b.measure_id = l.id AND b.item = a.item "
    "WHERE w.instrument <> 'SWEMWBS' "
    "UNION ALL "
    "SELECT w.case_id, w.instrument, 'total', w.total, x.total FROM l "
    "JOIN coord_wellbeing w ON w.id = l.start_id "
    "JOIN coord_wellbeing x ON x.id = l.id "
    "WHERE w.instrument = 'SWEMWBS'";

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

namespace {

std::string replaced(std::string s, const std::string& what, const std::string& with) {
  auto at = s.find(what);
  return at == std::string::npos ? s : s.replace(at, what.size(), with);
}

}  // namespace

std::string ReportStore::scoped(const char* sql, const char* alias, const ReportScope& scope,
                                store::Params& params) const {
  std::string join, where;
  if (!scope.all) {
    if (std::string(alias) != "c") join = std::string("JOIN coord_cases c ON c.id = ") + alias + ".case_id";
    where = " AND 1 = 0";
    if (!scope.teams.empty()) {
      where = " AND c.team_id IN (";
      for (std::size_t i = 0; i < scope.teams.size(); ++i) {
        where += i ? ", ?" : "?";
        params.push_back(scope.teams[i]);
      }
      where += ")";
    }
  }
  return replaced(replaced(sql, "{cases}", join), "{where}", where);
}

reports::ReportData ReportStore::data(const ReportScope& scope) {
  reports::ReportData d;
  // `alias`: the name the query gives the table it counts, whose case the scope joins.
  auto run = [&](const char* sql, const char* alias, const std::function<void(const store::Row&)>& fn) {
    store::Params p;
    std::string q = scoped(sql, alias, scope, p);
    db_.each(q, p, fn);
  };
  run(kReferrals, "f", [&](const store::Row& r) {
    d.referrals.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.integer(4)});
  });
  run(kReferralTimes, "f", [&](const store::Row& r) { d.referral_times.push_back({r.text(0), r.text(1)}); });
  run(kCases, "c", [&](const store::Row& r) {
    d.cases.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4), r.integer(5)});
  });
  run(kConnections, "n", [&](const store::Row& r) { d.connections.push_back({r.text(0), r.text(1), r.integer(2)}); });
  run(kWellbeing, "x", [&](const store::Row& r) {
    d.wellbeing.push_back({r.text(0), r.text(1), r.real(2), r.real(3), r.integer(4)});
  });
  run(kCosts, "k", [&](const store::Row& r) {
    CostLine line;
    line.unit.low_pence = r.integer(0);
    line.unit.high_pence = r.integer(1);
    line.units_each = r.real(2);
    line.times_per_year = r.real(3);
    line.months = r.real(4);
    line.confidence = r.text(5);
    d.costs.push_back({line, r.integer(6)});
  });
  run(kCasesCosted, "k", [&](const store::Row& r) { d.cases_with_costs = r.integer(0); });
  run(kContributions, "t", [&](const store::Row& r) { d.contributions.push_back({r.text(0), r.integer(1)}); });
  for (const auto& r : db_.query(kReasons)) d.reason_labels[r.text(0)] = r.text(1);
  for (const auto& r : db_.query(kOutcomes)) d.outcome_labels[r.text(0)] = i18n::tr(r.text(1));
  for (const auto& r : db_.query(kCloseReasons)) d.close_labels[r.text(0)] = r.text(1);
  return d;
}

void ReportStore::recount_wellbeing(std::int64_t case_id) {
  db_.exec("DELETE FROM coord_wellbeing_change WHERE case_id = ?", {case_id});
  db_.exec(replaced(kWellbeingPairs, "{case}", " AND w.case_id = ?"), {case_id});
}

void ReportStore::recount_wellbeing() {
  db_.exec("DELETE FROM coord_wellbeing_change");
  db_.exec(replaced(kWellbeingPairs, "{case}", ""));
}

std::map<std::string, ReportStore::LsoaCounts> ReportStore::by_lsoa(const std::string& authority) {
  std::map<std::string, LsoaCounts> out;
  for (const auto& r : db_.query(kByLsoa, {authority, authority}))
    out[r.text(0)] = {r.integer(r.index("referred")), r.integer(r.index("connected"))};
  return out;
}

}  // namespace kith::coordination
