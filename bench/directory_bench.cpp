// Directory search at national scale: 1,000,000 services at real LSOA centroids
// across England, searched with a mixed set of resident queries (words, postcode and
// distance, category, day and time). One run measures:
//   - PostgreSQL 15 + PostGIS (GiST on geography) + a GIN full-text index over the
//     same services and the same queries — the baseline;
//   - Kith's search index in-process (median and p99 latency);
//   - Kith over HTTP on loopback: the real `kith serve` in its own process, loaded by
//     several keep-alive clients (searches per second), and that process's peak memory;
// and checks that Kith and PostGIS return the same totals and the same first page.
//   build/release/directory_bench [--short] [--services N] [--seconds S] [--pg URL] [--keep]
// The PostgreSQL URL comes from --pg, KITH_BENCH_PG_URL or KITH_TEST_PG_URL;
// scripts/bench.sh starts a throwaway server. Without one, the baseline is skipped
// (and the run fails if KITH_TEST_REQUIRE_PG=1).
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <thread>
#include <utility>

#include "areas/areas.h"
#include "core/csv.h"
#include "core/text.h"
#include "directory/directory.h"
#include "directory/directory_store.h"
#include "directory/search_index.h"
#include "store/db.h"
#include "store/migrate.h"

namespace {

namespace fs = std::filesystem;
using kith::directory::ServiceQuery;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

void say(const std::string& s) { std::fprintf(stderr, "bench: %s\n", s.c_str()); }

// ---------------------------------------------------------------------------
// The national directory, generated deterministically from real geography.

struct Lsoa {
  std::string code;
  std::string ward;
  double lat;
  double lon;
};

struct Category {
  const char* id;
  const char* name;
  std::vector<const char*> activities;
  int min_age;  // -1: none
  int max_age;
};

const std::vector<Category>& categories() {
  static const std::vector<Category> all = {
      {"meet", "Places to meet", {"Community Cafe", "Warm Space", "Coffee Morning", "Drop-in", "Lunch Club"}, -1, -1},
      {"health",
       "Health and wellbeing",
       {"Walking Group", "Chair Yoga", "Tai Chi", "Peer Support Group", "Walking Netball"},
       16,
       -1},
      {"families", "Children and families", {"Stay and Play", "Toddler Group", "Youth Club", "Homework Club"}, 0, 18},
      {"older", "Older people", {"Chatty Cafe", "Tea Dance", "Memory Cafe", "Friendship Club"}, 55, -1},
      {"food", "Food", {"Food Bank", "Community Pantry", "Community Fridge", "Cook and Eat"}, -1, -1},
      {"money", "Money and benefits", {"Debt Advice Drop-in", "Benefits Clinic", "Energy Advice"}, 18, -1},
      {"learning",
       "Learning",
       {"English Conversation Club", "Digital Skills Session", "Book Club", "Family Learning"},
       16,
       -1},
      {"arts", "Arts and culture", {"Community Choir", "Art Class", "Knit and Natter", "Drama Group"}, -1, -1},
      {"sport", "Sport", {"Walking Football", "Boxing Club", "Junior Football", "Badminton"}, 5, -1},
      {"green", "Environment", {"Community Garden", "Allotment Group", "Litter Pick", "Repair Cafe"}, -1, -1},
  };
  return all;
}

const char* const kHosts[] = {"Community Association", "Methodist Church", "Library", "Residents Group",
                              "Youth Trust",           "Parish Church",    "Mosque",  "Community Centre"};
const char* const kAudiences[] = {"everyone",      "older people", "families",           "young people",
                                  "new residents", "carers",       "people living alone"};
const char* const kExtras[] = {
    "No need to book, just come along.",
    "Run by volunteers who live locally.",
    "Tea, coffee and biscuits provided.",
    "Step-free access and an accessible toilet.",
    "Bring a friend or come on your own.",
    "Places are limited, so please call first.",
    "Supported by the council's small grants fund.",
};
const char* const kDays[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

struct Generated {
  std::string id, name, description, org_id, org_name, location_id, term;
  double lat, lon;
  std::optional<double> min_age, max_age;
  struct Open {
    int day;  // 0 = Monday
    int opens, closes;
  };
  std::vector<Open> openings;
  bool free;
};

class Generator {
 public:
  explicit Generator(const std::string& source_data) {
    std::map<std::string, std::string> ward_of;
    std::vector<std::string> f;
    {
      std::ifstream in(source_data + "/geography/lookup_lsoa21_ward24_ltla24.csv");
      kith::CsvReader csv(in);
      csv.header();
      while (csv.next(f))
        if (f.size() >= 3) ward_of[f[1]] = f[2];
    }
    std::ifstream in(source_data + "/geography/lsoa_centroids.csv");
    kith::CsvReader csv(in);
    csv.header();
    while (csv.next(f)) {
      // England's 2021 LSOAs: those the 2021 ward lookup names.
      auto w = ward_of.find(f.size() < 3 ? "" : f[0]);
      if (w == ward_of.end() || f[0].rfind("E01", 0) != 0) continue;
      lsoas_.push_back({f[0], w->second, std::stod(f[1]), std::stod(f[2])});
    }
    if (lsoas_.empty()) throw std::runtime_error("no LSOA centroids in " + source_data + "/geography");
  }

  std::size_t lsoas() const { return lsoas_.size(); }

  Generated make(std::uint32_t i) const {
    std::mt19937 rng(i * 2654435761u + 12345);
    const Lsoa& l = lsoas_[i % lsoas_.size()];
    const Category& c = categories()[rng() % categories().size()];
    const char* activity = c.activities[rng() % c.activities.size()];
    Generated g;
    g.id = "svc-" + std::to_string(i);
    g.name = l.ward + " " + activity;
    const char* host = kHosts[rng() % std::size(kHosts)];
    std::uint32_t org = i / 5;
    g.org_id = "org-" + std::to_string(org);
    g.org_name = lsoas_[org % lsoas_.size()].ward + " " + host;
    g.description = std::string("A friendly ") + kith::to_lower(activity) + " for " +
                    kAudiences[rng() % std::size(kAudiences)] + " in " + l.ward + ", hosted by the " + host + ". " +
                    kExtras[rng() % std::size(kExtras)] + " " + kExtras[rng() % std::size(kExtras)];
    g.term = c.id;
    // Within about 300 m of the LSOA's centre, so services do not sit on one point.
    g.lat = l.lat + (static_cast<double>(rng() % 6001) - 3000) / 1e6;
    g.lon = l.lon + (static_cast<double>(rng() % 8001) - 4000) / 1e6;
    g.location_id = "loc-" + std::to_string(i);
    if (c.min_age >= 0) g.min_age = c.min_age;
    if (c.max_age >= 0) g.max_age = c.max_age;
    if (std::string(c.id) == "families" && rng() % 2) {
      g.min_age = 11;
      g.max_age = 18;
    }
    for (int n = 1 + static_cast<int>(rng() % 2), k = 0; k < n; ++k) {
      int opens = 9 * 60 + static_cast<int>(rng() % 21) * 30;  // 9am to 7pm
      g.openings.push_back({static_cast<int>(rng() % 7), opens, opens + 60 + static_cast<int>(rng() % 5) * 30});
    }
    g.free = rng() % 5 < 3;
    return g;
  }

 private:
  std::vector<Lsoa> lsoas_;
};

std::string hhmm(int minutes) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d:00", minutes / 60, minutes % 60);
  return buf;
}

// Writes services through Kith's store tables, in batches, with progress.
void write_kith(kith::store::Db& db, const Generator& gen, std::uint32_t n) {
  using kith::store::Params;
  kith::store::Transaction tx(db, true);
  Params term_row;
  db.exec(
      "INSERT INTO hsds_taxonomy (id, name, description, version) VALUES (?, ?, ?, ?)",
      {std::string("bench-taxonomy"), std::string("Benchmark categories"), std::string("Generated"), std::string("1")});
  for (const auto& c : categories())
    db.exec("INSERT INTO hsds_taxonomy_term (id, name, description, taxonomy_id) VALUES (?, ?, ?, ?)",
            {std::string(c.id), std::string(c.name), std::string(c.name), std::string("bench-taxonomy")});
  std::vector<Params> services, orgs, locations, sals, schedules, attributes, costs;
  auto flush = [&] {
    db.bulk_insert("hsds_organization", {"id", "name"}, orgs);
    db.bulk_insert("hsds_service",
                   {"id", "organization_id", "name", "description", "status", "minimum_age", "maximum_age",
                    "kith_search", "kith_source"},
                   services);
    db.bulk_insert("hsds_location", {"id", "location_type", "name", "latitude", "longitude"}, locations);
    db.bulk_insert("hsds_service_at_location", {"id", "service_id", "location_id"}, sals);
    db.bulk_insert("hsds_schedule", {"id", "service_id", "freq", "byday", "opens_at", "closes_at"}, schedules);
    db.bulk_insert("hsds_attribute", {"id", "link_id", "link_type", "link_entity", "taxonomy_term_id"}, attributes);
    db.bulk_insert("hsds_cost_option", {"id", "service_id", "option", "amount"}, costs);
    for (auto* v : {&services, &orgs, &locations, &sals, &schedules, &attributes, &costs}) v->clear();
  };
  auto opt = [](const std::optional<double>& v) { return v ? kith::store::Value{*v} : kith::store::Value{nullptr}; };
  auto start = Clock::now();
  for (std::uint32_t i = 0; i < n; ++i) {
    Generated g = gen.make(i);
    if (i % 5 == 0) orgs.push_back({g.org_id, g.org_name});
    const Category* cat = nullptr;
    for (const auto& c : categories())
      if (g.term == c.id) cat = &c;
    std::string search =
        kith::directory::search_text({g.name, g.description, g.org_name, cat ? std::string(cat->name) : ""});
    services.push_back({g.id, g.org_id, g.name, g.description, std::string("active"), opt(g.min_age), opt(g.max_age),
                        search, std::string("directory_bench")});
    locations.push_back({g.location_id, std::string("physical"), g.name, g.lat, g.lon});
    sals.push_back({g.id + "/at", g.id, g.location_id});
    for (std::size_t k = 0; k < g.openings.size(); ++k)
      schedules.push_back({g.id + "/s" + std::to_string(k), g.id, std::string("WEEKLY"),
                           std::string(kDays[g.openings[k].day]), hhmm(g.openings[k].opens),
                           hhmm(g.openings[k].closes)});
    attributes.push_back(
        {g.id + "/category", g.id, std::string("service"), std::string("service"), std::string(g.term)});
    costs.push_back({g.id + "/cost", g.id, std::string(g.free ? "Free" : "Small charge"), g.free ? 0.0 : 2.5});
    if (services.size() == 20000 || i + 1 == n) {
      flush();
      std::fprintf(stderr, "\r  Kith store: %u of %u services (%.0f s)", i + 1, n, seconds_since(start));
    }
  }
  std::fprintf(stderr, "\n");
  tx.commit();
}

// Real postcodes of the four demo places, as search centres (and in Kith's store,
// so the HTTP search can look them up as it does for residents).
struct Postcode {
  std::string display;
  double lat, lon;
};

std::vector<Postcode> load_postcodes(const std::string& source_data, std::size_t every) {
  std::ifstream in(source_data + "/postcodes/codepoint_2014_target_LAs_wgs84.csv");
  kith::CsvReader csv(in);
  csv.header();
  std::vector<Postcode> out;
  std::size_t row = 0;
  std::vector<std::string> f;
  while (csv.next(f)) {
    if (f.size() < 10 || f[8].empty() || row++ % every) continue;
    auto normalised = kith::areas::normalise_postcode(f[0]);
    if (!normalised) continue;
    out.push_back({kith::areas::display_postcode(*normalised), std::stod(f[8]), std::stod(f[9])});
  }
  return out;
}

void write_postcodes(kith::store::Db& db, const std::vector<Postcode>& pcs) {
  std::vector<kith::store::Params> rows;
  for (const auto& p : pcs)
    rows.push_back({*kith::areas::normalise_postcode(p.display), p.display, p.lat, p.lon, nullptr, nullptr});
  kith::store::Transaction tx(db, true);
  db.bulk_insert("postcodes", {"postcode", "display", "lat", "lon", "lsoa_code", "authority_code"}, rows);
  tx.commit();
}

// ---------------------------------------------------------------------------
// The queries: what residents type, with a postcode most of the time.

struct Query {
  ServiceQuery q;
  std::optional<Postcode> at;
  std::string url;  // Kith's HTTP search
};

std::vector<Query> make_queries(const std::vector<Postcode>& pcs, int n) {
  static const char* const kWords[] = {"walk",  "cafe",     "yoga", "food",  "youth club", "advice",  "garden",
                                       "choir", "football", "warm", "lunch", "memory",     "digital", "book club"};
  static const double kRadii[] = {800, 1609, 1609, 3219, 8047, 16093};
  std::mt19937 rng(2026);
  std::vector<Query> out;
  for (int i = 0; i < n; ++i) {
    Query x;
    x.q.per_page = 20;
    std::string words;
    if (rng() % 4 != 0) words = kWords[rng() % std::size(kWords)];
    if (rng() % 6 == 0) words += std::string(words.empty() ? "" : " ") + kWords[rng() % std::size(kWords)];
    for (const auto& w : kith::split(words, ' '))
      if (!w.empty()) x.q.words.push_back(w);
    // Every search is near a postcode, as the residents' page asks for one (a mile
    // unless they choose another distance).
    x.at = pcs[rng() % pcs.size()];
    x.q.proximity_m = kRadii[rng() % std::size(kRadii)];
    if (rng() % 5 < 2) x.q.taxonomy_term_id = categories()[rng() % categories().size()].id;
    if (rng() % 5 < 2) x.q.day = kDays[rng() % 7];
    if (rng() % 5 == 0) {
      x.q.start_time = rng() % 2 ? "17:00:00" : "";
      x.q.end_time = x.q.start_time.empty() ? "12:00:00" : "";
    }
    if (rng() % 6 == 0) x.q.age = 8 + static_cast<double>(rng() % 70);
    if (rng() % 6 == 0) x.q.free_only = true;
    std::string url = "/api/v1/directory/search?search=" + kith::url_encode(words);
    if (x.at)
      url += "&postcode=" + kith::url_encode(x.at->display) +
             "&proximity=" + std::to_string(static_cast<int>(*x.q.proximity_m));
    if (!x.q.taxonomy_term_id.empty()) url += "&taxonomy_term_id=" + x.q.taxonomy_term_id;
    if (!x.q.day.empty()) url += "&day=" + x.q.day;
    if (!x.q.start_time.empty()) url += "&start_time=" + x.q.start_time.substr(0, 5);
    if (!x.q.end_time.empty()) url += "&end_time=" + x.q.end_time.substr(0, 5);
    if (x.q.age) url += "&age=" + std::to_string(static_cast<int>(*x.q.age));
    if (x.q.free_only) url += "&free=yes";
    x.url = url;
    out.push_back(std::move(x));
  }
  return out;
}

struct Answer {
  std::int64_t total = 0;
  std::vector<std::string> ids;  // the first page
};

struct Latency {
  double median_us = 0, p99_us = 0;
};

Latency latency(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  if (us.empty()) return {};
  return {us[us.size() / 2], us[std::min(us.size() - 1, static_cast<std::size_t>(us.size() * 0.99))]};
}

// ---------------------------------------------------------------------------
// PostgreSQL + PostGIS: the same services and the same queries.

constexpr const char* kPgSchema = R"(
CREATE EXTENSION IF NOT EXISTS postgis;
DROP TABLE IF EXISTS bench_directory_opening;
DROP TABLE IF EXISTS bench_directory_service;
CREATE TABLE bench_directory_service (
  doc INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  search TEXT NOT NULL,
  term TEXT,
  min_age REAL,
  max_age REAL,
  free BOOLEAN NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', search)) STORED,
  geog GEOGRAPHY(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography) STORED
);
CREATE TABLE bench_directory_opening (doc INTEGER NOT NULL, day INTEGER NOT NULL, opens INTEGER NOT NULL, closes INTEGER NOT NULL);
)";

