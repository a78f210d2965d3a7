#pragma once
// Outcome writes for a case: each checks its rules (outcomes.h), writes through
// OutcomeStore and records ids and kinds in the audit log (never the person's
// words), in the caller's transaction. Access to the case is checked by the caller.
#include <cstdint>
#include <map>
#include <string>

#include "audit/audit.h"
#include "coordination/outcomes_store.h"
#include "hubs/hubs.h"

namespace kith::coordination {

// Place settings: SWEMWBS is off until a WEMWBS licence reference is recorded.
std::string swemwbs_licence(store::Db& db);
int retention_years(store::Db& db);
Status set_outcome_settings(store::Db& db, const audit::Actor& actor, const std::string& licence,
                            const std::string& retention_years);

Result<std::int64_t> add_connection(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id,
                                    ConnectionInput c, std::int64_t by, const std::string& now);
// Tells a connection's hub that the person is coming (hubs::Referral: a first name or
// initials, what they would like help with, a note, their consent), once; the hub's
// referral names the connection, so the coordinator sees when it is seen. A
// connection still "suggested" becomes "introduced".
Result<std::int64_t> tell_hub(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id,
                              std::int64_t connection, hubs::Referral r, const std::string& now);
Status update_connection(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id,
                         std::int64_t connection, const std::string& took, const std::string& follow_up_on,
                         const std::string& now);

// instrument ONS4 (items 0-10), SWEMWBS (items 1-5; refused while switched off) or
// outcomes (the place's outcome slugs, 1-5).
Result<std::int64_t> add_measure(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id,
                                 const std::string& instrument, const std::string& occasion,
                                 const std::string& taken_on, const std::map<std::string, int>& items, std::int64_t by,
                                 const std::string& now);

Result<std::int64_t> save_unit_cost(store::Db& db, const Key& key, const audit::Actor& actor, const UnitCost& u,
                                    const std::string& now);
Status add_cost(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id,
                std::int64_t unit_cost_id, CostLine line, const std::string& note, std::int64_t by,
                const std::string& now);

Status add_close_reason(store::Db& db, const Key& key, const audit::Actor& actor, const std::string& label);
// Closes the case; with `tell_referrer` (and the referrer's consent to share back) a
// referral_update message goes to each referrer with `message` and `link`.
Status close_case(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id,
                  const std::string& reason, bool tell_referrer, const std::string& message, std::int64_t by,
                  const std::string& link, const std::string& now);

Status add_contribution(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id,
                        const ContributionInput& c, std::int64_t by, const std::string& now);

// Posts a strength or gift the person agreed may be shared (gift_board_ok) to the
// gift board, once: under the person's own account if they have one, else as recorded
// by the coordinator for someone not online. Answers the gift-board entry.
struct GiftShare {
  std::int64_t strength_id = 0;
  std::string name;  // how connectors see them ("Jean, Grays")
  std::string kind;  // head, hands, heart
  std::string category;
  std::string postcode;
};
Result<std::int64_t> share_gift(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id,
                                const GiftShare& g, std::int64_t by);

Result<std::int64_t> request_correction(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t person,
                                        std::int64_t user, const std::string& request, const std::string& now);
Status decide_correction(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t person,
                         std::int64_t correction, const std::string& status, const std::string& response,
                         std::int64_t by, const std::string& now);

// Retention: the closed cases whose period has ended on `today`; with `apply`, each
// is erased (rows deleted) and audited. Answers the cases due.
struct RetentionResult {
  std::vector<ClosedCase> due;
  std::int64_t rows_deleted = 0;
  int years = 0;
};
RetentionResult run_retention(store::Db& db, const Key& key, const audit::Actor& actor, const std::string& today,
                              bool apply);

}  // namespace kith::coordination
