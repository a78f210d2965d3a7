#pragma once
// The indices in open formats: CSV for spreadsheets, JSON for programs.
#include <nlohmann/json.hpp>

#include <ostream>

#include "indices/imd.h"
#include "indices/iod_files.h"
#include "indices/resilience.h"

namespace kith::indices {

// One row per area: code, score, rank, decile, each level's contribution, and the
// best and worst rank under the ±25% weight changes.
void write_resilience_csv(std::ostream& out, const ResilienceResult& r);
// The definition, every area, and how far ranks move with each weight.
nlohmann::json resilience_json(const Definition& d, const ResilienceResult& r);

// One row per LSOA: the recomputed IMD score, rank and decile beside the published.
void write_imd_csv(std::ostream& out, const std::vector<PublishedArea>& published, const ImdRun& run);
// One row per authority and measure (the IMD and each domain): the summary measures.
// Every authority's summary of the IMD and each domain, with its name and ranks.
void write_summaries_csv(std::ostream& out, const ImdRun& run, const std::map<std::string, std::string>& names);

}  // namespace kith::indices