constexpr const char* kPgIndexes = R"(
CREATE INDEX bench_directory_service_tsv ON bench_directory_service USING GIN (tsv);
CREATE INDEX bench_directory_service_geog ON bench_directory_service USING GIST (geog);
CREATE INDEX bench_directory_service_term ON bench_directory_service (term);
CREATE INDEX bench_directory_opening_doc ON bench_directory_opening (doc);
ANALYZE bench_directory_service;
ANALYZE bench_directory_opening;
)";

void load_pg(kith::store::Db& pg, const Generator& gen, std::uint32_t n) {
  pg.exec_script(kPgSchema);
  std::vector<kith::store::Params> rows, opens;
  auto opt = [](const std::optional<double>& v) { return v ? kith::store::Value{*v} : kith::store::Value{nullptr}; };
  auto start = Clock::now();
  for (std::uint32_t i = 0; i < n; ++i) {
    Generated g = gen.make(i);
    const Category* cat = nullptr;
    for (const auto& c : categories())
      if (g.term == c.id) cat = &c;
    // The same text Kith searches.
    std::string search =
        kith::directory::search_text({g.name, g.description, g.org_name, cat ? std::string(cat->name) : ""});
    rows.push_back({static_cast<std::int64_t>(i), g.id, g.name, search, g.term, opt(g.min_age), opt(g.max_age),
                    std::string(g.free ? "t" : "f"), g.lat, g.lon});
    for (const auto& o : g.openings)
      opens.push_back({static_cast<std::int64_t>(i), static_cast<std::int64_t>(o.day),
                       static_cast<std::int64_t>(o.opens), static_cast<std::int64_t>(o.closes)});
    if (rows.size() == 50000 || i + 1 == n) {
      pg.bulk_insert("bench_directory_service",
                     {"doc", "id", "name", "search", "term", "min_age", "max_age", "free", "lat", "lon"}, rows);
      pg.bulk_insert("bench_directory_opening", {"doc", "day", "opens", "closes"}, opens);
      rows.clear();
      opens.clear();
      std::fprintf(stderr, "\r  PostgreSQL: %u of %u services (%.0f s)", i + 1, n, seconds_since(start));
    }
  }
  std::fprintf(stderr, "\n  PostgreSQL: building the GIN and GiST indexes\n");
  pg.exec_script(kPgIndexes);
}

