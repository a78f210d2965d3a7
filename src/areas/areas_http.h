#pragma once
#include <nlohmann/json.hpp>

#include "app/module.h"
#include "areas/areas.h"
#include "store/db.h"
#include "web/server.h"

namespace kith::areas {

inline constexpr const char* kPopulationNote =
    "Population is an estimate derived by Kith: the ONS mid-2015 population (excluding prisoners) of each 2011 "
    "LSOA, from the Indices of Deprivation 2019 denominators, carried to 2021 LSOAs through the ONS 2011 to 2021 "
    "lookup. Unchanged LSOAs keep their population, split LSOAs share it equally and merged LSOAs add theirs up. "
    "Wards and authorities are the sum of their LSOAs.";

// A short JSON summary of an area, as every module links to one.
nlohmann::json area_summary(const Area& a);
// The authorities this place covers (setting "place.authorities"), with their counts.
nlohmann::json place_authorities(store::Db& db);
// `sections` are the other modules' parts of each area's profile page.
void install_routes(web::Server& server, const std::vector<app::AreaSection>& sections);

}  // namespace kith::areas
