#include "directory/module.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/csv.h"
#include "directory/demo.h"
#include "directory/demo_place.h"
#include "directory/directory_http.h"
#include "directory/gaps.h"
#include "directory/importer.h"
#include "directory/measures.h"
#include "directory/moderation.h"
#include "i18n/speaking.h"
#include "store/settings.h"

namespace kith::directory {

void DirectoryModule::install(web::Server& server, const app::Config&) { install_routes(server, index_, sections_); }

app::AreaMeasures DirectoryModule::measures() const {
  std::shared_ptr<IndexCache> index = index_;
  return {{"directory.activities_per_1000",
           {[] { return i18n::tr("Activities in the directory per 1,000 people"); },
            [index](store::Db& db, const std::string& authority) {
              return activities_per_1000(db, *index->get(db), authority, kDefaultWalkM);
            }}}};
}

std::vector<app::AreaSection> DirectoryModule::area_sections(const app::Config&) const {
  return {{"directory", true, area_section}};
}

namespace {

std::ifstream open_data(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string() + ": is the data folder right?");
  return in;
}

// Every ward of the demo's authorities with the real postcodes in it that the area
// data knows too (Code-Point 2025, placed in 2021 LSOAs), in code order.
std::vector<DemoWard> demo_wards(store::Db& db, const std::filesystem::path& root) {
  std::map<std::string, std::pair<std::string, std::string>> ward_of_lsoa;  // LSOA -> ward code, name
  std::map<std::string, DemoWard> wards;
  std::map<std::string, std::string> authority_of_2025;
  std::set<std::string> known;  // postcodes the area data holds, normalised
  for (const auto& a : demo_authorities()) {
    authority_of_2025[a.code_2025] = a.code;
    for (const auto& r : db.query("SELECT l.code, w.code, w.name FROM areas l JOIN areas w ON w.code = l.parent_code "
                                  "WHERE l.kind = 'lsoa' AND l.authority_code = ?",
                                  {a.code})) {
      ward_of_lsoa[r.text(0)] = {r.text(1), r.text(2)};
      wards[r.text(1)] = {a.code, r.text(1), r.text(2), {}};
    }
    for (const auto& r : db.query("SELECT p.postcode FROM postcodes p JOIN areas l ON l.code = p.lsoa_code "
                                  "WHERE l.authority_code = ?",
                                  {a.code}))
      known.insert(r.text(0));
  }
  auto in = open_data(root / "postcodes/postcodes_codepoint_2025q4_5la.csv");
  CsvReader reader(in);
  auto h = reader.header();
  auto col = [&](const char* name) {
    auto c = column(h, name);
    if (!c) throw std::runtime_error(std::string("the 2025 postcode file has no column \"") + name + "\"");
    return *c;
  };
  const std::size_t pc = col("postcode"), quality = col("positional_quality"), lat = col("lat"), lon = col("lon"),
                    lad = col("lad_cd"), lsoa = col("lsoa21cd");
  std::vector<std::string> row;
  while (reader.next(row)) {
    if (row.size() <= std::max({pc, quality, lat, lon, lad, lsoa})) continue;
    if (!authority_of_2025.count(row[lad]) || row[quality] != "10" || row[lat].empty()) continue;
    auto ward = ward_of_lsoa.find(row[lsoa]);
    if (ward == ward_of_lsoa.end()) continue;
    std::string normal;
    for (char c : row[pc])
      if (c != ' ') normal += c;
    if (!known.count(normal)) continue;
    std::string shown = normal.substr(0, normal.size() - 3) + " " + normal.substr(normal.size() - 3);
    wards[ward->second.first].spots.push_back({shown, std::stod(row[lat]), std::stod(row[lon])});
  }
  std::vector<DemoWard> out;
  for (auto& [code, w] : wards) {
    std::sort(w.spots.begin(), w.spots.end(),
              [](const DemoSpot& a, const DemoSpot& b) { return a.postcode < b.postcode; });
    out.push_back(std::move(w));
  }
  return out;
}

// The place's own directory: real libraries and food banks, credited, and made-up
// groups in every ward.
void load_demo_place(store::Db& db, const std::filesystem::path& root, const app::Progress& progress) {
  std::vector<std::string> skipped;
  auto libraries_in = open_data(root / "places/libraries_5la_librarieshacked_2025.csv");
  Json libraries = demo_libraries_feed(libraries_in, skipped);
  auto food_banks_in = open_data(root / "places/foodbanks_givefood_5la.csv");
  Json food_banks = demo_food_banks_feed(food_banks_in, skipped);
  Json activities = demo_activities_feed(demo_wards(db, root));
  const std::pair<const Json*, const char*> feeds[] = {
      {&libraries, kLibrariesCredit}, {&food_banks, kFoodBanksCredit}, {&activities, "Kith demo"}};
  for (const auto& [feed, source] : feeds) {
    auto report = import_feed(db, *feed, FeedFormat::kHsds3, source, progress);
    if (!report.problems.empty())
      throw std::runtime_error(std::string("demo listings from ") + source + ": " + report.problems.front().where +
                               ": " + report.problems.front().message);
    if (progress) progress("directory: " + std::to_string(report.added + report.updated) + " listings from " + source);
  }
  for (const auto& s : skipped)
    if (progress) progress("directory: left out " + s);
  store::set_setting(db, "directory.credits",
                     Json::array({std::string("Public libraries: ") + kLibrariesCredit,
                                  std::string("Food banks: ") + kFoodBanksCredit}));
}

}  // namespace

void DirectoryModule::load_demo(store::Db& db, const app::Config& config, const app::Progress& progress) {
  // The place's own listings only: the Open Referral examples ("MyCity Civic Center",
  // a category called "name") and Bristol's feed are test and import material, not the place.
  auto own = import_feed(db, demo_feed(), FeedFormat::kHsds3, "Kith demo", progress);
  if (!own.problems.empty())
    throw std::runtime_error("demo listings: " + own.problems.front().where + ": " + own.problems.front().message);
  load_demo_place(db, std::filesystem::path(config.source_data), progress);
}

}  // namespace kith::directory

namespace kith::directory {

app::ErasureParts DirectoryModule::erasure() const {
  // Told once at start: English, said with i18n::tr where it is shown.
  return {
      {"directory",
       i18n::msg("Listings and changes you suggested with your email address and not yet checked are deleted. For "
                 "those already checked, your name, email address and note are deleted; a listing that was approved "
                 "belongs to its organisation and stays."),
       erase_submitter}};
}

app::WorkParts DirectoryModule::work() const {
  return {{{"moderator", "admin"}, [](store::Db& db, std::int64_t) {
             return std::vector<app::Waiting>{
                 {i18n::tr("New listings and changes to check"), "/moderate/directory",
                  db.scalar("SELECT COUNT(*) FROM directory_submissions WHERE status = 'pending'")},
                 {i18n::tr("Listings that may be duplicates"), "/moderate/directory/duplicates",
                  suspected_duplicate_count(db)}};
           }}};
}

}  // namespace kith::directory
