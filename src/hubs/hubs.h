#pragma once
// Community hubs: a place "run by the community for the community", open a few days a
// week with local volunteers. The rules are here — opening times in Europe/London and
// in words, "open now" and "next open", shifts and their sign-up, visits counted per
// session, referrals into a hub. Storage in hub_store.cpp, pages in hubs_http.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace kith::hubs {

struct Hub {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::string> location_id;  // the place in the directory
  std::string authority_code;
  std::string address;
  std::string postcode;
  std::string summary;
  std::string getting_there;
  std::string volunteering;
  std::string contact;
  bool is_demo = false;
  std::optional<std::int64_t> timebank_id;  // where volunteers' hours are banked, when they are
  // The funded grant project the hub delivers: its volunteers' hours are the project's sweat equity.
  std::optional<std::int64_t> grant_project_id;
};

// What is wrong with a hub's details as given (its postcode, place and organisers are
// checked against the store by the caller).
std::vector<FieldError> problems(const Hub& h);

// --- Time in the hub's place, Europe/London ---------------------------------------
// Days since 1970-01-01 for a civil date, and back.
std::int64_t days_from_civil(int y, unsigned m, unsigned d);
std::string civil_from_days(std::int64_t days);  // "YYYY-MM-DD"
// Days since the epoch of "YYYY-MM-DD"; nullopt when it is not a real date.
std::optional<std::int64_t> days_of(const std::string& iso_date);
// 0 Monday ... 6 Sunday.
int weekday_of(std::int64_t days);
// Whether British Summer Time is in force at this moment (from 01:00 UTC on the
// last Sunday of March to 01:00 UTC on the last Sunday of October).
bool is_bst(std::int64_t epoch_seconds);
// The wall clock in Europe/London at a moment.
struct LocalTime {
  std::int64_t days = 0;  // the local date, as days since the epoch
  int minute = 0;         // minutes since local midnight
};
LocalTime london(std::int64_t epoch_seconds);

// "HH:MM" to minutes since midnight; nullopt when it is not a time of day.
std::optional<int> minutes_of(const std::string& hhmm);
std::string hhmm(int minutes);
// "10am to 1pm", in the language spoken (core/clock.h's time_in_words).
std::string hours_in_words(int opens, int closes);
const std::vector<std::string>& weekday_names();  // "Monday" ... "Sunday", in English (as forms may send them)
std::string weekday_in_words(int weekday);        // 0 is Monday, in the language spoken

// --- Opening times --------------------------------------------------------------------
struct Session {
  std::int64_t id = 0;
  int weekday = 0;  // 0 Monday
  int opens = 0;    // minutes since midnight
  int closes = 0;
};
struct Closure {
  std::string on_date;  // YYYY-MM-DD
  std::string reason;
};

// What is wrong with a session as typed (weekday as a number or a name, times HH:MM).
Result<Session> read_session(const std::string& weekday, const std::string& opens, const std::string& closes);

// The week in words, one line per day it opens: "Tuesday: 10am to 12:30pm and 1pm to 4pm".
struct DayHours {
  std::string day;
  std::string hours;
};
std::vector<DayHours> week_in_words(std::vector<Session> sessions);

// Whether it is open at `now` and when it next opens, in plain words.
struct OpenState {
  bool open_now = false;
  std::string words;  // "Open now until 4pm", "Opens tomorrow at 10am", "Closed: no opening times yet"
  std::optional<std::int64_t> next_days;  // the local date of the next (or current) session
  std::optional<int> next_opens;
};
OpenState open_state(const std::vector<Session>& sessions, const std::vector<Closure>& closures,
                     std::int64_t now_epoch);

// --- The rota -----------------------------------------------------------------------
inline constexpr int kMaxNeeded = 50;
struct Shift {
  std::int64_t id = 0;
  std::int64_t hub_id = 0;
  std::string on_date;  // YYYY-MM-DD
  std::string starts;   // HH:MM
  std::string ends;
  std::string role;  // "welcome desk"
  int needed = 1;
  int signed_up = 0;
  bool confirmed = false;
};
std::vector<FieldError> problems(const Shift& s);
// Minutes a shift lasts.
int shift_minutes(const Shift& s);
// The first of `held` (shifts a person is signed up for) whose time overlaps `s`'s on the
// same day, at any hub: a person gives one shift's time at a time, and is banked for one.
std::optional<Shift> overlapping(const Shift& s, const std::vector<Shift>& held);
// Whether a shift is over at `now` (London's wall clock): only then can its
// organiser confirm who came and bank their time.
bool shift_has_ended(const Shift& s, LocalTime now);
// Why a volunteer may not sign up for a shift now, or nullopt when they may.
std::optional<std::string> sign_up_refusal(const Shift& s, bool already, LocalTime now);
// Shifts short of people that have not ended, from today for 14 days, soonest first.
inline constexpr int kCoverDays = 14;
std::vector<Shift> cover_needed(const std::vector<Shift>& shifts, LocalTime now);

// --- Visits ---------------------------------------------------------------------------
inline constexpr int kMaxVisits = 5000;
// People counted at a session, from text: a whole number 0..kMaxVisits.
Result<int> read_count(const std::string& text);
struct Visit {
  std::string on_date;
  std::string session;  // HH:MM
  int people = 0;
};
struct WeekVisits {
  std::string week_of;  // the Monday, YYYY-MM-DD
  int sessions = 0;
  int people = 0;
};
// Visits summed by week (Monday to Sunday), earliest first.
std::vector<WeekVisits> visits_by_week(const std::vector<Visit>& visits);

// --- Referrals ------------------------------------------------------------------------
struct Choice {
  std::string id;
  std::string label;
};
const std::vector<Choice>& needs();  // company, food, money, ...
std::string need_label(const std::string& id);
struct Referral {
  std::int64_t id = 0;
  std::int64_t hub_id = 0;
  std::optional<std::int64_t> referrer_id;
  std::string referrer_name;
  std::string person;  // a first name or initials
  std::vector<std::string> needs;
  std::string note;
  bool consent = false;
  std::string status = "waiting";
  std::string created_at;
  std::string seen_at;
  bool is_demo = false;
  // The coordinator's connection it came from, when it came through coordination.
  std::optional<std::int64_t> connection_id;
};
std::vector<FieldError> problems(const Referral& r);

}  // namespace kith::hubs
