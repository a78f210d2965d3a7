// The outbox and its sender on both stores, against a fake GOV.UK Notify and a local
// SMTP sink that requires STARTTLS; the messages pages on the shared server.
#include <gtest/gtest.h>
#include "accounts/account_store.h"
#include "app/app.h"
#include "core/crypto.h"

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "accounts/account_store.h"
#include "app/app.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "i18n/speaking.h"
#include "messages/kinds.h"
#include "messages/messages.h"
#include "messages/outbox.h"
#include "messages/outbox_store.h"
#include "messages/sender.h"
#include "store/settings.h"
#include "support/fake_notify.h"
#include "support/harness.h"
#include "support/smtp_sink.h"

namespace kith {
namespace {

using messages::Channel;
using messages::Choice;
using messages::Message;
using testing::FakeNotify;
using Json = nlohmann::json;

class OutboxTest : public testing::FreshDatabaseTest {
 protected:
  std::int64_t add_user(const std::string& email, const std::string& phone = "") {
    auto row = db().query_one(
        "INSERT INTO users (email, display_name, status, created_at, updated_at, phone) VALUES (?, ?, 'active', ?, "
        "?, ?) RETURNING id",
        {email, std::string("Person ") + email.substr(0, email.find('@')), now_iso(), now_iso(),
         store::or_null(phone)});
    return row->integer(0);
  }
  std::optional<std::int64_t> queue(const Message& m) {
    store::Transaction tx(db(), true);
    auto id = messages::enqueue(db(), m);
    tx.commit();
    return id;
  }
  static Message story(std::int64_t user, const std::string& to, const std::string& key) {
    return Message{"story_published",
                   user,
                   to,
                   Channel::kEmail,
                   {{"name", "Ann"}, {"title", "Private garden story"}, {"link", "https://kith.example/stories/1"}},
                   key};
  }
  std::string status_of(std::int64_t id) {
    return db().query_one("SELECT status FROM outbox WHERE id = ?", {id})->text(0);
  }
  std::unique_ptr<messages::Sender> notify_sender(FakeNotify& fake, int batch = 50) {
    // Messages are queued by the real clock: the test's starts just after, and moves on.
    clock = std::max(clock.load(), now_seconds() + 1);
    messages::NotifySettings s;
    s.api_key = FakeNotify::api_key();
    s.base_url = fake.url();
    s.email_template = FakeNotify::kEmailTemplate;
    s.sms_template = FakeNotify::kSmsTemplate;
    std::string problem;
    auto transport = messages::make_notify(s, &problem);
    EXPECT_TRUE(transport) << problem;
    messages::SenderOptions o;
    o.batch = batch;
    o.public_url = "https://kith.example.gov.uk";
    o.clock = [this] { return clock.load(); };
    o.idle_wait = std::chrono::milliseconds(20);
    return std::make_unique<messages::Sender>(*database, std::move(transport), o);
  }
  std::atomic<std::int64_t> clock{now_seconds()};
};

TEST_P(OutboxTest, AMessageInARolledBackTransactionIsNeverSent) {
  auto user = add_user("ann@example.org");
  {
    store::Transaction tx(db(), true);
    EXPECT_TRUE(messages::enqueue(db(), story(user, "ann@example.org", "story:1")));
  }  // rolled back, as when the change that caused it fails
  FakeNotify fake;
  auto sender = notify_sender(fake);
  EXPECT_EQ(sender->drain().sent, 0);
  EXPECT_TRUE(fake.received().empty());
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM outbox"), 0);
}

TEST_P(OutboxTest, TheSameKeyIsQueuedOnceAndSentOnce) {
  auto user = add_user("ann@example.org");
  auto a = queue(story(user, "ann@example.org", "story:7"));
  auto b = queue(story(user, "ann@example.org", "story:7"));
  ASSERT_TRUE(a);
  EXPECT_EQ(a, b);
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM outbox"), 1);
  FakeNotify fake;
  auto sender = notify_sender(fake);
  EXPECT_EQ(sender->drain().sent, 1);
  queue(story(user, "ann@example.org", "story:7"));  // once sent, the key still queues nothing
  EXPECT_EQ(sender->drain().sent, 0);
  EXPECT_EQ(fake.references(), (std::map<std::string, int>{{"story:7", 1}}));
  EXPECT_EQ(fake.bad_tokens(), 0);
  auto body = fake.received().at(0);
  EXPECT_EQ(body["template_id"], FakeNotify::kEmailTemplate);
  EXPECT_EQ(body["email_address"], "ann@example.org");
  EXPECT_EQ(body["personalisation"]["subject"], "Your story has been published");
  EXPECT_NE(body["personalisation"]["body"].get<std::string>().find("Private garden story"), std::string::npos);
  EXPECT_EQ(status_of(*a), "sent");
  EXPECT_EQ(db().query_one("SELECT provider_ref FROM outbox WHERE id = ?", {*a})->text(0), "notify-1");
}

TEST_P(OutboxTest, AMessageIsWrittenInItsReadersLanguage) {
  auto welsh = i18n::Languages::embedded().find("cy");
  ASSERT_TRUE(welsh && welsh->catalogue);
  const std::string* subject = welsh->catalogue->find("Your story has been published");
  ASSERT_NE(subject, nullptr) << "the Welsh catalogue has the emails";
  auto ann = add_user("ann@example.org");
  auto bob = add_user("bob@example.org");
  db().exec("UPDATE users SET language = 'cy' WHERE id = ?", {ann});
  auto to_ann = queue(story(ann, "ann@example.org", "lang:ann"));
  auto to_bob = queue(story(bob, "bob@example.org", "lang:bob"));
  // Someone without an account is written to in the language of the page that asked.
  std::optional<std::int64_t> to_guest;
  {
    i18n::Speaking page(welsh);
    Message m = story(0, "guest@example.org", "lang:guest");
    m.user.reset();
    to_guest = queue(m);
  }
  auto language = [&](std::int64_t id) {
    return db().query_one("SELECT language FROM outbox WHERE id = ?", {id})->text(0);
  };
  EXPECT_EQ(language(*to_ann), "cy");
  EXPECT_EQ(language(*to_bob), "");
  EXPECT_EQ(language(*to_guest), "cy");
  FakeNotify fake;
  auto sender = notify_sender(fake);
  EXPECT_EQ(sender->drain().sent, 3);
  std::map<std::string, Json> by_address;
  for (const auto& r : fake.received()) by_address[r["email_address"].get<std::string>()] = r["personalisation"];
  EXPECT_EQ(by_address["ann@example.org"]["subject"], *subject);
  EXPECT_EQ(by_address["guest@example.org"]["subject"], *subject);
  EXPECT_EQ(by_address["bob@example.org"]["subject"], "Your story has been published");
  std::string body = by_address["ann@example.org"]["body"];
  EXPECT_NE(body.find("Private garden story"), std::string::npos) << "the fields are filled in the translation";
  EXPECT_EQ(body.find("Hello Ann"), std::string::npos) << body;
  EXPECT_EQ(body.find("(("), std::string::npos) << "no field is left unfilled: " << body;
}

TEST_P(OutboxTest, PeoplesChoicesDecideHowAndWhether) {
  auto ann = add_user("ann@example.org", "+447700900982");
  auto bob = add_user("bob@example.org");  // no phone
  {
    store::Transaction tx(db(), true);
    messages::set_choice(db(), ann, "story_published", Choice::kText, now_iso());
    messages::set_choice(db(), ann, "story_declined", Choice::kNever, now_iso());
    messages::set_choice(db(), ann, "password_reset", Choice::kNever, now_iso());  // not theirs to switch off
    messages::set_choice(db(), bob, "story_published", Choice::kText, now_iso());
    tx.commit();
  }
  auto text = queue(story(ann, "ann@example.org", "k1"));
  ASSERT_TRUE(text);
  auto row = messages::find_message(db(), *text);
  EXPECT_EQ(row->channel, Channel::kSms);
  EXPECT_EQ(row->to, "+447700900982");
  auto fallback = queue(story(bob, "bob@example.org", "k2"));  // chose texts, gave no number: email
  EXPECT_EQ(messages::find_message(db(), *fallback)->channel, Channel::kEmail);
  EXPECT_FALSE(queue(Message{"story_declined", ann, "ann@example.org", Channel::kEmail, {}, "k3"}));
  EXPECT_TRUE(queue(Message{"password_reset", ann, "ann@example.org", Channel::kEmail, {}, "k4"}));
  // Staff kinds default to the daily digest.
  auto digest = queue(Message{"member_waiting",
                              bob,
                              "bob@example.org",
                              Channel::kEmail,
                              {{"name", "Bob"}, {"timebank", "Heeley"}, {"member", "Cy"}, {"link", "https://x/1"}},
                              "k5"});
  EXPECT_EQ(status_of(*digest), "digest");
  // A message without a user (an invitation to someone new) goes as given.
  EXPECT_TRUE(queue(Message{"invitation", std::nullopt, "new@example.org", Channel::kEmail, {}, "k6"}));

  FakeNotify fake;
  auto sender = notify_sender(fake);
  EXPECT_EQ(sender->drain().sent, 4);  // the text, bob's email, the reset, the invitation
  auto got = fake.received();
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0]["_type"], "sms");
  EXPECT_EQ(got[0]["phone_number"], "+447700900982");
  EXPECT_EQ(got[0]["template_id"], FakeNotify::kSmsTemplate);
}

