#include "indices/definition_store.h"

#include "core/clock.h"

namespace kith::indices {

std::vector<SavedDefinition> DefinitionStore::all() {
  std::vector<SavedDefinition> out;
  for (const auto& r : db_.query("SELECT id, name, definition FROM resilience_definitions ORDER BY name, id"))
    out.push_back({r.integer(0), r.text(1), r.text(2)});
  return out;
}

std::optional<SavedDefinition> DefinitionStore::get(std::int64_t id) {
  auto r = db_.query_one("SELECT id, name, definition FROM resilience_definitions WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return SavedDefinition{r->integer(0), r->text(1), r->text(2)};
}

std::int64_t DefinitionStore::add(const std::string& name, const std::string& json, std::int64_t user) {
  return db_
      .query_one(
          "INSERT INTO resilience_definitions (name, definition, created_by, created_at) VALUES (?, ?, ?, ?) "
          "RETURNING id",
          {name, json, user, now_iso()})
      ->integer(0);
}

}  // namespace kith::indices
