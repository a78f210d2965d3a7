// Stories over the real server on both backends: each consent level end to end
// (page, API, feed, moderation), redaction, withdrawal, and the outcome framework.
#include <gtest/gtest.h>

#include <map>

#include "support/harness.h"

namespace kith {
namespace {

using Json = nlohmann::json;

class StoriesTest : public testing::BackendSuite {
 protected:
  static Json telling(const std::string& title, const std::string& consent, const std::string& body) {
    return {{"title", title},
            {"body", body},
            {"perspective", "person"},
            {"consent", consent},
            {"teller_name", "Rosa Quill"},
            {"postcode", "DY1 1HL"},
            {"outcomes", {"belonging", "active"}}};
  }
};

using testing::contains;

TEST_P(StoriesTest, EachConsentLevelIsKeptEndToEnd) {
  auto teller = browser();  // no account
  std::string tag = " (" + GetParam() + " consent test)";
  const std::string secret = "Flat 3B Tipton Road";
  auto tell = [&](const std::string& consent) {
    auto r = teller.post_json(
        "/api/v1/stories/tell",
        telling("Story " + consent + tag, consent,
                "We met at the hub every week and it changed everything for us. I live at " + secret + "."));
    EXPECT_TRUE(r.status == 201 || r.status == 200) << r.body;
    return r.json();
  };
  Json named = tell("named"), anonymous = tell("anonymous"), evaluation = tell("evaluation"), none = tell("none");
  EXPECT_EQ(none["kept"], false);
  auto bad = teller.post_json("/api/v1/stories/tell",
                              telling("Bad" + tag, "named", "<script>alert(1)</script> hello there all"));
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["errors"][0]["field"], "body");

