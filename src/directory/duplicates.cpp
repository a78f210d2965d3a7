#include "directory/duplicates.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/text.h"
#include "directory/search_index.h"
#include "i18n/speaking.h"

namespace kith::directory {

namespace {

constexpr double kNear = 150;           // metres
constexpr double kAlike = 0.6;          // name similarity
constexpr double kCellDegrees = 0.002;  // about 200 m: neighbouring cells cover kNear

std::set<std::string> name_words(const std::string& name) {
  static const std::set<std::string> ignored = {"the", "and", "of", "for", "at", "in", "a", "demo", "group", "club"};
  std::set<std::string> out;
  for (auto& w : words_of(name))
    if (!ignored.count(w)) out.insert(std::move(w));
  return out;
}

}  // namespace

double name_similarity(const std::string& a, const std::string& b) {
  auto x = name_words(a), y = name_words(b);
  if (x.empty() || y.empty()) return 0;
  std::size_t common = 0;
  for (const auto& w : x) common += y.count(w);
  return static_cast<double>(common) / static_cast<double>(x.size() + y.size() - common);
}

std::vector<SuspectedDuplicate> suspect_duplicates(const std::vector<DuplicateCandidate>& listings,
                                                   const std::set<std::pair<std::string, std::string>>& dismissed) {
  std::map<std::pair<std::string, std::string>, SuspectedDuplicate> found;
  auto consider = [&](const DuplicateCandidate& x, const DuplicateCandidate& y, bool placeless) {
    if (x.id == y.id) return;
    auto key = x.id < y.id ? std::make_pair(x.id, y.id) : std::make_pair(y.id, x.id);
    if (dismissed.count(key) || found.count(key)) return;
    double sim = name_similarity(x.name, y.name);
    std::string reason;
    if (placeless) {
      if (sim < 1 || x.at || y.at || !x.postcode.empty() || !y.postcode.empty()) return;
      reason = i18n::tr("The same name, and no place given to tell them apart");
    } else {
      if (sim < kAlike) return;
      bool same_postcode = !x.postcode.empty() && x.postcode == y.postcode;
      double d = x.at && y.at ? sphere_distance_m(x.at->lat, x.at->lon, y.at->lat, y.at->lon) : 1e12;
      if (!same_postcode && d > kNear) return;
      bool same_name = to_lower(trim(x.name)) == to_lower(trim(y.name));
      std::string metres = std::to_string(std::lround(d));
      if (same_postcode)
        reason =
            same_name ? i18n::tr("The same name at the same postcode") : i18n::tr("Similar names at the same postcode");
      else
        reason = same_name ? i18n::tr("The same name, {metres} metres apart", {{"metres", metres}})
                           : i18n::tr("Similar names, {metres} metres apart", {{"metres", metres}});
    }
    if (x.source != y.source) reason = i18n::tr("{reason}; listed by different imports", {{"reason", reason}});
    found[key] = {key.first, key.second, sim, reason};
  };

  // Placed listings: compare within neighbouring ~200 m cells, and within a postcode.
  std::map<std::pair<long, long>, std::vector<const DuplicateCandidate*>> cells;
  std::map<std::string, std::vector<const DuplicateCandidate*>> by_postcode;
  std::map<std::string, std::vector<const DuplicateCandidate*>> placeless;
  for (const auto& l : listings) {
    if (l.at)
      cells[{std::lround(std::floor(l.at->lat / kCellDegrees)), std::lround(std::floor(l.at->lon / kCellDegrees))}]
          .push_back(&l);
    if (!l.postcode.empty()) by_postcode[l.postcode].push_back(&l);
    if (!l.at && l.postcode.empty()) {
      auto words = name_words(l.name);
      std::string key;
      for (const auto& w : words) key += w + " ";
      if (!key.empty()) placeless[key].push_back(&l);
    }
  }
  for (const auto& [cell, members] : cells)
    for (long dr = -1; dr <= 1; ++dr)
      for (long dc = -1; dc <= 1; ++dc) {
        auto it = cells.find({cell.first + dr, cell.second + dc});
        if (it == cells.end()) continue;
        for (const auto* x : members)
          for (const auto* y : it->second) consider(*x, *y, false);
      }
  for (const auto& [pc, members] : by_postcode)
    for (const auto* x : members)
      for (const auto* y : members) consider(*x, *y, false);
  for (const auto& [name, members] : placeless)
    for (const auto* x : members)
      for (const auto* y : members) consider(*x, *y, true);

  std::vector<SuspectedDuplicate> out;
  out.reserve(found.size());
  for (auto& [key, d] : found) out.push_back(std::move(d));
  std::sort(out.begin(), out.end(), [](const SuspectedDuplicate& x, const SuspectedDuplicate& y) {
    return x.similarity != y.similarity ? x.similarity > y.similarity : std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });
  return out;
}

}  // namespace kith::directory
