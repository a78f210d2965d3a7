// The demo place as a resident, a funder and a coordinator see it, on both backends:
// each of the four places has a directory with several of the everyday things near a
// central postcode; real libraries and food banks carry their source; and the demo's
// cycles are whole (grants awarded in the 360Giving file, a budget closed with
// results, a member waiting for approval, a Most Significant Change round closed).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "support/harness.h"

namespace kith {
namespace {

using Json = nlohmann::json;

class DemoPlaceTest : public ::testing::TestWithParam<std::string> {
 protected:
  testing::Browser browser() { return testing::shared_server(GetParam()).browser(); }
  testing::Browser signed_in(const std::string& role) {
    auto b = browser();
    b.sign_in(role + "@demo.kith.test", "kith-demo-" + role);
    return b;
  }
  Json api(testing::Browser& b, const std::string& path) {
    auto r = b.get(path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.json();
  }
};

// A central postcode in each place, and how far a resident would look: 2 miles.
const std::pair<const char*, const char*> kPlaces[] = {
    {"Sheffield", "S1%202HH"}, {"Chorley", "PR7%201DP"}, {"Dudley", "DY1%201HL"}, {"Thurrock", "RM17%205AB"}};
constexpr const char* kTwoMiles = "3219";

TEST_P(DemoPlaceTest, EveryPlaceHasSeveralEverydayThingsWithinTwoMiles) {
  auto b = browser();
  for (const auto& [place, postcode] : kPlaces)
    for (const char* words : {"walking", "coffee%20morning", "lunch%20club", "food%20bank", "library"}) {
      std::string path =
          std::string("/api/v1/directory/search?search=") + words + "&postcode=" + postcode + "&proximity=" + kTwoMiles;
      const Json page = api(b, path);
      std::set<std::string> names;
      for (const auto& r : page["contents"]) {
        EXPECT_LE(r["distance_m"].get<double>(), 3219.0) << path;
        names.insert(r["name"].get<std::string>());
      }
      // Chorley has one public library within two miles of its centre (Euxton's and the
      // demo book club are over two miles from PR7 1DP): that is all there is.
      int several = std::string(words) == "library" && std::string(place) == "Chorley" ? 1 : 3;
      EXPECT_GE(page["total_items"].get<int>(), several)
          << place << ": " << path << " found " << page["contents"].dump();
      EXPECT_EQ(names.size(), page["contents"].size()) << "each listing once: " << path;
    }
}

TEST_P(DemoPlaceTest, EveryFilterHasSomethingToFindInEachPlace) {
  auto b = browser();
  const std::string near = std::string("&proximity=") + kTwoMiles;
  for (const auto& [place, postcode] : kPlaces) {
    std::string at = std::string("/api/v1/directory/search?postcode=") + postcode + near;
    for (const char* filter :
         {"&day=SA", "&day=MO", "&time=evening", "&age=3", "&age=15", "&age=80", "&free=yes", "&access=step_free",
          "&access=hearing_loop", "&access=accessible_toilet", "&access=disabled_parking"}) {
      const Json page = api(b, at + filter);
      EXPECT_GE(page["total_items"].get<int>(), 1) << place << ": " << at + filter;
    }
  }
}

TEST_P(DemoPlaceTest, TheApisRootCountsInNumbersAndThePageInWords) {
  auto b = browser();
  const Json root = api(b, "/api/v1/");
  ASSERT_TRUE(root["counts"]["lsoas"].is_number_integer()) << root.dump();
  EXPECT_GT(root["counts"]["lsoas"].get<std::int64_t>(), 30000);
  EXPECT_TRUE(root["counts"]["postcodes"].is_number_integer());
  const std::string page = b.get("/").body;
  EXPECT_NE(page.find("Kith holds " + root["counts"]["lsoas_text"].get<std::string>() + " neighbourhoods"),
            std::string::npos);
  EXPECT_NE(root["counts"]["lsoas_text"].get<std::string>().find(','), std::string::npos);
}

TEST_P(DemoPlaceTest, RealLibrariesAndFoodBanksAreListedWithTheirSource) {
  auto b = browser();
  const Json libraries = api(b, "/api/v1/directory/search?search=library&postcode=S1%202HH&proximity=805");
  std::set<std::string> names;
  for (const auto& r : libraries["contents"]) names.insert(r["name"].get<std::string>());
  EXPECT_TRUE(names.count("Sheffield Central: Lending Library")) << libraries.dump();
  const Json food = api(b, "/api/v1/directory/search?search=food%20bank&postcode=S4%207LF&proximity=200");
  ASSERT_GE(food["contents"].size(), 1u) << food.dump();
  EXPECT_EQ(food["contents"][0]["name"], "Burngreave Food Bank");
  const Json service = api(b, "/api/v1/directory/services/" + food["contents"][0]["id"].get<std::string>());
  EXPECT_NE(service.dump().find("Give Food (givefood.org.uk), CC BY 4.0"), std::string::npos) << service.dump();
  // Closed libraries are not listed.
  const Json closed = api(b, "/api/v1/directory/search?search=limpsfield");
  EXPECT_EQ(closed["total_items"], 0) << closed.dump();
  // The directory's page credits the open data it lists.
  auto page = b.get("/directory");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Give Food (givefood.org.uk), CC BY 4.0"), std::string::npos);
  EXPECT_NE(page.body.find("Libraries Hacked"), std::string::npos);
  // Made-up listings say so; the demo does not list Bristol.
  EXPECT_EQ(api(b, "/api/v1/directory/search?search=bristol")["total_items"], 0);
}

TEST_P(DemoPlaceTest, SheffieldsAreaPageShowsWhatIsStrongThere) {
  auto b = browser();
  const Json area = api(b, "/api/v1/areas/E08000019");
  const Json& directory = area["sections"]["directory"];
  EXPECT_GE(directory["count"].get<int>(), 80) << directory.dump();
  EXPECT_GE(directory["venue_count"].get<int>(), 60) << directory.dump();
  EXPECT_GE(directory["categories"].size(), 5u) << directory.dump();
}

TEST_P(DemoPlaceTest, TheDecidedGrantRoundsAwardsAreIn360Giving) {
  auto b = browser();
  const Json file = api(b, "/grants/360giving.json");
  std::set<std::string> recipients;
  for (const auto& g : file["grants"]) recipients.insert(g["recipientOrganization"][0]["name"].get<std::string>());
  EXPECT_TRUE(recipients.count("Stifford Clays Summer Picnics (demo)")) << file.dump();
  EXPECT_TRUE(recipients.count("Tilbury Riverside Gardeners (demo)")) << file.dump();
  EXPECT_FALSE(recipients.count("Grays Film Nights (demo)")) << "declined, so not awarded";
}

TEST_P(DemoPlaceTest, TheClosedBudgetShowsItsResults) {
  auto b = browser();
  const Json list = api(b, "/api/v1/pb");
  std::string href;
  for (const auto& p : list["processes"])
    if (p["name"] == "Dudley town decides 2026 (demo)") {
      EXPECT_EQ(p["closed"], true);
      href = p["href"];
    }
  ASSERT_FALSE(href.empty()) << list.dump();
  const Json page = api(b, "/api/v1" + href);
  ASSERT_TRUE(page.contains("results")) << page.dump();
  EXPECT_EQ(page["results"]["ballots"], "47");
  EXPECT_EQ(page["results"]["paper"], "47");
  int funded = 0;
  for (const auto& line : page["results"]["equal_shares"])
    if (line["funded"] == true) ++funded;
  EXPECT_GE(funded, 2) << page["results"].dump();
  auto html = b.get(href);
  ASSERT_EQ(html.status, 200);
  EXPECT_NE(html.body.find("Planters on the High Street"), std::string::npos);
}

TEST_P(DemoPlaceTest, TheCoordinatorSeesAMemberWaitingForApproval) {
  auto coordinator = signed_in("coordinator");
  const Json manage = api(coordinator, "/api/v1/timebank/tilbury-chadwell/manage");
  bool waiting = false;
  for (const auto& m : manage["pending"])
    if (m["name"] == "Robin Newcomer (demo, waiting to join)") waiting = true;
  EXPECT_TRUE(waiting) << manage.dump();
}

TEST_P(DemoPlaceTest, AClosedMostSignificantChangeRoundShowsItsChosenStory) {
  auto officer = signed_in("officer");
  const Json rounds = api(officer, "/api/v1/evaluate/msc");
  std::string href;
  for (const auto& r : rounds["rounds"])
    if (r["name"] == "Thurrock residents' panel, summer 2026") {
      EXPECT_EQ(r["open"], false);
      href = r["href"];
    }
  ASSERT_FALSE(href.empty()) << rounds.dump();
  auto page = officer.get(href);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("The allotment that came to us"), std::string::npos);
  EXPECT_NE(page.body.find("the children kept going back"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, DemoPlaceTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
