#include "indices/focus.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/geo.h"
#include "core/text.h"

namespace kith::indices {

std::map<std::string, std::set<std::string>> touching(const std::vector<areas::Shape>& shapes) {
  // Every vertex (rounded to about 1 cm) with the shapes it belongs to.
  std::map<std::pair<long long, long long>, std::set<std::size_t>> at;
  for (std::size_t i = 0; i < shapes.size(); ++i)
    for (const auto& poly : shapes[i].polygons)
      for (const auto& ring : poly)
        for (const auto& p : ring) at[{std::llround(p.lat * 1e7), std::llround(p.lon * 1e7)}].insert(i);
  std::map<std::pair<std::size_t, std::size_t>, int> shared;
  for (const auto& [point, owners] : at)
    for (auto a = owners.begin(); a != owners.end(); ++a)
      for (auto b = std::next(a); b != owners.end(); ++b) ++shared[{*a, *b}];
  std::map<std::string, std::set<std::string>> out;
  for (const auto& s : shapes) out[s.code];
  for (const auto& [pair, n] : shared) {
    if (n < 2) continue;
    out[shapes[pair.first].code].insert(shapes[pair.second].code);
    out[shapes[pair.second].code].insert(shapes[pair.first].code);
  }
  return out;
}

std::vector<std::vector<std::string>> join_contiguous(const std::vector<FocusArea>& chosen,
                                                      const std::map<std::string, std::set<std::string>>& touches,
                                                      double fallback_m) {
  std::vector<std::size_t> parent(chosen.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    for (std::size_t j = i + 1; j < chosen.size(); ++j) {
      auto ti = touches.find(chosen[i].code), tj = touches.find(chosen[j].code);
      bool joined;
      if (ti != touches.end() && tj != touches.end()) {
        joined = ti->second.count(chosen[j].code) > 0;
      } else {
        joined = geo::distance_m({chosen[i].lon, chosen[i].lat}, {chosen[j].lon, chosen[j].lat}) <= fallback_m;
      }
      if (joined) parent[find(i)] = find(j);
    }
  }
  std::map<std::size_t, std::vector<std::string>> groups;
  for (std::size_t i = 0; i < chosen.size(); ++i) groups[find(i)].push_back(chosen[i].code);
  std::vector<std::vector<std::string>> out;
  for (auto& [root, codes] : groups) {
    std::sort(codes.begin(), codes.end());
    out.push_back(std::move(codes));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.size() != b.size() ? a.size() > b.size() : a.front() < b.front();
  });
  return out;
}

std::string group_name(const std::vector<std::string>& places) {
  std::map<std::string, int> count;
  for (const auto& p : places) {
    std::string name = trim(p);
    if (!name.empty()) ++count[name];
  }
  std::vector<std::pair<std::string, int>> order(count.begin(), count.end());  // alphabetical already
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  const std::size_t n = order.size();
  if (n == 0) return "";
  if (n == 1) return order[0].first;
  if (n == 2) return order[0].first + " and " + order[1].first;
  if (n == 3) return order[0].first + ", " + order[1].first + " and " + order[2].first;
  return order[0].first + ", " + order[1].first + " and " + std::to_string(n - 2) + " more";
}

}  // namespace kith::indices
