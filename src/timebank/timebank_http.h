#pragma once
#include "web/server.h"

namespace kith::timebank {

// /timebank pages and their API: the network's timebanks, joining, accounts and
// statements, exchanges through their lifecycle, and the coordinators' tools.
void install_routes(web::Server& server);

}  // namespace kith::timebank
