#include "i18n/speaking.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/text.h"
#include "i18n/check.h"

namespace kith::i18n {
namespace {

// Welsh has six plural forms: zero, one, two, few (3), many (6), other.
const char* kWelshMessages = R"po(msgid ""
msgstr ""
"Language: cy\n"
"Plural-Forms: nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5;\n"
"X-Kith-Name: Cymraeg\n"
"X-Kith-English-Name: Welsh\n"

msgid "{postcode} is in {area}"
msgstr "Mae {postcode} yn {area}"

msgid "{n} result"
msgid_plural "{n} results"
msgstr[0] "Dim canlyniadau"
msgstr[1] "Un canlyniad"
msgstr[2] "{n} ganlyniad"
msgstr[3] "{n} chanlyniad"
msgstr[4] "{n} chanlyniad"
msgstr[5] "{n} canlyniad"

msgid "{day} November {year}"
msgstr "{day} Tachwedd {year}"

msgid "{time}pm"
msgstr "{time}yp"

msgid "November {year}"
msgstr "Tachwedd {year}"

msgid "{date} at {time}"
msgstr "{date} am {time}"
)po";

std::shared_ptr<const Language> welsh() {
  static auto l = std::make_shared<const Language>(language_from_po(kWelshMessages));
  return l;
}

TEST(Fill, NamesAreFilledOnceAndOthersLeftAsTheyAre) {
  EXPECT_EQ(fill("{a} and {b}", {{"a", "x"}, {"b", "y"}}), "x and y");
  EXPECT_EQ(fill("{a} and {unknown}", {{"a", "x"}}), "x and {unknown}");
  // A value's own braces are text, not another placeholder.
  EXPECT_EQ(fill("{a} then {b}", {{"a", "{b}"}, {"b", "2"}}), "{b} then 2");
  EXPECT_EQ(fill("unclosed {a", {{"a", "x"}}), "unclosed {a");
}

TEST(Speaking, EnglishUnlessAThreadSpeaksAnother) {
  EXPECT_EQ(speaking()->code, "en");
  EXPECT_EQ(tr("{postcode} is in {area}", {{"postcode", "S1 2HE"}, {"area", "Sheffield"}}), "S1 2HE is in Sheffield");
  EXPECT_EQ(count_of(1, "result"), "1 result");
  EXPECT_EQ(count_of(1200, "result"), "1,200 results");
  EXPECT_EQ(count_of(2, "person", "people"), "2 people");
  {
    Speaking cy(welsh());
    EXPECT_EQ(speaking()->code, "cy");
    EXPECT_EQ(tr("{postcode} is in {area}", {{"postcode", "S1 2HE"}, {"area", "Sheffield"}}),
              "Mae S1 2HE yn Sheffield");
    // What the catalogue lacks is said in English, never blank.
    EXPECT_EQ(tr("Not in the catalogue"), "Not in the catalogue");
    {
      Speaking english(nullptr);
      EXPECT_EQ(tr("{postcode} is in {area}", {{"postcode", "A"}, {"area", "B"}}), "A is in B");
    }
    EXPECT_EQ(speaking()->code, "cy");  // the inner scope gave back what it found
  }
  EXPECT_EQ(speaking()->code, "en");
}

TEST(Speaking, CountsTakeTheLanguagesOwnPluralForms) {
  Speaking cy(welsh());
  EXPECT_EQ(count_of(0, "result"), "Dim canlyniadau");
  EXPECT_EQ(count_of(1, "result"), "Un canlyniad");
  EXPECT_EQ(count_of(2, "result"), "2 ganlyniad");
  EXPECT_EQ(count_of(3, "result"), "3 chanlyniad");
  EXPECT_EQ(count_of(1500, "result"), "1,500 canlyniad");
  // A noun the catalogue lacks falls back to the English plural rule.
  EXPECT_EQ(count_of(2, "person", "people"), "2 people");
  EXPECT_EQ(tr_plural(3, "{n} story in {area}", "{n} stories in {area}", {{"area", "Grays"}}), "3 stories in Grays");
}

TEST(Speaking, DatesAndTimesAreSaidInTheLanguage) {
  EXPECT_EQ(date_in_words("2026-11-30"), "30 November 2026");
  EXPECT_EQ(when_in_words("2026-11-30T15:04:05Z"), "30 November 2026 at 3:04pm");
  EXPECT_EQ(when_in_words("2026-11-30T10:00:00Z"), "30 November 2026 at 10am");  // as times are said elsewhere
  EXPECT_EQ(month_in_words("2026-12"), "December 2026");
  Speaking cy(welsh());
  EXPECT_EQ(date_in_words("2026-11-30"), "30 Tachwedd 2026");
  EXPECT_EQ(when_in_words("2026-11-30T15:04:05Z"), "30 Tachwedd 2026 am 3:04yp");
  EXPECT_EQ(month_in_words("2026-11"), "Tachwedd 2026");
  EXPECT_EQ(month_in_words("2026-13"), "2026-13");
  EXPECT_EQ(date_in_words("2026-12-01"), "1 December 2026");  // December is not in this catalogue
  EXPECT_EQ(date_in_words("not a date"), "not a date");
}

TEST(Check, PluralMessagesNeedEveryFormAndMayLeaveOutTheCount) {
  std::vector<web::TemplateMessage> messages = {{"{n} result", "src/directory/directory_http.cpp", "{n} results"},
                                                {"{n} story", "src/stories/stories_http.cpp", "{n} stories"},
                                                {"{n} hub", "src/hubs/hubs_http.cpp", "{n} hubs"}};
  std::string po = std::string(kWelshMessages) +
                   "\nmsgid \"{n} story\"\nmsgid_plural \"{n} stories\"\nmsgstr[0] \"{n} stori\"\nmsgstr[1] \"{n} "
                   "stori\"\n" +
                   "\nmsgid \"{n} hub\"\nmsgstr \"{n} canolfan\"\n";
  CheckReport r = check(po, messages);
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_NE(r.problems[0].find("needs all 6 plural forms"), std::string::npos) << r.problems[0];
  EXPECT_NE(r.problems[1].find("give it msgid_plural"), std::string::npos) << r.problems[1];
  // "Dim canlyniadau" and "Un canlyniad" leave out {n}: allowed for a plural.
  EXPECT_EQ(r.translated, 3u);

  std::string pot = pot_text(messages);
  EXPECT_NE(pot.find("msgid \"{n} result\"\nmsgid_plural \"{n} results\"\nmsgstr[0] \"\"\nmsgstr[1] \"\"\n"),
            std::string::npos);
}

}  // namespace
}  // namespace kith::i18n
