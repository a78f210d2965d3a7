// Recomputing the Index of Multiple Deprivation from its seven domains for every
// LSOA in England, and the local authority summary measures of the IMD and each
// domain; and Kith's default ten-indicator resilience index with its sensitivity
// view (each weight 25% down and up); beside a plain reference: sorting the same
// 33,755 scores once.
//   build/release/indices_bench [--short]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "indices/imd.h"
#include "indices/iod_files.h"
#include "indices/sources.h"
#include "ratio_table.h"

namespace {

using kith::indices::DomainInput;

std::vector<DomainInput> iod2025, iod2019;
std::vector<double> published_scores;
kith::indices::IndicatorValues resilience_values;

bool load(const std::string& source) {
  auto rows = kith::indices::read_iod2025(kith::indices::iod2025_path(source));
  auto pop21 = kith::indices::population_2021(source);
  auto rows19 = kith::indices::read_iod2019(kith::indices::iod2019_domains_path(source));
  auto pop19 = kith::indices::read_population_2019(kith::indices::iod2019_population_path(source));
  for (const auto* e : {rows ? nullptr : &rows.error(), pop21 ? nullptr : &pop21.error(),
                        rows19 ? nullptr : &rows19.error(), pop19 ? nullptr : &pop19.error()})
    if (e) {
      std::fprintf(stderr, "bench: %s\n", e->message.c_str());
      return false;
    }
  for (const auto& r : *rows) {
    auto p = pop21->find(r.code);
    iod2025.push_back({r.authority_code, p == pop21->end() ? 0 : p->second, r.domain_ranks, r.domain_scores});
    published_scores.push_back(*r.imd_score);
  }
  auto values = kith::indices::load_values(kith::indices::default_definition(), {source, {}});
  if (!values) {
    std::fprintf(stderr, "bench: %s\n", values.error().message.c_str());
    return false;
  }
  resilience_values = std::move(*values);
  for (const auto& r : *rows19) {
    auto p = pop19->find(r.code);
    iod2019.push_back({r.authority_code, p == pop19->end() ? 0 : p->second, r.domain_ranks, r.domain_scores});
  }
  return true;
}

void sort_once(benchmark::State& state) {
  for (auto _ : state) {
    std::vector<double> v = published_scores;
    std::sort(v.begin(), v.end());
    benchmark::DoNotOptimize(v.data());
  }
}

void imd_only(benchmark::State& state) {
  std::vector<std::array<std::int64_t, kith::indices::kDomains>> ranks;
  for (const auto& a : iod2025) ranks.push_back(a.ranks);
  for (auto _ : state) {
    auto scores = kith::indices::imd_scores(ranks);
    auto r = kith::indices::rank_descending(scores);
    benchmark::DoNotOptimize(r.data());
  }
}

void whole(benchmark::State& state, const std::vector<DomainInput>* areas) {
  for (auto _ : state) {
    auto run = kith::indices::recompute(*areas);
    benchmark::DoNotOptimize(run.imd.size());
  }
}

void resilience(benchmark::State& state) {
  for (auto _ : state) {
    auto r = kith::indices::compute(kith::indices::default_definition(), resilience_values);
    benchmark::DoNotOptimize(r);
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool short_mode = false;
  std::vector<char*> args{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--short") == 0)
      short_mode = true;
    else
      args.push_back(argv[i]);
  }
  kith::bench::initialize(args, short_mode);
  const char* source = std::getenv("KITH_SOURCE_DATA");
  std::fprintf(stderr, "bench: reading the IoD2025 and IoD2019 files\n");
  if (!load(source ? source : "../shared/data")) return 1;

  auto add = [](const char* name, auto fn) { benchmark::RegisterBenchmark(name, fn)->Unit(benchmark::kMillisecond); };
  add("sort 33,755 scores once (baseline)", sort_once);
  add("IMD scores and ranks, IoD2025", imd_only);
  add("IMD + all authority summaries, IoD2025", [](benchmark::State& s) { whole(s, &iod2025); });
  add("IMD + all authority summaries, IoD2019", [](benchmark::State& s) { whole(s, &iod2019); });
  add("10-indicator resilience index + sensitivity", resilience);
  kith::bench::RatioTable table("sort 33,755 scores once");
  benchmark::RunSpecifiedBenchmarks(&table);
  return table.failed() ? 1 : 0;
}
