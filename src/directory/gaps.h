#pragma once
// Gap analysis (Sheffield's mapping of places to meet, Thurrock's asset map): for
// every LSOA of an authority, the activities and meeting places within a walking
// distance of its centre, per 1,000 residents, by category and by day; and a
// ranking of the areas where more is most needed — least provision for the
// population, weighted by deprivation where the IMD is loaded. Pure: the areas and
// the search index come in, rows go out.
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "directory/search_index.h"

namespace kith::directory {

inline constexpr double kDefaultWalkM = 800;

struct GapArea {
  std::string code;
  std::string name;
  double lat = 0;
  double lon = 0;
  double population = 0;
  std::optional<int> imd_decile;  // 1 = most deprived 10% of England
};

struct GapRow {
  GapArea area;
  int activities = 0;  // services with a place within the walk
  int places = 0;      // distinct venues within the walk
  double activities_per_1000 = 0;
  double places_per_1000 = 0;
  std::map<std::string, int> by_category;  // taxonomy term id -> activities
  std::array<int, 7> by_day{};             // activities open on Monday ... Sunday
  double need = 1;                         // 2 for IMD decile 1, down to 1 for decile 10
  double opportunity = 0;                  // need / (1 + activities per 1,000): higher, more needed
  int rank = 0;                            // 1 = the greatest opportunity
};

// Counts what lies within `walk_m` of each area's centre. With `term`, only
// activities of that category count (venues too: those hosting one). Rows come back
// ranked by opportunity (ties: more people first, then code).
std::vector<GapRow> analyse_gaps(const std::vector<GapArea>& areas, const SearchIndex& index, double walk_m,
                                 const std::string& term = "");

// The weight deprivation gives: decile 1 -> 2.0 ... decile 10 -> 1.0; none -> 1.
double need_weight(const std::optional<int>& imd_decile);

// Which of five bands of provision (activities per 1,000) a row falls in, from 0
// (none) to 4 (the most), for the map; `limits` are the upper bounds of bands 1-3.
int provision_band(double per_1000, const std::array<double, 3>& limits);
// Band limits from the rows' own spread: the 25th, 50th and 75th percentiles of
// the areas that have any provision.
std::array<double, 3> band_limits(const std::vector<GapRow>& rows);

}  // namespace kith::directory
