#pragma once
#include <memory>

#include "coordination/coordination_http.h"

namespace kith::coordination {

// The outcome pages: a person's connections, wellbeing, cost avoided, closing and
// contributions (/coordination/people/{id}/outcomes); unit costs and outcome settings
// for admins; a person's own view of what is held and their correction requests.
void install_outcome_routes(web::Server& server, const std::shared_ptr<const State>& state);

}  // namespace kith::coordination
