// Events that tell people, over the real server on both backends: each change that
// leaves something waiting for someone queues one message (the outbox) to the right
// person with the right fields, in the same transaction, and doing it again queues
// no second one. Timebank, stories, grants and the directory.
#include <gtest/gtest.h>

#include <atomic>
#include <map>

#include "accounts/account_store.h"
#include "accounts/notify.h"
#include "core/crypto.h"
#include "messages/kinds.h"
#include "support/harness.h"
#include "support/outbox.h"

namespace kith {
namespace {

using Json = nlohmann::json;
using testing::link_path;
using testing::queued;
using testing::queued_with_key;

class NotificationsTest : public testing::BackendSuite {
 protected:
  testing::TestServer& server() { return testing::shared_server(GetParam()); }
  std::int64_t user_id(const std::string& email) {
    auto db = server().app().database().acquire();
    return db->scalar("SELECT id FROM users WHERE email = ?", {email});
  }
  // A new member with an approved account in the Thurrock hub's timebank.
  struct Member {
    testing::Browser browser;
    std::string email;
    std::string name;
    std::int64_t account = 0;
  };
  Member member(const std::string& who) {
    static std::atomic<int> counter{0};
    int n = counter++;
    Member m{browser(), "note-" + who + "-" + std::to_string(n) + "-" + GetParam() + "@example.org",
             "Noted " + who + " " + std::to_string(n) + " " + GetParam(), 0};
    {
      auto db = server().app().database().acquire();
      store::Transaction tx(*db, true);
      accounts::AccountStore users(*db);
      users.set_roles(users.create(m.email, "", m.name, hash_password("correct horse battery"), "active", false),
                      {"member"});
      tx.commit();
    }
    m.browser.sign_in(m.email, "correct horse battery");
    auto joined = m.browser.post_json("/api/v1/timebank/thurrock-hub",
                                      {{"name", m.name}, {"kind", "member"}, {"postcode", "RM17 5AB"}});
    EXPECT_EQ(joined.status, 201) << joined.body;
    m.account = joined.json()["account"];
    return m;
  }
  void approve(const Member& m) {
    auto approved = signed_in("coordinator")
                        .post_json("/api/v1/timebank/thurrock-hub/manage",
                                   {{"do", "approve"}, {"account", m.account}, {"references", "yes"}});
    ASSERT_EQ(approved.status, 200) << approved.body;
  }
  void approve_again_refused(const Member& m) {
    auto again = signed_in("coordinator")
                     .post_json("/api/v1/timebank/thurrock-hub/manage",
                                {{"do", "approve"}, {"account", m.account}, {"references", "yes"}});
    EXPECT_EQ(again.status, 409) << again.body;
  }
};

TEST_P(NotificationsTest, ATimebanksCoordinatorsHearOfAMemberWaitingAndMembersOfResponsesAndExchanges) {
  Member ann = member("ann");
  // Each coordinator (and admin) is told once that Ann waits.
  std::string waiting = "member_waiting:" + std::to_string(ann.account) + ":";
  {
    // The whole key: as a prefix, coordinator 3's would also match coordinators 30 to 39.
    auto db = server().app().database().acquire();
    EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM outbox WHERE idempotency_key = ?",
                         {waiting + std::to_string(user_id("coordinator@demo.kith.test"))}),
              1);
  }
  auto told = queued(server(), "member_waiting", "coordinator@demo.kith.test");
  ASSERT_FALSE(told.empty());
  EXPECT_EQ(told.back().fields["member"], ann.name);
  EXPECT_EQ(told.back().fields["timebank"], "Thurrock Timebank Hub (demo)");
  EXPECT_EQ(told.back().fields["name"], "Cara Coordinator (demo)");
  EXPECT_EQ(link_path(server(), told.back().fields["link"]), "/timebank/thurrock-hub/manage");
  {
    // The whole key again: a prefix would match every user whose id begins with the member's.
    auto db = server().app().database().acquire();
    EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM outbox WHERE idempotency_key = ?",
                         {waiting + std::to_string(user_id("member@demo.kith.test"))}),
              0);
  }
  // The hub asks for references: approving without them is refused, naming the row's checkbox.
  auto coordinator = signed_in("coordinator");
  auto unchecked =
      coordinator.post_json("/api/v1/timebank/thurrock-hub/manage", {{"do", "approve"}, {"account", ann.account}});
  ASSERT_EQ(unchecked.status, 422) << unchecked.body;
  const Json refused = unchecked.json();
  ASSERT_EQ(refused["errors"].size(), 1u) << refused.dump();
  EXPECT_EQ(refused["errors"][0]["field"], "references-" + std::to_string(ann.account));
  EXPECT_NE(refused["errors"][0]["message"].get<std::string>().find("References have been taken"), std::string::npos);
  auto page = coordinator.post_form("/timebank/thurrock-hub/manage",
                                    {{"do", "approve"}, {"account", std::to_string(ann.account)}});
  EXPECT_EQ(page.status, 422);
  EXPECT_NE(page.body.find("href=\"#references-" + std::to_string(ann.account) + "\""), std::string::npos);
  EXPECT_TRUE(queued(server(), "member_approved", ann.email).empty());
  approve(ann);
  // Ann is told she can now post offers, once.
  approve_again_refused(ann);
  auto approved = queued(server(), "member_approved", ann.email);
  ASSERT_EQ(approved.size(), 1u);
  EXPECT_EQ(approved[0].user, user_id(ann.email));
  EXPECT_EQ(approved[0].fields["name"], ann.name);
  EXPECT_EQ(approved[0].fields["timebank"], "Thurrock Timebank Hub (demo)");
  EXPECT_EQ(link_path(server(), approved[0].fields["link"]), "/timebank/posts/new");
  Member bob = member("bob");
  approve(bob);

  // Bob responds to Ann's offer: Ann hears, once, however often he tries.
  auto post = ann.browser.post_json("/api/v1/timebank/posts/new", {{"account", ann.account},
                                                                   {"side", "offer"},
                                                                   {"category", "repairs"},
                                                                   {"title", "Bike mending"},
                                                                   {"description", "Bring your bike"},
                                                                   {"postcode", "RM17 5AB"},
                                                                   {"share", "yes"},
                                                                   {"weeks", "4"},
                                                                   {"times", Json::array()}});
  ASSERT_EQ(post.status, 201) << post.body;
  std::string post_path = "/timebank/posts/" + std::to_string(post.json()["id"].get<std::int64_t>());
  auto respond = [&] {
    return bob.browser.post_json("/api/v1" + post_path,
                                 {{"do", "respond"}, {"account", bob.account}, {"message", "Saturday?"}});
  };
  ASSERT_EQ(respond().status, 200);
  EXPECT_EQ(respond().status, 409);
  auto responses = queued(server(), "offer_response", ann.email);
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].user, user_id(ann.email));
  EXPECT_EQ(responses[0].fields["name"], ann.name);
  EXPECT_EQ(responses[0].fields["post_title"], "Bike mending");
  EXPECT_EQ(responses[0].fields["responder"], bob.name);
  EXPECT_EQ(link_path(server(), responses[0].fields["link"]), post_path);
  EXPECT_TRUE(queued(server(), "offer_response", bob.email).empty());
  // Ann shares her contact details with Bob: Bob hears, once, however often she agrees.
  EXPECT_TRUE(queued(server(), "contact_shared", bob.email).empty());
  for (int i = 0; i < 2; ++i)
    ASSERT_EQ(ann.browser.post_json("/api/v1" + post_path, {{"do", "agree"}, {"account", bob.account}}).status, 200);
  auto shared = queued(server(), "contact_shared", bob.email);
  ASSERT_EQ(shared.size(), 1u);
  EXPECT_EQ(shared[0].user, user_id(bob.email));
  EXPECT_EQ(shared[0].fields["name"], bob.name);
  EXPECT_EQ(shared[0].fields["poster"], ann.name);
  EXPECT_EQ(shared[0].fields["post_title"], "Bike mending");
  EXPECT_EQ(link_path(server(), shared[0].fields["link"]), post_path);
  EXPECT_TRUE(queued(server(), "contact_shared", ann.email).empty());

  // Ann records help she gave Bob: Bob is asked to accept it; once it is marked done,
  // the one who did not mark it confirms it.
  auto proposed = ann.browser.post_json("/api/v1/timebank/exchanges/new", {{"account", ann.account},
                                                                           {"other", bob.account},
                                                                           {"direction", "gave"},
                                                                           {"hours", "1.5"},
                                                                           {"category", "repairs"},
                                                                           {"description", "Fixed a puncture"}});
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  std::string exchange = "/timebank/exchanges/" + std::to_string(proposed.json()["id"].get<std::int64_t>());
  auto to_bob = queued(server(), "exchange_to_confirm", bob.email);
  ASSERT_EQ(to_bob.size(), 1u);
  // Bob's "Your work" shows the exchange waiting for him; Ann's (who proposed it) does not.
  auto waiting_exchanges = [&](testing::Browser& b) -> std::int64_t {
    const Json account = b.get("/api/v1/account").json();
    for (const auto& w : account["work"])
      if (w["href"] == "/timebank") return w["count"].get<std::int64_t>();
    ADD_FAILURE() << "no timebank exchanges in Your work: " << account.dump();
    return -1;
  };
  EXPECT_EQ(waiting_exchanges(bob.browser), 1);
  EXPECT_EQ(waiting_exchanges(ann.browser), 0);
  EXPECT_EQ(to_bob[0].fields["with"], ann.name);
  EXPECT_EQ(to_bob[0].fields["hours"], "90");  // minutes: said in Bob's language when written
  EXPECT_NE(messages::render(*messages::find_kind("exchange_to_confirm"),
                             to_bob[0].fields.get<std::map<std::string, std::string>>())
                .text.find("1 h 30 min"),
            std::string::npos);
  EXPECT_EQ(link_path(server(), to_bob[0].fields["link"]), exchange);
  ASSERT_EQ(bob.browser.post_json("/api/v1" + exchange, {{"action", "accept"}}).status, 200);
  ASSERT_EQ(bob.browser.post_json("/api/v1" + exchange, {{"action", "done"}}).status, 200);
  EXPECT_EQ(bob.browser.post_json("/api/v1" + exchange, {{"action", "done"}}).status, 409);
  auto to_ann = queued(server(), "exchange_to_confirm", ann.email);
  ASSERT_EQ(to_ann.size(), 1u);
  // Marked done by Bob: now it waits for Ann to confirm, and no longer for Bob.
  EXPECT_EQ(waiting_exchanges(ann.browser), 1);
  EXPECT_EQ(waiting_exchanges(bob.browser), 0);
  EXPECT_EQ(to_ann[0].fields["with"], bob.name);
  EXPECT_EQ(queued(server(), "exchange_to_confirm", bob.email).size(), 1u);
}

