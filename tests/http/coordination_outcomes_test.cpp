// Coordination outcomes over the real server on both backends: connections chosen
// from the directory and whether they took (with the follow-up in Your work),
// wellbeing (ONS4 bands and change, SWEMWBS off until licensed, outcome ratings),
// cost avoided as a range, contributions, closing with a message to the referrer,
// unit costs and settings for admins, a person's correction requests, and retention
// erasing exactly the cases past their period.
#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include "accounts/account_store.h"
#include "audit/audit.h"
#include "coordination/coordination_store.h"
#include "coordination/outcomes_service.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/text.h"
#include "support/harness.h"

namespace kith {
namespace {

using Json = nlohmann::json;
using testing::contains;

class CoordinationOutcomesTest : public ::testing::TestWithParam<std::string> {
 protected:
  testing::TestServer& server() { return testing::shared_server(GetParam()); }

  struct User {
    std::int64_t id = 0;
    std::string email;
    testing::Browser browser{0};
  };
  User user(const std::string& role) {
    static std::atomic<int> counter{0};
    User u;
    if (role == "admin") {
      // The demo's own admin: another active admin on the shared server would let the
      // demo admin drop their role (ServerTest.TheLastAdminCannotRemoveTheirOwnAdminRole).
      u.email = "admin@demo.kith.test";
      auto handle = server().app().database().acquire();
      u.id = handle->scalar("SELECT id FROM users WHERE email = ?", {u.email});
      u.browser = server().browser();
      u.browser.sign_in(u.email, "kith-demo-admin");
      return u;
    }
    u.email = "co-" + role + "-" + std::to_string(counter++) + "-" + GetParam() + "@example.org";
    {
      auto handle = server().app().database().acquire();
      store::Transaction tx(*handle, true);
      accounts::AccountStore users(*handle);
      u.id = users.create(u.email, "", "Outcomes " + role, hash_password("correct horse battery"), "active", false);
      users.set_roles(u.id, {role});
      tx.commit();
    }
    u.browser = server().browser();
    u.browser.sign_in(u.email, "correct horse battery");
    return u;
  }

