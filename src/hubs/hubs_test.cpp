// Community hubs' rules: the calendar and British Summer Time, opening times in words,
// "open now" and "next open" across midnight, the week's end and closures, the rota's
// sign-up and cover needed, visits by week, and the checks on what people type.
#include <gtest/gtest.h>

#include "core/clock.h"
#include "hubs/hubs.h"
#include "i18n/languages.h"
#include "i18n/speaking.h"

namespace kith::hubs {
namespace {

std::int64_t utc(int y, unsigned m, unsigned d, int h, int min) {
  return days_from_civil(y, m, d) * 86400 + h * 3600 + min * 60;
}

TEST(HubsCalendar, DaysAndWeekdays) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(civil_from_days(days_from_civil(2024, 2, 29)), "2024-02-29");
  EXPECT_EQ(weekday_of(days_from_civil(2026, 11, 30)), 0);  // a Monday
  EXPECT_EQ(weekday_of(days_from_civil(2026, 11, 29)), 6);  // a Sunday
  EXPECT_FALSE(days_of("2026-02-29"));
  EXPECT_FALSE(days_of("2026-13-01"));
  EXPECT_FALSE(days_of("1 December"));
  EXPECT_EQ(days_of("2026-12-01"), days_from_civil(2026, 12, 1));
}

TEST(HubsCalendar, BritishSummerTimeStartsAndEndsAtOneUtcOnTheLastSunday) {
  // 2026: from 29 March to 25 October; 2027: from 28 March to 31 October.
  EXPECT_FALSE(is_bst(utc(2026, 3, 29, 0, 59)));
  EXPECT_TRUE(is_bst(utc(2026, 3, 29, 1, 0)));
  EXPECT_TRUE(is_bst(utc(2026, 10, 25, 0, 59)));
  EXPECT_FALSE(is_bst(utc(2026, 10, 25, 1, 0)));
  EXPECT_TRUE(is_bst(utc(2027, 3, 28, 1, 0)));
  EXPECT_TRUE(is_bst(utc(2027, 10, 31, 0, 30)));
  EXPECT_FALSE(is_bst(utc(2027, 1, 15, 12, 0)));
  // 23:30 UTC in July is half past midnight the next day in London.
  auto l = london(utc(2026, 7, 14, 23, 30));
  EXPECT_EQ(l.days, days_from_civil(2026, 7, 15));
  EXPECT_EQ(l.minute, 30);
  auto w = london(utc(2026, 12, 14, 23, 30));
  EXPECT_EQ(w.days, days_from_civil(2026, 12, 14));
  EXPECT_EQ(w.minute, 23 * 60 + 30);
}

TEST(HubsTimes, TimesAndWeeksInWords) {
  EXPECT_EQ(time_in_words(10 * 60), "10am");
  EXPECT_EQ(time_in_words(12 * 60 + 30), "12:30pm");
  EXPECT_EQ(time_in_words(12 * 60), "midday");
  EXPECT_EQ(time_in_words(16 * 60 + 5), "4:05pm");
  EXPECT_EQ(time_in_words(0), "midnight");
  EXPECT_EQ(minutes_of("09:30"), 570);
  EXPECT_EQ(minutes_of("9.30"), 570);
  EXPECT_FALSE(minutes_of("24:00"));
  EXPECT_FALSE(minutes_of("9am"));
  auto week = week_in_words({{0, 1, 13 * 60, 16 * 60}, {0, 1, 10 * 60, 12 * 60 + 30}, {0, 4, 10 * 60, 14 * 60}});
  ASSERT_EQ(week.size(), 2u);
  EXPECT_EQ(week[0].day, "Tuesday");
  EXPECT_EQ(week[0].hours, "10am to 12:30pm and 1pm to 4pm");
  EXPECT_EQ(week[1].day, "Friday");
}

TEST(HubsTimes, ASessionIsCheckedAsTyped) {
  auto ok = read_session("Wednesday", "10:00", "13:00");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->weekday, 2);
  EXPECT_EQ(read_session("2", "10:00", "13:00")->weekday, 2);
  auto backwards = read_session("Monday", "13:00", "10:00");
  ASSERT_FALSE(backwards);
  EXPECT_EQ(backwards.error().fields.at(0).field, "closes");
  EXPECT_EQ(backwards.error().fields.at(0).message, "The closing time must be after the opening time");
  auto unknown = read_session("Funday", "25:00", "");
  ASSERT_FALSE(unknown);
  ASSERT_EQ(unknown.error().fields.size(), 3u);
  EXPECT_EQ(unknown.error().fields[0].message, "Select a day of the week, Monday to Sunday");
  EXPECT_FALSE(read_session("7", "10:00", "11:00"));
}

// Ockendon's week: Monday 10am to 1pm, Wednesday 10am to 1pm and 2pm to 4pm.
std::vector<Session> ockendon() {
  return {{0, 0, 10 * 60, 13 * 60}, {0, 2, 10 * 60, 13 * 60}, {0, 2, 14 * 60, 16 * 60}};
}

