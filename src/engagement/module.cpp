#include "engagement/module.h"

namespace kith::engagement {

const std::vector<std::string>& recorders() {
  static const std::vector<std::string> all = {"officer", "admin", "coordinator", "team_lead", "organisation"};
  return all;
}

void EngagementModule::install(web::Server& server, const app::Config&) { install_routes(server); }

void EngagementModule::load_demo(store::Db& db, const app::Config&, const app::Progress& progress) {
  load_demo_log(db, progress);
}

}  // namespace kith::engagement
