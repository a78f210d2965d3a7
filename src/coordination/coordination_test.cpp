// The coordination rules, pure: checking referrals, matching, suggesting a
// coordinator, who may read a record, break-glass expiry, waits, scores; and sealing.
#include <gtest/gtest.h>

#include "coordination/coordination.h"
#include "coordination/seal.h"
#include "core/clock.h"

namespace kith::coordination {
namespace {

std::vector<Reason> reasons() { return {{"loneliness", "Loneliness"}, {"money", "Money"}}; }

ReferralInput good() {
  ReferralInput r;
  r.source = "self";
  r.name = "Ann Example";
  r.date_of_birth = "1948-05-12";
  r.contact.phone = "07700 900982";
  r.what_matters = "Meeting people";
  r.reasons = {"loneliness"};
  r.consent_contact = true;
  r.consent_share_back = false;
  r.urgency = "routine";
  return r;
}

TEST(CoordinationRules, ADateInputNamesThePartAtFault) {
  auto ok = date_from_parts("dob", "Date of birth", " 3", "2 ", "1950");
  EXPECT_EQ(ok.iso, "1950-02-03");
  EXPECT_FALSE(ok.error);
  auto blank = date_from_parts("dob", "Date of birth", "", "", "");
  EXPECT_EQ(blank.iso, "");
  EXPECT_FALSE(blank.error);
  struct Case {
    const char *d, *m, *y, *field, *message;
  };
  for (const auto& c :
       std::vector<Case>{{"", "2", "1950", "dob_day", "Date of birth must include a day"},
                         {"3", "", "1950", "dob_month", "Date of birth must include a month"},
                         {"3", "2", "", "dob_year", "Date of birth must include a year"},
                         {"x", "2", "1950", "dob_day", "Date of birth must be a real date"},
                         {"3", "13", "1950", "dob_month", "Date of birth must be a real date"},
                         {"3", "2", "50", "dob_year", "Year must include 4 numbers"},
                         {"29", "2", "1950", "dob_day", "Date of birth must be a real date"},
                         {"31", "4", "2026", "dob_day", "Date of birth must be a real date"},
                         {"3", "2", "1800", "dob_year", "Date of birth must be between 1900 and 2099"},
                         {"3", "2", "2100", "dob_year", "Date of birth must be between 1900 and 2099"}}) {
    auto a = date_from_parts("dob", "Date of birth", c.d, c.m, c.y);
    ASSERT_TRUE(a.error) << c.d << "/" << c.m << "/" << c.y;
    EXPECT_EQ(a.error->field, c.field);
    EXPECT_EQ(a.error->message, c.message);
    EXPECT_EQ(a.iso, "");
  }
  EXPECT_EQ(date_from_parts("dob", "Date of birth", "29", "2", "1952").iso, "1952-02-29");
}

TEST(CoordinationRules, ASelfReferralSpeaksToYou) {
  auto r = good();
  r.name = "";
  r.date_of_birth = "";
  r.what_matters = "";
  r.consent_contact.reset();
  auto self = check_referral(r, reasons(), "2026-11-29");
  ASSERT_FALSE(self.ok());
  for (const auto& f : self.error().fields) EXPECT_EQ(f.message.find("the person"), std::string::npos) << f.message;
  r.source = "gp";
  r.referrer_org = "Orchard Surgery";
  auto pro = check_referral(r, reasons(), "2026-11-29");
  ASSERT_FALSE(pro.ok());
  EXPECT_EQ(pro.error().fields.front().message, "Enter the name of the person being referred");
}

TEST(CoordinationRules, NoReferralWithoutThePersonsAgreementToBeContacted) {
  auto r = good();
  r.consent_contact = false;
  for (const char* source : {"self", "gp", "housing"}) {
    r.source = source;
    r.referrer_org = r.source == "self" ? "" : "Orchard Surgery";
    auto s = check_referral(r, reasons(), "2026-11-29");
    ASSERT_FALSE(s.ok()) << source;
    ASSERT_EQ(s.error().fields.size(), 1U) << source;
    EXPECT_EQ(s.error().fields.front().field, "consent_contact") << source;
  }
  r.source = "gp";
  EXPECT_NE(check_referral(r, reasons(), "2026-11-29").error().fields.front().message.find("ask them first"),
            std::string::npos);
}

TEST(CoordinationRules, AReferralIsCheckedFieldByField) {
  EXPECT_TRUE(check_referral(good(), reasons(), "2026-11-29").ok());
  auto r = good();
  r.date_of_birth = "2027-01-01";
  r.contact = {};
  r.reasons = {"flying"};
  auto s = check_referral(r, reasons(), "2026-11-29");
  ASSERT_FALSE(s.ok());
  std::vector<std::string> fields;
  for (const auto& f : s.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"date_of_birth", "contact", "reasons"}));
  r = good();
  r.source = "gp";
  r.consent_share_back.reset();
  s = check_referral(r, reasons(), "2026-11-29");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().fields.size(), 2u);  // the practice, and the share-back answer
  r = good();
  for (const std::string bad : {"XX1", "S1", "12345", "S1 2H!"}) {
    r.contact.postcode = bad;
    s = check_referral(r, reasons(), "2026-11-29");
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.error().fields.front().message, "Enter a real postcode, like S1 2HH") << bad;
  }
  r.contact.postcode = "s1 2hh";
  EXPECT_TRUE(check_referral(r, reasons(), "2026-11-29").ok());
}

