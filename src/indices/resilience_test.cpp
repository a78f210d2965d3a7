#include "indices/resilience.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "indices/sources.h"
#include "support/harness.h"

namespace kith::indices {
namespace {

using Json = nlohmann::json;

using testing::source_data;

Json indicator(const std::string& id, const std::string& transform, double weight, const std::string& level = "self",
               const std::string& direction = "risk") {
  return {{"id", id},
          {"level", level},
          {"source", "csv:x.csv#" + id},
          {"direction", direction},
          {"transform", transform},
          {"weight", weight}};
}

std::vector<std::string> messages(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields) out.push_back(f.message);
  return out;
}

TEST(ResilienceDefinition, EveryProblemIsNamedWithItsIndicator) {
  Json bad = {
      {"indicators",
       Json::array(
           {indicator("a", "zscore", -1),
            indicator("a", "minmax", 1, "weather"),
            {{"id", "c"}, {"level", "self"}, {"source", "iod2025:X"}, {"direction", "up"}, {"transform", "log"}}})}};
  auto d = parse_definition(bad);
  ASSERT_FALSE(d);
  auto m = messages(d.error());
  ASSERT_EQ(m.size(), 6u) << ::testing::PrintToString(m);
  EXPECT_EQ(m[0], "indicator 1 (a): the weight -1.0 is negative");
  EXPECT_EQ(m[1], "indicator 2 (a): the id is used twice");
  EXPECT_EQ(m[2], "indicator 2 (a): level must be structural, social or self, not \"weather\"");
  EXPECT_EQ(m[3], "indicator 3 (c): direction must be risk or strength, not \"up\"");
  EXPECT_EQ(m[4], "indicator 3 (c): transform must be exponential_rank, zscore or minmax, not \"log\"");
  EXPECT_EQ(m[5], "indicator 3 (c) has no weight (a number from 0 to 100)");
  EXPECT_FALSE(parse_definition(Json{{"indicators", Json::array()}}));
  // A weight beyond any share (1e308 once blanked every score): refused.
  auto huge = parse_definition(Json{{"indicators", Json::array({indicator("a", "zscore", 1e308)})}});
  ASSERT_FALSE(huge);
  EXPECT_EQ(messages(huge.error()).at(0), "indicator 1 (a): the weight 1e+308 is more than 100");
  // The transforms as people write them are understood.
  auto written =
      parse_definition(Json{{"indicators", Json::array({indicator("a", "z-score", 1), indicator("b", "min-max", 1),
                                                        indicator("c", "exponential-rank", 1)})}});
  ASSERT_TRUE(written);
  EXPECT_EQ(written->indicators[0].transform, Transform::kZScore);
  EXPECT_EQ(written->indicators[2].transform, Transform::kExponentialRank);
  EXPECT_FALSE(parse_definition(Json{{"indicators", Json::array({indicator("a", "zscore", 0)})}}));
}

TEST(ResilienceIndex, AWorkedExampleWithContributionsAndSensitivity) {
  // Two indicators over four areas: a risk (min-max) in "structural" with weight 2,
  // a strength (min-max) in "social" with weight 1.
  auto d = parse_definition(Json{{"indicators", Json::array({indicator("poverty", "minmax", 2, "structural"),
                                                             indicator("clubs", "minmax", 1, "social", "strength")})}});
  ASSERT_TRUE(d);
  IndicatorValues v{{"A", "B", "C", "D"}, {{10, 20, 30, 40}, {5, 0, 10, 5}}};
  auto r = compute(*d, v);
  ASSERT_TRUE(r) << r.error().message;
  // poverty -> 0, 33.3, 66.7, 100; clubs as risk (-5, 0, -10, -5) -> 50, 100, 0, 50.
  const auto& a = r->areas;
  EXPECT_NEAR(a[0].score, 2 * 0 + 50, 1e-9);
  EXPECT_NEAR(a[1].score, 2 * 100.0 / 3 + 100, 1e-9);
  EXPECT_NEAR(a[2].score, 2 * 200.0 / 3 + 0, 1e-9);
  EXPECT_NEAR(a[3].score, 2 * 100 + 50, 1e-9);
  EXPECT_EQ(a[3].rank, 1);
  EXPECT_EQ(a[1].rank, 2);
  EXPECT_EQ(a[2].rank, 3);
  EXPECT_EQ(a[0].rank, 4);
  EXPECT_NEAR(a[1].contribution[static_cast<int>(Level::kStructural)], 200.0 / 3, 1e-9);
  EXPECT_NEAR(a[1].contribution[static_cast<int>(Level::kSocial)], 100, 1e-9);
  // B (166.7) and C (133.3): with the clubs weight 25% lower, B scores 141.7 and C
  // still 133.3; with poverty's 25% lower B 150, C 100. No ranks move.
  for (const auto& s : r->sensitivity) EXPECT_EQ(s.max_rank_change, 0) << s.id;
  // Closer scores do move: raise C's poverty so it sits just under B.
  v.values[0][2] = 34;
  r = compute(*d, v);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->areas[1].rank, 2);
  EXPECT_EQ(r->areas[1].highest_rank, 3);  // a lighter clubs weight puts C above B
  EXPECT_GT(r->sensitivity[1].max_rank_change, 0);
}

