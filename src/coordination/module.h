#pragma once
#include <memory>

#include "app/module.h"
#include "coordination/coordination_http.h"

namespace kith::coordination {

// Coordination (social prescribing, Local Area Coordination): referrals, triage,
// the person's record, sealed at rest and open only by assignment.
class CoordinationModule : public app::Module {
 public:
  CoordinationModule() : state_(std::make_shared<State>()) {}
  std::string name() const override { return "coordination"; }
  // Loads the key named by --coordination-key-file and checks it against the sealed
  // canary: a missing or wrong key throws, so Kith refuses to start.
  void install(web::Server& server, const app::Config& config) override;
  app::PersonalDataParts personal_data() const override;
  app::WorkParts work() const override;
  app::ErasureParts erasure() const override;
  // Referrals per 1,000 and the share connected, by LSOA, suppressed (reports_http.h).
  app::AreaMeasures measures() const override;
  // A made-up team in Thurrock with its people (demo.cpp); needs the coordination key.
  void load_demo(store::Db& db, const app::Config& config, const app::Progress& progress) override;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace kith::coordination
