#include "directory/export.h"

#include "core/csv.h"
#include "core/text.h"
#include "directory/directory.h"
#include "directory/directory_store.h"

namespace kith::directory {

namespace {

std::vector<std::string> ids(store::Db& db, const std::string& sql) {
  std::vector<std::string> out;
  for (const auto& r : db.query(sql)) out.push_back(r.text(0));
  return out;
}

std::string number_text(const Json& o, const char* key) {
  return o.contains(key) && o[key].is_number() ? o[key].dump() : "";
}

}  // namespace

void export_hsds(store::Db& db, std::ostream& out) {
  DirectoryStore store(db);
  out << "[";
  bool first = true;
  for (const auto& id : ids(db, "SELECT id FROM hsds_service ORDER BY name, id")) {
    out << (first ? "\n" : ",\n") << store.document(service_full(), id)->dump();
    first = false;
  }
  out << "\n]\n";
}

void export_csv(store::Db& db, std::ostream& out) {
  DirectoryStore store(db);
  const std::vector<std::string> columns = {"service_id", "name",         "organisation", "description", "categories",
                                            "when",       "minimum_age",  "maximum_age",  "url",         "email",
                                            "place",      "address",      "postcode",     "latitude",    "longitude",
                                            "lsoa_code",  "last_modified"};
  for (size_t i = 0; i < columns.size(); ++i) out << (i ? "," : "") << columns[i];
  out << "\n";
  for (const auto& id : ids(db, "SELECT id FROM hsds_service ORDER BY name, id")) {
    Json s = *store.document(service_full(), id);
    std::vector<std::string> categories, when;
    for (const auto& a : s["attributes"])
      if (a.contains("taxonomy_term")) categories.push_back(text_of(a["taxonomy_term"], "name"));
    for (const auto& sc : s["schedules"]) when.push_back(describe_schedule(sc));
    Json places = Json::array();
    for (const auto& sal : s["service_at_locations"]) places.push_back(sal.value("location", Json::object()));
    if (places.empty()) places.push_back(Json::object());
    for (const auto& loc : places) {
      Json address = loc.contains("addresses") && !loc["addresses"].empty() ? loc["addresses"][0] : Json::object();
      auto row = store.row("location", text_of(loc, "id"));
      std::vector<std::string> cells = {id,
                                        text_of(s, "name"),
                                        s.contains("organization") ? text_of(s["organization"], "name") : "",
                                        strip_html(text_of(s, "description")),
                                        join(categories, "; "),
                                        join(when, "; "),
                                        number_text(s, "minimum_age"),
                                        number_text(s, "maximum_age"),
                                        text_of(s, "url"),
                                        text_of(s, "email"),
                                        text_of(loc, "name"),
                                        join({text_of(address, "address_1"), text_of(address, "city")}, ", "),
                                        text_of(address, "postal_code"),
                                        number_text(loc, "latitude"),
                                        number_text(loc, "longitude"),
                                        row ? text_of(*row, "kith_lsoa_code") : "",
                                        text_of(s, "last_modified")};
      if (cells[11] == ", ") cells[11] = "";
      out << csv_line(cells);
    }
  }
}

void export_geojson(store::Db& db, std::ostream& out) {
  out << "{\"type\":\"FeatureCollection\",\"features\":[";
  bool first = true;
  for (const auto& r : db.query("SELECT l.id, l.name, l.latitude, l.longitude, l.kith_lsoa_code FROM hsds_location l "
                                "WHERE l.latitude IS NOT NULL AND l.longitude IS NOT NULL ORDER BY l.name, l.id")) {
    Json services = Json::array();
    for (const auto& s :
         db.query("SELECT s.id, s.name FROM hsds_service_at_location sal JOIN hsds_service s ON s.id = sal.service_id "
                  "WHERE sal.location_id = ? ORDER BY s.name",
                  {r.text(0)}))
      services.push_back({{"id", s.text(0)}, {"name", s.text(1)}, {"href", "/directory/services/" + s.text(0)}});
    Json feature = {{"type", "Feature"},
                    {"geometry", {{"type", "Point"}, {"coordinates", {r.real(3), r.real(2)}}}},
                    {"properties",
                     {{"id", r.text(0)},
                      {"name", r.text(1)},
                      {"lsoa_code", r.opt_text(4) ? Json(r.text(4)) : Json(nullptr)},
                      {"services", services}}}};
    out << (first ? "\n" : ",\n") << feature.dump();
    first = false;
  }
  out << "\n]}\n";
}

}  // namespace kith::directory
