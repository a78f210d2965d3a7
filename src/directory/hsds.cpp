#include "directory/hsds.h"

#include <cmath>

#include "core/crypto.h"
#include "core/text.h"

namespace kith::directory {

const Field* Table::field(const std::string& n) const {
  for (const auto& f : fields)
    if (f.name == n) return &f;
  return nullptr;
}

const Table* table(const std::string& name) {
  for (const auto& t : tables())
    if (t.name == name) return &t;
  return nullptr;
}

std::string Relation::parent_column(const std::string& parent) const {
  if (is_object) return (key == "taxonomy_detail" ? std::string("taxonomy") : key) + "_id";
  return child_column.empty() ? parent + "_id" : child_column;
}

const Relation* relation(const std::string& key) {
  static const std::vector<Relation> all = {
      {"schedules", "schedule"},
      {"service_areas", "service_area"},
      {"service_at_locations", "service_at_location"},
      {"languages", "language"},
      {"funding", "funding"},
      {"cost_options", "cost_option"},
      {"required_documents", "required_document"},
      {"contacts", "contact"},
      {"phones", "phone"},
      {"addresses", "address"},
      {"accessibility", "accessibility"},
      {"organization_identifiers", "organization_identifier"},
      {"services", "service"},
      {"locations", "location"},
      {"programs", "program"},
      {"taxonomy_terms", "taxonomy_term", false, "taxonomy_id"},
      {"attributes", "attribute", false, "link_id", "link_entity"},
      {"metadata", "metadata", false, "resource_id", "resource_type"},
      {"organization", "organization", true},
      {"service", "service", true},
      {"location", "location", true},
      {"program", "program", true},
      {"taxonomy_term", "taxonomy_term", true},
      {"taxonomy_detail", "taxonomy", true},
  };
  for (const auto& r : all)
    if (r.key == key) return &r;
  return nullptr;
}

namespace {

Shape with_attributes(std::string table, std::vector<Nest> nested = {}) {
  nested.push_back({"attributes", Shape{"attribute", {{"taxonomy_term", Shape{"taxonomy_term", {}}}}}});
  return Shape{std::move(table), std::move(nested)};
}

Shape location_full() {
  return with_attributes("location", {{"addresses", with_attributes("address")},
                                      {"accessibility", with_attributes("accessibility")},
                                      {"phones", Shape{"phone", {}}}});
}

Shape organization_core() {
  return with_attributes("organization", {{"organization_identifiers", with_attributes("organization_identifier")}});
}

// A service with everything but its locations.
std::vector<Nest> service_parts() {
  return {
      {"schedules", Shape{"schedule", {}}}, {"service_areas", Shape{"service_area", {}}},
      {"languages", Shape{"language", {}}}, {"organization", organization_core()},
      {"funding", Shape{"funding", {}}},    {"cost_options", Shape{"cost_option", {}}},
      {"phones", Shape{"phone", {}}},       {"contacts", with_attributes("contact", {{"phones", Shape{"phone", {}}}})}};
}

Shape make_service_full() {
  auto parts = service_parts();
  parts.insert(parts.begin() + 2,
               Nest{"service_at_locations", Shape{"service_at_location", {{"location", location_full()}}}});
  return with_attributes("service", std::move(parts));
}

}  // namespace

const Shape& service_full() {
  static const Shape s = make_service_full();
  return s;
}

const Shape& service_list_item() {
  static const Shape s{"service", {{"organization", Shape{"organization", {}}}}};
  return s;
}

const Shape& service_at_location_full() {
  static const Shape s{"service_at_location",
                       {{"location", location_full()}, {"service", with_attributes("service", service_parts())}}};
  return s;
}

const Shape& service_at_location_list_item() {
  static const Shape s{"service_at_location",
                       {{"location", Shape{"location", {}}},
                        {"service", Shape{"service", {{"organization", Shape{"organization", {}}}}}}}};
  return s;
}

const Shape& organization_full() {
  static const Shape s = [] {
    Shape o = organization_core();
    o.nested.push_back({"services", service_full()});
    return o;
  }();
  return s;
}

const Shape& organization_list_item() {
  static const Shape s{"organization", {}};
  return s;
}

namespace {
std::vector<Nest> summary_parts() {
  return {{"organization", Shape{"organization", {}}},
          {"schedules", Shape{"schedule", {}}},
          {"cost_options", Shape{"cost_option", {}}}};
}
Shape place_summary() { return Shape{"location", {{"addresses", Shape{"address", {}}}}}; }
}  // namespace

const Shape& service_summary() {
  static const Shape s = [] {
    Shape out{"service", summary_parts()};
    out.nested.push_back({"service_at_locations", Shape{"service_at_location", {{"location", place_summary()}}}});
    return out;
  }();
  return s;
}

const Shape& service_at_location_summary() {
  static const Shape s{"service_at_location",
                       {{"location", place_summary()}, {"service", Shape{"service", summary_parts()}}}};
  return s;
}

const Shape& venue_shape() {
  static const Shape s{"location",
                       {{"addresses", Shape{"address", {}}}, {"accessibility", Shape{"accessibility", {}}}}};
  return s;
}

const Shape& taxonomy_shape() {
  static const Shape s{"taxonomy", {}};
  return s;
}

const Shape& taxonomy_term_shape() {
  static const Shape s{"taxonomy_term", {}};
  return s;
}

std::string text_of(const Json& o, const std::string& key) {
  if (!o.is_object()) return "";
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string stable_id(const std::string& text) {
  std::string h = sha256_hex(text).substr(0, 32);
  h[12] = '5';                                                  // name-based
  h[16] = "89ab"[std::stoi(h.substr(16, 1), nullptr, 16) % 4];  // RFC 4122 variant
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

namespace {

std::string label(const Table& t, const Json& doc, const std::string& id) {
  std::string name = doc.is_object() && doc.contains("name") && doc["name"].is_string() ? doc["name"] : "";
  return t.name + " " + (id.empty() ? "(no id)" : id) + (name.empty() ? "" : " (" + name + ")");
}

std::string id_of(const Json& doc) {
  if (!doc.is_object() || !doc.contains("id")) return "";
  const auto& v = doc["id"];
  if (v.is_string()) return trim(v.get<std::string>());
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  return "";
}

bool flatten_into(const Table& t, const Json& doc, const std::string& fallback_id, const Json& fixed,
                  std::vector<Row>& out, std::vector<Problem>& problems) {
  std::string id = id_of(doc);
  if (id.empty()) id = fallback_id;
  std::string where = label(t, doc, id);
  if (!doc.is_object()) {
    problems.push_back({where, "is not a JSON object"});
    return false;
  }
  if (id.empty()) {
    problems.push_back({where, "has no id"});
    return false;
  }
  Row row{t.name};
  bool ok = true;
  for (const auto& [key, value] : doc.items()) {
    if (value.is_null()) continue;
    if (const Field* f = t.field(key)) {
      if (f->type == FieldType::kNumber) {
        if (value.is_number()) {
          row.fields[key] = value;
        } else if (value.is_string() && trim(value.get<std::string>()).empty()) {
          continue;
        } else if (auto n = value.is_string() ? parse_double(value.get<std::string>()) : std::nullopt;
                   n && std::isfinite(*n)) {
          row.fields[key] = *n;
        } else {
          // replace: the value may be text that is not UTF-8 (from a CSV), shown, not thrown.
          problems.push_back(
              {where, key + " should be a number, not " + value.dump(-1, ' ', false, Json::error_handler_t::replace)});
          ok = false;
        }
      } else if (value.is_string()) {
        row.fields[key] = value;
      } else if (value.is_number() || value.is_boolean()) {
        row.fields[key] = value.dump();
      } else {
        problems.push_back({where, key + " should be text, not a " + std::string(value.type_name())});
        ok = false;
      }
      continue;
    }
    const Relation* rel = relation(key);
    if (!rel) continue;  // a field of another profile: not kept
    // ORUK's accessibility.accessibility is text, not the accessibility list.
    if (rel->table == t.name && !value.is_structured()) continue;
    const Table* child = table(rel->table);
    if (rel->is_object) {
      // Only where this table can point at the object ("organization" inside an
      // organization has nowhere to go): otherwise it is not kept, as above.
      if (!t.field(rel->parent_column(t.name))) continue;
      if (!value.is_object()) {
        problems.push_back({where, key + " should be an object"});
        ok = false;
        continue;
      }
      std::vector<Row> rows;
      if (!flatten_into(*child, value, stable_id(id + "/" + key), Json::object(), rows, problems)) {
        ok = false;
        continue;
      }
      row.fields[rel->parent_column(t.name)] = rows.back().id();
      out.insert(out.end(), rows.begin(), rows.end());
      continue;
    }
    if (!value.is_array()) {
      problems.push_back({where, key + " should be a list"});
      ok = false;
      continue;
    }
    Json child_fixed = {{rel->parent_column(t.name), id}};
    if (!rel->entity_column.empty()) child_fixed[rel->entity_column] = t.name;
    for (size_t i = 0; i < value.size(); ++i)
      ok = flatten_into(*child, value[i], stable_id(id + "/" + key + "/" + std::to_string(i)), child_fixed, out,
                        problems) &&
           ok;
  }
  row.fields["id"] = id;
  for (const auto& [k, v] : fixed.items())
    if (t.field(k)) row.fields[k] = v;
  out.push_back(std::move(row));
  return ok;
}

}  // namespace

std::optional<std::vector<Row>> flatten(const std::string& table_name, const Json& doc,
                                        std::vector<Problem>& problems) {
  const Table* t = table(table_name);
  if (!t) {
    problems.push_back({table_name, "is not an HSDS object"});
    return std::nullopt;
  }
  std::vector<Row> rows;
  if (!flatten_into(*t, doc, "", Json::object(), rows, problems)) return std::nullopt;
  return rows;
}

Json assemble(const Shape& shape, const Json& row, const RowSource& source) {
  const Table* t = table(shape.table);
  Json out = Json::object();
  for (const auto& f : t->fields) {
    auto it = row.find(f.name);
    if (it == row.end() || it->is_null()) continue;
    if (it->is_number_float()) {
      double d = it->get<double>();
      if (std::floor(d) == d && std::fabs(d) < 1e15)
        out[f.name] = static_cast<std::int64_t>(d);
      else
        out[f.name] = d;
    } else {
      out[f.name] = *it;
    }
  }
  std::string id = text_of(row, "id");
  for (const auto& [key, sub] : shape.nested) {
    const Relation* rel = relation(key);
    if (rel->is_object) {
      auto fk = row.find(rel->parent_column(shape.table));
      if (fk == row.end() || !fk->is_string() || fk->get<std::string>().empty()) continue;
      auto rows = source(sub.table, "id", *fk, "", "");
      if (!rows.empty()) out[key] = assemble(sub, rows.front(), source);
      continue;
    }
    Json list = Json::array();
    for (const auto& r : source(sub.table, rel->parent_column(shape.table), id, rel->entity_column,
                                rel->entity_column.empty() ? "" : shape.table))
      list.push_back(assemble(sub, r, source));
    out[key] = list;
  }
  return out;
}

}  // namespace kith::directory
