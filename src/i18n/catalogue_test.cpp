#include "i18n/catalogue.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "i18n/check.h"
#include "i18n/languages.h"
#include "web/template.h"

namespace kith::i18n {
namespace {

const char* kWelsh = R"po(# A test catalogue
msgid ""
msgstr ""
"Language: cy\n"
"Plural-Forms: nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5;\n"
"X-Kith-Name: Cymraeg\n"
"X-Kith-English-Name: Welsh\n"

#: home
msgid "Find help near you"
msgstr "Dod o hyd i help yn agos atoch"

msgid "{count} results near {postcode}"
msgstr "{count} canlyniad ger {postcode}"

msgid "Search"
msgstr ""

#, fuzzy
msgid "Sign in"
msgstr "Mewngofnodi"

msgid "A long message that "
"goes on"
msgstr "Neges hir sy'n "
"mynd ymlaen"

msgctxt "button"
msgid "Save"
msgstr "Cadw"

msgid "{n} story"
msgid_plural "{n} stories"
msgstr[0] "{n} stori (0)"
msgstr[1] "{n} stori"
msgstr[2] "{n} stori (2)"
msgstr[3] "{n} stori (3)"
msgstr[4] "{n} stori (6)"
msgstr[5] "{n} o straeon"
)po";

TEST(Catalogue, ReadsEntriesHeadersAndContinuations) {
  std::vector<PoProblem> problems;
  Catalogue c = Catalogue::parse(kWelsh, problems);
  EXPECT_TRUE(problems.empty()) << problems.front().message;
  EXPECT_EQ(c.header("Language"), "cy");
  EXPECT_EQ(c.header("X-Kith-Name"), "Cymraeg");
  ASSERT_NE(c.find("Find help near you"), nullptr);
  EXPECT_EQ(*c.find("Find help near you"), "Dod o hyd i help yn agos atoch");
  ASSERT_NE(c.find("A long message that goes on"), nullptr);
  EXPECT_EQ(*c.find("A long message that goes on"), "Neges hir sy'n mynd ymlaen");
  EXPECT_EQ(c.entries().front().references, std::vector<std::string>{"home"});
}

TEST(Catalogue, EmptyFuzzyAndUnknownAreNotTranslations) {
  std::vector<PoProblem> problems;
  Catalogue c = Catalogue::parse(kWelsh, problems);
  EXPECT_EQ(c.find("Search"), nullptr);   // empty msgstr
  EXPECT_EQ(c.find("Sign in"), nullptr);  // fuzzy
  EXPECT_EQ(c.find("Not in the catalogue"), nullptr);
  EXPECT_EQ(c.find("Save"), nullptr);  // only with its context
  EXPECT_EQ(translate(&c, "Sign in"), "Sign in");
  EXPECT_EQ(translate(nullptr, "Find help near you"), "Find help near you");
  EXPECT_EQ(translate(&c, "Find help near you"), "Dod o hyd i help yn agos atoch");
}

TEST(Catalogue, WelshPluralsTakeSixForms) {
  std::vector<PoProblem> problems;
  Catalogue c = Catalogue::parse(kWelsh, problems);
  EXPECT_EQ(c.plural_rule().count(), 6);
  EXPECT_EQ(*c.find_plural("{n} story", 0), "{n} stori (0)");
  EXPECT_EQ(*c.find_plural("{n} story", 1), "{n} stori");
  EXPECT_EQ(*c.find_plural("{n} story", 2), "{n} stori (2)");
  EXPECT_EQ(*c.find_plural("{n} story", 6), "{n} stori (6)");
  EXPECT_EQ(*c.find_plural("{n} story", 7), "{n} o straeon");
}

TEST(PluralRule, ReadsCsExpressionsAndRefusesNonsense) {
  // Polish: one, few (2-4 but not 12-14), many.
  auto polish = PluralRule::parse("(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)", 3);
  ASSERT_TRUE(polish.has_value());
  EXPECT_EQ(polish->form(1), 0);
  EXPECT_EQ(polish->form(3), 1);
  EXPECT_EQ(polish->form(13), 2);
  EXPECT_EQ(polish->form(22), 1);
  EXPECT_EQ(polish->form(25), 2);
  EXPECT_FALSE(PluralRule::parse("n != ", 2).has_value());
  EXPECT_FALSE(PluralRule::parse("n % 0", 2).has_value());
  EXPECT_FALSE(PluralRule::parse("system(1)", 2).has_value());
  EXPECT_FALSE(PluralRule::parse("n != 1", 9).has_value());
}

TEST(Catalogue, ProblemsNameTheirLine) {
  std::vector<PoProblem> problems;
  Catalogue::parse("msgid \"a\"\nmsgstr \"b\n\nmsgid \"c\"\nmsgstr \"d\"\nmsgid \"c\"\nmsgstr \"e\"\nbogus \"x\"\n",
                   problems);
  ASSERT_GE(problems.size(), 3u);
  EXPECT_EQ(problems[0].line, 2);  // the unclosed string
  auto said = [&](const std::string& what) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const PoProblem& p) { return p.message.find(what) != std::string::npos; });
  };
  EXPECT_TRUE(said("appears twice"));
  EXPECT_TRUE(said("unknown keyword bogus"));
}

