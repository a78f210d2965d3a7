#include "grants/module.h"

#include <algorithm>

#include "core/clock.h"

#include "accounts/account_store.h"
#include "grants/grant_service.h"
#include "grants/grants_http.h"
#include "i18n/speaking.h"

namespace kith::grants {

namespace {

// The demo's Small Sparks rounds share their rules and criteria: up to £250, matched
// pound for pound (volunteer hours at £15), scored on Dudley's outcomes.
void small_sparks_rules(Round& r) {
  r.rules.max_amount = 250;
  r.rules.match_required = true;
  r.rules.match_ratio = 1;
  r.rules.hour_value_pence = 1500;
  r.criteria = {{"relationships", "Relationships and connections with others", 1},
                {"belonging", "A sense of belonging and community", 1},
                {"community-involvement", "Community involvement", 2},
                {"sustainability", "Sustainability", 1}};
}
void load_decided_round(store::Db& db, const audit::Actor& demo, std::int64_t fund, std::int64_t member,
                        std::int64_t organisation, std::int64_t panel);
}  // namespace

void GrantsModule::install(web::Server& server, const app::Config&) { install_routes(server, sections_); }

// Thurrock's Small Sparks (up to £250, matched by sweat equity) with two
// applications from demo members: one sent, one a draft; the demo panel member sits
// on its panel with the first to score.
void GrantsModule::load_demo(store::Db& db, const app::Config&, const app::Progress& progress) {
  audit::Actor demo = audit::Actor::system("kith demo");
  auto fund = create_fund(db, demo,
                          {0, "Small Sparks", "Small grants for community action, matched by the community's time.",
                           "Thurrock Council (demo)", "GB-LAE-THR"});
  if (!fund) throw std::runtime_error("demo fund: " + fund.error().message);
  Round r;
  r.fund_id = *fund;
  r.name = "Small Sparks, winter 2026";
  r.description =
      "Up to £250 for a street party, a community garden, a friendship club: whatever brings people together.";
  r.rules.opens_at = "2026-10-01";
  r.rules.closes_at = "2027-03-31";
  r.rules.budget = 5000;
  small_sparks_rules(r);
  auto round = create_round(db, demo, r);
  if (!round) throw std::runtime_error("demo round: " + round.error().message);
  accounts::AccountStore users(db);
  auto member = users.find_by_email("member@demo.kith.test");
  auto organisation = users.find_by_email("organisation@demo.kith.test");
  auto panel = users.find_by_email("panel@demo.kith.test");
  if (!member || !organisation || !panel) return;
  std::string now = "2026-11-20T10:00:00Z";
  auto party = start_application(db, demo, *round, member->id, "Friends of Orsett Road (demo)", now);
  Canvas c;
  c.group_name = "Friends of Orsett Road (demo)";
  c.group_kind = "residents";
  c.idea = "A street party to meet the new neighbours";
  c.problem = "Half the street moved in this year and nobody knows anybody.";
  c.who = "Twelve households, with the church next door.";
  c.assets = "The church hall's tables and a neighbour's sound system.";
  c.lasting = "A WhatsApp group for the street and a party every summer.";
  c.costs = "Road closure £90, food and drink £160.";
  c.outcomes = {"relationships", "belonging"};
  c.amount = 250;
  c.volunteer_hours = 12;
  c.materials_value = 70;
  auto check = [](const Status& s, const char* what) {
    if (!s)
      throw std::runtime_error(std::string("demo ") + what + ": " +
                               (s.error().fields.empty() ? s.error().message : s.error().fields[0].message));
  };
  check(save_canvas(db, demo, *party, member->id, c, "RM17 5AB"), "canvas");
  check(submit(db, demo, *party, member->id, now), "submit");
  auto garden = start_application(db, demo, *round, organisation->id, "Grays Growers (demo)", now);
  Canvas g = c;
  g.group_name = "Grays Growers (demo)";
  g.group_kind = "community-group";
  g.idea = "Raised beds behind the community centre for anyone to grow food";
  g.amount = 240;
  check(save_canvas(db, demo, *garden, organisation->id, g, "RM17 5AB"), "canvas");
  check(add_panel_member(db, demo, *round, "panel@demo.kith.test", "resident"), "panel");
  check(assign(db, demo, *party, panel->id), "assign");
  load_decided_round(db, demo, *fund, member->id, organisation->id, panel->id);
  if (progress) progress("grants: Small Sparks with two applications, and last summer's round decided");
}

namespace {

// Last summer's round of the same fund, decided: applications scored by the panel,
// two funded (so the 360Giving file has awards) and one declined, with feedback.
void load_decided_round(store::Db& db, const audit::Actor& demo, std::int64_t fund, std::int64_t member,
                        std::int64_t organisation, std::int64_t panel) {
  auto check = [](const Status& s, const char* what) {
    if (!s)
      throw std::runtime_error(std::string("demo decided round ") + what + ": " +
                               (s.error().fields.empty() ? s.error().message : s.error().fields[0].message));
  };
  Round r;
  r.fund_id = fund;
  r.name = "Small Sparks, summer 2026";
  r.description = "Up to £250 for summer activities that bring neighbours together.";
  r.rules.opens_at = "2026-04-01";
  r.rules.closes_at = "2026-06-30";
  r.rules.budget = 1000;
  small_sparks_rules(r);
  auto round = create_round(db, demo, r);
  if (!round) throw std::runtime_error("demo decided round: " + round.error().message);
  check(add_panel_member(db, demo, *round, "panel@demo.kith.test", "resident"), "panel");
  struct Idea {
    std::int64_t user;
    const char* group;
    const char* kind;
    const char* idea;
    const char* problem;
    const char* postcode;
    std::int64_t amount;
    int score;
    const char* decision;
    const char* feedback;
  };
  const Idea ideas[] = {
      {member, "Stifford Clays Summer Picnics (demo)", "residents",
       "Four Sunday picnics on the green for the whole estate",
       "Families on the estate rarely meet: there is nowhere to sit together.", "RM16 2AA", 200, 5, "fund",
       "The panel liked how many neighbours are already helping. Funded in full."},
      {organisation, "Tilbury Riverside Gardeners (demo)", "community-group",
       "Planters and seeds for the riverside walk, looked after by volunteers", "The walk is bare and unloved.",
       "RM18 7AB", 240, 4, "fund-with-conditions",
       "Funded on condition that the port agrees where the planters go before you buy them."},
      {member, "Grays Film Nights (demo)", "residents", "Outdoor film nights with a hired screen",
       "Young people say there is nothing to do in the evenings.", "RM17 5AB", 250, 2, "decline",
       "The panel could not see who would keep it going after the summer. Please apply again with a group behind "
       "it; the council's youth team can help."},
  };
  const std::string when = "2026-06-15T10:00:00Z";
  for (const auto& i : ideas) {
    auto id = start_application(db, demo, *round, i.user, i.group, when);
    if (!id) throw std::runtime_error("demo decided round: " + id.error().message);
    Canvas c;
    c.group_name = i.group;
    c.group_kind = i.kind;
    c.idea = i.idea;
    c.problem = i.problem;
    c.who = "Neighbours who signed up at the last residents' meeting.";
    c.assets = "A hall, tables and volunteers' time.";
    c.lasting = "A group that meets again next year.";
    c.costs = "Materials and hire, as itemised.";
    c.outcomes = {"relationships", "belonging"};
    c.amount = i.amount;
    c.volunteer_hours = 20;
    c.materials_value = 0;
    check(save_canvas(db, demo, *id, i.user, c, i.postcode), "canvas");
    check(submit(db, demo, *id, i.user, when), "submit");
    check(assign(db, demo, *id, panel), "assign");
    std::string n = std::to_string(i.score);
    check(score(db, demo, *id, panel,
                {{"relationships", {n, ""}},
                 {"belonging", {n, ""}},
                 {"community-involvement", {n, ""}},
                 {"sustainability", {std::to_string(std::max(1, i.score - 1)), ""}}}),
          "score");
    check(decide(db, demo, *id, i.decision, 0,
                 std::string(i.decision) == "fund-with-conditions" ? "Agree the planters' places with the port first."
                                                                   : "",
                 i.feedback),
          "decision");
  }
  // Decided three weeks after the round closed, last summer (a decision is stamped when
  // it is made): the projects have run since, and their hubs' hours count from then.
  db.exec("UPDATE grant_applications SET decided_at = ? WHERE round_id = ? AND decided_at IS NOT NULL",
          {std::string("2026-07-06T10:00:00Z"), *round});
}

}  // namespace

app::ErasureParts GrantsModule::erasure() const {
  return {{"grants",
           i18n::msg("Applications you had not sent are withdrawn and their words erased. Applications you sent are "
                     "kept, as the law requires for public money, with \"Former member\" instead of your name and "
                     "without your postcode. Invitations sent to your email address are deleted."),
           erase_applicant}};
}

app::PersonalDataParts GrantsModule::personal_data() const {
  return {{"grants",
           i18n::msg("Grant applications you made or joined, invitations to apply together sent to you, and, on a "
                     "panel, your scores and conflicts"),
           [](store::Db& db, std::int64_t user) {
             return nlohmann::json{
                 {"applications",
                  app::rows_json(db,
                                 "SELECT * FROM grant_applications WHERE owner_user = ? OR id IN "
                                 "(SELECT application_id FROM grant_applicants WHERE user_id = ?) ORDER BY id",
                                 {user, user})},
                 {"co_invitations", app::rows_json(db,
                                                   "SELECT id, application_id, email, status, created_at, answered_at "
                                                   "FROM grant_co_invitations WHERE answered_by = ? OR "
                                                   "email = (SELECT email FROM users WHERE id = ?) ORDER BY id",
                                                   {user, user})},
                 {"panel_seats", app::rows_json(db, "SELECT * FROM grant_panel WHERE user_id = ?", {user})},
                 {"scores", app::rows_json(db, "SELECT * FROM grant_scores WHERE user_id = ?", {user})},
                 {"conflicts", app::rows_json(db, "SELECT * FROM grant_conflicts WHERE user_id = ?", {user})}};
           }}};
}

}  // namespace kith::grants

