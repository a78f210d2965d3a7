// Coordination reports on both stores: a known fixture gives exact figures (waits,
// counts, the wellbeing interval, cost avoided); small counts are hidden in the CSV
// and the API but shown on the team lead's own page; an officer's report, CSV and
// API name no one (the demo's made-up people and coordinators); the LSOA measures
// leave out what is small.
#include <gtest/gtest.h>

#include <atomic>

#include "accounts/account_store.h"
#include "coordination/outcomes_store.h"
#include "coordination/report_store.h"
#include "coordination/reports_http.h"
#include "coordination/seal.h"
#include "core/crypto.h"
#include "core/embedded.h"
#include "support/harness.h"

namespace kith {
namespace {

using Json = nlohmann::json;
using namespace coordination;

// Writes a fixture straight into the tables: one team, a lead and a coordinator, and
// referrals whose figures are worked out by hand below. Nothing sealed is read by
// reports, but the sealed columns are sealed under `key` all the same: on the shared
// server other suites read and re-seal every person.
struct Fixture {
  std::int64_t team = 0, lead = 0, coordinator = 0;
  std::string lead_email;
};

std::int64_t user(store::Db& db, const std::string& email, const std::string& name, const std::string& role) {
  accounts::AccountStore users(db);
  std::int64_t id = users.create(email, "", name, hash_password("correct horse battery"), "active", false);
  users.set_roles(id, {role});
  return id;
}

Fixture fixture(store::Db& db, const Key& key, const std::string& tag) {
  Fixture f;
  f.lead_email = "report-lead-" + tag + "@example.org";
  f.lead = user(db, f.lead_email, "Report Lead " + tag, "team_lead");
  f.coordinator = user(db, "report-coord-" + tag + "@example.org", "Rhiannon Fixture-Coordinator", "coordinator");
  f.team = db.query_one("INSERT INTO coord_teams (name, created_at) VALUES (?, '2026-01-01T00:00:00Z') RETURNING id",
                        {"Report fixture " + tag})
               ->integer(0);
  db.exec("INSERT INTO coord_team_members (team_id, user_id, role) VALUES (?, ?, 'lead')", {f.team, f.lead});
  db.exec("INSERT INTO coord_team_members (team_id, user_id, role) VALUES (?, ?, 'coordinator')",
          {f.team, f.coordinator});
  // Twelve referrals: 7 from GPs, 3 self, 2 housing. Waits in days for the first six
  // contacted: 2, 4, 6, 8, 10, 30; the others not yet contacted.
  const std::vector<std::string> sources = {"gp", "gp",   "gp",   "gp",   "gp",      "gp",
                                            "gp", "self", "self", "self", "housing", "housing"};
  const std::vector<int> waits = {2, 4, 6, 8, 10, 30};
  for (int i = 0; i < 12; ++i) {
    std::int64_t person = db.query_one(
                                "INSERT INTO coord_people (name_sealed, contact_sealed, created_at) VALUES (?, ?, "
                                "'2026-03-01T09:00:00Z') RETURNING id",
                                {key.seal("Report fixture person " + std::to_string(i) + " " + tag), key.seal("{}")})
                              ->integer(0);
    bool contacted = i < 6;
    bool closed = i < 2;
    std::string first =
        contacted ? "2026-03-" + std::string(1 + waits[i] < 10 ? "0" : "") + std::to_string(1 + waits[i]) + "T09:00:00Z"
                  : "";
    std::int64_t c =
        db.query_one(
              "INSERT INTO coord_cases (person_id, team_id, status, coordinator_user, opened_at, "
              "first_contact_at, closed_at) VALUES (?, ?, ?, ?, '2026-03-01T09:00:00Z', ?, ?) RETURNING id",
              {person, f.team,
               std::string(closed      ? "closed"
                           : contacted ? "active"
                                       : "allocated"),
               f.coordinator, contacted ? store::Value{first} : store::Value{nullptr},
               closed ? store::Value{std::string("2026-05-10T09:00:00Z")} : store::Value{nullptr}})
            ->integer(0);
    db.exec(
        "INSERT INTO coord_referrals (case_id, person_id, source, reasons, consent_contact, status, received_at, "
        "first_contact_at) VALUES (?, ?, ?, ?, 1, 'accepted', '2026-03-01T09:00:00Z', ?)",
        {c, person, sources[i], std::string(i % 2 ? "loneliness,low-mood" : "loneliness"),
         contacted ? store::Value{first} : store::Value{nullptr}});
    if (closed)
      db.exec(
          "INSERT INTO coord_closings (case_id, reason, closed_by, closed_at) VALUES (?, 'goals-met', ?, "
          "'2026-05-10T09:00:00Z')",
          {c, f.coordinator});
    if (i < 5) {
      // ONS4 life satisfaction, start -> review: (3,5) (4,7) (2,2) (5,6) (3,6).
      const int start[] = {3, 4, 2, 5, 3}, later[] = {5, 7, 2, 6, 6};
      for (auto [occasion, score, on] : std::vector<std::tuple<std::string, int, std::string>>{
               {"start", start[i], "2026-03-10"}, {"review", later[i], "2026-05-01"}}) {
        std::int64_t m = db.query_one(
                               "INSERT INTO coord_wellbeing (case_id, instrument, occasion, taken_on, "
                               "recorded_by, created_at) VALUES (?, 'ONS4', ?, ?, ?, ?) RETURNING id",
                               {c, occasion, on, f.coordinator, on + "T09:00:00Z"})
                             ->integer(0);
        db.exec("INSERT INTO coord_wellbeing_items (measure_id, item, score) VALUES (?, 'life-satisfaction', ?)",
                {m, std::int64_t{score}});
      }
      ReportStore(db).recount_wellbeing(c);  // written straight into the tables: pair them as the store would
      // Connections: every one of the five to a group; three took.
      db.exec(
          "INSERT INTO coord_connections (case_id, target_kind, target_name, took, created_by, created_at, "
          "updated_at) VALUES (?, 'group', 'Knit and natter', ?, ?, '2026-03-20', '2026-03-20')",
          {c, std::string(i < 3 ? "still-going" : "did-not-go"), f.coordinator});
    }
  }
  // Day care at £45, twice a week for six months (£2,340 in full), medium confidence
  // (a quarter to three quarters): £585 to £1,755.
  std::int64_t unit = db.query_one(
                            "INSERT INTO coord_unit_costs (name, amount_pence, unit, source, year, created_at) "
                            "VALUES ('Day care (fixture)', 4500, 'per session', 'test', 2023, '2026-01-01') "
                            "RETURNING id")
                          ->integer(0);
  std::int64_t first_case = db.query_one("SELECT MIN(id) FROM coord_cases WHERE team_id = ?", {f.team})->integer(0);
  db.exec(
      "INSERT INTO coord_cost_avoided (case_id, unit_cost_id, what, times_per_year, months, confidence, "
      "recorded_by, created_at) VALUES (?, ?, 'Day care', 104, 6, 'medium', ?, '2026-04-01')",
      {first_case, unit, f.coordinator});
  return f;
}

const reports::Table& table(const reports::Report& r, const std::string& id) {
  for (const auto& t : r.tables)
    if (t.id == id) return t;
  throw std::runtime_error("no table " + id);
}

using CoordinationReportStoreTest = testing::FreshDatabaseTest;

TEST_P(CoordinationReportStoreTest, AKnownFixtureGivesExactFigures) {
  Fixture f = fixture(db(), Key::generate(), "store");
  ReportStore store(db());
  EXPECT_EQ(store.teams_led_by(f.lead), std::vector<std::int64_t>{f.team});
  auto rep = reports::build_report(store.data({false, {f.team}}), true);

  const auto& src = table(rep, "by-source");
  ASSERT_EQ(src.labels.size(), 6u);  // every source, in order, zeros included
  EXPECT_EQ(src.labels[0], "Themselves");
  EXPECT_EQ(src.counts[0][0], 3);
  EXPECT_EQ(src.counts[1][0], 7);  // GP practice
  EXPECT_EQ(src.counts[3][0], 2);  // housing

  const auto& reasons = table(rep, "by-reason");
  for (std::size_t i = 0; i < reasons.labels.size(); ++i) {
    if (reasons.labels[i] == "Loneliness or isolation") {
      EXPECT_EQ(reasons.counts[i][0], 12);
    }
    if (reasons.labels[i] == "Low mood, stress or anxiety") {
      EXPECT_EQ(reasons.counts[i][0], 6);
    }
  }

  // Waits 2, 4, 6, 8, 10, 30: median 7, 90th percentile 20 (type 7); six not contacted.
  EXPECT_EQ(rep.waits.n, 6);
  EXPECT_EQ(rep.waits.waiting, 6);
  EXPECT_DOUBLE_EQ(*rep.waits.median, 7);
  EXPECT_DOUBLE_EQ(*rep.waits.p90, 20);

  const auto& load = table(rep, "caseloads");
  ASSERT_EQ(load.labels.size(), 2u);
  EXPECT_EQ(load.labels[0], "Rhiannon Fixture-Coordinator");
  EXPECT_EQ(load.counts[0], (std::vector<std::int64_t>{10, 2}));

  const auto& conn = table(rep, "connections");
  ASSERT_EQ(conn.labels.size(), 1u);
  EXPECT_EQ(conn.counts[0], (std::vector<std::int64_t>{5, 3}));

  // Changes 2, 3, 0, 1, 3: mean 1.8, sd 1.304, t(4) 2.776 -> 0.181 to 3.419; 4 of 5 up by 1 or more.
  ASSERT_EQ(rep.wellbeing.size(), 1u);
  const auto& w = rep.wellbeing[0].change;
  EXPECT_EQ(w.n, 5);
  EXPECT_NEAR(w.mean, 1.8, 1e-9);
  EXPECT_NEAR(*w.lower, 0.181, 0.001);
  EXPECT_NEAR(*w.upper, 3.419, 0.001);
  EXPECT_EQ(w.improved, 4);

  EXPECT_EQ(rep.cost.low_pence, 58500);
  EXPECT_EQ(rep.cost.high_pence, 175500);
  EXPECT_EQ(rep.cases_with_costs, 1);

  const auto& month = table(rep, "by-month");
  ASSERT_EQ(month.labels.size(), 2u);
  EXPECT_EQ(month.labels[0], "2026-03");
  EXPECT_EQ(month.counts[0], (std::vector<std::int64_t>{12, 6, 0}));
  EXPECT_EQ(month.counts[1], (std::vector<std::int64_t>{0, 0, 2}));  // two closed in May

  // Another scope sees none of it.
  auto none = reports::build_report(store.data({false, {f.team + 1000}}), true);
  EXPECT_EQ(table(none, "by-source").counts[1][0], 0);
}

// Each case's start and latest scores are paired as measures are recorded, by the rule
// the report states: the earliest start; the last later measure not before it (ties by
// the order recorded); items both have; SWEMWBS on its metric score, a measure with no
// score passed over. Migration 0037's statement, run afresh, pairs them the same way.
TEST_P(CoordinationReportStoreTest, WellbeingIsPairedAsMeasuresAreRecorded) {
  Key key = Key::generate();
  Fixture f = fixture(db(), key, "pairs");
  std::int64_t c = db().query_one("SELECT MAX(id) FROM coord_cases WHERE team_id = ?", {f.team})->integer(0);
  CaseOutcomeStore outcomes(db(), key);
  auto add = [&](const std::string& instrument, const std::string& occasion, const std::string& on,
                 std::map<std::string, int> items, std::optional<double> total = {}) {
    Measure m;
    m.instrument = instrument;
    m.occasion = occasion;
    m.taken_on = on;
    m.items = std::move(items);
    m.total = total;
    outcomes.add_measure(c, m, f.coordinator, on + "T09:00:00Z");
  };
  auto pairs = [&] {
    std::map<std::string, std::pair<double, double>> out;
    for (const auto& r : db().query(
             "SELECT instrument, item, start_score, latest_score FROM coord_wellbeing_change WHERE case_id = ?", {c}))
      out[r.text(0) + "/" + r.text(1)] = {r.real(2), r.real(3)};
    return out;
  };
  add("ONS4", "review", "2026-01-05", {{"happy", 9}});  // before any start: nothing to pair with
  EXPECT_TRUE(pairs().empty());
  add("ONS4", "start", "2026-01-10", {{"happy", 3}, {"anxious", 8}});
  add("ONS4", "start", "2026-01-20", {{"happy", 1}, {"anxious", 1}});  // a later start: the first counts
  EXPECT_TRUE(pairs().empty());
  add("ONS4", "review", "2026-03-01", {{"happy", 5}, {"anxious", 6}});
  EXPECT_EQ(pairs(),
            (std::map<std::string, std::pair<double, double>>{{"ONS4/anxious", {8, 6}}, {"ONS4/happy", {3, 5}}}));
  add("ONS4", "close", "2026-04-01", {{"happy", 7}});   // the latest, with one item only
  add("ONS4", "review", "2026-04-01", {{"happy", 6}});  // the same day, recorded after: latest
  add("SWEMWBS", "start", "2026-01-10", {}, 17.43);
  add("SWEMWBS", "review", "2026-02-01", {}, 20.73);
  add("SWEMWBS", "review", "2026-03-01", {}, std::nullopt);  // no metric score: passed over
  auto after = pairs();
  EXPECT_EQ(after, (std::map<std::string, std::pair<double, double>>{{"ONS4/happy", {3, 6}},
                                                                     {"SWEMWBS/total", {17.43, 20.73}}}));

  // The migration's statement, over every case, gives what was kept.
  const auto* m = embedded::find("migrations/0037_wellbeing_change.sql");
  ASSERT_NE(m, nullptr);
  std::string sql(m->data.substr(m->data.find("WITH m AS")));
  auto kept = db().query(
      "SELECT case_id, instrument, item, start_score, latest_score FROM coord_wellbeing_change "
      "ORDER BY 1, 2, 3");
  db().exec("DELETE FROM coord_wellbeing_change");
  db().exec_script(sql);
  EXPECT_EQ(pairs(), after);
  auto again = db().query(
      "SELECT case_id, instrument, item, start_score, latest_score FROM coord_wellbeing_change "
      "ORDER BY 1, 2, 3");
  ASSERT_EQ(again.size(), kept.size());
  for (std::size_t i = 0; i < kept.size(); ++i)
    for (std::size_t col = 0; col < 5; ++col) EXPECT_EQ(again[i].text(col), kept[i].text(col)) << i << "/" << col;
}

INSTANTIATE_TEST_SUITE_P(Backends, CoordinationReportStoreTest, ::testing::ValuesIn(testing::backends()),
                         testing::backend_name);

class CoordinationReportsTest : public testing::BackendSuite {
 protected:
  Fixture& shared_fixture() {
    static std::map<std::string, Fixture> made;
    auto it = made.find(GetParam());
    if (it != made.end()) return it->second;
    auto handle = testing::shared_server(GetParam()).app().database().acquire();
    store::Transaction tx(*handle, true);
    auto key = Key::load(testing::shared_server(GetParam()).app().config().coordination_key_file);
    if (!key) throw std::runtime_error(key.error().message);
    Fixture f = fixture(*handle, *key, "http-" + GetParam());
    tx.commit();
    return made[GetParam()] = f;
  }
  testing::Browser lead() {
    auto b = browser();
    b.sign_in(shared_fixture().lead_email, "correct horse battery");
    return b;
  }
};

std::string csv_row(const std::string& body, const std::string& prefix) {
  auto at = body.find("\n" + prefix);
  if (at == std::string::npos) return "";
  auto end = body.find('\n', at + 1);
  return body.substr(at + 1, end - at - 1);
}

TEST_P(CoordinationReportsTest, TheTeamLeadSeesSmallCountsButTheCsvAndApiHideThem) {
  auto b = lead();
  auto page = b.get("/coordination/reports");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Report fixture http-" + GetParam()), std::string::npos);
  EXPECT_NE(page.body.find("Rhiannon Fixture-Coordinator"), std::string::npos);  // their own team, by name
  EXPECT_NE(page.body.find("<svg"), std::string::npos);
  EXPECT_NE(page.body.find("Between £585 and £1,755"), std::string::npos) << tag();

  auto csv = b.get("/coordination/reports.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv_row(csv.body, "by-source,GP practice,"), "by-source,GP practice,Referrals,7");
  EXPECT_EQ(csv_row(csv.body, "by-source,Themselves,"), "by-source,Themselves,Referrals,fewer than 5");
  EXPECT_EQ(csv_row(csv.body, "by-source,Housing,"), "by-source,Housing,Referrals,fewer than 5");
  EXPECT_EQ(csv_row(csv.body, "by-source,Total,"), "by-source,Total,Referrals,12");
  // One case with costs: the range is hidden, the count said as fewer than 5.
  EXPECT_EQ(csv_row(csv.body, "cost-avoided,Cases"), "cost-avoided,Cases with costs avoided,count,fewer than 5");
  EXPECT_EQ(csv.body.find("£585"), std::string::npos);
  // Five pairs of wellbeing scores: shown; 4 improved is fewer than 5, so the share is hidden.
  EXPECT_NE(csv.body.find("wellbeing,ONS4: life satisfaction,mean change,+1.80"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("wellbeing,ONS4: life satisfaction,share improved meaningfully,hidden"), std::string::npos);
  EXPECT_NE(csv.body.find("wellbeing,ONS4: life satisfaction,\"95% interval, lower\",0.18"), std::string::npos);
  EXPECT_NE(csv.body.find("wellbeing,ONS4: life satisfaction,\"95% interval, upper\",3.42"), std::string::npos);
  EXPECT_EQ(csv.body.find("Rhiannon"), std::string::npos);  // caseloads are not named outside the team

  auto api = b.get("/api/v1/coordination/reports");
  ASSERT_EQ(api.status, 200);
  Json j = api.json();
  EXPECT_TRUE(j["suppressed"].get<bool>());
  Json tables = j["tables"];
  for (const auto& t : tables)
    if (t["id"] == "by-source")
      for (const auto& row : t["rows"])
        if (row["label"] == "Housing") {
          EXPECT_TRUE(row["cells"][0]["suppressed"].get<bool>());
          EXPECT_TRUE(row["cells"][0]["value"].is_null());
        }
  EXPECT_EQ(api.body.find("Rhiannon"), std::string::npos);
}

TEST_P(CoordinationReportsTest, AnOfficerSeesEveryTeamAndNoOneByName) {
  shared_fixture();
  auto officer = signed_in("officer");
  auto page = officer.get("/coordination/reports");
  ASSERT_EQ(page.status, 200) << page.body;
  auto csv = officer.get("/coordination/reports.csv");
  ASSERT_EQ(csv.status, 200);
  auto api = officer.get("/api/v1/coordination/reports");
  ASSERT_EQ(api.status, 200);
  // The demo's made-up people (sealed in the store) and every coordinator's name.
  for (const char* name : {"Maureen", "Tunde", "Josephine", "Ibrahim", "Zofia", "Kwame", "Cara Coordinator",
                           "Kofi Coordinator", "Rhiannon", "Tamsin"})
    for (const auto* body : {&page.body, &csv.body, &api.body})
      EXPECT_EQ(body->find(name), std::string::npos) << name << tag();
  EXPECT_EQ(csv.body.find("(demo)"), std::string::npos);
  EXPECT_EQ(api.body.find("(demo)"), std::string::npos);
  // Every team: the demo's 48 and the fixture's 12 referrals.
  Json j = api.json();
  EXPECT_TRUE(j["all_teams"].get<bool>());
  Json tables = j["tables"];
  for (const auto& t : tables)
    if (t["id"] == "by-source") {
      EXPECT_GE(t["total"]["cells"][0]["value"].get<std::int64_t>(), 60);
    }
  // Small cells appear, and each is said the same way.
  EXPECT_NE(csv.body.find("fewer than 5"), std::string::npos);
}

TEST_P(CoordinationReportsTest, OthersAreTurnedAway) {
  EXPECT_EQ(signed_in("member").get("/coordination/reports").status, 403);
  EXPECT_EQ(signed_in("coordinator").get("/coordination/reports.csv").status, 403);
  EXPECT_EQ(browser().get("/api/v1/coordination/reports").status, 401);
}

TEST_P(CoordinationReportsTest, LsoaMeasuresLeaveOutSmallCounts) {
  auto handle = testing::shared_server(GetParam()).app().database().acquire();
  auto measures = report_measures();
  auto per_1000 = measures.at("coordination.referrals_per_1000").values(*handle, "E06000034");
  ASSERT_TRUE(static_cast<bool>(per_1000));
  auto counts = ReportStore(*handle).by_lsoa("E06000034");
  ASSERT_FALSE(counts.empty());  // the demo's people live in Thurrock
  int left_out = 0, shown = 0;
  for (const auto& [code, c] : counts) {
    if (c.referred < 5) {
      EXPECT_EQ(per_1000->count(code), 0u) << code;
      ++left_out;
    } else {
      ASSERT_EQ(per_1000->count(code), 1u) << code;
      EXPECT_GT(per_1000->at(code), 0) << code;
      ++shown;
    }
  }
  EXPECT_GT(left_out + shown, 0);
  auto share = measures.at("coordination.share_connected").values(*handle, "E06000034");
  ASSERT_TRUE(static_cast<bool>(share));
  for (const auto& [code, v] : *share) {
    EXPECT_GE(counts[code].referred, 5);
    EXPECT_GE(v, 0.0);
    EXPECT_LE(v, 1.0);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, CoordinationReportsTest, ::testing::ValuesIn(testing::backends()),
                         testing::backend_name);

}  // namespace
}  // namespace kith
