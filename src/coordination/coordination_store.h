#pragma once
// Storage of coordination records: named SQL over store::Db. Sealed columns are
// sealed and opened here with the key, so nothing above sees ciphertext and nothing
// below sees clear text.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "coordination/coordination.h"
#include "coordination/seal.h"
#include "store/db.h"

namespace kith::coordination {

struct Person {
  std::int64_t id = 0;
  std::optional<std::int64_t> user_id;
  std::string name;
  std::string date_of_birth;
  Contact contact;
  std::string lsoa_code;
  std::string lsoa_label;
  std::string created_at;
};

struct Case {
  std::int64_t id = 0;
  std::int64_t person_id = 0;
  std::int64_t team_id = 0;  // 0: no team yet
  std::string status;
  std::int64_t coordinator_user = 0;
  std::string coordinator_name;
  std::string opened_at, accepted_at, allocated_at, first_contact_at, closed_at, review_on;
};

struct Referral {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::int64_t person_id = 0;
  std::string source;
  std::int64_t referrer_user = 0;
  std::string referrer_org;
  std::vector<std::string> reasons;
  std::string what_matters;
  bool consent_contact = false;
  bool consent_share_back = false;
  std::string urgency;
  std::string snomed_code;
  std::string status;
  std::string decline_reason;
  std::int64_t possible_duplicate_of = 0;
  std::string received_at, first_contact_at, decided_at;
};

struct Team {
  std::int64_t id = 0;
  std::string name;
};

struct Member {
  std::int64_t user_id = 0;
  std::string name;
  std::string email;
  std::string role;  // lead, coordinator
  std::vector<std::string> lsoas;
  int open_cases = 0;
};

struct Read {
  std::string reader;
  std::string read_at;
  std::string via;
  bool break_glass = false;
};

struct BreakGlass {
  std::int64_t id = 0;
  std::int64_t person_id = 0;
  std::int64_t user_id = 0;
  std::string user_name;
  std::string reason;
  std::string opened_at, expires_at;
};

class CoordStore {
 public:
  CoordStore(store::Db& db, const Key& key) : db_(db), key_(key) {}

  std::vector<Reason> reasons();
  // The LSOA of a postcode as given ("" when unknown).
  std::string lsoa_of_postcode(const std::string& postcode);

  // People whose name + date of birth or contacts hash the same as `h`, and whether
  // each has an open case.
  std::vector<Candidate> candidates(const MatchHashes& h);
  std::int64_t add_person(const Person& p);
  std::optional<Person> person(std::int64_t id);
  std::string person_name(std::int64_t id);
  std::optional<std::int64_t> person_of_user(std::int64_t user);

  std::optional<Case> open_case_of(std::int64_t person);
  std::optional<Case> latest_case_of(std::int64_t person);
  std::optional<Case> get_case(std::int64_t id);
  std::int64_t add_case(std::int64_t person, std::optional<std::int64_t> team, const std::string& now);
  void set_case_status(std::int64_t id, const std::string& status, const std::string& column, const std::string& now);
  void allocate(std::int64_t case_id, std::int64_t team, std::int64_t coordinator, std::int64_t by,
                const std::string& now);
  // Sets the case's and its referrals' first contact, the first time only.
  void first_contact(std::int64_t case_id, const std::string& at);
  // Cases waiting for triage or allocation, for the teams given (and those with no team).
  std::vector<Case> queue(const std::vector<std::int64_t>& teams);
  std::vector<Case> caseload(std::int64_t coordinator);

  std::int64_t add_referral(const Referral& r);
  std::vector<Referral> referrals_of_case(std::int64_t case_id);
  std::vector<Referral> referrals_by(std::int64_t referrer);
  void decide_referrals(std::int64_t case_id, const std::string& status, const std::string& snomed,
                        const std::string& reason, std::int64_t by, const std::string& now);

  std::vector<Team> teams();
  std::optional<Team> team(std::int64_t id);
  std::int64_t add_team(const std::string& name, const std::string& now);
  void add_member(std::int64_t team, std::int64_t user, const std::string& role);
  std::vector<Member> members(std::int64_t team);
  std::vector<std::int64_t> teams_led_by(std::int64_t user);
  std::vector<std::int64_t> teams_of_coordinator(std::int64_t user);
  void set_coverage(std::int64_t user, const std::vector<std::string>& lsoas);
  std::vector<std::string> coverage(std::int64_t user);
  // The team whose coordinators cover `lsoa`, if any.
  std::optional<std::int64_t> team_covering(const std::string& lsoa);

  std::vector<Conversation> conversations(std::int64_t case_id);
  void add_conversation(std::int64_t case_id, const Conversation& c, std::int64_t by, const std::string& now);
  std::vector<Strength> strengths(std::int64_t case_id);
  void add_strength(std::int64_t case_id, const Strength& s, std::int64_t by, const std::string& now);
  std::vector<Goal> goals(std::int64_t case_id);
  std::int64_t add_goal(std::int64_t case_id, const Goal& g, std::int64_t by, const std::string& now);
  std::optional<std::int64_t> case_of_goal(std::int64_t goal);
  void add_step(std::int64_t goal, const Step& s, const std::string& now);
  std::vector<ContactRecord> contacts(std::int64_t case_id);
  void add_contact(std::int64_t case_id, const ContactRecord& c, std::int64_t by, const std::string& now);

  // Break glass: the viewer's unexpired one for the person, if any.
  std::optional<BreakGlass> open_break_glass(std::int64_t person, std::int64_t user, const std::string& now);
  std::int64_t add_break_glass(std::int64_t person, std::int64_t user, const std::string& reason,
                               const std::string& now, const std::string& expires);
  std::vector<BreakGlass> break_glass_for_teams(const std::vector<std::int64_t>& teams);

  void record_read(std::int64_t person, std::int64_t reader, const std::string& via,
                   std::optional<std::int64_t> break_glass, const std::string& now);
  // The newest reads first, a page at a time (limit, offset); read_count counts them all.
  std::vector<Read> reads_of(std::int64_t person, std::int64_t limit = 500, std::int64_t offset = 0);
  std::int64_t read_count(std::int64_t person);

 private:
  Case case_from(const store::Row& r);
  std::vector<Case> cases(const std::string& where, const store::Params& params);
  std::string open(const store::Row& r, std::size_t i) const;
  store::Db& db_;
  const Key& key_;
};

}  // namespace kith::coordination
