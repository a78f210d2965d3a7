// The rules of resilience plans: dates, internal links, overdue milestones, how far a
// measure has moved towards its target and the "where we are" sentence, each against
// worked examples.
#include <gtest/gtest.h>

#include "core/clock.h"
#include "plans/measures.h"
#include "plans/plans.h"

namespace kith::plans {
namespace {

TEST(Plans, ChorleysSixStepsInOrder) {
  ASSERT_EQ(steps().size(), 6u);
  EXPECT_EQ(steps().front().title, "Understand the background");
  EXPECT_EQ(steps()[3].title, "Develop the plan");
  EXPECT_EQ(steps().back().title, "Review and evaluate");
  EXPECT_TRUE(is_step("services"));
  EXPECT_FALSE(is_step("Services"));
  EXPECT_FALSE(is_step(""));
}

TEST(Plans, StatusesTermsAndRag) {
  EXPECT_TRUE(is_status("in-progress"));
  EXPECT_FALSE(is_status("started"));
  EXPECT_EQ(status_text("not-started"), "Not started");
  EXPECT_TRUE(is_term("medium"));
  EXPECT_FALSE(is_term("forever"));
  EXPECT_TRUE(is_rag("amber"));
  EXPECT_FALSE(is_rag("yellow"));
  EXPECT_EQ(rag_text("red"), "Red: at risk");
}

TEST(Plans, DatesThatExist) {
  EXPECT_TRUE(is_iso_date("2027-03-31"));
  EXPECT_TRUE(is_iso_date("2028-02-29"));   // leap year
  EXPECT_FALSE(is_iso_date("2027-02-29"));  // not a leap year
  EXPECT_TRUE(is_iso_date("2000-02-29"));   // divisible by 400
  EXPECT_FALSE(is_iso_date("1900-02-29"));  // divisible by 100 (and before 1900 refused anyway)
  EXPECT_FALSE(is_iso_date("2027-04-31"));
  EXPECT_FALSE(is_iso_date("2027-13-01"));
  EXPECT_FALSE(is_iso_date("27-03-31"));
  EXPECT_FALSE(is_iso_date("2027/03/31"));
  EXPECT_FALSE(is_iso_date("2027-3-31 "));
  EXPECT_FALSE(is_iso_date(""));
}

TEST(Plans, EvidenceLinksStayInsideKith) {
  EXPECT_EQ(*internal_link(" /areas/E01024915 "), "/areas/E01024915");
  EXPECT_EQ(*internal_link("/stories/12#quote"), "/stories/12#quote");
  EXPECT_EQ(*internal_link("/directory?q=lunch"), "/directory?q=lunch");
  for (const auto* bad : {"https://example.org/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
                          "areas/E01024915", "/areas/E01 024915", "", "/stories/1/../../admin",
                          "/stories/1/%2e%2E/%2e%2e/admin", "/./admin", "/stories/%2F%2Fevil.example"}) {
    auto r = internal_link(bad);
    ASSERT_FALSE(r) << bad;
    ASSERT_EQ(r.error().fields.size(), 1u);
    EXPECT_EQ(r.error().fields[0].field, "href");
  }
  EXPECT_FALSE(internal_link("/" + std::string(600, 'a')));
}

TEST(Plans, WhatDeliversAnActionFromItsPath) {
  EXPECT_EQ(delivery_of("/pb/2", "f")->kind, "pb");
  EXPECT_EQ(delivery_of("/grants/rounds/7", "f")->ref, "7");
  EXPECT_EQ(delivery_of("/timebank/grays", "f")->kind, "timebank");
  EXPECT_EQ(delivery_of("/directory/services/abc-123", "f")->ref, "abc-123");
  EXPECT_EQ(delivery_of("/hubs/3", "f")->kind, "hub");
  EXPECT_EQ(delivery_of("/grants/projects/12?tab=updates", "f")->kind, "grant-project");
  EXPECT_EQ(delivery_of("/grants/projects/12", "f")->ref, "12");
  for (const auto* bad : {"/pb/two", "/pb", "/grants/rounds/7/manage", "/timebank/posts", "/areas/E01024915",
                          "https://example.org/pb/2", "/hubs/cover-needed", "/hubs/3/manage", "/grants/projects"}) {
    auto r = delivery_of(bad, "f");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().fields.front().field, "f");
  }
}

TEST(Plans, OverdueIsNotDoneAndDueBeforeToday) {
  Milestone m{1, 1, "Door knocking", "Ann", "2027-03-01", "green", false, ""};
  EXPECT_FALSE(overdue(m, "2027-03-01"));  // due today: not yet overdue
  EXPECT_TRUE(overdue(m, "2027-03-02"));
  EXPECT_EQ(days_late(m, "2027-03-02"), 1);
  EXPECT_EQ(days_late(m, "2028-03-01"), 366);  // across 29 February 2028
  EXPECT_EQ(days_late(m, "2027-02-01"), 0);
  m.done = true;
  EXPECT_FALSE(overdue(m, "2027-04-01"));
  EXPECT_EQ(days_late(m, "2027-04-01"), 0);
}

TEST(Plans, MilestoneChecksNameEachField) {
  Milestone ok{0, 1, "Youth forum", "Youth service", "2027-06-30", "amber", false, ""};
  EXPECT_TRUE(check_milestone(ok));
  Milestone bad{0, 1, " ", "", "2027-06-31", "yellow", false, ""};
  auto r = check_milestone(bad);
  ASSERT_FALSE(r);
  std::vector<std::string> fields;
  for (const auto& f : r.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"title", "owner", "due", "rag"}));
}

