#include "directory/gaps.h"

#include <algorithm>
#include <set>

namespace kith::directory {

double need_weight(const std::optional<int>& imd_decile) {
  if (!imd_decile) return 1;
  int d = std::clamp(*imd_decile, 1, 10);
  return 1 + (10 - d) / 9.0;
}

std::vector<GapRow> analyse_gaps(const std::vector<GapArea>& areas, const SearchIndex& index, double walk_m,
                                 const std::string& term) {
  std::vector<GapRow> rows;
  rows.reserve(areas.size());
  for (const auto& a : areas) {
    GapRow r;
    r.area = a;
    std::set<std::uint32_t> services;
    std::set<std::string> venues;
    for (const auto& [doc, place] : index.places_within({a.lon, a.lat}, walk_m)) {
      if (!term.empty() && !index.has_term(doc, term)) continue;
      venues.insert(index.place_id(doc, place));
      if (!services.insert(doc).second) continue;
      for (const auto& t : index.terms(doc)) ++r.by_category[t];
      std::uint8_t days = index.days(doc);
      for (int d = 0; d < 7; ++d)
        if (days & (1 << d)) ++r.by_day[d];
    }
    r.activities = static_cast<int>(services.size());
    r.places = static_cast<int>(venues.size());
    if (a.population > 0) {
      r.activities_per_1000 = r.activities * 1000.0 / a.population;
      r.places_per_1000 = r.places * 1000.0 / a.population;
    }
    r.need = need_weight(a.imd_decile);
    r.opportunity = r.need / (1 + r.activities_per_1000);
    rows.push_back(std::move(r));
  }
  std::sort(rows.begin(), rows.end(), [](const GapRow& x, const GapRow& y) {
    if (x.opportunity != y.opportunity) return x.opportunity > y.opportunity;
    if (x.area.population != y.area.population) return x.area.population > y.area.population;
    return x.area.code < y.area.code;
  });
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i].rank = static_cast<int>(i) + 1;
  return rows;
}

int provision_band(double per_1000, const std::array<double, 3>& limits) {
  if (per_1000 <= 0) return 0;
  for (int b = 0; b < 3; ++b)
    if (per_1000 <= limits[b]) return b + 1;
  return 4;
}

std::array<double, 3> band_limits(const std::vector<GapRow>& rows) {
  std::vector<double> v;
  for (const auto& r : rows)
    if (r.activities_per_1000 > 0) v.push_back(r.activities_per_1000);
  if (v.empty()) return {0, 0, 0};
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * (v.size() - 1)))]; };
  return {at(0.25), at(0.5), at(0.75)};
}

}  // namespace kith::directory
