#include "coordination/reports.h"

#include <gtest/gtest.h>

namespace kith::coordination::reports {
namespace {

std::vector<bool> hidden(const std::vector<Cell>& cells) {
  std::vector<bool> out;
  out.reserve(cells.size());
  for (const auto& c : cells) out.push_back(c.suppressed);
  return out;
}

TEST(CoordinationStatsTest, SuppressesCountsUnderFiveAndShowsZero) {
  auto cells = suppress_each({0, 1, 4, 5, 12});
  EXPECT_EQ(hidden(cells), (std::vector<bool>{false, true, true, false, false}));
  EXPECT_EQ(cells[1].text(), "fewer than 5");
  EXPECT_EQ(cells[3].text(), "5");
  EXPECT_EQ(cells[0].text(), "0");
}

TEST(CoordinationStatsTest, OneHiddenCellHidesTheNextSmallestSoTheTotalCannotGiveItAway) {
  // 3 is hidden; 20 + 9 + 3 = 32 shown would give 3 away, so 9 is hidden too.
  auto cells = suppress_group({20, 3, 9});
  EXPECT_EQ(hidden(cells), (std::vector<bool>{false, true, true, false}));
  EXPECT_EQ(cells[2].text(), "hidden");
  EXPECT_EQ(cells[3].count, 32);
  // Two hidden already: nothing more to hide.
  EXPECT_EQ(hidden(suppress_group({20, 3, 2, 9})), (std::vector<bool>{false, true, true, false, false}));
  // Nothing small: nothing hidden.
  EXPECT_EQ(hidden(suppress_group({20, 5, 9})), (std::vector<bool>{false, false, false, false}));
  // Zeros are not hidden and cannot stand in for a second hidden cell.
  EXPECT_EQ(hidden(suppress_group({0, 3, 0, 7})), (std::vector<bool>{false, true, false, true, false}));
}

TEST(CoordinationStatsTest, AOneCellGroupHidesItsTotal) {
  // The only other cell is zero: the total would equal the hidden cell, so it goes.
  auto cells = suppress_group({0, 3}, 30);
  EXPECT_TRUE(cells[1].suppressed);
  EXPECT_TRUE(cells[2].suppressed);
}

TEST(CoordinationStatsTest, ASmallTotalHidesEverythingButZeros) {
  EXPECT_EQ(hidden(suppress_group({1, 2, 0})), (std::vector<bool>{true, true, false, true}));
}

TEST(CoordinationStatsTest, MedianAndNinetiethPercentileInterpolate) {
  EXPECT_FALSE(median({}).has_value());
  EXPECT_DOUBLE_EQ(*median({5}), 5);
  EXPECT_DOUBLE_EQ(*median({1, 9, 3, 7}), 5);
  // NumPy: np.percentile([1..10], 90) == 9.1
  EXPECT_DOUBLE_EQ(*percentile({10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 90), 9.1);
  EXPECT_DOUBLE_EQ(*percentile({2, 4}, 100), 4);
}

TEST(CoordinationStatsTest, TQuantilesMatchTheTable) {
  EXPECT_DOUBLE_EQ(t975(1), 12.706);
  EXPECT_DOUBLE_EQ(t975(10), 2.228);
  EXPECT_NEAR(t975(40), 2.021, 0.001);
  EXPECT_NEAR(t975(60), 2.000, 0.001);
  EXPECT_NEAR(t975(120), 1.980, 0.001);
  EXPECT_NEAR(t975(100000), 1.960, 0.001);
  // The expansion meets the table smoothly.
  EXPECT_NEAR(t975(31), 2.040, 0.001);
}

TEST(CoordinationStatsTest, PairedChangeMatchesAStudentTInterval) {
  // R: t.test(c(12,14,11,13), c(10,10,10,10), paired = TRUE) -> mean 2.5, 95% CI 0.4457 to 4.5543.
  auto m = paired_change({{10, 12}, {10, 14}, {10, 11}, {10, 13}}, 3);
  EXPECT_EQ(m.n, 4);
  EXPECT_DOUBLE_EQ(m.mean, 2.5);
  ASSERT_TRUE(m.lower && m.upper);
  EXPECT_NEAR(*m.lower, 0.4457, 0.001);
  EXPECT_NEAR(*m.upper, 4.5543, 0.001);
  EXPECT_EQ(m.improved, 2);  // +3 and +4
  EXPECT_DOUBLE_EQ(m.share_improved, 0.5);
  EXPECT_EQ(m.worse, 0);
}

TEST(CoordinationStatsTest, AnxietyFallingIsAnImprovement) {
  auto m = paired_change({{8, 4}, {6, 7}}, 1, false);
  EXPECT_DOUBLE_EQ(m.mean, 1.5);  // (4 + -1) / 2
  EXPECT_EQ(m.improved, 1);
  EXPECT_EQ(m.worse, 1);
  auto one = paired_change({{8, 4}}, 1);
  EXPECT_FALSE(one.lower.has_value());  // no interval from one pair
}

}  // namespace
}  // namespace kith::coordination::reports
