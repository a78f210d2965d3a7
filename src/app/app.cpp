#include "app/app.h"

#include <algorithm>
#include <filesystem>

#include "core/text.h"
#include "i18n/module.h"
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
  options.secure_cookies = config_.secure_cookies || starts_with(config_.public_url, "https://");
  options.public_url = config_.public_url;
  options.trusted_proxies = config_.trusted_proxies;
  options.limits.anonymous_writes = config_.anonymous_writes;
  options.tile_url = config_.tile_url;
  options.tile_attribution = config_.tile_attribution;
  {
    auto db = database_->acquire();
    i18n::sync_uploaded(*db);
    options.place_name = store::get_setting(*db, "place.name", "Kith").get<std::string>();
    options.demo = store::get_setting(*db, "place.demo", false).get<bool>();
  }
  server_ = std::make_unique<web::Server>(*database_, options);
  modules_ = all_modules();
  for (auto& m : modules_)
    for (auto& [name, measure] : m->measures()) measures_[name] = measure;
  std::vector<AreaSection> sections;
  for (auto& m : modules_)
    for (auto& section : m->area_sections(config_)) sections.push_back(std::move(section));
  std::stable_partition(sections.begin(), sections.end(), [](const AreaSection& s) { return s.strength; });
  RecordSections record_parts;
  PersonalDataParts personal;
  WorkParts work;
  ErasureParts erasure;
  for (auto& m : modules_) {
    for (auto& part : m->record_sections()) record_parts.push_back(std::move(part));
    for (auto& part : m->personal_data()) personal.push_back(std::move(part));
    for (auto& part : m->work()) work.push_back(std::move(part));
    for (auto& part : m->erasure()) erasure.push_back(std::move(part));
  }
  for (auto& m : modules_) {
    m->use_measures(measures_);
    m->use_area_sections(sections);
    m->use_record_sections(record_parts);
    m->use_personal_data(personal);
    m->use_work(work);
    m->use_erasure(erasure);
  }
  for (auto& m : modules_) m->install(*server_, config_);
}

bool App::load_demo(const Progress& progress) {
  auto db = database_->acquire();
  store::Transaction tx(*db, true);
  // Once loaded, the demo place is a place like any other: people may have changed it (a listing
  // a moderator approved, a story told), and loading again would duplicate its grants, rounds and
  // stories and undo those changes. The areas module marks it, in the same transaction.
  if (store::get_setting(*db, "place.demo", false).get<bool>()) return false;
  for (auto& m : modules_) {
    if (progress) progress(m->name() + ": loading demo content");
    m->load_demo(*db, config_, progress);
  }
  tx.commit();
  return true;
}

nlohmann::json record_sections(const RecordSections& all, const std::string& entity, store::Db& db,
                               const std::string& id) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& part : all)
    if (part.entity == entity)
      if (auto json = part.build(db, id)) out[part.name] = std::move(*json);
  return out;
}

std::vector<Waiting> work_for(const WorkParts& all, store::Db& db, std::int64_t user,
                              const std::vector<std::string>& roles) {
  std::vector<Waiting> out;
  for (const auto& part : all) {
    bool mine = std::any_of(part.roles.begin(), part.roles.end(), [&](const std::string& r) {
      return std::find(roles.begin(), roles.end(), r) != roles.end();
    });
    if (!mine) continue;
    for (auto& w : part.list(db, user)) out.push_back(std::move(w));
  }
  return out;
}

nlohmann::json rows_json(store::Db& db, std::string_view sql, const store::Params& params) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : db.query(sql, params)) {
    nlohmann::json row = nlohmann::json::object();
    for (std::size_t i = 0; i < r.size(); ++i) {
      const auto& v = r.value(i);
      if (std::holds_alternative<std::int64_t>(v))
        row[r.columns()[i]] = std::get<std::int64_t>(v);
      else if (std::holds_alternative<double>(v))
        row[r.columns()[i]] = std::get<double>(v);
      else if (std::holds_alternative<std::string>(v))
        row[r.columns()[i]] = std::get<std::string>(v);
      else
        row[r.columns()[i]] = nullptr;
    }
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace kith::app
