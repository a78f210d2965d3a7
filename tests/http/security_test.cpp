// The outside security test's findings, each as a regression over real HTTP on both
// stores: hostile JSON, header injection and open redirects through `next`, the
// API's CSRF defence, invalid UTF-8 everywhere, form sizes and security headers —
// and faults inside a handler, which must be a logged 500, never a stopped server.
#include <gtest/gtest.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <future>
#include <thread>

#include "core/text.h"
#include "support/harness.h"
#include "web/server.h"

namespace kith {
namespace {

using Json = nlohmann::json;
using testing::Browser;
using testing::HttpReply;

class SecurityTest : public testing::BackendSuite {};

std::string nested(std::size_t depth) {
  std::string s = "{\"email\":";
  for (std::size_t i = 0; i < depth; ++i) s += "{\"a\":";
  s += "1";
  for (std::size_t i = 0; i <= depth; ++i) s += "}";
  return s;
}

bool sets_cookie(const HttpReply& r, const std::string& name) {
  for (auto [it, end] = r.headers.equal_range("Set-Cookie"); it != end; ++it)
    if (starts_with(it->second, name + "=")) return true;
  return false;
}

TEST_P(SecurityTest, DeeplyNestedJsonIsRefusedAndTheServerCarriesOn) {
  auto r = browser().send("POST", "/api/v1/sign-in", nested(100000), "application/json");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["code"], "too-deep");
  EXPECT_NE(r.json()["detail"].get<std::string>().find("64 levels"), std::string::npos);
  // The same through a raw route that reads the body itself, and a form page.
  EXPECT_EQ(signed_in("officer").send("POST", "/api/v1/indices/compute", nested(5000), "application/json").status, 400);
  EXPECT_EQ(browser().get("/healthz").status, 200);
}

TEST_P(SecurityTest, OnlyMethodsKithKnowsAreAnsweredAndFilesAndHealthAreOnlyRead) {
  auto send = [&](const std::string& method, const std::string& path) {
    httplib::Client c("127.0.0.1", testing::shared_server(GetParam()).port());
    httplib::Request req;
    req.method = method;
    req.path = path;
    req.set_header("Accept", "application/json");
    auto r = c.send(req);
    EXPECT_TRUE(r) << method << " " << path;
    return r ? std::make_pair(r->status, r->get_header_value("Allow")) : std::make_pair(0, std::string());
  };
  for (const char* m : {"FOO", "get", "TRACE", "CONNECTX"}) EXPECT_EQ(send(m, "/healthz").first, 501) << m;
  for (const char* m : {"DELETE", "POST", "PUT"})
    for (const char* path : {"/healthz", "/static/kith.css", "/favicon.ico"}) {
      auto [status, allow] = send(m, path);
      EXPECT_EQ(status, 405) << m << " " << path;
      EXPECT_EQ(allow, "GET, HEAD") << m << " " << path;
    }
  EXPECT_EQ(send("HEAD", "/healthz").first, 200);
  EXPECT_EQ(send("GET", "/static/kith.css").first, 200);
  EXPECT_EQ(send("FOO", "/directory").first, 501);
  EXPECT_EQ(browser().get("/healthz").status, 200);
}

TEST_P(SecurityTest, NextCannotInjectHeadersOrLeaveTheSite) {
  for (const std::string next : {"/a\r\nSet-Cookie: injected=1", "/\t/evil.example", "/\\evil.example",
                                 "//evil.example", "https://evil.example/", "/%5Cevil.example", "/%09/evil.example"}) {
    Browser b = browser();
    auto form = b.get("/sign-in?next=" + url_encode(next));
    EXPECT_EQ(form.body.find("evil.example"), std::string::npos) << next;
    EXPECT_EQ(form.body.find("injected"), std::string::npos) << next;
    auto r =
        b.post_form("/sign-in", {{"email", "member@demo.kith.test"}, {"password", "kith-demo-member"}, {"next", next}});
    ASSERT_EQ(r.status, 303) << next;
    std::string to = r.header("Location");
    EXPECT_TRUE(starts_with(to, "/") && !starts_with(to, "//")) << next << " -> " << to;
    EXPECT_EQ(to.find("evil"), std::string::npos) << next;
    EXPECT_FALSE(sets_cookie(r, "injected")) << next;
    // Signed in, the page offers a Continue link: it stays on the site too.
    auto signed_in_page = b.get("/sign-in?next=" + url_encode(next));
    EXPECT_EQ(signed_in_page.body.find("evil.example"), std::string::npos) << next;
  }
  // A good next still works.
  Browser b = browser();
  auto r = b.post_form("/sign-in",
                       {{"email", "member@demo.kith.test"}, {"password", "kith-demo-member"}, {"next", "/stories"}});
  EXPECT_EQ(r.header("Location"), "/stories");
}

TEST_P(SecurityTest, ApiWritesNeedExactlyJsonAndThisSite) {
  Browser member = signed_in("member");
  Json gift = {{"title", "Spare seedlings" + tag()}, {"description", "Tomato plants"}, {"kind", "gift"}};
  // The finding: a type a browser sends without a preflight.
  auto plain = member.send("POST", "/api/v1/timebank/gifts", gift.dump(), "text/plain;charset=application/json");
  EXPECT_EQ(plain.status, 415);
  EXPECT_EQ(plain.json()["code"], "unsupported-media-type");
  // From another site, or a sibling subdomain, whatever the type.
  httplib::Headers cross = {{"Origin", "https://evil.example"}};
  auto other = member.get("/", cross);  // a GET from anywhere is fine
  EXPECT_EQ(other.status, 200);
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{{"Origin", "https://evil.example"},
                                                                                    {"Sec-Fetch-Site", "cross-site"},
                                                                                    {"Sec-Fetch-Site", "same-site"},
                                                                                    {"Origin", "null"}}) {
    auto r = member.send_with("POST", "/api/v1/timebank/gifts", gift.dump(), "application/json", {{name, value}});
    EXPECT_EQ(r.status, 403) << name << ": " << value;
    EXPECT_EQ(r.json()["code"], "csrf-failed") << name << ": " << value;
    auto form = member.send_with("POST", "/sign-out", "csrf_token=" + member.csrf_token(),
                                 "application/x-www-form-urlencoded", {{name, value}});
    EXPECT_EQ(form.status, 403) << name << ": " << value;
  }
  EXPECT_FALSE(member.cookie("kith_session").empty());
  // The site's own pages, as a browser marks them, still write.
  std::string self = "http://127.0.0.1:" + std::to_string(testing::shared_server(GetParam()).port());
  // (As the panel member, whose stories no other test counts.)
  auto same = signed_in("panel").send_with("POST", "/api/v1/stories/tell",
                                           Json{{"title", "Same origin" + tag()},
                                                {"body", "Sent from the site's own page."},
                                                {"perspective", "person"},
                                                {"consent", "evaluation"}}
                                               .dump(),
                                           "application/json; charset=utf-8",
                                           {{"Origin", self}, {"Sec-Fetch-Site", "same-origin"}});
  EXPECT_EQ(same.status, 201) << same.body;
}

