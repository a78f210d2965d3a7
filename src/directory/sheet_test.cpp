#include "directory/sheet.h"

#include <gtest/gtest.h>

#include <sstream>

#include "directory/feed_url.h"

namespace kith::directory {
namespace {

TEST(SwapCheck, SeesGreatBritainTheWrongWayRound) {
  // Sheffield, Chorley and Thurrock, as a file with the columns swapped has them.
  auto swapped = check_swap({{-1.47, 53.38}, {-2.60, 53.61}, {0.33, 51.48}, {-1.50, 53.40}});
  EXPECT_EQ(swapped.rows, 4);
  EXPECT_EQ(swapped.look_swapped, 4);
  EXPECT_EQ(swapped.look_right, 0);
  EXPECT_TRUE(swapped.swapped());
  auto right = check_swap({{53.38, -1.47}, {53.61, -2.60}, {51.48, 0.33}});
  EXPECT_EQ(right.look_right, 3);
  EXPECT_FALSE(right.swapped());
}

TEST(SwapCheck, OneSwappedRowInAGoodFileIsNotASwappedFile) {
  auto c = check_swap({{53.38, -1.47}, {53.61, -2.60}, {-1.50, 53.40}, {51.48, 0.33}});
  EXPECT_EQ(c.look_swapped, 1);
  EXPECT_FALSE(c.swapped());
}

TEST(SwapCheck, PointsFarFromBritainAreNotCalledSwapped) {
  // Rome and New York: neither way round is Great Britain.
  auto c = check_swap({{41.9, 12.5}, {40.7, -74.0}});
  EXPECT_EQ(c.rows, 2);
  EXPECT_EQ(c.look_swapped, 0);
  EXPECT_FALSE(c.swapped());
  EXPECT_FALSE(check_swap({}).swapped());
}

TEST(PlaceKey, DistinctPointsAreDistinctPlacesEvenWithTheSameAddress) {
  // The outside test's shops: one address text, different points.
  EXPECT_NE(place_key("High Street", "", 53.3811, -1.4701), place_key("High Street", "", 53.3830, -1.4650));
  EXPECT_NE(place_key("High Street", "S1 2AB", std::nullopt, std::nullopt),
            place_key("High Street", "S2 3CD", std::nullopt, std::nullopt));
  // One place, written a little differently, is one place.
  EXPECT_EQ(place_key("Heeley Parish Hall", "S2 3BA", 53.36001, -1.46999),
            place_key("heeley  parish hall ", "S2 3BA", 53.36004, -1.47002));
  EXPECT_NE(place_key("Heeley Parish Hall", "S2 3BA", 53.36, -1.47),
            place_key("Heeley Parish Hall", "S2 3BA", std::nullopt, std::nullopt));
}

TEST(SheetColumns, GuessesFromUsualHeadingsAndTakesTheMapping) {
  std::vector<std::string> header = {"Group name", "Post code", "Lat", "Long", "Descriptions"};
  auto at = sheet_columns(header, {});
  ASSERT_TRUE(at);
  EXPECT_EQ(at->at("name"), 0u);
  EXPECT_EQ(at->at("postcode"), 1u);
  EXPECT_EQ(at->at("latitude"), 2u);
  EXPECT_EQ(at->at("longitude"), 3u);
  EXPECT_EQ(at->at("description"), 4u);
  // A mapped column is not also guessed for another field: latitude=Long leaves
  // longitude to no column, rather than both coordinates reading one column.
  auto mapped = sheet_columns(header, {{"latitude", "Long"}});
  ASSERT_TRUE(mapped);
  EXPECT_EQ(mapped->at("latitude"), 3u);
  EXPECT_FALSE(mapped->count("longitude"));
}

TEST(SheetColumns, AnUnknownFieldOrColumnIsAnErrorNamingTheValidOnes) {
  std::vector<std::string> header = {"Name", "Lat", "Lon"};
  auto field = sheet_columns(header, {{"lattitude", "Lat"}});
  ASSERT_FALSE(field);
  EXPECT_EQ(field.error().code, "unknown-field");
  EXPECT_NE(field.error().message.find("\"lattitude\""), std::string::npos);
  EXPECT_NE(field.error().message.find(sheet_field_names()), std::string::npos);
  auto column = sheet_columns(header, {{"latitude", "Y"}});
  ASSERT_FALSE(column);
  EXPECT_EQ(column.error().code, "unknown-column");
  EXPECT_NE(column.error().message.find("\"Name\", \"Lat\", \"Lon\""), std::string::npos);
  auto twice = sheet_columns(header, {{"latitude", "Lat"}, {"longitude", "Lat"}});
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message.find("both"), std::string::npos);
}

TEST(SheetFields, EveryFieldHasAnExampleAndIsInTheHelp) {
  for (const auto& f : sheet_fields()) {
    EXPECT_FALSE(f.example.empty()) << f.name;
    EXPECT_NE(sheet_fields_text().find("  " + f.name + " "), std::string::npos) << f.name;
  }
}

TEST(ReadSheet, RefusesASwappedFileUntilAskedAndThenSwaps) {
  const std::string csv =
      "Name,Latitude,Longitude\n"
      "Library A,-1.47,53.38\n"
      "Library B,-2.60,53.61\n"
      "Library C,0.33,51.48\n";
  std::istringstream in(csv);
  auto refused = read_sheet(in, {}, {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "swapped-coordinates");
  EXPECT_NE(refused.error().message.find("3 of 3 rows"), std::string::npos);
  EXPECT_NE(refused.error().message.find("line 2: latitude -1.47, longitude 53.38 -> latitude 53.38, longitude -1.47"),
            std::string::npos);
  std::istringstream again(csv);
  auto swapped = read_sheet(again, {{}, true}, {});
  ASSERT_TRUE(swapped);
  EXPECT_TRUE(swapped->swapped_applied);
  ASSERT_EQ(swapped->feed.size(), 3u);
  const auto& loc = swapped->feed[0]["service_at_locations"][0]["location"];
  EXPECT_DOUBLE_EQ(loc["latitude"].get<double>(), 53.38);
  EXPECT_DOUBLE_EQ(loc["longitude"].get<double>(), -1.47);
}

TEST(ReadSheet, NamesTheCoordinateThatIsWrongAndListsUnmappedColumns) {
  std::istringstream in(
      "Name,Lat,Lon,Opening notes\n"
      "Far club,100,0,Mondays\n"
      "East club,53,200,\n"
      "Half club,53,,\n"
      "Fine club,53.38,-1.47,Tuesdays\n");
  auto r = read_sheet(in, {}, {});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->problems.size(), 3u);
  EXPECT_EQ(r->problems[0].message, "latitude \"100\" is not a number between -90 and 90");
  EXPECT_EQ(r->problems[1].message, "longitude \"200\" is not a number between -180 and 180");
  EXPECT_EQ(r->problems[2].message, "has a latitude but no longitude");
  ASSERT_EQ(r->unmapped.size(), 1u);
  EXPECT_EQ(r->unmapped[0], "Opening notes");
  ASSERT_EQ(r->preview.size(), 1u);
  EXPECT_EQ(r->preview[0]["name"], "Fine club");
  EXPECT_EQ(r->preview[0]["line"], 5);
}

TEST(ReadSheet, RowsAtOnePlaceShareItAndTheMergeIsReported) {
  std::istringstream in(
      "Name,Address,Postcode,Latitude,Longitude\n"
      "Shop one,High Street,,53.3811,-1.4701\n"
      "Shop two,High Street,,53.3830,-1.4650\n"
      "Lunch club,Parish Hall,S2 3BA,53.3600,-1.4700\n"
      "Toddler group,Parish Hall,S2 3BA,53.3600,-1.4700\n"
      "Lunch club,Parish Hall,S2 3BA,53.3600,-1.4700\n");
  auto r = read_sheet(in, {}, {});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->feed.size(), 4u);  // the repeated lunch club is one listing
  auto place = [&](size_t i) { return r->feed[i]["service_at_locations"][0]["location"]["id"].get<std::string>(); };
  EXPECT_EQ(r->feed[2]["name"], "Lunch club");
  EXPECT_EQ(r->feed[2]["kith_line"], 6);  // the later row is the one kept
  EXPECT_NE(place(0), place(1));          // same address text, different points
  EXPECT_EQ(place(2), place(3));          // two groups in one hall
  ASSERT_EQ(r->merged.size(), 2u);
  EXPECT_EQ(r->merged[0].where, "line 6 (Lunch club)");
  EXPECT_EQ(r->merged[1].where, "lines 4, 5, 6");
  EXPECT_NE(r->merged[1].message.find("Parish Hall, S2 3BA"), std::string::npos);
}

