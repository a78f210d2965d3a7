// Erasure over the real server on both backends. The proof: a person with a
// distinctive name, email address, postcode and free text tells a story, offers help
// on the timebank and exchanges an hour, suggests a change to a listing, applies for a
// grant, votes in a budget and asks for a correction; then closes their account. After
// it, none of those strings is in any page or API any visitor can reach (every GET
// route of the App, as signed out, admin, officer, moderator, coordinator and team
// lead), nor in any export, feed or search, nor in any text column of any table, nor
// in the bytes of a SQLite backup made afterwards — and the timebank still sums to
// zero. Before the erasure the same checks find every string (they can fail).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "accounts/account_store.h"
#include "core/crypto.h"
#include "core/text.h"
#include "messages/outbox_store.h"
#include "support/harness.h"

namespace kith {
namespace {

using Json = nlohmann::json;
using testing::Browser;

constexpr const char* kName = "Zephyrine Quillborough";
constexpr const char* kErasurePassword = "erasure test passphrase, long enough";
// Made-up words that appear nowhere else, one in each piece of free text.
constexpr const char* kFreeText = "vorpaltwine";

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// For each needle, every table.column holding it (case folded), from the backend's
// catalogue: one pass over each column for all the needles.
std::map<std::string, std::vector<std::string>> columns_holding(store::Db& db, const std::vector<std::string>& needles,
                                                                bool skip_postcodes) {
  std::vector<std::pair<std::string, std::string>> columns;
  const bool pg = db.dialect() == store::Dialect::kPostgres;
  if (pg) {
    for (const auto& r : db.query("SELECT c.table_name, c.column_name FROM information_schema.columns c JOIN "
                                  "information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = "
                                  "c.table_name WHERE c.table_schema = current_schema() AND t.table_type = 'BASE "
                                  "TABLE' AND c.data_type IN ('text', 'character varying', 'json', 'jsonb', "
                                  "'tsvector')"))
      columns.emplace_back(r.text(0), r.text(1));
  } else {
    std::vector<std::string> tables;
    for (const auto& r : db.query("SELECT name FROM sqlite_master WHERE type = 'table'")) tables.push_back(r.text(0));
    for (const auto& t : tables)
      for (const auto& r : db.query("SELECT name FROM pragma_table_info(?)", {t})) columns.emplace_back(t, r.text(0));
  }
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [table, column] : columns) {
    // The public postcode directory holds every postcode in England, the person's too.
    if (skip_postcodes && table == "postcodes") continue;
    std::string value = pg ? "lower(\"" + column + "\"::text)" : "lower(CAST(\"" + column + "\" AS TEXT))";
    std::string sql = "SELECT ";
    store::Params params;
    for (std::size_t i = 0; i < needles.size(); ++i) {
      sql += (i ? ", " : "") + std::string("COALESCE(SUM(CASE WHEN ") + value + " LIKE ? THEN 1 ELSE 0 END), 0)";
      params.push_back("%" + needles[i] + "%");
    }
    auto row = db.query_one(sql + " FROM \"" + table + "\"", params);
    for (std::size_t i = 0; i < needles.size(); ++i)
      if (row && row->integer(i) > 0) out[needles[i]].push_back(table + "." + column);
  }
  return out;
}

std::string joined(const std::vector<std::string>& v) { return v.empty() ? "(none)" : join(v, ", "); }

class ErasureTest : public testing::BackendSuite {
 protected:
  testing::TestServer& server() { return testing::shared_server(GetParam()); }
  store::Database& database() { return server().app().database(); }

  struct Person {
    std::int64_t id = 0;
    std::string email;
    std::string postcode;         // as typed: "RM16 2XX"
    std::string postcode_packed;  // as stored in the directory: "RM162XX"
    std::string lsoa;
    std::int64_t story = 0, account = 0, exchange = 0, post = 0, application = 0, round = 0, submission = 0;
    std::string pb, service;
    Browser browser{0};
  };

  std::int64_t user_id(const std::string& email) {
    auto h = database().acquire();
    auto u = accounts::AccountStore(*h).find_by_email(email);
    return u ? u->id : 0;
  }

