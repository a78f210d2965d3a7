#pragma once
#include <optional>
#include <string>

#include "app/module.h"
#include "web/server.h"

namespace kith::accounts {

// The signed-in person for a session cookie value, if the session is live.
std::optional<web::Principal> resolve_session(store::Db& db, const std::string& token);
// `sending`: whether Kith sends email here (a transport is configured), so pages say
// whether Kith emails a link or the admin must pass it on.
void install_routes(web::Server& server, const app::WorkParts& work, bool sending);
// Your data (/account/data): what every module holds about the signed-in person,
// listed and downloadable as one JSON file; each download audited.
// Sign-up, confirming an email address, password reset, terms and privacy (sign_up_http.cpp).
void install_sign_up_routes(web::Server& server, bool sending);
void install_data_routes(web::Server& server, const app::PersonalDataParts& parts);
// Closing an account and erasing, for the person or by an admin; correction requests
// (erasure_http.cpp).
void install_erasure_routes(web::Server& server, const app::ErasureParts& parts);

}  // namespace kith::accounts
