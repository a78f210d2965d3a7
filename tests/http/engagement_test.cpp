// The engagement log over the real server on both backends: recording through the
// API and the form (a postcode placed in its LSOA, errors by field), quotes shown only
// with consent, demographics never for fewer than 5 people, editing by the recorder or
// an officer only, the filters and the CSV, the place's themes, everything audited;
// and "who have we not heard from?" for the Chorley demo neighbourhood, against the
// Census 2021 files and the demo log's own sums.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "core/clock.h"
#include "core/csv.h"
#include "core/text.h"
#include "support/harness.h"
#include "support/published.h"

namespace kith {
namespace {

using Json = nlohmann::json;
using testing::census_sum;

class EngagementHttpTest : public testing::BackendSuite {
 protected:
  std::int64_t scalar(const std::string& sql, const store::Params& p = {}) {
    auto handle = testing::shared_server(GetParam()).app().database().acquire();
    return handle->scalar(sql, p);
  }
  std::string text(const std::string& sql, const store::Params& p = {}) {
    auto handle = testing::shared_server(GetParam()).app().database().acquire();
    auto r = handle->query_one(sql, p);
    return r ? r->text(0) : "";
  }
  std::int64_t theme(const std::string& name) {
    return scalar("SELECT id FROM engagement_themes WHERE name = ?", {name});
  }
  Json record(const std::string& title) {
    return {{"kind", "conversation"},
            {"title", title},
            {"occurred_on", "2026-10-27"},
            {"place", "pr7 2rj"},
            {"people", "12"},
            {"level", "consult"},
            {"notes", "Talked about the bus."},
            {"themes", Json::array({std::to_string(theme("Getting about")), std::to_string(theme("Housing"))})},
            {"quote_1", "The 109 bus never comes on time."},
            {"quote_1_who", "a resident in his 20s"},
            {"quote_1_consent", "yes"},
            {"quote_2", "Secret words nobody agreed to show."},
            {"quote_2_who", "a neighbour"},
            {"count_sex_female", "8"},
            {"count_sex_male", "4"},
            {"count_age_15_24", "3"}};
  }
};

TEST_P(EngagementHttpTest, ARecordIsPlacedShownWithConsentedQuotesOnlyAndAudited) {
  auto coordinator = signed_in("coordinator");
  std::string title = "Bus stop chat" + tag();
  Json sent = record(title);
  sent["count_ethnic_group_white"] = "6";  // the other ethnic groups left blank: not known, not none
  auto made = coordinator.post_json("/api/v1/engagement/new", sent);
  ASSERT_EQ(made.status, 201) << made.body;
  std::int64_t id = made.json()["id"];
  std::string lsoa = text("SELECT lsoa_code FROM postcodes WHERE postcode = 'PR72RJ'");
  ASSERT_FALSE(lsoa.empty());
  EXPECT_EQ(text("SELECT area_code FROM engagement_records WHERE id = ?", {id}), lsoa);
  EXPECT_EQ(text("SELECT authority_code FROM engagement_records WHERE id = ?", {id}), "E07000118");

  Json api = coordinator.get("/api/v1/engagement/" + std::to_string(id)).json();
  const Json r = api["record"];
  EXPECT_EQ(r["title"], title);
  EXPECT_EQ(r["postcode"], "PR7 2RJ");
  EXPECT_EQ(r["area_code"], lsoa);
  EXPECT_EQ(r["people"], 12);
  EXPECT_EQ(r["level_label"], "Consult");
  EXPECT_EQ(r["themes"], Json::array({"Getting about", "Housing"}));
  ASSERT_EQ(r["quotes"].size(), 1u);
  EXPECT_EQ(r["quotes"][0]["text"], "The 109 bus never comes on time.");
  EXPECT_EQ(r["quotes_withheld"], 1);
  // Sex described for 12 people: shown. Age for 3: hidden, with the reason.
  const Json groups = r["people_by_group"];
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0]["id"], "age");
  EXPECT_FALSE(groups[0].contains("groups"));
  EXPECT_NE(groups[0]["hidden"].get<std::string>().find("fewer than 5"), std::string::npos);
  EXPECT_EQ(groups[1]["id"], "sex");
  EXPECT_EQ(groups[1]["groups"][1]["people"], 4);
  EXPECT_EQ(groups[2]["id"], "ethnic_group");
  EXPECT_EQ(groups[2]["groups"][0]["people"], nullptr);  // Asian: left blank
  EXPECT_EQ(groups[2]["groups"][0]["people_text"], "Not given");
  EXPECT_EQ(groups[2]["groups"][3]["people_text"], "6");