TEST(ResilienceIndex, AZScoreIndicatorWeighsLikeTheOthers) {
  // Two indicators, equal weights, ranking the areas in opposite orders: one by z-score,
  // one by min-max. Each must be able to move the result, so neither may be a rounding error.
  auto d = parse_definition(
      Json{{"indicators", Json::array({indicator("a", "zscore", 0.5), indicator("b", "minmax", 0.5)})}});
  ASSERT_TRUE(d);
  auto r =
      compute(*d, IndicatorValues{{"A", "B", "C", "D", "E"}, {{1.0, 2.0, 3.0, 4.0, 5.0}, {5.0, 4.0, 3.0, 2.0, 1.0}}});
  ASSERT_TRUE(r);
  auto zd = parse_definition(Json{{"indicators", Json::array({indicator("a", "zscore", 1)})}});
  auto z = compute(*zd, IndicatorValues{{"A", "B", "C", "D", "E"}, {{1.0, 2.0, 3.0, 4.0, 5.0}}});
  ASSERT_TRUE(z);
  double lo = 100, hi = 0;
  for (const auto& a : z->areas) {
    lo = std::min(lo, a.score);
    hi = std::max(hi, a.score);
    EXPECT_GT(a.score, 0);
    EXPECT_LT(a.score, 100);
  }
  EXPECT_GT(hi - lo, 50) << "a z-score indicator spreads over the 0-100 scale";
  double spread = 0;
  for (const auto& a : r->areas) spread = std::max(spread, std::abs(a.score - r->areas[2].score));
  EXPECT_LT(spread, 15) << "equal and opposite indicators nearly cancel";
}

TEST(ResilienceIndex, AnIndicatorMissingAreasIsRefusedByName) {
  auto d = parse_definition(Json{{"indicators", Json::array({indicator("poverty", "zscore", 1)})}});
  auto r = compute(*d, IndicatorValues{{"A", "B", "C"}, {{1.0, std::nullopt, 3.0}}});
  ASSERT_FALSE(r);
  EXPECT_EQ(messages(r.error()).at(0), "poverty (csv:x.csv#poverty) has no value for 1 of the 3 areas, for example B");
  r = compute(*d, IndicatorValues{{"A", "B"}, {{2.0, 2.0}}});
  ASSERT_FALSE(r);
  EXPECT_EQ(messages(r.error()).at(0), "poverty has the same value in every area, so it cannot tell them apart");
}

