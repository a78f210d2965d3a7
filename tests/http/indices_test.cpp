// Area intelligence over the real server on both backends: the resilience index
// computed through the API, with roles, a scope, a live directory measure and errors.
#include <gtest/gtest.h>

#include <algorithm>

#include "support/harness.h"

namespace kith {
namespace {

using Json = nlohmann::json;

class IndicesApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  testing::Browser browser() { return testing::shared_server(GetParam()).browser(); }
};

TEST_P(IndicesApiTest, OfficersComputeAnIndexForTheirAuthority) {
  auto anyone = browser();
  Json def = anyone.get("/api/v1/indices/default-definition").json();
  ASSERT_EQ(def["indicators"].size(), 10u);
  EXPECT_EQ(anyone.post_json("/api/v1/indices/compute", {{"scope", "E07000118"}}).status, 401);
  auto member = browser();
  member.sign_in("member@demo.kith.test", "kith-demo-member");
  EXPECT_EQ(member.post_json("/api/v1/indices/compute", {{"scope", "E07000118"}}).status, 403);

  auto officer = browser();
  officer.sign_in("officer@demo.kith.test", "kith-demo-officer");
  // Chorley, with the directory's activities per 1,000 people as an eleventh indicator.
  def["scope"] = "E07000118";
  def["indicators"].push_back({{"id", "activities"},
                               {"level", "social"},
                               {"source", "kith:directory.activities_per_1000"},
                               {"direction", "strength"},
                               {"transform", "minmax"},
                               {"weight", 0.1}});
  auto r = officer.post_json("/api/v1/indices/compute", def);
  ASSERT_EQ(r.status, 200) << r.body;
  Json out = r.json();
  ASSERT_EQ(out["areas"].size(), 70u);
  std::set<std::int64_t> ranks;
  for (const auto& a : out["areas"]) {
    ranks.insert(a["rank"].get<std::int64_t>());
    double sum = a["contribution"]["structural"].get<double>() + a["contribution"]["social"].get<double>() +
                 a["contribution"]["self"].get<double>();
    EXPECT_NEAR(sum, a["score"].get<double>(), 1e-9);
  }
  EXPECT_EQ(ranks.size(), 70u);  // 1 to 70, each once
  EXPECT_EQ(*ranks.begin(), 1);
  ASSERT_EQ(out["sensitivity"].size(), 11u);
  EXPECT_EQ(out["sensitivity"][10]["indicator"], "activities");

  // Bad definitions are refused, naming the indicator.
  def["indicators"][0]["weight"] = -1;
  auto bad = officer.post_json("/api/v1/indices/compute", def);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["errors"][0]["message"], "indicator 1 (income): the weight -1 is negative");
  def["indicators"][0]["weight"] = 0.15;
  def["indicators"][1]["source"] = "kith:nothing";
  bad = officer.post_json("/api/v1/indices/compute", def);
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.json()["errors"][0]["message"].get<std::string>().find("Kith has no measure \"nothing\""),
            std::string::npos);
}

