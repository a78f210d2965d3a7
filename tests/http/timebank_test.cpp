// The timebank over the real server on both backends: joining and approval, an
// exchange through its lifecycle, the ledger's invariants, limits, bad input and
// blocks, and many clients exchanging at once.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "accounts/account_store.h"
#include "core/crypto.h"
#include "support/harness.h"
#include "support/outbox.h"

namespace kith {
namespace {

using Json = nlohmann::json;

class TimebankTest : public ::testing::TestWithParam<std::string> {
 protected:
  testing::TestServer& server() { return testing::shared_server(GetParam()); }
  testing::Browser browser() { return server().browser(); }

  // A new member with an approved account in a timebank (the hub unless named): a
  // signed-in browser and the account id.
  struct Member {
    testing::Browser browser;
    std::int64_t account = 0;
    std::string name;
  };
  // A new resident with an account of their own and no timebank yet, signed in.
  struct Resident {
    testing::Browser browser;
    std::string name, email;
  };
  Resident resident(const std::string& tag) {
    static std::atomic<int> counter{0};
    std::string email = "tb-" + tag + "-" + std::to_string(counter++) + "-" + GetParam() + "@example.org";
    std::string name = "Timebanker " + tag + " " + std::to_string(counter.load());
    {
      auto handle = server().app().database().acquire();
      store::Transaction tx(*handle, true);
      accounts::AccountStore users(*handle);
      std::int64_t id = users.create(email, "", name, hash_password("correct horse battery"), "active", false);
      users.set_roles(id, {"member"});
      tx.commit();
    }
    Resident r{browser(), name, email};
    r.browser.sign_in(email, "correct horse battery");
    return r;
  }
  Member member(const std::string& tag, const std::string& timebank = "thurrock-hub") {
    Resident r = resident(tag);
    const std::string& name = r.name;
    Member m{std::move(r.browser), 0, name};
    auto joined = m.browser.post_json("/api/v1/timebank/" + timebank,
                                      {{"name", name}, {"kind", "member"}, {"postcode", "RM17 5AB"}});
    EXPECT_EQ(joined.status, 201) << joined.body;
    m.account = joined.json()["account"];
    auto approved = coordinator().post_json("/api/v1/timebank/" + timebank + "/manage",
                                            {{"do", "approve"}, {"account", m.account}, {"references", "yes"}});
    EXPECT_EQ(approved.status, 200) << approved.body;
    return m;
  }
  testing::Browser& coordinator() {
    static std::map<std::string, testing::Browser> signed_in;
    static std::mutex mutex;
    std::lock_guard<std::mutex> lock(mutex);
    auto it = signed_in.find(GetParam());
    if (it == signed_in.end()) {
      auto b = browser();
      b.sign_in("coordinator@demo.kith.test", "kith-demo-coordinator");
      it = signed_in.emplace(GetParam(), b).first;
    }
    return it->second;
  }
  static Json proposal(const Member& from, const Member& to, const std::string& hours, const std::string& what) {
    return {{"account", from.account}, {"other", to.account},   {"direction", "gave"},
            {"hours", hours},          {"category", "repairs"}, {"description", what}};
  }
  std::int64_t balance(const Member& m) {
    return coordinator().get("/api/v1/timebank/accounts/" + std::to_string(m.account)).json()["account"]["balance"];
  }
  Json ledger() { return coordinator().get("/api/v1/timebank/ledger").json(); }
  void expect_invariants() {
    Json l = ledger();
    EXPECT_EQ(l["sum"], 0);
    EXPECT_EQ(l["unbalanced_transfers"], 0);
    EXPECT_EQ(l["mismatched_accounts"], 0);
    EXPECT_EQ(l["outside_limits"], 0);
  }
};

TEST_P(TimebankTest, RecordingAnExchangeWithoutNamingAnAccountUsesAMembersOnlyOne) {
  Member ann = member("ann-one");
  auto form = ann.browser.get("/timebank/exchanges/new");
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_NE(form.body.find("value=\"" + std::to_string(ann.account) + "\""), std::string::npos) << form.body;
  // A member of two timebanks is asked which: nothing is guessed.
  Member two = member("ann-two");
  auto joined = two.browser.post_json("/api/v1/timebank/tilbury-chadwell",
                                      {{"name", two.name}, {"kind", "member"}, {"postcode", "RM17 5AB"}});
  ASSERT_EQ(joined.status, 201) << joined.body;
  auto approved =
      coordinator().post_json("/api/v1/timebank/tilbury-chadwell/manage",
                              {{"do", "approve"}, {"account", joined.json()["account"]}, {"references", "yes"}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  auto asked = two.browser.get("/timebank/exchanges/new");
  EXPECT_EQ(asked.status, 404);
  EXPECT_NE(asked.body.find("Choose one of your timebank accounts"), std::string::npos) << asked.body;
  // Sent with nothing chosen: the error summary leads to each group's first choice.
  const std::string path =
      "/timebank/exchanges/new?account=" + std::to_string(ann.account) + "&q=" + url_encode(two.name);
  auto unchosen = ann.browser.post_form(path, {{"account", std::to_string(ann.account)}});
  EXPECT_EQ(unchosen.status, 422);
  EXPECT_NE(unchosen.body.find("href=\"#direction-gave\""), std::string::npos) << unchosen.body.substr(0, 3000);
  EXPECT_NE(unchosen.body.find("href=\"#other-"), std::string::npos);
}

TEST_P(TimebankTest, AnExchangeBanksItsHoursOnlyWhenBothConfirm) {
  Member ann = member("ann"), bob = member("bob");
  auto proposed = ann.browser.post_json("/api/v1/timebank/exchanges/new", proposal(ann, bob, "1.5", "Fixed a shelf"));
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  std::string path = "/api/v1/timebank/exchanges/" + std::to_string(proposed.json()["id"].get<std::int64_t>());
  auto own_accept = ann.browser.post_json(path, {{"action", "accept"}});
  EXPECT_EQ(own_accept.status, 409);
  EXPECT_EQ(own_accept.json()["detail"], "You proposed this exchange: the other person accepts it.");
  EXPECT_EQ(bob.browser.post_json(path, {{"action", "accept"}}).json()["state"], "accepted");
  EXPECT_EQ(ann.browser.post_json(path, {{"action", "done"}}).json()["state"], "done");
  EXPECT_EQ(balance(ann), 0);  // nothing banked until both confirm
  auto twice = ann.browser.post_json(path, {{"action", "confirm"}});
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(twice.json()["detail"], "You have already confirmed this exchange.");
  EXPECT_EQ(bob.browser.post_json(path, {{"action", "confirm"}}).json()["state"], "confirmed");
  EXPECT_EQ(balance(ann), 90);
  EXPECT_EQ(balance(bob), -90);
  Json ann_page = ann.browser.get("/api/v1/timebank/accounts/" + std::to_string(ann.account)).json();
  EXPECT_EQ(ann_page["given"], "1 h 30 min");
  EXPECT_EQ(ann_page["received"], "0 min");
  EXPECT_EQ(ann_page["partners"], 1);
  const std::string ann_html = ann.browser.get("/timebank/accounts/" + std::to_string(ann.account)).body;
  EXPECT_NE(ann_html.find("with 1 person."), std::string::npos) << ann_html;
  const auto limits = ann_html.find("Balances in this timebank can go from ");
  ASSERT_NE(limits, std::string::npos);
  const std::string sentence = ann_html.substr(limits, ann_html.find('.', limits) - limits);
  // "from −10 to 50 hours": one unit at the end, a minus sign, never "between X to Y".
  EXPECT_NE(sentence.find(" to "), std::string::npos) << sentence;
  EXPECT_EQ(sentence.find("between"), std::string::npos) << sentence;
  EXPECT_EQ(sentence.find(" h "), std::string::npos) << sentence;
  EXPECT_EQ(bob.browser.post_json(path, {{"action", "cancel"}, {"reason", "changed my mind"}}).status, 409);
  // Bob's statement, on the page and as CSV.
  Json page = bob.browser.get("/api/v1/timebank/accounts/" + std::to_string(bob.account)).json();
  ASSERT_EQ(page["lines"].size(), 1u);
  EXPECT_EQ(page["lines"][0]["out"], "1 h 30 min");
  EXPECT_EQ(page["lines"][0]["with"], ann.name);
  auto csv = bob.browser.get("/timebank/accounts/" + std::to_string(bob.account) + "/statement.csv");
  EXPECT_NE(csv.body.find(",-90,-90\n"), std::string::npos) << csv.body;
  // Someone else's account is not theirs to see.
  EXPECT_EQ(bob.browser.get("/api/v1/timebank/accounts/" + std::to_string(ann.account)).status, 404);
  // A coordinator corrects it with a reversing transfer: both stay on the statement.
  std::int64_t transfer = page["lines"][0]["transfer"];
  auto reversed = coordinator().post_json("/api/v1/timebank/accounts/" + std::to_string(bob.account),
                                          {{"transfer", transfer}, {"reason", "Recorded twice"}});
  ASSERT_EQ(reversed.status, 200) << reversed.body;
  EXPECT_EQ(balance(bob), 0);
  EXPECT_EQ(balance(ann), 0);
  EXPECT_EQ(coordinator()
                .post_json("/api/v1/timebank/accounts/" + std::to_string(bob.account),
                           {{"transfer", transfer}, {"reason", "Again"}})
                .status,
            409);
  const Json corrected = bob.browser.get("/api/v1/timebank/accounts/" + std::to_string(bob.account)).json();
  EXPECT_EQ(corrected["lines"].size(), 2u);
  // The corrected exchange is no longer time received, as the statement's balance says.
  EXPECT_EQ(corrected["received"], "0 min");
  EXPECT_NE(bob.browser.get("/timebank/accounts/" + std::to_string(bob.account))
                .body.find("No time given or received in exchanges yet."),
            std::string::npos);
  // Every ledger write is in the audit log.
  auto admin = browser();
  admin.sign_in("admin@demo.kith.test", "kith-demo-admin");
  Json log = admin.get("/api/v1/admin/audit?entity=timebank_transfer&entity_id=" + std::to_string(transfer)).json();
  EXPECT_NE(log.dump().find("timebank.transfer"), std::string::npos);
  expect_invariants();
}

TEST_P(TimebankTest, LimitsAndBadInputAreRefusedWithClearMessagesAndTheLedgerUntouched) {
  Member cat = member("cat"), dan = member("dan"), eve = member("eve");
  auto run = [&](Member& giver, Member& receiver, const std::string& hours) {
    auto p = giver.browser.post_json("/api/v1/timebank/exchanges/new", proposal(giver, receiver, hours, "Help"));
    EXPECT_EQ(p.status, 201) << p.body;
    std::string path = "/api/v1/timebank/exchanges/" + std::to_string(p.json()["id"].get<std::int64_t>());
    receiver.browser.post_json(path, {{"action", "accept"}});
    giver.browser.post_json(path, {{"action", "done"}});
    return receiver.browser.post_json(path, {{"action", "confirm"}});
  };
  // Two exchanges proposed while Dan had room for each, confirmed one after the other:
  // the second is refused when it would move the hours, under lock.
  auto propose = [&](Member& giver, Member& receiver, const std::string& hours) {
    auto p = giver.browser.post_json("/api/v1/timebank/exchanges/new", proposal(giver, receiver, hours, "Help"));
    EXPECT_EQ(p.status, 201) << p.body;
    std::string path = "/api/v1/timebank/exchanges/" + std::to_string(p.json()["id"].get<std::int64_t>());
    EXPECT_EQ(receiver.browser.post_json(path, {{"action", "accept"}}).status, 200);
    EXPECT_EQ(giver.browser.post_json(path, {{"action", "done"}}).status, 200);
    return path;
  };
  std::string first = propose(cat, dan, "6"), second = propose(eve, dan, "4.5");
  ASSERT_EQ(dan.browser.post_json(first, {{"action", "confirm"}}).status, 200);
  std::int64_t entries = ledger()["entries"];
  auto over = dan.browser.post_json(second, {{"action", "confirm"}});
  EXPECT_EQ(over.status, 409);
  EXPECT_EQ(over.json()["code"], "limit");
  EXPECT_EQ(over.json()["detail"],
            "This exchange would take " + dan.name +
                "'s balance to -10 h 30 min, below Thurrock Timebank Hub (demo)'s limit of -10 h.");
  EXPECT_EQ(ledger()["entries"], entries);
  EXPECT_EQ(balance(dan), -360);
  ASSERT_EQ(run(cat, dan, "4").status, 200);  // Dan at the hub's limit of -10 h
  // Beyond the limit now, an exchange is refused when it is proposed, not after the help is given.
  auto late = dan.browser.post_json("/api/v1/timebank/exchanges/new", proposal(cat, dan, "0.5", "Help"));
  EXPECT_EQ(late.status, 403) << "Dan cannot propose from Cat's account";
  auto asked = dan.browser.post_json("/api/v1/timebank/exchanges/new", [&] {
    Json body = proposal(dan, cat, "0.5", "Help");
    body["direction"] = "received";
    return body;
  }());
  EXPECT_EQ(asked.status, 422) << asked.body;
  EXPECT_EQ(asked.json()["errors"][0]["field"], "hours") << asked.body;
  EXPECT_EQ(asked.json()["errors"][0]["message"],
            "This exchange would take " + dan.name +
                "'s balance to -10 h 30 min, below Thurrock Timebank Hub (demo)'s limit of -10 h.");
  EXPECT_EQ(ledger()["entries"], entries + 2);
  EXPECT_EQ(balance(dan), -600);
  entries = ledger()["entries"];

  auto bad = [&](Json body, const std::string& field) {
    auto r = cat.browser.post_json("/api/v1/timebank/exchanges/new", body);
    EXPECT_EQ(r.status, 422) << body.dump();
    EXPECT_EQ(r.json()["errors"][0]["field"], field) << r.body;
    return r.json()["errors"][0]["message"].get<std::string>();
  };
  EXPECT_EQ(bad(proposal(cat, eve, "-2", "Help"), "hours"), "Hours must be a number of 0 or more, like 2 or 1.5");
  EXPECT_EQ(bad(proposal(cat, eve, "25", "Help"), "hours"),
            "One exchange can be at most 24 hours: record longer help as several");
  EXPECT_EQ(bad(proposal(cat, eve, "1", "<script>alert(1)</script>"), "description"),
            "What the help was must be plain text, without HTML such as <script>");
  Json odd = proposal(cat, eve, "1", "Help");
  odd["category"] = "astrology";
  EXPECT_EQ(bad(odd, "category"), "Choose what kind of help it was");
  EXPECT_EQ(bad(proposal(cat, cat, "1", "Help"), "other"), "An exchange is between two different people");

  // Someone not party to an exchange cannot confirm it, nor see it.
  auto p = cat.browser.post_json("/api/v1/timebank/exchanges/new", proposal(cat, eve, "1", "Help"));
  std::string path = "/api/v1/timebank/exchanges/" + std::to_string(p.json()["id"].get<std::int64_t>());
  EXPECT_EQ(dan.browser.post_json(path, {{"action", "accept"}}).status, 404);
  EXPECT_EQ(dan.browser.get(path).status, 404);
  // Blocked: Eve blocks Cat; neither can arrange another exchange with the other.
  ASSERT_EQ(eve.browser.post_json(path, {{"action", "block"}}).status, 200);
  auto blocked = cat.browser.post_json("/api/v1/timebank/exchanges/new", proposal(cat, eve, "1", "Help"));
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(blocked.json()["detail"], "You cannot arrange exchanges with this member.");
  EXPECT_EQ(eve.browser.post_json(path, {{"action", "accept"}}).status, 403);
  const Json eve_home = eve.browser.get("/api/v1/timebank").json();
  ASSERT_EQ(eve_home["blocked"].size(), 1u);
  EXPECT_EQ(eve_home["blocked"][0]["name"], cat.name);
  EXPECT_EQ(ledger()["entries"], entries);
  ASSERT_EQ(eve.browser.post_json("/api/v1/timebank", {{"unblock", eve_home["blocked"][0]["id"]}}).status, 200);
  EXPECT_EQ(cat.browser.post_json("/api/v1/timebank/exchanges/new", proposal(cat, eve, "1", "Help")).status, 201);
  EXPECT_EQ(ledger()["entries"], entries);
  expect_invariants();
}

TEST_P(TimebankTest, ManyClientsExchangingAtOnceNeverBreakTheSumOrALimit) {
  constexpr int kMembers = 6, kThreads = 6, kRounds = 12;
  std::vector<Member> members;
  for (int i = 0; i < kMembers; ++i) members.push_back(member("crowd"));
  std::map<std::int64_t, std::int64_t> expected;  // account -> minutes, from acknowledged confirmations
  std::mutex mutex;
  std::atomic<int> confirmed{0}, refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t) * 7919u + 1u);
      std::vector<testing::Browser> mine;
      for (const auto& m : members) mine.push_back(m.browser);
      for (int round = 0; round < kRounds; ++round) {
        int g = static_cast<int>(rng() % kMembers), r = static_cast<int>(rng() % (kMembers - 1));
        if (r >= g) ++r;
        int minutes = 30 + static_cast<int>(rng() % 300);
        Json body = proposal(members[g], members[r], "0", "Crowd help");
        body["minutes"] = std::to_string(minutes % 60);
        body["hours"] = std::to_string(minutes / 60);
        auto p = mine[g].post_json("/api/v1/timebank/exchanges/new", body);
        if (p.status == 422) {  // over a limit already when proposed
          EXPECT_NE(p.json()["errors"][0]["message"].get<std::string>().find("limit of"), std::string::npos) << p.body;
          ++refused;
          continue;
        }
        EXPECT_EQ(p.status, 201) << p.body;
        if (p.status != 201) continue;
        std::string path = "/api/v1/timebank/exchanges/" + std::to_string(p.json()["id"].get<std::int64_t>());
        auto accepted = mine[r].post_json(path, {{"action", "accept"}});
        if (accepted.status == 409) {  // over a limit by the time it is accepted
          EXPECT_EQ(accepted.json()["code"], "limit") << accepted.body;
          ++refused;
          continue;
        }
        EXPECT_EQ(accepted.status, 200) << accepted.body;
        EXPECT_EQ(mine[g].post_json(path, {{"action", "done"}}).status, 200);
        auto c = mine[r].post_json(path, {{"action", "confirm"}});
        std::int64_t m = minutes % 60 + (minutes / 60) * 60;
        if (c.status == 200 && c.json()["state"] == "confirmed") {
          std::lock_guard<std::mutex> lock(mutex);
          expected[members[g].account] += m;
          expected[members[r].account] -= m;
          ++confirmed;
        } else {
          EXPECT_EQ(c.json()["code"], "limit") << c.body;
          ++refused;
        }
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_GT(confirmed.load(), kThreads * kRounds / 2);
  for (const auto& m : members) EXPECT_EQ(balance(m), expected[m.account]) << m.name;
  expect_invariants();
}

TEST_P(TimebankTest, TheGiftBoardSuggestsWithReasonsAndConnectorsRecordIntroductions) {
  Member fay = member("fay");
  // Fay offers to teach guitar; bad input is named.
  auto bad = fay.browser.post_json(
      "/api/v1/timebank/gifts",
      {{"side", "gift"}, {"kind", "feet"}, {"category", "arts"}, {"description", "Guitar"}, {"times", Json::array()}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["errors"][0]["field"], "kind");
  auto late = fay.browser.post_json(
      "/api/v1/timebank/gifts",
      {{"side", "gift"}, {"kind", "hands"}, {"category", "arts"}, {"description", "Guitar"}, {"times", {"midnight"}}});
  EXPECT_EQ(late.status, 422);
  EXPECT_EQ(late.json()["errors"][0]["message"], "\"midnight\" is not a time of the week");
  auto gift =
      fay.browser.post_json("/api/v1/timebank/gifts", {{"side", "gift"},
                                                       {"kind", "head"},
                                                       {"category", "arts"},
                                                       {"description", "Teaching guitar to beginners " + GetParam()},
                                                       {"postcode", "RM17 5AB"},
                                                       {"age_band", "65-and-over"},
                                                       {"times", {"weekday-evening", "weekend-morning"}}});
  ASSERT_EQ(gift.status, 201) << gift.body;
  Member gus = member("gus");
  auto need = gus.browser.post_json("/api/v1/timebank/gifts", {{"side", "need"},
                                                               {"category", "arts"},
                                                               {"description", "I want to learn guitar " + GetParam()},
                                                               {"postcode", "RM17 5AB"},
                                                               {"age_band", "under-25"},
                                                               {"intergenerational", "yes"},
                                                               {"language", "pl"},
                                                               {"times", {"weekday-evening"}}});
  ASSERT_EQ(need.status, 201) << need.body;
  // A need keeps the language it was written in; one Kith does not speak is named.
  auto klingon = gus.browser.post_json("/api/v1/timebank/gifts", {{"side", "need"},
                                                                  {"category", "arts"},
                                                                  {"description", "Guitar"},
                                                                  {"language", "tlh"},
                                                                  {"times", Json::array()}});
  EXPECT_EQ(klingon.status, 422);
  EXPECT_EQ(klingon.json()["errors"][0]["field"], "language") << klingon.body;
  std::int64_t need_id = need.json()["id"], gift_id = gift.json()["id"];
  EXPECT_EQ(gus.browser.get("/api/v1/timebank/connect").status, 403);  // connectors only

  Json page = coordinator().get("/api/v1/timebank/connect?intergenerational=yes").json();
  Json suggested;
  for (const auto& n : page["needs"])
    if (n["id"] == need_id) suggested = n["matches"];
  ASSERT_FALSE(suggested.empty()) << page.dump();
  for (const auto& n : page["needs"])
    if (n["id"] == need_id) EXPECT_EQ(n["language"], "pl");
  EXPECT_EQ(suggested[0]["language"], "en") << "the page's language when none is chosen";
  EXPECT_TRUE(
      testing::contains(coordinator().get("/timebank/connect").body, "<span lang=\"pl\" dir=\"ltr\">I want to learn"));
  EXPECT_EQ(suggested[0]["id"], gift_id);
  std::string reasons = suggested[0]["reasons"];
  EXPECT_NE(reasons.find("the same kind of help"), std::string::npos) << reasons;
  EXPECT_NE(reasons.find("words in common"), std::string::npos) << reasons;
  EXPECT_NE(reasons.find("100% of the times needed"), std::string::npos) << reasons;
  EXPECT_NE(reasons.find("another generation"), std::string::npos) << reasons;
  for (const auto& n : page["needs"]) EXPECT_TRUE(n["intergenerational"].get<bool>());

  auto intro =
      coordinator().post_json("/api/v1/timebank/connect", {{"do", "introduce"}, {"need", need_id}, {"gift", gift_id}});
  ASSERT_EQ(intro.status, 201) << intro.body;
  EXPECT_EQ(coordinator()
                .post_json("/api/v1/timebank/connect", {{"do", "introduce"}, {"need", need_id}, {"gift", gift_id}})
                .status,
            409);
  std::int64_t id = intro.json()["id"];
  EXPECT_EQ(coordinator()
                .post_json("/api/v1/timebank/connect", {{"do", "outcome"}, {"introduction", id}, {"outcome", "maybe"}})
                .status,
            422);
  ASSERT_EQ(coordinator()
                .post_json("/api/v1/timebank/connect", {{"do", "outcome"}, {"introduction", id}, {"outcome", "lasted"}})
                .status,
            200);
  bool found = false;
  const Json after = coordinator().get("/api/v1/timebank/connect").json();
  for (const auto& i : after["introductions"])
    if (i["id"] == id) {
      found = true;
      EXPECT_EQ(i["outcome"], "lasted");
    }
  EXPECT_TRUE(found);
}

TEST_P(TimebankTest, AMemberWaitingForApprovalIsToldSoAndTheCoordinatorsFormApprovesThem) {
  Resident r = resident("wait");
  const std::string name = r.name;
  testing::Browser& m = r.browser;
  auto joined =
      m.post_json("/api/v1/timebank/thurrock-hub", {{"name", name}, {"kind", "member"}, {"postcode", "RM17 5AB"}});
  ASSERT_EQ(joined.status, 201) << joined.body;
  const std::int64_t account = joined.json()["account"];
  // While waiting, "Post an offer" says why, not "Join a timebank first".
  auto waiting = m.get("/timebank/posts/new");
  EXPECT_NE(waiting.body.find("You have asked to join Thurrock"), std::string::npos) << waiting.body;
  EXPECT_EQ(waiting.body.find("Join a timebank first"), std::string::npos);
  // Their account page says what they wait for, and where.
  auto account_page = m.get("/account").body;
  auto asked = account_page.find("Your request to join Thurrock");
  ASSERT_NE(asked, std::string::npos) << account_page;
  EXPECT_NE(account_page.find("Waiting for a coordinator", asked), std::string::npos);
  EXPECT_NE(account_page.rfind("href=\"/timebank/thurrock-hub\"", asked), std::string::npos);
  // The timebank's own page tells its coordinators that people wait, and where to approve them;
  // members don't see it.
  auto front = coordinator().get("/timebank/thurrock-hub").body;
  auto sign = front.find("id=\"waiting\"");
  ASSERT_NE(sign, std::string::npos) << front;
  EXPECT_NE(front.find("waiting for you to approve them.", sign), std::string::npos);
  EXPECT_NE(front.find("href=\"/timebank/thurrock-hub/manage\">Approve or decline them", sign), std::string::npos);
  EXPECT_EQ(m.get("/timebank/thurrock-hub").body.find("id=\"waiting\""), std::string::npos);
  // The coordinator's page posts each approval to this timebank's own address.
  auto page = coordinator().get("/timebank/thurrock-hub/manage");
  EXPECT_EQ(page.body.find("/timebank//manage"), std::string::npos);
  EXPECT_NE(page.body.find("action=\"/timebank/thurrock-hub/manage\""), std::string::npos);
  EXPECT_NE(page.body.find("Approve " + name), std::string::npos);
  // Another timebank's page cannot let them in, and no hours go to them while they wait.
  auto elsewhere =
      coordinator().post_form("/timebank/grays-allotment/manage",
                              {{"do", "approve"}, {"account", std::to_string(account)}, {"references", "yes"}});
  EXPECT_EQ(elsewhere.status, 404) << elsewhere.body;
  auto gift_from_elsewhere =
      coordinator().post_form("/timebank/grays-allotment/manage",
                              {{"do", "gift"}, {"to", std::to_string(account)}, {"hours", "1"}, {"memo", "x"}});
  EXPECT_EQ(gift_from_elsewhere.status, 422);
  EXPECT_NE(gift_from_elsewhere.body.find("is not a member of Grays School Allotment"), std::string::npos);
  auto gift_while_waiting =
      coordinator().post_form("/timebank/thurrock-hub/manage",
                              {{"do", "gift"}, {"to", std::to_string(account)}, {"hours", "1"}, {"memo", "x"}});
  EXPECT_EQ(gift_while_waiting.status, 422);
  EXPECT_NE(gift_while_waiting.body.find("is not an active member of Thurrock"), std::string::npos);
  EXPECT_EQ(coordinator().get("/api/v1/timebank/accounts/" + std::to_string(account)).json()["account"]["status"],
            "pending");
  // The hub asks for references: without the box ticked, the form says so by the box.
  auto unticked = coordinator().post_form("/timebank/thurrock-hub/manage",
                                          {{"do", "approve"}, {"account", std::to_string(account)}});
  EXPECT_EQ(unticked.status, 422);
  const std::string box = "references-" + std::to_string(account);
  EXPECT_NE(unticked.body.find("href=\"#" + box + "\""), std::string::npos);
  // ... and by the box itself, tied to it for a screen reader; no other person's box says it.
  const std::string said_by_box = "id=\"" + box + "-error\" class=\"govuk-error-message\"";
  auto inline_error = unticked.body.find(said_by_box);
  ASSERT_NE(inline_error, std::string::npos) << unticked.body;
  EXPECT_NE(unticked.body.find("asks for references", inline_error), std::string::npos);
  EXPECT_NE(unticked.body.find("aria-describedby=\"" + box + "-error\""), std::string::npos);
  EXPECT_EQ(unticked.body.find("-error\" class=\"govuk-error-message\"", inline_error + said_by_box.size()),
            std::string::npos);
  auto approved =
      coordinator().post_form("/timebank/thurrock-hub/manage",
                              {{"do", "approve"}, {"account", std::to_string(account)}, {"references", "yes"}});
  EXPECT_EQ(approved.status, 303) << approved.body;
  auto ready = m.get("/timebank/posts/new");
  EXPECT_EQ(ready.body.find("You have asked to join"), std::string::npos);
  EXPECT_EQ(m.get("/account").body.find("Your request to join Thurrock"), std::string::npos);
  EXPECT_NE(ready.body.find("action=\"/timebank/posts/new\""), std::string::npos);
}

// A coordinator who cannot take someone on says why; the person hears it and may ask again.
// A coordinator shares out the timebank's own hours, but never to themself: their own
// account is not offered, and a form that names it anyway is refused with nothing moved.
TEST_P(TimebankTest, ACoordinatorCannotGiftTheTimebanksHoursToThemself) {
  auto c = coordinator();
  std::int64_t own = 0, before = 0;
  const Json mine = c.get("/api/v1/timebank").json();
  for (const auto& a : mine["accounts"])
    if (a["status"] == "active") {
      own = a["id"];
      before = a["balance"];
    }
  ASSERT_NE(own, 0) << "the demo coordinator is a member of the Thurrock hub's timebank";
  auto page = c.get("/timebank/thurrock-hub/manage").body;
  EXPECT_EQ(page.find("<option value=\"" + std::to_string(own) + "\">"), std::string::npos) << "offered to themself";
  auto self = c.post_form("/timebank/thurrock-hub/manage",
                          {{"do", "gift"}, {"to", std::to_string(own)}, {"hours", "5"}, {"memo", "for me"}});
  EXPECT_EQ(self.status, 403) << self.body.substr(0, 500);
  EXPECT_NE(self.body.find("You cannot gift the timebank&#39;s hours to yourself"), std::string::npos);
  EXPECT_EQ(c.get("/api/v1/timebank/accounts/" + std::to_string(own)).json()["account"]["balance"], before);
  // Nor let themself in: their own request to join waits for another coordinator.
  auto joined =
      c.post_json("/api/v1/timebank/grays-allotment",
                  {{"name", "Coordinator joining " + GetParam()}, {"kind", "member"}, {"postcode", "RM17 5AB"}});
  ASSERT_EQ(joined.status, 201) << joined.body;
  const std::string account = std::to_string(joined.json()["account"].get<std::int64_t>());
  auto manage = c.get("/timebank/grays-allotment/manage").body;
  EXPECT_NE(manage.find("This is your own request to join"), std::string::npos);
  EXPECT_EQ(manage.find("name=\"account\" value=\"" + account + "\""), std::string::npos);
  auto self_approved =
      c.post_form("/timebank/grays-allotment/manage", {{"do", "approve"}, {"account", account}, {"references", "yes"}});
  EXPECT_EQ(self_approved.status, 403) << self_approved.body.substr(0, 300);
  EXPECT_EQ(c.get("/api/v1/timebank/accounts/" + account).json()["account"]["status"], "pending");
}

TEST_P(TimebankTest, ACoordinatorDeclinesARequestSayingWhyAndThePersonMayAskAgain) {
  Resident r = resident("decline");
  const std::string name = r.name, email = r.email;
  testing::Browser& m = r.browser;
  auto joined = m.post_json("/api/v1/timebank/grays-allotment", {{"name", name}, {"kind", "member"}});
  ASSERT_EQ(joined.status, 201) << joined.body;
  const std::string account = std::to_string(joined.json()["account"].get<std::int64_t>());
  auto page = coordinator().get("/timebank/grays-allotment/manage");
  EXPECT_NE(page.body.find("Decline " + name), std::string::npos);
  // No reason: refused by that person's own reason box, nothing changed.
  auto bare = coordinator().post_form("/timebank/grays-allotment/manage", {{"do", "decline"}, {"account", account}});
  EXPECT_EQ(bare.status, 422);
  EXPECT_NE(bare.body.find("href=\"#reason-" + account + "\""), std::string::npos);
  EXPECT_NE(bare.body.find("Say why you are declining " + name), std::string::npos);
  EXPECT_EQ(coordinator().get("/api/v1/timebank/accounts/" + account).json()["account"]["status"], "pending");
  // Another timebank's page cannot decline them.
  auto elsewhere = coordinator().post_form("/timebank/thurrock-hub/manage",
                                           {{"do", "decline"}, {"account", account}, {"reason", "x"}});
  EXPECT_EQ(elsewhere.status, 404);
  const std::string reason = "The allotment is full until March: ask again in spring.";
  auto declined = coordinator().post_form("/timebank/grays-allotment/manage",
                                          {{"do", "decline"}, {"account", account}, {"reason", reason}});
  EXPECT_EQ(declined.status, 303) << declined.body;
  EXPECT_EQ(coordinator().get("/timebank/grays-allotment/manage").body.find("Decline " + name), std::string::npos);
  auto told = testing::queued(server(), "member_declined", email);
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told.back().fields["reason"], reason);
  EXPECT_EQ(told.back().fields["timebank"], "Grays School Allotment (demo)");
  // Their page says so and lets them ask again; asking again opens the same request anew.
  auto theirs = m.get("/timebank/grays-allotment");
  EXPECT_NE(theirs.body.find("did not approve your last request"), std::string::npos);
  EXPECT_NE(theirs.body.find("Ask to join"), std::string::npos);
  auto again = m.post_json("/api/v1/timebank/grays-allotment", {{"name", name}, {"kind", "member"}});
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(std::to_string(again.json()["account"].get<std::int64_t>()), account);
  EXPECT_EQ(coordinator().get("/api/v1/timebank/accounts/" + account).json()["account"]["status"], "pending");
  auto twice = m.post_json("/api/v1/timebank/grays-allotment", {{"name", name}, {"kind", "member"}});
  EXPECT_EQ(twice.status, 422) << "one request at a time";
}

// An offer refused for one answer comes back with every other answer as it was given.
TEST_P(TimebankTest, AnOfferThatComesBackKeepsItsChoices) {
  Member ann = member("ann-choices");
  auto back = ann.browser.post_form("/timebank/posts/new", {{"account", std::to_string(ann.account)},
                                                            {"side", "request"},
                                                            {"category", "repairs"},
                                                            {"title", "<i>x</i>"},
                                                            {"description", "A shelf"},
                                                            {"times", "weekend-morning"},
                                                            {"weeks", "4"}});
  ASSERT_EQ(back.status, 422) << back.body.substr(0, 300);
  EXPECT_NE(back.body.find(R"(value="request" checked>)"), std::string::npos);
  EXPECT_NE(back.body.find(R"(<option value="repairs" selected>)"), std::string::npos);
  EXPECT_NE(back.body.find(R"(value="weekend-morning" checked>)"), std::string::npos);
  EXPECT_EQ(back.body.find(R"(value="offer" checked>)"), std::string::npos);
}

TEST_P(TimebankTest, ATimebankCountsItsExchangesAndNamesQuietMembersToItsCoordinators) {
  Member hal = member("hal");
  Json hub = browser().get("/api/v1/timebank/thurrock-hub").json()["stats"];
  ASSERT_GE(hub["exchanges"].get<int>(), 1);
  int per_month = 0;
  for (const auto& m : hub["months"]) per_month += m["count"].get<int>();
  EXPECT_EQ(per_month, hub["exchanges"].get<int>());
  EXPECT_EQ(hub.dump().find(hal.name), std::string::npos);  // the public page names nobody
  // Approved a minute ago, Hal has had no time to exchange: not yet "quiet".
  Json manage = coordinator().get("/api/v1/timebank/thurrock-hub/manage").json();
  EXPECT_EQ(manage["quiet"].dump().find(hal.name), std::string::npos);
  {  // ... but a member approved 100 days ago with no exchange since is.
    auto handle = server().app().database().acquire();
    (*handle).exec("UPDATE timebank_accounts SET approved_at = ?, created_at = ? WHERE id = ?",
                   {"2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", hal.account});
  }
  manage = coordinator().get("/api/v1/timebank/thurrock-hub/manage").json();
  EXPECT_NE(manage["quiet"].dump().find(hal.name), std::string::npos);
  EXPECT_GE(browser().get("/api/v1/timebank/thurrock-hub").json()["stats"]["quiet_count"].get<int>(), 1);
  // The demo's Tilbury members exchanged with the hub's: a share crosses timebanks.
  EXPECT_NE(browser().get("/api/v1/timebank/tilbury-chadwell").json()["stats"]["crossing"], "none");
}

TEST_P(TimebankTest, PostsAreFoundByKindDistanceAndTimebankAndContactsPassOnlyWhenBothAgree) {
  // Kim belongs to another timebank of the network.
  Member ivy = member("ivy"), jon = member("jon"), kim = member("kim", "tilbury-chadwell");
  auto post = [&](Member& m, const std::string& title, bool share, const std::string& postcode) {
    auto r = m.browser.post_json("/api/v1/timebank/posts/new", {{"account", m.account},
                                                                {"side", "offer"},
                                                                {"category", "repairs"},
                                                                {"title", title},
                                                                {"description", "Bring your bike"},
                                                                {"postcode", postcode},
                                                                {"share", share ? "yes" : "no"},
                                                                {"weeks", "4"},
                                                                {"times", Json::array()}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"].get<std::int64_t>();
  };
  std::string tag = " " + GetParam() + " " + ivy.name;
  std::int64_t near = post(ivy, "Bike repairs near" + tag, false, "RM17 5AB");
  std::int64_t far = post(ivy, "Bike repairs far" + tag, true, "RM18 7AB");
  auto titles = [&](Member& m, const std::string& query) {
    std::vector<std::string> out;
    const Json found = m.browser.get("/api/v1/timebank/posts?category=repairs" + query).json();
    for (const auto& p : found["posts"])
      if (p["title"].get<std::string>().find(tag) != std::string::npos) out.push_back(p["title"]);
    return out;
  };
  EXPECT_EQ(titles(jon, "&postcode=RM17%205AB"),
            (std::vector<std::string>{"Bike repairs near" + tag, "Bike repairs far" + tag}));  // nearest first
  EXPECT_EQ(titles(jon, "&postcode=RM17%205AB&distance=1"), (std::vector<std::string>{"Bike repairs near" + tag}));
  EXPECT_EQ(titles(kim, ""), (std::vector<std::string>{"Bike repairs far" + tag}));  // only the shared one
  EXPECT_EQ(kim.browser.get("/api/v1/timebank/posts/" + std::to_string(near)).status, 404);
  EXPECT_EQ(jon.browser.get("/api/v1/timebank/posts?distance=3").status, 422);
  // An empty list says why: nothing matches what was asked, or nothing asked and nothing there.
  EXPECT_TRUE(jon.browser.get("/api/v1/timebank/posts?side=request&category=repairs").json()["filtered"].get<bool>());
  EXPECT_FALSE(jon.browser.get("/api/v1/timebank/posts").json()["filtered"].get<bool>());
  auto script = ivy.browser.post_json("/api/v1/timebank/posts/new", {{"account", ivy.account},
                                                                     {"side", "offer"},
                                                                     {"category", "repairs"},
                                                                     {"title", "<script>x</script>"},
                                                                     {"description", "x"},
                                                                     {"weeks", "4"},
                                                                     {"times", Json::array()}});
  EXPECT_EQ(script.status, 422);
  EXPECT_EQ(script.json()["errors"][0]["field"], "title");

  // Jon responds; neither sees the other's email until Ivy agrees.
  std::string path = "/api/v1/timebank/posts/" + std::to_string(far);
  ASSERT_EQ(jon.browser.post_json(path, {{"do", "respond"}, {"account", jon.account}, {"message", "Saturday?"}}).status,
            200);
  EXPECT_EQ(jon.browser.post_json(path, {{"do", "respond"}, {"account", jon.account}, {"message", "Again"}}).status,
            409);
  Json before = ivy.browser.get(path).json();
  ASSERT_EQ(before["responses"].size(), 1u);
  EXPECT_EQ(before["responses"][0]["email"], "");
  EXPECT_EQ(jon.browser.get(path).json()["poster_email"], "");
  EXPECT_EQ(kim.browser.get(path).json()["responses"].size(), 0u);  // not Kim's to see
  EXPECT_EQ(jon.browser.post_json(path, {{"do", "agree"}, {"account", jon.account}}).status, 403);
  // A coordinator may act on a post but cannot consent to sharing Ivy's contact details for her.
  auto for_her = coordinator().post_json(path, {{"do", "agree"}, {"account", jon.account}});
  EXPECT_EQ(for_her.status, 403) << for_her.body;
  EXPECT_NE(for_her.json()["detail"].get<std::string>().find("Only the member who posted it"), std::string::npos);
  EXPECT_EQ(jon.browser.get(path).json()["poster_email"], "");
  EXPECT_EQ(ivy.browser.get(path).json()["responses"][0]["agreed"], false);
  ASSERT_EQ(ivy.browser.post_json(path, {{"do", "agree"}, {"account", jon.account}}).status, 200);
  EXPECT_NE(ivy.browser.get(path).json()["responses"][0]["email"].get<std::string>().find("@example.org"),
            std::string::npos);
  EXPECT_NE(jon.browser.get(path).json()["poster_email"].get<std::string>().find("@example.org"), std::string::npos);
  // Only Ivy renews or closes it; closed, it is found no more.
  EXPECT_EQ(jon.browser.post_json(path, {{"do", "close"}}).status, 403);
  ASSERT_EQ(ivy.browser.post_json(path, {{"do", "close"}}).status, 200);
  EXPECT_EQ(titles(kim, ""), std::vector<std::string>{});
}

INSTANTIATE_TEST_SUITE_P(Backends, TimebankTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
