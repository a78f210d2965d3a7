#include "support/published.h"

#include <fstream>
#include <vector>

#include "core/csv.h"
#include "support/harness.h"

namespace kith::testing {

std::set<std::string> lsoas_of_ward(const std::string& ward) {
  std::ifstream in(source_data() + "/geography/lookup_lsoa21_ward24_ltla24.csv");
  CsvReader r(in);
  auto h = r.header();
  std::set<std::string> out;
  std::vector<std::string> f;
  while (r.next(f))
    if (f[h.at("ward24_code")] == ward) out.insert(f[h.at("lsoa21_code")]);
  return out;
}

std::int64_t census_sum(const std::string& file, const std::string& column, const std::set<std::string>& lsoas,
                        bool every) {
  std::ifstream in(source_data() + "/census2021/" + file);
  CsvReader r(in);
  auto h = r.header();
  std::int64_t sum = 0;
  std::vector<std::string> f;
  while (r.next(f))
    if (every || lsoas.count(f[h.at("lsoa21cd")])) sum += std::stoll(f[h.at(column)]);
  return sum;
}

}  // namespace kith::testing
