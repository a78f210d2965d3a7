#pragma once
#include <optional>

#include "app/module.h"
#include "web/server.h"

namespace kith::initiatives {

// The initiatives working in an area, for its profile page.
std::optional<nlohmann::json> area_section(store::Db& db, const app::AreaScope& scope);
// Routes; `sections` fill parts of an initiative's page from other modules (the plans
// it helps deliver).
void install_routes(web::Server& server, const app::RecordSections& sections);

}  // namespace kith::initiatives
