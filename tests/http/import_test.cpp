// Directory imports that check and explain, on both backends, with real messy data:
// the warm spaces list (points far from their postcodes), the HSDS 3.0 examples
// (a location's latitude 100), a libraries list with its coordinate columns swapped,
// dry runs that write nothing, and the upload page's dry run and confirmation.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "areas/areas.h"
#include "core/csv.h"
#include "core/text.h"
#include "directory/directory_store.h"
#include "directory/importer.h"
#include "support/harness.h"

namespace kith {
namespace {

using directory::FeedFormat;
using directory::ImportOptions;
using directory::Json;

std::string data(const std::string& path) { return testing::source_data() + "/" + path; }

// A CSV file as rows of cells (the header first); `lines`, when given, gets each row's
// line number (a quoted cell may span lines).
std::vector<std::vector<std::string>> read_csv(const std::string& path, std::vector<size_t>* lines = nullptr) {
  std::ifstream in(path, std::ios::binary);
  CsvReader reader(in);
  auto by_name = reader.header();
  std::vector<std::string> header(by_name.size());
  for (const auto& [name, index] : by_name) header.at(index) = name;
  std::vector<std::vector<std::string>> rows = {header};
  if (lines) lines->assign(1, 1);
  std::vector<std::string> cells;
  while (reader.next(cells)) {
    rows.push_back(cells);
    if (lines) lines->push_back(reader.line());
  }
  return rows;
}

std::string csv_text(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      std::string cell = row[i];
      bool quote = cell.find_first_of(",\"\n") != std::string::npos;
      std::string escaped;
      for (char c : cell) escaped += c == '"' ? std::string("\"\"") : std::string(1, c);
      out += (i ? "," : "") + (quote ? "\"" + escaped + "\"" : escaped);
    }
    out += "\n";
  }
  return out;
}

size_t column(const std::vector<std::string>& header, const std::string& name) {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  ADD_FAILURE() << "no column " << name;
  return 0;
}

class ImportTest : public testing::FreshDatabaseTest {
 protected:
  std::int64_t count(const std::string& table) { return directory::DirectoryStore(db()).count(table); }

  std::string write(const std::string& name, const std::string& text) {
    std::string path = ::testing::TempDir() + "/" + GetParam() + "-" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // The real postcodes of the rows' postcodes, from the 2025 Code-Point file.
  void load_postcodes(const std::set<std::string>& wanted) {
    auto rows = read_csv(data("postcodes/postcodes_codepoint_2025q4_5la.csv"));
    size_t pc = column(rows[0], "postcode"), lat = column(rows[0], "lat"), lon = column(rows[0], "lon");
    store::Transaction tx(db(), true);
    for (size_t i = 1; i < rows.size(); ++i) {
      auto norm = areas::normalise_postcode(rows[i][pc]);
      if (!norm || !wanted.count(*norm)) continue;
      db().exec("INSERT INTO postcodes (postcode, display, lat, lon) VALUES (?, ?, ?, ?)",
                {*norm, areas::display_postcode(*norm), *parse_double(rows[i][lat]), *parse_double(rows[i][lon])});
    }
    tx.commit();
  }
};

TEST_P(ImportTest, WarmSpacesFarFromTheirPostcodesAreFlaggedAndUnmappedColumnsListed) {
  const std::string path = data("places/warm_spaces_5la_2026-08.csv");
  std::vector<size_t> lines;
  auto rows = read_csv(path, &lines);
  const auto& h = rows[0];
  size_t title = column(h, "title"), postcode = column(h, "address_postcode"),
         distance = column(h, "postcode_distance_m");
  std::set<std::string> postcodes;
  for (size_t i = 1; i < rows.size(); ++i)
    if (auto pc = areas::normalise_postcode(rows[i][postcode])) postcodes.insert(*pc);
  load_postcodes(postcodes);

  auto r = directory::import_file(*database, path, ImportOptions{}, {});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->format, "a spreadsheet of places (CSV)");
  EXPECT_EQ(r->records, static_cast<int>(rows.size() - 1));
  EXPECT_GT(r->added, 200);
  // Free-text hours and the file's own bookkeeping are not dropped in silence.
  for (const char* c : {"hours_text", "hours_osm", "source", "postcode_distance_m"})
    EXPECT_NE(std::find(r->unmapped.begin(), r->unmapped.end(), c), r->unmapped.end()) << c;
  for (const char* c : {"title", "address", "description", "lat", "lon", "address_postcode", "url"})
    EXPECT_EQ(std::find(r->unmapped.begin(), r->unmapped.end(), c), r->unmapped.end()) << c;
  // The descriptions arrive.
  EXPECT_GT(db().scalar("SELECT COUNT(*) FROM hsds_service WHERE description IS NOT NULL AND description <> ''"), 200);

