// Signing in over the real store on both backends, many clients at once (each
// attempt names its client's address, as the server does from the connection or a
// trusted proxy): throttled by account and by client, so one attacker can neither
// guess freely nor lock others out; and a failure is alike, in answer and in time,
// whatever the state of the account behind the email.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "accounts/account_store.h"
#include "accounts/service.h"
#include "audit/audit.h"
#include "support/harness.h"

namespace kith {
namespace {

using accounts::ThrottlePolicy;

constexpr const char* kSignInPassword = "purple tiger lamp";

class SignInTest : public testing::FreshDatabaseTest {
 protected:
  std::int64_t active(const std::string& email) {
    auto u = accounts::add_user(db(), actor_, email, "Someone", kSignInPassword, {"member"});
    EXPECT_TRUE(u) << u.error().message;
    return u ? u->id : 0;
  }
  // "ok", or the error's code.
  std::string attempt(const std::string& email, const std::string& password, const std::string& ip,
                      const ThrottlePolicy& policy) {
    auto r = accounts::sign_in(db(), email, password, ip, policy);
    return r ? "ok" : r.error().code;
  }
  audit::Actor actor_ = audit::Actor::system("test");
};

// Small limits, so each rule is reached in a few attempts.
ThrottlePolicy small(int account_client, int account, int client) {
  ThrottlePolicy p;
  p.max_account_client_failures = account_client;
  p.max_account_failures = account;
  p.max_client_failures = client;
  return p;
}

TEST_P(SignInTest, OneClientGuessingIsPausedWithoutLockingTheAccountForOthers) {
  auto p = small(2, 4, 6);
  active("sam@example.org");
  EXPECT_EQ(attempt("sam@example.org", "wrong guess one", "203.0.113.1", p), "sign-in-failed");
  EXPECT_EQ(attempt("Sam@Example.org", "wrong guess two", "203.0.113.1", p), "sign-in-failed");
  // The guesser is paused, even with the right password...
  EXPECT_EQ(attempt("sam@example.org", kSignInPassword, "203.0.113.1", p), "too-many-attempts");
  // ...but Sam, elsewhere, signs in.
  EXPECT_EQ(attempt("sam@example.org", kSignInPassword, "198.51.100.9", p), "ok");
}

TEST_P(SignInTest, AnAccountGuessedFromManyClientsIsPausedAndAnUnknownEmailAlike) {
  auto p = small(2, 4, 100);
  active("kim@example.org");
  for (const char* email : {"kim@example.org", "nobody@example.org"}) {
    for (int i = 1; i <= 4; ++i)
      EXPECT_EQ(attempt(email, "wrong guess", "203.0.113." + std::to_string(i), p), "sign-in-failed") << email;
    auto paused = accounts::sign_in(db(), email, kSignInPassword, "203.0.113.50", p);
    ASSERT_FALSE(paused) << email;
    EXPECT_EQ(paused.error().code, "too-many-attempts");
    EXPECT_EQ(paused.error().message, "There have been too many failed attempts to sign in. Try again in 15 minutes.");
  }
}

TEST_P(SignInTest, OneClientTryingManyAccountsIsPausedButOthersAreNot) {
  auto p = small(5, 20, 6);
  active("lee@example.org");
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(attempt("person" + std::to_string(i) + "@example.org", "wrong guess", "203.0.113.7", p),
              "sign-in-failed");
  EXPECT_EQ(attempt("lee@example.org", kSignInPassword, "203.0.113.7", p), "too-many-attempts");
  EXPECT_EQ(attempt("lee@example.org", kSignInPassword, "203.0.113.8", p), "ok");
}

TEST_P(SignInTest, TheDefaultsPauseOneClientAtFivePerAccountAndLetAnOfficeWorkOn) {
  // An office behind one address: one person mistypes five times and is paused;
  // a colleague at the same address is not.
  active("ann@example.org");
  active("bob@example.org");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(attempt("ann@example.org", "wrong guess", "192.0.2.1", {}), "sign-in-failed");
  EXPECT_EQ(attempt("ann@example.org", kSignInPassword, "192.0.2.1", {}), "too-many-attempts");
  EXPECT_EQ(attempt("bob@example.org", kSignInPassword, "192.0.2.1", {}), "ok");
}

TEST_P(SignInTest, AFailureIsAlikeInAnswerAndTimeWhateverTheAccountsState) {
  auto open = small(1000, 1000, 1000);  // measure the work, not the throttle
  active("active@example.org");
  ASSERT_TRUE(accounts::invite(db(), actor_, "invited@example.org", "", "Invited", {"member"}));
  std::int64_t disabled = active("disabled@example.org");
  ASSERT_TRUE(accounts::set_roles(db(), actor_, disabled, {"member"}, "disabled"));
  const std::vector<std::string> states = {"active@example.org", "nobody@example.org", "invited@example.org",
                                           "disabled@example.org"};

  // The same answer for each, and for a disabled account's right password too.
  auto answer = [&](const std::string& email, const std::string& password) {
    auto r = accounts::sign_in(db(), email, password, "192.0.2.7", open);
    EXPECT_FALSE(r) << email;
    if (r) return std::string("signed in");
    std::string fields;
    for (const auto& f : r.error().fields) fields += f.field + ": " + f.message + "; ";
    return r.error().code + " | " + r.error().message + " | " + fields;
  };
  std::string expected = answer("active@example.org", "wrong guess");
  EXPECT_EQ(expected,
            "sign-in-failed | The email address, mobile number or password is not right | email: Enter a correct email "
            "address or mobile number, and "
            "password; ");
  for (const auto& email : states) EXPECT_EQ(answer(email, "wrong guess"), expected) << email;
  EXPECT_EQ(answer("disabled@example.org", kSignInPassword), expected);

  // The time: rounds over the states in turn, so a noisy moment falls on all alike;
  // each state's median within half and twice the active account's.
  constexpr int kRounds = 11;
  std::map<std::string, std::vector<double>> ms;
  for (int round = 0; round < kRounds; ++round)
    for (const auto& email : states) {
      auto start = std::chrono::steady_clock::now();
      auto r = accounts::sign_in(db(), email, "wrong guess " + std::to_string(round), "192.0.2.8", open);
      ms[email].push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
      EXPECT_FALSE(r);
    }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  double reference = median(ms["active@example.org"]);
  ASSERT_GT(reference, 0.0);
  for (const auto& email : states) {
    double m = median(ms[email]);
    EXPECT_GE(m, 0.5 * reference) << email << ": " << m << " ms against " << reference << " ms";
    EXPECT_LE(m, 2.0 * reference) << email << ": " << m << " ms against " << reference << " ms";
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, SignInTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
