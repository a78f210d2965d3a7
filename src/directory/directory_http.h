#pragma once
#include "web/server.h"

namespace kith::directory {

// The residents' directory pages (/directory) and the Open Referral UK API (/oruk).
void install_routes(web::Server& server);

}  // namespace kith::directory
