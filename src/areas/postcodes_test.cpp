#include "areas/postcodes.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdlib>
#include <fstream>
#include <random>

#include "areas/areas.h"
#include "core/csv.h"
#include "core/text.h"

namespace kith::areas {
namespace {

std::string source_data() {
  const char* s = std::getenv("KITH_SOURCE_DATA");
  return s ? s : KITH_SOURCE_DIR "/../shared/data";
}

// Every England postcode row as the file gives it: postcode,easting,northing,lat,lon,lad_cd.
std::vector<std::vector<std::string>> england_rows(std::size_t every) {
  std::vector<std::vector<std::string>> out;
  gzFile f = gzopen((source_data() + "/postcodes/postcodes_codepoint_2025q4_england.csv.gz").c_str(), "rb");
  if (!f) return out;
  char line[256];
  std::size_t n = 0;
  std::vector<std::string_view> fields;
  while (gzgets(f, line, sizeof line)) {
    if (n++ == 0 || n % every != 0) continue;
    std::string_view l(line);
    if (!l.empty() && l.back() == '\n') l.remove_suffix(1);
    split_csv_line(l, fields);
    out.emplace_back(fields.begin(), fields.end());
  }
  gzclose(f);
  return out;
}

TEST(Bng, AgreesWithTheEnglandFileWithinTenMetresEveryThousandthRow) {
  auto rows = england_rows(1000);
  ASSERT_GT(rows.size(), 1400u);  // 1,492,125 rows in the file
  std::size_t checked = 0;
  double worst = 0;
  for (const auto& r : rows) {
    if (r.size() < 5 || r[3].empty()) continue;  // a few postcodes have no point
    auto ll = bng_to_wgs84(*parse_double(r[1]), *parse_double(r[2]));
    double d = geo::distance_m({ll.lon, ll.lat}, {*parse_double(r[4]), *parse_double(r[3])});
    worst = std::max(worst, d);
    EXPECT_LT(d, 10.0) << r[0] << " " << r[1] << "," << r[2];
    ++checked;
  }
  EXPECT_GT(checked, 1400u);
  EXPECT_GT(worst, 0.01);  // a real conversion, not the file's own numbers read back
}

TEST(Bng, TheOriginAndTheTrueOriginAreWhereTheGridSaysTheyAre) {
  // The true origin of the National Grid is 49N 2W on OSGB36 (E 400000, N -100000); on
  // WGS84 it moves by the datum shift, about 100 m west.
  auto o = bng_to_wgs84(400000, -100000);
  EXPECT_NEAR(o.lat, 49.0, 0.001);
  EXPECT_NEAR(o.lon, -2.0, 0.002);
  EXPECT_NE(o.lon, -2.0);
}

TEST(PostcodeFormat, TellsTheThreeFormatsApart) {
  auto onspd = detect_postcode_format("\"pcd\",\"pcd2\",\"pcds\",\"dointr\",\"doterm\",\"lat\",\"long\",\"lsoa21cd\"");
  ASSERT_TRUE(onspd) << onspd.error().message;
  EXPECT_EQ(onspd->format, PostcodeFormat::kOnspd);
  EXPECT_EQ(onspd->postcode, 2);  // pcds rather than pcd
  EXPECT_EQ(onspd->lsoa, 7);
  EXPECT_EQ(onspd->terminated, 4);

  auto ours = detect_postcode_format("postcode,easting,northing,lat,lon,lad_cd");
  ASSERT_TRUE(ours);
  EXPECT_EQ(ours->format, PostcodeFormat::kCodePointCsv);
  EXPECT_EQ(ours->lat, 3);
  EXPECT_EQ(ours->lsoa, -1);
  auto five = detect_postcode_format(
      "postcode,positional_quality,easting,northing,lat,lon,lad_cd,lad_nm,ward_cd,lsoa21cd,msoa21cd");
  ASSERT_TRUE(five);
  EXPECT_EQ(five->lsoa, 9);
  auto old = detect_postcode_format("\xEF\xBB\xBFPostcode,pqi,eastings,northings,latitude,longitude");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->lat, 4);

