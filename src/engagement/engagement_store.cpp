#include "engagement/engagement_store.h"

#include "core/clock.h"

namespace kith::engagement {

namespace {

constexpr const char* kColumns =
    "r.id, r.kind, r.title, r.occurred_on, r.postcode, r.area_code, a.label AS area_name, r.authority_code, r.people, "
    "r.level, r.notes, r.recorded_by, u.display_name AS recorded_by_name, r.created_at, r.updated_at";
constexpr const char* kFrom =
    " FROM engagement_records r JOIN areas a ON a.code = r.area_code LEFT JOIN users u ON u.id = r.recorded_by";
constexpr const char* kInsert =
    "INSERT INTO engagement_records (kind, title, occurred_on, postcode, area_code, authority_code, people, level, "
    "notes, recorded_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kUpdate =
    "UPDATE engagement_records SET kind = ?, title = ?, occurred_on = ?, postcode = ?, area_code = ?, "
    "authority_code = ?, people = ?, level = ?, notes = ?, updated_at = ? WHERE id = ?";
constexpr const char* kThemesOf =
    "SELECT t.name FROM engagement_record_themes rt JOIN engagement_themes t ON t.id = rt.theme_id "
    "WHERE rt.record_id = ? ORDER BY t.name";
constexpr const char* kQuotesOf =
    "SELECT text, who, consent, story_id FROM engagement_quotes WHERE record_id = ? ORDER BY position";
constexpr const char* kPeopleOf = "SELECT topic, group_id, people FROM engagement_people WHERE record_id = ?";

Record record_of(const store::Row& r) {
  Record out;
  out.id = r.integer(r.index("id"));
  out.kind = r.text(r.index("kind"));
  out.title = r.text(r.index("title"));
  out.occurred_on = r.text(r.index("occurred_on"));
  out.postcode = r.opt_text(r.index("postcode")).value_or("");
  out.area_code = r.text(r.index("area_code"));
  out.area_name = r.text(r.index("area_name"));
  out.authority_code = r.text(r.index("authority_code"));
  out.people = r.integer(r.index("people"));
  out.level = r.text(r.index("level"));
  out.notes = r.text(r.index("notes"));
  out.recorded_by = r.opt_integer(r.index("recorded_by"));
  out.recorded_by_name = r.opt_text(r.index("recorded_by_name")).value_or("");
  out.created_at = r.text(r.index("created_at"));
  out.updated_at = r.text(r.index("updated_at"));
  return out;
}

// The WHERE clause of a filter and its parameters.
std::string where(const Filter& f, store::Params& params) {
  std::string sql = " WHERE 1 = 1";
  if (!f.area_code.empty()) {
    if (f.area_kind == "authority") {
      sql += " AND r.authority_code = ?";
      params.push_back(f.area_code);
    } else {
      sql += " AND (r.area_code = ?";
      params.push_back(f.area_code);
      if (!f.area_lsoas.empty()) {
        sql += " OR r.area_code IN (";
        for (std::size_t i = 0; i < f.area_lsoas.size(); ++i) {
          sql += i ? ", ?" : "?";
          params.push_back(f.area_lsoas[i]);
        }
        sql += ")";
      }
      sql += ")";
    }
  } else if (!f.area_lsoas.empty()) {  // a set of areas, such as a plan's
    sql += " AND r.area_code IN (";
    for (std::size_t i = 0; i < f.area_lsoas.size(); ++i) {
      sql += i ? ", ?" : "?";
      params.push_back(f.area_lsoas[i]);
    }
    sql += ")";
  }
  if (!f.from.empty()) {
    sql += " AND r.occurred_on >= ?";
    params.push_back(f.from);
  }
  if (!f.to.empty()) {
    sql += " AND r.occurred_on <= ?";
    params.push_back(f.to);
  }
  if (!f.kind.empty()) {
    sql += " AND r.kind = ?";
    params.push_back(f.kind);
  }
  if (f.theme) {
    sql += " AND EXISTS (SELECT 1 FROM engagement_record_themes rt WHERE rt.record_id = r.id AND rt.theme_id = ?)";
    params.push_back(f.theme);
  }
  if (f.recorded_by) {
    sql += " AND r.recorded_by = ?";
    params.push_back(*f.recorded_by);
  }
  return sql;
}

}  // namespace

void EngagementStore::write_parts(std::int64_t id, const Record& r, const std::vector<std::int64_t>& theme_ids) {
  db_.exec("DELETE FROM engagement_record_themes WHERE record_id = ?", {id});
  db_.exec("DELETE FROM engagement_quotes WHERE record_id = ?", {id});
  db_.exec("DELETE FROM engagement_people WHERE record_id = ?", {id});
  for (auto theme : theme_ids)
    db_.exec("INSERT INTO engagement_record_themes (record_id, theme_id) VALUES (?, ?)", {id, theme});
  std::int64_t position = 0;
  for (const auto& q : r.quotes)
    db_.exec(
        "INSERT INTO engagement_quotes (record_id, position, text, who, consent, story_id) VALUES (?, ?, ?, ?, ?, ?)",
        {id, ++position, q.text, q.who, std::int64_t{q.consent ? 1 : 0}, store::or_null(q.story_id)});
  for (const auto& [key, n] : r.counts) {
    auto dot = key.find('.');
    if (n <= 0 || dot == std::string::npos) continue;
    db_.exec("INSERT INTO engagement_people (record_id, topic, group_id, people) VALUES (?, ?, ?, ?)",
             {id, key.substr(0, dot), key.substr(dot + 1), n});
  }
}

std::int64_t EngagementStore::add(const Record& r, const std::vector<std::int64_t>& theme_ids) {
  std::string now = now_iso();
  std::int64_t id =
      db_.query_one(kInsert, {r.kind, r.title, r.occurred_on, store::or_null(r.postcode), r.area_code, r.authority_code,
                              r.people, r.level, r.notes, store::or_null(r.recorded_by), now, now})
          ->integer(0);
  write_parts(id, r, theme_ids);
  resum(r.area_code);
  return id;
}

void EngagementStore::update(const Record& typed, const std::vector<std::int64_t>& theme_ids) {
  // A quote kept word for word keeps the story made of it.
  Record r = typed;
  std::map<std::string, std::int64_t> stories;
  for (const auto& row : db_.query("SELECT text, story_id FROM engagement_quotes WHERE record_id = ? AND story_id "
                                   "IS NOT NULL",
                                   {r.id}))
    stories[row.text(0)] = row.integer(1);
  for (auto& q : r.quotes)
    if (auto it = stories.find(q.text); it != stories.end()) q.story_id = it->second;
  auto before = db_.query_one("SELECT area_code FROM engagement_records WHERE id = ?", {r.id});
  db_.exec(kUpdate, {r.kind, r.title, r.occurred_on, store::or_null(r.postcode), r.area_code, r.authority_code,
                     r.people, r.level, r.notes, now_iso(), r.id});
  write_parts(r.id, r, theme_ids);
  if (before && before->text(0) != r.area_code) resum(before->text(0));
  resum(r.area_code);
}

void EngagementStore::fill_parts(Record& r) {
  for (const auto& row : db_.query(kThemesOf, {r.id})) r.themes.push_back(row.text(0));
  for (const auto& row : db_.query(kQuotesOf, {r.id}))
    r.quotes.push_back({row.text(row.index("text")), row.text(row.index("who")), row.integer(row.index("consent")) != 0,
                        row.opt_integer(row.index("story_id"))});
  for (const auto& row : db_.query(kPeopleOf, {r.id}))
    r.counts[row.text(row.index("topic")) + "." + row.text(row.index("group_id"))] = row.integer(row.index("people"));
}

std::optional<Record> EngagementStore::get(std::int64_t id) {
  auto row = db_.query_one(std::string("SELECT ") + kColumns + kFrom + " WHERE r.id = ?", {id});
  if (!row) return std::nullopt;
  Record r = record_of(*row);
  fill_parts(r);
  return r;
}

std::vector<Record> EngagementStore::list(const Filter& f) {
  store::Params params;
  std::string sql = std::string("SELECT ") + kColumns + kFrom + where(f, params) +
                    " ORDER BY r.occurred_on DESC, r.id DESC LIMIT " + std::to_string(f.limit);
  std::vector<Record> out;
  for (const auto& row : db_.query(sql, params)) out.push_back(record_of(row));
  for (auto& r : out) fill_parts(r);
  return out;
}

std::int64_t EngagementStore::count(const Filter& f) {
  store::Params params;
  std::string sql = std::string("SELECT COUNT(*) FROM engagement_records r") + where(f, params);
  return db_.query_one(sql, params)->integer(0);
}

void EngagementStore::set_quote_story(std::int64_t record, std::int64_t position, std::int64_t story) {
  db_.exec("UPDATE engagement_quotes SET story_id = ? WHERE record_id = ? AND position = ?", {story, record, position});
}

std::vector<Theme> EngagementStore::themes(bool with_retired) {
  std::vector<Theme> out;
  for (const auto& r : db_.query("SELECT id, name, retired FROM engagement_themes ORDER BY name"))
    if (with_retired || r.integer(2) == 0) out.push_back({r.integer(0), r.text(1), r.integer(2) != 0});
  return out;
}

std::optional<Theme> EngagementStore::theme(std::int64_t id) {
  auto r = db_.query_one("SELECT id, name, retired FROM engagement_themes WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return Theme{r->integer(0), r->text(1), r->integer(2) != 0};
}

std::int64_t EngagementStore::add_theme(const std::string& name) {
  return db_.query_one("INSERT INTO engagement_themes (name) VALUES (?) RETURNING id", {name})->integer(0);
}

bool EngagementStore::theme_named(const std::string& name) {
  return db_.query_one("SELECT 1 FROM engagement_themes WHERE LOWER(name) = LOWER(?)", {name}).has_value();
}

void EngagementStore::set_retired(std::int64_t id, bool retired) {
  db_.exec("UPDATE engagement_themes SET retired = ? WHERE id = ?", {std::int64_t{retired ? 1 : 0}, id});
}

void EngagementStore::resum(const std::string& area) {
  std::string only = area.empty() ? "" : " WHERE r.area_code = ?";
  store::Params params;
  if (!area.empty()) params.push_back(area);
  db_.exec(
      area.empty() ? "DELETE FROM engagement_area_people" : "DELETE FROM engagement_area_people WHERE area_code = ?",
      params);
  db_.exec(
      "INSERT INTO engagement_area_people (area_code, authority_code, topic, group_id, people) "
      "SELECT r.area_code, MIN(r.authority_code), p.topic, p.group_id, SUM(p.people) FROM engagement_people p "
      "JOIN engagement_records r ON r.id = p.record_id" +
          only + " GROUP BY r.area_code, p.topic, p.group_id",
      params);
  for (const char* what : {"records", "people"})
    db_.exec(std::string("INSERT INTO engagement_area_people (area_code, authority_code, topic, group_id, people) "
                         "SELECT r.area_code, MIN(r.authority_code), '', '") +
                 what + "', " + (std::string(what) == "records" ? "COUNT(*)" : "SUM(r.people)") +
                 " FROM engagement_records r" + only + " GROUP BY r.area_code",
             params);
}

EngagementStore::Heard EngagementStore::heard(const Filter& f) {
  Heard out;
  if (f.from.empty() && f.to.empty() && f.kind.empty() && !f.theme) {
    // Every record of the area: read from the sums by area.
    store::Params params;
    std::string sql = "SELECT r.topic, r.group_id, SUM(r.people) FROM engagement_area_people r";
    if (!f.area_code.empty() || !f.area_lsoas.empty()) sql += where(f, params);
    sql += " GROUP BY r.topic, r.group_id";
    for (const auto& row : db_.query(sql, params)) {
      std::string topic = row.text(0), group = row.text(1);
      if (topic.empty())
        (group == "records" ? out.records : out.people) = row.integer(2);
      else
        out.counts[topic + "." + group] = row.integer(2);
    }
    return out;
  }
  store::Params params;
  std::string w = where(f, params);
  auto totals = db_.query_one("SELECT COUNT(*), COALESCE(SUM(r.people), 0) FROM engagement_records r" + w, params);
  out.records = totals->integer(0);
  out.people = totals->integer(1);
  for (const auto& row : db_.query("SELECT p.topic, p.group_id, SUM(p.people) AS people FROM engagement_people p "
                                   "JOIN engagement_records r ON r.id = p.record_id" +
                                       w + " GROUP BY p.topic, p.group_id",
                                   params))
    out.counts[row.text(0) + "." + row.text(1)] = row.integer(2);
  return out;
}

}  // namespace kith::engagement