TEST_P(OutboxTest, RetriesBackOffThenGiveUp) {
  auto user = add_user("ann@example.org");
  auto id = queue(story(user, "ann@example.org", "retry:1"));
  FakeNotify fake;
  fake.fail_with = 500;
  auto sender = notify_sender(fake);
  std::int64_t start = clock.load();
  std::vector<std::int64_t> waits;
  for (int attempt = 1; attempt <= 8; ++attempt) {
    auto p = sender->run_once();
    EXPECT_EQ(p.handled(), 1) << attempt;
    auto row = messages::find_message(db(), *id);
    EXPECT_EQ(row->attempts, attempt);
    if (attempt < 8) {
      EXPECT_EQ(row->status, "queued");
      EXPECT_NE(row->last_error.find("500"), std::string::npos);
      std::int64_t due = parse_iso_utc(row->next_attempt_at);
      waits.push_back(due - clock.load());
      EXPECT_EQ(sender->run_once().handled(), 0);  // not due yet
      clock = due;
    }
  }
  EXPECT_EQ(waits, (std::vector<std::int64_t>{30, 60, 120, 240, 480, 960, 1920}));
  EXPECT_EQ(status_of(*id), "failed");
  EXPECT_NE(messages::find_message(db(), *id)->last_error.find("gave up after 8 attempts"), std::string::npos);
  clock = start + 86400;
  EXPECT_EQ(sender->run_once().handled(), 0);  // never again by itself
  {
    store::Transaction tx(db(), true);
    EXPECT_TRUE(messages::requeue(db(), *id, iso_utc(clock.load())));  // an admin's "Send again"
    tx.commit();
  }
  fake.fail_with = 0;
  EXPECT_EQ(sender->drain().sent, 1);
  EXPECT_EQ(fake.references()["retry:1"], 1);
}

TEST_P(OutboxTest, ARefusedAddressIsRecordedAndNeverRetried) {
  auto user = add_user("ann@invalid-address");
  auto id = queue(story(user, "ann@invalid-address", "bounce:1"));
  FakeNotify fake;
  auto sender = notify_sender(fake);
  auto p = sender->drain();
  EXPECT_EQ(p.bounced, 1);
  EXPECT_EQ(status_of(*id), "bounced");
  EXPECT_TRUE(messages::address_has_problem(db(), "ann@invalid-address"));
  clock = clock.load() + 7 * 86400;
  EXPECT_EQ(sender->drain().handled(), 0);
  // Nothing more is queued for it, except what the person asks for to prove or recover it.
  EXPECT_FALSE(queue(story(user, "ann@invalid-address", "bounce:2")));
  EXPECT_TRUE(queue(Message{"password_reset", user, "ann@invalid-address", Channel::kEmail, {}, "bounce:3"}));
}

TEST_P(OutboxTest, AnOutageMidRunQueuesAndCatchesUpWithoutLossOrDuplicates) {
  auto user = add_user("ann@example.org");
  for (int i = 0; i < 60; ++i) queue(story(user, "ann@example.org", "outage:" + std::to_string(i)));
  FakeNotify fake;
  auto sender = notify_sender(fake, 10);
  EXPECT_EQ(sender->run_once().sent, 10);
  EXPECT_EQ(sender->run_once().sent, 10);
  fake.stop();  // Notify goes away mid-run
  auto during = sender->drain();
  EXPECT_EQ(during.sent, 0);
  EXPECT_EQ(during.retried, 40);
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM outbox WHERE status = 'queued'"), 40);
  fake.start();
  clock = clock.load() + 31;
  EXPECT_EQ(sender->drain().sent, 40);
  auto refs = fake.references();
  EXPECT_EQ(refs.size(), 60u);
  for (const auto& [ref, n] : refs) EXPECT_EQ(n, 1) << ref;
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"), 60);
}

TEST_P(OutboxTest, AMessageLeftSendingByACrashIsLookedUpNotResentBlindly) {
  auto user = add_user("ann@example.org");
  auto delivered = queue(story(user, "ann@example.org", "crash:delivered"));
  auto lost = queue(story(user, "ann@example.org", "crash:lost"));
  std::string long_ago = iso_utc(clock.load() - 3600);
  db().exec("UPDATE outbox SET status = 'sending', claimed_at = ?, attempts = 1", {long_ago});
  FakeNotify fake;
  fake.remember("crash:delivered");  // Notify had it before the crash
  auto sender = notify_sender(fake);
  auto p = sender->drain();
  EXPECT_EQ(p.recovered, 2);
  EXPECT_EQ(status_of(*delivered), "sent");
  EXPECT_EQ(status_of(*lost), "sent");
  auto refs = fake.references();
  EXPECT_EQ(refs["crash:delivered"], 1);  // not sent twice
  EXPECT_EQ(refs["crash:lost"], 1);       // sent, once
}

