#include <gtest/gtest.h>

#include "accounts/accounts.h"
#include "core/casefold.h"
#include "core/clock.h"
#include "core/person_name.h"
#include "i18n/languages.h"
#include "i18n/speaking.h"

namespace kith {
namespace {

TEST(CaseFold, LowersLatinGreekAndCyrillicLettersAndKeepsTheRest) {
  EXPECT_EQ(fold_case("ZOË@Example.ORG"), "zoë@example.org");
  EXPECT_EQ(fold_case("ÀÉÎÕÜÝÞ×"), "àéîõüýþ×");
  EXPECT_EQ(fold_case("ŁUKASZ.ŻÓŁW"), "łukasz.żółw");
  EXPECT_EQ(fold_case("ŇĽŸŽ"), "ňľÿž");
  EXPECT_EQ(fold_case("ΑΘΗΝΑ ΆΈ"), "αθηνα άέ");
  EXPECT_EQ(fold_case("ПЁТР"), "пётр");
  EXPECT_EQ(fold_case("ß ı İ 中文 🙂"), "ß ı İ 中文 🙂");
  EXPECT_EQ(fold_case("already lower"), "already lower");
  std::string broken = "A\xC3";  // a lead byte with nothing after it is kept
  EXPECT_EQ(fold_case(broken), "a\xC3");
}

TEST(CaseFold, OneAccountWhateverTheCaseOfTheAddress) {
  EXPECT_EQ(accounts::normalise_email("  ZOË@EXAMPLE.org "), accounts::normalise_email("zoë@example.org"));
  EXPECT_EQ(accounts::normalise_email("Ørjan@Bücher.DE"), "ørjan@bücher.de");
}

TEST(Clock, DatesInWords) {
  EXPECT_EQ(date_in_words("2026-11-29T08:13:59Z"), "29 November 2026");
  EXPECT_EQ(date_in_words("2026-01-05"), "5 January 2026");
  EXPECT_EQ(date_in_words("yesterday"), "yesterday");
  EXPECT_EQ(date_in_words("2026-13-01"), "2026-13-01");
}

TEST(PersonName, OneRuleForEveryName) {
  EXPECT_FALSE(person_name_problem("Zoë Ó Briain"));
  EXPECT_FALSE(person_name_problem("  Ann  "));
  EXPECT_FALSE(person_name_problem("李小龍"));
  EXPECT_FALSE(person_name_problem(std::string(120, 'a')));
  EXPECT_EQ(person_name_problem(""), "Enter a name");
  EXPECT_EQ(person_name_problem("   ", "Your name"), "Enter your name");
  EXPECT_EQ(person_name_problem(std::string(121, 'a')), "Name must be 120 characters or fewer");
  // 120 characters of two bytes each is within the limit: it counts characters.
  std::string long_e;
  for (int i = 0; i < 120; ++i) long_e += "é";
  EXPECT_FALSE(person_name_problem(long_e));
  EXPECT_EQ(person_name_problem(long_e + "é"), "Name must be 120 characters or fewer");
  for (const std::string& bad : {std::string("Ann\tSmith"), std::string("Ann\nSmith"), std::string("Ann\x7F"),
                                 std::string("Ann\xC2\x85"), std::string("Ann\0Smith", 9)})
    EXPECT_EQ(person_name_problem(bad), "Name must not hold control characters such as tabs or line breaks") << bad;
  EXPECT_EQ(person_name_problem("12345"), "Name must have at least one letter");
  EXPECT_EQ(person_name_problem("..."), "Name must have at least one letter");
  EXPECT_EQ(person_name_problem("<b>Ann</b>"), "Name must be plain text, without HTML such as <script>");
  EXPECT_EQ(person_name_problem("Ann\xFF"), "Name must be text: this is not UTF-8");
  // The accounts' rule is this rule.
  EXPECT_EQ(accounts::name_problem("12345"), person_name_problem("12345"));
  // Each message is a whole sentence in the reader's language, the field's name in it too.
  for (const char* code : {"cy", "pl", "ur", "pa"}) {
    i18n::Speaking speaking(i18n::Languages::embedded().find(code));
    for (const std::string& bad :
         {std::string(), std::string("12345"), std::string("Ann\tSmith"), std::string(121, 'a')}) {
      auto said = person_name_problem(bad, "Your name");
      ASSERT_TRUE(said) << code;
      for (const char* english : {"name", "must", "Enter"})
        EXPECT_EQ(said->find(english), std::string::npos) << code << ": " << *said;
    }
  }
}

}  // namespace
}  // namespace kith