TEST(ReadSheet, AChainsShopsWithoutPostcodesAreOneListingPerPoint) {
  std::istringstream in(
      "Name,Address,Latitude,Longitude\n"
      "Corner Shop,High Street,53.3811,-1.4701\n"
      "Corner Shop,High Street,53.3830,-1.4650\n"
      "Corner Shop,High Street,53.3811,-1.4701\n");
  auto r = read_sheet(in, {}, {});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->feed.size(), 2u);
  EXPECT_NE(r->feed[0]["id"], r->feed[1]["id"]);
  ASSERT_EQ(r->merged.size(), 2u);
  EXPECT_EQ(r->merged[0].message,
            "has the same name and point as line 2, so they are one listing; this later row is the one kept");
}

TEST(FeedUrl, OnlyHttpsToThePublicInternet) {
  EXPECT_FALSE(feed_url_problem("https://directory.example.gov.uk/api/services", false));
  EXPECT_TRUE(feed_url_problem("http://directory.example.gov.uk/api/services", false));
  EXPECT_TRUE(feed_url_problem("https://user:pw@example.org/", false));
  EXPECT_TRUE(feed_url_problem("https://localhost:8080/services", false));
  EXPECT_TRUE(feed_url_problem("https://127.0.0.1/services", false));
  EXPECT_TRUE(feed_url_problem("https://10.1.2.3/services", false));
  EXPECT_TRUE(feed_url_problem("https://192.168.0.5/services", false));
  EXPECT_TRUE(feed_url_problem("https://169.254.169.254/latest", false));
  EXPECT_TRUE(feed_url_problem("https://[::1]/services", false));
  EXPECT_TRUE(feed_url_problem("https://[::ffff:127.0.0.1]/services", false));
  EXPECT_TRUE(feed_url_problem("https://intranet.internal/services", false));
  EXPECT_FALSE(feed_url_problem("https://10.1.2.3/services", true));
  EXPECT_FALSE(is_private_address("8.8.8.8"));
  EXPECT_TRUE(is_private_address("172.16.0.1"));
  EXPECT_FALSE(is_private_address("172.32.0.1"));
}

}  // namespace
}  // namespace kith::directory
