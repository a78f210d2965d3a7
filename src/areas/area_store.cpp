#include "areas/area_store.h"

#include <algorithm>

#include <cmath>
#include <mutex>
#include <set>

#include "core/crypto.h"
#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::areas {

namespace {

// Parsed LSOA shapes by authority, for drawing (see lsoa_shapes).
std::mutex shapes_mutex;
std::map<std::string, std::shared_ptr<const std::vector<Shape>>> shapes_cache;

// Every query that makes an Area selects these (as a., where it joins), read by name in from_row.
#define KITH_AREA_COLUMNS "code, kind, name, parent_code, authority_code, population, lat, lon, known_as, msoa_code"
#define KITH_AREA_COLUMNS_A \
  "a.code, a.kind, a.name, a.parent_code, a.authority_code, a.population, a.lat, a.lon, a.known_as, a.msoa_code"
constexpr const char* kColumns = KITH_AREA_COLUMNS;
// name_lower holds the label in lower case, so a search finds "Heeley" and "Sheffield 051" alike.
constexpr const char* kUpsert =
    "INSERT INTO areas (code, kind, name, name_lower, parent_code, authority_code, population, lat, lon, known_as, "
    "msoa_code, label) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, name = "
    "excluded.name, name_lower = excluded.name_lower, parent_code = excluded.parent_code, authority_code = "
    "excluded.authority_code, population = excluded.population, lat = excluded.lat, lon = excluded.lon, known_as = "
    "excluded.known_as, msoa_code = excluded.msoa_code, label = excluded.label";
const std::vector<std::string> kWriteColumns = {"code",        "kind",           "name",       "name_lower",
                                                "parent_code", "authority_code", "population", "lat",
                                                "lon",         "known_as",       "msoa_code",  "label"};
// MSOAs come before their LSOAs, so that searching "Heeley" shows the place first.
constexpr const char* kSearch =
    "SELECT " KITH_AREA_COLUMNS
    " FROM areas WHERE name_lower LIKE ? ESCAPE '\\' "
    "ORDER BY CASE kind WHEN 'country' THEN 0 WHEN 'authority' THEN 1 WHEN 'neighbourhood' THEN 2 WHEN 'ward' THEN 3 "
    "WHEN 'msoa' THEN 4 ELSE 5 END, label LIMIT ?";
constexpr const char* kImdDeciles =
    "SELECT d.code, d.imd_decile FROM area_deprivation d JOIN areas a ON a.code = d.code WHERE a.authority_code = ?";
constexpr const char* kAllLsoas = "SELECT " KITH_AREA_COLUMNS " FROM areas WHERE kind = 'lsoa' ORDER BY code";
constexpr const char* kLsoasIn =
    "SELECT " KITH_AREA_COLUMNS " FROM areas WHERE kind = 'lsoa' AND authority_code = ? ORDER BY code";
constexpr const char* kLsoaBoundaries =
    "SELECT a.code, a.label, b.geometry FROM areas a JOIN area_boundaries b ON b.code = a.code "
    "WHERE a.kind = 'lsoa' AND a.authority_code = ? ORDER BY a.code";
constexpr const char* kMembers =
    "SELECT " KITH_AREA_COLUMNS_A
    " FROM areas a "
    "JOIN neighbourhood_lsoas n ON n.lsoa_code = a.code WHERE n.neighbourhood_code = ? ORDER BY a.label";
constexpr const char* kMsoaLsoas =
    "SELECT " KITH_AREA_COLUMNS " FROM areas WHERE kind = 'lsoa' AND msoa_code = ? ORDER BY name";
constexpr const char* kMemberBoundaries =
    "SELECT a.code, a.label, b.geometry FROM neighbourhood_lsoas n JOIN areas a ON a.code = n.lsoa_code "
    "JOIN area_boundaries b ON b.code = a.code WHERE n.neighbourhood_code = ? ORDER BY a.label";
constexpr const char* kMsoaBoundaries =
    "SELECT a.code, a.label, b.geometry FROM areas a JOIN area_boundaries b ON b.code = a.code "
    "WHERE a.kind = 'lsoa' AND a.msoa_code = ? ORDER BY a.name";
constexpr const char* kChildBoundaries =
    "SELECT a.code, a.label, b.geometry FROM areas a JOIN area_boundaries b ON b.code = a.code "
    "WHERE a.parent_code = ? AND a.kind <> 'msoa' ORDER BY a.label";
constexpr const char* kOwnBoundary =
    "SELECT a.code, a.label, b.geometry FROM areas a JOIN area_boundaries b ON b.code = a.code WHERE a.code = ?";

store::Value opt(const std::optional<double>& v) {
  if (v) return *v;
  return nullptr;
}

store::Value text_or_null(const std::string& s) {
  if (s.empty()) return nullptr;
  return s;
}

Area from_row(const store::Row& r) {
  Area a;
  a.code = r.text(r.index("code"));
  a.kind = kind_from_id(r.text(r.index("kind"))).value_or(Kind::kLsoa);
  a.name = r.text(r.index("name"));
  a.parent_code = r.text(r.index("parent_code"));
  a.authority_code = r.text(r.index("authority_code"));
  a.population = r.opt_real(r.index("population"));
  a.lat = r.opt_real(r.index("lat"));
  a.lon = r.opt_real(r.index("lon"));
  a.known_as = r.text(r.index("known_as"));
  a.msoa_code = r.text(r.index("msoa_code"));
  return a;
}

// The row AreaStore writes for an area, in kWriteColumns' order.
store::Params write_row(const Area& a) {
  std::string shown = label(a);
  return {a.code,
          kind_id(a.kind),
          a.name,
          to_lower(shown),
          text_or_null(a.parent_code),
          text_or_null(a.authority_code),
          opt(a.population),
          opt(a.lat),
          opt(a.lon),
          text_or_null(a.known_as),
          text_or_null(a.msoa_code),
          shown};
}

}  // namespace

