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

// Takes up the catalogues admins uploaded (kept in the settings) into the languages
// this process speaks, and puts Kith's own back where an upload was taken away: once
// the database is migrated, then every 30 seconds from a request (so a catalogue
// uploaded on one server is spoken by the others sharing its database). Does nothing
// when the setting has not changed since it last looked.
void sync_uploaded(store::Db& db);

}  // namespace kith::i18n
