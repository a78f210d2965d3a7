#include "plans/measures.h"

#include <map>
#include <set>

#include "areas/area_store.h"
#include "areas/census.h"
#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::plans {

app::AreaMeasures with_builtin(app::AreaMeasures all) {
  all["iod.imd_score"] = [](store::Db& db, const std::string& authority) -> Result<std::map<std::string, double>> {
    std::map<std::string, double> out;
    // Every LSOA of England for "", else the authority's.
    std::string sql =
        "SELECT d.code, d.imd_score FROM area_deprivation d JOIN areas a ON a.code = d.code WHERE a.kind = 'lsoa'";
    store::Params params;
    if (!authority.empty()) {
      sql += " AND a.authority_code = ?";
      params.push_back(authority);
    }
    for (const auto& r : db.query(sql, params)) out[r.text(0)] = r.real(1);
    return out;
  };
  return all;
}

std::vector<std::string> plan_lsoas(store::Db& db, const Plan& plan) {
  areas::AreaStore store(db);
  std::set<std::string> out;
  for (const auto& code : plan.area_codes)
    if (auto a = store.get(code))
      for (auto& l : store.lsoa_codes(*a)) out.insert(l);
  return {out.begin(), out.end()};
}

std::optional<Combined> measure_value(store::Db& db, const app::AreaMeasures& measures, const std::string& measure,
                                      const Plan& plan) {
  auto it = measures.find(measure);
  if (it == measures.end()) return std::nullopt;
  auto values = it->second(db, plan.authority_code);
  if (!values) return std::nullopt;
  std::map<std::string, double> people;
  for (const auto& a : areas::AreaStore(db).lsoas_in(plan.authority_code))
    if (a.population) people[a.code] = *a.population;
  return combine(plan_lsoas(db, plan), *values, people);
}

std::string measure_label(const std::string& measure) {
  // The modules' own measures, named as people say them (app::AreaMeasures carries no
  // label yet; a new measure without one is named from its key below).
  static const std::map<std::string, const char*> named_measures = {
      {"directory.activities_per_1000", i18n::msg("Activities in the directory per 1,000 people")},
      {"stories.published_per_1000", i18n::msg("Published stories per 1,000 people")},
      {"timebank.members_per_1000", i18n::msg("Timebank members per 1,000 people")},
      {"timebank.exchanges_per_1000", i18n::msg("Timebank exchanges per 1,000 people")},
      {"coordination.referrals_per_1000", i18n::msg("Referrals to community coordinators per 1,000 people")},
      {"coordination.share_connected", i18n::msg("Share of people referred who were connected to something")}};
  if (auto named = named_measures.find(measure); named != named_measures.end()) return i18n::tr(named->second);
  if (measure == "iod.imd_score") return i18n::tr("Index of Multiple Deprivation score (higher is more deprived)");
  for (const auto& c : areas::census_indicators())
    if (c.name == measure) return i18n::tr("Census 2021: {indicator}", {{"indicator", i18n::tr(c.label)}});
  std::string s = measure;
  for (auto& c : s)
    if (c == '_' || c == '.') c = ' ';
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

}  // namespace kith::plans