  auto cpo = detect_postcode_format("\"S1  1AA\",10,435308,387132,\"E92000001\",\"E19000001\",\"E18000003\",\"\"");
  ASSERT_TRUE(cpo);
  EXPECT_EQ(cpo->format, PostcodeFormat::kCodePointOpen);
  EXPECT_FALSE(cpo->header);
  EXPECT_EQ(cpo->country, 4);
}

TEST(PostcodeFormat, NamesTheMissingColumn) {
  auto no_long = detect_postcode_format("pcds,lat,lsoa21cd,doterm");
  ASSERT_FALSE(no_long);
  EXPECT_NE(no_long.error().message.find("\"long\""), std::string::npos) << no_long.error().message;
  auto no_doterm = detect_postcode_format("pcds,lat,long,lsoa21");
  ASSERT_FALSE(no_doterm);
  EXPECT_NE(no_doterm.error().message.find("\"doterm\""), std::string::npos);
  auto no_lon = detect_postcode_format("postcode,lat,lsoa21cd");
  ASSERT_FALSE(no_lon);
  EXPECT_NE(no_lon.error().message.find("\"lon\""), std::string::npos);
  auto nothing = detect_postcode_format("name,address,town");
  ASSERT_FALSE(nothing);
  EXPECT_NE(nothing.error().message.find("Cannot tell"), std::string::npos);
}

TEST(PostcodeFormat, ReadsRowsAndSaysWhyOneCannotBeUsed) {
  std::vector<std::string_view> f;
  std::string skip;
  auto onspd = *detect_postcode_format("pcds,doterm,lat,long,lsoa21cd");
  split_csv_line("\"S1 2HE\",\"\",53.381,-1.470,\"E01033264\"", f);
  auto row = parse_postcode_row(onspd, f, skip);
  ASSERT_TRUE(row) << skip;
  EXPECT_EQ(row->postcode, "S12HE");
  EXPECT_EQ(row->lsoa, "E01033264");
  split_csv_line("S1 2HF,200102,53.381,-1.470,E01033264", f);
  EXPECT_FALSE(parse_postcode_row(onspd, f, skip));
  EXPECT_EQ(skip, "terminated (doterm is set)");
  split_csv_line("S1 2HG,,99.999999,0.000000,", f);
  EXPECT_FALSE(parse_postcode_row(onspd, f, skip));
  EXPECT_EQ(skip, "no coordinates");
  split_csv_line("12345,,53.3,-1.4,", f);
  EXPECT_FALSE(parse_postcode_row(onspd, f, skip));
  EXPECT_EQ(skip, "not a postcode");

  auto cpo = *detect_postcode_format("\"S1  1AA\",10,435308,387132,\"E92000001\"");
  split_csv_line("\"S1  1AA\",10,435308,387132,\"E92000001\"", f);
  row = parse_postcode_row(cpo, f, skip);
  ASSERT_TRUE(row) << skip;
  EXPECT_EQ(row->postcode, "S11AA");
  EXPECT_NEAR(row->lat, 53.38, 0.01);
  EXPECT_NEAR(row->lon, -1.47, 0.01);
  split_csv_line("\"EH1 1AA\",10,325900,673900,\"S92000003\"", f);
  EXPECT_FALSE(parse_postcode_row(cpo, f, skip));
  EXPECT_EQ(skip, "not in England (country S92000003)");
  split_csv_line("\"S1  9ZZ\",90,0,0,\"E92000001\"", f);
  EXPECT_FALSE(parse_postcode_row(cpo, f, skip));
  EXPECT_EQ(skip, "no coordinates");
}

TEST(PostcodeFormat, SplitsQuotedFieldsWithCommas) {
  std::vector<std::string_view> f;
  split_csv_line("S1 1AA,\"Netherthorpe, & Langsett\",,x\r", f);
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[1], "Netherthorpe, & Langsett");
  EXPECT_EQ(f[2], "");
  EXPECT_EQ(f[3], "x");
}

