#include "directory/importer.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "areas/area_store.h"
#include "areas/areas.h"
#include "core/csv.h"
#include "core/geo.h"
#include "core/text.h"
#include "directory/directory.h"
#include "directory/directory_store.h"
#include "directory/sheet.h"

namespace kith::directory {

namespace {

std::string str(const Json& o, const char* key) {
  if (!o.is_object() || !o.contains(key)) return "";
  const auto& v = o[key];
  if (v.is_string()) return trim(v.get<std::string>());
  if (v.is_number()) return v.dump();
  return "";
}

void copy_if(Json& to, const Json& from, const char* key, const char* as = nullptr) {
  std::string v = str(from, key);
  if (!v.empty()) to[as ? as : key] = v;
}

bool is_oruk1(const Json& record) {
  for (const char* k : {"pc_metadata", "regular_schedules", "service_taxonomys", "eligibilitys", "physical_addresses",
                        "deliverable_type", "attending_type"})
    if (record.contains(k)) return true;
  return false;
}

constexpr const char* kNotUtf8 = "is not UTF-8 text: save the file as \"CSV UTF-8\" and import it again";

// What is wrong with a location's coordinates, if anything.
std::string coordinate_problem(const Row& loc) {
  const Json& f = loc.fields;
  bool has_lat = f.contains("latitude"), has_lon = f.contains("longitude");
  if (has_lat != has_lon) return "has a latitude or a longitude but not both";
  if (!has_lat) return "";
  double lat = f["latitude"].get<double>(), lon = f["longitude"].get<double>();
  auto shown = [](double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return std::string(buf);
  };
  // Written so that NaN, which compares false with everything, is refused too.
  if (!(lat >= -90 && lat <= 90)) return "latitude " + shown(lat) + " is not between -90 and 90";
  if (!(lon >= -180 && lon <= 180)) return "longitude " + shown(lon) + " is not between -180 and 180";
  return "";
}

std::string shown_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.7g", v);
  return buf;
}

// Records the LSOA a location falls in, from its first address's postcode or else
// its coordinates; a location with a known postcode and no coordinates takes the
// postcode's point. Returns what looks wrong with the point, if anything: far from its
// own postcode's point, outside the authority its postcode is in, or, with no known
// postcode, outside the UK.
std::string place_location(store::Db& db, DirectoryStore& store, areas::AreaStore& areas, const Row& loc) {
  const Json& f = loc.fields;
  std::optional<double> lat, lon;
  if (f.contains("latitude")) lat = f["latitude"].get<double>();
  if (f.contains("longitude")) lon = f["longitude"].get<double>();
  const bool given = lat && lon;
  std::string postcode;
  for (const auto& a : store.rows_where("address", "location_id", loc.id())) {
    if (auto pc = areas::normalise_postcode(text_of(a, "postal_code"))) {
      postcode = *pc;
      break;
    }
  }
  std::string lsoa, warning;
  std::optional<areas::PostcodeHit> hit;
  if (!postcode.empty()) hit = areas.postcode(postcode);
  if (hit) {
    lsoa = hit->lsoa_code;
    if (!lat) {
      db.exec("UPDATE hsds_location SET latitude = ?, longitude = ? WHERE id = ?", {hit->lat, hit->lon, loc.id()});
      lat = hit->lat;
    }
  }
  auto point = [&] { return "the point (" + shown_number(*lat) + ", " + shown_number(*lon) + ")"; };
  if (given && hit) {
    std::vector<std::string> wrong;
    double d = geo::distance_m({*lon, *lat}, {hit->lon, hit->lat});
    if (d > 1000) {
      char km[32];
      std::snprintf(km, sizeof km, "%.1f", d / 1000);
      wrong.push_back(std::string("is ") + km + " km from " + hit->postcode + "'s point");
    }
    if (auto own = areas.get(hit->lsoa_code); own && !own->authority_code.empty()) {
      // Inside the authority's LSOA boundaries where they are loaded; else the nearest
      // LSOA centre is in the authority.
      bool inside = false;
      auto shapes = areas.lsoa_shapes(own->authority_code);
      if (shapes && !shapes->empty()) {
        for (const auto& shape : *shapes) inside = inside || geo::contains(shape.polygons, {*lon, *lat});
      } else {
        auto at = areas.nearest_lsoa(*lat, *lon);
        auto there = at ? areas.get(*at) : std::nullopt;
        inside = there && there->authority_code == own->authority_code;
      }
      if (!inside) {
        auto authority = areas.get(own->authority_code);
        wrong.push_back("is outside " + (authority ? authority->name : own->authority_code) + ", where " +
                        hit->postcode + " is");
      }
    }
    if (!wrong.empty()) warning = point() + " " + join(wrong, " and ") + ": check the coordinates or the postcode";
  } else if (given && !(*lat >= 49.8 && *lat <= 60.9 && *lon >= -8.7 && *lon <= 1.8)) {
    warning = point() + " is outside the UK";
  }
  if (lsoa.empty() && lat) lsoa = areas.nearest_lsoa(*lat, *lon).value_or("");
  store.set_location_place(loc.id(), lsoa, postcode);
  return warning;
}

// Adds a problem unless the same one is already listed.
void add_once(std::vector<Problem>& list, Problem p) {
  for (const auto& q : list)
    if (q.where == p.where && q.message == p.message) return;
  list.push_back(std::move(p));
}

}  // namespace

