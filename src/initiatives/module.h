#pragma once
#include "app/module.h"

namespace kith::initiatives {

// The partnership matrix: the initiatives working in a place and where, by ward.
class InitiativesModule : public app::Module {
 public:
  std::string name() const override { return "initiatives"; }
  void install(web::Server& server, const app::Config& config) override;
  std::vector<app::AreaSection> area_sections(const app::Config& config) const override;
  void load_demo(store::Db& db, const app::Config& config, const app::Progress& progress) override;
  app::ErasureParts erasure() const override;
  void use_record_sections(const app::RecordSections& all) override { sections_ = all; }

 private:
  app::RecordSections sections_;  // the plans an initiative helps deliver
};

}  // namespace kith::initiatives
