// Grants and participatory budgeting over the real server on both backends: an
// application from canvas to decision, feedback, award, report and 360Giving;
// panels that see only what they need and cannot score past a conflict; deadlines;
// votes once, from the area, by the rules, counted both ways; every refusal audited.
#include <gtest/gtest.h>

#include "core/text.h"
#include "support/harness.h"

namespace kith {
namespace {

using Json = nlohmann::json;

using testing::contains;

class GrantsTest : public testing::BackendSuite {
 protected:
  std::int64_t scalar(const std::string& sql, const store::Params& p = {}) {
    return testing::shared_server(GetParam()).app().database().acquire()->scalar(sql, p);
  }
  // A Small Sparks-like round: up to £250, matched by volunteer time at £15 an hour.
  std::int64_t round(const std::string& closes = "2030-12-31", std::int64_t budget = 400) {
    auto officer = signed_in("officer");
    auto fund = officer.post_json(
        "/api/v1/admin/grants",
        {{"do", "fund"}, {"name", "Sparks" + tag()}, {"funder_name", "Thurrock Council"}, {"funder_id", "GB-LAE-THR"}});
    EXPECT_EQ(fund.status, 201) << fund.body;
    auto r =
        officer.post_json("/api/v1/admin/grants", {{"do", "round"},
                                                   {"fund_id", std::to_string(fund.json()["id"].get<std::int64_t>())},
                                                   {"name", "Round" + tag()},
                                                   {"opens_at", "2026-01-01"},
                                                   {"closes_at", closes},
                                                   {"budget", std::to_string(budget)},
                                                   {"max_amount", "250"},
                                                   {"match_required", "yes"},
                                                   {"match_ratio", "1"},
                                                   {"hour_value", "15"},
                                                   {"criteria", {"innovation", "relationships"}},
                                                   {"weight-innovation", "2"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }
  static Json canvas(std::int64_t amount, std::int64_t hours) {
    return {{"do", "save"},
            {"group_name", "Friends of the Park"},
            {"group_kind", "residents"},
            {"postcode", "RM17 5AB"},
            {"idea", "A weekly litter pick and picnic in the park"},
            {"problem", "The park is dirty and nobody uses it"},
            {"who", "Ten neighbours and the primary school"},
            {"assets", "The school's gloves and the cafe's urn"},
            {"lasting", "The school takes it on as a club"},
            {"costs", "Pickers, bags, and food for the picnic"},
            {"outcomes", {"belonging", "active"}},
            {"amount", std::to_string(amount)},
            {"volunteer_hours", std::to_string(hours)},
            {"materials_value", "10"}};
  }
  // A member's application in round `r` as `group`, started (and, given `sent`, sent
  // with a canvas for £200 matched by 14 hours): its id.
  std::int64_t application(testing::Browser& member, std::int64_t r, const std::string& group, bool sent = false) {
    auto started = member.post_json("/api/v1/grants/rounds/" + std::to_string(r), {{"group_name", group}});
    EXPECT_EQ(started.status, 201) << started.body;
    std::int64_t id = started.json().value("id", std::int64_t{0});
    if (sent) {
      Json ok = canvas(200, 14);
      ok["do"] = "submit";
      auto submitted = member.post_json("/api/v1/grants/applications/" + std::to_string(id), ok);
      EXPECT_EQ(submitted.status, 200) << submitted.body;
    }
    return id;
  }
  // The API path to answer the invitation to apply together as `group`, from the
  // invited person's own applications page.
  static std::string invitation_to(testing::Browser& invited, const std::string& group) {
    auto mine = invited.get("/api/v1/grants/mine");
    const Json list = mine.json()["invitations"];
    for (const auto& i : list)
      if (i["group"] == group) return "/api/v1" + i["href"].get<std::string>();
    ADD_FAILURE() << "no invitation to apply as " << group << " in " << mine.body;
    return "/api/v1/grants/invitations/0";
  }
  std::vector<std::string> audit_actions(const std::string& entity, std::int64_t id) {
    const Json log =
        signed_in("admin").get("/api/v1/admin/audit?entity=" + entity + "&entity_id=" + std::to_string(id)).json();
    std::vector<std::string> out;
    for (const auto& e : log["entries"]) out.push_back(e["action"]);
    return out;
  }
};

TEST_P(GrantsTest, AnApplicationGoesFromCanvasToAwardReportAnd360Giving) {
  std::int64_t r = round();
  auto member = signed_in("member");
  std::int64_t id = application(member, r, "Friends" + tag());
  std::string path = "/api/v1/grants/applications/" + std::to_string(id);

  // Over the limit, and not matched: each refused naming the field, and audited.
  Json over = canvas(300, 30);
  over["do"] = "submit";
  auto refused = member.post_json(path, over);
  ASSERT_EQ(refused.status, 422);
  EXPECT_TRUE(contains(refused.body, "This round gives at most £250: you asked for £300"));
  Json unmatched = canvas(250, 2);
  unmatched["do"] = "submit";
  refused = member.post_json(path, unmatched);
  ASSERT_EQ(refused.status, 422);
  EXPECT_TRUE(contains(refused.body, "The community must give at least £250"));
  auto actions = audit_actions("grant_application", id);
  EXPECT_NE(std::find(actions.begin(), actions.end(), "grant.application.submit.refused"), actions.end());
  // Someone else cannot touch it.
  EXPECT_EQ(signed_in("organisation").post_json(path, canvas(200, 20)).status, 404);
  // The draft saves; a co-applicant, once they agree, sees it; submitting with 16
  // hours (£240 + £10) works.
  ASSERT_EQ(member.post_json(path, canvas(250, 16)).status, 200);
  ASSERT_EQ(member.post_json(path, {{"do", "co_applicant"}, {"email", "organisation@demo.kith.test"}}).status, 200);
  auto organisation = signed_in("organisation");
  EXPECT_EQ(organisation.get(path).status, 404);  // invited, not yet agreed
  ASSERT_EQ(organisation.post_json(invitation_to(organisation, "Friends of the Park"), {{"do", "accept"}}).status, 200);
  EXPECT_EQ(organisation.get(path).status, 200);
  Json ok = canvas(250, 16);
  ok["do"] = "submit";
  ASSERT_EQ(member.post_json(path, ok).status, 200);
  EXPECT_EQ(member.post_json(path, canvas(100, 16)).status, 409);  // sent: no more changes

  // The panel: a resident scores; the running total weighs innovation twice.
  auto officer = signed_in("officer");
  std::string manage = "/api/v1/grants/rounds/" + std::to_string(r) + "/manage";
  ASSERT_EQ(
      officer.post_json(manage, {{"do", "panel"}, {"email", "panel@demo.kith.test"}, {"seat", "resident"}}).status,
      200);
  const Json before = officer.get(manage).json();
  std::string member_id;
  for (const auto& m : before["members"]) member_id = m["value"];
  ASSERT_EQ(
      officer.post_json(manage, {{"do", "assign"}, {"application", std::to_string(id)}, {"member", member_id}}).status,
      200);
  // Before anyone scores it, the rule suggests nothing for it, however much budget is left.
  EXPECT_EQ(before["rows"][0]["suggested"], "Not ranked");
  EXPECT_EQ(before["rows"][0]["place"], "–");
  EXPECT_EQ(before["rows"][0]["why"], "No panel member has scored it yet.");
  auto panel = signed_in("panel");
  std::string score = "/api/v1/grants/panel/" + std::to_string(id);
  EXPECT_EQ(panel.post_json(score, {{"do", "score"}, {"score-innovation", "7"}}).status, 422);
  // Nothing scored is said, not thanked for; a comment with no score is not dropped.
  auto empty = panel.post_json(score, {{"do", "score"}, {"score-innovation", ""}, {"comment-innovation", ""}});
  EXPECT_EQ(empty.status, 422) << empty.body;
  EXPECT_NE(empty.body.find("Score at least one criterion to save"), std::string::npos) << empty.body;
  auto comment_only =
      panel.post_json(score, {{"do", "score"}, {"score-innovation", " "}, {"comment-innovation", "Strong idea"}});
  EXPECT_EQ(comment_only.status, 422);
  EXPECT_NE(comment_only.body.find("a score to go with your comment"), std::string::npos) << comment_only.body;
  // Markup and length are told apart, each naming the criterion; a score out of range says the range.
  auto markup = panel.post_json(
      score, {{"do", "score"}, {"score-innovation", "3"}, {"comment-innovation", "<b>Strong</b> idea"}});
  EXPECT_EQ(markup.status, 422);
  EXPECT_NE(markup.body.find("as plain text, without HTML"), std::string::npos) << markup.body;
  auto longer = panel.post_json(
      score, {{"do", "score"}, {"score-innovation", "3"}, {"comment-innovation", std::string(2001, 'a')}});
  EXPECT_EQ(longer.status, 422);
  EXPECT_NE(longer.body.find("to 2,000 characters or fewer"), std::string::npos) << longer.body;
  auto range = panel.post_json(score, {{"do", "score"}, {"score-innovation", "6"}});
  EXPECT_EQ(range.status, 422);
  EXPECT_NE(range.body.find(" from 0 to 5"), std::string::npos) << range.body;
  ASSERT_EQ(panel.post_json(score, {{"do", "score"}, {"score-innovation", "4"}, {"score-relationships", "3"}}).status,
            200);
  const Json scored = panel.get(score).json();
  EXPECT_EQ(scored["total"], "11.0");  // 2 x 4 + 3
  EXPECT_EQ(scored["maximum"], "15.0");

  // Ranked, then decided: feedback is required; the award must fit the budget.
  const Json ranked = officer.get(manage).json();
  ASSERT_FALSE(ranked["rows"].empty());
  EXPECT_EQ(ranked["rows"][0]["raw"], "11.0");
  EXPECT_EQ(ranked["rows"][0]["suggested"], "Fund");
  EXPECT_EQ(
      officer.post_json(manage, {{"do", "decide"}, {"application", std::to_string(id)}, {"decision", "fund"}}).status,
      422);
  ASSERT_EQ(
      officer
          .post_json(manage,
                     {{"do", "sponsor"}, {"application", std::to_string(id)}, {"sponsor", "officer@demo.kith.test"}})
          .status,
      200);
  ASSERT_EQ(officer
                .post_json(manage, {{"do", "decide"},
                                    {"application", std::to_string(id)},
                                    {"decision", "fund"},
                                    {"feedback", "A lovely idea with the school behind it."}})
                .status,
            200);
  // A decision once told is not swapped by a second form: it says what was decided.
  auto again = officer.post_json(manage, {{"do", "decide"},
                                          {"application", std::to_string(id)},
                                          {"decision", "decline"},
                                          {"feedback", "Sent from an old page by mistake."}});
  EXPECT_EQ(again.status, 409);
  EXPECT_TRUE(contains(again.body, "already been decided: funded")) << again.body;
  // Its only application decided, the round is decided: no longer officers' work.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM grant_rounds WHERE id = ? AND decided_at IS NOT NULL", {r}), 1);
  const std::string work = officer.get("/api/v1/account").json()["work"].dump();
  EXPECT_EQ(work.find("/grants/rounds/" + std::to_string(r) + "/manage"), std::string::npos) << work;
  const Json mine = member.get(path).json();
  EXPECT_EQ(mine["application"]["status"], "Funded");
  EXPECT_EQ(mine["application"]["feedback"], "A lovely idea with the school behind it.");
  EXPECT_EQ(mine["application"]["award"], "£250");

  // After the award: a milestone and the report, on the project page beside its sponsor.
  ASSERT_EQ(member.post_json(path, {{"do", "milestone"}, {"title", "First litter pick"}, {"due", "2027-01-15"}}).status,
            200);
  ASSERT_EQ(member
                .post_json(path, {{"do", "report"},
                                  {"summary", "Twelve picks, a picnic of sixty people."},
                                  {"hours_delivered", "21"}})
                .status,
            200);
  const Json project = member.get("/api/v1/grants/projects/" + std::to_string(id)).json();
  EXPECT_EQ(project["report"]["hours"], "21 volunteer hours delivered of 16 pledged");
  EXPECT_EQ(project["sponsor"], "Olu Officer (demo)");
  EXPECT_FALSE(contains(project.dump(), "RM17"));  // no postcode on the shared page
  EXPECT_EQ(browser().get("/api/v1/grants/projects/" + std::to_string(id)).status, 401);

  // 360Giving: the award, with the funder's identifier.
  const Json open_data = browser().get("/grants/360giving.json").json();
  bool found = false;
  for (const auto& g : open_data["grants"])
    if (g["id"] == "360G-kith-" + std::to_string(id)) {
      found = true;
      EXPECT_EQ(g["amountAwarded"], 250);
      EXPECT_EQ(g["fundingOrganization"][0]["id"], "GB-LAE-THR");
      EXPECT_EQ(g["recipientOrganization"][0]["name"], "Friends of the Park");
    }
  EXPECT_TRUE(found);
  EXPECT_TRUE(contains(browser().get("/grants/360giving.csv").body, "360G-kith-" + std::to_string(id)));
}

TEST_P(GrantsTest, ADecisionMadeInErrorIsTakenBackWithAReasonTheApplicantIsTold) {
  std::int64_t r = round();
  auto member = signed_in("member");
  std::int64_t id = application(member, r, "Taken" + tag(), true);
  const std::string app = std::to_string(id), path = "/api/v1/grants/applications/" + app;
  auto officer = signed_in("officer");
  const std::string manage = "/api/v1/grants/rounds/" + std::to_string(r) + "/manage";
  auto decide = [&](const std::string& decision) {
    return officer.post_json(manage, {{"do", "decide"},
                                      {"application", app},
                                      {"decision", decision},
                                      {"feedback", "Decided on the panel's scores."}});
  };
  auto reopen = [&](const std::string& reason) {
    return officer.post_json(manage, {{"do", "reopen"}, {"application", app}, {"reason", reason}});
  };
  auto messages = [&](const std::string& prefix) {
    return scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'application_decision' AND idempotency_key LIKE ?",
                  {prefix + ":" + app + ":%"});
  };
  // Nothing decided, nothing to take back.
  EXPECT_EQ(reopen("The wrong group was funded.").status, 409);
  ASSERT_EQ(decide("decline").status, 200);
  ASSERT_EQ(scalar("SELECT COUNT(*) FROM grant_rounds WHERE id = ? AND decided_at IS NOT NULL", {r}), 1);
  // A reason is needed: the applicant is told it.
  auto bare = reopen("");
  EXPECT_EQ(bare.status, 422);
  EXPECT_TRUE(contains(bare.body, "Say why the decision is taken back")) << bare.body;
  EXPECT_EQ(member.get(path).json()["application"]["status"], "Not funded");

  // Taken back before its email went: the decision is simply not told.
  ASSERT_EQ(messages("application_decision"), 1);
  ASSERT_EQ(reopen("Declined by mistake: the scores were read upside down.").status, 200);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM outbox WHERE idempotency_key LIKE ? AND status = 'queued'",
                   {"application_decision:" + app + ":%"}),
            0);
  EXPECT_EQ(messages("application_reopened"), 0);
  const Json waiting = member.get(path).json()["application"];
  EXPECT_EQ(waiting["status"], "Sent: the panel is reading it") << waiting.dump();
  EXPECT_EQ(waiting.value("feedback", ""), "");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM grant_rounds WHERE id = ? AND decided_at IS NULL", {r}), 1);

