#pragma once
// Where a resilience index's indicators come from: a column of the IoD2025 files,
// a column of a CSV keyed by LSOA code that a user supplies, or one of Kith's live
// measures (activities per 1,000 residents from the directory, and so on).
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "core/result.h"
#include "indices/iod_files.h"
#include "indices/resilience.h"

namespace kith::indices {

using Measure = std::function<Result<std::map<std::string, double>>()>;

struct Sources {
  std::string source_data;              // shared/data
  std::map<std::string, Measure> live;  // "directory.activities_per_1000" -> by LSOA code
};

// The areas of the definition's scope (every IoD2025 LSOA, or one authority's) and
// each indicator's value in them. A bad source is named with the indicator; a CSV's
// duplicate or unknown LSOA codes and unreadable numbers with the file and line.
Result<IndicatorValues> load_values(const Definition& d, const Sources& s);

// Reads one numeric column of a CSV keyed by LSOA code ("lsoa21_code", "lsoa_code",
// "LSOA code" or else the first column), checking codes against `known`.
Result<std::map<std::string, std::optional<double>>> read_lsoa_csv(const std::string& path, const std::string& column,
                                                                   const std::set<std::string>& known);

}  // namespace kith::indices
