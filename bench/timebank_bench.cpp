// Durable confirmed transfers per second through Kith's timebank ledger — each one
// transaction that locks both accounts, checks the balance limits, writes two
// equal and opposite entries, updates the balances and the exchange, and audits —
// on embedded SQLite (as shipped, and with synchronous=FULL, durable against power
// loss as PostgreSQL is) and on PostgreSQL, beside PostgreSQL's own pgbench running
// its built-in tpcb-like script (the classic account-transfer workload) on the same
// server in the same run. The ledger's invariants are checked after each run.
//   build/release/timebank_bench [--short] [--seconds S] [--clients N] [--pg URL]
// The PostgreSQL URL comes from --pg, KITH_BENCH_PG_URL or KITH_TEST_PG_URL; without
// one the PostgreSQL rows are skipped.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/text.h"
#include "store/db.h"
#include "store/migrate.h"
#include "timebank/service.h"

namespace {

using kith::store::Database;
using kith::store::Db;
using kith::store::Transaction;
namespace tb = kith::timebank;

struct Row {
  std::string name;
  double per_second = 0;
  std::int64_t done = 0;
  std::string note;
};

void say(const std::string& s) { std::fprintf(stderr, "timebank_bench: %s\n", s.c_str()); }

// A fresh schema in the PostgreSQL database, as the tests make them.
std::string fresh_pg(const std::string& base) {
  std::string schema = "bench_" + kith::to_lower(kith::sha256_hex(kith::random_token()).substr(0, 12));
  kith::store::open_postgres(base)->exec_script("CREATE SCHEMA " + schema);
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

// Accounts and exchanges waiting to be confirmed, written in one go.
void prepare(Database& database, int accounts, int exchanges) {
  auto h = database.acquire();
  Db& db = *h;
  kith::store::migrate(db, {});
  Transaction tx(db, true);
  tb::TimebankStore store(db);
  std::int64_t bank = store.create_timebank({0, "bench", "Bench timebank", "hub", "", "", -1000000000, 1000000000, 0});
  std::vector<std::int64_t> ids;
  for (int i = 0; i < accounts; ++i)
    ids.push_back(store.open_account(bank, "member", std::nullopt, "Member " + std::to_string(i), "", "active"));
  std::vector<kith::store::Params> rows;
  std::string now = kith::now_iso();
  for (int i = 0; i < exchanges; ++i) {
    std::int64_t giver = ids[static_cast<std::size_t>(i * 7919) % ids.size()];
    std::int64_t receiver = ids[static_cast<std::size_t>(i * 104729 + 1) % ids.size()];
    if (giver == receiver) receiver = ids[(static_cast<std::size_t>(i) + 1) % ids.size()];
    rows.push_back({giver, receiver, std::int64_t{30 + i % 90}, std::string("repairs"), std::string("Bench help"),
                    std::string("done"), giver, std::int64_t{1}, std::int64_t{0}, now, now});
  }
  db.bulk_insert("timebank_exchanges",
                 {"giver_account", "receiver_account", "minutes", "category", "description", "state", "proposed_by",
                  "giver_confirmed", "receiver_confirmed", "created_at", "updated_at"},
                 rows);
  tx.commit();
}

// Confirms exchanges from `clients` threads for `seconds`, one transaction each.
Row confirm_for(Database& database, const std::string& name, int clients, double seconds, int exchanges,
                const std::string& pragma) {
  std::atomic<std::int64_t> next{1}, done{0}, refused{0};
  auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  tb::Caller coordinator{0, true, kith::audit::Actor::system("timebank_bench")};
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&] {
      auto h = database.acquire();
      Db& db = *h;
      if (!pragma.empty()) db.exec_script(pragma);
      while (std::chrono::steady_clock::now() < until) {
        std::int64_t id = next++;
        if (id > exchanges) break;
        Transaction tx(db, true);
        auto r = tb::act(db, coordinator, id, tb::Action::kConfirm, "");
        if (!r) {
          ++refused;
          continue;
        }
        tx.commit();
        ++done;
      }
    });
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto h = database.acquire();
  tb::LedgerCheck check = tb::TimebankStore(*h).check();
  std::int64_t confirmed = (*h).scalar("SELECT COUNT(*) FROM timebank_exchanges WHERE state = 'confirmed'");
  bool ok = check.sum == 0 && check.unbalanced_transfers == 0 && check.mismatched_accounts == 0 &&
            check.outside_limits == 0 && confirmed == done.load() && check.entries == 2 * done.load() &&
            refused.load() == 0;
  std::string note = ok ? "invariants hold" : "INVARIANTS BROKEN";
  say(name + ": " + std::to_string(done.load()) + " confirmed in " + std::to_string(elapsed) + " s; sum " +
      std::to_string(check.sum) + ", " + note);
  return {name, static_cast<double>(done.load()) / elapsed, done.load(), note};
}

