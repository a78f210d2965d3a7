#pragma once
// The resilience index on screen for officers: /areas/{code}/resilience (and .csv,
// .geojson), and saving definitions at /indices/definitions/new.
#include <string>

#include "app/module.h"
#include "web/server.h"

namespace kith::indices {

void install_resilience_routes(web::Server& server, const std::string& source_data, const app::AreaMeasures& measures);

}  // namespace kith::indices
