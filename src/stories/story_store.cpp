#include "stories/story_store.h"

#include <functional>
#include <map>

#include "core/clock.h"
#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::stories {

namespace {

constexpr const char* kColumns =
    "SELECT s.id, s.teller_user, s.teller_name, s.recorded_by, s.consent_note, s.title, s.body, s.public_body, "
    "s.lsoa_code, a.label, w.code, w.name, s.perspective, s.consent, s.status, s.decision_reason, s.created_at, "
    "s.published_at, s.language FROM stories s LEFT JOIN areas a ON a.code = s.lsoa_code LEFT JOIN areas w ON w.code = "
    "a.parent_code";

// Full-text search: SQLite's FTS5 table (kept by triggers, migration 0013) or
// PostgreSQL's text search over the generated, indexed search_vector; each word a
// prefix; best match first.
constexpr const char* kSqliteMatch =
    " JOIN (SELECT rowid AS story_id, bm25(stories_fts) AS score FROM stories_fts WHERE stories_fts MATCH ?) m "
    "ON m.story_id = s.id";
constexpr const char* kSqliteOrder = " ORDER BY m.score, s.id DESC";
constexpr const char* kPostgresMatch = " CROSS JOIN to_tsquery('english', ?) q";
constexpr const char* kPostgresWhere = " AND s.search_vector @@ q";
constexpr const char* kPostgresOrder = " ORDER BY ts_rank(s.search_vector, q) DESC, s.id DESC";

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
  s.ward_code = r.opt_text(10).value_or("");
  s.ward_name = r.opt_text(11).value_or("");
  s.perspective = r.text(12);
  s.consent = r.text(13);
  s.status = r.text(14);
  s.decision_reason = r.text(15);
  s.created_at = r.text(16);
  s.published_at = r.opt_text(17).value_or("");
  s.language = r.text(18);
  return s;
}

// The words of a search as a full-text query: letters and digits only, each a prefix.
std::string text_query(const std::string& text, store::Dialect dialect) {
  std::vector<std::string> terms;
  for (const auto& word : split(to_lower(text), ' ')) {
    std::string clean;
    for (char c : word)
      if (std::isalnum(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) & 0x80)) clean += c;
    if (clean.empty()) continue;
    terms.push_back(dialect == store::Dialect::kSqlite ? "\"" + clean + "\"*" : clean + ":*");
  }
  return join(terms, dialect == store::Dialect::kSqlite ? " " : " & ");
}

// The filter's conditions (but its words) as SQL after a WHERE.
std::string conditions(const StoryFilter& f, store::Params& params) {
  std::string sql;
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
  if (!f.link_kind.empty()) {
    sql += " AND EXISTS (SELECT 1 FROM story_links l WHERE l.story_id = s.id AND l.kind = ? AND l.ref = ?)";
    params.push_back(f.link_kind);
    params.push_back(f.link_ref);
  }
  if (f.case_studies) sql += " AND EXISTS (SELECT 1 FROM case_studies c WHERE c.story_id = s.id)";
  return sql;
}

}  // namespace

std::vector<Story> StoryStore::load(const std::string& sql, const store::Params& params) {
  std::vector<Story> out;
  for (const auto& r : db_.query(sql, params)) out.push_back(story_of(r));
  if (out.empty()) return out;
  // Details for the whole list at once: a handful of queries, not a handful per story.
  std::vector<std::string> ids;
  std::map<std::int64_t, Story*> by_id;
  ids.reserve(out.size());
  for (auto& s : out) {
    ids.push_back(std::to_string(s.id));
    by_id[s.id] = &s;
  }
  // A long list reads whole tables (cheaper than a huge IN list) and keeps its own rows.
  std::string in = out.size() > 1000 ? "" : " IN (" + join(ids, ",") + ")";
  auto each = [&](const std::string& sql, const std::function<void(Story&, const store::Row&)>& fn) {
    db_.each(sql, {}, [&](const store::Row& r) {
      auto it = by_id.find(r.integer(0));
      if (it != by_id.end()) fn(*it->second, r);
    });
  };
  auto where = [&](const std::string& column) { return in.empty() ? std::string() : " WHERE " + column + in; };
  each(
      "SELECT so.story_id, o.id, o.slug, o.name, o.retired_at FROM story_outcomes so "
      "JOIN outcomes o ON o.id = so.outcome_id" +
          where("so.story_id") + " ORDER BY o.position",
      [](Story& s, const store::Row& r) {
        s.outcomes.push_back({r.integer(1), r.text(2), i18n::tr(r.text(3)), !r.is_null(4)});  // as OutcomeStore says it
      });
  each("SELECT story_id, signifier_id, a, b, c FROM story_signifiers" + where("story_id") + " ORDER BY signifier_id",
       [](Story& s, const store::Row& r) {
         s.answers.push_back({r.integer(1), static_cast<int>(r.integer(2)),
                              static_cast<int>(r.opt_integer(3).value_or(0)),
                              static_cast<int>(r.opt_integer(4).value_or(0))});
       });
  each("SELECT story_id, width, height, alt, shown FROM story_photos" + where("story_id"), [](Story& s,
                                                                                              const store::Row& r) {
    s.photo = PhotoInfo{static_cast<int>(r.integer(1)), static_cast<int>(r.integer(2)), r.text(3), r.integer(4) != 0};
  });
  each("SELECT story_id, kind, ref, name FROM story_links" + where("story_id") + " ORDER BY kind, name",
       [](Story& s, const store::Row& r) {
         s.links.push_back({r.text(1), r.text(2), r.text(3)});
       });
  each("SELECT story_id, approach, lessons, created_at FROM case_studies" + where("story_id"),
       [](Story& s, const store::Row& r) {
         s.case_study = CaseStudy{r.text(1), r.text(2), r.text(3)};
       });
  return out;
}

