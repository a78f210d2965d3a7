#pragma once
// Telling, moderating and withdrawing stories, linking them to what they mention,
// promoting them to case studies and keeping the signifier questions: each checks
// the rules (stories.h), writes through the store and is audited (without the
// story's words, which stay where consent allows).
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
// story told to them, with `consent_note` saying how consent was given. A photo is
// re-encoded without its metadata, or refused.
Result<Told> tell(store::Db& db, const audit::Actor& actor, const Telling& t, std::optional<std::int64_t> teller,
                  std::optional<std::int64_t> recorded_by, const std::string& consent_note);

struct Decision {
  std::string decision;     // "publish", "evaluation" or "decline"
  std::string public_body;  // the text redacted for publishing or evaluation
  std::string reason;       // to the teller, when declining
  bool show_photo = false;  // publish the photo with the story
};
// A moderator's decision. Publishing needs the teller's consent to it.
Status decide(store::Db& db, const audit::Actor& actor, std::int64_t id, const Decision& d);

// Withdrawn by the teller's link: gone at once.
Result<Story> withdraw(store::Db& db, const audit::Actor& actor, const std::string& token);
// Withdrawn by the signed-in teller from their own list.
// Erasure of an account: every story the person told while signed in is withdrawn as
// withdrawal does (its words, photo, links and place deleted), and the audit log's
// entries about it redacted. Stories a worker wrote down for them stay the worker's.
void erase_teller(store::Db& db, std::int64_t user);
Result<Story> withdraw_own(store::Db& db, const audit::Actor& actor, std::int64_t id, std::int64_t user);

// Links a story to a directory service or organisation (by its id) it mentions, or
// removes the link.
Status link(store::Db& db, const audit::Actor& actor, std::int64_t id, const std::string& kind, const std::string& ref);
Status unlink(store::Db& db, const audit::Actor& actor, std::int64_t id, const std::string& kind,
              const std::string& ref);

// Promotes a published story to a case study, saying the approach used (and what
// was learned); or takes it back.
Status promote(store::Db& db, const audit::Actor& actor, std::int64_t id, const CaseStudy& c);
Status demote(store::Db& db, const audit::Actor& actor, std::int64_t id);

Result<std::int64_t> add_signifier(store::Db& db, const audit::Actor& actor, const Signifier& s);
Status retire_signifier(store::Db& db, const audit::Actor& actor, std::int64_t id);

}  // namespace kith::stories
