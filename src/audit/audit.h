#pragma once
// The append-only audit log every module writes to: who did what, when, with the
// record before and after. The database refuses updates and deletes of it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/db.h"
#include "web/http.h"

namespace kith::audit {

struct Actor {
  std::optional<std::int64_t> id;
  std::string label;  // "Ada Admin", "resident", "kith user add"
  std::string ip;
  std::optional<std::int64_t> on_behalf_of;
  // The site's public URL (from its settings, never the Host header), so a service can
  // put absolute links in the messages it queues; empty outside a request (the CLI).
  std::string site;

  // An absolute link to `path` on this site: "/stories/12" -> "https://kith.example/stories/12".
  std::string link(const std::string& path) const { return site + path; }

  static Actor of(const web::Ctx& ctx);
  static Actor system(std::string label) { return Actor{std::nullopt, std::move(label), "", std::nullopt, ""}; }
};

struct Entry {
  std::int64_t id = 0;
  std::string at;
  std::optional<std::int64_t> actor_id;
  std::string actor_label;
  std::string action;
  std::string entity;
  std::string entity_id;
  std::string before_json;
  std::string after_json;
  std::string ip;
};

// Appends one entry in the caller's transaction. `before`/`after` may be null.
void record(store::Db& db, const Actor& actor, const std::string& action, const std::string& entity,
            const std::string& entity_id, const nlohmann::json& before, const nlohmann::json& after);

// Records that a request was refused, with the reason the user was given, and
// commits that record at once so it stands while the request's own writes (none,
// when checks come first) are rolled back. Returns the error to hand back.
Error refused(web::Ctx& ctx, const std::string& action, const std::string& entity, const std::string& id,
              const Error& error);

// Erasure (UK GDPR Article 17): the only change the log allows. Every entry the
// person made or that was made for them has its label replaced by "Former member",
// its before and after by {"erased":true} and its address removed; so has every
// entry about their account, or whose before or after mentions any of `mentions`
// (their email address, their name). What was done, to what and when stays.
void redact_person(store::Db& db, std::int64_t user, const std::vector<std::string>& mentions);
// The same for every entry about one record (a story, an exchange) being erased.
void redact_entity(store::Db& db, const std::string& entity, const std::string& entity_id);

struct Filter {
  std::string entity;
  std::string entity_id;
  std::optional<std::int64_t> actor_id;
  int limit = 50;
  int offset = 0;
};
std::vector<Entry> list(store::Db& db, const Filter& filter);
std::int64_t count(store::Db& db, const Filter& filter);

}  // namespace kith::audit
