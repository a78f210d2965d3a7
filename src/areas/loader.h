#pragma once
// Reads the public geography files in shared/data into areas, boundaries and
// postcodes. Reading is apart from storing: load_geography() touches no database.
#include <array>
#include <string>
#include <vector>

#include "app/module.h"
#include "areas/areas.h"
#include "areas/postcodes.h"
#include "core/geo.h"
#include "core/result.h"

namespace kith::areas {

struct Boundary {
  std::string code;
  std::string geometry_json;  // a GeoJSON Polygon or MultiPolygon
  geo::MultiPolygon shape;
  geo::BBox bbox;
};

// The published IoD2025 Index of Multiple Deprivation of one LSOA.
struct Deprivation {
  std::string code;
  double imd_score = 0;
  int imd_rank = 0;
  int imd_decile = 0;
  std::array<int, 7> domain_deciles{};  // Income ... Living Environment; 0 where not given
};

struct Geography {
  std::vector<Area> areas;  // England, authorities, wards, MSOAs, LSOAs: parents before children
  std::vector<Boundary> boundaries;
  PostcodeSet postcodes;  // in key order, each once
  std::vector<Deprivation> deprivation;
  std::vector<std::string> problems;  // rows that could not be used, with the reason
};

// Reads everything under `source` (the shared/data folder). Fails with a message
// naming the missing file or column.
Result<Geography> load_geography(const std::string& source, const app::Progress& progress);

// Parses a GeoJSON Polygon or MultiPolygon geometry.
geo::MultiPolygon parse_geometry(const nlohmann::json& geometry);

}  // namespace kith::areas
