#include "areas/svg.h"

#include <cmath>
#include <cstdio>

#include "core/text.h"

namespace kith::areas {

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
  char buf[64];
  for (const auto& s : shapes) {
    std::string d;
    for (const auto& poly : s.polygons) {
      for (const auto& ring : poly) {
        int last_x = INT32_MIN;
        int last_y = INT32_MIN;
        bool first = true;
        for (const auto& p : ring) {
          // Whole pixels: drops the points that would not show, most of them.
          int x = static_cast<int>(std::lround(5 + (p.lon - box.min_lon) * k * scale));
          int y = static_cast<int>(std::lround(5 + (box.max_lat - p.lat) * scale));
          if (x == last_x && y == last_y) continue;
          std::snprintf(buf, sizeof buf, "%s%d %d", first ? "M" : "L", x, y);
          d += buf;
          first = false;
          last_x = x;
          last_y = y;
        }
        d += "Z";
      }
    }
    std::string cls = s.css_class.empty() ? "" : " class=\"" + html_escape(s.css_class) + "\"";
    out += "<path" + cls + " d=\"" + d + "\"><title>" + html_escape(s.name) + "</title></path>";
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
