#pragma once
#include "web/server.h"

namespace kith::directory {

// The Open Referral UK API under /oruk.
void install_oruk_routes(web::Server& server);

}  // namespace kith::directory
