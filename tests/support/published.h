#pragma once
// Figures read straight from the published files in ../shared/data, to check what
// Kith shows against the source rather than against numbers copied into a test.
#include <cstdint>
#include <set>
#include <string>

namespace kith::testing {

// The LSOAs of a ward, from the ONS lookup (LSOA 2021 to ward 2024).
std::set<std::string> lsoas_of_ward(const std::string& ward);

// A column of a Census 2021 file (census2021/`file`) summed over `lsoas`, or over
// every row when `every`.
std::int64_t census_sum(const std::string& file, const std::string& column, const std::set<std::string>& lsoas,
                        bool every = false);

}  // namespace kith::testing
