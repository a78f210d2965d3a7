#pragma once
// The plans' pages and API: the list and a new plan (/plans), milestones overdue
// across plans (/plans/overdue), a plan's page with its editing forms (/plans/{id})
// its printable story (/plans/{id}/print) and what the engagement log heard in its
// areas (/plans/{id}/heard).
#include <memory>

#include "app/module.h"
#include "web/server.h"

namespace kith::plans {

// Who reads plans (staff) and who writes them (officers and admins).
const std::vector<std::string>& readers();
const std::vector<std::string>& writers();

void install_routes(web::Server& server, const std::shared_ptr<const app::AreaMeasures>& measures);

}  // namespace kith::plans
