#pragma once
// Focus neighbourhoods (Chorley's "communities for focus"): the LSOAs a rule picks
// (say, England's most deprived tenth) joined into contiguous groups, so that an
// officer can name them as Chorley named Clayton Brook. Pure.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "areas/svg.h"

namespace kith::indices {

// Which LSOAs touch: those whose boundaries share at least two points (a shared
// edge, not a corner). Boundaries from one dataset share their vertices exactly.
std::map<std::string, std::set<std::string>> touching(const std::vector<areas::Shape>& shapes);

struct FocusArea {
  std::string code;
  double lat = 0;
  double lon = 0;
};

// Groups of the chosen LSOAs that join up: by touching boundaries where both have
// one, else by centres within `fallback_m` metres. Largest groups first, each group's
// codes sorted.
std::vector<std::vector<std::string>> join_contiguous(const std::vector<FocusArea>& chosen,
                                                      const std::map<std::string, std::set<std::string>>& touches,
                                                      double fallback_m);

// A group's name from the places its LSOAs are in, one place name per LSOA (the name
// people use for its MSOA, "Heeley & Newfield Green"). The places holding more of the
// group come first, ties in alphabetical order; up to three are named in full ("A",
// "A and B", "A, B and C"), beyond that the first two and how many more ("A, B and 3
// more"). Blank names are skipped; "" if none is left.
std::string group_name(const std::vector<std::string>& places);

}  // namespace kith::indices
