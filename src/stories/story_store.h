#pragma once
// Storage of the outcome framework and of stories. Writes audited by the caller
// (story_service.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace kith::stories {

struct Outcome {
  std::int64_t id = 0;
  std::string slug;
  std::string name;
  bool retired = false;
};

struct Story {
  std::int64_t id = 0;
  std::optional<std::int64_t> teller_user;
  std::string teller_name;
  std::optional<std::int64_t> recorded_by;
  std::string consent_note;
  std::string title;
  std::string body;
  std::string public_body;
  std::string lsoa_code;
  std::string area_name;
  std::string perspective;
  std::string consent;
  std::string status;
  std::string decision_reason;
  std::string created_at;
  std::string published_at;
  std::vector<Outcome> outcomes;
};

struct StoryFilter {
  std::string text;         // words in the title or published text
  std::string outcome;      // an outcome's slug
  std::string perspective;  // a perspective's id
  std::string area;         // an LSOA, ward, authority or neighbourhood code
  int limit = 50;
};

class StoryStore {
 public:
  explicit StoryStore(store::Db& db) : db_(db) {}
  std::vector<Outcome> outcomes(bool with_retired);
  std::optional<Outcome> outcome(const std::string& slug);
  std::int64_t add_outcome(const std::string& slug, const std::string& name);
  void rename_outcome(std::int64_t id, const std::string& name);
  void retire_outcome(std::int64_t id);

  std::int64_t insert(const Story& s, const std::string& token_hash);
  std::optional<Story> get(std::int64_t id);
  std::optional<Story> by_token(const std::string& token_hash);
  std::vector<Story> with_status(const std::string& status, int limit);
  // Published stories, newest first, as the public may read them.
  std::vector<Story> published(const StoryFilter& f);
  void decide(std::int64_t id, const std::string& status, const std::string& public_body, const std::string& reason);
  // Withdrawn: gone from every public page and feed; the text as told is erased.
  void withdraw(std::int64_t id);
  // Published stories by LSOA of an authority ("" for all).
  std::vector<std::pair<std::string, std::int64_t>> published_by_lsoa(const std::string& authority);

 private:
  void load_outcomes(Story& s);
  store::Db& db_;
};

}  // namespace kith::stories
