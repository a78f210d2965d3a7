#pragma once
// The background sender: claims due messages from the outbox in small batches (each
// claim its own short transaction), renders them, hands them to the transport and
// records what happened, one short transaction per message. Retries passing
// failures with backoff, records refused addresses at once, gathers "digest"
// messages into one email a day per person, and asks GOV.UK Notify what became of
// the messages it accepted (a bounce is learnt minutes or days later). See
// docs/messages.md.
//
// At most once: a message is marked `sending` (with the time) before the network
// call. One still `sending` long after (its sender stopped mid-call) is not sent
// again blindly: Notify is asked whether it has a notification with the message's
// key as reference (sent if so, queued again if not); over SMTP, which cannot be
// asked, it is marked failed "unknown: the server stopped while sending" for an
// admin to check and retry.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "messages/messages.h"
#include "messages/outbox_store.h"
#include "messages/transport.h"
#include "store/db.h"

namespace kith::messages {

struct SenderOptions {
  int batch = 50;
  int max_attempts = 8;
  std::int64_t backoff_first = 30;  // seconds, doubling
  std::int64_t backoff_cap = 3600;
  std::int64_t stale_after = 600;  // a `sending` claim older than this: its sender stopped
  std::string public_url;          // for unsubscribe and settings links: https://kith.example.gov.uk
  int digest_hour = 7;             // the day's digests go after this hour (UTC)
  std::chrono::milliseconds idle_wait{1000};
  std::function<std::int64_t()> clock;  // seconds since the epoch; the real clock when empty
  // Asking the provider what became of sent messages (Notify only): when each message
  // is asked about (messages.h), how many in one pass, and how often a pass runs.
  CheckTiming checks;
  int check_batch = 50;
  std::int64_t check_every = 30;  // seconds
};

// What one pass did.
struct Pass {
  int sent = 0;
  int retried = 0;
  int failed = 0;
  int bounced = 0;
  int recovered = 0;  // stale `sending` claims settled
  // Delivery checks: messages asked about, and what was learnt (a bounce learnt later
  // is `refused`; a temporary or technical failure `undelivered`).
  int checked = 0;
  int delivered = 0;
  int refused = 0;
  int undelivered = 0;
  int handled() const { return sent + retried + failed + bounced; }
};

class Sender {
 public:
  Sender(store::Database& database, std::unique_ptr<Transport> transport, SenderOptions options);
  ~Sender();
  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;

  // Settles stale claims, asks about sent messages (at most every check_every), then
  // claims and sends one batch.
  Pass run_once();
  // Asks the provider about up to check_batch sent messages due to be asked about,
  // and records each answer in its own transaction: delivered; refused for good (the
  // message bounced and its address recorded, as when Notify refuses it at once); or
  // not delivered (failed, for an admin to send again). Stops at the first question
  // not answered (the rest are asked at their next time). Nothing for SMTP.
  Pass check_deliveries();
  // run_once until nothing due is left (for tests and `kith messages send`).
  Pass drain();
  // Gathers each person's `digest` messages into one email, once a day, after
  // digest_hour. Answers how many digests were queued.
  int queue_digests();

  // Runs `workers` threads that send until stop(); each claims its own batches.
  void start(int workers = 1);
  // Asks the threads to stop after the message each is sending, puts back what they
  // claimed and had not sent, and waits for them.
  void stop();

 private:
  std::int64_t now() const;
  void settle_stale(Pass& pass);
  SendResult deliver(const Queued& q, const std::string& service);
  void record(store::Db& db, const Queued& q, const SendResult& result, Pass& pass);
  void record_delivery(store::Db& db, const Queued& q, const Delivery& delivery, Pass& pass);
  // When to first ask about a message accepted as `reference` at `t`; nullopt: never.
  std::optional<std::string> first_check(const std::string& reference, std::int64_t t) const;
  void loop(int worker);

  store::Database& database_;
  std::unique_ptr<Transport> transport_;
  SenderOptions options_;
  std::string secret_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::int64_t> stale_checked_{0};  // when settle_stale last looked (once a minute is enough)
  std::atomic<std::int64_t> checks_run_{0};     // when check_deliveries last ran from run_once
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::thread> threads_;
};

// The place's secret for unsubscribe links, made on first use and kept in settings
// (so it needs a write transaction).
std::string unsubscribe_secret(store::Db& db);
// The secret if one was made (a read): without one, no link is genuine.
std::optional<std::string> existing_unsubscribe_secret(store::Db& db);
// The one-click unsubscribe link for a person and kind under `public_url`.
std::string unsubscribe_url(const std::string& public_url, const std::string& secret, std::int64_t user,
                            const std::string& kind);

}  // namespace kith::messages
