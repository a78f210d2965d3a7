#include "indices/definition_store.h"

#include "core/clock.h"

namespace kith::indices {

namespace {

constexpr const char* kSelect =
    "SELECT d.id, d.name, d.definition, COALESCE(u.display_name, ''), d.created_at FROM resilience_definitions d "
    "LEFT JOIN users u ON u.id = d.created_by ";

SavedDefinition from_row(const store::Row& r) { return {r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4)}; }

}  // namespace

std::vector<SavedDefinition> DefinitionStore::all() {
  std::vector<SavedDefinition> out;
  for (const auto& r : db_.query(std::string(kSelect) + "ORDER BY d.name, d.id")) out.push_back(from_row(r));
  return out;
}

std::optional<SavedDefinition> DefinitionStore::get(std::int64_t id) {
  auto r = db_.query_one(std::string(kSelect) + "WHERE d.id = ?", {id});
  if (!r) return std::nullopt;
  return from_row(*r);
}

bool DefinitionStore::remove(std::int64_t id) {
  return db_.query_one("DELETE FROM resilience_definitions WHERE id = ? RETURNING id", {id}).has_value();
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
