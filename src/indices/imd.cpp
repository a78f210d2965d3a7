#include "indices/imd.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace kith::indices {

double exponential_transform(std::int64_t rank, std::int64_t n) {
  static const double c = 1 - std::exp(-100.0 / 23.0);
  double r = static_cast<double>(n - rank + 1) / static_cast<double>(n);
  return -23.0 * std::log(1 - r * c);
}

std::vector<double> imd_scores(const std::vector<std::array<std::int64_t, kDomains>>& domain_ranks) {
  auto n = static_cast<std::int64_t>(domain_ranks.size());
  std::vector<double> out;
  out.reserve(domain_ranks.size());
  for (const auto& ranks : domain_ranks) {
    double score = 0;
    for (int d = 0; d < kDomains; ++d) score += kDomainWeights[d] * exponential_transform(ranks[d], n);
    out.push_back(score);
  }
  return out;
}

std::vector<std::int64_t> rank_descending(const std::vector<double>& values) {
  std::vector<std::uint32_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return values[a] > values[b]; });
  std::vector<std::int64_t> rank(values.size());
  for (std::size_t i = 0; i < order.size(); ++i) rank[order[i]] = static_cast<std::int64_t>(i) + 1;
  return rank;
}

int decile_of(std::int64_t rank, std::int64_t n) {
  // The published deciles: ceil(10 rank / n).
  return static_cast<int>(std::clamp<std::int64_t>((rank * 10 + n - 1) / n, 1, 10));
}

std::map<std::string, AuthoritySummary> summarise(const std::vector<SummaryArea>& areas, std::int64_t n) {
  std::map<std::string, std::vector<const SummaryArea*>> by_authority;
  for (const auto& a : areas) by_authority[a.authority].push_back(&a);
  std::map<std::string, AuthoritySummary> out;
  for (auto& [code, list] : by_authority) {
    AuthoritySummary s;
    s.authority = code;
    s.areas = static_cast<int>(list.size());
    double in_10 = 0, extent_population = 0;
    for (const auto* a : list) {
      s.population += a->population;
      s.average_score += a->population * a->score;
      s.average_rank += a->population * static_cast<double>(a->rank);
      if (decile_of(a->rank, n) == 1) in_10 += 1;
      auto b = static_cast<std::int64_t>(std::ceil(100.0 * static_cast<double>(a->rank) / static_cast<double>(n)));
      if (b <= 10)
        extent_population += a->population;
      else if (b <= 30)
        extent_population += a->population * (0.95 - static_cast<double>(b - 11) * 0.9 / 19);
    }
    if (s.population > 0) {
      s.average_score /= s.population;
      s.average_rank /= s.population;
      s.extent = extent_population / s.population;
    }
    s.proportion_in_most_deprived_10 = in_10 / static_cast<double>(list.size());
    // Local concentration: the most deprived areas until 10% of the people.
    std::sort(list.begin(), list.end(), [](const SummaryArea* x, const SummaryArea* y) { return x->rank < y->rank; });
    double target = s.population * 0.1, held = 0, weighted = 0;
    for (const auto* a : list) {
      if (held >= target) break;
      double take = std::min(a->population, target - held);
      held += take;
      weighted += take * static_cast<double>(a->rank);
    }
    s.local_concentration = held > 0 ? weighted / held : 0;
    out[code] = s;
  }
  return out;
}

ImdRun recompute(const std::vector<DomainInput>& areas) {
  ImdRun run;
  auto n = static_cast<std::int64_t>(areas.size());
  std::vector<std::array<std::int64_t, kDomains>> ranks;
  ranks.reserve(areas.size());
  for (const auto& a : areas) ranks.push_back(a.ranks);
  run.scores = imd_scores(ranks);
  run.ranks = rank_descending(run.scores);
  std::vector<SummaryArea> measure(areas.size());
  for (std::size_t i = 0; i < areas.size(); ++i)
    measure[i] = {areas[i].authority, areas[i].population, run.scores[i], run.ranks[i]};
  run.imd = summarise(measure, n);
  for (int d = 0; d < kDomains; ++d) {
    for (std::size_t i = 0; i < areas.size(); ++i) {
      measure[i].score = areas[i].scores[d];
      measure[i].rank = areas[i].ranks[d];
    }
    run.domains[d] = summarise(measure, n);
  }
  return run;
}

}  // namespace kith::indices

namespace kith::indices {

namespace {

// Competition ranks, 1 for the highest value: equal values share the better rank
// (1, 2, 2, 4); NaN gets 0.
std::vector<std::int64_t> shared_ranks(const std::vector<double>& values) {
  std::vector<double> sorted;
  sorted.reserve(values.size());
  for (double v : values)
    if (!std::isnan(v)) sorted.push_back(v);
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  std::vector<std::int64_t> out;
  out.reserve(values.size());
  for (double v : values) {
    if (std::isnan(v)) {
      out.push_back(0);
      continue;
    }
    auto higher = std::lower_bound(sorted.begin(), sorted.end(), v, std::greater<>()) - sorted.begin();
    out.push_back(static_cast<std::int64_t>(higher) + 1);
  }
  return out;
}

}  // namespace

std::map<std::string, SummaryRanks> rank_authorities(const std::map<std::string, AuthoritySummary>& summaries) {
  std::vector<std::string> codes;
  std::array<std::vector<double>, 5> values;  // each oriented so that higher is more deprived
  for (const auto& [code, s] : summaries) {
    codes.push_back(code);
    values[0].push_back(s.average_score);
    values[1].push_back(-s.average_rank);
    values[2].push_back(s.proportion_in_most_deprived_10);
    values[3].push_back(s.extent);
    values[4].push_back(-s.local_concentration);
  }
  std::array<std::vector<std::int64_t>, 5> ranks;
  for (int m = 0; m < 5; ++m) ranks[m] = shared_ranks(values[m]);
  std::map<std::string, SummaryRanks> out;
  for (std::size_t i = 0; i < codes.size(); ++i)
    out[codes[i]] = {ranks[0][i], ranks[1][i], ranks[2][i], ranks[3][i], ranks[4][i]};
  return out;
}

}  // namespace kith::indices
