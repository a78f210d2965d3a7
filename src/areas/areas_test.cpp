#include "areas/areas.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "areas/geojson.h"
#include "areas/svg.h"

namespace kith::areas {
namespace {

TEST(Postcodes, NormaliseTheWaysPeopleTypeThem) {
  EXPECT_EQ(normalise_postcode("s1 1aa"), "S11AA");
  EXPECT_EQ(normalise_postcode(" S1  1AA "), "S11AA");
  EXPECT_EQ(normalise_postcode("rm176sl"), "RM176SL");
  EXPECT_FALSE(normalise_postcode("Sheffield"));
  EXPECT_FALSE(normalise_postcode("S1"));
  EXPECT_FALSE(normalise_postcode("S1 1A!"));
  EXPECT_EQ(display_postcode("S11AA"), "S1 1AA");
  EXPECT_EQ(display_postcode("RM176SL"), "RM17 6SL");
}

TEST(Codes, KindsFollowOnsPrefixes) {
  EXPECT_EQ(kind_of_code("E01033264"), Kind::kLsoa);
  EXPECT_EQ(kind_of_code("E05010848"), Kind::kWard);
  EXPECT_EQ(kind_of_code("E06000034"), Kind::kAuthority);
  EXPECT_EQ(kind_of_code("E07000118"), Kind::kAuthority);
  EXPECT_EQ(kind_of_code("E92000001"), Kind::kCountry);
  EXPECT_FALSE(kind_of_code("W01000001"));
  EXPECT_FALSE(kind_of_code("E01"));
  EXPECT_EQ(kind_from_id(kind_id(Kind::kWard)), Kind::kWard);
  EXPECT_EQ(kind_of_code("E02001661"), Kind::kMsoa);
  EXPECT_EQ(kind_from_id("msoa"), Kind::kMsoa);
}

TEST(Labels, TheNamePeopleUseComesFirstWithTheOfficialOneBeside) {
  Area lsoa;
  lsoa.name = "Sheffield 051E";
  lsoa.known_as = "Heeley & Newfield Green";
  EXPECT_EQ(label(lsoa), "Heeley & Newfield Green (Sheffield 051E)");
  EXPECT_EQ(label("Sheffield 051", "Heeley & Newfield Green"), "Heeley & Newfield Green (Sheffield 051)");
  // No other name, or the same one, or only spaces: the official name alone.
  EXPECT_EQ(label("Sheffield", ""), "Sheffield");
  EXPECT_EQ(label("City of London", "City of London"), "City of London");
  EXPECT_EQ(label("Sheffield 051E", "  "), "Sheffield 051E");
  EXPECT_EQ(label("", "Heeley"), "Heeley");
}

TEST(Population, UnchangedSplitAndMergedLsoas) {
  std::vector<LsoaChange> lookup = {
      {"A11", "A21"},                  // unchanged
      {"B11", "B21"}, {"B11", "C21"},  // split in two
      {"D11", "E21"}, {"F11", "E21"},  // merged
  };
  std::map<std::string, double> pop = {{"A11", 1500}, {"B11", 3000}, {"D11", 1200}, {"F11", 1300}};
  auto out = derive_population(lookup, pop);
  EXPECT_DOUBLE_EQ(out["A21"], 1500);
  EXPECT_DOUBLE_EQ(out["B21"], 1500);
  EXPECT_DOUBLE_EQ(out["C21"], 1500);
  EXPECT_DOUBLE_EQ(out["E21"], 2500);
  double total = 0;
  for (const auto& [k, v] : out) total += v;
  EXPECT_DOUBLE_EQ(total, 7000);  // nobody lost or counted twice
}

TEST(GeoJson, StoredGeometryIsCopiedInAndPropertiesAreEscaped) {
  std::string square = R"({"type":"Polygon","coordinates":[[[-1.5,53.3],[-1.4,53.3],[-1.4,53.4],[-1.5,53.3]]]})";
  auto text = feature_collection(
      {{"E01000001", square, {{"name", "Quote \" and \\ and é"}}}, {"", point_geometry(-1.47, 53.38), {{"rank", 2}}}});
  auto json = nlohmann::json::parse(text);  // throws if the text is not JSON
  EXPECT_EQ(json["type"], "FeatureCollection");
  ASSERT_EQ(json["features"].size(), 2u);
  const auto& first = json["features"][0];
  EXPECT_EQ(first["type"], "Feature");
  EXPECT_EQ(first["id"], "E01000001");
  EXPECT_EQ(first["geometry"], nlohmann::json::parse(square));
  EXPECT_EQ(first["properties"]["name"], "Quote \" and \\ and é");
  const auto& second = json["features"][1];
  EXPECT_FALSE(second.contains("id"));
  EXPECT_EQ(second["geometry"]["type"], "Point");
  EXPECT_DOUBLE_EQ(second["geometry"]["coordinates"][1].get<double>(), 53.38);
  EXPECT_EQ(nlohmann::json::parse(feature_collection({}))["features"].size(), 0u);
}

TEST(Svg, DrawsEachShapeWithItsNameNorthUp) {
  Shape a{"E01", "North <A>", {{{{0, 2}, {1, 2}, {1, 1}, {0, 1}, {0, 2}}}}};
  Shape b{"E02", "South", {{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}}};
  std::string svg = render_svg({a, b}, "Two squares", 100);
  EXPECT_NE(svg.find("aria-label=\"Two squares\""), std::string::npos);
  EXPECT_NE(svg.find("<title>North &lt;A&gt;</title>"), std::string::npos);
  // North is up: the first shape starts at the top (y = 5).
  EXPECT_NE(svg.find("<path d=\"M5 5"), std::string::npos) << svg;
  EXPECT_EQ(render_svg({}, "nothing"), "");
}

// The points a path's d draws: "M x y" then relative "l dx dy ..." pairs.
std::vector<std::pair<int, int>> drawn_points(const std::string& svg) {
  auto at = svg.find(" d=\"M");
  std::string d = svg.substr(at + 5, svg.find('"', at + 5) - at - 5);
  std::vector<int> numbers;
  for (std::size_t i = 0; i < d.size();) {
    if (d[i] == '-' || std::isdigit(static_cast<unsigned char>(d[i]))) {
      std::size_t used = 0;
      numbers.push_back(std::stoi(d.substr(i), &used));
      i += used;
    } else {
      ++i;
    }
  }
  std::vector<std::pair<int, int>> out = {{numbers[0], numbers[1]}};
  for (std::size_t i = 2; i + 1 < numbers.size(); i += 2)
    out.emplace_back(out.back().first + numbers[i], out.back().second + numbers[i + 1]);
  return out;
}

TEST(Svg, BoundariesAreSimplifiedToWhatShowsAndStayWithinAPixel) {
  // A circle of 2,000 points, 45 pixels across: most points fall on a straight enough line.
  geo::Ring ring;
  for (int i = 0; i <= 2000; ++i) {
    double t = 2 * M_PI * i / 2000;
    ring.push_back({0.5 + 0.5 * std::sin(t), 0.5 + 0.5 * std::cos(t)});
  }
  Shape circle{"E01", "Round", {{ring}}};
  std::string svg = render_svg({circle}, "A circle", 100);
  auto points = drawn_points(svg);
  EXPECT_LT(points.size(), 80u) << svg;  // from 2,000
  EXPECT_GT(points.size(), 12u) << svg;  // still a circle, not a square
  // Every drawn point is on the circle (centre 50, 50; radius 45) to within a pixel.
  for (const auto& [x, y] : points) EXPECT_NEAR(std::hypot(x - 50.0, y - 50.0), 45.0, 1.0) << x << "," << y;
  // A square keeps exactly its corners.
  Shape square{"E02", "Square", {{{{0, 0}, {0.5, 0}, {1, 0}, {1, 0.5}, {1, 1}, {0, 1}, {0, 0}}}}};
  auto corners = drawn_points(render_svg({square}, "A square", 100));
  std::set<std::pair<int, int>> distinct(corners.begin(), corners.end());
  EXPECT_EQ(distinct, (std::set<std::pair<int, int>>{{5, 5}, {95, 5}, {95, 95}, {5, 95}}));
}

TEST(Svg, LabelsAreDrawnOnTopAtTheirPoint) {
  Shape a{"E01", "A", {{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}}, "kith-group-1"};
  // The square spans 90 pixels (100 less the margins); its middle is at 50, 50.
  std::string svg = render_svg({a}, "One group", 100, {{"1 & 2", 0.5, 0.5}});
  EXPECT_NE(svg.find("<path class=\"kith-group-1\""), std::string::npos) << svg;
  auto text = svg.find("<text class=\"kith-map-label\" x=\"50\" y=\"50\">1 &amp; 2</text>");
  ASSERT_NE(text, std::string::npos) << svg;
  EXPECT_GT(text, svg.find("</path>"));  // after the shapes, so on top
}

}  // namespace
}  // namespace kith::areas
