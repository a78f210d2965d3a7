#pragma once
// Every write to participatory budgeting, checked and audited: processes and their
// phases, proposals and the ballot paper, and votes — online by a member whose
// postcode lies in the area, or on paper entered by staff — one per voter.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/result.h"
#include "pb/pb_store.h"

namespace kith::pb {

// Erasure of an account: the person's ballots stay in the count, as they were cast
// (the area they were cast from kept for results by area), but no longer say whose
// they were. Projects they proposed stay on the ballot, "Former member" as proposer.
void erase_voter(store::Db& db, std::int64_t user);
Result<std::int64_t> create_process(store::Db& db, const audit::Actor& actor, const Process& p);
Status set_phase(store::Db& db, const audit::Actor& actor, std::int64_t process, const std::string& phase);
// A cost typed but not in whole pounds ("12.50"): propose says so.
inline constexpr std::int64_t kNotWholePounds = -1;
Result<std::int64_t> propose(store::Db& db, const audit::Actor& actor, std::int64_t process, const Project& p,
                             const std::string& description, std::optional<std::int64_t> by);
Status put_on_ballot(store::Db& db, const audit::Actor& actor, std::int64_t process, std::int64_t project, bool on);

// An online vote: `user` once per process, living (by `postcode`) in the area.
Status vote(store::Db& db, const audit::Actor& actor, std::int64_t process, std::int64_t user,
            const std::string& postcode, const std::vector<std::int64_t>& choices);
// A paper ballot entered by staff: its printed reference, once per process, and the
// voter's postcode in the area.
Status enter_paper(store::Db& db, const audit::Actor& actor, std::int64_t process, const std::string& reference,
                   const std::string& postcode, const std::vector<std::int64_t>& choices);

struct Results {
  Outcome greedy;
  Outcome equal_shares;
  std::int64_t ballots = 0;
  std::int64_t online = 0;
  std::int64_t paper = 0;
  // Voters and their votes for each project by the voters' ward, in the ward's name
  // order (to be published through publish_by_area).
  std::vector<AreaVotes> by_ward;
};
Results results(store::Db& db, const Process& p);

}  // namespace kith::pb
