#pragma once
#include "app/module.h"

namespace kith::pb {

// Participatory budgeting: residents propose and vote; counted by greedy and by
// the Method of Equal Shares side by side.
class PbModule : public app::Module {
 public:
  std::string name() const override { return "pb"; }
  void install(web::Server& server, const app::Config& config) override;
  app::WorkParts work() const override;
  void load_demo(store::Db& db, const app::Config& config, const app::Progress& progress) override;
  app::PersonalDataParts personal_data() const override;
  app::ErasureParts erasure() const override;
};

}  // namespace kith::pb
