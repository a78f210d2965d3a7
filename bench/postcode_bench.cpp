// Postcode lookup among all England's postcodes (1.5 million, Code-Point Open 2025),
// as every search near a postcode, vote and story does it: AreaStore::postcode on
// embedded SQLite (and on PostgreSQL when a URL is given), beside the plainest
// in-memory answer, a std::unordered_map from postcode to its row (the baseline).
// Also times the load itself (reading, placing and writing them, as `kith demo`
// does) and prints the lookup's median and p99 and the memory each takes.
//   build/release/postcode_bench [--short] [--pg URL]
// Short mode (the tests' run) writes only every 20th postcode.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <tuple>
#include <unordered_map>

#include "areas/area_store.h"
#include "areas/loader.h"
#include "core/crypto.h"
#include "core/text.h"
#include "ratio_table.h"
#include "store/db.h"
#include "store/migrate.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Held {
  std::string display;
  double lat, lon;
  std::string lsoa;
  bool uncertain;
};

std::unordered_map<std::string, Held> baseline;
std::vector<std::string> keys;  // random postcodes to look up
std::unique_ptr<kith::store::Database> sqlite_db, pg_db;

void say(const std::string& s) { std::fprintf(stderr, "postcode_bench: %s\n", s.c_str()); }

// Resident memory now and at its peak, in MB (Linux).
std::pair<double, double> memory_mb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  double rss = 0, hwm = 0;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) rss = std::atof(line.c_str() + 6) / 1024;
    if (line.rfind("VmHWM:", 0) == 0) hwm = std::atof(line.c_str() + 6) / 1024;
  }
  return {rss, hwm};
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string fresh_pg(const std::string& base) {
  std::string schema = "bench_" + kith::to_lower(kith::sha256_hex(kith::random_token()).substr(0, 12));
  kith::store::open_postgres(base)->exec_script("CREATE SCHEMA " + schema);
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

void save(kith::store::Database& database, const kith::areas::Geography& g, const std::string& name) {
  auto h = database.acquire();
  kith::store::migrate(*h, {});
  auto t = Clock::now();
  kith::store::Transaction tx(*h, true);
  kith::areas::AreaStore(*h).save(g, {});
  tx.commit();
  say("wrote the areas and " + kith::thousands(static_cast<std::int64_t>(g.postcodes.rows.size())) + " postcodes to " +
      name + " in " + std::to_string(seconds_since(t)) + " s");
}

// Each lookup timed alone: the median and the 99th percentile, in microseconds.
template <typename Fn>
std::pair<double, double> percentiles(Fn&& lookup) {
  std::vector<double> us;
  us.reserve(keys.size());
  for (const auto& k : keys) {
    auto t = Clock::now();
    lookup(k);
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t).count());
  }
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us[us.size() * 99 / 100]};
}

void lookup_baseline(benchmark::State& state) {
  std::size_t i = 0;
  for (auto _ : state) {
    auto it = baseline.find(keys[i++ % keys.size()]);
    benchmark::DoNotOptimize(it);
  }
}

