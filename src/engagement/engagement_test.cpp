// The engagement log's rules and "who have we not heard from?", against figures worked
// by hand: the Wilson interval, shares, ratios, the sentences, and the rule that fewer
// than 5 people are never described.
#include "engagement/engagement.h"

#include <gtest/gtest.h>

namespace kith::engagement {
namespace {

Record valid() {
  Record r;
  r.kind = "event";
  r.title = "Coffee morning";
  r.occurred_on = "2026-10-27";
  r.people = 12;
  r.level = "consult";
  return r;
}

bool has_field(const std::vector<FieldError>& errors, const std::string& field) {
  for (const auto& e : errors)
    if (e.field == field) return true;
  return false;
}

TEST(EngagementTest, WilsonIntervalMatchesHandWorkedFigures) {
  // 3 of 100: p = 0.03, z = 1.96. Centre (0.03 + 1.9208/100) / 1.038415 = 0.047387;
  // half-width 1.96 * sqrt(0.000291 + 0.000096) / 1.038415 = 0.037133.
  auto i = wilson(3, 100);
  EXPECT_NEAR(i.low, 0.01025, 0.0001);
  EXPECT_NEAR(i.high, 0.08452, 0.0001);
  // 0 of 20: low is 0, high z²/(n+z²) = 3.8415 / 23.8415 = 0.1611.
  auto none = wilson(0, 20);
  EXPECT_DOUBLE_EQ(none.low, 0);
  EXPECT_NEAR(none.high, 0.1611, 0.0001);
  // All of 10: the mirror of none of 10, 1 - 3.8415 / 13.8415 = 0.7225.
  auto all = wilson(10, 10);
  EXPECT_NEAR(all.low, 0.7225, 0.0001);
  EXPECT_DOUBLE_EQ(all.high, 1);
}

TEST(EngagementTest, ChecksEveryFieldAndNamesIt) {
  EXPECT_TRUE(check(valid(), "2026-11-29").empty());
  Record r = valid();
  r.kind = "phone";
  r.title = "";
  r.occurred_on = "2026-02-30";
  r.people = 0;
  r.level = "inform-ish";
  auto errors = check(r, "2026-11-29");
  for (const char* f : {"kind", "title", "occurred_on", "people", "level"}) EXPECT_TRUE(has_field(errors, f)) << f;
  r = valid();
  r.occurred_on = "2026-12-01";  // tomorrow and later are refused
  EXPECT_TRUE(has_field(check(r, "2026-11-29"), "occurred_on"));
  r.occurred_on = "2024-02-29";  // a leap day is a real date
  EXPECT_TRUE(check(r, "2026-11-29").empty());
  r = valid();
  r.title = "<script>alert(1)</script>";
  EXPECT_TRUE(has_field(check(r, "2026-11-29"), "title"));
}

TEST(EngagementTest, RefusesCountsThatAddUpToMoreThanTookPart) {
  Record r = valid();  // 12 people
  r.counts = {{"age.15_24", 8}, {"age.45_64", 6}};
  EXPECT_TRUE(has_field(check(r, "2026-11-29"), "counts_age"));
  r.counts = {{"age.15_24", 6}, {"age.45_64", 6}, {"sex.female", 12}};
  EXPECT_TRUE(check(r, "2026-11-29").empty());
  r.counts = {{"sex.male", -1}};
  EXPECT_TRUE(has_field(check(r, "2026-11-29"), "counts_sex"));
}

TEST(EngagementTest, AQuoteNeedsItsWordsButConsentIsOptional) {
  Record r = valid();
  r.quotes = {{"", "a resident", true, std::nullopt}};
  EXPECT_TRUE(has_field(check(r, "2026-11-29"), "quote_1"));
  r.quotes = {{"We need a bus.", "", false, std::nullopt}};
  EXPECT_TRUE(check(r, "2026-11-29").empty());
}

TEST(EngagementTest, ComparesEachGroupWithTheAreaByHand) {
  // An area of 1,000 residents by sex: 520 women, 480 men. Heard from: 80 women, 20 men.
  std::map<std::string, std::int64_t> census = {{"sex.female", 520}, {"sex.male", 480}};
  std::map<std::string, std::int64_t> heard = {{"sex.female", 80}, {"sex.male", 20}};
  auto gaps = compare(census, heard);
  const TopicGap* sex = nullptr;
  for (const auto& t : gaps)
    if (t.topic->id == "sex") sex = &t;
  ASSERT_NE(sex, nullptr);
  ASSERT_TRUE(sex->shown);
  EXPECT_EQ(sex->residents, 1000);
  EXPECT_EQ(sex->described, 100);
  const GroupGap& men = sex->groups[1];
  EXPECT_EQ(men.group->id, "male");
  EXPECT_DOUBLE_EQ(men.area_share, 0.48);
  EXPECT_DOUBLE_EQ(men.heard_share, 0.20);
  // Wilson for 20 of 100: centre (0.2 + 0.019208) / 1.038415 = 0.211101; half-width
  // 1.96 * sqrt(0.0016 + 0.000096) / 1.038415 = 0.077732: 0.1334 to 0.2888.
  EXPECT_NEAR(men.heard_interval.low, 0.1334, 0.0001);
  EXPECT_NEAR(men.heard_interval.high, 0.2888, 0.0001);
  ASSERT_TRUE(men.ratio.has_value());
  EXPECT_NEAR(*men.ratio, 0.4167, 0.0001);  // 0.20 / 0.48
  EXPECT_NEAR(men.ratio_interval.low, 0.1334 / 0.48, 0.001);
  EXPECT_NEAR(men.ratio_interval.high, 0.2888 / 0.48, 0.001);
  EXPECT_EQ(men.finding, "under");
  EXPECT_EQ(men.sentence, "Men and boys are about 48% of the area but 20% of the people we have heard from.");
  const GroupGap& women = sex->groups[0];
  EXPECT_EQ(women.finding, "over");  // 80% heard, interval 71% to 87%, area 52%
  // Topics with no census counts say so; with no one heard from, they say that.
  for (const auto& t : gaps)
    if (t.topic->id == "age") {
      EXPECT_FALSE(t.shown);
      EXPECT_EQ(t.hidden_because, "Kith holds no Census 2021 figures for this area.");
    }
}

TEST(EngagementTest, AGroupWithinItsIntervalIsInLine) {
  // 12% of the area aged 15 to 24; 2 of 20 heard from (10%, interval 2.8% to 30.1%).
  std::map<std::string, std::int64_t> census = {{"age.age_15_19", 60}, {"age.age_20_24", 60}, {"age.age_45_49", 880}};
  std::map<std::string, std::int64_t> heard = {{"age.15_24", 2}, {"age.45_64", 18}};
  auto gaps = compare(census, heard);
  const auto& age = gaps.front();
  ASSERT_EQ(age.topic->id, "age");
  ASSERT_TRUE(age.shown);
  EXPECT_EQ(age.groups[1].group->id, "15_24");
  EXPECT_EQ(age.groups[1].finding, "in_line");
  EXPECT_NE(age.groups[1].sentence.find("Residents aged 15 to 24 are about 12% of the area and 10% of"),
            std::string::npos);
  // No child lives in the area (census 0): no ratio.
  EXPECT_FALSE(age.groups[0].ratio.has_value());
}

TEST(EngagementTest, NeverDescribesFewerThanFivePeople) {
  std::map<std::string, std::int64_t> census = {{"sex.female", 500}, {"sex.male", 500}};
  auto gaps = compare(census, {{"sex.female", 3}, {"sex.male", 1}});
  for (const auto& t : gaps)
    if (t.topic->id == "sex") {
      EXPECT_FALSE(t.shown);
      EXPECT_TRUE(t.groups.empty());
      EXPECT_NE(t.hidden_because.find("Fewer than 5"), std::string::npos);
    }
  gaps = compare(census, {{"sex.female", 4}, {"sex.male", 1}});
  for (const auto& t : gaps)
    if (t.topic->id == "sex") {
      EXPECT_TRUE(t.shown);
    }
}

TEST(EngagementTest, EveryGroupReadsCensusColumnsThatExist) {
  // Each group's census columns belong to its topic's census table, and the language
  // and disability groups together cover the table's every column once.
  for (const auto& t : topics())
    for (const auto& g : t.groups) {
      ASSERT_FALSE(g.census.empty()) << g.id;
      for (const auto& c : g.census) EXPECT_EQ(c.rfind(t.census_topic + ".", 0), 0u) << c;
    }
  EXPECT_EQ(topic("language")->groups[1].census.size(), 4u);
  EXPECT_EQ(topic("nothing"), nullptr);
}

TEST(EngagementTest, PercentsAndTheChart) {
  EXPECT_EQ(percent(0.1234), "12%");
  EXPECT_EQ(percent(0.004), "0.4%");
  EXPECT_EQ(percent(0.0004), "under 0.1%");
  EXPECT_EQ(percent(0), "0%");
  std::map<std::string, std::int64_t> census = {{"sex.female", 520}, {"sex.male", 480}};
  auto gaps = compare(census, {{"sex.female", 80}, {"sex.male", 20}});
  std::string svg = chart_svg(gaps[1], "Sex <here>");
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("<title>Sex &lt;here&gt;</title>"), std::string::npos);
  EXPECT_NE(svg.find("Male: 20% of the people heard from"), std::string::npos);
}

TEST(EngagementTest, ThemeNames) {
  EXPECT_EQ(*theme_name("  Cost of living "), "Cost of living");
  EXPECT_FALSE(theme_name("").ok());
  EXPECT_FALSE(theme_name(std::string(61, 'a')).ok());
}

}  // namespace
}  // namespace kith::engagement
