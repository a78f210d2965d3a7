#pragma once
#include "web/server.h"

namespace kith::timebank {

// Offers and requests: /timebank/posts, /timebank/posts/new, /timebank/posts/{id}.
void install_post_routes(web::Server& server);

}  // namespace kith::timebank
