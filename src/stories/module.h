#pragma once
#include "app/module.h"

namespace kith::stories {

// Stories and outcomes (Dudley): stories told with granular consent and signifier
// answers, moderated and published on a public story site with an Atom feed; case
// studies; evaluation dashboards, exports and Most Significant Change rounds.
class StoriesModule : public app::Module {
 public:
  std::string name() const override { return "stories"; }
  void install(web::Server& server, const app::Config& config) override;
  app::AreaMeasures measures() const override;
  std::vector<app::AreaSection> area_sections(const app::Config& config) const override;
  app::RecordSections record_sections() const override;
  app::WorkParts work() const override;
  void load_demo(store::Db& db, const app::Config& config, const app::Progress& progress) override;
  app::PersonalDataParts personal_data() const override;
  app::ErasureParts erasure() const override;
};

}  // namespace kith::stories
