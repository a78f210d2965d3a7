#pragma once
// The published IMD 2025 of an authority's LSOAs, as loaded with the geography
// (area_deprivation), with each LSOA's official name, label, ward and population.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace kith::indices {

struct DeprivationRow {
  std::string code;
  std::string name;
  std::string ward_code;
  double population = 0;
  double imd_score = 0;
  std::int64_t imd_rank = 0;
  int imd_decile = 0;
  std::array<std::optional<int>, 7> domain_deciles;  // Income ... Living Environment
  std::string label;     // what people read: areas::label(), "Heeley & Newfield Green (Sheffield 051E)"
  std::string known_as;  // its MSOA's House of Commons Library name; "" if none
};

class DeprivationStore {
 public:
  explicit DeprivationStore(store::Db& db) : db_(db) {}
  // Every LSOA of the authority that has the IMD loaded, by code.
  std::vector<DeprivationRow> for_authority(const std::string& authority_code);
  // Every LSOA of England that has the IMD loaded, by code.
  std::vector<DeprivationRow> england();

 private:
  store::Db& db_;
};

}  // namespace kith::indices
