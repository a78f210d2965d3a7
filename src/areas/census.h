#pragma once
// Who lives here: the Census 2021 tables by LSOA (ONS, Open Government Licence) —
// age, sex, ethnic group, disability, proficiency in English, general health and
// unpaid care. Each table is read as published; what an area page shows is summed
// from its LSOAs' counts. Reading and the arithmetic are here; storage in
// census_store.cpp.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "app/module.h"
#include "core/result.h"
#include "store/db.h"

namespace kith::areas {

// A group people read ("Aged 65 to 74"), summed from one or more columns of the file.
struct CensusGroup {
  std::string id;     // "65_74"
  std::string label;  // "65 to 74"
  std::vector<std::string> columns;
};

// One Census 2021 table as Kith shows it. The denominator is the table's own total
// column (tables are perturbed one by one, so their totals differ by a few people);
// the groups are disjoint and sum to it. Subtotal columns that overlap others (unpaid
// care's "19 hours or less" and its parts) are used once, never with their parts.
struct CensusTopic {
  std::string id;            // "unpaid_care"
  std::string title;         // "Unpaid care"
  std::string question;      // "How many hours of unpaid care people give each week"
  std::string file;          // "ts039_unpaid_care_lsoa21.csv"
  std::string table;         // "TS039"
  std::string total_column;  // "total_aged_5_plus"
  std::string universe;      // "residents aged 5 and over"
  std::vector<CensusGroup> groups;
};
const std::vector<CensusTopic>& census_topics();

// Counts by "topic.column" ("unpaid_care.care_50h_plus"), the total as "topic.total".
using CensusCounts = std::map<std::string, std::int64_t>;

struct CensusData {
  std::map<std::string, CensusCounts> lsoas;  // the LSOAs asked for
  CensusCounts england;                       // every row of every file, summed
  std::vector<std::string> problems;          // England LSOAs missing from a file, by file
};

// Reads the seven files in `folder` (shared/data/census2021). Keeps the counts of the
// LSOAs in `wanted` and sums every row for England; `england_lsoas` are the LSOAs a
// file must hold (one missing is a problem reported, as England's figure is then
// short). Refuses a malformed file, naming the file, line and column.
Result<CensusData> read_census(const std::string& folder, const std::set<std::string>& wanted,
                               const std::set<std::string>& england_lsoas, const app::Progress& progress);

// The counts of several LSOAs added together (a ward, MSOA, neighbourhood or authority).
CensusCounts sum_counts(const std::vector<CensusCounts>& parts);

// One group of a topic in an area beside England: per 100 of each one's table total.
struct CensusRow {
  std::string id;
  std::string label;
  std::int64_t count = 0;
  double per_100 = 0;
  double england_per_100 = 0;
};
struct CensusTable {
  const CensusTopic* topic = nullptr;
  std::int64_t total = 0;
  std::int64_t england_total = 0;
  std::vector<CensusRow> rows;
};
// The whole profile of an area; empty where `area` holds no counts.
std::vector<CensusTable> census_profile(const CensusCounts& area, const CensusCounts& england);

// Indicators for resilience indices, each a percentage of its table's own total, by
// name ("census.disabled_pct"); nullopt where the total is 0.
struct CensusIndicator {
  std::string name;                    // "census.disabled_pct"
  std::string label;                   // "% of people with a disability (Equality Act)"
  std::vector<std::string> numerator;  // "disability.disabled_limited_a_lot", ...
  std::string denominator;             // "disability.total": the table's own total, always "TOPIC.total"
};
const std::vector<CensusIndicator>& census_indicators();
std::optional<double> indicator_value(const CensusIndicator& i, const CensusCounts& c);

// Storage (census_store.cpp): replaces every count held with `data`'s.
void save_census(store::Db& db, const CensusData& data, const app::Progress& progress);
// The LSOAs' counts summed, and how many of them have counts.
struct HeldCounts {
  CensusCounts counts;
  std::size_t lsoas_held = 0;
};
HeldCounts census_counts(store::Db& db, const std::vector<std::string>& lsoas);
CensusCounts england_census(store::Db& db);
// Every LSOA's counts in a local authority ("" for every LSOA held).
std::map<std::string, CensusCounts> census_by_lsoa(store::Db& db, const std::string& authority);

}  // namespace kith::areas
