// Coordination at scale: 100,000 people, 2 million contacts (and their referrals,
// connections and wellbeing measures) in the store; the three reads the issue sets
// budgets for, each beside a straightforward-SQL baseline over the same tables:
//   - a coordinator's caseload (budget 20 ms), beside one SELECT of their open cases;
//   - a person's record, opened and unsealed (budget 20 ms), beside one SELECT of the
//     case's contacts;
//   - the commissioners' report over every team (budget 1 s), beside the GROUP BY
//     queries a person would write for its headline counts.
// Times are the store's and the logic's, as a request spends them (no HTTP), the median
// of several runs. On SQLite, and on PostgreSQL when a URL is given.
//   build/release/coordination_bench [--short] [--pg URL]
// The URL comes from --pg, KITH_BENCH_PG_URL or KITH_TEST_PG_URL. --short (the tests'
// run) uses 2,000 people and 40,000 contacts and does not hold the budgets.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "coordination/coordination_store.h"
#include "coordination/report_store.h"
#include "coordination/reports.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/text.h"
#include "store/db.h"
#include "store/migrate.h"

namespace {

using kith::store::Database;
using kith::store::Db;
using kith::store::Params;
using kith::store::Transaction;
namespace co = kith::coordination;

void say(const std::string& s) { std::fprintf(stderr, "coordination_bench: %s\n", s.c_str()); }

std::string fresh_pg(const std::string& base) {
  std::string schema = "bench_" + kith::to_lower(kith::sha256_hex(kith::random_token()).substr(0, 12));
  kith::store::open_postgres(base)->exec_script("CREATE SCHEMA " + schema);
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

struct Scale {
  int people = 100000;
  int contacts_per_case = 20;  // 2 million in all
  int coordinators = 200;      // 500 people each, 1 in 10 open: a caseload of 50
};

// Fills the store: a team, its coordinators, and for each person a case, a referral,
// contacts, two connections and ONS4 at start and review. Sealed columns hold real
// ciphertext (one sealed value reused, so the build is quick).
std::vector<std::int64_t> fill(Db& db, const co::Key& key, const Scale& s) {
  kith::store::migrate(db, {});
  Transaction tx(db, true);
  std::string now = kith::now_iso();
  db.exec(
      "INSERT INTO users (email, display_name, status, created_at, updated_at) VALUES ('lead@bench.test', "
      "'Lead', 'active', ?, ?)",
      {now, now});
  std::int64_t lead = db.scalar("SELECT id FROM users WHERE email = 'lead@bench.test'");
  db.bulk_insert_each("users", {"email", "display_name", "status", "created_at", "updated_at"},
                      static_cast<std::size_t>(s.coordinators), [&](std::size_t i, Params& row) {
                        row = {"c" + std::to_string(i) + "@bench.test", "Coordinator " + std::to_string(i),
                               std::string("active"), now, now};
                      });
  std::vector<std::int64_t> coordinators;
  for (const auto& r : db.query("SELECT id FROM users WHERE email LIKE 'c%@bench.test' ORDER BY id"))
    coordinators.push_back(r.integer(0));
  std::int64_t team =
      db.query_one("INSERT INTO coord_teams (name, created_at) VALUES ('Bench', ?) RETURNING id", {now})->integer(0);
  db.exec("INSERT INTO coord_team_members (team_id, user_id, role) VALUES (?, ?, 'lead')", {team, lead});
  std::string name = key.seal("A person (bench)"), contact = key.seal("{\"phone\":\"07700 900000\"}"),
              note = key.seal("Talked about what matters; went to the lunch club together.");
  auto n = static_cast<std::size_t>(s.people);
  auto day = [](std::size_t i) { return kith::iso_utc(1700000000 + static_cast<std::int64_t>(i % 700) * 86400); };
  db.bulk_insert_each("coord_people", {"id", "name_sealed", "contact_sealed", "created_at"}, n,
                      [&](std::size_t i, Params& row) {
                        row = {std::int64_t(i + 1), name, contact, day(i)};
                      });
  auto coordinator_of = [&](std::size_t i) { return coordinators[(i / 10) % coordinators.size()]; };
  db.bulk_insert_each(
      "coord_cases",
      {"id", "person_id", "team_id", "status", "coordinator_user", "opened_at", "first_contact_at", "closed_at"}, n,
      [&](std::size_t i, Params& row) {
        bool open = i % 10 == 0;
        row = {std::int64_t(i + 1),
               std::int64_t(i + 1),
               team,
               std::string(open ? "active" : "closed"),
               coordinator_of(i),
               day(i),
               day(i + 5),
               open ? kith::store::Value{nullptr} : kith::store::Value{day(i + 90)}};
      });
  const char* sources[] = {"gp", "self", "housing", "agency", "councillor", "other"};
  db.bulk_insert_each("coord_referrals",
                      {"case_id", "person_id", "source", "reasons", "what_matters_sealed", "consent_contact", "status",
                       "received_at", "first_contact_at"},
                      n, [&](std::size_t i, Params& row) {
                        row = {std::int64_t(i + 1),
                               std::int64_t(i + 1),
                               std::string(sources[i % 6]),
                               std::string(i % 3 ? "loneliness" : "loneliness,money"),
                               note,
                               std::int64_t{1},
                               std::string("accepted"),
                               day(i),
                               day(i + i % 30)};
                      });
  std::size_t contacts = n * static_cast<std::size_t>(s.contacts_per_case);
  db.bulk_insert_each("coord_contacts",
                      {"case_id", "kind", "contact_on", "minutes", "place", "note_sealed", "recorded_by", "created_at"},
                      contacts, [&](std::size_t i, Params& row) {
                        std::size_t c = i / static_cast<std::size_t>(s.contacts_per_case);
                        row = {std::int64_t(c + 1),
                               std::string("phone"),
                               day(c + i % 60).substr(0, 10),
                               std::int64_t{30},
                               std::string("At home"),
                               note,
                               coordinator_of(c),
                               day(c)};
                      });
  const char* took[] = {"still-going", "went-once", "did-not-go", "introduced"};
  db.bulk_insert_each("coord_connections",
                      {"case_id", "target_kind", "target_name", "took", "created_by", "created_at", "updated_at"},
                      2 * n, [&](std::size_t i, Params& row) {
                        row = {std::int64_t(i / 2 + 1),
                               std::string(i % 2 ? "group" : "hub"),
                               std::string("Lunch club"),
                               std::string(took[i % 4]),
                               coordinator_of(i / 2),
                               now,
                               now};
                      });
  db.bulk_insert_each("coord_wellbeing",
                      {"id", "case_id", "instrument", "occasion", "taken_on", "recorded_by", "created_at"}, 2 * n,
                      [&](std::size_t i, Params& row) {
                        bool start = i % 2 == 0;
                        row = {std::int64_t(i + 1),
                               std::int64_t(i / 2 + 1),
                               std::string("ONS4"),
                               std::string(start ? "start" : "review"),
                               day(i / 2 + (start ? 5 : 60)).substr(0, 10),
                               coordinator_of(i / 2),
                               now};
                      });
  const char* items[] = {"life-satisfaction", "worthwhile", "happy", "anxious"};
  db.bulk_insert_each("coord_wellbeing_items", {"measure_id", "item", "score"}, 8 * n, [&](std::size_t i, Params& row) {
    std::size_t m = i / 4;
    row = {std::int64_t(m + 1), std::string(items[i % 4]),
           std::int64_t((m % 2 ? 6 : 4) + static_cast<std::int64_t>(i % 3))};
  });
  co::ReportStore(db).recount_wellbeing();  // as recording each measure would have
  if (db.dialect() == kith::store::Dialect::kPostgres) {
    for (const char* t : {"coord_people", "coord_cases", "coord_wellbeing"})
      db.exec_script(std::string("SELECT setval(pg_get_serial_sequence('") + t + "', 'id'), (SELECT MAX(id) FROM " + t +
                     "))");
    // Only the tables filled here: a whole-database ANALYZE locks every table of a
    // shared test server at once (out of shared memory there).
    db.exec_script(
        "ANALYZE coord_people, coord_cases, coord_referrals, coord_contacts, coord_connections, coord_wellbeing, "
        "coord_wellbeing_items, coord_wellbeing_change, coord_teams, coord_team_members");
  } else {
    db.exec_script("ANALYZE");
  }
  tx.commit();
  return coordinators;
}

struct Row {
  std::string name;
  double ms = 0;
  double budget_ms = 0;  // 0: a baseline
  std::string baseline;
};

double median_ms(int runs, const std::function<void(int)>& fn) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    auto a = std::chrono::steady_clock::now();
    fn(i);
    t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

std::vector<Row> measure(Database& database, const std::string& backend, const co::Key& key, const Scale& s) {
  auto h = database.acquire();
  Db& db = *h;
  auto t0 = std::chrono::steady_clock::now();
  auto coordinators = fill(db, key, s);
  say(backend + ": filled in " +
      std::to_string(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()) + " s");
  std::vector<Row> rows;
  std::size_t sink = 0;
  auto read = [&](const std::function<void()>& fn) {
    Transaction tx(db, false);
    fn();
    tx.commit();
  };
  // A caseload: the store's query, as the caseload page makes it.
  rows.push_back(
      {backend + ": caseload page",
       median_ms(21,
                 [&](int i) {
                   read([&] {
                     co::CoordStore store(db, key);
                     sink +=
                         store.caseload(coordinators[static_cast<std::size_t>(i * 37) % coordinators.size()]).size();
                   });
                 }),
       20, backend + ": caseload baseline"});
  rows.push_back({backend + ": caseload baseline", median_ms(21, [&](int i) {
                    read([&] {
                      sink += db.query(
                                    "SELECT c.id, c.status, c.opened_at FROM coord_cases c WHERE c.coordinator_user "
                                    "= ? AND c.status IN ('allocated', 'active') ORDER BY c.opened_at",
                                    {coordinators[static_cast<std::size_t>(i * 37) % coordinators.size()]})
                                  .size();
                    });
                  })});
  // A person's record: the person, the case, referrals, conversations, strengths, the
  // plan and every contact, unsealed.
  rows.push_back({backend + ": person's record",
                  median_ms(21,
                            [&](int i) {
                              read([&] {
                                co::CoordStore store(db, key);
                                std::int64_t id = 1 + (i * 4999) % s.people;
                                auto p = store.person(id);
                                auto c = store.latest_case_of(id);
                                if (!p || !c) throw std::runtime_error("no bench person " + std::to_string(id));
                                sink += store.referrals_of_case(c->id).size() + store.conversations(c->id).size() +
                                        store.strengths(c->id).size() + store.goals(c->id).size() +
                                        store.contacts(c->id).size() + store.reads_of(id).size();
                              });
                            }),
                  20, backend + ": record baseline"});
  rows.push_back({backend + ": record baseline", median_ms(21, [&](int i) {
                    read([&] {
                      sink += db.query(
                                    "SELECT id, kind, contact_on, minutes, place, note_sealed FROM coord_contacts "
                                    "WHERE case_id = ? ORDER BY contact_on",
                                    {std::int64_t{1 + (i * 4999) % s.people}})
                                  .size();
                    });
                  })});
  // The commissioners' report over every team, suppressed as it leaves the team.
  int report_runs = s.people > 10000 ? 5 : 11;
  rows.push_back({backend + ": commissioners' report",
                  median_ms(report_runs,
                            [&](int) {
                              read([&] {
                                auto rep = co::reports::build_report(co::ReportStore(db).data({true, {}}), false);
                                for (const auto& t : rep.tables)
                                  sink +=
                                      co::reports::suppress_group({t.counts.size() > 0 ? t.counts[0][0] : 0}).size();
                                sink += static_cast<std::size_t>(rep.wellbeing.size());
                              });
                            }),
                  1000, backend + ": report baseline"});
  rows.push_back({backend + ": report baseline", median_ms(report_runs, [&](int) {
                    read([&] {
                      for (const char* q :
                           {"SELECT source, COUNT(*) FROM coord_referrals GROUP BY source",
                            "SELECT substr(received_at, 1, 7), COUNT(*) FROM coord_referrals GROUP BY 1",
                            "SELECT coordinator_user, status, COUNT(*) FROM coord_cases GROUP BY 1, 2",
                            "SELECT target_kind, took, COUNT(*) FROM coord_connections GROUP BY 1, 2",
                            "SELECT w.occasion, i.item, AVG(i.score) FROM coord_wellbeing w JOIN coord_wellbeing_items "
                            "i ON i.measure_id = w.id GROUP BY 1, 2"})
                        sink += db.query(q).size();
                    });
                  })});
  if (sink == 0) say("nothing read");
  return rows;
}

}  // namespace

int main(int argc, char** argv) {
  bool short_mode = false;
  std::string pg_url;
  for (const char* env : {"KITH_BENCH_PG_URL", "KITH_TEST_PG_URL"})
    if (const char* v = std::getenv(env); v && pg_url.empty()) pg_url = v;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--short") {
      short_mode = true;
    } else if (a == "--pg" && i + 1 < argc) {
      pg_url = argv[++i];
    } else {
      std::fprintf(stderr, "usage: coordination_bench [--short] [--pg URL]\n");
      return 2;
    }
  }
  Scale s;
  if (short_mode) s = {2000, 20, 4};
  auto key = co::Key::generate();
  auto dir = std::filesystem::temp_directory_path() / ("kith-coordination-bench-" + kith::random_token(6));
  std::filesystem::create_directories(dir);
  std::vector<Row> rows;
  {
    auto db = Database::open("sqlite:" + (dir / "bench.db").string());
    for (auto& r : measure(*db, "SQLite", key, s)) rows.push_back(r);
  }
  if (!pg_url.empty()) {
    auto db = Database::open(fresh_pg(pg_url));
    for (auto& r : measure(*db, "PostgreSQL", key, s)) rows.push_back(r);
  } else {
    say("no PostgreSQL URL (--pg, KITH_BENCH_PG_URL or KITH_TEST_PG_URL): PostgreSQL is skipped");
  }
  std::filesystem::remove_all(dir);
  bool ok = true;
  std::printf("\n%d people, %d contacts\n", s.people, s.people * s.contacts_per_case);
  std::printf("%-40s %12s %10s %10s  %s\n", "benchmark", "median ms", "budget ms", "ratio", "");
  for (const auto& r : rows) {
    double base = 0;
    for (const auto& b : rows)
      if (b.name == r.baseline) base = b.ms;
    bool over = r.budget_ms > 0 && r.ms > r.budget_ms;
    if (over && !short_mode) ok = false;
    std::printf("%-40s %12.2f %10s %9.2fx  %s\n", r.name.c_str(), r.ms,
                r.budget_ms > 0 ? std::to_string(static_cast<int>(r.budget_ms)).c_str() : "",
                base > 0 ? r.ms / base : 1.0,
                r.budget_ms == 0 ? "(baseline)"
                : over           ? "OVER BUDGET"
                                 : "within budget");
  }
  std::printf("ratio: median time divided by its straightforward-SQL baseline's in this run\n");
  return ok ? 0 : 1;
}