  // Decided again, and this time told; taken back after: the applicant hears why.
  ASSERT_EQ(decide("fund").status, 200);
  ASSERT_EQ(messages("application_decision"), 1);
  testing::shared_server(GetParam())
      .app()
      .database()
      .acquire()
      ->exec("UPDATE outbox SET status = 'sent' WHERE idempotency_key LIKE ?", {"application_decision:" + app + ":%"});
  ASSERT_EQ(reopen("Funded twice over: the group had a grant for this from the fund already.").status, 200);
  ASSERT_EQ(messages("application_reopened"), 1);
  const std::string told =
      testing::shared_server(GetParam())
          .app()
          .database()
          .acquire()
          ->query_one("SELECT fields FROM outbox WHERE idempotency_key LIKE ?", {"application_reopened:" + app + ":%"})
          ->text(0);
  EXPECT_TRUE(contains(told, "had a grant for this from the fund already")) << told;
  EXPECT_TRUE(contains(told, "taken back")) << told;
  auto actions = audit_actions("grant_application", id);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "grant.decision.reopen"), 2);

  // Decided once more, the applicant is told again: a new message, not the sent one's key.
  ASSERT_EQ(decide("fund").status, 200);
  EXPECT_EQ(messages("application_decision"), 2);
  // Once the group has begun (a milestone done), the decision stands.
  ASSERT_EQ(member.post_json(path, {{"do", "milestone"}, {"title", "First pick"}, {"due", "2027-01-15"}}).status, 200);
  auto milestone = member.get(path).json()["milestones"];
  ASSERT_FALSE(milestone.empty()) << milestone.dump();
  ASSERT_EQ(member
                .post_json(path, {{"do", "milestone_done"},
                                  {"milestone", std::to_string(milestone[0]["id"].get<std::int64_t>())}})
                .status,
            200);
  auto late = reopen("A change of heart after the money went.");
  EXPECT_EQ(late.status, 409);
  EXPECT_TRUE(contains(late.body, "money may have been spent")) << late.body;
  EXPECT_EQ(member.get(path).json()["application"]["status"], "Funded");
}