// "Send again" reuses the message's reference: a crash mid-send must not take the
// notification sent the first time for this attempt's.
TEST_P(OutboxTest, ACrashWhileSendingAgainIsNotMistakenForTheFirstSend) {
  auto user = add_user("ann@example.org");
  auto lost = queue(story(user, "ann@example.org", "again:lost"));
  auto arrived = queue(story(user, "ann@example.org", "again:arrived"));
  FakeNotify fake;
  auto sender = notify_sender(fake);
  EXPECT_EQ(sender->drain().sent, 2);
  std::string first_lost = fake.id_of("again:lost"), first_arrived = fake.id_of("again:arrived");
  // Notify later reports both failed; an admin sends them again; the server stops mid-send.
  db().exec("UPDATE outbox SET status = 'failed', next_check_at = NULL");
  EXPECT_TRUE(messages::requeue(db(), *lost, now_iso()));
  EXPECT_TRUE(messages::requeue(db(), *arrived, now_iso()));
  clock = clock.load() + 120;  // stale claims are looked for once a minute
  db().exec("UPDATE outbox SET status = 'sending', claimed_at = ?, attempts = 1", {iso_utc(clock.load() - 3600)});
  fake.remember("again:arrived");  // this one reached Notify before the stop
  auto p = sender->drain();
  EXPECT_EQ(p.recovered, 2);
  auto refs = fake.references();
  EXPECT_EQ(refs["again:lost"], 2);     // sent again, as the admin asked
  EXPECT_EQ(refs["again:arrived"], 2);  // not a third time
  EXPECT_EQ(status_of(*lost), "sent");
  EXPECT_EQ(status_of(*arrived), "sent");
  auto ref_of = [&](std::int64_t id) {
    return db().query_one("SELECT provider_ref FROM outbox WHERE id = ?", {id})->text(0);
  };
  EXPECT_NE(ref_of(*lost), first_lost);
  EXPECT_EQ(ref_of(*lost), fake.id_of("again:lost"));
  EXPECT_NE(ref_of(*arrived), first_arrived);
  EXPECT_EQ(ref_of(*arrived), fake.id_of("again:arrived"));
}

TEST_P(OutboxTest, TwoSendersNeverSendOneMessageTwice) {
  auto user = add_user("ann@example.org");
  {
    store::Transaction tx(db(), true);
    for (int i = 0; i < 400; ++i) messages::enqueue(db(), story(user, "ann@example.org", "pair:" + std::to_string(i)));
    tx.commit();
  }
  FakeNotify fake;
  auto a = notify_sender(fake, 20);
  auto b = notify_sender(fake, 20);
  a->start(2);
  b->start(2);
  for (int i = 0; i < 600 && fake.received().size() < 400; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  a->stop();
  b->stop();
  auto refs = fake.references();
  EXPECT_EQ(refs.size(), 400u);
  for (const auto& [ref, n] : refs) EXPECT_EQ(n, 1) << ref;
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"), 400);
}

TEST_P(OutboxTest, DigestsGoOnceADayWithEverythingWaiting) {
  auto user = add_user("cy@example.org");
  for (int i = 0; i < 3; ++i)
    queue(Message{"moderation_waiting",
                  user,
                  "cy@example.org",
                  Channel::kEmail,
                  {{"name", "Cy"}, {"what", "A story"}, {"link", "https://kith.example/moderate/" + std::to_string(i)}},
                  "mod:" + std::to_string(i)});
  FakeNotify fake;
  auto sender = notify_sender(fake);
  std::int64_t day = clock.load() - clock.load() % 86400;
  clock = day + 6 * 3600;  // 06:00, before the digest hour
  EXPECT_EQ(sender->queue_digests(), 0);
  // The second is dealt with before the summary goes: it is taken back, not reported.
  EXPECT_EQ(messages::withdraw(db(), "mod:1"), 1);
  // 08:00, or now if later: messages are queued by the real clock, so the test's is never behind it.
  clock = std::max(now_seconds() + 1, day + 8 * 3600);
  EXPECT_EQ(sender->queue_digests(), 1);
  EXPECT_EQ(sender->queue_digests(), 0);  // once a day
  EXPECT_EQ(sender->drain().sent, 1);
  auto got = fake.received();
  ASSERT_EQ(got.size(), 1u);
  std::string body = got[0]["personalisation"]["body"];
  for (int i : {0, 2}) EXPECT_NE(body.find("https://kith.example/moderate/" + std::to_string(i)), std::string::npos);
  EXPECT_EQ(body.find("https://kith.example/moderate/1"), std::string::npos) << body;
  // The summary, too, can be stopped in one click (RFC 8058).
  EXPECT_NE(got[0].value("one_click_unsubscribe_url", "").find("/unsubscribe/"), std::string::npos) << got[0].dump();
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM outbox WHERE status = 'digest'"), 0);
  // Something new waits for tomorrow's.
  queue(Message{"moderation_waiting", user, "cy@example.org", Channel::kEmail, {{"name", "Cy"}}, "mod:new"});
  EXPECT_EQ(sender->queue_digests(), 0);
  clock = day + 86400 + 8 * 3600;
  EXPECT_EQ(sender->queue_digests(), 1);
}

TEST_P(OutboxTest, EmailsOverSmtpUseStartTlsAndCarryTheRightHeaders) {
  testing::SmtpSink sink;
  auto user = add_user("ann@example.org");
  queue(story(user, "ann@example.org", "smtp:1"));
  queue(Message{"password_reset",
                user,
                "ann@example.org",
                Channel::kEmail,
                {{"name", "Ann"}, {"link", "https://kith.example/reset/x"}},
                "smtp:2"});
  auto refused = queue(story(user, "refuse@example.org", "smtp:3"));
  // An invitation says what to join: the place's name for Kith, in its subject and words.
  {
    store::Transaction tx(db(), true);
    store::set_setting(db(), "place.name", "Chorley Together");
    tx.commit();
  }
  queue(Message{"invitation",
                std::nullopt,
                "bo@example.org",
                Channel::kEmail,
                {{"name", "Bo"}, {"invited_by", "Ann"}, {"link", "https://kith.example/invite/x"}},
                "smtp:4"});
  messages::SmtpSettings s;
  s.url = sink.url();
  s.from = "Kith <kith@example.gov.uk>";
  s.ca_file = sink.ca_file();
  std::string problem;
  auto transport = messages::make_smtp(s, &problem);
  ASSERT_TRUE(transport) << problem;
  messages::SenderOptions o;
  o.public_url = "https://kith.example.gov.uk";
  messages::Sender sender(*database, std::move(transport), o);
  auto p = sender.drain();
  EXPECT_EQ(p.sent, 3);
  EXPECT_EQ(p.bounced, 1);
  // A relay cannot be asked later what became of an email (bounces go back to the From
  // address): nothing is kept to ask about.
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM outbox WHERE next_check_at IS NOT NULL"), 0);
  EXPECT_EQ(status_of(*refused), "bounced");
  EXPECT_TRUE(messages::address_has_problem(db(), "refuse@example.org"));
  // The relay's own words are kept for the admin, not only libcurl's "RCPT failed: 550".
  auto said = db().query_one("SELECT last_error FROM outbox WHERE id = ?", {*refused});
  ASSERT_TRUE(said);
  EXPECT_NE(said->text(0).find("550 5.1.1 No such mailbox here"), std::string::npos) << said->text(0);
  auto mail = sink.messages();
  ASSERT_EQ(mail.size(), 3u);
  EXPECT_NE(mail[2].find("Subject: You have been invited to join Chorley Together\r\n"), std::string::npos) << mail[2];
  EXPECT_NE(mail[2].find("make an account on Chorley Together."), std::string::npos) << mail[2];
  const std::string& story_mail = mail[0];
  EXPECT_NE(story_mail.find("X-Was-TLS: yes"), std::string::npos);
  EXPECT_NE(story_mail.find("Subject: Your story has been published\r\n"), std::string::npos);
  EXPECT_EQ(story_mail.find("Private garden"), story_mail.find("Private garden story"));  // only in the body
  auto headers = story_mail.substr(0, story_mail.find("\r\n\r\n"));
  EXPECT_EQ(headers.find("Private"), std::string::npos);
  EXPECT_NE(headers.find("List-Unsubscribe: <https://kith.example.gov.uk/unsubscribe/"), std::string::npos);
  EXPECT_NE(headers.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), std::string::npos);
  EXPECT_NE(headers.find("Content-Type: multipart/alternative"), std::string::npos);
  EXPECT_NE(headers.find("Message-ID: <"), std::string::npos);
  EXPECT_NE(headers.find("Date: "), std::string::npos);
  EXPECT_NE(story_mail.find("Content-Type: text/plain; charset=utf-8"), std::string::npos);
  EXPECT_NE(story_mail.find("Content-Type: text/html; charset=utf-8"), std::string::npos);
  // The unsubscribe link is genuine: it names this person and kind.
  auto start = headers.find("/unsubscribe/") + 13;
  std::string token = headers.substr(start, headers.find('>', start) - start);
  auto u = messages::read_unsubscribe_token(messages::unsubscribe_secret(db()), token);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->user, user);
  EXPECT_EQ(u->kind, "story_published");
  // Account security messages cannot be switched off, so they carry no unsubscribe.
  EXPECT_EQ(mail[1].find("List-Unsubscribe"), std::string::npos);
  EXPECT_NE(mail[1].find("Subject: Reset your password"), std::string::npos);
  EXPECT_NE(mail[1].find("https://kith.example/reset/x"), std::string::npos);
  // Once sent, the outbox keeps the reset's other fields but not its link into the
  // account; the invitation, which an admin sent and may send again, keeps its own.
  auto kept = [&](const std::string& key) {
    return db().query_one("SELECT fields FROM outbox WHERE idempotency_key = ?", {key})->text(0);
  };
  EXPECT_EQ(kept("smtp:2").find("reset/x"), std::string::npos) << kept("smtp:2");
  EXPECT_NE(kept("smtp:2").find("\"Ann\""), std::string::npos) << kept("smtp:2");
  EXPECT_NE(kept("smtp:4").find("invite/x"), std::string::npos) << kept("smtp:4");
}

