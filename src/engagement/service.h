#pragma once
// Every write to the engagement log, checked and audited: recording and editing an
// engagement (its place from a postcode or an area code), and the place's themes.
#include <cstdint>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/result.h"
#include "engagement/engagement_store.h"

namespace kith::engagement {

// What a form or the API gives for a record: the record's own fields, and either a
// postcode (placed in its LSOA) or an area code, and the themes by id.
struct Typed {
  Record record;
  std::string place;  // a postcode or an area code (LSOA, ward, authority, neighbourhood)
  std::vector<std::int64_t> themes;
};

// Records a new engagement; `today` is YYYY-MM-DD.
Result<std::int64_t> record_engagement(store::Db& db, const audit::Actor& actor, const Typed& typed,
                                       const std::string& today);
// Replaces an engagement's fields (the recorder stays).
Status edit_engagement(store::Db& db, const audit::Actor& actor, std::int64_t id, const Typed& typed,
                       const std::string& today);
Result<std::int64_t> add_theme(store::Db& db, const audit::Actor& actor, const std::string& name);
Status retire_theme(store::Db& db, const audit::Actor& actor, std::int64_t id, bool retired);

// A story draft of a record's quote (1-based `position`) whose teller consented to it
// being shown: told anonymously, recorded by `user`, waiting for the moderators. Once
// per quote.
Result<std::int64_t> quote_to_story(store::Db& db, const audit::Actor& actor, std::int64_t record,
                                    std::int64_t position, std::int64_t user);

// "Who have we not heard from?" for the records `f` chooses and the census of `lsoas`
// (the area's LSOAs): the sums and the comparison, topic by topic.
struct NotHeard {
  EngagementStore::Heard heard;
  std::size_t lsoas_held = 0;  // LSOAs with census counts
  std::vector<TopicGap> topics;
};
NotHeard not_heard(store::Db& db, const Filter& f, const std::vector<std::string>& lsoas);

// The record as audited: its fields without quotes' words (they may be withheld).
nlohmann::json audit_json(const Record& r);

}  // namespace kith::engagement
