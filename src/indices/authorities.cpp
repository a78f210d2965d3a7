#include "indices/authorities.h"

#include <map>
#include <mutex>

#include "indices/iod_files.h"

namespace kith::indices {

Result<std::shared_ptr<const AuthorityTable>> authority_table(const std::string& source_data, int year) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, int>, std::shared_ptr<const AuthorityTable>> cache;
  std::lock_guard<std::mutex> lock(mutex);  // one reading at a time: the files are large
  if (auto it = cache.find({source_data, year}); it != cache.end()) return it->second;
  auto areas = year == 2019 ? read_iod2019(iod2019_domains_path(source_data)) : read_iod2025(iod2025_path(source_data));
  if (!areas) return areas.error();
  auto population =
      year == 2019 ? read_population_2019(iod2019_population_path(source_data)) : population_2021(source_data);
  if (!population) return population.error();
  std::vector<DomainInput> input;
  input.reserve(areas->size());
  auto t = std::make_shared<AuthorityTable>();
  for (const auto& a : *areas) {
    auto p = population->find(a.code);
    input.push_back({a.authority_code, p == population->end() ? 0 : p->second, a.domain_ranks, a.domain_scores});
    t->names[a.authority_code] = a.authority_name;
  }
  t->year = year;
  t->lsoas = static_cast<std::int64_t>(areas->size());
  t->run = recompute(input);
  std::array<std::map<std::string, SummaryRanks>, kSummaryMeasures> ranks;
  ranks[0] = rank_authorities(t->run.imd);
  for (int d = 0; d < kDomains; ++d) ranks[d + 1] = rank_authorities(t->run.domains[d]);
  for (const auto& [code, name] : t->names) {
    AuthorityRow row{code, name, {}, {}};
    row.summary[0] = t->run.imd.at(code);
    row.ranks[0] = ranks[0][code];
    for (int d = 0; d < kDomains; ++d) {
      row.summary[d + 1] = t->run.domains[d].at(code);
      row.ranks[d + 1] = ranks[d + 1][code];
    }
    t->rows.push_back(std::move(row));
  }
  cache[{source_data, year}] = t;
  return std::shared_ptr<const AuthorityTable>(t);
}

}  // namespace kith::indices
