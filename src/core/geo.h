#pragma once
// Plain geometry on WGS84 coordinates: distances, bounding boxes, point in polygon.
#include <vector>

namespace kith::geo {

struct Point {
  double lon = 0;
  double lat = 0;
};
using Ring = std::vector<Point>;
// Outer ring first, then holes.
using Polygon = std::vector<Ring>;
using MultiPolygon = std::vector<Polygon>;

struct BBox {
  double min_lon = 180, min_lat = 90, max_lon = -180, max_lat = -90;
  void extend(const Point& p);
  void extend(const BBox& b);
  bool contains(const Point& p) const;
  bool empty() const { return min_lon > max_lon; }
};

// Great-circle distance in metres.
double distance_m(const Point& a, const Point& b);
BBox bbox(const MultiPolygon& mp);
// Even-odd rule over every ring, so holes are excluded.
bool contains(const MultiPolygon& mp, const Point& p);

}  // namespace kith::geo
