#include "directory/directory_store.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "core/text.h"

namespace kith::directory {

namespace {

// What the search index reads, table by table (the first column names the service).
constexpr const char* kIndexServices = "SELECT id, name, kith_search, minimum_age, maximum_age FROM hsds_service";
constexpr const char* kIndexTerms =
    "SELECT link_id, taxonomy_term_id FROM hsds_attribute WHERE taxonomy_term_id IS NOT NULL";
constexpr const char* kIndexSchedules =
    "SELECT service_id, byday, opens_at, closes_at FROM hsds_schedule WHERE service_id IS NOT NULL";
constexpr const char* kIndexFree =
    "SELECT DISTINCT service_id FROM hsds_cost_option WHERE amount = 0 OR LOWER(option) = 'free'";
constexpr const char* kIndexAccess =
    "SELECT location_id, COALESCE(description, ''), COALESCE(details, '') FROM hsds_accessibility "
    "WHERE location_id IS NOT NULL";
constexpr const char* kIndexPlaces =
    "SELECT sal.service_id, l.id, l.latitude, l.longitude FROM hsds_service_at_location sal "
    "JOIN hsds_location l ON l.id = sal.location_id WHERE l.latitude IS NOT NULL AND l.longitude IS NOT NULL";

constexpr const char* kServiceTerms =
    "SELECT DISTINCT t.id, t.name FROM hsds_taxonomy_term t JOIN hsds_attribute a ON a.taxonomy_term_id = t.id "
    "WHERE a.link_entity = 'service' ORDER BY t.name, t.id";
constexpr const char* kSameService =
    "SELECT s.id FROM hsds_service s JOIN hsds_service_at_location sal ON sal.service_id = s.id "
    "JOIN hsds_location l ON l.id = sal.location_id WHERE LOWER(TRIM(s.name)) = ? AND l.kith_postcode = ? "
    "ORDER BY s.id LIMIT 1";
constexpr const char* kDuplicateCandidates =
    "SELECT s.id, s.name, s.kith_source AS source, l.kith_postcode AS postcode, l.latitude, l.longitude "
    "FROM hsds_service s LEFT JOIN hsds_service_at_location sal ON sal.service_id = s.id "
    "LEFT JOIN hsds_location l ON l.id = sal.location_id ORDER BY s.id";
constexpr const char* kHostsAService =
    "EXISTS (SELECT 1 FROM hsds_service_at_location sal WHERE sal.location_id = l.id)";
constexpr const char* kServicesAt =
    "SELECT s.id, s.name FROM hsds_service_at_location sal JOIN hsds_service s ON s.id = sal.service_id "
    "WHERE sal.location_id = ? ORDER BY s.name, s.id";

// The related rows each kind of record owns: saved again with it, so a repeated
// import drops what the feed no longer lists. Shared records (a location used by two
// services, an organisation) own only what cannot belong to anything else.
const std::vector<std::string>& owned_keys(const std::string& table) {
  static const std::map<std::string, std::vector<std::string>> owned = {
      {"service",
       {"schedules", "service_areas", "service_at_locations", "languages", "funding", "cost_options",
        "required_documents", "contacts", "phones", "attributes", "metadata"}},
      {"location", {"addresses", "accessibility", "attributes", "metadata"}},
      {"organization", {"organization_identifiers", "attributes", "metadata"}},
      {"service_at_location", {"attributes", "metadata"}},
      {"contact", {"phones", "attributes"}},
      {"phone", {"languages", "attributes"}},
  };
  static const std::vector<std::string> just_attributes = {"attributes", "metadata"};
  auto it = owned.find(table);
  return it == owned.end() ? just_attributes : it->second;
}

Json to_json(const store::Row& r) {
  Json out = Json::object();
  for (size_t i = 0; i < r.size(); ++i) {
    const auto& v = r.value(i);
    const std::string& name = r.columns()[i];
    if (std::holds_alternative<std::nullptr_t>(v))
      out[name] = nullptr;
    else if (const auto* n = std::get_if<std::int64_t>(&v))
      out[name] = *n;
    else if (const auto* d = std::get_if<double>(&v))
      out[name] = *d;
    else
      out[name] = std::get<std::string>(v);
  }
  return out;
}

store::Value to_value(const Json& v) {
  if (v.is_null()) return nullptr;
  if (v.is_number_integer()) return static_cast<double>(v.get<std::int64_t>());
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

// Filters shared by /services and /service_at_locations, over services `s`.
void service_filters(const ServiceQuery& q, std::vector<std::string>& where, store::Params& params) {
  for (const auto& w : q.words) {
    where.push_back("s.kith_search LIKE ? ESCAPE '\\'");
    params.push_back("%" + like_escape(w) + "%");
  }
  if (!q.taxonomy_term_id.empty()) {
    where.push_back("EXISTS (SELECT 1 FROM hsds_attribute a WHERE a.link_id = s.id AND a.taxonomy_term_id = ?)");
    params.push_back(q.taxonomy_term_id);
  }
  if (!q.taxonomy_id.empty()) {
    where.push_back(
        "EXISTS (SELECT 1 FROM hsds_attribute a JOIN hsds_taxonomy_term t ON t.id = a.taxonomy_term_id "
        "WHERE a.link_id = s.id AND t.taxonomy_id = ?)");
    params.push_back(q.taxonomy_id);
  }
  if (!q.organization_id.empty()) {
    where.push_back("s.organization_id = ?");
    params.push_back(q.organization_id);
  }
  if (!q.modified_after.empty()) {
    where.push_back("s.last_modified >= ?");
    params.push_back(q.modified_after);
  }
  if (q.minimum_age) {
    where.push_back("s.minimum_age >= ?");
    params.push_back(*q.minimum_age);
  }
  if (q.maximum_age) {
    where.push_back("s.maximum_age <= ?");
    params.push_back(*q.maximum_age);
  }
  if (q.age) {
    where.push_back("(s.minimum_age IS NULL OR s.minimum_age <= ?) AND (s.maximum_age IS NULL OR s.maximum_age >= ?)");
    params.push_back(*q.age);
    params.push_back(*q.age);
  }
  if (q.free_only)
    where.push_back(
        "EXISTS (SELECT 1 FROM hsds_cost_option c WHERE c.service_id = s.id AND (c.amount = 0 OR LOWER(c.option) = "
        "'free'))");
  if (!q.day.empty() || !q.start_time.empty() || !q.end_time.empty()) {
    std::string cond = "EXISTS (SELECT 1 FROM hsds_schedule sc WHERE sc.service_id = s.id";
    if (!q.day.empty()) {
      cond += " AND sc.byday LIKE ?";
      params.push_back("%" + q.day + "%");
    }
    if (!q.start_time.empty()) {
      cond += " AND sc.opens_at >= ?";
      params.push_back(q.start_time);
    }
    if (!q.end_time.empty()) {
      cond += " AND sc.closes_at <= ?";
      params.push_back(q.end_time);
    }
    where.push_back(cond + ")");
  }
}

// Squared distance in metres from the centre, on a flat map around it: good to
// well under 1% at a town's scale, and the same arithmetic on both backends. The
// numbers are Kith's own (a postcode's point), written into the SQL.
std::string distance_sq(const Centre& c, const std::string& alias) {
  char lat[32], lon[32], kx[32];
  std::snprintf(lat, sizeof lat, "%.7f", c.lat);
  std::snprintf(lon, sizeof lon, "%.7f", c.lon);
  std::snprintf(kx, sizeof kx, "%.3f", 111320.0 * std::cos(c.lat * M_PI / 180.0));
  std::string dy = "(" + alias + ".latitude - " + lat + ") * 111320.0";
  std::string dx = "(" + alias + ".longitude - " + lon + ") * " + kx;
  return "(" + dy + ") * (" + dy + ") + (" + dx + ") * (" + dx + ")";
}

}  // namespace

void DirectoryStore::put(const std::vector<Row>& rows) {
  changed();
  for (const auto& r : rows) {
    for (const auto& key : owned_keys(r.table)) {
      const Relation* rel = relation(key);
      std::string column = rel->parent_column(r.table);
      if (!table(rel->table)->field(column)) continue;
      std::string sql = "DELETE FROM hsds_" + rel->table + " WHERE " + column + " = ?";
      store::Params params{r.id()};
      if (!rel->entity_column.empty()) {
        sql += " AND " + rel->entity_column + " = ?";
        params.push_back(r.table);
      }
      db_.exec(sql, params);
    }
  }
  for (const auto& r : rows) {
    db_.exec("DELETE FROM hsds_" + r.table + " WHERE id = ?", {r.id()});
    std::vector<std::string> columns;
    store::Params params;
    for (const auto& [k, v] : r.fields.items()) {
      columns.push_back(k);
      params.push_back(to_value(v));
    }
    std::string marks;
    for (size_t i = 0; i < columns.size(); ++i) marks += i ? ", ?" : "?";
    db_.exec("INSERT INTO hsds_" + r.table + " (" + join(columns, ", ") + ") VALUES (" + marks + ")", params);
  }
}

std::optional<Json> DirectoryStore::row(const std::string& t, const std::string& id) {
  auto r = db_.query_one("SELECT * FROM hsds_" + t + " WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return to_json(*r);
}

std::map<std::string, std::string> DirectoryStore::languages_of(const std::vector<std::string>& service_ids) {
  std::map<std::string, std::string> out;
  if (service_ids.empty()) return out;
  std::string marks;
  store::Params params;
  for (const auto& id : service_ids) {
    marks += marks.empty() ? "?" : ", ?";
    params.push_back(id);
  }
  for (const auto& r : db_.query("SELECT id, kith_language FROM hsds_service WHERE id IN (" + marks + ")", params))
    out[r.text(0)] = r.text(1);
  return out;
}

std::vector<Json> DirectoryStore::rows_where(const std::string& t, const std::string& column, const std::string& value,
                                             const std::string& entity_column, const std::string& entity) {
  std::string sql = "SELECT * FROM hsds_" + t + " WHERE " + column + " = ?";
  store::Params params{value};
  if (!entity_column.empty()) {
    sql += " AND " + entity_column + " = ?";
    params.push_back(entity);
  }
  sql += " ORDER BY id";
  std::vector<Json> out;
  for (const auto& r : db_.query(sql, params)) out.push_back(to_json(r));
  return out;
}

RowSource DirectoryStore::source() {
  return [this](const std::string& t, const std::string& column, const std::string& value,
                const std::string& entity_column,
                const std::string& entity) { return rows_where(t, column, value, entity_column, entity); };
}

std::optional<Json> DirectoryStore::document(const Shape& shape, const std::string& id) {
  auto r = row(shape.table, id);
  if (!r) return std::nullopt;
  return assemble(shape, *r, source());
}

Found DirectoryStore::list(const std::string& t, int page, int per_page) {
  Found out;
  out.total = db_.scalar("SELECT COUNT(*) FROM hsds_" + t);
  bool has_name = table(t)->field("name") != nullptr;
  for (const auto& r :
       db_.query("SELECT * FROM hsds_" + t + " ORDER BY " + (has_name ? "name, " : "") + "id LIMIT ? OFFSET ?",
                 {std::int64_t{per_page}, std::int64_t{(page - 1) * std::int64_t{per_page}}}))
    out.rows.push_back(to_json(r));
  return out;
}

Found DirectoryStore::services(const ServiceQuery& q, const std::optional<Centre>& centre, bool at_locations) {
  std::vector<std::string> where;
  store::Params params;
  std::string from = at_locations ? "hsds_service_at_location sal JOIN hsds_service s ON s.id = sal.service_id "
                                    "LEFT JOIN hsds_location l ON l.id = sal.location_id"
                                  : "hsds_service s";
  service_filters(q, where, params);
  std::string distance;
  if (centre) {
    if (at_locations) {
      distance = distance_sq(*centre, "l");
      if (q.proximity_m) {
        where.push_back("l.latitude IS NOT NULL AND " + distance + " <= ?");
        params.push_back(*q.proximity_m * *q.proximity_m);
      }
    } else if (q.proximity_m) {
      where.push_back(
          "EXISTS (SELECT 1 FROM hsds_service_at_location sal2 JOIN hsds_location l2 ON l2.id = sal2.location_id "
          "WHERE sal2.service_id = s.id AND l2.latitude IS NOT NULL AND " +
          distance_sq(*centre, "l2") + " <= ?)");
      params.push_back(*q.proximity_m * *q.proximity_m);
    }
  }
  std::string where_sql = where.empty() ? "" : " WHERE " + join(where, " AND ");
  Found out;
  out.total = db_.scalar("SELECT COUNT(*) FROM " + from + where_sql, params);
  std::string select = at_locations ? "sal.*" : "s.*";
  std::string order = "s.name, s.id";
  store::Params all = params;
  if (at_locations) {
    order = "s.name, sal.id";
    if (!distance.empty()) {
      select += ", " + distance + " AS kith_distance_sq";
      order = "CASE WHEN l.latitude IS NULL THEN 1 ELSE 0 END, kith_distance_sq, s.name, sal.id";
    }
  }
  all.push_back(std::int64_t{q.per_page});
  all.push_back(std::int64_t{q.page - 1} * q.per_page);
  for (const auto& r :
       db_.query("SELECT " + select + " FROM " + from + where_sql + " ORDER BY " + order + " LIMIT ? OFFSET ?", all)) {
    Json j = to_json(r);
    std::optional<double> d;
    if (j.contains("kith_distance_sq")) {
      if (j["kith_distance_sq"].is_number()) d = std::sqrt(j["kith_distance_sq"].get<double>());
      j.erase("kith_distance_sq");
    }
    out.rows.push_back(std::move(j));
    out.distances_m.push_back(d);
  }
  return out;
}

void DirectoryStore::set_location_place(const std::string& id, const std::string& lsoa_code,
                                        const std::string& postcode) {
  changed();
  db_.exec("UPDATE hsds_location SET kith_lsoa_code = ?, kith_postcode = ? WHERE id = ?",
           {lsoa_code.empty() ? store::Value{nullptr} : store::Value{lsoa_code},
            postcode.empty() ? store::Value{nullptr} : store::Value{postcode}, id});
}

void DirectoryStore::refresh_search_text(const std::string& service_id) {
  auto s = row("service", service_id);
  if (!s) return;
  changed();
  std::vector<std::string> parts{text_of(*s, "name"), text_of(*s, "description")};
  if (auto org = row("organization",
                     (*s)["organization_id"].is_string() ? (*s)["organization_id"].get<std::string>() : std::string()))
    parts.push_back(text_of(*org, "name"));
  for (const auto& r :
       db_.query("SELECT t.name FROM hsds_attribute a JOIN hsds_taxonomy_term t ON t.id = a.taxonomy_term_id "
                 "WHERE a.link_id = ?",
                 {service_id}))
    parts.push_back(r.text(0));
  db_.exec("UPDATE hsds_service SET kith_search = ? WHERE id = ?", {search_text(parts), service_id});
}

void DirectoryStore::set_source(const std::string& service_id, const std::string& source) {
  db_.exec("UPDATE hsds_service SET kith_source = ? WHERE id = ?", {source, service_id});
}

std::string DirectoryStore::source_of(const std::string& service_id) {
  auto r = db_.query_one("SELECT COALESCE(kith_source, '') FROM hsds_service WHERE id = ?", {service_id});
  return r ? r->text(0) : "";
}

DirectoryStore::Holdings DirectoryStore::in_lsoas(const std::vector<std::string>& lsoas) {
  // Services, their places and their categories, a chunk of LSOAs at a time (every
  // database limits a statement's parameters); all England in one go.
  constexpr std::size_t kChunk = 500;
  std::map<std::string, std::string> services, venues;
  std::set<std::pair<std::string, std::string>> tagged;  // term name, service id
  auto read = [&](const std::string& where, const store::Params& params) {
    for (const auto& r : db_.query("SELECT s.id, s.name, l.id, l.name FROM hsds_location l "
                                   "JOIN hsds_service_at_location sal ON sal.location_id = l.id "
                                   "JOIN hsds_service s ON s.id = sal.service_id WHERE " +
                                       where,
                                   params)) {
      services[r.text(0)] = r.text(1);
      venues[r.text(2)] = r.is_null(3) ? "" : r.text(3);
    }
    for (const auto& r : db_.query("SELECT DISTINCT t.name, s.id FROM hsds_location l "
                                   "JOIN hsds_service_at_location sal ON sal.location_id = l.id "
                                   "JOIN hsds_service s ON s.id = sal.service_id "
                                   "JOIN hsds_attribute a ON a.link_entity = 'service' AND a.link_id = s.id "
                                   "JOIN hsds_taxonomy_term t ON t.id = a.taxonomy_term_id WHERE " +
                                       where,
                                   params))
      tagged.emplace(r.text(0), r.text(1));
  };
  if (lsoas.empty()) read("l.kith_lsoa_code IS NOT NULL", {});
  for (std::size_t from = 0; from < lsoas.size(); from += kChunk) {
    store::Params params(lsoas.begin() + static_cast<std::ptrdiff_t>(from),
                         lsoas.begin() + static_cast<std::ptrdiff_t>(std::min(lsoas.size(), from + kChunk)));
    std::string marks;
    for (std::size_t k = 0; k < params.size(); ++k) marks += k ? ", ?" : "?";
    read("l.kith_lsoa_code IN (" + marks + ")", params);
  }
  Holdings out;
  auto by_name = [](const std::map<std::string, std::string>& m) {
    std::vector<std::pair<std::string, std::string>> v(m.begin(), m.end());
    std::sort(v.begin(), v.end(),
              [](const auto& x, const auto& y) { return std::tie(x.second, x.first) < std::tie(y.second, y.first); });
    return v;
  };
  out.services = by_name(services);
  out.venues = by_name(venues);
  for (const auto& tag : tagged) ++out.categories[tag.first];
  return out;
}

std::vector<std::pair<std::string, std::string>> DirectoryStore::service_terms() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : db_.query(kServiceTerms)) out.emplace_back(r.text(0), r.text(1));
  return out;
}

std::optional<std::string> DirectoryStore::same_service(const std::string& name,
                                                        const std::vector<std::string>& postcodes) {
  std::string key = to_lower(trim(name));
  if (key.empty()) return std::nullopt;
  for (const auto& pc : postcodes)
    if (auto r = db_.query_one(kSameService, {key, pc})) return r->text(0);
  return std::nullopt;
}

std::vector<Json> DirectoryStore::duplicate_candidates() {
  std::vector<Json> out;
  db_.each(kDuplicateCandidates, {}, [&](const store::Row& r) { out.push_back(to_json(r)); });
  return out;
}

void DirectoryStore::remove_service(const std::string& id) {
  changed();
  for (const auto& key : owned_keys("service")) {
    const Relation* rel = relation(key);
    std::string column = rel->parent_column("service");
    if (!table(rel->table)->field(column)) continue;
    std::string sql = "DELETE FROM hsds_" + rel->table + " WHERE " + column + " = ?";
    store::Params params{id};
    if (!rel->entity_column.empty()) {
      sql += " AND " + rel->entity_column + " = ?";
      params.push_back(std::string("service"));
    }
    db_.exec(sql, params);
  }
  db_.exec("DELETE FROM hsds_service WHERE id = ?", {id});
}

Found DirectoryStore::venues(int page, int per_page) {
  Found out;
  out.total = db_.scalar(std::string("SELECT COUNT(*) FROM hsds_location l WHERE ") + kHostsAService);
  for (const auto& r : db_.query(std::string("SELECT * FROM hsds_location l WHERE ") + kHostsAService +
                                     " ORDER BY l.name, l.id LIMIT ? OFFSET ?",
                                 {std::int64_t{per_page}, std::int64_t{page - 1} * per_page}))
    out.rows.push_back(to_json(r));
  return out;
}

std::vector<Json> DirectoryStore::services_at(const std::string& location_id) {
  std::vector<Json> out;
  for (const auto& r : db_.query(kServicesAt, {location_id})) out.push_back(to_json(r));
  return out;
}

std::vector<IndexedService> DirectoryStore::index_data() {
  std::vector<IndexedService> out;
  std::unordered_map<std::string, std::uint32_t> by_id;
  db_.each(kIndexServices, {}, [&](const store::Row& r) {
    IndexedService s;
    s.id = r.text(0);
    s.name = r.text(1);
    s.text = r.text(2);
    s.minimum_age = r.opt_real(3);
    s.maximum_age = r.opt_real(4);
    by_id.emplace(s.id, static_cast<std::uint32_t>(out.size()));
    out.push_back(std::move(s));
  });
  auto find = [&](const store::Row& r) -> IndexedService* {
    if (r.is_null(0)) return nullptr;
    auto it = by_id.find(r.text(0));
    return it == by_id.end() ? nullptr : &out[it->second];
  };
  db_.each(kIndexTerms, {}, [&](const store::Row& r) {
    if (auto* s = find(r)) s->terms.push_back(r.text(1));
  });
  db_.each(kIndexSchedules, {}, [&](const store::Row& r) {
    auto* s = find(r);
    if (!s) return;
    Opening o;
    o.days = r.is_null(1) ? 0 : day_bits(r.text(1));
    if (o.days == 0) o.days = 0x7F;  // no days given: any day
    if (auto m = r.is_null(2) ? std::nullopt : minutes_of(r.text(2))) o.opens = static_cast<std::uint16_t>(*m);
    if (auto m = r.is_null(3) ? std::nullopt : minutes_of(r.text(3))) o.closes = static_cast<std::uint16_t>(*m);
    s->openings.push_back(o);
  });
  db_.each(kIndexFree, {}, [&](const store::Row& r) {
    if (auto* s = find(r)) s->free = true;
  });
  std::unordered_map<std::string, std::uint8_t> access;
  db_.each(kIndexAccess, {},
           [&](const store::Row& r) { access[r.text(0)] |= access_features(r.text(1) + " " + r.text(2)); });
  db_.each(kIndexPlaces, {}, [&](const store::Row& r) {
    auto* s = find(r);
    if (!s) return;
    s->places.push_back({r.real(3), r.real(2)});
    s->place_ids.push_back(r.text(1));
    if (auto it = access.find(r.text(1)); it != access.end()) s->access |= it->second;
  });
  return out;
}

std::int64_t DirectoryStore::generation() { return db_.scalar("SELECT n FROM directory_generation WHERE id = 1"); }

void DirectoryStore::changed() {
  if (changed_) return;
  db_.exec("UPDATE directory_generation SET n = n + 1 WHERE id = 1");
  changed_ = true;
}

std::int64_t DirectoryStore::count(const std::string& t) { return db_.scalar("SELECT COUNT(*) FROM hsds_" + t); }

}  // namespace kith::directory
