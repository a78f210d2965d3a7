// Counting participatory budgeting votes, checked against worked examples whose
// answers were worked out by hand and with an independent implementation of the
// Method of Equal Shares (equalshares.net's reference), including ties.
#include <gtest/gtest.h>

#include "pb/pb.h"

namespace kith::pb {
namespace {

using Ids = std::vector<std::int64_t>;

std::vector<Project> costs(const std::vector<std::int64_t>& c) {
  std::vector<Project> out;
  for (std::size_t i = 0; i < c.size(); ++i)
    out.push_back({static_cast<std::int64_t>(i + 1), "Project " + std::to_string(i + 1), c[i]});
  return out;
}

// Four of six voters want two dear projects; two want two cheap ones. £100.
TEST(Counting, EqualSharesGivesAThirdOfVotersAboutAThirdOfTheMoney) {
  auto projects = costs({60, 40, 30, 30});
  std::vector<Ballot> ballots = {{1, 2}, {1, 2}, {1, 2}, {1, 2}, {3, 4}, {3, 4}};
  Outcome g = greedy(100, projects, ballots);
  EXPECT_EQ(g.funded(), (Ids{2, 1}));  // the majority takes everything (tied on votes: cheaper first)
  EXPECT_EQ(g.spent, 100);
  // Equal shares: £16.67 each. Projects 1 and 2 tie (4 supporters paying £15 and £10:
  // both four votes' worth); the cheaper, 2, goes first. The majority then has £26.67
  // left, not enough for 1; the two others fund 3 (the tie with 4 broken by the lower
  // id); completing by raising shares never fits more; 4 fits the £30 left.
  EXPECT_EQ(equal_shares_fixed(100, projects, ballots), (Ids{2, 3}));
  Outcome m = equal_shares(100, projects, ballots);
  EXPECT_EQ(m.funded(), (Ids{2, 3, 4}));
  EXPECT_EQ(m.spent, 100);
  EXPECT_NE(m.lines[0].why.find("supporters' shares"), std::string::npos);
  EXPECT_NE(m.lines[2].why.find("left unspent"), std::string::npos);
  EXPECT_FALSE(m.lines[3].funded);
  EXPECT_EQ(m.lines[3].project, 1);
}

TEST(Counting, GreedyBreaksTiesByCostThenVotesThenTheEarlierProject) {
  // Three projects with three votes each: the cheapest first; 50 then no longer fits.
  auto projects = costs({50, 40, 30});
  std::vector<Ballot> ballots = {{1, 2, 3}, {1, 2, 3}, {1, 2, 3}};
  Outcome g = greedy(80, projects, ballots);
  EXPECT_EQ(g.funded(), (Ids{3, 2}));
  EXPECT_NE(g.lines[2].why.find("did not fit in the £10 left"), std::string::npos);
  // Same votes, same cost: the earlier project.
  auto twins = costs({40, 40});
  EXPECT_EQ(greedy(40, twins, {{1, 2}, {2, 1}}).funded(), (Ids{1}));
  // A project that does not fit is skipped; later, cheaper ones still can be.
  auto skip = costs({70, 50, 20});
  EXPECT_EQ(greedy(80, skip, {{1, 2, 3}, {1, 2}, {1}}).funded(), (Ids{1}));
  EXPECT_EQ(greedy(90, skip, {{1, 2, 3}, {1, 2}, {1}}).funded(), (Ids{1, 3}));
}

// Ten voters, six projects, £100: answers from the independent reference.
TEST(Counting, EqualSharesMatchesTheReferenceOnMixedBallots) {
  struct Case {
    std::vector<std::int64_t> cost;
    std::vector<Ballot> ballots;
    Ids funded;
  };
  const std::vector<Case> cases = {
      {{25, 20, 30, 50, 10, 10},
       {{1, 3, 6}, {1, 2, 5}, {1, 4}, {1}, {1, 4, 5}, {6}, {1, 4, 5}, {2}, {5}, {3}},
       {1, 5, 6, 2, 3}},
      {{30, 20, 40, 10, 40, 25},
       {{1, 2, 6}, {2, 3, 5}, {5}, {1, 5, 6}, {2, 4, 5}, {4, 5}, {3, 6}, {2}, {1, 2, 3}, {3, 4, 6}},
       {2, 5, 6, 4}},
      {{25, 40, 10, 10, 40, 30},
       {{3}, {4}, {1, 6}, {3, 5, 6}, {3, 4, 5}, {1, 4, 5}, {1, 4}, {6}, {3, 4, 5}, {4, 6}},
       {4, 3, 6, 1}},
  };
  for (const auto& c : cases) {
    Outcome m = equal_shares(100, costs(c.cost), c.ballots);
    EXPECT_EQ(m.funded(), c.funded);
    EXPECT_LE(m.spent, 100);
  }
}

TEST(Counting, NoBallotsFundNothing) {
  auto projects = costs({10, 20});
  EXPECT_TRUE(equal_shares(100, projects, {}).funded().empty());
  EXPECT_TRUE(greedy(100, projects, {}).funded().empty());
}

TEST(Ballots, TheRulesAreCheckedAndEachProblemNamed) {
  auto projects = costs({600, 300, 200, 100});
  BallotRule approval{"approval", 2, 3};
  auto message = [&](const BallotRule& r, const Ids& chosen) {
    auto s = check_ballot(r, 1000, projects, chosen);
    return s ? std::string() : s.error().fields[0].message;
  };
  EXPECT_EQ(message(approval, {1, 2}), "");
  EXPECT_EQ(message(approval, {1}), "Choose 2 to 3 projects (you chose 1)");
  EXPECT_EQ(message(approval, {1, 2, 3, 4}), "Choose 2 to 3 projects (you chose 4)");
  EXPECT_EQ(message(approval, {1, 9}), "Project 9 is not on this ballot");
  EXPECT_EQ(message(approval, {1, -1}), "Choose projects from the list on this ballot");  // not a number
  EXPECT_EQ(message(approval, {2, 2}), "\"Project 2\" is chosen twice: choose each project once");
  BallotRule knapsack{"knapsack", 0, 0};
  EXPECT_EQ(message(knapsack, {1, 2, 4}), "");
  EXPECT_EQ(message(knapsack, {1, 2, 3}), "Your projects cost £1,100, more than the budget of £1,000: take one out");
  EXPECT_EQ(message(knapsack, {}), "Choose at least one project");
}

// Votes by area never show how fewer than 5 people voted: small areas are pooled, and
// while the pool is under 5 the smallest area shown joins it (else the total minus the
// areas shown gives it away).
TEST(VotesByArea, SmallAreasArePooledUntilNoFewerThanFiveAreTogether) {
  auto area = [](const char* name, std::int64_t voters, std::int64_t for_1) {
    return AreaVotes{name, voters, {{1, for_1}}};
  };
  // Every area big enough: shown as it is, in its order.
  auto all = publish_by_area({area("Ash", 6, 3), area("Birch", 9, 9)});
  ASSERT_EQ(all.areas.size(), 2u);
  EXPECT_EQ(all.areas[0].area, "Ash");
  EXPECT_FALSE(all.pool);

  // Two small areas that make 5 together: pooled, the big ones shown.
  auto two = publish_by_area({area("Ash", 2, 2), area("Birch", 9, 1), area("Cedar", 3, 0)});
  ASSERT_EQ(two.areas.size(), 1u);
  EXPECT_EQ(two.areas[0].area, "Birch");
  ASSERT_TRUE(two.pool);
  EXPECT_EQ(two.pooled_areas, 2);
  EXPECT_EQ(two.pool->voters, 5);
  EXPECT_EQ(two.pool->votes.at(1), 2);

  // One area of 2 voters: the smallest shown (Cedar, 6) joins it; Birch stays.
  auto one = publish_by_area({area("Ash", 2, 2), area("Birch", 9, 1), area("Cedar", 6, 4)});
  ASSERT_EQ(one.areas.size(), 1u);
  EXPECT_EQ(one.areas[0].area, "Birch");
  EXPECT_EQ(one.pooled_areas, 2);
  EXPECT_EQ(one.pool->voters, 8);
  EXPECT_EQ(one.pool->votes.at(1), 6);

  // Fewer than 5 voters in all: one pooled row, nothing alone.
  auto few = publish_by_area({area("Ash", 2, 2), area("Birch", 1, 0)});
  EXPECT_TRUE(few.areas.empty());
  EXPECT_EQ(few.pooled_areas, 2);
  EXPECT_EQ(few.pool->voters, 3);
  EXPECT_TRUE(publish_by_area({}).areas.empty());
  EXPECT_FALSE(publish_by_area({}).pool);
}

}  // namespace
}  // namespace kith::pb