  // Every row the file itself says is more than 1.1 km from its postcode is flagged,
  // and none under 0.9 km (the file's postcode points are a little older than ours).
  std::set<std::string> flagged;
  for (const auto& w : r->warnings)
    if (w.message.find(" km from ") != std::string::npos) flagged.insert(w.where);
  int far = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    auto d = parse_double(rows[i][distance]);
    if (!d || !areas::normalise_postcode(rows[i][postcode])) continue;
    std::string where = "line " + std::to_string(lines[i]) + " (" + trim(rows[i][title]) + ")";
    if (*d > 1100) {
      ++far;
      EXPECT_TRUE(flagged.count(where)) << where << " is " << *d << " m from its postcode";
    }
    if (*d < 900) {
      EXPECT_FALSE(flagged.count(where)) << where;
    }
  }
  EXPECT_GE(far, 15);
  EXPECT_GE(flagged.size(), static_cast<size_t>(far));
}

TEST_P(ImportTest, TheHsds3ExamplesAreTakenWithTheBadLatitudeDroppedAndNamedOnce) {
  for (const char* name : {"organization_full.json", "service_full.json"}) {
    std::ifstream in(data(std::string("openreferral/hsds3/examples/") + name));
    Json feed = Json::parse(in);
    store::Transaction tx(db(), true);
    auto r = directory::import_feed(db(), feed, FeedFormat::kHsds3, name, {});
    tx.commit();
    EXPECT_TRUE(r.problems.empty()) << name << ": " << (r.problems.empty() ? "" : r.problems[0].message);
    EXPECT_EQ(r.added + r.updated, 1) << name;
    ASSERT_FALSE(r.warnings.empty()) << name;
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& w : r.warnings)
      EXPECT_TRUE(seen.insert({w.where, w.message}).second) << "listed twice: " << w.where;
    bool named = false;
    for (const auto& w : r.warnings)
      named = named || (w.where.find("location ") != std::string::npos &&
                        w.message.rfind("latitude 100 is not between -90 and 90", 0) == 0);
    EXPECT_TRUE(named) << name << ": the warning names the location and the value";
  }
  EXPECT_EQ(count("organization"), 1);
  EXPECT_EQ(count("service"), 1);
  EXPECT_GE(count("location"), 1);
  EXPECT_FALSE(db().query_one("SELECT id FROM hsds_location WHERE latitude > 90"));
}

