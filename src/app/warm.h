#pragma once
// Warming a new server before visitors come: the pages that read published files or
// build caches on first use (the IoD and Census files, England's profile, each
// place's boundaries, the directory's search index) are asked for once, in process,
// while /healthz says "starting" (503), so a load balancer sends no one yet.
#include <string>
#include <vector>

#include "web/server.h"

namespace kith::app {

// The paths to ask for: England-wide pages, and for each of the place's authorities
// its page, deprivation table, resilience index, one neighbourhood and the gap analysis.
std::vector<std::string> warm_paths(store::Db& db);

// Asks for each path through the whole request pipeline; returns how many answered 200.
int warm_up(web::Server& server, const std::vector<std::string>& paths);

}  // namespace kith::app
