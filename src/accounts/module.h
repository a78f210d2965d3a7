#pragma once
#include <string>
#include <vector>

#include "app/module.h"

namespace kith::accounts {

struct DemoAccount {
  std::string email;
  std::string name;
  std::string role;
  std::string password;
};
// One sign-in per role, printed by `kith demo`.
const std::vector<DemoAccount>& demo_accounts();

class AccountsModule : public app::Module {
 public:
  std::string name() const override { return "accounts"; }
  void install(web::Server& server, const app::Config& config) override;
  void load_demo(store::Db& db, const app::Config& config, const app::Progress& progress) override;
  app::PersonalDataParts personal_data() const override;
  // Every module's parts, for /account/data.
  void use_personal_data(const app::PersonalDataParts& all) override { personal_ = all; }
  // Every module's work, for "Your work" on /account and the count in the menu.
  void use_work(const app::WorkParts& all) override { work_ = all; }
  app::ErasureParts erasure() const override;
  // Every module's erasure parts, for closing an account (/account/close, /admin/erasure).
  void use_erasure(const app::ErasureParts& all) override { erasure_ = all; }
  app::WorkParts work() const override;

 private:
  app::PersonalDataParts personal_;
  app::WorkParts work_;
  app::ErasureParts erasure_;
};

}  // namespace kith::accounts
