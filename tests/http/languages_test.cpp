// Kith in the languages of its places: a person chooses a language on any page (kept
// in a cookie), the browser's Accept-Language is the default, every page says its
// lang and dir, and what a catalogue lacks is shown in English, never as a msgid.
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "accounts/service.h"
#include "core/text.h"
#include "i18n/languages.h"
#include "i18n/module.h"
#include "store/settings.h"
#include "support/harness.h"
#include "support/outbox.h"

namespace kith {
namespace {

class LanguagesTest : public testing::BackendSuite {};

const char* kResidentPages[] = {"/",        "/directory",        "/directory?search=library",
                                "/stories", "/timebank",         "/pb",
                                "/grants",  "/sign-in",          "/no-such-page",
                                "/hubs",    "/hubs/cover-needed"};

TEST_P(LanguagesTest, ChoosingWelshOnAPageKeepsItForTheNext) {
  auto b = browser();
  auto r = b.get("/directory?lang=cy");
  ASSERT_EQ(r.status, 200) << tag();
  EXPECT_NE(r.body.find("<html lang=\"cy\" dir=\"ltr\""), std::string::npos) << tag();
  EXPECT_EQ(r.header("Content-Language"), "cy");
  EXPECT_NE(r.body.find("Neidio i&#39;r prif gynnwys"), std::string::npos) << "the skip link in Welsh" << tag();
  EXPECT_EQ(b.cookie("kith_lang"), "cy");
  // The next page, asked for plainly, is still in Welsh.
  auto next = b.get("/stories");
  EXPECT_NE(next.body.find("<html lang=\"cy\""), std::string::npos) << tag();
  // And back to English, from the switcher's own link on the page.
  auto english = std::regex_search(next.body, std::regex("href=\"(/stories\\?lang=en)\"[^>]*hreflang=\"en\""));
  EXPECT_TRUE(english) << "the switcher links this page in English" << tag();
  auto back = b.get("/stories?lang=en");
  EXPECT_NE(back.body.find("<html lang=\"en-GB\" dir=\"ltr\""), std::string::npos) << tag();
  EXPECT_NE(back.body.find("Skip to main content"), std::string::npos) << tag();
}

TEST_P(LanguagesTest, TheBrowsersLanguageIsTheDefault) {
  auto welsh = browser().get("/", {{"Accept-Language", "cy-GB,cy;q=0.9,en;q=0.8"}});
  EXPECT_NE(welsh.body.find("<html lang=\"cy\""), std::string::npos) << tag();
  auto english = browser().get("/", {{"Accept-Language", "en-GB,en;q=0.9,cy;q=0.5"}});
  EXPECT_NE(english.body.find("<html lang=\"en-GB\""), std::string::npos) << tag();
  // A cookie someone chose beats the browser; a language Kith does not have is ignored.
  auto chosen = browser().get("/", {{"Accept-Language", "cy"}, {"Cookie", "kith_lang=en"}});
  EXPECT_NE(chosen.body.find("<html lang=\"en-GB\""), std::string::npos) << tag();
  auto unknown = browser().get("/?lang=xx%3Cscript%3E");
  EXPECT_EQ(unknown.status, 200);
  EXPECT_NE(unknown.body.find("<html lang=\"en-GB\""), std::string::npos) << tag();
  EXPECT_EQ(unknown.header("Set-Cookie").find("kith_lang"), std::string::npos) << tag();
}

TEST_P(LanguagesTest, EveryLanguageSaysItsDirectionAndNeverShowsAMessageId) {
  // A {name} left in the page would be a translation that lost its value.
  std::regex message_id("[^$]\\{[a-z_]+(\\.[a-z_]+)*\\}");
  for (const auto& language : i18n::Languages::embedded().all()) {
    auto b = browser();
    for (const char* page : kResidentPages) {
      auto r = b.get(std::string(page) + (std::string(page).find('?') == std::string::npos ? "?" : "&") +
                     "lang=" + language->code);
      std::string expected = "lang=\"" + (language->code == "en" ? std::string("en-GB") : language->code) +
                             "\" dir=\"" + (language->right_to_left ? "rtl" : "ltr") + "\"";
      EXPECT_NE(r.body.find(expected), std::string::npos) << page << " in " << language->code << tag();
      std::string text = std::regex_replace(r.body, std::regex("<script[\\s\\S]*?</script>"), "");
      std::smatch m;
      EXPECT_FALSE(std::regex_search(text, m, message_id))
          << page << " in " << language->code << " shows " << m.str() << tag();
      // Each language's own name is on the switcher, marked with its language.
      for (const auto& other : i18n::Languages::embedded().all())
        EXPECT_NE(r.body.find("lang=\"" + other->code + "\""), std::string::npos)
            << page << " has no link to " << other->code << tag();
    }
  }
}

TEST_P(LanguagesTest, AHubsOpeningTimesAndShiftsAreInTheResidentsLanguages) {
  // Finding a hub and the shifts that need volunteers are resident journeys: each
  // language that covers them says their headings in its own words.
  const std::map<std::string, std::pair<std::string, std::string>> said = {
      {"pl", {"Wolontariat: dyżury, które potrzebują zastępstwa", "Dyżury, na których brakuje ludzi"}},
      {"ur", {"رضاکار بنیں: وہ شفٹیں جنہیں کور کی ضرورت ہے", "وہ شفٹیں جن میں لوگ کم ہیں"}},
      {"pa", {"ਵਲੰਟੀਅਰ ਬਣੋ: ਉਹ ਸ਼ਿਫ਼ਟਾਂ ਜਿਨ੍ਹਾਂ ਨੂੰ ਕਵਰ ਦੀ ਲੋੜ ਹੈ", "ਉਹ ਸ਼ਿਫ਼ਟਾਂ ਜਿਨ੍ਹਾਂ ਵਿੱਚ ਲੋਕ ਘੱਟ ਹਨ"}}};
  for (const auto& [code, words] : said) {
    auto b = browser();
    auto hubs = b.get("/hubs?lang=" + code);
    EXPECT_NE(hubs.body.find(words.first), std::string::npos) << code << tag();
    EXPECT_EQ(hubs.body.find("Volunteer: shifts that need cover"), std::string::npos) << code << tag();
    auto cover = b.get("/hubs/cover-needed");
    EXPECT_NE(cover.body.find(words.second), std::string::npos) << code << tag();
  }
}

TEST_P(LanguagesTest, AnErrorPageAndTheMenuAreInTheChosenLanguage) {
  auto b = browser();
  auto r = b.get("/no-such-page?lang=cy");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("<html lang=\"cy\""), std::string::npos) << tag();
  EXPECT_NE(r.body.find(">Cyfeiriadur<"), std::string::npos) << "the menu's Directory in Welsh" << tag();
  // The API speaks English and JSON whatever the cookie says.
  auto api = b.get("/api/v1/directory/services?q=library");
  EXPECT_EQ(api.header("Content-Language"), "");
}

TEST_P(LanguagesTest, AnAdminUploadsACatalogueAndItIsSpokenAtOnceOnlyWhenItIsSound) {
  const std::string header =
      "msgid \"\"\nmsgstr \"\"\n\"Language: da\\n\"\n\"X-Kith-Name: Dansk\\n\"\n"
      "\"X-Kith-English-Name: Danish\\n\"\n\"X-Kith-Review: A test catalogue\\n\"\n\n"
      "msgid \"Skip to main content\"\nmsgstr \"Spring til hovedindholdet\"\n\n";
  auto member = signed_in("member");
  EXPECT_EQ(member.post_multipart("/admin/languages", {}, "catalogue", "da.po", header).status, 403) << tag();

  auto admin = signed_in("admin");
  // A translation that drops its placeholder: refused, with the line, and nothing changes.
  auto broken = admin.post_multipart("/admin/languages", {}, "catalogue", "da.po",
                                     header + "msgid \"Hello {name}\"\nmsgstr \"Hej\"\n");
  EXPECT_EQ(broken.status, 422) << tag();
  EXPECT_NE(broken.body.find("nothing was changed"), std::string::npos) << tag();
  EXPECT_NE(broken.body.find("line 11"), std::string::npos) << broken.body.substr(0, 300) << tag();
  auto none = admin.post_multipart("/admin/languages", {}, "catalogue", "da.po", "not a catalogue");
  EXPECT_EQ(none.status, 422) << tag();
  EXPECT_NE(none.body.find("cannot be read"), std::string::npos) << tag();

  auto done = admin.post_multipart("/admin/languages", {}, "catalogue", "da.po", header);
  ASSERT_EQ(done.status, 303) << done.body.substr(0, 500) << tag();
  auto page = admin.get("/admin/languages?lang=en");
  EXPECT_NE(page.body.find("Danish (Dansk)"), std::string::npos) << "the flash names the language" << tag();
  EXPECT_NE(page.body.find("Uploaded by"), std::string::npos) << tag();
  auto danish = browser().get("/?lang=da");
  EXPECT_NE(danish.body.find("<html lang=\"da\" dir=\"ltr\""), std::string::npos) << tag();
  EXPECT_NE(danish.body.find("Spring til hovedindholdet"), std::string::npos) << tag();
  // What the catalogue lacks is English.
  EXPECT_NE(danish.body.find("Sign in"), std::string::npos) << tag();
  auto audit = admin.get("/admin/audit?entity=language&entity_id=da");
  EXPECT_NE(audit.body.find("language."), std::string::npos) << "the upload is audited" << tag();

  // A one-message Welsh (even as cy-GB) does not silently replace the complete one.
  std::string small_welsh = header;
  small_welsh.replace(small_welsh.find("Language: da"), 12, "Language: cy-GB");
  auto less = admin.post_multipart("/admin/languages", {}, "catalogue", "cy.po", small_welsh);
  EXPECT_EQ(less.status, 422) << tag();
  EXPECT_NE(less.body.find("Nothing was changed"), std::string::npos) << tag();
  EXPECT_NE(browser().get("/?lang=cy").body.find("Neidio i&#39;r prif gynnwys"), std::string::npos) << tag();
  // Names shown on every page are short plain text, and a direction is rtl or ltr.
  std::string long_name = header;
  long_name.replace(long_name.find("X-Kith-Name: Dansk"), 18, "X-Kith-Name: " + std::string(300, 'D'));
  EXPECT_EQ(admin.post_multipart("/admin/languages", {}, "catalogue", "da.po", long_name).status, 422) << tag();
  std::string sideways = header;
  sideways.replace(sideways.find("\"X-Kith-Review"), 0, "\"X-Kith-Direction: sideways\\n\"\n");
  auto odd = admin.post_multipart("/admin/languages", {}, "catalogue", "da.po", sideways);
  EXPECT_EQ(odd.status, 422) << tag();
  EXPECT_NE(odd.body.find("rtl or ltr"), std::string::npos) << tag();
  // An upload can be taken away again.
  auto removed = admin.post_form("/admin/languages", {{"remove", "da"}});
  EXPECT_EQ(removed.status, 303) << tag();
  EXPECT_NE(browser().get("/?lang=da").body.find("<html lang=\"en-GB\""), std::string::npos) << tag();
}

// Servers sharing one database: a catalogue uploaded on another (written to the
// settings there) is spoken here once this server takes it up, and Kith's own comes
// back when it is taken away there.
TEST_P(LanguagesTest, ACatalogueUploadedOnAnotherServerIsTakenUpWithoutARestart) {
  auto& server = testing::shared_server(GetParam());
  const std::string po =
      "msgid \"\"\nmsgstr \"\"\n\"Language: da\\n\"\n\"X-Kith-Name: Dansk\\n\"\n"
      "\"X-Kith-English-Name: Danish\\n\"\n\n"
      "msgid \"Skip to main content\"\nmsgstr \"Spring til hovedindholdet\"\n";
  auto write = [&](const nlohmann::json& value) {
    auto db = server.app().database().acquire();
    store::Transaction tx(*db, true);
    store::set_setting(*db, "i18n.catalogues", value);
    tx.commit();
  };
  auto take_up = [&] {
    auto db = server.app().database().acquire();
    i18n::sync_uploaded(*db);
  };
  write({{"da", {{"po", po}, {"by", "Another server"}, {"at", "2026-12-01T09:00:00Z"}}}});
  take_up();
  auto danish = browser().get("/?lang=da");
  EXPECT_NE(danish.body.find("<html lang=\"da\" dir=\"ltr\""), std::string::npos) << tag();
  EXPECT_NE(danish.body.find("Spring til hovedindholdet"), std::string::npos) << tag();
  // Taken away there: English again here (Danish is not one of Kith's own).
  write(nlohmann::json::object());
  take_up();
  EXPECT_NE(browser().get("/?lang=da").body.find("<html lang=\"en-GB\""), std::string::npos) << tag();
  // Welsh replaced there and taken away: Kith's own complete Welsh is spoken again.
  std::string small_welsh = po;
  small_welsh.replace(small_welsh.find("Language: da"), 12, "Language: cy");
  small_welsh.replace(small_welsh.find("Spring til hovedindholdet"), 25, "Neidio (prawf)");
  write({{"cy", {{"po", small_welsh}, {"by", "Another server"}, {"at", "2026-12-01T09:00:00Z"}}}});
  take_up();
  EXPECT_NE(browser().get("/?lang=cy").body.find("Neidio (prawf)"), std::string::npos) << tag();
  write(nlohmann::json::object());
  take_up();
  EXPECT_NE(browser().get("/?lang=cy").body.find("Neidio i&#39;r prif gynnwys"), std::string::npos) << tag();
}

TEST_P(LanguagesTest, AFormsErrorsAreInTheChosenLanguage) {
  const i18n::Catalogue* welsh = i18n::Languages::embedded().find("cy")->catalogue.get();
  const std::string english = "Enter your email address or mobile number";
  ASSERT_NE(welsh->find(english), nullptr) << "the Welsh catalogue has the sign-in errors";
  auto b = browser();
  b.get("/sign-in?lang=cy");
  auto r = b.post_form("/sign-in", {{"email", ""}, {"password", ""}});
  EXPECT_EQ(r.status, 422) << tag();
  EXPECT_NE(r.body.find(html_escape(*welsh->find(english))), std::string::npos)
      << "in the summary and by the field" << tag();
  EXPECT_EQ(r.body.find(english), std::string::npos) << tag();
  EXPECT_NE(r.body.find("<title>" + html_escape(*welsh->find("Error:"))), std::string::npos) << tag();
}

TEST_P(LanguagesTest, ASearchPagesOwnErrorsAndSentencesAreInTheChosenLanguage) {
  const i18n::Catalogue* welsh = i18n::Languages::embedded().find("cy")->catalogue.get();
  const std::string english = "Enter an age from 0 to 150, like 35";
  ASSERT_NE(welsh->find(english), nullptr);
  // The directory shows its own errors (a search is a GET): they are Welsh too, and so is the title.
  auto r = browser().get("/directory?lang=cy&age=abc");
  EXPECT_NE(r.body.find(html_escape(*welsh->find(english))), std::string::npos) << tag();
  EXPECT_EQ(r.body.find(english), std::string::npos) << tag();
  EXPECT_NE(r.body.find("<title>" + html_escape(*welsh->find("Error:")) + " " +
                        html_escape(*welsh->find("Find activities, groups and help near you"))),
            std::string::npos)
      << tag();
  // Where a postcode is, as one Welsh sentence, the postcode and the area's name kept.
  const std::string* where = welsh->find("{postcode} is in {area}.");
  ASSERT_NE(where, nullptr);
  auto near = browser().get("/directory?lang=cy&postcode=S10%202FD");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(near.body, m, std::regex("id=\"near-postcode\">([^<]*)</p>"))) << tag();
  EXPECT_EQ(m[1].str().find(" is in "), std::string::npos) << m[1].str();
  EXPECT_EQ(m[1].str().rfind(where->substr(0, where->find('{')), 0), 0u) << m[1].str();
  EXPECT_NE(m[1].str().find("S10 2FD"), std::string::npos) << m[1].str();
}