TEST_P(ImportTest, ASwappedFileIsRefusedWithAPreviewThenTakenWhenAsked) {
  // Libraries in the five places, with the lat and lon headings exchanged.
  auto rows = read_csv(data("places/libraries_5la_librarieshacked_2025.csv"));
  size_t lat = column(rows[0], "lat"), lon = column(rows[0], "lon");
  std::swap(rows[0][lat], rows[0][lon]);
  std::string path = write("libraries-swapped.csv", csv_text(rows));

  auto refused = directory::import_file(*database, path, ImportOptions{}, {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "swapped-coordinates");
  EXPECT_NE(refused.error().message.find("look swapped"), std::string::npos);
  EXPECT_NE(refused.error().message.find("--swap-coordinates"), std::string::npos);
  EXPECT_NE(refused.error().message.find("line 2: latitude " + rows[1][lon].substr(0, 4)), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(count("service"), 0);

  ImportOptions swap;
  swap.swap_coordinates = true;
  auto taken = directory::import_file(*database, path, swap, {});
  ASSERT_TRUE(taken) << taken.error().message;
  EXPECT_TRUE(taken->swapped);
  EXPECT_EQ(taken->added, count("service"));
  EXPECT_GT(count("service"), 60);
  // Every point is back in England.
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM hsds_location WHERE latitude NOT BETWEEN 50 AND 56"), 0);
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM hsds_location WHERE longitude NOT BETWEEN -3 AND 1"), 0);
}

TEST_P(ImportTest, ADryRunReportsEverythingAndWritesNothing) {
  const std::string path = data("places/libraries_5la_librarieshacked_2025.csv");
  ImportOptions dry;
  dry.dry_run = true;
  auto r = directory::import_file(*database, path, dry, {});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->dry_run);
  EXPECT_GT(r->added, 60);
  EXPECT_EQ(r->preview.size(), 5u);
  EXPECT_EQ(r->preview[0]["line"], 2);
  EXPECT_NE(directory::report_text(*r).find("would be added"), std::string::npos);
  EXPECT_EQ(count("service"), 0);
  EXPECT_EQ(count("location"), 0);
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM hsds_taxonomy_term"), 0);
  // The same import for real adds what the dry run said.
  auto real = directory::import_file(*database, path, ImportOptions{}, {});
  ASSERT_TRUE(real);
  EXPECT_EQ(real->added, r->added);
  EXPECT_EQ(count("service"), r->added);
}

TEST_P(ImportTest, AMappingNamingAnUnknownFieldOrColumnChangesNothing) {
  const std::string path = data("places/libraries_5la_librarieshacked_2025.csv");
  ImportOptions field;
  field.mapping = {{"lattitude", "lat"}};
  auto r = directory::import_file(*database, path, field, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "unknown-field");
  EXPECT_NE(r.error().message.find("latitude, longitude"), std::string::npos);
  ImportOptions col;
  col.mapping = {{"latitude", "Latitude (WGS84)"}};
  auto c = directory::import_file(*database, path, col, {});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, "unknown-column");
  EXPECT_NE(c.error().message.find("\"lat\""), std::string::npos);
  EXPECT_EQ(count("service"), 0);
}