std::int64_t StoryStore::insert(const Story& s, const std::string& token_hash) {
  std::int64_t id =
      db_.query_one(
             "INSERT INTO stories (withdraw_token_hash, teller_user, teller_name, recorded_by, consent_note, title, "
             "body, lsoa_code, perspective, consent, status, created_at, language) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             {token_hash, store::or_null(s.teller_user), s.teller_name, store::or_null(s.recorded_by), s.consent_note,
              s.title, s.body, store::or_null(s.lsoa_code), s.perspective, s.consent, s.status, now_iso(), s.language})
          ->integer(0);
  for (const auto& o : s.outcomes)
    db_.exec("INSERT INTO story_outcomes (story_id, outcome_id) VALUES (?, ?)", {id, o.id});
  for (const auto& a : s.answers) save_answer(id, a);
  return id;
}

std::optional<Story> StoryStore::get(std::int64_t id) {
  auto found = load(std::string(kColumns) + " WHERE s.id = ?", {id});
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::optional<Story> StoryStore::by_token(const std::string& token_hash) {
  auto found = load(std::string(kColumns) + " WHERE s.withdraw_token_hash = ?", {token_hash});
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<Story> StoryStore::with_status(const std::string& status, int limit) {
  return load(std::string(kColumns) + " WHERE s.status = ? ORDER BY s.id LIMIT ?", {status, std::int64_t{limit}});
}

std::vector<Story> StoryStore::told_by(std::int64_t user) {
  return load(std::string(kColumns) + " WHERE s.teller_user = ? AND s.status <> 'withdrawn' ORDER BY s.id DESC",
              {user});
}

std::vector<Story> StoryStore::published(const StoryFilter& f) {
  store::Params params;
  std::string sql = kColumns;
  std::string query = text_query(f.text, db_.dialect());
  bool pg = db_.dialect() == store::Dialect::kPostgres;
  if (!query.empty()) {
    sql += pg ? kPostgresMatch : kSqliteMatch;
    params.push_back(query);
  }
  sql += " WHERE s.status = 'published'";
  if (!query.empty() && pg) sql += kPostgresWhere;
  sql += conditions(f, params);
  sql += query.empty() ? " ORDER BY s.published_at DESC, s.id DESC" : pg ? kPostgresOrder : kSqliteOrder;
  sql += " LIMIT ?";
  params.push_back(std::int64_t{f.limit});
  return load(sql, params);
}

std::vector<Story> StoryStore::evaluable(const StoryFilter& f) {
  store::Params params;
  std::string columns = kColumns;
  if (!f.with_words) columns.replace(columns.find("s.body, s.public_body"), 21, "'', ''");
  std::string sql = columns + " WHERE s.status IN ('published', 'evaluation')" + conditions(f, params);
  sql += " ORDER BY s.created_at, s.id LIMIT ?";
  params.push_back(std::int64_t{f.limit});
  return load(sql, params);
}

void StoryStore::decide(std::int64_t id, const std::string& status, const std::string& public_body,
                        const std::string& reason) {
  db_.exec(
      "UPDATE stories SET status = ?, public_body = ?, decision_reason = ?, "
      "published_at = CASE WHEN ? = 'published' THEN ? ELSE published_at END WHERE id = ?",
      {status, store::or_null(public_body), reason, status, now_iso(), id});
}

void StoryStore::withdraw(std::int64_t id) {
  db_.exec("DELETE FROM story_photos WHERE story_id = ?", {id});
  db_.exec("DELETE FROM story_signifiers WHERE story_id = ?", {id});
  db_.exec("DELETE FROM story_links WHERE story_id = ?", {id});
  db_.exec("DELETE FROM case_studies WHERE story_id = ?", {id});
  // Every word the teller, a worker or a moderator wrote about it goes, and where it was told:
  // only the row's number, its dates and its outcome tags stay, so counts and audit still add up.
  db_.exec(
      "UPDATE stories SET status = 'withdrawn', title = '', body = '', public_body = NULL, teller_name = '', "
      "consent_note = '', decision_reason = '', lsoa_code = NULL WHERE id = ?",
      {id});
}

std::vector<std::pair<std::string, std::int64_t>> StoryStore::published_by_lsoa(const std::string& authority,
                                                                                const std::string& outcome) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (const auto& r :
       db_.query("SELECT s.lsoa_code, COUNT(*) FROM stories s JOIN areas a ON a.code = s.lsoa_code "
                 "WHERE s.status = 'published' AND (? = '' OR a.authority_code = ?) AND (? = '' OR EXISTS "
                 "(SELECT 1 FROM story_outcomes so JOIN outcomes o ON o.id = so.outcome_id "
                 "WHERE so.story_id = s.id AND o.slug = ?)) GROUP BY s.lsoa_code",
                 {authority, authority, outcome, outcome}))
    out.emplace_back(r.text(0), r.integer(1));
  return out;
}

std::vector<Signifier> StoryStore::signifiers(bool with_retired) {
  std::vector<Signifier> out;
  for (const auto& r : db_.query("SELECT id, kind, prompt, label_a, label_b, label_c, retired_at FROM signifiers "
                                 "ORDER BY position, id"))
    if (with_retired || r.is_null(6))
      out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), !r.is_null(6)});
  return out;
}

