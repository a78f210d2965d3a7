#pragma once
// What the directory offers the rest of Kith: measures by LSOA for area
// intelligence, and what it holds in an area for the area's profile.
#include <map>
#include <string>

#include <optional>

#include "app/module.h"
#include "core/result.h"
#include "directory/search_index.h"
#include "store/db.h"

namespace kith::directory {

// Activities with a place within `walk_m` of each LSOA's centre, per 1,000 residents,
// for every LSOA of an authority ("" for England) with a centre and a population.
// `index` is the directory's search index (the module's cache keeps it current).
Result<std::map<std::string, double>> activities_per_1000(store::Db& db, const SearchIndex& index,
                                                          const std::string& authority, double walk_m);

// The top of an area's profile: the activities and services with a place in the
// area, the places that host them, their commonest categories.
std::optional<nlohmann::json> area_section(store::Db& db, const app::AreaScope& scope);

}  // namespace kith::directory