TEST(Languages, ChooseAskedThenChosenThenBrowserThenEnglish) {
  Languages& all = Languages::embedded();
  ASSERT_NE(all.find("cy"), nullptr) << "Welsh is compiled in";
  EXPECT_EQ(all.choose("cy", "", "")->code, "cy");
  EXPECT_EQ(all.choose("", "cy", "en-GB")->code, "cy");
  EXPECT_EQ(all.choose("xx", "", "")->code, "en");
  EXPECT_EQ(all.choose("", "", "fr-FR, cy;q=0.8, en;q=0.5")->code, "cy");
  EXPECT_EQ(all.choose("", "", "en-GB,cy;q=0.9")->code, "en");
  EXPECT_EQ(all.choose("", "", "cy;q=0")->code, "en");
  EXPECT_EQ(all.choose("", "", std::string(5000, ','))->code, "en");
  EXPECT_EQ(accepted_languages("da, en-GB;q=0.8, en;q=0.7"), (std::vector<std::string>{"da", "en-gb", "en"}));
}

TEST(Languages, ACatalogueWithoutItsLanguageIsRefusedWithAReason) {
  try {
    language_from_po("msgid \"\"\nmsgstr \"X-Kith-Name: Foo\\n\"\n");
    FAIL() << "accepted a catalogue with no Language";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("Language"), std::string::npos);
  }
  EXPECT_THROW(language_from_po("msgid \"a\"\nmsgstr \"unclosed\n"), std::invalid_argument);
}

// --- Templates with a catalogue ---

std::string render(const std::string& text, const nlohmann::json& data, const Catalogue* c) {
  web::Templates t;
  t.add("t", text);
  return t.render("t", data, c);
}

TEST(TranslatedTemplates, TextBetweenTagsIsAMessageWithItsNames) {
  std::vector<PoProblem> problems;
  Catalogue c = Catalogue::parse(kWelsh, problems);
  nlohmann::json d = {{"count", 3}, {"postcode", "<S1 2HE>"}};
  std::string page = "<h1>\n  Find help near you\n</h1><p>{{count}} results near {{postcode}}</p><p>Untranslated</p>";
  EXPECT_EQ(render(page, d, &c),
            "<h1>\n  Dod o hyd i help yn agos atoch\n</h1><p>3 canlyniad ger &lt;S1 2HE&gt;</p><p>Untranslated</p>");
  // Without a catalogue, the English exactly as written.
  EXPECT_EQ(render(page, d, nullptr),
            "<h1>\n  Find help near you\n</h1><p>3 results near &lt;S1 2HE&gt;</p><p>Untranslated</p>");
}

