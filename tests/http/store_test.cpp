// The store on both backends: migrations, transactions, the append-only audit log,
// bulk loads and each module's store.
#include <gtest/gtest.h>

#include <filesystem>

#include "accounts/account_store.h"
#include "accounts/service.h"
#include "areas/area_store.h"
#include "areas/loader.h"
#include "audit/audit.h"
#include "core/crypto.h"
#include "store/migrate.h"
#include "store/settings.h"
#include "store/unavailable.h"
#include "support/harness.h"

namespace kith {
namespace {

using StoreTest = testing::FreshDatabaseTest;

// SQLite held by another connection for longer than its busy timeout: the database
// is unavailable for now (the server answers 503 with Retry-After), not broken (500);
// reading meanwhile is never held up.
TEST(SqliteStore, AWriteThatWaitsTooLongIsUnavailableNotAFault) {
  auto dir = std::filesystem::temp_directory_path() / ("kith-busy-" + random_token(8));
  std::filesystem::create_directories(dir);
  {
    auto database = store::Database::open("sqlite:" + (dir / "busy.db").string());
    auto a = database->acquire();
    auto b = database->acquire();
    a->exec_script("CREATE TABLE t (n INTEGER)");
    store::Transaction holding(*a, true);
    a->exec("INSERT INTO t VALUES (1)");
    b->exec_script("PRAGMA busy_timeout = 50");
    {
      store::Transaction reading(*b, false);
      EXPECT_EQ(b->scalar("SELECT COUNT(*) FROM t"), 0);
    }
    EXPECT_THROW(
        {
          store::Transaction writing(*b, true);
          b->exec("INSERT INTO t VALUES (2)");
        },
        store::DbUnavailable);
    holding.commit();
    store::Transaction after(*b, true);
    b->exec("INSERT INTO t VALUES (2)");
    after.commit();
    EXPECT_EQ(b->scalar("SELECT COUNT(*) FROM t"), 2);
  }
  std::filesystem::remove_all(dir);
}

// SQLite drops a NOT NULL by making the table again (0045 lets an account have no
// email): the people, their roles and sessions are kept, no id is given out twice,
// and foreign keys are on again afterwards.
TEST(SqliteStore, AMigrationThatMakesATableAgainKeepsItsRowsReferencesAndIds) {
  auto dir = std::filesystem::temp_directory_path() / ("kith-rebuild-" + random_token(8));
  std::filesystem::create_directories(dir);
  {
    auto database = store::Database::open("sqlite:" + (dir / "old.db").string());
    auto db = database->acquire();
    db->exec_script(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
    for (const auto& m : store::migrations_for(store::Dialect::kSqlite)) {
      if (m.version >= 45) break;
      store::Transaction tx(*db, true);
      db->exec_script(m.sql);
      db->exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 'then')",
               {std::int64_t{m.version}, m.name});
      tx.commit();
    }
    auto add = [&](const std::string& email) {
      return db
          ->query_one(
              "INSERT INTO users (email, display_name, created_at, updated_at, email_verified_at) "
              "VALUES (?, 'Someone', 'then', 'then', 'then') RETURNING id",
              {email})
          ->integer(0);
    };
    std::int64_t kept = add("kept@example.org");
    std::int64_t gone = add("gone@example.org");
    db->exec("INSERT INTO user_roles (user_id, role) VALUES (?, 'coordinator')", {kept});
    db->exec("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ('h', ?, 'then', 'later')",
             {kept});
    db->exec("DELETE FROM users WHERE id = ?", {gone});
    EXPECT_THROW(db->exec("INSERT INTO users (display_name, created_at, updated_at) VALUES ('No email', 'a', 'a')"),
                 store::DbError);

    auto applied = store::migrate(*db);
    ASSERT_FALSE(applied.empty());
    EXPECT_EQ(applied.front(), "0045_accounts_without_email");
    EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM user_roles WHERE user_id = ? AND role = 'coordinator'", {kept}), 1);
    EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM sessions WHERE user_id = ?", {kept}), 1);
    EXPECT_EQ(db->query_one("SELECT email FROM users WHERE id = ?", {kept})->text(0), "kept@example.org");
    std::int64_t without = db->query_one(
                                 "INSERT INTO users (display_name, phone, created_at, updated_at) VALUES "
                                 "('No email', '+447700900001', 'a', 'a') RETURNING id")
                               ->integer(0);
    EXPECT_GT(without, gone) << "the id of an account that was deleted was given out again";
    EXPECT_EQ(db->scalar("PRAGMA foreign_keys"), 1);
    EXPECT_THROW(db->exec("INSERT INTO user_roles (user_id, role) VALUES (99999, 'member')"), store::DbError);
    // A number names one account without email.
    EXPECT_THROW(db->exec("INSERT INTO users (display_name, phone, created_at, updated_at) VALUES "
                          "('Same number', '+447700900001', 'a', 'a')"),
                 store::DbError);
  }
  std::filesystem::remove_all(dir);
}

TEST_P(StoreTest, MigrationsApplyOnceInOrder) {
  auto versions = db().query("SELECT version, name FROM schema_migrations ORDER BY version");
  ASSERT_GE(versions.size(), 2u);
  EXPECT_EQ(versions[0].text(1), "0001_core");
  EXPECT_EQ(versions[1].text(1), "0002_areas");
  EXPECT_TRUE(store::migrate(db()).empty());  // nothing left to apply
}

TEST_P(StoreTest, AnIdIsNeverUsedTwiceEvenAfterItsRowIsErased) {
  db().exec_script(store::expand_macros("CREATE TABLE ids (id {{ID}}, note TEXT)", db().dialect()));
  std::int64_t first = db().query_one("INSERT INTO ids (note) VALUES ('a') RETURNING id")->integer(0);
  std::int64_t second = db().query_one("INSERT INTO ids (note) VALUES ('b') RETURNING id")->integer(0);
  db().exec("DELETE FROM ids WHERE id = ?", {second});  // the highest, erased
  std::int64_t third = db().query_one("INSERT INTO ids (note) VALUES ('c') RETURNING id")->integer(0);
  EXPECT_GT(second, first);
  EXPECT_GT(third, second) << "an erased record's id named a new one";
}

TEST_P(StoreTest, TypesRoundTrip) {
  db().exec_script("CREATE TABLE t (i BIGINT, d DOUBLE PRECISION, s TEXT, n TEXT)");
  db().exec("INSERT INTO t VALUES (?, ?, ?, ?)",
            {std::int64_t{9007199254740993}, 0.1 + 0.2, std::string("it's \"quoted\" ?"), nullptr});
  auto row = db().query_one("SELECT i, d, s, n FROM t WHERE s = ?", {std::string("it's \"quoted\" ?")});
  ASSERT_TRUE(row);
  EXPECT_EQ(row->integer(0), 9007199254740993);
  EXPECT_DOUBLE_EQ(row->real(1), 0.1 + 0.2);
  EXPECT_EQ(row->text(2), "it's \"quoted\" ?");
  EXPECT_TRUE(row->is_null(3));
  EXPECT_EQ(row->index("s"), 2u);
}

TEST_P(StoreTest, TransactionsRollBackUnlessCommitted) {
  {
    store::Transaction tx(db(), true);
    store::set_setting(db(), "x", "lost");
  }
  EXPECT_TRUE(store::get_setting(db(), "x").is_null());
  {
    store::Transaction tx(db(), true);
    store::set_setting(db(), "x", {{"kept", true}});
    tx.commit();
  }
  EXPECT_EQ(store::get_setting(db(), "x")["kept"], true);
}

TEST_P(StoreTest, AuditLogIsAppendOnly) {
  audit::record(db(), audit::Actor::system("test"), "thing.create", "thing", "1", nullptr, {{"a", 1}});
  EXPECT_EQ(audit::count(db(), {}), 1);
  EXPECT_THROW(db().exec("UPDATE audit_log SET action = 'changed'"), store::DbError);
  EXPECT_THROW(db().exec("DELETE FROM audit_log"), store::DbError);
  auto entries = audit::list(db(), {"thing", "1", std::nullopt, 10, 0});
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].action, "thing.create");
  EXPECT_EQ(nlohmann::json::parse(entries[0].after_json)["a"], 1);
}