// The query as SQL: every filter Kith applies, ordered the same way.
std::pair<std::string, kith::store::Params> pg_sql(const Query& x) {
  const ServiceQuery& q = x.q;
  std::vector<std::string> where;
  kith::store::Params p;
  std::string select = "SELECT id, COUNT(*) OVER () AS total";
  std::string order = " ORDER BY name COLLATE \"C\", id COLLATE \"C\"";
  if (!q.words.empty()) {
    std::vector<std::string> terms;
    for (const auto& typed : q.words)
      for (const auto& w : kith::directory::words_of(typed)) terms.push_back(w + ":*");
    where.push_back("tsv @@ to_tsquery('simple', ?)");
    p.push_back(kith::join(terms, " & "));
  }
  if (x.at) {
    std::string point = "ST_SetSRID(ST_MakePoint(" + std::to_string(x.at->lon) + ", " + std::to_string(x.at->lat) +
                        "), 4326)::geography";
    select += ", ST_Distance(geog, " + point + ", false) AS d";
    where.push_back("ST_DWithin(geog, " + point + ", ?, false)");
    p.push_back(*q.proximity_m);
    order = " ORDER BY d, name COLLATE \"C\", id COLLATE \"C\"";
  }
  if (!q.taxonomy_term_id.empty()) {
    where.push_back("term = ?");
    p.push_back(q.taxonomy_term_id);
  }
  if (q.age) {
    where.push_back("(min_age IS NULL OR min_age <= ?) AND (max_age IS NULL OR max_age >= ?)");
    p.push_back(*q.age);
    p.push_back(*q.age);
  }
  if (q.free_only) where.push_back("free");
  if (!q.day.empty() || !q.start_time.empty() || !q.end_time.empty()) {
    std::string cond = "EXISTS (SELECT 1 FROM bench_directory_opening o WHERE o.doc = s.doc";
    if (!q.day.empty()) {
      cond += " AND o.day = ?";
      p.push_back(static_cast<std::int64_t>(std::find(std::begin(kDays), std::end(kDays), q.day) - std::begin(kDays)));
    }
    if (!q.start_time.empty()) {
      cond += " AND o.opens >= ?";
      p.push_back(static_cast<std::int64_t>(*kith::directory::minutes_of(q.start_time)));
    }
    if (!q.end_time.empty()) {
      cond += " AND o.closes <= ?";
      p.push_back(static_cast<std::int64_t>(*kith::directory::minutes_of(q.end_time)));
    }
    where.push_back(cond + ")");
  }
  std::string sql = select + " FROM bench_directory_service s" +
                    (where.empty() ? "" : " WHERE " + kith::join(where, " AND ")) + order + " LIMIT 20";
  return {sql, p};
}