TEST_P(OutboxTest, SmtpRelayWithAnUntrustedCertificateGetsNothing) {
  testing::SmtpSink sink;  // STARTTLS with a self-signed certificate the system does not trust
  auto user = add_user("ann@example.org");
  auto id = queue(story(user, "ann@example.org", "tls:1"));
  messages::SmtpSettings s;
  s.url = sink.url();
  s.from = "kith@example.gov.uk";  // no ca_file: the sink's self-signed certificate is not trusted
  auto transport = messages::make_smtp(s, nullptr);
  messages::Sender sender(*database, std::move(transport), {});
  EXPECT_EQ(sender.run_once().retried, 1);
  EXPECT_EQ(status_of(*id), "queued");
  EXPECT_TRUE(sink.messages().empty());
}

// The council's relay goes away mid-run (connections refused), then comes back busy
// ("451 try again later") before it takes mail again: every message goes, once.
TEST_P(OutboxTest, AnSmtpOutageMidRunQueuesAndCatchesUpWithoutLossOrDuplicates) {
  testing::SmtpSink sink;
  auto user = add_user("ann@example.org");
  for (int i = 0; i < 30; ++i) queue(story(user, "ann@example.org", "smtp-outage:" + std::to_string(i)));
  messages::SmtpSettings s;
  s.url = sink.url();
  s.from = "kith@example.gov.uk";
  s.ca_file = sink.ca_file();
  std::string problem;
  auto transport = messages::make_smtp(s, &problem);
  ASSERT_TRUE(transport) << problem;
  messages::SenderOptions o;
  o.batch = 10;
  o.public_url = "https://kith.example.gov.uk";
  o.clock = [this] { return clock.load(); };
  clock = std::max(clock.load(), now_seconds() + 1);
  messages::Sender sender(*database, std::move(transport), o);
  EXPECT_EQ(sender.run_once().sent, 10);

  sink.stop();  // the relay goes away
  auto down = sender.drain();
  EXPECT_EQ(down.sent, 0);
  EXPECT_EQ(down.retried, 20);
  EXPECT_EQ(down.failed, 0);
  auto said = db().query_one("SELECT last_error FROM outbox WHERE status = 'queued' LIMIT 1");
  ASSERT_TRUE(said);
  EXPECT_NE(said->text(0).find("The SMTP relay failed"), std::string::npos) << said->text(0);

  sink.start();  // back on the same address, but not taking mail yet
  sink.set_busy(true);
  clock = clock.load() + 3600;
  auto busy = sender.drain();
  EXPECT_EQ(busy.sent, 0);
  EXPECT_EQ(busy.retried, 20);
  said = db().query_one("SELECT last_error FROM outbox WHERE status = 'queued' LIMIT 1");
  ASSERT_TRUE(said);
  EXPECT_NE(said->text(0).find("451 4.3.0 Mail server temporarily unavailable"), std::string::npos) << said->text(0);
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM outbox WHERE status = 'queued'"), 20);

  sink.set_busy(false);
  clock = clock.load() + 3600;
  EXPECT_EQ(sender.drain().sent, 20);
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"), 30);
  EXPECT_FALSE(messages::address_has_problem(db(), "ann@example.org"));
  // Each message arrived once: thirty emails, thirty different Message-IDs.
  auto mail = sink.messages();
  ASSERT_EQ(mail.size(), 30u);
  std::set<std::string> ids;
  for (const auto& m : mail) {
    auto at = m.find("Message-ID: ");
    ASSERT_NE(at, std::string::npos);
    ids.insert(m.substr(at, m.find("\r\n", at) - at));
  }
  EXPECT_EQ(ids.size(), 30u);
}

