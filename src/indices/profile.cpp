#include "indices/profile.h"

#include <cmath>
#include <limits>

namespace kith::indices {

DecileProfile profile_of(const std::vector<const DeprivationRow*>& rows) {
  DecileProfile p;
  std::array<double, kProfileMeasures> sum{}, weight{};
  for (const DeprivationRow* r : rows) {
    ++p.areas;
    p.population += r->population;
    if (r->imd_decile >= 1 && r->imd_decile <= 10) ++p.imd_deciles[r->imd_decile];
    sum[0] += r->population * r->imd_decile;
    weight[0] += r->population;
    for (int k = 0; k < 7; ++k)
      if (r->domain_deciles[k]) {
        sum[k + 1] += r->population * *r->domain_deciles[k];
        weight[k + 1] += r->population;
      }
  }
  for (int k = 0; k < kProfileMeasures; ++k)
    p.average_decile[k] = weight[k] > 0 ? sum[k] / weight[k] : std::numeric_limits<double>::quiet_NaN();
  return p;
}

}  // namespace kith::indices
