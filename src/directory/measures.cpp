#include "directory/measures.h"

#include "areas/area_store.h"
#include "core/text.h"
#include "directory/directory_store.h"
#include "directory/gaps.h"
#include "i18n/speaking.h"

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

std::optional<nlohmann::json> area_section(store::Db& db, const app::AreaScope& scope) {
  constexpr std::size_t kListed = 10;
  auto held = DirectoryStore(db).in_lsoas(scope.kind == "country" ? std::vector<std::string>{} : scope.lsoas);
  nlohmann::json out = {{"count", held.services.size()}, {"venue_count", held.venues.size()}};
  if (held.services.empty()) return out;
  auto services_n = static_cast<std::int64_t>(held.services.size());
  out["headline"] = i18n::tr_plural(services_n, "{n} activity or service meets here, at {places}.",
                                    "{n} activities and services meet here, at {places}.",
                                    {{"places", count_of(static_cast<std::int64_t>(held.venues.size()), "place")}});
  nlohmann::json services = nlohmann::json::array();
  for (std::size_t k = 0; k < held.services.size() && k < kListed; ++k)
    services.push_back(
        {{"name", held.services[k].second}, {"href", "/directory/services/" + url_encode(held.services[k].first)}});
  out["services"] = services;
  if (held.services.size() > kListed)
    out["more"] = count_of(services_n - static_cast<std::int64_t>(kListed), "more", "more");
  std::vector<std::pair<std::string, std::int64_t>> categories(held.categories.begin(), held.categories.end());
  std::stable_sort(categories.begin(), categories.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });
  nlohmann::json kinds = nlohmann::json::array();
  for (std::size_t k = 0; k < categories.size() && k < 6; ++k)
    kinds.push_back({{"name", i18n::tr(categories[k].first)}, {"count", categories[k].second}});
  out["categories"] = kinds;
  out["has_categories"] = !kinds.empty();
  return out;
}

}  // namespace kith::directory
