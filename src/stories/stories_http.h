#pragma once
#include "web/server.h"

namespace kith::stories {

void install_routes(web::Server& server);

}  // namespace kith::stories
