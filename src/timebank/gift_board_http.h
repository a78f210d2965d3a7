#pragma once
#include "web/server.h"

namespace kith::timebank {

// The gift board's pages: /timebank/gifts and /timebank/connect.
void install_board_routes(web::Server& server);

}  // namespace kith::timebank
