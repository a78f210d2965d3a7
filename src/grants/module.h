#pragma once
#include "app/module.h"

namespace kith::grants {

// Small grants and innovation funds: rounds, ideas canvases, panels, decisions,
// sponsors, after-award reports and 360Giving.
class GrantsModule : public app::Module {
 public:
  std::string name() const override { return "grants"; }
  void install(web::Server& server, const app::Config& config) override;
  app::WorkParts work() const override;
  void load_demo(store::Db& db, const app::Config& config, const app::Progress& progress) override;
  app::PersonalDataParts personal_data() const override;
  app::ErasureParts erasure() const override;
  void use_record_sections(const app::RecordSections& all) override { sections_ = all; }

 private:
  app::RecordSections sections_;
};

}  // namespace kith::grants
