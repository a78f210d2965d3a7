#include "stories/story_store.h"

#include "core/clock.h"
#include "core/text.h"

namespace kith::stories {

namespace {

constexpr const char* kColumns =
    "SELECT s.id, s.teller_user, s.teller_name, s.recorded_by, s.consent_note, s.title, s.body, s.public_body, "
    "s.lsoa_code, a.name, s.perspective, s.consent, s.status, s.decision_reason, s.created_at, s.published_at "
    "FROM stories s LEFT JOIN areas a ON a.code = s.lsoa_code";

Story story_of(const store::Row& r) {
  Story s;
  s.id = r.integer(0);
  s.teller_user = r.opt_integer(1);
  s.teller_name = r.text(2);
  s.recorded_by = r.opt_integer(3);
  s.consent_note = r.text(4);
  s.title = r.text(5);
  s.body = r.text(6);
  s.public_body = r.opt_text(7).value_or("");
  s.lsoa_code = r.opt_text(8).value_or("");
  s.area_name = r.opt_text(9).value_or("");
  s.perspective = r.text(10);
  s.consent = r.text(11);
  s.status = r.text(12);
  s.decision_reason = r.text(13);
  s.created_at = r.text(14);
  s.published_at = r.opt_text(15).value_or("");
  return s;
}

store::Value or_null(const std::string& s) {
  if (s.empty()) return nullptr;
  return s;
}

}  // namespace

std::vector<Outcome> StoryStore::outcomes(bool with_retired) {
  std::vector<Outcome> out;
  for (const auto& r : db_.query("SELECT id, slug, name, retired_at FROM outcomes ORDER BY position, id"))
    if (with_retired || r.is_null(3)) out.push_back({r.integer(0), r.text(1), r.text(2), !r.is_null(3)});
  return out;
}

std::optional<Outcome> StoryStore::outcome(const std::string& slug) {
  auto r = db_.query_one("SELECT id, slug, name, retired_at FROM outcomes WHERE slug = ?", {slug});
  if (!r) return std::nullopt;
  return Outcome{r->integer(0), r->text(1), r->text(2), !r->is_null(3)};
}

std::int64_t StoryStore::add_outcome(const std::string& slug, const std::string& name) {
  std::int64_t position = db_.scalar("SELECT COALESCE(MAX(position), 0) + 1 FROM outcomes");
  return db_
      .query_one("INSERT INTO outcomes (slug, name, position, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                 {slug, name, position, now_iso()})
      ->integer(0);
}

void StoryStore::rename_outcome(std::int64_t id, const std::string& name) {
  db_.exec("UPDATE outcomes SET name = ? WHERE id = ?", {name, id});
}

void StoryStore::retire_outcome(std::int64_t id) {
  db_.exec("UPDATE outcomes SET retired_at = ? WHERE id = ? AND retired_at IS NULL", {now_iso(), id});
}

std::int64_t StoryStore::insert(const Story& s, const std::string& token_hash) {
  std::int64_t id =
      db_.query_one(
             "INSERT INTO stories (withdraw_token_hash, teller_user, teller_name, recorded_by, consent_note, title, "
             "body, lsoa_code, perspective, consent, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
             "RETURNING id",
             {token_hash, s.teller_user ? store::Value{*s.teller_user} : store::Value{nullptr}, s.teller_name,
              s.recorded_by ? store::Value{*s.recorded_by} : store::Value{nullptr}, s.consent_note, s.title, s.body,
              or_null(s.lsoa_code), s.perspective, s.consent, s.status, now_iso()})
          ->integer(0);
  for (const auto& o : s.outcomes)
    db_.exec("INSERT INTO story_outcomes (story_id, outcome_id) VALUES (?, ?)", {id, o.id});
  return id;
}

void StoryStore::load_outcomes(Story& s) {
  for (const auto& r : db_.query("SELECT o.id, o.slug, o.name, o.retired_at FROM story_outcomes so "
                                 "JOIN outcomes o ON o.id = so.outcome_id WHERE so.story_id = ? ORDER BY o.position",
                                 {s.id}))
    s.outcomes.push_back({r.integer(0), r.text(1), r.text(2), !r.is_null(3)});
}

std::optional<Story> StoryStore::get(std::int64_t id) {
  auto r = db_.query_one(std::string(kColumns) + " WHERE s.id = ?", {id});
  if (!r) return std::nullopt;
  Story s = story_of(*r);
  load_outcomes(s);
  return s;
}

std::optional<Story> StoryStore::by_token(const std::string& token_hash) {
  auto r = db_.query_one(std::string(kColumns) + " WHERE s.withdraw_token_hash = ?", {token_hash});
  if (!r) return std::nullopt;
  Story s = story_of(*r);
  load_outcomes(s);
  return s;
}

std::vector<Story> StoryStore::with_status(const std::string& status, int limit) {
  std::vector<Story> out;
  for (const auto& r :
       db_.query(std::string(kColumns) + " WHERE s.status = ? ORDER BY s.id LIMIT ?", {status, std::int64_t{limit}})) {
    out.push_back(story_of(r));
    load_outcomes(out.back());
  }
  return out;
}

std::vector<Story> StoryStore::published(const StoryFilter& f) {
  std::string sql = std::string(kColumns) + " WHERE s.status = 'published'";
  store::Params params;
  if (!trim(f.text).empty()) {
    for (const auto& word : split(to_lower(trim(f.text)), ' ')) {
      if (word.empty()) continue;
      sql += " AND (LOWER(s.title) LIKE ? ESCAPE '\\' OR LOWER(s.public_body) LIKE ? ESCAPE '\\')";
      std::string pattern = "%" + like_escape(word) + "%";
      params.push_back(pattern);
      params.push_back(pattern);
    }
  }
  if (!f.outcome.empty()) {
    sql +=
        " AND EXISTS (SELECT 1 FROM story_outcomes so JOIN outcomes o ON o.id = so.outcome_id "
        "WHERE so.story_id = s.id AND o.slug = ?)";
    params.push_back(f.outcome);
  }
  if (!f.perspective.empty()) {
    sql += " AND s.perspective = ?";
    params.push_back(f.perspective);
  }
  if (!f.area.empty()) {
    sql +=
        " AND (s.lsoa_code = ? OR a.parent_code = ? OR a.authority_code = ? OR s.lsoa_code IN "
        "(SELECT lsoa_code FROM neighbourhood_lsoas WHERE neighbourhood_code = ?))";
    for (int i = 0; i < 4; ++i) params.push_back(f.area);
  }
  sql += " ORDER BY s.published_at DESC, s.id DESC LIMIT ?";
  params.push_back(std::int64_t{f.limit});
  std::vector<Story> out;
  for (const auto& r : db_.query(sql, params)) {
    out.push_back(story_of(r));
    load_outcomes(out.back());
  }
  return out;
}

void StoryStore::decide(std::int64_t id, const std::string& status, const std::string& public_body,
                        const std::string& reason) {
  db_.exec(
      "UPDATE stories SET status = ?, public_body = ?, decision_reason = ?, "
      "published_at = CASE WHEN ? = 'published' THEN ? ELSE published_at END WHERE id = ?",
      {status, or_null(public_body), reason, status, now_iso(), id});
}

void StoryStore::withdraw(std::int64_t id) {
  db_.exec("UPDATE stories SET status = 'withdrawn', body = '', public_body = NULL, teller_name = '' WHERE id = ?",
           {id});
}

std::vector<std::pair<std::string, std::int64_t>> StoryStore::published_by_lsoa(const std::string& authority) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (const auto& r : db_.query("SELECT s.lsoa_code, COUNT(*) FROM stories s JOIN areas a ON a.code = s.lsoa_code "
                                 "WHERE s.status = 'published' AND (? = '' OR a.authority_code = ?) "
                                 "GROUP BY s.lsoa_code",
                                 {authority, authority}))
    out.emplace_back(r.text(0), r.integer(1));
  return out;
}

}  // namespace kith::stories
