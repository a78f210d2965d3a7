#include "accounts/module.h"

#include "accounts/account_store.h"
#include "accounts/accounts_http.h"
#include "accounts/service.h"
#include "i18n/speaking.h"

namespace kith::accounts {

const std::vector<DemoAccount>& demo_accounts() {
  static const std::vector<DemoAccount> all = {
      {"admin@demo.kith.test", "Ada Admin (demo)", "admin", "kith-demo-admin"},
      {"officer@demo.kith.test", "Olu Officer (demo)", "officer", "kith-demo-officer"},
      {"coordinator@demo.kith.test", "Cara Coordinator (demo)", "coordinator", "kith-demo-coordinator"},
      // Coordination's Thurrock team (coordination/demo.cpp): a second coordinator, to
      // show a record is open only to the person's own, their team lead, and a referrer.
      {"coordinator2@demo.kith.test", "Kofi Coordinator (demo)", "coordinator", "kith-demo-coordinator2"},
      {"team_lead@demo.kith.test", "Tamsin Team Lead (demo)", "team_lead", "kith-demo-team_lead"},
      {"referrer@demo.kith.test", "Dr Rana Referrer, Tilbury Health Centre (demo)", "referrer", "kith-demo-referrer"},
      {"moderator@demo.kith.test", "Mo Moderator (demo)", "moderator", "kith-demo-moderator"},
      {"panel@demo.kith.test", "Pat Panel (demo)", "panel", "kith-demo-panel"},
      {"organisation@demo.kith.test", "Oak Tree Community Hub (demo)", "organisation", "kith-demo-organisation"},
      {"member@demo.kith.test", "Mel Member (demo)", "member", "kith-demo-member"},
  };
  return all;
}

void AccountsModule::install(web::Server& server, const app::Config& config) {
  const bool sending = !config.messages.empty();
  install_routes(server, work_, sending);
  install_sign_up_routes(server, sending);
  install_data_routes(server, personal_);
  install_erasure_routes(server, erasure_);
}

app::ErasureParts AccountsModule::erasure() const {
  // erase_account itself makes the account a tombstone, after every module's part.
  return {{"account",
           i18n::msg("Your name, email address, phone number and password are erased, you are signed out everywhere "
                     "and you cannot sign in again. Where other records must stay, they show \"Former member\" "
                     "instead of your name. We keep a note that an account was closed, and when, with nothing that "
                     "says who you were."),
           [](store::Db&, std::int64_t) {}}};
}

app::WorkParts AccountsModule::work() const {
  return {{{"admin"}, [](store::Db& db, std::int64_t) {
             return std::vector<app::Waiting>{
                 {i18n::tr("Correction requests to answer"), "/admin/corrections",
                  db.scalar("SELECT COUNT(*) FROM correction_requests WHERE status = 'open'")}};
           }}};
}

app::PersonalDataParts AccountsModule::personal_data() const {
  return {{"account",
           i18n::msg("Your account: name, email address, roles, when it was made, and when you confirmed your address "
                     "and agreed to the terms"),
           [](store::Db& db, std::int64_t user) {
             return nlohmann::json{
                 {"profile", app::rows_json(db,
                                            "SELECT id, email, display_name, status, created_at, updated_at, "
                                            "email_verified_at, terms_agreed_at FROM users WHERE id = ?",
                                            {user})},
                 {"roles", app::rows_json(db, "SELECT role FROM user_roles WHERE user_id = ? ORDER BY role", {user})}};
           }}};
}

void AccountsModule::load_demo(store::Db& db, const app::Config&, const app::Progress& progress) {
  AccountStore store(db);
  auto actor = audit::Actor::system("kith demo");
  for (const auto& d : demo_accounts()) {
    if (store.find_by_email(d.email)) continue;
    auto user = add_user(db, actor, d.email, d.name, d.password, {d.role}, true);
    if (!user) throw std::runtime_error("demo account " + d.email + ": " + user.error().message);
  }
  if (progress) progress("demo accounts ready: one for each role");
}

}  // namespace kith::accounts
