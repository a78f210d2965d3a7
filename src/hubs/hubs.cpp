#include "hubs/hubs.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/clock.h"
#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::hubs {

// Howard Hinnant's algorithms for the proleptic Gregorian calendar.
std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

namespace {

struct Civil {
  int y;
  unsigned m, d;
};

Civil civil(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0)), m, d};
}

std::string two(unsigned n) { return (n < 10 ? "0" : "") + std::to_string(n); }

// The last Sunday of a month, in days since the epoch.
std::int64_t last_sunday(int y, unsigned m) {
  std::int64_t last = days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
  return last - weekday_of(last) + 6 - (weekday_of(last) == 6 ? 0 : 7);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

std::string civil_from_days(std::int64_t days) {
  auto c = civil(days);
  return std::to_string(c.y) + "-" + two(c.m) + "-" + two(c.d);
}

std::optional<std::int64_t> days_of(const std::string& iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  auto y = parse_int(iso.substr(0, 4)), m = parse_int(iso.substr(5, 2)), d = parse_int(iso.substr(8, 2));
  if (!y || !m || !d || *m < 1 || *m > 12 || *d < 1 || *d > 31) return std::nullopt;
  std::int64_t days = days_from_civil(static_cast<int>(*y), static_cast<unsigned>(*m), static_cast<unsigned>(*d));
  if (civil_from_days(days) != iso) return std::nullopt;  // 31 April, 29 February in other years
  return days;
}

int weekday_of(std::int64_t days) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

bool is_bst(std::int64_t t) {
  std::int64_t days = floor_div(t, 86400);
  int y = civil(days).y;
  std::int64_t starts = last_sunday(y, 3) * 86400 + 3600;
  std::int64_t ends = last_sunday(y, 10) * 86400 + 3600;
  return t >= starts && t < ends;
}

LocalTime london(std::int64_t t) {
  std::int64_t local = t + (is_bst(t) ? 3600 : 0);
  std::int64_t days = floor_div(local, 86400);
  return {days, static_cast<int>((local - days * 86400) / 60)};
}

std::optional<int> minutes_of(const std::string& text) {
  std::string s = trim(text);
  auto colon = s.find(':');
  if (colon == std::string::npos) colon = s.find('.');
  if (colon == std::string::npos || colon == 0 || colon > 2 || s.size() != colon + 3) return std::nullopt;
  auto h = parse_int(s.substr(0, colon)), m = parse_int(s.substr(colon + 1));
  if (!h || !m || *h < 0 || *h > 23 || *m < 0 || *m > 59) return std::nullopt;
  return static_cast<int>(*h * 60 + *m);
}

std::string hhmm(int minutes) {
  return two(static_cast<unsigned>(minutes / 60)) + ":" + two(static_cast<unsigned>(minutes % 60));
}

std::string hours_in_words(int opens, int closes) {
  return i18n::tr("{opens} to {closes}", {{"opens", time_in_words(opens)}, {"closes", time_in_words(closes)}});
}

const std::vector<std::string>& weekday_names() {
  static const std::vector<std::string> all = {i18n::msg("Monday"),   i18n::msg("Tuesday"), i18n::msg("Wednesday"),
                                               i18n::msg("Thursday"), i18n::msg("Friday"),  i18n::msg("Saturday"),
                                               i18n::msg("Sunday")};
  return all;
}

std::string weekday_in_words(int weekday) { return i18n::tr(weekday_names().at(static_cast<std::size_t>(weekday))); }

Result<Session> read_session(const std::string& weekday, const std::string& opens, const std::string& closes) {
  std::vector<FieldError> errors;
  Session s;
  std::string day = to_lower(trim(weekday));
  int found = -1;
  if (auto n = parse_int(day); n && *n >= 0 && *n <= 6) found = static_cast<int>(*n);
  for (int i = 0; i < 7 && found < 0; ++i)
    if (to_lower(weekday_names()[static_cast<std::size_t>(i)]) == day) found = i;
  if (found < 0)
    errors.push_back({"weekday", day.empty() ? i18n::msg("Select the day it opens")
                                             : i18n::msg("Select a day of the week, Monday to Sunday")});
  s.weekday = found;
  auto o = minutes_of(opens), c = minutes_of(closes);
  if (!o) errors.push_back({"opens", "Enter the time it opens as hours and minutes, like 09:30"});
  if (!c) errors.push_back({"closes", "Enter the time it closes as hours and minutes, like 16:00"});
  if (o && c && *c <= *o) errors.push_back({"closes", "The closing time must be after the opening time"});
  if (!errors.empty()) return Error::validation(std::move(errors));
  s.opens = *o;
  s.closes = *c;
  return s;
}

std::vector<DayHours> week_in_words(std::vector<Session> sessions) {
  std::sort(sessions.begin(), sessions.end(), [](const Session& a, const Session& b) {
    return std::tie(a.weekday, a.opens) < std::tie(b.weekday, b.opens);
  });
  std::vector<DayHours> out;
  for (int d = 0; d < 7; ++d) {
    std::vector<std::string> parts;
    for (const auto& s : sessions)
      if (s.weekday == d) parts.push_back(hours_in_words(s.opens, s.closes));
    if (parts.empty()) continue;
    std::string hours = parts.size() == 1
                            ? parts[0]
                            : i18n::tr("{list} and {last}",
                                       {{"list", join(std::vector<std::string>(parts.begin(), parts.end() - 1), ", ")},
                                        {"last", parts.back()}});
    out.push_back({weekday_in_words(d), hours});
  }
  return out;
}

OpenState open_state(const std::vector<Session>& sessions, const std::vector<Closure>& closures, std::int64_t now) {
  OpenState out;
  if (sessions.empty()) {
    out.words = i18n::tr("Closed: no opening times yet");
    return out;
  }
  auto closed_on = [&](std::int64_t days) {
    std::string iso = civil_from_days(days);
    return std::any_of(closures.begin(), closures.end(), [&](const Closure& c) { return c.on_date == iso; });
  };
  LocalTime here = london(now);
  // Three weeks ahead is enough to pass a run of closures over the holidays.
  for (std::int64_t d = here.days; d < here.days + 21; ++d) {
    if (closed_on(d)) continue;
    int wd = weekday_of(d);
    std::optional<Session> best;
    for (const auto& s : sessions) {
      if (s.weekday != wd) continue;
      if (d == here.days && s.closes <= here.minute) continue;  // over for today
      if (!best || s.opens < best->opens) best = s;
    }
    if (!best) continue;
    out.next_days = d;
    out.next_opens = best->opens;
    std::string time = time_in_words(best->opens), day = weekday_in_words(wd);
    if (d == here.days && best->opens <= here.minute) {
      out.open_now = true;
      out.words = i18n::tr("Open now until {time}", {{"time", time_in_words(best->closes)}});
    } else if (d == here.days) {
      out.words = i18n::tr("Closed now: opens today at {time}", {{"time", time}});
    } else if (d == here.days + 1) {
      out.words = i18n::tr("Closed now: opens tomorrow at {time}", {{"time", time}});
    } else if (d < here.days + 7) {
      out.words = i18n::tr("Closed now: opens {day} at {time}", {{"day", day}, {"time", time}});
    } else {
      out.words = i18n::tr("Closed now: opens {day} {date} at {time}",
                           {{"day", day}, {"date", date_in_words(civil_from_days(d))}, {"time", time}});
    }
    return out;
  }
  out.words = i18n::tr("Closed for the next three weeks");
  return out;
}

std::vector<FieldError> problems(const Hub& h) {
  std::vector<FieldError> out;
  if (trim(h.name).empty()) out.push_back({"name", "Enter the hub's name"});
  if (utf8_length(h.name) > 120) out.push_back({"name", "The name must be 120 characters or fewer"});
  if (trim(h.address).empty()) out.push_back({"address", "Enter where the hub is, like the building and street"});
  if (utf8_length(h.address) > 200) out.push_back({"address", "The address must be 200 characters or fewer"});
  for (const auto& [field, text, what] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"summary", h.summary, "What happens there"},
           {"getting_there", h.getting_there, "How to get there"},
           {"volunteering", h.volunteering, "How to volunteer"}})
    if (utf8_length(text) > 2000) out.push_back({field, what + " must be 2,000 characters or fewer"});
  if (utf8_length(h.contact) > 200) out.push_back({"contact", "The contact must be 200 characters or fewer"});
  return out;
}