TEST_P(LanguagesTest, TheStartingOutcomesAndTheCensusAreSaidInEachLanguage) {
  // The outcome framework every place starts with is Kith's own English: stories list
  // it in each language (an admin's renamed outcome would be shown as written).
  for (const auto& language : i18n::Languages::embedded().all()) {
    if (!language->catalogue) continue;
    auto stories = browser().get("/stories?lang=" + language->code);
    const std::string* active = language->catalogue->find("Being active");
    ASSERT_NE(active, nullptr) << language->code;
    EXPECT_NE(stories.body.find(html_escape(*active)), std::string::npos) << language->code << tag();
    EXPECT_EQ(stories.body.find(">Being active<"), std::string::npos) << language->code << tag();
  }
  // Who lives here, in Welsh: the Census topics and their answers.
  const i18n::Catalogue* welsh = i18n::Languages::embedded().find("cy")->catalogue.get();
  auto area = browser().get("/areas/E06000034?lang=cy");
  for (const char* english : {"How old people are", "85 and over", "Gives no unpaid care"}) {
    ASSERT_NE(welsh->find(english), nullptr) << english;
    EXPECT_NE(area.body.find(html_escape(*welsh->find(english))), std::string::npos) << english << tag();
    EXPECT_EQ(area.body.find(english), std::string::npos) << english << tag();
  }
  // An area's page is a resident's journey from the home page: deprivation's domains,
  // resilience's levels and the census in every language, none of it left in English.
  const std::vector<std::string> said = {"Barriers to housing and services", "Structural conditions",
                                         "higher is less resilient", "10 (least deprived)", "85 and over"};
  auto english = browser().get("/areas/E06000034?lang=en").body;
  for (const auto& e : said) ASSERT_NE(english.find(e), std::string::npos) << e << tag();
  for (const auto& language : i18n::Languages::embedded().all()) {
    if (!language->catalogue) continue;
    auto page = browser().get("/areas/E06000034?lang=" + language->code).body;
    for (const auto& e : said) {
      const std::string* t = language->catalogue->find(e);
      ASSERT_NE(t, nullptr) << language->code << ": " << e;
      EXPECT_NE(page.find(html_escape(*t)), std::string::npos) << language->code << ": " << e << tag();
      EXPECT_EQ(page.find(e), std::string::npos) << language->code << ": " << e << tag();
    }
    // ... and the authority's full table, linked from it.
    auto table = browser().get("/areas/E06000034/deprivation?lang=" + language->code).body;
    for (const std::string e : {"What these measures mean", "Local concentration", "Every neighbourhood"}) {
      const std::string* t = language->catalogue->find(e);
      ASSERT_NE(t, nullptr) << language->code << ": " << e;
      EXPECT_NE(table.find(html_escape(*t)), std::string::npos) << language->code << ": " << e << tag();
      EXPECT_EQ(table.find(e), std::string::npos) << language->code << ": " << e << tag();
    }
  }
}

