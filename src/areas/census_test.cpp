// Census 2021: reading the published files, summing LSOAs and the unpaid-care
// subtotals, with figures checked by hand against the CSVs for Sheffield 069A
// (E01007823, Beauchief and Greenhill ward).
#include "areas/census.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace kith::areas {
namespace {

std::string census_folder() {
  const char* s = std::getenv("KITH_SOURCE_DATA");
  return std::string(s ? s : KITH_SOURCE_DIR "/../shared/data") + "/census2021";
}

const CensusTable& table(const std::vector<CensusTable>& p, const std::string& id) {
  for (const auto& t : p)
    if (t.topic->id == id) return t;
  throw std::runtime_error("no table " + id);
}

const CensusRow& row(const CensusTable& t, const std::string& id) {
  for (const auto& r : t.rows)
    if (r.id == id) return r;
  throw std::runtime_error("no row " + id);
}

class CensusFiles : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto d = read_census(census_folder(), {"E01007823", "E01007822"}, {"E01007823"}, nullptr);
    ASSERT_TRUE(d) << d.error().message;
    loaded = new CensusData(std::move(*d));
  }
  static void TearDownTestSuite() { delete loaded; }
  static CensusData* loaded;
};
CensusData* CensusFiles::loaded = nullptr;

TEST_F(CensusFiles, ReadsALsoaAsPublished) {
  const auto& c = loaded->lsoas.at("E01007823");
  // ts007a: 78,109,79 under 15; 85,106 aged 65-74; 54 aged 85+ of 1,678.
  EXPECT_EQ(c.at("age.total"), 1678);
  EXPECT_EQ(c.at("age.age_85_plus"), 54);
  EXPECT_EQ(c.at("sex.female"), 879);
  EXPECT_EQ(c.at("disability.disabled_limited_a_lot"), 155);
  EXPECT_EQ(c.at("english.total"), 1631);  // the table's own total: residents aged 3 and over
  EXPECT_EQ(c.at("unpaid_care.total"), 1598);
  EXPECT_TRUE(loaded->problems.empty());
  // England: every row of the files (PROVENANCE.md's sums).
  EXPECT_EQ(loaded->england.at("ethnic_group.total"), 56490108);
  EXPECT_EQ(loaded->england.at("disability.total"), 56490046);
  EXPECT_EQ(loaded->england.at("unpaid_care.total"), 53413167);
  EXPECT_EQ(loaded->england.at("english.total"), 54685992);
}

TEST_F(CensusFiles, ProfileGroupsPer100OfEachTablesOwnTotal) {
  auto p = census_profile(loaded->lsoas.at("E01007823"), loaded->england);
  ASSERT_EQ(p.size(), 7u);
  const auto& age = table(p, "age");
  EXPECT_EQ(row(age, "0_14").count, 78 + 109 + 79);
  EXPECT_EQ(row(age, "65_74").count, 85 + 106);
  EXPECT_EQ(row(age, "75_84").count, 101 + 63);
  EXPECT_NEAR(row(age, "85_plus").per_100, 100.0 * 54 / 1678, 1e-9);
  const auto& english = table(p, "english");
  EXPECT_EQ(english.total, 1631);
  EXPECT_NEAR(row(english, "not_well").per_100, 100.0 * 3 / 1631, 1e-9);
  const auto& disability = table(p, "disability");
  EXPECT_NEAR(row(disability, "limited_a_lot").england_per_100,
              100.0 * static_cast<double>(loaded->england.at("disability.disabled_limited_a_lot")) / 56490046, 1e-9);
  // Every table's groups add up to its own total (none is counted twice or left out).
  for (const auto& t : p) {
    std::int64_t sum = 0;
    for (const auto& r : t.rows) sum += r.count;
    EXPECT_EQ(sum, t.total) << t.topic->id;
  }
}

TEST_F(CensusFiles, UnpaidCareSubtotalsAreNotCountedTwice) {
  // ts039 for E01007823: 1457 none; 73 (= 53 + 20) up to 19 hours; 34 (= 16 + 18) 20-49 hours; 34 50+ hours;
  // 1,598 aged 5 and over. Summing every column would give 1,705.
  auto p = census_profile(loaded->lsoas.at("E01007823"), loaded->england);
  const auto& care = table(p, "unpaid_care");
  ASSERT_EQ(care.rows.size(), 4u);
  EXPECT_EQ(row(care, "none").count, 1457);
  EXPECT_EQ(row(care, "up_to_19").count, 73);
  EXPECT_EQ(row(care, "20_49").count, 34);
  EXPECT_EQ(row(care, "50_plus").count, 34);
  EXPECT_EQ(care.total, 1598);
  for (const auto& i : census_indicators()) {
    if (i.name == "census.unpaid_care_20h_plus_pct") {
      EXPECT_NEAR(*indicator_value(i, loaded->lsoas.at("E01007823")), 100.0 * (34 + 34) / 1598, 1e-9);
    }
  }
}

