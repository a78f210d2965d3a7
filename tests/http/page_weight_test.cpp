// No page is heavier than a phone on a slow connection can take: the largest pages
// (a city's deprivation table, index, gap analysis and map, every authority
// compared) stay under 150 KB of HTML, their maps still drawing every neighbourhood.
#include <gtest/gtest.h>

#include "core/text.h"
#include "support/harness.h"

namespace kith {
namespace {

constexpr std::size_t kMostBytes = 150 * 1024;

class PageWeightTest : public testing::BackendSuite {};

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_P(PageWeightTest, TheHeaviestPagesOfEveryPlaceStayUnder150KB) {
  auto b = browser();
  std::vector<std::string> pages = {"/areas/authorities", "/areas/authorities?year=2019"};
  for (const char* a : {"E08000019", "E08000027", "E07000118", "E06000034"})
    for (const char* tail : {"", "/deprivation", "/resilience"}) pages.push_back(std::string("/areas/") + a + tail);
  for (const char* a : {"E08000019", "E08000027", "E07000118", "E06000034"})
    pages.push_back(std::string("/directory/gaps?authority=") + a);
  for (const auto& path : pages) {
    auto r = b.get(path);
    ASSERT_EQ(r.status, 200) << path << tag();
    EXPECT_LT(r.body.size(), kMostBytes) << path << " is " << r.body.size() << " bytes" << tag();
  }
}

TEST_P(PageWeightTest, SheffieldsDeprivationMapStillDrawsEachOfIts343Neighbourhoods) {
  auto r = browser().get("/areas/E08000019/deprivation");
  ASSERT_EQ(r.status, 200);
  auto svg_at = r.body.find("<svg class=\"kith-area-svg\"");
  ASSERT_NE(svg_at, std::string::npos);
  std::string svg = r.body.substr(svg_at, r.body.find("</svg>", svg_at) - svg_at);
  EXPECT_EQ(count_of(svg, "<path "), 343u);
  EXPECT_EQ(count_of(svg, "Z\""), 343u) << "every path closes";  // none dropped as too small
  // The table names each one instead of the picture.
  EXPECT_EQ(count_of(svg, "<title>"), 0u);
  EXPECT_NE(r.body.find("Burngreave &amp; Grimesthorpe (Sheffield 022I)</a>"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, PageWeightTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