TEST_P(GrantsTest, ARoundsSumsThatAreNotWholeNumbersAreNamedNotReadAsNothing) {
  auto officer = signed_in("officer");
  auto r = officer.post_form("/admin/grants", {{"name", "Sums" + tag()},
                                               {"budget", "5000"},
                                               {"max_amount", "500"},
                                               {"min_amount", "abc"},
                                               {"match_ratio", "-1"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(contains(r.body, "href=\"#min_amount\">The least must be between nothing and the most")) << r.body;
  EXPECT_TRUE(contains(r.body, "href=\"#match_ratio\">Say how much the community must match"));
  // A match too large to mean anything (1e308 would wave every application through).
  auto vast = officer.post_form("/admin/grants", {{"do", "round"},
                                                  {"name", "Vast" + tag()},
                                                  {"budget", "5000"},
                                                  {"max_amount", "500"},
                                                  {"match_required", "yes"},
                                                  {"match_ratio", "1e308"},
                                                  {"criteria", "innovation"}});
  EXPECT_EQ(vast.status, 422);
  EXPECT_TRUE(contains(vast.body, "href=\"#match_ratio\">The community can be asked to match at most 10 times"))
      << vast.body.substr(0, 2000);
  // What an hour counts as: "£15.50" is read, "fifteen" is said; the ticks and weights come back.
  auto back = officer.post_form("/admin/grants", {{"do", "round"},
                                                  {"name", "Sums" + tag()},
                                                  {"budget", "5000"},
                                                  {"max_amount", "500"},
                                                  {"hour_value", "fifteen"},
                                                  {"kinds", "school"},
                                                  {"match_required", "yes"},
                                                  {"criteria", "innovation"},
                                                  {"weight-innovation", "2"}});
  EXPECT_EQ(back.status, 422);
  EXPECT_TRUE(contains(back.body, "href=\"#hour_value\">Give what an hour of volunteer time counts as")) << back.body;
  EXPECT_TRUE(contains(back.body, "id=\"kinds-school\" name=\"kinds\" type=\"checkbox\" value=\"school\" checked"));
  EXPECT_TRUE(contains(back.body, "value=\"yes\" checked"));
  EXPECT_TRUE(contains(back.body, "value=\"innovation\" checked"));
  EXPECT_TRUE(contains(back.body, "id=\"weight-innovation\" name=\"weight-innovation\" type=\"text\" value=\"2\""));
  // A weight that is not a number, and a name as long as an essay: said, not stored.
  for (const std::string weight : {"NaN", "abc", "nan", "inf"}) {
    auto bad = officer.post_form(
        "/admin/grants",
        {{"do", "round"}, {"name", "Weights" + tag()}, {"criteria", "innovation"}, {"weight-innovation", weight}});
    EXPECT_EQ(bad.status, 422) << weight;
    EXPECT_TRUE(contains(bad.body, "href=\"#weight-innovation\"")) << weight;
  }
  auto essay = officer.post_form("/admin/grants", {{"do", "round"}, {"name", std::string(5000, 'a')}});
  EXPECT_TRUE(contains(essay.body, "name must be 120 characters or fewer")) << essay.body.substr(0, 300);
}

TEST_P(GrantsTest, PanelMembersSeeOnlyWhatTheyNeedAndAConflictStopsScoring) {
  std::int64_t r = round();
  auto member = signed_in("member");
  std::int64_t id = application(member, r, "Conflicted" + tag(), true);
  auto officer = signed_in("officer");
  std::string manage = "/api/v1/grants/rounds/" + std::to_string(r) + "/manage";
  ASSERT_EQ(
      officer.post_json(manage, {{"do", "panel"}, {"email", "panel@demo.kith.test"}, {"seat", "councillor"}}).status,
      200);
  std::string score = "/api/v1/grants/panel/" + std::to_string(id);
  auto panel = signed_in("panel");
  EXPECT_EQ(panel.get(score).status, 404);  // not given it yet
  std::string member_id = officer.get(manage).json()["members"][0]["value"];
  ASSERT_EQ(
      officer.post_json(manage, {{"do", "assign"}, {"application", std::to_string(id)}, {"member", member_id}}).status,
      200);
  std::string seen = panel.get(score).body;
  EXPECT_TRUE(contains(seen, "A weekly litter pick"));
  EXPECT_FALSE(contains(seen, "RM17"));        // no postcode
  EXPECT_FALSE(contains(seen, "Mel Member"));  // nor who applied
  ASSERT_EQ(panel.post_json(score, {{"do", "conflict"}, {"reason", "My sister runs the group"}}).status, 200);
  auto refused = panel.post_json(score, {{"do", "score"}, {"score-innovation", "5"}});
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.json()["code"], "conflict-of-interest");
  auto actions = audit_actions("grant_application", id);
  EXPECT_NE(std::find(actions.begin(), actions.end(), "grant.score.refused"), actions.end());
  // Every panel member given it has scored it or stood aside: the officer is told it waits,
  // though the round is still open.
  const std::string work = officer.get("/api/v1/account").json()["work"].dump();
  EXPECT_NE(work.find("/grants/rounds/" + std::to_string(r) + "/manage"), std::string::npos) << work;
  // Decided only through its own round's page.
  const std::string other = "/api/v1/grants/rounds/" + std::to_string(round()) + "/manage";
  auto elsewhere = officer.post_json(other, {{"do", "decide"},
                                             {"application", std::to_string(id)},
                                             {"decision", "decline"},
                                             {"feedback", "Decided from the wrong round's page."}});
  EXPECT_EQ(elsewhere.status, 404) << elsewhere.body;
  auto brief = officer.post_json(
      manage,
      {{"do", "decide"}, {"application", std::to_string(id)}, {"decision", "decline"}, {"feedback", "Well done"}});
  EXPECT_EQ(brief.status, 422);
  EXPECT_TRUE(contains(brief.body, "at least 10 characters")) << brief.body;  // the rule, said
  ASSERT_EQ(officer
                .post_json(manage, {{"do", "decide"},
                                    {"application", std::to_string(id)},
                                    {"decision", "decline"},
                                    {"feedback", "The panel stood aside; declined on the officer's reading."}})
                .status,
            200);
  // Once decided, the scores are the record: a conflict can no longer be declared on it.
  auto late = panel.post_json(score, {{"do", "conflict"}, {"reason", "Remembered later"}});
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_TRUE(contains(late.body, "Tell the grants officer")) << late.body;
}

// The demo's decided round (every application decided) waits for no one.
TEST_P(GrantsTest, ARoundWithEveryApplicationDecidedIsNoOnesWork) {
  auto round = scalar("SELECT id FROM grant_rounds WHERE name = 'Small Sparks, summer 2026'");
  ASSERT_GT(round, 0);
  ASSERT_EQ(scalar("SELECT COUNT(*) FROM grant_applications WHERE round_id = ? AND status = 'submitted'", {round}), 0);
  for (const char* who : {"officer", "admin"}) {
    const std::string work = signed_in(who).get("/api/v1/account").json()["work"].dump();
    EXPECT_EQ(work.find("Small Sparks, summer 2026"), std::string::npos) << who << ": " << work;
  }
}

TEST_P(GrantsTest, NothingIsTakenAfterTheDeadline) {
  std::int64_t r = round("2026-01-31");
  auto late =
      signed_in("member").post_json("/api/v1/grants/rounds/" + std::to_string(r), {{"group_name", "Late" + tag()}});
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(late.json()["code"], "closed");
  EXPECT_TRUE(contains(late.body, "closed on 31 January 2026"));
}

// The demo's budget for Grays ward: four projects, £10,000, approve 1 to 3.
TEST_P(GrantsTest, VotesAreOncePerResidentByTheRulesAndCountedBothWays) {
  auto officer = signed_in("officer");
  // The ward the demo's budget is for: RM17 5AB lies in it.
  std::string ward;
  const Json processes = browser().get("/api/v1/pb").json();
  for (const auto& p : processes["processes"])
    if (p["name"] == "Grays decides 2027 (demo)") ward = p["area_code"];
  ASSERT_FALSE(ward.empty());
  auto made = officer.post_json("/api/v1/pb", {{"name", "Budget" + tag()},
                                               {"area_code", ward},
                                               {"budget", "1000"},
                                               {"rule", "approval"},
                                               {"min_projects", "1"},
                                               {"max_projects", "2"},
                                               {"decided_by", "greedy"}});
  ASSERT_EQ(made.status, 201) << made.body;
  auto coin = officer.post_json("/api/v1/pb", {{"name", "Coin" + tag()},
                                               {"area_code", ward},
                                               {"budget", "1000"},
                                               {"rule", "approval"},
                                               {"decided_by", "coin toss"}});
  EXPECT_EQ(coin.status, 422);
  EXPECT_TRUE(contains(coin.body, "decided_by")) << coin.body;
  // A budget no sum can hold is refused (its count once overflowed and never ended).
  auto huge = officer.post_json("/api/v1/pb", {{"name", "Huge" + tag()},
                                               {"area_code", ward},
                                               {"budget", "9223372036854775807"},
                                               {"rule", "approval"},
                                               {"decided_by", "equal_shares"}});
  EXPECT_EQ(huge.status, 422);
  EXPECT_TRUE(contains(huge.body, "The budget can be at most £1,000,000,000")) << huge.body;
  std::string id = std::to_string(made.json()["id"].get<std::int64_t>());
  // Someone signed out, while proposals are taken, is shown how to take part.
  const std::string anyone = browser().get("/pb/" + id).body;
  EXPECT_TRUE(contains(anyone, "To propose a project you need an account.")) << anyone;
  EXPECT_TRUE(contains(anyone, "href=\"/sign-up?next=/pb/" + id + "\"")) << anyone;
  auto propose = [&](const std::string& title, int cost) {
    auto r = officer.post_json("/api/v1/pb/" + id, {{"do", "propose"},
                                                    {"title", title},
                                                    {"cost", std::to_string(cost)},
                                                    {"description", "A project the street asked for, costed."}});
    EXPECT_EQ(r.status, 201) << r.body;
    return std::to_string(r.json()["id"].get<std::int64_t>());
  };
  // Pence are not out of range: they are said to be pence.
  auto pence = officer.post_json("/api/v1/pb/" + id, {{"do", "propose"},
                                                      {"title", "Priced in pence"},
                                                      {"cost", "12.50"},
                                                      {"description", "A project the street asked for, costed."}});
  EXPECT_EQ(pence.status, 422);
  EXPECT_TRUE(contains(pence.body, "Enter the cost in whole pounds")) << pence.body;
  std::string a = propose("Big A", 600), b = propose("Big B", 400), c = propose("Small C", 300);
  std::string manage = "/api/v1/pb/" + id + "/manage";
  // Proposals not yet on the ballot are the officer's work, counted, until each is decided.
  auto proposals_waiting = [&]() -> std::int64_t {
    const Json account = officer.get("/api/v1/account").json();
    for (const auto& w : account["work"])
      if (w["href"] == "/pb/" + id + "/manage" && w["label"].get<std::string>().find("Proposals") == 0)
        return w["count"];
    return -1;
  };
  EXPECT_EQ(proposals_waiting(), 3);
  ASSERT_EQ(officer.post_json(manage, {{"do", "ballot"}, {"project", a}, {"on", "yes"}}).status, 200);
  EXPECT_EQ(proposals_waiting(), 2);
  for (const auto& p : {b, c})
    ASSERT_EQ(officer.post_json(manage, {{"do", "ballot"}, {"project", p}, {"on", "yes"}}).status, 200);
  EXPECT_EQ(proposals_waiting(), -1);
  ASSERT_EQ(officer.post_json(manage, {{"do", "phase"}, {"phase", "voting"}}).status, 200);

  std::string vote = "/api/v1/pb/" + id;
  // Signed out, a resident still sees what is on the ballot before signing in to vote.
  const std::string open = browser().get("/pb/" + id).body;
  EXPECT_TRUE(contains(open, "On the ballot")) << open;
  for (const std::string title : {"Big A", "Big B", "Small C"}) EXPECT_TRUE(contains(open, title)) << title;
  auto member = signed_in("member");
  // Both faults at once: where they live and what they chose.
  auto both = member.post_json(vote, {{"postcode", "S11 8SP"}, {"projects", {a, b, c}}});
  EXPECT_EQ(both.status, 422);
  EXPECT_EQ(both.json()["errors"].size(), 2u) << both.body;
  // Outside the area; too many projects; a project not on the ballot: each refused.
  auto outside = member.post_json(vote, {{"postcode", "S11 8SP"}, {"projects", {a}}});
  EXPECT_EQ(outside.status, 422);
  EXPECT_TRUE(contains(outside.body, "only people living there vote"));
  EXPECT_TRUE(contains(member.post_json(vote, {{"postcode", "RM17 5AB"}, {"projects", {a, b, c}}}).body,
                       "Choose 1 to 2 projects (you chose 3)"));
  EXPECT_TRUE(contains(member.post_json(vote, {{"postcode", "RM17 5AB"}, {"projects", {"99999"}}}).body,
                       "is not on this ballot"));
  // On the page, a refused vote keeps what was ticked, and only that.
  auto too_many = member.post_form(
      "/pb/" + id, {{"do", "vote"}, {"postcode", "RM17 5AB"}, {"projects", a}, {"projects", b}, {"projects", c}});
  EXPECT_EQ(too_many.status, 422);
  for (const auto& p : {a, b, c})
    EXPECT_TRUE(contains(too_many.body, "value=\"" + p + "\" checked>")) << p << " lost its tick";
  auto one = member.post_form("/pb/" + id, {{"do", "vote"}, {"postcode", "S11 8SP"}, {"projects", b}});
  EXPECT_EQ(one.status, 422);
  EXPECT_TRUE(contains(one.body, "value=\"" + b + "\" checked>"));
  EXPECT_FALSE(contains(one.body, "value=\"" + a + "\" checked>"));
  ASSERT_EQ(member.post_json(vote, {{"postcode", "RM17 5AB"}, {"projects", {a, b}}}).status, 200);
  auto twice = member.post_json(vote, {{"postcode", "RM17 5AB"}, {"projects", {c}}});
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(twice.json()["code"], "already-voted");
  // Paper ballots: two more for A and B, two for C; a reference used twice is refused.
  auto paper = [&](const std::string& ref, std::vector<std::string> projects) {
    return officer.post_json(manage,
                             {{"do", "paper"}, {"reference", ref}, {"postcode", "RM17 5AB"}, {"projects", projects}});
  };
  ASSERT_EQ(paper("P-001" + tag(), {a, b}).status, 200);
  ASSERT_EQ(paper("P-002" + tag(), {a, b}).status, 200);
  ASSERT_EQ(paper("P-003" + tag(), {c}).status, 200);
  ASSERT_EQ(paper("P-004" + tag(), {c}).status, 200);
  EXPECT_EQ(paper("p-001" + to_lower(tag()), {c}).status, 409);
  auto actions = audit_actions("pb_process", std::stoll(id));
  EXPECT_GE(std::count(actions.begin(), actions.end(), "pb.vote.refused"), 4);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "pb.vote"), 5);
  // On the page, closing asks first: the button is a link to a page with the warning.
  const std::string run = officer.get("/pb/" + id + "/manage").body;
  EXPECT_NE(run.find("/manage?confirm=close"), std::string::npos);
  EXPECT_EQ(run.find("value=\"closed\""), std::string::npos);
  const std::string ask = officer.get("/pb/" + id + "/manage?confirm=close").body;
  EXPECT_NE(ask.find("cannot be undone"), std::string::npos);
  EXPECT_NE(ask.find("value=\"closed\""), std::string::npos);
  ASSERT_EQ(officer.post_json(manage, {{"do", "phase"}, {"phase", "closed"}}).status, 200);

  // Greedy: A and B (3 votes each) spend it all. Equal shares: the two C voters hold
  // 2/5 of £1,000, enough for C (£300); B (the cheaper of the tie) goes first.
  const Json results = browser().get("/api/v1/pb/" + id).json()["results"];
  auto funded = [](const Json& lines) {
    std::vector<std::string> out;
    for (const auto& l : lines)
      if (l["funded"].get<bool>()) out.push_back(l["title"]);
    return out;
  };
  EXPECT_EQ(funded(results["greedy"]), (std::vector<std::string>{"Big B", "Big A"}));
  EXPECT_EQ(funded(results["equal_shares"]), (std::vector<std::string>{"Big B", "Small C"}));
  EXPECT_EQ(results["ballots"], "5");
  EXPECT_EQ(results["decided_by_text"], "most votes first");
  EXPECT_TRUE(results["decides_greedy"].get<bool>());
  EXPECT_EQ(results["paper"], "4");
  EXPECT_FALSE(results["wards"].empty());
  // No row of votes by area shows how fewer than 5 people voted.
  for (const auto& w : results["wards"]) {
    std::string voters = w["voters_text"];
    EXPECT_GE(std::stoi(voters), 5) << w.dump();
  }
  // The count that decides comes first on the page, the other after it for comparison.
  const std::string page = browser().get("/pb/" + id).body;
  ASSERT_NE(page.find("id=\"greedy\""), std::string::npos) << page;
  EXPECT_LT(page.find("id=\"greedy\""), page.find("id=\"equal-shares\""));
  bool dudley_seen = false;
  for (const auto& p : processes["processes"])
    if (p["name"] == "Dudley town decides 2026 (demo)") {
      dudley_seen = true;
      const std::string dudley = browser().get("/pb/" + std::to_string(p["id"].get<std::int64_t>())).body;
      ASSERT_NE(dudley.find("id=\"greedy\""), std::string::npos) << dudley;
      EXPECT_LT(dudley.find("id=\"equal-shares\""), dudley.find("id=\"greedy\"")) << "equal shares decides there";
    }
  EXPECT_TRUE(dudley_seen);
}

