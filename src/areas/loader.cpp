#include "areas/loader.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "areas/postcode_file.h"
#include "core/csv.h"
#include "core/text.h"

namespace kith::areas {

namespace fs = std::filesystem;

constexpr const char* kEnglandPostcodes = "postcodes/postcodes_codepoint_2025q4_england.csv.gz";

namespace {

struct Table {
  std::map<std::string, size_t> header;
  std::vector<std::vector<std::string>> rows;
};

Result<Table> read_csv(const fs::path& path, const std::vector<std::string>& needed) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"not-found", "Cannot read " + path.string() + ": is the data folder right?", {}};
  CsvReader reader(in);
  Table t;
  t.header = reader.header();
  for (const auto& col : needed)
    if (!t.header.count(col))
      return Error{"validation-failed", path.filename().string() + " has no column \"" + col + "\"", {}};
  std::vector<std::string> fields;
  while (reader.next(fields)) t.rows.push_back(fields);
  return t;
}

const std::string& cell(const Table& t, const std::vector<std::string>& row, const std::string& col) {
  static const std::string empty;
  size_t i = t.header.at(col);
  return i < row.size() ? row[i] : empty;
}

geo::Ring parse_ring(const nlohmann::json& ring) {
  geo::Ring out;
  for (const auto& p : ring) out.push_back({p.at(0).get<double>(), p.at(1).get<double>()});
  return out;
}

}  // namespace

geo::MultiPolygon parse_geometry(const nlohmann::json& geometry) {
  geo::MultiPolygon mp;
  std::string type = geometry.value("type", "");
  auto polygon = [](const nlohmann::json& rings) {
    geo::Polygon poly;
    for (const auto& r : rings) poly.push_back(parse_ring(r));
    return poly;
  };
  if (type == "Polygon") mp.push_back(polygon(geometry.at("coordinates")));
  if (type == "MultiPolygon")
    for (const auto& p : geometry.at("coordinates")) mp.push_back(polygon(p));
  return mp;
}

