#include "directory/importer.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "areas/area_store.h"
#include "areas/areas.h"
#include "core/csv.h"
#include "core/text.h"
#include "directory/directory.h"
#include "directory/directory_store.h"

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

// A CSV is bytes: a file saved in another encoding must be refused by row, not
// stored and then fail every page that shows it.
bool all_utf8(const std::vector<std::string>& cells) {
  return std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return valid_utf8(c); });
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

// Records the LSOA a location falls in, from its first address's postcode or else
// its coordinates; a location with a known postcode and no coordinates takes the
// postcode's point.
void place_location(store::Db& db, DirectoryStore& store, areas::AreaStore& areas, const Row& loc) {
  const Json& f = loc.fields;
  std::optional<double> lat, lon;
  if (f.contains("latitude")) lat = f["latitude"].get<double>();
  if (f.contains("longitude")) lon = f["longitude"].get<double>();
  std::string postcode;
  for (const auto& a : store.rows_where("address", "location_id", loc.id())) {
    if (auto pc = areas::normalise_postcode(text_of(a, "postal_code"))) {
      postcode = *pc;
      break;
    }
  }
  std::string lsoa;
  if (!postcode.empty()) {
    if (auto hit = areas.postcode(postcode)) {
      lsoa = hit->lsoa_code;
      if (!lat) {
        db.exec("UPDATE hsds_location SET latitude = ?, longitude = ? WHERE id = ?", {hit->lat, hit->lon, loc.id()});
        lat = hit->lat;
      }
    }
  }
  if (lsoa.empty() && lat) lsoa = areas.nearest_lsoa(*lat, *lon).value_or("");
  store.set_location_place(loc.id(), lsoa, postcode);
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
      progress("directory: " + std::to_string(i) + " of " + std::to_string(records.size()) + " records");
    Json record = format == FeedFormat::kOruk1 ? oruk1_to_hsds3(records[i]) : records[i];
    std::string where = "record " + std::to_string(i + 1);
    std::string t = guess_table(record);
    if (t.empty()) {
      report.problems.push_back({where, "is not an HSDS record (no name, status or other HSDS fields)"});
      continue;
    }
    if ((t == "service" || t == "organization") && str(record, "name").empty()) {
      report.problems.push_back({where + " (" + t + " " + str(record, "id") + ")", "has no name"});
      continue;
    }
    // A service new by id may be one already listed from another feed: the same name
    // at the same postcode is taken as the same service, and updates it.
    bool matched = false;
    if (t == "service" && !str(record, "id").empty() && !store.row(t, str(record, "id"))) {
      if (auto same = store.same_service(str(record, "name"), service_postcodes(record))) {
        record["id"] = *same;
        matched = true;
      }
    }
    std::vector<Problem> problems;
    auto rows = flatten(t, record, problems);
    if (!rows) {
      for (auto& p : problems) report.problems.push_back({where + ": " + p.where, p.message});
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
        report.problems.push_back({where + ": attribute " + r.id(),
                                   term.empty() ? "names no taxonomy term" : "names an unknown taxonomy term " + term});
        ok = false;
      }
    }
    for (const auto& r : *rows) {
      if (r.table != "location") continue;
      if (auto problem = coordinate_problem(r); !problem.empty()) {
        report.problems.push_back({where + ": location " + r.id(), problem});
        ok = false;
      }
    }
    if (!ok) continue;
    std::string id = rows->back().id();
    bool existed = store.row(t, id).has_value();
    store.put(*rows);
    for (const auto& r : *rows) {
      if (r.table == "taxonomy_term") known_terms.insert(r.id());
      if (r.table == "location") place_location(db, store, areas, r);
    }
    for (const auto& r : *rows) {
      if (r.table != "service") continue;
      store.refresh_search_text(r.id());
      store.set_source(r.id(), source);
    }
    (existed ? report.updated : report.added)++;
    if (matched) report.matched++;
  }
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
      std::string problem = rows && name == "location" ? coordinate_problem(rows->back()) : "";
      if (!rows || !problem.empty()) {
        std::string where = file + " line " + std::to_string(reader.line());
        if (!problem.empty()) report.problems.push_back({where, problem});
        for (const auto& p : problems) report.problems.push_back({where, p.message});
        continue;
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
    if (progress) progress("directory: " + file + ": " + std::to_string(taken) + " rows");
  }
  for (const auto& loc : locations) place_location(db, store, areas, loc);
  for (const auto& id : services) {
    store.refresh_search_text(id);
    store.set_source(id, source);
  }
  return report;
}

