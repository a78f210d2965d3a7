#include "directory/sheet.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/text.h"
#include "directory/directory.h"
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

// What `iconv -t UTF-16` makes of a small CSV: a byte-order mark, then two bytes a character.
std::string utf16(const std::string& ascii, bool bom = true) {
  std::string out = bom ? std::string("\xFF\xFE") : std::string();
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

TEST(Encoding, AFileThatIsNotUtf8IsRefusedWholeSayingHowToSaveIt) {
  const std::string csv = "name,postcode\nHeeley Lunch Club,S2 3BA\n";
  EXPECT_FALSE(encoding_problem(csv));
  EXPECT_FALSE(encoding_problem("\xEF\xBB\xBF" + csv));  // Excel's "CSV UTF-8" mark
  auto with_mark = encoding_problem(utf16(csv));
  ASSERT_TRUE(with_mark);
  EXPECT_NE(with_mark->find("UTF-16"), std::string::npos) << *with_mark;
  EXPECT_NE(with_mark->find("CSV UTF-8"), std::string::npos);
  auto without_mark = encoding_problem(utf16(csv, false));
  ASSERT_TRUE(without_mark);
  EXPECT_NE(without_mark->find("zero bytes"), std::string::npos) << *without_mark;
  auto latin1 = encoding_problem("name\nCaf\xE9\n");
  ASSERT_TRUE(latin1);
  EXPECT_NE(latin1->find("line 2"), std::string::npos) << *latin1;
  // The whole reading is refused, so nothing of the file's bytes reaches a message.
  std::istringstream in(utf16(csv));
  auto r = read_sheet(in, {}, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "not-utf8");
  EXPECT_TRUE(valid_utf8(r.error().message));
}

// The outside tester's file: a zero byte, an ANSI escape and a 2 MB name, each taken
// before; now each row is refused by the listing form's own rules, naming line and field.
TEST(ReadSheet, EveryValuePassesTheListingFormsRules) {
  const std::string big(2 << 20, 'a');
  std::istringstream in(std::string("name,description,town,email\n") + "Zero club,A hall" + '\0' +
                        "with a zero byte,Sheffield,\n"
                        "Escape club,Fine,\x1b[31mSheffield,\n" +
                        big +
                        ",Long,Sheffield,\n"
                        "Email club,Fine,Sheffield,not an email\n"
                        "Fine club,\"Tea\tand\ncake\",Sheffield,hello@example.org\n");
  auto r = read_sheet(in, {}, {});
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->problems.size(), 4u);
  EXPECT_EQ(r->problems[0].where, "line 2");
  EXPECT_NE(r->problems[0].message.find("field description"), std::string::npos) << r->problems[0].message;
  EXPECT_NE(r->problems[0].message.find("control character"), std::string::npos);
  EXPECT_EQ(r->problems[1].where, "line 3");
  EXPECT_NE(r->problems[1].message.find("field town"), std::string::npos) << r->problems[1].message;
  EXPECT_EQ(r->problems[2].where, "line 4");
  EXPECT_EQ(r->problems[2].message, "field name (column \"name\"): Use 120 characters or fewer");
  EXPECT_EQ(r->problems[3].where, "line 5");
  EXPECT_NE(r->problems[3].message.find("field email"), std::string::npos);
  int services = 0;
  for (const auto& rec : r->feed) services += rec.contains("kith_line");
  EXPECT_EQ(services, 1) << "only the fine row is taken, with its tab and line break";
  // The same rule the form uses: one check, so the two cannot drift apart.
  EXPECT_TRUE(listing_field_problem("town", "\x1b[31mSheffield"));
  EXPECT_FALSE(listing_field_problem("description", "Tea\tand\ncake"));
}

TEST(ReadSheet, HoursThatCannotBeReadAreWarnedAboutAndWhatCanBeReadIsKept) {
  std::istringstream in(
      "name,postcode,When?\n"
      "Chess club,S2 3BA,Tuesdays 10-12\n"
      "Walk,S2 3BA,Mon-Fri 9am-5pm\n"
      "Lunch,S2 3BA,\"Monday, Thursday\"\n");
  auto r = read_sheet(in, {{{"days", "When?"}}, false}, {});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->problems.empty());
  ASSERT_EQ(r->warnings.size(), 2u);
  EXPECT_EQ(r->warnings[0].where, "line 2 (Chess club)");
  EXPECT_NE(r->warnings[0].message.find("read as TU"), std::string::npos) << r->warnings[0].message;
  EXPECT_NE(r->warnings[0].message.find("\"10-12\" was not understood"), std::string::npos);
  EXPECT_EQ(r->warnings[1].where, "line 3 (Walk)");
  EXPECT_NE(r->warnings[1].message.find("no day could be read"), std::string::npos) << r->warnings[1].message;
  EXPECT_NE(r->warnings[1].message.find("Mon-Fri 9am-5pm"), std::string::npos);
  const Json& chess = r->feed[0];
  ASSERT_TRUE(chess.contains("schedules"));
  EXPECT_EQ(chess["schedules"][0]["byday"], "TU");
}

