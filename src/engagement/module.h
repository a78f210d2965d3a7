#pragma once
#include "app/module.h"

namespace kith::engagement {

// Who officers, community workers and hub organisations take in as staff: they keep
// the engagement log and ask "who have we not heard from?".
const std::vector<std::string>& recorders();

// The engagement log: conversations, events, surveys, door knocking and time where
// people gather, and who, by Census 2021 group, the place has not yet heard from.
class EngagementModule : public app::Module {
 public:
  std::string name() const override { return "engagement"; }
  void install(web::Server& server, const app::Config& config) override;
  void load_demo(store::Db& db, const app::Config& config, const app::Progress& progress) override;
  app::ErasureParts erasure() const override;
};

// Routes (engagement_http.cpp) and the Chorley demo log (demo.cpp).
void install_routes(web::Server& server);
void load_demo_log(store::Db& db, const app::Progress& progress);

}  // namespace kith::engagement
