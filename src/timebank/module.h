#pragma once
#include "app/module.h"

namespace kith::timebank {

// Timebanking (Thurrock): local timebanks in one borough network, accounts, exchanges
// and a double-entry ledger in minutes; measures by LSOA for area intelligence.
class TimebankModule : public app::Module {
 public:
  std::string name() const override { return "timebank"; }
  void install(web::Server& server, const app::Config& config) override;
  app::AreaMeasures measures() const override;
  std::vector<app::AreaSection> area_sections(const app::Config& config) const override;
  // Three Thurrock timebanks (a hub, a ward bank, a group), demo members and exchanges.
  app::WorkParts work() const override;
  void load_demo(store::Db& db, const app::Config& config, const app::Progress& progress) override;
  app::PersonalDataParts personal_data() const override;
  app::ErasureParts erasure() const override;
};

}  // namespace kith::timebank