// GOV.UK Notify answers 201 at once; a bounce comes later, as the notification's status.
TEST_P(OutboxTest, ABounceNotifyReportsLaterIsRecordedAgainstTheAddress) {
  auto user = add_user("gone@example.org");
  auto first = queue(story(user, "gone@example.org", "later:1"));
  FakeNotify fake;
  auto sender = notify_sender(fake);
  EXPECT_EQ(sender->drain().sent, 1);
  EXPECT_EQ(status_of(*first), "sent");
  const std::string notification = fake.id_of("later:1");
  ASSERT_FALSE(notification.empty());
  EXPECT_EQ(messages::find_message(db(), *first)->provider_ref, notification);  // Notify's id, kept
  fake.set_status(notification, "permanent-failure");                           // the address does not exist
  // Not asked about in its first five minutes.
  clock = clock.load() + 240;
  EXPECT_EQ(sender->check_deliveries().checked, 0);
  EXPECT_TRUE(fake.status_checks().empty());
  // Another message to the address, queued before Kith knows.
  auto second = queue(story(user, "gone@example.org", "later:2"));
  ASSERT_TRUE(second);
  clock = clock.load() + 60;
  auto p = sender->run_once();  // asks what became of the first, then sends what is due
  EXPECT_EQ(p.checked, 1);
  EXPECT_EQ(p.refused, 1);
  EXPECT_EQ(fake.status_checks(), std::vector<std::string>{notification});
  EXPECT_EQ(fake.bad_tokens(), 0);
  auto bounced = messages::find_message(db(), *first);
  EXPECT_EQ(bounced->status, "bounced");
  EXPECT_NE(bounced->last_error.find("the email address does not exist"), std::string::npos) << bounced->last_error;
  EXPECT_TRUE(messages::address_has_problem(db(), "gone@example.org"));
  // The message queued before it was known is not sent, and says why; nothing more is
  // queued for the address.
  auto withheld = messages::find_message(db(), *second);
  EXPECT_EQ(withheld->status, "bounced");
  EXPECT_NE(withheld->last_error.find("an earlier message to this address was refused"), std::string::npos)
      << withheld->last_error;
  EXPECT_EQ(fake.references().count("later:2"), 0u);
  EXPECT_FALSE(queue(story(user, "gone@example.org", "later:3")));
  // Settled: never asked about again.
  clock = clock.load() + 86400;
  EXPECT_EQ(sender->drain().checked, 0);
  EXPECT_EQ(fake.status_checks().size(), 1u);
  EXPECT_EQ(fake.received().size(), 1u);
}

TEST_P(OutboxTest, DeliveryIsRecordedAndAMessageIsAskedAboutLessOftenAsItAges) {
  auto user = add_user("ann@example.org");
  auto id = queue(story(user, "ann@example.org", "delivered:1"));
  FakeNotify fake;
  auto sender = notify_sender(fake);
  EXPECT_EQ(sender->drain().sent, 1);
  const std::int64_t sent = clock.load();
  const std::string notification = fake.id_of("delivered:1");
  // A pass every minute for an hour and a half: the message is asked about five minutes
  // after it went, then at doubling gaps; once Notify says delivered, never again.
  std::vector<std::int64_t> asked;
  for (std::int64_t t = sent; t <= sent + 5400; t += 60) {
    clock = t;
    if (t - sent == 1260) fake.set_status(notification, "delivered");
    auto before = fake.status_checks().size();
    sender->check_deliveries();
    if (fake.status_checks().size() > before) asked.push_back(t - sent);
  }
  EXPECT_EQ(asked, (std::vector<std::int64_t>{300, 600, 1200, 2400}));
  auto row = messages::find_message(db(), *id);
  EXPECT_EQ(row->status, "delivered");
  EXPECT_EQ(row->delivered_at, iso_utc(sent + 2400));
  EXPECT_TRUE(row->next_check_at.empty());
  EXPECT_FALSE(messages::address_has_problem(db(), "ann@example.org"));
}

TEST_P(OutboxTest, NoMessageIsAskedAboutOutsideItsFourDays) {
  auto user = add_user("ann@example.org");
  FakeNotify fake;
  auto sender = notify_sender(fake);
  // One whose sender was stopped for longer than the window: never asked about.
  auto late = queue(story(user, "ann@example.org", "window:late"));
  EXPECT_EQ(sender->drain().sent, 1);
  clock = clock.load() + 4 * 86400 + 1;
  EXPECT_EQ(sender->check_deliveries().checked, 0);
  EXPECT_TRUE(fake.status_checks().empty());
  EXPECT_TRUE(messages::find_message(db(), *late)->next_check_at.empty());
  EXPECT_EQ(status_of(*late), "sent");
  // One Notify keeps saying "sending" about: asked at each of its times, all inside
  // the four days and at least five minutes apart, then no more.
  auto followed = queue(story(user, "ann@example.org", "window:followed"));
  clock = std::max(clock.load(), now_seconds() + 1);
  EXPECT_EQ(sender->drain().sent, 1);
  const std::int64_t sent = clock.load();
  std::vector<std::int64_t> times;
  for (auto row = messages::find_message(db(), *followed); !row->next_check_at.empty();
       row = messages::find_message(db(), *followed)) {
    clock = parse_iso_utc(row->next_check_at);
    times.push_back(clock.load());
    EXPECT_EQ(sender->check_deliveries().checked, 1);
    ASSERT_LT(times.size(), 100u);
  }
  ASSERT_FALSE(times.empty());
  EXPECT_EQ(fake.status_checks().size(), times.size());
  EXPECT_LE(times.back(), sent + 4 * 86400);
  EXPECT_GE(times.back(), sent + 72 * 3600);  // past Notify's 72 hours of trying
  for (std::size_t i = 1; i < times.size(); ++i) EXPECT_GE(times[i] - times[i - 1], 300);
  clock = sent + 30 * 86400;
  EXPECT_EQ(sender->drain().checked, 0);
  EXPECT_EQ(fake.status_checks().size(), times.size());
  EXPECT_EQ(status_of(*followed), "sent");
}

