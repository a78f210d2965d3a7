// Searching published stories by words: Kith's full-text search (SQLite FTS5 with
// the Porter stemmer; PostgreSQL's english text search with a GIN index) beside the
// plain way it replaced, a LIKE scan of every story's text, on the same stories in
// the same run; and the evaluation dashboard counted over every story. Each search's
// answers are checked to hold its words before anything is timed.
//   build/release/stories_bench [--short] [--stories N] [--pg URL]
// The PostgreSQL URL comes from --pg, KITH_BENCH_PG_URL or KITH_TEST_PG_URL; without
// one the PostgreSQL row is skipped.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "core/text.h"
#include "outcomes/outcome_store.h"
#include "ratio_table.h"
#include "store/db.h"
#include "store/migrate.h"
#include "stories/evaluation.h"
#include "stories/story_store.h"

namespace {

using kith::store::Database;
using kith::store::Db;

void say(const std::string& s) { std::fprintf(stderr, "stories_bench: %s\n", s.c_str()); }

// Made-up stories read like real ones: mostly everyday words, with a few words about
// what happened drawn from a larger set (each in a few per cent of stories), and now
// and then a rare one.
const std::vector<std::string> kEveryday = {
    "the",   "a",    "and",    "to",   "it",   "was",   "we",     "our",   "my",    "i",    "of",   "in",
    "on",    "for",  "with",   "that", "then", "now",   "every",  "week",  "after", "came", "went", "got",
    "made",  "felt", "really", "so",   "more", "again", "people", "there", "here",  "when", "what", "who",
    "they",  "them", "us",     "me",   "is",   "are",   "have",   "had",   "just",  "very", "good", "new",
    "first", "time", "day",    "year", "one",  "two",   "some",   "all",   "out",   "up"};
const std::vector<std::string> kTopics = {
    "street",   "neighbours", "school",  "club",      "lunch",      "tea",        "hall",        "church",
    "library",  "park",       "bench",   "walk",      "walking",    "group",      "volunteers",  "volunteering",
    "helped",   "friends",    "lonely",  "isolated",  "talk",       "learned",    "cooking",     "food",
    "pantry",   "warm",       "space",   "winter",    "summer",     "children",   "young",       "older",
    "family",   "gardens",    "growing", "planted",   "beans",      "football",   "music",       "choir",
    "reading",  "knitting",   "repair",  "cafe",      "bus",        "shop",       "money",       "debt",
    "advice",   "confidence", "purpose", "belonging", "carers",     "dementia",   "bereavement", "housing",
    "landlord", "job",        "college", "english",   "refugee",    "mosque",     "temple",      "allotments",
    "swimming", "dancing",    "boxing",  "youth",     "pensioners", "benefits",   "doctor",      "nurse",
    "pharmacy", "transport",  "mental",  "health",    "anxiety",    "depression", "recovery",    "addiction",
    "prison",   "veterans",   "mums",    "toddlers",  "playgroup",  "homework",   "laptop",      "internet",
    "phone",    "scam",       "flood",   "storm",     "heating",    "energy",     "bills",       "foodbank",
    "clothes",  "furniture",  "bikes",   "cycling"};
const std::vector<std::string> kRare = {"allotment", "canal", "pantomime", "orchard"};
const std::vector<std::string> kQueries = {"allotment",  "walking group", "lonely", "gardening",
                                           "warm space", "choir",         "canal",  "food pantry"};

std::string fresh_pg(const std::string& base) {
  std::string schema = "bench_" + kith::to_lower(kith::sha256_hex(kith::random_token()).substr(0, 12));
  kith::store::open_postgres(base)->exec_script("CREATE SCHEMA " + schema);
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

// `n` published stories with made-up text, each tagged with one of the outcomes.
void load(Database& database, int n) {
  auto h = database.acquire();
  Db& db = *h;
  kith::store::migrate(db, {});
  std::mt19937 rng(42);
  std::uniform_int_distribution<std::size_t> everyday(0, kEveryday.size() - 1);
  std::uniform_int_distribution<std::size_t> topic(0, kTopics.size() - 1);
  std::uniform_int_distribution<int> length(40, 120);
  std::uniform_int_distribution<int> roll(0, 99);
  std::vector<kith::store::Params> rows;
  rows.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    std::string body;
    int words = length(rng);
    for (int w = 0; w < words; ++w)
      body += (w ? " " : "") + (roll(rng) < 6 ? kTopics[topic(rng)] : kEveryday[everyday(rng)]);
    if (roll(rng) < 1) body += " " + kRare[topic(rng) % kRare.size()];
    body += ".";
    std::string title = "Story " + std::to_string(i) + ": " + kTopics[topic(rng)] + " " + kEveryday[everyday(rng)];
    std::string day = "2026-" + std::string(i % 12 < 9 ? "0" : "") + std::to_string(i % 12 + 1) + "-15T10:00:00Z";
    rows.push_back(
        {kith::sha256_hex(std::to_string(i)), title, body, body, "person", "anonymous", "published", day, day});
    if (rows.size() == 20000 || i == n - 1) {
      kith::store::Transaction tx(db, true);
      db.bulk_insert("stories",
                     {"withdraw_token_hash", "title", "body", "public_body", "perspective", "consent", "status",
                      "created_at", "published_at"},
                     rows);
      tx.commit();
      rows.clear();
      say("  " + kith::thousands(i + 1) + " of " + kith::thousands(n) + " stories");
    }
  }
  db.exec("INSERT INTO story_outcomes (story_id, outcome_id) SELECT s.id, 1 + s.id % 7 FROM stories s");
  if (db.dialect() == kith::store::Dialect::kPostgres) db.exec("ANALYZE stories");
}

// The way Kith searched before: every word a LIKE over title and text.
std::size_t like_search(Db& db, const std::string& q) {
  std::string sql = "SELECT s.id FROM stories s WHERE s.status = 'published'";
  kith::store::Params params;
  for (const auto& w : kith::split(q, ' ')) {
    sql += " AND (LOWER(s.title) LIKE ? OR LOWER(s.public_body) LIKE ?)";
    params.push_back("%" + w + "%");
    params.push_back("%" + w + "%");
  }
  sql += " ORDER BY s.published_at DESC, s.id DESC LIMIT 50";
  return db.query(sql, params).size();
}

// Every answer holds the start of each query word (its stem: "gardening" finds "gardens").
bool check(Database& database, const std::string& label) {
  auto h = database.acquire();
  kith::stories::StoryStore store(*h);
  for (const auto& q : kQueries) {
    kith::stories::StoryFilter f;
    f.text = q;
    auto found = store.published(f);
    if (found.empty()) {
      say(label + ": no story found for \"" + q + "\"");
      return false;
    }
    for (const auto& s : found)
      for (const auto& w : kith::split(q, ' ')) {
        std::string stem = w.substr(0, std::min<std::size_t>(w.size(), 4));
        if (kith::to_lower(s.title + " " + s.public_body).find(stem) == std::string::npos) {
          say(label + ": story " + std::to_string(s.id) + " does not hold \"" + w + "\"");
          return false;
        }
      }
  }
  say(label + ": every search's answers hold its words");
  return true;
}

void searches(benchmark::State& state, Database* database, bool full_text) {
  auto h = database->acquire();
  kith::stories::StoryStore store(*h);
  for (auto _ : state)
    for (const auto& q : kQueries) {
      if (full_text) {
        kith::stories::StoryFilter f;
        f.text = q;
        benchmark::DoNotOptimize(store.published(f).size());
      } else {
        benchmark::DoNotOptimize(like_search(*h, q));
      }
    }
}

void dashboard(benchmark::State& state, Database* database) {
  auto h = database->acquire();
  kith::stories::StoryStore store(*h);
  auto signifiers = store.signifiers(true);
  auto outcomes = kith::outcomes::OutcomeStore(*h).list(true);
  for (auto _ : state) {
    kith::stories::StoryFilter f;
    f.limit = 10000000;
    f.with_words = false;  // as the dashboard page reads them
    auto d = kith::stories::summarise(store.evaluable(f), signifiers, outcomes);
    benchmark::DoNotOptimize(d.total);
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool short_mode = false;
  int n = 100000;
  std::string pg_url;
  for (const char* env : {"KITH_BENCH_PG_URL", "KITH_TEST_PG_URL"})
    if (const char* v = std::getenv(env); v && pg_url.empty()) pg_url = v;
  std::vector<char*> args{argv[0]};
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--short")
      short_mode = true;
    else if (a == "--stories" && i + 1 < argc)
      n = std::stoi(argv[++i]);
    else if (a == "--pg" && i + 1 < argc)
      pg_url = argv[++i];
    else
      args.push_back(argv[i]);
  }
  if (short_mode) n = std::min(n, 3000);
  kith::bench::initialize(args, short_mode);
  auto dir = std::filesystem::temp_directory_path() / ("kith-stories-bench-" + kith::random_token(6));
  std::filesystem::create_directories(dir);
  auto sqlite = Database::open("sqlite:" + (dir / "stories.db").string());
  say("loading " + kith::thousands(n) + " stories into SQLite");
  load(*sqlite, n);
  bool ok = check(*sqlite, "SQLite");
  std::unique_ptr<Database> pg;
  if (!pg_url.empty()) {
    pg = Database::open(fresh_pg(pg_url));
    say("loading " + kith::thousands(n) + " stories into PostgreSQL");
    load(*pg, n);
    ok = check(*pg, "PostgreSQL") && ok;
  } else {
    say("no PostgreSQL URL (--pg, KITH_BENCH_PG_URL or KITH_TEST_PG_URL): the PostgreSQL row is skipped");
  }
  if (!ok) return 1;
  std::string each = " (" + std::to_string(kQueries.size()) + " searches)";
  auto add = [](const std::string& name, auto fn) {
    benchmark::RegisterBenchmark(name.c_str(), fn)->Unit(benchmark::kMillisecond);
  };
  add("LIKE scan, SQLite" + each, [&](benchmark::State& s) { searches(s, sqlite.get(), false); });
  add("full text, SQLite FTS5" + each, [&](benchmark::State& s) { searches(s, sqlite.get(), true); });
  if (pg) add("full text, PostgreSQL GIN" + each, [&](benchmark::State& s) { searches(s, pg.get(), true); });
  add("dashboard over every story, SQLite", [&](benchmark::State& s) { dashboard(s, sqlite.get()); });
  kith::bench::RatioTable table("LIKE scan, SQLite");
  benchmark::RunSpecifiedBenchmarks(&table);
  std::printf("%s stories of 40 to 120 words\n", kith::thousands(n).c_str());
  std::filesystem::remove_all(dir);
  return table.failed() ? 1 : 0;
}
