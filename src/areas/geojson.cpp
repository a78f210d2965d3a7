#include "areas/geojson.h"

namespace kith::areas {

std::string feature_collection(const std::vector<Feature>& features) {
  std::string out = R"({"type":"FeatureCollection","features":[)";
  for (std::size_t i = 0; i < features.size(); ++i) {
    const Feature& f = features[i];
    if (i > 0) out += ',';
    out += R"({"type":"Feature",)";
    if (!f.id.empty()) out += R"("id":)" + nlohmann::json(f.id).dump() + ',';
    out += R"("geometry":)" + f.geometry_json + R"(,"properties":)" + f.properties.dump() + '}';
  }
  return out + "]}";
}

std::string point_geometry(double lon, double lat) {
  return nlohmann::json{{"type", "Point"}, {"coordinates", {lon, lat}}}.dump();
}

std::map<std::string, std::string> lsoa_geometry(AreaStore& store, const std::string& authority_code) {
  std::map<std::string, std::string> out;
  for (auto& b : store.lsoa_boundaries(authority_code)) out.emplace(std::move(b.code), std::move(b.geometry_json));
  return out;
}

}  // namespace kith::areas
