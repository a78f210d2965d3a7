#pragma once
// Telling, moderating and withdrawing stories, and keeping the outcome framework:
// each checks the rules (stories.h), writes through the store and is audited
// (without the story's words, which stay where consent allows).
#include <cstdint>
#include <optional>
#include <string>

#include "audit/audit.h"
#include "core/result.h"
#include "stories/stories.h"
#include "stories/story_store.h"

namespace kith::stories {

struct Told {
  std::int64_t id = 0;  // 0 when the teller chose "do not use": nothing is kept
  std::string token;    // the teller's withdrawal link's secret
};
// `teller` is the signed-in teller, if any; `recorded_by` a worker writing down a
// story told to them, with `consent_note` saying how consent was given.
Result<Told> tell(store::Db& db, const audit::Actor& actor, const Telling& t, std::optional<std::int64_t> teller,
                  std::optional<std::int64_t> recorded_by, const std::string& consent_note);

// A moderator's decision: publish (with the redacted text), keep for evaluation
// only, or decline with a reason. Publishing needs the teller's consent to it.
Status decide(store::Db& db, const audit::Actor& actor, std::int64_t id, const std::string& decision,
              const std::string& public_body, const std::string& reason);

// Withdrawn by the teller's link (or, signed in, their own story): gone at once.
Result<Story> withdraw(store::Db& db, const audit::Actor& actor, const std::string& token);

Result<std::int64_t> add_outcome(store::Db& db, const audit::Actor& actor, const std::string& name);
Status rename_outcome(store::Db& db, const audit::Actor& actor, const std::string& slug, const std::string& name);
Status retire_outcome(store::Db& db, const audit::Actor& actor, const std::string& slug);

}  // namespace kith::stories
