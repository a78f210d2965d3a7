// The input boundary's pure checks: UTF-8, JSON depth, media types, where to go
// next, the client behind a proxy, targets and multipart bodies.
#include "web/boundary.h"

#include <gtest/gtest.h>

namespace kith::web {
namespace {

TEST(Boundary, Utf8IsCheckedByTheStandardsRules) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("plain"));
  EXPECT_TRUE(valid_utf8("Caerdydd — Cymraeg, Polski: żółć, اردو, 😀"));
  EXPECT_FALSE(valid_utf8("\xff"));
  EXPECT_FALSE(valid_utf8("\xc3\x28"));          // a lead byte without its continuation
  EXPECT_FALSE(valid_utf8("\xc0\xaf"));          // overlong "/"
  EXPECT_FALSE(valid_utf8("\xe0\x80\xaf"));      // overlong, three bytes
  EXPECT_FALSE(valid_utf8("\xed\xa0\x80"));      // a surrogate
  EXPECT_FALSE(valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(valid_utf8("abc\xe2\x82"));       // cut short at the end
}

std::string nested(std::size_t depth) {
  std::string s;
  for (std::size_t i = 0; i < depth; ++i) s += "{\"a\":";
  s += "1";
  for (std::size_t i = 0; i < depth; ++i) s += "}";
  return s;
}

TEST(Boundary, JsonDeeperThanTheLimitIsRefusedWithoutBuildingIt) {
  Limits limits;
  EXPECT_TRUE(parse_json(nested(64), limits).ok());
  auto deep = parse_json(nested(65), limits);
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().code, "too-deep");
  // The attack that stopped the server: 100,000 levels, 600 KB.
  auto attack = parse_json("{\"email\":" + nested(100000) + "}", limits);
  ASSERT_FALSE(attack.ok());
  EXPECT_EQ(attack.error().code, "too-deep");
  std::string arrays(200000, '[');
  EXPECT_EQ(parse_json(arrays, limits).error().code, "too-deep");
}

TEST(Boundary, JsonMustBeUtf8AndWellFormedAndWithinItsCounts) {
  Limits limits;
  EXPECT_EQ(parse_json("{\"q\":\"\xff\"}", limits).error().code, "invalid-utf8");
  EXPECT_EQ(parse_json("{\"q\":", limits).error().code, "bad-json");
  // Found by fuzzing: nlohmann stops at a zero byte, so this once read as {"a":1}.
  EXPECT_EQ(parse_json(std::string("{\"a\":1}\0{\"a\":", 13), limits).error().code, "bad-json");
  EXPECT_EQ(parse_json("{\"q\":\"\\ud800\"}", limits).error().code, "bad-json");  // a lone surrogate escape
  limits.fields = 3;
  EXPECT_TRUE(parse_json(R"({"a":1,"b":2,"c":3})", limits).ok());
  EXPECT_EQ(parse_json(R"({"a":1,"b":2,"c":3,"d":4})", limits).error().code, "too-many-fields");
  limits.field_bytes = 5;
  EXPECT_EQ(parse_json(R"({"a":"123456"})", limits).error().code, "field-too-long");
  // Found by the outside test: array elements count too, so a body of millions of
  // tiny values is refused before any work.
  std::string many = "{\"a\":[";
  for (int i = 0; i < 20000; ++i) many += "{},";
  many += "{}]}";
  EXPECT_EQ(parse_json(many, Limits{}).error().code, "too-many-fields");
  EXPECT_EQ(parse_json(R"({"title":"nul\u0000byte"})", Limits{}).error().code, "control-character");
  EXPECT_EQ(parse_json(R"({"title":"esc\u001b[31m"})", Limits{}).error().code, "control-character");
  EXPECT_TRUE(parse_json(R"({"body":"line one\nline two\ttabbed\r\n"})", Limits{}).ok());
  auto ok = parse_json(R"({"name":"Zoë","tags":["a","b"]})", Limits{});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)["name"], "Zoë");
}