TEST_P(IndicesApiTest, TheDeprivationTableOfAnAuthoritySortsAndDownloads) {
  auto b = browser();
  Json table = b.get("/api/v1/areas/E07000118/deprivation").json();
  ASSERT_EQ(table["rows"].size(), 70u);
  // By IMD rank, most deprived first, unless asked otherwise.
  auto rank = [](const Json& row) {  // "1,234" -> 1234
    std::string text = row["rank"];
    text.erase(std::remove(text.begin(), text.end(), ','), text.end());
    return std::stoll(text);
  };
  for (std::size_t i = 1; i < table["rows"].size(); ++i) EXPECT_LE(rank(table["rows"][i - 1]), rank(table["rows"][i]));
  EXPECT_EQ(table["headers"][2]["aria_sort"], "ascending");
  Json by_name = b.get("/api/v1/areas/E07000118/deprivation?sort=name&order=desc").json();
  EXPECT_GT(by_name["rows"][0]["name"].get<std::string>(), by_name["rows"][69]["name"].get<std::string>());
  EXPECT_EQ(by_name["headers"][0]["aria_sort"], "descending");
  int chart_total = 0;
  for (const auto& c : table["chart"]) chart_total += c["count"].get<int>();
  EXPECT_EQ(chart_total, 70);
  auto csv = b.get("/areas/E07000118/deprivation.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 71);
  EXPECT_EQ(csv.body.rfind("lsoa21_code,lsoa21_name,ward_code,population,imd_score,imd_rank", 0), 0u);
  auto geo = b.get("/areas/E07000118/deprivation.geojson");
  EXPECT_EQ(geo.json()["features"].size(), 70u);
  EXPECT_EQ(b.get("/api/v1/areas/E07000118/deprivation?sort=colour").status, 422);
  EXPECT_EQ(b.get("/api/v1/areas/E01024915/deprivation").status, 404);  // an LSOA, not an authority
}

TEST_P(IndicesApiTest, FocusNeighbourhoodsJoinTheMostDeprivedWhereTheyTouch) {
  auto b = browser();
  Json focus = b.get("/api/v1/areas/E07000118/focus?decile=2").json();
  ASSERT_FALSE(focus["groups"].empty());
  std::size_t lsoas = 0, previous = 1000;
  for (const auto& g : focus["groups"]) {
    lsoas += g["lsoas"].size();
    EXPECT_LE(g["lsoas"].size(), previous);  // largest groups first
    previous = g["lsoas"].size();
  }
  // Every LSOA in England's most deprived 20%, and only those, is in a group.
  Json table = b.get("/api/v1/areas/E07000118/deprivation").json();
  std::size_t expected = 0;
  for (const auto& r : table["rows"]) expected += r["decile"].get<int>() <= 2 ? 1 : 0;
  EXPECT_EQ(lsoas, expected);
  EXPECT_GT(focus["groups"][0]["lsoas"].size(), 1u);  // some of them touch
  EXPECT_EQ(b.get("/api/v1/areas/E07000118/focus?decile=11").status, 422);
}

TEST_P(IndicesApiTest, AnOfficerSavesAFocusGroupAsANeighbourhood) {
  auto b = browser();
  Json focus = b.get("/api/v1/areas/E07000118/focus?decile=2").json();
  std::string codes = focus["groups"][0]["codes"];
  std::string name = "Chorley South " + GetParam();
  auto member = browser();
  member.sign_in("member@demo.kith.test", "kith-demo-member");
  EXPECT_EQ(member.post_json("/api/v1/areas/E07000118/focus", {{"name", name}, {"lsoas", codes}}).status, 403);
  auto officer = browser();
  officer.sign_in("officer@demo.kith.test", "kith-demo-officer");
  auto saved = officer.post_json("/api/v1/areas/E07000118/focus", {{"name", name}, {"lsoas", codes}});
  ASSERT_EQ(saved.status, 201) << saved.body;
  std::string code = saved.json()["code"];
  Json area = b.get("/api/v1/areas/" + code).json();
  EXPECT_EQ(area["area"]["name"], name);
  EXPECT_EQ(area["area"]["kind_label"], "Named neighbourhood");
  EXPECT_EQ(area["lsoa_count"], focus["groups"][0]["lsoas"].size());
  EXPECT_EQ(area["children"].size(), focus["groups"][0]["lsoas"].size());
  EXPECT_EQ(area["parent"]["code"], "E07000118");
  // Its map is its LSOAs' boundaries.
  EXPECT_EQ(b.get("/api/v1/areas/" + code + "/boundaries").json()["features"].size(),
            focus["groups"][0]["lsoas"].size());
  auto again = officer.post_json("/api/v1/areas/E07000118/focus", {{"name", name}, {"lsoas", codes}});
  EXPECT_EQ(again.status, 422);
  auto elsewhere = officer.post_json("/api/v1/areas/E07000118/focus", {{"name", "Elsewhere"}, {"lsoas", "E01007906"}});
  EXPECT_EQ(elsewhere.status, 422);
  EXPECT_EQ(elsewhere.json()["errors"][0]["field"], "lsoas");
}

INSTANTIATE_TEST_SUITE_P(Backends, IndicesApiTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
