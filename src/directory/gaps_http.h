#pragma once
#include <memory>

#include "directory/index_cache.h"
#include "web/server.h"

namespace kith::directory {

// The gap analysis: /directory/gaps (page), .csv and .geojson.
void install_gap_routes(web::Server& server, const std::shared_ptr<IndexCache>& cache);

}  // namespace kith::directory