  // A person with an active case held by `coordinator`; their own account `own` if given.
  struct Made {
    std::int64_t person = 0, case_id = 0;
  };
  Made make_case(std::int64_t coordinator, std::int64_t own = 0, const std::string& name = "Pat Example") {
    auto key = coordination::Key::load(server().app().config().coordination_key_file);
    EXPECT_TRUE(key);
    auto handle = server().app().database().acquire();
    store::Transaction tx(*handle, true);
    coordination::CoordStore store(*handle, *key);
    coordination::Person p;
    p.name = name;
    p.contact.phone = "01375 000000";
    if (own) p.user_id = own;
    Made m;
    m.person = store.add_person(p);
    m.case_id = store.add_case(m.person, std::nullopt, now_iso());
    (*handle).exec("UPDATE coord_cases SET status = 'active', coordinator_user = ? WHERE id = ?",
                   {coordinator, m.case_id});
    tx.commit();
    return m;
  }
  std::string page(const Made& m) { return "/coordination/people/" + std::to_string(m.person) + "/outcomes"; }
  std::string api(const Made& m) { return "/api/v1" + page(m); }
  std::int64_t scalar(const std::string& sql, const store::Params& p) {
    auto handle = server().app().database().acquire();
    return handle->scalar(sql, p);
  }
};

TEST_P(CoordinationOutcomesTest, ConnectionsFromTheDirectoryAndWhetherTheyTook) {
  auto cara = user("coordinator");
  auto m = make_case(cara.id);
  auto first = cara.browser.get(page(m));
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_NE(first.body.find("Connections made"), std::string::npos);
  EXPECT_NE(first.body.find("No connections recorded yet."), std::string::npos);

  // Search the directory as loaded for the demo, by a word of a real service's name.
  std::string service_id, service_name;
  {
    auto handle = server().app().database().acquire();
    auto row = handle->query_one("SELECT id, name FROM hsds_service WHERE length(name) > 6 ORDER BY id LIMIT 1");
    ASSERT_TRUE(row);
    service_id = row->text(0);
    service_name = row->text(1);
  }
  // The whole name: a common first word could fill the ten results with others.
  std::string word = service_name;
  auto search = cara.browser.get(api(m) + "?q=" + url_encode(word));
  ASSERT_EQ(search.status, 200) << search.body;
  Json found = search.json()["found"];
  bool listed = false;
  for (const auto& f : found) listed = listed || (f["kind"] == "service" && f["id"] == service_id);
  EXPECT_TRUE(listed) << "searching " << word << " found " << found.dump();

  auto chosen = cara.browser.post_form(page(m), {{"do", "connection"}, {"service_id", service_id}});
  ASSERT_EQ(chosen.status, 303) << chosen.body;
  std::string yesterday = now_iso().substr(0, 4) == "2026" ? "2026-01-01" : "2025-01-01";
  auto named = cara.browser.post_json(api(m), {{"do", "connection"},
                                               {"target_kind", "group"},
                                               {"target_name", "Tuesday lunch club"},
                                               {"took", "still-going"},
                                               {"follow_up_on", yesterday}});
  ASSERT_EQ(named.status, 201) << named.body;
  std::int64_t lunch = named.json()["connection"];

  // The follow-up date has come: it is in the coordinator's work.
  auto account = cara.browser.get("/api/v1/account");
  ASSERT_EQ(account.status, 200);
  Json work = account.json()["work"];
  bool reminded = false;
  for (const auto& w : work) reminded = reminded || (w["label"] == "Connections to follow up" && w["count"] == 1);
  EXPECT_TRUE(reminded) << work.dump();

  auto bad =
      cara.browser.post_json(api(m), {{"do", "connection"}, {"target_kind", "teleport"}, {"follow_up_on", "soon"}});
  EXPECT_EQ(bad.status, 422);
  std::set<std::string> fields;
  Json errors = bad.json()["errors"];
  for (const auto& e : errors) fields.insert(e["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"target_kind", "target_name", "follow_up_on"})) << bad.body;

  auto took = cara.browser.post_json(
      api(m), {{"do", "took"}, {"connection", lunch}, {"took", "stopped"}, {"follow_up_on", ""}});
  ASSERT_EQ(took.status, 201) << took.body;
  Json data = cara.browser.get(api(m)).json();
  Json conns = data["connections"];
  ASSERT_EQ(conns.size(), 2u);
  EXPECT_EQ(conns[0]["name"], service_name);
  EXPECT_EQ(conns[0]["service_href"], "/directory/services/" + service_id);
  EXPECT_EQ(conns[0]["took_label"], "Suggested");
  EXPECT_EQ(conns[1]["took_label"], "Went, then stopped");
  EXPECT_EQ(conns[1]["follow_up_on"], "");
  auto html = cara.browser.get(page(m)).body;
  EXPECT_NE(html.find("Tuesday lunch club"), std::string::npos);
  // On the page a follow-up date is a GOV.UK date input on the connection's own row: a
  // date that does not exist is named there, with what was written kept.
  const std::string row = "follow-" + std::to_string(lunch);
  auto wrong = cara.browser.post_form(page(m), {{"do", "took"},
                                                {"connection", std::to_string(lunch)},
                                                {"took", "stopped"},
                                                {"follow_up_on_day", "30"},
                                                {"follow_up_on_month", "2"},
                                                {"follow_up_on_year", "2027"}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_TRUE(contains(wrong.body, "href=\"#" + row + "_day\">Follow-up date must be a real date"));
  EXPECT_TRUE(contains(
      wrong.body, "id=\"" + row + "_day\" name=\"follow_up_on_day\" type=\"text\" inputmode=\"numeric\" value=\"30\""));
  auto later = cara.browser.post_form(page(m), {{"do", "took"},
                                                {"connection", std::to_string(lunch)},
                                                {"took", "stopped"},
                                                {"follow_up_on_day", "14"},
                                                {"follow_up_on_month", "12"},
                                                {"follow_up_on_year", "2027"}});
  EXPECT_EQ(later.status, 303) << later.body;
  html = cara.browser.get(page(m)).body;
  EXPECT_TRUE(contains(html, "14 December 2027"));
  EXPECT_TRUE(contains(
      html, "id=\"" + row + "_month\" name=\"follow_up_on_month\" type=\"text\" inputmode=\"numeric\" value=\"12\""));
  account = cara.browser.get("/api/v1/account");
  work = account.json()["work"];
  for (const auto& w : work) {
    if (w["label"] == "Connections to follow up") {
      EXPECT_EQ(w["count"], 0);
    }
  }

  // Nobody else reads it: a member, another coordinator, someone signed out.
  auto other = user("coordinator");
  EXPECT_EQ(other.browser.get(api(m)).status, 403);
  EXPECT_EQ(
      other.browser.post_json(api(m), {{"do", "connection"}, {"target_kind", "group"}, {"target_name", "x"}}).status,
      403);
  EXPECT_EQ(user("member").browser.get(api(m)).status, 403);
  EXPECT_EQ(server().browser().get(api(m)).status, 401);
}

// A hub found in the search is a connection like any other; with the person's consent
// the hub is told they are coming (a first name, needs and a note: nothing else from
// the record), the connection becomes "introduced", and the coordinator sees when the
// hub has seen them. Erasing the case erases what the hub was told.
TEST_P(CoordinationOutcomesTest, AHubIsToldThePersonIsComingThroughTheirConnection) {
  auto cara = user("coordinator");
  auto m = make_case(cara.id, 0, "Priya Example");
  std::int64_t hub = 0;
  std::string hub_name;
  {
    auto handle = server().app().database().acquire();
    auto row = handle->query_one("SELECT id, name FROM hubs ORDER BY id LIMIT 1");
    ASSERT_TRUE(row) << "the demo has hubs";
    hub = row->integer(0);
    hub_name = row->text(1);
  }
  Json found = cara.browser.get(api(m) + "?q=" + url_encode(hub_name)).json()["found"];
  bool listed = false;
  for (const auto& f : found) listed = listed || (f["kind"] == "hub" && f["id"] == std::to_string(hub));
  EXPECT_TRUE(listed) << found.dump();
  ASSERT_EQ(cara.browser.post_form(page(m), {{"do", "connection"}, {"hub", std::to_string(hub)}}).status, 303);
  Json conns = cara.browser.get(api(m)).json()["connections"];
  ASSERT_EQ(conns.size(), 1u);
  const std::int64_t connection = conns[0]["id"];
  const std::string row = std::to_string(connection);
  EXPECT_EQ(conns[0]["name"], hub_name);
  EXPECT_EQ(conns[0]["took_label"], "Suggested");
  // The form offers their first name; nothing is told without needs and consent.
  auto html = cara.browser.get(page(m)).body;
  EXPECT_TRUE(contains(html, R"(id="person-)" + row + R"(" name="person" type="text" value="Priya")"));
  auto refused = cara.browser.post_form(page(m), {{"do", "tell-hub"}, {"connection", row}, {"person", "Priya"}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(contains(refused.body, "href=\"#needs-" + row + "\">Select what the person needs help with"));
  EXPECT_TRUE(contains(refused.body, "href=\"#consent-" + row + "\">Confirm the person agreed"));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM hub_referrals WHERE coord_connection_id = ?", {connection}), 0);

  auto told = cara.browser.post_json(api(m), {{"do", "tell-hub"},
                                              {"connection", row},
                                              {"person", "Priya"},
                                              {"needs", "company"},
                                              {"note", "Would like a quiet corner"},
                                              {"consent", "yes"}});
  ASSERT_EQ(told.status, 201) << told.body;
  const std::int64_t referral = told.json()["hub_referral"];
  EXPECT_EQ(cara.browser.get(api(m)).json()["connections"][0]["took_label"], "Introduced");
  auto again = cara.browser.post_json(
      api(m), {{"do", "tell-hub"}, {"connection", row}, {"person", "Priya"}, {"needs", "company"}, {"consent", "yes"}});
  EXPECT_EQ(again.status, 409) << again.body;
  // A connection that is not to a hub cannot tell one.
  auto lunch =
      cara.browser.post_json(api(m), {{"do", "connection"}, {"target_kind", "group"}, {"target_name", "Lunch"}});
  auto not_hub = cara.browser.post_json(api(m), {{"do", "tell-hub"},
                                                 {"connection", std::to_string(lunch.json()["connection"].get<int>())},
                                                 {"person", "Priya"},
                                                 {"needs", "company"},
                                                 {"consent", "yes"}});
  EXPECT_EQ(not_hub.status, 404);

  // The hub's organiser sees who is coming, from whom and through coordination; once
  // they are seen, the coordinator's page says so.
  auto olu = user("organisation");
  {
    auto handle = server().app().database().acquire();
    handle->exec("INSERT INTO hub_organisers (hub_id, user_id) VALUES (?, ?)", {hub, olu.id});
  }
  const std::string at = "/hubs/referrals/" + std::to_string(referral);
  auto seen_page = olu.browser.get(at);
  ASSERT_EQ(seen_page.status, 200) << seen_page.body;
  EXPECT_TRUE(contains(seen_page.body, "Priya is coming to see the hub"));
  EXPECT_TRUE(contains(seen_page.body, "Would like a quiet corner"));
  EXPECT_TRUE(contains(seen_page.body, "Through coordination"));
  EXPECT_FALSE(contains(seen_page.body, "Example"));  // no surname from the record
  EXPECT_TRUE(contains(cara.browser.get(page(m)).body, "it has not seen them yet"));
  ASSERT_EQ(olu.browser.post_form(at, {}).status, 303);
  EXPECT_TRUE(contains(cara.browser.get(page(m)).body, "and saw them on " + date_in_words(now_iso().substr(0, 10))));

  // Erasing the case erases what the hub was told.
  {
    auto key = coordination::Key::load(server().app().config().coordination_key_file);
    auto handle = server().app().database().acquire();
    store::Transaction tx(*handle, true);
    coordination::CaseOutcomeStore(*handle, *key).erase_case(m.case_id, m.person);
    tx.commit();
  }
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM hub_referrals WHERE id = ?", {referral}), 0);
}

TEST_P(CoordinationOutcomesTest, WellbeingBandsChangeAndSwemwbsOnlyWhenLicensed) {
  auto cara = user("coordinator");
  auto admin = user("admin");
  auto m = make_case(cara.id);
  auto start = cara.browser.post_json(api(m), {{"do", "wellbeing"},
                                               {"instrument", "ONS4"},
                                               {"occasion", "start"},
                                               {"taken_on", "2026-01-05"},
                                               {"item_life-satisfaction", "3"},
                                               {"item_worthwhile", "4"},
                                               {"item_happy", "2"},
                                               {"item_anxious", "8"}});
  ASSERT_EQ(start.status, 201) << start.body;
  // With a measure at the start, the form offers the next one as at a review.
  auto chosen_occasion = [&](const std::string& form) {
    const Json page = cara.browser.get(api(m)).json();
    for (const auto& o : page[form]["occasions"])
      if (o["selected"].get<bool>()) return o["value"].get<std::string>();
    return std::string();
  };
  EXPECT_EQ(chosen_occasion("ons_questions"), "review");
  EXPECT_EQ(chosen_occasion("swemwbs_questions"), "start");
  auto close = cara.browser.post_json(api(m), {{"do", "wellbeing"},
                                               {"instrument", "ONS4"},
                                               {"occasion", "close"},
                                               {"taken_on", "2026-06-05"},
                                               {"item_life-satisfaction", "7"},
                                               {"item_worthwhile", "9"},
                                               {"item_happy", "5"},
                                               {"item_anxious", "1"}});
  ASSERT_EQ(close.status, 201) << close.body;
  auto missing = cara.browser.post_json(api(m), {{"do", "wellbeing"},
                                                 {"instrument", "ONS4"},
                                                 {"occasion", "review"},
                                                 {"taken_on", "2026-02-05"},
                                                 {"item_happy", "11"}});
  EXPECT_EQ(missing.status, 422) << missing.body;

  Json data = cara.browser.get(api(m)).json();
  Json ms = data["measures"];
  ASSERT_EQ(ms.size(), 2u);
  Json first_items = ms[0]["items"];
  std::map<std::string, std::string> bands;
  for (const auto& i : first_items) bands[i["item"]] = i["band"];
  EXPECT_EQ(bands["life-satisfaction"], "Low");
  EXPECT_EQ(bands["worthwhile"], "Low");
  EXPECT_EQ(bands["anxious"], "High");
  Json changes = data["changes"];
  ASSERT_EQ(changes.size(), 4u);
  for (const auto& c : changes) EXPECT_EQ(c["verdict"], "Better") << c.dump();
  EXPECT_EQ(changes[3]["from"], "8 (High)");
  EXPECT_EQ(changes[3]["to"], "1 (Very low)");

  // SWEMWBS is refused until an admin records the licence reference.
  Json sw = {{"do", "wellbeing"}, {"instrument", "SWEMWBS"}, {"occasion", "start"}, {"taken_on", "2026-01-05"}};
  for (const char* k :
       {"optimistic", "useful", "relaxed", "dealing-with-problems", "thinking-clearly", "close-to-others", "own-mind"})
    sw[std::string("item_") + k] = "2";
  auto off = cara.browser.post_json(api(m), sw);
  EXPECT_EQ(off.status, 422);
  EXPECT_NE(off.body.find("switched off"), std::string::npos) << off.body;
  EXPECT_EQ(cara.browser
                .post_json("/api/v1/coordination/outcome-settings",
                           {{"swemwbs_licence", "WEMWBS-1234"}, {"retention_years", "8"}})
                .status,
            403);
  auto on = admin.browser.post_json("/api/v1/coordination/outcome-settings",
                                    {{"swemwbs_licence", "WEMWBS-1234"}, {"retention_years", "8"}});
  ASSERT_EQ(on.status, 200) << on.body;
  auto s1 = cara.browser.post_json(api(m), sw);  // raw 14
  ASSERT_EQ(s1.status, 201) << s1.body;
  sw["occasion"] = "close";
  sw["taken_on"] = "2026-06-05";
  sw["item_optimistic"] = "3";
  sw["item_useful"] = "4";
  sw["item_relaxed"] = "3";
  sw["item_dealing-with-problems"] = "3";
  sw["item_thinking-clearly"] = "3";  // raw 3+4+3+3+3+2+2 = 20
  ASSERT_EQ(cara.browser.post_json(api(m), sw).status, 201);
  data = cara.browser.get(api(m)).json();
  ms = data["measures"];
  ASSERT_EQ(ms.size(), 4u);
  std::vector<Json> sws;
  for (const auto& x : ms)
    if (x["instrument"] == "SWEMWBS") sws.push_back(x);
  ASSERT_EQ(sws.size(), 2u);
  EXPECT_EQ(sws[0]["total"], "15.32");
  EXPECT_EQ(sws[0]["raw"], 14);
  EXPECT_EQ(sws[1]["total"], "18.59");
  EXPECT_EQ(sws[1]["raw"], 20);
  changes = data["changes"];
  ASSERT_EQ(changes.size(), 5u);
  EXPECT_EQ(changes[4]["verdict"], "Meaningfully better (3 points or more)");
  auto html = cara.browser.get(page(m)).body;
  EXPECT_NE(html.find("licence WEMWBS-1234"), std::string::npos);

  // A self-rating against the place's outcomes.
  std::string slug;
  {
    auto handle = server().app().database().acquire();
    slug = handle->query_one("SELECT slug FROM outcomes ORDER BY id LIMIT 1")->text(0);
  }
  auto rated = cara.browser.post_json(api(m), {{"do", "wellbeing"},
                                               {"instrument", "outcomes"},
                                               {"occasion", "review"},
                                               {"taken_on", "2026-03-05"},
                                               {"item_" + slug, "4"}});
  ASSERT_EQ(rated.status, 201) << rated.body;
  auto none = cara.browser.post_json(
      api(m), {{"do", "wellbeing"}, {"instrument", "outcomes"}, {"occasion", "review"}, {"taken_on", "2026-03-05"}});
  EXPECT_EQ(none.status, 422);
  admin.browser.post_json("/api/v1/coordination/outcome-settings", {{"swemwbs_licence", ""}, {"retention_years", "8"}});
}

TEST_P(CoordinationOutcomesTest, CostAvoidedIsARangeWithItsAssumptions) {
  auto cara = user("coordinator");
  auto admin = user("admin");
  auto m = make_case(cara.id);
  auto costs = admin.browser.get("/api/v1/coordination/unit-costs");
  ASSERT_EQ(costs.status, 200) << costs.body;
  Json list = costs.json()["unit_costs"];
  std::map<std::string, Json> by_name;
  for (const auto& u : list) by_name[u["name"]] = u;
  ASSERT_TRUE(by_name.count("Delayed hospital discharge or interim residential bed")) << list.dump();
  EXPECT_EQ(by_name["Delayed hospital discharge or interim residential bed"]["cost"], "£1,220–£3,159");
  EXPECT_EQ(by_name["Day care (social care funded)"]["cost"], "£45");
  EXPECT_EQ(by_name["Direct payments"]["cost"], "£544.80");
  EXPECT_EQ(by_name["GP consultation (10 minutes)"]["source"], "PSSRU, Unit Costs of Health and Social Care 2023");
  EXPECT_EQ(cara.browser.get("/api/v1/coordination/unit-costs").status, 403);

  auto discharge = by_name["Delayed hospital discharge or interim residential bed"]["id"].get<std::int64_t>();
  auto day = by_name["Day care (social care funded)"]["id"].get<std::int64_t>();
  ASSERT_EQ(cara.browser
                .post_json(api(m), {{"do", "cost"},
                                    {"unit_cost", std::to_string(discharge)},
                                    {"units_each", "2"},
                                    {"times_per_year", "1"},
                                    {"months", "12"},
                                    {"confidence", "high"},
                                    {"note", "Lives alone; a fall last winter kept her in for a fortnight"}})
                .status,
            201);
  ASSERT_EQ(cara.browser
                .post_json(api(m), {{"do", "cost"},
                                    {"unit_cost", std::to_string(day)},
                                    {"times_per_year", "104"},
                                    {"months", "6"},
                                    {"confidence", "medium"}})
                .status,
            201);
  auto bad = cara.browser.post_json(api(m), {{"do", "cost"},
                                             {"unit_cost", std::to_string(day)},
                                             {"times_per_year", "many"},
                                             {"months", "0"},
                                             {"confidence", "sure"}});
  EXPECT_EQ(bad.status, 422);
  Json data = cara.browser.get(api(m)).json();
  // 1,220 x 2 x 50% + 45 x 52 x 25% = 1,220 + 585; 3,159 x 2 + 45 x 52 x 75% = 6,318 + 1,755.
  EXPECT_EQ(data["cost_low_pence"], 122000 + 58500);
  EXPECT_EQ(data["cost_high_pence"], 631800 + 175500);
  EXPECT_EQ(data["cost_low"], "£1,805");
  EXPECT_EQ(data["cost_high"], "£8,073");
  Json lines = data["costs"];
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0]["assumption"].get<std::string>().find("2 weeks each time, 1 times a year, for 12 months"),
            std::string::npos)
      << lines[0].dump();
  EXPECT_NE(lines[0]["assumption"].get<std::string>().find("Thurrock Council"), std::string::npos);
  EXPECT_EQ(lines[0]["counted"], "50% to 100%");
  EXPECT_EQ(lines[0]["note"], "Lives alone; a fall last winter kept her in for a fortnight");
  auto html = cara.browser.get(page(m)).body;
  EXPECT_NE(html.find("between <strong>£1,805</strong> and <strong>£8,073</strong>"), std::string::npos);

  // An admin adds a figure; a bad one names its fields.
  auto added = admin.browser.post_form("/coordination/unit-costs", {{"name", "A&E attendance"},
                                                                    {"amount", "242"},
                                                                    {"unit", "attendance"},
                                                                    {"source", "NHS National Cost Collection 2022/23"},
                                                                    {"year", "2023"}});
  EXPECT_EQ(added.status, 303) << added.body;
  EXPECT_NE(admin.browser.get("/coordination/unit-costs").body.find("A&amp;E attendance"), std::string::npos);
  auto wrong =
      admin.browser.post_json("/api/v1/coordination/unit-costs", {{"name", ""}, {"amount", "lots"}, {"year", "1066"}});
  EXPECT_EQ(wrong.status, 422);
  std::set<std::string> fields;
  Json errors = wrong.json()["errors"];
  for (const auto& e : errors) fields.insert(e["field"].get<std::string>());
  EXPECT_TRUE(fields.count("amount")) << wrong.body;
}

TEST_P(CoordinationOutcomesTest, ClosingTellsTheReferrerAndContributionsAreKept) {
  auto cara = user("coordinator");
  auto gp = user("referrer");
  auto admin = user("admin");
  auto m = make_case(cara.id);
  std::int64_t referral = 0;
  {
    auto handle = server().app().database().acquire();
    store::Transaction tx(*handle, true);
    referral = (*handle)
                   .query_one(
                       "INSERT INTO coord_referrals (case_id, person_id, source, referrer_user, referrer_org, "
                       "reasons, consent_contact, consent_share_back, received_at) VALUES (?, ?, 'gp', ?, "
                       "'Grays Medical Centre', 'loneliness', 1, 1, ?) RETURNING id",
                       {m.case_id, m.person, gp.id, now_iso()})
                   ->integer(0);
    tx.commit();
  }
  auto story = cara.browser.post_json(api(m), {{"do", "contribution"},
                                               {"kind", "started-group"},
                                               {"what", "Started a Thursday knit and natter"},
                                               {"story", "99999999"}});
  EXPECT_EQ(story.status, 422);
  auto gave = cara.browser.post_json(api(m), {{"do", "contribution"},
                                              {"kind", "started-group"},
                                              {"what", "Started a Thursday knit and natter"},
                                              {"hours", "12.5"},
                                              {"started_on", "2026-03-01"}});
  ASSERT_EQ(gave.status, 201) << gave.body;

  // The place adds its own reason to the list.
  ASSERT_EQ(admin.browser
                .post_json("/api/v1/coordination/outcome-settings",
                           {{"do", "close-reason"}, {"label", "Moved into residential care"}})
                .status,
            201);
  Json data = cara.browser.get(api(m)).json();
  bool has_reason = false;
  for (const auto& r : data["close_reasons"]) has_reason = has_reason || r["value"] == "moved-into-residential-care";
  EXPECT_TRUE(has_reason);
  EXPECT_EQ(data["may_tell_referrer"], true);
  EXPECT_EQ(data["contributions"][0]["kind"], "Started a group");
  EXPECT_EQ(data["contributions"][0]["hours"], "12.50");

  auto no_message =
      cara.browser.post_json(api(m), {{"do", "close"}, {"reason", "goals-met"}, {"tell_referrer", "yes"}});
  EXPECT_EQ(no_message.status, 422);
  auto closed =
      cara.browser.post_json(api(m), {{"do", "close"},
                                      {"reason", "goals-met"},
                                      {"tell_referrer", "yes"},
                                      {"message", "Pat now goes to two groups a week and is closing with us."}});
  ASSERT_EQ(closed.status, 201) << closed.body;
  EXPECT_EQ(
      scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'referral_update' AND to_address = ? AND idempotency_key = ?",
             {gp.email, "referral_update:" + std::to_string(referral) + ":closed"}),
      1);
  // The coordinator's words come under their own heading in the email.
  auto fields = Json::parse(server()
                                .app()
                                .database()
                                .acquire()
                                ->query_one("SELECT fields FROM outbox WHERE idempotency_key = ?",
                                            {"referral_update:" + std::to_string(referral) + ":closed"})
                                ->text(0));
  EXPECT_EQ(fields["reason_heading"], "The coordinator's message:");
  EXPECT_EQ(fields["reason"], "Pat now goes to two groups a week and is closing with us.");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM coord_cases WHERE id = ? AND status = 'closed' AND retain_until IS NOT NULL",
                   {m.case_id}),
            1);
  data = cara.browser.get(api(m)).json();
  EXPECT_EQ(data["closing"]["reason"], "What they wanted is done");
  EXPECT_EQ(data["closing"]["told_referrer"], true);
  EXPECT_EQ(data["may_write"], false);
  auto after = cara.browser.post_json(api(m), {{"do", "connection"}, {"target_kind", "group"}, {"target_name", "x"}});
  EXPECT_EQ(after.status, 409);
  // Nor does the record take more: a contact or a goal on a closed case is refused.
  std::string record = "/api/v1/coordination/people/" + std::to_string(m.person);
  auto contacts = scalar("SELECT COUNT(*) FROM coord_contacts WHERE case_id = ?", {m.case_id});
  EXPECT_EQ(cara.browser.post_json(record, {{"do", "contact"}, {"kind", "phone"}, {"contact_on", "2026-11-21"}}).status,
            409);
  EXPECT_EQ(cara.browser.post_json(record, {{"do", "goal"}, {"words", "More"}, {"review_on", "2030-01-15"}}).status,
            409);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM coord_contacts WHERE case_id = ?", {m.case_id}), contacts);
  EXPECT_GE(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'coordination.case.close' AND entity_id = ?",
                   {std::to_string(m.case_id)}),
            1);
}

TEST_P(CoordinationOutcomesTest, APersonReadsTheirOwnWordsPlanAndContactsButNotTheNotes) {
  auto cara = user("coordinator");
  auto pat = user("member");
  auto m = make_case(cara.id, pat.id, "Pat Readsplan");
  auto before = pat.browser.get("/coordination/my-record");
  ASSERT_EQ(before.status, 200);
  EXPECT_NE(before.body.find("No goals written down yet"), std::string::npos);
  EXPECT_NE(before.body.find("A coordinator is working with you."), std::string::npos);
  const std::string record = "/api/v1/coordination/people/" + std::to_string(m.person);
  auto write = [&](const Json& body) {
    auto r = cara.browser.post_json(record, body);
    EXPECT_EQ(r.status, 201) << body.dump() << r.body;
  };
  write({{"do", "conversation"},
         {"held_on", "2026-11-02"},
         {"what_matters", "Getting out to the allotment again"},
         {"good_life", "Seeing friends every week"}});
  write({{"do", "strength"}, {"kind", "gift"}, {"text", "Grows tomatoes from seed"}, {"gift_board_ok", "yes"}});
  write({{"do", "goal"}, {"words", "Back at the allotment by spring"}, {"review_on", "2027-03-01"}});
  const Json held = cara.browser.get(record).json();
  ASSERT_EQ(held["goals"].size(), 1u) << held.dump();
  write({{"do", "step"},
         {"goal", std::to_string(held["goals"][0]["id"].get<std::int64_t>())},
         {"step", "Ask the allotment society about a half plot"},
         {"owner", "person"},
         {"due_on", "2026-12-15"}});
  write({{"do", "contact"},
         {"kind", "home-visit"},
         {"contact_on", "2026-11-02"},
         {"minutes", "50"},
         {"place", "At home"},
         {"note", "A note for the team only: NOTE-KEPT-BACK"}});

  const std::string mine = pat.browser.get("/coordination/my-record").body;
  for (const char* said :
       {"Getting out to the allotment again", "Seeing friends every week", "Gift: Grows tomatoes from seed",
        "(you said it may go on the gift board)", "Back at the allotment by spring", "1 March 2027",
        "Ask the allotment society about a half plot: You, by 15 December 2026",
        "2 November 2026: Home visit, 50 minutes, At home", "If you would like to see those notes, ask below"})
    EXPECT_NE(mine.find(said), std::string::npos) << said;
  EXPECT_EQ(mine.find("NOTE-KEPT-BACK"), std::string::npos);
  EXPECT_EQ(mine.find("No goals written down yet"), std::string::npos);
}

TEST_P(CoordinationOutcomesTest, APersonSeesWhatIsHeldAndAsksForACorrection) {
  auto cara = user("coordinator");
  auto pat = user("member");
  auto m = make_case(cara.id, pat.id, "Pat Correctme");
  auto mine = pat.browser.get("/coordination/my-record");
  ASSERT_EQ(mine.status, 200);
  EXPECT_NE(mine.body.find("Pat Correctme"), std::string::npos);
  EXPECT_NE(mine.body.find("01375 000000"), std::string::npos);
  EXPECT_EQ(pat.browser.post_json("/api/v1/coordination/my-record", {{"request", ""}}).status, 422);
  auto asked =
      pat.browser.post_json("/api/v1/coordination/my-record", {{"request", "My phone number is 01375 111111"}});
  ASSERT_EQ(asked.status, 201) << asked.body;
  std::int64_t id = asked.json()["correction"];
  // Sealed at rest.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM coord_corrections WHERE id = ? AND request_sealed LIKE '%01375%'", {id}), 0);

  Json work = cara.browser.get("/api/v1/account").json()["work"];
  bool listed = false;
  for (const auto& w : work) listed = listed || (w["label"] == "Requests to correct a record" && w["count"] == 1);
  EXPECT_TRUE(listed) << work.dump();
  Json data = cara.browser.get(api(m)).json();
  ASSERT_EQ(data["corrections"].size(), 1u);
  EXPECT_EQ(data["corrections"][0]["request"], "My phone number is 01375 111111");
  auto unexplained =
      cara.browser.post_json(api(m), {{"do", "correction"}, {"correction", id}, {"status", "not-corrected"}});
  EXPECT_EQ(unexplained.status, 422);
  ASSERT_EQ(cara.browser
                .post_json(api(m), {{"do", "correction"},
                                    {"correction", id},
                                    {"status", "not-corrected"},
                                    {"response", "We checked with you by phone: 01375 000000 is right."}})
                .status,
            201);
  mine = pat.browser.get("/coordination/my-record");
  EXPECT_NE(mine.body.find("Not corrected"), std::string::npos);
  EXPECT_NE(mine.body.find("We checked with you by phone"), std::string::npos);
  // And in the person's own copy of their data, opened.
  auto all = pat.browser.post_form("/account/data.json", {});
  ASSERT_EQ(all.status, 200);
  Json fixes = all.json()["coordination_corrections"];
  ASSERT_EQ(fixes.size(), 1u) << all.body.substr(0, 500);
  EXPECT_EQ(fixes[0]["request"], "My phone number is 01375 111111");
  EXPECT_EQ(fixes[0]["status"], "not-corrected");
  // Someone with nothing held is told so, and cannot ask.
  auto nobody = user("member");
  EXPECT_NE(nobody.browser.get("/coordination/my-record").body.find("hold nothing about you"), std::string::npos);
  EXPECT_EQ(nobody.browser.post_json("/api/v1/coordination/my-record", {{"request", "x"}}).status, 404);
}

TEST_P(CoordinationOutcomesTest, AGiftGoesOnTheGiftBoardOnlyWithTheirSaySo) {
  auto cara = user("coordinator");
  auto m = make_case(cara.id);
  std::string record = "/api/v1/coordination/people/" + std::to_string(m.person);
  ASSERT_EQ(cara.browser
                .post_json(record, {{"do", "strength"},
                                    {"kind", "gift"},
                                    {"text", "Grows tomatoes and teaches others"},
                                    {"gift_board_ok", "yes"}})
                .status,
            201);
  ASSERT_EQ(
      cara.browser
          .post_json(record, {{"do", "strength"}, {"kind", "interest"}, {"text", "Old films"}, {"gift_board_ok", "no"}})
          .status,
      201);
  Json data = cara.browser.get(api(m)).json();
  Json shareable = data["shareable"];
  ASSERT_EQ(shareable.size(), 1u) << shareable.dump();
  EXPECT_EQ(shareable[0]["text"], "Grows tomatoes and teaches others");
  std::int64_t sid = shareable[0]["id"];
  std::int64_t private_one = 0;
  {
    auto handle = server().app().database().acquire();
    private_one = handle->scalar("SELECT id FROM coord_strengths WHERE case_id = ? AND gift_board_ok = 0", {m.case_id});
  }
  std::string category = data["categories"][0]["value"];
  auto refused = cara.browser.post_json(api(m), {{"do", "gift"},
                                                 {"strength", std::to_string(private_one)},
                                                 {"name", "Jean"},
                                                 {"kind", "hands"},
                                                 {"category", category}});
  EXPECT_EQ(refused.status, 422) << refused.body;
  auto shared = cara.browser.post_json(api(m), {{"do", "gift"},
                                                {"strength", std::to_string(sid)},
                                                {"name", "Jean, Grays"},
                                                {"kind", "hands"},
                                                {"category", category}});
  ASSERT_EQ(shared.status, 201) << shared.body;
  std::int64_t entry = shared.json()["gift_board_entry"];
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM gift_board_entries WHERE id = ? AND user_id IS NULL AND recorded_by = ? AND "
                   "side = 'gift' AND description = 'Grows tomatoes and teaches others'",
                   {entry, cara.id}),
            1);
  auto again = cara.browser.post_json(
      api(m),
      {{"do", "gift"}, {"strength", std::to_string(sid)}, {"name", "Jean"}, {"kind", "hands"}, {"category", category}});
  EXPECT_EQ(again.status, 409);
  data = cara.browser.get(api(m)).json();
  EXPECT_EQ(data["shareable"][0]["posted"], true);
}

