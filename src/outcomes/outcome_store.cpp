#include "outcomes/outcome_store.h"

#include "core/clock.h"
#include "i18n/speaking.h"

namespace kith::outcomes {

namespace {

// The name in the language spoken: the framework Kith starts with is in the catalogues
// (starting_names); a name an admin wrote is shown as written.
Outcome outcome_of(const store::Row& r, bool as_written = false) {
  return {r.integer(0), r.text(1), as_written ? r.text(2) : i18n::tr(r.text(2)), !r.is_null(3)};
}

}  // namespace

std::vector<Outcome> OutcomeStore::list(bool with_retired, bool as_written) {
  std::vector<Outcome> out;
  for (const auto& r : db_.query("SELECT id, slug, name, retired_at FROM outcomes ORDER BY position, id"))
    if (with_retired || r.is_null(3)) out.push_back(outcome_of(r, as_written));
  return out;
}

std::optional<Outcome> OutcomeStore::by_slug(const std::string& slug, bool as_written) {
  auto r = db_.query_one("SELECT id, slug, name, retired_at FROM outcomes WHERE slug = ?", {slug});
  if (!r) return std::nullopt;
  return outcome_of(*r, as_written);
}

std::int64_t OutcomeStore::add(const std::string& slug, const std::string& name) {
  std::int64_t position = db_.scalar("SELECT COALESCE(MAX(position), 0) + 1 FROM outcomes");
  return db_
      .query_one("INSERT INTO outcomes (slug, name, position, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                 {slug, name, position, now_iso()})
      ->integer(0);
}

void OutcomeStore::rename(std::int64_t id, const std::string& name) {
  db_.exec("UPDATE outcomes SET name = ? WHERE id = ?", {name, id});
}

void OutcomeStore::retire(std::int64_t id) {
  db_.exec("UPDATE outcomes SET retired_at = ? WHERE id = ? AND retired_at IS NULL", {now_iso(), id});
}

std::vector<Outcome> OutcomeStore::tags(const std::string& entity, const std::string& entity_id) {
  std::vector<Outcome> out;
  for (const auto& r : db_.query("SELECT o.id, o.slug, o.name, o.retired_at FROM outcome_tags t "
                                 "JOIN outcomes o ON o.id = t.outcome_id WHERE t.entity = ? AND t.entity_id = ? "
                                 "ORDER BY o.position",
                                 {entity, entity_id}))
    out.push_back(outcome_of(r));
  return out;
}

void OutcomeStore::tag(const std::string& entity, const std::string& entity_id, std::int64_t outcome_id,
                       std::optional<std::int64_t> by) {
  db_.exec(
      "INSERT INTO outcome_tags (entity, entity_id, outcome_id, tagged_by, created_at) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT DO NOTHING",
      {entity, entity_id, outcome_id, store::or_null(by), now_iso()});
}

void OutcomeStore::untag(const std::string& entity, const std::string& entity_id, std::int64_t outcome_id) {
  db_.exec("DELETE FROM outcome_tags WHERE entity = ? AND entity_id = ? AND outcome_id = ?",
           {entity, entity_id, outcome_id});
}

std::vector<std::string> OutcomeStore::tagged(const std::string& entity, const std::string& slug) {
  std::vector<std::string> out;
  for (const auto& r : db_.query("SELECT t.entity_id FROM outcome_tags t JOIN outcomes o ON o.id = t.outcome_id "
                                 "WHERE t.entity = ? AND o.slug = ? ORDER BY t.entity_id",
                                 {entity, slug}))
    out.push_back(r.text(0));
  return out;
}

}  // namespace kith::outcomes
