#include "messages/outbox.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/clock.h"

namespace kith::messages {

namespace {

const char* channel_name(Channel c) { return c == Channel::kSms ? "sms" : "email"; }

}  // namespace

std::optional<std::int64_t> enqueue(store::Db& db, const Message& m) {
  if (m.kind.empty() || m.key.empty() || m.to.empty())
    throw std::invalid_argument("messages::enqueue: a message needs a kind, a key and an address");
  if (auto known = db.query_one("SELECT id FROM outbox WHERE idempotency_key = ?", {m.key})) return known->integer(0);
  nlohmann::json fields = m.fields;
  std::string now = now_iso();
  auto row = db.query_one(
      "INSERT INTO outbox (idempotency_key, kind, channel, user_id, to_address, fields, status, next_attempt_at, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?) RETURNING id",
      {m.key, m.kind, std::string(channel_name(m.channel)), store::or_null(m.user), m.to, fields.dump(), now, now});
  return row->integer(0);
}

}  // namespace kith::messages
