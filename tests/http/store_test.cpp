// The store on both backends: migrations, transactions, the append-only audit log,
// bulk loads and each module's store.
#include <gtest/gtest.h>

#include "accounts/account_store.h"
#include "accounts/service.h"
#include "areas/area_store.h"
#include "audit/audit.h"
#include "store/migrate.h"
#include "store/settings.h"
#include "support/harness.h"

namespace kith {
namespace {

using StoreTest = testing::FreshDatabaseTest;

TEST_P(StoreTest, MigrationsApplyOnceInOrder) {
  auto versions = db().query("SELECT version, name FROM schema_migrations ORDER BY version");
  ASSERT_GE(versions.size(), 2u);
  EXPECT_EQ(versions[0].text(1), "0001_core");
  EXPECT_EQ(versions[1].text(1), "0002_areas");
  EXPECT_TRUE(store::migrate(db()).empty());  // nothing left to apply
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

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
