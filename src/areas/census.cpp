#include "areas/census.h"

#include <filesystem>
#include <fstream>

#include "core/csv.h"
#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::areas {

namespace fs = std::filesystem;

const std::vector<CensusTopic>& census_topics() {
  static const std::vector<CensusTopic> topics = {
      {"age",
       i18n::msg("Age"),
       i18n::msg("How old people are"),
       "ts007a_age_5yr_lsoa21.csv",
       "TS007A",
       "total",
       i18n::msg("residents"),
       {{"0_14", i18n::msg("Under 15"), {"age_0_4", "age_5_9", "age_10_14"}},
        {"15_24", i18n::msg("15 to 24"), {"age_15_19", "age_20_24"}},
        {"25_44", i18n::msg("25 to 44"), {"age_25_29", "age_30_34", "age_35_39", "age_40_44"}},
        {"45_64", i18n::msg("45 to 64"), {"age_45_49", "age_50_54", "age_55_59", "age_60_64"}},
        {"65_74", i18n::msg("65 to 74"), {"age_65_69", "age_70_74"}},
        {"75_84", i18n::msg("75 to 84"), {"age_75_79", "age_80_84"}},
        {"85_plus", i18n::msg("85 and over"), {"age_85_plus"}}}},
      {"sex",
       i18n::msg("Sex"),
       i18n::msg("Women and men"),
       "ts008_sex_lsoa21.csv",
       "TS008",
       "total",
       i18n::msg("residents"),
       {{"female", i18n::msg("Female"), {"female"}}, {"male", i18n::msg("Male"), {"male"}}}},
      {"ethnic_group",
       i18n::msg("Ethnic group"),
       i18n::msg("The ethnic group people said they belong to"),
       "ts021_ethnic_group_lsoa21.csv",
       "TS021",
       "total",
       i18n::msg("residents"),
       {{"asian", i18n::msg("Asian, Asian British or Asian Welsh"), {"asian"}},
        {"black", i18n::msg("Black, Black British, Black Welsh, Caribbean or African"), {"black"}},
        {"mixed", i18n::msg("Mixed or multiple ethnic groups"), {"mixed"}},
        {"white", i18n::msg("White"), {"white"}},
        {"other", i18n::msg("Other ethnic group"), {"other"}}}},
      {"disability",
       i18n::msg("Disability"),
       i18n::msg("Whether people are disabled under the Equality Act"),
       "ts038_disability_lsoa21.csv",
       "TS038",
       "total",
       i18n::msg("residents"),
       {{"limited_a_lot", i18n::msg("Disabled: day-to-day activities limited a lot"), {"disabled_limited_a_lot"}},
        {"limited_a_little",
         i18n::msg("Disabled: day-to-day activities limited a little"),
         {"disabled_limited_a_little"}},
        {"ltc_not_limited",
         i18n::msg("Not disabled: a long-term condition that does not limit them"),
         {"not_disabled_ltc_not_limited"}},
        {"no_ltc", i18n::msg("Not disabled: no long-term condition"), {"not_disabled_no_ltc"}}}},
      {"english",
       i18n::msg("Proficiency in English"),
       i18n::msg("How well people speak English"),
       "ts029_english_proficiency_lsoa21.csv",
       "TS029",
       "total_aged_3_plus",
       i18n::msg("residents aged 3 and over"),
       {{"main_english", i18n::msg("English is their main language"), {"main_language_english"}},
        {"very_well", i18n::msg("Another main language: speaks English very well"), {"speaks_english_very_well"}},
        {"well", i18n::msg("Another main language: speaks English well"), {"speaks_english_well"}},
        {"not_well", i18n::msg("Another main language: cannot speak English well"), {"cannot_speak_english_well"}},
        {"not_at_all", i18n::msg("Another main language: cannot speak English"), {"cannot_speak_english"}}}},
      {"health",
       i18n::msg("General health"),
       i18n::msg("How people described their health"),
       "ts037_general_health_lsoa21.csv",
       "TS037",
       "total",
       i18n::msg("residents"),
       {{"very_good", i18n::msg("Very good"), {"very_good"}},
        {"good", i18n::msg("Good"), {"good"}},
        {"fair", i18n::msg("Fair"), {"fair"}},
        {"bad", i18n::msg("Bad"), {"bad"}},
        {"very_bad", i18n::msg("Very bad"), {"very_bad"}}}},
      // care_19h_or_less and care_20_49h are subtotals of the 9h/10-19h and 20-34h/35-49h
      // columns: only the subtotals are used, so no one is counted twice.
      {"unpaid_care",
       i18n::msg("Unpaid care"),
       i18n::msg("How many hours of unpaid care people give each week"),
       "ts039_unpaid_care_lsoa21.csv",
       "TS039",
       "total_aged_5_plus",
       i18n::msg("residents aged 5 and over"),
       {{"none", i18n::msg("Gives no unpaid care"), {"no_unpaid_care"}},
        {"up_to_19", i18n::msg("19 hours or less a week"), {"care_19h_or_less"}},
        {"20_49", i18n::msg("20 to 49 hours a week"), {"care_20_49h"}},
        {"50_plus", i18n::msg("50 hours or more a week"), {"care_50h_plus"}}}},
  };
  return topics;
}

const std::vector<CensusIndicator>& census_indicators() {
  // Labels marked for the catalogues: a plan's outcome says them with tr().
  static const std::vector<CensusIndicator> all = {
      {"census.disabled_pct",
       i18n::msg("% of people disabled under the Equality Act"),
       {"disability.disabled_limited_a_lot", "disability.disabled_limited_a_little"},
       "disability.total"},
      {"census.unpaid_care_20h_plus_pct",
       i18n::msg("% of people aged 5+ giving 20 or more hours of unpaid care a week"),
       {"unpaid_care.care_20_49h", "unpaid_care.care_50h_plus"},
       "unpaid_care.total"},
      {"census.not_proficient_english_pct",
       i18n::msg("% of people aged 3+ who cannot speak English well or at all"),
       {"english.cannot_speak_english_well", "english.cannot_speak_english"},
       "english.total"},
      {"census.bad_health_pct",
       i18n::msg("% of people in bad or very bad health"),
       {"health.bad", "health.very_bad"},
       "health.total"},
      {"census.aged_65_plus_pct",
       i18n::msg("% of people aged 65 and over"),
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
