#include "coordination/outcomes.h"

#include <gtest/gtest.h>

#include "coordination/coordination.h"

namespace kith::coordination {
namespace {

TEST(CoordinationOutcomes, Ons4BandsFollowOnsThresholds) {
  // Life satisfaction, worthwhile, happiness: low 0-4, medium 5-6, high 7-8, very high 9-10.
  const char* expected[] = {"Low",    "Low",  "Low",  "Low",       "Low",      "Medium",
                            "Medium", "High", "High", "Very high", "Very high"};
  for (int s = 0; s <= 10; ++s) {
    EXPECT_EQ(ons4_band("life-satisfaction", s), expected[s]) << s;
    EXPECT_EQ(ons4_band("worthwhile", s), expected[s]) << s;
    EXPECT_EQ(ons4_band("happy", s), expected[s]) << s;
  }
  // Anxiety reversed: very low 0-1, low 2-3, medium 4-5, high 6-10.
  const char* anxious[] = {"Very low", "Very low", "Low",  "Low",  "Medium", "Medium",
                           "High",     "High",     "High", "High", "High"};
  for (int s = 0; s <= 10; ++s) EXPECT_EQ(ons4_band("anxious", s), anxious[s]) << s;
}

TEST(CoordinationOutcomes, Ons4DirectionTreatsLessAnxietyAsBetter) {
  EXPECT_EQ(ons4_direction("happy", 4, 7), 1);
  EXPECT_EQ(ons4_direction("happy", 7, 4), -1);
  EXPECT_EQ(ons4_direction("anxious", 8, 3), 1);
  EXPECT_EQ(ons4_direction("anxious", 3, 8), -1);
  EXPECT_EQ(ons4_direction("worthwhile", 5, 5), 0);
}

TEST(CoordinationOutcomes, SwemwbsConvertsByThePublishedTable) {
  // Warwick's SWEMWBS raw-to-metric table, checked against two independent copies.
  const double table[] = {7.00,  9.51,  11.25, 12.40, 13.33, 14.08, 14.75, 15.32, 15.84, 16.36,
                          16.88, 17.43, 17.98, 18.59, 19.25, 19.98, 20.73, 21.54, 22.35, 23.21,
                          24.11, 25.03, 26.02, 27.03, 28.13, 29.31, 30.70, 32.55, 35.00};
  for (int raw = 7; raw <= 35; ++raw) EXPECT_DOUBLE_EQ(swemwbs_metric(raw), table[raw - 7]) << raw;
  std::map<std::string, int> items;
  int scores[] = {3, 4, 2, 3, 3, 4, 2};  // raw 21
  int i = 0;
  for (const auto& k : swemwbs_items()) items[k] = scores[i++];
  auto s = score_swemwbs(items);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->raw, 21);
  EXPECT_DOUBLE_EQ(s->metric, 19.25);
  items["optimistic"] = 6;
  auto bad = score_swemwbs(items);
  ASSERT_FALSE(bad);
  ASSERT_EQ(bad.error().fields.size(), 1u);
  EXPECT_EQ(bad.error().fields[0].field, "optimistic");
  items.erase("optimistic");
  EXPECT_FALSE(score_swemwbs(items));
}

TEST(CoordinationOutcomes, SwemwbsChangeOfThreeOrMoreIsMeaningful) {
  EXPECT_EQ(swemwbs_change(19.25, 22.35), 1);  // +3.10
  EXPECT_EQ(swemwbs_change(17.43, 20.73), 1);  // +3.30
  EXPECT_EQ(swemwbs_change(16.36, 19.25), 0);  // +2.89
  EXPECT_EQ(swemwbs_change(20.00, 23.00), 1);  // exactly 3
  EXPECT_EQ(swemwbs_change(20.00, 22.99), 0);
  EXPECT_EQ(swemwbs_change(24.11, 21.54), 0);   // -2.57
  EXPECT_EQ(swemwbs_change(24.11, 20.73), -1);  // -3.38
}

TEST(CoordinationOutcomes, OutcomeRatingsMustBeThePlacesOutcomes) {
  std::vector<std::string> slugs = {"relationships", "being-active"};
  EXPECT_TRUE(check_outcome_ratings({{"relationships", 4}}, slugs));
  EXPECT_FALSE(check_outcome_ratings({}, slugs));
  EXPECT_FALSE(check_outcome_ratings({{"relationships", 6}}, slugs));
  auto e = check_outcome_ratings({{"made-up", 3}}, slugs);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().fields[0].field, "made-up");
}

