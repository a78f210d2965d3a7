#pragma once
// Telling people with accounts that something is waiting for them: each module's
// service calls these where the change happens, in its transaction, and they queue
// the message (messages::enqueue) to the person's email, or by text to someone
// without email, with their name filled in.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "store/db.h"

namespace kith::accounts {

// Queues `kind` to user `user` with `fields` and {"name": their name}, once for `key`
// (a retry of the same event queues nothing new). A "link" field is a path on this
// site, made absolute with the actor's site (its public URL); an actor without one
// (the demo loading, a command with no public URL) queues nothing, since a message
// without a working link is no use. Nothing is queued for an account that is not
// active or not confirmed. Answers whether a message is queued under `key`.
bool notify(store::Db& db, const audit::Actor& actor, std::int64_t user, const std::string& kind,
            std::map<std::string, std::string> fields, const std::string& key);

// Queues `kind` to every active account holding one of `roles`, each under
// `key_prefix` + ":" + their user id. Answers how many were queued.
int notify_roles(store::Db& db, const audit::Actor& actor, const std::vector<std::string>& roles,
                 const std::string& kind, const std::map<std::string, std::string>& fields,
                 const std::string& key_prefix);

}  // namespace kith::accounts
