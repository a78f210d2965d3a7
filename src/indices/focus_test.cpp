#include "indices/focus.h"

#include <gtest/gtest.h>

namespace kith::indices {
namespace {

// A unit square at (x, y) on a small grid of degrees.
areas::Shape square(const std::string& code, double x, double y) {
  geo::Ring r = {{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}, {x, y}};
  return {code, code, {{r}}, ""};
}

TEST(Focus, BoundariesTouchAlongAnEdgeNotAtACorner) {
  auto t = touching({square("A", 0, 0), square("B", 1, 0), square("C", 2, 1), square("D", 5, 5)});
  EXPECT_EQ(t["A"], (std::set<std::string>{"B"}));
  EXPECT_EQ(t["B"], (std::set<std::string>{"A"}));  // C meets B only at a corner
  EXPECT_TRUE(t["C"].empty());
  EXPECT_TRUE(t["D"].empty());
}

TEST(Focus, ChosenAreasJoinIntoContiguousGroupsLargestFirst) {
  auto t = touching({square("A", 0, 0), square("B", 1, 0), square("C", 2, 0), square("D", 5, 5)});
  // B is not chosen, so A and C stand apart; E has no boundary, so distance decides.
  std::vector<FocusArea> chosen = {{"A", 0.5, 0.5}, {"C", 0.5, 2.5}, {"D", 5.5, 5.5}, {"E", 5.5, 5.504}};
  auto groups = join_contiguous(chosen, t, 1000);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0], (std::vector<std::string>{"D", "E"}));  // about 450 m apart
  EXPECT_EQ(groups[1], (std::vector<std::string>{"A"}));
  EXPECT_EQ(groups[2], (std::vector<std::string>{"C"}));
  chosen.push_back({"B", 0.5, 1.5});
  groups = join_contiguous(chosen, t, 1000);
  EXPECT_EQ(groups[0], (std::vector<std::string>{"A", "B", "C"}));
}

TEST(Focus, AGroupIsNamedAfterThePlacesItCoversMostFirst) {
  EXPECT_EQ(group_name({}), "");
  EXPECT_EQ(group_name({"", "  "}), "");
  EXPECT_EQ(group_name({"Parson Cross", "Parson Cross"}), "Parson Cross");
  // Southey Green East holds two of the three LSOAs, so it comes first.
  EXPECT_EQ(group_name({"Parson Cross", "Southey Green East", "Southey Green East"}),
            "Southey Green East and Parson Cross");
  // Equal shares: alphabetical.
  EXPECT_EQ(group_name({"Firth Park", "Parson Cross", "Southey Green West"}),
            "Firth Park, Parson Cross and Southey Green West");
  EXPECT_EQ(group_name({"Heeley & Newfield Green", "Heeley & Newfield Green", "Arbourthorne", "Gleadless Valley",
                        "Norfolk Park"}),
            "Heeley & Newfield Green, Arbourthorne and 2 more");
}

}  // namespace
}  // namespace kith::indices