  auto moderator = signed_in("moderator");
  std::string queue = moderator.get("/api/v1/moderate/stories").body;
  EXPECT_TRUE(contains(queue, "Story named" + tag));
  EXPECT_TRUE(contains(queue, "Story evaluation" + tag));
  EXPECT_FALSE(contains(queue, "Story none" + tag));  // nothing kept
  auto path = [](const Json& told) {
    return "/api/v1/moderate/stories/" + std::to_string(told["id"].get<std::int64_t>());
  };
  std::string redacted = "We met at the hub every week and it changed everything for us.";
  ASSERT_EQ(moderator.post_json(path(named), {{"decision", "publish"}, {"public_body", redacted}}).status, 200);
  ASSERT_EQ(moderator.post_json(path(anonymous), {{"decision", "publish"}, {"public_body", redacted}}).status, 200);
  auto refused = moderator.post_json(path(evaluation), {{"decision", "publish"}, {"public_body", redacted}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.json()["errors"][0]["field"], "decision");
  ASSERT_EQ(moderator.post_json(path(evaluation), {{"decision", "evaluation"}}).status, 200);
  EXPECT_EQ(browser().get(path(named)).status, 401);  // moderators only

  auto reader = browser();
  const Json list = reader.get("/api/v1/stories?q=consent%20test").json();
  std::map<std::string, Json> shown;
  for (const auto& s : list["stories"]) shown[s["title"]] = s;
  ASSERT_TRUE(shown.count("Story named" + tag));
  ASSERT_TRUE(shown.count("Story anonymous" + tag));
  EXPECT_FALSE(shown.count("Story evaluation" + tag));
  EXPECT_EQ(shown["Story named" + tag]["teller"], "Rosa Quill");
  EXPECT_EQ(shown["Story anonymous" + tag]["teller"], "Anonymous");
  std::string anonymous_page = reader.get("/stories/" + std::to_string(anonymous["id"].get<std::int64_t>())).body;
  EXPECT_FALSE(contains(anonymous_page, "Rosa Quill"));
  EXPECT_EQ(reader.get("/stories/" + std::to_string(evaluation["id"].get<std::int64_t>())).status, 404);
  std::string feed = reader.get("/stories.atom").body;
  EXPECT_TRUE(contains(feed, "Story named" + tag));
  EXPECT_FALSE(contains(feed, "Story evaluation" + tag));
  for (const auto& text : {list.dump(), feed, anonymous_page}) EXPECT_FALSE(contains(text, secret));  // redacted
  // Filters: by outcome and by area (the LSOA's authority, Dudley).
  EXPECT_TRUE(contains(reader.get("/api/v1/stories?outcome=belonging&area=E08000027").body, "Story named" + tag));
  EXPECT_FALSE(contains(reader.get("/api/v1/stories?outcome=purpose").body, "Story named" + tag));

  // Withdrawn by the teller's link: gone from every page and feed at once.
  std::string withdraw = "/api/v1" + named["withdraw"].get<std::string>();
  ASSERT_EQ(teller.post_json(withdraw, Json::object()).status, 200);
  EXPECT_EQ(reader.get("/stories/" + std::to_string(named["id"].get<std::int64_t>())).status, 404);
  EXPECT_FALSE(contains(reader.get("/stories.atom").body, "Story named" + tag));
  EXPECT_FALSE(contains(reader.get("/api/v1/stories?q=consent%20test").body, "Story named" + tag));
  EXPECT_EQ(teller.post_json(withdraw, Json::object()).status, 409);  // already withdrawn
}

TEST_P(StoriesTest, AWithdrawnStoryKeepsNoWordsNotEvenItsTitle) {
  // A worker records a story told to them, with the consent note; a moderator publishes it.
  auto worker = signed_in("coordinator");
  std::string title = "Withdrawn title" + tag();
  Json t = telling(title, "named", "The hub's Tuesday lunch got me out of the house again after the winter.");
  t["consent_note"] = "Told in person at the hub; agreed to publish with her name";
  auto told = worker.post_json("/api/v1/stories/tell", t);
  ASSERT_EQ(told.status, 201) << told.body;
  std::int64_t id = told.json()["id"];
  auto moderator = signed_in("moderator");
  ASSERT_EQ(
      moderator
          .post_json("/api/v1/moderate/stories/" + std::to_string(id),
                     {{"decision", "publish"}, {"public_body", "The hub's Tuesday lunch got me out of the house."}})
          .status,
      200);
  ASSERT_TRUE(contains(browser().get("/stories.atom").body, title));

  std::string withdraw = "/api/v1" + told.json()["withdraw"].get<std::string>();
  ASSERT_EQ(browser().post_json(withdraw, Json::object()).status, 200);
  auto handle = testing::shared_server(GetParam()).app().database().acquire();
  auto row = handle->query_one(
      "SELECT status, title, body, COALESCE(public_body, ''), teller_name, consent_note, decision_reason, "
      "COALESCE(lsoa_code, '') FROM stories WHERE id = ?",
      {id});
  ASSERT_TRUE(row);
  EXPECT_EQ(row->text(0), "withdrawn");
  for (std::size_t i = 1; i < 8; ++i) EXPECT_EQ(row->text(i), "") << "column " << i << " kept after withdrawal";
  // Nor does the audit log hold the words.
  for (const auto& entry : handle->query(
           "SELECT COALESCE(before_json, ''), COALESCE(after_json, '') FROM audit_log WHERE entity = 'story' AND "
           "entity_id = ?",
           {std::to_string(id)}))
    for (std::size_t i = 0; i < 2; ++i) {
      EXPECT_FALSE(contains(entry.text(i), "Withdrawn title")) << entry.text(i);
      EXPECT_FALSE(contains(entry.text(i), "Rosa Quill")) << entry.text(i);
    }
  EXPECT_FALSE(contains(browser().get("/stories.atom").body, title));
}

// Declining is final (the teller was told why): deciding a declined story again is
// refused, and its page offers no decision; a published one may be taken down.
TEST_P(StoriesTest, ADeclinedStoryIsNotDecidedAgain) {
  std::string title = "Decided once" + tag();
  auto told = browser().post_json(
      "/api/v1/stories/tell", telling(title, "anonymous", "The walking group got me talking to my neighbours again."));
  ASSERT_EQ(told.status, 201) << told.body;
  std::string api = "/api/v1/moderate/stories/" + std::to_string(told.json()["id"].get<std::int64_t>());
  auto moderator = signed_in("moderator");
  Json publish = {{"decision", "publish"}, {"public_body", "The walking group got me talking to my neighbours."}};
  ASSERT_EQ(moderator.post_json(api, publish).status, 200);
  auto page = moderator.get(api.substr(7));
  EXPECT_TRUE(contains(page.body, "Decided: published.")) << tag();
  EXPECT_TRUE(contains(page.body, "Take it down: decline, with a reason to the teller")) << tag();
  ASSERT_TRUE(contains(browser().get("/stories.atom").body, title));
  // Taken down, with a reason: off the feed, and never decided again.
  ASSERT_EQ(moderator.post_json(api, {{"decision", "decline"}, {"reason", "Names a child."}}).status, 200);
  EXPECT_FALSE(contains(browser().get("/stories.atom").body, title));
  EXPECT_EQ(moderator.post_json(api, {{"decision", "decline"}, {"reason", "Another reason."}}).status, 409);
  auto again = moderator.post_json(api, publish);
  EXPECT_EQ(again.status, 409);
  EXPECT_TRUE(contains(again.body, "declined and the teller told")) << again.body;
  EXPECT_FALSE(contains(browser().get("/stories.atom").body, title));
  auto declined = moderator.get(api.substr(7));
  EXPECT_TRUE(contains(declined.body, "Decided: declined, and the teller told why.")) << tag();
  EXPECT_FALSE(contains(declined.body, "name=\"decision\"")) << "no form to decide again" << tag();
}

TEST_P(StoriesTest, TheFeedsLinksComeFromThePublicUrlNotTheHostHeader) {
  auto r = browser().get("/stories.atom", {{"Host", "forged-host.example"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(contains(r.body, "forged-host.example")) << r.body;
  EXPECT_TRUE(contains(r.body, "/stories.atom\"/>")) << r.body;
  EXPECT_TRUE(contains(r.body, "<link href=\"")) << r.body;  // the demo's published stories, each linked
}

TEST_P(StoriesTest, AnAdminExtendsRenamesAndRetiresOutcomesWithoutRetaggingStories) {
  auto admin = signed_in("admin");
  std::string name = "Feeling safe " + GetParam();
  ASSERT_EQ(admin.post_json("/api/v1/admin/outcomes", {{"do", "add"}, {"name", name}}).status, 201);
  std::string slug;
  const Json outcomes = admin.get("/api/v1/admin/outcomes").json();
  for (const auto& o : outcomes["outcomes"])
    if (o["name"] == name) slug = o["slug"];
  ASSERT_FALSE(slug.empty());
  EXPECT_EQ(admin.post_json("/api/v1/admin/outcomes", {{"do", "add"}, {"name", name}}).status, 422);
  EXPECT_EQ(signed_in("member").post_json("/api/v1/admin/outcomes", {{"do", "add"}, {"name", "x"}}).status, 403);
  // A story tagged with it, published.
  Json t =
      telling("Safe at last (" + GetParam() + ")", "anonymous", "The new lights on the path mean I walk home again.");
  t["outcomes"] = {slug};
  auto told = browser().post_json("/api/v1/stories/tell", t);
  ASSERT_EQ(told.status, 201) << told.body;
  std::int64_t id = told.json()["id"];
  auto moderator = signed_in("moderator");
  ASSERT_EQ(
      moderator
          .post_json("/api/v1/moderate/stories/" + std::to_string(id),
                     {{"decision", "publish"}, {"public_body", "The new lights on the path mean I walk home again."}})
          .status,
      200);
  ASSERT_EQ(
      admin.post_json("/api/v1/admin/outcomes", {{"do", "rename"}, {"slug", slug}, {"name", name + " at home"}}).status,
      200);
  ASSERT_EQ(admin.post_json("/api/v1/admin/outcomes", {{"do", "retire"}, {"slug", slug}}).status, 200);
  // Retired: not offered to new stories, refused if sent, still on the old story under its new name.
  EXPECT_FALSE(contains(browser().get("/api/v1/stories/tell").body, slug));
  EXPECT_EQ(browser().post_json("/api/v1/stories/tell", t).status, 422);
  EXPECT_TRUE(contains(browser().get("/api/v1/stories/" + std::to_string(id)).body, name + " at home"));
}

// Each role's front door: "Your account" lists the work waiting for them, with links to
// where it is done, and the menu counts it.
TEST_P(StoriesTest, EachRoleFindsItsWorkOnItsAccountAndTheMenuCountsIt) {
  auto labels = [](const Json& account) {
    std::map<std::string, std::pair<std::string, std::int64_t>> out;
    for (const auto& w : account["work"]) out[w["label"]] = {w["href"], w["count"]};
    return out;
  };
  auto moderator = signed_in("moderator");
  auto before = labels(moderator.get("/api/v1/account").json());
  ASSERT_TRUE(before.count("Stories to moderate"));
  EXPECT_EQ(before["Stories to moderate"].first, "/moderate/stories");
  EXPECT_EQ(before["New listings and changes to check"].first, "/moderate/directory");
  auto told = browser().post_json("/api/v1/stories/tell",
                                  telling("Waiting for a moderator (" + GetParam() + ")", "named",
                                          "The lunch club gave me somewhere to be on a Tuesday, and friends."));
  ASSERT_EQ(told.status, 201) << told.body;
  auto after = labels(moderator.get("/api/v1/account").json());
  EXPECT_EQ(after["Stories to moderate"].second, before["Stories to moderate"].second + 1);
  const std::string page = moderator.get("/account").body;
  EXPECT_TRUE(contains(page, "id=\"your-work\""));
  EXPECT_TRUE(contains(page, "kith-waiting")) << "the menu counts what waits";

  auto panel = labels(signed_in("panel").get("/api/v1/account").json());
  ASSERT_TRUE(panel.count("Applications to score"));
  EXPECT_EQ(panel["Applications to score"].first, "/grants/panel");
  EXPECT_FALSE(panel.count("Stories to moderate"));  // least access: only their own roles' work
  auto coordinator = labels(signed_in("coordinator").get("/api/v1/account").json());
  EXPECT_TRUE(coordinator.count("Introductions to follow up"));
  bool timebank = false;
  for (const auto& [label, where] : coordinator)
    timebank = timebank ||
               (label.rfind("Members waiting to join ", 0) == 0 && where.first.find("/manage") != std::string::npos);
  EXPECT_TRUE(timebank);
  // A member has no staff work; with a timebank account, only the exchanges waiting for them.
  auto member = signed_in("member");
  const Json work = member.get("/api/v1/account").json()["work"];
  ASSERT_EQ(work.size(), 1u) << work.dump();
  EXPECT_EQ(work[0]["label"], "Exchanges waiting for you to accept or confirm");
  EXPECT_EQ(work[0]["href"], "/timebank");
  EXPECT_EQ(contains(member.get("/account").body, "kith-waiting"), work[0]["count"].get<std::int64_t>() > 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoriesTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
