#pragma once
// The measures the directory offers to area intelligence, by LSOA.
#include <map>
#include <string>

#include "core/result.h"
#include "directory/search_index.h"
#include "store/db.h"

namespace kith::directory {

// Activities with a place within `walk_m` of each LSOA's centre, per 1,000 residents,
// for every LSOA of an authority ("" for England) with a centre and a population.
// `index` is the directory's search index (the module's cache keeps it current).
Result<std::map<std::string, double>> activities_per_1000(store::Db& db, const SearchIndex& index,
                                                          const std::string& authority, double walk_m);

}  // namespace kith::directory
