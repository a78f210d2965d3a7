#include "core/geo.h"

#include <algorithm>
#include <cmath>

namespace kith::geo {

void BBox::extend(const Point& p) {
  min_lon = std::min(min_lon, p.lon);
  max_lon = std::max(max_lon, p.lon);
  min_lat = std::min(min_lat, p.lat);
  max_lat = std::max(max_lat, p.lat);
}

void BBox::extend(const BBox& b) {
  if (b.empty()) return;
  extend(Point{b.min_lon, b.min_lat});
  extend(Point{b.max_lon, b.max_lat});
}

bool BBox::contains(const Point& p) const {
  return p.lon >= min_lon && p.lon <= max_lon && p.lat >= min_lat && p.lat <= max_lat;
}

double distance_m(const Point& a, const Point& b) {
  constexpr double kEarthRadiusM = 6371008.8;
  constexpr double kRad = M_PI / 180.0;
  double dlat = (b.lat - a.lat) * kRad;
  double dlon = (b.lon - a.lon) * kRad;
  double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(a.lat * kRad) * std::cos(b.lat * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

BBox bbox(const MultiPolygon& mp) {
  BBox b;
  for (const auto& poly : mp)
    for (const auto& ring : poly)
      for (const auto& p : ring) b.extend(p);
  return b;
}

bool contains(const MultiPolygon& mp, const Point& p) {
  bool inside = false;
  for (const auto& poly : mp) {
    for (const auto& ring : poly) {
      for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const Point& a = ring[i];
        const Point& b = ring[j];
        if ((a.lat > p.lat) != (b.lat > p.lat) && p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon) {
          inside = !inside;
        }
      }
    }
  }
  return inside;
}

}  // namespace kith::geo
