// AreaStore's postcodes: looking one up, and writing all England's (1.5 million)
// fast. Compiled optimised in every build (see CMakeLists.txt): the tests load the
// demo, and so these rows, about ten times.
#include "areas/area_store.h"
#include "core/text.h"
#include "store/settings.h"

namespace kith::areas {

namespace {

constexpr const char* kPostcode = "SELECT display, lat, lon, lsoa_code, uncertain FROM postcodes WHERE postcode = ?";
// COUNT(*) over 1.5 million rows is too slow for the home page: kept as a setting.
constexpr const char* kPostcodeCountKey = "areas.postcode_count";
constexpr const char* kCreateImport =
    "CREATE TEMP TABLE postcodes_import (postcode TEXT, display TEXT, lat DOUBLE PRECISION, lon DOUBLE PRECISION, "
    "lsoa_code TEXT, authority_code TEXT, uncertain INTEGER)";
// WHERE true: SQLite reads ON CONFLICT after a bare SELECT as part of a join.
constexpr const char* kUpsertPostcodes =
    "INSERT INTO postcodes (postcode, display, lat, lon, lsoa_code, authority_code, uncertain) "
    "SELECT postcode, display, lat, lon, lsoa_code, authority_code, uncertain FROM postcodes_import WHERE true "
    "ON CONFLICT (postcode) DO UPDATE SET display = excluded.display, lat = excluded.lat, lon = excluded.lon, "
    "lsoa_code = excluded.lsoa_code, authority_code = excluded.authority_code, uncertain = excluded.uncertain";
constexpr const char* kLsoaCentres =
    "SELECT code, authority_code, lat, lon FROM areas WHERE kind = 'lsoa' AND lat IS NOT NULL ORDER BY code";
constexpr const char* kAllLsoaBoundaries =
    "SELECT b.code, b.geometry FROM area_boundaries b JOIN areas a ON a.code = b.code WHERE a.kind = 'lsoa' "
    "ORDER BY b.code";

}  // namespace

std::optional<PostcodeHit> AreaStore::postcode(const std::string& normalised) {
  auto row = db_.query_one(kPostcode, {normalised});
  if (!row) return std::nullopt;
  return PostcodeHit{row->text(0), row->real(1), row->real(2), row->text(3), row->integer(4) != 0};
}

void AreaStore::write_postcodes(const std::string& table, const PostcodeSet& set) {
  db_.bulk_insert_each(table, {"postcode", "display", "lat", "lon", "lsoa_code", "authority_code", "uncertain"},
                       set.rows.size(), [&](std::size_t i, store::Params& row) {
                         const Postcode& p = set.rows[i];
                         const LsoaCentre& lsoa = set.lsoas.at(static_cast<std::size_t>(p.lsoa));
                         std::string_view pc = p.postcode();
                         row.resize(7);
                         row[0].emplace<std::string>(pc);
                         auto& display = row[1].emplace<std::string>(pc.substr(0, pc.size() - 3));
                         display += ' ';
                         display += pc.substr(pc.size() - 3);
                         row[2] = p.lat;
                         row[3] = p.lon;
                         row[4].emplace<std::string>(lsoa.code);
                         row[5].emplace<std::string>(lsoa.authority_code);
                         row[6] = std::int64_t{uncertain(p.placement) ? 1 : 0};
                       });
}

void AreaStore::count_postcodes() {
  store::set_setting(db_, kPostcodeCountKey, db_.scalar("SELECT COUNT(*) FROM postcodes"));
}

std::int64_t AreaStore::postcode_count() {
  auto held = store::get_setting(db_, kPostcodeCountKey);
  return held.is_number() ? held.get<std::int64_t>() : db_.scalar("SELECT COUNT(*) FROM postcodes");
}

void AreaStore::replace_postcodes(const PostcodeSet& set, const app::Progress& progress) {
  if (db_.dialect() == store::Dialect::kPostgres) {
    // Emptied and refilled in one go: the key is built once, after COPY, rather than
    // row by row. (TRUNCATE holds the table until the import commits.)
    db_.exec("TRUNCATE postcodes");
    db_.exec("ALTER TABLE postcodes DROP CONSTRAINT postcodes_pkey");
    write_postcodes("postcodes", set);
    db_.exec("ALTER TABLE postcodes ADD CONSTRAINT postcodes_pkey PRIMARY KEY (postcode)");
  } else {
    db_.exec("DELETE FROM postcodes");
    write_postcodes("postcodes", set);
  }
  store::set_setting(db_, kPostcodeCountKey, static_cast<std::int64_t>(set.rows.size()));
  if (progress) progress("saved " + thousands(static_cast<std::int64_t>(set.rows.size())) + " postcodes");
}

void AreaStore::upsert_postcodes(const PostcodeSet& set, const app::Progress& progress) {
  db_.exec("DROP TABLE IF EXISTS postcodes_import");
  db_.exec(kCreateImport);
  write_postcodes("postcodes_import", set);
  db_.exec(kUpsertPostcodes);
  db_.exec("DROP TABLE postcodes_import");
  count_postcodes();
  if (progress) progress("saved " + thousands(static_cast<std::int64_t>(set.rows.size())) + " postcodes");
}

Placer AreaStore::placer() {
  std::vector<LsoaCentre> centres;
  for (const auto& r : db_.query(kLsoaCentres)) centres.push_back({r.text(0), r.text(1), r.real(2), r.real(3)});
  std::vector<LsoaShape> shapes;
  for (const auto& r : db_.query(kAllLsoaBoundaries)) {
    auto g = nlohmann::json::parse(r.text(1), nullptr, false);
    if (!g.is_discarded()) shapes.push_back({r.text(0), parse_geometry(g)});
  }
  return Placer(std::move(centres), std::move(shapes));
}

}  // namespace kith::areas
