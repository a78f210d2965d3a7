#include "directory/directory.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "directory/hsds.h"
#include "directory/importer.h"
#include "directory/present.h"

namespace kith::directory {
namespace {

std::function<std::string(const std::string&)> params(const std::map<std::string, std::string>& m) {
  return [m](const std::string& k) {
    auto it = m.find(k);
    return it == m.end() ? std::string() : it->second;
  };
}

std::vector<std::string> fields_of(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields) out.push_back(f.field);
  return out;
}

TEST(ServiceQuery, ReadsEveryFilter) {
  auto q = parse_service_query(params({{"search", "Warm  SPACE"},
                                       {"page", "2"},
                                       {"per_page", "10"},
                                       {"day", "tuesday"},
                                       {"start_time", "9:30"},
                                       {"minimum_age", "18"},
                                       {"postcode", "s10 2fd"},
                                       {"proximity", "800"}}));
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(q->words, (std::vector<std::string>{"warm", "space"}));
  EXPECT_EQ(q->page, 2);
  EXPECT_EQ(q->per_page, 10);
  EXPECT_EQ(q->day, "TU");
  EXPECT_EQ(q->start_time, "09:30:00");
  EXPECT_EQ(q->minimum_age, 18);
  EXPECT_EQ(q->postcode, "S102FD");
  EXPECT_EQ(q->proximity_m, 800);
}

TEST(ServiceQuery, NamesEveryBadParameter) {
  auto q = parse_service_query(params({{"page", "0"},
                                       {"per_page", "5000"},
                                       {"proximity", "-1"},
                                       {"postcode", "not a postcode"},
                                       {"day", "Funday"},
                                       {"end_time", "25:00"},
                                       {"maximum_age", "old"},
                                       {"free", "maybe"}}));
  ASSERT_FALSE(q);
  EXPECT_EQ(q.error().code, "validation-failed");
  EXPECT_EQ(fields_of(q.error()), (std::vector<std::string>{"page", "per_page", "maximum_age", "free", "day",
                                                            "end_time", "postcode", "proximity"}));
  for (const char* said : {"yes", "no", "true", "false", ""})
    EXPECT_TRUE(parse_service_query(params({{"free", said}}))) << said;
  EXPECT_TRUE(parse_service_query(params({{"free", "yes"}}))->free_only);
}

TEST(ServiceQuery, ProximityNeedsAPostcode) {
  auto q = parse_service_query(params({{"proximity", "500"}}));
  ASSERT_FALSE(q);
  EXPECT_EQ(fields_of(q.error()), std::vector<std::string>{"postcode"});
}

TEST(Paging, WrapsContentsAsTheProfileSays) {
  Json p = page_json(21, 3, 10, Json::array({1}));
  EXPECT_EQ(p["total_items"], 21);
  EXPECT_EQ(p["total_pages"], 3);
  EXPECT_EQ(p["page_number"], 3);
  EXPECT_EQ(p["size"], 1);
  EXPECT_EQ(p["first_page"], false);
  EXPECT_EQ(p["last_page"], true);
  EXPECT_EQ(p["empty"], false);
  Json none = page_json(0, 1, 10, Json::array());
  EXPECT_EQ(none["total_pages"], 0);
  EXPECT_EQ(none["empty"], true);
  EXPECT_EQ(none["last_page"], true);
  EXPECT_FALSE(past_the_end(0, 1, 10));
  EXPECT_FALSE(past_the_end(21, 3, 10));
  EXPECT_TRUE(past_the_end(21, 4, 10));
}

TEST(Schedules, ReadInPlainEnglish) {
  EXPECT_EQ(describe_schedule({{"byday", "TU"}, {"opens_at", "10:00:00"}, {"closes_at", "14:00:00"}}),
            "Tuesdays, 10am to 2pm");
  EXPECT_EQ(describe_schedule({{"byday", "MO,WE,FR"}, {"opens_at", "09:30"}, {"closes_at", "12:00"}}),
            "Mondays, Wednesdays and Fridays, 9:30am to midday");
  EXPECT_EQ(describe_schedule({{"freq", "DAILY"}}), "Every day");
  EXPECT_EQ(describe_schedule({{"description", "Second Saturday of the month"}}), "Second Saturday of the month");
  EXPECT_EQ(describe_schedule(
                {{"byday", "TU"}, {"opens_at", "10:00"}, {"closes_at", "14:00"}, {"description", "Staffed hours"}}),
            "Tuesdays, 10am to 2pm");
  EXPECT_EQ(describe_schedule(Json::object()), "Times not given");
}

TEST(Addresses, SayEachPartOnce) {
  Json loc = {{"name", "Bridge Gate"},
              {"addresses", {{{"address_1", "bridge gate "}, {"city", "Sheffield"}, {"postal_code", "S3 8NS"}}}}};
  EXPECT_EQ(address_text(loc), "Bridge Gate, Sheffield, S3 8NS");
  EXPECT_EQ(address_text(Json{{"name", "Hall"}}), "Hall");
  // The warm spaces list: an address that ends with its postcode and town, and the
  // postcode again in its own column (was "White Lane, Sheffield, S12 3GH, S12 3GH").
  Json warm = {{"name", "White Lane, Sheffield, S12 3GH"},
               {"addresses",
                {{{"address_1", "White Lane, Sheffield, S12 3GH"}, {"city", "Sheffield"}, {"postal_code", "S123GH"}}}}};
  EXPECT_EQ(address_text(warm), "White Lane, Sheffield, S12 3GH");
}

TEST(Ages, NothingIsMadeUpWhereTheListingSaysNothing) {
  EXPECT_EQ(ages_text(Json::object()), "");
  EXPECT_EQ(ages_text({{"minimum_age", 0}, {"maximum_age", 120}}), "All ages");
  EXPECT_EQ(ages_text({{"minimum_age", 11}, {"maximum_age", 18}}), "Aged 11 to 18");
  EXPECT_EQ(ages_text({{"minimum_age", 60}}), "Aged 60 and over");
}

TEST(Text, HtmlFromFeedsBecomesPlainText) {
  EXPECT_EQ(strip_html("<p>Tea &amp; cake</p><p>Every&nbsp;week</p>"), "Tea & cake Every week");
  EXPECT_EQ(strip_html("<p><br></p>"), "");
  EXPECT_EQ(search_text({"Warm <b>Space</b>", "", "Food"}), "warm space food");
}

TEST(Days, AcceptTheWaysPeopleWriteThem) {
  EXPECT_EQ(normalise_day("MO"), "MO");
  EXPECT_EQ(normalise_day("wed"), "WE");
  EXPECT_EQ(normalise_day("Thursdays"), "TH");
  EXPECT_FALSE(normalise_day("T"));
  EXPECT_FALSE(normalise_day("someday"));
  EXPECT_EQ(normalise_time("7:05"), "07:05:00");
  EXPECT_FALSE(normalise_time("7"));
  EXPECT_FALSE(normalise_time("12:60"));
}

Json sample_service() {
  return {{"id", "svc-1"},
          {"name", "Youth club"},
          {"status", "active"},
          {"minimum_age", "11"},
          {"organization", {{"id", "org-1"}, {"name", "Club"}, {"description", "A club"}}},
          {"schedules", Json::array({{{"byday", "TU"}, {"opens_at", "18:00"}}})},
          {"attributes", Json::array({{{"id", "att-1"}, {"taxonomy_term", {{"id", "term-1"}, {"name", "Youth"}}}}})},
          {"unknown_extension", "kept out"}};
}

TEST(Flatten, GivesEveryNestedObjectItsRowAndItsParent) {
  std::vector<Problem> problems;
  auto rows = flatten("service", sample_service(), problems);
  ASSERT_TRUE(rows);
  EXPECT_TRUE(problems.empty());
  std::map<std::string, Json> by_table;
  for (const auto& r : *rows) by_table[r.table] = r.fields;
  EXPECT_EQ(by_table["service"]["organization_id"], "org-1");
  EXPECT_EQ(by_table["service"]["minimum_age"], 11.0);  // text "11" read as a number
  EXPECT_FALSE(by_table["service"].contains("unknown_extension"));
  EXPECT_EQ(by_table["schedule"]["service_id"], "svc-1");
  EXPECT_EQ(by_table["schedule"]["id"].get<std::string>().size(), 36u);  // a stable id was made
  EXPECT_EQ(by_table["attribute"]["link_id"], "svc-1");
  EXPECT_EQ(by_table["attribute"]["link_entity"], "service");
  EXPECT_EQ(by_table["attribute"]["taxonomy_term_id"], "term-1");
  EXPECT_EQ(rows->back().table, "service");

  // The same document again gives the same ids.
  auto again = flatten("service", sample_service(), problems);
  EXPECT_EQ((*again)[0].id(), (*rows)[0].id());
}

TEST(Flatten, RefusesWrongTypesAndSaysWhere) {
  Json doc = sample_service();
  doc["maximum_age"] = "about twelve";
  doc["schedules"] = "Tuesdays";
  std::vector<Problem> problems;
  EXPECT_FALSE(flatten("service", doc, problems));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].where, "service svc-1 (Youth club)");
  EXPECT_EQ(problems[0].message, "maximum_age should be a number, not \"about twelve\"");
  EXPECT_EQ(problems[1].message, "schedules should be a list");
}

