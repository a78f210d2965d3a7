// Accounts people make and mend themselves, over the real server on both backends,
// reading the messages Kith queues (the outbox): sign-up and its emailed link, the
// same answer for an address that has an account, a new link, password reset end to
// end, throttling, and the admin's invitation going by email too, or by text to someone
// without email.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

#include "accounts/account_store.h"
#include "accounts/notify.h"
#include "accounts/service.h"
#include "accounts/sign_up.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "support/harness.h"
#include "support/outbox.h"

namespace kith {
namespace {

using Json = nlohmann::json;

constexpr const char* kSignUpPassword = "kettle orchard lantern";

using testing::contains;

class SignUpTest : public testing::BackendSuite {
 protected:
  testing::TestServer& server() { return testing::shared_server(GetParam()); }
  std::string fresh_email(const std::string& who) {
    static std::atomic<int> counter{0};
    return who + "-" + std::to_string(counter++) + "-" + GetParam() + "@example.org";
  }
  testing::HttpReply sign_up(testing::Browser& b, const std::string& name, const std::string& email,
                             const std::string& password = kSignUpPassword) {
    return b.post_form("/sign-up", {{"display_name", name},
                                    {"email", email},
                                    {"password", password},
                                    {"confirm_password", password},
                                    {"agree", "yes"}});
  }
  testing::HttpReply sign_in(testing::Browser& b, const std::string& email, const std::string& password) {
    return b.post_form("/sign-in", {{"email", email}, {"password", password}, {"next", "/account"}});
  }
  std::int64_t users_with(const std::string& email) {
    auto db = server().app().database().acquire();
    return db->scalar("SELECT COUNT(*) FROM users WHERE email = ?", {email});
  }
};

// A resident who meets "Sign in to vote" makes an account and, once they confirm it,
// is back at the ballot; somewhere outside Kith is never where the link leads.
TEST_P(SignUpTest, MakingAnAccountToVoteBringsThemBackToTheBallot) {
  auto b = browser();
  std::string ballot;
  // The budget open for voting: its page asks a visitor to sign in or make an account.
  const Json processes = b.get("/api/v1/pb").json();
  for (const auto& p : processes["processes"]) {
    std::string path = "/pb/" + std::to_string(p["id"].get<std::int64_t>());
    if (ballot.empty() && contains(b.get(path).body, "href=\"/sign-up?next=" + path + "\"")) ballot = path;
  }
  ASSERT_FALSE(ballot.empty()) << "no ballot offers to make an account and come back: " << processes.dump();
  EXPECT_TRUE(contains(b.get("/sign-in?next=" + ballot).body, "href=\"/sign-up?next=%2Fpb%2F")) << "from sign-in too";
  EXPECT_TRUE(contains(b.get("/sign-up?next=" + ballot).body, "name=\"next\" value=\"" + ballot + "\""));
  std::string email = fresh_email("voter");
  auto made = b.post_form("/sign-up", {{"display_name", "Val Voter"},
                                       {"email", email},
                                       {"password", kSignUpPassword},
                                       {"confirm_password", kSignUpPassword},
                                       {"agree", "yes"},
                                       {"next", ballot}});
  ASSERT_EQ(made.status, 303) << made.body.substr(0, 300);
  auto sent = testing::queued(server(), "verify_email", email);
  ASSERT_EQ(sent.size(), 1u);
  std::string link = testing::link_path(server(), sent[0].fields["link"]);
  EXPECT_NE(link.find("?next=%2Fpb%2F"), std::string::npos) << link;
  auto confirmed = b.post_form(link, {{"password", kSignUpPassword}});
  ASSERT_EQ(confirmed.status, 303) << confirmed.body.substr(0, 300);
  EXPECT_EQ(confirmed.header("Location"), ballot);
  // A next outside Kith is dropped from the link.
  std::string other = fresh_email("elsewhere");
  ASSERT_EQ(b.post_form("/sign-up", {{"display_name", "Ed Elsewhere"},
                                     {"email", other},
                                     {"password", kSignUpPassword},
                                     {"confirm_password", kSignUpPassword},
                                     {"agree", "yes"},
                                     {"next", "https://evil.example/pay"}})
                .status,
            303);
  auto elsewhere = testing::queued(server(), "verify_email", other);
  ASSERT_EQ(elsewhere.size(), 1u);
  EXPECT_EQ(elsewhere[0].fields["link"].get<std::string>().find("next="), std::string::npos);
}

TEST_P(SignUpTest, SigningUpQueuesALinkThatConfirmsTheAddressOnceAndSignsIn) {
  std::string email = fresh_email("ruth");
  auto b = browser();
  EXPECT_TRUE(contains(b.get("/sign-in").body, "href=\"/sign-up\""));  // "Create an account"
  // Every field is checked and named; agreeing to the terms is one of them.
  auto missing = b.post_form("/sign-up", {{"display_name", "Ruth"},
                                          {"email", email},
                                          {"password", kSignUpPassword},
                                          {"confirm_password", kSignUpPassword}});
  EXPECT_EQ(missing.status, 422);
  EXPECT_TRUE(contains(missing.body, "Agree to the terms of use and privacy notice")) << missing.body;
  EXPECT_EQ(users_with(email), 0);

  auto done = sign_up(b, "Ruth Stone", email);
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(done.header("Location"), "/sign-up/check-your-email");
  auto sent = testing::queued(server(), "verify_email", email);
  ASSERT_EQ(sent.size(), 1u);
  ASSERT_TRUE(sent[0].user.has_value());
  // The name was typed by whoever signed up, who may not own the address: the email to
  // it never carries it (else anyone could make Kith's address send a stranger their words).
  EXPECT_FALSE(sent[0].fields.contains("name")) << sent[0].fields.dump();
  std::string path = testing::link_path(server(), sent[0].fields["link"]);
  ASSERT_EQ(path.rfind("/verify/", 0), 0u) << path;

  // Not yet confirmed: the right password is told so; a wrong one learns nothing.
  auto early = sign_in(b, email, kSignUpPassword);
  EXPECT_EQ(early.status, 403);
  EXPECT_TRUE(contains(early.body, "Confirm your email address first")) << early.body;
  EXPECT_EQ(sign_in(b, email, "not the password at all").status, 401);

  // The link shows a form (a mail scanner's GET confirms nothing); the password
  // given at sign-up confirms the address and signs in, and nothing else does.
  EXPECT_EQ(b.get(path).status, 200);
  auto no_password = b.post_form(path, {});
  EXPECT_EQ(no_password.status, 422);
  EXPECT_TRUE(contains(no_password.body, "Enter the password you chose")) << no_password.body;
  EXPECT_EQ(b.post_form(path, {{"password", "not the password at all"}}).status, 422);
  auto confirmed = b.post_form(path, {{"password", kSignUpPassword}});
  ASSERT_EQ(confirmed.status, 303) << confirmed.body;
  EXPECT_EQ(confirmed.header("Location"), "/account");
  auto account = b.get("/api/v1/account");
  ASSERT_EQ(account.status, 200) << account.body;
  const Json me = account.json();
  EXPECT_EQ(me["account"]["status"], "active");
  EXPECT_EQ(me["account"]["roles"], Json::array({"member"}));
  // Once only.
  auto other = browser();
  EXPECT_EQ(other.get(path).status, 404);
  EXPECT_EQ(other.post_form(path, {{"password", kSignUpPassword}}).status, 404);
  EXPECT_EQ(sign_in(other, email, kSignUpPassword).status, 303);
}

TEST_P(SignUpTest, SigningUpFirstWithSomeoneElsesAddressNeverGivesTheirAccount) {
  std::string email = fresh_email("victim");
  const std::string attacker_password = "attacker chose this phrase";
  auto attacker = browser();
  ASSERT_EQ(sign_up(attacker, "Council Fraud Team", email, attacker_password).status, 303);
  auto first = testing::queued(server(), "verify_email", email);
  ASSERT_EQ(first.size(), 1u);
  // The owner of the address signs up: their name and password stand, earlier links die.
  auto owner = browser();
  ASSERT_EQ(sign_up(owner, "Vera Owner", email).status, 303);
  EXPECT_EQ(users_with(email), 1);
  EXPECT_TRUE(testing::queued(server(), "account_exists", email).empty());
  auto sent = testing::queued(server(), "verify_email", email);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_NE(sent[1].fields["link"], first[0].fields["link"]);
  EXPECT_FALSE(first[0].fields.dump().find("Council Fraud Team") != std::string::npos)
      << "the attacker's words never reach the owner's inbox";
  EXPECT_EQ(
      owner.post_form(testing::link_path(server(), first[0].fields["link"]), {{"password", kSignUpPassword}}).status,
      404);
  // A link in the owner's inbox confirms only with the owner's password.
  std::string path = testing::link_path(server(), sent[1].fields["link"]);
  EXPECT_EQ(owner.post_form(path, {{"password", attacker_password}}).status, 422);
  ASSERT_EQ(owner.post_form(path, {{"password", kSignUpPassword}}).status, 303);
  EXPECT_EQ(owner.get("/api/v1/account").json()["account"]["display_name"], "Vera Owner");
  EXPECT_EQ(sign_in(attacker, email, attacker_password).status, 401);
}

TEST_P(SignUpTest, AnAddressWithAnAccountGetsTheSameAnswerAndAnEmailSayingSo) {
  std::string known = "member@demo.kith.test";
  std::int64_t before = testing::queued(server(), "account_exists", known).size();
  auto a = browser();
  auto b = browser();
  auto fresh = sign_up(a, "Tess New", fresh_email("tess"));
  auto again = sign_up(b, "Someone Else", known, "different lantern kettle");
  EXPECT_EQ(again.status, fresh.status);
  EXPECT_EQ(again.header("Location"), fresh.header("Location"));
  EXPECT_EQ(b.get(again.header("Location")).body.size(), a.get(fresh.header("Location")).body.size());
  EXPECT_EQ(users_with(known), 1);
  auto told = testing::queued(server(), "account_exists", known);
  ASSERT_EQ(told.size(), before + 1u);
  EXPECT_EQ(told.back().fields["name"], "Mel Member (demo)");
  EXPECT_EQ(testing::link_path(server(), told.back().fields["link"]), "/password/forgot");
  EXPECT_TRUE(testing::queued(server(), "verify_email", known).empty());
  // The demo member's password still works: nothing about the account changed.
  EXPECT_EQ(sign_in(b, known, "kith-demo-member").status, 303);
  // Signing up again within the hour queues no second email to the same person.
  auto c = browser();
  sign_up(c, "Someone Else", known, "different lantern kettle");
  EXPECT_EQ(testing::queued(server(), "account_exists", known).size(), told.size());
}

TEST_P(SignUpTest, ANewLinkGoesOnlyToAnUnconfirmedAccountAndTheAnswerIsTheSame) {
  std::string email = fresh_email("una");
  auto b = browser();
  ASSERT_EQ(sign_up(b, "Una Ward", email).status, 303);
  auto again = b.post_form("/verify", {{"email", email}});
  auto stranger = b.post_form("/verify", {{"email", fresh_email("nobody")}});
  auto active = b.post_form("/verify", {{"email", "officer@demo.kith.test"}});
  for (const auto* r : {&again, &stranger, &active}) {
    EXPECT_EQ(r->status, 303);
    EXPECT_EQ(r->header("Location"), "/sign-up/check-your-email");
  }
  auto sent = testing::queued(server(), "verify_email", email);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_NE(sent[0].fields["link"], sent[1].fields["link"]);
  EXPECT_TRUE(testing::queued(server(), "verify_email", "officer@demo.kith.test").empty());
  // Only the newest link works: asking for another voids the one before.
  std::string older = testing::link_path(server(), sent[0].fields["link"]);
  EXPECT_EQ(b.post_form(older, {{"password", kSignUpPassword}}).status, 404);
  std::string newest = testing::link_path(server(), sent[1].fields["link"]);
  EXPECT_EQ(b.post_form(newest, {{"password", kSignUpPassword}}).status, 303);
}

TEST_P(SignUpTest, APasswordIsResetByAnEmailedLinkThatWorksOnceEndsEverySessionAndExpires) {
  std::string email = fresh_email("pia");
  {
    auto db = server().app().database().acquire();
    store::Transaction tx(*db, true);
    auto u = accounts::add_user(*db, audit::Actor::system("test"), email, "Pia Reset", kSignUpPassword, {"member"});
    ASSERT_TRUE(u) << u.error().message;
    tx.commit();
  }
  auto laptop = browser();
  laptop.sign_in(email, kSignUpPassword);
  ASSERT_EQ(laptop.get("/api/v1/account").status, 200);
  auto b = browser();
  EXPECT_TRUE(contains(b.get("/sign-in").body, "href=\"/password/forgot\""));
  // The answer takes no less than its floor either way, so its time does not say
  // whether the address has an account.
  auto timed = [&](const std::string& address) {
    auto started = std::chrono::steady_clock::now();
    auto reply = b.post_form("/password/forgot", {{"email", address}});
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    EXPECT_GE(ms, 150.0) << address;
    return reply;
  };
  auto asked = timed(email);
  auto unknown = timed(fresh_email("nobody"));
  ASSERT_EQ(asked.status, 303) << asked.body;
  EXPECT_EQ(asked.header("Location"), "/password/check-your-email");
  EXPECT_EQ(unknown.status, asked.status);
  EXPECT_EQ(unknown.header("Location"), asked.header("Location"));
  // The test server sends no email: the page does not promise a link that cannot come.
  auto no_link = b.get("/password/check-your-email").body;
  EXPECT_NE(no_link.find("This site is not sending email yet"), std::string::npos) << no_link;
  EXPECT_EQ(no_link.find("we have sent it a link"), std::string::npos);

  // Asked twice: the newer link is used, and the older one dies with the change.
  ASSERT_EQ(b.post_form("/password/forgot", {{"email", email}}).status, 303);
  auto sent = testing::queued(server(), "password_reset", email);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].fields["name"], "Pia Reset");
  std::string older = testing::link_path(server(), sent[0].fields["link"]);
  std::string path = testing::link_path(server(), sent[1].fields["link"]);
  EXPECT_EQ(b.get(older).status, 200);
  ASSERT_EQ(path.rfind("/password/reset/", 0), 0u) << path;
  EXPECT_EQ(b.get(path).status, 200);
  // The NCSC rules hold here too.
  EXPECT_EQ(b.post_form(path, {{"password", "password1"}, {"confirm_password", "password1"}}).status, 422);
  const std::string fresh = "granite meadow bicycle";
  auto changed = b.post_form(path, {{"password", fresh}, {"confirm_password", fresh}});
  ASSERT_EQ(changed.status, 303) << changed.body;
  EXPECT_EQ(changed.header("Location"), "/sign-in");
  // Every session ended; the old password no longer works, the new one does.
  EXPECT_EQ(laptop.get("/api/v1/account").status, 401);
  EXPECT_EQ(sign_in(b, email, kSignUpPassword).status, 401);
  EXPECT_EQ(sign_in(b, email, fresh).status, 303);
  auto told = testing::queued(server(), "password_changed", email);
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].fields["name"], "Pia Reset");
  EXPECT_FALSE(told[0].fields.contains("link"));
  // The link worked once, and the older link no longer works.
  EXPECT_EQ(browser().get(path).status, 404);
  EXPECT_EQ(browser().get(older).status, 404);
  EXPECT_EQ(browser()
                .post_form(path, {{"password", "another long phrase"}, {"confirm_password", "another long phrase"}})
                .status,
            404);

  // A link an hour old no longer works.
  ASSERT_EQ(b.post_form("/password/forgot", {{"email", email}}).status, 303);
  sent = testing::queued(server(), "password_reset", email);
  ASSERT_EQ(sent.size(), 3u);
  std::string late = testing::link_path(server(), sent[2].fields["link"]);
  {
    auto db = server().app().database().acquire();
    std::string token = late.substr(std::string("/password/reset/").size());
    db->exec("UPDATE account_tokens SET expires_at = ? WHERE token_hash = ?",
             {std::string("2020-01-01T00:00:00Z"), sha256_hex(token)});
  }
  EXPECT_EQ(browser().get(late).status, 404);
}

