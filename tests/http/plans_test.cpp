// Resilience plans over the real server on both backends: the Chorley demo plan and
// its overdue milestone; an officer making a plan for real Chorley LSOAs, its steps,
// checked evidence links, a measured outcome whose baseline is the IMD score averaged
// over the plan's LSOAs, milestones going overdue and done; every write audited; who
// may read and write; the printable version without forms.
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/text.h"
#include "support/harness.h"

namespace kith {
namespace {

using Json = nlohmann::json;

class PlansTest : public testing::BackendSuite {
 protected:
  testing::Browser as(const std::string& role) { return signed_in(role); }
  std::int64_t scalar(const std::string& sql, const store::Params& p = {}) {
    auto handle = testing::shared_server(GetParam()).app().database().acquire();
    return handle->scalar(sql, p);
  }
  std::vector<std::string> chorley_lsoas(int n) {
    auto handle = testing::shared_server(GetParam()).app().database().acquire();
    std::vector<std::string> out;
    for (const auto& r :
         handle->query("SELECT a.code FROM areas a JOIN area_deprivation d ON d.code = a.code WHERE a.kind = 'lsoa' "
                       "AND a.authority_code = 'E07000118' ORDER BY a.code LIMIT ?",
                       {std::int64_t{n}}))
      out.push_back(r.text(0));
    return out;
  }
  static std::set<std::string> fields_of(const testing::HttpReply& r) {
    std::set<std::string> out;
    Json errors = r.json()["errors"];
    for (const auto& e : errors) out.insert(e["field"].get<std::string>());
    return out;
  }
};

TEST_P(PlansTest, TheChorleyDemoPlanHasAnOverdueMilestone) {
  auto officer = as("officer");
  auto list = officer.get("/api/v1/plans");
  ASSERT_EQ(list.status, 200) << list.body;
  Json plans = list.json()["plans"];
  std::int64_t demo = 0;
  for (const auto& p : plans)
    if (p["is_demo"] == true && p["authority_code"] == "E07000118") demo = p["id"];
  ASSERT_NE(demo, 0) << plans.dump();

  auto page = officer.get("/api/v1/plans/" + std::to_string(demo));
  ASSERT_EQ(page.status, 200) << page.body;
  Json data = page.json();
  EXPECT_EQ(data["sections"].size(), 6u);
  EXPECT_EQ(data["sections"][0]["status"], "done");
  Json milestones = data["milestones"];
  ASSERT_EQ(milestones.size(), 4u);
  int overdue = 0, done = 0;
  for (const auto& m : milestones) {
    overdue += m["overdue"].get<bool>();
    done += m["done"].get<bool>();
  }
  EXPECT_EQ(overdue, 1);
  EXPECT_EQ(done, 1);
  EXPECT_EQ(data["story"]["where"], "1 of 6 steps done, 2 in progress. 1 of 4 milestones done; 1 is overdue.");
  // The long-term outcome's measure: the IMD score over the plan's LSOAs, baseline as now.
  Json changed = data["story"]["changed"];
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0]["measure"]["name"], "iod.imd_score");
  EXPECT_NE(changed[0]["measure"]["baseline"], "not known");
  EXPECT_EQ(changed[0]["measure"]["baseline"], changed[0]["measure"]["now"]);
  // Each LSOA weighed by its people, as the published authority summaries average scores.
  std::string in;
  for (const auto& a : data["plan"]["areas"]) in += (in.empty() ? "'" : ", '") + a["code"].get<std::string>() + "'";
  auto handle = testing::shared_server(GetParam()).app().database().acquire();
  auto weighted = handle->query_one(
      "SELECT SUM(d.imd_score * a.population) / SUM(a.population) FROM area_deprivation d JOIN areas a ON a.code = "
      "d.code WHERE a.code IN (" +
      in + ")");
  ASSERT_TRUE(weighted);
  char expected[32];
  std::snprintf(expected, sizeof expected, "%.1f", weighted->real(0));
  EXPECT_EQ(changed[0]["measure"]["now"], expected) << in;

  auto late = officer.get("/api/v1/plans/overdue");
  ASSERT_EQ(late.status, 200);
  Json rows = late.json()["milestones"];
  bool listed = false;
  for (const auto& m : rows) listed = listed || m["plan_href"] == "/plans/" + std::to_string(demo);
  EXPECT_TRUE(listed) << rows.dump();
}

