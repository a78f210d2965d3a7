// Area intelligence over the real server on both backends: the resilience index
// computed through the API, with roles, a scope, a live directory measure and errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <set>

#include "core/csv.h"
#include "indices/focus.h"

#include "support/harness.h"

namespace kith {
namespace {

using Json = nlohmann::json;

class IndicesApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  testing::Browser browser() { return testing::shared_server(GetParam()).browser(); }
};

// Computing an index only reads: it runs in a read transaction, so someone saving
// meanwhile is never held up (on SQLite, a write transaction would wait for theirs).
TEST_P(IndicesApiTest, ComputingAnIndexNeverHoldsUpSomeoneSaving) {
  auto officer = browser();
  officer.sign_in("officer@demo.kith.test", "kith-demo-officer");
  auto handle = testing::shared_server(GetParam()).app().database().acquire();
  store::Transaction saving(*handle, true);  // someone's save, under way
  handle->exec("UPDATE settings SET value = value WHERE key = 'no-such-setting'");
  auto started = std::chrono::steady_clock::now();
  auto r = officer.post_json("/api/v1/indices/compute", {{"scope", "E07000118"}});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  saving.commit();
  EXPECT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_LT(seconds, 9.0) << "it waited for the write lock (the busy timeout is 10 s)";
}

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

TEST_P(IndicesApiTest, TheDeprivationTableShowsTheNamesPeopleUse) {
  auto b = browser();
  auto page = b.get("/areas/E08000019/deprivation");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find(">Heeley &amp; Newfield Green (Sheffield 051E)</a>"), std::string::npos);
  const Json table = b.get("/api/v1/areas/E08000019/deprivation").json();
  bool found = false;
  for (const auto& r : table["rows"])
    if (r["code"] == "E01008099") {
      found = true;
      EXPECT_EQ(r["name"], "Heeley & Newfield Green (Sheffield 051E)");
      EXPECT_EQ(r["official_name"], "Sheffield 051E");
    }
  EXPECT_TRUE(found);
  // The download keeps the official name and adds the other.
  auto csv = b.get("/areas/E08000019/deprivation.csv");
  EXPECT_NE(csv.body.find("E01008099,Sheffield 051E,"), std::string::npos);
  EXPECT_NE(csv.body.find(",Heeley & Newfield Green\n"), std::string::npos);
}

