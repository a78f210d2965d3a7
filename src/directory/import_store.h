#pragma once
// Storage for the directory's upload page: files waiting between their dry run and
// confirmation (under a random token, for one person, for an hour), and the Open
// Referral UK feeds saved for regular refresh.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "directory/hsds.h"
#include "store/db.h"

namespace kith::directory {

struct Upload {
  std::string token;
  std::int64_t user_id = 0;
  std::string kind;     // "csv" or "json"
  std::string content;  // the file's bytes
  Json options;         // {"mapping": {field: column}, "swap_coordinates": bool}
  Json report;          // the last dry run: report_json, or {"refused": message}
  std::string created_at;
  std::string expires_at;
};

struct SavedFeed {
  std::int64_t id = 0;
  std::string url;
  std::string created_at;
  std::string refreshed_at;
  std::string last_result;
};

class ImportStore {
 public:
  explicit ImportStore(store::Db& db) : db_(db) {}
  // Keeps `upload` (a new token) and deletes every upload expired by its created_at.
  void save(const Upload& upload);
  // The upload under `token`, if it is `user_id`'s and has not expired at `now` (ISO).
  std::optional<Upload> find(const std::string& token, std::int64_t user_id, const std::string& now);
  void update(const std::string& token, const Json& options, const Json& report);
  void remove(const std::string& token);

  std::vector<SavedFeed> feeds();
  std::optional<SavedFeed> feed(std::int64_t id);
  // Returns the new feed's id, or nullopt when the URL is already saved.
  std::optional<std::int64_t> add_feed(const std::string& url, std::int64_t user_id, const std::string& now);
  bool remove_feed(std::int64_t id);
  void feed_refreshed(std::int64_t id, const std::string& now, const std::string& result);

 private:
  store::Db& db_;
};

}  // namespace kith::directory