TEST(Boundary, OnlyApplicationJsonIsJson) {
  EXPECT_TRUE(is_json_media_type("application/json"));
  EXPECT_TRUE(is_json_media_type("Application/JSON; charset=utf-8"));
  EXPECT_TRUE(is_json_media_type("application/json;charset=UTF-8"));
  EXPECT_FALSE(is_json_media_type("text/plain;charset=application/json"));  // the finding
  EXPECT_FALSE(is_json_media_type("text/plain; application/json"));
  EXPECT_FALSE(is_json_media_type("application/json-patch+json"));
  EXPECT_FALSE(is_json_media_type("application/jsonx"));
  EXPECT_FALSE(is_json_media_type("application/x-www-form-urlencoded"));
  EXPECT_FALSE(is_json_media_type("multipart/form-data; boundary=application/json"));
  EXPECT_FALSE(is_json_media_type(""));
}

TEST(Boundary, NextIsASameSitePathOrNothing) {
  EXPECT_EQ(safe_next("/grants/rounds/3?tab=a"), "/grants/rounds/3?tab=a");
  EXPECT_EQ(safe_next("/areas/E01000001"), "/areas/E01000001");
  EXPECT_EQ(safe_next("/search?q=caf%C3%A9"), "/search?q=caf%C3%A9");
  for (const char* bad :
       {"", "https://evil.example", "//evil.example", "/\\evil.example", "/%5Cevil.example", "/%09/evil.example",
        "/\t/evil.example", "/%2F/evil.example", "/%2f%2fevil.example", "/a%0D%0ASet-Cookie:%20injected%3D1",
        "/a\r\nSet-Cookie: x=1", "/../etc", "/a/%2E%2E/b", "evil.example", "javascript:alert(1)", "/\xff"})
    EXPECT_FALSE(safe_next(bad).has_value()) << bad;
  // Spaces and other bytes that do not belong in a header are percent-encoded.
  EXPECT_EQ(safe_next("/stories?q=lunch club"), "/stories?q=lunch%20club");
  EXPECT_EQ(safe_next("/stories?q=\"<x>\""), "/stories?q=%22%3Cx%3E%22");
  EXPECT_EQ(safe_next_or("//evil.example", "/account"), "/account");
}

TEST(Boundary, TheClientIsThePeerUnlessATrustedProxySaysOtherwise) {
  std::vector<std::string> none;
  std::vector<std::string> proxy = {"10.0.0.5"};
  EXPECT_EQ(client_address("203.0.113.9", "1.2.3.4", none), "203.0.113.9");  // not believed
  EXPECT_EQ(client_address("10.0.0.5", "198.51.100.7", proxy), "198.51.100.7");
  // The right-most hop not our own proxy: a client cannot choose its address by
  // sending its own X-Forwarded-For to the proxy.
  EXPECT_EQ(client_address("10.0.0.5", "1.2.3.4, 198.51.100.7", proxy), "198.51.100.7");
  EXPECT_EQ(client_address("10.0.0.5", "198.51.100.7, 10.0.0.5", proxy), "198.51.100.7");
  EXPECT_EQ(client_address("10.0.0.5", "", proxy), "10.0.0.5");
  EXPECT_EQ(client_address("10.0.0.5", "not an address", proxy), "10.0.0.5");
  EXPECT_EQ(client_address("::ffff:10.0.0.5", "2001:db8::1", proxy), "2001:db8::1");
}

TEST(Boundary, TargetsAreSplitAndDecoded) {
  std::string path;
  std::multimap<std::string, std::string> query;
  parse_target("/areas/a%20b+c?q=caf%C3%A9+au+lait&day=mon&day=tue#top", path, query);
  EXPECT_EQ(path, "/areas/a b+c");
  EXPECT_EQ(query.find("q")->second, "café au lait");
  EXPECT_EQ(query.count("day"), 2u);
  query.clear();
  parse_target("/oruk/services/%FF", path, query);
  EXPECT_FALSE(valid_utf8(path));
  EXPECT_TRUE(query.empty());
}

