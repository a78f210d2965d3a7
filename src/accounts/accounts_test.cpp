#include "accounts/accounts.h"

#include <gtest/gtest.h>

namespace kith::accounts {
namespace {

TEST(Accounts, EveryRoleOfTheProductExists) {
  for (const char* r : {"member", "organisation", "moderator", "coordinator", "panel", "officer", "admin"})
    EXPECT_TRUE(is_role(r)) << r;
  EXPECT_FALSE(is_role("superuser"));
}

TEST(Accounts, EmailsAreCheckedAndNormalised) {
  EXPECT_EQ(normalise_email("  Ada@Example.ORG "), "ada@example.org");
  EXPECT_FALSE(email_problem("ada@example.org"));
  EXPECT_EQ(*email_problem(""), "Enter an email address");
  EXPECT_TRUE(email_problem("ada.example.org"));
  EXPECT_TRUE(email_problem("ada@example"));
  EXPECT_TRUE(email_problem("a da@example.org"));
  // One mailbox, no more: what a relay would read as several addresses or a header is
  // refused, as are address literals and a domain not in its ASCII (xn--) form.
  for (const char* bad : {"a@x.org,b@y.org", "a@x.org>,<b@y.org", "x@x.org\r\nbcc:evil@e.org", "a@[127.0.0.1]",
                          "\xc3\xbcn\xc3\xaf@ex\xc3\xa4mple.org", "a@@x.org", "a@x@y.org", ".a@x.org", "a.@x.org",
                          "a..b@x.org", "a@-x.org", "a@x-.org", "a@x..org", "\"a b\"@x.org", "a(c)@x.org"})
    EXPECT_TRUE(email_problem(bad)) << bad;
  for (const char* good : {"o'brien@example.co.uk", "first.last+kith@sub.example.org", "a@xn--bcher-kva.example",
                           "zo\xc3\xab@example.org", "user_1@x1.org", "UPPER@EXAMPLE.ORG"})
    EXPECT_FALSE(email_problem(good)) << good;
}

TEST(Accounts, PasswordsNeedLengthNotCommonness) {
  EXPECT_FALSE(password_problem("purple tiger lamp"));
  EXPECT_FALSE(password_problem("kith-demo-member"));
  EXPECT_EQ(*password_problem("short"), "Password must be 10 characters or more");
  // Length is counted in characters: nine two-byte letters are still too short.
  EXPECT_TRUE(password_problem("ééééééééé"));
  EXPECT_FALSE(password_problem("ééééé éééé"));
  // A long passphrase is welcome up to 256 characters.
  std::string phrase;
  while (phrase.size() < 256) phrase += "purple tiger lamp ";
  EXPECT_FALSE(password_problem(phrase.substr(0, 256)));
  EXPECT_EQ(*password_problem(phrase.substr(0, 257)), "Password must be 256 characters or fewer");
}

TEST(Accounts, CommonPasswordsFromTheShippedListAreRefusedInAnyCase) {
  // zxcvbn's list holds 30,000; these are on it.
  for (const char* p : {"Password12", "password123", "PASSWORD12", "1q2w3e4r5t", "qwertyuiop", "iloveyou123"}) {
    ASSERT_TRUE(password_problem(p)) << p;
    EXPECT_EQ(password_problem(p)->rfind("This password is one of the most commonly used", 0), 0u) << p;
    EXPECT_TRUE(is_common_password(p)) << p;
  }
  EXPECT_TRUE(is_common_password("dragon"));  // short ones are on the list too
  EXPECT_FALSE(is_common_password("purple tiger lamp"));
}

TEST(Accounts, RepeatedCharactersAndSimpleSequencesAreRefused) {
  for (const char* p : {"aaaaaaaaaa", "ZZZZZZZZZZZZ", "abababababab", "abcabcabcabc", "abcdefghijkl", "9876543210",
                        "0123456789", "zyxwvutsrqpon"}) {
    ASSERT_TRUE(password_problem(p)) << p;
    EXPECT_NE(password_problem(p)->find("easy to guess"), std::string::npos) << p;
  }
  EXPECT_FALSE(password_problem("abcdefghik"));  // not quite a run
  EXPECT_FALSE(password_problem("aaaaabbbbb"));  // not one pattern repeated
}

TEST(Throttle, OneClientGuessingOneAccountIsPausedAfterFive) {
  ThrottlePolicy p;
  std::int64_t now = 100000;
  RecentFailures f;
  f.account_client = {now - 100, now - 80, now - 60, now - 40};
  f.account = f.account_client;
  f.client = f.account_client;
  EXPECT_EQ(throttle_wait(f, now, p), 0);
  f.account_client.push_back(now - 20);
  EXPECT_EQ(throttle_wait(f, now, p), p.lockout_s - 20);
  // Failures older than the window no longer count.
  RecentFailures old;
  old.account_client = std::vector<std::int64_t>(10, now - p.window_s - 1);
  EXPECT_EQ(throttle_wait(old, now, p), 0);
}

TEST(Throttle, AnAccountGuessedFromManyClientsIsPausedButNotByOneClientAlone) {
  ThrottlePolicy p;
  std::int64_t now = 100000;
  RecentFailures f;
  f.account = std::vector<std::int64_t>(p.max_account_failures - 1, now - 10);
  EXPECT_EQ(throttle_wait(f, now, p), 0);
  f.account.push_back(now - 5);
  EXPECT_EQ(throttle_wait(f, now, p), p.lockout_s - 5);
  // One client is held at five for an account, well below the account's own limit.
  EXPECT_LT(p.max_account_client_failures * 2, p.max_account_failures);
}

TEST(Throttle, OneClientTryingManyAccountsIsSlowedButAnOfficeIsNotByAFewTypos) {
  ThrottlePolicy p;
  std::int64_t now = 100000;
  RecentFailures f;
  f.client = std::vector<std::int64_t>(p.max_client_failures, now - 10);
  EXPECT_GT(throttle_wait(f, now, p), 0);
  f.client.pop_back();
  EXPECT_EQ(throttle_wait(f, now, p), 0);
  EXPECT_GE(p.max_client_failures, 100);
}

}  // namespace
}  // namespace kith::accounts