void AreaStore::save(const Geography& g, const app::Progress& progress) {
  auto say = [&](const std::string& s) {
    if (progress) progress(s);
  };
  std::vector<store::Params> rows;
  rows.reserve(g.areas.size());
  for (const auto& a : g.areas) rows.push_back(write_row(a));
  if (db_.scalar("SELECT COUNT(*) FROM areas") == 0) {
    db_.bulk_insert("areas", kWriteColumns, rows);
  } else {
    size_t n = 0;
    for (const auto& r : rows) {
      db_.exec(kUpsert, r);
      if (++n % 10000 == 0) say("updated " + thousands(static_cast<std::int64_t>(n)) + " areas");
    }
  }
  say("saved " + thousands(static_cast<std::int64_t>(rows.size())) + " areas");

  db_.exec("DELETE FROM area_boundaries");
  {
    std::lock_guard<std::mutex> lock(shapes_mutex);
    shapes_cache.clear();
  }
  rows.clear();
  for (const auto& b : g.boundaries)
    rows.push_back({b.code, b.geometry_json, b.bbox.min_lon, b.bbox.min_lat, b.bbox.max_lon, b.bbox.max_lat});
  db_.bulk_insert("area_boundaries", {"code", "geometry", "min_lon", "min_lat", "max_lon", "max_lat"}, rows);
  say("saved " + thousands(static_cast<std::int64_t>(rows.size())) + " boundaries");

  replace_postcodes(g.postcodes, progress);

  db_.exec("DELETE FROM area_deprivation");
  rows.clear();
  for (const auto& d : g.deprivation) {
    store::Params row{d.code, d.imd_score, std::int64_t{d.imd_rank}, std::int64_t{d.imd_decile}};
    for (int decile : d.domain_deciles)
      row.push_back(decile ? store::Value{std::int64_t{decile}} : store::Value{nullptr});
    rows.push_back(std::move(row));
  }
  db_.bulk_insert("area_deprivation",
                  {"code", "imd_score", "imd_rank", "imd_decile", "income_decile", "employment_decile",
                   "education_decile", "health_decile", "crime_decile", "housing_decile", "environment_decile"},
                  rows);
  say("saved the IMD 2025 of " + thousands(static_cast<std::int64_t>(rows.size())) + " LSOAs");
}