TEST_P(NotificationsTest, ModeratorsHearOfStoriesAndSuggestionsAndTellersOfEachDecisionOnce) {
  auto teller = signed_in("member");
  std::string tag = " (" + GetParam() + " notifications)";
  auto tell = [&](const std::string& title, const std::string& consent) {
    auto r = teller.post_json("/api/v1/stories/tell",
                              {{"title", title + tag},
                               {"body", "We met at the hub every week and it changed everything for us."},
                               {"perspective", "person"},
                               {"consent", consent},
                               {"teller_name", "Mel"},
                               {"postcode", "DY1 1HL"},
                               {"outcomes", {"belonging"}}});
    EXPECT_TRUE(r.status == 201 || r.status == 200) << r.body;
    return r.json()["id"].get<std::int64_t>();
  };
  std::int64_t published = tell("Published", "named"), kept = tell("Kept", "evaluation"),
               declined = tell("Declined", "named");
  std::int64_t moderator = user_id("moderator@demo.kith.test");
  for (auto id : {published, kept, declined})
    EXPECT_EQ(
        queued_with_key(server(), "moderation_waiting:story:" + std::to_string(id) + ":" + std::to_string(moderator)),
        1);
  auto waiting = queued(server(), "moderation_waiting", "moderator@demo.kith.test");
  ASSERT_FALSE(waiting.empty());
  EXPECT_EQ(waiting.back().fields["what"], "A story to moderate");
  EXPECT_EQ(link_path(server(), waiting.back().fields["link"]), "/moderate/stories/" + std::to_string(declined));

  auto mod = signed_in("moderator");
  auto decide = [&](std::int64_t id, const Json& d) {
    return mod.post_json("/api/v1/moderate/stories/" + std::to_string(id), d).status;
  };
  const std::string text = "We met at the hub every week and it changed everything for us.";
  ASSERT_EQ(decide(published, {{"decision", "publish"}, {"public_body", text}}), 200);
  ASSERT_EQ(decide(published, {{"decision", "publish"}, {"public_body", text}}), 200);  // again: no second message
  ASSERT_EQ(decide(kept, {{"decision", "evaluation"}}), 200);
  ASSERT_EQ(decide(declined, {{"decision", "decline"}, {"reason", "It names a neighbour"}}), 200);
  // Decided, they wait for no one: what was not yet sent about them is taken back (no
  // daily summary tells a moderator of a story already dealt with).
  for (auto id : {published, kept, declined})
    EXPECT_EQ(
        queued_with_key(server(), "moderation_waiting:story:" + std::to_string(id) + ":" + std::to_string(moderator)),
        0);
  const std::string me = "member@demo.kith.test";
  auto pub = queued(server(), "story_published", me);
  ASSERT_EQ(queued_with_key(server(), "story_published:" + std::to_string(published)), 1);
  EXPECT_EQ(pub.back().fields["title"], "Published" + tag);
  EXPECT_EQ(pub.back().fields["name"], "Mel Member (demo)");
  EXPECT_EQ(link_path(server(), pub.back().fields["link"]), "/stories/" + std::to_string(published));
  ASSERT_EQ(queued_with_key(server(), "story_kept:" + std::to_string(kept)), 1);
  EXPECT_EQ(queued(server(), "story_kept", me).back().fields["title"], "Kept" + tag);
  ASSERT_EQ(queued_with_key(server(), "story_declined:" + std::to_string(declined)), 1);
  EXPECT_EQ(queued(server(), "story_declined", me).back().fields["reason"], "It names a neighbour");

  // A resident without an account suggests a listing: moderators hear of it.
  auto resident = browser();
  auto suggested = resident.post_form("/directory/add", {{"name", "Knit and natter" + tag},
                                                         {"description", "Wool, tea and talk on Mondays."},
                                                         {"address_1", "Chorley Library, Union Street"},
                                                         {"town", "Chorley"},
                                                         {"postcode", "PR7 1DP"}});
  ASSERT_EQ(suggested.status, 303) << suggested.body;
  auto listing = queued(server(), "moderation_waiting", "moderator@demo.kith.test");
  ASSERT_EQ(listing.size(), waiting.size() + 1 - 3);  // the three stories' were taken back once decided
  EXPECT_EQ(listing.back().fields["what"], "A new listing for the directory");
  EXPECT_EQ(link_path(server(), listing.back().fields["link"]).rfind("/moderate/directory/", 0), 0u);
}