TEST_F(CensusFiles, IndicatorsByHand) {
  const auto& c = loaded->lsoas.at("E01007823");
  std::map<std::string, double> want = {{"census.disabled_pct", 100.0 * 345 / 1678},
                                        {"census.not_proficient_english_pct", 100.0 * 3 / 1631},
                                        {"census.bad_health_pct", 100.0 * (71 + 22) / 1678},
                                        {"census.aged_65_plus_pct", 100.0 * (85 + 106 + 101 + 63 + 54) / 1678},
                                        {"census.unpaid_care_20h_plus_pct", 100.0 * 68 / 1598}};
  ASSERT_EQ(census_indicators().size(), want.size());
  for (const auto& i : census_indicators()) EXPECT_NEAR(*indicator_value(i, c), want.at(i.name), 1e-9) << i.name;
  EXPECT_FALSE(indicator_value(census_indicators()[0], CensusCounts{}));
}

TEST(Census, SumsLsoasIntoAnArea) {
  CensusCounts a = {{"sex.total", 10}, {"sex.female", 6}, {"sex.male", 4}};
  CensusCounts b = {{"sex.total", 7}, {"sex.female", 3}, {"sex.male", 4}, {"health.total", 7}};
  auto s = sum_counts({a, b});
  EXPECT_EQ(s.at("sex.total"), 17);
  EXPECT_EQ(s.at("sex.female"), 9);
  EXPECT_EQ(s.at("sex.male"), 8);
  EXPECT_EQ(s.at("health.total"), 7);
  auto p = census_profile(s, s);
  ASSERT_EQ(p.size(), 2u);  // only the tables the area has
  EXPECT_NEAR(table(p, "sex").rows[0].per_100, 100.0 * 9 / 17, 1e-9);
}

// A copy of the files with one cell changed, to show the refusal names the file, line and column.
class BrokenCensus : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("kith-census-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    for (const auto& t : census_topics()) {
      std::ifstream in(census_folder() + "/" + t.file);
      std::ofstream out(dir_ / t.file);
      std::string line;
      for (int i = 0; i < 4 && std::getline(in, line); ++i) out << line << "\n";
    }
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void replace_line(const std::string& file, int n, const std::string& text) {
    std::ifstream in(dir_ / file);
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    lines.at(static_cast<std::size_t>(n - 1)) = text;
    std::ofstream out(dir_ / file);
    for (const auto& l : lines) out << l << "\n";
  }
  std::filesystem::path dir_;
};

TEST_F(BrokenCensus, RefusesANonNumberNamingFileLineAndColumn) {
  auto ok = read_census(dir_.string(), {}, {}, nullptr);
  ASSERT_TRUE(ok) << ok.error().message;
  replace_line("ts008_sex_lsoa21.csv", 3, "E01000002,1000,abc,500");
  auto r = read_census(dir_.string(), {}, {}, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "ts008_sex_lsoa21.csv line 3, column \"female\": \"abc\" is not a count of people (a whole number, 0 or "
            "more)");
}

TEST_F(BrokenCensus, RefusesGroupsThatDoNotAddUp) {
  replace_line("ts037_general_health_lsoa21.csv", 2, "E01000001,10,1,1,1,1,1");
  auto r = read_census(dir_.string(), {}, {}, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "ts037_general_health_lsoa21.csv line 2: the groups add up to 5, not the total 10 in column \"total\"");
}

TEST_F(BrokenCensus, ReportsEnglandLsoasMissingFromAFile) {
  auto r = read_census(dir_.string(), {}, {"E01000001", "E09999999"}, nullptr);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->problems.size(), 7u);
  EXPECT_EQ(r->problems[0],
            "ts007a_age_5yr_lsoa21.csv: 1 of England's LSOAs are missing, so England's figures are short of them");
}

}  // namespace
}  // namespace kith::areas