TEST(Plans, MovementTowardsATarget) {
  auto up = movement(14.0, 16.1, 18.0);
  ASSERT_TRUE(up.change);
  EXPECT_NEAR(*up.change, 2.1, 1e-9);
  ASSERT_TRUE(up.progress);
  EXPECT_NEAR(*up.progress, 2.1 / 4.0, 1e-9);
  EXPECT_EQ(up.text, "Up 2.1 from 14.0 to 16.1; the target is 18.0 (52% of the way).");
  // A target below the baseline (deprivation to come down): moving down is progress.
  auto down = movement(45.0, 42.0, 40.0);
  EXPECT_NEAR(*down.progress, 0.6, 1e-9);
  EXPECT_EQ(down.text, "Down 3.0 from 45.0 to 42.0; the target is 40.0 (60% of the way).");
  auto away = movement(45.0, 47.0, 40.0);
  EXPECT_LT(*away.progress, 0);
  EXPECT_EQ(away.text, "Up 2.0 from 45.0 to 47.0; the target is 40.0 (moving away from it).");
  auto there = movement(10.0, 12.0, 12.0);
  EXPECT_EQ(there.text, "Up 2.0 from 10.0 to 12.0; the target is 12.0 (reached).");
  auto same = movement(10.0, 10.0, std::nullopt);
  EXPECT_EQ(same.text, "No change: 10.0.");
  EXPECT_FALSE(same.progress);
  auto unknown = movement(std::nullopt, 3.0, 5.0);
  EXPECT_FALSE(unknown.change);
  EXPECT_EQ(unknown.text, "Now 3.0; no baseline was taken. The target is 5.0.");
  EXPECT_EQ(movement(3.0, std::nullopt, std::nullopt).text, "No value for these areas now.");
  // The target was set to bring a score down; the baseline, taken again over new
  // areas, is already below it: reached, and going back up is moving away.
  EXPECT_EQ(movement(34.1, 34.1, 40.0, -1).text, "No change: 34.1; the target is 40.0 (reached).");
  EXPECT_EQ(movement(34.1, 42.0, 40.0, -1).text, "Up 7.9 from 34.1 to 42.0; the target is 40.0 (moving away from it).");
  EXPECT_EQ(movement(45.0, 42.0, 40.0, -1).text, "Down 3.0 from 45.0 to 42.0; the target is 40.0 (60% of the way).");
  // A number too long for a small buffer is written whole.
  EXPECT_EQ(number_text(1e20), "100000000000000000000.0");
}

