#pragma once
// Coordination writes: each checks its rules, writes through the store and records
// what was done in the audit log (ids and kinds, never the person's words), in the
// caller's transaction.
#include <cstdint>
#include <optional>
#include <string>

#include "audit/audit.h"
#include "coordination/coordination_store.h"

namespace kith::coordination {

struct Referred {
  std::int64_t referral_id = 0;
  std::int64_t case_id = 0;
  std::int64_t person_id = 0;
  bool joined = false;                  // joined the person's open case
  std::int64_t possible_duplicate = 0;  // flagged: this person may be the same
};

// A referral in, from the public form (referrer 0, `own_user` the signed-in person
// referring themself, if any), a professional's form or the API.
Result<Referred> refer(store::Db& db, const Key& key, const audit::Actor& actor, const ReferralInput& in,
                       std::int64_t referrer_user, std::optional<std::int64_t> own_user, const std::string& now);

// Triage. `link` is where a referrer reads what happened (an absolute URL).
Status accept(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id, std::int64_t by,
              const std::string& link, const std::string& now);
Status decline(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id, std::int64_t by,
               const std::string& reason, const std::string& link, const std::string& now);
// Allocates to a coordinator of a team `by` leads.
Status allocate(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id, std::int64_t by,
                std::int64_t coordinator, const std::string& now);

// The record.
Status add_conversation(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id,
                        const Conversation& c, std::int64_t by, const std::string& now);
Status add_strength(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id, const Strength& s,
                    std::int64_t by, const std::string& now);
Status add_goal(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id, const Goal& g,
                std::int64_t by, const std::string& now);
Status add_step(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id, std::int64_t goal,
                const Step& s, const std::string& now);
Status add_contact(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id,
                   const ContactRecord& c, std::int64_t by, const std::string& now);

// Break glass on a person's record for 24 hours, with a reason.
Result<std::int64_t> break_glass(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t person,
                                 std::int64_t by, const std::string& reason, const std::string& now);

// Teams and coverage (team leads and admins).
Result<std::int64_t> create_team(store::Db& db, const Key& key, const audit::Actor& actor, const std::string& name,
                                 const std::string& now);
Status add_team_member(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t team,
                       const std::string& email, const std::string& role);
Status set_coverage(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t coordinator,
                    const std::vector<std::string>& lsoas);

// Links a person who referred themself to the account that later signed up with the
// same email address, once that address is confirmed (the account is active): only when
// exactly one unlinked person has the address (a shared family address links no one)
// and the account has no record yet. Audited. Returns the linked person, if any.
std::optional<std::int64_t> link_by_verified_email(store::Db& db, const Key& key, const audit::Actor& actor,
                                                   std::int64_t user);
// The person link_by_verified_email would link, without linking (reads only).
std::optional<std::int64_t> linkable_by_email(store::Db& db, const Key& key, std::int64_t user);

}  // namespace kith::coordination
