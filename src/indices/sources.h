#pragma once
// Where a resilience index's indicators come from: a column of the IoD2025 files,
// a column of a CSV keyed by LSOA code that a user supplies, or one of Kith's live
// measures (activities per 1,000 residents from the directory, and so on).
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "app/module.h"
#include "core/result.h"
#include "indices/iod_files.h"
#include "indices/resilience.h"

namespace kith::indices {

// A live measure for the areas of a scope (a local authority code, or "" for England).
using Measure = std::function<Result<std::map<std::string, double>>(const std::string& scope)>;

struct Sources {
  std::string source_data;              // shared/data
  std::map<std::string, Measure> live;  // "directory.activities_per_1000" -> by LSOA code
  // Whether csv:FILE#COLUMN may read a file: only for the command line, run by
  // whoever runs the server. Never from a request, which could name any file.
  bool files = false;
};

// The IoD files under `source_data`, and the modules' measures read from `db` as it
// is now (the request's transaction).
Sources sources_for(store::Db& db, const std::string& source_data, const app::AreaMeasures& measures);

// Kith's default resilience index over one authority's LSOAs, by LSOA code.
Result<std::map<std::string, AreaResult>> default_index(const Sources& sources, const std::string& authority);

// Each indicator whose source Kith cannot read, named: a kind other than iod2025:,
// csv: or kith:, a column no IoD2025 file has, a measure no module offers, or a file
// when files are not allowed. Reads only the published IoD2025 headers (kept).
Status check_sources(const Definition& d, const Sources& s);

// The areas of the definition's scope (every IoD2025 LSOA, or one authority's) and
// each indicator's value in them. A bad source is named with the indicator; a CSV's
// duplicate or unknown LSOA codes and unreadable numbers with the file and line.
Result<IndicatorValues> load_values(const Definition& d, const Sources& s);

// A CSV keyed by LSOA code, read whole (a regular file of up to 512 MB): its header, the key column ("lsoa21_code",
// "lsoa_code", "LSOA code" or else the first), and its rows with their line numbers.
struct LsoaTable {
  std::string name;  // the file's name, for messages
  std::map<std::string, std::size_t> header;
  std::size_t key = 0;
  std::vector<std::pair<std::size_t, std::vector<std::string>>> rows;
};
Result<LsoaTable> read_lsoa_table(const std::string& path);
// One numeric column by LSOA code, checking codes against `known` (each problem
// names the file and line); empty cells are no value.
Result<std::map<std::string, std::optional<double>>> column_values(const LsoaTable& t, const std::string& column,
                                                                   const std::set<std::string>& known);

// Reads one numeric column of a CSV keyed by LSOA code ("lsoa21_code", "lsoa_code",
// "LSOA code" or else the first column), checking codes against `known`.
Result<std::map<std::string, std::optional<double>>> read_lsoa_csv(const std::string& path, const std::string& column,
                                                                   const std::set<std::string>& known);

}  // namespace kith::indices
