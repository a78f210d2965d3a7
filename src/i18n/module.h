#pragma once
// The admin's languages page: each language's coverage, and uploading a catalogue
// (a reviewed translation, or a new language) without a new build.
#include "app/module.h"

namespace kith::i18n {

class LanguagesModule : public app::Module {
 public:
  std::string name() const override { return "languages"; }
  void install(web::Server& server, const app::Config& config) override;
};

// Adds the catalogues admins uploaded (kept in the settings) to the languages this
// process speaks; called once the database is migrated.
void load_uploaded(store::Db& db);

}  // namespace kith::i18n