INSTANTIATE_TEST_SUITE_P(Backends, CoordinationOutcomesTest, ::testing::ValuesIn(testing::backends()),
                         testing::backend_name);

// Retention on a fresh database, so the cases due are exactly the ones made here.
class CoordinationRetentionTest : public testing::FreshDatabaseTest {};

TEST_P(CoordinationRetentionTest, ErasesExactlyTheCasesPastTheirPeriod) {
  auto key = coordination::Key::generate();
  store::Transaction tx(db(), true);
  accounts::AccountStore users(db());
  auto worker = users.create("retention@example.org", "", "Retention", std::nullopt, "active", false);
  coordination::CoordStore store(db(), key);
  auto person = [&](const std::string& name) {
    coordination::Person p;
    p.name = name;
    return store.add_person(p);
  };
  auto add_case = [&](std::int64_t who, const std::string& status, const std::string& closed_at) {
    auto c = store.add_case(who, std::nullopt, "2015-01-01T09:00:00Z");
    db().exec("UPDATE coord_cases SET status = ?, closed_at = ?, coordinator_user = ? WHERE id = ?",
              {status, closed_at.empty() ? store::Value(nullptr) : store::Value(closed_at), worker, c});
    coordination::ContactRecord k;
    k.kind = "phone";
    k.contact_on = "2016-01-01";
    k.note = "Spoke about the garden";
    store.add_contact(c, k, worker, "2016-01-01T09:00:00Z");
    db().exec(
        "INSERT INTO coord_connections (case_id, target_kind, target_name, created_by, created_at, updated_at) "
        "VALUES (?, 'group', 'Lunch club', ?, '2016-01-01', '2016-01-01')",
        {c, worker});
    return c;
  };
  auto old_person = person("Old Closed");
  auto old_case = add_case(old_person, "closed", "2017-05-01T10:00:00Z");  // 8 years ended 2025-05-01
  auto recent_person = person("Recent Closed");
  auto recent_case = add_case(recent_person, "closed", "2019-05-01T10:00:00Z");  // until 2027-05-01
  auto open_person = person("Still Open");
  auto open_case = add_case(open_person, "active", "");
  auto both = person("Came Back");
  auto both_old = add_case(both, "closed", "2016-01-01T10:00:00Z");
  auto both_open = add_case(both, "active", "");
  store.record_read(old_person, worker, "page", std::nullopt, "2017-01-01T00:00:00Z");

  auto actor = audit::Actor::system("test");
  auto dry = coordination::run_retention(db(), key, actor, "2026-11-29", false);
  std::set<std::int64_t> due;
  for (const auto& c : dry.due) due.insert(c.case_id);
  EXPECT_EQ(due, (std::set<std::int64_t>{old_case, both_old}));
  EXPECT_EQ(dry.rows_deleted, 0);
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM coord_cases"), 5);

  auto done = coordination::run_retention(db(), key, actor, "2026-11-29", true);
  EXPECT_EQ(done.due.size(), 2u);
  EXPECT_GT(done.rows_deleted, 0);
  auto ids = [&](const std::string& sql) {
    std::set<std::int64_t> out;
    for (const auto& r : db().query(sql)) out.insert(r.integer(0));
    return out;
  };
  EXPECT_EQ(ids("SELECT id FROM coord_cases"), (std::set<std::int64_t>{recent_case, open_case, both_open}));
  EXPECT_EQ(ids("SELECT id FROM coord_people"), (std::set<std::int64_t>{recent_person, open_person, both}));
  EXPECT_EQ(ids("SELECT case_id FROM coord_contacts"), (std::set<std::int64_t>{recent_case, open_case, both_open}));
  EXPECT_EQ(ids("SELECT case_id FROM coord_connections"), (std::set<std::int64_t>{recent_case, open_case, both_open}));
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM coord_record_reads"), 0);
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'coordination.retention.erase'"), 2);
  // A day before the recent case's period ends, it stays; on the day, it goes.
  EXPECT_TRUE(coordination::run_retention(db(), key, actor, "2027-04-30", false).due.empty());
  EXPECT_EQ(coordination::run_retention(db(), key, actor, "2027-05-01", false).due.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, CoordinationRetentionTest, ::testing::ValuesIn(testing::backends()),
                         testing::backend_name);

}  // namespace
}  // namespace kith
