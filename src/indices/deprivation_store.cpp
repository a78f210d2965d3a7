#include "indices/deprivation_store.h"

namespace kith::indices {

namespace {

constexpr const char* kColumns =
    "SELECT a.code, a.name, a.parent_code, a.population, d.imd_score, d.imd_rank, d.imd_decile, d.income_decile, "
    "d.employment_decile, d.education_decile, d.health_decile, d.crime_decile, d.housing_decile, "
    "d.environment_decile, a.label, a.known_as FROM areas a JOIN area_deprivation d ON d.code = a.code "
    "WHERE a.kind = 'lsoa' ";

std::vector<DeprivationRow> rows_of(const store::Rows& rows) {
  std::vector<DeprivationRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    DeprivationRow d{r.text(0),
                     r.text(1),
                     r.is_null(2) ? "" : r.text(2),
                     r.opt_real(3).value_or(0),
                     r.real(4),
                     r.integer(5),
                     static_cast<int>(r.integer(6)),
                     {},
                     "",
                     ""};
    for (int k = 0; k < 7; ++k)
      if (auto v = r.opt_integer(7 + k)) d.domain_deciles[k] = static_cast<int>(*v);
    d.label = r.text(14);
    d.known_as = r.text(15);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

std::vector<DeprivationRow> DeprivationStore::for_authority(const std::string& authority_code) {
  return rows_of(db_.query(std::string(kColumns) + "AND a.authority_code = ? ORDER BY a.code", {authority_code}));
}

std::vector<DeprivationRow> DeprivationStore::england() {
  return rows_of(db_.query(std::string(kColumns) + "ORDER BY a.code"));
}

}  // namespace kith::indices