TEST_P(OutboxTest, TemporaryAndTechnicalFailuresAreRecordedNotSentAgainByThemselves) {
  auto user = add_user("ann@example.org");
  auto full = queue(story(user, "ann@example.org", "undelivered:full"));
  auto broken = queue(story(user, "ann@example.org", "undelivered:broken"));
  FakeNotify fake;
  auto sender = notify_sender(fake);
  EXPECT_EQ(sender->drain().sent, 2);
  fake.set_status(fake.id_of("undelivered:full"), "temporary-failure");
  fake.set_status(fake.id_of("undelivered:broken"), "technical-failure");
  clock = clock.load() + 300;
  auto p = sender->check_deliveries();
  EXPECT_EQ(p.undelivered, 2);
  EXPECT_EQ(status_of(*full), "failed");
  EXPECT_EQ(status_of(*broken), "failed");
  EXPECT_NE(messages::find_message(db(), *full)->last_error.find("inbox was full"), std::string::npos);
  EXPECT_NE(messages::find_message(db(), *broken)->last_error.find("technical-failure"), std::string::npos);
  EXPECT_FALSE(messages::address_has_problem(db(), "ann@example.org"));  // the address is good
  // Neither sent again nor asked about again by itself, days later.
  clock = clock.load() + 5 * 86400;
  EXPECT_EQ(sender->drain().handled(), 0);
  EXPECT_EQ(fake.received().size(), 2u);
  EXPECT_EQ(fake.status_checks().size(), 2u);
  // An admin's "Send again": sent once more, and followed again.
  {
    store::Transaction tx(db(), true);
    EXPECT_TRUE(messages::requeue(db(), *full, iso_utc(clock.load())));
    tx.commit();
  }
  EXPECT_EQ(sender->drain().sent, 1);
  EXPECT_EQ(fake.references()["undelivered:full"], 2);
  EXPECT_FALSE(messages::find_message(db(), *full)->next_check_at.empty());
}

TEST_P(OutboxTest, TwoSendersAskAboutEachMessageOnce) {
  auto user = add_user("ann@example.org");
  {
    store::Transaction tx(db(), true);
    for (int i = 0; i < 120; ++i)
      messages::enqueue(db(), story(user, "p" + std::to_string(i) + "@example.org", "checked:" + std::to_string(i)));
    tx.commit();
  }
  FakeNotify fake;
  auto a = notify_sender(fake, 50);
  auto b = notify_sender(fake, 50);
  EXPECT_EQ(a->drain().sent, 120);
  for (int i = 0; i < 120; ++i)
    fake.set_status(fake.id_of("checked:" + std::to_string(i)), i % 2 ? "delivered" : "permanent-failure");
  clock = clock.load() + 300;
  std::atomic<int> delivered{0}, refused{0};
  auto ask = [&](messages::Sender& sender) {
    for (;;) {
      auto p = sender.check_deliveries();
      delivered += p.delivered;
      refused += p.refused;
      if (p.checked == 0) return;
    }
  };
  std::thread first([&] { ask(*a); });
  std::thread second([&] { ask(*b); });
  first.join();
  second.join();
  auto asked = fake.status_checks();
  EXPECT_EQ(asked.size(), 120u);
  EXPECT_EQ(std::set<std::string>(asked.begin(), asked.end()).size(), 120u);
  EXPECT_EQ(delivered.load(), 60);
  EXPECT_EQ(refused.load(), 60);
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM outbox WHERE status = 'delivered'"), 60);
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM outbox WHERE status = 'bounced'"), 60);
  EXPECT_EQ(db().scalar("SELECT COUNT(*) FROM message_address_problems"), 60);
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

// The pages, on the shared server with the demo place.
class MessagesPagesTest : public testing::BackendSuite {};

TEST_P(MessagesPagesTest, APersonChoosesHowTheyHearAndAddsAMobile) {
  auto b = signed_in("member");
  auto page = b.get("/account/messages");
  ASSERT_EQ(page.status, 200) << tag();
  EXPECT_NE(page.body.find("Your story is published"), std::string::npos);
  EXPECT_EQ(page.body.find("Members waiting for approval"), std::string::npos);  // staff only
  // Staff choose only for the messages their own work brings: a referrer is not asked
  // about scoring grant applications or moderating, a panel member is.
  auto referrer = signed_in("referrer").get("/account/messages").body;
  EXPECT_NE(referrer.find("What happened to people you referred to coordination"), std::string::npos) << tag();
  EXPECT_EQ(referrer.find("Grant applications given to you to score"), std::string::npos) << tag();
  EXPECT_EQ(referrer.find("Suggestions and stories waiting for moderation"), std::string::npos) << tag();
  EXPECT_NE(signed_in("panel").get("/account/messages").body.find("Grant applications given to you to score"),
            std::string::npos)
      << tag();
  auto bad = b.post_form("/account/messages", {{"phone", "0114 273 4567"}, {"kind_story_published", "text"}});
  EXPECT_EQ(bad.status, 422) << tag();
  EXPECT_NE(bad.body.find("Enter a UK mobile number"), std::string::npos);
  auto no_phone = b.post_form("/account/messages", {{"phone", ""}, {"kind_story_published", "text"}});
  EXPECT_EQ(no_phone.status, 422) << tag();
  auto ok =
      b.post_form("/account/messages",
                  {{"phone", "07700 900982"}, {"kind_story_published", "text"}, {"kind_story_declined", "never"}});
  EXPECT_EQ(ok.status, 303) << tag();
  auto json = b.get("/api/v1/account/messages").json();
  EXPECT_EQ(json["phone"], "+447700900982");
  bool found = false;
  for (const auto& k : json["kinds"])
    if (k["name"] == "story_published")
      for (const auto& o : k["options"])
        if (o["checked"] == true) found = o["value"] == "text";
  EXPECT_TRUE(found) << tag();
  // Put it back for other tests.
  b.post_form("/account/messages",
              {{"phone", ""}, {"kind_story_published", "email"}, {"kind_story_declined", "email"}});
}

// Sending through an SMTP relay, Kith cannot send texts: it does not offer them (nor the
// mobile number they need), and refuses a choice of text sent anyway.
TEST_P(MessagesPagesTest, TextsAreNotOfferedWhenTheyCannotBeSent) {
  app::Config config = testing::shared_server(GetParam()).app().config();
  config.messages = "smtp";
  config.smtp_url = "smtp://127.0.0.1:9";
  config.smtp_from = "Kith <kith@example.org>";
  app::App smtp(config);
  std::string token = random_token(), csrf = random_token();
  {
    auto db = smtp.database().acquire();
    store::Transaction tx(*db, true);
    accounts::AccountStore users(*db);
    users.create_session(sha256_hex(token), users.find_by_email("member@demo.kith.test")->id,
                         iso_utc(now_seconds() + 3600));
    tx.commit();
  }
  web::Request get;
  get.method = "GET";
  get.path = "/account/messages";
  get.cookies = {{web::kSessionCookie, token}, {web::kCsrfCookie, csrf}};
  auto page = smtp.server().handle(get);
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 300);
  EXPECT_NE(page.body.find("Email me"), std::string::npos);
  EXPECT_EQ(page.body.find("Text me"), std::string::npos);
  EXPECT_EQ(page.body.find("id=\"phone\""), std::string::npos);
  web::Request post = get;
  post.method = "POST";
  post.headers = {{"content-type", "application/x-www-form-urlencoded"}};
  post.body = "csrf_token=" + web::form_token(csrf, token) + "&kind_story_published=text";
  auto refused = smtp.server().handle(post);
  EXPECT_EQ(refused.status, 422) << refused.body.substr(0, 300);
  EXPECT_NE(refused.body.find("Kith cannot send text messages here"), std::string::npos);
}