TEST(ReadSheet, TwoSessionsOfOneActivityAtOnePlaceKeepBothSchedules) {
  std::istringstream in(
      "name,postcode,days,opens_at,closes_at\n"
      "Chair yoga,S2 3BA,Monday,10:00,11:00\n"
      "Chair yoga,S2 3BA,Thursday,14:00,15:00\n"
      "Chair yoga,S2 3BA,Thursday,14:00,15:00\n");
  auto r = read_sheet(in, {}, {});
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->feed.size(), 1u);
  const Json schedules = r->feed[0]["schedules"];
  ASSERT_EQ(schedules.size(), 2u) << schedules.dump();
  EXPECT_EQ(schedules[0]["byday"], "MO");
  EXPECT_EQ(schedules[0]["opens_at"], "10:00:00");
  EXPECT_EQ(schedules[1]["byday"], "TH");
  EXPECT_EQ(schedules[1]["opens_at"], "14:00:00");
  EXPECT_NE(schedules[0]["id"], schedules[1]["id"]);
  ASSERT_GE(r->merged.size(), 2u);
  EXPECT_EQ(r->merged[0].message,
            "has the same name and postcode as line 2, so it is another session of one listing: both rows' days and "
            "times are kept");
  EXPECT_EQ(r->merged[1].message,
            "has the same name and postcode as line 2, so they are one listing; this later row "
            "is the one kept");
}

TEST(ReadSheet, MessagesNameTheControlsOfWhereTheyAreShown) {
  const std::string swapped = "name,lat,lon\nA,-1.47,53.38\nB,-2.60,53.61\nC,0.33,51.48\n";
  std::istringstream cli_in(swapped), page_in(swapped);
  auto cli = read_sheet(cli_in, {}, {});
  SheetOptions page_options;
  page_options.controls = Controls::kUploadPage;
  auto page = read_sheet(page_in, page_options, {});
  ASSERT_FALSE(cli);
  ASSERT_FALSE(page);
  EXPECT_NE(cli.error().message.find("--swap-coordinates"), std::string::npos);
  EXPECT_EQ(page.error().message.find("--"), std::string::npos) << page.error().message;
  EXPECT_NE(page.error().message.find("tick \"Swap latitude and longitude\""), std::string::npos);
  std::istringstream no_name("Library,Post code\nCentral,S1 1XZ\n");
  page_options.controls = Controls::kUploadPage;
  auto unnamed = read_sheet(no_name, page_options, {});
  ASSERT_FALSE(unnamed);
  EXPECT_EQ(unnamed.error().message.find("--map"), std::string::npos) << unnamed.error().message;
  EXPECT_NE(unnamed.error().message.find("choose \"name\" for one of the columns"), std::string::npos);
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

// The resolver reads many spellings of one address; each is checked as the address it reaches.
TEST(FeedUrl, EverySpellingOfAPrivateAddressIsRefused) {
  for (const char* url :
       {"https://127.1/", "https://2130706433/", "https://0x7f.1/", "https://0177.0.0.1/", "https://localhost./",
        "https://192.168.1.1./", "https://[::ffff:7f00:1]/", "https://[0:0:0:0:0:0:0:1]/", "https://[::127.0.0.1]/",
        "https://10.0.0.1../", "https://0x0a000001/", "https://LOCALHOST./"})
    EXPECT_TRUE(feed_url_problem(url, false)) << url;
  EXPECT_EQ(normalise_host("0x7f.1"), "127.0.0.1");
  EXPECT_EQ(normalise_host("2130706433"), "127.0.0.1");
  EXPECT_EQ(normalise_host("0177.0.0.1"), "127.0.0.1");
  EXPECT_EQ(normalise_host("example.org."), "example.org");
  // Public hosts, and names that merely look numeric, are still taken.
  EXPECT_FALSE(feed_url_problem("https://8.8.8.8./services", false));
  EXPECT_FALSE(feed_url_problem("https://cafe.be/services", false));
  EXPECT_FALSE(feed_url_problem("https://134744072/services", false));  // 8.8.8.8
}

}  // namespace
}  // namespace kith::directory
