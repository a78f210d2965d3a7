#pragma once
// Storage of stories, their answers to signifier questions, photos, links to what
// they mention, and case studies. Writes audited by the caller (story_service.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "outcomes/outcome_store.h"
#include "store/db.h"
#include "stories/stories.h"

namespace kith::stories {

using outcomes::Outcome;

// A service, organisation or project a story mentions.
struct Link {
  std::string kind;  // "service", "organisation", "project"
  std::string ref;
  std::string name;
};

struct PhotoInfo {
  int width = 0;
  int height = 0;
  std::string alt;
  bool shown = false;  // published with the story
};

struct CaseStudy {
  std::string approach;
  std::string lessons;
  std::string created_at;
};

struct Story {
  std::int64_t id = 0;
  std::optional<std::int64_t> teller_user;
  std::string teller_name;
  std::optional<std::int64_t> recorded_by;
  std::string consent_note;
  std::string title;
  std::string body;
  std::string public_body;  // as the moderator redacted it, for publishing or evaluation
  std::string lsoa_code;
  std::string area_name;
  std::string ward_code;
  std::string ward_name;
  std::string perspective;
  std::string consent;
  std::string status;
  std::string decision_reason;
  std::string created_at;
  std::string published_at;
  std::string language = "en";  // what the story is written in (BCP 47 primary tag)
  std::vector<Outcome> outcomes;
  std::vector<Answer> answers;
  std::optional<PhotoInfo> photo;
  std::vector<Link> links;
  std::optional<CaseStudy> case_study;
};

struct StoryFilter {
  std::string text;         // words, searched in full text (stemmed) in the title and published text
  std::string outcome;      // an outcome's slug
  std::string perspective;  // a perspective's id
  std::string area;         // an LSOA, ward, authority or neighbourhood code
  std::string link_kind;    // with link_ref: stories mentioning this service, organisation or project
  std::string link_ref;
  bool case_studies = false;  // only stories promoted to case studies
  bool with_words = true;     // false: leave the text out (counting needs none of it)
  int limit = 50;
};

class StoryStore {
 public:
  explicit StoryStore(store::Db& db) : db_(db) {}

  std::int64_t insert(const Story& s, const std::string& token_hash);
  std::optional<Story> get(std::int64_t id);
  std::optional<Story> by_token(const std::string& token_hash);
  std::vector<Story> with_status(const std::string& status, int limit);
  // A teller's own stories, newest first (not withdrawn ones).
  std::vector<Story> told_by(std::int64_t user);
  // Published stories, as the public may read them: newest first, or best match first
  // when searching words.
  std::vector<Story> published(const StoryFilter& f);
  // Stories evaluators may use (published or kept for evaluation), oldest first.
  std::vector<Story> evaluable(const StoryFilter& f);
  void decide(std::int64_t id, const std::string& status, const std::string& public_body, const std::string& reason);
  // Withdrawn: gone from every public page and feed; the text as told, the photo,
  // answers, links and any case study are erased.
  void withdraw(std::int64_t id);
  // Published stories by LSOA of an authority ("" for all), and of one outcome ("" for any).
  std::vector<std::pair<std::string, std::int64_t>> published_by_lsoa(const std::string& authority,
                                                                      const std::string& outcome = "");

  std::vector<Signifier> signifiers(bool with_retired);
  std::optional<Signifier> signifier(std::int64_t id);
  std::int64_t add_signifier(const Signifier& s);
  void retire_signifier(std::int64_t id);
  void save_answer(std::int64_t story, const Answer& a);

  void save_photo(std::int64_t story, const std::string& jpeg, int width, int height, const std::string& alt);
  void show_photo(std::int64_t story, bool shown);
  // The JPEG's bytes, if the story has a photo.
  std::optional<std::string> photo(std::int64_t story);

  void add_link(std::int64_t story, const Link& l);
  void remove_link(std::int64_t story, const std::string& kind, const std::string& ref);

  void save_case_study(std::int64_t story, const CaseStudy& c, std::optional<std::int64_t> by);
  void remove_case_study(std::int64_t story);

 private:
  std::vector<Story> load(const std::string& sql, const store::Params& params);
  void load_details(Story& s);
  store::Db& db_;
};

}  // namespace kith::stories
