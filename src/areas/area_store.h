#pragma once
// Storage of areas, their boundaries and postcodes.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "areas/areas.h"
#include "areas/loader.h"
#include "areas/svg.h"
#include "core/result.h"
#include "store/db.h"

namespace kith::areas {

struct PostcodeHit {
  std::string postcode;  // display form
  double lat = 0;
  double lon = 0;
  std::string lsoa_code;
  // Placed by the nearest LSOA centre, not by a boundary: the LSOA is only probable
  // (say so: "probably in ...; Kith has no boundary for this area").
  bool uncertain = false;
};

struct BoundaryRow {
  std::string code;
  std::string name;
  std::string geometry_json;
};

struct AreaCounts {
  std::int64_t lsoas = 0;
  std::int64_t wards = 0;
  std::int64_t msoas = 0;
  std::int64_t authorities = 0;
  std::int64_t postcodes = 0;
  std::int64_t boundaries = 0;
};

// Areas are in area_store.cpp, postcodes in postcode_store.cpp.
class AreaStore {
 public:
  explicit AreaStore(store::Db& db) : db_(db) {}

  // Writes a whole geography: areas are upserted (others may refer to them),
  // boundaries and postcodes replaced.
  void save(const Geography& g, const app::Progress& progress);

  std::optional<Area> get(const std::string& code);
  // A neighbourhood's or an MSOA's LSOAs; otherwise the areas whose parent it is
  // (an authority's wards, not its MSOAs).
  std::vector<Area> children(const std::string& code);
  // Saves a named neighbourhood of an authority's LSOAs (an area of kind
  // neighbourhood: population summed, centre the mean of theirs). Refuses an empty or
  // repeated name, or an LSOA of another authority.
  Result<Area> save_neighbourhood(const std::string& authority_code, const std::string& name,
                                  const std::vector<std::string>& lsoa_codes);
  // Renames a saved neighbourhood and sets its LSOAs, keeping its code (the same
  // checks as saving one).
  Result<Area> update_neighbourhood(const std::string& code, const std::string& name,
                                    const std::vector<std::string>& lsoa_codes);
  // Removes a saved neighbourhood (not its LSOAs); false if there is none.
  bool delete_neighbourhood(const std::string& code);
  // Areas whose label (official name or the name people use) contains `text` (any
  // case): authorities, then neighbourhoods, wards, MSOAs and LSOAs.
  std::vector<Area> search(const std::string& text, int limit);
  std::optional<PostcodeHit> postcode(const std::string& normalised);
  // Replaces every postcode with `set` (the demo and `kith import areas`).
  void replace_postcodes(const PostcodeSet& set, const app::Progress& progress);
  // Adds the postcodes of `set`, replacing those already held with the same postcode
  // and keeping the rest (`kith import postcodes`).
  void upsert_postcodes(const PostcodeSet& set, const app::Progress& progress);
  // A Placer over the LSOAs held (their centres) and their boundaries.
  Placer placer();
  // The LSOA whose centre is nearest a point, within about 5 km; nullopt far from any.
  std::optional<std::string> nearest_lsoa(double lat, double lon);
  // The boundaries to draw for an area: its children's where they have them, else its own.
  std::vector<BoundaryRow> map_boundaries(const std::string& code);
  // The boundaries of every LSOA of a local authority that has them.
  std::vector<BoundaryRow> lsoa_boundaries(const std::string& authority_code);
  // The same, parsed, for drawing: kept in memory once read (boundaries change when
  // areas are imported, which clears what this process keeps; a server started
  // before an import by another process shows the old shapes until restarted).
  std::shared_ptr<const std::vector<Shape>> lsoa_shapes(const std::string& authority_code);
  std::int64_t count_lsoas_in(const std::string& code, Kind kind);
  // The codes of the LSOAs an area covers (itself, for an LSOA), in code order.
  std::vector<std::string> lsoa_codes(const Area& area);
  // Whether an area (LSOA, ward, authority, neighbourhood) covers an LSOA.
  bool covers(const std::string& area_code, const std::string& lsoa_code);
  // Every LSOA of a local authority ("" for all England), by code.
  std::vector<Area> lsoas_in(const std::string& authority_code);
  // Counts by LSOA code as a rate per 1,000 residents, for every LSOA of a local
  // authority ("" for England) with a population (0 where it has no count).
  Result<std::map<std::string, double>> per_1000(const std::string& authority_code,
                                                 const std::map<std::string, std::int64_t>& counts);
  // The published IMD 2025 decile of each LSOA in a local authority (empty if not loaded).
  std::map<std::string, int> imd_deciles(const std::string& authority_code);
  AreaCounts counts();

 private:
  void write_postcodes(const std::string& table, const PostcodeSet& set);
  void count_postcodes();
  std::int64_t postcode_count();
  // A neighbourhood checked and summed from its LSOAs; `code` "" for a new one.
  Result<Area> neighbourhood_of(const std::string& authority_code, const std::string& name,
                                const std::vector<std::string>& lsoa_codes, const std::string& code);
  void write_neighbourhood(const Area& n, const std::vector<std::string>& lsoa_codes);
  store::Db& db_;
};

}  // namespace kith::areas
