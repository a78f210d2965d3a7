#include "core/clock.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <vector>

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
  static const char* months[] = {"January", "February", "March",     "April",   "May",      "June",
                                 "July",    "August",   "September", "October", "November", "December"};
  int y = 0, m = 0, d = 0;
  if (iso.size() < 10 || std::sscanf(iso.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
    return iso;
  return std::to_string(d) + " " + months[m - 1] + " " + std::to_string(y);
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

DateInput read_date_input(const std::string& day, const std::string& month, const std::string& year,
                          const std::string& label) {
  if (day.empty() && month.empty() && year.empty()) return {};
  std::vector<std::string> missing;
  if (day.empty()) missing.emplace_back("day");
  if (month.empty()) missing.emplace_back("month");
  if (year.empty()) missing.emplace_back("year");
  if (missing.size() == 2) return {"", label + " must include a " + missing[0] + " and " + missing[1]};
  if (missing.size() == 1) return {"", label + " must include a " + missing[0]};
  auto number = [](const std::string& s) {
    return !s.empty() && s.size() <= 4 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!number(day) || !number(month) || !number(year)) return {"", label + " must be a real date"};
  if (year.size() != 4) return {"", "Year must include 4 numbers"};
  auto two = [](const std::string& s) { return s.size() == 1 ? "0" + s : s; };
  std::string iso = year + "-" + two(month) + "-" + two(day);
  if (!is_iso_date(iso)) return {"", label + " must be a real date"};
  return {iso, ""};
}

}  // namespace kith