  std::int64_t make_member(const std::string& email, const std::string& name) {
    auto h = database().acquire();
    store::Transaction tx(*h, true);
    accounts::AccountStore users(*h);
    std::int64_t id = users.create(email, "", name, hash_password(kErasurePassword), "active", false);
    users.set_roles(id, {"member"});
    tx.commit();
    return id;
  }

  // A Thurrock postcode no demo record uses, placed in its LSOA.
  void pick_postcode(Person& p) {
    auto h = database().acquire();
    auto row = h->query_one(
        "SELECT display, postcode, lsoa_code FROM postcodes WHERE authority_code = 'E06000034' AND lsoa_code IS NOT "
        "NULL AND postcode NOT LIKE 'RM175%' ORDER BY postcode DESC LIMIT 1");
    ASSERT_TRUE(row) << "no Thurrock postcodes loaded";
    p.postcode = row->text(0);
    p.postcode_packed = row->text(1);
    p.lsoa = row->text(2);
  }

  std::int64_t join_timebank(Browser& b, const std::string& name, const std::string& postcode) {
    auto joined =
        b.post_json("/api/v1/timebank/thurrock-hub", {{"name", name}, {"kind", "member"}, {"postcode", postcode}});
    EXPECT_EQ(joined.status, 201) << joined.body;
    std::int64_t account = joined.json().value("account", std::int64_t{0});
    auto approved = signed_in("coordinator")
                        .post_json("/api/v1/timebank/thurrock-hub/manage",
                                   {{"do", "approve"}, {"account", account}, {"references", "yes"}});
    EXPECT_EQ(approved.status, 200) << approved.body;
    return account;
  }

  Json ledger() { return signed_in("coordinator").get("/api/v1/timebank/ledger").json(); }