std::string guess_table(const Json& r) {
  if (!r.is_object()) return "";
  if (r.contains("service") && r.contains("location")) return "service_at_location";
  if (r.contains("status") || r.contains("service_at_locations") || r.contains("schedules")) return "service";
  if (r.contains("location_type") || r.contains("addresses")) return "location";
  if (r.contains("taxonomy_terms") || (r.contains("version") && !r.contains("code"))) return "taxonomy";
  if (r.contains("taxonomy_id") || r.contains("term") || r.contains("parent_id") || r.contains("code"))
    return "taxonomy_term";
  if (r.contains("name")) return "organization";
  return "";
}

Json oruk1_to_hsds3(const Json& v1) {
  Json s = Json::object();
  s["id"] = str(v1, "id");
  copy_if(s, v1, "name");
  std::string description = strip_html(str(v1, "description"));
  if (!description.empty()) s["description"] = description;
  copy_if(s, v1, "url");
  copy_if(s, v1, "email");
  s["status"] = str(v1, "status").empty() ? "active" : str(v1, "status");
  copy_if(s, v1, "fees", "fees_description");
  copy_if(s, v1, "accreditations");
  copy_if(s, v1, "assured_date");
  if (v1.contains("pc_metadata") && v1["pc_metadata"].is_object()) {
    std::string modified = str(v1["pc_metadata"], "date_modified");
    if (!modified.empty()) s["last_modified"] = modified.size() == 10 ? modified + "T00:00:00Z" : modified;
    copy_if(s, v1["pc_metadata"], "assured_by", "assurer_email");
  }
  if (v1.contains("organization") && v1["organization"].is_object()) {
    const Json& o = v1["organization"];
    Json org = {{"id", str(o, "id")}};
    copy_if(org, o, "name");
    std::string d = strip_html(str(o, "description"));
    org["description"] = d.empty() ? str(o, "name") : d;
    copy_if(org, o, "url", "website");
    copy_if(org, o, "email");
    copy_if(org, o, "logo");
    if (!str(o, "id").empty()) s["organization"] = org;
  }
  if (v1.contains("eligibilitys") && v1["eligibilitys"].is_array())
    for (const auto& e : v1["eligibilitys"]) {
      if (e.contains("minimum_age") && e["minimum_age"].is_number()) s["minimum_age"] = e["minimum_age"];
      if (e.contains("maximum_age") && e["maximum_age"].is_number()) s["maximum_age"] = e["maximum_age"];
    }
  auto each = [&](const char* key, auto fn) {
    if (v1.contains(key) && v1[key].is_array())
      for (const auto& item : v1[key])
        if (item.is_object()) fn(item);
  };
  Json schedules = Json::array();
  each("regular_schedules", [&](const Json& r) {
    Json sc = {{"id", str(r, "id")}, {"freq", "WEEKLY"}};
    if (auto d = normalise_day(str(r, "weekday"))) sc["byday"] = *d;
    copy_if(sc, r, "opens_at");
    copy_if(sc, r, "closes_at");
    copy_if(sc, r, "description");
    schedules.push_back(sc);
  });
  if (!schedules.empty()) s["schedules"] = schedules;
  Json sals = Json::array();
  each("service_at_locations", [&](const Json& r) {
    if (!r.contains("location") || !r["location"].is_object()) return;
    const Json& l = r["location"];
    Json loc = {{"id", str(l, "id")}, {"location_type", "physical"}};
    copy_if(loc, l, "name");
    copy_if(loc, l, "description");
    for (const char* k : {"latitude", "longitude"})
      if (l.contains(k) && !l[k].is_null()) loc[k] = l[k];
    Json addresses = Json::array();
    if (l.contains("physical_addresses") && l["physical_addresses"].is_array())
      for (const auto& a : l["physical_addresses"]) {
        Json addr = {{"id", str(a, "id")}, {"address_type", "physical"}};
        copy_if(addr, a, "address_1");
        copy_if(addr, a, "city");
        copy_if(addr, a, "state_province");
        copy_if(addr, a, "postal_code");
        addr["country"] = str(a, "country").empty() ? "GB" : str(a, "country");
        addresses.push_back(addr);
      }
    loc["addresses"] = addresses;
    sals.push_back({{"id", str(r, "id")}, {"location", loc}});
  });
  if (!sals.empty()) s["service_at_locations"] = sals;
  Json contacts = Json::array();
  each("contacts", [&](const Json& c) {
    Json contact = {{"id", str(c, "id")}};
    copy_if(contact, c, "name");
    copy_if(contact, c, "title");
    Json phones = Json::array();
    if (c.contains("phones") && c["phones"].is_array())
      for (const auto& p : c["phones"])
        if (!str(p, "number").empty()) phones.push_back({{"id", str(p, "id")}, {"number", str(p, "number")}});
    contact["phones"] = phones;
    contacts.push_back(contact);
  });
  if (!contacts.empty()) s["contacts"] = contacts;
  Json costs = Json::array();
  each("cost_options", [&](const Json& c) {
    Json cost = {{"id", str(c, "id")}};
    if (c.contains("amount") && c["amount"].is_number()) cost["amount"] = c["amount"];
    copy_if(cost, c, "option");
    copy_if(cost, c, "amount_description");
    costs.push_back(cost);
  });
  if (!costs.empty()) s["cost_options"] = costs;
  Json languages = Json::array();
  each("languages", [&](const Json& l) { languages.push_back({{"id", str(l, "id")}, {"name", str(l, "language")}}); });
  if (!languages.empty()) s["languages"] = languages;
  Json attributes = Json::array();
  each("service_taxonomys", [&](const Json& t) {
    if (!t.contains("taxonomy") || !t["taxonomy"].is_object()) return;
    const Json& tx = t["taxonomy"];
    Json term = {{"id", str(tx, "id")}, {"name", str(tx, "name")}, {"description", str(tx, "name")}};
    copy_if(term, tx, "vocabulary", "taxonomy");
    copy_if(term, tx, "parent", "parent_id");
    attributes.push_back({{"id", str(t, "id")}, {"taxonomy_term", term}});
  });
  if (!attributes.empty()) s["attributes"] = attributes;
  for (auto it = s.begin(); it != s.end();)  // ids left empty get stable ones from flatten
    it = (it->is_string() && it->get<std::string>().empty() && it.key() == "id") ? s.erase(it) : std::next(it);
  return s;
}