TEST(CoordinationOutcomes, CostRangeIsConfidenceWeighted) {
  UnitCost discharge{1, "Delayed discharge", 122000, 315900, "week", "Thurrock 2014", 2014, true};
  // Two weeks, once, within a year: 2 units. High confidence counts 50%-100%.
  CostLine line{discharge, 2, 1, 12, "high"};
  EXPECT_DOUBLE_EQ(total_units(line), 2.0);
  auto r = cost_range(line);
  EXPECT_EQ(r.low_pence, 122000);   // 1,220 x 2 x 0.5
  EXPECT_EQ(r.high_pence, 631800);  // 3,159 x 2 x 1
  line.confidence = "medium";
  r = cost_range(line);
  EXPECT_EQ(r.low_pence, 61000);    // x 0.25
  EXPECT_EQ(r.high_pence, 473850);  // x 0.75
  line.confidence = "low";
  r = cost_range(line);
  EXPECT_EQ(r.low_pence, 0);  // low confidence may be nothing at all
  EXPECT_EQ(r.high_pence, 315900);

  UnitCost day{2, "Day care", 4500, 4500, "session", "Thurrock 2014", 2014, true};
  // Two sessions a week (104 a year) for six months: 52 sessions, medium.
  CostLine care{day, 1, 104, 6, "medium"};
  auto c = cost_range(care);
  EXPECT_EQ(c.low_pence, 58500);    // 45 x 52 x 0.25
  EXPECT_EQ(c.high_pence, 175500);  // 45 x 52 x 0.75
  auto total = cost_range(std::vector<CostLine>{line, care});
  EXPECT_EQ(total.low_pence, 58500);
  EXPECT_EQ(total.high_pence, 315900 + 175500);
}

TEST(CoordinationOutcomes, CostLinesAndUnitCostsAreChecked) {
  UnitCost day{2, "Day care", 4500, 4500, "session", "Thurrock 2014", 2014, true};
  EXPECT_TRUE(check_cost_line({day, 1, 52, 12, "high"}));
  auto e = check_cost_line({day, 0, 0, 0, "sure"});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().fields.size(), 4u);
  UnitCost bad{0, "", 0, -1, "", "", 1800, true};
  auto u = check_unit_cost(bad);
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().fields.size(), 6u);
  EXPECT_EQ(parse_pounds("£544.80"), 54480);
  EXPECT_EQ(parse_pounds("1,220"), 122000);
  EXPECT_EQ(parse_pounds("45.5"), 4550);
  EXPECT_FALSE(parse_pounds("45.555"));
  EXPECT_FALSE(parse_pounds("forty"));
  EXPECT_FALSE(parse_pounds("-3"));
  EXPECT_EQ(pounds(54480), "£544.80");
  EXPECT_EQ(pounds(315900), "£3,159");
}

TEST(CoordinationOutcomes, ConnectionsAreChecked) {
  ConnectionInput c;
  c.target_kind = "activity";
  c.target_name = "Tuesday lunch club";
  c.took = "still-going";
  c.follow_up_on = "2026-12-14";
  EXPECT_TRUE(check_connection(c));
  EXPECT_EQ(took_label("still-going"), "Went twice and still goes");
  EXPECT_EQ(took_label("did-not-go"), "Didn't go");
  c.service_coordinated = true;
  auto e = check_connection(c);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().fields[0].field, "coordinated_by");
  c.coordinated_by = "Cara with the district nurse";
  c.took = "maybe";
  c.follow_up_on = "2026-02-30";
  e = check_connection(c);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().fields.size(), 2u);
}

TEST(CoordinationOutcomes, RetentionCountsYearsFromClosing) {
  EXPECT_EQ(retain_until("2018-03-01T10:00:00Z", 8), "2026-03-01");
  EXPECT_EQ(retain_until("2016-02-29T10:00:00Z", 8), "2024-02-29");
  EXPECT_EQ(retain_until("2016-02-29T10:00:00Z", 7), "2023-02-28");
  EXPECT_TRUE(retention_due("2018-03-01T10:00:00Z", 8, "2026-03-01"));
  EXPECT_FALSE(retention_due("2018-03-01T10:00:00Z", 8, "2026-02-28"));
  EXPECT_FALSE(retention_due("", 8, "2026-02-28"));
  EXPECT_TRUE(check_retention_years("8"));
  EXPECT_FALSE(check_retention_years("0"));
  EXPECT_FALSE(check_retention_years("eight"));
}

TEST(CoordinationOutcomes, ContributionsAreChecked) {
  EXPECT_TRUE(check_contribution({"started-group", "Started a knitting group", 2, "2026-10-01", 0, 0}, "2026-11-29"));
  auto e = check_contribution({"paid-work", "", -1, "2027-01-01", 0, 0}, "2026-11-29");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().fields.size(), 4u);
}

}  // namespace
}  // namespace kith::coordination