TEST_P(PlansTest, AnOfficerBuildsAPlanAndEveryWriteIsAudited) {
  auto officer = as("officer");
  auto lsoas = chorley_lsoas(3);
  ASSERT_EQ(lsoas.size(), 3u);
  auto made = officer.post_json("/api/v1/plans",
                                {{"name", "  Test estate plan  "},
                                 {"summary", "For the test"},
                                 {"areas", lsoas[0] + ", " + lsoas[1] + " " + lsoas[2] + ", " + to_lower(lsoas[0])}});
  ASSERT_EQ(made.status, 201) << made.body;
  std::int64_t id = made.json()["id"];
  std::string api = "/api/v1/plans/" + std::to_string(id);
  Json plan = officer.get(api).json()["plan"];
  EXPECT_EQ(plan["name"], "Test estate plan");
  EXPECT_EQ(plan["areas"].size(), 3u);  // the repeat (in lower case) counted once

  auto step = officer.post_json(api, {{"do", "section"},
                                      {"step", "people"},
                                      {"status-people", "in-progress"},
                                      {"notes-people", "Heard from parents at the school gate."}});
  ASSERT_EQ(step.status, 200) << step.body;
  auto bad_step = officer.post_json(api, {{"do", "section"}, {"step", "people"}, {"status-people", "half"}});
  EXPECT_EQ(bad_step.status, 422);
  EXPECT_EQ(fields_of(bad_step), (std::set<std::string>{"status-people"}));

  // Evidence: inside Kith only, and an area or story that exists.
  auto good = officer.post_json(
      api, {{"do", "evidence"}, {"step", "background"}, {"href", "/areas/" + lsoas[0]}, {"label", "The profile"}});
  EXPECT_EQ(good.status, 201) << good.body;
  for (const auto* href : {"https://example.org/report", "//example.org/x", "/areas/E01999999", "/stories/987654321"}) {
    auto refused = officer.post_json(api, {{"do", "evidence"}, {"step", "background"}, {"href", href}, {"label", "x"}});
    EXPECT_EQ(refused.status, 422) << href << " " << refused.body;
    EXPECT_EQ(fields_of(refused), (std::set<std::string>{"href"})) << href;
  }

  // A measured outcome: its baseline is the IMD score of the plan's LSOAs, each weighed by its people.
  auto outcome = officer.post_json(api, {{"do", "outcome"},
                                         {"term", "long"},
                                         {"description", "Less deprivation"},
                                         {"outcome", "belonging"},
                                         {"measure", "iod.imd_score"},
                                         {"target", "20"}});
  ASSERT_EQ(outcome.status, 201) << outcome.body;
  double expected = 0;
  {
    auto handle = testing::shared_server(GetParam()).app().database().acquire();
    auto row = handle->query_one(
        "SELECT SUM(d.imd_score * a.population) / SUM(a.population) FROM area_deprivation d JOIN areas a ON a.code = "
        "d.code WHERE a.code IN (?, ?, ?)",
        {lsoas[0], lsoas[1], lsoas[2]});
    expected = row->real(0);
    auto stored = handle->query_one("SELECT baseline FROM plan_outcomes WHERE plan_id = ?", {id});
    ASSERT_TRUE(stored && !stored->is_null(0));
    EXPECT_NEAR(stored->real(0), expected, 1e-9);
  }
  // Taken off again, and added back: the outcome's removal is audited with what it was.
  const std::int64_t outcome_id = outcome.json()["id"];
  ASSERT_EQ(officer.post_json(api, {{"do", "remove-outcome"}, {"outcome_id", std::to_string(outcome_id)}}).status, 200);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM plan_outcomes WHERE plan_id = ?", {id}), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'plans.outcome.remove' AND entity_id = ?",
                   {std::to_string(id)}),
            1);
  EXPECT_EQ(officer.post_json(api, {{"do", "remove-outcome"}, {"outcome_id", std::to_string(outcome_id)}}).status, 404);
  ASSERT_EQ(officer
                .post_json(api, {{"do", "outcome"},
                                 {"term", "long"},
                                 {"description", "Less deprivation"},
                                 {"outcome", "belonging"},
                                 {"measure", "iod.imd_score"},
                                 {"target", "20"}})
                .status,
            201);
  auto unknown = officer.post_json(
      api, {{"do", "outcome"}, {"term", "forever"}, {"description", ""}, {"measure", "made.up"}, {"target", "lots"}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(fields_of(unknown), (std::set<std::string>{"term", "description", "measure", "target"}));

  // A milestone due yesterday is overdue, until it is done.
  std::string yesterday = iso_utc(now_seconds() - 86400).substr(0, 10);
  auto ms = officer.post_json(
      api,
      {{"do", "milestone"}, {"title", "Test walkabout"}, {"owner", "Officer"}, {"due", yesterday}, {"rag", "amber"}});
  ASSERT_EQ(ms.status, 201) << ms.body;
  std::int64_t milestone = ms.json()["id"];
  auto listed = [&]() {
    Json rows = officer.get("/api/v1/plans/overdue").json()["milestones"];
    for (const auto& m : rows)
      if (m["id"] == milestone) return true;
    return false;
  };
  EXPECT_TRUE(listed());
  auto bad_ms = officer.post_json(api, {{"do", "milestone"}, {"title", ""}, {"owner", "A"}, {"due", "2027-02-30"}});
  EXPECT_EQ(bad_ms.status, 422);
  EXPECT_EQ(fields_of(bad_ms), (std::set<std::string>{"title", "due"}));
  // On the page the due date is a GOV.UK date input: the part at fault is named, by the
  // other errors, and what was written comes back.
  const std::string page = api.substr(std::string("/api/v1").size());
  auto bad_form = officer.post_form(page, {{"do", "milestone"},
                                           {"title", ""},
                                           {"owner", "A"},
                                           {"due_day", "30"},
                                           {"due_month", "2"},
                                           {"due_year", "2027"}});
  EXPECT_EQ(bad_form.status, 422);
  EXPECT_NE(bad_form.body.find(R"(href="#due_day">Due date must be a real date)"), std::string::npos) << bad_form.body;
  EXPECT_NE(bad_form.body.find(R"(href="#title")"), std::string::npos);
  EXPECT_NE(bad_form.body.find(R"(id="due_day" name="due_day" type="text" inputmode="numeric" value="30")"),
            std::string::npos);
  auto done = officer.post_json(
      api, {{"do", "milestone-update"}, {"milestone", std::to_string(milestone)}, {"rag", "green"}, {"done", "yes"}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_FALSE(listed());
  Json after = officer.get(api).json();
  EXPECT_EQ(after["story"]["where"], "0 of 6 steps done, 1 in progress. 1 of 1 milestone done; none overdue.");

  // create, section, evidence, outcome, its removal and again, milestone, milestone update:
  // eight writes, eight entries.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'plan' AND entity_id = ?", {std::to_string(id)}), 8);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'plans.milestone.update' AND entity_id = ?",
                   {std::to_string(id)}),
            1);
}

TEST_P(PlansTest, ActionsLinkToWhatDeliversThemInKith) {
  auto officer = as("officer");
  auto made = officer.post_json("/api/v1/plans", {{"name", "Actions plan"}, {"areas", chorley_lsoas(1)[0]}});
  ASSERT_EQ(made.status, 201) << made.body;
  std::string id = std::to_string(made.json()["id"].get<std::int64_t>());
  std::string api = "/api/v1/plans/" + id;
  std::int64_t pb = scalar("SELECT MIN(id) FROM pb_processes");
  auto linked = officer.post_json(
      api, {{"do", "action"}, {"action_title", "Let residents choose"}, {"action_href", "/pb/" + std::to_string(pb)}});
  ASSERT_EQ(linked.status, 201) << linked.body;
  Json actions = officer.get(api).json()["story"]["actions"];
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0]["kind_text"], "Participatory budget");
  EXPECT_NE(actions[0]["by"], "no longer in Kith");
  // A community hub and a funded grant project deliver actions too, named from Kith.
  std::int64_t hub = scalar("SELECT MIN(id) FROM hubs");
  std::int64_t project = scalar("SELECT MIN(id) FROM grant_applications WHERE status = 'funded'");
  ASSERT_GT(project, 0);
  ASSERT_EQ(officer
                .post_json(api, {{"do", "action"},
                                 {"action_title", "Drop-in at the hub"},
                                 {"action_href", "/hubs/" + std::to_string(hub)}})
                .status,
            201);
  ASSERT_EQ(officer
                .post_json(api, {{"do", "action"},
                                 {"action_title", "The funded garden"},
                                 {"action_href", "/grants/projects/" + std::to_string(project)}})
                .status,
            201);
  actions = officer.get(api).json()["story"]["actions"];
  ASSERT_EQ(actions.size(), 3u);
  std::map<std::string, std::string> by_kind;
  for (const auto& a : actions) by_kind[a["kind_text"].get<std::string>()] = a["by"].get<std::string>();
  EXPECT_EQ(by_kind["Community hub"], "Ockendon Community Hub (demo)");
  EXPECT_FALSE(by_kind["Grant project"].empty());
  EXPECT_NE(by_kind["Grant project"], "no longer in Kith");
  for (const auto* href :
       {"/pb/987654321", "/timebank/no-such-bank", "/areas/E07000118", "https://example.org/pb/1", "/hubs/987654321"}) {
    auto refused = officer.post_json(api, {{"do", "action"}, {"action_title", "x"}, {"action_href", href}});
    EXPECT_EQ(refused.status, 422) << href;
    EXPECT_EQ(fields_of(refused), (std::set<std::string>{"action_href"})) << href;
  }
  auto no_hub = officer.post_json(api, {{"do", "action"}, {"action_title", "x"}, {"action_href", "/hubs/987654321"}});
  EXPECT_NE(no_hub.body.find("There is no community hub 987654321 in Kith: check the link"), std::string::npos)
      << no_hub.body;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'plans.action.add' AND entity_id = ?", {id}), 3);

  // An initiative of the partnership matrix delivers one too; its page names the plan to
  // those who read plans, and to nobody else.
  std::int64_t initiative = scalar("SELECT MIN(id) FROM initiatives");
  const std::string initiative_page = "/initiatives/" + std::to_string(initiative);
  ASSERT_EQ(
      officer
          .post_json(api, {{"do", "action"}, {"action_title", "Community builders"}, {"action_href", initiative_page}})
          .status,
      201);
  actions = officer.get(api).json()["story"]["actions"];
  ASSERT_EQ(actions.size(), 4u);
  EXPECT_EQ(actions[3]["kind_text"], "Initiative");
  EXPECT_EQ(actions[3]["by"], officer.get("/api/v1" + initiative_page).json()["name"]);
  const std::string to_plan = "href=\"/plans/" + id + "\">Actions plan</a>";
  EXPECT_NE(as("coordinator").get(initiative_page).body.find(to_plan), std::string::npos);
  EXPECT_EQ(as("member").get(initiative_page).body.find(to_plan), std::string::npos);
  EXPECT_EQ(browser().get(initiative_page).body.find("Resilience plans it helps deliver"), std::string::npos);
  auto no_initiative =
      officer.post_json(api, {{"do", "action"}, {"action_title", "x"}, {"action_href", "/initiatives/987654321"}});
  EXPECT_NE(no_initiative.body.find("There is no initiative 987654321 in Kith: check the link"), std::string::npos);

  // An action that no longer belongs is taken off, from the page's own button, and audited.
  const std::string page = officer.get("/plans/" + id).body;
  const std::string button = "name=\"do\" value=\"remove-action\"><input type=\"hidden\" name=\"action\" value=\"" +
                             std::to_string(actions[3]["id"].get<std::int64_t>()) + "\">";
  EXPECT_NE(page.find(button), std::string::npos) << page;
  EXPECT_EQ(as("coordinator").get("/plans/" + id).body.find("remove-action"), std::string::npos);
  auto removed = officer.post_form(
      "/plans/" + id, {{"do", "remove-action"}, {"action", std::to_string(actions[3]["id"].get<std::int64_t>())}});
  EXPECT_EQ(removed.status, 303) << removed.body;
  EXPECT_EQ(officer.get(api).json()["story"]["actions"].size(), 3u);
  EXPECT_EQ(as("coordinator").get(initiative_page).body.find(to_plan), std::string::npos);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'plans.action.remove' AND entity_id = ?", {id}), 1);
  // Only this plan's actions: another plan's id, or none, is not found.
  EXPECT_EQ(officer.post_json(api, {{"do", "remove-action"}, {"action", "987654321"}}).status, 404);
}

// What the engagement log heard in a plan's areas is part of its story: the themes, the
// quotes given with consent and who is under-heard, with the whole comparison a page away.
TEST_P(PlansTest, APlanHearsWhatTheEngagementLogHeardInItsAreas) {
  auto officer = as("officer");
  // An LSOA no other test plans for, far down Chorley's list.
  auto lsoas = chorley_lsoas(60);
  const std::string lsoa = lsoas.back();
  auto made = officer.post_json("/api/v1/plans", {{"name", "Listening plan " + GetParam()}, {"areas", lsoa}});
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string id = std::to_string(made.json()["id"].get<std::int64_t>());
  const std::string api = "/api/v1/plans/" + id;
  auto before = officer.get(api).json()["story"]["engaged"];
  const std::int64_t records_before = before["records"];

  auto handle = testing::shared_server(GetParam()).app().database().acquire();
  auto postcode = handle->query_one("SELECT display FROM postcodes WHERE lsoa_code = ? LIMIT 1", {lsoa});
  ASSERT_TRUE(postcode) << lsoa;
  const std::int64_t theme = handle->scalar("SELECT id FROM engagement_themes WHERE name = 'Getting about'");
  auto heard = officer.post_json("/api/v1/engagement/new", {{"kind", "event"},
                                                            {"title", "Street party " + GetParam()},
                                                            {"occurred_on", "2026-10-20"},
                                                            {"place", postcode->text(0)},
                                                            {"people", "30"},
                                                            {"level", "involve"},
                                                            {"themes", Json::array({std::to_string(theme)})},
                                                            {"quote_1", "We want the bus back " + GetParam()},
                                                            {"quote_1_who", "a resident in her 70s"},
                                                            {"quote_1_consent", "yes"},
                                                            {"quote_2", "Not for showing " + GetParam()},
                                                            {"quote_2_who", "a neighbour"},
                                                            {"count_age_65_74", "25"},
                                                            {"count_age_25_44", "5"}});
  ASSERT_EQ(heard.status, 201) << heard.body;

  const Json engaged = officer.get(api).json()["story"]["engaged"];
  EXPECT_EQ(engaged["records"], records_before + 1);
  EXPECT_NE(engaged["summary"].get<std::string>().find("30 people"), std::string::npos) << engaged.dump();
  ASSERT_FALSE(engaged["themes"].empty());
  EXPECT_EQ(engaged["themes"][0], "Getting about (1 engagement)");
  const std::string quotes = engaged["quotes"].dump();
  EXPECT_NE(quotes.find("We want the bus back"), std::string::npos) << quotes;
  EXPECT_EQ(quotes.find("Not for showing"), std::string::npos) << quotes;
  EXPECT_EQ(engaged["href"], "/plans/" + id + "/heard");

  // The comparison for the plan: the record counted, the young under-heard beside the census.
  auto page = officer.get("/plans/" + id + "/heard");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Street party " + GetParam()), std::string::npos);
  EXPECT_NE(page.body.find("id=\"heard-summary\""), std::string::npos);
  const Json result = officer.get("/api/v1/plans/" + id + "/heard").json()["result"];
  EXPECT_EQ(result["people"], 30);
  EXPECT_TRUE(result["census_held"].get<bool>());
  const std::string under = result["under"].dump();
  EXPECT_NE(under.find("Residents aged 45 to 64"), std::string::npos) << "a quarter of the area, none heard: " << under;
  // A record elsewhere is not the plan's.
  EXPECT_EQ(page.body.find("Bus stop chat"), std::string::npos);
  // Moderators read plans but not the engagement log: no quotes, no link, and no page.
  auto moderator = as("moderator");
  const Json theirs = moderator.get(api).json()["story"]["engaged"];
  EXPECT_TRUE(theirs["quotes"].empty());
  EXPECT_EQ(theirs["href"], "");
  EXPECT_EQ(moderator.get("/plans/" + id + "/heard").status, 403);
}

TEST_P(PlansTest, APlanNeedsAreasOfOneAuthority) {
  auto officer = as("officer");
  auto none = officer.post_json("/api/v1/plans", {{"name", ""}, {"areas", ""}});
  EXPECT_EQ(none.status, 422);
  EXPECT_EQ(fields_of(none), (std::set<std::string>{"name", "areas"}));
  auto whole = officer.post_json("/api/v1/plans", {{"name", "All Chorley"}, {"areas", "E07000118"}});
  EXPECT_EQ(whole.status, 422);
  EXPECT_EQ(fields_of(whole), (std::set<std::string>{"areas"}));
  auto lsoas = chorley_lsoas(1);
  std::string thurrock;
  {
    auto handle = testing::shared_server(GetParam()).app().database().acquire();
    thurrock =
        handle->query_one("SELECT MIN(code) FROM areas WHERE kind = 'lsoa' AND authority_code = 'E06000034'")->text(0);
  }
  auto two = officer.post_json("/api/v1/plans", {{"name", "Two places"}, {"areas", lsoas[0] + "," + thurrock}});
  EXPECT_EQ(two.status, 422);
  EXPECT_NE(two.body.find("one local authority"), std::string::npos) << two.body;
  auto made_up = officer.post_json("/api/v1/plans", {{"name", "Nowhere"}, {"areas", "E01999999"}});
  EXPECT_EQ(made_up.status, 422);
  EXPECT_NE(made_up.body.find("There is no area E01999999"), std::string::npos) << made_up.body;
}

// A focus community grows or shrinks: the plan's areas change, checked as when it was
// made; a measured outcome's baseline is taken again over the new areas, the old one
// kept in the audit log; the form shows the codes and, on a mistake, what was typed.
TEST_P(PlansTest, AnOfficerChangesAPlansAreasAndItsBaselinesAreTakenAgain) {
  auto officer = as("officer");
  auto lsoas = chorley_lsoas(4);
  ASSERT_EQ(lsoas.size(), 4u);
  auto made = officer.post_json("/api/v1/plans", {{"name", "Growing estate"}, {"areas", lsoas[0]}});
  ASSERT_EQ(made.status, 201) << made.body;
  std::int64_t id = made.json()["id"];
  const std::string api = "/api/v1/plans/" + std::to_string(id), page = "/plans/" + std::to_string(id);
  ASSERT_EQ(
      officer
          .post_json(
              api,
              {{"do", "outcome"}, {"term", "long"}, {"description", "Less deprivation"}, {"measure", "iod.imd_score"}})
          .status,
      201);
  auto baseline = [&]() {
    auto handle = testing::shared_server(GetParam()).app().database().acquire();
    return handle->query_one("SELECT baseline FROM plan_outcomes WHERE plan_id = ?", {id})->real(0);
  };
  auto weighted = [&](const std::vector<std::string>& codes) {
    auto handle = testing::shared_server(GetParam()).app().database().acquire();
    std::string in;
    for (const auto& c : codes) in += (in.empty() ? "'" : ", '") + c + "'";
    return handle
        ->query_one(
            "SELECT SUM(d.imd_score * a.population) / SUM(a.population) FROM area_deprivation d JOIN areas a ON "
            "a.code = d.code WHERE a.code IN (" +
            in + ")")
        ->real(0);
  };
  const double before = baseline();
  EXPECT_NEAR(before, weighted({lsoas[0]}), 1e-9);

  // The form holds the codes as they are.
  auto shown = officer.get(page);
  EXPECT_NE(shown.body.find(">" + lsoas[0] + "</textarea>"), std::string::npos);

  auto changed = officer.post_json(api, {{"do", "areas"}, {"areas", lsoas[1] + ", " + lsoas[2] + " " + lsoas[3]}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json()["baselines_taken_again"], 1);
  Json plan = officer.get(api).json()["plan"];
  ASSERT_EQ(plan["areas"].size(), 3u);
  EXPECT_EQ(plan["areas"][0]["code"], lsoas[1]);
  EXPECT_NEAR(baseline(), weighted({lsoas[1], lsoas[2], lsoas[3]}), 1e-9);
  auto handle = testing::shared_server(GetParam()).app().database().acquire();
  auto audit =
      handle->query_one("SELECT before_json, after_json FROM audit_log WHERE action = 'plans.areas' AND entity_id = ?",
                        {std::to_string(id)});
  ASSERT_TRUE(audit);
  EXPECT_EQ(Json::parse(audit->text(0))["areas"], Json::array({lsoas[0]}));
  Json was = Json::parse(audit->text(1))["baselines"];
  ASSERT_EQ(was.size(), 1u);
  EXPECT_NEAR(was[0]["baseline"].get<double>(), before, 1e-9);

  // The same areas again change nothing and take no baseline.
  auto same = officer.post_json(api, {{"do", "areas"}, {"areas", lsoas[1] + " " + lsoas[2] + " " + lsoas[3]}});
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(same.json()["baselines_taken_again"], 0);
  EXPECT_EQ(
      scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'plans.areas' AND entity_id = ?", {std::to_string(id)}), 1);

  // Wrong areas are named, nothing changes, and the page shows what was typed.
  std::string thurrock =
      handle->query_one("SELECT MIN(code) FROM areas WHERE kind = 'lsoa' AND authority_code = 'E06000034'")->text(0);
  for (const std::string& typed : std::vector<std::string>{"", "E07000118", lsoas[0] + " " + thurrock, "E01999999"}) {
    auto refused = officer.post_json(api, {{"do", "areas"}, {"areas", typed}});
    EXPECT_EQ(refused.status, 422) << typed;
    EXPECT_EQ(fields_of(refused), (std::set<std::string>{"areas"})) << typed;
  }
  // A target is a number in range, and the page writes it whole.
  auto huge = officer.post_json(api, {{"do", "outcome"},
                                      {"term", "long"},
                                      {"description", "Huge"},
                                      {"measure", "iod.imd_score"},
                                      {"target", "1e308"}});
  EXPECT_EQ(huge.status, 422);
  EXPECT_EQ(fields_of(huge), (std::set<std::string>{"target"}));
  // A plan stays in its authority: a whole swap to another is refused, naming it.
  auto moved = officer.post_json(api, {{"do", "areas"}, {"areas", thurrock}});
  EXPECT_EQ(moved.status, 422);
  EXPECT_NE(moved.body.find("This plan is for Chorley"), std::string::npos) << moved.body;
  EXPECT_EQ(officer.get(api).json()["plan"]["areas"].size(), 3u);
  auto form = officer.post_form(page, {{"do", "areas"}, {"areas", "E01999999"}});
  EXPECT_EQ(form.status, 422);
  EXPECT_NE(form.body.find(R"(href="#areas">There is no area E01999999)"), std::string::npos) << form.body;
  EXPECT_NE(form.body.find(">E01999999</textarea>"), std::string::npos);
  EXPECT_NE(form.body.find("<details class=\"govuk-details\" open>"), std::string::npos);
}

// A milestone slips, or changes hands: its title, owner, date and RAG are changed on a
// page of its own, audited with before and after; whether it is done stays.
TEST_P(PlansTest, AnOfficerChangesAMilestonesOwnerAndDate) {
  auto officer = as("officer");
  auto made = officer.post_json("/api/v1/plans", {{"name", "Milestone plan"}, {"areas", chorley_lsoas(1)[0]}});
  ASSERT_EQ(made.status, 201) << made.body;
  std::string page = "/plans/" + std::to_string(made.json()["id"].get<std::int64_t>());
  auto ms = officer.post_json(
      "/api/v1" + page, {{"do", "milestone"}, {"title", "Open the pantry"}, {"owner", "Sam"}, {"due", "2027-01-31"}});
  ASSERT_EQ(ms.status, 201) << ms.body;
  std::string change = page + "/milestones/" + std::to_string(ms.json()["id"].get<std::int64_t>());

  auto plan_page = officer.get(page);
  EXPECT_NE(plan_page.body.find("href=\"" + change + "\""), std::string::npos) << "the plan links to the change page";
  auto form = officer.get(change);
  ASSERT_EQ(form.status, 200) << form.body.substr(0, 300);
  EXPECT_NE(form.body.find(R"(id="title" name="title" type="text" value="Open the pantry")"), std::string::npos);
  EXPECT_NE(form.body.find(R"(id="due_day" name="due_day" type="text" inputmode="numeric" value="31")"),
            std::string::npos);

  // A date that does not exist: the part at fault is named and what was written stays.
  auto bad = officer.post_form(change, {{"title", "Open the pantry on Fridays"},
                                        {"owner", "Priya"},
                                        {"due_day", "31"},
                                        {"due_month", "4"},
                                        {"due_year", "2027"},
                                        {"rag", "amber"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find(R"(href="#due_day">Due date must be a real date)"), std::string::npos) << bad.body;
  EXPECT_NE(bad.body.find(R"(value="Open the pantry on Fridays")"), std::string::npos);
  EXPECT_NE(bad.body.find(R"(<option value="amber" selected>)"), std::string::npos);

  auto ok = officer.post_form(change, {{"title", "Open the pantry on Fridays"},
                                       {"owner", "Priya"},
                                       {"due_day", "30"},
                                       {"due_month", "4"},
                                       {"due_year", "2027"},
                                       {"rag", "amber"}});
  ASSERT_EQ(ok.status, 303) << ok.body.substr(0, 400);
  Json after = officer.get("/api/v1" + page).json();
  ASSERT_EQ(after["milestones"].size(), 1u);
  EXPECT_EQ(after["milestones"][0]["title"], "Open the pantry on Fridays");
  EXPECT_EQ(after["milestones"][0]["owner"], "Priya");
  EXPECT_EQ(after["milestones"][0]["due"], "2027-04-30");
  EXPECT_EQ(after["milestones"][0]["rag"], "amber");
  EXPECT_FALSE(after["milestones"][0]["done"].get<bool>());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'plans.milestone.update' AND entity_id = ? AND "
                   "before_json LIKE '%Sam%' AND after_json LIKE '%Priya%'",
                   {page.substr(7)}),
            1);

  // Another plan's milestone, a readers-only role and nonsense ids all go nowhere.
  EXPECT_EQ(officer.get("/plans/0/milestones/1").status, 404);
  EXPECT_EQ(officer.get(page + "/milestones/999999").status, 404);
  EXPECT_EQ(officer.get(page + "/milestones/x").status, 404);
  auto coordinator = as("coordinator");
  EXPECT_EQ(coordinator.get(change).status, 403);
  EXPECT_EQ(
      coordinator.post_form(change, {{"title", "Mine"}, {"owner", "Me"}, {"due", "2027-01-01"}, {"rag", "red"}}).status,
      403);

  // A milestone added by mistake is removed from its change page, audited with what it was.
  std::string milestone_id = change.substr(change.rfind('/') + 1);
  auto changed_page = officer.get(change);
  EXPECT_NE(changed_page.body.find(R"(name="do" value="remove-milestone")"), std::string::npos);
  EXPECT_EQ(coordinator.post_form(page, {{"do", "remove-milestone"}, {"milestone", milestone_id}}).status, 403);
  auto removed = officer.post_form(page, {{"do", "remove-milestone"}, {"milestone", milestone_id}});
  ASSERT_EQ(removed.status, 303) << removed.body.substr(0, 300);
  EXPECT_TRUE(officer.get("/api/v1" + page).json()["milestones"].empty());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'plans.milestone.remove' AND entity_id = ? AND "
                   "before_json LIKE '%Open the pantry on Fridays%'",
                   {page.substr(7)}),
            1);
  EXPECT_EQ(officer.post_form(page, {{"do", "remove-milestone"}, {"milestone", milestone_id}}).status, 404);
  EXPECT_EQ(officer.get(change).status, 404);
}

TEST_P(PlansTest, StaffReadOfficersWriteMembersNeither) {
  auto coordinator = as("coordinator");
  EXPECT_EQ(coordinator.get("/api/v1/plans").status, 200);
  EXPECT_EQ(coordinator.post_json("/api/v1/plans", {{"name", "Mine"}, {"areas", chorley_lsoas(1)[0]}}).status, 403);
  auto member = as("member");
  EXPECT_EQ(member.get("/api/v1/plans").status, 403);
  EXPECT_EQ(member.get("/plans/overdue").status, 403);
  EXPECT_EQ(browser().get("/api/v1/plans").status, 401);
}

TEST_P(PlansTest, ThePrintableVersionTellsTheStoryWithoutForms) {
  auto officer = as("officer");
  auto list = officer.get("/api/v1/plans").json();
  ASSERT_FALSE(list["plans"].empty());
  std::string href = list["plans"][0]["href"];
  auto page = officer.get(href);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("name=\"do\" value=\"milestone\""), std::string::npos);
  auto print = officer.get(href + "/print");
  ASSERT_EQ(print.status, 200) << print.body;
  EXPECT_NE(print.body.find("The plan's story"), std::string::npos);
  EXPECT_NE(print.body.find("What has changed"), std::string::npos);
  EXPECT_EQ(print.body.find("name=\"do\""), std::string::npos);
  EXPECT_EQ(officer.get("/plans/987654321/print").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, PlansTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