TEST_P(LanguagesTest, ARefusedSearchSaysErrorInTheWindowTitleNotTheHeading) {
  auto r = browser().get("/directory/gaps?authority=nonsense");  // the form again, with its error
  EXPECT_NE(r.body.find("<title>Error: "), std::string::npos) << tag();
  std::smatch h1;
  ASSERT_TRUE(std::regex_search(r.body, h1, std::regex("<h1[^>]*>([^<]*)</h1>"))) << tag();
  EXPECT_EQ(h1[1].str().find("Error"), std::string::npos) << h1[1].str();
}

TEST_P(LanguagesTest, AStoryKeepsTheLanguageItWasToldIn) {
  // The form offers the page's language first.
  auto teller = browser();
  auto form = teller.get("/stories/tell?lang=ur");
  EXPECT_NE(form.body.find("<option value=\"ur\" lang=\"ur\" selected>"), std::string::npos) << tag();
  nlohmann::json t = {{"title", "کمیونٹی کچن" + tag()},
                      {"body", "ہر جمعرات کو ہم مل کر کھانا پکاتے ہیں اور پڑوسیوں سے ملتے ہیں۔"},
                      {"perspective", "person"},
                      {"consent", "anonymous"},
                      {"language", "xx"}};
  auto refused = browser().post_json("/api/v1/stories/tell", t);
  ASSERT_EQ(refused.status, 422) << tag();
  EXPECT_EQ(refused.json()["errors"][0]["field"], "language") << refused.body;
  t["language"] = "ur";
  auto told = browser().post_json("/api/v1/stories/tell", t);
  ASSERT_EQ(told.status, 201) << told.body;
  std::string id = std::to_string(told.json()["id"].get<std::int64_t>());
  ASSERT_EQ(signed_in("moderator")
                .post_json("/api/v1/moderate/stories/" + id, {{"decision", "publish"}, {"public_body", t["body"]}})
                .status,
            200);
  // Read on an English page, the story's own words are marked Urdu, right to left.
  auto page = browser().get("/stories/" + id + "?lang=en");
  EXPECT_NE(page.body.find("<html lang=\"en-GB\""), std::string::npos) << tag();
  EXPECT_NE(page.body.find("<h1 class=\"govuk-heading-l\" lang=\"ur\" dir=\"rtl\">"), std::string::npos) << tag();
  auto list = browser().get("/stories?lang=cy");
  EXPECT_NE(list.body.find("lang=\"ur\" dir=\"rtl\">" + html_escape(t["title"].get<std::string>())), std::string::npos)
      << tag();
}

