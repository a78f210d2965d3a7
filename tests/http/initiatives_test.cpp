// The partnership matrix over the real server on both backends: Thurrock's demo
// initiatives by ward, checked against the published ward lookup; the page, the API
// and the CSV agreeing; an officer adding an initiative through the form (errors
// named, choices kept, part of a ward shown as part); the area page listing who works
// there; and residents unable to change anything.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "core/csv.h"
#include "core/text.h"
#include "support/harness.h"
#include "support/published.h"

namespace kith {
namespace {

using Json = nlohmann::json;
using testing::lsoas_of_ward;

class InitiativesTest : public testing::BackendSuite {};

constexpr const char* kThurrock = "E06000034";
constexpr const char* kChadwell = "E05002231";  // Chadwell St Mary
constexpr const char* kOrsett = "E05002240";

const Json& row_of(const Json& rows, const std::string& code) {
  for (const auto& r : rows)
    if (r.value("code", "") == code) return r;
  throw std::runtime_error("no row for " + code);
}

TEST_P(InitiativesTest, ThurrocksMatrixShowsEveryWardAndWhoWorksThere) {
  auto b = browser();
  auto reply = b.get(std::string("/api/v1/areas/") + kThurrock + "/initiatives");
  ASSERT_EQ(reply.status, 200) << reply.body << tag();
  Json m = reply.json();
  // Every one of Thurrock's 20 wards in the lookup is a row.
  std::set<std::string> wards;
  {
    std::ifstream in(testing::source_data() + "/geography/lookup_lsoa21_ward24_ltla24.csv");
    CsvReader r(in);
    auto h = r.header();
    std::vector<std::string> f;
    while (r.next(f))
      if (f[h.at("ltla24_code")] == kThurrock) wards.insert(f[h.at("ward24_code")]);
  }
  ASSERT_EQ(m["rows"].size(), wards.size()) << tag();
  std::set<std::string> columns;
  for (const auto& c : m["columns"]) columns.insert(c["name"].get<std::string>());
  EXPECT_TRUE(columns.count("Community Organisers (demo)")) << tag();
  EXPECT_TRUE(columns.count("Timebanking (demo)")) << tag();
  // Chadwell St Mary: coordinators, a hub, organisers and the borough's timebank.
  const Json& chadwell = row_of(m["rows"], kChadwell);
  EXPECT_EQ(chadwell["working"], 4) << tag();
  EXPECT_TRUE(chadwell["crowded"].get<bool>()) << tag();
  // Orsett has only the timebank, which is planned: with running ones only, a gap.
  EXPECT_EQ(row_of(m["rows"], kOrsett)["working"], 1) << tag();
  Json running = b.get(std::string("/api/v1/areas/") + kThurrock + "/initiatives?status=active").json();
  EXPECT_TRUE(row_of(running["rows"], kOrsett)["gap"].get<bool>()) << tag();
  bool listed = false;
  for (const auto& g : running["gaps"]) listed = listed || g["href"] == std::string("/areas/") + kOrsett;
  EXPECT_TRUE(listed) << tag();
  // The page says it in words, and the CSV holds the same cells.
  auto page = b.get(std::string("/areas/") + kThurrock + "/initiatives");
  EXPECT_NE(page.body.find("Initiatives by ward in Thurrock"), std::string::npos) << tag();
  EXPECT_NE(page.body.find("3 or more work in"), std::string::npos) << tag();
  auto csv = b.get(std::string("/areas/") + kThurrock + "/initiatives.csv");
  ASSERT_EQ(csv.status, 200) << tag();
  std::istringstream in(csv.body);
  CsvReader r(in);
  auto h = r.header();
  std::vector<std::string> f;
  bool found = false;
  while (r.next(f))
    if (f[h.at("ward_code")] == kChadwell) {
      found = true;
      EXPECT_EQ(f[h.at("Community Organisers (demo)")], "whole") << tag();
      EXPECT_EQ(f[h.at("initiatives_working")], "4") << tag();
    }
  EXPECT_TRUE(found) << tag();
  EXPECT_EQ(b.get("/areas/E05002231/initiatives").status, 404) << "a ward is not an authority" << tag();
}

TEST_P(InitiativesTest, AnOfficerAddsAnInitiativeAndItsWardsShowWholeOrPart) {
  auto officer = signed_in("officer");
  std::string ward = "E05002238";  // Little Thurrock Rectory
  auto lsoas = lsoas_of_ward(ward);
  ASSERT_GE(lsoas.size(), 2u);
  std::string path = std::string("/initiatives/new?authority=") + kThurrock;
  // Wrong first: no name, a date that does not exist, an area code Kith does not hold.
  auto wrong = officer.post_form(path, {{"name", ""},
                                        {"kind", "health"},
                                        {"lead_organisation", "Thurrock Public Health"},
                                        {"status", "planned"},
                                        {"starts_on_day", "31"},
                                        {"starts_on_month", "2"},
                                        {"starts_on_year", "2027"},
                                        {"areas", "E05002233"},
                                        {"other_areas", "E09999999"}});
  EXPECT_EQ(wrong.status, 422) << tag();
  EXPECT_NE(wrong.body.find("Enter the initiative&#39;s name"), std::string::npos)
      << wrong.body.substr(0, 400) << tag();
  EXPECT_NE(wrong.body.find("href=\"#starts_on_day\""), std::string::npos) << tag();
  EXPECT_NE(wrong.body.find("Start date must be a real date"), std::string::npos) << tag();
  EXPECT_NE(wrong.body.find("Kith holds no area with the code E09999999"), std::string::npos) << tag();
  // What was chosen is still chosen.
  EXPECT_NE(wrong.body.find("value=\"health\" checked"), std::string::npos) << tag();
  EXPECT_NE(wrong.body.find("value=\"E05002233\" checked"), std::string::npos) << tag();
  EXPECT_NE(wrong.body.find("value=\"Thurrock Public Health\""), std::string::npos) << tag();

  // Ending before it starts: the error links to the end date's first box.
  auto backwards = officer.post_form(path, {{"name", "Backwards"},
                                            {"kind", "health"},
                                            {"lead_organisation", "Thurrock Public Health"},
                                            {"status", "planned"},
                                            {"starts_on_day", "1"},
                                            {"starts_on_month", "6"},
                                            {"starts_on_year", "2026"},
                                            {"ends_on_day", "1"},
                                            {"ends_on_month", "1"},
                                            {"ends_on_year", "2020"},
                                            {"areas", "E05002235"}});
  EXPECT_EQ(backwards.status, 422) << tag();
  EXPECT_NE(backwards.body.find("href=\"#ends_on_day\""), std::string::npos) << tag();
  EXPECT_NE(backwards.body.find("value=\"E05002235\" checked"), std::string::npos) << tag();

  std::string name = "Healthy Homes" + tag();
  auto made = officer.post_form(path, {{"name", name},
                                       {"kind", "health"},
                                       {"lead_organisation", "Thurrock Public Health"},
                                       {"status", "active"},
                                       {"starts_on_day", "1"},
                                       {"starts_on_month", "6"},
                                       {"starts_on_year", "2026"},
                                       {"areas", "E05002233"},
                                       // A list with commas, as people paste one, as well as one a line.
                                       {"other_areas", *lsoas.begin() + ", " + to_lower(*lsoas.rbegin())}});
  ASSERT_EQ(made.status, 303) << made.body.substr(0, 600) << tag();
  std::string where = made.header("Location");
  auto shown = officer.get(where);
  EXPECT_NE(shown.body.find("1 June 2026"), std::string::npos) << tag();
  EXPECT_NE(shown.body.find("Corringham and Fobbing"), std::string::npos) << tag();
  // In the matrix: Corringham and Fobbing whole, Little Thurrock Rectory in part.
  Json m = officer.get(std::string("/api/v1/areas/") + kThurrock + "/initiatives?kind=health").json();
  ASSERT_EQ(m["columns"].size(), 1u) << tag();
  EXPECT_EQ(m["columns"][0]["name"], name) << tag();
  EXPECT_TRUE(row_of(m["rows"], "E05002233")["cells"][0]["whole"].get<bool>()) << tag();
  EXPECT_TRUE(row_of(m["rows"], ward)["cells"][0]["part"].get<bool>()) << tag();
  // The LSOA's own page names it; the ward's too.
  EXPECT_NE(officer.get("/areas/" + *lsoas.begin()).body.find(name), std::string::npos) << tag();
  EXPECT_NE(officer.get("/areas/" + ward).body.find(name), std::string::npos) << tag();
  // Edited: ended, it leaves the matrix unless ended ones are asked for.
  std::string id = where.substr(where.rfind('/') + 1);
  auto ended = officer.post_form("/initiatives/" + id + "/edit", {{"name", name},
                                                                  {"kind", "health"},
                                                                  {"lead_organisation", "Thurrock Public Health"},
                                                                  {"status", "ended"},
                                                                  {"areas", "E05002233"}});
  ASSERT_EQ(ended.status, 303) << ended.body.substr(0, 600) << tag();
  m = officer.get(std::string("/api/v1/areas/") + kThurrock + "/initiatives?kind=health").json();
  EXPECT_TRUE(m["columns"].empty()) << tag();
  m = officer.get(std::string("/api/v1/areas/") + kThurrock + "/initiatives?kind=health&status=ended").json();
  EXPECT_EQ(m["columns"].size(), 1u) << tag();
  // Both changes are in the audit log.
  auto audit = signed_in("admin").get("/api/v1/admin/audit?entity=initiative&entity_id=" + id).json();
  EXPECT_EQ(audit["total"], 2) << audit.dump().substr(0, 300) << tag();
}

TEST_P(InitiativesTest, ResidentsReadButCannotChange) {
  auto member = signed_in("member");
  EXPECT_EQ(member.get("/initiatives").status, 200) << tag();
  EXPECT_EQ(member.get("/initiatives/new").status, 403) << tag();
  auto tried = member.post_json("/api/v1/initiatives/new", {{"name", "Mine"}});
  EXPECT_EQ(tried.status, 403) << tag();
  auto list = browser().get("/api/v1/initiatives").json();
  EXPECT_GE(list["initiatives"].size(), 5u) << tag();
  EXPECT_FALSE(list["may_edit"].get<bool>()) << tag();
}

INSTANTIATE_TEST_SUITE_P(Backends, InitiativesTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
