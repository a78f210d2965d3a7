// Who lives here: the Census 2021 profile of areas over the real server on both
// backends — an LSOA and its ward against the published CSVs, the CSV download and the
// API agreeing, England's figures, an area outside the place, and census indicators in a
// resilience index.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/csv.h"

#include "support/harness.h"
#include "support/published.h"

namespace kith {
namespace {

using Json = nlohmann::json;
using testing::census_sum;
using testing::lsoas_of_ward;

class CensusApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  testing::Browser browser() { return testing::shared_server(GetParam()).browser(); }
};

const Json& find(const Json& list, const std::string& key, const std::string& value) {
  for (const auto& x : list)
    if (x.value(key, "") == value) return x;
  throw std::runtime_error("no " + key + " " + value);
}

TEST_P(CensusApiTest, AnLsoaPageShowsItsPeopleBesideEngland) {
  auto b = browser();
  auto page = b.get("/areas/E01007823");  // Sheffield 069A
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Who lives here"), std::string::npos);
  EXPECT_NE(page.body.find("Census 2021, Office for National Statistics, Open Government Licence"), std::string::npos);
  EXPECT_NE(page.body.find("/areas/E01007823/census.csv"), std::string::npos);
  // ts038: 155 people limited a lot of 1,678 = 9.2 per 100; ts039: 34 give 50+ hours of 1,598 aged 5+.
  EXPECT_NE(page.body.find("Disabled: day-to-day activities limited a lot</th><td "
                           "class=\"govuk-table__cell govuk-table__cell--numeric\">155</td>"),
            std::string::npos);
  Json api = b.get("/api/v1/areas/E01007823/census").json();
  const Json tables = api["census"]["tables"];
  ASSERT_EQ(tables.size(), 7u);
  const Json disability = find(tables, "id", "disability");
  EXPECT_EQ(disability["total"], 1678);
  EXPECT_EQ(find(disability["rows"], "id", "limited_a_lot")["count"], 155);
  EXPECT_EQ(find(disability["rows"], "id", "limited_a_lot")["per_100_text"], "9.2");
  const Json care = find(tables, "id", "unpaid_care");
  EXPECT_EQ(care["total"], 1598);
  EXPECT_EQ(care["rows"].size(), 4u);
  EXPECT_EQ(find(care["rows"], "id", "20_49")["count"], 34);
  EXPECT_EQ(find(care["rows"], "id", "up_to_19")["count"], 73);
  // England's share of disabled people limited a lot, from every row of the file.
  std::int64_t e_lot = census_sum("ts038_disability_lsoa21.csv", "disabled_limited_a_lot", {}, true);
  char want[32];
  std::snprintf(want, sizeof want, "%.1f", 100.0 * static_cast<double>(e_lot) / 56490046);
  EXPECT_EQ(find(disability["rows"], "id", "limited_a_lot")["england_per_100_text"], want);
  EXPECT_EQ(disability["england_total"], 56490046);
}

TEST_P(CensusApiTest, AWardSumsItsLsoasAndTheCsvAgreesWithTheApi) {
  const std::string ward = "E05010857";  // Beauchief and Greenhill, Sheffield
  auto lsoas = lsoas_of_ward(ward);
  ASSERT_EQ(lsoas.size(), 12u);
  auto b = browser();
  Json api = b.get("/api/v1/areas/" + ward + "/census").json();
  const Json tables = api["census"]["tables"];
  const Json disability = find(tables, "id", "disability");
  EXPECT_EQ(disability["total"], census_sum("ts038_disability_lsoa21.csv", "total", lsoas));
  EXPECT_EQ(disability["total"], 18465);
  EXPECT_EQ(find(disability["rows"], "id", "limited_a_lot")["count"],
            census_sum("ts038_disability_lsoa21.csv", "disabled_limited_a_lot", lsoas));
  const Json care = find(tables, "id", "unpaid_care");
  EXPECT_EQ(find(care["rows"], "id", "50_plus")["count"], 605);
  EXPECT_EQ(find(care["rows"], "id", "20_49")["count"], 406);
  auto page = b.get("/areas/" + ward);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("the 18,465 residents counted here"), std::string::npos);

