#pragma once
// Storage behind the coordination reports: named SQL over store::Db that reads only
// what counts need — never a sealed column, a name of a person or a note — for one
// scope (the teams a lead leads, or every team). No key needed: reports work on the
// numbers alone. Per-LSOA measures for the area index are here too.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "coordination/reports.h"
#include "store/db.h"

namespace kith::coordination {

// Whose cases a report counts: every team's, or those of `teams` only.
struct ReportScope {
  bool all = false;
  std::vector<std::int64_t> teams;
};

class ReportStore {
 public:
  explicit ReportStore(store::Db& db) : db_(db) {}
  // The teams `user` leads.
  std::vector<std::int64_t> teams_led_by(std::int64_t user);
  // The names of teams, by id.
  std::map<std::int64_t, std::string> team_names();
  // Everything the report counts, for the scope.
  reports::ReportData data(const ReportScope& scope);
  // By LSOA of the person (for an authority, or England given ""): people referred,
  // and of them those with a connection that took (went, or still goes).
  struct LsoaCounts {
    std::int64_t referred = 0, connected = 0;
  };
  std::map<std::string, LsoaCounts> by_lsoa(const std::string& authority);

  // Each case's start and latest wellbeing scores are kept as measures are recorded
  // (coord_wellbeing_change), so the report counts pairs rather than pairing every
  // measure each time. For one case, after a measure of it is added; or for every case
  // (after a bulk load).
  void recount_wellbeing(std::int64_t case_id);
  void recount_wellbeing();

 private:
  // `sql` for the scope: its {cases} joins the case of the table named `alias` when the
  // scope is some teams, its {where} keeps theirs.
  std::string scoped(const char* sql, const char* alias, const ReportScope& scope, store::Params& params) const;
  store::Db& db_;
};

}  // namespace kith::coordination