// Found by tests/fuzz/fuzz_tabular: "nan" and "inf" read as numbers, and text that is
// not UTF-8 threw while the problem was being described.
TEST(Flatten, RefusesNumbersThatAreNotFiniteAndDescribesAnyText) {
  std::vector<Problem> problems;
  EXPECT_FALSE(flatten("location", {{"id", "l1"}, {"latitude", "nan"}, {"longitude", "-inf"}}, problems));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].message, "latitude should be a number, not \"nan\"");
  problems.clear();
  EXPECT_FALSE(flatten("service", {{"id", "s1"}, {"name", "Club"}, {"minimum_age", "\xFF"}}, problems));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].message, "minimum_age should be a number, not \"\xEF\xBF\xBD\"");
}

// Found by tests/fuzz/fuzz_spreadsheet: a spreadsheet row's coordinates out of range
// (or "-inf") are reported by line, not passed on; a file that is not UTF-8 is refused
// whole, naming its first line with other bytes.
TEST(Spreadsheet, ReportsImpossibleCoordinatesByLineAndRefusesTextThatIsNotUtf8) {
  std::istringstream in(
      "Name,Postcode,Lat,Lon\n"
      "Far club,,91,0\n"
      "Inf club,,0,-inf\n"
      "Fine club,S1 1AA,53.38,-1.47\n");
  std::vector<Problem> problems;
  Json feed = spreadsheet_to_feed(in, {}, {}, problems);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].where, "line 2 (Far club)");
  EXPECT_EQ(problems[0].message, "latitude \"91\" is not a number between -90 and 90");
  EXPECT_EQ(problems[1].where, "line 3 (Inf club)");
  ASSERT_EQ(feed.size(), 1u);
  EXPECT_EQ(feed[0]["name"], "Fine club");

  std::istringstream latin1("Name,Postcode\nFine club,S1 1AA\nCaf\xE9,\n");
  problems.clear();
  EXPECT_TRUE(spreadsheet_to_feed(latin1, {}, {}, problems).empty());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].message,
            "The file is not UTF-8 text (line 3 is the first with other bytes): save it as \"CSV UTF-8\" (or JSON "
            "in UTF-8) and import it again");
}