TEST_P(ImportTest, DistinctPointsWithOneAddressStayDistinctPlaces) {
  // Libraries that share their first address line ("High Street", ...) but stand at
  // different points must not become one place.
  auto rows = read_csv(data("places/libraries_5la_librarieshacked_2025.csv"));
  std::set<std::pair<std::string, std::string>> points;
  size_t lat = column(rows[0], "lat"), lon = column(rows[0], "lon");
  for (size_t i = 1; i < rows.size(); ++i)
    if (!rows[i][lat].empty()) points.insert({rows[i][lat], rows[i][lon]});
  auto r =
      directory::import_file(*database, data("places/libraries_5la_librarieshacked_2025.csv"), ImportOptions{}, {});
  ASSERT_TRUE(r);
  EXPECT_EQ(db().scalar("SELECT COUNT(DISTINCT id) FROM hsds_location WHERE latitude IS NOT NULL"),
            static_cast<std::int64_t>(points.size()));
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

// The upload page on the real server: a dry run on screen, then confirmation.
class ImportPageTest : public ::testing::TestWithParam<std::string> {
 protected:
  static testing::TestServer& server(const std::string& backend) { return testing::shared_server(backend); }
  testing::Browser signed_in(const std::string& role) {
    auto b = server(GetParam()).browser();
    b.sign_in(role + "@demo.kith.test", "kith-demo-" + role);
    return b;
  }
  std::string tag() const { return " (" + GetParam() + ")"; }
  std::int64_t services_named(const std::string& name) {
    auto db = server(GetParam()).app().database().acquire();
    return db->scalar("SELECT COUNT(*) FROM hsds_service WHERE name = ?", {name});
  }
};

TEST_P(ImportPageTest, AnOfficerUploadsAChecksAndConfirms) {
  // Sheffield's libraries, with headings a council might use, under names of their own
  // (the demo lists the real ones, and another source's listings are not taken over).
  auto rows = read_csv(data("places/libraries_5la_librarieshacked_2025.csv"));
  std::vector<std::vector<std::string>> sheet = {{"Library", "Street", "Post code", "Y", "X", "Council"}};
  const auto& h = rows[0];
  for (size_t i = 1; i < rows.size(); ++i)
    if (rows[i][column(h, "lad_nm")] == "Sheffield")
      sheet.push_back({rows[i][column(h, "name")] + " Library" + tag(), rows[i][column(h, "address1")],
                       rows[i][column(h, "postcode")], rows[i][column(h, "lat")], rows[i][column(h, "lon")],
                       rows[i][column(h, "local_authority_service")]});
  ASSERT_GT(sheet.size(), 20u);
  const std::string first = sheet[1][0];

  auto member = signed_in("member");
  EXPECT_EQ(member.get("/directory/import").status, 403);
  auto officer = signed_in("officer");
  auto page = officer.get("/directory/import");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("type=\"file\""), std::string::npos);
  EXPECT_NE(page.body.find("<code>opens_at</code>"), std::string::npos);

  auto none = officer.post_multipart("/directory/import", {}, "file", "empty.csv", "");
  EXPECT_EQ(none.status, 422);
  EXPECT_NE(none.body.find("The file empty.csv is empty"), std::string::npos);  // chosen, but empty

  auto up = officer.post_multipart("/directory/import", {}, "file", "libraries.csv", csv_text(sheet));
  ASSERT_EQ(up.status, 303) << up.body;
  std::string report_path = up.header("Location");
  ASSERT_EQ(report_path.rfind("/directory/import/", 0), 0u) << report_path;
  auto report = officer.get(report_path);
  ASSERT_EQ(report.status, 200);
  // No heading says "name": the file is refused with the reason, and every column is
  // offered for mapping.
  EXPECT_NE(report.body.find("no column holds the name"), std::string::npos);
  EXPECT_NE(report.body.find("Column “Y”"), std::string::npos);
  EXPECT_EQ(services_named(first), 0) << "the dry run wrote nothing";
  // Someone else cannot see or confirm another person's upload.
  auto moderator = signed_in("moderator");
  EXPECT_EQ(moderator.get(report_path).status, 404);

  // Map Y and X to latitude and longitude and check again.
  const Json shown = officer.get("/api/v1" + report_path).json();
  std::vector<std::pair<std::string, std::string>> form = {{"mapping_shown", "yes"}, {"decision", "check"}};
  for (const auto& c : shown["columns"]) {
    std::string col = c["column"], field;
    for (const auto& o : c["options"])
      if (o["selected"].get<bool>()) field = o["value"];
    if (col == "Library") field = "name";
    if (col == "Y") field = "latitude";
    if (col == "X") field = "longitude";
    form.push_back({"map_" + c["index"].dump(), field});
  }
  auto check = officer.post_form(report_path, form);
  ASSERT_EQ(check.status, 303) << check.body;
  const Json checked = officer.get("/api/v1" + report_path).json();
  EXPECT_EQ(checked["report"]["added"], static_cast<int>(sheet.size() - 1));
  EXPECT_EQ(checked["report"]["unmapped"], Json::array({"Council"}));
  ASSERT_FALSE(checked["report"]["preview"].empty());
  EXPECT_EQ(checked["report"]["preview"][0]["latitude"], Json(*parse_double(sheet[1][3])).dump());
  EXPECT_EQ(services_named(first), 0);

  for (auto& [k, v] : form)
    if (k == "decision") v = "import";
  auto confirm = officer.post_form(report_path, form);
  ASSERT_EQ(confirm.status, 303) << confirm.body;
  EXPECT_EQ(confirm.header("Location"), "/directory/import");
  EXPECT_EQ(services_named(first), 1);
  EXPECT_EQ(officer.get(report_path).status, 404) << "an upload is imported once";
  auto db = server(GetParam()).app().database().acquire();
  EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'directory.import'"), 1);
}