TEST_P(MessagesPagesTest, OneClickUnsubscribeWorksFromAMailProviderWithoutSignIn) {
  auto& server = testing::shared_server(GetParam());
  std::string token;
  std::int64_t user = 0;
  {
    auto db = server.app().database().acquire();
    store::Transaction tx(*db, true);
    user = db->query_one("SELECT id FROM users WHERE email = 'member@demo.kith.test'")->integer(0);
    token = messages::unsubscribe_token(messages::unsubscribe_secret(*db), user, "exchange_to_confirm");
    tx.commit();
  }
  auto anyone = browser();
  auto page = anyone.get("/unsubscribe/" + token);
  EXPECT_EQ(page.status, 200) << tag();
  EXPECT_NE(page.body.find("An exchange is waiting for you to confirm"), std::string::npos);
  // RFC 8058: the provider posts List-Unsubscribe=One-Click from its own servers, with no cookie.
  auto posted = anyone.send_with("POST", "/unsubscribe/" + token, "List-Unsubscribe=One-Click",
                                 "application/x-www-form-urlencoded", {{"Origin", "https://mail.example.com"}});
  EXPECT_EQ(posted.status, 303) << tag() << posted.body;
  {
    auto db = server.app().database().acquire();
    EXPECT_EQ(messages::stored_choice(*db, user, "exchange_to_confirm"), Choice::kNever);
    EXPECT_GE(db->scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'messages.unsubscribe' AND entity_id = ?",
                         {std::to_string(user)}),
              1);
    store::Transaction tx(*db, true);
    messages::set_choice(*db, user, "exchange_to_confirm", Choice::kEmail, now_iso());
    tx.commit();
  }
  // A forged token is not found, and the exception is only for this path.
  EXPECT_EQ(anyone
                .send("POST", "/unsubscribe/" + std::to_string(user) + ".exchange_to_confirm.0000", "",
                      "application/x-www-form-urlencoded")
                .status,
            404);
  auto member = signed_in("member");
  EXPECT_EQ(member
                .send_with("POST", "/account/messages", "kind_story_published=never",
                           "application/x-www-form-urlencoded", {{"Origin", "https://mail.example.com"}})
                .status,
            403);
}

// Stopping the daily summary by its one-click link turns off every kind that went into
// it (a moderator's waiting work comes in it by default), and only those.
TEST_P(MessagesPagesTest, TheDailySummaryIsStoppedInOneClick) {
  auto& server = testing::shared_server(GetParam());
  std::string token;
  std::int64_t user = 0;
  {
    auto db = server.app().database().acquire();
    store::Transaction tx(*db, true);
    user = db->query_one("SELECT id FROM users WHERE email = 'moderator@demo.kith.test'")->integer(0);
    token = messages::unsubscribe_token(messages::unsubscribe_secret(*db), user, "digest");
    tx.commit();
  }
  auto anyone = browser();
  EXPECT_NE(anyone.get("/unsubscribe/" + token).body.find("Your daily summary"), std::string::npos) << tag();
  auto posted = anyone.send_with("POST", "/unsubscribe/" + token, "List-Unsubscribe=One-Click",
                                 "application/x-www-form-urlencoded", {{"Origin", "https://mail.example.com"}});
  EXPECT_EQ(posted.status, 303) << tag() << posted.body;
  auto db = server.app().database().acquire();
  EXPECT_EQ(messages::stored_choice(*db, user, "moderation_waiting"), Choice::kNever) << tag();
  EXPECT_NE(messages::stored_choice(*db, user, "story_published"), Choice::kNever) << "not in the summary" << tag();
  store::Transaction tx(*db, true);
  messages::set_choice(*db, user, "moderation_waiting", Choice::kDigest, now_iso());
  tx.commit();
}