std::vector<std::string> service_postcodes(const Json& service) {
  std::vector<std::string> out;
  for (const auto& sal : service.value("service_at_locations", Json::array())) {
    if (!sal.is_object() || !sal.contains("location") || !sal["location"].is_object()) continue;
    for (const auto& a : sal["location"].value("addresses", Json::array()))
      if (auto pc = a.is_object() ? areas::normalise_postcode(text_of(a, "postal_code")) : std::nullopt)
        out.push_back(*pc);
  }
  return out;
}

ImportReport import_feed(store::Db& db, const Json& feed, FeedFormat format, const std::string& source,
                         const app::Progress& progress) {
  ImportReport report;
  DirectoryStore store(db);
  areas::AreaStore areas(db);
  std::vector<Json> records;
  if (feed.is_array())
    records.assign(feed.begin(), feed.end());
  else if (feed.is_object() && feed.contains("contents") && feed["contents"].is_array())
    records.assign(feed["contents"].begin(), feed["contents"].end());
  else
    records.push_back(feed);
  if (format == FeedFormat::kAuto)
    format = !records.empty() && is_oruk1(records.front()) ? FeedFormat::kOruk1 : FeedFormat::kHsds3;
  report.format = format == FeedFormat::kOruk1 ? "Open Referral UK 1.0" : "HSDS 3.0 / Open Referral UK 3.0";
  report.records = static_cast<int>(records.size());

  std::set<std::string> known_terms;
  for (const auto& r : db.query("SELECT id FROM hsds_taxonomy_term")) known_terms.insert(r.text(0));

  for (size_t i = 0; i < records.size(); ++i) {
    if (progress && i > 0 && i % 200 == 0)
      progress("directory: " + std::to_string(i) + " of " + std::to_string(records.size()) + " records read");
    Json record = format == FeedFormat::kOruk1 ? oruk1_to_hsds3(records[i]) : records[i];
    std::string where = "record " + std::to_string(i + 1);
    bool from_sheet = false;
    if (record.is_object() && record.contains("kith_line")) {  // a spreadsheet's row, named by its line
      where = "line " + record["kith_line"].dump() + " (" + str(record, "name") + ")";
      record.erase("kith_line");
      from_sheet = true;
    }
    std::string t = guess_table(record);
    if (t.empty()) {
      add_once(report.problems, {where, "is not an HSDS record (no name, status or other HSDS fields)"});
      continue;
    }
    if ((t == "service" || t == "organization") && str(record, "name").empty()) {
      add_once(report.problems, {where + " (" + t + " " + str(record, "id") + ")", "has no name"});
      continue;
    }
    // A service new by id may be one already listed from another feed: the same name
    // at the same postcode is taken as the same service, and updates it.
    bool matched = false;
    if (t == "service" && !str(record, "id").empty() && !store.row(t, str(record, "id"))) {
      if (auto same = store.same_service(str(record, "name"), service_postcodes(record))) {
        // A listing from another source is someone else's: it is named, never taken over.
        std::string held = store.source_of(*same);
        if (!held.empty() && held != source) {
          add_once(report.problems,
                   {where, "matches the listing \"" + text_of(*store.row("service", *same), "name") +
                               "\" already in the directory from " + held +
                               " (same name and postcode); that listing was left unchanged and this row not imported"});
          continue;
        }
        record["id"] = *same;
        matched = true;
      }
    }
    std::vector<Problem> problems;
    auto rows = flatten(t, record, problems);
    if (!rows) {
      for (auto& p : problems) add_once(report.problems, {where + ": " + p.where, p.message});
      continue;
    }
    // Every term an attribute names must be in this record or already held.
    std::set<std::string> terms = known_terms;
    for (const auto& r : *rows)
      if (r.table == "taxonomy_term") terms.insert(r.id());
    bool ok = true;
    for (const auto& r : *rows) {
      if (r.table != "attribute") continue;
      std::string term = text_of(r.fields, "taxonomy_term_id");
      if (term.empty() || !terms.count(term)) {
        add_once(report.problems, {where + ": attribute " + r.id(),
                                   term.empty() ? "names no taxonomy term" : "names an unknown taxonomy term " + term});
        ok = false;
      }
    }
    if (!ok) continue;
    // One impossible value in a nested location (the HSDS examples' latitude 100) costs
    // that location its point, not the whole record.
    for (auto& r : *rows) {
      if (r.table != "location") continue;
      if (auto problem = coordinate_problem(r); !problem.empty()) {
        add_once(report.warnings,
                 {where + ": location " + r.id(), problem + "; its latitude and longitude were left out"});
        r.fields.erase("latitude");
        r.fields.erase("longitude");
      }
    }
    std::string id = rows->back().id();
    bool existed = store.row(t, id).has_value();
    store.put(*rows);
    for (const auto& r : *rows) {
      if (r.table == "taxonomy_term") known_terms.insert(r.id());
      if (r.table != "location") continue;
      if (auto warning = place_location(db, store, areas, r); !warning.empty())
        add_once(report.warnings, {from_sheet ? where : where + ": location " + r.id(), warning});
    }
    for (const auto& r : *rows) {
      if (r.table != "service") continue;
      store.refresh_search_text(r.id());
      store.set_source(r.id(), source);
    }
    (existed ? report.updated : report.added)++;
    if (matched) report.matched++;
  }
  // The last line gives the whole count, so it agrees with the summary.
  if (progress && !records.empty())
    progress("directory: " + std::to_string(records.size()) + " of " + std::to_string(records.size()) +
             " records read");
  return report;
}

