#pragma once
// Maps as GeoJSON, written as text. A boundary's geometry is stored as JSON that Kith's
// own import wrote (loader.cpp), so it is copied into the answer as it is: parsing and
// writing again every polygon of an authority was most of the time a map took.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "areas/area_store.h"

namespace kith::areas {

struct Feature {
  std::string id;             // the feature's "id"; left out when empty
  std::string geometry_json;  // a stored geometry (BoundaryRow::geometry_json), or from point_geometry
  nlohmann::json properties = nlohmann::json::object();
};

// {"type":"FeatureCollection","features":[...]}
std::string feature_collection(const std::vector<Feature>& features);

// A GeoJSON Point, for an area whose boundary is not loaded.
std::string point_geometry(double lon, double lat);

// The geometry of each LSOA of an authority, by LSOA code.
std::map<std::string, std::string> lsoa_geometry(AreaStore& store, const std::string& authority_code);

}  // namespace kith::areas