TEST(ResilienceSources, ACsvWithDuplicateOrUnknownCodesIsRefusedWithItsLine) {
  auto dir = std::filesystem::temp_directory_path() / ("kith-csv-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::set<std::string> known = {"E01000001", "E01000002"};
  {
    std::ofstream(dir / "dup.csv") << "lsoa21_code,volunteers\nE01000001,12\nE01000002,7\nE01000001,9\n";
    std::ofstream(dir / "unknown.csv") << "lsoa21_code,volunteers\nE01000001,12\nW01000001,7\n";
    std::ofstream(dir / "bad.csv") << "lsoa21_code,volunteers\nE01000001,twelve\n";
    std::ofstream(dir / "good.csv") << "lsoa21_code,volunteers\ne01000001,\"1,200\"\nE01000002,\n";
  }
  auto dup = read_lsoa_csv((dir / "dup.csv").string(), "volunteers", known);
  ASSERT_FALSE(dup);
  EXPECT_EQ(messages(dup.error()).at(0), "dup.csv line 4: E01000001 appears a second time");
  auto unknown = read_lsoa_csv((dir / "unknown.csv").string(), "volunteers", known);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(messages(unknown.error()).at(0), "unknown.csv line 3: \"W01000001\" is not a 2021 LSOA code of England");
  auto bad = read_lsoa_csv((dir / "bad.csv").string(), "volunteers", known);
  ASSERT_FALSE(bad);
  EXPECT_EQ(messages(bad.error()).at(0), "bad.csv line 2: volunteers is not a number: \"twelve\"");
  auto none = read_lsoa_csv((dir / "good.csv").string(), "helpers", known);
  ASSERT_FALSE(none);
  auto good = read_lsoa_csv((dir / "good.csv").string(), "volunteers", known);
  ASSERT_TRUE(good);
  EXPECT_EQ(*good->at("E01000001"), 1200);
  EXPECT_FALSE(good->at("E01000002").has_value());
  std::filesystem::remove_all(dir);
}

TEST(ResilienceSources, TheDefaultDefinitionRunsOverEngland) {
  const Definition& d = default_definition();
  ASSERT_EQ(d.indicators.size(), 10u);
  for (const auto& i : d.indicators) EXPECT_FALSE(i.rationale.empty()) << i.id;
  auto v = load_values(d, Sources{source_data(), {}});
  ASSERT_TRUE(v) << v.error().message << " " << ::testing::PrintToString(messages(v.error()));
  ASSERT_EQ(v->areas.size(), 33755u);
  auto r = compute(d, *v);
  ASSERT_TRUE(r) << ::testing::PrintToString(messages(r.error()));
  std::array<int, 11> per_decile{};
  for (const auto& a : r->areas) {
    ++per_decile[a.decile];
    double sum = a.contribution[0] + a.contribution[1] + a.contribution[2];
    ASSERT_NEAR(sum, a.score, 1e-9) << a.code;
    ASSERT_LE(a.lowest_rank, a.rank);
    ASSERT_GE(a.highest_rank, a.rank);
  }
  for (int dec = 1; dec <= 10; ++dec) EXPECT_NEAR(per_decile[dec], 3375.5, 1.5) << "decile " << dec;
  EXPECT_EQ(r->sensitivity.size(), 10u);
  // Scoped to one authority: only its LSOAs, ranked among themselves.
  Definition chorley = d;
  chorley.scope = "E07000118";
  auto vc = load_values(chorley, Sources{source_data(), {}});
  ASSERT_TRUE(vc);
  EXPECT_EQ(vc->areas.size(), 70u);
  // A live measure the place does not have is named.
  Definition live = d;
  live.indicators[0].source = "kith:timebank.members_per_1000";
  auto lv = load_values(live, Sources{source_data(), {}});
  ASSERT_FALSE(lv);
  EXPECT_EQ(messages(lv.error()).at(0), "indicator income: Kith has no measure \"timebank.members_per_1000\" here");
  Definition unknown = d;
  unknown.indicators[1].source = "iod2025:Wellbeing_score";
  auto uv = load_values(unknown, Sources{source_data(), {}});
  ASSERT_FALSE(uv);
  EXPECT_EQ(messages(uv.error()).at(0), "indicator employment: no IoD2025 file has a column \"Wellbeing_score\"");
}

}  // namespace
}  // namespace kith::indices
