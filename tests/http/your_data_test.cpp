// Your data over the real server on both backends: a member's copy holds what each
// module keeps about them — and nothing about anyone else — and each download is
// audited.
#include <gtest/gtest.h>

#include "support/harness.h"

namespace kith {
namespace {

using Json = nlohmann::json;

class YourDataTest : public testing::BackendSuite {};

TEST_P(YourDataTest, AMembersCopyHoldsTheirRecordsFromEveryModuleAndNoOneElses) {
  auto member = signed_in("member");
  auto other = signed_in("organisation");
  Json story = {{"title", "Mine to see" + tag()},
                {"body", "The lunch club made my week, every week."},
                {"perspective", "person"},
                {"consent", "evaluation"}};
  ASSERT_EQ(member.post_json("/api/v1/stories/tell", story).status, 201);
  story["title"] = "Not yours to see" + tag();
  ASSERT_EQ(other.post_json("/api/v1/stories/tell", story).status, 201);

  auto reply = member.post_form("/account/data.json", {});
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.header("Content-Type"), "application/json");
  const Json data = reply.json();
  EXPECT_EQ(data["account"]["profile"][0]["email"], "member@demo.kith.test");
  bool mine = false;
  for (const auto& s : data["stories"]["stories"]) mine = mine || s["title"] == "Mine to see" + tag();
  EXPECT_TRUE(mine);
  EXPECT_EQ(reply.body.find("Not yours to see"), std::string::npos);
  EXPECT_EQ(reply.body.find("organisation@demo.kith.test"), std::string::npos);
  EXPECT_EQ(reply.body.find("withdraw_token_hash"), std::string::npos);
  // The demo gave the member a grant application and a timebank account.
  EXPECT_FALSE(data["grants"]["applications"].empty());
  EXPECT_FALSE(data["timebank"]["accounts"].empty());
  EXPECT_TRUE(data.contains("budgets"));
  EXPECT_FALSE(data["activity"].empty());  // signing in and telling are in the log

  const Json page = member.get("/api/v1/account/data").json();
  bool listed = false;
  for (const auto& p : page["parts"]) listed = listed || (p["name"] == "stories" && p["records"].get<int>() >= 1);
  EXPECT_TRUE(listed);
  // The page names each part in words, not by its code.
  const std::string html = member.get("/account/data").body;
  EXPECT_NE(html.find("class=\"govuk-table__header\">Stories</th>"), std::string::npos);
  EXPECT_NE(html.find("class=\"govuk-table__header\">Your account</th>"), std::string::npos);
  EXPECT_EQ(html.find("class=\"govuk-table__header\">stories</th>"), std::string::npos);
  EXPECT_EQ(browser().post_form("/account/data.json", {}).status, 303);  // sign in first

  const Json log = signed_in("admin").get("/api/v1/admin/audit?entity=user").json();
  bool audited = false;
  for (const auto& e : log["entries"]) audited = audited || e["action"] == "account.export";
  EXPECT_TRUE(audited);
}

INSTANTIATE_TEST_SUITE_P(Backends, YourDataTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
