#pragma once
#include "app/module.h"

namespace kith::plans {

// Resilience plans for a focus community: Chorley's six steps, a logic model with
// measured outcomes, milestones and the story told for a councillor.
class PlansModule : public app::Module {
 public:
  std::string name() const override { return "plans"; }
  void use_measures(const app::AreaMeasures& all) override { measures_ = all; }
  void install(web::Server& server, const app::Config& config) override;
  app::WorkParts work() const override;
  // On an initiative's page, for those who read plans: the plans it helps deliver.
  app::RecordSections record_sections() const override;
  void load_demo(store::Db& db, const app::Config& config, const app::Progress& progress) override;
  app::ErasureParts erasure() const override;

 private:
  app::AreaMeasures measures_;
};

}  // namespace kith::plans
