#pragma once
// The outbox: messages to people (email, text) written in the caller's transaction,
// so a message exists exactly when the change that causes it is committed, and sent
// afterwards by the background sender (sender.h) through GOV.UK Notify or SMTP.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "store/db.h"

namespace kith::messages {

enum class Channel { kEmail, kSms };

struct Message {
  std::string kind;                  // one of kinds() (kinds.h): "password_reset", "story_published"
  std::optional<std::int64_t> user;  // the person, when they have an account (their preferences apply)
  std::string to;                    // an email address or a UK mobile number
  Channel channel = Channel::kEmail;
  std::map<std::string, std::string> fields;  // the personalisation: {"name": "Ann", "link": "https://..."}
  // Queued once: a second enqueue with the same key does nothing and answers the
  // first message's id (e.g. "password_reset:42:<token hash>").
  std::string key;
  // The language it is written in; when empty, the person's own (their account's),
  // or for a message to an address without an account the language this thread speaks
  // (the page that caused it: someone signing up in Welsh is answered in Welsh).
  std::string language = "";
};

// Queues `m` in the caller's transaction. Answers its id, or nullopt when nothing is
// to be sent (the person chose "never" for this kind, or the address has bounced).
// A message without a kind, key or address is a programming error: it throws.
std::optional<std::int64_t> enqueue(store::Db& db, const Message& m);

// Whether a message of `kind` goes to an address even after it was refused: the
// person is proving or recovering it now (confirming it, resetting their password).
bool tries_despite_problems(const std::string& kind);

// The work a message told of is done (a story decided, a member approved): messages
// queued under `key_prefix` (or its "prefix:..." keys, one per person told) and not yet
// sent — waiting for someone's daily summary, or in the queue — are taken back, so no
// one is told later that it still waits. Answers how many.
std::int64_t withdraw(store::Db& db, const std::string& key_prefix);

}  // namespace kith::messages
