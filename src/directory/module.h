#pragma once
#include <memory>

#include "app/module.h"
#include "directory/index_cache.h"

namespace kith::directory {

// The community directory: Open Referral UK data, its API and its pages.
class DirectoryModule : public app::Module {
 public:
  std::string name() const override { return "directory"; }
  void install(web::Server& server, const app::Config& config) override;
  // "directory.activities_per_1000": activities within 800 m of each LSOA's centre.
  app::AreaMeasures measures() const override;
  std::vector<app::AreaSection> area_sections(const app::Config& config) const override;
  app::WorkParts work() const override;
  app::ErasureParts erasure() const override;
  // Imports the sample listings and the four places' own directories: real
  // libraries and food banks, made-up groups in every ward.
  void load_demo(store::Db& db, const app::Config& config, const app::Progress& progress) override;
  // Other modules' parts of service and organisation pages (stories about them).
  void use_record_sections(const app::RecordSections& all) override { sections_ = all; }

 private:
  app::RecordSections sections_;
  std::shared_ptr<IndexCache> index_ = std::make_shared<IndexCache>();
};

}  // namespace kith::directory
