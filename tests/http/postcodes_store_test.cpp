// Postcodes for all England on both backends: the load the demo does (every
// postcode placed in its LSOA, certainly where a boundary is loaded, uncertainly
// elsewhere) and `kith import postcodes` in each of its three formats.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "areas/area_store.h"
#include "areas/loader.h"
#include "areas/module.h"
#include "core/crypto.h"
#include "support/harness.h"

namespace kith {
namespace {

namespace fs = std::filesystem;

using PostcodeStoreTest = testing::FreshDatabaseTest;

// The real England file (postcode,easting,northing,lat,lon,lad_cd): the rows this test
// names, by postcode, and every 500th row, read once.
struct Sample {
  std::map<std::string, std::string> named;
  std::vector<std::string> every_500th;
};
const Sample& sample() {
  static const Sample s = [] {
    const std::set<std::string> names = {"SW1A 1AA", "SW1A 2AA", "S1 2HE", "M1 1AD", "LS1 1UR"};
    Sample out;
    gzFile f = gzopen((testing::source_data() + "/postcodes/postcodes_codepoint_2025q4_england.csv.gz").c_str(), "rb");
    char line[256];
    std::size_t n = 0;
    while (f && gzgets(f, line, sizeof line)) {
      std::string l(line);
      if (!l.empty() && l.back() == '\n') l.pop_back();
      std::string pc = l.substr(0, l.find(','));
      if (names.count(pc))
        out.named.emplace(pc, l);
      else if (n++ % 500 == 1)
        out.every_500th.push_back(l);
    }
    if (f) gzclose(f);
    return out;
  }();
  return s;
}
const std::string& england(const std::string& postcode) { return sample().named.at(postcode); }

std::vector<std::string> fields(const std::string& row) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto comma = row.find(',', start);
    out.push_back(row.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

// A copy of the public data folder whose England postcode file holds only the sample:
// the whole load, quickly.
fs::path small_source() {
  fs::path dir = fs::temp_directory_path() / ("kith-postcodes-" + random_token().substr(0, 10));
  fs::create_directories(dir / "postcodes");
  for (const char* sub : {"geography", "iod2019", "iod2025"})
    fs::create_directory_symlink(fs::absolute(testing::source_data()) / sub, dir / sub);
  fs::create_symlink(fs::absolute(testing::source_data()) / "postcodes/codepoint_2014_target_LAs_wgs84.csv",
                     dir / "postcodes/codepoint_2014_target_LAs_wgs84.csv");
  gzFile out = gzopen((dir / "postcodes/postcodes_codepoint_2025q4_england.csv.gz").string().c_str(), "wb");
  std::string text = "postcode,easting,northing,lat,lon,lad_cd\n";
  for (const auto& [pc, row] : sample().named) text += row + "\n";
  for (const auto& row : sample().every_500th) text += row + "\n";
  gzwrite(out, text.data(), static_cast<unsigned>(text.size()));
  gzclose(out);
  return dir;
}

std::string authority_of(store::Db& db, const std::string& postcode) {
  auto r = db.query_one("SELECT authority_code FROM postcodes WHERE postcode = ?", {postcode});
  return r ? r->text(0) : "";
}

TEST_P(PostcodeStoreTest, PlacesEnglandsPostcodesAndImportsEachFormat) {
  fs::path source = small_source();
  auto g = areas::load_geography(source.string(), {});
  ASSERT_TRUE(g) << g.error().message;
  areas::AreaStore store(db());
  store.save(*g, {});

  // Westminster has no boundary loaded: placed by the nearest LSOA centre, and said so.
  auto london = store.postcode("SW1A1AA");
  ASSERT_TRUE(london);
  EXPECT_TRUE(london->uncertain);
  EXPECT_EQ(london->postcode, "SW1A 1AA");
  auto lsoa = store.get(london->lsoa_code);
  ASSERT_TRUE(lsoa);
  EXPECT_EQ(lsoa->authority_code, "E09000033");  // Westminster, through the LSOA
  EXPECT_EQ(authority_of(db(), "SW1A1AA"), "E09000033");
  // Sheffield has boundaries: placed certainly, in the LSOA the 5-LA file names, and
  // in Sheffield as the IoD codes it (E08000019), not as 2025's file does (E08000039).
  auto sheffield = store.postcode("S12HE");
  ASSERT_TRUE(sheffield);
  EXPECT_FALSE(sheffield->uncertain);
  EXPECT_EQ(sheffield->lsoa_code, "E01033264");
  EXPECT_EQ(authority_of(db(), "S12HE"), "E08000019");
  // The 2014 file's postcodes of the four places are there too.
  EXPECT_GT(store.counts().postcodes, 24000);

  // 1. The ONS Postcode Directory: its LSOA is taken as certain; terminated and
  // Welsh postcodes are skipped.
  fs::path onspd = source / "ONSPD_sample.csv";
  {
    auto m1 = fields(england("M1 1AD"));
    std::ofstream f(onspd);
    f << "\"pcd\",\"pcds\",\"dointr\",\"doterm\",\"lat\",\"long\",\"lsoa21cd\"\n"
      << "\"SW1A1AA\",\"SW1A 1AA\",\"198001\",\"\",51.501009,-0.141588,\"" << london->lsoa_code << "\"\n"
      << "\"M1  1AD\",\"M1 1AD\",\"198001\",\"\"," << m1[3] << "," << m1[4] << ",\"\"\n"
      << "\"SW1A0ZZ\",\"SW1A 0ZZ\",\"198001\",\"202001\",51.5,-0.12,\"" << london->lsoa_code << "\"\n"
      << "\"CF101AA\",\"CF10 1AA\",\"198001\",\"\",51.48,-3.17,\"W01001939\"\n";
  }
  auto r1 = areas::import_postcodes(db(), onspd.string(), {});
  ASSERT_TRUE(r1) << r1.error().message;
  EXPECT_EQ(r1->format, "ONS Postcode Directory");
  EXPECT_EQ(r1->read, 4);
  EXPECT_EQ(r1->taken, 2);
  EXPECT_EQ(r1->skipped.at("terminated (doterm is set)"), 1);
  EXPECT_EQ(r1->skipped.at("not in England (LSOA W01...)"), 1);
  EXPECT_EQ(r1->certain, 1);
  EXPECT_EQ(r1->uncertain, 1);  // M1 1AD: no LSOA given, no boundary in Manchester
  EXPECT_FALSE(store.postcode("SW1A1AA")->uncertain);
  EXPECT_TRUE(store.postcode("M11AD")->uncertain);
  EXPECT_EQ(authority_of(db(), "M11AD"), "E08000003");
  EXPECT_FALSE(store.postcode("SW1A0ZZ"));
  EXPECT_FALSE(store.postcode("CF101AA"));
  EXPECT_TRUE(store.postcode("S12HE"));  // the rest are kept

  // 2. A gzipped Code-Point CSV with a header (postcode, lat, lon), one postcode twice.
  fs::path cp = source / "codepoint.csv.gz";
  {
    auto leeds = fields(england("LS1 1UR"));
    ASSERT_GE(leeds.size(), 5u);
    std::string text = "postcode,lat,lon\nLS1 1UR,53.0,-1.0\nls11ur," + leeds[3] + "," + leeds[4] +
                       "\nS1 2HE,53.38169,-1.46939\nnot a postcode,53,-1\n";
    gzFile f = gzopen(cp.string().c_str(), "wb");
    gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
    gzclose(f);
  }
  auto r2 = areas::import_postcodes(db(), cp.string(), {});
  ASSERT_TRUE(r2) << r2.error().message;
  EXPECT_EQ(r2->format, "Code-Point CSV (postcode, lat, lon)");
  EXPECT_EQ(r2->taken, 2);
  EXPECT_EQ(r2->skipped.at("repeated later in the file"), 1);
  EXPECT_EQ(r2->skipped.at("not a postcode"), 1);
  auto ls = store.postcode("LS11UR");
  ASSERT_TRUE(ls);
  EXPECT_NEAR(ls->lat, 53.80216, 1e-6);  // the later row won
  EXPECT_TRUE(ls->uncertain);
  EXPECT_EQ(authority_of(db(), "LS11UR"), "E08000035");  // Leeds
  EXPECT_FALSE(store.postcode("S12HE")->uncertain);

  // 3. OS Code-Point Open as published: no header, eastings and northings.
  fs::path cpo = source / "SW.csv";
  {
    auto w = fields(england("SW1A 2AA"));
    std::ofstream f(cpo);
    f << "\"SW1A2AA\",10," << w[1] << "," << w[2] << ",\"E92000001\",\"E19000003\",\"E18000007\",\"\","
      << "\"E09000033\",\"E05013806\"\n"
      << "\"EH1 1AA\",10,325900,673900,\"S92000003\",\"\",\"\",\"\",\"S12000036\",\"S13002929\"\n";
  }
  auto r3 = areas::import_postcodes(db(), cpo.string(), {});
  ASSERT_TRUE(r3) << r3.error().message;
  EXPECT_EQ(r3->format, "OS Code-Point Open (eastings and northings)");
  EXPECT_EQ(r3->taken, 1);
  EXPECT_EQ(r3->skipped.at("not in England (country S92000003)"), 1);
  auto w = fields(england("SW1A 2AA"));
  auto sw = store.postcode("SW1A2AA");
  ASSERT_TRUE(sw);
  EXPECT_LT(geo::distance_m({sw->lon, sw->lat}, {std::stod(w[4]), std::stod(w[3])}), 10.0);
  EXPECT_TRUE(sw->uncertain);

  // A file that is not one of them changes nothing and says what it expected.
  fs::path bad = source / "bad.csv";
  std::ofstream(bad) << "pcds,lat,lsoa21cd,doterm\nS1 2HE,53.3,E01033264,\n";
  auto r4 = areas::import_postcodes(db(), bad.string(), {});
  ASSERT_FALSE(r4);
  EXPECT_NE(r4.error().message.find("no column \"long\""), std::string::npos) << r4.error().message;
  fs::remove_all(source);
}

INSTANTIATE_TEST_SUITE_P(Backends, PostcodeStoreTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