TEST_P(NotificationsTest, ModerationLeadsToEveryQueueWithWhatWaitsInEach) {
  auto mod = signed_in("moderator");
  auto reply = mod.get("/api/v1/moderate");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const Json page = reply.json();
  std::map<std::string, std::int64_t> counts;
  for (const auto& q : page["queues"]) counts[q["href"]] = q["count"].get<std::int64_t>();
  auto db = server().app().database().acquire();
  ASSERT_TRUE(counts.count("/moderate/directory")) << page.dump();
  ASSERT_TRUE(counts.count("/moderate/directory/duplicates")) << page.dump();
  ASSERT_TRUE(counts.count("/moderate/stories")) << page.dump();
  EXPECT_EQ(counts["/moderate/stories"], db->scalar("SELECT COUNT(*) FROM stories WHERE status = 'pending'"));
  EXPECT_EQ(counts["/moderate/directory"],
            db->scalar("SELECT COUNT(*) FROM directory_submissions WHERE status = 'pending'"));
  // Only moderation queues, not a moderator's other work; "Moderation" among their staff
  // tools leads here.
  for (const auto& [href, n] : counts) EXPECT_EQ(href.rfind("/moderate/", 0), 0u) << href;
  const auto tools = mod.get("/tools").body;
  EXPECT_NE(tools.find("href=\"/moderate\""), std::string::npos);
  EXPECT_EQ(signed_in("member").get("/moderate").status, 403);
}