namespace {

// The tabular form's files, parents before children: saving a parent replaces what it
// owns, so its children must come after it.
const std::vector<std::pair<std::string, std::string>>& tabular_files() {
  static const std::vector<std::pair<std::string, std::string>> files = {
      {"taxonomy", "taxonomies.csv"},        {"taxonomy_term", "taxonomy_terms.csv"},
      {"organization", "organizations.csv"}, {"organization_identifier", "organization_identifiers.csv"},
      {"program", "programs.csv"},           {"service", "services.csv"},
      {"location", "locations.csv"},         {"service_at_location", "service_at_location.csv"},
      {"address", "addresses.csv"},          {"accessibility", "accessibility.csv"},
      {"contact", "contacts.csv"},           {"phone", "phones.csv"},
      {"schedule", "schedules.csv"},         {"service_area", "service_areas.csv"},
      {"language", "languages.csv"},         {"funding", "funding.csv"},
      {"cost_option", "cost_options.csv"},   {"required_document", "required_documents.csv"},
      {"attribute", "attributes.csv"},       {"metadata", "metadata.csv"},
  };
  return files;
}

}  // namespace

Result<ImportReport> import_tabular(store::Db& db, const std::string& folder, const std::string& source,
                                    const app::Progress& progress) {
  namespace fs = std::filesystem;
  if (!fs::exists(fs::path(folder) / "services.csv"))
    return Error{"not-found", folder + " has no services.csv: is it an HSDS tabular folder?", {}};
  ImportReport report;
  report.format = "HSDS 3.0 tabular (CSV)";
  DirectoryStore store(db);
  areas::AreaStore areas(db);
  std::vector<Row> locations;
  std::set<std::string> services;  // whose search text the import changes
  for (const auto& [name, file] : tabular_files()) {
    std::ifstream in(fs::path(folder) / file, std::ios::binary);
    if (!in) continue;  // every file but services.csv is optional
    CsvReader reader(in);
    auto header = reader.header();
    const Table* t = table(name);
    std::vector<std::string> cells;
    int taken = 0;
    while (reader.next(cells)) {
      ++report.records;
      if (!all_utf8(cells)) {
        report.problems.push_back({file + " line " + std::to_string(reader.line()), kNotUtf8});
        continue;
      }
      Json doc = Json::object();
      for (const auto& [column, index] : header)
        if (t->field(column) && index < cells.size() && !cells[index].empty()) doc[column] = cells[index];
      std::vector<Problem> problems;
      auto rows = flatten(name, doc, problems);
      std::string where = file + " line " + std::to_string(reader.line());
      if (!rows) {
        for (const auto& p : problems) add_once(report.problems, {where, p.message});
        continue;
      }
      // An impossible point costs the location its point, not the location.
      if (std::string problem = name == "location" ? coordinate_problem(rows->back()) : ""; !problem.empty()) {
        add_once(report.warnings, {where, problem + "; its latitude and longitude were left out"});
        rows->back().fields.erase("latitude");
        rows->back().fields.erase("longitude");
      }
      bool existed = store.row(name, rows->back().id()).has_value();
      store.put(*rows);
      if (name == "location") locations.push_back(rows->back());
      if (name == "service") services.insert(rows->back().id());
      if (name == "attribute" && text_of(rows->back().fields, "link_entity") == "service")
        services.insert(text_of(rows->back().fields, "link_id"));
      (existed ? report.updated : report.added)++;
      ++taken;
    }
    // The caller's transaction is not committed: nothing of a broken file is kept.
    if (auto opened = reader.unclosed_quote())
      return Error{"validation-failed", file + " " + unclosed_quote_problem(*opened), {{"file", file}}};
    if (progress) progress("directory: " + file + ": " + std::to_string(taken) + " rows");
  }
  for (const auto& loc : locations)
    if (auto warning = place_location(db, store, areas, loc); !warning.empty())
      add_once(report.warnings, {"locations.csv: location " + loc.id(), warning});
  for (const auto& id : services) {
    store.refresh_search_text(id);
    store.set_source(id, source);
  }
  return report;
}