std::vector<LsoaCentre> real_centres() {
  std::ifstream in(source_data() + "/geography/lsoa_centroids.csv");
  CsvReader reader(in);
  auto h = reader.header();
  std::vector<LsoaCentre> out;
  std::vector<std::string> r;
  while (reader.next(r)) {
    const auto& code = r[h.at("LSOACD")];
    auto lat = parse_double(r[h.at("latitude")]), lon = parse_double(r[h.at("longitude")]);
    if (starts_with(code, "E01") && code.size() == 9 && lat && lon) out.push_back({code, "", *lat, *lon});
  }
  return out;
}

// The grid's nearest centre against an obviously right linear scan.
TEST(Placer, TheGridFindsTheSameNearestCentreAsAScanOverEveryLsoa) {
  auto centres = real_centres();
  ASSERT_GT(centres.size(), 30000u);
  // Give one LSOA a boundary (a small square round its centre) to check both rules.
  const auto& boxed = centres[100];
  double d = 0.002;
  geo::Ring ring = {{boxed.lon - d, boxed.lat - d},
                    {boxed.lon + d, boxed.lat - d},
                    {boxed.lon + d, boxed.lat + d},
                    {boxed.lon - d, boxed.lat + d},
                    {boxed.lon - d, boxed.lat - d}};
  Placer placer(centres, {{boxed.code, {{ring}}}});
  EXPECT_EQ(placer.boundary_count(), 1u);
  auto in = placer.place(boxed.lat, boxed.lon);
  ASSERT_TRUE(in);
  EXPECT_EQ(placer.lsoas()[static_cast<std::size_t>(in->lsoa)].code, boxed.code);
  EXPECT_EQ(in->placement, Placement::kBoundary);

  std::mt19937 rng(15);
  std::uniform_real_distribution<double> lat(50.0, 55.8), lon(-5.7, 1.7);
  int placed = 0;
  for (int i = 0; i < 400; ++i) {
    double la = lat(rng), lo = lon(rng);
    double kx = std::cos(la * M_PI / 180), best = 1e18;
    std::int32_t want = -1;
    for (std::size_t k = 0; k < centres.size(); ++k) {
      if (k == 100) continue;  // has a boundary: never the nearest-centre answer
      double dy = centres[k].lat - la, dx = (centres[k].lon - lo) * kx;
      double d2 = dx * dx + dy * dy;
      if (d2 < best) {
        best = d2;
        want = static_cast<std::int32_t>(k);
      }
    }
    bool within = std::sqrt(best) * 111195 <= Placer::kMaxNearestM;
    auto got = placer.place(la, lo);
    if (!within) {
      EXPECT_FALSE(got) << la << "," << lo;
      continue;
    }
    ASSERT_TRUE(got) << la << "," << lo;
    EXPECT_EQ(got->lsoa, want) << la << "," << lo;
    EXPECT_EQ(got->placement, Placement::kNearest);
    ++placed;
  }
  EXPECT_GT(placed, 100);
  EXPECT_FALSE(placer.place(58.0, -3.0));  // the Highlands: not in England
  EXPECT_EQ(placer.find(centres[5].code), 5);
  EXPECT_FALSE(placer.find("W01000001"));
}

TEST(Postcodes, SaysWhereAPostcodeIsAndWhetherThatIsCertain) {
  EXPECT_EQ(postcode_place_text("Sheffield 074B", false), "in Sheffield 074B");
  EXPECT_EQ(postcode_place_text("Westminster 018C", true),
            "probably in Westminster 018C; Kith has no boundary for this area");
  EXPECT_EQ(Postcode{Postcode::make_key("SW1A1AA")}.postcode(), "SW1A1AA");
}

}  // namespace
}  // namespace kith::areas
