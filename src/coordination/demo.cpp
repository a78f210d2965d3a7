#include "coordination/demo.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "accounts/account_store.h"
#include "accounts/service.h"
#include "audit/audit.h"
#include "coordination/coordination_store.h"
#include "coordination/report_store.h"
#include "core/clock.h"

namespace kith::coordination {

namespace {

constexpr const char* kTeamName = "Thurrock Local Area Coordination (demo)";
constexpr const char* kThurrock = "E06000034";

// A small fixed generator, so the demo tells the same story every time it loads.
struct Dice {
  std::uint64_t s = 20261129;
  std::uint64_t next() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return s >> 33;
  }
  int roll(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  bool chance(int percent) { return roll(100) < percent; }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(roll(static_cast<int>(v.size())))];
  }
};

const std::vector<std::string> kFirst = {
    "Maureen", "Dennis", "Shirley", "Tunde",  "Kelly",  "Graham", "Priya",  "Josephine", "Terry",   "Bola",
    "Sandra",  "Kevin",  "Agnes",   "Liam",   "Marcia", "Roy",    "Chloe",  "Ibrahim",   "Pauline", "Stan",
    "Denise",  "Femi",   "Jean",    "Darren", "Rita",   "Ahmed",  "Gloria", "Wayne",     "Irene",   "Callum",
    "Hazel",   "Sunita", "Brian",   "Nadia",  "Cyril",  "Leanne", "Olga",   "Marcus",    "Doreen",  "Jay",
    "Val",     "Samir",  "Edna",    "Ricky",  "Ayesha", "Norman", "Tracey", "Kwame",     "Beryl",   "Zofia"};
const std::vector<std::string> kSurnameInitials = {"A", "B", "C", "D", "E", "F", "G", "H", "J", "K",
                                                   "L", "M", "N", "O", "P", "R", "S", "T", "W", "Y"};
// Sources weighted as Thurrock's were: GPs most, then agencies, the person themselves, housing, councillors.
const std::vector<std::string> kSources = {"gp",   "gp",   "gp",      "gp",         "agency", "agency",
                                           "self", "self", "housing", "councillor", "other"};
const std::vector<std::string> kOrgs = {"Tilbury Health Centre (demo)",    "Chadwell Medical Centre (demo)",
                                        "Grays Health Centre (demo)",      "Thurrock Adult Social Care (demo)",
                                        "Thurrock Council Housing (demo)", "Thurrock CVS (demo)"};
const std::vector<std::vector<std::string>> kReasons = {{"loneliness"},
                                                        {"loneliness", "low-mood"},
                                                        {"money", "housing"},
                                                        {"carer", "low-mood"},
                                                        {"long-term-condition"},
                                                        {"long-term-condition", "loneliness"},
                                                        {"bereavement"},
                                                        {"bereavement", "loneliness"},
                                                        {"work"},
                                                        {"physical-activity", "long-term-condition"},
                                                        {"food", "money"},
                                                        {"loneliness"}};
const std::vector<std::pair<std::string, std::string>> kMatters = {
    {"Since my husband died I don't see anyone from one week to the next.",
     "Having people to talk to, and a reason to get out of the house on a Tuesday."},
    {"My knees are bad and I've stopped going out. I used to love the garden.",
     "Being out in the fresh air and growing things again, even if it's just a few pots."},
    {"I care for my mum full time and I've lost touch with my friends.",
     "A couple of hours a week that are mine, and someone who understands."},
    {"The letters from the council worry me sick. I can't make sense of them.",
     "Knowing where I stand with money and not dreading the post."},
    {"I moved here for the new flat and I don't know anybody.", "Knowing my neighbours and feeling like this is home."},
    {"I've been out of work since my operation and I'm losing confidence.",
     "Doing something useful with my days, and maybe working again one day."},
    {"I used to sing in a choir before we moved to Tilbury.",
     "Singing with other people again and having something to look forward to."}};
