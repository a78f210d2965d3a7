#pragma once
// Storage of the engagement log: records with their themes, quotes and who took part,
// the place's list of themes, and the sums "who have we not heard from?" compares.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engagement/engagement.h"
#include "store/db.h"

namespace kith::engagement {

struct Theme {
  std::int64_t id = 0;
  std::string name;
  bool retired = false;
};

// What the list shows: every field optional ("" or 0 for any).
struct Filter {
  std::string area_code;                // records in this area (see EngagementStore::in_area)
  std::vector<std::string> area_lsoas;  // its LSOAs, filled by the caller; alone, records placed in any of them
  std::string area_kind;                // "authority" matches by the records' authority
  std::string from;                     // YYYY-MM-DD, inclusive
  std::string to;
  std::string kind;
  std::int64_t theme = 0;
  std::optional<std::int64_t> recorded_by;  // only one person's records (a volunteer's own)
  int limit = 200;
};

class EngagementStore {
 public:
  explicit EngagementStore(store::Db& db) : db_(db) {}

  // Writes a new record with its themes, quotes and counts; returns its id.
  std::int64_t add(const Record& r, const std::vector<std::int64_t>& theme_ids);
  // Replaces a record's fields, themes, quotes and counts.
  void update(const Record& r, const std::vector<std::int64_t>& theme_ids);
  std::optional<Record> get(std::int64_t id);
  // Notes the story draft made of a record's quote (1-based position).
  void set_quote_story(std::int64_t record, std::int64_t position, std::int64_t story);
  // Records matching `f`, newest first, at most f.limit; and how many match in all.
  std::vector<Record> list(const Filter& f);
  std::int64_t count(const Filter& f);

  std::vector<Theme> themes(bool with_retired);
  std::optional<Theme> theme(std::int64_t id);
  std::int64_t add_theme(const std::string& name);
  bool theme_named(const std::string& name);
  void set_retired(std::int64_t id, bool retired);

  // People heard from by "topic.group", summed over the records in an area (as Filter
  // chooses them), and how many records and people that is.
  struct Heard {
    std::map<std::string, std::int64_t> counts;
    std::int64_t records = 0;
    std::int64_t people = 0;
  };
  Heard heard(const Filter& f);
  // Recomputes the sums by area that `heard` reads for an area ("" for every area:
  // after rows were written other than through add and update).
  void resum(const std::string& area_code);

 private:
  void write_parts(std::int64_t id, const Record& r, const std::vector<std::int64_t>& theme_ids);
  void fill_parts(Record& r);
  store::Db& db_;
};

}  // namespace kith::engagement