  // Makes the person and everything they leave across Kith.
  Person make_person() {
    Person p;
    pick_postcode(p);
    p.email = "zq.erasure." + GetParam() + "@example.org";
    p.id = make_member(p.email, kName);
    p.browser = browser();
    p.browser.sign_in(p.email, kErasurePassword);
    std::string free = kFreeText;

    // A story, told with their name and postcode, and published.
    auto told = p.browser.post_json(
        "/api/v1/stories/tell", {{"title", "The " + free + " lunch club"},
                                 {"body", "I am " + std::string(kName) + " and the " + free + " club changed my week."},
                                 {"teller_name", kName},
                                 {"postcode", p.postcode},
                                 {"perspective", "person"},
                                 {"consent", "named"}});
    EXPECT_EQ(told.status, 201) << told.body;
    p.story = told.json().value("id", std::int64_t{0});
    auto published =
        signed_in("moderator")
            .post_json("/api/v1/moderate/stories/" + std::to_string(p.story),
                       {{"decision", "publish"},
                        {"public_body", std::string(kName) + " says the " + free + " club changed her week."}});
    EXPECT_EQ(published.status, 200) << published.body;

    // The timebank: an account, an offer, and an hour given to another member.
    p.account = join_timebank(p.browser, kName, p.postcode);
    auto post = p.browser.post_json("/api/v1/timebank/posts/new", {{"account", p.account},
                                                                   {"side", "offer"},
                                                                   {"category", "repairs"},
                                                                   {"title", "Mending with " + free},
                                                                   {"description", "Ask for Zephyrine: " + free},
                                                                   {"postcode", p.postcode},
                                                                   {"share", "yes"},
                                                                   {"weeks", "4"},
                                                                   {"times", Json::array()}});
    EXPECT_EQ(post.status, 201) << post.body;
    p.post = post.json().value("id", std::int64_t{0});
    std::string other_email = "erasure-other-" + GetParam() + "@example.org";
    make_member(other_email, "Erasure Counterpart");
    Browser other = browser();
    other.sign_in(other_email, kErasurePassword);
    std::int64_t other_account = join_timebank(other, "Erasure Counterpart", "RM17 5AB");
    auto proposed =
        p.browser.post_json("/api/v1/timebank/exchanges/new", {{"account", p.account},
                                                               {"other", other_account},
                                                               {"direction", "gave"},
                                                               {"hours", "1"},
                                                               {"category", "repairs"},
                                                               {"description", "Fixed a " + free + " shelf"}});
    EXPECT_EQ(proposed.status, 201) << proposed.body;
    p.exchange = proposed.json().value("id", std::int64_t{0});
    std::string path = "/api/v1/timebank/exchanges/" + std::to_string(p.exchange);
    EXPECT_EQ(other.post_json(path, {{"action", "accept"}}).status, 200);
    EXPECT_EQ(p.browser.post_json(path, {{"action", "done"}}).status, 200);
    auto confirmed = other.post_json(path, {{"action", "confirm"}});
    EXPECT_EQ(confirmed.json().value("state", ""), "confirmed") << confirmed.body;

    // A suggested change to a listing, with their contact details and a note.
    {
      auto h = database().acquire();
      p.service = h->query_one("SELECT MIN(id) FROM hsds_service")->text(0);
    }
    auto suggested = p.browser.post_json("/api/v1/directory/services/" + p.service + "/suggest",
                                         {{"name", "Quillborough's renamed club"},
                                          {"note", "I run it now, " + free},
                                          {"contact_name", kName},
                                          {"contact_email", p.email}});
    EXPECT_EQ(suggested.status, 201) << suggested.body;
    p.submission = suggested.json().value("submission_id", std::int64_t{0});

    // A grant application, sent, with their postcode.
    auto officer = signed_in("officer");
    auto fund = officer.post_json("/api/v1/admin/grants", {{"do", "fund"},
                                                           {"name", "Erasure fund" + tag()},
                                                           {"funder_name", "Thurrock Council"},
                                                           {"funder_id", "GB-LAE-THR"}});
    EXPECT_EQ(fund.status, 201) << fund.body;
    auto round = officer.post_json("/api/v1/admin/grants",
                                   {{"do", "round"},
                                    {"fund_id", std::to_string(fund.json().value("id", std::int64_t{0}))},
                                    {"name", "Erasure round" + tag()},
                                    {"opens_at", "2026-01-01"},
                                    {"closes_at", "2030-12-31"},
                                    {"budget", "400"},
                                    {"max_amount", "250"},
                                    {"match_required", "yes"},
                                    {"match_ratio", "1"},
                                    {"hour_value", "15"},
                                    {"criteria", {"innovation"}}});
    EXPECT_EQ(round.status, 201) << round.body;
    p.round = round.json().value("id", std::int64_t{0});
    auto started = p.browser.post_json("/api/v1/grants/rounds/" + std::to_string(p.round),
                                       {{"group_name", "Erasure Street Gardeners" + tag()}});
    EXPECT_EQ(started.status, 201) << started.body;
    p.application = started.json().value("id", std::int64_t{0});
    Json canvas = {{"do", "submit"},
                   {"group_name", "Erasure Street Gardeners" + tag()},
                   {"group_kind", "residents"},
                   {"postcode", p.postcode},
                   {"idea", "Planters along the street"},
                   {"problem", "The street is bare"},
                   {"who", "Neighbours on the street"},
                   {"assets", "Spare compost"},
                   {"lasting", "The residents' group keeps them"},
                   {"costs", "Planters and plants"},
                   {"outcomes", {"belonging"}},
                   {"amount", "200"},
                   {"volunteer_hours", "14"},
                   {"materials_value", "10"}};
    auto sent = p.browser.post_json("/api/v1/grants/applications/" + std::to_string(p.application), canvas);
    EXPECT_EQ(sent.status, 200) << sent.body;

    // A vote in a budget for the ward RM17 5AB lies in.
    std::string ward;
    const Json processes = browser().get("/api/v1/pb").json();
    for (const auto& pr : processes["processes"])
      if (pr["name"] == "Grays decides 2027 (demo)") ward = pr["area_code"];
    auto made = officer.post_json("/api/v1/pb", {{"name", "Erasure budget" + tag()},
                                                 {"area_code", ward},
                                                 {"budget", "1000"},
                                                 {"rule", "approval"},
                                                 {"min_projects", "1"},
                                                 {"max_projects", "1"},
                                                 {"decided_by", "greedy"}});
    EXPECT_EQ(made.status, 201) << made.body;
    p.pb = std::to_string(made.json().value("id", std::int64_t{0}));
    auto project = officer.post_json(
        "/api/v1/pb/" + p.pb,
        {{"do", "propose"}, {"title", "Benches"}, {"cost", "500"}, {"description", "Benches by the shops."}});
    EXPECT_EQ(project.status, 201) << project.body;
    std::string project_id = std::to_string(project.json().value("id", std::int64_t{0}));
    std::string manage = "/api/v1/pb/" + p.pb + "/manage";
    EXPECT_EQ(officer.post_json(manage, {{"do", "ballot"}, {"project", project_id}, {"on", "yes"}}).status, 200);
    EXPECT_EQ(officer.post_json(manage, {{"do", "phase"}, {"phase", "voting"}}).status, 200);
    auto voted = p.browser.post_json("/api/v1/pb/" + p.pb, {{"postcode", "RM17 5AB"}, {"projects", {project_id}}});
    EXPECT_EQ(voted.status, 200) << voted.body;

    // A correction asked for, in their words.
    auto asked = p.browser.post_json("/api/v1/account/correction",
                                     {{"what", "My name is spelt Quillborough, and my " + free + " is wrong"}});
    EXPECT_EQ(asked.status, 200) << asked.body;
    return p;
  }

