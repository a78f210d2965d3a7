#pragma once
// The outbox's storage: named SQL over store::Db for enqueue, the sender and the
// pages. Each function runs in the caller's transaction.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "messages/kinds.h"
#include "messages/outbox.h"
#include "store/db.h"

namespace kith::messages {

// One outbox row.
struct Queued {
  std::int64_t id = 0;
  std::string key;
  std::string kind;
  Channel channel = Channel::kEmail;
  std::optional<std::int64_t> user;
  std::string to;
  std::map<std::string, std::string> fields;
  std::string status;
  int attempts = 0;
  std::string next_attempt_at;
  std::string claimed_at;
  std::string last_error;
  std::string provider_ref;
  std::string created_at;
  std::string sent_at;
  std::string language;       // what it is written in: a language code, "" for English
  std::string next_check_at;  // when to ask the provider what became of it; "" never
  std::string delivered_at;   // when Kith learnt it was delivered
};

std::optional<Choice> stored_choice(store::Db& db, std::int64_t user, const std::string& kind);
void set_choice(store::Db& db, std::int64_t user, const std::string& kind, Choice choice, const std::string& now);
std::string user_phone(store::Db& db, std::int64_t user);
void set_user_phone(store::Db& db, std::int64_t user, const std::string& phone);
bool address_has_problem(store::Db& db, const std::string& address);

// Marks up to `limit` queued messages due by `now` as sending and answers them. Two
// senders never claim one message: PostgreSQL skips rows another has locked; SQLite
// runs one writer at a time and the UPDATE checks the status again.
std::vector<Queued> claim_due(store::Db& db, const std::string& now, int limit);
// Messages marked sending before `before`: their sender stopped while sending.
std::vector<Queued> stale_sending(store::Db& db, const std::string& before);
// Marks it sent (the provider accepted it as `reference`), to be asked about at
// `check_at` when the provider can say later whether it was delivered.
void mark_sent(store::Db& db, std::int64_t id, const std::string& reference, const std::string& now,
               const std::optional<std::string>& check_at = std::nullopt);
void mark_retry(store::Db& db, std::int64_t id, const std::string& error, const std::string& next_attempt_at);
void mark_failed(store::Db& db, std::int64_t id, const std::string& error);
// Marks it bounced and records the address, so nothing more goes to it.
void mark_bounced(store::Db& db, std::int64_t id, const std::string& address, const std::string& error,
                  const std::string& now);
// Records an address as refused (by message `id`): nothing more is queued for it.
void record_address_problem(store::Db& db, const std::string& address, const std::string& reason, std::int64_t id,
                            const std::string& now);
// Why each of `addresses` that was refused was, by address.
std::map<std::string, std::string> address_problem_reasons(store::Db& db, const std::vector<std::string>& addresses);
// A claimed message not sent because its address was refused after it was queued:
// bounced, with `error` saying why.
void mark_withheld(store::Db& db, std::int64_t id, const std::string& error);

// Delivery checks: up to `limit` sent messages due to be asked about by `now`, locked
// for this transaction (PostgreSQL skips rows another sender has locked; SQLite runs
// one writer at a time), so that two senders do not ask about one message at once.
// The caller reschedules each in the same transaction.
std::vector<Queued> due_checks(store::Db& db, const std::string& now, int limit);
// When to ask next about a sent message; nullopt: never again.
void schedule_check(store::Db& db, std::int64_t id, const std::optional<std::string>& at);
// What the provider said, each only if the message is still `sent` (another sender
// may have recorded it first): answers whether this call changed it.
bool mark_delivered(store::Db& db, std::int64_t id, const std::string& now);
bool mark_undelivered(store::Db& db, std::int64_t id, const std::string& status, const std::string& error);
// Puts claimed messages back in the queue untouched (a sender stopping mid-batch).
void release(store::Db& db, std::int64_t id);

// The admin page.
std::map<std::string, std::int64_t> count_by_status(store::Db& db);
std::optional<std::string> oldest_queued(store::Db& db);
std::vector<Queued> problems(store::Db& db, int limit);  // failed and bounced, newest first
std::vector<Queued> waiting(store::Db& db, int limit);   // queued, newest first
std::optional<Queued> find_message(store::Db& db, std::int64_t id);
struct AddressProblem {
  std::string address;
  std::string reason;
  std::string recorded_at;
};
std::vector<AddressProblem> address_problems(store::Db& db);
bool clear_address_problem(store::Db& db, const std::string& address);
// Puts a failed or bounced message back in the queue, due now, with its attempts reset.
bool requeue(store::Db& db, std::int64_t id, const std::string& now);

// The daily digest: people with "digest" messages waiting, and those messages.
std::vector<std::int64_t> people_with_digest(store::Db& db);
std::vector<Queued> digest_messages(store::Db& db, std::int64_t user);
void mark_digested(store::Db& db, const std::vector<std::int64_t>& ids, const std::string& digest_key,
                   const std::string& now);

Queued read_queued(const store::Row& r);

}  // namespace kith::messages