std::map<std::string, int> AreaStore::imd_deciles(const std::string& authority_code) {
  std::map<std::string, int> out;
  for (const auto& r : db_.query(kImdDeciles, {authority_code})) out[r.text(0)] = static_cast<int>(r.integer(1));
  return out;
}

std::vector<BoundaryRow> AreaStore::lsoa_boundaries(const std::string& authority_code) {
  std::vector<BoundaryRow> out;
  for (const auto& r : db_.query(kLsoaBoundaries, {authority_code})) out.push_back({r.text(0), r.text(1), r.text(2)});
  return out;
}

// Callers keep the returned pointer while they read: `for (x : *store.lsoa_shapes(a))`
// would free the shapes under the loop when another request replaced them.
std::shared_ptr<const std::vector<Shape>> AreaStore::lsoa_shapes(const std::string& authority_code) {
  {
    std::lock_guard<std::mutex> lock(shapes_mutex);
    if (auto it = shapes_cache.find(authority_code); it != shapes_cache.end()) return it->second;
  }
  auto shapes = std::make_shared<std::vector<Shape>>();
  for (const auto& b : lsoa_boundaries(authority_code)) {
    auto g = nlohmann::json::parse(b.geometry_json, nullptr, false);
    if (!g.is_discarded()) shapes->push_back({b.code, b.name, parse_geometry(g), ""});
  }
  // Two requests may both have drawn them: the first kept is the one everyone gets.
  std::lock_guard<std::mutex> lock(shapes_mutex);
  return shapes_cache.emplace(authority_code, shapes).first->second;
}

std::vector<Area> AreaStore::lsoas_in(const std::string& authority_code) {
  std::vector<Area> out;
  if (authority_code.empty()) {
    for (const auto& r : db_.query(kAllLsoas)) out.push_back(from_row(r));
    return out;
  }
  for (const auto& r : db_.query(kLsoasIn, {authority_code})) out.push_back(from_row(r));
  return out;
}

Result<std::map<std::string, double>> AreaStore::per_1000(const std::string& authority_code,
                                                          const std::map<std::string, std::int64_t>& counts) {
  std::map<std::string, double> out;
  for (const auto& a : lsoas_in(authority_code)) {
    if (!a.population || *a.population <= 0) continue;
    auto n = counts.find(a.code);
    out[a.code] = n == counts.end() ? 0.0 : static_cast<double>(n->second) * 1000.0 / *a.population;
  }
  if (out.empty()) return Error::validation({{"source", "No areas are loaded: run kith import areas first"}});
  return out;
}

std::optional<Area> AreaStore::get(const std::string& code) {
  auto row = db_.query_one(std::string("SELECT ") + kColumns + " FROM areas WHERE code = ?", {to_upper(code)});
  if (!row) return std::nullopt;
  return from_row(*row);
}

std::vector<Area> AreaStore::children(const std::string& code) {
  std::vector<Area> out;
  // A named neighbourhood's children are its LSOAs; an authority's are its wards.
  for (const auto& r : db_.query(kMembers, {code})) out.push_back(from_row(r));
  if (!out.empty()) return out;
  // An MSOA's are the LSOAs in it.
  for (const auto& r : db_.query(kMsoaLsoas, {code})) out.push_back(from_row(r));
  if (!out.empty()) return out;
  // MSOAs hang from their authority too, but its children are its wards.
  for (const auto& r : db_.query(std::string("SELECT ") + kColumns +
                                     " FROM areas WHERE parent_code = ? AND kind NOT IN ('neighbourhood', 'msoa') "
                                     "ORDER BY label",
                                 {code}))
    out.push_back(from_row(r));
  return out;
}