TEST_P(MessagesPagesTest, AdminsSeeTheQueueAndCanRetryAndClear) {
  auto& server = testing::shared_server(GetParam());
  std::int64_t id = 0;
  {
    auto db = server.app().database().acquire();
    store::Transaction tx(*db, true);
    id = *messages::enqueue(*db, Message{"invitation",
                                         std::nullopt,
                                         "someone.new@example.org",
                                         Channel::kEmail,
                                         {{"name", "Someone"}},
                                         "pages:admin:" + GetParam()});
    messages::mark_bounced(*db, id, "someone.new@example.org", "GOV.UK Notify answered 400: not valid", now_iso());
    tx.commit();
  }
  auto admin = signed_in("admin");
  auto page = admin.get("/admin/messages");
  ASSERT_EQ(page.status, 200) << tag();
  EXPECT_NE(page.body.find("No way to send messages is set up"), std::string::npos);
  // The admin needs the whole address of a refused message to put it right, and the
  // kind's plain name and state in words, not their codes.
  EXPECT_NE(page.body.find("<td class=\"govuk-table__cell kith-wrap\">someone.new@example.org</td>"),
            std::string::npos);
  const std::string named =
      "Invitations to join<span class=\"govuk-visually-hidden\"> (message " + std::to_string(id) + ")</span></a>";
  EXPECT_NE(page.body.find(named), std::string::npos);
  EXPECT_EQ(page.body.find(">invitation<"), std::string::npos);
  // When, in words, not an ISO timestamp.
  const std::string before_when = named + "<br><span class=\"govuk-hint\">";
  auto hint = page.body.find(before_when);
  ASSERT_NE(hint, std::string::npos);
  std::string when = page.body.substr(hint + before_when.size(),
                                      page.body.find('<', hint + before_when.size()) - hint - before_when.size());
  EXPECT_NE(when.find(" at "), std::string::npos) << when;
  EXPECT_EQ(when.find("T"), std::string::npos) << when;
  EXPECT_NE(page.body.find("govuk-tag--red\">Refused</strong>"), std::string::npos);
  EXPECT_NE(page.body.find(">Waiting to be sent</th>"), std::string::npos);
  EXPECT_EQ(page.body.find(">queued</th>"), std::string::npos);
  EXPECT_EQ(admin.post_form("/admin/messages/" + std::to_string(id) + "/retry", {}).status, 303) << tag();
  // Waiting again: listed, and opened to see whom it is for and what it says.
  const std::string href = "/admin/messages/" + std::to_string(id);
  EXPECT_NE(admin.get("/admin/messages").body.find("href=\"" + href + "\""), std::string::npos);
  auto one = admin.get(href);
  ASSERT_EQ(one.status, 200) << tag();
  EXPECT_NE(one.body.find("someone.new@example.org"), std::string::npos);
  EXPECT_NE(one.body.find("You have been invited to join"), std::string::npos);
  EXPECT_NE(one.body.find("Hello Someone"), std::string::npos);
  {
    // The view is audited: who read whose message (the address partly hidden).
    auto db = server.app().database().acquire();
    auto row = db->query_one(
        "SELECT after_json FROM audit_log WHERE action = 'messages.message.read' AND entity_id = ? ORDER BY id DESC",
        {std::to_string(id)});
    ASSERT_TRUE(row) << tag();
    EXPECT_NE(row->text(0).find(messages::mask_address("someone.new@example.org")), std::string::npos) << row->text(0);
    EXPECT_EQ(row->text(0).find("someone.new@"), std::string::npos) << row->text(0);
  }
  EXPECT_EQ(signed_in("member").get(href).status, 403);
  EXPECT_EQ(admin.get("/admin/messages/999999").status, 404);
  // A link into someone's account is for them alone, never shown to an admin.
  std::int64_t reset = 0;
  {
    auto db = server.app().database().acquire();
    store::Transaction tx(*db, true);
    reset = *messages::enqueue(*db, Message{"password_reset",
                                            std::nullopt,
                                            "someone.else@example.org",
                                            Channel::kEmail,
                                            {{"name", "Else"}, {"link", "http://kith.test/reset/SECRET-TOKEN"}},
                                            "pages:reset:" + GetParam()});
    tx.commit();
  }
  auto secret = admin.get("/admin/messages/" + std::to_string(reset)).body;
  EXPECT_EQ(secret.find("SECRET-TOKEN"), std::string::npos);
  EXPECT_NE(secret.find("a link only they can use"), std::string::npos);
  {
    // Sent, so its link is forgotten, then failed: it cannot go again without its link.
    auto db = server.app().database().acquire();
    store::Transaction tx(*db, true);
    messages::mark_sent(*db, reset, "ref-" + GetParam(), now_iso(), std::nullopt);
    messages::mark_failed(*db, reset, "GOV.UK Notify answered 500 for a day");
    tx.commit();
  }
  auto again = admin.post_form("/admin/messages/" + std::to_string(reset) + "/retry", {});
  EXPECT_EQ(again.status, 409) << tag();
  EXPECT_NE(again.body.find("ask for a new one"), std::string::npos) << again.body;
  // Queued again with no way to send it: the admin's "Your work" warns, with the count.
  const Json account = admin.get("/api/v1/account").json();
  std::int64_t unsent = -1;
  for (const auto& w : account["work"])
    if (w["label"].get<std::string>().rfind("Messages not sent: no way to send them", 0) == 0) {
      EXPECT_EQ(w["href"], "/admin/messages");
      unsent = w["count"].get<std::int64_t>();
    }
  EXPECT_GE(unsent, 1) << account.dump();
  {
    auto db = server.app().database().acquire();
    EXPECT_EQ(unsent, db->scalar("SELECT COUNT(*) FROM outbox WHERE status IN ('queued', 'digest')"));
  }
  // Nobody but admins gets that warning.
  const Json members = signed_in("member").get("/api/v1/account").json();
  for (const auto& w : members["work"]) EXPECT_NE(w["href"], "/admin/messages") << members.dump();
  auto json = admin.get("/api/v1/admin/messages").json();
  ASSERT_EQ(json["addresses"].size(), 1u);
  std::string ref = json["addresses"][0]["ref"];
  EXPECT_EQ(admin.post_form("/admin/messages/addresses/" + ref + "/clear", {}).status, 303) << tag();
  auto db = server.app().database().acquire();
  EXPECT_EQ(db->query_one("SELECT status FROM outbox WHERE id = ?", {id})->text(0), "queued");
  EXPECT_FALSE(messages::address_has_problem(*db, "someone.new@example.org"));
  EXPECT_GE(db->scalar("SELECT COUNT(*) FROM audit_log WHERE action IN ('messages.retry', 'messages.address_cleared')"),
            2);
  EXPECT_EQ(signed_in("member").get("/admin/messages").status, 403);
}

// A bounce Notify reports after its 201 shows where admins see refused messages.
TEST_P(MessagesPagesTest, ABounceLearntLaterShowsOnTheAdminPage) {
  auto& server = testing::shared_server(GetParam());
  const std::string address = "bounced.later." + GetParam() + "@example.org";
  const std::string notification = "later-" + GetParam();
  FakeNotify fake;
  fake.set_status(notification, "permanent-failure");
  std::int64_t id = 0;
  {
    // Sent through Notify five minutes ago (it answered 201), to be asked about now.
    auto db = server.app().database().acquire();
    store::Transaction tx(*db, true);
    id = *messages::enqueue(
        *db,
        Message{
            "invitation", std::nullopt, address, Channel::kEmail, {{"name", "Later"}}, "pages:later:" + GetParam()});
    messages::mark_sent(*db, id, notification, iso_utc(now_seconds() - 300), iso_utc(now_seconds()));
    tx.commit();
  }
  messages::NotifySettings s;
  s.api_key = FakeNotify::api_key();
  s.base_url = fake.url();
  s.email_template = FakeNotify::kEmailTemplate;
  messages::Sender sender(server.app().database(), messages::make_notify(s, nullptr), {});
  EXPECT_EQ(sender.check_deliveries().refused, 1) << tag();  // asks only: sends nothing
  auto admin = signed_in("admin");
  auto page = admin.get("/admin/messages");
  ASSERT_EQ(page.status, 200) << tag();
  const std::string row = "<td class=\"govuk-table__cell kith-wrap\">" + address + "</td>";
  auto failed = page.body.find(row);
  ASSERT_NE(failed, std::string::npos) << tag();
  EXPECT_NE(page.body.find("govuk-tag--red\">Refused</strong> Not delivered: the email address does not exist "
                           "(GOV.UK Notify: permanent-failure)",
                           failed),
            std::string::npos)
      << tag();
  auto refused = page.body.find("Refused addresses</h2>");
  ASSERT_NE(refused, std::string::npos);
  EXPECT_NE(page.body.find(address + "<br>", refused), std::string::npos) << tag();
  // Nothing more goes to it until an admin clears it.
  {
    auto db = server.app().database().acquire();
    store::Transaction tx(*db, true);
    EXPECT_FALSE(messages::enqueue(*db, Message{"story_published",
                                                std::nullopt,
                                                address,
                                                Channel::kEmail,
                                                {{"name", "Later"}},
                                                "pages:later:next:" + GetParam()}));
    tx.commit();
  }
  auto json = admin.get("/api/v1/admin/messages").json();
  for (const auto& a : json["addresses"]) {
    if (a["address"] == address) {
      EXPECT_EQ(admin.post_form("/admin/messages/addresses/" + a["ref"].get<std::string>() + "/clear", {}).status, 303);
    }
  }
  auto db = server.app().database().acquire();
  EXPECT_FALSE(messages::address_has_problem(*db, address)) << tag();
}

INSTANTIATE_TEST_SUITE_P(Backends, MessagesPagesTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