TEST(HubsOpening, OpenNowAndNextOpenInLondonTime) {
  // Monday 30 November 2026 (GMT): 11:00 UTC is 11am in London.
  auto open = open_state(ockendon(), {}, utc(2026, 11, 30, 11, 0));
  EXPECT_TRUE(open.open_now);
  EXPECT_EQ(open.words, "Open now until 1pm");
  // 1pm exactly: closed, next Wednesday.
  auto shut = open_state(ockendon(), {}, utc(2026, 11, 30, 13, 0));
  EXPECT_FALSE(shut.open_now);
  EXPECT_EQ(shut.words, "Closed now: opens Wednesday at 10am");
  // Wednesday at the lunch gap: later today.
  EXPECT_EQ(open_state(ockendon(), {}, utc(2026, 12, 2, 13, 30)).words, "Closed now: opens today at 2pm");
  // Tuesday 23:59: tomorrow. Past midnight it is Wednesday: today.
  EXPECT_EQ(open_state(ockendon(), {}, utc(2026, 12, 1, 23, 59)).words, "Closed now: opens tomorrow at 10am");
  EXPECT_EQ(open_state(ockendon(), {}, utc(2026, 12, 2, 0, 1)).words, "Closed now: opens today at 10am");
  // Sunday night to Monday, across the week's end.
  EXPECT_EQ(open_state(ockendon(), {}, utc(2026, 12, 6, 20, 0)).words, "Closed now: opens tomorrow at 10am");
}

TEST(HubsOpening, SummerTimeMovesTheHourAndMidnight) {
  // Monday 6 July 2026 in BST: 9:30 UTC is 10:30am, open; in GMT the same UTC time is not.
  EXPECT_TRUE(open_state(ockendon(), {}, utc(2026, 7, 6, 9, 30)).open_now);
  EXPECT_FALSE(open_state(ockendon(), {}, utc(2026, 11, 30, 9, 30)).open_now);
  // Monday 12:30 UTC in summer is 1:30pm: closed.
  EXPECT_FALSE(open_state(ockendon(), {}, utc(2026, 7, 6, 12, 30)).open_now);
  // Tuesday 23:30 UTC in summer is already Wednesday in London.
  EXPECT_EQ(open_state(ockendon(), {}, utc(2026, 7, 7, 23, 30)).words, "Closed now: opens today at 10am");
}

TEST(HubsOpening, ClosuresAreSkipped) {
  // Closed on Monday 30 November and Wednesday 2 December: next open Monday 7 December.
  std::vector<Closure> shut = {{"2026-11-30", "Training"}, {"2026-12-02", ""}};
  auto s = open_state(ockendon(), shut, utc(2026, 11, 30, 11, 0));
  EXPECT_FALSE(s.open_now);
  EXPECT_EQ(s.words, "Closed now: opens Monday 7 December 2026 at 10am");
  EXPECT_EQ(s.next_days, days_from_civil(2026, 12, 7));
  EXPECT_EQ(open_state({}, {}, utc(2026, 11, 30, 11, 0)).words, "Closed: no opening times yet");
}

TEST(HubsOpening, TimesAndDaysAreSaidInTheLanguageSpoken) {
  auto speak = [](const char* code) { return i18n::Speaking(i18n::Languages::embedded().find(code)); };
  {
    auto welsh = speak("cy");
    EXPECT_EQ(open_state(ockendon(), {}, utc(2026, 11, 30, 16, 0)).words, "Ar gau nawr: yn agor Dydd Mercher am 10yb");
    EXPECT_EQ(week_in_words(ockendon())[1].hours, "10yb i 1yp a 2yp i 4yp");
  }
  {
    auto polish = speak("pl");
    EXPECT_EQ(open_state(ockendon(), {}, utc(2026, 12, 2, 13, 30)).words,
              "Teraz zamknięte. Otwarcie: dziś, godz. 2 po południu");
    EXPECT_EQ(week_in_words(ockendon())[0].day, "Poniedziałek");
  }
  EXPECT_EQ(week_in_words(ockendon())[1].hours, "10am to 1pm and 2pm to 4pm");
}

Shift shift(const std::string& date, int needed, int signed_up) {
  Shift s;
  s.id = needed * 10 + signed_up;
  s.on_date = date;
  s.starts = "10:00";
  s.ends = "13:00";
  s.role = "Welcome desk";
  s.needed = needed;
  s.signed_up = signed_up;
  return s;
}

TEST(HubsRota, SignUpRefusalsAndCoverNeeded) {
  const LocalTime today{days_from_civil(2026, 11, 30), 9 * 60};  // 9am
  EXPECT_FALSE(sign_up_refusal(shift("2026-12-01", 2, 1), false, today));
  auto full = sign_up_refusal(shift("2026-12-01", 2, 2), false, today);
  ASSERT_TRUE(full);
  EXPECT_EQ(*full,
            "This shift already has the 2 volunteers it needs: choose another shift from the list of cover needed");
  EXPECT_TRUE(sign_up_refusal(shift("2026-11-29", 2, 0), false, today));
  EXPECT_EQ(*sign_up_refusal(shift("2026-12-01", 2, 1), true, today), "You are already signed up for this shift");
  EXPECT_EQ(shift_minutes(shift("2026-12-01", 1, 0)), 180);
  // Cover: short shifts from today for 14 days, soonest first.
  auto cover = cover_needed({shift("2026-12-10", 3, 1), shift("2026-12-01", 2, 0), shift("2026-12-02", 1, 1),
                             shift("2026-11-29", 2, 0), shift("2026-12-14", 2, 0)},
                            today);
  ASSERT_EQ(cover.size(), 2u);
  EXPECT_EQ(cover[0].on_date, "2026-12-01");
  EXPECT_EQ(cover[1].on_date, "2026-12-10");
}

