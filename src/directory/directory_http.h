#pragma once
#include <memory>

#include "app/module.h"
#include "directory/index_cache.h"
#include "web/server.h"

namespace kith::directory {

// The residents' directory pages (/directory) and the Open Referral UK API (/oruk).
void install_routes(web::Server& server, const std::shared_ptr<IndexCache>& cache, const app::RecordSections& sections);

}  // namespace kith::directory
