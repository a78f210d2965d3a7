#pragma once
// Listings and changes suggested by the public, and a moderator's decision on each.
// Every decision is audited; an approved listing joins the directory at once.
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/result.h"
#include "directory/directory.h"
#include "directory/duplicates.h"
#include "store/db.h"

namespace kith::directory {

struct Submission {
  std::int64_t id = 0;
  std::string kind;  // new, change
  std::string service_id;
  Json proposed = Json::object();
  std::string note;
  std::string contact_name;
  std::string contact_email;
  std::string status;  // pending, approved, rejected
  std::string reason;
  std::string created_at;
  std::string decided_at;
};

// Stores a suggested new listing, checked by listing_problems, with the contact details of the
// person who sent it; returns its id.
Result<std::int64_t> submit_listing(store::Db& db, const audit::Actor& actor, const Listing& listing,
                                    const std::string& name, const std::string& email);
// Stores a suggested change to a listing: at least one field differs or a note says what is wrong;
// each changed field passes the same rule as "Add your group" (listing_field_problem).
Result<std::int64_t> submit_change(store::Db& db, const audit::Actor& actor, const std::string& service_id,
                                   const Json& suggested, const std::string& note, const std::string& name,
                                   const std::string& email);

// Erasure of an account: suggestions made with the account's email address. Those
// still waiting are deleted; decided ones lose the name, email and note the person
// gave (a listing already approved is the organisation's, and stays). The audit
// log's entries about each are redacted.
void erase_submitter(store::Db& db, std::int64_t user);
std::vector<Submission> pending_submissions(store::Db& db);
std::optional<Submission> find_submission(store::Db& db, std::int64_t id);

// Approves (the listing is added, or the change applied) or rejects with a reason. A suggestion
// whose fields no longer pass the listing's rules cannot be approved.
// The person's contact details are cleared once decided.
Status decide(store::Db& db, const audit::Actor& actor, std::int64_t id, bool approve, const std::string& reason);

// A listing nobody has confirmed for a while.
struct StaleListing {
  std::string service_id;
  std::string name;
  std::string last_checked;  // YYYY-MM-DD, or "" if never
};
// Listings last checked (or assured, or modified) before `before` (YYYY-MM-DD),
// oldest first, at most `limit`; and how many there are in all.
std::pair<std::int64_t, std::vector<StaleListing>> stale_listings(store::Db& db, const std::string& before, int limit);
// Records that someone confirmed a listing is still right.
Status mark_checked(store::Db& db, const audit::Actor& actor, const std::string& service_id);

// Listings that look like duplicates of each other, less those a moderator has
// said are different.
std::vector<SuspectedDuplicate> suspected_duplicates(store::Db& db);
// How many there are: counted again only when the directory or the dismissed pairs
// have changed since the last count, since a moderator's menu asks on every page.
std::int64_t suspected_duplicate_count(store::Db& db);
// Records that two listings are different things (audited).
Status not_duplicates(store::Db& db, const audit::Actor& actor, const std::string& a, const std::string& b);
// Keeps one listing and removes the other (audited, with the removed listing's
// whole document as it was).
Status merge_duplicates(store::Db& db, const audit::Actor& actor, const std::string& keep, const std::string& remove);

}  // namespace kith::directory