  std::vector<std::string> needles(const Person& p) {
    return {"zephyrine",      "quillborough",    lower(p.email),          "zq.erasure",
            lower(kFreeText), lower(p.postcode), lower(p.postcode_packed)};
  }

  // Where each needle is found in the database: "needle: table.column, ...".
  std::vector<std::string> found_in_database(const Person& p) {
    std::vector<std::string> out;
    auto h = database().acquire();
    for (const auto& [n, where] : columns_holding(*h, needles(p), true)) out.push_back(n + ": " + joined(where));
    return out;
  }

  // Every GET route of the App, as page and API, with the person's records in its
  // parameters; plus searches, exports and the audit log by hand.
  std::vector<std::string> urls(const Person& p) {
    std::map<std::string, std::string> samples = {
        {"/stories/{id}", std::to_string(p.story)},
        {"/moderate/stories/{id}", std::to_string(p.story)},
        {"/evaluate/stories/{id}", std::to_string(p.story)},
        {"/timebank/accounts/{id}", std::to_string(p.account)},
        {"/timebank/accounts/{id}/statement.csv", std::to_string(p.account)},
        {"/timebank/exchanges/{id}", std::to_string(p.exchange)},
        {"/timebank/posts/{id}", std::to_string(p.post)},
        {"/timebank/{slug}", "thurrock-hub"},
        {"/timebank/{slug}/manage", "thurrock-hub"},
        {"/grants/applications/{id}", std::to_string(p.application)},
        {"/grants/projects/{id}", std::to_string(p.application)},
        {"/grants/rounds/{id}", std::to_string(p.round)},
        {"/grants/rounds/{id}/manage", std::to_string(p.round)},
        {"/pb/{id}", p.pb},
        {"/pb/{id}/manage", p.pb},
        {"/admin/users/{id}", std::to_string(p.id)},
        {"/moderate/directory/{id}", std::to_string(p.submission)},
        {"/directory/services/{id}", p.service},
        {"/oruk/services/{id}", p.service},
        {"/areas/{code}", p.lsoa},
    };
    std::vector<std::string> out;
    for (const auto& r : server().app().server().router().routes()) {
      if (r.method != "GET") continue;
      std::string path;
      bool missing = false;
      for (const auto& seg : r.segments) {
        path += "/";
        if (seg.size() > 2 && seg.front() == '{') {
          auto it = samples.find(r.pattern);
          if (it == samples.end())
            missing = true;
          else
            path += url_encode(it->second);
        } else {
          path += seg;
        }
      }
      if (missing) continue;
      if (path.empty()) path = "/";
      out.push_back(path);
      if (r.api) out.push_back("/api/v1" + path);
    }
    for (const std::string& q : {"quillborough", "vorpaltwine", "zephyrine"}) {
      out.push_back("/stories?q=" + q);
      out.push_back("/api/v1/stories?q=" + q);
      out.push_back("/directory?q=" + q);
      out.push_back("/api/v1/directory?q=" + q);
      out.push_back("/oruk/services?text=" + q);
    }
    for (const std::string& e : {"user", "story", "timebank_exchange", "timebank_post", "timebank_account",
                                 "directory_submission", "grant_application", "pb_process"})
      out.push_back("/api/v1/admin/audit?entity=" + e + "&limit=200");
    out.push_back("/api/v1/admin/audit?limit=200");
    out.push_back("/api/v1/admin/audit?entity=user&entity_id=" + std::to_string(p.id));
    return out;
  }

