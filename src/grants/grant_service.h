#pragma once
// Every write to grants, checked and audited: funds and rounds, applying (drafts,
// groups applying together, submitting, withdrawing), panels (members and seats,
// assignments, conflicts of interest, scores), ranking and decisions with feedback,
// sponsors, and after the award milestones and the end-of-grant report.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/result.h"
#include "grants/grant_store.h"

namespace kith::grants {

// Erasure of an account. Applications still drafts are withdrawn and their words
// erased. Submitted and decided ones are kept, as the record of public money, but
// lose the postcode (their area stays) and show "Former member" for the person;
// invitations to the person's address are deleted, and the reasons they gave for a
// conflict of interest on a panel erased.
void erase_applicant(store::Db& db, std::int64_t user);
Result<std::int64_t> create_fund(store::Db& db, const audit::Actor& actor, const Fund& f);
// `outcome_weights` and `criterion_weights` give each chosen criterion its weight.
Result<std::int64_t> create_round(store::Db& db, const audit::Actor& actor, const Round& r);

Result<std::int64_t> start_application(store::Db& db, const audit::Actor& actor, std::int64_t round, std::int64_t user,
                                       const std::string& group_name, const std::string& now);
Status save_canvas(store::Db& db, const audit::Actor& actor, std::int64_t id, std::int64_t user, const Canvas& c,
                   const std::string& postcode);
Status submit(store::Db& db, const audit::Actor& actor, std::int64_t id, std::int64_t user, const std::string& now);
// Saves the canvas and sends it; when the canvas cannot be saved, the errors name
// everything sending it would need too, so the applicant mends it all in one go.
Status save_and_submit(store::Db& db, const audit::Actor& actor, std::int64_t id, std::int64_t user, const Canvas& c,
                       const std::string& postcode, const std::string& now);
Status withdraw(store::Db& db, const audit::Actor& actor, std::int64_t id, std::int64_t user);
// Invites whoever has `email` to apply together. The answer is the same whether or
// not anyone has an account with that email: nothing tells the applicant.
inline constexpr std::int64_t kMaxCoInvitations = 20;
Status invite_co_applicant(store::Db& db, const audit::Actor& actor, std::int64_t id, std::int64_t user,
                           const std::string& email);
// The invited person (signed in with the invited email) accepts, becoming a
// co-applicant who sees and changes the canvas, or declines. Returns the application.
Result<std::int64_t> answer_co_invitation(store::Db& db, const audit::Actor& actor, std::int64_t invitation,
                                          std::int64_t user, const std::string& user_email, bool accept);

Status add_panel_member(store::Db& db, const audit::Actor& actor, std::int64_t round, const std::string& email,
                        const std::string& seat);
Status assign(store::Db& db, const audit::Actor& actor, std::int64_t application, std::int64_t member);
Status set_sponsor(store::Db& db, const audit::Actor& actor, std::int64_t application, const std::string& email);
Status declare_conflict(store::Db& db, const audit::Actor& actor, std::int64_t application, std::int64_t member,
                        const std::string& reason);
// A panel member's scores (criterion -> score 0..5) and comments on an application.
Status score(store::Db& db, const audit::Actor& actor, std::int64_t application, std::int64_t member,
             const std::map<std::string, std::pair<std::string, std::string>>& scores);

struct RankedRow {
  Application application;
  Ranked rank;
  Allocation allocation;
};
// The round's submitted and decided applications, ranked by normalised score, with
// the allocation the rule gives within the budget.
std::vector<RankedRow> ranking(store::Db& db, const Round& r);

// "fund", "fund-with-conditions" or "decline", with feedback to the applicant.
Status decide(store::Db& db, const audit::Actor& actor, std::int64_t application, const std::string& decision,
              std::int64_t award, const std::string& conditions, const std::string& feedback);

// Takes back a decision made in error, with the reason, which the applicant is told
// (unless the decision's email had not gone yet: then it is simply not sent). The
// application is submitted again, to be decided afresh; refused once the group has
// reported or marked a milestone done, as money may already be spent.
Status reopen_decision(store::Db& db, const audit::Actor& actor, std::int64_t application, const std::string& reason);

Status add_milestone(store::Db& db, const audit::Actor& actor, std::int64_t application, std::int64_t user,
                     const std::string& title, const std::string& due);
Status complete_milestone(store::Db& db, const audit::Actor& actor, std::int64_t application, std::int64_t user,
                          std::int64_t milestone);
Status submit_report(store::Db& db, const audit::Actor& actor, std::int64_t application, std::int64_t user,
                     const Report& r);

// Awarded grants as 360Giving records; `prefix` is the publisher's ("360G-kith").
std::vector<Award> awards(store::Db& db, const std::string& prefix);

bool awarded(const std::string& status);

}  // namespace kith::grants