Result<Area> AreaStore::neighbourhood_of(const std::string& authority_code, const std::string& name,
                                         const std::vector<std::string>& lsoa_codes, const std::string& code) {
  std::string clean = trim(name);
  if (clean.empty() || clean.size() > 100)
    return Error::validation({{"name", "Give the neighbourhood a name of up to 100 characters"}});
  if (lsoa_codes.empty()) return Error::validation({{"lsoas", "Choose at least one LSOA"}});
  if (db_.query_one("SELECT 1 FROM areas WHERE kind = 'neighbourhood' AND authority_code = ? AND name_lower = ? "
                    "AND code <> ?",
                    {authority_code, to_lower(clean), code}))
    return Error::validation(
        {{"name", i18n::tr("There is already a neighbourhood called {name} here", {{"name", clean}})}});
  double people = 0, lat = 0, lon = 0;
  int placed = 0;
  std::set<std::string> seen;
  for (const auto& lsoa : lsoa_codes) {
    auto a = get(lsoa);
    if (!a || a->kind != Kind::kLsoa || a->authority_code != authority_code)
      return Error::validation({{"lsoas", lsoa + " is not an LSOA of " + authority_code}});
    if (!seen.insert(a->code).second) continue;
    people += a->population.value_or(0);
    if (a->lat) {
      lat += *a->lat;
      lon += *a->lon;
      ++placed;
    }
  }
  return Area{code.empty() ? "N" + to_upper(sha256_hex(authority_code + "/" + to_lower(clean)).substr(0, 8)) : code,
              Kind::kNeighbourhood,
              clean,
              authority_code,
              authority_code,
              people,
              placed ? std::optional<double>(lat / placed) : std::nullopt,
              placed ? std::optional<double>(lon / placed) : std::nullopt,
              "",
              ""};
}

void AreaStore::write_neighbourhood(const Area& n, const std::vector<std::string>& lsoa_codes) {
  db_.exec(kUpsert, write_row(n));
  db_.exec("DELETE FROM neighbourhood_lsoas WHERE neighbourhood_code = ?", {n.code});
  std::set<std::string> seen;
  for (const auto& lsoa : lsoa_codes)
    if (seen.insert(to_upper(lsoa)).second)
      db_.exec("INSERT INTO neighbourhood_lsoas (neighbourhood_code, lsoa_code) VALUES (?, ?)",
               {n.code, to_upper(lsoa)});
}

Result<Area> AreaStore::save_neighbourhood(const std::string& authority_code, const std::string& name,
                                           const std::vector<std::string>& lsoa_codes) {
  auto n = neighbourhood_of(authority_code, name, lsoa_codes, "");
  if (!n) return n.error();
  write_neighbourhood(*n, lsoa_codes);
  return n;
}

Result<Area> AreaStore::update_neighbourhood(const std::string& code, const std::string& name,
                                             const std::vector<std::string>& lsoa_codes) {
  auto current = get(code);
  if (!current || current->kind != Kind::kNeighbourhood)
    return Error::not_found(i18n::tr("There is no saved neighbourhood with the code {code}.", {{"code", code}}));
  auto n = neighbourhood_of(current->authority_code, name, lsoa_codes, current->code);
  if (!n) return n.error();
  write_neighbourhood(*n, lsoa_codes);
  return n;
}

bool AreaStore::delete_neighbourhood(const std::string& code) {
  auto current = get(code);
  if (!current || current->kind != Kind::kNeighbourhood) return false;
  db_.exec("DELETE FROM neighbourhood_lsoas WHERE neighbourhood_code = ?", {current->code});
  db_.exec("DELETE FROM areas WHERE code = ?", {current->code});
  return true;
}

std::vector<Area> AreaStore::search(const std::string& text, int limit) {
  std::vector<Area> out;
  std::string pattern = "%" + like_escape(to_lower(trim(text))) + "%";
  for (const auto& r : db_.query(kSearch, {pattern, std::int64_t{limit}})) out.push_back(from_row(r));
  return out;
}

std::optional<std::string> AreaStore::nearest_lsoa(double lat, double lon) {
  const double d = 0.05;  // degrees: about 5.5 km north-south, 3.4 km east-west
  double kx = std::cos(lat * M_PI / 180.0);
  auto row = db_.query_one(
      "SELECT code FROM areas WHERE kind = 'lsoa' AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? "
      "ORDER BY (lat - ?) * (lat - ?) + (lon - ?) * (lon - ?) * ? LIMIT 1",
      {lat - d, lat + d, lon - d / kx, lon + d / kx, lat, lat, lon, lon, kx * kx});
  if (!row) return std::nullopt;
  return row->text(0);
}

