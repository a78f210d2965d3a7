#include "areas/census.h"

#include <filesystem>
#include <fstream>

#include "core/csv.h"
#include "core/text.h"

namespace kith::areas {

namespace fs = std::filesystem;

const std::vector<CensusTopic>& census_topics() {
  static const std::vector<CensusTopic> topics = {
      {"age",
       "Age",
       "How old people are",
       "ts007a_age_5yr_lsoa21.csv",
       "TS007A",
       "total",
       "residents",
       {{"0_14", "Under 15", {"age_0_4", "age_5_9", "age_10_14"}},
        {"15_24", "15 to 24", {"age_15_19", "age_20_24"}},
        {"25_44", "25 to 44", {"age_25_29", "age_30_34", "age_35_39", "age_40_44"}},
        {"45_64", "45 to 64", {"age_45_49", "age_50_54", "age_55_59", "age_60_64"}},
        {"65_74", "65 to 74", {"age_65_69", "age_70_74"}},
        {"75_84", "75 to 84", {"age_75_79", "age_80_84"}},
        {"85_plus", "85 and over", {"age_85_plus"}}}},
      {"sex",
       "Sex",
       "Women and men",
       "ts008_sex_lsoa21.csv",
       "TS008",
       "total",
       "residents",
       {{"female", "Female", {"female"}}, {"male", "Male", {"male"}}}},
      {"ethnic_group",
       "Ethnic group",
       "The ethnic group people said they belong to",
       "ts021_ethnic_group_lsoa21.csv",
       "TS021",
       "total",
       "residents",
       {{"asian", "Asian, Asian British or Asian Welsh", {"asian"}},
        {"black", "Black, Black British, Black Welsh, Caribbean or African", {"black"}},
        {"mixed", "Mixed or multiple ethnic groups", {"mixed"}},
        {"white", "White", {"white"}},
        {"other", "Other ethnic group", {"other"}}}},
      {"disability",
       "Disability",
       "Whether people are disabled under the Equality Act",
       "ts038_disability_lsoa21.csv",
       "TS038",
       "total",
       "residents",
       {{"limited_a_lot", "Disabled: day-to-day activities limited a lot", {"disabled_limited_a_lot"}},
        {"limited_a_little", "Disabled: day-to-day activities limited a little", {"disabled_limited_a_little"}},
        {"ltc_not_limited",
         "Not disabled: a long-term condition that does not limit them",
         {"not_disabled_ltc_not_limited"}},
        {"no_ltc", "Not disabled: no long-term condition", {"not_disabled_no_ltc"}}}},
      {"english",
       "Proficiency in English",
       "How well people speak English",
       "ts029_english_proficiency_lsoa21.csv",
       "TS029",
       "total_aged_3_plus",
       "residents aged 3 and over",
       {{"main_english", "English is their main language", {"main_language_english"}},
        {"very_well", "Another main language: speaks English very well", {"speaks_english_very_well"}},
        {"well", "Another main language: speaks English well", {"speaks_english_well"}},
        {"not_well", "Another main language: cannot speak English well", {"cannot_speak_english_well"}},
        {"not_at_all", "Another main language: cannot speak English", {"cannot_speak_english"}}}},
      {"health",
       "General health",
       "How people described their health",
       "ts037_general_health_lsoa21.csv",
       "TS037",
       "total",
       "residents",
       {{"very_good", "Very good", {"very_good"}},
        {"good", "Good", {"good"}},
        {"fair", "Fair", {"fair"}},
        {"bad", "Bad", {"bad"}},
        {"very_bad", "Very bad", {"very_bad"}}}},
      // care_19h_or_less and care_20_49h are subtotals of the 9h/10-19h and 20-34h/35-49h
      // columns: only the subtotals are used, so no one is counted twice.
      {"unpaid_care",
       "Unpaid care",
       "How many hours of unpaid care people give each week",
       "ts039_unpaid_care_lsoa21.csv",
       "TS039",
       "total_aged_5_plus",
       "residents aged 5 and over",
       {{"none", "Gives no unpaid care", {"no_unpaid_care"}},
        {"up_to_19", "19 hours or less a week", {"care_19h_or_less"}},
        {"20_49", "20 to 49 hours a week", {"care_20_49h"}},
        {"50_plus", "50 hours or more a week", {"care_50h_plus"}}}},
  };
  return topics;
}

const std::vector<CensusIndicator>& census_indicators() {
  static const std::vector<CensusIndicator> all = {
      {"census.disabled_pct",
       "% of people disabled under the Equality Act",
       {"disability.disabled_limited_a_lot", "disability.disabled_limited_a_little"},
       "disability.total"},
      {"census.unpaid_care_20h_plus_pct",
       "% of people aged 5+ giving 20 or more hours of unpaid care a week",
       {"unpaid_care.care_20_49h", "unpaid_care.care_50h_plus"},
       "unpaid_care.total"},
      {"census.not_proficient_english_pct",
       "% of people aged 3+ who cannot speak English well or at all",
       {"english.cannot_speak_english_well", "english.cannot_speak_english"},
       "english.total"},
      {"census.bad_health_pct",
       "% of people in bad or very bad health",
       {"health.bad", "health.very_bad"},
       "health.total"},
      {"census.aged_65_plus_pct",
       "% of people aged 65 and over",
       {"age.age_65_69", "age.age_70_74", "age.age_75_79", "age.age_80_84", "age.age_85_plus"},
       "age.total"},
  };
  return all;
}

std::optional<double> indicator_value(const CensusIndicator& i, const CensusCounts& c) {
  auto total = c.find(i.denominator);
  if (total == c.end() || total->second <= 0) return std::nullopt;
  std::int64_t n = 0;
  for (const auto& col : i.numerator)
    if (auto it = c.find(col); it != c.end()) n += it->second;
  return 100.0 * static_cast<double>(n) / static_cast<double>(total->second);
}

namespace {

// A count as the files write it: digits only.
std::optional<std::int64_t> count_of(const std::string& s) {
  if (s.empty() || s.size() > 12) return std::nullopt;
  std::int64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

Result<CensusData> read_census(const std::string& folder, const std::set<std::string>& wanted,
                               const std::set<std::string>& england_lsoas, const app::Progress& progress) {
  CensusData out;
  for (const auto& topic : census_topics()) {
    fs::path path = fs::path(folder) / topic.file;
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"not-found", "Cannot read " + path.string() + ": is the data folder right?", {}};
    if (progress) progress("reading Census 2021 " + topic.table + " (" + topic.title + ") from " + topic.file);
    CsvReader reader(in);
    auto header = reader.header();
    std::vector<std::string> columns = {topic.total_column};
    for (const auto& g : topic.groups) columns.insert(columns.end(), g.columns.begin(), g.columns.end());
    // The indicators' columns are among the groups' (census_indicators()).
    std::vector<std::size_t> index;
    if (!header.count("lsoa21cd")) return Error{"validation-failed", topic.file + " has no column \"lsoa21cd\"", {}};
    for (const auto& c : columns) {
      if (!header.count(c)) return Error{"validation-failed", topic.file + " has no column \"" + c + "\"", {}};
      index.push_back(header.at(c));
    }
    std::size_t key = header.at("lsoa21cd");
    std::vector<std::string> fields;
    std::set<std::string> seen;
    std::vector<std::int64_t> england(columns.size(), 0);
    while (reader.next(fields)) {
      std::string where = topic.file + " line " + std::to_string(reader.line());
      if (fields.size() != header.size())
        return Error{"validation-failed",
                     where + " has " + std::to_string(fields.size()) + " columns; the header has " +
                         std::to_string(header.size()),
                     {}};
      const std::string& code = fields[key];
      if (!starts_with(code, "E01"))
        return Error{
            "validation-failed", where + ", column \"lsoa21cd\": \"" + code + "\" is not an English LSOA code", {}};
      if (!seen.insert(code).second)
        return Error{"validation-failed", where + ": LSOA " + code + " is there twice", {}};
      CensusCounts* keep = wanted.count(code) ? &out.lsoas[code] : nullptr;
      std::int64_t parts = 0;
      for (std::size_t i = 0; i < columns.size(); ++i) {
        auto n = count_of(fields[index[i]]);
        if (!n)
          return Error{"validation-failed",
                       where + ", column \"" + columns[i] + "\": \"" + fields[index[i]] +
                           "\" is not a count of people (a whole number, 0 or more)",
                       {}};
        if (i > 0) parts += *n;
        england[i] += *n;
        if (keep) (*keep)[topic.id + "." + (i == 0 ? std::string("total") : columns[i])] = *n;
      }
      if (parts != std::stoll(fields[index[0]]))
        return Error{"validation-failed",
                     where + ": the groups add up to " + std::to_string(parts) + ", not the total " + fields[index[0]] +
                         " in column \"" + topic.total_column + "\"",
                     {}};
    }
    for (std::size_t i = 0; i < columns.size(); ++i)
      out.england[topic.id + "." + (i == 0 ? std::string("total") : columns[i])] = england[i];
    std::size_t missing = 0;
    for (const auto& code : england_lsoas)
      if (!seen.count(code)) ++missing;
    if (missing > 0)
      out.problems.push_back(topic.file + ": " + std::to_string(missing) +
                             " of England's LSOAs are missing, so England's figures are short of them");
  }
  if (progress)
    progress("read Census 2021 for " + std::to_string(out.lsoas.size()) + " LSOAs and for England as a whole");
  return out;
}

CensusCounts sum_counts(const std::vector<CensusCounts>& parts) {
  CensusCounts out;
  for (const auto& p : parts)
    for (const auto& [k, v] : p) out[k] += v;
  return out;
}

std::vector<CensusTable> census_profile(const CensusCounts& area, const CensusCounts& england) {
  auto get = [](const CensusCounts& c, const std::string& k) -> std::int64_t {
    auto it = c.find(k);
    return it == c.end() ? 0 : it->second;
  };
  std::vector<CensusTable> out;
  for (const auto& topic : census_topics()) {
    CensusTable t;
    t.topic = &topic;
    t.total = get(area, topic.id + ".total");
    t.england_total = get(england, topic.id + ".total");
    if (!area.count(topic.id + ".total")) continue;
    for (const auto& g : topic.groups) {
      CensusRow r{g.id, g.label, 0, 0, 0};
      std::int64_t e = 0;
      for (const auto& c : g.columns) {
        r.count += get(area, topic.id + "." + c);
        e += get(england, topic.id + "." + c);
      }
      if (t.total > 0) r.per_100 = 100.0 * static_cast<double>(r.count) / static_cast<double>(t.total);
      if (t.england_total > 0)
        r.england_per_100 = 100.0 * static_cast<double>(e) / static_cast<double>(t.england_total);
      t.rows.push_back(r);
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace kith::areas
