// The rules of stories and evaluation, pure: signifier answers, the dashboard's
// counts and distributions, where a triad answer sits, and what exports hold.
#include <gtest/gtest.h>

#include <cmath>

#include "stories/evaluation.h"
#include "stories/stories.h"

namespace kith::stories {
namespace {

const Signifier kSlider{1, "slider", "Who made the difference?", "Services", "People themselves", "", false};
const Signifier kTriad{2, "triad", "What mattered most?", "Talk", "Do", "Say", false};

TEST(Signifiers, EveryOfferedAnswerReadsBackAndBadOnesNameTheQuestion) {
  for (const auto& s : {kSlider, kTriad})
    for (const auto& c : answer_choices(s)) {
      auto a = parse_answer(s, c.id);
      ASSERT_TRUE(a) << c.id;
      ASSERT_TRUE(a->has_value());
      if (s.kind == "triad") EXPECT_EQ((*a)->a + (*a)->b + (*a)->c, 100) << c.id;
    }
  EXPECT_EQ(answer_choices(kSlider).front().label, "Entirely services");
  EXPECT_EQ(answer_choices(kTriad)[3].label, "Talk and do");
  EXPECT_EQ(answer_choices(kTriad).back().label, "All three equally");
  EXPECT_FALSE(parse_answer(kSlider, "")->has_value());  // not answered
  EXPECT_EQ((*parse_answer(kSlider, " 42 "))->a, 42);
  for (const char* bad : {"101", "-1", "4x", "10,20"}) {
    auto a = parse_answer(kSlider, bad);
    ASSERT_FALSE(a) << bad;
    EXPECT_EQ(a.error().fields[0].field, "signifier-1");
  }
  for (const char* bad : {"50,50,10", "100", "a,b,c", "50,50,0,0"}) EXPECT_FALSE(parse_answer(kTriad, bad)) << bad;
  EXPECT_TRUE(parse_answer(kTriad, "100,0,0"));
}

TEST(Signifiers, AQuestionNeedsItsEnds) {
  EXPECT_TRUE(check(kSlider));
  Signifier no_corner = kTriad;
  no_corner.label_c = "";
  auto r = check(no_corner);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields[0].field, "label_c");
  Signifier markup = kSlider;
  markup.prompt = "<b>Who?</b>";
  EXPECT_FALSE(check(markup));
  Signifier kind = kSlider;
  kind.kind = "dial";
  EXPECT_FALSE(check(kind));
}

Story story(std::int64_t id, const std::string& status, const std::string& told, const std::string& ward,
            std::vector<Answer> answers, const std::string& consent = "anonymous") {
  Story s;
  s.id = id;
  s.status = status;
  s.created_at = told + "T10:00:00Z";
  s.ward_code = ward;
  s.ward_name = ward.empty() ? "" : "Ward " + ward;
  s.perspective = "person";
  s.consent = consent;
  s.teller_name = consent == "named" ? "Rosa" : "";
  s.title = "Story " + std::to_string(id);
  s.public_body = "Redacted text";
  s.body = "Original text with 14 Tipton Road";
  s.outcomes = {{4, "relationships", "Relationships", false}};
  s.answers = std::move(answers);
  return s;
}

TEST(Evaluation, CountsByOutcomePerspectiveWardAndEveryMonthBetween) {
  std::vector<Story> all = {story(1, "published", "2026-08-03", "E05000001", {{1, 95, 0, 0}, {2, 80, 10, 10}}),
                            story(2, "evaluation", "2026-10-20", "E05000001", {{1, 100, 0, 0}}),
                            story(3, "published", "2026-10-21", "", {{2, 80, 10, 10}})};
  std::vector<Outcome> outcomes = {{4, "relationships", "Relationships", false},
                                   {5, "active", "Being active", false},
                                   {9, "old", "Old outcome", true}};
  Dashboard d = summarise(all, {kSlider, kTriad}, outcomes);
  EXPECT_EQ(d.total, 3);
  EXPECT_EQ(d.published, 2);
  ASSERT_EQ(d.by_outcome.size(), 2u);  // a retired outcome no story carries is left out
  EXPECT_EQ(d.by_outcome[0].count, 3);
  EXPECT_EQ(d.by_outcome[1].count, 0);
  EXPECT_EQ(d.by_perspective.size(), perspectives().size());
  ASSERT_EQ(d.by_ward.size(), 2u);
  EXPECT_EQ(d.by_ward[0].key, "E05000001");
  EXPECT_EQ(d.by_ward[0].count, 2);
  EXPECT_EQ(d.by_ward[1].label, "No place given");  // last, whatever its count
  ASSERT_EQ(d.by_month.size(), 3u);                 // August, September (none), October
  EXPECT_EQ(d.by_month[1].key, "2026-09");
  EXPECT_EQ(d.by_month[1].count, 0);
  EXPECT_EQ(d.by_month[2].count, 2);
  ASSERT_EQ(d.sliders.size(), 1u);
  EXPECT_EQ(d.sliders[0].answered, 2);
  EXPECT_EQ(d.sliders[0].bins[9], (std::vector<std::int64_t>{1, 2}));  // 95 and 100 share the top bin
  ASSERT_EQ(d.triads.size(), 1u);
  ASSERT_EQ(d.triads[0].points.size(), 1u);
  EXPECT_EQ(d.triads[0].points[0].stories, (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(behind(all, 1, 9, "").size(), 2u);
  EXPECT_EQ(behind(all, 2, -1, "80,10,10").size(), 2u);
  EXPECT_TRUE(behind(all, 2, -1, "10,80,10").empty());
}

TEST(Evaluation, TriadAnswersSitAtTheirCornersAndMiddle) {
  const double side = 300;
  const double h = side * std::sqrt(3.0) / 2;
  auto near = [](std::pair<double, double> p, double x, double y) {
    return std::abs(p.first - x) < 1e-9 && std::abs(p.second - y) < 1e-9;
  };
  EXPECT_TRUE(near(triad_xy(100, 0, 0, side), 150, 0));
  EXPECT_TRUE(near(triad_xy(0, 100, 0, side), 0, h));
  EXPECT_TRUE(near(triad_xy(0, 0, 100, side), 300, h));
  auto mid = triad_xy(34, 33, 33, side);
  EXPECT_NEAR(mid.first, 150 + (33 - 33) * 1.5, 1.6);
  EXPECT_NEAR(mid.second, h * 66 / 100, 1e-9);
  EXPECT_EQ(slider_bin(0), 0);
  EXPECT_EQ(slider_bin(49), 4);
  EXPECT_EQ(slider_bin(100), 9);
}

TEST(Evaluation, ExportsHoldTheRedactedTextAndNamesOnlyWithNamedConsent) {
  std::vector<Story> all = {story(1, "published", "2026-08-03", "E05000001", {{1, 40, 0, 0}}, "named"),
                            story(2, "evaluation", "2026-10-20", "", {{2, 20, 30, 50}}, "evaluation")};
  auto header = export_header({kSlider, kTriad});
  auto rows = export_rows(all, {kSlider, kTriad});
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) ASSERT_EQ(row.size(), header.size());
  auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  EXPECT_EQ(rows[0][column("teller")], "Rosa");
  EXPECT_EQ(rows[1][column("teller")], "");
  EXPECT_EQ(rows[0][column("text")], "Redacted text");
  EXPECT_EQ(rows[0][column("signifier_1")], "40");
  EXPECT_EQ(rows[1][column("signifier_2_c")], "50");
  EXPECT_EQ(rows[0][column("signifier_2_a")], "");  // not answered
  std::string json = export_json(all, {kSlider, kTriad}).dump();
  EXPECT_EQ(json.find("Tipton"), std::string::npos);
  EXPECT_EQ(json.find("Original"), std::string::npos);
}

}  // namespace
}  // namespace kith::stories
