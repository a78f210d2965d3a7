#pragma once
#include <optional>

#include "app/module.h"
#include "web/server.h"

namespace kith::initiatives {

// The initiatives working in an area, for its profile page.
std::optional<nlohmann::json> area_section(store::Db& db, const app::AreaScope& scope);
void install_routes(web::Server& server);

}  // namespace kith::initiatives
