#include "indices/iod_files.h"

#include <fstream>
#include <limits>
#include <memory>

#include "areas/areas.h"
#include "core/csv.h"
#include "core/text.h"

namespace kith::indices {

namespace {

// A CSV file read row by row, with cells fetched by column name and checked.
class Sheet {
 public:
  static Result<std::unique_ptr<Sheet>> open(const std::string& path, const std::vector<std::string>& needed) {
    std::unique_ptr<Sheet> s(new Sheet(path));
    if (!s->in_) return Error{"not-found", "Cannot read " + path + ": is the data folder right?", {}};
    s->header_ = s->reader_.header();
    for (const auto& c : needed)
      if (!s->header_.count(c)) return Error{"validation-failed", s->name_ + " has no column \"" + c + "\"", {}};
    return s;
  }
  bool next() { return reader_.next(row_); }
  const std::string& text(const std::string& column) const {
    static const std::string empty;
    auto i = header_.at(column);
    return i < row_.size() ? row_[i] : empty;
  }
  Result<double> number(const std::string& column) const {
    auto v = parse_number_with_commas(text(column));
    if (!v) return problem(column, "is not a number: \"" + text(column) + "\"");
    return *v;
  }
  Error problem(const std::string& column, const std::string& what) const {
    return Error{
        "validation-failed", name_ + " line " + std::to_string(reader_.line()) + ", " + column + " " + what, {}};
  }

 private:
  explicit Sheet(const std::string& path)
      : name_(path.substr(path.find_last_of('/') + 1)), in_(path, std::ios::binary), reader_(in_) {}
  std::string name_;
  std::ifstream in_;
  CsvReader reader_;
  std::map<std::string, size_t> header_;
  std::vector<std::string> row_;
};

Result<std::vector<PublishedArea>> read(const std::string& path, const std::string& code, const std::string& name,
                                        const std::string& authority, const std::string& authority_name,
                                        const std::array<std::string, kDomains>& ranks, const std::string& imd_rank,
                                        const std::string& imd_decile, const std::string& imd_score,
                                        const std::array<std::string, kDomains>& scores) {
  std::vector<std::string> needed = {code, name, authority, authority_name, imd_rank, imd_decile};
  needed.insert(needed.end(), ranks.begin(), ranks.end());
  for (const auto& c : scores)
    if (!c.empty()) needed.push_back(c);
  if (!imd_score.empty()) needed.push_back(imd_score);
  auto opened = Sheet::open(path, needed);
  if (!opened) return opened.error();
  Sheet* sheet = opened->get();
  std::vector<PublishedArea> out;
  while (sheet->next()) {
    PublishedArea a;
    a.code = sheet->text(code);
    a.name = sheet->text(name);
    a.authority_code = sheet->text(authority);
    a.authority_name = sheet->text(authority_name);
    for (int d = 0; d < kDomains; ++d) {
      auto r = sheet->number(ranks[d]);
      if (!r) return r.error();
      a.domain_ranks[d] = static_cast<std::int64_t>(*r);
      a.domain_scores[d] = std::numeric_limits<double>::quiet_NaN();
      if (scores[d].empty()) continue;
      auto sc = sheet->number(scores[d]);
      if (!sc) return sc.error();
      a.domain_scores[d] = *sc;
    }
    auto r = sheet->number(imd_rank);
    if (!r) return r.error();
    a.imd_rank = static_cast<std::int64_t>(*r);
    auto dec = sheet->number(imd_decile);
    if (!dec) return dec.error();
    a.imd_decile = static_cast<int>(*dec);
    if (!imd_score.empty()) {
      auto s = sheet->number(imd_score);
      if (!s) return s.error();
      a.imd_score = *s;
    }
    out.push_back(std::move(a));
  }
  // Ranks must run 1..n among the areas read.
  auto n = static_cast<std::int64_t>(out.size());
  for (const auto& a : out)
    for (int d = 0; d < kDomains; ++d)
      if (a.domain_ranks[d] < 1 || a.domain_ranks[d] > n)
        return Error{"validation-failed",
                     path.substr(path.find_last_of('/') + 1) + ": " + a.code + " has a " + kDomainNames[d] +
                         " rank of " + std::to_string(a.domain_ranks[d]) + ", outside 1 to " + std::to_string(n),
                     {}};
  return out;
}

}  // namespace

Result<std::map<std::string, double>> population_2021(const std::string& source_data) {
  auto population = read_population_2019(iod2019_population_path(source_data));
  if (!population) return population.error();
  auto opened = Sheet::open(source_data + "/geography/lookup_lsoa11_lsoa21_ltla22.csv", {"lsoa11_code", "lsoa21_code"});
  if (!opened) return opened.error();
  std::vector<areas::LsoaChange> changes;
  while ((*opened)->next()) changes.push_back({(*opened)->text("lsoa11_code"), (*opened)->text("lsoa21_code")});
  return areas::derive_population(changes, *population);
}

std::string iod2025_path(const std::string& source_data) {
  return source_data + "/iod2025/iod2025_lsoa21_with_names.csv";
}
std::string iod2019_domains_path(const std::string& source_data) {
  return source_data + "/iod2019/File_2_-_IoD2019_Domains_of_Deprivation.csv";
}
std::string iod2019_population_path(const std::string& source_data) {
  return source_data + "/iod2019/File_6_-_IoD2019_Population_Denominators.csv";
}

Result<std::vector<PublishedArea>> read_iod2025(const std::string& path) {
  return read(path, "lsoa21_code", "lsoa21_name", "ltla24_code", "ltla24_name",
              {"Income_rank", "Employment_rank", "Education_rank", "Health_rank", "Crime_rank",
               "Housing_and_Services_rank", "Environment_rank"},
              "IMD_rank", "IMD_decile", "IMD_score",
              {"Income_score", "Employment_score", "Education_score", "Health_score", "Crime_score",
               "Housing_and_Services_score", "Environment_score"});
}

Result<std::vector<PublishedArea>> read_iod2019(const std::string& path) {
  const std::string suffix = " Rank (where 1 is most deprived)";
  return read(path, "LSOA code (2011)", "LSOA name (2011)", "Local Authority District code (2019)",
              "Local Authority District name (2019)",
              {"Income" + suffix, "Employment" + suffix, "Education, Skills and Training" + suffix,
               "Health Deprivation and Disability" + suffix, "Crime" + suffix,
               "Barriers to Housing and Services" + suffix, "Living Environment" + suffix},
              "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",
              "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)", "", {});
}

Result<std::map<std::string, double>> read_population_2019(const std::string& path) {
  const std::string total = "Total population: mid 2015 (excluding prisoners)";
  auto opened = Sheet::open(path, {"LSOA code (2011)", total});
  if (!opened) return opened.error();
  Sheet* sheet = opened->get();
  std::map<std::string, double> out;
  while (sheet->next()) {
    auto n = sheet->number(total);
    if (!n) return n.error();
    out[sheet->text("LSOA code (2011)")] = *n;
  }
  return out;
}

}  // namespace kith::indices
