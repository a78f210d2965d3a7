// The running server as an operator sees it: /metrics counts what it answered, by
// route pattern and status, and is refused to anyone a proxy forwarded without the
// token; every response carries its request id.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "app/warm.h"
#include "core/text.h"
#include "support/harness.h"
#include "web/observe.h"

namespace kith {
namespace {

using testing::Browser;

class ObserveTest : public testing::BackendSuite {
 protected:
  // The value of one sample ("name{labels}") in a scrape; -1 when absent.
  static double sample(const std::string& scrape, const std::string& series) {
    for (const auto& line : split(scrape, '\n'))
      if (starts_with(line, series + " ")) return std::stod(line.substr(series.size() + 1));
    return -1;
  }
};

TEST_P(ObserveTest, MetricsCountRequestsByRoutePatternAndStatus) {
  Browser b = browser();
  const std::string series = "kith_http_requests_total{method=\"GET\",route=\"/areas/{code}\",status=\"200\"}";
  double before = std::max(0.0, sample(b.get("/metrics").body, series));
  ASSERT_EQ(b.get("/areas/E01008000").status, 200);
  ASSERT_EQ(b.get("/areas/E08000019").status, 200);
  ASSERT_EQ(b.get("/areas/E99999999").status, 404);
  auto scrape = b.get("/metrics");
  ASSERT_EQ(scrape.status, 200);
  EXPECT_EQ(scrape.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(sample(scrape.body, series), before + 2) << tag();
  EXPECT_GE(sample(scrape.body, "kith_http_requests_total{method=\"GET\",route=\"/areas/{code}\",status=\"404\"}"), 1);
  // The histogram's +Inf bucket is its count, and buckets only grow.
  const std::string labels = "method=\"GET\",route=\"/areas/{code}\",status=\"200\"";
  double inf = sample(scrape.body, "kith_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"}");
  EXPECT_EQ(inf, sample(scrape.body, "kith_http_request_duration_seconds_count{" + labels + "}"));
  EXPECT_LE(sample(scrape.body, "kith_http_request_duration_seconds_bucket{" + labels + ",le=\"0.001\"}"),
            sample(scrape.body, "kith_http_request_duration_seconds_bucket{" + labels + ",le=\"10\"}"));
  EXPECT_GT(sample(scrape.body, "kith_http_request_duration_seconds_sum{" + labels + "}"), 0);
  EXPECT_EQ(sample(scrape.body, "kith_up"), 1);
  EXPECT_GT(sample(scrape.body, "kith_db_connections_acquired_total"), 0);
  EXPECT_GT(sample(scrape.body, "kith_process_resident_memory_bytes"), 1e6);
  // Every line is a comment or a sample the exposition format allows.
  std::regex line_form(
      R"((# (HELP|TYPE) [a-z_]+ .+)|([a-z_]+(\{[a-z_]+="[^"\n]*"(,[a-z_]+="[^"\n]*")*\})? -?[0-9.]+(e[-+]?[0-9]+)?))");
  for (const auto& line : split(scrape.body, '\n')) {
    if (line.empty()) continue;
    EXPECT_TRUE(std::regex_match(line, line_form)) << line;
  }
}

TEST_P(ObserveTest, APathIsNeverALabelOnlyItsPattern) {
  Browser b = browser();
  b.get("/no-such-page-" + GetParam());
  auto scrape = b.get("/metrics").body;
  EXPECT_EQ(scrape.find("no-such-page"), std::string::npos);
  EXPECT_GE(sample(scrape, "kith_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}"), 1);
}

TEST_P(ObserveTest, MetricsAreRefusedThroughAProxyUnlessTheTokenIsSent) {
  Browser b = browser();
  auto forwarded = b.get("/metrics", {{"X-Forwarded-For", "203.0.113.9"}});
  EXPECT_EQ(forwarded.status, 404);
  EXPECT_EQ(forwarded.body.find("kith_http_requests_total"), std::string::npos);
  EXPECT_EQ(b.get("/metrics", {{"Forwarded", "for=203.0.113.9"}}).status, 404);
  web::metrics::set_token("s3cret-metrics-token");
  EXPECT_EQ(b.get("/metrics", {{"X-Forwarded-For", "203.0.113.9"}, {"Authorization", "Bearer wrong"}}).status, 404);
  auto with_token =
      b.get("/metrics", {{"X-Forwarded-For", "203.0.113.9"}, {"Authorization", "Bearer s3cret-metrics-token"}});
  web::metrics::set_token("");
  EXPECT_EQ(with_token.status, 200);
  EXPECT_NE(with_token.body.find("kith_http_requests_total"), std::string::npos);
  // Nor can it be posted to.
  EXPECT_NE(b.send("POST", "/metrics", "", "text/plain").status, 200);
}

TEST_P(ObserveTest, EveryResponseCarriesItsOwnRequestId) {
  Browser b = browser();
  std::set<std::string> ids;
  for (const char* path : {"/", "/healthz", "/static/kith.css", "/nowhere", "/api/v1/areas/E01008000"}) {
    auto r = b.get(path, {{"X-Request-Id", "chosen-by-the-client"}});
    std::string id = r.header("X-Request-Id");
    EXPECT_FALSE(id.empty()) << path;
    // A client that is not a trusted proxy does not choose its id.
    EXPECT_NE(id, "chosen-by-the-client") << path;
    EXPECT_TRUE(ids.insert(id).second) << path;
  }
}

TEST_P(ObserveTest, HealthzSaysStartingUntilTheServerHasWarmedUp) {
  Browser b = browser();
  web::set_ready(false);
  auto starting = b.get("/healthz");
  web::set_ready(true);
  EXPECT_EQ(starting.status, 503);
  EXPECT_EQ(starting.json()["status"], "starting");
  EXPECT_EQ(b.get("/healthz").status, 200);
}

TEST_P(ObserveTest, WarmingUpAsksForEveryPlacesHeavyPagesAndEachAnswers) {
  auto& server = testing::shared_server(GetParam());
  std::vector<std::string> paths;
  {
    auto db = server.app().database().acquire();
    paths = app::warm_paths(*db);
  }
  std::set<std::string> wanted(paths.begin(), paths.end());
  // Thurrock's and Sheffield's pages that read published files: the deprivation
  // table, the index, and a neighbourhood's profile.
  for (const char* p : {"/areas/authorities", "/areas/E08000019/deprivation", "/areas/E06000034/resilience",
                        "/directory/gaps?authority=E07000118"})
    EXPECT_TRUE(wanted.count(p)) << p;
  EXPECT_TRUE(
      std::any_of(paths.begin(), paths.end(), [](const std::string& p) { return starts_with(p, "/areas/E01"); }));
  EXPECT_EQ(app::warm_up(server.app().server(), paths), static_cast<int>(paths.size())) << tag();
}

INSTANTIATE_TEST_SUITE_P(Backends, ObserveTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
