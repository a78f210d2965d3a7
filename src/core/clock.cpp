#include "core/clock.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

#include "core/text.h"
#include "i18n/speaking.h"

namespace kith {

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string iso_utc(std::int64_t epoch_seconds) {
  std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string now_iso() { return iso_utc(now_seconds()); }

}  // namespace kith

namespace kith {
std::int64_t parse_iso_utc(const std::string& iso) {
  std::tm tm{};
  if (!strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return 0;
  return static_cast<std::int64_t>(timegm(&tm));
}

std::string date_in_words(const std::string& iso) {
  // Each month's date as a whole message: languages order a date, and inflect its month, their own way.
  static constexpr const char* kMonths[] = {
      i18n::msg("{day} January {year}"), i18n::msg("{day} February {year}"), i18n::msg("{day} March {year}"),
      i18n::msg("{day} April {year}"),   i18n::msg("{day} May {year}"),      i18n::msg("{day} June {year}"),
      i18n::msg("{day} July {year}"),    i18n::msg("{day} August {year}"),   i18n::msg("{day} September {year}"),
      i18n::msg("{day} October {year}"), i18n::msg("{day} November {year}"), i18n::msg("{day} December {year}")};
  int y = 0, m = 0, d = 0;
  if (iso.size() < 10 || std::sscanf(iso.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
    return iso;
  return i18n::tr(kMonths[m - 1], {{"day", std::to_string(d)}, {"year", std::to_string(y)}});
}

std::string month_in_words(const std::string& year_month) {
  static constexpr const char* kMonths[] = {
      i18n::msg("January {year}"), i18n::msg("February {year}"), i18n::msg("March {year}"),
      i18n::msg("April {year}"),   i18n::msg("May {year}"),      i18n::msg("June {year}"),
      i18n::msg("July {year}"),    i18n::msg("August {year}"),   i18n::msg("September {year}"),
      i18n::msg("October {year}"), i18n::msg("November {year}"), i18n::msg("December {year}")};
  int y = 0, m = 0;
  if (year_month.size() != 7 || std::sscanf(year_month.c_str(), "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12)
    return year_month;
  return i18n::tr(kMonths[m - 1], {{"year", std::to_string(y)}});
}

std::string time_in_words(int minutes) {
  if (minutes == 12 * 60) return i18n::tr("midday");
  if (minutes == 0 || minutes == 24 * 60) return i18n::tr("midnight");
  int h = (minutes / 60) % 24, m = minutes % 60;
  std::string time = std::to_string(h % 12 == 0 ? 12 : h % 12);
  if (m != 0) time += (m < 10 ? ":0" : ":") + std::to_string(m);
  return i18n::tr(h < 12 ? i18n::msg("{time}am") : i18n::msg("{time}pm"), {{"time", time}});
}

std::string when_in_words(const std::string& iso) {
  std::string day = date_in_words(iso);
  if (iso.size() < 16 || iso[10] != 'T' || day == iso) return day;
  // The time as everywhere else: "10am", "3:04pm", "midday".
  int h = std::atoi(iso.substr(11, 2).c_str()), m = std::atoi(iso.substr(14, 2).c_str());
  return i18n::tr("{date} at {time}", {{"date", day}, {"time", time_in_words(h * 60 + m)}});
}

bool is_iso_date(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  int y = std::stoi(d.substr(0, 4));
  int m = std::stoi(d.substr(5, 2));
  int day = std::stoi(d.substr(8, 2));
  if (m < 1 || m > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return day <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

bool is_iso_date_time(const std::string& t) {
  if (!is_iso_date(t.substr(0, 10))) return false;
  if (t.size() == 10) return true;
  // Two digits from `at` no more than `most`.
  auto two = [&](std::size_t at, int most) {
    return at + 2 <= t.size() && std::isdigit(static_cast<unsigned char>(t[at])) &&
           std::isdigit(static_cast<unsigned char>(t[at + 1])) && (t[at] - '0') * 10 + (t[at + 1] - '0') <= most;
  };
  if (t[10] != 'T' || !two(11, 23) || t.size() < 16 || t[13] != ':' || !two(14, 59)) return false;
  std::size_t at = 16;
  if (at < t.size() && t[at] == ':') {
    if (!two(at + 1, 59)) return false;
    at += 3;
    if (at < t.size() && t[at] == '.') {
      std::size_t digits = 0;
      while (++at < t.size() && std::isdigit(static_cast<unsigned char>(t[at]))) ++digits;
      if (digits == 0) return false;
    }
  }
  if (at == t.size()) return true;
  if (t[at] == 'Z') return at + 1 == t.size();
  return (t[at] == '+' || t[at] == '-') && two(at + 1, 23) && at + 6 == t.size() && t[at + 3] == ':' && two(at + 4, 59);
}

DateAnswer date_from_parts(const std::string& prefix, const std::string& what, const std::string& day,
                           const std::string& month, const std::string& year) {
  DateAnswer out;
  std::string d = trim(day), m = trim(month), y = trim(year);
  if (d.empty() && m.empty() && y.empty()) return out;
  auto number = [](const std::string& s, std::size_t max_digits) -> std::optional<int> {
    if (s.empty() || s.size() > max_digits) return std::nullopt;
    for (char c : s)
      if (c < '0' || c > '9') return std::nullopt;
    return std::stoi(s);
  };
  // GOV.UK's pattern: name the first part missing, then the first part that cannot be right.
  // Each message is a whole sentence in the catalogue, the field's name a value in it.
  auto fault = [&](const char* part, std::string_view message) {
    return DateAnswer{"", FieldError{prefix + "_" + part, i18n::tr(message, {{"what", i18n::tr(what)}})}};
  };
  if (d.empty()) return fault("day", i18n::msg("{what} must include a day"));
  if (m.empty()) return fault("month", i18n::msg("{what} must include a month"));
  if (y.empty()) return fault("year", i18n::msg("{what} must include a year"));
  auto dn = number(d, 2);
  auto mn = number(m, 2);
  auto yn = number(y, 4);
  if (!dn || *dn < 1 || *dn > 31) return fault("day", i18n::msg("{what} must be a real date"));
  if (!mn || *mn < 1 || *mn > 12) return fault("month", i18n::msg("{what} must be a real date"));
  if (!yn || y.size() != 4) return fault("year", i18n::msg("Year must include 4 numbers"));
  // Nothing Kith records is older or further ahead (a 1800 start date is a slip of a key).
  if (*yn < 1900 || *yn > 2099) return fault("year", i18n::msg("{what} must be between 1900 and 2099"));
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", *yn, *mn, *dn);
  if (!is_iso_date(buf)) return fault("day", i18n::msg("{what} must be a real date"));
  out.iso = buf;
  return out;
}

}  // namespace kith