// Found by tests/fuzz/fuzz_hsds_json: an object nested under a table that cannot point
// at it (an organization inside an organization) made a column the table does not
// have, and the database error ended the whole import.
TEST(Flatten, LeavesOutObjectsTheTableCannotPointAt) {
  std::vector<Problem> problems;
  auto rows = flatten("organization",
                      {{"id", "o1"}, {"name", "Org"}, {"organization", {{"id", "o2"}, {"name", "Inner"}}}}, problems);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->back().table, "organization");
  EXPECT_FALSE(rows->back().fields.contains("organization_id"));
}

TEST(Assemble, RebuildsTheDocumentFromRows) {
  std::vector<Problem> problems;
  auto rows = flatten("service", sample_service(), problems);
  RowSource source = [&](const std::string& t, const std::string& column, const std::string& value,
                         const std::string& entity_column, const std::string& entity) {
    std::vector<Json> out;
    for (const auto& r : *rows)
      if (r.table == t && text_of(r.fields, column) == value &&
          (entity_column.empty() || text_of(r.fields, entity_column) == entity))
        out.push_back(r.fields);
    return out;
  };
  Json doc = assemble(service_full(), rows->back().fields, source);
  EXPECT_EQ(doc["name"], "Youth club");
  EXPECT_TRUE(doc["minimum_age"].is_number_integer());
  EXPECT_EQ(doc["organization"]["name"], "Club");
  EXPECT_EQ(doc["schedules"][0]["byday"], "TU");
  EXPECT_EQ(doc["attributes"][0]["taxonomy_term"]["name"], "Youth");
  EXPECT_EQ(doc["service_at_locations"], Json::array());
  Json item = assemble(service_list_item(), rows->back().fields, source);
  EXPECT_FALSE(item.contains("schedules"));
  EXPECT_EQ(item["organization"]["id"], "org-1");
}