TEST_P(IndicesApiTest, FocusGroupsAreNamedAfterThePlacesTheyCover) {
  auto b = browser();
  const Json focus = b.get("/api/v1/areas/E08000019/focus").json();
  const Json groups = focus["groups"];
  ASSERT_GT(groups.size(), 3u) << focus.dump();
  bool parson_cross = false;
  std::set<std::string> names;
  for (const auto& g : groups) {
    // The name comes from the places its LSOAs are in: each LSOA's name is "place (official)".
    std::vector<std::string> places;
    for (const auto& l : g["lsoas"]) {
      std::string name = l["name"], official = l["official_name"];
      ASSERT_GT(name.size(), official.size() + 3) << name;
      EXPECT_EQ(name.substr(name.size() - official.size() - 3), " (" + official + ")");
      places.push_back(name.substr(0, name.size() - official.size() - 3));
    }
    // Named from its places; a second group in the same places is numbered, so each can be saved.
    const std::string name = g["name"], base = indices::group_name(places);
    EXPECT_TRUE(name == base || name.rfind(base + " (", 0) == 0) << name;
    EXPECT_TRUE(names.insert(name).second) << "two groups called " << name;
    EXPECT_FALSE(name.empty());
    if (g["name"].get<std::string>().find("Parson Cross") != std::string::npos) parson_cross = true;
    EXPECT_EQ(g["codes_text"].get<std::string>().substr(0, 3), "E01");  // codes beside the name
  }
  EXPECT_TRUE(parson_cross);
  // The map: one colour and one number per group, a key naming each.
  const Json map = focus["map"];
  ASSERT_EQ(map["legend"].size(), groups.size());
  EXPECT_EQ(map["legend"][0]["name"], groups[0]["name"]);
  EXPECT_EQ(map["legend"][0]["colour"], "kith-group-1");
  std::string svg = map["svg"];
  std::size_t numbers = 0;
  for (auto at = svg.find("class=\"kith-map-label\""); at != std::string::npos;
       at = svg.find("class=\"kith-map-label\"", at + 1))
    ++numbers;
  EXPECT_EQ(numbers, groups.size());
  EXPECT_NE(svg.find("class=\"kith-group-none\""), std::string::npos);
  EXPECT_NE(svg.find(": focus group 1, "), std::string::npos);  // each shape's title says its group
  auto page = b.get("/areas/E08000019/focus");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Key to the map"), std::string::npos);
  EXPECT_NE(page.body.find("Parson Cross"), std::string::npos);
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

// "12,345" -> 12345
std::int64_t number(const Json& text) {
  std::string t = text.get<std::string>();
  t.erase(std::remove(t.begin(), t.end(), ','), t.end());
  return std::stoll(t);
}

// The published IMD 2025 rank of one LSOA, read from the file itself.
std::int64_t published_rank(const std::string& lsoa) {
  std::ifstream in(testing::source_data() + "/iod2025/iod2025_lsoa21_with_names.csv");
  CsvReader reader(in);
  auto header = reader.header();
  std::vector<std::string> row;
  while (reader.next(row))
    if (row[header.at("lsoa21_code")] == lsoa) return std::stoll(row[header.at("IMD_rank")]);
  return -1;
}

TEST_P(IndicesApiTest, AnAreaProfileComparesItWithItsWardAuthorityAndEngland) {
  auto b = browser();
  Json page = b.get("/api/v1/areas/E01033264").json();  // Sheffield 073D, in City ward
  Json dep = page["sections"]["deprivation"];
  ASSERT_TRUE(dep.is_object()) << page.dump();
  EXPECT_EQ(number(dep["single"]["rank"]), published_rank("E01033264"));
  Json columns = dep["comparison"]["columns"];
  ASSERT_EQ(columns.size(), 4u);
  EXPECT_EQ(columns[0], page["area"]["name"]);
  EXPECT_EQ(columns[0], "Cathedral & Kelham (Sheffield 073D)");  // the name people use, the official one beside
  EXPECT_EQ(columns[1], page["parent"]["name"]);
  EXPECT_EQ(columns[2], "Sheffield");
  EXPECT_EQ(columns[3], "England");
  // The LSOA's own column is its decile; England's IMD average sits mid-way.
  EXPECT_EQ(dep["comparison"]["measures"][0]["cells"][0]["text"],
            std::to_string(dep["single"]["decile"].get<int>()) + ".0");
  double england = std::stod(dep["comparison"]["measures"][0]["cells"][3]["text"].get<std::string>());
  EXPECT_GT(england, 5.0);
  EXPECT_LT(england, 6.0);
  // The authority's column is its LSOAs' deciles weighted by their people.
  Json table = b.get("/api/v1/areas/E08000019/deprivation").json();
  double people = 0, weighted = 0;
  for (const auto& r : table["rows"]) {
    people += static_cast<double>(number(r["people"]));
    weighted += static_cast<double>(number(r["people"])) * r["decile"].get<int>();
  }
  EXPECT_NEAR(std::stod(dep["comparison"]["measures"][0]["cells"][2]["text"].get<std::string>()), weighted / people,
              0.051);
  // A ward's profile counts its LSOAs by decile.
  Json ward = b.get("/api/v1/areas/" + page["parent"]["code"].get<std::string>()).json();
  int counted = 0;
  for (const auto& bar : ward["sections"]["deprivation"]["chart"]["bars"]) counted += bar["count"].get<int>();
  EXPECT_EQ(counted, ward["lsoa_count"].get<int>());
}

TEST_P(IndicesApiTest, AnAreaProfileStartsWithTheActivitiesThatMeetThere) {
  auto b = browser();
  auto named = [](const Json& section, const std::string& name) {
    for (const auto& s : section["services"])
      if (s["name"] == name) return s["href"].get<std::string>();
    return std::string();
  };
  Json sheffield = b.get("/api/v1/areas/E08000019").json();
  Json directory = sheffield["sections"]["directory"];
  EXPECT_TRUE(sheffield["has_strengths"].get<bool>());
  // A city's worth: the first ten listed, the rest counted.
  EXPECT_GE(directory["count"].get<int>(), 80) << directory.dump();
  EXPECT_EQ(directory["services"].size(), 10u);
  EXPECT_FALSE(directory["more"].get<std::string>().empty());
  const Json found = b.get("/api/v1/directory/search?search=sharrow%20food%20pantry").json();
  ASSERT_EQ(found["total_items"], 1) << found.dump();
  std::string href = "/directory/services/" + found["contents"][0]["id"].get<std::string>();
  // The LSOA its place is in lists it too.
  Json service = b.get("/api/v1" + href).json();
  std::string lsoa_href;
  for (const auto& p : service["service"]["places"])
    if (p.contains("area")) lsoa_href = p["area"]["href"];
  ASSERT_FALSE(lsoa_href.empty()) << href << " " << service.dump().substr(0, 400);
  Json lsoa = b.get("/api/v1" + lsoa_href).json();
  EXPECT_EQ(named(lsoa["sections"]["directory"], "Sharrow Food Pantry (demo)"), href);
  EXPECT_GE(lsoa["sections"]["directory"]["count"].get<int>(), 1);
  // The page says it in words before anything else.
  auto html = b.get(lsoa_href);
  auto strengths = html.body.find("What is strong here");
  ASSERT_NE(strengths, std::string::npos);
  EXPECT_LT(strengths, html.body.find("ONS code"));
  EXPECT_NE(html.body.find("Sharrow Food Pantry (demo)"), std::string::npos);
}

TEST_P(IndicesApiTest, AnAreaProfileShowsTheResilienceIndexAsOfficersComputeIt) {
  auto b = browser();
  Json lsoa = b.get("/api/v1/areas/E01033264").json()["sections"]["resilience"];
  ASSERT_TRUE(lsoa.contains("single")) << lsoa.dump();
  auto officer = browser();
  officer.sign_in("officer@demo.kith.test", "kith-demo-officer");
  auto computed = officer.post_json("/api/v1/indices/compute", {{"scope", "E08000019"}});
  ASSERT_EQ(computed.status, 200) << computed.body;
  std::map<std::string, Json> by_code;
  int lowest_decile = 0;
  const Json result = computed.json();
  for (const auto& a : result["areas"]) {
    by_code[a["code"].get<std::string>()] = a;
    lowest_decile += a["decile"] == 1 ? 1 : 0;
  }
  ASSERT_TRUE(by_code.count("E01033264"));
  EXPECT_EQ(number(lsoa["single"]["rank"]), by_code["E01033264"]["rank"].get<std::int64_t>());
  EXPECT_LE(number(lsoa["single"]["lowest_rank"]), number(lsoa["single"]["rank"]));
  EXPECT_GE(number(lsoa["single"]["highest_rank"]), number(lsoa["single"]["rank"]));
  int shares = 0;
  for (const auto& l : lsoa["single"]["levels"]) shares += l["share"].get<int>();
  EXPECT_NEAR(shares, 100, 2);
  // Focus by resilience: exactly the authority's tenth needing most support, grouped.
  Json focus = b.get("/api/v1/areas/E08000019/focus?rule=resilience").json();
  int grouped = 0;
  for (const auto& g : focus["groups"])
    for (const auto& l : g["lsoas"]) {
      ++grouped;
      EXPECT_EQ(by_code[l["code"].get<std::string>()]["decile"], 1) << l["code"];
    }
  EXPECT_EQ(grouped, lowest_decile);
  EXPECT_EQ(b.get("/api/v1/areas/E08000019/focus?rule=luck").status, 422);
}

// The index on screen: anyone sees Kith's default ranked with names and the map; an
// officer saves a definition of their own, checked first, and computes it.
TEST_P(IndicesApiTest, TheResilienceIndexIsOnScreenAndOfficersSaveTheirOwnDefinitions) {
  auto anyone = browser();
  auto page = anyone.get("/api/v1/areas/E07000118/resilience");
  ASSERT_EQ(page.status, 200) << page.body;
  const Json shown = page.json();
  ASSERT_EQ(shown["rows"].size(), 70u);
  EXPECT_EQ(shown["rows"][0]["rank"], "1");
  EXPECT_FALSE(shown["rows"][0]["name"].get<std::string>().empty());
  EXPECT_NE(shown["rows"][0]["name"], shown["rows"][0]["code"]);  // a name, not only a code
  EXPECT_EQ(shown["indicators"].size(), 10u);
  EXPECT_FALSE(shown["indicators"][0]["max_move"].get<std::string>().empty());
  EXPECT_TRUE(shown.contains("map"));
  EXPECT_FALSE(shown["officer"].get<bool>());
  auto csv = anyone.get("/areas/E07000118/resilience.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.rfind("lsoa21_code,lsoa21_name,score,rank,decile", 0), 0u) << csv.body.substr(0, 80);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 71);
  auto geo = anyone.get("/areas/E07000118/resilience.geojson");
  ASSERT_EQ(geo.status, 200);
  EXPECT_EQ(geo.json()["features"].size(), 70u);
  EXPECT_EQ(anyone.get("/api/v1/areas/E01024916/resilience").status, 404);  // an LSOA is not an authority

  // Saving needs an officer, and a definition Kith can read.
  Json def = anyone.get("/api/v1/indices/default-definition").json();
  EXPECT_EQ(anyone.post_json("/api/v1/indices/definitions/new", {{"name", "x"}, {"definition", def.dump()}}).status,
            401);
  auto officer = browser();
  officer.sign_in("officer@demo.kith.test", "kith-demo-officer");
  auto bad =
      officer.post_json("/api/v1/indices/definitions/new", {{"name", "Broken"}, {"definition", "{\"indicators\": ["}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["errors"][0]["field"], "definition");
  def["indicators"][0]["weight"] = -1;
  bad = officer.post_json("/api/v1/indices/definitions/new", {{"name", "Negative"}, {"definition", def.dump()}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("the weight -1 is negative"), std::string::npos) << bad.body;
  // Income and employment only.
  Json two = def;
  two["indicators"] = Json::array({def["indicators"][0], def["indicators"][1]});
  two["indicators"][0]["weight"] = 0.5;
  const std::string name = "Money and work (" + GetParam() + ")";
  auto saved = officer.post_json("/api/v1/indices/definitions/new",
                                 {{"name", name}, {"definition", two.dump()}, {"authority", "E07000118"}});
  ASSERT_EQ(saved.status, 201) << saved.body;
  const std::string id = std::to_string(saved.json()["id"].get<std::int64_t>());
  const Json mine = officer.get("/api/v1/areas/E07000118/resilience?definition=" + id).json();
  EXPECT_EQ(mine["definition"]["name"], name);
  EXPECT_EQ(mine["indicators"].size(), 2u);
  EXPECT_EQ(mine["rows"].size(), 70u);
  EXPECT_TRUE(mine["officer"].get<bool>());
  EXPECT_EQ(anyone.get("/api/v1/areas/E07000118/resilience?definition=" + id).status, 403);
  EXPECT_EQ(officer.get("/api/v1/areas/E07000118/resilience?definition=99999").status, 404);
  auto edit = officer.get("/indices/definitions/new?definition=" + id);
  EXPECT_NE(edit.body.find(name), std::string::npos);
  // The authority by its name, as an officer would type it; one Kith does not know is
  // refused with nothing saved; "Change the indicators" keeps the authority.
  auto by_name = officer.post_form("/indices/definitions/new",
                                   {{"name", name + " again"}, {"definition", two.dump()}, {"authority", "chorley"}});
  ASSERT_EQ(by_name.status, 303) << by_name.body.substr(0, 300);
  EXPECT_EQ(by_name.header("Location").rfind("/areas/E07000118/resilience?definition=", 0), 0u)
      << by_name.header("Location");
  auto unknown = officer.post_form(
      "/indices/definitions/new", {{"name", name + " nowhere"}, {"definition", two.dump()}, {"authority", "Atlantis"}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_NE(unknown.body.find("There is no local authority called Atlantis"), std::string::npos);
  auto ranked = officer.get("/areas/E07000118/resilience?definition=" + id).body;
  EXPECT_NE(ranked.find("/indices/definitions/new?definition=" + id + "&amp;authority=E07000118"), std::string::npos);
  EXPECT_NE(officer.get("/indices/definitions/new?definition=" + id + "&authority=E07000118")
                .body.find("value=\"E07000118\""),
            std::string::npos);
}

// Officers find the index from their account and the menu; definitions are uploaded as
// a file, downloaded, and deleted after a question; a file Kith cannot read is named
// with where it went wrong, and nothing is saved.
TEST_P(IndicesApiTest, OfficersUploadDownloadAndDeleteDefinitionsFromTheIndexPage) {
  auto officer = browser();
  officer.sign_in("officer@demo.kith.test", "kith-demo-officer");
  auto account = officer.get("/account").body;
  EXPECT_NE(account.find("href=\"/indices\""), std::string::npos) << "no way to the index from the account";
  auto member = browser();
  member.sign_in("member@demo.kith.test", "kith-demo-member");
  EXPECT_EQ(member.get("/account").body.find("href=\"/indices\""), std::string::npos);
  EXPECT_EQ(member.get("/indices").status, 403);

  auto front = officer.get("/indices");
  ASSERT_EQ(front.status, 200);
  EXPECT_NE(front.body.find("href=\"/areas/E07000118/resilience\""), std::string::npos);  // Chorley, by default

  Json def = officer.get("/api/v1/indices/default-definition").json();
  def["indicators"] = Json::array({def["indicators"][0], def["indicators"][2]});
  const std::string name = "Uploaded (" + GetParam() + ")";
  // A broken file: its line and column are named, on the file's field, nothing saved.
  std::string broken = def.dump(2);
  broken.insert(broken.find("\"indicators\""), "oops ");
  auto bad = officer.post_multipart("/indices/definitions/new", {{"name", name}, {"definition", ""}}, "file",
                                    "index.json", broken);
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("The file is not valid JSON: see line"), std::string::npos) << bad.body.substr(0, 2000);
  EXPECT_NE(bad.body.find("id=\"file-error\""), std::string::npos);
  EXPECT_EQ(officer.get("/indices").body.find(name), std::string::npos);
  // Pasted JSON cut short says so, naming the definition, not "the request body".
  auto cut = officer.post_form("/indices/definitions/new", {{"name", name}, {"definition", "{\"indicators\": ["}});
  EXPECT_NE(cut.body.find("The definition is not valid JSON: it ends too soon"), std::string::npos)
      << cut.body.substr(0, 2000);
  EXPECT_EQ(cut.body.find("request body"), std::string::npos);

  auto saved = officer.post_multipart("/indices/definitions/new",
                                      {{"name", name}, {"definition", "ignored"}, {"authority", "E07000118"}}, "file",
                                      "index.json", def.dump(2));
  ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 2000);
  const std::string location = saved.header("Location");
  const std::string id = location.substr(location.find("definition=") + 11);
  front = officer.get("/indices");
  EXPECT_NE(front.body.find(name), std::string::npos);
  EXPECT_NE(front.body.find("2 indicators"), std::string::npos);
  EXPECT_NE(front.body.find("/areas/E07000118/resilience?definition=" + id), std::string::npos);

  auto file = officer.get("/indices/definitions/" + id + "/download");
  ASSERT_EQ(file.status, 200);
  EXPECT_NE(file.header("Content-Disposition").find("attachment"), std::string::npos);
  EXPECT_EQ(Json::parse(file.body)["indicators"].size(), 2u);
  EXPECT_EQ(member.get("/indices/definitions/" + id + "/download").status, 403);

  auto ask = officer.get("/indices/definitions/" + id + "/delete");
  EXPECT_NE(ask.body.find("Delete " + name), std::string::npos);
  EXPECT_EQ(member.post_form("/indices/definitions/" + id + "/delete", {}).status, 403);
  auto gone = officer.post_form("/indices/definitions/" + id + "/delete", {});
  ASSERT_EQ(gone.status, 303);
  EXPECT_EQ(gone.header("Location"), "/indices");
  EXPECT_EQ(officer.get("/indices").body.find("/areas/E07000118/resilience?definition=" + id + "\""),
            std::string::npos);
  auto missing = officer.get("/areas/E07000118/resilience?definition=" + id);
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("There is no saved definition " + id), std::string::npos);
  EXPECT_EQ(officer.get("/indices/definitions/" + id + "/download").status, 404);
  // A page under the index that is not there leads back to it.
  EXPECT_NE(officer.get("/indices/definitions/" + id + "/delete").body.find("href=\"/indices\">go to Resilience index"),
            std::string::npos);
  auto admin = browser();
  admin.sign_in("admin@demo.kith.test", "kith-demo-admin");
  auto log = admin.get("/api/v1/admin/audit?entity=resilience_definition&entity_id=" + id).json();
  std::map<std::string, Json> actions;
  for (const auto& e : log["entries"]) actions[e["action"]] = e;
  ASSERT_TRUE(actions.count("indices.definition.create"));
  ASSERT_TRUE(actions.count("indices.definition.delete"));
  // What was deleted can be told from the log: the whole definition, not only its name.
  EXPECT_NE(actions["indices.definition.delete"].dump().find("housing_affordability"), std::string::npos)
      << actions["indices.definition.delete"].dump();
}

// A definition names its sources; over the web they are Kith's own (the IoD2025's
// columns, the modules' and the census's measures), never a file on the server, whose
// name would read it, tell whether it exists, or fill memory (/dev/zero). Problems are
// found when saving, not when someone computes it later; names are not used twice.
TEST_P(IndicesApiTest, DefinitionsFromTheWebReadOnlyKithsOwnSources) {
  auto officer = browser();
  officer.sign_in("officer@demo.kith.test", "kith-demo-officer");
  Json def = officer.get("/api/v1/indices/default-definition").json();
  def["scope"] = "E07000118";
  for (const std::string file : {"/etc/passwd", "/dev/zero", "/no/such/file", "kith.db"}) {
    def["indicators"][1]["source"] = "csv:" + file + "#x";
    auto r = officer.post_json("/api/v1/indices/compute", def);
    EXPECT_EQ(r.status, 422) << file;
    EXPECT_EQ(r.json()["errors"][0]["message"],
              "indicator employment: a csv: source reads a file on the server, so it works only from the command line "
              "(kith index compute); here, use iod2025: columns or kith: measures")
        << r.body;
    auto saved = officer.post_form("/indices/definitions/new", {{"name", "Files " + file}, {"definition", def.dump()}});
    EXPECT_EQ(saved.status, 422) << file;
    EXPECT_NE(saved.body.find("works only from the command line"), std::string::npos);
  }
  def["indicators"][1]["source"] = "iod2025:no_such_column";
  def["indicators"][2]["source"] = "kith:nothing";
  auto both = officer.post_form("/indices/definitions/new", {{"name", "Two wrong"}, {"definition", def.dump()}});
  EXPECT_EQ(both.status, 422);
  EXPECT_NE(both.body.find("no IoD2025 file has a column &quot;no_such_column&quot;"), std::string::npos);
  EXPECT_NE(both.body.find("Kith has no measure &quot;nothing&quot;"), std::string::npos);
  EXPECT_EQ(officer.get("/indices").body.find("Two wrong"), std::string::npos);

  // An empty file is named, not passed over for the box beside it.
  const std::string name = "Once only (" + GetParam() + ")";
  Json good = officer.get("/api/v1/indices/default-definition").json();
  auto empty = officer.post_multipart("/indices/definitions/new", {{"name", name}, {"definition", good.dump()}}, "file",
                                      "index.json", "");
  EXPECT_EQ(empty.status, 422);
  EXPECT_NE(empty.body.find("The file index.json is empty"), std::string::npos);
  auto first = officer.post_form("/indices/definitions/new", {{"name", name}, {"definition", good.dump()}});
  ASSERT_EQ(first.status, 303);
  EXPECT_EQ(first.header("Location"), "/indices");  // no authority chosen: back to the list
  auto again = officer.post_form("/indices/definitions/new", {{"name", name}, {"definition", good.dump()}});
  EXPECT_EQ(again.status, 422);
  EXPECT_NE(again.body.find("There is already a definition called " + name), std::string::npos);
}

TEST_P(IndicesApiTest, AuthoritiesRankAsTheGovernmentPublished) {
  auto b = browser();
  // IoD2019, as MHCLG's own tables give it: Blackpool the most deprived on average
  // score and average rank; Middlesbrough on the share of its LSOAs in the most
  // deprived 10% (48.8%); Liverpool on extent.
  Json by_score = b.get("/api/v1/areas/authorities?year=2019").json();
  ASSERT_EQ(by_score["rows"].size(), 317u);
  EXPECT_EQ(by_score["rows"][0]["name"], "Blackpool");
  EXPECT_EQ(by_score["rows"][0]["cells"][1]["rank"], "1");
  Json by_share = b.get("/api/v1/areas/authorities?year=2019&sort=proportion").json();
  EXPECT_EQ(by_share["rows"][0]["name"], "Middlesbrough");
  EXPECT_EQ(by_share["rows"][0]["cells"][2]["value"], "48.8%");
  EXPECT_EQ(b.get("/api/v1/areas/authorities?year=2019&sort=extent").json()["rows"][0]["name"], "Liverpool");
  // 2025: every authority of the geography, each linking to its area page.
  Json now = b.get("/api/v1/areas/authorities?measure=income").json();
  EXPECT_EQ(now["rows"].size(), 296u);
  for (const auto& r : now["rows"]) EXPECT_TRUE(r.contains("href")) << r["name"];
  EXPECT_EQ(now["place_rows"].size(), 4u);
  auto csv = b.get("/areas/authorities.csv?year=2019");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 1 + 317 * 8);
  EXPECT_NE(csv.body.find("E06000009,Blackpool,\"IMD\""), std::string::npos);
  EXPECT_EQ(b.get("/api/v1/areas/authorities?year=2010").status, 422);
  EXPECT_EQ(b.get("/api/v1/areas/authorities?measure=luck").status, 422);
  // The page names what was wrong, as the API does.
  auto page = b.get("/areas/authorities?year=1999&sort=bogus");
  EXPECT_EQ(page.status, 422);
  EXPECT_NE(page.body.find("year must be 2025 or 2019, not &quot;1999&quot;"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("sort must be name"), std::string::npos);
}

TEST_P(IndicesApiTest, AnOfficerEditsAndRemovesASavedNeighbourhood) {
  auto b = browser();
  Json focus = b.get("/api/v1/areas/E08000027/focus").json();  // Dudley
  ASSERT_FALSE(focus["groups"].empty());
  Json group = focus["groups"][0];
  ASSERT_GT(group["lsoas"].size(), 1u);
  auto officer = browser();
  officer.sign_in("officer@demo.kith.test", "kith-demo-officer");
  auto saved = officer.post_json("/api/v1/areas/E08000027/focus",
                                 {{"name", "Dudley edit " + GetParam()}, {"lsoas", group["codes"]}});
  ASSERT_EQ(saved.status, 201) << saved.body;
  std::string code = saved.json()["code"];
  // Drop the first LSOA and rename it.
  Json keep = Json::array();
  for (std::size_t i = 1; i < group["lsoas"].size(); ++i) keep.push_back(group["lsoas"][i]["code"]);
  auto member = browser();
  member.sign_in("member@demo.kith.test", "kith-demo-member");
  EXPECT_EQ(member.post_json("/api/v1/areas/" + code + "/edit", {{"name", "Mine"}, {"lsoas", keep}}).status, 403);
  auto edited =
      officer.post_json("/api/v1/areas/" + code + "/edit", {{"name", "Renamed " + GetParam()}, {"lsoas", keep}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json()["code"], code);  // the same area, the same address
  Json area = b.get("/api/v1/areas/" + code).json();
  EXPECT_EQ(area["area"]["name"], "Renamed " + GetParam());
  EXPECT_EQ(area["lsoa_count"], keep.size());
  EXPECT_EQ(area["sections"]["deprivation"]["lsoa_count"], keep.size());  // the profile follows
  // An LSOA of another authority is refused, naming it; nothing changes.
  Json wrong = keep;
  wrong.push_back("E01033264");
  auto refused = officer.post_json("/api/v1/areas/" + code + "/edit", {{"name", "Renamed again"}, {"lsoas", wrong}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.json()["errors"][0]["message"].get<std::string>().find("E01033264"), std::string::npos);
  EXPECT_EQ(b.get("/api/v1/areas/" + code).json()["area"]["name"], "Renamed " + GetParam());
  // Removed: gone, and both changes are in the audit log.
  ASSERT_EQ(officer.post_json("/api/v1/areas/" + code + "/delete", Json::object()).status, 200);
  EXPECT_EQ(b.get("/api/v1/areas/" + code).status, 404);
  auto admin = browser();
  admin.sign_in("admin@demo.kith.test", "kith-demo-admin");
  Json log = admin.get("/api/v1/admin/audit?entity=areas&entity_id=" + code).json();
  std::string actions = log.dump();
  EXPECT_NE(actions.find("areas.neighbourhood.update"), std::string::npos);
  EXPECT_NE(actions.find("areas.neighbourhood.delete"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, IndicesApiTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
