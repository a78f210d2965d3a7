#pragma once
#include <ostream>

#include "app/module.h"
#include "areas/postcodes.h"

namespace kith::areas {

class AreasModule : public app::Module {
 public:
  std::string name() const override { return "areas"; }
  void install(web::Server& server, const app::Config& config) override;
  void use_area_sections(const std::vector<app::AreaSection>& all) override { sections_ = all; }
  // The Census 2021 indicators by LSOA ("census.disabled_pct"), for resilience indices.
  app::AreaMeasures measures() const override;
  // Imports every English LSOA, ward and authority, the four places' boundaries and their postcodes.
  void load_demo(store::Db& db, const app::Config& config, const app::Progress& progress) override;

 private:
  std::vector<app::AreaSection> sections_;
};

// Reads the geography under `source` and saves it: `kith import areas` and the demo.
Status import_geography(store::Db& db, const std::string& source, const app::Progress& progress);

// `kith import postcodes FILE`: reads a postcode file (ONS Postcode Directory, Code-Point
// CSV or OS Code-Point Open; gzipped or not), places each postcode in its LSOA among
// the areas held and adds them, replacing those with the same postcode. Fails, with
// nothing written, if no areas are loaded or the file cannot be read.
Result<PostcodeReport> import_postcodes(store::Db& db, const std::string& path, const app::Progress& progress);

}  // namespace kith::areas

namespace kith::areas {
// Writes areas as CSV (code, kind, name, parent, authority, population, lat, lon), or as
// GeoJSON (boundaries where held, else centroid points). `authority` limits to one authority.
void export_csv(store::Db& db, std::ostream& out, const std::string& authority);
void export_geojson(store::Db& db, std::ostream& out, const std::string& authority);
}  // namespace kith::areas