  auto page = coordinator.get("/engagement/" + std::to_string(id));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("The 109 bus never comes on time."), std::string::npos);
  EXPECT_EQ(page.body.find("Secret words"), std::string::npos);
  EXPECT_EQ(api.dump().find("Secret words"), std::string::npos);
  EXPECT_NE(page.body.find("1 quote kept without consent to show: not shown"), std::string::npos);
  // The audit names the record and counts the quotes, never their words.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'engagement.record' AND entity_id = ?",
                   {std::to_string(id)}),
            1);
  EXPECT_EQ(
      scalar("SELECT COUNT(*) FROM audit_log WHERE entity_id = ? AND after_json LIKE '%Secret%'", {std::to_string(id)}),
      0);
}

TEST_P(EngagementHttpTest, BadInputIsRefusedFieldByField) {
  auto officer = signed_in("officer");
  Json bad = record("");
  bad["place"] = "ZZ99 9ZZ";
  bad["people"] = "none";
  bad["occurred_on"] = "2999-01-01";
  bad["count_age_45_64"] = "40";
  auto refused = officer.post_json("/api/v1/engagement/new", bad);
  ASSERT_EQ(refused.status, 422) << refused.body;
  for (const char* words : {"Say what it was", "We do not know the postcode or area ZZ99 9ZZ", "today or in the past",
                            "how many people took part"})
    EXPECT_NE(refused.body.find(words), std::string::npos) << words;
  // The form shows the GOV.UK error summary and keeps what was typed.
  auto before = scalar("SELECT COUNT(*) FROM engagement_records");
  auto form = officer.post_form("/engagement/new", {{"kind", "survey"},
                                                    {"title", "Survey at the library" + tag()},
                                                    {"occurred_on_day", "31"},
                                                    {"occurred_on_month", "9"},
                                                    {"occurred_on_year", "2026"},
                                                    {"place", "E07000118"},
                                                    {"people", "0"},
                                                    {"level", "inform"}});
  EXPECT_EQ(form.status, 422);
  EXPECT_NE(form.body.find("govuk-error-summary"), std::string::npos);
  // The date is a GOV.UK date input: 31 September is named on its day, with the rest.
  EXPECT_NE(form.body.find(R"(href="#occurred_on_day">The date it happened must be a real date)"), std::string::npos);
  EXPECT_NE(form.body.find(R"(href="#people")"), std::string::npos);
  EXPECT_NE(form.body.find(R"(id="occurred_on_day" name="occurred_on_day" type="text" inputmode="numeric" value="31")"),
            std::string::npos);
  EXPECT_NE(form.body.find("value=\"Survey at the library" + tag() + "\""), std::string::npos)
      << form.body.substr(form.body.find("id=\"title\""), 300);
  EXPECT_NE(form.body.find("id=\"kind-survey\" name=\"kind\" type=\"radio\" value=\"survey\" checked"),
            std::string::npos);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM engagement_records"), before);
  EXPECT_GE(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'engagement.record.refused'"), 2);
}

TEST_P(EngagementHttpTest, OnlyTheRecorderOrAnOfficerEdits) {
  auto coordinator = signed_in("coordinator");
  auto made = coordinator.post_json("/api/v1/engagement/new", record("To edit" + tag()));
  ASSERT_EQ(made.status, 201) << made.body;
  std::string path = "/api/v1/engagement/" + std::to_string(made.json()["id"].get<std::int64_t>()) + "/edit";
  Json changed = record("Edited by its recorder" + tag());
  changed["place"] = "E07000118";
  changed.erase("quote_2");
  changed.erase("quote_2_who");
  auto own = coordinator.post_json(path, changed);
  ASSERT_EQ(own.status, 200) << own.body;
  auto other = signed_in("coordinator2");
  EXPECT_EQ(other.post_json(path, changed).status, 403);
  EXPECT_EQ(other.get(path.substr(7)).status, 403);  // the edit page too
  changed["title"] = "Edited by an officer" + tag();
  EXPECT_EQ(signed_in("officer").post_json(path, changed).status, 200);
  std::string id = std::to_string(made.json()["id"].get<std::int64_t>());
  EXPECT_EQ(text("SELECT title FROM engagement_records WHERE id = ?", {std::stoll(id)}),
            "Edited by an officer" + tag());
  EXPECT_EQ(text("SELECT area_code FROM engagement_records WHERE id = ?", {std::stoll(id)}), "E07000118");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'engagement.edit' AND entity_id = ?", {id}), 2);
  // A member keeps no log; the demo member volunteers at a hub, so sees only their own.
  EXPECT_EQ(signed_in("referrer").get("/engagement").status, 403);
  EXPECT_EQ(signed_in("member").get("/api/v1/engagement/" + id).status, 403);
  EXPECT_EQ(signed_in("member").post_json(path, changed).status, 403);
}

TEST_P(EngagementHttpTest, TheListFiltersAndTheCsvHoldsTheSame) {
  auto officer = signed_in("officer");
  Json all = officer.get("/api/v1/engagement?area=E07000118").json();
  ASSERT_GE(all["total"].get<std::int64_t>(), 36);
  std::string loneliness = std::to_string(theme("Loneliness"));
  Json some = officer.get("/api/v1/engagement?area=E07000118&kind=event&theme=" + loneliness).json();
  ASSERT_GT(some["total"].get<std::int64_t>(), 0);
  EXPECT_LT(some["total"].get<std::int64_t>(), all["total"].get<std::int64_t>());
  const Json records = some["records"];
  for (const auto& r : records) {
    EXPECT_EQ(r["kind"], "event");
    EXPECT_NE(r["themes_text"].get<std::string>().find("Loneliness"), std::string::npos);
  }
  EXPECT_EQ(some["total"], scalar("SELECT COUNT(*) FROM engagement_records r WHERE r.authority_code = 'E07000118' "
                                  "AND r.kind = 'event' AND EXISTS (SELECT 1 FROM engagement_record_themes t WHERE "
                                  "t.record_id = r.id AND t.theme_id = ?)",
                                  {theme("Loneliness")}));
  auto csv = officer.get("/engagement.csv?area=E07000118&kind=event&theme=" + loneliness);
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.header("Content-Type").find("text/csv"), std::string::npos);
  std::istringstream in(csv.body);
  CsvReader reader(in);
  auto h = reader.header();
  std::vector<std::string> f;
  std::int64_t rows = 0;
  while (reader.next(f)) {
    ++rows;
    EXPECT_EQ(f[h.at("kind")], "Event or meeting");
  }
  EXPECT_EQ(rows, some["total"].get<std::int64_t>());
  EXPECT_EQ(csv.body.find("Nobody comes round"), std::string::npos);  // a demo quote without consent
  auto wrong = officer.get("/api/v1/engagement?from=2026-13-01");
  EXPECT_EQ(wrong.status, 422);
}

TEST_P(EngagementHttpTest, OfficersKeepTheThemes) {
  auto officer = signed_in("officer");
  std::string name = "Flooding" + tag();
  auto added = officer.post_json("/api/v1/engagement/themes", {{"do", "add"}, {"name", name}});
  ASSERT_EQ(added.status, 201) << added.body;
  auto again = officer.post_json("/api/v1/engagement/themes", {{"do", "add"}, {"name", to_upper(name)}});
  EXPECT_EQ(again.status, 422);
  std::string id = std::to_string(added.json()["id"].get<std::int64_t>());
  ASSERT_EQ(officer.post_json("/api/v1/engagement/themes", {{"do", "retire"}, {"theme", id}}).status, 200);
  Json form = officer.get("/api/v1/engagement/new").json();
  for (const auto& t : form["form"]["themes"]) EXPECT_NE(t["name"], name);
  EXPECT_EQ(signed_in("coordinator").post_json("/api/v1/engagement/themes", {{"do", "add"}, {"name", "X"}}).status,
            403);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'engagement_theme' AND entity_id = ?", {id}), 2);
}

TEST_P(EngagementHttpTest, AConsentedQuoteBecomesAStoryDraftOnce) {
  auto coordinator = signed_in("coordinator");
  auto made = coordinator.post_json("/api/v1/engagement/new", record("Quotes to stories" + tag()));
  ASSERT_EQ(made.status, 201) << made.body;
  std::string path = "/api/v1/engagement/" + std::to_string(made.json()["id"].get<std::int64_t>()) + "/story";
  // Quote 2 was kept without consent: it never becomes a story.
  auto refused = coordinator.post_json(path, {{"quote", "2"}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("Only a quote whose teller agreed"), std::string::npos);
  auto story = coordinator.post_json(path, {{"quote", "1"}});
  ASSERT_EQ(story.status, 201) << story.body;
  std::int64_t id = story.json()["story"];
  EXPECT_EQ(text("SELECT status FROM stories WHERE id = ?", {id}), "pending");
  EXPECT_NE(text("SELECT body FROM stories WHERE id = ?", {id}).find("The 109 bus never comes on time."),
            std::string::npos);
  EXPECT_EQ(text("SELECT consent FROM stories WHERE id = ?", {id}), "anonymous");
  EXPECT_EQ(coordinator.post_json(path, {{"quote", "1"}}).status, 409);
  // Editing the record with the quote unchanged keeps its story.
  Json same = record("Quotes to stories, edited" + tag());
  ASSERT_EQ(coordinator.post_json(path.substr(0, path.size() - 6) + "/edit", same).status, 200);
  EXPECT_EQ(scalar("SELECT story_id FROM engagement_quotes WHERE record_id = ? AND position = 1",
                   {made.json()["id"].get<std::int64_t>()}),
            id);
}

TEST_P(EngagementHttpTest, TheChorleyDemoShowsWhoWeHaveNotHeardFrom) {
  // The demo's neighbourhood: the one holding its first record's LSOA.
  std::string code = text(
      "SELECT MIN(neighbourhood_code) FROM neighbourhood_lsoas WHERE lsoa_code = (SELECT area_code FROM "
      "engagement_records WHERE id = (SELECT MIN(id) FROM engagement_records WHERE title LIKE '%(demo)'))");
  ASSERT_FALSE(code.empty());
  std::set<std::string> lsoas;
  {
    auto handle = testing::shared_server(GetParam()).app().database().acquire();
    for (const auto& r :
         handle->query("SELECT lsoa_code FROM neighbourhood_lsoas WHERE neighbourhood_code = ?", {code}))
      lsoas.insert(r.text(0));
  }
  ASSERT_FALSE(lsoas.empty());
  auto officer = signed_in("officer");
  Json api = officer.get("/api/v1/engagement/not-heard?area=" + code).json();
  const Json result = api["result"];
  ASSERT_TRUE(result.is_object()) << api.dump().substr(0, 300);
  EXPECT_GE(result["records"].get<std::int64_t>(), 36);
  const Json topics = result["topics"];
  Json sex;
  for (const auto& t : topics)
    if (t["id"] == "sex") sex = t;
  ASSERT_TRUE(sex["shown"].get<bool>());
  // The area's residents, from the census file itself; the people heard, from the log.
  std::int64_t women = census_sum("ts008_sex_lsoa21.csv", "female", lsoas);
  std::int64_t men = census_sum("ts008_sex_lsoa21.csv", "male", lsoas);
  EXPECT_EQ(sex["residents"], women + men);
  EXPECT_EQ(sex["groups"][1]["residents"], men);
  std::string in_area =
      "(SELECT code FROM areas WHERE code = ? UNION SELECT lsoa_code FROM neighbourhood_lsoas "
      "WHERE neighbourhood_code = ?)";
  std::int64_t heard_men = scalar(
      "SELECT COALESCE(SUM(p.people), 0) FROM engagement_people p JOIN engagement_records r "
      "ON r.id = p.record_id WHERE p.topic = 'sex' AND p.group_id = 'male' AND "
      "r.area_code IN " +
          in_area,
      {code, code});
  EXPECT_EQ(sex["groups"][1]["heard"], heard_men);
  EXPECT_EQ(sex["groups"][1]["finding"], "under");
  // Young people and men are named in plain English.
  std::string under = result["under"].dump();
  EXPECT_NE(under.find("Residents aged 15 to 24 are about"), std::string::npos) << under;
  EXPECT_NE(under.find("Men and boys are about"), std::string::npos) << under;
  // No one's main language other than English was recorded: shown, and not hidden.
  auto page = officer.get("/engagement/not-heard?area=" + code);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<svg"), std::string::npos);
  EXPECT_NE(page.body.find("of the people we have heard from"), std::string::npos);
  EXPECT_NE(page.body.find("Wilson score interval"), std::string::npos);
  // In Welsh, the findings, groups and chart are Welsh too, not only the page around them.
  auto welsh = officer.get("/engagement/not-heard?lang=cy&area=" + code);
  EXPECT_NE(welsh.body.find("Mae Trigolion 15 i 24 oed tua"), std::string::npos) << welsh.body;
  EXPECT_NE(welsh.body.find("Yr ardal (Cyfrifiad 2021)"), std::string::npos);
  EXPECT_EQ(welsh.body.find("of the people we have heard from"), std::string::npos);
  officer.get("/engagement?lang=en");
  // An area with no engagement: every topic hidden, and why.
  Json empty = officer.get("/api/v1/engagement/not-heard?area=E08000019").json();
  for (const auto& t : empty["result"]["topics"]) {
    EXPECT_FALSE(t["shown"].get<bool>());
    EXPECT_NE(t["hidden_because"].get<std::string>().find("has been recorded here yet"), std::string::npos);
  }
  EXPECT_EQ(officer.get("/api/v1/engagement/not-heard?area=NOWHERE").status, 422);
  // On the page, the form again with what is wrong beside it, the answer kept.
  auto bad = officer.get("/engagement/not-heard?area=NOWHERE");
  EXPECT_EQ(bad.status, 200) << tag();
  EXPECT_NE(bad.body.find("There is no area or postcode NOWHERE"), std::string::npos) << tag();
  EXPECT_NE(bad.body.find("value=\"NOWHERE\""), std::string::npos) << tag();
  // ... and summarised above the form, linked to the field, with "Error:" in the window's title.
  EXPECT_NE(bad.body.find("govuk-error-summary"), std::string::npos) << tag();
  EXPECT_NE(bad.body.find("<a href=\"#area\">There is no area or postcode NOWHERE"), std::string::npos) << bad.body;
  EXPECT_NE(bad.body.find("<title>Error: "), std::string::npos) << tag();
  // A postcode stands for the LSOA it is in (PR7 1AB is in E01024940).
  Json by_postcode = officer.get("/api/v1/engagement/not-heard?area=PR7%201AB").json();
  EXPECT_EQ(by_postcode["result"]["area_code"], "E01024940") << tag();
  // For the whole authority the sums kept by area (written with every record, moved by
  // every edit) agree with the records themselves.
  Json chorley = officer.get("/api/v1/engagement/not-heard?area=E07000118").json()["result"];
  EXPECT_EQ(chorley["people"], scalar("SELECT SUM(people) FROM engagement_records WHERE authority_code = 'E07000118'"));
  EXPECT_EQ(chorley["records"], scalar("SELECT COUNT(*) FROM engagement_records WHERE authority_code = 'E07000118'"));
  for (const auto& t : chorley["topics"])
    if (t["id"] == "sex") {
      EXPECT_EQ(t["groups"][1]["heard"],
                scalar("SELECT SUM(p.people) FROM engagement_people p JOIN engagement_records r ON r.id = p.record_id "
                       "WHERE r.authority_code = 'E07000118' AND p.topic = 'sex' AND p.group_id = 'male'"));
    }
  // Over a period: only what was heard in it counts, and the page says which period.
  std::string mid = text(
      "SELECT occurred_on FROM engagement_records WHERE authority_code = 'E07000118' ORDER BY occurred_on, id LIMIT 1 "
      "OFFSET (SELECT COUNT(*) / 2 FROM engagement_records WHERE authority_code = 'E07000118')");
  ASSERT_FALSE(mid.empty());
  Json since = officer.get("/api/v1/engagement/not-heard?area=E07000118&from=" + mid).json()["result"];
  EXPECT_EQ(since["records"], scalar("SELECT COUNT(*) FROM engagement_records WHERE authority_code = 'E07000118' AND "
                                     "occurred_on >= ?",
                                     {mid}));
  EXPECT_LT(since["records"].get<std::int64_t>(), chorley["records"].get<std::int64_t>());
  auto period = officer.get("/engagement/not-heard?area=E07000118&from=" + mid + "&to=" + mid);
  EXPECT_NE(period.body.find(", from " + date_in_words(mid) + " to " + date_in_words(mid)), std::string::npos) << tag();
  EXPECT_NE(period.body.find("value=\"" + mid + "\""), std::string::npos) << "the dates kept in the form" << tag();
  EXPECT_NE(period.body.find("/engagement?area=E07000118&amp;from=" + mid + "&amp;to=" + mid), std::string::npos)
      << "the log for the same period" << tag();
  auto backwards = officer.get("/engagement/not-heard?area=E07000118&from=2026-06-01&to=2026-01-01");
  EXPECT_NE(backwards.body.find("The end date must be the same as or after the start date"), std::string::npos)
      << tag();
  EXPECT_EQ(officer.get("/api/v1/engagement/not-heard?area=E07000118&from=2026-13-01").status, 422) << tag();
}

INSTANTIATE_TEST_SUITE_P(Backends, EngagementHttpTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
