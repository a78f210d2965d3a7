#include "directory/measures.h"

#include "areas/area_store.h"
#include "directory/gaps.h"

namespace kith::directory {

Result<std::map<std::string, double>> activities_per_1000(store::Db& db, const SearchIndex& index,
                                                          const std::string& authority, double walk_m) {
  std::vector<GapArea> areas;
  for (const auto& a : areas::AreaStore(db).lsoas_in(authority))
    if (a.lat && a.lon && a.population && *a.population > 0)
      areas.push_back({a.code, a.name, *a.lat, *a.lon, *a.population, std::nullopt});
  if (areas.empty())
    return Error::validation(
        {{"source", "No areas are loaded: run kith import areas before using directory measures"}});
  std::map<std::string, double> out;
  for (const auto& r : analyse_gaps(areas, index, walk_m)) out[r.area.code] = r.activities_per_1000;
  return out;
}

}  // namespace kith::directory
