#pragma once
// Draws boundaries as an SVG picture on the server, so an area's map shows with
// no JavaScript and no tile server; the Leaflet map replaces it where scripts run.
#include <string>
#include <vector>

#include "core/geo.h"

namespace kith::areas {

struct Shape {
  std::string code;
  std::string name;
  geo::MultiPolygon polygons;
  std::string css_class;  // optional: how to fill it (a choropleth's band)
};

// A short text drawn on the map at a point (a focus group's number), dark on a light
// halo so that it reads on any fill.
struct MapLabel {
  std::string text;
  double lat = 0;
  double lon = 0;
};

// An <svg> of `width` pixels, north up, with longitude scaled by cos(latitude) so
// shapes keep their proportions. Boundaries are simplified to what shows at that
// size (within 0.8 of a pixel) and written in whole pixels. Each shape is a <path>
// with its name as a <title> (none when the name is empty: a page whose table names
// every area leaves them out); labels are drawn on top. `label` is the picture's
// text alternative.
std::string render_svg(const std::vector<Shape>& shapes, const std::string& label, int width = 640,
                       const std::vector<MapLabel>& labels = {});

}  // namespace kith::areas
