#include "messages/sender.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "messages/messages.h"
#include "store/settings.h"

namespace kith::messages {

namespace {

constexpr const char* kSecretKey = "messages.unsubscribe_secret";

std::string day_of(std::int64_t t) { return iso_utc(t).substr(0, 10); }
int hour_of(std::int64_t t) { return static_cast<int>((t % 86400) / 3600); }

void add(Pass& total, const Pass& p) {
  total.sent += p.sent;
  total.retried += p.retried;
  total.failed += p.failed;
  total.bounced += p.bounced;
  total.recovered += p.recovered;
  total.checked += p.checked;
  total.delivered += p.delivered;
  total.refused += p.refused;
  total.undelivered += p.undelivered;
}

// Claimed messages to addresses refused since they were queued (a bounce Notify
// reported later) are not sent: each is marked bounced, saying why, and taken out of
// `batch`. A password reset or an email confirmation still goes.
void withhold_refused(store::Db& db, std::vector<Queued>& batch, Pass& pass) {
  std::vector<std::string> addresses;
  for (const auto& q : batch)
    if (!tries_despite_problems(q.kind)) addresses.push_back(q.to);
  auto refused = address_problem_reasons(db, addresses);
  if (refused.empty()) return;
  std::erase_if(batch, [&](const Queued& q) {
    auto it = refused.find(q.to);
    if (it == refused.end() || tries_despite_problems(q.kind)) return false;
    mark_withheld(db, q.id, "Not sent, because an earlier message to this address was refused: " + it->second);
    ++pass.bounced;
    return true;
  });
}

}  // namespace

std::string unsubscribe_secret(store::Db& db) {
  auto v = store::get_setting(db, kSecretKey);
  if (v.is_string()) return v.get<std::string>();
  db.exec("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
          {std::string(kSecretKey), nlohmann::json(random_token(32)).dump()});
  return store::get_setting(db, kSecretKey).get<std::string>();
}

std::optional<std::string> existing_unsubscribe_secret(store::Db& db) {
  auto v = store::get_setting(db, kSecretKey);
  if (v.is_string()) return v.get<std::string>();
  return std::nullopt;
}

std::string unsubscribe_url(const std::string& public_url, const std::string& secret, std::int64_t user,
                            const std::string& kind) {
  return public_url + "/unsubscribe/" + unsubscribe_token(secret, user, kind);
}

Sender::Sender(store::Database& database, std::unique_ptr<Transport> transport, SenderOptions options)
    : database_(database), transport_(std::move(transport)), options_(std::move(options)) {
  while (!options_.public_url.empty() && options_.public_url.back() == '/') options_.public_url.pop_back();
  auto db = database_.acquire();
  store::Transaction tx(*db, true);
  secret_ = unsubscribe_secret(*db);
  tx.commit();
}

Sender::~Sender() { stop(); }

std::int64_t Sender::now() const { return options_.clock ? options_.clock() : now_seconds(); }

void Sender::settle_stale(Pass& pass) {
  // A claim goes stale only after `stale_after` (minutes): looking once a minute, by
  // one of the threads, is enough.
  std::int64_t t = now(), last = stale_checked_.load();
  if (t - last < 60 || !stale_checked_.compare_exchange_strong(last, t)) return;
  auto db = database_.acquire();
  std::vector<Queued> stale;
  {
    store::Transaction tx(*db, false);
    stale = stale_sending(*db, iso_utc(t - options_.stale_after));
    tx.commit();
  }
  for (const auto& q : stale) {
    Lookup found = transport_->lookup(q.key);
    store::Transaction tx(*db, true);
    // Settle it only if it is still the stale claim we read (another sender may have).
    auto current = find_message(*db, q.id);
    if (!current || current->status != "sending" || current->claimed_at != q.claimed_at) continue;
    // "Send again" sends under the same reference: a notification the provider lists
    // that is the one sent before is not this attempt's.
    if (found.found == Lookup::Found::kYes && !q.provider_ref.empty() && found.reference == q.provider_ref)
      found.found = Lookup::Found::kNo;
    if (found.found == Lookup::Found::kYes) {
      std::int64_t t = now();
      mark_sent(*db, q.id, found.reference, iso_utc(t), first_check(found.reference, t));
    } else if (found.found == Lookup::Found::kNo) {
      mark_retry(*db, q.id, "The sender stopped while sending; the provider never had it, so it is sent again.",
                 iso_utc(now()));
    } else if (!transport_->can_look_up()) {
      mark_failed(*db, q.id, "unknown: the server stopped while sending (check with the person, then retry)");
    } else {
      continue;  // the provider did not answer: ask again on the next pass
    }
    tx.commit();
    ++pass.recovered;
  }
}

SendResult Sender::deliver(const Queued& q, const std::string& service) {
  const Kind* kind = find_kind(q.kind);
  if (!kind) {
    SendResult failed;
    failed.outcome = SendResult::Outcome::kFailed;
    failed.error = "There is no kind of message called \"" + q.kind + "\" (a mistake in Kith: report it).";
    return failed;
  }
  Outgoing out;
  out.id = q.id;
  out.key = q.key;
  out.channel = q.channel;
  out.to = q.to;
  out.now = now();
  // Written in the language fixed when it was queued (English if that language has gone).
  i18n::Speaking speaking(q.language.empty() ? nullptr : i18n::Languages::embedded().find(q.language));
  std::vector<std::string> missing;
  auto fields = q.fields;
  if (!fields.count("settings_link")) fields["settings_link"] = options_.public_url + "/account/messages";
  if (!fields.count("service")) fields["service"] = service;
  out.content = render(*kind, fields, &missing);
  if (!missing.empty()) spdlog::warn("messages: {} {} sent without {}", q.kind, q.id, join(missing, ", "));
  // The daily summary too: its link turns off everything that went into it.
  if (q.user && !kind->always_sent && (kind->listed || q.kind == "digest") && q.channel == Channel::kEmail)
    out.unsubscribe_url = unsubscribe_url(options_.public_url, secret_, *q.user, q.kind);
  return transport_->send(out);
}

std::optional<std::string> Sender::first_check(const std::string& reference, std::int64_t t) const {
  if (reference.empty() || !transport_->can_check_delivery()) return std::nullopt;
  auto next = next_delivery_check(t, t, options_.checks);
  if (!next) return std::nullopt;
  return iso_utc(*next);
}

void Sender::record(store::Db& db, const Queued& q, const SendResult& result, Pass& pass) {
  std::int64_t t = now();
  std::string at = iso_utc(t);
  switch (result.outcome) {
    case SendResult::Outcome::kSent:
      mark_sent(db, q.id, result.reference, at, first_check(result.reference, t));
      ++pass.sent;
      break;
    case SendResult::Outcome::kBounced:
      mark_bounced(db, q.id, q.to, result.error, at);
      ++pass.bounced;
      break;
    case SendResult::Outcome::kFailed:
      mark_failed(db, q.id, result.error);
      ++pass.failed;
      break;
    case SendResult::Outcome::kRetry:
      if (q.attempts >= options_.max_attempts) {
        mark_failed(db, q.id, result.error + " (gave up after " + std::to_string(q.attempts) + " attempts)");
        ++pass.failed;
      } else {
        std::int64_t wait = backoff_seconds(q.attempts, options_.backoff_first, options_.backoff_cap);
        mark_retry(db, q.id, result.error, iso_utc(now() + wait));
        ++pass.retried;
      }
      break;
  }
}

void Sender::record_delivery(store::Db& db, const Queued& q, const Delivery& delivery, Pass& pass) {
  // Each change only if the message is still `sent`: a second sender that asked about
  // it too changes nothing.
  std::string at = iso_utc(now());
  switch (delivery.state) {
    case Delivery::State::kDelivered:
      if (mark_delivered(db, q.id, at)) ++pass.delivered;
      break;
    case Delivery::State::kRefused:
      if (mark_undelivered(db, q.id, "bounced", delivery.error)) {
        if (!q.to.empty()) record_address_problem(db, q.to, delivery.error, q.id, at);
        ++pass.refused;
      }
      break;
    case Delivery::State::kUndelivered:
      // Not sent again by itself: Notify's provider has tried for 72 hours (temporary)
      // or given up (technical). An admin sees it and may send it again.
      if (mark_undelivered(db, q.id, "failed", delivery.error)) ++pass.undelivered;
      break;
    case Delivery::State::kNoReport:
      schedule_check(db, q.id, std::nullopt);
      break;
    case Delivery::State::kPending:
    case Delivery::State::kUnknown:
      break;  // already asked for again, at its next time
  }
}

Pass Sender::check_deliveries() {
  Pass pass;
  if (!transport_->can_check_delivery()) return pass;
  std::int64_t t = now();
  auto db = database_.acquire();
  std::vector<Queued> ask;
  {
    // Each due message is given its next time now, before the provider is asked, so
    // that another sender does not ask about it too, and a message the provider does
    // not answer about waits longer each time (the gaps double as it ages).
    store::Transaction tx(*db, true);
    for (auto& q : due_checks(*db, iso_utc(t), options_.check_batch)) {
      std::int64_t sent = parse_iso_utc(q.sent_at);
      bool asked = sent > 0 && within_check_window(sent, t, options_.checks);
      auto next = asked ? next_delivery_check(sent, t, options_.checks) : std::nullopt;
      schedule_check(*db, q.id, next ? std::optional<std::string>(iso_utc(*next)) : std::nullopt);
      if (asked) ask.push_back(std::move(q));
    }
    tx.commit();
  }
  for (const auto& q : ask) {
    if (stopping_) break;
    Delivery delivery = transport_->check_delivery(q.provider_ref, q.channel);
    ++pass.checked;
    if (delivery.state == Delivery::State::kUnknown) {
      // Down, or asking us to slow down: ask about the rest at their next times.
      spdlog::warn("messages: could not ask what became of message {}: {}", q.id, delivery.error);
      break;
    }
    store::Transaction tx(*db, true);
    record_delivery(*db, q, delivery, pass);
    tx.commit();
  }
  return pass;
}

Pass Sender::run_once() {
  Pass pass;
  settle_stale(pass);
  if (transport_->can_check_delivery()) {
    // One pass every check_every, by one of the threads.
    std::int64_t t = now(), last = checks_run_.load();
    if (t - last >= options_.check_every && checks_run_.compare_exchange_strong(last, t)) add(pass, check_deliveries());
  }
  std::vector<Queued> batch;
  std::string service;  // the place's name ("place.name"), as it is when the batch is sent
  std::int64_t claimed = now();
  auto db = database_.acquire();
  {
    store::Transaction tx(*db, true);
    batch = claim_due(*db, iso_utc(claimed), options_.batch);
    if (!batch.empty()) {
      service = store::get_setting(*db, "place.name", "Kith").get<std::string>();
      withhold_refused(*db, batch, pass);
    }
    tx.commit();
  }
  // Where the provider can be asked after a crash (Notify), a batch's results are
  // written together: fewer commits. Otherwise (SMTP) each as soon as it is known,
  // so a crash leaves at most one message in doubt.
  bool together = transport_->can_look_up();
  std::vector<std::pair<std::size_t, SendResult>> results;
  auto flush = [&] {
    if (results.empty()) return;
    store::Transaction tx(*db, true);
    for (const auto& [i, r] : results) record(*db, batch[i], r, pass);
    tx.commit();
    results.clear();
  };
  for (std::size_t i = 0; i < batch.size(); ++i) {
    // Stopping, or the batch has taken so long another sender might think us gone:
    // put the rest back untouched.
    if (stopping_ || now() - claimed > options_.stale_after / 2) {
      flush();
      store::Transaction tx(*db, true);
      for (std::size_t j = i; j < batch.size(); ++j) release(*db, batch[j].id);
      tx.commit();
      return pass;
    }
    results.emplace_back(i, deliver(batch[i], service));
    if (!together) flush();
  }
  flush();
  return pass;
}

Pass Sender::drain() {
  Pass total;
  for (;;) {
    Pass p = run_once();
    add(total, p);
    if (p.handled() == 0) return total;
  }
}

int Sender::queue_digests() {
  std::int64_t t = now();
  if (hour_of(t) < options_.digest_hour) return 0;
  int queued = 0;
  auto db = database_.acquire();
  std::vector<std::int64_t> people;
  {
    store::Transaction tx(*db, false);
    people = people_with_digest(*db);
    tx.commit();
  }
  for (auto user : people) {
    std::string key = "digest:" + std::to_string(user) + ":" + day_of(t);
    store::Transaction tx(*db, true);
    if (db->query_one("SELECT 1 FROM outbox WHERE idempotency_key = ?", {key})) continue;  // today's has gone
    auto person = db->query_one("SELECT email, display_name FROM users WHERE id = ?", {user});
    auto items = digest_messages(*db, user);
    if (!person || person->is_null(0) || items.empty()) continue;  // no email: nothing to summarise into
    // The digest is written in the person's language, each item's subject with it.
    auto language = db->query_one("SELECT language FROM users WHERE id = ?", {user});
    i18n::Speaking speaking(language && !language->text(0).empty() ? i18n::Languages::embedded().find(language->text(0))
                                                                   : nullptr);
    std::string text;
    std::vector<std::int64_t> ids;
    for (const auto& q : items) {
      ids.push_back(q.id);
      const Kind* kind = find_kind(q.kind);
      if (!kind) continue;
      auto r = render(*kind, q.fields);
      text += "- " + r.subject;
      auto link = q.fields.find("link");
      if (link != q.fields.end() && !link->second.empty()) text += "\n  " + link->second;
      text += "\n";
    }
    Message m;
    m.kind = "digest";
    m.user = user;
    m.to = person->text(person->index("email"));
    m.key = key;
    m.fields = {{"name", person->text(person->index("display_name"))},
                {"items", text},
                {"settings_link", options_.public_url + "/account/messages"}};
    if (enqueue(*db, m)) ++queued;
    mark_digested(*db, ids, key, iso_utc(t));
    tx.commit();
  }
  return queued;
}

void Sender::loop(int worker) {
  // Sending waits for the network and may wait its turn: people's pages come first.
  // (On Linux a thread has its own nice value.)
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
  std::int64_t last_digest_check = 0;
  while (!stopping_) {
    Pass p;
    try {
      if (worker == 0 && now() - last_digest_check >= 60) {
        last_digest_check = now();
        queue_digests();
      }
      p = run_once();
    } catch (const std::exception& e) {
      spdlog::error("messages: the sender failed a pass: {}", e.what());
    }
    if (p.handled() == 0 && !stopping_) {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, options_.idle_wait, [&] { return stopping_.load(); });
    }
  }
}

void Sender::start(int workers) {
  stopping_ = false;
  for (int i = 0; i < workers; ++i) threads_.emplace_back([this, i] { loop(i); });
}

void Sender::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

}  // namespace kith::messages