Result<Geography> load_geography(const std::string& source, const app::Progress& progress) {
  fs::path root(source);
  auto say = [&](const std::string& s) {
    if (progress) progress(s);
  };
  Geography g;

  say("reading the LSOA to ward to authority lookup");
  auto lookup = read_csv(root / "geography/lookup_lsoa21_ward24_ltla24.csv",
                         {"lsoa21_code", "lsoa21_name", "ward24_code", "ward24_name", "ltla24_code", "ltla24_name"});
  if (!lookup) return lookup.error();
  say("reading LSOA centroids");
  auto centroids = read_csv(root / "geography/lsoa_centroids.csv", {"LSOACD", "latitude", "longitude"});
  if (!centroids) return centroids.error();
  say("reading 2019 population denominators and the 2011 to 2021 LSOA lookup");
  auto pop = read_csv(root / "iod2019/File_6_-_IoD2019_Population_Denominators.csv",
                      {"LSOA code (2011)", "Total population: mid 2015 (excluding prisoners)"});
  if (!pop) return pop.error();
  auto changes = read_csv(root / "geography/lookup_lsoa11_lsoa21_ltla22.csv", {"lsoa11_code", "lsoa21_code"});
  if (!changes) return changes.error();
  say("reading the LSOA to MSOA lookup and the House of Commons Library's MSOA names");
  auto msoa_of = read_csv(root / "geography/lsoa21_msoa21_lookup_england.csv", {"lsoa21cd", "msoa21cd"});
  if (!msoa_of) return msoa_of.error();
  auto msoa_names = read_csv(root / "geography/msoa21_names_hcl_2.2.csv", {"msoa21cd", "msoa21nm", "msoa21hclnm"});
  if (!msoa_names) return msoa_names.error();

  std::map<std::string, std::pair<double, double>> centre;
  for (const auto& row : centroids->rows) {
    auto lat = parse_double(cell(*centroids, row, "latitude"));
    auto lon = parse_double(cell(*centroids, row, "longitude"));
    if (lat && lon) centre[cell(*centroids, row, "LSOACD")] = {*lat, *lon};
  }
  std::map<std::string, double> pop11;
  for (const auto& row : pop->rows) {
    auto n = parse_number_with_commas(cell(*pop, row, "Total population: mid 2015 (excluding prisoners)"));
    if (n) pop11[cell(*pop, row, "LSOA code (2011)")] = *n;
  }
  std::vector<LsoaChange> change_rows;
  for (const auto& row : changes->rows)
    change_rows.push_back({cell(*changes, row, "lsoa11_code"), cell(*changes, row, "lsoa21_code")});
  std::map<std::string, double> pop21 = derive_population(change_rows, pop11);
  std::map<std::string, std::string> lsoa_msoa;
  for (const auto& row : msoa_of->rows) lsoa_msoa[cell(*msoa_of, row, "lsoa21cd")] = cell(*msoa_of, row, "msoa21cd");
  // MSOA code -> official name ("Sheffield 051") and the name people use ("Heeley & Newfield Green").
  std::map<std::string, std::pair<std::string, std::string>> msoa_name;
  for (const auto& row : msoa_names->rows)
    msoa_name[cell(*msoa_names, row, "msoa21cd")] = {cell(*msoa_names, row, "msoa21nm"),
                                                     trim(cell(*msoa_names, row, "msoa21hclnm"))};

  // Build the hierarchy; parents are summed from their LSOAs.
  std::map<std::string, Area> authorities;
  std::map<std::string, Area> wards;
  std::map<std::string, Area> msoas;
  std::vector<Area> lsoas;
  std::map<std::string, std::array<double, 4>> sums;  // code -> population, lat sum, lon sum, count
  for (const auto& row : lookup->rows) {
    const std::string& code = cell(*lookup, row, "lsoa21_code");
    if (!starts_with(code, "E01")) continue;  // England only
    Area a{code,
           Kind::kLsoa,
           cell(*lookup, row, "lsoa21_name"),
           cell(*lookup, row, "ward24_code"),
           cell(*lookup, row, "ltla24_code"),
           std::nullopt,
           std::nullopt,
           std::nullopt,
           "",
           ""};
    if (auto p = pop21.find(code); p != pop21.end())
      a.population = p->second;
    else
      g.problems.push_back("LSOA " + code + ": no population could be derived");
    if (auto c = centre.find(code); c != centre.end()) {
      a.lat = c->second.first;
      a.lon = c->second.second;
    } else {
      g.problems.push_back("LSOA " + code + ": no centroid");
    }
    wards.try_emplace(a.parent_code,
                      Area{a.parent_code, Kind::kWard, cell(*lookup, row, "ward24_name"), a.authority_code,
                           a.authority_code, std::nullopt, std::nullopt, std::nullopt, "", ""});
    authorities.try_emplace(a.authority_code,
                            Area{a.authority_code, Kind::kAuthority, cell(*lookup, row, "ltla24_name"), kEngland,
                                 a.authority_code, std::nullopt, std::nullopt, std::nullopt, "", ""});
    // Its MSOA, whose name people use; an MSOA hangs from the authority of its LSOAs.
    if (auto m = lsoa_msoa.find(code); m != lsoa_msoa.end()) {
      a.msoa_code = m->second;
      auto names = msoa_name.find(a.msoa_code);
      if (names != msoa_name.end()) a.known_as = names->second.second;
      Area msoa{a.msoa_code,
                Kind::kMsoa,
                names != msoa_name.end() ? names->second.first : a.msoa_code,
                a.authority_code,
                a.authority_code,
                std::nullopt,
                std::nullopt,
                std::nullopt,
                a.known_as,
                ""};
      msoas.try_emplace(a.msoa_code, std::move(msoa));
      if (names == msoa_name.end()) g.problems.push_back("MSOA " + a.msoa_code + ": no name in the names file");
    } else {
      g.problems.push_back("LSOA " + code + ": no MSOA in the LSOA to MSOA lookup");
    }
    for (const auto& parent : {a.parent_code, a.msoa_code, a.authority_code, std::string(kEngland)}) {
      if (parent.empty()) continue;
      auto& s = sums[parent];
      s[0] += a.population.value_or(0);
      if (a.lat) {
        s[1] += *a.lat;
        s[2] += *a.lon;
        s[3] += 1;
      }
    }
    lsoas.push_back(std::move(a));
  }
  auto finish = [&](Area& a) {
    auto& s = sums[a.code];
    a.population = s[0];
    if (s[3] > 0) {
      a.lat = s[1] / s[3];
      a.lon = s[2] / s[3];
    }
  };
  Area england{kEngland, Kind::kCountry, "England", "", "", std::nullopt, std::nullopt, std::nullopt, "", ""};
  finish(england);
  g.areas.push_back(england);
  for (auto& [code, a] : authorities) {
    finish(a);
    g.areas.push_back(a);
  }
  for (auto& [code, a] : wards) {
    finish(a);
    g.areas.push_back(a);
  }
  for (auto& [code, a] : msoas) {
    finish(a);
    g.areas.push_back(a);
  }
  for (auto& a : lsoas) g.areas.push_back(std::move(a));
  say("read " + thousands(static_cast<std::int64_t>(lsoas.size())) + " LSOAs in " + std::to_string(wards.size()) +
      " wards, " + thousands(static_cast<std::int64_t>(msoas.size())) + " MSOAs and " +
      std::to_string(authorities.size()) + " local authorities");

  // Boundaries: every GeoJSON file in geography/boundaries.
  std::set<std::string> known;
  for (const auto& a : g.areas) known.insert(a.code);
  fs::path bdir = root / "geography/boundaries";
  std::vector<fs::path> files;
  if (fs::exists(bdir))
    for (const auto& e : fs::directory_iterator(bdir))
      if (e.path().extension() == ".geojson") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.contains("features")) {
      g.problems.push_back(f.filename().string() + ": not a GeoJSON FeatureCollection");
      continue;
    }
    size_t before = g.boundaries.size();
    for (const auto& feature : j["features"]) {
      const auto& props = feature.value("properties", nlohmann::json::object());
      std::string code;
      for (const auto& [k, v] : props.items()) {
        if (v.is_string() && (k == "LSOA21CD" || (starts_with(k, "WD") && k.size() == 6 && k.substr(4) == "CD")))
          code = v;
      }
      if (code.empty() || !known.count(code)) {
        g.problems.push_back(f.filename().string() + ": a feature with no known area code (" + code + ")");
        continue;
      }
      Boundary b{code, feature.at("geometry").dump(), parse_geometry(feature.at("geometry")), {}};
      b.bbox = geo::bbox(b.shape);
      g.boundaries.push_back(std::move(b));
    }
    say("read " + std::to_string(g.boundaries.size() - before) + " boundaries from " + f.filename().string());
  }

  // Postcodes: all England's (Code-Point Open, 2025), each placed in the LSOA whose
  // boundary holds it, else the LSOA with the nearest centre (uncertain); then the
  // four places' 2014 postcodes that have gone since, for older addresses.
  std::vector<LsoaCentre> centres;
  for (const auto& a : g.areas)
    if (a.kind == Kind::kLsoa && a.lat) centres.push_back({a.code, a.authority_code, *a.lat, *a.lon});
  std::vector<LsoaShape> lsoa_shapes;
  for (const auto& b : g.boundaries)
    if (starts_with(b.code, "E01")) lsoa_shapes.push_back({b.code, b.shape});
  Placer placer(std::move(centres), std::move(lsoa_shapes));
  PostcodeReport report;
  auto current = read_postcode_file((root / kEnglandPostcodes).string(), placer, report, progress);
  if (!current) return current.error();
  for (const auto& [reason, count] : report.skipped)
    g.problems.push_back(thousands(count) + " postcodes of " + kEnglandPostcodes + ": " + reason);
  PostcodeReport old_report;
  auto old = read_postcode_file((root / "postcodes/codepoint_2014_target_LAs_wgs84.csv").string(), placer, old_report,
                                progress);
  if (!old) return old.error();
  auto less = [](const Postcode& a, const Postcode& b) { return a.key < b.key; };
  std::size_t before = current->rows.size();
  for (const auto& p : old->rows)
    if (!std::binary_search(current->rows.begin(), current->rows.begin() + static_cast<std::ptrdiff_t>(before), p,
                            less))
      current->rows.push_back(p);
  std::inplace_merge(current->rows.begin(), current->rows.begin() + static_cast<std::ptrdiff_t>(before),
                     current->rows.end(), less);
  say("added " + thousands(static_cast<std::int64_t>(current->rows.size() - before)) +
      " postcodes of 2014 that are no longer in use");
  g.postcodes = std::move(*current);
  say("reading the Index of Multiple Deprivation 2025");
  const std::array<const char*, 7> domain_deciles = {
      "Income_decile", "Employment_decile",           "Education_decile",  "Health_decile",
      "Crime_decile",  "Housing_and_Services_decile", "Environment_decile"};
  std::vector<std::string> iod_columns = {"lsoa21_code", "IMD_score", "IMD_rank", "IMD_decile"};
  iod_columns.insert(iod_columns.end(), domain_deciles.begin(), domain_deciles.end());
  auto iod = read_csv(root / "iod2025/iod2025_lsoa21_with_names.csv", iod_columns);
  if (!iod) return iod.error();
  for (const auto& row : iod->rows) {
    const std::string& code = cell(*iod, row, "lsoa21_code");
    auto score = parse_double(cell(*iod, row, "IMD_score"));
    auto rank = parse_int(cell(*iod, row, "IMD_rank"));
    auto decile = parse_int(cell(*iod, row, "IMD_decile"));
    if (!known.count(code) || !starts_with(code, "E01")) {
      g.problems.push_back("IMD 2025: " + code + " is not an LSOA of the lookup");
    } else if (!score || !rank || !decile || *decile < 1 || *decile > 10) {
      g.problems.push_back("IMD 2025: " + code + " has no usable score, rank and decile");
    } else {
      Deprivation d{code, *score, static_cast<int>(*rank), static_cast<int>(*decile), {}};
      for (std::size_t k = 0; k < domain_deciles.size(); ++k)
        d.domain_deciles[k] = static_cast<int>(parse_int(cell(*iod, row, domain_deciles[k])).value_or(0));
      g.deprivation.push_back(d);
    }
  }
  return g;
}

}  // namespace kith::areas
