#pragma once
// Coordination (social prescribing, Local Area Coordination), pure: the model of a
// person's record and the rules over it — checking referrals, matching a new
// referral to an open case, suggesting a coordinator by neighbourhood and load,
// who may read a record, break-glass expiry, waits, SNOMED codes, wellbeing scores
// (ONS4, SWEMWBS), cost avoided and retention. Storage is in coordination_store,
// audited writes in coordination_service, pages in coordination_http; sealing
// (libsodium secretbox) in seal.h. Tables: migrations/0025_coordination.sql.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace kith::coordination {

// ---- SNOMED CT ----------------------------------------------------------------
inline constexpr const char* kSnomedAccepted = "871731000000106";  // Referral to social prescribing service
inline constexpr const char* kSnomedDeclined = "871711000000103";  // Social prescribing declined
// The concept's preferred term, "" for an unknown code.
std::string snomed_term(const std::string& code);

// ---- Referrals in -------------------------------------------------------------
struct Reason {
  std::string key;    // "loneliness"
  std::string label;  // "Loneliness or isolation"
};

// How and when it is safe to reach the person.
struct Contact {
  std::string phone;  // as given; normalised for matching by normalise_phone
  std::string email;
  std::string address;  // postal address lines
  std::string postcode;
  std::string prefer;      // "phone", "email", "post"
  std::string safe_times;  // "weekday mornings", in their words
  bool may_leave_message = false;
};

// What a referral form or the API carries, before it is checked.
struct ReferralInput {
  std::string source;  // self, gp, councillor, housing, agency, other
  std::string referrer_org;
  std::string name;
  std::string date_of_birth;  // YYYY-MM-DD
  Contact contact;
  std::string what_matters;          // what matters and why, in their words
  std::vector<std::string> reasons;  // Reason keys
  std::optional<bool> consent_contact;
  std::optional<bool> consent_share_back;
  std::string urgency;  // routine, soon, urgent
  std::string idempotency_key;
};

const std::vector<std::string>& sources();
const std::vector<std::string>& urgencies();
// Every field at fault named (fields: name, date_of_birth, phone, email, postcode,
// contact, prefer, what_matters, reasons, consent_contact, consent_share_back,
// urgency, source). `known_reasons` is the place's list; `today` YYYY-MM-DD.
Status check_referral(const ReferralInput& in, const std::vector<Reason>& known_reasons, const std::string& today);

// Normalised forms compared when matching (then hashed with the key before storing).
std::string normalise_name(const std::string& name);    // lower case, single spaces, no punctuation
std::string normalise_phone(const std::string& phone);  // digits, +44 -> 0
std::string normalise_email(const std::string& email);  // trimmed, lower case
std::string name_dob_key(const std::string& name, const std::string& date_of_birth);

// What a new referral is to an existing person: the same person with an open case
// (name + date of birth, or a contact, match), a possible duplicate (only the name
// matches, or a contact matches a closed case), or nobody.
enum class Match { kNone, kJoin, kPossibleDuplicate };
// Whether `v` is one of `list` (the place-editable lists of reasons, kinds and so on).
bool one_of(const std::vector<std::string>& list, const std::string& v);

struct Candidate {
  std::int64_t person_id = 0;
  bool name_dob_matches = false;
  bool contact_matches = false;
  bool name_matches = false;
  bool has_open_case = false;
};
struct MatchResult {
  Match match = Match::kNone;
  std::int64_t person_id = 0;
};
MatchResult match_referral(const std::vector<Candidate>& candidates);

// ---- Cases, triage and allocation ----------------------------------------------
enum class CaseStatus { kNew, kAccepted, kAllocated, kActive, kDeclined, kClosed };
std::string to_string(CaseStatus s);
std::optional<CaseStatus> case_status_from(const std::string& s);
bool is_open(CaseStatus s);  // new, accepted, allocated, active

