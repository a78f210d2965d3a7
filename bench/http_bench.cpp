// Requests per second for the public pages a resident uses most, served by the real
// server over loopback from a SQLite database with the demo place loaded. Baseline:
// GET /healthz, the cheapest route through the same pipeline.
//   build/release/http_bench [--short] [--database URL]
#include <benchmark/benchmark.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>

#include "app/app.h"
#include "ratio_table.h"

namespace {

std::unique_ptr<httplib::Client> client;

// The first view of each page after the server started, before any warm-up: what a
// visitor would wait for if `kith serve` did not ask for these pages itself first
// (app/warm.h). Reported apart from the warm runs.
struct FirstView {
  std::string path;
  double ms;
  std::size_t bytes;
};
std::vector<FirstView> first_views;

void get(benchmark::State& state, const std::string& path, const char* accept = "text/html") {
  httplib::Headers headers{{"Accept", accept}};
  if (std::none_of(first_views.begin(), first_views.end(), [&](const FirstView& f) { return f.path == path; })) {
    auto started = std::chrono::steady_clock::now();
    auto r = client->Get(path, headers);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    first_views.push_back({path, ms, r ? r->body.size() : 0});
  }
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto r = client->Get(path, headers);
    if (!r || r->status != 200) {
      auto answer =
          r ? "answered " + std::to_string(r->status) : "gave no answer (" + httplib::to_string(r.error()) + ")";
      state.SkipWithError((path + " " + answer).c_str());
      return;
    }
    bytes += r->body.size();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void register_all() {
  auto add = [](const char* name, auto fn) { benchmark::RegisterBenchmark(name, fn)->UseRealTime(); };
  add("healthz (baseline)", [](benchmark::State& s) { get(s, "/healthz", "application/json"); });
  add("home page", [](benchmark::State& s) { get(s, "/"); });
  add("postcode search page", [](benchmark::State& s) { get(s, "/areas?q=RM17+5AB"); });
  add("name search page", [](benchmark::State& s) { get(s, "/areas?q=Clayton"); });
  add("neighbourhood (LSOA) page", [](benchmark::State& s) { get(s, "/areas/E01024915"); });
  add("authority page, 14 wards drawn", [](benchmark::State& s) { get(s, "/areas/E07000118"); });
  add("authority boundaries GeoJSON",
      [](benchmark::State& s) { get(s, "/api/v1/areas/E07000118/boundaries", "application/geo+json"); });
  add("area API JSON", [](benchmark::State& s) { get(s, "/api/v1/areas/E07000118", "application/json"); });
  add("deprivation table, Sheffield's 343 LSOAs", [](benchmark::State& s) { get(s, "/areas/E08000019/deprivation"); });
  add("authority profile, Sheffield (strengths, indices, map)",
      [](benchmark::State& s) { get(s, "/areas/E08000019"); });
  add("local authorities compared, 296", [](benchmark::State& s) { get(s, "/areas/authorities"); });
  add("directory search near a postcode", [](benchmark::State& s) { get(s, "/directory?postcode=S10%202FD"); });
  add("gap analysis, Sheffield", [](benchmark::State& s) { get(s, "/directory/gaps?authority=E08000019"); });
  // The same pages in Welsh: every message looked up in the catalogue (docs/languages.md).
  add("home page in Welsh", [](benchmark::State& s) { get(s, "/?lang=cy"); });
  add("deprivation table in Welsh", [](benchmark::State& s) { get(s, "/areas/E08000019/deprivation?lang=cy"); });
  add("directory search in Welsh", [](benchmark::State& s) { get(s, "/directory?postcode=S10%202FD&lang=cy"); });
  add("gap analysis in Welsh", [](benchmark::State& s) { get(s, "/directory/gaps?authority=E08000019&lang=cy"); });
}

}  // namespace

int main(int argc, char** argv) {
  bool short_mode = false;
  kith::app::Config config;
  auto dir = std::filesystem::temp_directory_path() / ("kith-bench-" + std::to_string(::getpid()));
  std::vector<char*> args{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--short") == 0)
      short_mode = true;
    else if (std::strcmp(argv[i], "--database") == 0 && i + 1 < argc)
      config.database_url = argv[++i];
    else
      args.push_back(argv[i]);
  }
  kith::bench::initialize(args, short_mode);

  std::filesystem::create_directories(dir);
  if (config.database_url.empty()) config.database_url = "sqlite:" + (dir / "bench.db").string();
  if (const char* s = std::getenv("KITH_SOURCE_DATA")) config.source_data = s;
  std::fprintf(stderr, "bench: loading the demo place into %s\n", config.database_url.c_str());
  kith::app::App(config).load_demo([](const std::string& step) { std::fprintf(stderr, "  %s\n", step.c_str()); });
  kith::app::App app(config);

  std::mutex m;
  std::condition_variable cv;
  int port = 0;
  std::thread server([&] {
    app.server().listen("127.0.0.1", 0, [&](int p) {
      std::lock_guard<std::mutex> lock(m);
      port = p;
      cv.notify_one();
    });
  });
  {
    std::unique_lock<std::mutex> lock(m);
    cv.wait(lock, [&] { return port != 0; });
  }
  client = std::make_unique<httplib::Client>("127.0.0.1", port);
  client->set_keep_alive(true);
  client->set_tcp_nodelay(true);
  // A first view reads published files, which takes seconds in a sanitised build:
  // longer than httplib's five-second default.
  client->set_read_timeout(120, 0);

  register_all();
  kith::bench::RatioTable table("healthz");
  std::fprintf(stderr, "bench: measuring %s\n", short_mode ? "(short mode: a few runs each)" : "");
  benchmark::RunSpecifiedBenchmarks(&table);
  std::printf("\n%-44s %14s %12s\n", "first view after start (cold, no warm-up)", "time", "HTML");
  for (const auto& f : first_views)
    std::printf("%-44s %11.1f ms %9.1f KB\n", f.path.substr(0, 44).c_str(), f.ms, static_cast<double>(f.bytes) / 1024);
  std::printf("kith serve asks for the heaviest of these before /healthz says ready (app/warm.h)\n");
  client.reset();
  app.server().stop();
  server.join();
  std::filesystem::remove_all(dir);
  return table.failed() ? 1 : 0;
}
