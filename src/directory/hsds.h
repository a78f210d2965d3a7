#pragma once
// Open Referral (HSDS 3.0) documents and the tables that hold them. Pure: turning a
// nested HSDS document into table rows (flatten) and rows back into a document
// (assemble) touch no database; the store passes rows in and out.
#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace kith::directory {

using Json = nlohmann::json;

enum class FieldType { kText, kNumber };

struct Field {
  std::string name;
  FieldType type;
};

// One HSDS object's table (stored as hsds_<name>).
struct Table {
  std::string name;
  std::vector<Field> fields;
  const Field* field(const std::string& n) const;
};

const std::vector<Table>& tables();
const Table* table(const std::string& name);

// A row of one table: the HSDS fields it has (absent fields are null).
struct Row {
  std::string table;
  Json fields = Json::object();
  std::string id() const { return fields.value("id", ""); }
};

// How a key inside an HSDS object leads to other objects:
//   an array of children that point back to the parent ("schedules" -> schedule.service_id);
//   an object the parent points at ("organization" -> service.organization_id).
struct Relation {
  std::string key;
  std::string table;
  bool is_object = false;
  // For arrays: the child's column holding the parent's id (empty: "<parent>_id").
  std::string child_column;
  // The column naming the parent's table, for children shared by every table (attributes).
  std::string entity_column;
  std::string parent_column(const std::string& parent) const;
};
const Relation* relation(const std::string& key);

// What a document holds: its table and which related objects to nest, how deep.
struct Nest;
struct Shape {
  std::string table;
  std::vector<Nest> nested;
};
// A related object or list nested in a document under `key`.
struct Nest {
  std::string key;
  Shape shape;
};
// The shapes the Open Referral UK API serves (compiled ORUK schemas).
const Shape& service_full();
const Shape& service_list_item();
const Shape& service_at_location_full();
const Shape& service_at_location_list_item();
const Shape& organization_full();
const Shape& organization_list_item();
// What a results list shows: a service with its organisation, schedules, costs and
// places' addresses (fewer queries than the full documents).
const Shape& service_summary();
const Shape& service_at_location_summary();
// A venue: a location with its addresses and what it says about access.
const Shape& venue_shape();
const Shape& taxonomy_shape();
const Shape& taxonomy_term_shape();

// A record that could not be taken, and why: "service 12 (Youth club): minimum_age is not a number".
struct Problem {
  std::string where;
  std::string message;
};

// Turns one HSDS document of `table` into rows: its own and every nested object's,
// each carrying the id of what it belongs to. Nested objects without an id get a
// stable one derived from their parent's, so a repeated import updates them.
// Fields of the wrong type are reported and the document is refused (nullopt).
std::optional<std::vector<Row>> flatten(const std::string& table, const Json& doc, std::vector<Problem>& problems);

// Fetches rows for assemble(): of `table` where `column` = `value` (and `entity_column`
// = `entity` when given).
using RowSource =
    std::function<std::vector<Json>(const std::string& table, const std::string& column, const std::string& value,
                                    const std::string& entity_column, const std::string& entity)>;

// Builds the document for `row` (a row of shape.table) with the related objects the
// shape names. Numbers stay numbers; null fields are left out (empty text stays:
// some fields are required even when nothing is known).
Json assemble(const Shape& shape, const Json& row, const RowSource& source);

// The text of o[key], or "" when it is absent, null or not text.
std::string text_of(const Json& o, const std::string& key);

// A stable UUID-formatted id from any text (a name-based id for records without one).
std::string stable_id(const std::string& text);

}  // namespace kith::directory
