#include "directory/demo_place.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace kith::directory {
namespace {

std::string source_data() {
  const char* s = std::getenv("KITH_SOURCE_DATA");
  return s ? s : KITH_SOURCE_DIR "/../shared/data";
}

Json read_libraries(std::vector<std::string>& skipped) {
  std::ifstream in(source_data() + "/places/libraries_5la_librarieshacked_2025.csv", std::ios::binary);
  return demo_libraries_feed(in, skipped);
}

const Json* named(const Json& feed, const std::string& name) {
  for (const auto& s : feed)
    if (s["name"] == name) return &s;
  return nullptr;
}

TEST(DemoPlace, LibrariesAreTheOpenOnesOfTheFourPlacesWithStaffedHoursAsSchedules) {
  std::vector<std::string> skipped;
  Json feed = read_libraries(skipped);
  // Sheffield 29, Dudley 17, Thurrock 10, Chorley 6; less three closed and Woodhouse (no point).
  EXPECT_EQ(feed.size(), 58u);
  EXPECT_EQ(skipped.size(), 4u);
  EXPECT_EQ(named(feed, "Limpsfield Library"), nullptr);
  EXPECT_EQ(named(feed, "Scunthorpe Central Library"), nullptr);  // North Lincolnshire is not a demo place
  const Json* brierley = named(feed, "Brierley Hill Library");
  ASSERT_NE(brierley, nullptr);
  // 09:30-18:00 Monday; 09:00-18:00 Tuesday, Thursday, Friday; 09:00-17:00 Wednesday; 09:30-16:00 Saturday.
  std::set<std::string> schedules;
  for (const auto& s : (*brierley)["schedules"])
    schedules.insert(s["byday"].get<std::string>() + " " + s["opens_at"].get<std::string>() + "-" +
                     s["closes_at"].get<std::string>());
  EXPECT_EQ(schedules, (std::set<std::string>{"MO 09:30:00-18:00:00", "TU,TH,FR 09:00:00-18:00:00",
                                              "WE 09:00:00-17:00:00", "SA 09:30:00-16:00:00"}));
  // A day with a break for lunch is two openings.
  std::istringstream split(
      "local_authority_service,name,address1,address2,address3,postcode,type,year_closed,url,lat,lon,lad_cd,"
      "monday_staffed_hours,tuesday_staffed_hours,wednesday_staffed_hours,thursday_staffed_hours,"
      "friday_staffed_hours,saturday_staffed_hours,sunday_staffed_hours\n"
      "Thurrock Council,Example Hub,1 Road,Grays,,RM17 5AB,LAL,,,51.49,0.32,E06000034,"
      "\"09:00-12:30,13:00-17:00\",,,,,,\n");
  Json one = demo_libraries_feed(split, skipped);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0]["name"], "Example Hub Library");
  ASSERT_EQ(one[0]["schedules"].size(), 2u);
  EXPECT_EQ(one[0]["schedules"][1]["opens_at"], "13:00:00");
}

TEST(DemoPlace, EveryWardHasThreeMadeUpListingsTheSameOnEveryLoad) {
  std::vector<DemoWard> wards;
  wards.reserve(20);
  for (int i = 0; i < 20; ++i)
    wards.push_back({"E08000027",
                     "E05" + std::to_string(100 + i),
                     "Ward " + std::to_string(i),
                     {{"DY1 1AA", 52.5, -2.1}, {"DY1 1AB", 52.51, -2.1}, {"DY1 1AD", 52.52, -2.1}}});
  wards.push_back({"E07000118", "E05900", "Small", {{"PR7 1AA", 53.6, -2.6}}});
  wards.push_back({"E99999999", "E05999", "Elsewhere", {{"XX1 1XX", 50.0, 0.0}}});  // not a demo place
  Json feed = demo_activities_feed(wards);
  // Dudley's 20 wards three each; Chorley's one ward, a small place, all four everyday kinds and one more.
  EXPECT_EQ(feed.size(), 20u * 3 + 5);
  EXPECT_EQ(feed, demo_activities_feed(wards));
  std::set<std::string> ids;
  for (const auto& s : feed) {
    ids.insert(s["id"].get<std::string>());
    EXPECT_NE(s["name"].get<std::string>().find("(demo)"), std::string::npos);
    EXPECT_FALSE(s["schedules"].empty());
  }
  EXPECT_EQ(ids.size(), feed.size());
  EXPECT_NE(named(feed, "Small Walking Group (demo)"), nullptr);
  EXPECT_NE(named(feed, "Small Community Pantry (demo)"), nullptr);
}

}  // namespace
}  // namespace kith::directory
