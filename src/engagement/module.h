#pragma once
#include "app/module.h"
#include "engagement/engagement_store.h"

namespace kith::engagement {

// Who officers, community workers and hub organisations take in as staff: they keep
// the engagement log and ask "who have we not heard from?".
const std::vector<std::string>& recorders();
// Whether `user` records engagement: staff (recorders), or a volunteer who runs or
// works shifts at a community hub, who then sees and changes only their own records.
bool may_record(store::Db& db, const web::Principal& user);
bool is_staff_recorder(const web::Principal& user);

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

// "Who have we not heard from?" for the records `f` chooses beside the Census 2021 of
// `lsoas`, as the page engagement/not_heard shows it under "result": for an area here,
// and for a resilience plan's areas on the plan's own page.
nlohmann::json not_heard_result(store::Db& db, const Filter& f, const std::vector<std::string>& lsoas,
                                const std::string& area_label, const std::string& area_href,
                                const std::string& log_href);

}  // namespace kith::engagement