TEST_P(StoreTest, BulkInsertKeepsTabsNewlinesAndNulls) {
  db().exec_script("CREATE TABLE b (k TEXT, v TEXT, n DOUBLE PRECISION)");
  std::vector<store::Params> rows;
  for (int i = 0; i < 1000; ++i)
    rows.push_back(
        {std::to_string(i), std::string("a\tb\nc\\d"), i % 2 ? store::Value(nullptr) : store::Value(i * 1.5)});
  db().bulk_insert("b", {"k", "v", "n"}, rows);
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM b"), 1000);
  auto r = db().query_one("SELECT v, n FROM b WHERE k = '2'");
  EXPECT_EQ(r->text(0), "a\tb\nc\\d");
  EXPECT_DOUBLE_EQ(r->real(1), 3.0);
  EXPECT_TRUE(db().query_one("SELECT n FROM b WHERE k = '3'")->is_null(0));
}

TEST_P(StoreTest, AccountsStoreUsersRolesSessions) {
  auto actor = audit::Actor::system("test");
  auto user = accounts::add_user(db(), actor, "Sam@Example.org", "Sam", "long enough pass", {"member", "panel"});
  ASSERT_TRUE(user) << user.error().message;
  EXPECT_EQ(user->email, "sam@example.org");
  EXPECT_EQ(user->roles, (std::vector<std::string>{"member", "panel"}));
  auto dup = accounts::add_user(db(), actor, "sam@example.org", "Sam again", "long enough pass", {});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().fields.at(0).field, "email");
  accounts::AccountStore s(db());
  s.create_session("hash", user->id, "2999-01-01T00:00:00Z");
  EXPECT_EQ(s.session_user("hash", "2026-01-01T00:00:00Z")->id, user->id);
  EXPECT_FALSE(s.session_user("hash", "2999-01-02T00:00:00Z"));  // expired
  EXPECT_EQ(audit::count(db(), {"user", std::to_string(user->id), std::nullopt, 10, 0}), 1);
}