TEST_P(ImportPageTest, ASwappedFileIsExplainedAndFixedByTheCheckbox) {
  auto rows = read_csv(data("places/libraries_5la_librarieshacked_2025.csv"));
  size_t lat = column(rows[0], "lat"), lon = column(rows[0], "lon");
  std::swap(rows[0][lat], rows[0][lon]);
  for (auto& r : rows)
    if (&r != &rows[0]) r[column(rows[0], "name")] += " (swapped test)";
  auto officer = signed_in("moderator");
  auto up = officer.post_multipart("/directory/import", {}, "file", "swapped.csv", csv_text(rows));
  ASSERT_EQ(up.status, 303) << up.body;
  std::string path = up.header("Location");
  auto report = officer.get(path);
  EXPECT_NE(report.body.find("look swapped"), std::string::npos);
  // The page talks about its own controls, and shows the example rows one to a line.
  EXPECT_EQ(report.body.find("--swap-coordinates"), std::string::npos);
  EXPECT_NE(report.body.find("Swap latitude and longitude&quot; and check again"), std::string::npos)
      << report.body.substr(report.body.find("look swapped"), 600);
  auto rows_at = report.body.find("id=\"refusal-rows\"");
  ASSERT_NE(rows_at, std::string::npos);
  EXPECT_NE(report.body.find("<li>line 2: latitude", rows_at), std::string::npos);
  EXPECT_EQ(report.body.find("id=\"confirm-import\""), std::string::npos) << "nothing to import until swapped";
  auto check = officer.post_form(path, {{"decision", "check"}, {"swap_coordinates", "yes"}});
  ASSERT_EQ(check.status, 303);
  const Json fixed = officer.get("/api/v1" + path).json();
  EXPECT_TRUE(fixed["report"]["swapped"].get<bool>());
  EXPECT_GT(fixed["report"]["added"].get<int>(), 60);
  EXPECT_NE(officer.get(path).body.find("id=\"confirm-import\""), std::string::npos);
}

// A quote opened and never closed (a hand-edited file) would swallow every row after it
// into one cell: the file is refused naming the line, and nothing of it is imported.
TEST_P(ImportPageTest, AQuoteNeverClosedRefusesTheFileNamingTheLine) {
  const std::string csv = "Name,Postcode\nAdlington Library" + tag() + ",PR6 9RG\n\"Chorley Library" + tag() +
                          ",PR7 1EB\nCoppull Library" + tag() + ",PR7 5AA\n";
  auto officer = signed_in("officer");
  auto up = officer.post_multipart("/directory/import", {}, "file", "broken.csv", csv);
  ASSERT_EQ(up.status, 303) << up.body;
  auto report = officer.get(up.header("Location"));
  EXPECT_NE(report.body.find("line 3 opens a quote (&quot;) that is never closed"), std::string::npos) << report.body;
  EXPECT_EQ(report.body.find("id=\"confirm-import\""), std::string::npos) << "nothing of it can be imported";
}

TEST_P(ImportPageTest, PointsAwayFromTheirPostcodeOrOutsideTheUkAreFlagged) {
  // Real libraries (LibrariesHacked): Adlington as published; Adlington's postcode with
  // Sheffield Central's point; Chorley's point with its columns swapped, and no postcode.
  const std::string csv =
      "Name,Postcode,Latitude,Longitude\n"
      "Adlington Library" +
      tag() +
      ",PR6 9RG,53.61456,-2.60286\n"
      "Moved Library" +
      tag() +
      ",PR6 9RG,53.38004,-1.46684\n"
      "Upside Library" +
      tag() +
      ",,-2.63130,53.65451\n"
      "Chorley Library" +
      tag() + ",PR7 1EB,53.65451,-2.63130\n";
  auto officer = signed_in("officer");
  auto up = officer.post_multipart("/directory/import", {}, "file", "points.csv", csv);
  ASSERT_EQ(up.status, 303) << up.body;
  const Json shown = officer.get("/api/v1" + up.header("Location")).json();
  const Json& warnings = shown["report"]["warnings"];
  ASSERT_EQ(warnings.size(), 2u) << warnings.dump();
  EXPECT_EQ(warnings[0]["where"], "line 3 (Moved Library" + tag() + ")");
  EXPECT_NE(warnings[0]["message"].get<std::string>().find("km from PR6 9RG's point"), std::string::npos)
      << warnings[0]["message"];
  EXPECT_NE(warnings[0]["message"].get<std::string>().find("outside Chorley, where PR6 9RG is"), std::string::npos)
      << warnings[0]["message"];
  EXPECT_EQ(warnings[1]["where"], "line 4 (Upside Library" + tag() + ")");
  EXPECT_EQ(warnings[1]["message"], "the point (-2.6313, 53.65451) is outside the UK");
}

