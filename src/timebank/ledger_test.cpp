#include "timebank/ledger.h"

#include <gtest/gtest.h>

namespace kith::timebank {
namespace {

TEST(TimebankDuration, ReadsHoursAndMinutesIntoWholeMinutes) {
  EXPECT_EQ(*parse_duration("1.5", ""), 90);
  EXPECT_EQ(*parse_duration("2", "15"), 135);
  EXPECT_EQ(*parse_duration("", "45"), 45);
  EXPECT_EQ(*parse_duration("1,5", ""), 90);  // a decimal comma, as much of Europe writes it
  EXPECT_FALSE(parse_duration("1,5.0", "").ok());
  EXPECT_FALSE(parse_duration("1,000", "").ok());  // a thousands comma is not read as one hour
  EXPECT_EQ(*parse_duration("24", ""), 1440);
  EXPECT_EQ(parse_duration("24", "1").error().fields[0].field, "hours");
  EXPECT_EQ(parse_duration("0", "0").error().fields[0].message, "Enter how long it took: at least 1 minute");
  EXPECT_EQ(parse_duration("-1", "").error().fields[0].field, "hours");
  EXPECT_EQ(parse_duration("1", "60").error().fields[0].field, "minutes");
  EXPECT_EQ(parse_duration("1.33", "").error().fields[0].message,
            "Give the time in whole minutes: 1.5 hours is fine, 1.33 is not");
  EXPECT_EQ(parse_duration("nan", "").error().fields[0].field, "hours");
  EXPECT_EQ(*parse_duration("100", "", kMaxGiftMinutes), 6000);
}

// Found by tests/fuzz/fuzz_duration: a number of hours too large for a whole number of
// minutes was refused as "at least 1 minute".
TEST(TimebankDuration, RefusesHugeNumbersAsTooLongNotTooShort) {
  for (const char* hours : {"1e300", "2e17", "1.7976931348623157e308", "99999999999999999999"}) {
    auto r = parse_duration(hours, "");
    ASSERT_FALSE(r) << hours;
    EXPECT_EQ(r.error().fields[0].field, "hours");
    EXPECT_EQ(r.error().fields[0].message, "One exchange can be at most 24 hours: record longer help as several")
        << hours;
  }
  EXPECT_EQ(parse_duration("1e300", "", kMaxGiftMinutes).error().fields[0].message, "This can be at most 100 h");
}

TEST(TimebankDuration, FormatsMinutesAsPeopleSayThem) {
  EXPECT_EQ(format_minutes(90), "1 h 30 min");
  EXPECT_EQ(format_minutes(45), "45 min");
  EXPECT_EQ(format_minutes(-600), "-10 h");
  EXPECT_EQ(limits_text(-600, 3000), "\u221210 to 50 hours");
  EXPECT_EQ(limits_text(-90, 3000), "\u22121 h 30 min to 50 h");
  EXPECT_EQ(format_minutes(0), "0 min");
}

TEST(TimebankLifecycle, GoesFromProposedToConfirmedByBothParties) {
  Exchange e{State::kProposed, Party::kGiver, false, false};
  EXPECT_EQ(apply(e, Action::kAccept, Party::kGiver).error().message,
            "You proposed this exchange: the other person accepts it.");
  EXPECT_EQ(apply(e, Action::kDone, Party::kGiver).error().message,
            "This exchange must be accepted before it can be done.");
  e = *apply(e, Action::kAccept, Party::kReceiver);
  EXPECT_EQ(e.state, State::kAccepted);
  EXPECT_EQ(apply(e, Action::kConfirm, Party::kGiver).error().message,
            "This exchange can be confirmed once it is marked as done.");
  e = *apply(e, Action::kDone, Party::kReceiver);  // done counts as the receiver's confirmation
  EXPECT_EQ(e.state, State::kDone);
  EXPECT_TRUE(e.receiver_confirmed);
  EXPECT_EQ(apply(e, Action::kConfirm, Party::kReceiver).error().message, "You have already confirmed this exchange.");
  e = *apply(e, Action::kConfirm, Party::kGiver);
  EXPECT_EQ(e.state, State::kConfirmed);
  for (Action a : {Action::kAccept, Action::kDone, Action::kConfirm, Action::kCancel})
    EXPECT_FALSE(apply(e, a, Party::kCoordinator)) << "a confirmed exchange never changes";
}

TEST(TimebankLifecycle, ACoordinatorConfirmsADoneExchangeAndAnyoneCancelsBeforeThen) {
  Exchange done{State::kDone, Party::kReceiver, true, false};
  EXPECT_EQ(apply(done, Action::kConfirm, Party::kCoordinator)->state, State::kConfirmed);
  for (State s : {State::kProposed, State::kAccepted, State::kDone}) {
    Exchange e{s, Party::kGiver, false, false};
    EXPECT_EQ(apply(e, Action::kCancel, Party::kReceiver)->state, State::kCancelled);
  }
  Exchange cancelled{State::kCancelled, Party::kGiver, false, false};
  EXPECT_EQ(apply(cancelled, Action::kAccept, Party::kReceiver).error().message, "This exchange was cancelled.");
}

TEST(TimebankLimits, NameWhoseLimitAndWhereTheBalanceWouldGo) {
  Side receiver{"Ann", "Tilbury Timebank", -540, -600, 3000};
  Side giver{"Bob", "Grays Timebank", 2950, -600, 3000};
  EXPECT_TRUE(check_limits(receiver, giver, 50));
  auto low = check_limits(receiver, giver, 61);
  EXPECT_EQ(low.error().code, "limit");
  EXPECT_EQ(low.error().message,
            "This exchange would take Ann's balance to -10 h 1 min, below Tilbury Timebank's limit of -10 h.");
  receiver.balance = 0;
  auto high = check_limits(receiver, giver, 51);
  EXPECT_NE(high.error().message.find("Bob's balance to 50 h 1 min, above Grays Timebank's limit of 50 h"),
            std::string::npos);
  Side own{"The timebank", "Grays Timebank", -100000, std::nullopt, std::nullopt};
  EXPECT_TRUE(check_limits(own, giver, 50));  // a timebank's own account has no limits
}

TEST(TimebankText, RefusesMarkupAndNamesTheField) {
  EXPECT_TRUE(plain_text("d", "the description", "Fixed a shelf (2 < 3)", 100));
  EXPECT_EQ(plain_text("d", "the description", "<b>hi</b>", 100).error().fields[0].field, "d");
  EXPECT_EQ(plain_text("d", "the description", "  ", 100).error().fields[0].message, "Enter the description");
  EXPECT_FALSE(plain_text("d", "the description", std::string(101, 'x'), 100));
}

}  // namespace
}  // namespace kith::timebank
