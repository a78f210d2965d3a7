#pragma once
// Time as ISO 8601 UTC text, the one form both stores keep and compare correctly.
#include <cstdint>
#include <string>

namespace kith {

// Seconds since the Unix epoch.
std::int64_t now_seconds();
// "2026-11-24T15:04:05Z"
std::string iso_utc(std::int64_t epoch_seconds);
std::string now_iso();

}  // namespace kith

namespace kith {
// Parses the form iso_utc writes; 0 when it cannot.
std::int64_t parse_iso_utc(const std::string& iso);
// The date of an ISO 8601 time in words, as GOV.UK writes dates: "29 November 2026"
// (UTC); the text as it is when it does not start with a date.
std::string date_in_words(const std::string& iso);
// Whether `d` is a day of the calendar written YYYY-MM-DD (29 February only in leap years).
bool is_iso_date(const std::string& d);
// A date given in the GOV.UK date input's three fields (day, month, year): `iso` is
// "YYYY-MM-DD", or `problem` says what is wrong in GOV.UK's words, naming the part
// ("Start date must include a month"). Both empty when all three were left blank.
struct DateInput {
  std::string iso;
  std::string problem;
};
DateInput read_date_input(const std::string& day, const std::string& month, const std::string& year,
                          const std::string& label);
}  // namespace kith