  auto csv = b.get("/areas/" + ward + "/census.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.header("Content-Type").find("text/csv"), std::string::npos);
  std::istringstream in(csv.body);
  CsvReader r(in);
  auto h = r.header();
  std::vector<std::string> f;
  std::size_t rows = 0, expected = 0;
  for (const auto& t : tables) expected += t["rows"].size();
  while (r.next(f)) {
    ++rows;
    EXPECT_EQ(f[h.at("area_code")], ward);
    const Json t = find(tables, "title", f[h.at("topic")]);
    const Json row = find(t["rows"], "label", f[h.at("group")]);
    EXPECT_EQ(std::stoll(f[h.at("count")]), row["count"].get<std::int64_t>()) << f[h.at("group")];
    EXPECT_EQ(f[h.at("per_100")], row["per_100_text"]);
    EXPECT_EQ(f[h.at("england_per_100")], row["england_per_100_text"]);
    EXPECT_EQ(std::stoll(f[h.at("table_total")]), t["total"].get<std::int64_t>());
  }
  EXPECT_EQ(rows, expected);
  EXPECT_EQ(rows, 7u + 2 + 5 + 4 + 5 + 5 + 4);
}

TEST_P(CensusApiTest, EnglandAndAnAreaOutsideThePlace) {
  auto b = browser();
  Json england = b.get("/api/v1/areas/E92000001/census").json();
  EXPECT_EQ(find(england["census"]["tables"], "id", "ethnic_group")["total"], 56490108);
  EXPECT_EQ(find(england["census"]["tables"], "id", "english")["total"], 54685992);
  // City of London 001A is not in the demo's place: no figures are held for it.
  auto outside = b.get("/areas/E01000001");
  ASSERT_EQ(outside.status, 200);
  EXPECT_EQ(outside.body.find("Who lives here"), std::string::npos);
  EXPECT_EQ(b.get("/areas/E01000001/census").status, 404);
  EXPECT_EQ(b.get("/areas/E01000001/census.csv").status, 404);
  EXPECT_EQ(b.get("/areas/E0100000X/census.csv").status, 404);
}

TEST_P(CensusApiTest, CensusIndicatorsServeAResilienceIndex) {
  auto anyone = browser();
  Json def = anyone.get("/api/v1/indices/default-definition").json();
  auto officer = browser();
  officer.sign_in("officer@demo.kith.test", "kith-demo-officer");
  def["scope"] = "E08000019";
  for (const std::string name :
       {"census.disabled_pct", "census.unpaid_care_20h_plus_pct", "census.not_proficient_english_pct",
        "census.bad_health_pct", "census.aged_65_plus_pct"})
    def["indicators"].push_back({{"id", name.substr(7)},
                                 {"level", "self"},
                                 {"source", "kith:" + name},
                                 {"direction", "risk"},
                                 {"transform", "minmax"},
                                 {"weight", 0.02}});
  auto r = officer.post_json("/api/v1/indices/compute", def);
  ASSERT_EQ(r.status, 200) << r.body;
  Json out = r.json();
  EXPECT_EQ(out["areas"].size(), 343u);
  EXPECT_EQ(out["sensitivity"].back()["indicator"], "aged_65_plus_pct");
  // The page for saving a definition lists them, with what each is.
  Json page = officer.get("/api/v1/indices/definitions/new").json();
  const Json measures = page["measures"];
  EXPECT_EQ(find(measures, "source", "kith:census.unpaid_care_20h_plus_pct")["label"],
            "Census 2021: % of people aged 5+ giving 20 or more hours of unpaid care a week");
  EXPECT_EQ(find(measures, "source", "kith:directory.activities_per_1000")["label"],
            "Activities in the directory per 1,000 people");
  EXPECT_EQ(find(measures, "source", "kith:stories.belonging_per_1000")["label"],
            "Published stories per 1,000 people: A sense of belonging and community");
  // Every measure a module offers is named.
  for (const auto& m : measures) EXPECT_FALSE(m["label"].get<std::string>().empty()) << m.dump();
}

INSTANTIATE_TEST_SUITE_P(Backends, CensusApiTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
