#pragma once
#include "app/module.h"

namespace kith::hubs {

// Community hubs: opening times, the volunteer rota, visits and referrals in.
class HubsModule : public app::Module {
 public:
  std::string name() const override { return "hubs"; }
  void install(web::Server& server, const app::Config& config) override;
  app::WorkParts work() const override;
  app::PersonalDataParts personal_data() const override;
  app::RecordSections record_sections() const override;
  void load_demo(store::Db& db, const app::Config& config, const app::Progress& progress) override;
};

}  // namespace kith::hubs