TEST(HubsRota, ShiftsThatShareTimeOnADayOverlap) {
  Shift desk = shift("2026-12-01", 2, 1);  // 10am to 1pm
  Shift tea = desk;
  tea.id = 99;
  tea.role = "Tea and chat";
  EXPECT_EQ(overlapping(tea, {desk})->id, desk.id);  // the same hours
  tea.starts = "12:30";
  tea.ends = "14:00";
  EXPECT_TRUE(overlapping(tea, {desk}));  // half an hour shared
  tea.starts = "13:00";
  EXPECT_FALSE(overlapping(tea, {desk}));  // one ends as the other starts
  tea.starts = "09:00";
  tea.on_date = "2026-12-02";
  EXPECT_FALSE(overlapping(tea, {desk}));   // another day
  EXPECT_FALSE(overlapping(desk, {desk}));  // itself
}

TEST(HubsRota, AShiftIsOverOnlyWhenItHasEnded) {
  // 10:00 to 13:00 on 30 November: not over at 9am or noon that day; over at 1pm, and the next day.
  auto s = shift("2026-11-30", 2, 1);
  const auto day = days_from_civil(2026, 11, 30);
  EXPECT_FALSE(shift_has_ended(s, {day, 9 * 60}));
  EXPECT_FALSE(shift_has_ended(s, {day, 12 * 60}));
  EXPECT_TRUE(shift_has_ended(s, {day, 13 * 60}));
  EXPECT_TRUE(shift_has_ended(s, {day + 1, 0}));
  EXPECT_FALSE(shift_has_ended(s, {day - 1, 23 * 60}));
  // Later today it can still be signed up for and still needs cover; once over, neither.
  EXPECT_FALSE(sign_up_refusal(s, false, {day, 12 * 60}));
  EXPECT_TRUE(sign_up_refusal(s, false, {day, 14 * 60}));
  EXPECT_EQ(cover_needed({s}, {day, 12 * 60}).size(), 1u);
  EXPECT_TRUE(cover_needed({s}, {day, 14 * 60}).empty());
}

TEST(HubsRota, AShiftIsChecked) {
  auto s = shift("2026-12-01", 2, 0);
  EXPECT_TRUE(problems(s).empty());
  s.ends = "09:00";
  ASSERT_EQ(problems(s).size(), 1u);
  EXPECT_EQ(problems(s)[0].message, "The shift must end after it starts");
  s.ends = "12:00";
  s.needed = 0;
  EXPECT_EQ(problems(s).at(0).field, "needed");
  s.needed = 51;
  EXPECT_EQ(problems(s).at(0).field, "needed");
}

TEST(HubsVisits, CountsAreCheckedAndSummedByWeek) {
  EXPECT_EQ(*read_count("12"), 12);
  EXPECT_EQ(*read_count("0"), 0);
  EXPECT_EQ(read_count("-3").error().fields.at(0).message, "The number of people cannot be less than 0");
  EXPECT_EQ(read_count("5001").error().fields.at(0).message,
            "The number of people must be 5,000 or fewer for one session");
  EXPECT_FALSE(read_count("lots"));
  EXPECT_FALSE(read_count(""));
  auto weeks = visits_by_week({{"2026-11-30", "10:00", 10},
                               {"2026-12-02", "10:00", 7},
                               {"2026-12-06", "14:00", 3},
                               {"2026-12-07", "10:00", 12},
                               {"2026-11-29", "10:00", 4}});
  ASSERT_EQ(weeks.size(), 3u);
  EXPECT_EQ(weeks[0].week_of, "2026-11-23");
  EXPECT_EQ(weeks[0].people, 4);
  EXPECT_EQ(weeks[1].week_of, "2026-11-30");
  EXPECT_EQ(weeks[1].sessions, 3);
  EXPECT_EQ(weeks[1].people, 20);
  EXPECT_EQ(weeks[2].people, 12);
}

TEST(HubsReferrals, AReferralNeedsAFirstNameANeedAndConsent) {
  Referral r;
  r.person = "Jo";
  r.needs = {"company"};
  r.consent = true;
  EXPECT_TRUE(problems(r).empty());
  r.person = "Joanna Smith";
  EXPECT_EQ(problems(r).at(0).field, "person");
  r.person = "J.S.";
  r.needs = {"surgery"};
  EXPECT_EQ(problems(r).at(0).field, "needs");
  r.needs = {"food"};
  r.consent = false;
  EXPECT_EQ(problems(r).at(0).field, "consent");
}

}  // namespace
}  // namespace kith::hubs