std::vector<FieldError> problems(const Shift& s) {
  std::vector<FieldError> out;
  if (!days_of(s.on_date)) out.push_back({"on_date", "Enter the shift's date as a real date"});
  auto a = minutes_of(s.starts), b = minutes_of(s.ends);
  if (!a) out.push_back({"starts", "Enter the time the shift starts as hours and minutes, like 09:30"});
  if (!b) out.push_back({"ends", "Enter the time the shift ends as hours and minutes, like 12:30"});
  if (a && b && *b <= *a) out.push_back({"ends", "The shift must end after it starts"});
  if (trim(s.role).empty()) out.push_back({"role", "Enter what the volunteers do, like welcome desk"});
  if (utf8_length(s.role) > 80) out.push_back({"role", "What the volunteers do must be 80 characters or fewer"});
  if (s.needed < 1 || s.needed > kMaxNeeded)
    out.push_back({"needed", i18n::tr("Enter how many people the shift needs, from 1 to {most}",
                                      {{"most", std::to_string(kMaxNeeded)}})});
  return out;
}

int shift_minutes(const Shift& s) {
  auto a = minutes_of(s.starts), b = minutes_of(s.ends);
  return a && b && *b > *a ? *b - *a : 0;
}

std::optional<std::string> sign_up_refusal(const Shift& s, bool already, LocalTime now) {
  if (already) return i18n::tr("You are already signed up for this shift");
  if (!days_of(s.on_date) || shift_has_ended(s, now))
    return i18n::tr("This shift has already happened: choose one that has not ended");
  if (s.signed_up >= s.needed)
    return i18n::tr(
        "This shift already has the {volunteers} it needs: choose another shift from the list of cover needed",
        {{"volunteers", count_of(s.needed, "volunteer")}});
  return std::nullopt;
}