struct CoordinatorLoad {
  std::int64_t user_id = 0;
  std::string name;
  bool covers_lsoa = false;  // the person's LSOA is in their coverage
  int open_cases = 0;
};
// Coordinators in the order to suggest them: those covering the person's LSOA first,
// then by fewest open cases, then by name. The first is the suggestion.
std::vector<CoordinatorLoad> suggest_coordinators(std::vector<CoordinatorLoad> team);

// Whole days from referral to first contact ("" when there has been none yet).
std::optional<int> wait_days(const std::string& received_at, const std::string& first_contact_at);

// A kebab-case id as words for a page: "went-once" -> "Went once".
std::string label_of(const std::string& id);

// ---- Access ---------------------------------------------------------------------
struct Viewer {
  std::int64_t user_id = 0;
  bool is_coordinator = false;
  bool is_team_lead = false;
  bool is_admin = false;
  std::vector<std::int64_t> lead_of_teams;  // teams they lead
};
struct CaseAccess {
  std::int64_t coordinator_user = 0;  // 0: not allocated
  std::int64_t team_id = 0;
  std::optional<std::string> break_glass_expires_at;  // the viewer's own, if any
};
enum class RecordAccess { kNone, kAssigned, kTeamLead, kBreakGlass };
// Strictly by assignment: the allocated coordinator, the team's leads, or an unexpired
// break glass of the viewer's own. Admins are not let in by their role alone.
RecordAccess access_to(const Viewer& v, const CaseAccess& c, const std::string& now);
inline constexpr int kBreakGlassHours = 24;
std::string break_glass_expiry(const std::string& now);  // now + 24 hours, ISO 8601
Status check_break_glass_reason(const std::string& reason);

// ---- The person's record --------------------------------------------------------
struct Conversation {
  std::int64_t id = 0;
  std::string held_on;
  std::string what_matters;
  std::string good_life;
  std::string recorded_by_name;
};
struct Strength {
  std::int64_t id = 0;
  std::string kind;  // strength, gift, interest
  std::string text;
  bool gift_board_ok = false;
};
struct Step {
  std::int64_t id = 0;
  std::string text;
  std::string owner;  // person, coordinator, both, someone-else
  std::string owner_name;
  std::string due_on;
  std::string done_at;
};
struct Goal {
  std::int64_t id = 0;
  std::string words;
  std::string status;  // open, met, partly-met, dropped
  std::string review_on;
  std::vector<Step> steps;
};
struct ContactRecord {
  std::int64_t id = 0;
  std::string kind;
  std::string contact_on;
  int minutes = 0;
  std::string place;
  std::string note;
  std::string recorded_by_name;
};
const std::vector<std::string>& strength_kinds();
const std::vector<std::string>& step_owners();
const std::vector<std::string>& contact_kinds();
Status check_conversation(const Conversation& c, const std::string& today);
Status check_strength(const Strength& s);
Status check_goal(const Goal& g, const std::string& today);
Status check_step(const Step& s);
Status check_contact(const ContactRecord& c, const std::string& today);

// ---- Wellbeing (for the outcomes work) -------------------------------------------
// ONS4: life satisfaction, worthwhile, happy yesterday (0–10, high good), anxious
// yesterday (0–10, low good). SWEMWBS: seven items 1–5; raw 7–35 converted to the
// metric score by the published table.
const std::vector<std::string>& ons4_items();
const std::vector<std::string>& swemwbs_items();
Status check_ons4(const std::map<std::string, int>& items);
Status check_swemwbs(const std::map<std::string, int>& items);
double swemwbs_metric(int raw);

// ---- Cost avoided --------------------------------------------------------------
// pence a year times the months, adjusted by confidence (low 0.25, medium 0.5, high 1).
std::int64_t cost_avoided_pence(std::int64_t unit_pence, double times_per_year, double months,
                                const std::string& confidence);

}  // namespace kith::coordination
