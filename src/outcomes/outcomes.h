#pragma once
// One outcome framework for all of Kith: an admin adds, renames or retires outcomes
// (never re-tagging old records: a retired outcome stays on what it was put on), and
// any module tags its records with them. Each write checked and audited.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/audit.h"
#include "core/result.h"
#include "outcomes/outcome_store.h"

namespace kith::outcomes {

// The framework every place starts with (migration 0012: Dudley's seven), in English.
// Pages say these names in their language until an admin renames them.
const std::vector<std::string>& starting_names();

// "A sense of purpose" -> "a-sense-of-purpose"; pure.
std::string slug_of(const std::string& name);

Result<std::int64_t> add(store::Db& db, const audit::Actor& actor, const std::string& name);
Status rename(store::Db& db, const audit::Actor& actor, const std::string& slug, const std::string& name);
Status retire(store::Db& db, const audit::Actor& actor, const std::string& slug);

// The outcomes named by `slugs`, every one current; errors under `field` otherwise.
Result<std::vector<Outcome>> current(store::Db& db, const std::vector<std::string>& slugs, const std::string& field);

// Sets a record's current outcomes to `slugs`; retired ones it carries stay.
Status set_tags(store::Db& db, const audit::Actor& actor, const std::string& entity, const std::string& entity_id,
                const std::vector<std::string>& slugs);

// The outcomes as form choices, with those in `chosen` ticked.
nlohmann::json choices(store::Db& db, const std::vector<std::string>& chosen);

}  // namespace kith::outcomes
