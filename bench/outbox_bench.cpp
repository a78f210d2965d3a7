// The outbox's sender against a fake GOV.UK Notify on loopback: 10,000 queued
// messages (300 in short mode) sent, with the time and messages per second (the
// issue's target: under a minute), and the web server's answers while the sender is
// idle and while it is sending: /healthz (the baseline) and a directory search, which
// reads the database the sender writes to, each as a ratio.
//   build/release/outbox_bench [--short] [--database URL] [--workers N]
#include <benchmark/benchmark.h>
#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>

#include "app/app.h"
#include "messages/outbox.h"
#include "messages/sender.h"
#include "ratio_table.h"
#include "support/fake_notify.h"

namespace {

using kith::testing::FakeNotify;

int g_messages = 10000;
int g_workers = 2;
bool g_too_slow = false;  // the issue asks for 10,000 messages in under a minute
kith::app::App* g_app = nullptr;
FakeNotify* g_fake = nullptr;
std::unique_ptr<httplib::Client> g_client;

std::unique_ptr<kith::messages::Sender> make_sender() {
  kith::messages::NotifySettings s;
  s.api_key = FakeNotify::api_key();
  s.base_url = g_fake->url();
  s.email_template = FakeNotify::kEmailTemplate;
  auto transport = kith::messages::make_notify(s, nullptr);
  kith::messages::SenderOptions o;
  o.public_url = "https://kith.example.gov.uk";
  o.idle_wait = std::chrono::milliseconds(10);
  return std::make_unique<kith::messages::Sender>(g_app->database(), std::move(transport), o);
}

// Queues `n` messages in one transaction, each with a key not used before.
void queue(int n) {
  static int next = 0;
  auto db = g_app->database().acquire();
  kith::store::Transaction tx(*db, true);
  for (int i = 0; i < n; ++i, ++next) {
    kith::messages::Message m;
    m.kind = "story_published";
    m.to = "person" + std::to_string(next % 500) + "@example.org";
    m.key = "bench:" + std::to_string(next);
    m.fields = {{"name", "Ann"}, {"title", "A garden"}, {"link", "https://kith.example.gov.uk/stories/1"}};
    kith::messages::enqueue(*db, m);
  }
  tx.commit();
}

void wait_for(std::size_t received) {
  while (g_fake->received().size() < received) std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

constexpr const char* kSearch = "/directory?q=lunch+club";

void get(benchmark::State& state, const char* path) {
  for (auto _ : state) {
    auto r = g_client->Get(path);
    if (!r || r->status != 200) {
      state.SkipWithError((std::string(path) + " did not answer 200").c_str());
      return;
    }
  }
}

void healthz(benchmark::State& state) { get(state, "/healthz"); }
void search(benchmark::State& state) { get(state, kSearch); }

void send_all(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    queue(g_messages);
    std::size_t target = g_fake->received().size() + static_cast<std::size_t>(g_messages);
    auto sender = make_sender();
    state.ResumeTiming();
    auto start = std::chrono::steady_clock::now();
    sender->start(g_workers);
    wait_for(target);
    sender->stop();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "  %d messages sent in %.1f s: %.0f messages/s (target: under 60 s)\n", g_messages, seconds,
                 g_messages / seconds);
    if (seconds >= 60) {
      std::fprintf(stderr, "bench: sending took %.1f s, more than the minute allowed\n", seconds);
      g_too_slow = true;
    }
  }
  state.counters["messages_per_s"] =
      benchmark::Counter(static_cast<double>(g_messages) * state.iterations(), benchmark::Counter::kIsRate);
}

void while_sending(benchmark::State& state, void (*measure)(benchmark::State&)) {
  queue(g_messages);
  auto sender = make_sender();
  sender->start(g_workers);
  measure(state);
  sender->stop();
}

}  // namespace

int main(int argc, char** argv) {
  bool short_mode = false;
  kith::app::Config config;
  auto dir = std::filesystem::temp_directory_path() / ("kith-outbox-bench-" + std::to_string(::getpid()));
  std::vector<char*> args{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--short") == 0)
      short_mode = true;
    else if (std::strcmp(argv[i], "--database") == 0 && i + 1 < argc)
      config.database_url = argv[++i];
    else if (std::strcmp(argv[i], "--workers") == 0 && i + 1 < argc)
      g_workers = std::atoi(argv[++i]);
    else
      args.push_back(argv[i]);
  }
  if (short_mode) g_messages = 300;
  kith::bench::initialize(args, short_mode);
  std::filesystem::create_directories(dir);
  if (config.database_url.empty()) config.database_url = "sqlite:" + (dir / "bench.db").string();
  kith::app::App app(config);
  g_app = &app;
  FakeNotify fake;
  g_fake = &fake;

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
  g_client = std::make_unique<httplib::Client>("127.0.0.1", port);
  g_client->set_keep_alive(true);
  g_client->set_tcp_nodelay(true);
  g_client->Get(kSearch);  // warm: the first search loads what searches share

  benchmark::RegisterBenchmark("healthz, sender idle (baseline)", healthz)->UseRealTime();
  benchmark::RegisterBenchmark(("send " + std::to_string(g_messages) + " messages to Notify").c_str(), send_all)
      ->UseRealTime()
      ->Iterations(1)
      ->Unit(benchmark::kSecond);
  benchmark::RegisterBenchmark("healthz while the sender sends", while_sending, healthz)->UseRealTime();
  benchmark::RegisterBenchmark("directory search, sender idle", search)->UseRealTime();
  benchmark::RegisterBenchmark("directory search while the sender sends", while_sending, search)->UseRealTime();
  kith::bench::RatioTable table("healthz, sender idle");
  benchmark::RunSpecifiedBenchmarks(&table);
  if (double idle = table.seconds_of("directory search, sender idle"); idle > 0)
    std::printf("directory search while sending / idle: %.2fx\n",
                table.seconds_of("directory search while the sender sends") / idle);
  bool ok = !table.failed() && fake.bad_tokens() == 0 && !g_too_slow;
  auto refs = fake.references();
  for (const auto& [ref, n] : refs)
    if (n != 1) {
      std::fprintf(stderr, "bench: %s was sent %d times\n", ref.c_str(), n);
      ok = false;
    }
  g_client.reset();
  app.server().stop();
  server.join();
  std::filesystem::remove_all(dir);
  return ok ? 0 : 1;
}
