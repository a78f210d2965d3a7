#pragma once
// Every local authority's summary of the IMD and of each domain, for one edition
// of the indices (2025 or 2019), with its ranks among authorities: worked out from
// the published LSOA files once per process (they never change).
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "indices/imd.h"

namespace kith::indices {

inline constexpr int kSummaryMeasures = kDomains + 1;  // the IMD, then its domains

struct AuthorityRow {
  std::string code;
  std::string name;
  std::array<AuthoritySummary, kSummaryMeasures> summary;
  std::array<SummaryRanks, kSummaryMeasures> ranks;
};

struct AuthorityTable {
  int year = 2025;
  std::int64_t lsoas = 0;
  std::vector<AuthorityRow> rows;  // by code
  ImdRun run;
  std::map<std::string, std::string> names;
};

Result<std::shared_ptr<const AuthorityTable>> authority_table(const std::string& source_data, int year);

}  // namespace kith::indices
