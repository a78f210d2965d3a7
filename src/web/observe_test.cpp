// What an operator sees: JSON log lines with the request's id, request ids, and the
// metrics' text in Prometheus's exposition format.
#include "web/observe.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "core/text.h"

namespace kith::web {
namespace {

// Captures what the default logger writes, in the format set, while it lives.
class CapturedLog {
 public:
  CapturedLog() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("captured", sink));
  }
  ~CapturedLog() {
    spdlog::set_default_logger(previous_);
    set_log_format(LogFormat::kText);
  }
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    for (auto& line : split(out_.str(), '\n'))
      if (!line.empty()) out.push_back(line);
    return out;
  }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST(Observe, JsonLinesCarryTheRequestIdWhileARequestIsAnswered) {
  CapturedLog log;
  set_log_format(LogFormat::kJson);
  spdlog::warn("before any request");
  {
    RequestScope scope("abc-12");
    spdlog::error("the \"store\" failed:\nline two");
  }
  spdlog::info("after");
  auto lines = log.lines();
  ASSERT_GE(lines.size(), 3u);
  auto first = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(first["level"], "warning");
  EXPECT_EQ(first["message"], "before any request");
  EXPECT_FALSE(first.contains("request_id"));
  EXPECT_TRUE(
      std::regex_match(first["time"].get<std::string>(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
  auto second = nlohmann::json::parse(lines[1]);  // one line, however many the message has
  EXPECT_EQ(second["request_id"], "abc-12");
  EXPECT_EQ(second["message"], "the \"store\" failed:\nline two");
  EXPECT_FALSE(nlohmann::json::parse(lines[2]).contains("request_id"));
}

TEST(Observe, TheAccessLineHasItsFieldsInJsonAndNoQuery) {
  CapturedLog log;
  set_log_format(LogFormat::kJson);
  set_access_log(true);
  {
    RequestScope scope("r-1");
    log_access({"GET", "/areas/{code}", "/areas/E01008000", 200, 12.345, 5120});
  }
  set_access_log(false);
  log_access({"GET", "/", "/", 200, 1, 1});  // off: not written
  auto lines = log.lines();
  ASSERT_EQ(lines.size(), 1u);
  auto line = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(line["route"], "/areas/{code}");
  EXPECT_EQ(line["path"], "/areas/E01008000");
  EXPECT_EQ(line["status"], 200);
  EXPECT_DOUBLE_EQ(line["duration_ms"].get<double>(), 12.3);
  EXPECT_EQ(line["bytes"], 5120);
  EXPECT_EQ(line["request_id"], "r-1");
}

TEST(Observe, TextLinesNameTheRequestToo) {
  CapturedLog log;
  set_log_format(LogFormat::kText);
  {
    RequestScope scope("t-9");
    spdlog::error("went wrong");
  }
  spdlog::error("outside");
  auto lines = log.lines();
  ASSERT_GE(lines.size(), 2u);
  EXPECT_NE(lines[0].find("[request t-9] went wrong"), std::string::npos) << lines[0];
  EXPECT_EQ(lines[1].find("[request"), std::string::npos) << lines[1];
}

// What comes from outside (a path with a line break, a terminal escape, a zero byte)
// cannot add a line to the log, colour it or make it binary.
TEST(Observe, ALoggedAddressCannotForgeALineOrEscapeTheTerminal) {
  CapturedLog log;
  set_log_format(LogFormat::kText);
  spdlog::warn("GET {} refused",
               std::string("/x\n[2026-11-30 00:00:00.000] [info] FORGED\x1b[31m") + std::string(1, '\0') + "end");
  auto lines = log.lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("/x\\x0a[2026-11-30 00:00:00.000] [info] FORGED\\x1b[31m\\x00end refused"), std::string::npos)
      << lines[0];
}

TEST(Observe, ALongPathIsLoggedByItsStartAndLength) {
  EXPECT_EQ(path_for_log("/directory"), "/directory");
  EXPECT_EQ(path_for_log("/a\xff"), "(not UTF-8)");
  std::string long_path = "/" + std::string(10000, 'a');
  EXPECT_EQ(path_for_log(long_path), long_path.substr(0, 200) + "… (10,001 bytes)");
  std::string welsh = "/" + std::string(198, 'a') + "ŵŵ";  // a two-byte letter across byte 200
  EXPECT_EQ(path_for_log(welsh), welsh.substr(0, 199) + "… (203 bytes)");
}

TEST(Observe, RequestIdsAreUniqueAndAProxysIdIsKeptOnlyWhenPlain) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(seen.insert(new_request_id()).second);
  EXPECT_EQ(request_id_for("3f9a0c1d2e"), "3f9a0c1d2e");  // nginx's $request_id
  const std::string too_long(65, 'a');
  for (std::string_view bad : {std::string_view(""), std::string_view("has space"), std::string_view("new\nline"),
                               std::string_view("<script>"), std::string_view(too_long)}) {
    std::string id = request_id_for(bad);
    EXPECT_NE(id, bad);
    EXPECT_FALSE(id.empty());
  }
}

}  // namespace
}  // namespace kith::web
