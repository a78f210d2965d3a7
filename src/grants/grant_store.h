#pragma once
// Storage of funds, rounds, applications, panels, scores, milestones and reports.
// Writes are checked and audited by the caller (grant_service.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grants/grants.h"
#include "store/db.h"

namespace kith::grants {

struct Fund {
  std::int64_t id = 0;
  std::string name, description, funder_name, funder_id;
};

struct Round {
  std::int64_t id = 0;
  std::int64_t fund_id = 0;
  std::string fund_name;
  std::string name, description;
  std::string area_code;
  RoundRules rules;
  std::vector<Criterion> criteria;
  std::string decided_at;
};

struct Application {
  std::int64_t id = 0;
  std::int64_t round_id = 0;
  std::int64_t owner_user = 0;
  std::string owner_name;
  Canvas canvas;
  std::string postcode, lsoa_code, ward_code, ward_name;
  std::string status;
  std::optional<std::int64_t> award_amount;
  std::string conditions, feedback;
  std::optional<std::int64_t> sponsor_user;
  std::string sponsor_name;
  std::string created_at, submitted_at, decided_at;
};

// An invitation to apply together, by email (see migrations/0016).
struct CoInvitation {
  std::int64_t id = 0;
  std::int64_t application_id = 0;
  std::string email;
  std::string invited_by_name;
  std::string group_name;
  std::string status;  // pending, accepted, declined
  std::string created_at;
};

struct PanelMember {
  std::int64_t user = 0;
  std::string name;
  std::string seat;
};

struct Score {
  std::int64_t user = 0;
  std::string criterion;
  int score = 0;
  std::string comment;
};

struct Milestone {
  std::int64_t id = 0;
  std::string title, due, done_at;
};

struct Report {
  std::string summary;
  std::int64_t hours_delivered = 0;
  std::string submitted_at;
};

class GrantStore {
 public:
  explicit GrantStore(store::Db& db) : db_(db) {}
  std::vector<Fund> funds();
  std::optional<Fund> fund(std::int64_t id);
  std::int64_t add_fund(const Fund& f);
  std::vector<Round> rounds();
  std::optional<Round> round(std::int64_t id);
  std::int64_t add_round(const Round& r);
  void mark_decided(std::int64_t round);
  void mark_undecided(std::int64_t round);

  std::vector<Application> applications(std::int64_t round);
  // Applications a user made or applies to with others, newest first.
  std::vector<Application> applications_of(std::int64_t user);
  bool has_applications(std::int64_t user);
  std::optional<Application> application(std::int64_t id);
  std::int64_t add_application(const Application& a);
  void save_canvas(const Application& a);
  void set_status(std::int64_t id, const std::string& status);
  // Decides a submitted application; false if it was no longer submitted (decided
  // meanwhile by someone else), when nothing is changed.
  bool decide(std::int64_t id, const std::string& status, std::optional<std::int64_t> award,
              const std::string& conditions, const std::string& feedback);
  // Takes a decision back: submitted again, with no award, conditions or feedback;
  // false if it was not decided `status` (reopened or changed meanwhile).
  bool reopen(std::int64_t id, const std::string& status);
  void set_sponsor(std::int64_t id, std::int64_t user);
  bool is_applicant(std::int64_t id, std::int64_t user);
  void add_applicant(std::int64_t id, std::int64_t user);

  // Records a pending invitation unless this email was already invited to this
  // application (whatever the answer then); true if one was added.
  bool add_co_invitation(std::int64_t application, const std::string& email, std::int64_t by);
  std::int64_t co_invitation_count(std::int64_t application);
  std::optional<CoInvitation> co_invitation(std::int64_t id);
  std::vector<CoInvitation> co_invitations_of(std::int64_t application);
  // Invitations waiting for whoever has this email.
  std::vector<CoInvitation> pending_co_invitations_for(const std::string& email);
  void answer_co_invitation(std::int64_t id, const std::string& status, std::int64_t user);

  std::vector<PanelMember> panel(std::int64_t round);
  std::optional<PanelMember> panel_member(std::int64_t round, std::int64_t user);
  void add_panel_member(std::int64_t round, std::int64_t user, const std::string& seat);
  void assign(std::int64_t application, std::int64_t user);
  bool assigned(std::int64_t application, std::int64_t user);
  std::vector<std::int64_t> assignees(std::int64_t application);
  // The applications assigned to a panel member, in every round.
  std::vector<std::int64_t> assignments_of(std::int64_t user);
  void declare_conflict(std::int64_t application, std::int64_t user, const std::string& reason);
  std::optional<std::string> conflict(std::int64_t application, std::int64_t user);
  std::vector<Score> scores(std::int64_t application);
  void save_score(std::int64_t application, const Score& s);

  std::vector<Milestone> milestones(std::int64_t application);
  std::int64_t add_milestone(std::int64_t application, const std::string& title, const std::string& due);
  void complete_milestone(std::int64_t application, std::int64_t milestone);
  std::optional<Report> report(std::int64_t application);
  void save_report(std::int64_t application, const Report& r);

 private:
  std::vector<Round> load_rounds(const std::string& tail, const store::Params& params);
  std::vector<Application> load(const std::string& where, const store::Params& params);
  store::Db& db_;
};

}  // namespace kith::grants
