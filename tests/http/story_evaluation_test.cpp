// Stories as evidence, over the real server on both backends: photos uploaded as a
// browser sends them (re-encoded, shown only once published with them), signifier
// answers feeding the evaluation dashboard and leading back to their stories,
// exports that hold only what consent allows, Most Significant Change rounds passing
// picks up a tier, case studies and links shown on directory pages, full-text
// search, and tellers withdrawing from their own list.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/text.h"
#include "media/photo.h"
#include "support/harness.h"
#include "support/images.h"

namespace kith {
namespace {

using Json = nlohmann::json;

using testing::contains;

class StoryEvaluationTest : public testing::BackendSuite {
 protected:
  // Tells a story through the API and has a moderator decide it; returns its id.
  std::int64_t told(const std::string& title, const std::string& consent, const std::string& decision,
                    const std::string& body, Json extra = Json::object()) {
    Json t = {
        {"title", title + tag()},      {"body", body},          {"perspective", "person"},      {"consent", consent},
        {"teller_name", "Rosa Quill"}, {"postcode", "DY1 1HL"}, {"outcomes", {"relationships"}}};
    t.update(extra);
    auto r = browser().post_json("/api/v1/stories/tell", t);
    EXPECT_EQ(r.status, 201) << r.body;
    std::int64_t id = r.json()["id"];
    if (!decision.empty()) {
      auto d = signed_in("moderator")
                   .post_json("/api/v1/moderate/stories/" + std::to_string(id),
                              {{"decision", decision}, {"public_body", body}});
      EXPECT_EQ(d.status, 200) << d.body;
    }
    return id;
  }
  // The migration's two questions: the slider and the three-way choice.
  std::pair<std::int64_t, std::int64_t> questions() {
    const Json page = browser().get("/api/v1/stories/tell").json();
    std::int64_t slider = 0, triad = 0;
    for (const auto& s : page["signifiers"]) (s["triad"].get<bool>() ? triad : slider) = s["id"];
    return {slider, triad};
  }
};

TEST_P(StoryEvaluationTest, APhotoIsReencodedWithoutItsLocationAndShownOnlyOncePublishedWithIt) {
  std::string original = testing::write_jpeg(testing::halves(120, 60), testing::exif(6), "Canon EOS at home");
  auto teller = browser();
  std::vector<std::pair<std::string, std::string>> form = {
      {"title", "Our street party" + tag()},
      {"body", "Forty neighbours came out for the first street party in twenty years."},
      {"perspective", "community"},
      {"consent", "anonymous"},
      {"photo_alt", "Tables down the middle of the street, with bunting"}};
  // Not a photo: refused, naming the field; nothing kept.
  auto bad = teller.post_multipart("/stories/tell", form, "photo", "notes.txt", "just some text, not an image");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "The photo must be a JPEG or PNG file"));
  // No description for people who cannot see it: refused.
  auto no_alt = form;
  no_alt.pop_back();
  EXPECT_EQ(teller.post_multipart("/stories/tell", no_alt, "photo", "party.jpg", original).status, 422);

  auto ok = teller.post_multipart("/stories/tell", form, "photo", "party.jpg", original);
  ASSERT_EQ(ok.status, 303) << ok.body;
  auto moderator = signed_in("moderator");
  std::int64_t id = 0;
  const Json queue = moderator.get("/api/v1/moderate/stories").json();
  for (const auto& s : queue["pending"])
    if (s["title"] == "Our street party" + tag()) id = s["id"];
  ASSERT_NE(id, 0);
  std::string photo = "/stories/" + std::to_string(id) + "/photo.jpg";
  auto seen = moderator.get("/moderate" + photo);
  ASSERT_EQ(seen.status, 200);
  EXPECT_EQ(seen.header("Content-Type"), "image/jpeg");
  for (const char* gone : {"Exif", "GPS", "Canon"}) EXPECT_FALSE(contains(seen.body, gone)) << gone;
  testing::Image upright = testing::read_jpeg(seen.body);
  EXPECT_EQ(upright.width, 60);  // turned as the camera was held
  EXPECT_EQ(upright.height, 120);
  EXPECT_EQ(browser().get("/moderate" + photo).status, 303);  // sign in first
  EXPECT_EQ(browser().get(photo).status, 404);                // not published yet