TEST_P(StoreTest, AreaStoreSavesAndFindsTheHierarchy) {
  areas::Geography g;
  g.areas = {{"E92000001", areas::Kind::kCountry, "England", "", "", 300, 53.0, -1.5},
             {"E07000118", areas::Kind::kAuthority, "Chorley", "E92000001", "E07000118", 300, 53.6, -2.6},
             {"E05013064", areas::Kind::kWard, "Adlington & Anderton", "E07000118", "E07000118", 300, 53.6, -2.6},
             {"E01024915", areas::Kind::kLsoa, "Chorley 014A", "E05013064", "E07000118", 100, 53.62, -2.6},
             {"E01024916", areas::Kind::kLsoa, "Chorley 014B", "E05013064", "E07000118", 200, 53.61, -2.59}};
  g.postcodes.lsoas = {{"E01024915", "E07000118", 53.62, -2.6}};
  g.postcodes.rows = {{areas::Postcode::make_key("PR74AA"), 53.62, -2.6, 0, areas::Placement::kBoundary}};
  areas::AreaStore s(db());
  s.save(g, {});
  s.save(g, {});  // a second import updates rather than duplicates
  EXPECT_EQ(s.counts().lsoas, 2);
  EXPECT_EQ(s.children("E05013064").size(), 2u);
  EXPECT_EQ(s.get("e01024915")->name, "Chorley 014A");
  EXPECT_EQ(s.search("ANDERTON", 10).at(0).code, "E05013064");
  EXPECT_EQ(s.search("014", 10).size(), 2u);
  EXPECT_TRUE(s.search("100%", 10).empty());  // LIKE wildcards are escaped
  EXPECT_EQ(s.postcode("PR74AA")->lsoa_code, "E01024915");
  EXPECT_EQ(s.postcode("PR74AA")->postcode, "PR7 4AA");
  EXPECT_FALSE(s.postcode("PR74AA")->uncertain);
  EXPECT_EQ(s.counts().postcodes, 1);
  EXPECT_EQ(s.count_lsoas_in("E07000118", areas::Kind::kAuthority), 2);
}