// An offer keeps its language too: the form offers the page's own, an offer made on a
// Polish page is Polish, and its words say so on every page that shows them.
TEST_P(LanguagesTest, AnOfferKeepsTheLanguageItWasWrittenIn) {
  auto member = signed_in("member");
  auto form = member.get("/api/v1/timebank/posts/new?lang=pl");
  ASSERT_EQ(form.status, 200) << form.body;
  ASSERT_FALSE(form.json()["accounts"].empty()) << "the demo member has a timebank account";
  const std::string account = form.json()["accounts"][0]["value"];
  EXPECT_NE(member.get("/timebank/posts/new?lang=pl").body.find("<option value=\"pl\" lang=\"pl\" selected>"),
            std::string::npos);
  nlohmann::json offer = {{"account", account},
                          {"side", "offer"},
                          {"category", "repairs"},
                          {"title", "Naprawa rowerów " + tag()},
                          {"description", "Przynieś rower w sobotę."},
                          {"postcode", "RM17 5AB"},
                          {"weeks", "4"},
                          {"language", "xx"}};
  auto refused = member.post_json("/api/v1/timebank/posts/new", offer);
  ASSERT_EQ(refused.status, 422);
  EXPECT_EQ(refused.json()["errors"][0]["field"], "language") << refused.body;
  // On a Polish page with no choice made, the page's language is the post's.
  offer.erase("language");
  std::vector<std::pair<std::string, std::string>> fields;
  for (const auto& [k, v] : offer.items()) fields.emplace_back(k, v.get<std::string>());
  auto made = member.post_form("/timebank/posts/new?lang=pl", fields);
  ASSERT_EQ(made.status, 303) << made.body.substr(0, 500);
  const std::string where = made.header("Location");
  auto page = member.get(where + "?lang=en");
  EXPECT_NE(page.body.find("<h1 class=\"govuk-heading-l\" lang=\"pl\" dir=\"ltr\">Naprawa"), std::string::npos)
      << page.body.substr(0, 2000);
  EXPECT_NE(page.body.find("lang=\"pl\" dir=\"ltr\">Przynieś"), std::string::npos);
}

