#include "engagement/module.h"
#include "i18n/speaking.h"

namespace kith::engagement {

const std::vector<std::string>& recorders() {
  static const std::vector<std::string> all = {"officer", "admin", "coordinator", "team_lead", "organisation"};
  return all;
}

bool is_staff_recorder(const web::Principal& user) { return user.has_any(recorders()); }

bool may_record(store::Db& db, const web::Principal& user) {
  return is_staff_recorder(user) ||
         db.query_one(
               "SELECT 1 FROM hub_organisers WHERE user_id = ? UNION SELECT 1 FROM hub_signups WHERE user_id = ?",
               {user.id, user.id})
             .has_value();
}

void EngagementModule::install(web::Server& server, const app::Config&) { install_routes(server); }

void EngagementModule::load_demo(store::Db& db, const app::Config&, const app::Progress& progress) {
  load_demo_log(db, progress);
}

// Staff records name people only by account, which erasure makes "Former member".
app::ErasureParts EngagementModule::erasure() const {
  return {{"engagement",
           i18n::msg(
               "Engagement activities you recorded as a member of staff are the organisation's record of who it heard "
               "from, and are kept, with \"Former member\" as who recorded them."),
           [](store::Db&, std::int64_t) {}}};
}

}  // namespace kith::engagement
