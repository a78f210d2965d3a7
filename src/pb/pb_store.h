#pragma once
// Storage of participatory budgeting processes, projects and ballots. Writes are
// checked and audited by the caller (pb_service.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pb/pb.h"
#include "store/db.h"

namespace kith::pb {

struct Process {
  std::int64_t id = 0;
  std::string name, description;
  std::string area_code, area_name;
  std::int64_t budget = 0;
  BallotRule rule;
  std::string phase;                        // proposing, voting, closed
  std::string decided_by = "equal_shares";  // the count that decides: equal_shares or greedy
};

struct StoredProject {
  Project project;
  std::string description;
  bool on_ballot = false;
};

struct StoredBallot {
  std::vector<std::int64_t> choices;
  std::string lsoa_code;
  std::string ward_code, ward_name;
  std::string channel;
};

class PbStore {
 public:
  explicit PbStore(store::Db& db) : db_(db) {}
  std::vector<Process> processes();
  std::optional<Process> process(std::int64_t id);
  std::int64_t add_process(const Process& p);
  void set_phase(std::int64_t id, const std::string& phase);
  std::vector<StoredProject> projects(std::int64_t process);
  std::int64_t add_project(std::int64_t process, const Project& p, const std::string& description,
                           std::optional<std::int64_t> by);
  void set_on_ballot(std::int64_t project, bool on);
  bool has_voted(std::int64_t process, const std::string& voter_key);
  std::int64_t add_ballot(std::int64_t process, const std::string& voter_key, const std::string& channel,
                          const std::string& lsoa, std::optional<std::int64_t> entered_by,
                          const std::vector<std::int64_t>& choices);
  std::vector<StoredBallot> ballots(std::int64_t process);

 private:
  std::vector<Process> load(const std::string& tail, const store::Params& params);
  store::Db& db_;
};

}  // namespace kith::pb
