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
}

TEST(Accounts, PasswordsNeedLengthNotCommonness) {
  EXPECT_FALSE(password_problem("purple tiger lamp"));
  EXPECT_EQ(*password_problem("short"), "Password must be 10 characters or more");
  EXPECT_TRUE(password_problem("Password123"));
}

TEST(Throttle, AllowsUntilFiveRecentFailuresThenWaitsFromTheLast) {
  ThrottlePolicy p;
  std::int64_t now = 100000;
  std::vector<std::int64_t> four = {now - 100, now - 80, now - 60, now - 40};
  EXPECT_EQ(throttle_wait(four, {}, now, p), 0);
  auto five = four;
  five.push_back(now - 20);
  EXPECT_EQ(throttle_wait(five, {}, now, p), p.lockout_s - 20);
  // Failures older than the window no longer count.
  std::vector<std::int64_t> old(10, now - p.window_s - 1);
  EXPECT_EQ(throttle_wait(old, {}, now, p), 0);
}

TEST(Throttle, OneAddressTryingManyAccountsIsSlowedToo) {
  ThrottlePolicy p;
  std::int64_t now = 100000;
  std::vector<std::int64_t> ip(p.max_ip_failures, now - 10);
  EXPECT_GT(throttle_wait({}, ip, now, p), 0);
  ip.pop_back();
  EXPECT_EQ(throttle_wait({}, ip, now, p), 0);
}

}  // namespace
}  // namespace kith::accounts
