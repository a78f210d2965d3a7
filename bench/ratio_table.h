#pragma once
// Prints Google Benchmark results as one table with each result's ratio to a named
// baseline measured in the same run: the machine is shared and noisy, so the
// ratios mean more than the absolute times.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <vector>

namespace kith::bench {

// Starts Google Benchmark with `args` (argv[0] first and any of its own flags); in
// short mode (the tests' run) each case runs only a few times.
inline void initialize(std::vector<char*> args, bool short_mode) {
  static std::string min_time = "--benchmark_min_time=0.01";
  if (short_mode) args.push_back(min_time.data());
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
}

class RatioTable : public benchmark::ConsoleReporter {
 public:
  explicit RatioTable(std::string baseline) : baseline_(std::move(baseline)) {}

  bool ReportContext(const Context&) override { return true; }

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& run : runs) {
      if (run.error_occurred) {
        std::fprintf(stderr, "%s failed: %s\n", run.benchmark_name().c_str(), run.error_message.c_str());
        failed_ = true;
        continue;
      }
      double seconds = run.GetAdjustedRealTime() / benchmark::GetTimeUnitMultiplier(run.time_unit);
      rows_.push_back({run.run_name.function_name, seconds, run.iterations});
      std::fprintf(stderr, "  measured %s\n", run.run_name.function_name.c_str());
    }
  }

  void Finalize() override {
    double base = 0;
    for (const auto& r : rows_)
      if (r.name.rfind(baseline_, 0) == 0) base = r.seconds;
    std::printf("\n%-44s %14s %12s %10s %10s\n", "benchmark", "time per op", "ops per s", "runs", "ratio");
    for (const auto& r : rows_) {
      std::printf("%-44s %11.1f us %12.0f %10lld %9.2fx\n", r.name.c_str(), r.seconds * 1e6, 1 / r.seconds,
                  static_cast<long long>(r.iterations), base > 0 ? r.seconds / base : 0.0);
    }
    std::printf("ratio: time per op divided by the baseline's (%s) in this run\n", baseline_.c_str());
    std::fflush(stdout);
  }

  bool failed() const { return failed_; }
  // The time per op of the first row whose name starts with `name`, or 0.
  double seconds_of(const std::string& name) const {
    for (const auto& r : rows_)
      if (r.name.rfind(name, 0) == 0) return r.seconds;
    return 0;
  }

 private:
  struct Row {
    std::string name;
    double seconds;
    benchmark::IterationCount iterations;
  };
  std::string baseline_;
  std::vector<Row> rows_;
  bool failed_ = false;
};

}  // namespace kith::bench
