#pragma once
#include "app/module.h"

namespace kith::indices {

// Area intelligence: the resilience index over the API (the IMD engine and the
// index itself are pure, in imd.h and resilience.h).
class IndicesModule : public app::Module {
 public:
  std::string name() const override { return "indices"; }
  void use_measures(const app::AreaMeasures& all) override { measures_ = all; }
  std::vector<app::AreaSection> area_sections(const app::Config& config) const override;
  void install(web::Server& server, const app::Config& config) override;
  app::WorkParts work() const override;

 private:
  app::AreaMeasures measures_;
};

}  // namespace kith::indices
