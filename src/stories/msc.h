#pragma once
// Most Significant Change rounds: a panel reads the stories of a period (and place)
// and picks the most significant in each outcome domain, recording why; a closed
// round's picks become the candidates of the round it passes them to, the tier
// above, whose panel picks again. Storage and rules together: both are small.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/result.h"
#include "stories/story_store.h"

namespace kith::stories {

struct Round {
  std::int64_t id = 0;
  std::string name;
  std::string panel;
  std::string source;              // "stories" (first tier) or "picks" (reads lower rounds' picks)
  std::string told_from, told_to;  // first tier: stories told in these dates ("" for open-ended)
  std::string area_code;           // first tier: and this area ("" for anywhere)
  std::optional<std::int64_t> passes_to;
  std::string passes_to_name;
  std::string status;  // "open" or "closed"
  std::string created_at;
};

struct Pick {
  std::int64_t round_id = 0;
  std::string round_name;
  std::string outcome_slug;
  std::int64_t story_id = 0;
  std::string why;
  std::string picked_at;
};

struct Domain {
  Outcome outcome;
  std::vector<Story> candidates;
  // For a round reading picks: why each candidate was picked below, by story id.
  std::map<std::int64_t, std::vector<Pick>> picked_below;
  std::optional<Pick> pick;
};

std::vector<Round> rounds(store::Db& db);
std::optional<Round> round(store::Db& db, std::int64_t id);
// Every current outcome domain of a round with its candidates and the panel's pick.
std::vector<Domain> domains(store::Db& db, const Round& r);

Result<std::int64_t> create_round(store::Db& db, const audit::Actor& actor, const Round& r);
// The panel's pick in one outcome domain, replacing an earlier one while the round is open.
Status pick(store::Db& db, const audit::Actor& actor, std::int64_t round_id, const std::string& outcome_slug,
            std::int64_t story_id, const std::string& why);
// Closes a round with at least one pick: its picks pass up.
Status close_round(store::Db& db, const audit::Actor& actor, std::int64_t round_id);

}  // namespace kith::stories
