#pragma once
#include <string>

#include "directory/hsds.h"

namespace kith::directory {

// The demo place's sample listings (HSDS 3.0 records: a taxonomy, its terms, services).
Json demo_feed();
std::string demo_taxonomy_id();
// The id of a demo category: meet, food, health, families, older, money, learning.
std::string demo_term_id(const std::string& key);

}  // namespace kith::directory
