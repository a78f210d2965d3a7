#pragma once
// The gift board: gifts and needs as residents record them, matched by the engine
// in matching.h for connectors, and the introductions they make. Writes audited.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/result.h"
#include "store/db.h"
#include "timebank/matching.h"
#include "timebank/service.h"

namespace kith::timebank {

struct BoardEntry {
  std::int64_t id = 0;
  std::optional<std::int64_t> user_id;
  std::string name;
  std::string side;  // gift, need
  std::string kind;  // head, hands, heart (gifts)
  std::string category;
  std::string description;
  std::uint32_t availability = 0;
  std::string age_band;
  bool intergenerational = false;
  std::string lsoa_code;
  std::optional<double> lat, lon;
  std::string status;
  std::string language = "en";  // what the description is written in
};

// The times people give in a form, as the engine's week of bits: "weekday-morning",
// "weekday-afternoon", "weekday-evening", "weekend-morning", ... ; unknown ids are errors.
struct TimeChoice {
  std::string id;
  std::string label;
};
const std::vector<TimeChoice>& time_choices();
Result<std::uint32_t> times_mask(const std::vector<std::string>& ids);

struct BoardInput {
  std::string side, kind, category, description, postcode, age_band, name;
  std::uint32_t availability = 0;
  bool intergenerational = false;
  std::optional<std::int64_t> for_user;  // a worker recording for someone: nullopt for the caller
  std::string language = "en";           // what the description is written in: a code Kith speaks
};

// Records a gift or a need; errors name the field.
Result<std::int64_t> add_entry(store::Db& db, const Caller& c, const BoardInput& in);
std::vector<BoardEntry> entries_of(store::Db& db, std::int64_t user_id);
std::vector<BoardEntry> open_entries(store::Db& db, const std::string& side);
std::optional<BoardEntry> entry(store::Db& db, std::int64_t id);

// The best gifts for each open need, with reasons in words.
struct Suggestion {
  BoardEntry gift;
  Match match;
  std::vector<std::string> reasons;
};
std::vector<Suggestion> suggestions(store::Db& db, const BoardEntry& need, std::size_t k,
                                    const std::vector<BoardEntry>& gifts);

struct Introduction {
  std::int64_t id = 0;
  BoardEntry need, gift;
  std::string outcome;  // introduced, lasted, did-not-last
  std::string created_at;
};
Result<std::int64_t> introduce(store::Db& db, const Caller& c, std::int64_t need_id, std::int64_t gift_id);
Status follow_up(store::Db& db, const Caller& c, std::int64_t introduction_id, const std::string& outcome);
std::vector<Introduction> introductions(store::Db& db);

}  // namespace kith::timebank
