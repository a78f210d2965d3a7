#pragma once
// The place's settings, a key-value table (JSON values), e.g. "place.authorities".
#include <nlohmann/json.hpp>
#include <string>

#include "store/db.h"

namespace kith::store {

nlohmann::json get_setting(Db& db, const std::string& key, const nlohmann::json& fallback = nullptr);
void set_setting(Db& db, const std::string& key, const nlohmann::json& value);

}  // namespace kith::store
