#include "accounts/notify.h"

#include <algorithm>

#include "accounts/service.h"
#include "messages/outbox.h"

namespace kith::accounts {

namespace {

constexpr const char* kRecipient =
    "SELECT COALESCE(email, ''), display_name, COALESCE(phone, '') FROM users WHERE id = ? AND status = 'active' "
    "AND email_verified_at IS NOT NULL";

}  // namespace

bool notify(store::Db& db, const audit::Actor& actor, std::int64_t user, const std::string& kind,
            std::map<std::string, std::string> fields, const std::string& key) {
  if (actor.site.empty()) return false;
  if (auto link = fields.find("link"); link != fields.end()) link->second = actor.link(link->second);
  auto row = db.query_one(kRecipient, {user});
  if (!row) return false;
  User to;
  to.id = user;
  to.email = row->text(0);
  to.phone = row->text(2);
  fields["name"] = row->text(1);
  return messages::enqueue(db, message_to(to, kind, std::move(fields), key)).has_value();
}

int notify_roles(store::Db& db, const audit::Actor& actor, const std::vector<std::string>& roles,
                 const std::string& kind, const std::map<std::string, std::string>& fields,
                 const std::string& key_prefix) {
  std::vector<std::int64_t> users;
  for (const auto& role : roles)
    for (const auto& r : db.query("SELECT user_id FROM user_roles WHERE role = ? ORDER BY user_id", {role}))
      if (std::find(users.begin(), users.end(), r.integer(0)) == users.end()) users.push_back(r.integer(0));
  int queued = 0;
  for (auto u : users)
    if (notify(db, actor, u, kind, fields, key_prefix + ":" + std::to_string(u))) ++queued;
  return queued;
}

}  // namespace kith::accounts