// pgbench's tpcb-like script on the same server: its transactions per second.
Row pgbench(const std::string& url, int clients, double seconds) {
  std::string quoted = "'" + url + "'";
  std::string init = "pgbench -q -i -s " + std::to_string(std::max(4, clients)) + " " + quoted + " >/dev/null 2>&1";
  if (std::system(init.c_str()) != 0) return {"pgbench tpcb-like (baseline)", 0, 0, "pgbench -i failed"};
  std::string run = "pgbench -n -b tpcb-like -c " + std::to_string(clients) + " -j " +
                    std::to_string(std::min(clients, 2)) + " -T " +
                    std::to_string(std::max(1, static_cast<int>(seconds))) + " " + quoted + " 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(run.c_str(), "r"), pclose);
  if (!pipe) return {"pgbench tpcb-like (baseline)", 0, 0, "cannot run pgbench"};
  char line[512];
  double tps = 0;
  std::int64_t count = 0;
  while (std::fgets(line, sizeof line, pipe.get())) {
    std::string l = line;
    if (l.rfind("tps = ", 0) == 0) tps = std::atof(l.c_str() + 6);
    if (l.find("number of transactions actually processed:") != std::string::npos)
      count = std::atoll(l.substr(l.find(':') + 1).c_str());
  }
  return {"pgbench tpcb-like (baseline)", tps, count, tps > 0 ? "PostgreSQL's own" : "no result"};
}

}  // namespace

int main(int argc, char** argv) {
  bool short_mode = false;
  double seconds = 5;
  int clients = 4;
  std::string pg_url;
  for (const char* env : {"KITH_BENCH_PG_URL", "KITH_TEST_PG_URL"})
    if (const char* v = std::getenv(env); v && pg_url.empty()) pg_url = v;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--short") {
      short_mode = true;
    } else if (a == "--seconds" && i + 1 < argc) {
      seconds = std::stod(argv[++i]);
    } else if (a == "--clients" && i + 1 < argc) {
      clients = std::stoi(argv[++i]);
    } else if (a == "--pg" && i + 1 < argc) {
      pg_url = argv[++i];
    } else {
      std::fprintf(stderr, "usage: timebank_bench [--short] [--seconds S] [--clients N] [--pg URL]\n");
      return 2;
    }
  }
  if (short_mode) seconds = std::min(seconds, 0.5);
  const int exchanges = short_mode ? 2000 : 400000;
  auto dir = std::filesystem::temp_directory_path() / ("kith-timebank-bench-" + kith::random_token(6));
  std::filesystem::create_directories(dir);
  std::vector<Row> rows;
  bool ok = true;
  for (const auto& [name, pragma] : std::vector<std::pair<std::string, std::string>>{
           {"Kith ledger, SQLite as shipped (synchronous=NORMAL)", ""},
           {"Kith ledger, SQLite synchronous=FULL", "PRAGMA synchronous=FULL"}}) {
    auto db = Database::open("sqlite:" + (dir / (kith::random_token(6) + ".db")).string());
    say("preparing " + std::to_string(exchanges) + " exchanges for " + name);
    prepare(*db, 1000, exchanges);
    rows.push_back(confirm_for(*db, name, clients, seconds, exchanges, pragma));
  }
  if (!pg_url.empty()) {
    auto db = Database::open(fresh_pg(pg_url));
    say("preparing " + std::to_string(exchanges) + " exchanges on PostgreSQL");
    prepare(*db, 1000, exchanges);
    rows.push_back(confirm_for(*db, "Kith ledger, PostgreSQL", clients, seconds, exchanges, ""));
    say("running pgbench tpcb-like");
    rows.push_back(pgbench(fresh_pg(pg_url), clients, seconds));
  } else {
    say("no PostgreSQL URL (--pg, KITH_BENCH_PG_URL or KITH_TEST_PG_URL): PostgreSQL and pgbench are skipped");
  }
  std::filesystem::remove_all(dir);
  double base = 0;
  for (const auto& r : rows)
    if (r.name.rfind("pgbench", 0) == 0) base = r.per_second;
  std::printf("\n%-54s %12s %10s %10s  %s\n", "benchmark", "per second", "done", "ratio", "check");
  for (const auto& r : rows) {
    std::printf("%-54s %12.0f %10lld %9.2fx  %s\n", r.name.c_str(), r.per_second, static_cast<long long>(r.done),
                base > 0 ? r.per_second / base : 0.0, r.note.c_str());
    if (r.note == "INVARIANTS BROKEN") ok = false;
  }
  std::printf(
      "ratio: transfers per second divided by pgbench tpcb-like's transactions per second in this run "
      "(%d clients each)\n",
      clients);
  return ok ? 0 : 1;
}