TEST_P(GrantsTest, CoApplicantsAreInvitedAndJoinOnlyIfTheyAgree) {
  std::int64_t r = round();
  auto member = signed_in("member");
  std::string group = "Invited together" + tag();
  std::int64_t id = application(member, r, group);
  std::string path = "/api/v1/grants/applications/" + std::to_string(id);
  std::string page = "/grants/applications/" + std::to_string(id);

  // The answer is the same whether or not the email has an account: the API's
  // reply is identical, and the page's message differs only by the email given.
  auto known = member.post_json(path, {{"do", "co_applicant"}, {"email", "Organisation@demo.kith.test"}});
  auto unknown = member.post_json(path, {{"do", "co_applicant"}, {"email", "no.account.here@example.org"}});
  ASSERT_EQ(known.status, 200) << known.body;
  EXPECT_EQ(unknown.status, known.status);
  EXPECT_EQ(unknown.body, known.body);
  auto flash_of = [&](const std::string& email) {
    auto r = member.post_form(page, {{"do", "co_applicant"}, {"email", email}});
    EXPECT_EQ(r.status, 303);
    std::string text = member.get(page).body;
    auto at = text.find("Invitation recorded for ");
    EXPECT_NE(at, std::string::npos) << email;
    if (at == std::string::npos) return std::string();
    std::string flash = text.substr(at, text.find("</p>", at) - at);
    auto e = flash.find(email);
    return e == std::string::npos ? flash : flash.replace(e, email.size(), "EMAIL");
  };
  EXPECT_EQ(flash_of("admin@demo.kith.test"), flash_of("someone.else@example.org"));
  EXPECT_EQ(flash_of("admin@demo.kith.test").find("No one has an account"), std::string::npos);
  // A bad email is named; it is not recorded.
  auto bad = member.post_json(path, {{"do", "co_applicant"}, {"email", "not an email"}});
  ASSERT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["errors"][0]["field"], "email");
  // On the page, the application drawn above the refused invitation keeps its words.
  auto bad_page = member.post_form(page, {{"do", "co_applicant"}, {"email", "not an email"}});
  EXPECT_EQ(bad_page.status, 422);
  EXPECT_TRUE(contains(bad_page.body, "name=\"group_name\" type=\"text\" value=\"" + group + "\"")) << bad_page.body;
  EXPECT_TRUE(contains(bad_page.body, "value=\"not an email\""));

  // Nobody is added by being named, not even an admin: they see an invitation.
  auto admin = signed_in("admin");
  auto organisation = signed_in("organisation");
  EXPECT_EQ(admin.get(path).status, 404);
  EXPECT_EQ(organisation.get(path).status, 404);
  EXPECT_TRUE(contains(organisation.get("/grants").body, "You have been invited to apply together"));
  EXPECT_TRUE(contains(organisation.get("/grants/mine").body, group));
  std::string org_invitation = invitation_to(organisation, group);
  std::string admin_invitation = invitation_to(admin, group);

  // Only the invited person can answer: someone else's answer finds nothing.
  EXPECT_EQ(signed_in("panel").post_json(org_invitation, {{"do", "accept"}}).status, 404);
  EXPECT_EQ(member.post_json(org_invitation, {{"do", "accept"}}).status, 404);
  EXPECT_EQ(organisation.post_json(org_invitation, {{"do", "maybe"}}).status, 422);

  // The admin declines and stays out; an answer is given once.
  ASSERT_EQ(admin.post_json(admin_invitation, {{"do", "decline"}}).status, 200);
  EXPECT_EQ(admin.post_json(admin_invitation, {{"do", "accept"}}).status, 404);
  EXPECT_EQ(admin.get(path).status, 404);
  // Naming the admin again does not bring the invitation back.
  ASSERT_EQ(member.post_json(path, {{"do", "co_applicant"}, {"email", "admin@demo.kith.test"}}).status, 200);
  EXPECT_FALSE(contains(admin.get("/grants/mine").body, group));

  // The organisation agrees: now it sees and changes the canvas.
  auto accepted = organisation.post_form(org_invitation.substr(7), {{"do", "accept"}});
  ASSERT_EQ(accepted.status, 303);
  EXPECT_EQ(accepted.header("Location"), page);
  EXPECT_EQ(organisation.get(path).status, 200);
  EXPECT_EQ(organisation.post_json(path, canvas(200, 20)).status, 200);
  // The applicant sees who agreed and who declined.
  const std::string canvas_page = member.get(page).body;
  EXPECT_TRUE(contains(canvas_page, "organisation@demo.kith.test: Agreed: applying with you"));
  EXPECT_TRUE(contains(canvas_page, "admin@demo.kith.test: Declined"));
  EXPECT_TRUE(contains(canvas_page, "no.account.here@example.org: Waiting for an answer"));

  auto actions = audit_actions("grant_application", id);
  for (const char* a : {"grant.application.invite_co_applicant", "grant.application.co_applicant_accept",
                        "grant.application.co_applicant_decline"})
    EXPECT_NE(std::find(actions.begin(), actions.end(), a), actions.end()) << a;
}

