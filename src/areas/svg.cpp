#include "areas/svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "core/text.h"

namespace kith::areas {

namespace {

struct Pixel {
  double x, y;
};

// How far (in pixels) a drawn line may stray from the boundary: below what shows.
constexpr double kTolerance = 0.8;

double distance_to_segment(const Pixel& p, const Pixel& a, const Pixel& b) {
  double dx = b.x - a.x, dy = b.y - a.y;
  double len2 = dx * dx + dy * dy;
  double t = len2 == 0 ? 0 : std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0);
  double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
  return std::sqrt(ex * ex + ey * ey);
}

// Douglas-Peucker, iteratively: the points that keep the line within `tolerance`
// pixels of the boundary. A ring keeps its first and farthest points, so it never
// collapses to a line unless it is smaller than a pixel or two.
std::vector<Pixel> simplify(const std::vector<Pixel>& in, double tolerance) {
  if (in.size() < 4) return in;
  std::vector<char> keep(in.size(), 0);
  keep.front() = keep.back() = 1;
  // Split a ring at its farthest point from the start, so both halves are open lines.
  std::size_t far = 0;
  double best = -1;
  for (std::size_t i = 1; i < in.size(); ++i) {
    double dx = in[i].x - in[0].x, dy = in[i].y - in[0].y;
    if (dx * dx + dy * dy > best) best = dx * dx + dy * dy, far = i;
  }
  keep[far] = 1;
  std::vector<std::pair<std::size_t, std::size_t>> todo = {{0, far}, {far, in.size() - 1}};
  while (!todo.empty()) {
    auto [a, b] = todo.back();
    todo.pop_back();
    if (b <= a + 1) continue;
    std::size_t worst = a;
    double most = 0;
    for (std::size_t i = a + 1; i < b; ++i) {
      double dist = distance_to_segment(in[i], in[a], in[b]);
      if (dist > most) most = dist, worst = i;
    }
    if (most <= tolerance) continue;
    keep[worst] = 1;
    todo.emplace_back(a, worst);
    todo.emplace_back(worst, b);
  }
  std::vector<Pixel> out;
  for (std::size_t i = 0; i < in.size(); ++i)
    if (keep[i]) out.push_back(in[i]);
  return out;
}

// "M x y" then each later point relative to the one before ("l dx dy dx dy ..."),
// the shortest way SVG writes a polyline, in whole pixels (a point that rounds to
// the one before is left out); "Z" closes it.
void append_ring(std::string& d, const std::vector<Pixel>& ring) {
  std::vector<std::pair<long, long>> at;
  for (const auto& p : ring) {
    std::pair<long, long> px{std::lround(p.x), std::lround(p.y)};
    if (at.empty() || px != at.back()) at.push_back(px);
  }
  if (at.size() < 3) return;  // smaller than a pixel or two: nothing to draw
  d += "M" + std::to_string(at[0].first) + " " + std::to_string(at[0].second);
  for (std::size_t i = 1; i < at.size(); ++i) {
    long dx = at[i].first - at[i - 1].first, dy = at[i].second - at[i - 1].second;
    if (i == 1)
      d += 'l';
    else if (dx >= 0)
      d += ' ';  // a minus sign separates numbers by itself
    d += std::to_string(dx);
    if (dy >= 0) d += ' ';
    d += std::to_string(dy);
  }
  d += 'Z';
}

}  // namespace

std::string render_svg(const std::vector<Shape>& shapes, const std::string& label, int width,
                       const std::vector<MapLabel>& labels) {
  geo::BBox box;
  for (const auto& s : shapes) box.extend(geo::bbox(s.polygons));
  if (box.empty()) return "";
  double k = std::cos((box.min_lat + box.max_lat) / 2 * M_PI / 180.0);
  double w = (box.max_lon - box.min_lon) * k;
  double h = box.max_lat - box.min_lat;
  if (w <= 0 || h <= 0) return "";
  double scale = (width - 10) / w;
  int height = static_cast<int>(std::ceil(h * scale)) + 10;
  std::string out = "<svg class=\"kith-area-svg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    std::to_string(width) + " " + std::to_string(height) + "\" role=\"img\" aria-label=\"" +
                    html_escape(label) + "\">";
  for (const auto& s : shapes) {
    std::string d;
    std::vector<Pixel> pixels;
    for (const auto& poly : s.polygons) {
      for (const auto& ring : poly) {
        pixels.clear();
        for (const auto& p : ring)
          pixels.push_back({5 + (p.lon - box.min_lon) * k * scale, 5 + (box.max_lat - p.lat) * scale});
        append_ring(d, simplify(pixels, kTolerance));
      }
    }
    std::string cls = s.css_class.empty() ? "" : " class=\"" + html_escape(s.css_class) + "\"";
    out += "<path" + cls + " d=\"" + d + "\">" + (s.name.empty() ? "" : "<title>" + html_escape(s.name) + "</title>") +
           "</path>";
  }
  for (const auto& l : labels) {
    long x = std::lround(5 + (l.lon - box.min_lon) * k * scale);
    long y = std::lround(5 + (box.max_lat - l.lat) * scale);
    out += "<text class=\"kith-map-label\" x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\">" +
           html_escape(l.text) + "</text>";
  }
  return out + "</svg>";
}

}  // namespace kith::areas
