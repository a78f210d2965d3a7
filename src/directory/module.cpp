#include "directory/module.h"

#include <filesystem>
#include <fstream>

#include "directory/demo.h"
#include "directory/directory_http.h"
#include "directory/gaps.h"
#include "directory/importer.h"
#include "directory/measures.h"

namespace kith::directory {

void DirectoryModule::install(web::Server& server, const app::Config&) { install_routes(server, index_, sections_); }

app::AreaMeasures DirectoryModule::measures() const {
  std::shared_ptr<IndexCache> index = index_;
  return {{"directory.activities_per_1000", [index](store::Db& db, const std::string& authority) {
             return activities_per_1000(db, *index->get(db), authority, kDefaultWalkM);
           }}};
}

std::vector<app::AreaSection> DirectoryModule::area_sections(const app::Config&) const {
  return {{"directory", true, area_section}};
}

void DirectoryModule::load_demo(store::Db& db, const app::Config& config, const app::Progress& progress) {
  namespace fs = std::filesystem;
  const fs::path root = config.source_data;
  const std::vector<fs::path> feeds = {
      root / "openreferral/oruk_profile/examples/taxonomy.json",
      root / "openreferral/oruk_profile/examples/taxonomy_term.json",
      root / "openreferral/oruk_profile/examples/organization_full.json",
      root / "openreferral/oruk_profile/examples/service_full.json",
      root / "directory_feeds/bristol_council_oruk_v1_services_2024-12.json",
  };
  auto own = import_feed(db, demo_feed(), FeedFormat::kHsds3, "Kith demo", progress);
  if (!own.problems.empty())
    throw std::runtime_error("demo listings: " + own.problems.front().where + ": " + own.problems.front().message);
  for (const auto& path : feeds) {
    std::ifstream in(path, std::ios::binary);
    Json feed = Json::parse(in, nullptr, false);
    if (feed.is_discarded()) throw std::runtime_error("cannot read the demo feed " + path.string());
    auto report = import_feed(db, feed, FeedFormat::kAuto, path.filename().string(), progress);
    if (progress)
      progress("directory: " + path.filename().string() + ": " + std::to_string(report.added + report.updated) +
               " of " + std::to_string(report.records) + " records taken, " + std::to_string(report.problems.size()) +
               " not");
    if (progress)
      for (const auto& p : report.problems) progress("directory:   not taken: " + p.where + ": " + p.message);
  }
}

}  // namespace kith::directory