const std::vector<std::pair<std::string, std::string>> kStrengths = {
    {"gift", "Good with a sewing machine: made curtains for the whole street once"},
    {"gift", "Can fix bikes and will show anyone how"},
    {"strength", "Knows everyone on the estate from thirty years on the buses"},
    {"interest", "Gardening, especially vegetables"},
    {"gift", "Bakes for any occasion"},
    {"interest", "Local history: the docks and the Tilbury ferry"},
    {"strength", "Patient and kind with children"},
    {"gift", "Speaks Yoruba and English: happy to help others with letters"}};
const std::vector<std::string> kGoals = {"Get out of the house at least twice a week",
                                         "Get back into the garden",
                                         "Have a regular break from caring",
                                         "Sort out the bills and the letters",
                                         "Get to know people nearby",
                                         "Find some volunteering to build up my confidence",
                                         "Sing with a group again"};
const std::vector<std::string> kContactKinds = {"face-to-face", "home-visit", "phone", "phone",
                                                "face-to-face", "text",       "group"};
// Where a contact happened and what was written, as its kind allows: a phone call is
// not at the hub, a home visit is at home.
const std::vector<std::string> kMeetingPlaces = {"Tilbury Hub", "Chadwell Hub", "Grays library café"};
const std::vector<std::string> kMeetingNotes = {
    "Talked about what a good day looks like. Would like to try the lunch club.",
    "Went together to the hub. Stayed for a cup of tea and met two neighbours.",
    "Helped fill in the attendance allowance form. Feeling less worried.",
    "Review of the plan: the walking group is going well, wants to do more."};
const std::vector<std::string> kPhoneNotes = {"Phoned to check in: went to the group alone this week.",
                                              "Left a message; rang back the next day and arranged a visit."};
const std::vector<std::string> kTook = {"still-going", "still-going", "still-going", "went-once", "went-once",
                                        "did-not-go",  "stopped",     "introduced",  "suggested", "not-wanted"};
const std::vector<std::string> kCloseReasons = {"goals-met", "goals-met",  "connected",        "connected",
                                                "connected", "moved-away", "no-longer-wanted", "referred-on"};

std::string day(std::int64_t now, int days_ago) {
  return iso_utc(now - static_cast<std::int64_t>(days_ago) * 86400).substr(0, 10);
}
std::string at(std::int64_t now, int days_ago) { return day(now, days_ago) + "T10:00:00Z"; }

std::int64_t demo_user(store::Db& db, const std::string& email, const std::string& name, const std::string& role,
                       const std::string& password) {
  accounts::AccountStore users(db);
  if (auto u = users.find_by_email(email)) {
    db.exec(
        "INSERT INTO user_roles (user_id, role) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM user_roles WHERE "
        "user_id = ? AND role = ?)",
        {u->id, role, u->id, role});
    return u->id;
  }
  auto made = accounts::add_user(db, audit::Actor::system("kith demo"), email, name, password, {role}, true);
  if (!made) throw std::runtime_error("demo account " + email + ": " + made.error().message);
  return made->id;
}

std::int64_t unit_cost(store::Db& db, const std::string& name, std::int64_t pence, const std::string& unit,
                       const std::string& source, int year, const std::string& now) {
  if (auto r = db.query_one("SELECT id FROM coord_unit_costs WHERE name = ? ORDER BY id LIMIT 1", {name}))
    return r->integer(0);
  return db
      .query_one(
          "INSERT INTO coord_unit_costs (name, amount_pence, unit, source, year, created_at) VALUES (?, ?, ?, "
          "?, ?, ?) RETURNING id",
          {name, pence, unit, source, std::int64_t{year}, now})
      ->integer(0);
}

}  // namespace