TEST_P(ImportPageTest, AnHsdsFileIsCheckedWithItsWarningsBeforeImport) {
  std::ifstream in(data("openreferral/hsds3/examples/service_full.json"));
  std::stringstream text;
  text << in.rdbuf();
  auto moderator = signed_in("moderator");
  auto up = moderator.post_multipart("/directory/import", {}, "file", "service_full.json", text.str());
  ASSERT_EQ(up.status, 303) << up.body;
  const Json shown = moderator.get("/api/v1" + up.header("Location")).json();
  EXPECT_EQ(shown["is_csv"], false);
  EXPECT_EQ(shown["report"]["format"], "HSDS 3.0 / Open Referral UK 3.0");
  EXPECT_EQ(shown["report"]["problems"], Json::array());
  ASSERT_EQ(shown["report"]["warnings"].size(), 1u);
  EXPECT_NE(shown["report"]["warnings"][0]["message"].get<std::string>().find("latitude 100"), std::string::npos);
  auto page = moderator.get(up.header("Location"));
  EXPECT_NE(page.body.find("Taken, but check these"), std::string::npos);
  // The demo holds this record already: importing it again updates it, so Import is offered.
  EXPECT_NE(page.body.find("id=\"confirm-import\""), std::string::npos);
  auto done = moderator.post_form(up.header("Location"), {{"decision", "import"}});
  EXPECT_EQ(done.status, 303) << done.body;
}

TEST_P(ImportPageTest, FeedsMustBeHttpsOnThePublicInternet) {
  auto officer = signed_in("officer");
  auto loopback =
      officer.post_form("/directory/import", {{"form", "feed"}, {"feed_url", "https://127.0.0.1/services"}});
  EXPECT_EQ(loopback.status, 422);
  EXPECT_NE(loopback.body.find("private or loopback"), std::string::npos);
  auto plain = officer.post_form("/directory/import", {{"form", "feed"}, {"feed_url", "http://example.org/services"}});
  EXPECT_EQ(plain.status, 422);
  const std::string url = "https://directory.example.org/api/services?" + GetParam();
  auto ok = officer.post_form("/directory/import", {{"form", "feed"}, {"feed_url", url}});
  ASSERT_EQ(ok.status, 303) << ok.body;
  const Json page = officer.get("/api/v1/directory/import").json();
  std::int64_t id = 0;
  for (const auto& f : page["feeds"])
    if (f["url"] == url) id = f["id"];
  ASSERT_NE(id, 0);
  EXPECT_EQ(officer.post_form("/directory/import", {{"form", "feed"}, {"feed_url", url}}).status, 422);
  auto gone = officer.post_form("/directory/import", {{"form", "delete_feed"}, {"id", std::to_string(id)}});
  EXPECT_EQ(gone.status, 303);
}

