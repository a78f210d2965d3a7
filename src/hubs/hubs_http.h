#pragma once
#include "app/module.h"
#include "web/server.h"

namespace kith::hubs {

// Who may be named a hub's organiser and reach its organisers' pages (each page then
// admits only that hub's named organisers, and admins).
const std::vector<std::string>& organiser_roles();
// Who may tell a hub someone is coming (a GP practice, a coordinator, an officer).
const std::vector<std::string>& referrer_roles();
// What waits for a hub's organisers: shifts short of people, referrals not yet seen.
std::vector<app::Waiting> waiting_for(store::Db& db, std::int64_t user);
// What a referrer sees of the referrals they made to hubs (once they have made one).
std::vector<app::Waiting> referrals_made(store::Db& db, std::int64_t user);
void install_routes(web::Server& server);
// A funded grant project's volunteer time at the hubs that deliver it, since the grant
// was made (the project's page and end-of-grant report show it); nullopt when none do.
std::optional<nlohmann::json> project_section(store::Db& db, const std::string& project);

}  // namespace kith::hubs
