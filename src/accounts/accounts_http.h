#pragma once
#include <optional>
#include <string>

#include "web/server.h"

namespace kith::accounts {

// The signed-in person for a session cookie value, if the session is live.
std::optional<web::Principal> resolve_session(store::Db& db, const std::string& token);
void install_routes(web::Server& server);

}  // namespace kith::accounts
