#include "messages/outbox.h"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "i18n/speaking.h"
#include "messages/kinds.h"
#include "messages/outbox_store.h"

namespace kith::messages {

namespace {

const char* channel_name(Channel c) { return c == Channel::kSms ? "sms" : "email"; }

}  // namespace

bool tries_despite_problems(const std::string& kind) { return kind == "verify_email" || kind == "password_reset"; }

std::optional<std::int64_t> enqueue(store::Db& db, const Message& m) {
  if (m.kind.empty() || m.key.empty() || m.to.empty())
    throw std::invalid_argument("messages::enqueue: a message needs a kind, a key and an address");
  if (auto known = db.query_one("SELECT id FROM outbox WHERE idempotency_key = ?", {m.key})) return known->integer(0);

  const Kind* kind = find_kind(m.kind);
  if (!kind) {
    // Queued all the same, so the mistake shows on the admin page (the sender fails it).
    spdlog::error("messages: unknown kind \"{}\" queued with key {}", m.kind, m.key);
  } else {
    for (const auto& f : kind->fields)
      if (!m.fields.count(f)) spdlog::warn("messages: {} queued without the field \"{}\" (key {})", m.kind, f, m.key);
  }

  Channel channel = m.channel;
  std::string to = m.to;
  std::string status = "queued";
  if (m.user && kind && !kind->always_sent) {
    Choice choice = stored_choice(db, *m.user, kind->name).value_or(kind->default_choice);
    switch (choice) {
      case Choice::kNever:
        return std::nullopt;
      case Choice::kDigest:
        // The summary is an email: someone without email has each one texted.
        if (channel == Channel::kEmail) status = "digest";
        break;
      case Choice::kText: {
        std::string phone = user_phone(db, *m.user);
        if (!phone.empty()) {
          channel = Channel::kSms;
          to = phone;
        }
        break;
      }
      case Choice::kEmail:
        break;
    }
  }
  if (!tries_despite_problems(m.kind) && address_has_problem(db, to)) return std::nullopt;

  std::string language = m.language;
  if (language.empty() && m.user) {
    if (auto row = db.query_one("SELECT language FROM users WHERE id = ?", {*m.user})) language = row->text(0);
  } else if (language.empty()) {
    language = i18n::speaking()->code;
  }
  if (language == "en") language.clear();

  nlohmann::json fields = m.fields;
  std::string now = now_iso();
  // ON CONFLICT: a second transaction queuing the same key at the same moment waits
  // for the first and then queues nothing.
  auto row = db.query_one(
      "INSERT INTO outbox (idempotency_key, kind, channel, user_id, to_address, fields, status, next_attempt_at, "
      "created_at, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING "
      "RETURNING id",
      {m.key, m.kind, std::string(channel_name(channel)), store::or_null(m.user), to, fields.dump(), status, now, now,
       language});
  if (row) return row->integer(0);
  auto known = db.query_one("SELECT id FROM outbox WHERE idempotency_key = ?", {m.key});
  if (known) return known->integer(0);
  return std::nullopt;
}

std::int64_t withdraw(store::Db& db, const std::string& key_prefix) {
  // Keys are Kith's own ("moderation_waiting:story:42"): no LIKE wildcard is in them.
  return db.exec(
      "DELETE FROM outbox WHERE status IN ('digest', 'queued') AND (idempotency_key = ? OR idempotency_key LIKE ?)",
      {key_prefix, key_prefix + ":%"});
}

}  // namespace kith::messages