// The real geography, read once for every test that needs it: Sheffield's areas of
// every kind (and England), with its LSOAs' boundaries.
const areas::Geography& sheffield_geography() {
  static const areas::Geography g = [] {
    auto all = areas::load_geography(testing::source_data(), {});
    if (!all) throw std::runtime_error(all.error().message);
    areas::Geography out;
    for (const auto& a : all->areas)
      if (a.authority_code == "E08000019" || a.code == "E08000019" || a.kind == areas::Kind::kCountry)
        out.areas.push_back(a);
    for (const auto& b : all->boundaries)
      if (b.code.rfind("E01", 0) == 0)
        for (const auto& a : out.areas)
          if (a.code == b.code) out.boundaries.push_back(b);
    return out;
  }();
  return g;
}

TEST_P(StoreTest, AnImportedLsoaCarriesItsMsoasNameAndTheMsoaIsAnArea) {
  areas::AreaStore s(db());
  s.save(sheffield_geography(), {});
  auto lsoa = s.get("E01008099");
  ASSERT_TRUE(lsoa);
  EXPECT_EQ(lsoa->name, "Sheffield 051E");  // the official name is kept
  EXPECT_EQ(lsoa->known_as, "Heeley & Newfield Green");
  EXPECT_EQ(lsoa->msoa_code, "E02001661");
  EXPECT_EQ(areas::label(*lsoa), "Heeley & Newfield Green (Sheffield 051E)");
  EXPECT_EQ(db().query_one("SELECT label FROM areas WHERE code = 'E01008099'")->text(0),
            "Heeley & Newfield Green (Sheffield 051E)");

  auto msoa = s.get("E02001661");
  ASSERT_TRUE(msoa);
  EXPECT_EQ(msoa->kind, areas::Kind::kMsoa);
  EXPECT_EQ(msoa->name, "Sheffield 051");
  EXPECT_EQ(msoa->parent_code, "E08000019");
  // Its LSOAs, as the ONS lookup has them: 051A-D and 051E.
  std::vector<std::string> codes = s.lsoa_codes(*msoa);
  EXPECT_EQ(codes, (std::vector<std::string>{"E01007975", "E01007976", "E01007977", "E01007979", "E01008099"}));
  auto children = s.children("E02001661");
  ASSERT_EQ(children.size(), 5u);
  double people = 0, lat = 0;
  for (const auto& c : children) {
    EXPECT_EQ(c.msoa_code, "E02001661");
    people += c.population.value_or(0);
    lat += *c.lat;
  }
  EXPECT_NEAR(*msoa->population, people, 1e-6);  // summed from its LSOAs
  EXPECT_NEAR(*msoa->lat, lat / 5, 1e-9);
  EXPECT_EQ(s.count_lsoas_in("E02001661", areas::Kind::kMsoa), 5);
  EXPECT_TRUE(s.covers("E02001661", "E01008099"));
  EXPECT_FALSE(s.covers("E02001661", "E01033264"));
  EXPECT_EQ(s.map_boundaries("E02001661").size(), 5u);  // drawn from its LSOAs' boundaries
  // The authority's children stay its wards.
  for (const auto& c : s.children("E08000019")) EXPECT_EQ(c.kind, areas::Kind::kWard) << c.code;
  EXPECT_EQ(s.counts().msoas, 70);

  // A search by the name people use finds the MSOA first, then its LSOAs.
  auto found = s.search("heeley", 20);
  ASSERT_GE(found.size(), 6u);
  EXPECT_EQ(found[0].code, "E02001661");
  std::set<std::string> lsoas;
  for (const auto& a : found)
    if (a.kind == areas::Kind::kLsoa) lsoas.insert(a.code);
  for (const auto& c : codes) EXPECT_TRUE(lsoas.count(c)) << c;
  // And the official names still find them.
  EXPECT_EQ(s.search("Sheffield 051E", 5).at(0).code, "E01008099");

  // Importing again changes nothing.
  s.save(sheffield_geography(), {});
  EXPECT_EQ(s.get("E01008099")->known_as, "Heeley & Newfield Green");
  EXPECT_EQ(s.children("E02001661").size(), 5u);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
