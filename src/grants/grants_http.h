#pragma once
#include "web/server.h"

namespace kith::grants {

void install_routes(web::Server& server);

}  // namespace kith::grants