TEST_P(SecurityTest, InvalidUtf8IsRefusedNamingTheField) {
  for (const std::string path : {"/api/v1/areas?q=%FF", "/api/v1/stories?q=%C3%28", "/areas?q=%FF"}) {
    auto r = browser().get(path);
    EXPECT_EQ(r.status, 400) << path;
    EXPECT_NE(r.body.find("invalid-utf8"), std::string::npos) << path;
    EXPECT_NE(r.body.find("“q”"), std::string::npos) << path;
  }
  // The Open Referral UK API is read by programs: its refusals are JSON, even those
  // made before any route answers (the boundary, a path it does not have).
  for (const std::string path : {"/oruk/services/%FF", "/oruk/services?text=%ff", "/oruk/nothing"}) {
    auto oruk = browser().get(path);
    EXPECT_EQ(oruk.status, path == "/oruk/nothing" ? 404 : 400) << path;
    EXPECT_EQ(oruk.header("Content-Type").rfind("application/problem+json", 0), 0u) << path << " " << oruk.body;
  }
  auto header = browser().get("/api/v1/areas", {{"User-Agent", "\xff"}});
  EXPECT_EQ(header.status, 400);
  // A form field: refused, nothing stored, and the pages that would show it still work.
  Browser member = signed_in("member");
  auto told = member.send(
      "POST", "/stories/tell",
      "csrf_token=" + member.csrf_token() + "&title=Bad%FFbytes&body=x&perspective=person&consent=evaluation",
      "application/x-www-form-urlencoded");
  EXPECT_EQ(told.status, 400);
  EXPECT_NE(told.body.find("title"), std::string::npos);
  auto json = member.send("POST", "/api/v1/stories/tell", "{\"title\":\"\xff\"}", "application/json");
  EXPECT_EQ(json.status, 400);
  EXPECT_EQ(json.json()["code"], "invalid-utf8");
  auto data = member.post_form("/account/data.json", {});
  EXPECT_EQ(data.status, 200);
  EXPECT_EQ(data.body.find("Bad"), std::string::npos);
}