std::optional<Signifier> StoryStore::signifier(std::int64_t id) {
  for (auto& s : signifiers(true))
    if (s.id == id) return s;
  return std::nullopt;
}

std::int64_t StoryStore::add_signifier(const Signifier& s) {
  std::int64_t position = db_.scalar("SELECT COALESCE(MAX(position), 0) + 1 FROM signifiers");
  return db_
      .query_one(
          "INSERT INTO signifiers (kind, prompt, label_a, label_b, label_c, position, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {s.kind, s.prompt, s.label_a, s.label_b, s.kind == "triad" ? s.label_c : "", position, now_iso()})
      ->integer(0);
}

void StoryStore::retire_signifier(std::int64_t id) {
  db_.exec("UPDATE signifiers SET retired_at = ? WHERE id = ? AND retired_at IS NULL", {now_iso(), id});
}

void StoryStore::save_answer(std::int64_t story, const Answer& a) {
  auto sig = signifier(a.signifier_id);
  bool triad = sig && sig->kind == "triad";
  db_.exec("INSERT INTO story_signifiers (story_id, signifier_id, a, b, c) VALUES (?, ?, ?, ?, ?)",
           {story, a.signifier_id, std::int64_t{a.a}, triad ? store::Value{std::int64_t{a.b}} : store::Value{nullptr},
            triad ? store::Value{std::int64_t{a.c}} : store::Value{nullptr}});
}

void StoryStore::save_photo(std::int64_t story, const std::string& jpeg, int width, int height,
                            const std::string& alt) {
  db_.exec("INSERT INTO story_photos (story_id, jpeg, width, height, alt, shown) VALUES (?, ?, ?, ?, ?, 0)",
           {story, base64_encode(jpeg), std::int64_t{width}, std::int64_t{height}, alt});
}

void StoryStore::show_photo(std::int64_t story, bool shown) {
  db_.exec("UPDATE story_photos SET shown = ? WHERE story_id = ?", {std::int64_t{shown ? 1 : 0}, story});
}

std::optional<std::string> StoryStore::photo(std::int64_t story) {
  auto r = db_.query_one("SELECT jpeg FROM story_photos WHERE story_id = ?", {story});
  if (!r) return std::nullopt;
  return base64_decode(r->text(0));
}

void StoryStore::add_link(std::int64_t story, const Link& l) {
  db_.exec("INSERT INTO story_links (story_id, kind, ref, name) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
           {story, l.kind, l.ref, l.name});
}

void StoryStore::remove_link(std::int64_t story, const std::string& kind, const std::string& ref) {
  db_.exec("DELETE FROM story_links WHERE story_id = ? AND kind = ? AND ref = ?", {story, kind, ref});
}

void StoryStore::save_case_study(std::int64_t story, const CaseStudy& c, std::optional<std::int64_t> by) {
  db_.exec("DELETE FROM case_studies WHERE story_id = ?", {story});
  db_.exec("INSERT INTO case_studies (story_id, approach, lessons, promoted_by, created_at) VALUES (?, ?, ?, ?, ?)",
           {story, c.approach, c.lessons, store::or_null(by), now_iso()});
}

void StoryStore::remove_case_study(std::int64_t story) {
  db_.exec("DELETE FROM case_studies WHERE story_id = ?", {story});
}

}  // namespace kith::stories
