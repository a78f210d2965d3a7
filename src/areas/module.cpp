#include "areas/module.h"

#include "areas/area_store.h"
#include "areas/areas_http.h"
#include "areas/census.h"
#include "areas/loader.h"
#include "areas/postcode_file.h"
#include "core/csv.h"
#include "i18n/speaking.h"
#include "store/settings.h"

#include <filesystem>
#include <set>

namespace kith::areas {

void AreasModule::install(web::Server& server, const app::Config&) { install_routes(server, sections_); }

Status import_geography(store::Db& db, const std::string& source, const app::Progress& progress) {
  auto g = load_geography(source, progress);
  if (!g) return g.error();
  for (size_t i = 0; i < g->problems.size() && i < 20; ++i)
    if (progress) progress("skipped: " + g->problems[i]);
  if (g->problems.size() > 20 && progress)
    progress("... and " + std::to_string(g->problems.size() - 20) + " more skipped");
  // Census 2021: the place's LSOAs (all England's where no place is set) and England.
  std::set<std::string> place;
  for (const auto& a : store::get_setting(db, "place.authorities", nlohmann::json::array()))
    if (a.is_string()) place.insert(a.get<std::string>());
  std::set<std::string> all, wanted;
  for (const auto& a : g->areas)
    if (a.kind == Kind::kLsoa) {
      all.insert(a.code);
      if (place.empty() || place.count(a.authority_code)) wanted.insert(a.code);
    }
  auto census = read_census((std::filesystem::path(source) / "census2021").string(), wanted, all, progress);
  if (!census) return census.error();
  for (const auto& p : census->problems)
    if (progress) progress("census: " + p);
  AreaStore(db).save(*g, progress);
  save_census(db, *census, progress);
  return Ok{};
}

app::AreaMeasures AreasModule::measures() const {
  app::AreaMeasures out;
  for (const auto& indicator : census_indicators()) {
    out[indicator.name] = {
        [&indicator] {
          return i18n::tr("Census 2021: {indicator}", {{"indicator", i18n::tr(indicator.label)}});
        },
        [&indicator](store::Db& db, const std::string& authority) -> Result<std::map<std::string, double>> {
          std::map<std::string, double> values;
          for (const auto& [code, counts] : census_by_lsoa(db, authority))
            if (auto v = indicator_value(indicator, counts)) values[code] = *v;
          return values;
        }};
  }
  return out;
}

Result<PostcodeReport> import_postcodes(store::Db& db, const std::string& path, const app::Progress& progress) {
  AreaStore store(db);
  if (progress) progress("reading the LSOAs' centres and boundaries");
  Placer placer = store.placer();
  if (placer.lsoas().empty())
    return Error{"validation-failed", "No areas are loaded to place postcodes in: run kith import areas first", {}};
  PostcodeReport report;
  auto set = read_postcode_file(path, placer, report, progress);
  if (!set) return set.error();
  store.upsert_postcodes(*set, progress);
  return report;
}

void AreasModule::load_demo(store::Db& db, const app::Config& config, const app::Progress& progress) {
  // The four places of the seeds (first: the census is loaded for the place's LSOAs).
  store::set_setting(db, "place.authorities", {"E08000019", "E07000118", "E08000027", "E06000034"});
  auto st = import_geography(db, config.source_data, progress);
  if (!st) throw std::runtime_error(st.error().message);
  store::set_setting(db, "place.name", "Kith demo: Sheffield, Chorley, Dudley and Thurrock");
  store::set_setting(db, "place.demo", true);
}

}  // namespace kith::areas

namespace kith::areas {

namespace {
constexpr const char* kExport =
    "SELECT a.code, a.kind, a.name, a.parent_code, a.authority_code, a.population, a.lat, a.lon, b.geometry, "
    "a.known_as, a.msoa_code "
    "FROM areas a LEFT JOIN area_boundaries b ON b.code = a.code WHERE (? = '' OR a.authority_code = ?) ORDER BY "
    "a.code";
}

void export_csv(store::Db& db, std::ostream& out, const std::string& authority) {
  // name is the official name; known_as the House of Commons Library's name of the MSOA.
  out << "code,kind,name,parent_code,authority_code,population,lat,lon,known_as,msoa_code\n";
  for (const auto& r : db.query(kExport, {authority, authority})) {
    std::vector<std::string> cells;
    for (size_t i = 0; i < 8; ++i) cells.push_back(r.text(i));
    cells.push_back(r.text(9));
    cells.push_back(r.text(10));
    out << csv_line(cells);
  }
}

void export_geojson(store::Db& db, std::ostream& out, const std::string& authority) {
  out << "{\"type\":\"FeatureCollection\",\"features\":[";
  bool first = true;
  for (const auto& r : db.query(kExport, {authority, authority})) {
    nlohmann::json geometry;
    if (!r.is_null(8))
      geometry = nlohmann::json::parse(r.text(8));
    else if (!r.is_null(6))
      geometry = {{"type", "Point"}, {"coordinates", {r.real(7), r.real(6)}}};
    else
      continue;
    nlohmann::json props = {{"code", r.text(0)},
                            {"kind", r.text(1)},
                            {"name", r.text(2)},
                            {"known_as", r.is_null(9) ? nlohmann::json(nullptr) : nlohmann::json(r.text(9))},
                            {"parent_code", r.text(3)},
                            {"authority_code", r.text(4)},
                            {"population", r.opt_real(5) ? nlohmann::json(r.real(5)) : nlohmann::json(nullptr)}};
    out << (first ? "\n" : ",\n")
        << nlohmann::json{{"type", "Feature"}, {"properties", props}, {"geometry", geometry}}.dump();
    first = false;
  }
  out << "\n]}\n";
}

}  // namespace kith::areas
