#pragma once
// Storage of a case's outcomes: connections, wellbeing measures, unit costs and cost
// avoided, closing and its reasons, contributions, correction requests, and erasing
// cases whose retention has ended. Rows are read by column name; notes, messages and
// correction requests are sealed here with the coordination key.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "coordination/coordination.h"
#include "coordination/outcomes.h"
#include "coordination/seal.h"
#include "store/db.h"

namespace kith::coordination {

struct Connection {
  std::int64_t id = 0;
  ConnectionInput in;
  std::string created_at, updated_at;
};

struct Measure {
  std::int64_t id = 0;
  std::string instrument;  // ONS4, SWEMWBS, outcomes
  std::string occasion;    // start, review, close
  std::string taken_on;
  std::optional<double> total;
  std::map<std::string, int> items;
};

struct CostRecord {
  std::int64_t id = 0;
  CostLine line;
  std::string note;
};

struct Closing {
  std::string reason;
  std::string reason_label;
  bool told_referrer = false;
  std::string message;
  std::string closed_at;
};

struct Contribution {
  std::int64_t id = 0;
  ContributionInput in;
};

struct Correction {
  std::int64_t id = 0;
  std::int64_t person_id = 0;
  std::int64_t user_id = 0;
  std::string request;
  std::string status;  // open, corrected, not-corrected
  std::string response;
  std::string created_at, decided_at;
};

struct Target {
  std::string kind;  // service, timebank-offer, gift-match, hub
  std::string id;
  std::string name;
};

struct ClosedCase {
  std::int64_t case_id = 0;
  std::int64_t person_id = 0;
  std::string closed_at;
};

class CaseOutcomeStore {
 public:
  CaseOutcomeStore(store::Db& db, const Key& key) : db_(db), key_(key) {}

  // Directory services, open timebank offers and gift-board gifts whose names hold `q`.
  std::vector<Target> search_targets(const std::string& q, int limit);
  // The name of a chosen target, or nullopt when it does not exist.
  std::optional<std::string> target_name(const std::string& kind, const std::string& id);

  std::vector<Connection> connections(std::int64_t case_id);
  std::int64_t add_connection(std::int64_t case_id, const ConnectionInput& c, std::int64_t by, const std::string& now);
  std::optional<std::int64_t> case_of_connection(std::int64_t id);
  void set_took(std::int64_t id, const std::string& took, const std::string& follow_up_on, const std::string& now);
  // Connections of the coordinator's open cases whose follow-up date has come.
  std::int64_t follow_ups_due(std::int64_t coordinator, const std::string& today);

  std::vector<Measure> measures(std::int64_t case_id);
  std::int64_t add_measure(std::int64_t case_id, const Measure& m, std::int64_t by, const std::string& now);

  std::vector<UnitCost> unit_costs(bool active_only);
  std::optional<UnitCost> unit_cost(std::int64_t id);
  std::int64_t add_unit_cost(const UnitCost& u, const std::string& now);
  void update_unit_cost(const UnitCost& u);
  std::vector<CostRecord> costs(std::int64_t case_id);
  void add_cost(std::int64_t case_id, const CostLine& c, const std::string& note, std::int64_t by,
                const std::string& now);

  std::vector<Reason> close_reasons(bool active_only);
  void add_close_reason(const std::string& key, const std::string& label);
  void set_close_reason_active(const std::string& key, bool active);
  std::optional<Closing> closing(std::int64_t case_id);
  void close(std::int64_t case_id, const std::string& reason, bool told, const std::string& message, std::int64_t by,
             const std::string& now, const std::string& retain_until);

  std::vector<Contribution> contributions(std::int64_t case_id);
  void add_contribution(std::int64_t case_id, const ContributionInput& c, std::int64_t by, const std::string& now);

  std::int64_t add_correction(std::int64_t person, std::int64_t user, const std::string& request,
                              const std::string& now);
  std::vector<Correction> corrections(std::int64_t person);
  std::optional<Correction> correction(std::int64_t id);
  void decide_correction(std::int64_t id, const std::string& status, const std::string& response, std::int64_t by,
                         const std::string& now);
  // Open correction requests about people in the coordinator's cases.
  std::int64_t open_corrections(std::int64_t coordinator);

  std::vector<ClosedCase> closed_cases();
  // Deletes the case and every row that hangs from it; then the person and what hangs
  // from them when they have no other case. Answers the number of rows deleted.
  std::int64_t erase_case(std::int64_t case_id, std::int64_t person_id);

 private:
  store::Db& db_;
  const Key& key_;
};

}  // namespace kith::coordination