  // Published without the photo: still not public.
  auto path = "/api/v1/moderate/stories/" + std::to_string(id);
  std::string text = "Forty neighbours came out for the first street party in twenty years.";
  ASSERT_EQ(moderator.post_json(path, {{"decision", "publish"}, {"public_body", text}}).status, 200);
  EXPECT_EQ(browser().get(photo).status, 404);
  EXPECT_FALSE(contains(browser().get("/stories/" + std::to_string(id)).body, "photo.jpg"));
  // Published with it: on the page with its description.
  ASSERT_EQ(moderator.post_json(path, {{"decision", "publish"}, {"public_body", text}, {"show_photo", "yes"}}).status,
            200);
  EXPECT_EQ(browser().get(photo).status, 200);
  std::string page = browser().get("/stories/" + std::to_string(id)).body;
  EXPECT_TRUE(contains(page, "alt=\"Tables down the middle of the street, with bunting\""));
}

TEST_P(StoryEvaluationTest, ALargePhotoIsDecodedWithoutHoldingUpOthersWrites) {
  // 49 million pixels (the limit is 60): seconds to decode, a small file to send.
  const std::string big = testing::write_png(testing::halves(7000, 7000));
  const std::vector<std::pair<std::string, std::string>> form = {
      {"title", "The big picture" + tag()},
      {"body", "A photo of the whole estate from the top of the tower block."},
      {"perspective", "community"},
      {"consent", "anonymous"},
      {"photo_alt", "The estate from above, half red and half blue"}};
  using Clock = std::chrono::steady_clock;
  Clock::time_point photo_done, other_done;
  int photo_status = 0;
  std::thread upload([&] {
    photo_status = signed_in("member").post_multipart("/stories/tell", form, "photo", "estate.png", big).status;
    photo_done = Clock::now();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the photo is being decoded
  auto other = signed_in("organisation")
                   .post_form("/stories/tell", {{"title", "Meanwhile" + tag()},
                                                {"body", "Told while someone else's photo was still being read."},
                                                {"perspective", "community"},
                                                {"consent", "anonymous"}});
  other_done = Clock::now();
  upload.join();
  EXPECT_EQ(other.status, 303) << other.body.substr(0, 300);
  EXPECT_EQ(photo_status, 303);
  // The story without a photo was saved while the photo was still being decoded.
  EXPECT_LT(other_done, photo_done);
}

// Photos take turns to be decoded: while every turn is taken, a story sent with a
// photo is refused with 503 and Retry-After, saying why, and nothing of it is kept;
// sent again once a turn is free, it is told.
TEST_P(StoryEvaluationTest, AStoryWhosePhotoCannotHaveATurnIsAskedForAgain) {
  const media::DecodeTurn::Limit was = media::DecodeTurn::limit();
  media::DecodeTurn::set_limit({1, std::chrono::milliseconds(50)});
  const std::string title = "Queued photo" + tag();
  const std::vector<std::pair<std::string, std::string>> form = {
      {"title", title},
      {"body", "A photo of the garden sent while others were being read."},
      {"perspective", "community"},
      {"consent", "anonymous"},
      {"photo_alt", "The garden, half red and half blue"}};
  const std::string png = testing::write_png(testing::halves(64, 64));
  auto member = signed_in("member");
  {
    media::DecodeTurn held;
    ASSERT_TRUE(held);
    auto busy = member.post_multipart("/stories/tell", form, "photo", "garden.png", png);
    EXPECT_EQ(busy.status, 503);
    EXPECT_TRUE(busy.header("Retry-After") == "5") << busy.header("Retry-After");
    EXPECT_NE(busy.body.find("busy with other photos"), std::string::npos);
    auto handle = testing::shared_server(GetParam()).app().database().acquire();
    EXPECT_EQ(handle->scalar("SELECT COUNT(*) FROM stories WHERE title = ?", {title}), 0);
  }
  auto told = member.post_multipart("/stories/tell", form, "photo", "garden.png", png);
  media::DecodeTurn::set_limit(was);
  EXPECT_EQ(told.status, 303) << told.body.substr(0, 300);
}

// A story sent back with an error keeps every choice made (outcomes, point of view,
// consent, the answers to the questions, the language), and asks for the photo again,
// which a browser cannot be given back.
TEST_P(StoryEvaluationTest, AStorySentBackWithAnErrorKeepsEveryChoice) {
  auto [slider, triad] = questions();
  ASSERT_NE(slider, 0);
  const std::vector<std::pair<std::string, std::string>> form = {{"title", "Too short" + tag()},
                                                                 {"body", "Short."},
                                                                 {"language", "cy"},
                                                                 {"outcomes", "belonging"},
                                                                 {"perspective", "community"},
                                                                 {"consent", "anonymous"},
                                                                 {"signifier-" + std::to_string(slider), "83"},
                                                                 {"photo_alt", "The garden"}};
  auto back = browser().post_multipart("/stories/tell", form, "photo", "garden.png",
                                       testing::write_png(testing::halves(32, 32)));
  ASSERT_EQ(back.status, 422) << back.body.substr(0, 300);
  for (const std::string& kept :
       {std::string(R"(id="outcomes-belonging" name="outcomes" type="checkbox" value="belonging" checked)"),
        std::string(R"(id="perspective-community" name="perspective" type="radio" value="community" checked)"),
        std::string(R"(id="consent-anonymous" name="consent" type="radio" value="anonymous" checked)"),
        std::string(R"(name="signifier-)") + std::to_string(slider) + R"(" type="radio" value="83" checked)",
        std::string(R"(<option value="cy" lang="cy" selected>)"), std::string("Choose your photo again")})
    EXPECT_NE(back.body.find(kept), std::string::npos) << kept;
  EXPECT_EQ(back.body.find(R"(value="person" checked)"), std::string::npos);
}

TEST_P(StoryEvaluationTest, SignifierAnswersFeedTheDashboardAndEveryBarLeadsToItsStories) {
  auto [slider, triad] = questions();
  ASSERT_NE(slider, 0);
  ASSERT_NE(triad, 0);
  auto answers = [&](const std::string& s, const std::string& t) {
    return Json{{"signifier-" + std::to_string(slider), s}, {"signifier-" + std::to_string(triad), t}};
  };
  // Bad answers name the question.
  Json bad = {{"title", "Bad answers" + tag()},
              {"body", "A story long enough to be told here."},
              {"perspective", "person"},
              {"consent", "evaluation"}};
  bad.update(answers("150", "50,50,10"));
  auto refused = browser().post_json("/api/v1/stories/tell", bad);
  ASSERT_EQ(refused.status, 422);
  EXPECT_TRUE(contains(refused.body, "signifier-" + std::to_string(slider)));
  EXPECT_TRUE(contains(refused.body, "three shares that add up to 100"));

  std::string body = "The lunch club gave my dad a reason to get dressed on a Wednesday.";
  std::int64_t published = told("Lunch club" + tag(), "named", "publish", body, answers("97", "80,10,10"));
  std::int64_t private_one = told("Private lunch" + tag(), "evaluation", "evaluation",
                                  "Kept only for evaluation: " + body, answers("93", "80,10,10"));
  std::int64_t pending = told("Pending lunch" + tag(), "anonymous", "", body, answers("95", "80,10,10"));

  auto officer = signed_in("officer");
  for (const char* month : {"2026-99", "2026-00", "26-12-01"})
    EXPECT_EQ(officer.get(std::string("/api/v1/evaluate/stories?month=") + month).status, 422) << month;
  const Json dash = officer.get("/api/v1/evaluate/stories?outcome=relationships").json();
  std::string bin_href;
  for (const auto& s : dash["sliders"])
    if (s["id"] == slider) bin_href = s["bins"][9]["href"];
  ASSERT_FALSE(bin_href.empty());
  const Json behind =
      officer.get("/api/v1" + bin_href.substr(0, bin_href.find('?')) + bin_href.substr(bin_href.find('?'))).json();
  std::set<std::int64_t> ids;
  for (const auto& s : behind["stories"]) ids.insert(s["id"].get<std::int64_t>());
  EXPECT_TRUE(ids.count(published));
  EXPECT_TRUE(ids.count(private_one));  // evaluators see evaluation-only stories
  EXPECT_FALSE(ids.count(pending));     // not until a moderator has read it
  // The triad point "80,10,10" leads to the same two.
  std::string point;
  for (const auto& t : dash["triads"])
    if (t["id"] == triad)
      for (const auto& p : t["points"])
        if (contains(p["href"], "abc=80,10,10")) point = p["href"];
  ASSERT_FALSE(point.empty());
  EXPECT_TRUE(contains(officer.get("/api/v1" + point).body, "Private lunch" + tag()));
  // By outcome and month the counts include them.
  EXPECT_GE(dash["by_outcome"]["rows"][3]["count"].get<int>(), 2);
  EXPECT_EQ(browser().get("/api/v1/evaluate/stories").status, 401);
  EXPECT_EQ(signed_in("member").get("/api/v1/evaluate/stories").status, 403);

  // Exports: the redacted text, names only with named consent, never pending stories.
  std::string csv = officer.get("/evaluate/stories.csv").body;
  EXPECT_TRUE(contains(csv, "Lunch club" + tag()));
  EXPECT_TRUE(contains(csv, "Private lunch" + tag()));
  EXPECT_FALSE(contains(csv, "Pending lunch" + tag()));
  EXPECT_TRUE(contains(csv, "signifier_" + std::to_string(triad) + "_c"));
  const Json exported = officer.get("/evaluate/stories.json").json();
  for (const auto& s : exported["stories"]) {
    if (s["id"] == published) EXPECT_EQ(s["teller"], "Rosa Quill");
    if (s["id"] == private_one) {
      EXPECT_TRUE(s["teller"].is_null());
      EXPECT_EQ(s["signifiers"][std::to_string(slider)], 93);
    }
  }
  EXPECT_EQ(signed_in("member").get("/evaluate/stories.csv").status, 403);
}

TEST_P(StoryEvaluationTest, MostSignificantChangePicksPassUpATierWithTheirReasons) {
  std::int64_t story = told("Walking group" + tag(), "anonymous", "publish",
                            "The walking group got me talking to people on my street for the first time.");
  auto officer = signed_in("officer");
  auto top = officer.post_json("/api/v1/evaluate/msc",
                               {{"name", "Board" + tag()}, {"panel", "Councillors"}, {"source", "picks"}});
  ASSERT_EQ(top.status, 201) << top.body;
  std::string top_id = std::to_string(top.json()["id"].get<std::int64_t>());
  auto bad = officer.post_json("/api/v1/evaluate/msc", {{"name", "Bad"},
                                                        {"panel", "Residents"},
                                                        {"source", "stories"},
                                                        {"told_from", "last week"},
                                                        {"area_code", "E99999999"}});
  ASSERT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "told_from"));
  EXPECT_TRUE(contains(bad.body, "E99999999"));
  auto first = officer.post_json("/api/v1/evaluate/msc", {{"name", "Residents" + tag()},
                                                          {"panel", "Six residents"},
                                                          {"source", "stories"},
                                                          {"area_code", "E08000027"},
                                                          {"passes_to", top_id}});
  ASSERT_EQ(first.status, 201) << first.body;
  std::string first_path = "/api/v1/evaluate/msc/" + std::to_string(first.json()["id"].get<std::int64_t>());

  auto panel = signed_in("panel");
  std::string why = "It shows what changes when people meet their neighbours.";
  // Only a candidate, only with a reason.
  EXPECT_EQ(
      panel
          .post_json(first_path,
                     {{"outcome", "relationships"}, {"story-relationships", "999999"}, {"why-relationships", why}})
          .status,
      422);
  EXPECT_EQ(panel
                .post_json(first_path, {{"outcome", "relationships"},
                                        {"story-relationships", std::to_string(story)},
                                        {"why-relationships", ""}})
                .status,
            422);
  ASSERT_EQ(panel
                .post_json(first_path, {{"outcome", "relationships"},
                                        {"story-relationships", std::to_string(story)},
                                        {"why-relationships", why}})
                .status,
            200);
  EXPECT_EQ(panel.post_json(first_path, {{"do", "close"}}).status, 403);  // officers close rounds
  EXPECT_EQ(signed_in("member").get(first_path).status, 403);
  // Before closing, the board has nothing to read.
  const Json before = officer.get("/api/v1/evaluate/msc/" + top_id).json();
  for (const auto& d : before["domains"]) EXPECT_TRUE(d["candidates"].empty());
  ASSERT_EQ(officer.post_json(first_path, {{"do", "close"}}).status, 200);
  EXPECT_EQ(panel
                .post_json(first_path, {{"outcome", "relationships"},
                                        {"story-relationships", std::to_string(story)},
                                        {"why-relationships", why}})
                .status,
            409);
  // The board reads the pick, with the reason it was picked below, and picks again.
  const Json board = officer.get("/api/v1/evaluate/msc/" + top_id).json();
  bool found = false;
  for (const auto& d : board["domains"])
    if (d["slug"] == "relationships")
      for (const auto& c : d["candidates"])
        if (c["id"] == story) {
          found = true;
          EXPECT_EQ(c["picked_below"][0]["why"], why);
        }
  EXPECT_TRUE(found);
  ASSERT_EQ(panel
                .post_json("/api/v1/evaluate/msc/" + top_id, {{"outcome", "relationships"},
                                                              {"story-relationships", std::to_string(story)},
                                                              {"why-relationships", "The board agrees: " + why}})
                .status,
            200);
}

TEST_P(StoryEvaluationTest, CaseStudiesAndLinksShowOnDirectoryPagesUntilWithdrawn) {
  const Json found = browser().get("/oruk/services?search=warm%20space").json();
  ASSERT_FALSE(found["contents"].empty());
  std::string service = found["contents"][0]["id"];
  std::string body = "The warm space on Tuesdays is where I found friends after moving here.";
  auto teller = browser();
  auto r = teller.post_json(
      "/api/v1/stories/tell",
      {{"title", "Warm friends" + tag()}, {"body", body}, {"perspective", "person"}, {"consent", "anonymous"}});
  ASSERT_EQ(r.status, 201);
  std::int64_t id = r.json()["id"];
  std::string withdraw = "/api/v1" + r.json()["withdraw"].get<std::string>();
  ASSERT_EQ(
      signed_in("moderator")
          .post_json("/api/v1/moderate/stories/" + std::to_string(id), {{"decision", "publish"}, {"public_body", body}})
          .status,
      200);
  std::int64_t private_id = told("Warm but private" + tag(), "evaluation", "evaluation", body);
  auto officer = signed_in("officer");
  std::string path = "/api/v1/evaluate/stories/" + std::to_string(id);
  auto bad = officer.post_json(path, {{"do", "link"}, {"kind", "service"}, {"ref", "no-such-service"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "no-such-service"));
  // A pasted page address works.
  ASSERT_EQ(
      officer
          .post_json(
              path, {{"do", "link"}, {"kind", "service"}, {"ref", "http://kith.example/directory/services/" + service}})
          .status,
      200);
  ASSERT_EQ(officer
                .post_json("/api/v1/evaluate/stories/" + std::to_string(private_id),
                           {{"do", "link"}, {"kind", "service"}, {"ref", service}})
                .status,
            200);
  std::string service_page = browser().get("/directory/services/" + url_encode(service)).body;
  EXPECT_TRUE(contains(service_page, "Warm friends" + tag()));
  EXPECT_FALSE(contains(service_page, "Warm but private" + tag()));  // never on a public page

  std::string approach = "A volunteer met newcomers at the door and introduced them to one regular.";
  EXPECT_EQ(officer
                .post_json("/api/v1/evaluate/stories/" + std::to_string(private_id),
                           {{"do", "promote"}, {"approach", approach}})
                .status,
            422);  // evaluation only: cannot be shown as a case study
  EXPECT_EQ(officer.post_json(path, {{"do", "promote"}, {"approach", "short"}}).status, 422);
  ASSERT_EQ(
      officer.post_json(path, {{"do", "promote"}, {"approach", approach}, {"lessons", "Name one person."}}).status,
      200);
  EXPECT_TRUE(contains(browser().get("/case-studies?q=warm").body, "Warm friends" + tag()));
  EXPECT_TRUE(contains(browser().get("/stories/" + std::to_string(id)).body, approach));

  // Withdrawn by the teller: gone from the case studies and the service's page at once.
  ASSERT_EQ(teller.post_json(withdraw, Json::object()).status, 200);
  EXPECT_FALSE(contains(browser().get("/case-studies?q=warm").body, "Warm friends" + tag()));
  EXPECT_FALSE(contains(browser().get("/directory/services/" + url_encode(service)).body, "Warm friends" + tag()));
}

TEST_P(StoryEvaluationTest, ADirectoryServiceCarriesOutcomesFromTheOneFramework) {
  const Json found = browser().get("/oruk/services?search=warm%20space").json();
  ASSERT_FALSE(found["contents"].empty());
  std::string service = found["contents"][0]["id"];
  std::string action = "/api/v1/moderate/directory/services/" + url_encode(service) + "/outcomes";
  auto moderator = signed_in("moderator");
  auto bad = moderator.post_json(action, {{"outcomes", {"relationships", "happiness"}}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "happiness"));
  EXPECT_EQ(signed_in("member").post_json(action, {{"outcomes", {"relationships"}}}).status, 403);
  ASSERT_EQ(moderator.post_json(action, {{"outcomes", {"relationships", "belonging"}}}).status, 200);
  const Json page = browser().get("/api/v1/directory/services/" + url_encode(service)).json();
  EXPECT_EQ(page["service"]["outcomes"],
            Json::array({"Relationships and connections with others", "A sense of belonging and community"}));
  ASSERT_EQ(moderator.post_json(action, {{"outcomes", {"belonging"}}}).status, 200);
  EXPECT_EQ(browser().get("/api/v1/directory/services/" + url_encode(service)).json()["service"]["outcomes"],
            Json::array({"A sense of belonging and community"}));
}

TEST_P(StoryEvaluationTest, SearchIsFullTextWithStemsAndPrefixes) {
  told("Gardens for everyone" + tag(), "anonymous", "publish",
       "Our community gardens opened their gates to the whole estate this summer.");
  auto titles = [&](const std::string& q) { return browser().get("/api/v1/stories?q=" + url_encode(q)).body; };
  EXPECT_TRUE(contains(titles("gardening"), "Gardens for everyone" + tag()));  // stem
  EXPECT_TRUE(contains(titles("estat"), "Gardens for everyone" + tag()));      // prefix
  EXPECT_TRUE(contains(titles("summer gates"), "Gardens for everyone" + tag()));
  EXPECT_FALSE(contains(titles("summer trains"), "Gardens for everyone" + tag()));          // every word
  EXPECT_EQ(browser().get("/api/v1/stories?q=" + url_encode("\" OR 1=1 --")).status, 200);  // not SQL, not FTS syntax
}

TEST_P(StoryEvaluationTest, ATellerWithdrawsFromTheirOwnList) {
  auto member = signed_in("member");
  Json t = {{"title", "My own story" + tag()},
            {"body", "Signed in, I told the timebank how much it helped."},
            {"perspective", "person"},
            {"consent", "anonymous"}};
  auto r = member.post_json("/api/v1/stories/tell", t);
  ASSERT_EQ(r.status, 201);
  std::int64_t id = r.json()["id"];
  ASSERT_EQ(signed_in("moderator")
                .post_json("/api/v1/moderate/stories/" + std::to_string(id),
                           {{"decision", "publish"}, {"public_body", t["body"]}})
                .status,
            200);
  // A declined story: the reason reaches the teller, in their list and by their link.
  Json other = {{"title", "Declined story" + tag()},
                {"body", "A story that names everyone on Tipton Road."},
                {"perspective", "person"},
                {"consent", "anonymous"}};
  auto second = member.post_json("/api/v1/stories/tell", other);
  ASSERT_EQ(second.status, 201);
  std::string reason = "It names people who did not agree to it";
  ASSERT_EQ(signed_in("moderator")
                .post_json("/api/v1/moderate/stories/" + std::to_string(second.json()["id"].get<std::int64_t>()),
                           {{"decision", "decline"}, {"reason", reason}})
                .status,
            200);
  EXPECT_TRUE(contains(member.get(second.json()["withdraw"].get<std::string>()).body, reason));
  EXPECT_TRUE(contains(member.get("/stories/mine").body, reason));
  // The member's list, as far as this test's stories go (other suites tell stories as
  // the same demo member on the shared server).
  auto titles = [&] {
    std::vector<std::string> out;
    const Json mine = member.get("/api/v1/stories/mine").json();
    for (const auto& s : mine["stories"]) {
      std::string title = s["title"];
      if (title == "My own story" + tag() || title == "Declined story" + tag()) out.push_back(title);
    }
    return out;
  };
  EXPECT_EQ(titles(), (std::vector<std::string>{"Declined story" + tag(), "My own story" + tag()}));
  // Someone else cannot withdraw it.
  EXPECT_EQ(signed_in("organisation").post_json("/api/v1/stories/mine", {{"withdraw", std::to_string(id)}}).status,
            404);
  ASSERT_EQ(member.post_json("/api/v1/stories/mine", {{"withdraw", std::to_string(id)}}).status, 200);
  EXPECT_EQ(browser().get("/stories/" + std::to_string(id)).status, 404);
  EXPECT_EQ(titles(), std::vector<std::string>{"Declined story" + tag()});
}

INSTANTIATE_TEST_SUITE_P(Backends, StoryEvaluationTest, ::testing::ValuesIn(testing::backends()),
                         testing::backend_name);

}  // namespace
}  // namespace kith