namespace kith::grants {

app::WorkParts GrantsModule::work() const {
  // Applications given to this panel member, in rounds not yet decided, that they have
  // neither scored nor stood aside from.
  constexpr const char* kToScore =
      "SELECT COUNT(*) FROM grant_assignments g JOIN grant_applications a ON a.id = g.application_id "
      "JOIN grant_rounds r ON r.id = a.round_id WHERE g.user_id = ? AND a.status = 'submitted' "
      "AND r.decided_at IS NULL "
      "AND NOT EXISTS (SELECT 1 FROM grant_scores s WHERE s.application_id = g.application_id AND s.user_id = ?) "
      "AND NOT EXISTS (SELECT 1 FROM grant_conflicts c WHERE c.application_id = g.application_id AND c.user_id = ?)";
  // Applications waiting for their decision: in rounds closed to applications, or, in a
  // round still open, once every panel member given one has scored it or stood aside.
  constexpr const char* kToDecide =
      "SELECT r.id, r.name, COUNT(*) FROM grant_rounds r JOIN grant_applications a ON a.round_id = r.id "
      "WHERE a.status = 'submitted' AND (r.closes_at < ? OR (EXISTS (SELECT 1 FROM grant_assignments g "
      "WHERE g.application_id = a.id) AND NOT EXISTS (SELECT 1 FROM grant_assignments g WHERE g.application_id = a.id "
      "AND NOT EXISTS (SELECT 1 FROM grant_scores s WHERE s.application_id = a.id AND s.user_id = g.user_id) "
      "AND NOT EXISTS (SELECT 1 FROM grant_conflicts c WHERE c.application_id = a.id AND c.user_id = g.user_id)))) "
      "GROUP BY r.id, r.name, r.closes_at ORDER BY r.closes_at";
  return {{{"panel", "officer", "admin"},
           [=](store::Db& db, std::int64_t user) {
             return std::vector<app::Waiting>{
                 {i18n::tr("Applications to score"), "/grants/panel", db.scalar(kToScore, {user, user, user})}};
           }},
          {{"officer", "admin"}, [=](store::Db& db, std::int64_t) {
             std::vector<app::Waiting> out;
             for (const auto& r : db.query(kToDecide, {now_iso()}))
               out.push_back({i18n::tr("Decide the grant round {round}", {{"round", r.text(1)}}),
                              "/grants/rounds/" + r.text(0) + "/manage", r.integer(2)});
             if (out.empty()) out.push_back({i18n::tr("Grant rounds to decide"), "/admin/grants", 0});
             return out;
           }}};
}

}  // namespace kith::grants