TEST_P(NotificationsTest, APanelMemberHearsOfAnApplicationToScoreAndTheApplicantOfTheDecision) {
  auto officer = signed_in("officer");
  auto fund = officer.post_json("/api/v1/admin/grants", {{"do", "fund"},
                                                         {"name", "Notes fund " + GetParam()},
                                                         {"funder_name", "Thurrock Council"},
                                                         {"funder_id", "GB-LAE-THR"}});
  ASSERT_EQ(fund.status, 201) << fund.body;
  std::string round_name = "Notes round " + GetParam();
  auto round =
      officer.post_json("/api/v1/admin/grants", {{"do", "round"},
                                                 {"fund_id", std::to_string(fund.json()["id"].get<std::int64_t>())},
                                                 {"name", round_name},
                                                 {"opens_at", "2026-01-01"},
                                                 {"closes_at", "2030-12-31"},
                                                 {"budget", "400"},
                                                 {"max_amount", "250"},
                                                 {"match_required", "no"},
                                                 {"match_ratio", "0"},
                                                 {"hour_value", "15"},
                                                 {"criteria", {"innovation"}}});
  ASSERT_EQ(round.status, 201) << round.body;
  std::int64_t r = round.json()["id"];
  auto applicant = signed_in("organisation");
  auto started = applicant.post_json("/api/v1/grants/rounds/" + std::to_string(r), {{"group_name", "Oak Tree Tea"}});
  ASSERT_EQ(started.status, 201) << started.body;
  std::int64_t id = started.json()["id"];
  std::string app_path = "/grants/applications/" + std::to_string(id);
  auto submitted = applicant.post_json("/api/v1" + app_path, {{"do", "submit"},
                                                              {"group_name", "Oak Tree Tea"},
                                                              {"group_kind", "residents"},
                                                              {"postcode", "RM17 5AB"},
                                                              {"idea", "A weekly tea for carers"},
                                                              {"problem", "Carers are lonely"},
                                                              {"who", "Twenty carers"},
                                                              {"assets", "The hub's kitchen"},
                                                              {"lasting", "The hub keeps it going"},
                                                              {"costs", "Tea, milk and cake"},
                                                              {"outcomes", {"belonging"}},
                                                              {"amount", "100"},
                                                              {"volunteer_hours", "10"},
                                                              {"materials_value", "0"}});
  ASSERT_EQ(submitted.status, 200) << submitted.body;

  std::string manage = "/api/v1/grants/rounds/" + std::to_string(r) + "/manage";
  ASSERT_EQ(
      officer.post_json(manage, {{"do", "panel"}, {"email", "panel@demo.kith.test"}, {"seat", "resident"}}).status,
      200);
  const Json panel = officer.get(manage).json();
  std::string member_id;
  for (const auto& m : panel["members"]) member_id = m["value"];
  for (int i = 0; i < 2; ++i)
    ASSERT_EQ(officer.post_json(manage, {{"do", "assign"}, {"application", std::to_string(id)}, {"member", member_id}})
                  .status,
              200);
  EXPECT_EQ(queued_with_key(server(), "application_to_score:" + std::to_string(id) + ":"), 1);
  auto to_score = queued(server(), "application_to_score", "panel@demo.kith.test");
  ASSERT_FALSE(to_score.empty());
  EXPECT_EQ(to_score.back().fields["round"], round_name);
  EXPECT_EQ(to_score.back().fields["name"], "Pat Panel (demo)");
  EXPECT_EQ(link_path(server(), to_score.back().fields["link"]), "/grants/panel/" + std::to_string(id));

  ASSERT_EQ(
      officer
          .post_json(manage,
                     {{"do", "sponsor"}, {"application", std::to_string(id)}, {"sponsor", "officer@demo.kith.test"}})
          .status,
      200);
  // Sent twice (a double click, an old page): the second is refused, and one message goes.
  for (int expected : {200, 409})
    ASSERT_EQ(officer
                  .post_json(manage, {{"do", "decide"},
                                      {"application", std::to_string(id)},
                                      {"decision", "decline"},
                                      {"feedback", "Try the carers' fund, which fits this better."}})
                  .status,
              expected);
  EXPECT_EQ(queued_with_key(server(), "application_decision:" + std::to_string(id) + ":"), 1);
  auto decision = queued(server(), "application_decision", "organisation@demo.kith.test");
  ASSERT_FALSE(decision.empty());
  EXPECT_EQ(decision.back().fields["decision"], "not funded");
  EXPECT_EQ(decision.back().fields["project"], "Oak Tree Tea");
  EXPECT_EQ(decision.back().fields["round"], round_name);
  EXPECT_EQ(decision.back().fields["feedback"], "Try the carers' fund, which fits this better.");
  EXPECT_EQ(link_path(server(), decision.back().fields["link"]), app_path);
}

