// Community hubs' routes, their organisers' work, and the demo: Thurrock's two hubs,
// Ockendon and Chadwell, "run by the community for the community", open a few days
// a week, with a rota that has gaps, some visits counted and a referral waiting.
#include "hubs/module.h"

#include "accounts/account_store.h"
#include "audit/audit.h"
#include "core/clock.h"
#include "hubs/hub_store.h"
#include "hubs/hubs_http.h"
#include "i18n/speaking.h"
#include "timebank/service.h"
#include "timebank/timebank_store.h"

namespace kith::hubs {

void HubsModule::install(web::Server& server, const app::Config&) { install_routes(server); }

app::RecordSections HubsModule::record_sections() const { return {{"project", "hub_hours", project_section}}; }

app::WorkParts HubsModule::work() const {
  return {{organiser_roles(), waiting_for}, {referrer_roles(), referrals_made}};
}

app::PersonalDataParts HubsModule::personal_data() const {
  return {{"hubs",
           i18n::msg("Hub shifts you signed up for and the time you gave, hubs you organise, referrals you made"),
           [](store::Db& db, std::int64_t user) {
             return nlohmann::json{
                 {"shifts", app::rows_json(db,
                                           "SELECT h.name AS hub, s.on_date, s.starts, s.ends, s.role, u.signed_up_at, "
                                           "u.attended, u.minutes FROM hub_signups u "
                                           "JOIN hub_shifts s ON s.id = u.shift_id JOIN hubs h ON h.id = s.hub_id "
                                           "WHERE u.user_id = ? ORDER BY s.on_date, s.starts",
                                           {user})},
                 {"organising", app::rows_json(db,
                                               "SELECT h.id, h.name FROM hub_organisers o JOIN hubs h ON h.id = "
                                               "o.hub_id WHERE o.user_id = ? ORDER BY h.name",
                                               {user})},
                 {"referrals_made", app::rows_json(db,
                                                   "SELECT r.id, h.name AS hub, r.status, "
                                                   "r.created_at FROM hub_referrals r JOIN hubs h ON h.id = r.hub_id "
                                                   "WHERE r.referrer_id = ? ORDER BY r.id",
                                                   {user})}};
           }}};
}

namespace {

std::optional<std::int64_t> user_id(store::Db& db, const std::string& email) {
  auto u = accounts::AccountStore(db).find_by_email(email);
  if (!u) return std::nullopt;
  return u->id;
}

// The demo directory's community room in a ward, where the ward's demo hub meets, so
// the hub's page lists what is on there.
struct Venue {
  std::string location_id, name, postcode;
};
std::optional<Venue> community_room(store::Db& db, const std::string& ward) {
  auto r = db.query_one(
      "SELECT l.id, l.name, a.postal_code FROM hsds_location l JOIN hsds_address a ON a.location_id = l.id "
      "WHERE l.name = ? AND a.postal_code IS NOT NULL ORDER BY l.id LIMIT 1",
      {ward + " Community Room (demo)"});
  if (!r) return std::nullopt;
  return Venue{r->text(0), r->text(1), r->text(2)};
}

void meet_at(Hub& hub, const std::optional<Venue>& venue) {
  if (!venue) return;
  hub.location_id = venue->location_id;
  hub.address = venue->name;
  hub.postcode = venue->postcode;
}

}  // namespace

void HubsModule::load_demo(store::Db& db, const app::Config&, const app::Progress& progress) {
  HubStore store(db);
  if (!store.all().empty() || !db.query_one("SELECT 1 FROM areas WHERE code = 'E06000034'")) return;
  auto cara = user_id(db, "coordinator@demo.kith.test"), kofi = user_id(db, "coordinator2@demo.kith.test");
  auto referrer = user_id(db, "referrer@demo.kith.test");
  std::vector<std::int64_t> volunteers;
  for (const char* e :
       {"member@demo.kith.test", "panel@demo.kith.test", "organisation@demo.kith.test", "moderator@demo.kith.test"})
    if (auto id = user_id(db, e)) volunteers.push_back(*id);
  auto actor = audit::Actor::system("kith demo");

  Hub ockendon;
  ockendon.name = "Ockendon Community Hub (demo)";
  ockendon.authority_code = "E06000034";
  ockendon.address = "Community centre, South Ockendon";
  ockendon.postcode = "RM15 5AE";
  ockendon.summary =
      "Run by the community for the community: drop in for a cup of tea and a chat, help with forms and "
      "letters, a food share, and someone to point you to what is on locally. No appointment needed.";
  ockendon.getting_there =
      "Buses stop a short walk away; Ockendon station is about 15 minutes on foot. Step-free entrance at the "
      "front, with a ramp.";
  ockendon.volunteering =
      "The hub is run by local volunteers. Sign up for a shift below: welcome desk, tea and chat, or helping with "
      "forms. Two to three hours a week makes a difference.";
  ockendon.contact = "ockendon.hub@thurrock.example";
  ockendon.is_demo = true;
  // Volunteers' hours at Ockendon are banked in the borough's timebank (when the demo has it).
  if (auto t = timebank::TimebankStore(db).timebank("thurrock-hub")) ockendon.timebank_id = t->id;
  Hub chadwell = ockendon;
  chadwell.name = "Chadwell Community Hub (demo)";
  chadwell.address = "Community hall, Chadwell St Mary";
  chadwell.postcode = "RM16 3AA";
  chadwell.summary =
      "A welcoming hub in Chadwell St Mary run by local volunteers: advice sessions, a library corner, a "
      "knit and natter group and help getting online.";
  chadwell.getting_there = "On the bus routes through Chadwell St Mary; parking at the hall. Step-free throughout.";
  chadwell.contact = "chadwell.hub@thurrock.example";
  chadwell.timebank_id.reset();
  meet_at(ockendon, community_room(db, "Ockendon"));
  meet_at(chadwell, community_room(db, "Chadwell St Mary"));
  // Chadwell runs the Stifford Clays picnics the demo's decided round funded: its
  // volunteers' time counts as that project's (when the demo has the grants).
  if (auto project = db.query_one("SELECT id FROM grant_applications WHERE group_name = ?",
                                  {std::string("Stifford Clays Summer Picnics (demo)")}))
    chadwell.grant_project_id = project->integer(0);

  std::int64_t today = london(now_seconds()).days;
  struct Plan {
    Hub hub;
    std::optional<std::int64_t> organiser;
    std::vector<Session> sessions;
  };
  std::vector<Plan> plans = {
      {ockendon,
       cara,
       {{0, 0, 10 * 60, 13 * 60}, {0, 2, 10 * 60, 13 * 60}, {0, 2, 14 * 60, 16 * 60}, {0, 4, 10 * 60, 14 * 60}}},
      {chadwell, kofi, {{0, 1, 9 * 60 + 30, 12 * 60 + 30}, {0, 3, 13 * 60, 16 * 60}, {0, 5, 10 * 60, 12 * 60}}},
  };
  int shifts_made = 0;
  for (std::size_t p = 0; p < plans.size(); ++p) {
    auto& plan = plans[p];
    std::int64_t hub = store.add(plan.hub);
    plan.hub.id = hub;
    audit::record(db, actor, "hub.create", "hub", std::to_string(hub), nullptr, {{"name", plan.hub.name}});
    if (plan.organiser) store.add_organiser(hub, *plan.organiser);
    for (const auto& s : plan.sessions) store.add_session(hub, s);
    // A closure on the first opening day three weeks out.
    store.add_closure(hub, {civil_from_days(today + 21), "Staff training (demo)"});
    // Shifts for four weeks back and two weeks ahead, one per session: the welcome desk
    // needs two, tea and chat one; ahead, some are short of people.
    int n = 0;
    for (std::int64_t d = today - 28; d < today + kCoverDays; ++d) {
      for (const auto& s : plan.sessions) {
        if (s.weekday != weekday_of(d)) continue;
        for (const auto& [role, needed] :
             std::vector<std::pair<std::string, int>>{{"Welcome desk", 2}, {"Tea and chat", 1}}) {
          Shift shift{0, hub, civil_from_days(d), hhmm(s.opens), hhmm(s.closes), role, needed, 0, false};
          shift.id = store.add_shift(shift);
          ++shifts_made;
          ++n;
          // Ahead, every third shift is left short; behind, all were filled.
          int take = d >= today && n % 3 == 0 ? needed - 1 : needed;
          std::vector<std::int64_t> came;
          for (int k = 0; k < take && !volunteers.empty(); ++k) {
            auto v = volunteers[static_cast<std::size_t>(n + k + static_cast<int>(p)) % volunteers.size()];
            if (store.signed_up(shift.id, v) || overlapping(shift, store.shifts_of(v, shift.on_date))) continue;
            store.sign_up(shift.id, v);
            came.push_back(v);
          }
          if (d < today) store.confirm(shift.id, came, shift_minutes(shift));
          // The last week's time is banked, for those with an account in the hub's timebank.
          if (d < today && d >= today - 7 && plan.hub.timebank_id)
            for (auto v : came)
              if (auto paid = timebank::bank_hours(
                      db, actor, plan.organiser, *plan.hub.timebank_id, v, shift_minutes(shift),
                      i18n::tr("Volunteered at {hub}: {role}, {day}",
                               {{"hub", plan.hub.name}, {"role", role}, {"day", date_in_words(civil_from_days(d))}})))
                store.set_banked(shift.id, v, *paid);
        }
        // Visits counted for past sessions: a steady few, busier on market day.
        if (d < today) {
          int people = 8 + static_cast<int>((d * 7 + s.opens / 60 + static_cast<int>(p) * 5) % 17);
          store.record_visit(hub, {civil_from_days(d), hhmm(s.opens), people}, plan.organiser);
        }
      }
    }
  }
  // A referral waiting at Ockendon, from the demo GP practice, with consent recorded.
  Referral r;
  r.hub_id = plans[0].hub.id;
  r.referrer_id = referrer;
  r.person = "J.M.";
  r.needs = {"company", "forms"};
  r.note = "Lives alone since a bereavement; would like help with a blue badge form. Prefers mornings. (demo)";
  r.consent = true;
  r.is_demo = true;
  auto rid = store.add_referral(r);
  audit::record(db, actor, "hub.referral.create", "hub_referral", std::to_string(rid), nullptr,
                {{"hub_id", r.hub_id}, {"needs", r.needs}, {"consent", true}});
  if (progress) progress("hubs: Ockendon and Chadwell, " + std::to_string(shifts_made) + " shifts");
}

}  // namespace kith::hubs