TEST_P(GrantsTest, AnApplicationInvitesAtMostTwentyPeople) {
  std::int64_t r = round();
  auto member = signed_in("member");
  std::string path = "/api/v1/grants/applications/" + std::to_string(application(member, r, "Many" + tag()));
  for (int i = 0; i < 20; ++i)
    ASSERT_EQ(
        member.post_json(path, {{"do", "co_applicant"}, {"email", "p" + std::to_string(i) + "@example.org"}}).status,
        200);
  auto more = member.post_json(path, {{"do", "co_applicant"}, {"email", "p20@example.org"}});
  ASSERT_EQ(more.status, 422);
  EXPECT_EQ(more.json()["errors"][0]["field"], "email");
  EXPECT_TRUE(contains(more.body, "An application can invite at most 20 people"));
}

// The grants page links to the community of practice only for those it opens to.
TEST_P(GrantsTest, ProjectsAndSponsorsIsLinkedOnlyForThoseItOpensTo) {
  for (const std::string role : {"moderator", "coordinator"}) {
    auto b = signed_in(role);
    EXPECT_FALSE(contains(b.get("/grants").body, "href=\"/grants/projects\"")) << role;
    EXPECT_EQ(b.get("/grants/projects").status, 403) << role;
  }
  EXPECT_FALSE(contains(browser().get("/grants").body, "href=\"/grants/projects\""));
  auto officer = signed_in("officer");
  EXPECT_TRUE(contains(officer.get("/grants").body, "href=\"/grants/projects\""));
  EXPECT_EQ(officer.get("/grants/projects").status, 200);
}

