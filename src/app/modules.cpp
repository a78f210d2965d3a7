#include "accounts/module.h"
#include "app/home.h"
#include "app/module.h"
#include "areas/module.h"
#include "audit/module.h"
#include "coordination/module.h"
#include "directory/module.h"
#include "engagement/module.h"
#include "grants/module.h"
#include "hubs/module.h"
#include "i18n/module.h"
#include "indices/module.h"
#include "initiatives/module.h"
#include "messages/module.h"
#include "outcomes/module.h"
#include "pb/module.h"
#include "plans/module.h"
#include "stories/module.h"
#include "timebank/module.h"

namespace kith::app {

std::vector<std::unique_ptr<Module>> all_modules() {
  std::vector<std::unique_ptr<Module>> out;
  out.push_back(std::make_unique<HomeModule>());
  out.push_back(std::make_unique<areas::AreasModule>());
  out.push_back(std::make_unique<accounts::AccountsModule>());
  out.push_back(std::make_unique<outcomes::OutcomesModule>());
  out.push_back(std::make_unique<directory::DirectoryModule>());
  out.push_back(std::make_unique<timebank::TimebankModule>());
  out.push_back(std::make_unique<stories::StoriesModule>());
  out.push_back(std::make_unique<grants::GrantsModule>());
  out.push_back(std::make_unique<pb::PbModule>());
  out.push_back(std::make_unique<coordination::CoordinationModule>());
  out.push_back(std::make_unique<plans::PlansModule>());
  out.push_back(std::make_unique<engagement::EngagementModule>());
  out.push_back(std::make_unique<indices::IndicesModule>());
  out.push_back(std::make_unique<initiatives::InitiativesModule>());
  out.push_back(std::make_unique<hubs::HubsModule>());
  out.push_back(std::make_unique<messages::MessagesModule>());
  out.push_back(std::make_unique<i18n::LanguagesModule>());
  out.push_back(std::make_unique<audit::AuditModule>());
  return out;
}

}  // namespace kith::app