// A browser can hold a cookie its owner cannot mend (another site on the domain may
// have set it): a cookie that is not text is left out, never a reason to refuse every page.
TEST_P(SecurityTest, ACookieThatIsNotTextIsLeftOutNotALockOut) {
  Browser member = signed_in("member");
  // (A control character cannot be sent at all: HTTP refuses it before any cookie is read.)
  for (const std::string bad : {"kith_lang=\xff\xfe", "kith_lang=cy\xc3", "\xff=1"}) {
    auto page = member.get("/account", {{"Cookie", bad}});
    EXPECT_EQ(page.status, 200) << page.body.substr(0, 300);
    EXPECT_NE(page.body.find("Sign out"), std::string::npos) << "still signed in";
    EXPECT_NE(page.body.find("lang=\"en\""), std::string::npos) << "the bad language is not used";
  }
  auto huge = member.get("/account", {{"Cookie", "x=" + std::string(20000, 'a')}});
  EXPECT_EQ(huge.status, 400) << "size is still checked";
  EXPECT_NE(huge.body.find("The header cookie is longer than"), std::string::npos) << huge.body.substr(0, 300);
  // Said once: the field's own message is the page's sentence, not repeated below it.
  const std::string said = "The header cookie is longer than";
  EXPECT_EQ(huge.body.find(said, huge.body.find(said) + said.size()), std::string::npos) << huge.body;
}

TEST_P(SecurityTest, ControlCharactersAreRefusedInEveryTextValue) {
  // A signed-out teller once stored a zero byte and an escape, which broke the Atom feed.
  Json story = {{"title", std::string("nul\0byte\x1b[31m", 13)},
                {"body", "This is the body of a story sent with control characters."},
                {"perspective", "person"},
                {"consent", "anonymous"}};
  auto json = browser().post_json("/api/v1/stories/tell", story);
  EXPECT_EQ(json.status, 400);
  EXPECT_EQ(json.json()["code"], "control-character");
  Browser b = browser();
  b.get("/stories/tell");
  auto form =
      b.send("POST", "/stories/tell", "csrf_token=" + b.csrf_token() + "&title=ti%00tle&body=x&perspective=person",
             "application/x-www-form-urlencoded");
  EXPECT_EQ(form.status, 400);
  EXPECT_NE(form.body.find("control character"), std::string::npos);
  auto query = browser().get("/api/v1/areas?q=%1B");
  EXPECT_EQ(query.status, 400);
  // Line breaks and tabs, which people type, are text.
  story["title"] = "Two lines\tand a tab" + tag();
  story["body"] = "First line.\r\nSecond line, long enough to be a story.";
  EXPECT_EQ(browser().post_json("/api/v1/stories/tell", story).status, 201);
}

