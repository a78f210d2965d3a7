#pragma once
#include "app/module.h"
#include "web/server.h"

namespace kith::grants {

// `sections`: other modules' parts of a project's page (the hubs that deliver it).
void install_routes(web::Server& server, const app::RecordSections& sections);

}  // namespace kith::grants