TEST(Boundary, MultipartBodiesAreSplitIntoFieldsAndFiles) {
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nLunch club\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a \\\"b\\\".jpg\"\r\n"
      "Content-Type: image/jpeg\r\n\r\n\xff\xd8\r\n--not the end\r\n"
      "--XyZ--\r\n";
  auto parts = parse_multipart(body, "multipart/form-data; boundary=XyZ");
  ASSERT_TRUE(parts.has_value());
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "title");
  EXPECT_EQ((*parts)[0].content, "Lunch club");
  EXPECT_EQ((*parts)[1].filename, "a \"b\".jpg");
  EXPECT_EQ((*parts)[1].content_type, "image/jpeg");
  EXPECT_EQ((*parts)[1].content, "\xff\xd8\r\n--not the end");
  EXPECT_EQ(parse_multipart(body, "multipart/form-data; boundary=\"XyZ\"")->size(), 2u);
  EXPECT_FALSE(parse_multipart(body, "multipart/form-data").has_value());
  EXPECT_FALSE(parse_multipart(body.substr(0, body.size() - 9), "multipart/form-data; boundary=XyZ").has_value());
  EXPECT_FALSE(parse_multipart("--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--",
                               "multipart/form-data; boundary=XyZ")
                   .has_value());  // a part without a name
}

TEST(Boundary, EveryPartOfARequestIsChecked) {
  Limits limits;
  Request req;
  req.method = "POST";
  req.path = "/stories";
  EXPECT_TRUE(check_request(req, limits).ok());
  req.query.emplace("q", "\xff");
  auto q = check_request(req, limits);
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.error().code, "invalid-utf8");
  EXPECT_EQ(q.error().fields.at(0).field, "q");
  req.query.clear();
  req.headers["content-type"] = "application/x-www-form-urlencoded";
  req.body = "title=ok&teller=%C3%28";
  auto form = check_request(req, limits);
  ASSERT_FALSE(form.ok());
  EXPECT_EQ(form.error().fields.at(0).field, "teller");
  req.body = "title=ti%00tle";
  EXPECT_EQ(check_request(req, limits).error().code, "control-character");
  req.body = "body=line%0D%0Aline";
  EXPECT_TRUE(check_request(req, limits).ok());
  req.body = "title=" + std::string(limits.field_bytes + 1, 'a');
  EXPECT_EQ(check_request(req, limits).error().code, "field-too-long");
  req.headers["content-type"] = "application/json";
  req.body = nested(1000);
  EXPECT_EQ(check_request(req, limits).error().code, "too-deep");
  req.body = "{}";
  req.headers["user-agent"] = "x\x01y";
  EXPECT_EQ(check_request(req, limits).error().code, "control-character");
  req.headers.erase("user-agent");
  // Two Host headers (joined as "a, b"), and a body coded other than plainly or chunked,
  // are not read as if they were one host and a plain body.
  req.headers["host"] = "kith.example, evil.example";
  EXPECT_EQ(check_request(req, limits).error().code, "bad-request");
  req.headers["host"] = "kith.example";
  req.headers["transfer-encoding"] = "gzip, chunked";
  auto coded = check_request(req, limits);
  ASSERT_FALSE(coded.ok());
  EXPECT_NE(coded.error().message.find("gzip, chunked"), std::string::npos);
  req.headers["transfer-encoding"] = "Chunked";
  EXPECT_TRUE(check_request(req, limits).ok());
}

// The anonymous write budget: N writes in a rolling window, then a wait until the
// oldest ages out; clients counted apart; past the clients it may hold, the quietest
// is forgotten, never a busy one.
TEST(ClientBudget, AllowsNThenWaitsForTheOldestToAgeOut) {
  ClientBudget budget(3, 600);
  EXPECT_EQ(budget.wait("a", 1000), 0);
  budget.spend("a", 1000);
  budget.spend("a", 1100);
  budget.spend("a", 1200);
  EXPECT_EQ(budget.wait("a", 1200), 400);  // until 1000 + 600
  EXPECT_EQ(budget.wait("b", 1200), 0);    // another client
  EXPECT_EQ(budget.wait("a", 1599), 1);
  EXPECT_EQ(budget.wait("a", 1600), 0);  // the first has aged out
  budget.spend("a", 1600);
  EXPECT_EQ(budget.wait("a", 1600), 100);  // now until 1100 + 600
}

TEST(ClientBudget, ForgetsTheQuietestWhenFull) {
  ClientBudget budget(1, 600, 2);
  budget.spend("old", 100);
  budget.spend("busy", 500);
  budget.spend("new", 550);  // full: "old" (last seen at 100) goes
  EXPECT_EQ(budget.wait("old", 560), 0);
  EXPECT_EQ(budget.wait("busy", 560), 540);
  EXPECT_EQ(budget.wait("new", 560), 590);
}

}  // namespace
}  // namespace kith::web