namespace {

std::string squash(const std::string& s) {
  std::string out;
  for (char c : to_lower(s))
    if (std::isalnum(static_cast<unsigned char>(c))) out += c;
  return out;
}

const std::map<std::string, std::vector<std::string>>& column_names() {
  static const std::map<std::string, std::vector<std::string>> names = {
      {"name", {"name", "groupname", "group", "activity", "title", "servicename"}},
      {"description", {"description", "about", "details", "whatitis"}},
      {"organisation", {"organisation", "organization", "runby", "provider"}},
      {"address", {"address", "address1", "street", "venue", "building"}},
      {"town", {"town", "city", "locality"}},
      {"postcode", {"postcode", "postalcode", "zip"}},
      {"latitude", {"latitude", "lat"}},
      {"longitude", {"longitude", "lon", "lng", "long"}},
      {"category", {"category", "type", "kind"}},
      {"days", {"days", "day", "whichdays"}},
      {"opens_at", {"opensat", "opens", "start", "starttime", "from"}},
      {"closes_at", {"closesat", "closes", "end", "endtime", "finish", "to"}},
      {"email", {"email", "emailaddress"}},
      {"phone", {"phone", "telephone", "tel", "phonenumber"}},
      {"url", {"url", "website", "web", "link"}},
  };
  return names;
}

}  // namespace

Json spreadsheet_to_feed(std::istream& in, const std::map<std::string, std::string>& mapping,
                         const std::map<std::string, std::string>& terms, std::vector<Problem>& problems) {
  CsvReader reader(in);
  auto header = reader.header();
  std::map<std::string, size_t> at;  // field -> column index
  for (const auto& [field, aliases] : column_names()) {
    auto wanted = mapping.find(field);
    for (const auto& [column, index] : header) {
      bool match = wanted != mapping.end() ? squash(column) == squash(wanted->second)
                                           : std::find(aliases.begin(), aliases.end(), squash(column)) != aliases.end();
      if (match) at[field] = index;
    }
    if (wanted != mapping.end() && !at.count(field))
      problems.push_back({"header", "there is no column \"" + wanted->second + "\" for " + field});
  }
  if (!at.count("name")) {
    problems.push_back({"header", "no column holds the name (call it \"name\", or map one with --map name=COLUMN)"});
    return Json::array();
  }
  const std::string taxonomy_id = stable_id("local-categories");
  Json new_terms = Json::array();
  std::map<std::string, std::string> known = terms;
  Json services = Json::array();
  std::vector<std::string> cells;
  while (reader.next(cells)) {
    auto get = [&](const std::string& field) {
      auto it = at.find(field);
      return it != at.end() && it->second < cells.size() ? trim(cells[it->second]) : std::string();
    };
    std::string where = "line " + std::to_string(reader.line());
    if (!all_utf8(cells)) {
      problems.push_back({where, kNotUtf8});
      continue;
    }
    Listing l;
    l.name = get("name");
    if (l.name.empty()) {
      if (std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return trim(c).empty(); })) continue;
      problems.push_back({where, "has no name"});
      continue;
    }
    where += " (" + l.name + ")";
    l.description = get("description");
    l.organisation = get("organisation");
    l.address_1 = get("address");
    l.town = get("town");
    if (!get("postcode").empty()) {
      auto pc = areas::normalise_postcode(get("postcode"));
      if (!pc) {
        problems.push_back({where, "\"" + get("postcode") + "\" is not a postcode"});
        continue;
      }
      l.postcode = areas::display_postcode(*pc);
    }
    std::string days = get("days");
    for (char& c : days)
      if (c == ';' || c == '/' || c == '&') c = ',';
    for (const auto& d : split(days, ','))
      for (const auto& word : split(trim(d), ' '))
        if (auto code = normalise_day(word)) l.days.push_back(*code);
    bool bad_time = false;
    for (const char* f : {"opens_at", "closes_at"}) {
      if (get(f).empty()) continue;
      auto t = normalise_time(get(f));
      if (!t) {
        problems.push_back({where, std::string(f) + " \"" + get(f) + "\" is not a time like 10:00"});
        bad_time = true;
      } else {
        (std::string(f) == "opens_at" ? l.opens_at : l.closes_at) = *t;
      }
    }
    if (bad_time) continue;
    l.email = get("email");
    l.phone = get("phone");
    l.url = get("url");
    if (std::string category = get("category"); !category.empty()) {
      std::string key = to_lower(category);
      if (!known.count(key)) {
        known[key] = stable_id("local-categories/" + key);
        new_terms.push_back({{"id", known[key]},
                             {"name", category},
                             {"description", category + " (a local category from an imported spreadsheet)"},
                             {"taxonomy_id", taxonomy_id}});
      }
      l.category = known[key];
    }
    Json s = listing_to_hsds(l, "sheet/" + to_lower(l.name) + "/" + l.postcode);
    Json& location = s["service_at_locations"][0]["location"];
    if (!get("latitude").empty() || !get("longitude").empty()) {
      auto lat = parse_double(get("latitude"));
      auto lon = parse_double(get("longitude"));
      if (!lat || !lon) {
        problems.push_back({where, "the latitude and longitude must both be numbers"});
        continue;
      }
      if (!(*lat >= -90 && *lat <= 90 && *lon >= -180 && *lon <= 180)) {
        problems.push_back({where, "the latitude must be between -90 and 90 and the longitude between -180 and 180"});
        continue;
      }
      location["latitude"] = *lat;
      location["longitude"] = *lon;
    }
    if (l.address_1.empty()) location["name"] = l.postcode.empty() ? l.name : l.postcode;
    if (l.address_1.empty() && l.postcode.empty() && !location.contains("latitude")) s.erase("service_at_locations");
    if (l.description.empty()) s.erase("description");
    services.push_back(s);
  }
  Json feed = Json::array();
  if (!new_terms.empty()) {
    feed.push_back({{"id", taxonomy_id},
                    {"version", "1"},
                    {"name", "Local categories"},
                    {"description", "Categories that came with imported spreadsheets."}});
    for (auto& t : new_terms) feed.push_back(t);
  }
  for (auto& s : services) feed.push_back(s);
  return feed;
}

