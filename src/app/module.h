#pragma once
// A module of Kith: one folder that registers its routes, its navigation and its
// demo content here, so adding a module is one line in modules.cpp.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/config.h"
#include "store/db.h"
#include "web/server.h"

namespace kith::app {

// Told of long work, a line at a time ("areas: 12,000 of 33,755 LSOAs").
using Progress = std::function<void(const std::string&)>;

class Module {
 public:
  virtual ~Module() = default;
  virtual std::string name() const = 0;
  // Adds the module's routes and navigation.
  virtual void install(web::Server& server, const Config& config) = 0;
  // Loads clearly-labelled sample content for `kith demo`, in the caller's transaction.
  virtual void load_demo(store::Db& db, const Config& config, const Progress& progress) {
    (void)db;
    (void)config;
    (void)progress;
  }
};

// Every module, in the order their demo content loads (areas first: the rest hang on it).
std::vector<std::unique_ptr<Module>> all_modules();

}  // namespace kith::app