// Bristol's real Open Referral UK feed (2.3 MB, 819 services): the command line takes
// it, so the page must too; it was refused for having more than 1,000 JSON members.
TEST_P(ImportPageTest, TheBristolFeedTheCommandLineTakesIsTakenOnThePage) {
  std::ifstream in(data("directory_feeds/bristol_council_oruk_v1_services_2024-12.json"), std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  ASSERT_GT(text.str().size(), 2'000'000u);
  auto officer = signed_in("officer");
  auto up = officer.post_multipart("/directory/import", {}, "file", "bristol.json", text.str());
  ASSERT_EQ(up.status, 303) << up.body.substr(0, 500);
  const Json shown = officer.get("/api/v1" + up.header("Location")).json();
  EXPECT_FALSE(shown["report"].contains("refused")) << shown["report"].value("refused", "");
  EXPECT_EQ(shown["report"]["format"], "Open Referral UK 1.0");
  const Json feed = Json::parse(text.str());
  const int records = static_cast<int>(feed.is_array() ? feed.size() : feed.value("content", Json::array()).size());
  ASSERT_GT(records, 700);
  EXPECT_EQ(shown["report"]["records"], records);
  EXPECT_EQ(shown["report"]["added"].get<int>() + shown["report"]["updated"].get<int>() +
                static_cast<int>(shown["report"]["problems"].size()),
            records);
}

// `iconv -t UTF-16` of a small CSV, and a binary file named .csv: refused with how to
// save the file, never a 500, and none of their bytes shown back as headings.
TEST_P(ImportPageTest, AFileThatIsNotUtf8IsRefusedAndNotEchoed) {
  const std::string csv = "name,postcode\nHeeley Lunch Club,S2 3BA\n";
  std::string utf16 = "\xFF\xFE";
  for (char c : csv) utf16 += std::string(1, c) + '\0';
  std::string binary = "\x89PNG\r\n\x1a\n";
  for (int i = 0; i < 600; ++i) binary += static_cast<char>((i * 37) % 256);
  auto officer = signed_in("officer");
  for (const auto& [name, file] : {std::pair<std::string, std::string>{"utf16.csv", utf16}, {"photo.csv", binary}}) {
    auto up = officer.post_multipart("/directory/import", {}, "file", name, file);
    ASSERT_EQ(up.status, 303) << name << ": " << up.body.substr(0, 300);
    const Json shown = officer.get("/api/v1" + up.header("Location")).json();
    const std::string refused = shown["report"].value("refused", "");
    EXPECT_NE(refused.find("CSV UTF-8"), std::string::npos) << name << ": " << refused;
    EXPECT_EQ(shown["columns"], Json::array()) << name;
    auto page = officer.get(up.header("Location"));
    EXPECT_EQ(page.status, 200) << name;
    EXPECT_TRUE(valid_utf8(page.body)) << name;
    EXPECT_NE(page.body.find("CSV UTF-8"), std::string::npos) << name;
  }
}

// A zero byte and an ANSI escape: taken before; now the row is refused by the listing
// form's own rule, naming its line and field.
TEST_P(ImportPageTest, ValuesTheListingFormRefusesAreRefusedByRow) {
  std::string csv = "name,description,postcode\n";
  csv += "Zero club" + tag() + ",A hall" + std::string(1, '\0') + "here,S2 3BA\n";
  csv += "\x1b[31mRed club" + tag() + ",Fine,S2 3BA\n";
  csv += "Fine club" + tag() + ",Tea and cake,S2 3BA\n";
  auto officer = signed_in("officer");
  auto up = officer.post_multipart("/directory/import", {}, "file", "bad.csv", csv);
  ASSERT_EQ(up.status, 303) << up.body.substr(0, 300);
  const Json shown = officer.get("/api/v1" + up.header("Location")).json();
  const Json problems = shown["report"]["problems"];
  ASSERT_EQ(problems.size(), 2u) << problems.dump();
  EXPECT_EQ(problems[0]["where"], "line 2");
  EXPECT_NE(problems[0]["message"].get<std::string>().find("field description"), std::string::npos);
  EXPECT_EQ(problems[1]["where"], "line 3");
  EXPECT_NE(problems[1]["message"].get<std::string>().find("field name"), std::string::npos);
  EXPECT_EQ(shown["report"]["added"], 1);
}

// The demo's libraries (from Libraries Hacked) are another source's listings: a file
// naming one of them at its postcode is reported as matching it, and it is left as it was.
TEST_P(ImportPageTest, AListingFromAnotherSourceIsNamedNotTakenOver) {
  auto db = server(GetParam()).app().database().acquire();
  auto library = db->query_one(
      "SELECT s.id, s.name, l.kith_postcode, s.kith_source FROM hsds_service s "
      "JOIN hsds_service_at_location sal ON sal.service_id = s.id JOIN hsds_location l ON l.id = sal.location_id "
      "WHERE s.kith_source LIKE 'Libraries Hacked%' AND l.kith_postcode IS NOT NULL ORDER BY s.id LIMIT 1");
  ASSERT_TRUE(library);
  const std::string id = library->text(0), name = library->text(1), postcode = library->text(2),
                    source = library->text(3);
  const std::string csv = csv_text({{"name", "postcode", "description"},
                                    {name, postcode, "Taken over?"},
                                    {"New club" + tag(), postcode, "A new listing"}});
  auto officer = signed_in("officer");
  auto up = officer.post_multipart("/directory/import", {}, "file", "libraries.csv", csv);
  ASSERT_EQ(up.status, 303);
  const Json shown = officer.get("/api/v1" + up.header("Location")).json();
  const Json problems = shown["report"]["problems"];
  ASSERT_EQ(problems.size(), 1u) << problems.dump();
  EXPECT_EQ(problems[0]["where"], "line 2 (" + name + ")");
  EXPECT_NE(problems[0]["message"].get<std::string>().find("matches the listing \"" + name + "\""), std::string::npos)
      << problems[0]["message"];
  EXPECT_NE(problems[0]["message"].get<std::string>().find("from " + source), std::string::npos);
  auto done = officer.post_form(up.header("Location"), {{"decision", "import"}});
  ASSERT_EQ(done.status, 303) << done.body.substr(0, 300);
  auto after = db->query_one("SELECT kith_source, COALESCE(description, '') FROM hsds_service WHERE id = ?", {id});
  ASSERT_TRUE(after);
  EXPECT_EQ(after->text(0), source) << "the library keeps its source";
  EXPECT_NE(after->text(1), "Taken over?");
  EXPECT_EQ(services_named("New club" + tag()), 1);
  // Its page says its address once, and makes up nothing the source did not give.
  auto page = officer.get("/directory/services/" + id);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("All ages"), std::string::npos);
}

