#pragma once
// The demo place's directory, as a resident of each of the four places would know
// it: the real public libraries (Libraries Hacked, CC0) and food banks (Give Food,
// CC BY 4.0), and made-up groups marked "(demo)" of the kinds the seeds describe,
// spread across every ward at real postcodes. Pure: files and rows in, HSDS 3.0
// feeds out, the same on every load.
#include <istream>
#include <map>
#include <string>
#include <vector>

#include "directory/hsds.h"

namespace kith::directory {

// Where the real listings came from, as shown beside each of them and on the
// directory's page.
inline constexpr const char* kLibrariesCredit = "Libraries Hacked (librarieshacked.org), CC0";
inline constexpr const char* kFoodBanksCredit = "Give Food (givefood.org.uk), CC BY 4.0";

// One of the demo's places: its authority code as the area data has it, and the
// code Code-Point gives it in 2025 (Sheffield changed in 2024).
struct DemoAuthority {
  std::string code;       // "E08000019"
  std::string code_2025;  // "E08000039"
  std::string name;       // "Sheffield"
  std::string county;     // "South Yorkshire"
};
const std::vector<DemoAuthority>& demo_authorities();

// A real postcode in a ward where a made-up listing can stand.
struct DemoSpot {
  std::string postcode;  // as people write it: "S10 2FD"
  double lat = 0;
  double lon = 0;
};

struct DemoWard {
  std::string authority;        // the authority's code, as in DemoAuthority::code
  std::string code;             // the ward's code
  std::string name;             // "Nether Edge and Sharrow"
  std::vector<DemoSpot> spots;  // at least one, in postcode order
};

// Made-up activities in every ward, three each (five in a small town's): two of
// walking group, coffee morning, lunch club and pantry, and one of warm space, book
// club, youth club, allotment, befriending, advice and more, with days and times,
// costs, ages and access that differ from ward to ward.
Json demo_activities_feed(const std::vector<DemoWard>& wards);

// The open public libraries of the demo's authorities from Libraries Hacked's CSV,
// their staffed hours as weekly schedules. Libraries closed, or with no coordinates,
// are left out and named in `skipped`.
Json demo_libraries_feed(std::istream& csv, std::vector<std::string>& skipped);

// The open food banks of the demo's authorities from Give Food's CSV.
Json demo_food_banks_feed(std::istream& csv, std::vector<std::string>& skipped);

}  // namespace kith::directory
