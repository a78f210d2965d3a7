#pragma once
// Listings that look like the same thing, found so a moderator can merge them:
// feeds overlap (a council feed and a group's own spreadsheet list the same lunch
// club under different ids). Pure: listings in, suspected pairs out.
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/geo.h"

namespace kith::directory {

struct DuplicateCandidate {
  std::string id;
  std::string name;
  std::string source;    // the import it came from
  std::string postcode;  // normalised, or ""
  std::optional<geo::Point> at;
};

struct SuspectedDuplicate {
  std::string a;  // the two service ids, a < b
  std::string b;
  double similarity = 0;  // of their names, 0 to 1
  std::string reason;     // in plain English
};

// How alike two names are: the share of their words in common (Jaccard), ignoring
// case, punctuation, "(demo)" and words such as "the", "and", "group".
double name_similarity(const std::string& a, const std::string& b);

// Pairs of different services whose names are alike (0.6 or more) and whose places
// are the same postcode or within 150 metres, or whose names are the same and have
// no place to compare. `dismissed` holds pairs a moderator said are different.
// Most alike first.
std::vector<SuspectedDuplicate> suspect_duplicates(const std::vector<DuplicateCandidate>& listings,
                                                   const std::set<std::pair<std::string, std::string>>& dismissed);

}  // namespace kith::directory
