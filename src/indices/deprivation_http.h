#pragma once
#include "web/server.h"

namespace kith::indices {

// /areas/{authority}/deprivation: the table of its LSOAs (page, .csv, .geojson).
void install_deprivation_routes(web::Server& server);

}  // namespace kith::indices