TEST(Plans, WhereWeAreInOneSentence) {
  EXPECT_EQ(where_we_are({}), "0 of 6 steps done. No milestones set yet.");
  EXPECT_EQ(where_we_are({1, 2, 4, 1, 1}), "1 of 6 steps done, 2 in progress. 1 of 4 milestones done; 1 is overdue.");
  EXPECT_EQ(where_we_are({6, 0, 1, 1, 0}), "6 of 6 steps done. 1 of 1 milestone done; none overdue.");
  EXPECT_EQ(where_we_are({2, 0, 5, 0, 3}), "2 of 6 steps done. 0 of 5 milestones done; 3 are overdue.");
}

TEST(Plans, AMeasureOverAPlanWeighsEachNeighbourhoodByItsPeople) {
  // Two neighbourhoods: 2 stories per 1,000 of 1,000 people and 8 per 1,000 of 3,000
  // people are 26 stories among 4,000 people, 6.5 per 1,000 (not the plain mean, 5).
  auto both = combine({"E01000001", "E01000002"}, {{"E01000001", 2.0}, {"E01000002", 8.0}},
                      {{"E01000001", 1000}, {"E01000002", 3000}});
  ASSERT_TRUE(both);
  EXPECT_DOUBLE_EQ(both->value, 6.5);
  EXPECT_EQ(both->with_value, 2u);
  EXPECT_EQ(both->lsoas, 2u);
  // A neighbourhood whose figure is suppressed is left out and counted as missing.
  auto suppressed = combine({"E01000001", "E01000002", "E01000003"}, {{"E01000001", 2.0}, {"E01000002", 8.0}},
                            {{"E01000001", 1000}, {"E01000002", 3000}, {"E01000003", 500}});
  ASSERT_TRUE(suppressed);
  EXPECT_DOUBLE_EQ(suppressed->value, 6.5);
  EXPECT_EQ(suppressed->with_value, 2u);
  EXPECT_EQ(suppressed->lsoas, 3u);
  // People not known for one: equal weights rather than a guess.
  auto unknown = combine({"E01000001", "E01000002"}, {{"E01000001", 2.0}, {"E01000002", 8.0}}, {{"E01000001", 1000}});
  ASSERT_TRUE(unknown);
  EXPECT_DOUBLE_EQ(unknown->value, 5.0);
  // Values only for other areas, or none: nothing to say.
  EXPECT_FALSE(combine({"E01000009"}, {{"E01000001", 2.0}}, {}));
  EXPECT_FALSE(combine({}, {}, {}));
}

TEST(Plans, MeasuresAreNamedAsTheirModulesSayThem) {
  app::AreaMeasures measures = with_builtin({});
  measures["timebank.members_per_1000"].label = [] { return std::string("Timebank members per 1,000 people"); };
  EXPECT_EQ(measure_label(measures, "timebank.members_per_1000"), "Timebank members per 1,000 people");
  EXPECT_EQ(measure_label(measures, "iod.imd_score"), "Index of Multiple Deprivation score (higher is more deprived)");
  // A measure this Kith no longer has (a module gone), named from its key.
  EXPECT_EQ(measure_label(measures, "hubs.visits_per_week"), "Hubs visits per week");
}

TEST(Plans, NumbersToOneDecimalPlace) {
  EXPECT_EQ(number_text(12.345), "12.3");
  EXPECT_EQ(number_text(-0.01), "0.0");
  EXPECT_EQ(number_text(std::nullopt), "not known");
}

}  // namespace
}  // namespace kith::plans