Result<ImportReport> import_file(store::Database& database, const std::string& path, FeedFormat format,
                                 const app::Progress& progress, const std::map<std::string, std::string>& mapping) {
  if (path.size() > 4 && to_lower(path.substr(path.size() - 4)) == ".csv") {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"not-found", "Cannot read " + path, {}};
    auto db = database.acquire();
    store::Transaction tx(*db, true);
    std::map<std::string, std::string> terms;
    for (const auto& r : db->query("SELECT id, name FROM hsds_taxonomy_term WHERE name IS NOT NULL"))
      terms[to_lower(r.text(1))] = r.text(0);
    std::vector<Problem> problems;
    Json feed = spreadsheet_to_feed(in, mapping, terms, problems);
    if (!problems.empty() && problems.front().where == "header")
      return Error{"validation-failed", path + ": " + problems.front().message, {}};
    auto report = import_feed(*db, feed, FeedFormat::kHsds3, path.substr(path.find_last_of('/') + 1), progress);
    report.format = "a spreadsheet of places (CSV)";
    report.records += static_cast<int>(problems.size());
    report.problems.insert(report.problems.begin(), problems.begin(), problems.end());
    tx.commit();
    return report;
  }
  if (std::filesystem::is_directory(path)) {
    auto db = database.acquire();
    store::Transaction tx(*db, true);
    auto report = import_tabular(*db, path, path, progress);
    if (report) tx.commit();
    return report;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"not-found", "Cannot read " + path, {}};
  std::stringstream buf;
  buf << in.rdbuf();
  Json feed = Json::parse(buf.str(), nullptr, false);
  if (feed.is_discarded())
    return Error{"bad-json", path + " is not valid JSON (check for a missing comma or bracket)", {}};
  auto db = database.acquire();
  store::Transaction tx(*db, true);
  auto report = import_feed(*db, feed, format, path.substr(path.find_last_of('/') + 1), progress);
  tx.commit();
  return report;
}

}  // namespace kith::directory