Json spreadsheet_to_feed(std::istream& in, const std::map<std::string, std::string>& mapping,
                         const std::map<std::string, std::string>& terms, std::vector<Problem>& problems) {
  auto reading = read_sheet(in, {mapping, false}, terms);
  if (!reading) {
    problems.push_back({"header", reading.error().message});
    return Json::array();
  }
  problems.insert(problems.end(), reading->problems.begin(), reading->problems.end());
  for (auto& record : reading->feed) record.erase("kith_line");
  return reading->feed;
}

Result<ImportReport> import_sheet(store::Db& db, std::istream& in, const ImportOptions& options,
                                  const std::string& source, const app::Progress& progress) {
  std::map<std::string, std::string> terms;
  for (const auto& r : db.query("SELECT id, name FROM hsds_taxonomy_term WHERE name IS NOT NULL"))
    terms[to_lower(r.text(1))] = r.text(0);
  auto reading = read_sheet(in, {options.mapping, options.swap_coordinates, options.controls}, terms);
  if (!reading) return reading.error();
  // Local categories first, and not counted: the records are the file's rows. Progress
  // counts the file's rows too (rows that are one listing are imported once), so the
  // last line agrees with the summary.
  Json categories = Json::array(), services = Json::array();
  for (const auto& r : reading->feed) (r.contains("kith_line") ? services : categories).push_back(r);
  auto made = import_feed(db, categories, FeedFormat::kHsds3, source, {});
  auto report = import_feed(db, services, FeedFormat::kHsds3, source, {});
  if (progress)
    progress("directory: " + std::to_string(reading->rows) + " of " + std::to_string(reading->rows) + " records read");
  report.format = "a spreadsheet of places (CSV)";
  for (auto& p : made.problems) add_once(report.problems, p);
  report.records = reading->rows;
  std::vector<Problem> problems = reading->problems;
  for (auto& p : report.problems) add_once(problems, p);
  report.problems = problems;
  report.merged = reading->merged;
  std::vector<Problem> warnings = reading->warnings;
  for (auto& w : report.warnings) add_once(warnings, w);
  report.warnings = warnings;
  report.unmapped = reading->unmapped;
  report.columns = reading->columns;
  report.preview = reading->preview;
  report.swapped = reading->swapped_applied;
  return report;
}