TEST(Listing, WebAddressesAreHttpOrHttpsWithAHost) {
  for (const char* ok : {"https://example.org", "http://example.org/a?b=c#d", "HTTPS://Example.org/path"})
    EXPECT_TRUE(is_web_address(ok)) << ok;
  for (const char* bad : {"javascript:alert(1)", "JavaScript://example.org/%0Aalert(1)", "data:text/html,hi",
                          "//evil.example", "https://", "https:///path", "https://exa mple.org", "https://a\\b",
                          "http://\tevil.example", "ftp://example.org", "example.org"})
    EXPECT_FALSE(is_web_address(bad)) << bad;
}

TEST(Listing, OneRuleForEachFieldNamesTheProblem) {
  EXPECT_EQ(listing_field_problem("url", "javascript:alert(1)"),
            "Enter a web address starting https://, like https://example.org");
  EXPECT_EQ(listing_field_problem("email", "not-an-email"), "Enter an email address like name@example.com");
  EXPECT_EQ(listing_field_problem("contact_email", "a@b"), "Enter an email address like name@example.com");
  EXPECT_EQ(listing_field_problem("name", std::string(121, 'a')), "Use 120 characters or fewer");
  EXPECT_EQ(listing_field_problem("description", std::string(2001, 'a')), "Use 2000 characters or fewer");
  EXPECT_FALSE(listing_field_problem("url", ""));
  EXPECT_FALSE(listing_field_problem("url", "https://example.org"));
  EXPECT_FALSE(listing_field_problem("name", std::string(120, 'a')));
  // Markup in what people read is refused, naming it; a "<" in plain words is text.
  for (const char* f : {"name", "organisation", "description", "address_1", "town"})
    EXPECT_EQ(listing_field_problem(f, "Club \"><img src=x onerror=alert(1)>"),
              "Write it as plain text, without HTML such as <script>")
        << f;
  EXPECT_FALSE(listing_field_problem("description", "For ages < 5 and their carers"));

  Listing l;
  l.name = "Repair Cafe";
  l.description = "Bring broken things";
  l.address_1 = "The Library";
  l.town = "Dudley";
  l.postcode = "DY1 3PT";
  EXPECT_TRUE(listing_problems(l).empty());
  l.url = "javascript:alert(1)";
  l.email = "nobody";
  auto problems = listing_problems(l);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].field, "email");
  EXPECT_EQ(problems[1].field, "url");

  auto read = read_listing(params({{"name", "Repair Cafe"},
                                   {"description", "Bring broken things"},
                                   {"address_1", "The Library"},
                                   {"town", "Dudley"},
                                   {"postcode", "ZZ99 9ZZ9"},
                                   {"url", "javascript:alert(1)"}}),
                           {});
  ASSERT_FALSE(read);
  EXPECT_EQ(fields_of(read.error()), (std::vector<std::string>{"postcode", "url"}));
  EXPECT_EQ(read.error().fields[0].message, "Enter a real postcode, like S1 2HH");
}

