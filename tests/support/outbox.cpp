#include "support/outbox.h"

namespace kith::testing {

std::vector<Queued> queued(TestServer& server, const std::string& kind, const std::string& to) {
  auto db = server.app().database().acquire();
  std::vector<Queued> out;
  for (const auto& r : db->query("SELECT id, kind, user_id, to_address, idempotency_key, fields FROM outbox "
                                 "WHERE kind = ? AND to_address = ? ORDER BY id",
                                 {kind, to}))
    out.push_back({r.integer(r.index("id")), r.text(r.index("kind")), r.opt_integer(r.index("user_id")),
                   r.text(r.index("to_address")), r.text(r.index("idempotency_key")),
                   nlohmann::json::parse(r.text(r.index("fields")))});
  return out;
}

std::int64_t queued_with_key(TestServer& server, const std::string& key_prefix) {
  auto db = server.app().database().acquire();
  // Whole parts only: "story_published:5" is not "story_published:55". A prefix that
  // ends in ':' takes any rest; otherwise the key is the prefix or goes on after a ':'.
  if (!key_prefix.empty() && key_prefix.back() == ':')
    return db->scalar("SELECT COUNT(*) FROM outbox WHERE idempotency_key LIKE ?", {key_prefix + "%"});
  return db->scalar("SELECT COUNT(*) FROM outbox WHERE idempotency_key = ? OR idempotency_key LIKE ?",
                    {key_prefix, key_prefix + ":%"});
}

std::string link_path(const TestServer& server, const std::string& link) {
  std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  if (link.rfind(base + "/", 0) != 0) return "(not a link to the test server: " + link + ")";
  return link.substr(base.size());
}

}  // namespace kith::testing