TEST(TranslatedTemplates, AttributesScriptsAndCommentsAreReadAsHtml) {
  std::vector<PoProblem> problems;
  Catalogue c = Catalogue::parse(kWelsh, problems);
  std::string page =
      "<input placeholder=\"Find help near you\" value=\"Find help near you\">"
      "<script>var s = \"Find help near you\";</script><!-- Find help near you -->"
      "<a href=\"{{u}}\" title=\"Find help near you\">x</a>"
      "<td data-label=\"Find help near you\">1</td>";
  EXPECT_EQ(render(page, {{"u", "/a"}}, &c),
            "<input placeholder=\"Dod o hyd i help yn agos atoch\" value=\"Find help near you\">"
            "<script>var s = \"Find help near you\";</script><!-- Find help near you -->"
            "<a href=\"/a\" title=\"Dod o hyd i help yn agos atoch\">x</a>"
            "<td data-label=\"Dod o hyd i help yn agos atoch\">1</td>");  // a phone's card label
}

TEST(TranslatedTemplates, TranslationsAreTextAndReachOnlyTheirOwnNames) {
  std::vector<PoProblem> problems;
  Catalogue c = Catalogue::parse(
      "msgid \"Hello {name}\"\nmsgstr \"<b>Helo</b> {name} {secret}\"\n"
      "msgid \"Fish &amp; chips\"\nmsgstr \"wrong\"\nmsgid \"Fish & chips\"\nmsgstr \"Pysgod a sglodion\"\n",
      problems);
  EXPECT_EQ(render("<p>Hello {{name}}</p>", {{"name", "Ann"}, {"secret", "s3cret"}}, &c),
            "<p>&lt;b&gt;Helo&lt;/b&gt; Ann </p>");
  // The msgid is plain text: entities are read.
  EXPECT_EQ(render("<p>Fish &amp; chips</p>", {}, &c), "<p>Pysgod a sglodion</p>");
}

TEST(TranslatedTemplates, MessagesAreListedForCatalogues) {
  web::Templates t;
  t.add("page", "<h1>Tell   your\nstory</h1>{{#x}}<p>{{n}} stories</p>{{/x}}<p>{{n}}</p><img alt=\"A map\">");
  auto messages = t.messages();
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0].id, "Tell your story");
  EXPECT_EQ(messages[1].id, "{n} stories");
  EXPECT_EQ(messages[2].id, "A map");
  EXPECT_EQ(messages[0].template_name, "page");
}

TEST(Check, ReportsMissingStaleAndBrokenPlaceholders) {
  std::vector<web::TemplateMessage> messages = {{"Find help near you", "app/home"},
                                                {"{count} results near {postcode}", "directory/search"},
                                                {"Audit log", "audit/log"}};
  std::string po =
      std::string(kWelsh) + "\nmsgid \"Gone\"\nmsgstr \"Wedi mynd\"\n" + "msgid \"Audit log\"\nmsgstr \"Log {oops}\"\n";
  CheckReport r = check(po, messages);
  EXPECT_EQ(r.code, "cy");
  EXPECT_EQ(r.total, 3u);
  EXPECT_EQ(r.translated, 3u);  // the broken one still counts as written; it is a problem below
  EXPECT_TRUE(r.missing.empty());
  ASSERT_FALSE(r.stale.empty());
  EXPECT_NE(std::find(r.stale.begin(), r.stale.end(), "Gone"), r.stale.end());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].find("Audit log"), std::string::npos);

  CheckReport empty = check("msgid \"\"\nmsgstr \"Language: pl\\nX-Kith-Name: Polski\\n\"\n", messages);
  EXPECT_EQ(empty.translated, 0u);
  EXPECT_EQ(empty.missing_resident.size(), 2u);  // home and directory/search; the audit log is staff's
  EXPECT_EQ(empty.missing.size(), 3u);
}

}  // namespace
}  // namespace kith::i18n
