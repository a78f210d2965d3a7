#include "coordination/module.h"

#include <stdexcept>

#include "coordination/coordination_store.h"
#include "coordination/demo.h"
#include "coordination/outcomes_http.h"
#include "coordination/reports_http.h"
#include "coordination/service.h"
#include "core/clock.h"
#include "i18n/speaking.h"

namespace kith::coordination {

void CoordinationModule::install(web::Server& server, const app::Config& config) {
  state_->database = &server.database();
  if (!config.coordination_key_file.empty()) {
    auto key = Key::load(config.coordination_key_file);
    if (!key) throw std::runtime_error(key.error().message);
    auto db = server.database().acquire();
    store::Transaction tx(*db, true);
    auto ok = check_or_plant_canary(*db, *key, config.coordination_key_file);
    if (!ok) throw std::runtime_error(ok.error().message);
    tx.commit();
    state_->key = *key;
  }
  install_routes(server, state_);
  install_outcome_routes(server, state_);
  install_report_routes(server);
  install_erasure_routes(server, state_);
}

app::ErasureParts CoordinationModule::erasure() const {
  return {
      {"coordination",
       i18n::msg("If a community coordinator holds a record of support you asked for or were referred for, it is not "
                 "erased at once: a team lead decides, under the rules for how long such records are kept, whether to "
                 "erase it now or keep it until that time ends, and records why."),
       ask_erasure}};
}

app::AreaMeasures CoordinationModule::measures() const { return report_measures(); }

void CoordinationModule::load_demo(store::Db& db, const app::Config& config, const app::Progress& progress) {
  load_coordination_demo(db, config, progress);
}

// Who read the person's coordination record, and when: for the person's own copy of
// their data, when they referred themself while signed in.
app::PersonalDataParts CoordinationModule::personal_data() const {
  return {{"coordination",
           i18n::msg("If you asked a community coordinator for support: who has read your record, and when"),
           [](store::Db& db, std::int64_t user) {
             return nlohmann::json{
                 {"record_reads",
                  app::rows_json(db,
                                 "SELECT u.display_name AS reader, r.read_at, r.via, CASE WHEN r.break_glass_id IS "
                                 "NULL THEN 0 ELSE 1 END AS break_glass FROM coord_record_reads r JOIN users u ON u.id "
                                 "= r.reader_user JOIN coord_people p ON p.id = r.person_id WHERE p.user_id = ? ORDER "
                                 "BY r.read_at, r.id",
                                 {user})},
                 {"referrals", app::rows_json(db,
                                              "SELECT f.id, f.source, f.reasons, f.urgency, f.status, f.snomed_code, "
                                              "f.received_at FROM coord_referrals f JOIN coord_people p ON p.id = "
                                              "f.person_id WHERE p.user_id = ? ORDER BY f.id",
                                              {user})}};
           },
           // Their record, when they have one or their confirmed address names one
           // (/coordination/my-record links it then).
           [state = state_](store::Db& db, std::int64_t user) -> std::string {
             if (!state->key) return "";
             bool has = CoordStore(db, *state->key).person_of_user(user) || linkable_by_email(db, *state->key, user);
             return has ? "/coordination/my-record" : "";
           }},
          // Corrections the person asked for and the answers (outcomes_http.cpp), opened
          // with the key: the person's own words come back to them in clear.
          {"coordination_corrections",
           i18n::msg("Corrections you asked community coordinators to make to your record, and their answers"),
           [state = state_](store::Db& db, std::int64_t user) {
             nlohmann::json out = nlohmann::json::array();
             if (!state->key) return out;
             for (const auto& r : db.query("SELECT id, request_sealed, status, response_sealed, created_at, "
                                           "decided_at FROM coord_corrections WHERE user_id = ? ORDER BY id",
                                           {user})) {
               auto text = [&](const char* col) {
                 auto i = r.index(col);
                 return r.is_null(i) ? std::string() : r.text(i);
               };
               auto response = text("response_sealed");
               out.push_back({{"id", r.integer(r.index("id"))},
                              {"request", state->key->open_or_throw(text("request_sealed"))},
                              {"status", text("status")},
                              {"response", response.empty() ? "" : state->key->open_or_throw(response)},
                              {"asked_at", text("created_at")},
                              {"answered_at", text("decided_at")}});
             }
             return out;
           }}};
}

app::WorkParts CoordinationModule::work() const {
  return {
      {{"team_lead"},
       [](store::Db& db, std::int64_t user) {
         std::int64_t n = db.scalar(
             "SELECT COUNT(*) FROM coord_cases WHERE status IN ('new', 'accepted') AND (team_id IS NULL OR team_id "
             "IN (SELECT team_id FROM coord_team_members WHERE user_id = ? AND role = 'lead'))",
             {user});
         return std::vector<app::Waiting>{
             {i18n::tr("Referrals to triage"), "/coordination/queue", n},
             {i18n::tr("Requests to erase a record"), "/coordination/erasure",
              db.scalar("SELECT COUNT(*) FROM erasure_requests WHERE scope = 'coordination' AND status = "
                        "'waiting'")}};
       }},
      // A referrer's own referrals: nothing waits for them, but they find what happened.
      {{"referrer"},
       [](store::Db& db, std::int64_t user) {
         std::int64_t sent = db.scalar("SELECT COUNT(*) FROM coord_referrals WHERE referrer_user = ?", {user});
         return std::vector<app::Waiting>{
             {i18n::tr("Your referrals and what happened"), "/coordination/referrals", 0,
              sent ? i18n::tr_plural(sent, "{n} sent", "{n} sent") : i18n::tr("None sent yet")}};
       }},
      {{"coordinator"},
       [](store::Db& db, std::int64_t user) {
         std::int64_t n =
             db.scalar("SELECT COUNT(*) FROM coord_cases WHERE coordinator_user = ? AND status = 'allocated'", {user});
         return std::vector<app::Waiting>{{i18n::tr("People to contact"), "/coordination/caseload", n}};
       }},
      // Connections whose follow-up date has come, and people's requests to correct
      // their record (outcomes_store.cpp).
      {{"coordinator"}, [](store::Db& db, std::int64_t user) {
         std::int64_t due = db.scalar(
             "SELECT COUNT(*) FROM coord_connections n JOIN coord_cases c ON c.id = n.case_id WHERE "
             "c.coordinator_user = ? AND c.status IN ('allocated', 'active') AND n.follow_up_on IS NOT NULL AND "
             "n.follow_up_on <= ?",
             {user, now_iso().substr(0, 10)});
         std::int64_t fixes = db.scalar(
             "SELECT COUNT(*) FROM coord_corrections k WHERE k.status = 'open' AND k.person_id IN (SELECT "
             "person_id FROM coord_cases WHERE coordinator_user = ?)",
             {user});
         std::int64_t reviews = db.scalar(
             "SELECT COUNT(*) FROM coord_cases WHERE coordinator_user = ? AND status IN ('allocated', 'active') "
             "AND review_on IS NOT NULL AND review_on <> '' AND review_on < ?",
             {user, now_iso().substr(0, 10)});
         return std::vector<app::Waiting>{{i18n::tr("Connections to follow up"), "/coordination/caseload", due},
                                          {i18n::tr("Reviews overdue"), "/coordination/caseload", reviews},
                                          {i18n::tr("Requests to correct a record"), "/coordination/caseload", fixes}};
       }}};
}

}  // namespace kith::coordination
