#pragma once
// Storage of the directory: HSDS rows in the hsds_* tables, documents assembled
// from them, and service search.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "directory/directory.h"
#include "directory/hsds.h"
#include "directory/search_index.h"
#include "store/db.h"

namespace kith::directory {

struct Found {
  std::int64_t total = 0;
  std::vector<Json> rows;                          // rows of the listed table
  std::vector<std::optional<double>> distances_m;  // with a postcode: metres from it
};

// Where a search is centred: a postcode's point.
struct Centre {
  double lat = 0;
  double lon = 0;
};

class DirectoryStore {
 public:
  explicit DirectoryStore(store::Db& db) : db_(db) {}

  // Saves rows, each replacing any row with its id. Rows owned by a saved record
  // (its schedules, contacts, attributes...) that the new rows do not repeat go.
  void put(const std::vector<Row>& rows);

  std::optional<Json> row(const std::string& table, const std::string& id);
  // The language each of these services' own words are written in (kith_language), by id.
  std::map<std::string, std::string> languages_of(const std::vector<std::string>& service_ids);
  std::vector<Json> rows_where(const std::string& table, const std::string& column, const std::string& value,
                               const std::string& entity_column = "", const std::string& entity = "");
  RowSource source();
  std::optional<Json> document(const Shape& shape, const std::string& id);

  // A page of a whole table, ordered by name (taxonomies, terms, organisations).
  Found list(const std::string& table, int page, int per_page);
  // Services (or their service_at_locations) matching `q`; `centre` when q has a postcode.
  Found services(const ServiceQuery& q, const std::optional<Centre>& centre, bool at_locations);

  // The taxonomy terms some service uses, as (id, name), by name: the categories people choose from.
  // What the directory holds in a set of LSOAs (all England if `lsoas` is empty):
  // services with a place there, the places that host them, and each category's
  // number of those services.
  struct Holdings {
    std::vector<std::pair<std::string, std::string>> services;  // id, name, by name
    std::vector<std::pair<std::string, std::string>> venues;    // id, name, by name
    std::map<std::string, std::int64_t> categories;             // term name -> services
  };
  Holdings in_lsoas(const std::vector<std::string>& lsoas);
  std::vector<std::pair<std::string, std::string>> service_terms();
  // A service with this name (any case, spaces trimmed) at one of these postcodes.
  std::optional<std::string> same_service(const std::string& name, const std::vector<std::string>& postcodes);
  // Every service with its source and places, for finding duplicates.
  std::vector<Json> duplicate_candidates();
  // Removes a service and what it owns (schedules, places' links, contacts...).
  void remove_service(const std::string& id);

  // Venues: locations where at least one service happens, by name; and what happens
  // at one (services' id and name, by name).
  Found venues(int page, int per_page);
  std::vector<Json> services_at(const std::string& location_id);

  // Kith's own columns: a location's LSOA and postcode, a service's search text.
  void set_location_place(const std::string& id, const std::string& lsoa_code, const std::string& postcode);
  void refresh_search_text(const std::string& service_id);
  void set_source(const std::string& service_id, const std::string& source);
  // Where a service came from (a feed, a file, "upload page"), or "" if not known.
  std::string source_of(const std::string& service_id);

  std::int64_t count(const std::string& table);

  // Every service as the search index needs it, read table by table.
  std::vector<IndexedService> index_data();
  // The directory's change counter (migration 0005): every write adds one, once per
  // DirectoryStore, so search indexes in every process know to rebuild.
  std::int64_t generation();
  void changed();

 private:
  store::Db& db_;
  bool changed_ = false;
};

}  // namespace kith::directory