  // "url: needle" for each needle found in an answer to one of the visitors; with
  // `first_only`, stops at the first (enough to show the search can find them).
  std::vector<std::string> found_in_pages(const Person& p, const std::vector<std::string>& roles,
                                          bool first_only = false) {
    std::vector<std::string> out;
    auto all = urls(p);
    auto ns = needles(p);
    for (const auto& role : roles) {
      Browser b = role.empty() ? browser() : signed_in(role);
      for (const auto& url : all) {
        auto reply = b.get(url);
        EXPECT_LT(reply.status, 500) << url << " as " << role;
        std::string body = lower(reply.body);
        for (const auto& n : ns) {
          // A search page says what was searched for: the other needles still find a result.
          if (url.find("=" + n) != std::string::npos) continue;
          if (body.find(n) != std::string::npos)
            out.push_back((role.empty() ? "signed out" : role) + " " + url + ": " + n);
        }
        if (first_only && !out.empty()) return out;
      }
      auto copy = b.post_form("/account/data.json", {});
      if (!role.empty()) {
        std::string body = lower(copy.body);
        for (const auto& n : ns)
          if (body.find(n) != std::string::npos) out.push_back(role + " /account/data.json: " + n);
      }
    }
    return out;
  }
};

TEST_P(ErasureTest, AfterErasureTheirNameEmailPostcodeAndWordsAreNowhere) {
  Person p = make_person();
  ASSERT_FALSE(HasFailure()) << "making the person failed";
  const std::vector<std::string> staff = {"", "admin", "moderator"};

  // Before: the checks find the person (so they could fail).
  auto before = found_in_database(p);
  for (const auto& n : needles(p)) {
    auto seen = [&](const std::string& needle) {
      return std::any_of(before.begin(), before.end(),
                         [&](const std::string& f) { return starts_with(f, needle + ":"); });
    };
    // The postcode is kept in one form or the other; both are looked for afterwards.
    if (n == lower(p.postcode) || n == lower(p.postcode_packed))
      EXPECT_TRUE(seen(lower(p.postcode)) || seen(lower(p.postcode_packed))) << "the postcode, before erasure";
    else
      EXPECT_TRUE(seen(n)) << n << " should be in the database before erasure";
  }
  auto shown = found_in_pages(p, staff, true);
  EXPECT_FALSE(shown.empty());

  // The close page lists every module's part, and asks for the password.
  auto page = p.browser.get("/account/close");
  ASSERT_EQ(page.status, 200);
  for (const std::string& part : {"Stories", "Timebank", "Small grants", "Participatory budgets", "Directory",
                                  "Support from a community coordinator", "Messages"})
    EXPECT_NE(page.body.find(">" + part + "<"), std::string::npos) << part;
  auto wrong = p.browser.post_form("/account/close", {{"password", "not my password at all"}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_NE(wrong.body.find("The password is not right"), std::string::npos);
  EXPECT_FALSE(found_in_database(p).empty());  // nothing erased

  auto closed = p.browser.post_form("/account/close", {{"password", kErasurePassword}});
  ASSERT_EQ(closed.status, 303) << closed.body;
  EXPECT_EQ(closed.header("Location"), "/account/closed");
  EXPECT_NE(p.browser.get("/account/closed").body.find("Your account is closed"), std::string::npos);

  // Signed out everywhere.
  EXPECT_EQ(p.browser.get("/account").status, 303);

  // One confirmation, to the address they had; once sent, the outbox forgets the address.
  {
    auto h = database().acquire();
    auto row =
        h->query_one("SELECT id, fields FROM outbox WHERE kind = 'account_erased' AND to_address = ?", {p.email});
    ASSERT_TRUE(row) << "no confirmation queued";
    EXPECT_EQ(lower(row->text(1)).find("zephyrine"), std::string::npos);
    messages::mark_sent(*h, row->integer(0), "test", "2026-01-01T00:00:00Z");
  }

  // The records kept are kept: the ledger adds up, the vote counts, the application stands.
  const Json l = ledger();
  EXPECT_EQ(l["sum"], 0);
  EXPECT_EQ(l["unbalanced_transfers"], 0);
  EXPECT_EQ(l["mismatched_accounts"], 0);
  {
    auto h = database().acquire();
    auto& db = *h;
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM pb_ballots WHERE process_id = ?", {std::stoll(p.pb)}), 1);
    EXPECT_EQ(db.query_one("SELECT status FROM grant_applications WHERE id = ?", {p.application})->text(0),
              "submitted");
    EXPECT_EQ(db.query_one("SELECT name FROM timebank_accounts WHERE id = ?", {p.account})->text(0), "Former member");
    EXPECT_EQ(db.query_one("SELECT display_name FROM users WHERE id = ?", {p.id})->text(0), "Former member");
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM sessions WHERE user_id = ?", {p.id}), 0);
    EXPECT_EQ(db.query_one("SELECT status FROM stories WHERE id = ?", {p.story})->text(0), "withdrawn");
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM erasure_requests WHERE user_id = ? AND scope = 'account' AND status = "
                        "'done'",
                        {p.id}),
              1);
  }

  // After: nowhere in the database, in any page, API, export, feed or search.
  EXPECT_EQ(joined(found_in_database(p)), "(none)");
  EXPECT_EQ(joined(found_in_pages(p, {"", "admin", "officer", "moderator", "coordinator", "team_lead"})), "(none)");

  // Nor in the bytes of a backup made now (SQLite; PostgreSQL's every column is checked above).
  if (GetParam() == "sqlite") {
    auto file = std::filesystem::temp_directory_path() / ("kith-erasure-backup-" + std::to_string(p.id) + ".db");
    std::filesystem::remove(file);
    {
      auto h = database().acquire();
      h->exec("VACUUM INTO '" + file.string() + "'");
    }
    std::ifstream in(file, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    std::string all = lower(bytes.str());
    ASSERT_GT(all.size(), 100000u);
    for (const auto& n : needles(p)) {
      if (n == lower(p.postcode) || n == lower(p.postcode_packed)) continue;  // in the postcode directory
      EXPECT_EQ(all.find(n), std::string::npos) << n << " is in the backup";
    }
    std::filesystem::remove(file);
  }

  // The request is listed for admins, and the audit log says an account was erased.
  const Json requests = signed_in("admin").get("/api/v1/admin/erasure").json();
  ASSERT_FALSE(requests["requests"].empty());
  EXPECT_EQ(requests["requests"][0]["user"], p.id);
  const Json log = signed_in("admin").get("/api/v1/admin/audit?entity=user&entity_id=" + std::to_string(p.id)).json();
  bool audited = false;
  for (const auto& e : log["entries"]) audited = audited || e["action"] == "account.erase";
  EXPECT_TRUE(audited);

  // No way back in (last: a sign-in attempt records the address typed, for throttling).
  auto again = browser().post_form("/sign-in", {{"email", p.email}, {"password", kErasurePassword}});
  EXPECT_NE(again.status, 303);
  EXPECT_NE(again.body.find("Enter a correct email address or mobile number, and password"), std::string::npos)
      << again.body;
}

TEST_P(ErasureTest, AnAdminErasesForSomeoneWhoAskedByPhoneAndEachStepIsChecked) {
  std::string email = "phoned-in-" + GetParam() + "@example.org";
  std::int64_t id = make_member(email, "Phoebe Phonedin");
  auto admin = signed_in("admin");
  auto page = admin.get("/admin/erasure");
  ASSERT_EQ(page.status, 200);
  // Each missing answer is named.
  auto empty = admin.post_form("/admin/erasure", {});
  EXPECT_EQ(empty.status, 422);
  for (const std::string& m : {"Enter the email address of the account to close", "Choose how the person asked",
                               "Say who asked and how you checked it was them",
                               "Confirm that you have checked the request came from the person"})
    EXPECT_NE(empty.body.find(m), std::string::npos) << m;
  auto nobody = admin.post_form(
      "/admin/erasure",
      {{"email", "nobody-here@example.org"}, {"channel", "phone"}, {"reason", "Call of 3 March"}, {"confirm", "yes"}});
  EXPECT_NE(nobody.body.find("There is no account with that email address"), std::string::npos);
  // A member may not.
  EXPECT_EQ(signed_in("member").post_form("/admin/erasure", {{"email", email}}).status, 403);
  // An admin's own account is closed from their account page, with their password.
  std::string own = "own-admin-" + GetParam() + "@example.org";
  std::int64_t own_id = make_member(own, "Otto Ownadmin");
  {
    auto h = database().acquire();
    accounts::AccountStore(*h).set_roles(own_id, {"admin"});
  }
  Browser self = browser();
  self.sign_in(own, kErasurePassword);
  auto mine = self.post_form("/admin/erasure",
                             {{"email", own}, {"channel", "phone"}, {"reason", "Called myself"}, {"confirm", "yes"}});
  EXPECT_EQ(mine.status, 422);
  EXPECT_NE(mine.body.find("This is your own account"), std::string::npos) << mine.body;
  EXPECT_NE(user_id(own), 0);
  // Another admin may close it (the place keeps one), which leaves the demo's admin the only one again.
  auto other = admin.post_form(
      "/admin/erasure", {{"email", own}, {"channel", "phone"}, {"reason", "Left the council"}, {"confirm", "yes"}});
  EXPECT_EQ(other.status, 303) << other.body.substr(0, 400);
  EXPECT_EQ(user_id(own), 0);

  auto done = admin.post_form("/admin/erasure", {{"email", email},
                                                 {"channel", "phone"},
                                                 {"reason", "Call of 3 March, security questions answered"},
                                                 {"confirm", "yes"}});
  ASSERT_EQ(done.status, 303) << done.body;
  const Json list = admin.get("/api/v1/admin/erasure").json();
  bool listed = false;
  for (const auto& r : list["requests"])
    listed = listed || (r["user"] == id && r["channel"] == "By phone" && r["asked_by"] == "Ada Admin (demo)");
  EXPECT_TRUE(listed) << list.dump();
  EXPECT_EQ(user_id(email), 0);  // the address no longer finds an account
  auto h = database().acquire();
  EXPECT_EQ(h->query_one("SELECT display_name FROM users WHERE id = ?", {id})->text(0), "Former member");
}

TEST_P(ErasureTest, ACorrectionRequestIsAnsweredAndThePersonSeesTheReply) {
  std::string email = "correct-me-" + GetParam() + "@example.org";
  make_member(email, "Corin Correctme");
  Browser person = browser();
  person.sign_in(email, kErasurePassword);
  auto empty = person.post_form("/account/correction", {{"what", "  "}});
  EXPECT_EQ(empty.status, 422);
  EXPECT_NE(empty.body.find("Enter what is wrong and what it should say"), std::string::npos);
  ASSERT_EQ(person.post_form("/account/correction", {{"what", "My timebank area is wrong" + tag()}}).status, 303);

  auto admin = signed_in("admin");
  const Json list = admin.get("/api/v1/admin/corrections").json();
  std::int64_t id = 0;
  for (const auto& r : list["requests"])
    if (r["what"] == "My timebank area is wrong" + tag()) id = r["id"];
  ASSERT_NE(id, 0) << list.dump();
  EXPECT_EQ(signed_in("member").get("/admin/corrections").status, 403);
  auto no_reply = admin.post_form("/admin/corrections/" + std::to_string(id), {{"reply", ""}});
  EXPECT_EQ(no_reply.status, 422);
  ASSERT_EQ(
      admin.post_form("/admin/corrections/" + std::to_string(id), {{"reply", "Corrected to Tilbury" + tag()}}).status,
      303);
  EXPECT_NE(person.get("/account/correction").body.find("Corrected to Tilbury" + tag()), std::string::npos);
  EXPECT_NE(person.get("/account").body.find("Corrected to Tilbury" + tag()), std::string::npos);
  const Json log = admin.get("/api/v1/admin/audit?entity=user").json();
  int steps = 0;
  for (const auto& e : log["entries"]) steps += e["action"] == "correction.ask" || e["action"] == "correction.answer";
  EXPECT_GE(steps, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, ErasureTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