Result<ImportReport> import_file(store::Database& database, const std::string& path, const ImportOptions& options,
                                 const app::Progress& progress) {
  const std::string name = path.substr(path.find_last_of('/') + 1);
  auto run = [&](const std::function<Result<ImportReport>(store::Db&)>& import) -> Result<ImportReport> {
    auto db = database.acquire();
    store::Transaction tx(*db, true);
    auto report = import(*db);
    if (report && !options.dry_run) tx.commit();  // a dry run's transaction is rolled back
    if (report) report->dry_run = options.dry_run;
    return report;
  };
  if (path.size() > 4 && to_lower(path.substr(path.size() - 4)) == ".csv") {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"not-found", "Cannot read " + path, {}};
    return run([&](store::Db& db) -> Result<ImportReport> {
      auto report = import_sheet(db, in, options, name, progress);
      if (!report) return Error{report.error().code, path + ": " + report.error().message, report.error().fields};
      return report;
    });
  }
  if (!options.mapping.empty() || options.swap_coordinates)
    return Error{"validation-failed", "--map and --swap-coordinates are for spreadsheets (.csv files) only", {}};
  if (std::filesystem::is_directory(path))
    return run([&](store::Db& db) { return import_tabular(db, path, path, progress); });
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"not-found", "Cannot read " + path, {}};
  std::stringstream buf;
  buf << in.rdbuf();
  if (auto problem = encoding_problem(buf.str())) return Error{"not-utf8", path + ": " + *problem, {}};
  Json feed = Json::parse(buf.str(), nullptr, false);
  if (feed.is_discarded())
    return Error{"bad-json", path + " is not valid JSON (check for a missing comma or bracket)", {}};
  return run(
      [&](store::Db& db) -> Result<ImportReport> { return import_feed(db, feed, options.format, name, progress); });
}

