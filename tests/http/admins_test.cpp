// The place always keeps someone to run it: the last active admin can neither lose the
// role nor have their account closed, by an admin or by themselves.
#include <gtest/gtest.h>

#include "accounts/erasure.h"
#include "accounts/service.h"
#include "audit/audit.h"
#include "support/harness.h"

namespace kith {
namespace {

class AdminsTest : public testing::FreshDatabaseTest {
 protected:
  std::int64_t admin(const std::string& email) {
    auto u = accounts::add_user(db(), actor_, email, "An admin", "purple tiger lamp", {"admin"});
    EXPECT_TRUE(u) << u.error().message;
    return u ? u->id : 0;
  }
  Result<std::int64_t> close(std::int64_t user) {
    return accounts::erase_account(db(), actor_, {}, {user, "phone", "Asked by phone"});
  }
  audit::Actor actor_ = audit::Actor::system("test");
};

TEST_P(AdminsTest, TheLastActiveAdminsAccountIsNotClosed) {
  std::int64_t ada = admin("ada@example.org");
  auto refused = close(ada);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "conflict");
  EXPECT_NE(refused.error().message.find("last active admin"), std::string::npos) << refused.error().message;
  EXPECT_FALSE(accounts::is_erased(db(), ada));

  // With a second admin, either may go; then the one left stays.
  std::int64_t bea = admin("bea@example.org");
  ASSERT_TRUE(close(ada));
  EXPECT_TRUE(accounts::is_erased(db(), ada));
  EXPECT_FALSE(close(bea));
  EXPECT_FALSE(accounts::is_erased(db(), bea));
  // Nor is the role taken from them.
  auto demoted = accounts::set_roles(db(), actor_, bea, {"member"}, "active");
  ASSERT_FALSE(demoted);
  ASSERT_EQ(demoted.error().fields.size(), 1u);
  EXPECT_NE(demoted.error().fields[0].message.find("last active admin"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, AdminsTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
