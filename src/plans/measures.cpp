#include "plans/measures.h"

#include <map>
#include <set>

#include "areas/area_store.h"
#include "areas/census.h"
#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::plans {

app::AreaMeasures with_builtin(app::AreaMeasures all) {
  all["iod.imd_score"].label = [] { return i18n::tr("Index of Multiple Deprivation score (higher is more deprived)"); };
  all["iod.imd_score"].values = [](store::Db& db,
                                   const std::string& authority) -> Result<std::map<std::string, double>> {
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
  auto values = it->second.values(db, plan.authority_code);
  if (!values) return std::nullopt;
  std::map<std::string, double> people;
  for (const auto& a : areas::AreaStore(db).lsoas_in(plan.authority_code))
    if (a.population) people[a.code] = *a.population;
  return combine(plan_lsoas(db, plan), *values, people);
}

std::string measure_label(const app::AreaMeasures& measures, const std::string& measure) {
  if (auto it = measures.find(measure); it != measures.end() && it->second.label) return it->second.label();
  std::string s = measure;  // a measure this Kith no longer has: its key in words
  for (auto& c : s)
    if (c == '_' || c == '.') c = ' ';
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

}  // namespace kith::plans
