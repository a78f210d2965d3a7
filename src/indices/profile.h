#pragma once
// An area's deprivation in brief, for its profile page and for comparing it with
// its parent and England: how many of its LSOAs fall in each IMD decile, and the
// average decile of the IMD and of each domain, weighted by the people living in
// each LSOA. Pure.
#include <array>
#include <vector>

#include "i18n/speaking.h"
#include "indices/deprivation_store.h"

namespace kith::indices {

inline constexpr int kProfileMeasures = 8;  // the IMD, then its seven domains
// Their names as pages say them (i18n::tr; the Title Case of imd.h's kDomainNames is
// the published files').
inline constexpr std::array<const char*, kProfileMeasures> kProfileMeasureNames = {
    i18n::msg("Index of Multiple Deprivation"),
    i18n::msg("Income"),
    i18n::msg("Employment"),
    i18n::msg("Education, skills and training"),
    i18n::msg("Health and disability"),
    i18n::msg("Crime"),
    i18n::msg("Barriers to housing and services"),
    i18n::msg("Living environment")};

struct DecileProfile {
  int areas = 0;
  double population = 0;
  std::array<int, 11> imd_deciles{};  // LSOAs in IMD decile 1..10 (0 unused)
  // Population-weighted mean decile: [0] the IMD, [1..7] Income ... Living
  // Environment; NaN where no LSOA has the measure.
  std::array<double, kProfileMeasures> average_decile{};
};

DecileProfile profile_of(const std::vector<const DeprivationRow*>& rows);

}  // namespace kith::indices
