#pragma once
// Puts Kith together: opens the database, applies migrations, installs every module.
#include <memory>

#include "app/config.h"
#include "app/module.h"
#include "store/db.h"
#include "web/server.h"

namespace kith::app {

class App {
 public:
  // Opens the database at the configured URL and brings its schema up to date.
  explicit App(Config config, const Progress& progress = {});
  store::Database& database() { return *database_; }
  web::Server& server() { return *server_; }
  const Config& config() const { return config_; }
  // Every module's measures by LSOA, for area intelligence.
  const AreaMeasures& measures() const { return measures_; }
  // Loads the demo place: every module's sample content, in one transaction. Does nothing and
  // answers false when the database already has the demo place, so loading twice changes nothing.
  bool load_demo(const Progress& progress);

 private:
  Config config_;
  std::unique_ptr<store::Database> database_;
  std::vector<std::unique_ptr<Module>> modules_;
  std::unique_ptr<web::Server> server_;
  AreaMeasures measures_;
};

}  // namespace kith::app