void load_coordination_demo(store::Db& db, const app::Config& config, const app::Progress& progress) {
  if (db.scalar("SELECT COUNT(*) FROM coord_teams WHERE name = ?", {std::string(kTeamName)}) > 0) return;
  const std::int64_t now_s = now_seconds();
  const std::string now = now_iso();

  // Where the team works: Tilbury and Chadwell for one coordinator, Grays for the other.
  auto lsoas_like = [&](const std::string& word) {
    std::vector<std::string> out;
    for (const auto& r : db.query("SELECT code FROM areas WHERE kind = 'lsoa' AND authority_code = ? AND (label LIKE ? "
                                  "OR name LIKE ?) ORDER BY code LIMIT 12",
                                  {std::string(kThurrock), "%" + word + "%", "%" + word + "%"}))
      out.push_back(r.text(0));
    return out;
  };
  std::vector<std::string> east = lsoas_like("Tilbury"), west = lsoas_like("Grays");
  for (const auto& c : lsoas_like("Chadwell")) east.push_back(c);
  if (east.empty() || west.empty()) {  // no names people use loaded: any of Thurrock's LSOAs, in two halves
    east.clear();
    west.clear();
    for (const auto& r :
         db.query("SELECT code FROM areas WHERE kind = 'lsoa' AND authority_code = ? ORDER BY code LIMIT 24",
                  {std::string(kThurrock)}))
      (east.size() <= west.size() ? east : west).push_back(r.text(0));
  }
  if (east.empty() || west.empty()) {
    if (progress) progress("coordination: Thurrock's areas are not loaded, so no demo team");
    return;
  }

  std::int64_t lead =
      demo_user(db, "team_lead@demo.kith.test", "Tamsin Team Lead (demo)", "team_lead", "kith-demo-team_lead");
  std::int64_t cara =
      demo_user(db, "coordinator@demo.kith.test", "Cara Coordinator (demo)", "coordinator", "kith-demo-coordinator");
  std::int64_t kofi =
      demo_user(db, "coordinator2@demo.kith.test", "Kofi Coordinator (demo)", "coordinator", "kith-demo-coordinator2");
  std::int64_t referrer = demo_user(db, "referrer@demo.kith.test", "Dr Rana Referrer, Tilbury Health Centre (demo)",
                                    "referrer", "kith-demo-referrer");
  std::int64_t team = db.query_one("INSERT INTO coord_teams (name, created_at) VALUES (?, ?) RETURNING id",
                                   {std::string(kTeamName), now})
                          ->integer(0);
  for (auto [user, role] :
       std::vector<std::pair<std::int64_t, std::string>>{{lead, "lead"}, {cara, "coordinator"}, {kofi, "coordinator"}})
    db.exec("INSERT INTO coord_team_members (team_id, user_id, role) VALUES (?, ?, ?)", {team, user, role});
  for (const auto& l : east) db.exec("INSERT INTO coord_coverage (user_id, lsoa_code) VALUES (?, ?)", {cara, l});
  for (const auto& l : west) db.exec("INSERT INTO coord_coverage (user_id, lsoa_code) VALUES (?, ?)", {kofi, l});

  if (config.coordination_key_file.empty()) {
    if (progress) progress("coordination: demo team made; no coordination key, so no demo people");
    return;
  }
  auto key = Key::load(config.coordination_key_file);
  if (!key) throw std::runtime_error(key.error().message);
  CoordStore store(db, *key);

  // What the connections go to: the demo directory's Thurrock listings and the Tilbury timebank.
  std::vector<std::pair<std::string, std::string>> services;
  for (const auto& r : db.query("SELECT DISTINCT s.id, s.name FROM hsds_service s JOIN hsds_service_at_location sl ON "
                                "sl.service_id = s.id JOIN hsds_location l ON l.id = sl.location_id JOIN areas a ON "
                                "a.code = l.kith_lsoa_code WHERE a.authority_code = ? ORDER BY s.name LIMIT 20",
                                {std::string(kThurrock)}))
    services.emplace_back(r.text(0), r.text(1));
  std::vector<std::pair<std::int64_t, std::string>> timebank;
  for (const auto& r : db.query("SELECT a.id, a.name FROM timebank_accounts a JOIN timebanks t ON t.id = "
                                "a.timebank_id WHERE t.slug = 'tilbury-chadwell' AND a.kind = 'member' AND a.status = "
                                "'active' ORDER BY a.id"))
    timebank.emplace_back(r.integer(0), r.text(1));
  std::vector<std::string> outcomes;
  for (const auto& r : db.query("SELECT slug FROM outcomes WHERE retired_at IS NULL ORDER BY position LIMIT 3"))
    outcomes.push_back(r.text(0));

  // The unit costs migration 0026 fills in (Thurrock's figures and a GP consultation).
  const std::string seed = "Thurrock Council, Health and Wellbeing Board, Community Resilience, 17 July 2014";
  struct Cost {
    std::int64_t id;
    std::string what;
    double units_each, times_per_year;
  };
  std::vector<Cost> costs = {
      {unit_cost(db, "Day care (social care funded)", 4500, "session", seed, 2014, now),
       "Day care sessions twice a week", 1, 104},
      {unit_cost(db, "Delayed hospital discharge or interim residential bed", 122000, "week", seed, 2014, now),
       "Two weeks waiting in hospital for a care package, once a year", 2, 1},
      {unit_cost(db, "Direct payments", 54480, "month", seed, 2014, now), "A direct payment for a personal assistant",
       1, 12},
      {unit_cost(db, "GP consultation (10 minutes)", 4200, "consultation",
                 "PSSRU, Unit Costs of Health and Social Care 2023", 2023, now),
       "GP appointments for loneliness and low mood, monthly", 1, 12}};

  Dice dice;
  const int people = 48;
  for (int i = 0; i < people; ++i) {
    bool in_east = i % 2 == 0;
    const auto& area = in_east ? east : west;
    std::int64_t coordinator = in_east ? cara : kofi;
    int received_ago = 380 - i * 8 + dice.roll(5);  // one a week or so over the last year
    Person p;
    p.name = kFirst[static_cast<std::size_t>(i) % kFirst.size()] + " " + dice.pick(kSurnameInitials) + ". (demo)";
    p.date_of_birth = std::to_string(1938 + dice.roll(50)) + "-0" + std::to_string(1 + dice.roll(9)) + "-1" +
                      std::to_string(dice.roll(9));
    p.contact.phone = "07700 900" + std::to_string(100 + i);  // Ofcom's range for drama
    p.contact.prefer = "phone";
    p.contact.safe_times = dice.pick(std::vector<std::string>{"Weekday mornings", "Any time", "After 2pm"});
    p.contact.may_leave_message = dice.chance(70);
    // Most live in four neighbourhoods per coordinator, so area figures have enough people to show.
    p.lsoa_code = area[static_cast<std::size_t>(i / 2) % std::min<std::size_t>(4, area.size())];
    p.created_at = at(now_s, received_ago);
    std::int64_t person = store.add_person(p);
    db.exec("UPDATE coord_people SET is_demo = 1 WHERE id = ?", {person});
    std::int64_t case_id = store.add_case(person, team, p.created_at);

    Referral f;
    f.case_id = case_id;
    f.person_id = person;
    f.source = dice.pick(kSources);
    f.referrer_org = f.source == "self" ? "" : dice.pick(kOrgs);
    // The demo referrer's practice: its referrals are on their /coordination/referrals.
    if (f.source == "gp" && f.referrer_org == kOrgs.front()) f.referrer_user = referrer;
    f.reasons = dice.pick(kReasons);
    const auto& matter = kMatters[static_cast<std::size_t>(i) % kMatters.size()];
    f.what_matters = matter.first;
    f.consent_contact = true;
    f.consent_share_back = f.source != "self" && dice.chance(80);
    f.urgency = dice.chance(10) ? "soon" : "routine";
    f.status = "received";
    f.received_at = p.created_at;
    store.add_referral(f);

    // The newest two wait for triage; two were declined (already supported elsewhere).
    if (i >= people - 2) continue;
    if (i == 9 || i == 30) {
      store.decide_referrals(case_id, "declined", kSnomedDeclined,
                             "Already supported by the community mental health team", lead,
                             at(now_s, received_ago - 2));
      store.set_case_status(case_id, "declined", "", "");
      continue;
    }
    int decided_ago = received_ago - 1 - dice.roll(3);
    store.decide_referrals(case_id, "accepted", kSnomedAccepted, "", lead, at(now_s, decided_ago));
    store.allocate(case_id, team, coordinator, lead, at(now_s, decided_ago));
    if (i >= people - 5) continue;  // allocated, not yet in touch

    int first_ago = std::max(1, received_ago - 3 - dice.roll(18));
    // Reviewed after 8 weeks or more; the older cases closed at their review.
    bool reviewed = first_ago > 56;
    bool closed = i < 22;
    int review_ago = std::max(1, first_ago - 56 - dice.roll(30));
    std::int64_t by = coordinator;
    int contacts = 3 + dice.roll(6);
    int last_ago = first_ago;
    for (int k = 0; k < contacts; ++k) {
      int ago = first_ago - k * (10 + dice.roll(12));
      if (ago < 1 || (closed && reviewed && ago < review_ago)) break;
      last_ago = ago;
      ContactRecord c;
      c.kind = k == 0 ? "home-visit" : dice.pick(kContactKinds);
      c.contact_on = day(now_s, ago);
      c.minutes = c.kind == "text" ? 5 : 20 + 10 * dice.roll(8);
      // Two rolls whatever the kind, so the rest of the demo draws as it always has.
      auto where = static_cast<std::size_t>(dice.roll(6)), what = static_cast<std::size_t>(dice.roll(6));
      if (c.kind == "phone") {
        c.place = "By phone";
        c.note = kPhoneNotes[what % kPhoneNotes.size()];
      } else if (c.kind == "text") {
        c.place = "By text message";
        c.note = "Texted a reminder about Thursday's group; the reply said they are going.";
      } else {
        c.place = c.kind == "home-visit" ? "At home"
                  : c.kind == "group"    ? "At the group"
                                         : kMeetingPlaces[where % kMeetingPlaces.size()];
        c.note = kMeetingNotes[what % kMeetingNotes.size()];
      }
      store.add_contact(case_id, c, by, at(now_s, ago));
    }
    store.first_contact(case_id, day(now_s, first_ago));

    Conversation conv;
    conv.held_on = day(now_s, first_ago);
    conv.what_matters = matter.first;
    conv.good_life = matter.second;
    store.add_conversation(case_id, conv, by, at(now_s, first_ago));
    Strength s;
    const auto& st = kStrengths[static_cast<std::size_t>(i) % kStrengths.size()];
    s.kind = st.first;
    s.text = st.second;
    s.gift_board_ok = s.kind == "gift" && dice.chance(50);
    store.add_strength(case_id, s, by, at(now_s, first_ago));
    Goal g;
    g.words = kGoals[static_cast<std::size_t>(i) % kGoals.size()];
    g.review_on = day(now_s, first_ago - 56);
    std::int64_t goal = store.add_goal(case_id, g, by, at(now_s, first_ago));
    Step step;
    step.text = "Go along with the coordinator the first time";
    step.owner = "both";
    step.due_on = day(now_s, first_ago - 14);
    store.add_step(goal, step, at(now_s, first_ago));

    // Connections: to community first (the directory, the timebank), a service where it was the right answer.
    int connections = 1 + dice.roll(3);
    for (int k = 0; k < connections; ++k) {
      int ago = std::max(1, first_ago - 7 - k * 14);
      std::string took = ago > 30 ? dice.pick(kTook) : "introduced";
      if (!timebank.empty() && k == 1) {
        const auto& [acc, name] = dice.pick(timebank);
        db.exec(
            "INSERT INTO coord_connections (case_id, target_kind, timebank_account_id, target_name, took, "
            "follow_up_on, created_by, created_at, updated_at) VALUES (?, 'timebank-member', ?, ?, ?, ?, ?, ?, ?)",
            {case_id, acc, name, took, day(now_s, ago - 28), by, at(now_s, ago), at(now_s, ago)});
      } else if (!services.empty() && k != 2) {
        const auto& [sid, name] = dice.pick(services);
        db.exec(
            "INSERT INTO coord_connections (case_id, target_kind, service_id, target_name, took, follow_up_on, "
            "created_by, created_at, updated_at) VALUES (?, 'service', ?, ?, ?, ?, ?, ?, ?)",
            {case_id, sid, name, took, day(now_s, ago - 28), by, at(now_s, ago), at(now_s, ago)});
      } else {
        std::string kind = dice.chance(50) ? "hub" : "group";
        std::string name = kind == "hub" ? "Tilbury Community Hub (demo)" : "Chadwell Tuesday Knit and Natter (demo)";
        db.exec(
            "INSERT INTO coord_connections (case_id, target_kind, target_name, took, follow_up_on, created_by, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            {case_id, kind, name, took, day(now_s, ago - 28), by, at(now_s, ago), at(now_s, ago)});
      }
    }

    // Wellbeing: ONS4 at the first visit; again at review for those supported 8 weeks or more.
    // Most feel better — more so where a connection took — and a few do not.
    int lift = dice.roll(100) < 75 ? 1 + dice.roll(3) : -dice.roll(2);
    auto measure = [&](const std::string& instrument, const std::string& occasion, int ago,
                       const std::vector<std::pair<std::string, int>>& items) {
      std::int64_t m = db.query_one(
                             "INSERT INTO coord_wellbeing (case_id, instrument, occasion, taken_on, recorded_by, "
                             "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                             {case_id, instrument, occasion, day(now_s, ago), by, at(now_s, ago)})
                           ->integer(0);
      for (const auto& [item, score] : items)
        db.exec("INSERT INTO coord_wellbeing_items (measure_id, item, score) VALUES (?, ?, ?)",
                {m, item, std::int64_t{score}});
    };
    auto clamp10 = [](int v) { return std::clamp(v, 0, 10); };
    int ls = 2 + dice.roll(4), ww = 3 + dice.roll(4), hp = 2 + dice.roll(4), ax = 5 + dice.roll(5);
    measure("ONS4", "start", first_ago,
            {{"life-satisfaction", ls}, {"worthwhile", ww}, {"happy", hp}, {"anxious", ax}});
    std::vector<std::pair<std::string, int>> start_outcomes, later_outcomes;
    for (const auto& o : outcomes) {
      int v = 1 + dice.roll(3);  // rated 1 (not at all) to 5 (completely)
      start_outcomes.emplace_back(o, v);
      later_outcomes.emplace_back(o, std::clamp(v + (lift + dice.roll(2)) / 2, 1, 5));
    }
    if (!outcomes.empty()) measure("outcomes", "start", first_ago, start_outcomes);
    if (reviewed) {
      measure("ONS4", closed ? "close" : "review", review_ago,
              {{"life-satisfaction", clamp10(ls + lift + dice.roll(2))},
               {"worthwhile", clamp10(ww + lift)},
               {"happy", clamp10(hp + lift + dice.roll(2) - 1)},
               {"anxious", clamp10(ax - lift - dice.roll(2))}});
      if (!outcomes.empty()) measure("outcomes", closed ? "close" : "review", review_ago, later_outcomes);
    }

    // Cost avoided, for about half: what would likely have happened without support.
    if (dice.chance(50)) {
      const auto& c = costs[static_cast<std::size_t>(dice.roll(static_cast<int>(costs.size())))];
      db.exec(
          "INSERT INTO coord_cost_avoided (case_id, unit_cost_id, what, units_each, times_per_year, months, "
          "confidence, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {case_id, c.id, c.what, c.units_each, c.times_per_year, static_cast<double>(6 + 6 * dice.roll(2)),
           dice.pick(std::vector<std::string>{"low", "medium", "medium", "high"}), by, at(now_s, last_ago)});
    }

    // The older cases are closed, a few with something given back.
    if (closed && reviewed) {
      std::string reason = dice.pick(kCloseReasons);
      db.exec("INSERT INTO coord_closings (case_id, reason, closed_by, closed_at) VALUES (?, ?, ?, ?)",
              {case_id, reason, by, at(now_s, review_ago)});
      db.exec("UPDATE coord_cases SET status = 'closed', closed_at = ? WHERE id = ?", {at(now_s, review_ago), case_id});
      if (dice.chance(45)) {
        std::string kind = dice.pick(
            std::vector<std::string>{"volunteering", "timebank", "joined-group", "started-group", "peer-support"});
        db.exec(
            "INSERT INTO coord_contributions (case_id, kind, what, hours, started_on, recorded_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            {case_id, kind,
             kind == "started-group" ? std::string("Started a walking group from the hub")
                                     : std::string("Helps at the Tuesday lunch club"),
             static_cast<double>(4 + dice.roll(20)), day(now_s, review_ago), by, at(now_s, review_ago)});
      }
    }
  }
  ReportStore(db).recount_wellbeing();
  if (progress) progress("coordination: a demo team in Thurrock with 48 made-up people");
}

}  // namespace kith::coordination