TEST(CoordinationRules, MatchingJoinsOnlyAnOpenCase) {
  EXPECT_EQ(match_referral({}).match, Match::kNone);
  Candidate closed{1, true, false, false, false};
  Candidate open{2, true, false, false, true};
  EXPECT_EQ(match_referral({closed}).match, Match::kPossibleDuplicate);
  auto m = match_referral({closed, open});
  EXPECT_EQ(m.match, Match::kJoin);
  EXPECT_EQ(m.person_id, 2);
  // The same phone or email alone does not join someone else's case: a coordinator decides.
  Candidate same_phone{3, false, true, false, true};
  EXPECT_EQ(match_referral({same_phone}).match, Match::kPossibleDuplicate);
  EXPECT_EQ(normalise_phone("+44 7700 900982"), "07700900982");
  EXPECT_EQ(name_dob_key("  Ann  EXAMPLE ", "1948-05-12"), name_dob_key("ann example", "1948-05-12"));
}

TEST(CoordinationRules, NeighbourhoodFirstThenLoad) {
  auto s = suggest_coordinators({{1, "Asha", false, 0}, {2, "Ben", true, 9}, {3, "Cal", false, 0}});
  EXPECT_EQ(s[0].user_id, 2);
  EXPECT_EQ(s[1].user_id, 1);  // same load as Cal: by name
  EXPECT_EQ(s[2].user_id, 3);
}

TEST(CoordinationRules, AccessIsByAssignmentOrUnexpiredBreakGlass) {
  Viewer coordinator{7, true, false, false, {}};
  Viewer lead{8, false, true, false, {3}};
  Viewer admin{9, false, false, true, {}};
  CaseAccess c{7, 3, std::nullopt};
  EXPECT_EQ(access_to(coordinator, c, "2026-11-29T10:00:00Z"), RecordAccess::kAssigned);
  EXPECT_EQ(access_to(lead, c, "2026-11-29T10:00:00Z"), RecordAccess::kTeamLead);
  EXPECT_EQ(access_to(admin, c, "2026-11-29T10:00:00Z"), RecordAccess::kNone);
  Viewer other{10, true, false, false, {}};
  EXPECT_EQ(access_to(other, c, "2026-11-29T10:00:00Z"), RecordAccess::kNone);
  c.break_glass_expires_at = break_glass_expiry("2026-11-29T10:00:00Z");
  EXPECT_EQ(*c.break_glass_expires_at, "2026-11-30T10:00:00Z");
  EXPECT_EQ(access_to(other, c, "2026-11-30T09:59:59Z"), RecordAccess::kBreakGlass);
  EXPECT_EQ(access_to(other, c, "2026-11-30T10:00:00Z"), RecordAccess::kNone);
  EXPECT_FALSE(check_break_glass_reason("urgent").ok());
}

TEST(CoordinationRules, WaitsScoresAndCosts) {
  EXPECT_EQ(wait_days("2026-11-01T09:00:00Z", "2026-11-15T12:00:00Z"), 14);
  EXPECT_FALSE(wait_days("2026-11-01T09:00:00Z", ""));
  EXPECT_DOUBLE_EQ(swemwbs_metric(7), 7.00);
  EXPECT_DOUBLE_EQ(swemwbs_metric(21), 19.25);
  EXPECT_DOUBLE_EQ(swemwbs_metric(35), 35.00);
  EXPECT_FALSE(check_ons4({{"life-satisfaction", 11}}).ok());
  EXPECT_EQ(cost_avoided_pence(4200, 6, 12, "high"), 25200);
  EXPECT_EQ(cost_avoided_pence(4200, 6, 12, "low"), 6300);
  EXPECT_EQ(snomed_term(kSnomedAccepted), "Referral to social prescribing service");
}

TEST(CoordinationSeal, SealedTextOpensOnlyUnderItsKey) {
  auto k = Key::generate();
  auto sealed = k.seal("a private note");
  EXPECT_EQ(sealed.find("private"), std::string::npos);
  EXPECT_EQ(k.open(sealed).value_or(""), "a private note");
  EXPECT_NE(k.seal("a private note"), sealed);  // a fresh nonce each time
  EXPECT_FALSE(Key::generate().open(sealed));
  EXPECT_FALSE(k.open("not base64 at all"));
  EXPECT_EQ(k.match_hash("x"), k.match_hash("x"));
  EXPECT_NE(k.match_hash("x"), Key::generate().match_hash("x"));
  EXPECT_EQ(k.match_hash(""), "");
}

}  // namespace
}  // namespace kith::coordination