Result<ImportReport> import_file(store::Database& database, const std::string& path, FeedFormat format,
                                 const app::Progress& progress, const std::map<std::string, std::string>& mapping) {
  ImportOptions options;
  options.format = format;
  options.mapping = mapping;
  return import_file(database, path, options, progress);
}

namespace {

std::string cell_text(const Json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

}  // namespace

std::string report_text(const ImportReport& r) {
  std::string out =
      (r.dry_run ? "Dry run, nothing was written. " : "") + std::string("Read ") + std::to_string(r.records) +
      " records as " + r.format + ": " + std::to_string(r.added) + (r.dry_run ? " would be added, " : " added, ") +
      std::to_string(r.updated) + (r.dry_run ? " would be updated" : " updated") + " (" + std::to_string(r.matched) +
      " by name and postcode), " + std::to_string(r.merged.size()) + " merged, " + std::to_string(r.problems.size()) +
      " not taken, " + std::to_string(r.warnings.size()) + " warnings.\n";
  if (r.swapped) out += "Latitude and longitude were swapped, as asked.\n";
  for (const auto& p : r.problems) out += "  not taken: " + p.where + ": " + p.message + "\n";
  for (const auto& p : r.merged) out += "  merged: " + p.where + ": " + p.message + "\n";
  for (const auto& p : r.warnings) out += "  warning: " + p.where + ": " + p.message + "\n";
  if (!r.unmapped.empty()) {
    std::vector<std::string> quoted;
    for (const auto& c : r.unmapped) quoted.push_back("\"" + c + "\"");
    out += "Columns not imported (map one with --map FIELD=COLUMN): " + join(quoted, ", ") + "\n";
  }
  if (!r.preview.empty()) {
    out += "The first rows as Kith reads them:\n";
    for (const auto& row : r.preview) {
      out += "  line " + cell_text(row["line"]) + ":";
      for (const auto& [k, v] : row.items())
        if (k != "line" && !cell_text(v).empty()) out += " " + k + "=" + cell_text(v) + ";";
      out.back() = '\n';
    }
  }
  return out;
}

Json report_json(const ImportReport& r) {
  auto list = [](const std::vector<Problem>& ps) {
    Json out = Json::array();
    for (const auto& p : ps) out.push_back({{"where", p.where}, {"message", p.message}});
    return out;
  };
  return {{"format", r.format},           {"records", r.records},     {"added", r.added},
          {"updated", r.updated},         {"matched", r.matched},     {"problems", list(r.problems)},
          {"warnings", list(r.warnings)}, {"merged", list(r.merged)}, {"unmapped", r.unmapped},
          {"columns", r.columns},         {"preview", r.preview},     {"swapped", r.swapped},
          {"dry_run", r.dry_run}};
}

}  // namespace kith::directory
