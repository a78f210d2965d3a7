#pragma once
#include <nlohmann/json.hpp>

#include "app/module.h"
#include "areas/areas.h"
#include "store/db.h"
#include "web/server.h"

namespace kith::areas {

// A short JSON summary of an area, as every module links to one.
nlohmann::json area_summary(const Area& a);
// The authorities this place covers (setting "place.authorities"), with their counts.
nlohmann::json place_authorities(store::Db& db);
// `sections` are the other modules' parts of each area's profile page.
void install_routes(web::Server& server, const std::vector<app::AreaSection>& sections);

}  // namespace kith::areas
