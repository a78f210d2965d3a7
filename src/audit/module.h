#pragma once
#include "app/module.h"

namespace kith::audit {

// The admin's view of the audit log.
class AuditModule : public app::Module {
 public:
  std::string name() const override { return "audit"; }
  void install(web::Server& server, const app::Config& config) override;
  app::PersonalDataParts personal_data() const override;
};

}  // namespace kith::audit