TEST(Oruk1, BecomesAnHsds3Service) {
  Json v1 = {{"id", "b1"},
             {"name", "Lunch club"},
             {"description", "<p>Hot meals&nbsp;weekly</p>"},
             {"status", ""},
             {"organization", {{"id", "o1"}, {"name", "Age Friendly"}, {"url", "https://example.org"}}},
             {"eligibilitys", Json::array({{{"minimum_age", 65}}})},
             {"regular_schedules", Json::array({{{"weekday", "Friday"}, {"opens_at", "12:00"}}})},
             {"pc_metadata", {{"date_modified", "2024-05-01"}}}};
  Json s = oruk1_to_hsds3(v1);
  EXPECT_EQ(s["description"], "Hot meals weekly");
  EXPECT_EQ(s["status"], "active");
  EXPECT_EQ(s["minimum_age"], 65);
  EXPECT_EQ(s["organization"]["website"], "https://example.org");
  EXPECT_EQ(s["organization"]["description"], "Age Friendly");
  EXPECT_EQ(s["schedules"][0]["byday"], "FR");
  EXPECT_EQ(s["last_modified"], "2024-05-01T00:00:00Z");
  EXPECT_EQ(guess_table(s), "service");
}

TEST(Records, AreRecognisedByTheirFields) {
  EXPECT_EQ(guess_table({{"id", "1"}, {"name", "x"}, {"status", "active"}}), "service");
  EXPECT_EQ(guess_table({{"id", "1"}, {"service", {}}, {"location", {}}}), "service_at_location");
  EXPECT_EQ(guess_table({{"id", "1"}, {"name", "x"}, {"taxonomy_id", "t"}}), "taxonomy_term");
  EXPECT_EQ(guess_table({{"id", "1"}, {"name", "x"}, {"description", "y"}}), "organization");
  EXPECT_EQ(guess_table(Json::array()), "");
}

TEST(Ids, StableIdsAreUuids) {
  std::string id = stable_id("anything");
  EXPECT_EQ(id, stable_id("anything"));
  EXPECT_NE(id, stable_id("anything else"));
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[8], '-');
  EXPECT_EQ(id[14], '5');
}

TEST(Present, ACostIsSaidOnceWhetherInWordsOrAsAnAmount) {
  auto service = [](Json option) { return Json{{"cost_options", Json::array({std::move(option)})}}; };
  EXPECT_EQ(cost_text(service({{"option", "£4.50 for two courses"}, {"amount", 4.5}})), "£4.50 for two courses");
  EXPECT_EQ(cost_text(service({{"option", "Per session"}, {"amount", 3}})), "Per session (£3.00)");
  EXPECT_EQ(cost_text(service({{"amount", 2.5}})), "£2.50");
  EXPECT_EQ(cost_text(Json{{"fees_description", "Pay what you can"}}), "Pay what you can");
}

}  // namespace
}  // namespace kith::directory