// A browser's too-large upload gets a GOV.UK page saying what to do; the API keeps
// application/problem+json.
TEST_P(ImportPageTest, ATooLargeUploadIsAPageForABrowserAndAProblemForTheApi) {
  const std::string big(9 << 20, 'x');
  auto officer = signed_in("officer");
  auto page = officer.post_multipart("/directory/import", {}, "file", "big.csv", big);
  EXPECT_EQ(page.status, 413);
  EXPECT_EQ(page.header("Content-Type").rfind("text/html", 0), 0u) << page.header("Content-Type");
  EXPECT_NE(page.body.find("govuk-heading-l"), std::string::npos);
  EXPECT_NE(page.body.find("8 MB"), std::string::npos) << page.body.substr(0, 2000);
  EXPECT_NE(page.body.find("choose a smaller file"), std::string::npos);
  // In the language the browser chose, as any other page.
  officer.get("/?lang=cy");
  auto welsh = officer.post_multipart("/directory/import", {}, "file", "big.csv", big);
  EXPECT_EQ(welsh.status, 413);
  EXPECT_NE(welsh.body.find("hyd at 8 MB ar y tro"), std::string::npos) << welsh.body.substr(0, 2000);
  EXPECT_NE(welsh.body.find("lang=\"cy\""), std::string::npos);
  officer.get("/?lang=en");
  auto api = officer.send("POST", "/api/v1/directory/import", big, "application/json");
  EXPECT_EQ(api.status, 413);
  EXPECT_EQ(api.header("Content-Type"), "application/problem+json");
  EXPECT_EQ(api.json()["code"], "payload-too-large");
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportPageTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
