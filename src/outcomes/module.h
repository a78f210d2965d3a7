#pragma once
#include "app/module.h"

namespace kith::outcomes {

// One outcome framework for all of Kith: the admin page that keeps it. Modules tag
// their records through outcomes.h.
class OutcomesModule : public app::Module {
 public:
  std::string name() const override { return "outcomes"; }
  void install(web::Server& server, const app::Config& config) override;
};

}  // namespace kith::outcomes
