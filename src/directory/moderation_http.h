#pragma once
#include "web/server.h"

namespace kith::directory {

// /directory/add, /directory/services/{id}/suggest and the moderators' queue.
void install_moderation_routes(web::Server& server);

}  // namespace kith::directory
