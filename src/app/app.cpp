#include "app/app.h"

#include <algorithm>
#include <filesystem>

#include "store/migrate.h"
#include "store/settings.h"

namespace kith::app {

App::App(Config config, const Progress& progress) : config_(std::move(config)) {
  std::string url = config_.resolved_database_url();
  if (auto path = store::sqlite_path(url)) {
    auto parent = std::filesystem::path(*path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
  }
  database_ = store::Database::open(url);
  {
    auto db = database_->acquire();
    store::migrate(*db, [&](const std::string& name) {
      if (progress) progress("applying migration " + name);
    });
  }
  web::ServerOptions options;
  options.secure_cookies = config_.secure_cookies;
  options.tile_url = config_.tile_url;
  options.tile_attribution = config_.tile_attribution;
  {
    auto db = database_->acquire();
    options.place_name = store::get_setting(*db, "place.name", "Kith").get<std::string>();
    options.demo = store::get_setting(*db, "place.demo", false).get<bool>();
  }
  server_ = std::make_unique<web::Server>(*database_, options);
  modules_ = all_modules();
  for (auto& m : modules_)
    for (auto& [name, fn] : m->measures()) measures_[name] = fn;
  std::vector<AreaSection> sections;
  for (auto& m : modules_)
    for (auto& section : m->area_sections(config_)) sections.push_back(std::move(section));
  std::stable_partition(sections.begin(), sections.end(), [](const AreaSection& s) { return s.strength; });
  RecordSections record_parts;
  for (auto& m : modules_)
    for (auto& part : m->record_sections()) record_parts.push_back(std::move(part));
  for (auto& m : modules_) {
    m->use_measures(measures_);
    m->use_area_sections(sections);
    m->use_record_sections(record_parts);
  }
  for (auto& m : modules_) m->install(*server_, config_);
}

void App::load_demo(const Progress& progress) {
  auto db = database_->acquire();
  store::Transaction tx(*db, true);
  for (auto& m : modules_) {
    if (progress) progress(m->name() + ": loading demo content");
    m->load_demo(*db, config_, progress);
  }
  tx.commit();
}

nlohmann::json record_sections(const RecordSections& all, const std::string& entity, store::Db& db,
                               const std::string& id) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& part : all)
    if (part.entity == entity)
      if (auto json = part.build(db, id)) out[part.name] = std::move(*json);
  return out;
}

}  // namespace kith::app