std::vector<BoundaryRow> AreaStore::map_boundaries(const std::string& code) {
  std::vector<BoundaryRow> out;
  for (const auto& r : db_.query(kMemberBoundaries, {code})) out.push_back({r.text(0), r.text(1), r.text(2)});
  if (!out.empty()) return out;
  for (const auto& r : db_.query(kMsoaBoundaries, {code})) out.push_back({r.text(0), r.text(1), r.text(2)});
  if (!out.empty()) return out;
  for (const auto& r : db_.query(kChildBoundaries, {code})) out.push_back({r.text(0), r.text(1), r.text(2)});
  if (out.empty())
    for (const auto& r : db_.query(kOwnBoundary, {code})) out.push_back({r.text(0), r.text(1), r.text(2)});
  return out;
}

std::int64_t AreaStore::count_lsoas_in(const std::string& code, Kind kind) {
  switch (kind) {
    case Kind::kCountry:
      return db_.scalar("SELECT COUNT(*) FROM areas WHERE kind = 'lsoa'");
    case Kind::kAuthority:
      return db_.scalar("SELECT COUNT(*) FROM areas WHERE kind = 'lsoa' AND authority_code = ?", {code});
    case Kind::kWard:
      return db_.scalar("SELECT COUNT(*) FROM areas WHERE kind = 'lsoa' AND parent_code = ?", {code});
    case Kind::kNeighbourhood:
      return db_.scalar("SELECT COUNT(*) FROM neighbourhood_lsoas WHERE neighbourhood_code = ?", {code});
    case Kind::kMsoa:
      return db_.scalar("SELECT COUNT(*) FROM areas WHERE kind = 'lsoa' AND msoa_code = ?", {code});
    default:
      return 1;
  }
}

bool AreaStore::covers(const std::string& area_code, const std::string& lsoa_code) {
  auto area = get(area_code);
  if (!area) return false;
  auto codes = lsoa_codes(*area);
  return std::binary_search(codes.begin(), codes.end(), lsoa_code);
}

std::vector<std::string> AreaStore::lsoa_codes(const Area& area) {
  std::vector<std::string> out;
  auto take = [&](const char* sql, const store::Params& params) {
    for (const auto& r : db_.query(sql, params)) out.push_back(r.text(0));
  };
  switch (area.kind) {
    case Kind::kCountry:
      take("SELECT code FROM areas WHERE kind = 'lsoa' ORDER BY code", {});
      break;
    case Kind::kAuthority:
      take("SELECT code FROM areas WHERE kind = 'lsoa' AND authority_code = ? ORDER BY code", {area.code});
      break;
    case Kind::kWard:
      take("SELECT code FROM areas WHERE kind = 'lsoa' AND parent_code = ? ORDER BY code", {area.code});
      break;
    case Kind::kNeighbourhood:
      take("SELECT lsoa_code FROM neighbourhood_lsoas WHERE neighbourhood_code = ? ORDER BY lsoa_code", {area.code});
      break;
    case Kind::kMsoa:
      take("SELECT code FROM areas WHERE kind = 'lsoa' AND msoa_code = ? ORDER BY code", {area.code});
      break;
    case Kind::kLsoa:
      out.push_back(area.code);
      break;
  }
  return out;
}

AreaCounts AreaStore::counts() {
  AreaCounts c;
  for (const auto& r : db_.query("SELECT kind, COUNT(*) FROM areas GROUP BY kind")) {
    if (r.text(0) == "lsoa") c.lsoas = r.integer(1);
    if (r.text(0) == "ward") c.wards = r.integer(1);
    if (r.text(0) == "authority") c.authorities = r.integer(1);
    if (r.text(0) == "msoa") c.msoas = r.integer(1);
  }
  c.postcodes = postcode_count();
  c.boundaries = db_.scalar("SELECT COUNT(*) FROM area_boundaries");
  return c;
}

}  // namespace kith::areas