// ---------------------------------------------------------------------------
// Kith over HTTP: the real program in its own process.

// A port nothing listens on: bind port 0, read what the kernel chose, close.
int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("cannot find a free port");
  close(fd);
  return ntohs(addr.sin_port);
}

struct Child {
  pid_t pid = -1;
  int port = 0;
};

Child start_kith(const std::string& kith, const std::string& db_url) {
  Child c;
  c.port = free_port();
  c.pid = fork();
  if (c.pid == 0) {
    std::freopen("/dev/null", "w", stdout);
    std::string port = std::to_string(c.port);
    execl(kith.c_str(), kith.c_str(), "serve", "--db", db_url.c_str(), "--port", port.c_str(), nullptr);
    std::perror("exec kith");
    _exit(127);
  }
  httplib::Client probe("127.0.0.1", c.port);
  for (int i = 0; i < 600; ++i) {
    if (auto r = probe.Get("/healthz"); r && r->status == 200) return c;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  kill(c.pid, SIGKILL);
  throw std::runtime_error("kith serve did not start");
}

// The process's peak resident memory (VmHWM), in MiB.
double peak_mib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024;
  return 0;
}

void stop_kith(const Child& c) {
  kill(c.pid, SIGTERM);
  int status = 0;
  waitpid(c.pid, &status, 0);
}

