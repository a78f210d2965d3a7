// The rules of small grants, checked with worked examples: Small Sparks' limit and
// match, deadlines, running totals, normalising harsh and soft panel members, the
// allocation rule with a pass-over, and 360Giving records.
#include <gtest/gtest.h>

#include <limits>

#include "grants/grants.h"

namespace kith::grants {
namespace {

// Thurrock's Small Sparks: up to £250, matched by the community's sweat equity at
// £15 an hour.
RoundRules small_sparks() {
  RoundRules r;
  r.budget = 5000;
  r.max_amount = 250;
  r.opens_at = "2026-10-01T00:00:00Z";
  r.closes_at = "2026-12-31T23:59:59Z";
  r.match_required = true;
  r.match_ratio = 1;
  r.hour_value_pence = 1500;
  return r;
}

Canvas canvas() {
  Canvas c;
  c.group_name = "Friends of Orsett Road";
  c.group_kind = "residents";
  c.idea = "A street party to meet the new neighbours";
  c.problem = "Half the street moved in this year and nobody knows anybody";
  c.who = "Twelve households";
  c.assets = "The church hall's tables, a neighbour's sound system";
  c.lasting = "A WhatsApp group and a party every summer";
  c.costs = "Road closure £90, food £160";
  c.outcomes = {"relationships", "belonging"};
  c.amount = 250;
  c.volunteer_hours = 12;
  c.materials_value = 70;  // 12 hours at £15 = £180, and £70 of materials: £250
  return c;
}

std::string first_message(const Status& s) {
  if (s) return "";
  return s.error().fields.empty() ? s.error().message : s.error().fields[0].message;
}

TEST(GrantRules, SmallSparksIsUpTo250PoundsMatchedBySweatEquity) {
  EXPECT_TRUE(check_submission(small_sparks(), canvas(), "2026-11-25T10:00:00Z"));
  EXPECT_EQ(community_pence(small_sparks(), canvas()), 25000);
  Canvas over = canvas();
  over.amount = 300;
  over.volunteer_hours = 20;
  EXPECT_EQ(first_message(check_submission(small_sparks(), over, "2026-11-25T10:00:00Z")),
            "This round gives at most £250: you asked for £300");
  Canvas unmatched = canvas();
  unmatched.volunteer_hours = 4;
  EXPECT_EQ(first_message(check_submission(small_sparks(), unmatched, "2026-11-25T10:00:00Z")),
            "The community must give at least £250 in time and materials; you give £130 (4 hours at £15, and £70 "
            "of materials)");
  unmatched.volunteer_hours = 1;
  EXPECT_NE(first_message(check_submission(small_sparks(), unmatched, "2026-11-25T10:00:00Z")).find("(1 hour at £15"),
            std::string::npos);
  EXPECT_EQ(first_message(check_submission(small_sparks(), canvas(), "2027-01-01T00:00:00Z")),
            "This round closed on 31 December 2026: applications are no longer taken.");
  Canvas empty;
  empty.group_name = "Us";
  auto all = check_submission(small_sparks(), empty, "2026-11-25T10:00:00Z");
  ASSERT_FALSE(all);
  EXPECT_GE(all.error().fields.size(), 7u);  // every missing part named
  EXPECT_TRUE(check_draft(empty));           // a draft may be incomplete
  Canvas script = canvas();
  script.idea = "<script>alert(1)</script>";
  EXPECT_EQ(all.error().fields[0].field, "idea");
  EXPECT_FALSE(check_draft(script));
  RoundRules schools = small_sparks();
  schools.kinds = {"school"};
  EXPECT_EQ(first_message(check_submission(schools, canvas(), "2026-11-25T10:00:00Z")),
            "This round is not open to this kind of group");
  EXPECT_EQ(money_pence(1550), "£15.50");
  // Hours and materials out of range are named once, not weighed (nor overflowed) in the match.
  Canvas huge = canvas();
  huge.volunteer_hours = std::numeric_limits<std::int64_t>::max();
  huge.materials_value = std::numeric_limits<std::int64_t>::max();
  auto refused = check_submission(small_sparks(), huge, "2026-11-25T10:00:00Z");
  ASSERT_FALSE(refused);
  std::vector<std::string> fields;
  for (const auto& f : refused.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"volunteer_hours", "materials_value"}));
  EXPECT_EQ(refused.error().fields[0].message, "Give the hours as a number up to 1,000,000");
}

