#pragma once
// Time as ISO 8601 UTC text, the one form both stores keep and compare correctly.
#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"

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
// A time of day (minutes since midnight) as people say it, in the language spoken:
// "10am", "12:30pm", "midday", "midnight".
std::string time_in_words(int minutes);
// "2026-12" as "December 2026" in the reader's language; the text itself when it is not a month.
std::string month_in_words(const std::string& year_month);
// A moment in words, with the time of day (UTC): "29 November 2026 at 3:04pm"; a date
// alone as date_in_words; other text as it is.
std::string when_in_words(const std::string& iso);
// Whether `d` is a day of the calendar written YYYY-MM-DD (29 February only in leap years).
bool is_iso_date(const std::string& d);
// Whether `t` is such a day, alone or with a time of day: YYYY-MM-DDTHH:MM, then
// optionally :SS and a fraction, then optionally Z or an offset (+01:00).
bool is_iso_date_time(const std::string& t);
// A date from a GOV.UK date input's three parts (PREFIX_day, PREFIX_month, PREFIX_year):
// iso is YYYY-MM-DD when they make a real date, empty when all three are blank; otherwise
// error names the part at fault in GOV.UK's words ("Date of birth must include a month"),
// in this thread's language: `what` is English the catalogue says (mark it with msg()).
struct DateAnswer {
  std::string iso;
  std::optional<FieldError> error;
};
DateAnswer date_from_parts(const std::string& prefix, const std::string& what, const std::string& day,
                           const std::string& month, const std::string& year);
}  // namespace kith