TEST_P(LanguagesTest, APersonsChoiceGoesWithTheirAccountAndIntoWhatKithSendsThem) {
  auto& server = testing::shared_server(GetParam());
  const std::string password = "kettle orchard lantern";
  const std::string email = "gwen-" + GetParam() + "@example.org";
  auto language_of = [&](const std::string& who) {
    auto db = server.app().database().acquire();
    auto row = db->query_one("SELECT language FROM users WHERE email = ?", {who});
    return row ? row->text(0) : std::string("(no account)");
  };
  {
    auto db = server.app().database().acquire();
    store::Transaction tx(*db, true);
    ASSERT_TRUE(
        accounts::add_user(*db, audit::Actor::system("languages test"), email, "Gwen Jones", password, {"member"})
            .ok());
    tx.commit();
  }
  EXPECT_EQ(language_of(email), "");
  auto b = browser();
  b.sign_in(email, password);
  EXPECT_NE(b.get("/account?lang=cy").body.find("<html lang=\"cy\""), std::string::npos) << tag();
  EXPECT_EQ(language_of(email), "cy");
  // Another browser, asking for English, with no cookie: once signed in, Welsh.
  auto other = browser();
  other.sign_in(email, password);
  auto page = other.get("/account", {{"Accept-Language", "en-GB,en;q=0.9"}});
  EXPECT_NE(page.body.find("<html lang=\"cy\""), std::string::npos) << tag();
  EXPECT_EQ(other.cookie("kith_lang"), "");
  // ... and so is what the page says of signing in, though the form was in English.
  EXPECT_NE(page.body.find("Rydych wedi mewngofnodi fel Gwen Jones"), std::string::npos) << tag();
  // A request refused at the boundary (a value over the limit) is refused in Welsh too.
  auto refused = other.post_form("/account", {{"display_name", std::string(300 * 1024, 'a')}});
  EXPECT_EQ(refused.status, 400) << tag();
  EXPECT_NE(refused.body.find("Mae gwerth a anfonwyd yn rhy hir"), std::string::npos) << refused.body << tag();
  EXPECT_NE(refused.body.find("<html lang=\"cy\""), std::string::npos) << tag();
  // A link from another site shows a language but does not change the account's.
  auto linked = other.get("/account?lang=pl", {{"Sec-Fetch-Site", "cross-site"}});
  EXPECT_NE(linked.body.find("<html lang=\"pl\""), std::string::npos) << tag();
  EXPECT_EQ(language_of(email), "cy") << tag();
  other.get("/account?lang=pl", {{"Sec-Fetch-Site", "same-site"}});  // a sibling site is another site
  EXPECT_EQ(language_of(email), "cy") << tag();
  other.get("/account?lang=ur", {{"Sec-Fetch-Site", "same-origin"}});  // the language links on the page
  EXPECT_EQ(language_of(email), "ur") << tag();
  // Choosing English is a choice too, kept the same way.
  other.get("/account?lang=en");
  EXPECT_EQ(language_of(email), "en");
  EXPECT_NE(b.get("/account", {{"Accept-Language", "cy"}}).body.find("<html lang=\"en-GB\""), std::string::npos)
      << "the account's choice beats the browser's" << tag();

  // Someone who signs up on a Welsh page has a Welsh account, and its email is Welsh.
  const std::string newcomer = "dafydd-" + GetParam() + "@example.org";
  auto s = browser();
  s.get("/sign-up?lang=cy");
  auto done = s.post_form("/sign-up", {{"display_name", "Dafydd"},
                                       {"email", newcomer},
                                       {"password", password},
                                       {"confirm_password", password},
                                       {"agree", "yes"}});
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(language_of(newcomer), "cy");
  auto sent = testing::queued(server, "verify_email", newcomer);
  ASSERT_EQ(sent.size(), 1u);
  auto db = server.app().database().acquire();
  EXPECT_EQ(db->query_one("SELECT language FROM outbox WHERE id = ?", {sent[0].id})->text(0), "cy") << tag();
}

INSTANTIATE_TEST_SUITE_P(Backends, LanguagesTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