TEST_P(SecurityTest, PersonalAnswersAreNeverCachedAndARoleTwiceIsHeldOnce) {
  Browser member = signed_in("member");
  for (const std::string path : {"/api/v1/account", "/account", "/api/v1/account/data"})
    EXPECT_EQ(member.get(path).header("Cache-Control"), "no-store") << path;
  // Ticking a role twice (a hand-made form) once gave a 500.
  Browser admin = signed_in("admin");
  std::string id;
  const Json users = admin.get("/api/v1/admin/users").json();
  for (const auto& u : users["users"])
    if (u["email"] == "panel@demo.kith.test") id = std::to_string(u["id"].get<std::int64_t>());
  ASSERT_FALSE(id.empty());
  auto r = admin.post_json("/api/v1/admin/users/" + id, {{"roles", {"panel", "panel"}}, {"status", "active"}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["user"]["roles"].size(), 1u);
}

TEST_P(SecurityTest, FormsAndJsonShareOneBodyLimit) {
  // Long answers (well over the 8 KiB that used to stop forms) reach the handler,
  // which judges them, as the same data through the API does.
  std::string long_text(40000, 'a');
  Browser b = browser();
  auto form = b.post_form("/sign-in", {{"email", long_text}, {"password", "x"}});
  EXPECT_NE(form.status, 413);
  EXPECT_LT(form.status, 500);
  auto api = b.post_json("/api/v1/sign-in", {{"email", long_text}, {"password", "x"}});
  EXPECT_EQ(form.status, api.status);
  // A value over the per-field limit is refused naming it, form or JSON.
  std::string huge(300 * 1024, 'b');
  auto too_long = b.post_form("/sign-in", {{"email", huge}, {"password", "x"}});
  EXPECT_EQ(too_long.status, 400);
  EXPECT_NE(too_long.body.find("email"), std::string::npos);
  EXPECT_EQ(b.post_json("/api/v1/sign-in", {{"email", huge}}).json()["code"], "field-too-long");
}

TEST_P(SecurityTest, EveryResponseCarriesTheSecurityHeaders) {
  Browser b = browser();
  auto home = b.get("/");
  auto css_at = home.body.find("/static/kith.css?v=");
  ASSERT_NE(css_at, std::string::npos);
  std::string css = home.body.substr(css_at, home.body.find('"', css_at) - css_at);
  for (const std::string path : {std::string("/"), std::string("/api/v1/areas?q=Sheffield"), std::string("/healthz"),
                                 css, std::string("/no/such/page"), std::string("/api/v1/areas?q=%FF")}) {
    auto r = b.get(path);
    std::string csp = r.header("Content-Security-Policy");
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << path;
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << path;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << path;
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(r.header("Referrer-Policy"), "same-origin") << path;
    EXPECT_EQ(r.header("X-Frame-Options"), "DENY") << path;
  }
}

// Faults inside a handler: a server of its own with routes that fail on purpose.
TEST(ServerFaults, AHandlerThatThrowsOrBuildsABadHeaderGivesA500WithAReference) {
  auto database = store::Database::open(testing::fresh_database_url("sqlite"));
  web::Server server(*database, {});
  server.router().raw("GET", "/throws-int", web::Access::anyone(), [](web::Ctx&) -> web::Response { throw 42; });
  server.router().raw("GET", "/throws", web::Access::anyone(),
                      [](web::Ctx&) -> web::Response { throw std::runtime_error("boom"); });
  server.router().raw("GET", "/bad-header", web::Access::anyone(), [](web::Ctx& ctx) {
    web::Response r;
    r.headers.emplace_back("X-Echo", ctx.req.query_param("v"));
    return r;
  });
  for (const std::string path : {"/throws-int", "/throws"}) {
    web::Request req;
    req.method = "GET";
    req.path = path;
    auto res = server.handle(req);
    EXPECT_EQ(res.status, 500) << path;
    EXPECT_NE(res.body.find("The reference for this error is"), std::string::npos) << path;
  }
  web::Request req;
  req.method = "GET";
  req.path = "/bad-header";
  req.query.emplace("v", "a\r\nSet-Cookie: injected=1");
  auto res = server.handle(req);
  EXPECT_EQ(res.status, 500);
  for (const auto& [name, value] : res.headers) EXPECT_EQ(value.find("injected"), std::string::npos);
}

// Behind a reverse proxy: X-Forwarded-For names the client only when the proxy is
// trusted, over real HTTP, so throttling counts each resident rather than the proxy.
TEST(TrustedProxy, TheClientIsTakenFromXForwardedForOnlyThroughATrustedProxy) {
  auto database = store::Database::open(testing::fresh_database_url("sqlite"));
  for (bool trusted : {false, true}) {
    web::ServerOptions options;
    if (trusted) options.trusted_proxies = {"127.0.0.1"};
    web::Server server(*database, options);
    server.router().raw("GET", "/ip", web::Access::anyone(), [](web::Ctx& ctx) {
      web::Response r;
      r.content_type = "text/plain";
      r.body = ctx.req.ip;
      return r;
    });
    std::promise<int> ready;
    std::thread serving([&] { server.listen("127.0.0.1", 0, [&](int port) { ready.set_value(port); }); });
    Browser client(ready.get_future().get());
    EXPECT_EQ(client.get("/ip", {{"X-Forwarded-For", "203.0.113.1, 198.51.100.7"}}).body,
              trusted ? "198.51.100.7" : "127.0.0.1");
    EXPECT_EQ(client.get("/ip").body, "127.0.0.1");
    server.stop();
    serving.join();
  }
}

// A request that never finishes does not keep the server from stopping: after SIGTERM
// it gets the grace period, then the process exits, saying why.
TEST(Shutdown, ARequestStuckPastTheGracePeriodDoesNotKeepTheServerRunning) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        spdlog::set_default_logger(spdlog::stderr_color_mt("stderr"));  // where the death test looks
        auto database = store::Database::open(testing::fresh_database_url("sqlite"));
        web::ServerOptions options;
        options.shutdown_grace = std::chrono::milliseconds(300);
        web::Server server(*database, options);
        std::promise<void> stuck;
        server.router().raw("GET", "/stuck", web::Access::anyone(), [&](web::Ctx&) -> web::Response {
          stuck.set_value();
          for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
        });
        std::thread caller;
        server.listen(
            "127.0.0.1", 0,
            [&](int port) {
              caller = std::thread([port] { Browser(port).get("/stuck"); });
              caller.detach();
              std::thread([&] {
                stuck.get_future().wait();
                std::raise(SIGTERM);
              }).detach();
            },
            true);
        std::exit(0);  // not reached: the stuck request holds the workers
      },
      ::testing::ExitedWithCode(1), "requests still running 0.3 s after the signal to stop");
}

