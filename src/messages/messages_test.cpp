// The messages module's pure rules: kinds and their words, filling fields, backoff,
// when to ask Notify what became of a message and what it says, mobile numbers,
// masking, unsubscribe tokens, the email on the wire and Notify's JWT.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "core/crypto.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "messages/kinds.h"
#include "messages/messages.h"

namespace kith::messages {
namespace {

TEST(MessageKinds, EveryKindTheIssueNamesIsThereWithItsFields) {
  std::map<std::string, std::vector<std::string>> expected = {
      {"invitation", {"name", "link", "invited_by"}},
      {"verify_email", {"link"}},
      {"password_reset", {"name", "link"}},
      {"account_exists", {"name", "link"}},
      {"password_changed", {"name"}},
      {"offer_response", {"name", "post_title", "responder", "link"}},
      {"contact_shared", {"name", "post_title", "poster", "link"}},
      {"member_approved", {"name", "timebank", "link"}},
      {"member_declined", {"name", "timebank", "reason", "link"}},
      {"exchange_to_confirm", {"name", "hours", "with", "link"}},
      {"story_published", {"name", "title", "link"}},
      {"story_kept", {"name", "title"}},
      {"story_declined", {"name", "title", "reason"}},
      {"application_to_score", {"name", "round", "link"}},
      {"application_decision", {"name", "round", "project", "decision", "feedback", "link"}},
      {"member_waiting", {"name", "timebank", "member", "link"}},
      {"moderation_waiting", {"name", "what", "link"}},
  };
  for (const auto& [name, fields] : expected) {
    const Kind* k = find_kind(name);
    ASSERT_NE(k, nullptr) << name;
    EXPECT_EQ(k->fields, fields) << name;
    // Every field the words use is one callers give (or the sender: the place's name),
    // and every field given is used.
    std::vector<std::string> used;
    fill_fields(k->subject + k->body, {}, &used);
    std::set<std::string> used_set(used.begin(), used.end());
    used_set.erase("service");
    EXPECT_EQ(used_set, std::set<std::string>(fields.begin(), fields.end())) << name;
  }
  for (const char* security : {"invitation", "verify_email", "password_reset", "account_exists", "password_changed"})
    EXPECT_TRUE(find_kind(security)->always_sent) << security;
  EXPECT_EQ(find_kind("member_waiting")->default_choice, Choice::kDigest);
  EXPECT_EQ(find_kind("moderation_waiting")->default_choice, Choice::kDigest);
  EXPECT_EQ(find_kind("member_waiting")->roles, (std::vector<std::string>{"coordinator", "admin"}));
  EXPECT_EQ(find_kind("application_to_score")->roles, std::vector<std::string>{"panel"});
  EXPECT_TRUE(find_kind("story_published")->roles.empty());
  EXPECT_FALSE(find_kind("story_declined")->always_sent);
}

TEST(MessageKinds, NoSubjectCarriesAField) {
  // Subjects show on lock screens and in mail logs: nothing a caller gives goes there,
  // only the place's own name (the sender's ((service))).
  for (const auto& k : kinds()) {
    std::string subject = k.subject;
    if (auto at = subject.find("((service))"); at != std::string::npos) subject.erase(at, 11);
    EXPECT_EQ(subject.find("(("), std::string::npos) << k.name;
  }
}

TEST(MessageKinds, EveryMessageNamesThePlaceItIsFrom) {
  // A person may hear from several councils' Kiths: each message says which, once.
  for (const auto& language : i18n::Languages::embedded().all()) {
    i18n::Speaking speaking(language);
    for (const auto& k : kinds()) {
      std::map<std::string, std::string> fields = {{"service", "Dudley Together"}};
      for (const auto& f : k.fields) fields[f] = "x";
      auto text = render(k, fields).text;
      auto at = text.find("Dudley Together");
      ASSERT_NE(at, std::string::npos) << language->code << ": " << k.name << ": " << text;
      EXPECT_EQ(text.find("Dudley Together", at + 1), std::string::npos) << language->code << ": " << k.name;
      EXPECT_EQ(text.find("(("), std::string::npos) << language->code << ": " << k.name;
    }
  }
}

TEST(MessageKinds, MissingFieldsAreEmptyAndReported) {
  std::vector<std::string> missing;
  auto r = render(*find_kind("story_declined"), {{"name", "Ann"}, {"title", "Our garden"}}, &missing);
  EXPECT_EQ(missing, (std::vector<std::string>{"reason", "service"}));  // the place's name: the sender gives it
  EXPECT_NE(r.text.find("Hello Ann,"), std::string::npos);
  EXPECT_NE(r.text.find("The reason given: "), std::string::npos);
  EXPECT_EQ(r.text.find("(("), std::string::npos);
}

TEST(MessageKinds, HtmlEscapesFieldsAndLinksLinks) {
  auto r = render(*find_kind("story_published"),
                  {{"name", "<b>Ann</b>"}, {"title", "Tea & \"cake\""}, {"link", "https://kith.example/stories/7"}});
  EXPECT_NE(r.html.find("&lt;b&gt;Ann&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(r.html.find("<b>Ann"), std::string::npos);
  EXPECT_NE(r.html.find("<a href=\"https://kith.example/stories/7\">"), std::string::npos);
  EXPECT_NE(r.text.find("Tea & \"cake\""), std::string::npos);  // plain text stays plain
}

TEST(MessageKinds, EveryKindIsWrittenInEachLanguageWithItsWordedFieldsToo) {
  std::map<std::string, std::string> fields = {{"name", "Ann"},       {"round", "Spring"},
                                               {"project", "Garden"}, {"decision", "not funded"},
                                               {"feedback", ""},      {"link", "https://x/1"}};
  const Kind* decision = find_kind("application_decision");
  ASSERT_NE(decision, nullptr);
  EXPECT_NE(render(*decision, fields).text.find(": not funded."), std::string::npos);
  for (const auto& language : i18n::Languages::embedded().all()) {
    if (!language->catalogue) continue;
    i18n::Speaking speaking(language);
    // Every kind's words are in the catalogue (a resident's emails in every language),
    // keeping every field, so nothing is left as ((field)) or in English.
    for (const auto& k : kinds()) {
      EXPECT_NE(language->catalogue->find(k.subject), nullptr) << language->code << ": " << k.name;
      EXPECT_NE(language->catalogue->find(k.body), nullptr) << language->code << ": " << k.name;
    }
    auto r = render(*decision, fields);
    EXPECT_EQ(r.text.find("not funded"), std::string::npos) << language->code << ": " << r.text;
    EXPECT_EQ(r.text.find("(("), std::string::npos) << language->code << ": " << r.text;
    EXPECT_NE(r.text.find("Garden"), std::string::npos) << language->code;
    EXPECT_NE(r.html.find("<html lang=\"" + language->code + "\""), std::string::npos) << language->code;
    EXPECT_EQ(r.html.find("dir=\"rtl\"") != std::string::npos, language->right_to_left) << language->code;
    // A referrer's update: the coordinator's reason as written, its heading in the reader's words.
    auto update = render(*find_kind("referral_update"), {{"name", "Dr Lee"},
                                                         {"person", "Ann"},
                                                         {"status", "declined"},
                                                         {"reason_heading", "The reason given:"},
                                                         {"reason", "Moved away"},
                                                         {"snomed", "871711000000103 Social prescribing declined"},
                                                         {"link", "https://x/2"}});
    EXPECT_EQ(update.text.find("The reason given"), std::string::npos) << language->code << ": " << update.text;
    EXPECT_NE(update.text.find(*language->catalogue->find("The reason given:") + " Moved away"), std::string::npos)
        << language->code << ": " << update.text;
    // An exchange's length in the reader's words ("1 awr 30 mun"), not "1 h 30 min".
    auto exchange = render(*find_kind("exchange_to_confirm"),
                           {{"name", "Ann"}, {"hours", "90"}, {"with", "Bo"}, {"link", "https://x/3"}});
    EXPECT_NE(exchange.text.find(i18n::duration_text(90)), std::string::npos)
        << language->code << ": " << exchange.text;
    EXPECT_EQ(exchange.text.find("1 h 30 min"), std::string::npos) << language->code << ": " << exchange.text;
  }
  EXPECT_NE(render(*find_kind("exchange_to_confirm"), {{"hours", "90"}}).text.find("of 1 h 30 min with"),
            std::string::npos);
  EXPECT_NE(render(*decision, fields).html.find("<html lang=\"en-GB\">"), std::string::npos);
}

TEST(MessageKinds, ChoicesRoundTrip) {
  for (Choice c : {Choice::kEmail, Choice::kText, Choice::kDigest, Choice::kNever})
    EXPECT_EQ(parse_choice(choice_name(c)), c);
  EXPECT_FALSE(parse_choice("sometimes"));
}

TEST(MessageRules, BackoffDoublesFromThirtySecondsToAnHour) {
  EXPECT_EQ(backoff_seconds(1), 30);
  EXPECT_EQ(backoff_seconds(2), 60);
  EXPECT_EQ(backoff_seconds(3), 120);
  EXPECT_EQ(backoff_seconds(7), 1920);
  EXPECT_EQ(backoff_seconds(8), 3600);
  EXPECT_EQ(backoff_seconds(50), 3600);
}

TEST(MessageRules, DeliveryChecksDoubleAsAMessageAgesAndStopAfterFourDays) {
  const std::int64_t sent = 1'000'000;
  // First five minutes after sending, then as long again as the message's age.
  EXPECT_EQ(next_delivery_check(sent, sent), sent + 300);
  EXPECT_EQ(next_delivery_check(sent, sent + 300), sent + 600);
  EXPECT_EQ(next_delivery_check(sent, sent + 600), sent + 1200);
  EXPECT_EQ(next_delivery_check(sent, sent + 1200), sent + 2400);
  // Never more than six hours apart.
  EXPECT_EQ(next_delivery_check(sent, sent + 86400), sent + 86400 + 6 * 3600);
  // A late pass (the sender was stopped) still waits at least five minutes.
  EXPECT_EQ(next_delivery_check(sent, sent - 10), sent - 10 + 300);
  // Nothing is asked after four days: the last time falls inside them.
  EXPECT_EQ(next_delivery_check(sent, sent + 4 * 86400 - 6 * 3600), sent + 4 * 86400);
  EXPECT_FALSE(next_delivery_check(sent, sent + 4 * 86400 - 6 * 3600 + 1));
  EXPECT_TRUE(within_check_window(sent, sent + 4 * 86400));
  EXPECT_FALSE(within_check_window(sent, sent + 4 * 86400 + 1));
  // The whole schedule: about 20 questions over the four days, none closer than five
  // minutes, covering Notify's 72 hours of retrying.
  int questions = 0;
  std::int64_t last = sent;
  for (auto at = next_delivery_check(sent, sent); at; at = next_delivery_check(sent, *at)) {
    EXPECT_GE(*at - last, 300);
    EXPECT_LE(*at, sent + 4 * 86400);
    last = *at;
    ++questions;
  }
  EXPECT_GE(last, sent + 72 * 3600 + 6 * 3600);
  EXPECT_LE(questions, 25);
  CheckTiming quick{60, 600, 3600};
  EXPECT_EQ(next_delivery_check(sent, sent, quick), sent + 60);
  EXPECT_FALSE(next_delivery_check(sent, sent + 3500, quick));
}

TEST(MessageRules, NotifyStatusesRead) {
  using State = Delivery::State;
  for (const char* waiting : {"created", "sending", "pending"})
    EXPECT_EQ(notify_delivery(waiting, false).state, State::kPending);
  EXPECT_EQ(notify_delivery("delivered", false).state, State::kDelivered);
  EXPECT_EQ(notify_delivery("delivered", true).state, State::kDelivered);
  EXPECT_EQ(notify_delivery("sent", true).state, State::kNoReport);  // an international text
  auto email = notify_delivery("permanent-failure", false);
  EXPECT_EQ(email.state, State::kRefused);
  EXPECT_NE(email.error.find("the email address does not exist"), std::string::npos) << email.error;
  EXPECT_NE(email.error.find("permanent-failure"), std::string::npos) << email.error;
  auto text = notify_delivery("permanent-failure", true);
  EXPECT_EQ(text.state, State::kRefused);
  EXPECT_NE(text.error.find("phone number"), std::string::npos) << text.error;
  auto full = notify_delivery("temporary-failure", false);
  EXPECT_EQ(full.state, State::kUndelivered);
  EXPECT_NE(full.error.find("inbox was full"), std::string::npos) << full.error;
  EXPECT_NE(notify_delivery("temporary-failure", true).error.find("phone was off"), std::string::npos);
  auto technical = notify_delivery("technical-failure", true);
  EXPECT_EQ(technical.state, State::kUndelivered);
  EXPECT_NE(technical.error.find("does not send it again by itself"), std::string::npos) << technical.error;
  // A word Notify may add later: still waiting, asked again until the window ends.
  EXPECT_EQ(notify_delivery("some-new-status", false).state, State::kPending);
}

TEST(MessageRules, UkMobileNumbers) {
  EXPECT_EQ(normalise_uk_mobile("07700 900982"), "+447700900982");
  EXPECT_EQ(normalise_uk_mobile("+44 7700 900 982"), "+447700900982");
  EXPECT_EQ(normalise_uk_mobile("+44 (0)7700 900982"), "+447700900982");
  EXPECT_EQ(normalise_uk_mobile("0044 7700-900-982"), "+447700900982");
  EXPECT_FALSE(normalise_uk_mobile("0114 273 4567"));      // a Sheffield landline
  EXPECT_FALSE(normalise_uk_mobile("+33 6 12 34 56 78"));  // France
  EXPECT_FALSE(normalise_uk_mobile("07700 90098"));        // one short
  EXPECT_FALSE(normalise_uk_mobile("07700 9009822"));      // one long
  EXPECT_FALSE(normalise_uk_mobile("07700x900982"));
  EXPECT_FALSE(normalise_uk_mobile(""));
}

TEST(MessageRules, AddressesArePartlyHidden) {
  EXPECT_EQ(mask_address("ann.smith@example.org"), "a********@e******.org");
  EXPECT_EQ(mask_address("+447700900982"), "+447*******82");
  EXPECT_EQ(mask_address("a@b.org").find("a@"), std::string::npos);
}

TEST(MessageRules, UnsubscribeTokensNameThePersonAndCannotBeForged) {
  std::string t = unsubscribe_token("secret", 42, "story_published");
  auto u = read_unsubscribe_token("secret", t);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->user, 42);
  EXPECT_EQ(u->kind, "story_published");
  EXPECT_FALSE(read_unsubscribe_token("other secret", t));
  std::string forged = t;
  forged.replace(0, 2, "43");
  EXPECT_FALSE(read_unsubscribe_token("secret", forged));
  EXPECT_FALSE(read_unsubscribe_token("secret", "nonsense"));
}

TEST(MessageRules, EmailHasBothPartsAndOneClickUnsubscribe) {
  Email e;
  e.from = "Kith <kith@example.gov.uk>";
  e.to = "ann@example.org";
  e.subject = "Your story has been published";
  e.text = "Hello Ann,\n\n.A line starting with a dot, and a long line " + std::string(100, 'x') + "\n\nCafé";
  e.html = text_to_html(e.text);
  e.unsubscribe_url = "https://kith.example.gov.uk/unsubscribe/1.story_published.abc";
  e.message_id = "<abc@example.gov.uk>";
  e.date = 1796372039;  // 2026-12-04
  std::string wire = format_email(e);
  EXPECT_NE(wire.find("List-Unsubscribe: <https://kith.example.gov.uk/unsubscribe/1.story_published.abc>\r\n"),
            std::string::npos);
  EXPECT_NE(wire.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"), std::string::npos);
  EXPECT_NE(wire.find("Content-Type: multipart/alternative; boundary="), std::string::npos);
  EXPECT_LT(wire.find("Content-Type: text/plain"), wire.find("Content-Type: text/html"));
  EXPECT_NE(wire.find("Message-ID: <abc@example.gov.uk>\r\n"), std::string::npos);
  EXPECT_NE(wire.find("Date: " + rfc5322_date(e.date) + "\r\n"), std::string::npos);
  EXPECT_NE(wire.find("Caf=C3=A9"), std::string::npos);
  EXPECT_NE(wire.find("=2EA line"), std::string::npos);
  // The body's lines keep to 78 characters (RFC 5322's SHOULD); headers to 998.
  for (const auto& line : split(wire.substr(wire.find("\r\n\r\n")), '\n')) EXPECT_LE(line.size(), 78u) << line;
  for (const auto& line : split(wire, '\n')) EXPECT_LE(line.size(), 998u);
  e.unsubscribe_url.clear();
  EXPECT_EQ(format_email(e).find("List-Unsubscribe"), std::string::npos);
}

TEST(MessageRules, Rfc5322Date) { EXPECT_EQ(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000"); }

TEST(MessageRules, QuotedPrintableDecodesBack) {
  std::string text = "Tea = good\ncafé " + std::string(200, 'y') + " end ";
  std::string qp = quoted_printable(text);
  std::string back;
  for (std::size_t i = 0; i < qp.size(); ++i) {
    if (qp[i] == '=' && i + 2 < qp.size() && qp[i + 1] == '\r' && qp[i + 2] == '\n') {
      i += 2;
    } else if (qp[i] == '=') {
      back += static_cast<char>(std::stoi(qp.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else if (qp[i] == '\r') {
      continue;
    } else {
      back += qp[i];
    }
  }
  EXPECT_EQ(back, text);
}

TEST(MessageRules, NotifyKeyAndJwt) {
  std::string service = "26785a09-ab16-4eb0-8407-a37497a57506";
  std::string secret = "3d844edf-8d35-48ac-975b-e847b4f122b0";
  auto key = parse_notify_key("my-test_key-" + service + "-" + secret);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->service_id, service);
  EXPECT_EQ(key->secret, secret);
  EXPECT_FALSE(parse_notify_key("not-a-key"));
  EXPECT_FALSE(parse_notify_key(service + "-" + secret + "x"));
  std::string jwt = notify_jwt(*key, 1700000000);
  auto claims = verify_jwt(jwt, secret);
  ASSERT_TRUE(claims);
  auto j = nlohmann::json::parse(*claims);
  EXPECT_EQ(j["iss"], service);
  EXPECT_EQ(j["iat"], 1700000000);
  EXPECT_FALSE(verify_jwt(jwt, "another secret"));
  std::string tampered = jwt;
  tampered[tampered.find('.') + 3] ^= 1;
  EXPECT_FALSE(verify_jwt(tampered, secret));
}

// Known answers, not a round trip: HMAC-SHA256 against RFC 4231's test case 2, and the
// whole token against one made apart from Kith, with Python's hmac and base64 modules:
//   b(x) = urlsafe_b64encode(x).rstrip(b'=')
//   b('{"typ":"JWT","alg":"HS256"}') + '.' + b('{"iat":1700000000,"iss":SERVICE}'), then
//   '.' + b(hmac.new(SECRET, that, sha256).digest())
TEST(MessageRules, NotifyJwtMatchesAKnownToken) {
  std::string mac = hmac_sha256("Jefe", "what do ya want for nothing?");
  std::string hex;
  for (unsigned char c : mac) hex += fmt::format("{:02x}", c);
  EXPECT_EQ(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

  NotifyKey key{"26785a09-ab16-4eb0-8407-a37497a57506", "3d844edf-8d35-48ac-975b-e847b4f122b0"};
  EXPECT_EQ(notify_jwt(key, 1700000000),
            "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9"
            ".eyJpYXQiOjE3MDAwMDAwMDAsImlzcyI6IjI2Nzg1YTA5LWFiMTYtNGViMC04NDA3LWEzNzQ5N2E1NzUwNiJ9"
            ".nkvPIHSc1K4qOmHTsofUCp5qMzitaSH23QmaN9qSJSo");
}

}  // namespace
}  // namespace kith::messages