std::optional<Shift> overlapping(const Shift& s, const std::vector<Shift>& held) {
  for (const auto& h : held)  // HH:MM compares as text
    if (h.id != s.id && h.on_date == s.on_date && h.starts < s.ends && s.starts < h.ends) return h;
  return std::nullopt;
}

bool shift_has_ended(const Shift& s, LocalTime now) {
  auto day = days_of(s.on_date);
  auto end = minutes_of(s.ends);
  if (!day || !end) return false;
  return *day < now.days || (*day == now.days && *end <= now.minute);
}

std::vector<Shift> cover_needed(const std::vector<Shift>& shifts, LocalTime now) {
  std::vector<Shift> out;
  for (const auto& s : shifts) {
    auto d = days_of(s.on_date);
    if (d && *d < now.days + kCoverDays && !shift_has_ended(s, now) && s.signed_up < s.needed) out.push_back(s);
  }
  std::sort(out.begin(), out.end(), [](const Shift& a, const Shift& b) {
    return std::tie(a.on_date, a.starts, a.id) < std::tie(b.on_date, b.starts, b.id);
  });
  return out;
}

Result<int> read_count(const std::string& text) {
  std::string t = trim(text);
  if (t.empty()) return Error::validation({{"people", "Enter how many people came"}});
  auto n = parse_typed_number(t);
  if (!n) return Error::validation({{"people", "Enter how many people came as a whole number, like 12"}});
  if (*n < 0) return Error::validation({{"people", "The number of people cannot be less than 0"}});
  if (*n > kMaxVisits)
    return Error::validation({{"people", i18n::tr("The number of people must be {max} or fewer for one session",
                                                  {{"max", thousands(kMaxVisits)}})}});
  return static_cast<int>(*n);
}

std::vector<WeekVisits> visits_by_week(const std::vector<Visit>& visits) {
  std::map<std::int64_t, WeekVisits> weeks;
  for (const auto& v : visits) {
    auto d = days_of(v.on_date);
    if (!d) continue;
    std::int64_t monday = *d - weekday_of(*d);
    auto& w = weeks[monday];
    w.week_of = civil_from_days(monday);
    w.sessions += 1;
    w.people += v.people;
  }
  std::vector<WeekVisits> out;
  out.reserve(weeks.size());
  for (auto& [_, w] : weeks) out.push_back(w);
  return out;
}

const std::vector<Choice>& needs() {
  static const std::vector<Choice> all = {
      {"company", i18n::msg("Company and someone to talk to")},
      {"food", i18n::msg("Food")},
      {"money", i18n::msg("Money, benefits or debt")},
      {"housing", i18n::msg("Housing or repairs")},
      {"forms", i18n::msg("Help with forms or letters")},
      {"digital", i18n::msg("Getting online")},
      {"activities", i18n::msg("Activities, groups or volunteering")},
      {"carers", i18n::msg("Support as a carer")},
      {"other", i18n::msg("Something else")},
  };
  return all;
}

std::string need_label(const std::string& id) {
  for (const auto& c : needs())
    if (c.id == id) return c.label;
  return id;
}

std::vector<FieldError> problems(const Referral& r) {
  std::vector<FieldError> out;
  std::string p = trim(r.person);
  if (p.empty()) out.push_back({"person", "Enter the person's first name or initials"});
  if (utf8_length(p) > 30 || p.find(' ') != std::string::npos)
    out.push_back({"person", "Enter only a first name or initials, with no spaces, 30 characters or fewer"});
  if (r.needs.empty()) out.push_back({"needs", "Select what the person needs help with"});
  for (const auto& n : r.needs)
    if (std::none_of(needs().begin(), needs().end(), [&](const Choice& c) { return c.id == n; })) {
      out.push_back({"needs", "Select what the person needs help with from the list"});
      break;
    }
  if (utf8_length(r.note) > 500) out.push_back({"note", "The note must be 500 characters or fewer"});
  if (!r.consent)
    out.push_back({"consent", "Confirm the person agreed to the hub being told they are coming, or do not refer them"});
  return out;
}

}  // namespace kith::hubs
