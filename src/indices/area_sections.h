#pragma once
// Area intelligence's parts of an area's profile page: the area's deprivation
// beside its parents and England, and Kith's default resilience index there.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "app/module.h"

namespace kith::indices {

std::optional<nlohmann::json> deprivation_section(store::Db& db, const app::AreaScope& scope);
std::optional<nlohmann::json> resilience_section(store::Db& db, const app::AreaScope& scope,
                                                 const std::string& source_data, const app::AreaMeasures& measures);

}  // namespace kith::indices