TEST(GrantRules, RunningTotalsWeighEachCriterion) {
  std::vector<Criterion> criteria = {{"innovation", "Innovation", 2}, {"sustainability", "Sustainability", 1}};
  EXPECT_DOUBLE_EQ(weighted_total(criteria, {{"innovation", 4}}), 8);  // so far
  EXPECT_DOUBLE_EQ(weighted_total(criteria, {{"innovation", 4}, {"sustainability", 3}}), 11);
  EXPECT_DOUBLE_EQ(weighted_maximum(criteria), 15);
}

// A harsh member scored A and B; a soft member scored B and C. Raw means put C first
// only because the soft member scored it; each member's order (A over B, B over C)
// agrees on A > B > C, and normalising finds it.
TEST(GrantRules, NormalisingTakesOutHarshAndSoftScoring) {
  std::vector<MemberTotal> totals = {{1, 10, 20}, {1, 11, 10}, {2, 11, 45}, {2, 12, 40}};
  auto ranked = rank(totals);
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_EQ(ranked[0].application, 10);
  EXPECT_EQ(ranked[1].application, 11);
  EXPECT_EQ(ranked[2].application, 12);
  EXPECT_DOUBLE_EQ(ranked[2].raw_mean, 40);
  // Mean of all totals 28.75, their spread 14.307: A's mean z is +1, B's 0, C's -1.
  EXPECT_NEAR(ranked[0].normalised, 28.75 + 14.3069, 1e-3);
  EXPECT_NEAR(ranked[1].normalised, 28.75, 1e-9);
  EXPECT_NEAR(ranked[2].normalised, 28.75 - 14.3069, 1e-3);
  // A member who scored everything alike adds nothing; a tie goes to the raw mean, then the earlier.
  auto tied = rank({{1, 20, 30}, {1, 21, 30}});
  EXPECT_EQ(tied[0].application, 20);
}

TEST(GrantRules, AllocationPassesOverWhatDoesNotFitAndSaysSo) {
  auto a = allocate(1000, {{1, 600}, {2, 500}, {3, 400}, {4, 100}});
  ASSERT_EQ(a.size(), 4u);
  EXPECT_TRUE(a[0].funded);
  EXPECT_FALSE(a[1].funded);
  EXPECT_EQ(a[1].why, "Ranked 2: £500 does not fit in the £400 left.");
  EXPECT_TRUE(a[2].funded);
  EXPECT_FALSE(a[3].funded);  // nothing left
  EXPECT_EQ(a[3].why, "Ranked 4: £100 does not fit in the £0 left.");
}

TEST(GrantRules, AwardsAre360GivingRecords) {
  Award a{"360G-kith-12",     "Street party",       "A party",   250,
          "2026-11-25",       "360G-kith-group-12", "Friends",   "GB-LAE-THR",
          "Thurrock Council", "Small Sparks",       "E05002227", "Grays Thurrock"};
  auto j = threesixty({a});
  EXPECT_EQ(j["grants"][0]["amountAwarded"], 250);
  EXPECT_EQ(j["grants"][0]["currency"], "GBP");
  EXPECT_EQ(j["grants"][0]["recipientOrganization"][0]["id"], "360G-kith-group-12");
  EXPECT_EQ(j["grants"][0]["beneficiaryLocation"][0]["geoCodeType"], "WD");
  EXPECT_EQ(threesixty_header().size(), threesixty_row(a).size());
}

}  // namespace
}  // namespace kith::grants