// A record's number in an address is its digits only: "+5" is no number (a "+" in a
// path is not a space), so it is not taken as record 5.
TEST_P(SecurityTest, ARecordNumberInAnAddressIsDigitsOnly) {
  auto anyone = browser();
  auto stories = anyone.get("/api/v1/stories").json()["stories"];
  ASSERT_FALSE(stories.empty());
  const std::string id = std::to_string(stories[0]["id"].get<std::int64_t>());
  EXPECT_EQ(anyone.get("/stories/" + id).status, 200);
  EXPECT_EQ(anyone.get("/stories/+" + id).status, 404);
  EXPECT_EQ(anyone.get("/stories/%2B" + id).status, 404);
}

// A public form queues work for staff, so one client without signing in may send only
// so many (here 3): the next is refused with 429, Retry-After and words, in the page
// and the API alike, and nothing is written. Refused or failed forms do not count;
// sign-in counts its own attempts; a signed-in person is not held to it.
TEST_P(SecurityTest, OneClientCannotFloodAQueueWithoutSigningIn) {
  testing::TestServer server(GetParam(), 3);
  auto db = server.app().database().acquire();
  auto suggestions = [&] { return db->scalar("SELECT COUNT(*) FROM directory_submissions"); };
  const std::int64_t before = suggestions();
  auto anonymous = server.browser();
  anonymous.get("/directory/add");
  auto suggest = [&](testing::Browser& b, int n) {
    return b.post_json("/api/v1/directory/add", {{"name", "Flood test group " + std::to_string(n)},
                                                 {"description", "A group that meets weekly."},
                                                 {"address_1", "Dudley Library"},
                                                 {"town", "Dudley"},
                                                 {"postcode", "DY1 3PT"}});
  };
  EXPECT_EQ(anonymous.post_json("/api/v1/directory/add", {{"name", ""}}).status, 422);  // refused: not counted
  for (int n = 1; n <= 3; ++n) ASSERT_EQ(suggest(anonymous, n).status, 201) << suggest(anonymous, 99).body;
  auto refused = suggest(anonymous, 4);
  ASSERT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(refused.json()["type"], "/problems/too-many-requests") << refused.body;
  EXPECT_NE(refused.body.find("Try again in 10 minutes, or sign in."), std::string::npos) << refused.body;
  ASSERT_TRUE(refused.headers.count("Retry-After"));
  EXPECT_GT(std::stoi(refused.headers.find("Retry-After")->second), 500);
  // Another public form from the same client, as a page: refused the same way, in words.
  auto page = anonymous.post_form("/coordination/refer", {{"name", "Flood"}});
  EXPECT_EQ(page.status, 429);
  EXPECT_NE(page.body.find("Many forms have been sent from this connection"), std::string::npos);
  EXPECT_EQ(suggestions(), before + 3);
  // Signing in is not held to it, nor is what a signed-in person sends.
  auto member = server.browser();
  member.sign_in("member@demo.kith.test", "kith-demo-member");
  EXPECT_EQ(suggest(member, 5).status, 201);
  EXPECT_EQ(suggestions(), before + 4);
}

INSTANTIATE_TEST_SUITE_P(Backends, SecurityTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
