#pragma once
// Reads the published English Indices of Deprivation files in shared/data: the
// IoD2025 LSOA file (2021 LSOAs) and the IoD2019 files 2 and 6 (2011 LSOAs). Every
// problem names the file, the line and the column.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "indices/imd.h"

namespace kith::indices {

struct PublishedArea {
  std::string code;
  std::string name;
  std::string authority_code;
  std::string authority_name;
  std::array<std::int64_t, kDomains> domain_ranks{};
  std::array<double, kDomains> domain_scores{};  // published (IoD2025); NaN where not published
  std::optional<double> imd_score;               // published to three decimals (IoD2025 only)
  std::int64_t imd_rank = 0;
  int imd_decile = 0;
};

// iod2025/iod2025_lsoa21_with_names.csv
Result<std::vector<PublishedArea>> read_iod2025(const std::string& path);
// iod2019/File_2_-_IoD2019_Domains_of_Deprivation.csv (ranks with thousands separators)
Result<std::vector<PublishedArea>> read_iod2019(const std::string& path);
// iod2019/File_6_-_IoD2019_Population_Denominators.csv: total population by 2011 LSOA
Result<std::map<std::string, double>> read_population_2019(const std::string& path);

// 2021 LSOA populations derived from the 2019 denominators through the ONS 2011 to
// 2021 lookup (areas::derive_population: unchanged keep theirs, splits share,
// merges sum), as the areas module derives them.
Result<std::map<std::string, double>> population_2021(const std::string& source_data);

// The files under a shared/data folder.
std::string iod2025_path(const std::string& source_data);
std::string iod2019_domains_path(const std::string& source_data);
std::string iod2019_population_path(const std::string& source_data);

}  // namespace kith::indices
