#pragma once
#include "app/module.h"
#include "web/server.h"

namespace kith::indices {

// /areas/{authority}/deprivation: the table of its LSOAs (page, .csv, .geojson); and
// /areas/{authority}/focus: focus neighbourhoods by deprivation or resilience.
void install_deprivation_routes(web::Server& server, const std::string& source_data, const app::AreaMeasures& measures);

// /areas/authorities: every authority's summary measures and ranks (page and .csv).
void install_authority_routes(web::Server& server, const std::string& source_data);

}  // namespace kith::indices