// Withdrawing cannot be undone, so the button asks first: it leads to a warning with
// the real button and a way back; only that posts.
TEST_P(GrantsTest, WithdrawingAnApplicationAsksFirst) {
  std::int64_t r = round();
  auto member = signed_in("member");
  const std::string page = "/grants/applications/" + std::to_string(application(member, r, "Second thoughts" + tag()));
  auto shown = member.get(page).body;
  EXPECT_TRUE(contains(shown, "href=\"" + page + "?confirm=withdraw#confirm-withdraw\""));
  EXPECT_FALSE(contains(shown, "name=\"do\" value=\"withdraw\""));  // no form that withdraws at one press
  auto asked = member.get(page + "?confirm=withdraw").body;
  EXPECT_TRUE(contains(asked, "Withdrawing cannot be undone"));
  EXPECT_TRUE(contains(asked, "name=\"do\" value=\"withdraw\""));
  EXPECT_TRUE(contains(asked, "Yes, withdraw the application"));
  ASSERT_EQ(member.post_form(page, {{"do", "withdraw"}}).status, 303);
  EXPECT_EQ(member.get("/api/v1" + page).json()["application"]["status"], "Withdrawn");
}

TEST_P(GrantsTest, SendingAnEmptyCanvasNamesEverythingMissingAtOnceInTheOrderOfTheForm) {
  std::int64_t r = round();
  auto member = signed_in("member");
  const std::string page = "/grants/applications/" + std::to_string(application(member, r, "All at once" + tag()));
  auto sent = member.post_form(page, {{"do", "submit"}, {"group_name", ""}, {"amount", ""}});
  ASSERT_EQ(sent.status, 422);
  const std::string summary =
      sent.body.substr(0, sent.body.find("govuk-error-summary__list") == std::string::npos
                              ? sent.body.size()
                              : sent.body.find("</ul>", sent.body.find("govuk-error-summary__list")));
  std::vector<std::string> in_order = {"Give your group&#39;s name",
                                       "Give your group&#39;s postcode",
                                       "Describe your idea",
                                       "Choose at least one outcome it serves",
                                       "Say how it will last after the grant",
                                       "Say how much you are asking for"};
  std::size_t last = 0;
  for (const auto& m : in_order) {
    auto at = summary.find(m);
    ASSERT_NE(at, std::string::npos) << m << " not in " << summary;
    EXPECT_GT(at, last) << m << " is out of the form's order";
    last = at;
  }
  EXPECT_EQ(member.get("/api/v1" + page).json()["application"]["status"], "Draft: not sent yet");
}

INSTANTIATE_TEST_SUITE_P(Backends, GrantsTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
