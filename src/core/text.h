#pragma once
// Small text helpers shared by every module.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kith {

// The largest sum of money Kith takes, in whole pounds (a budget, a grant, a cost, a
// value): a billion, so that sums of them and their pence never overflow.
inline constexpr std::int64_t kMaxPounds = 1'000'000'000;
// The most hours one number may say (volunteer hours given or delivered).
inline constexpr std::int64_t kMaxHours = 1'000'000;

std::string trim(std::string_view s);
std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
bool starts_with(std::string_view s, std::string_view prefix);
std::string html_escape(std::string_view s);
// For JSON written by hand where building a json value would cost too much (the
// directory's search): `s` as a JSON string, and a number as nlohmann::json writes it
// (shortest form that reads back the same, with ".0" on a whole number).
void append_json_string(std::string& out, std::string_view s);
void append_json_number(std::string& out, double v);
// Whether `s` is well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or code
// points past U+10FFFF).
bool valid_utf8(std::string_view s);
// Characters (code points) in valid UTF-8 text: what a length limit a person reads counts.
std::size_t utf8_length(std::string_view s);
// The first `n` characters (code points) of UTF-8 text, never cutting one in half.
std::string utf8_prefix(std::string_view s, std::size_t n);
// Text of at most `max` characters as it is; longer, its first `keep` characters and "…".
std::string shorten(std::string_view s, std::size_t max, std::size_t keep);
// Whether text holds markup: a tag, closing tag or comment ("<b", "</", "<!").
bool has_markup(std::string_view s);
std::string url_encode(std::string_view s);
// A path segment's %XX decoded; "+" stays "+" (it means a space only in a query or form).
std::string url_decode_path(std::string_view s);
std::string url_decode(std::string_view s);
std::optional<std::int64_t> parse_int(std::string_view s);
// A whole number as people type one in a form: "1,200", "£250", "£1,000,000" (GOV.UK:
// accept the pound sign and commas between digits); nullopt for anything else.
std::optional<std::int64_t> parse_typed_number(std::string_view s);
// A finite number, the whole of the text (spaces around allowed); NaN and infinities are not numbers here.
std::optional<double> parse_double(std::string_view s);
// "1,296" -> 1296: the IoD2019 files write numbers with thousands separators.
std::optional<double> parse_number_with_commas(std::string_view s);
// Joins with a separator.
// Escapes % _ and \\ for a LIKE pattern written with ESCAPE '\\'.
std::string like_escape(std::string_view s);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
// Formats 12345 as "12,345".
std::string thousands(std::int64_t n);
// v with `places` decimals ("12.35"); "" when v is not a finite number.
std::string fixed(double v, int places);
// A count with its noun: "1 member", "2 members", "1,200 people" (plural given where
// it is not the noun + "s"). Every count shown beside a noun goes through this.
std::string count_of(std::int64_t n, std::string_view one, std::string_view many = {});
// A range with its noun: "1 to 3 projects", "−10 to 50 hours" (a true minus sign,
// U+2212), and "3 projects" when both ends are the same. The noun is plural unless
// both ends are one. Every range shown beside a noun goes through this; write
// "from " before it where the sentence needs it ("Balances can go from −10 to 50 hours").
// The words are said in the page's language: callers mark the nouns with i18n::msg.
std::string range_text(std::int64_t low, std::int64_t high, std::string_view one, std::string_view many = {});
// Standard base64 (RFC 4648, with padding), for bytes kept in text columns.
std::string base64_encode(std::string_view bytes);
// Decodes base64; characters outside the alphabet are skipped.
std::string base64_decode(std::string_view text);

}  // namespace kith
