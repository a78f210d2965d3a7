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

#include "accounts/account_store.h"
#include "app/app.h"
#include "areas/census.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "plans/plan_store.h"
#include "ratio_table.h"
#include "web/server.h"

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

// A signed-in officer's cookie, for the staff pages measured, and the plan they read.
std::string officer_cookie;
std::string plan_path;

// Signs the demo's officer in (a session made in the store, as signing in makes one)
// and gives the demo's plan twelve outcomes whose measures are read live on its page:
// every module's measure by LSOA, the IMD score, and census indicators to make twelve.
void prepare_staff_pages(kith::app::App& app) {
  auto db = app.database().acquire();
  kith::store::Transaction tx(*db, true);
  auto officer = kith::accounts::AccountStore(*db).find_by_email("officer@demo.kith.test");
  if (!officer) throw std::runtime_error("the demo has no officer@demo.kith.test");
  std::string token = kith::random_token();
  kith::accounts::AccountStore(*db).create_session(kith::sha256_hex(token), officer->id,
                                                   kith::iso_utc(kith::now_seconds() + 86400));
  officer_cookie = std::string(kith::web::kSessionCookie) + "=" + token;
  std::int64_t plan = db->scalar("SELECT MIN(id) FROM plans");
  if (plan == 0) throw std::runtime_error("the demo has no plan");
  plan_path = "/plans/" + std::to_string(plan);
  std::vector<std::string> measures = {"iod.imd_score",
                                       "directory.activities_per_1000",
                                       "stories.published_per_1000",
                                       "timebank.members_per_1000",
                                       "timebank.exchanges_per_1000",
                                       "coordination.referrals_per_1000",
                                       "coordination.share_connected"};
  for (const auto& c : kith::areas::census_indicators())
    if (measures.size() < 12) measures.push_back(c.name);
  kith::plans::PlanStore store(*db);
  auto had = db->scalar("SELECT COUNT(*) FROM plan_outcomes WHERE plan_id = ? AND measure <> ''", {plan});
  for (std::size_t i = static_cast<std::size_t>(had); i < measures.size(); ++i) {
    kith::plans::Outcome o;
    o.plan_id = plan;
    o.term = i % 3 == 0 ? "short" : i % 3 == 1 ? "medium" : "long";
    o.description = "Measured for the benchmark: " + measures[i];
    o.measure = measures[i];
    o.baseline = 1.0;
    o.baseline_at = kith::now_iso();
    o.target = 2.0;
    store.add_outcome(o);
  }
  tx.commit();
}

void get(benchmark::State& state, const std::string& path, const char* accept = "text/html", bool staff = false) {
  httplib::Headers headers{{"Accept", accept}};
  if (staff) headers.emplace("Cookie", officer_cookie);
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
  // A staff page: the demo's Chorley plan with a dozen outcomes measured live (issue 18's 50 ms).
  add("plan page, 12 live measures (officer)", [](benchmark::State& s) { get(s, plan_path, "text/html", true); });
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
  prepare_staff_pages(app);

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

  // The plan page shows every measured outcome (a page that failed to measure would be quick).
  {
    auto page = client->Get(plan_path, {{"Cookie", officer_cookie}});
    std::size_t shown = 0;
    for (auto at = page ? page->body.find("Measured for the benchmark") : std::string::npos; at != std::string::npos;
         at = page->body.find("Measured for the benchmark", at + 1))
      ++shown;
    if (!page || page->status != 200 || shown == 0) {
      std::fprintf(stderr, "bench: the plan page %s does not show its measured outcomes\n", plan_path.c_str());
      return 1;
    }
  }
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