TEST_P(SignUpTest, AnAdminsInvitationGoesByEmailAndIsStillShownToTheAdmin) {
  std::string email = fresh_email("ivan");
  auto admin = signed_in("admin");
  auto r = admin.post_json("/api/v1/admin/users/invite",
                           {{"email", email}, {"display_name", "Ivan Invited"}, {"roles", {"member"}}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto sent = testing::queued(server(), "invitation", email);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].fields["link"], r.json()["invitation_url"]);
  EXPECT_EQ(sent[0].fields["invited_by"], "Ada Admin (demo)");
  EXPECT_EQ(sent[0].fields["name"], "Ivan Invited");
}

// Someone without email: the admin invites them by mobile number, the invitation and
// every message after it come by text, they sign in with the number however they write
// it, and a forgotten password is reset by text too.
TEST_P(SignUpTest, SomeoneWithoutEmailIsInvitedByTextSignsInWithTheirNumberAndHearsByText) {
  static std::atomic<int> counter{100};
  std::string digits = std::to_string(counter++ + (GetParam() == "sqlite" ? 0 : 400));
  const std::string mobile = "+447700900" + digits;
  auto admin = signed_in("admin");
  EXPECT_TRUE(contains(admin.get("/admin/users/invite").body, "name=\"phone\""));
  auto neither = admin.post_json("/api/v1/admin/users/invite",
                                 {{"email", ""}, {"phone", ""}, {"display_name", "Mo Text"}, {"roles", {"member"}}});
  EXPECT_EQ(neither.status, 422);
  EXPECT_TRUE(contains(neither.body, "or their mobile number if they have no email")) << neither.body;
  auto landline =
      admin.post_json("/api/v1/admin/users/invite",
                      {{"email", ""}, {"phone", "0114 273 4567"}, {"display_name", "Mo Text"}, {"roles", {"member"}}});
  EXPECT_EQ(landline.status, 422);
  EXPECT_TRUE(contains(landline.body, "Enter a UK mobile number")) << landline.body;

  auto r = admin.post_json(
      "/api/v1/admin/users/invite",
      {{"email", ""}, {"phone", "07700 900 " + digits}, {"display_name", "Mo Text"}, {"roles", {"member"}}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(r.json()["user"]["email"].is_null()) << r.body;
  EXPECT_EQ(r.json()["user"]["phone"], mobile);
  std::int64_t id = r.json()["user"]["id"].get<std::int64_t>();
  auto invited = testing::queued(server(), "invitation", mobile);
  ASSERT_EQ(invited.size(), 1u);
  EXPECT_EQ(invited[0].fields["link"], r.json()["invitation_url"]);
  auto channel = [&](std::int64_t message) {
    auto db = server().app().database().acquire();
    return db->query_one("SELECT channel FROM outbox WHERE id = ?", {message})->text(0);
  };
  EXPECT_EQ(channel(invited[0].id), "sms");
  EXPECT_TRUE(contains(admin.get("/admin/users").body, mobile + " (mobile; no email)"));
  // One account without email for a number.
  auto again = admin.post_json("/api/v1/admin/users/invite",
                               {{"email", ""}, {"phone", mobile}, {"display_name", "Mo Again"}, {"roles", {"member"}}});
  EXPECT_EQ(again.status, 422);
  EXPECT_TRUE(contains(again.body, "There is already an account without email for this mobile number")) << again.body;

  auto b = browser();
  std::string link = testing::link_path(server(), invited[0].fields["link"]);
  auto page = b.get(link);
  EXPECT_TRUE(contains(page.body, mobile)) << page.body;
  EXPECT_TRUE(contains(page.body, "You will sign in with this mobile number"));
  auto set = b.post_form(link, {{"password", kSignUpPassword}, {"confirm_password", kSignUpPassword}});
  ASSERT_EQ(set.status, 303) << set.body;
  // However they write the number; a wrong password is the same answer as ever.
  EXPECT_EQ(sign_in(b, "07700900" + digits, "not the password").status, 401);
  ASSERT_EQ(sign_in(b, "+44 7700 900 " + digits, kSignUpPassword).status, 303);
  auto account = b.get("/account").body;
  EXPECT_TRUE(contains(account, "Mobile number (you sign in with it)")) << account;
  EXPECT_TRUE(contains(account, mobile));

  // Messages come by text: email is not theirs to choose.
  auto settings = b.get("/account/messages").body;
  EXPECT_TRUE(contains(settings, "Your account has no email address, so messages come by text")) << settings;
  EXPECT_FALSE(contains(settings, "value=\"email\""));
  EXPECT_FALSE(contains(settings, "name=\"phone\"")) << "their number signs them in: not changed here";
  auto by_email = b.post_form("/account/messages", {{"kind_exchange_to_confirm", "email"}});
  EXPECT_EQ(by_email.status, 422);
  EXPECT_TRUE(contains(by_email.body, "Your account has no email address: choose texts or never")) << by_email.body;
  {
    auto db = server().app().database().acquire();
    store::Transaction tx(*db, true);
    audit::Actor actor = audit::Actor::system("test");
    actor.site = "http://127.0.0.1";
    EXPECT_TRUE(accounts::notify(*db, actor, id, "exchange_to_confirm",
                                 {{"hours", "60"}, {"with", "Ann"}, {"link", "/timebank/exchanges/1"}},
                                 "test:without-email:" + mobile));
    tx.commit();
  }
  auto told = testing::queued(server(), "exchange_to_confirm", mobile);
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(channel(told[0].id), "sms");
  EXPECT_EQ(told[0].fields["name"], "Mo Text");

  // A forgotten password: the link goes by text, and sets a new one.
  auto other = browser();
  ASSERT_EQ(other.post_form("/password/forgot", {{"email", "07700 900" + digits}}).status, 303);
  auto reset = testing::queued(server(), "password_reset", mobile);
  ASSERT_EQ(reset.size(), 1u);
  EXPECT_EQ(channel(reset[0].id), "sms");
  const std::string fresh = "granite meadow bicycle";
  std::string path = testing::link_path(server(), reset[0].fields["link"]);
  ASSERT_EQ(other.post_form(path, {{"password", fresh}, {"confirm_password", fresh}}).status, 303);
  EXPECT_EQ(sign_in(other, mobile, fresh).status, 303);
  EXPECT_EQ(testing::queued(server(), "password_changed", mobile).size(), 1u);
  auto nonsense = other.post_form("/password/forgot", {{"email", "not an address"}});
  EXPECT_EQ(nonsense.status, 422);
  EXPECT_TRUE(contains(nonsense.body, "or a UK mobile number like 07700 900 123")) << nonsense.body;

  // A new phone: the admin changes the number they sign in with (they cannot).
  const std::string user_page = "/admin/users/" + std::to_string(id);
  EXPECT_TRUE(contains(admin.get(user_page).body, "value=\"" + mobile + "\"")) << "the number, to change";
  EXPECT_EQ(admin.post_form(user_page, {{"phone", "01142734567"}, {"roles", "member"}, {"status", "active"}}).status,
            422);
  const std::string next = "+447700901" + digits;
  auto moved = admin.post_form(user_page, {{"phone", "07700 901" + digits}, {"roles", "member"}, {"status", "active"}});
  ASSERT_EQ(moved.status, 303) << moved.body;
  auto third = browser();
  EXPECT_EQ(sign_in(third, mobile, fresh).status, 401);
  EXPECT_EQ(sign_in(third, next, fresh).status, 303);
  auto ivan = admin.post_json("/api/v1/admin/users/invite",
                              {{"email", fresh_email("ivy")}, {"display_name", "Ivy Email"}, {"roles", {"member"}}});
  ASSERT_EQ(ivan.status, 201);
  auto not_theirs = admin.post_form("/admin/users/" + std::to_string(ivan.json()["user"]["id"].get<std::int64_t>()),
                                    {{"phone", next}, {"roles", "member"}, {"status", "invited"}});
  EXPECT_EQ(not_theirs.status, 422) << "an account with email chooses its own number";
}

// An invitation by text is the account's key until it is taken up: it stops working
// when the admin disables the account or corrects the number (a new one goes to the
// new number); an admin erases an account without email by its number; numbers that
// cannot take a text, and anything else that is not an address, are named.
TEST_P(SignUpTest, AnInvitationByTextEndsWithItsNumberAndAnAccountWithoutEmailIsErasedByNumber) {
  static std::atomic<int> counter{200};
  std::string digits = std::to_string(counter++ + (GetParam() == "sqlite" ? 0 : 400));
  auto admin = signed_in("admin");
  auto invite = [&](const std::string& phone, const std::string& name) {
    return admin.post_json("/api/v1/admin/users/invite",
                           {{"email", ""}, {"phone", phone}, {"display_name", name}, {"roles", {"member"}}});
  };
  for (const std::string not_a_mobile : {"070 1234 5678", "076 1234 5678"})
    EXPECT_EQ(invite(not_a_mobile, "Pat Pager").status, 422) << not_a_mobile;
  auto b = browser();
  for (const std::string nonsense : {"+1 212 555 0100", "+hello", "+44 20 7946 0000"}) {
    auto r = b.post_form("/password/forgot", {{"email", nonsense}});
    EXPECT_EQ(r.status, 422) << nonsense;
  }

  // A typo in the number: corrected, the first link dies and a new one goes to the new number.
  const std::string typo = "+447700902" + digits, right = "+447700903" + digits;
  auto made = invite(typo, "Tia Typo");
  ASSERT_EQ(made.status, 201) << made.body;
  std::int64_t id = made.json()["user"]["id"].get<std::int64_t>();
  std::string first = testing::link_path(server(), made.json()["invitation_url"]);
  auto fixed = admin.post_json("/api/v1/admin/users/" + std::to_string(id),
                               {{"phone", right}, {"roles", {"member"}}, {"status", "invited"}});
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  EXPECT_EQ(b.get(first).status, 404) << "the link texted to the wrong number no longer works";
  EXPECT_EQ(testing::queued(server(), "invitation", typo).size(), 0u) << "nor is it sent";
  auto texted = testing::queued(server(), "invitation", right);
  ASSERT_EQ(texted.size(), 1u);
  EXPECT_EQ(texted[0].fields["link"], fixed.json()["invitation_url"]);
  std::string second = testing::link_path(server(), texted[0].fields["link"]);
  EXPECT_EQ(b.get(second).status, 200);
  // Disabled before it is taken up: the link no longer works either.
  ASSERT_EQ(
      admin.post_json("/api/v1/admin/users/" + std::to_string(id), {{"roles", {"member"}}, {"status", "disabled"}})
          .status,
      200);
  EXPECT_EQ(b.post_form(second, {{"password", kSignUpPassword}, {"confirm_password", kSignUpPassword}}).status, 404);

  // Erased by an admin, found by the number however it is written.
  const std::string mobile = "+447700904" + digits;
  auto pat = invite(mobile, "Pat Paper");
  ASSERT_EQ(pat.status, 201) << pat.body;
  ASSERT_EQ(b.post_form(testing::link_path(server(), pat.json()["invitation_url"]),
                        {{"password", kSignUpPassword}, {"confirm_password", kSignUpPassword}})
                .status,
            303);
  auto erased = admin.post_json("/api/v1/admin/erasure", {{"email", "07700 904" + digits},
                                                          {"channel", "in-person"},
                                                          {"reason", "Asked at the hub; checked their card"},
                                                          {"confirm", "yes"}});
  ASSERT_EQ(erased.status, 200) << erased.body;
  auto told = testing::queued(server(), "account_erased", mobile);
  ASSERT_EQ(told.size(), 1u) << "the confirmation goes by text";
  EXPECT_EQ(sign_in(b, mobile, kSignUpPassword).status, 401);
  EXPECT_FALSE(contains(admin.get("/admin/users").body, mobile));
}

TEST_P(SignUpTest, AnAddressIsOneAccountWhateverTheCaseOfItsLettersAndTheNameRuleIsTheOneEveryFormUses) {
  // "ZOË" and "zoë" are one address: the second sign-up restarts the first account.
  std::string local = "zoë-" + fresh_email("case");
  std::string upper = "ZOË-" + local.substr(std::string("zoë-").size());
  for (auto& c : upper)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  auto b = browser();
  ASSERT_EQ(sign_up(b, "Zoë Upper", upper).status, 303);
  ASSERT_EQ(sign_up(b, "Aaliyah Zoë", local).status, 303);
  EXPECT_EQ(users_with(local), 1);
  EXPECT_EQ(users_with(upper), 0);  // kept in its folded form
  {
    auto db = server().app().database().acquire();
    EXPECT_EQ(db->query_one("SELECT display_name FROM users WHERE email = ?", {local})->text(0), "Aaliyah Zoë");
  }
  // Admins see it has not been confirmed, not "Active".
  auto admin = signed_in("admin");
  auto users = admin.get("/admin/users");
  ASSERT_EQ(users.status, 200);
  auto row = users.body.find(local);
  ASSERT_NE(row, std::string::npos);
  auto row_end = users.body.find("</tr>", row);
  std::string cells = users.body.substr(row, row_end - row);
  EXPECT_TRUE(contains(cells, ">Not confirmed yet</strong>")) << cells;
  EXPECT_FALSE(contains(cells, ">Active<")) << cells;

  // One name rule: sign-up refuses what the other forms refuse.
  for (const std::string& bad :
       {std::string("12345"), std::string("Ann\tSmith"), std::string(121, 'a'), std::string("<b>Ann</b>")}) {
    std::string email = fresh_email("badname");
    auto r = sign_up(b, bad, email);
    EXPECT_EQ(r.status, 422) << bad;
    EXPECT_EQ(users_with(email), 0) << bad;
  }
  auto digits = sign_up(b, "12345", fresh_email("digits"));
  EXPECT_TRUE(contains(digits.body, "Name must have at least one letter")) << digits.body;
  auto invited = admin.post_json("/api/v1/admin/users/invite",
                                 {{"email", fresh_email("invitee")}, {"display_name", "12345"}, {"roles", {"member"}}});
  EXPECT_EQ(invited.status, 422);
  auto member = signed_in("member");
  auto joined = member.post_json("/api/v1/timebank/tilbury-chadwell",
                                 {{"name", "Ann\nSmith"}, {"kind", "member"}, {"postcode", ""}});
  EXPECT_EQ(joined.status, 422) << joined.body;
  EXPECT_TRUE(contains(joined.body, "Name must not hold control characters")) << joined.body;
}

TEST_P(SignUpTest, YourAccountShowsTheDayItWasMadeInWords) {
  auto member = signed_in("member");
  const Json me = member.get("/api/v1/account").json();
  std::string created = me["account"]["created_at"];
  std::string words = me["account"]["created_text"];
  EXPECT_EQ(words, date_in_words(created));
  EXPECT_NE(words.find(created.substr(0, 4)), std::string::npos);  // the year
  auto page = member.get("/account");
  EXPECT_TRUE(contains(page.body, "<dd class=\"govuk-summary-list__value\">" + words + "</dd>")) << page.body;
  EXPECT_FALSE(contains(page.body, created)) << "the raw timestamp";
}

INSTANTIATE_TEST_SUITE_P(Backends, SignUpTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

// Throttling, on a fresh database with the policy's real limits.
class SignUpThrottleTest : public testing::FreshDatabaseTest {};

TEST_P(SignUpThrottleTest, SignUpsAndResetsArePausedPerAddressAndPerClientWhetherOrNotTheAccountExists) {
  auto from = [](const std::string& ip) {
    audit::Actor a = audit::Actor::system("test");
    a.ip = ip;
    a.site = "https://kith.example";
    return a;
  };
  accounts::SignUp s{"Vic", "vic@example.org", kSignUpPassword, kSignUpPassword, true};
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(accounts::sign_up(db(), from("203.0.113.1"), s)) << i;
  auto paused = accounts::sign_up(db(), from("203.0.113.1"), s);
  ASSERT_FALSE(paused);
  EXPECT_EQ(paused.error().code, "too-many-attempts");
  EXPECT_EQ(paused.error().message, "There have been too many attempts to make an account. Try again in 60 minutes.");
  // Another client may still (up to the address's limit of 5).
  EXPECT_TRUE(accounts::sign_up(db(), from("198.51.100.2"), s));
  EXPECT_TRUE(accounts::sign_up(db(), from("198.51.100.3"), s));
  EXPECT_FALSE(accounts::sign_up(db(), from("198.51.100.4"), s));
  // One account, still unconfirmed: each sign-up let through restarted it with a new
  // link (the earlier ones void), never more than the address's limit.
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM users WHERE email = 'vic@example.org'"), 1);
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'verify_email'"), 5);
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM account_tokens WHERE purpose = 'verify_email' AND used_at IS NULL"), 1);
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'account_exists'"), 0);

  // Resets: the same limits for an unknown address as for a known one.
  for (const std::string email : {"vic@example.org", "nobody@example.org"}) {
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(accounts::request_password_reset(db(), from("203.0.113.9"), email));
    auto r = accounts::request_password_reset(db(), from("203.0.113.9"), email);
    ASSERT_FALSE(r) << email;
    EXPECT_EQ(r.error().code, "too-many-attempts");
  }
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'password_reset'"), 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, SignUpThrottleTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