constexpr int kConnections = 16;

struct Load {
  double per_second = 0;
  Latency lat;
  std::int64_t errors = 0;
};

// wrk (Debian's package) as the load generator: one thread driving `connections`
// keep-alive connections through the queries in turn; a Lua script reports the
// latency percentiles and errors in lines this reads back.
constexpr const char* kWrkScript = R"(
local urls = {}
for line in io.lines(os.getenv("KITH_BENCH_URLS")) do urls[#urls + 1] = line end
local i = 0
request = function()
  i = i % #urls + 1
  return wrk.format("GET", urls[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("kith-bench p50=%d p99=%d errors=%d\n", latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
)";

Load http_load(int port, const std::vector<Query>& queries, int connections, double seconds, const fs::path& dir) {
  fs::path urls = dir / "urls.txt", script = dir / "wrk.lua", out = dir / "wrk.out";
  {
    std::ofstream u(urls);
    for (const auto& q : queries) u << q.url << "\n";
    std::ofstream(script) << kWrkScript;
  }
  std::string cmd = "KITH_BENCH_URLS='" + urls.string() + "' wrk -t1 -c" + std::to_string(connections) + " -d" +
                    std::to_string(static_cast<int>(std::ceil(seconds))) + "s -s '" + script.string() +
                    "' http://127.0.0.1:" + std::to_string(port) + " > '" + out.string() + "' 2>&1";
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("wrk failed: is it installed? (scripts/setup.sh)");
  Load l;
  std::ifstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Requests/sec:", 0) == 0) l.per_second = std::stod(line.substr(13));
    if (line.rfind("kith-bench ", 0) == 0)
      std::sscanf(line.c_str(), "kith-bench p50=%lf p99=%lf errors=%lld", &l.lat.median_us, &l.lat.p99_us,
                  reinterpret_cast<long long*>(&l.errors));
    if (line.find("Non-2xx") != std::string::npos) l.errors += 1;
  }
  return l;
}

}  // namespace

int main(int argc, char** argv) {
  bool short_mode = false;
  bool keep = false;  // keep the SQLite database, to look at afterwards
  std::uint32_t n = 1000000;
  double seconds = 10;
  std::string pg_url;
  for (const char* env : {"KITH_BENCH_PG_URL", "KITH_TEST_PG_URL"})
    if (const char* v = std::getenv(env); v && pg_url.empty()) pg_url = v;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--short") {
      short_mode = true;
    } else if (a == "--services" && i + 1 < argc) {
      n = static_cast<std::uint32_t>(std::stoul(argv[++i]));
    } else if (a == "--seconds" && i + 1 < argc) {
      seconds = std::stod(argv[++i]);
    } else if (a == "--keep") {
      keep = true;
    } else if (a == "--pg" && i + 1 < argc) {
      pg_url = argv[++i];
    } else {
      std::fprintf(stderr, "usage: directory_bench [--short] [--services N] [--seconds S] [--pg URL] [--keep]\n");
      return 2;
    }
  }
  if (short_mode) {
    n = std::min<std::uint32_t>(n, 20000);
    seconds = std::min(seconds, 1.0);
  }
  bool require_pg = std::getenv("KITH_TEST_REQUIRE_PG") && std::string(std::getenv("KITH_TEST_REQUIRE_PG")) == "1";
  std::string source = std::getenv("KITH_SOURCE_DATA") ? std::getenv("KITH_SOURCE_DATA") : "../shared/data";
  fs::path kith = fs::canonical("/proc/self/exe").parent_path() / "kith";
  auto dir = fs::temp_directory_path() / ("kith-directory-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string db_url = "sqlite:" + (dir / "bench.db").string();

  std::vector<std::pair<std::string, double>> steps;
  Generator gen(source);
  say("generating " + kith::thousands(n) + " services at " + kith::thousands(static_cast<std::int64_t>(gen.lsoas())) +
      " LSOA centroids into " + db_url);
  auto t = Clock::now();
  auto pcs = load_postcodes(source, short_mode ? 50 : 5);
  {
    auto db = kith::store::open_sqlite((dir / "bench.db").string());
    kith::store::migrate(*db);
    write_kith(*db, gen, n);
    write_postcodes(*db, pcs);
  }
  steps.emplace_back("write Kith's store (SQLite)", seconds_since(t));
  auto queries = make_queries(pcs, short_mode ? 60 : 400);

  // Kith in-process: the index as the server builds it, from the same store.
  t = Clock::now();
  std::unique_ptr<kith::directory::SearchIndex> index;
  {
    auto db = kith::store::open_sqlite((dir / "bench.db").string());
    kith::store::Transaction tx(*db, false);
    index = std::make_unique<kith::directory::SearchIndex>(kith::directory::DirectoryStore(*db).index_data());
  }
  steps.emplace_back("build Kith's index from the store", seconds_since(t));
  say("index built: " + kith::thousands(static_cast<std::int64_t>(index->size())) + " services, " +
      std::to_string(index->memory_bytes() >> 20) + " MiB");

  auto centre = [](const Query& x) -> std::optional<kith::geo::Point> {
    if (!x.at) return std::nullopt;
    return kith::geo::Point{x.at->lon, x.at->lat};
  };
  std::vector<Answer> kith_answers;
  std::vector<double> kith_us;
  int rounds = short_mode ? 2 : 5;
  for (int r = 0; r < rounds; ++r) {
    for (const auto& x : queries) {
      auto t0 = Clock::now();
      auto found = index->search(x.q, centre(x));
      kith_us.push_back(seconds_since(t0) * 1e6);
      if (r == 0) {
        Answer a{found.total, {}};
        for (const auto& h : found.hits) a.ids.push_back(index->id(h.doc));
        kith_answers.push_back(std::move(a));
      }
    }
  }
  Latency kith_lat = latency(kith_us);
  if (std::getenv("KITH_BENCH_SLOWEST")) {
    // The slowest queries of the first round, to see where time goes.
    std::vector<std::pair<double, std::size_t>> slow;
    for (std::size_t i = 0; i < queries.size(); ++i) slow.emplace_back(kith_us[i], i);
    std::sort(slow.rbegin(), slow.rend());
    for (std::size_t i = 0; i < 10 && i < slow.size(); ++i)
      std::fprintf(stderr, "  %8.0f us  %6lld results  %s\n", slow[i].first,
                   static_cast<long long>(kith_answers[slow[i].second].total), queries[slow[i].second].url.c_str());
  }
  std::int64_t matched = 0;
  for (const auto& a : kith_answers) matched += a.total;
  say("mean results per query: " + std::to_string(matched / static_cast<std::int64_t>(queries.size())));
  index.reset();

  // Kith over HTTP.
  say("starting " + kith.string() + " serve on loopback");
  Child child = start_kith(kith.string(), db_url);
  Load load, health;
  double kith_peak = 0;
  int http_mismatch = 0;
  {
    httplib::Client warm("127.0.0.1", child.port);
    warm.set_read_timeout(600, 0);
    t = Clock::now();
    auto r = warm.Get(queries[0].url);
    steps.emplace_back("first HTTP search (the server builds its index)", seconds_since(t));
    if (!r || r->status != 200) {
      stop_kith(child);
      say("the HTTP search failed: " + (r ? r->body : std::string("no answer")));
      return 1;
    }
    // The HTTP answers are the in-process answers.
    for (std::size_t i = 0; i < queries.size(); ++i) {
      auto res = warm.Get(queries[i].url);
      auto body = nlohmann::json::parse(res ? res->body : "{}", nullptr, false);
      std::vector<std::string> ids;
      for (const auto& c : body.value("contents", nlohmann::json::array())) ids.push_back(c.value("id", ""));
      if (body.value("total_items", -1) != kith_answers[i].total || ids != kith_answers[i].ids) ++http_mismatch;
    }
    load = http_load(child.port, queries, kConnections, seconds, dir);
    health = http_load(child.port, {Query{{}, std::nullopt, "/healthz"}}, kConnections, std::min(seconds, 3.0), dir);
    kith_peak = peak_mib(child.pid);
  }
  stop_kith(child);

  // The PostGIS baseline.
  Latency pg_lat;
  int agree = 0, compared = 0;
  std::vector<std::string> disagreements;
  if (pg_url.empty()) {
    say("no PostgreSQL URL (--pg, KITH_BENCH_PG_URL or KITH_TEST_PG_URL): the PostGIS baseline is skipped");
    if (require_pg) return 1;
  } else {
    auto pg = kith::store::open_postgres(pg_url);
    t = Clock::now();
    load_pg(*pg, gen, n);
    steps.emplace_back("load PostgreSQL + PostGIS, build GIN and GiST", seconds_since(t));
    std::vector<double> pg_us;
    for (int r = 0; r < rounds; ++r) {
      for (std::size_t i = 0; i < queries.size(); ++i) {
        auto [sql, params] = pg_sql(queries[i]);
        auto t0 = Clock::now();
        auto rows = pg->query(sql, params);
        pg_us.push_back(seconds_since(t0) * 1e6);
        if (r > 0) continue;
        Answer a{rows.empty() ? 0 : rows[0].integer(1), {}};
        for (const auto& row : rows) a.ids.push_back(row.text(0));
        ++compared;
        if (a.total == kith_answers[i].total && a.ids == kith_answers[i].ids)
          ++agree;
        else if (disagreements.size() < 5)
          disagreements.push_back(queries[i].url + ": PostGIS " + std::to_string(a.total) + ", Kith " +
                                  std::to_string(kith_answers[i].total));
      }
    }
    pg_lat = latency(pg_us);
    pg->exec_script("DROP TABLE bench_directory_opening; DROP TABLE bench_directory_service;");
  }
  if (keep)
    say("kept " + db_url);
  else
    fs::remove_all(dir);

  // The table.
  rusage self{};
  getrusage(RUSAGE_SELF, &self);
  std::printf("\nDirectory search: %s services at %s LSOA centroids, %zu mixed queries\n", kith::thousands(n).c_str(),
              kith::thousands(static_cast<std::int64_t>(gen.lsoas())).c_str(), queries.size());
  std::printf("%-46s %12s %12s %12s %9s %9s\n", "case", "median", "p99", "searches/s", "latency", "rate");
  double pg_rate = pg_lat.median_us > 0 ? 1e6 / pg_lat.median_us : 0;
  auto row = [&](const std::string& name, const Latency& l, double per_s, bool latency_ratio) {
    char lr[16] = "-", rr[16] = "-";
    if (pg_lat.median_us > 0 && l.median_us > 0 && latency_ratio)
      std::snprintf(lr, sizeof lr, "%.1fx", pg_lat.median_us / l.median_us);
    if (pg_rate > 0) std::snprintf(rr, sizeof rr, "%.1fx", per_s / pg_rate);
    std::printf("%-46s %9.1f us %9.1f us %12.0f %9s %9s\n", name.c_str(), l.median_us, l.p99_us, per_s, lr, rr);
  };
  if (pg_lat.median_us > 0) row("PostgreSQL 15 + PostGIS + GIN (baseline)", pg_lat, pg_rate, true);
  row("Kith index, in-process", kith_lat, 1e6 / kith_lat.median_us, true);
  std::string conns = std::to_string(kConnections);
  row("Kith search over HTTP (wrk, " + conns + " connections)", load.lat, load.per_second, false);
  row("GET /healthz over HTTP (wrk, " + conns + " connections)", health.lat, health.per_second, false);
  std::printf(
      "latency: the baseline's median divided by this case's (in-process cases; over HTTP the median includes\n"
      "queueing behind %d connections); rate: searches per second divided by the baseline's, one search at a time.\n"
      "/healthz is the cheapest route through the same server: the ceiling for any page on this machine.\n\n",
      kConnections);
  for (const auto& [name, s] : steps) std::printf("%-56s %10.2f s\n", name.c_str(), s);
  std::printf("%-56s %10.0f MiB\n", "peak resident memory of kith serve", kith_peak);
  std::printf("%-56s %10.0f MiB\n", "peak resident memory of this benchmark", self.ru_maxrss / 1024.0);
  std::printf("HTTP answers equal to in-process answers: %zu of %zu\n", queries.size() - http_mismatch, queries.size());
  if (compared) std::printf("Kith and PostGIS agree (total and first page): %d of %d queries\n", agree, compared);
  for (const auto& d : disagreements) std::printf("  differs: %s\n", d.c_str());
  std::fflush(stdout);
  bool ok = load.errors == 0 && http_mismatch == 0 && (compared == 0 || agree == compared);
  if (!ok) std::fprintf(stderr, "bench: FAILED (%lld HTTP errors)\n", static_cast<long long>(load.errors));
  return ok ? 0 : 1;
}
