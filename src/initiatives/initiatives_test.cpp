// The partnership matrix's rules: whole and part cover by ward, gaps and crowded
// wards, columns that reach nothing left out, the CSV; the checks on an initiative;
// and the calendar the GOV.UK date input is read against.
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/text.h"
#include "initiatives/initiatives.h"

namespace kith::initiatives {
namespace {

Initiative named(const std::string& name) {
  Initiative i;
  i.name = name;
  return i;
}

TEST(InitiativesMatrix, CoversAWardWhollyOnlyWhenEveryLsoaIsReached) {
  std::vector<Ward> wards = {{"W1", "Ockendon", {"L1", "L2"}}, {"W2", "Belhus", {"L3"}}, {"W3", "Orsett", {"L4"}}};
  Initiative hubs = named("Hubs"), lac = named("Local Area Coordination"), far = named("Elsewhere");
  std::vector<Reach> reach = {{&hubs, {"L1", "L2", "L3"}}, {&lac, {"L1"}}, {&far, {"X9"}}};
  Matrix m = build_matrix(wards, reach);
  ASSERT_EQ(m.columns.size(), 2u);  // "Elsewhere" reaches no ward here
  EXPECT_EQ(m.columns[0]->name, "Hubs");
  EXPECT_EQ(m.columns[1]->name, "Local Area Coordination");
  // Rows by name: Belhus, Ockendon, Orsett.
  ASSERT_EQ(m.rows.size(), 3u);
  EXPECT_EQ(m.rows[0].ward->name, "Belhus");
  EXPECT_EQ(m.rows[0].cells, (std::vector<Cover>{Cover::kWhole, Cover::kNone}));
  EXPECT_EQ(m.rows[1].ward->name, "Ockendon");
  EXPECT_EQ(m.rows[1].cells, (std::vector<Cover>{Cover::kWhole, Cover::kPart}));
  EXPECT_EQ(m.rows[1].working, 2);
  ASSERT_EQ(m.gaps.size(), 1u);
  EXPECT_EQ(m.gaps[0]->name, "Orsett");
  EXPECT_TRUE(m.crowded.empty());
}

TEST(InitiativesMatrix, NamesTheWardsWhereThreeOrMoreMeet) {
  std::vector<Ward> wards = {{"W1", "Tilbury", {"L1"}}, {"W2", "Grays", {"L2"}}};
  Initiative a = named("A"), b = named("B"), c = named("C");
  Matrix m = build_matrix(wards, {{&a, {"L1"}}, {&b, {"L1", "L2"}}, {&c, {"L1"}}});
  ASSERT_EQ(m.crowded.size(), 1u);
  EXPECT_EQ(m.crowded[0]->name, "Tilbury");
  EXPECT_TRUE(m.gaps.empty());
}

TEST(InitiativesMatrix, CsvHasAColumnPerInitiativeAndNeutralisesFormulas) {
  std::vector<Ward> wards = {{"W1", "=Ward", {"L1", "L2"}}};
  Initiative a = named("Hubs");
  std::string csv = matrix_csv(build_matrix(wards, {{&a, {"L2"}}}));
  EXPECT_EQ(csv, "ward_code,ward_name,Hubs,initiatives_working\nW1,\"'=Ward\",part,1\n");
}

TEST(InitiativesRules, NameEachMissingOrWrongField) {
  Initiative i;
  i.starts_on = "2024-05-01";
  i.ends_on = "2024-04-30";
  i.kind = "made-up";
  std::set<std::string> fields;
  for (const auto& e : problems(i)) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"name", "kind", "lead_organisation", "status", "ends_on", "areas"}));
  i = named(std::string(120, 'e'));
  i.name = "";
  for (int k = 0; k < 120; ++k) i.name += "é";  // 120 characters, 240 bytes: within the limit
  i.kind = "council";
  i.lead_organisation = "Thurrock Council";
  i.status = "active";
  i.areas = {"E05002239"};
  EXPECT_TRUE(problems(i).empty());
  i.name += "é";
  ASSERT_EQ(problems(i).size(), 1u);
  EXPECT_EQ(problems(i)[0].message, "The name must be 120 characters or fewer");
}

TEST(DateInput, CountsLeapYearsAsTheCalendarDoes) {
  EXPECT_EQ(date_from_parts("starts_on", "Start date", "29", "2", "2024").iso, "2024-02-29");
  EXPECT_EQ(date_from_parts("starts_on", "Start date", "29", "2", "2000").iso, "2000-02-29");
  auto century = date_from_parts("starts_on", "Start date", "29", "2", "1900");
  ASSERT_TRUE(century.error);
  EXPECT_EQ(century.error->field, "starts_on_day");
  EXPECT_EQ(century.error->message, "Start date must be a real date");
}

TEST(DateInput, KnowsTheCalendar) {
  EXPECT_TRUE(is_iso_date("2026-11-29"));
  EXPECT_FALSE(is_iso_date("2026-13-01"));
  EXPECT_FALSE(is_iso_date("2026-11-31"));
  EXPECT_FALSE(is_iso_date("2026-1-01"));
  EXPECT_FALSE(is_iso_date("2026/11/29"));
  EXPECT_EQ(utf8_length("Zoë"), 3u);
}

}  // namespace
}  // namespace kith::initiatives