INSTANTIATE_TEST_SUITE_P(Backends, NotificationsTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

// What notify promises, on a fresh database: once per key, active confirmed accounts
// only, and nothing without the site's address.
class NotifyTest : public testing::FreshDatabaseTest {};

TEST_P(NotifyTest, OncePerKeyOnlyToConfirmedActiveAccountsAndOnlyWithTheSitesAddress) {
  accounts::AccountStore users(db());
  std::int64_t active = users.create("ok@example.org", "", "Ola", std::nullopt, "active", false);
  std::int64_t unverified = users.create("new@example.org", "", "Nia", std::nullopt, "unverified", false);
  std::int64_t disabled = users.create("off@example.org", "", "Dee", std::nullopt, "disabled", false);
  audit::Actor web = audit::Actor::system("test");
  web.site = "https://kith.example";
  EXPECT_TRUE(accounts::notify(db(), web, active, "story_kept", {{"title", "T"}, {"link", "/stories/1"}}, "k:1"));
  EXPECT_TRUE(accounts::notify(db(), web, active, "story_kept", {{"title", "T"}, {"link", "/stories/1"}}, "k:1"));
  EXPECT_FALSE(accounts::notify(db(), web, unverified, "story_kept", {{"title", "T"}}, "k:2"));
  EXPECT_FALSE(accounts::notify(db(), web, disabled, "story_kept", {{"title", "T"}}, "k:3"));
  EXPECT_FALSE(accounts::notify(db(), audit::Actor::system("demo"), active, "story_kept", {{"title", "T"}}, "k:4"));
  auto rows = db().query("SELECT to_address, fields, user_id FROM outbox");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].text(0), "ok@example.org");
  EXPECT_EQ(rows[0].integer(2), active);
  const Json fields = Json::parse(rows[0].text(1));
  EXPECT_EQ(fields["name"], "Ola");
  EXPECT_EQ(fields["link"], "https://kith.example/stories/1");
}

INSTANTIATE_TEST_SUITE_P(Backends, NotifyTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
