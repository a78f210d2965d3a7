#pragma once
#include "app/module.h"

namespace kith::app {

// The front page and the pages that explain error codes.
class HomeModule : public Module {
 public:
  std::string name() const override { return "home"; }
  void install(web::Server& server, const Config& config) override;
};

}  // namespace kith::app