void lookup_store(benchmark::State& state, kith::store::Database* database) {
  auto h = database->acquire();
  kith::areas::AreaStore store(*h);
  std::size_t i = 0;
  for (auto _ : state) {
    auto hit = store.postcode(keys[i++ % keys.size()]);
    if (!hit) state.SkipWithError("a postcode written was not found");
    benchmark::DoNotOptimize(hit);
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool short_mode = false;
  std::string pg_url;
  if (const char* u = std::getenv("KITH_BENCH_PG_URL"))
    pg_url = u;
  else if (const char* t = std::getenv("KITH_TEST_PG_URL"))
    pg_url = t;
  std::vector<char*> args{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--short") == 0)
      short_mode = true;
    else if (std::strcmp(argv[i], "--pg") == 0 && i + 1 < argc)
      pg_url = argv[++i];
    else
      args.push_back(argv[i]);
  }
  kith::bench::initialize(args, short_mode);
  const char* source = std::getenv("KITH_SOURCE_DATA");

  auto before = memory_mb();
  auto t = Clock::now();
  say("reading all England's postcodes and placing each in its LSOA");
  auto g = kith::areas::load_geography(source ? source : "../shared/data", {});
  if (!g) {
    say(g.error().message);
    return 1;
  }
  double read_s = seconds_since(t);
  auto read_mem = memory_mb();
  say("read and placed " + kith::thousands(static_cast<std::int64_t>(g->postcodes.rows.size())) + " postcodes in " +
      std::to_string(read_s) + " s; peak memory " + std::to_string(read_mem.second - before.first) +
      " MB over the start");
  if (short_mode) {  // every 20th postcode
    auto& rows = g->postcodes.rows;
    std::size_t out = 0;
    for (std::size_t i = 0; i < rows.size(); i += 20) rows[out++] = rows[i];
    rows.resize(out);
  }

  std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("kith-postcode-bench-" + kith::random_token().substr(0, 8) + ".db");
  sqlite_db = kith::store::Database::open("sqlite:" + file.string());
  save(*sqlite_db, *g, "SQLite");
  if (!pg_url.empty()) {
    pg_db = kith::store::Database::open(fresh_pg(pg_url));
    save(*pg_db, *g, "PostgreSQL");
  }

  std::mt19937 rng(15);
  const auto& rows = g->postcodes.rows;
  for (int i = 0; i < (short_mode ? 2000 : 100000); ++i)
    keys.emplace_back(rows[std::uniform_int_distribution<std::size_t>(0, rows.size() - 1)(rng)].postcode());
  auto map_before = memory_mb();
  baseline.reserve(rows.size());
  for (const auto& p : rows) {
    const auto& l = g->postcodes.lsoas[static_cast<std::size_t>(p.lsoa)];
    baseline.emplace(std::string(p.postcode()), Held{kith::areas::display_postcode(std::string(p.postcode())), p.lat,
                                                     p.lon, l.code, kith::areas::uncertain(p.placement)});
  }
  double map_mb = memory_mb().first - map_before.first;
  std::int64_t postcodes = static_cast<std::int64_t>(rows.size());
  *g = kith::areas::Geography{};

  auto [map_p50, map_p99] = percentiles([](const std::string& k) { benchmark::DoNotOptimize(baseline.find(k)); });
  double sq_p50 = 0, sq_p99 = 0;
  {
    auto h = sqlite_db->acquire();
    kith::areas::AreaStore sqlite_store(*h);
    std::tie(sq_p50, sq_p99) =
        percentiles([&](const std::string& k) { benchmark::DoNotOptimize(sqlite_store.postcode(k)); });
  }
  std::printf("\nPostcode lookup among %s postcodes, %zu random lookups each timed alone\n",
              kith::thousands(postcodes).c_str(), keys.size());
  std::printf("%-46s %10s %10s\n", "case", "median", "p99");
  std::printf("%-46s %7.2f us %7.2f us\n", "std::unordered_map (baseline)", map_p50, map_p99);
  std::printf("%-46s %7.2f us %7.2f us\n", "AreaStore::postcode, SQLite", sq_p50, sq_p99);
  if (pg_db) {
    auto ph = pg_db->acquire();
    kith::areas::AreaStore pg_store(*ph);
    auto [pg_p50, pg_p99] = percentiles([&](const std::string& k) { benchmark::DoNotOptimize(pg_store.postcode(k)); });
    std::printf("%-46s %7.2f us %7.2f us\n", "AreaStore::postcode, PostgreSQL (loopback)", pg_p50, pg_p99);
  }
  std::printf(
      "\nmemory: reading and placing them peaked at %.0f MB over the start; the SQLite file is %.0f MB "
      "(all areas, boundaries and postcodes); the baseline map holds %.0f MB\n",
      read_mem.second - before.first, static_cast<double>(std::filesystem::file_size(file)) / 1e6, map_mb);
  std::printf("read and placed in %.2f s\n", read_s);
  std::fflush(stdout);

  benchmark::RegisterBenchmark("unordered_map lookup (baseline)", lookup_baseline);
  benchmark::RegisterBenchmark("AreaStore::postcode, SQLite",
                               [](benchmark::State& s) { lookup_store(s, sqlite_db.get()); });
  if (pg_db)
    benchmark::RegisterBenchmark("AreaStore::postcode, PostgreSQL",
                                 [](benchmark::State& s) { lookup_store(s, pg_db.get()); });
  kith::bench::RatioTable table("unordered_map lookup");
  benchmark::RunSpecifiedBenchmarks(&table);
  bool failed = table.failed() || sq_p99 <= 0;
  sqlite_db.reset();
  std::filesystem::remove(file);
  std::filesystem::remove(file.string() + "-wal");
  std::filesystem::remove(file.string() + "-shm");
  return failed ? 1 : 0;
}
