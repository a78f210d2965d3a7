#include "directory/import_store.h"

#include "core/text.h"

namespace kith::directory {

namespace {

constexpr const char* kDeleteExpired = "DELETE FROM directory_uploads WHERE expires_at < ?";
constexpr const char* kInsertUpload =
    "INSERT INTO directory_uploads (token, user_id, kind, content_base64, options_json, report_json, created_at, "
    "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kFindUpload =
    "SELECT token, user_id, kind, content_base64, options_json, report_json, expires_at FROM directory_uploads "
    "WHERE token = ? AND user_id = ? AND expires_at >= ?";
constexpr const char* kUpdateUpload = "UPDATE directory_uploads SET options_json = ?, report_json = ? WHERE token = ?";
constexpr const char* kDeleteUpload = "DELETE FROM directory_uploads WHERE token = ?";
constexpr const char* kFeedColumns = "SELECT id, url, created_at, refreshed_at, last_result FROM directory_feeds";
constexpr const char* kFeedByUrl = "SELECT id FROM directory_feeds WHERE url = ?";
constexpr const char* kInsertFeed = "INSERT INTO directory_feeds (url, added_by, created_at) VALUES (?, ?, ?)";
constexpr const char* kDeleteFeed = "DELETE FROM directory_feeds WHERE id = ?";
constexpr const char* kFeedRefreshed = "UPDATE directory_feeds SET refreshed_at = ?, last_result = ? WHERE id = ?";

SavedFeed feed_of(const store::Row& r) {
  return {r.integer(r.index("id")), r.text(r.index("url")), r.text(r.index("created_at")),
          r.opt_text(r.index("refreshed_at")).value_or(""), r.opt_text(r.index("last_result")).value_or("")};
}

}  // namespace

void ImportStore::save(const Upload& u) {
  db_.exec(kDeleteExpired, {u.created_at});
  db_.exec(kInsertUpload, {u.token, u.user_id, u.kind, base64_encode(u.content), u.options.dump(), u.report.dump(),
                           u.created_at, u.expires_at});
}

std::optional<Upload> ImportStore::find(const std::string& token, std::int64_t user_id, const std::string& now) {
  auto r = db_.query_one(kFindUpload, {token, user_id, now});
  if (!r) return std::nullopt;
  Upload u;
  u.token = r->text(r->index("token"));
  u.user_id = r->integer(r->index("user_id"));
  u.kind = r->text(r->index("kind"));
  u.content = base64_decode(r->text(r->index("content_base64")));
  u.options = Json::parse(r->text(r->index("options_json")), nullptr, false);
  u.report = Json::parse(r->text(r->index("report_json")), nullptr, false);
  u.expires_at = r->text(r->index("expires_at"));
  return u;
}

void ImportStore::update(const std::string& token, const Json& options, const Json& report) {
  db_.exec(kUpdateUpload, {options.dump(), report.dump(), token});
}

void ImportStore::remove(const std::string& token) { db_.exec(kDeleteUpload, {token}); }

std::vector<SavedFeed> ImportStore::feeds() {
  std::vector<SavedFeed> out;
  for (const auto& r : db_.query(std::string(kFeedColumns) + " ORDER BY url")) out.push_back(feed_of(r));
  return out;
}

std::optional<SavedFeed> ImportStore::feed(std::int64_t id) {
  auto r = db_.query_one(std::string(kFeedColumns) + " WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return feed_of(*r);
}

std::optional<std::int64_t> ImportStore::add_feed(const std::string& url, std::int64_t user_id,
                                                  const std::string& now) {
  if (db_.query_one(kFeedByUrl, {url})) return std::nullopt;
  db_.exec(kInsertFeed, {url, user_id, now});
  return db_.query_one(kFeedByUrl, {url})->integer(0);
}

bool ImportStore::remove_feed(std::int64_t id) { return db_.exec(kDeleteFeed, {id}) > 0; }

void ImportStore::feed_refreshed(std::int64_t id, const std::string& now, const std::string& result) {
  db_.exec(kFeedRefreshed, {now, result, id});
}

}  // namespace kith::directory
