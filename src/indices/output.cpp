#include "indices/output.h"

#include <cmath>
#include <cstdio>

#include "core/csv.h"
#include "core/text.h"

namespace kith::indices {

namespace {

std::string number(double v, int places = 4) { return fixed(v, places); }

}  // namespace

void write_resilience_csv(std::ostream& out, const ResilienceResult& r) {
  out << "lsoa21_code,score,rank,decile,structural,social,self,lowest_rank,highest_rank\n";
  for (const auto& a : r.areas)
    out << csv_line({a.code, number(a.score), std::to_string(a.rank), std::to_string(a.decile),
                     number(a.contribution[0]), number(a.contribution[1]), number(a.contribution[2]),
                     std::to_string(a.lowest_rank), std::to_string(a.highest_rank)});
}

nlohmann::json resilience_json(const Definition& d, const ResilienceResult& r) {
  nlohmann::json areas = nlohmann::json::array(), sensitivity = nlohmann::json::array();
  for (const auto& a : r.areas)
    areas.push_back({{"code", a.code},
                     {"score", a.score},
                     {"rank", a.rank},
                     {"decile", a.decile},
                     {"contribution",
                      {{level_id(Level::kStructural), a.contribution[0]},
                       {level_id(Level::kSocial), a.contribution[1]},
                       {level_id(Level::kSelf), a.contribution[2]}}},
                     {"rank_range", {a.lowest_rank, a.highest_rank}}});
  for (const auto& s : r.sensitivity)
    sensitivity.push_back(
        {{"indicator", s.id}, {"mean_rank_change", s.mean_rank_change}, {"max_rank_change", s.max_rank_change}});
  return {{"definition", definition_json(d)}, {"areas", areas}, {"sensitivity", sensitivity}};
}

void write_imd_csv(std::ostream& out, const std::vector<PublishedArea>& published, const ImdRun& run) {
  auto n = static_cast<std::int64_t>(published.size());
  out << "lsoa_code,lsoa_name,authority_code,imd_score,imd_rank,imd_decile,published_score,published_rank,"
         "published_decile\n";
  for (std::size_t i = 0; i < published.size(); ++i) {
    const auto& p = published[i];
    out << csv_line({p.code, p.name, p.authority_code, number(run.scores[i]), std::to_string(run.ranks[i]),
                     std::to_string(decile_of(run.ranks[i], n)), p.imd_score ? number(*p.imd_score, 3) : "",
                     std::to_string(p.imd_rank), std::to_string(p.imd_decile)});
  }
}

void write_summaries_csv(std::ostream& out, const ImdRun& run, const std::map<std::string, std::string>& names) {
  out << "authority_code,authority_name,measure,average_score,average_rank,proportion_in_most_deprived_10,extent,"
         "local_concentration,rank_of_average_score,rank_of_average_rank,rank_of_proportion_in_most_deprived_10,"
         "rank_of_extent,rank_of_local_concentration,population,lsoas\n";
  auto rows = [&](const std::string& measure, const std::map<std::string, AuthoritySummary>& all) {
    auto ranks = rank_authorities(all);
    for (const auto& [code, s] : all) {
      auto name = names.find(code);
      const SummaryRanks& r = ranks[code];
      // The measure is one of Kith's own domain names, always quoted as the published summaries do.
      out << csv_field(code) << ',' << csv_field(name == names.end() ? "" : name->second) << ",\"" << measure << "\","
          << csv_line({number(s.average_score), number(s.average_rank, 2), number(s.proportion_in_most_deprived_10),
                       number(s.extent), number(s.local_concentration, 2),
                       r.average_score ? std::to_string(r.average_score) : "", std::to_string(r.average_rank),
                       std::to_string(r.proportion_in_most_deprived_10), std::to_string(r.extent),
                       std::to_string(r.local_concentration), number(s.population, 0), std::to_string(s.areas)});
    }
  };
  rows("IMD", run.imd);
  for (int d = 0; d < kDomains; ++d) rows(kDomainNames[d], run.domains[d]);
}

}  // namespace kith::indices
