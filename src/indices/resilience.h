#pragma once
// A community resilience index anyone can define (Chorley's three levels that shape
// resilience: structural conditions, social networks and capital, self). A
// definition names indicators, each with its level, direction, transformation and
// weight; the index is the weighted sum of the transformed indicators, so that a
// higher score means an area needs more support (as with the IMD). Pure: the
// definition and the indicators' values come in, scores and ranks go out.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace kith::indices {

enum class Level { kStructural, kSocial, kSelf };
inline constexpr int kLevels = 3;
const char* level_id(Level l);    // "structural", "social", "self"
const char* level_name(Level l);  // "Structural conditions", ...

enum class Direction {
  kRisk,      // a higher value means less resilient (income deprivation)
  kStrength,  // a higher value means more resilient (activities per head)
};
enum class Transform {
  kExponentialRank,  // rank, then the IMD's exponential transformation: 0 to 100
  kZScore,           // (value - mean) / standard deviation
  kMinMax,           // (value - min) / (max - min) * 100
};

struct Indicator {
  std::string id;
  std::string label;
  Level level = Level::kStructural;
  std::string source;  // "iod2025:<column>", "csv:<file>#<column>" or "kith:<measure>"
  Direction direction = Direction::kRisk;
  Transform transform = Transform::kExponentialRank;
  double weight = 0;
  std::string rationale;
};

struct Definition {
  std::string name;
  std::string scope;  // a local authority code, or "" for England
  std::vector<Indicator> indicators;
};

// Reads a definition; every problem names the indicator (by number and id) and the
// field: an unknown level, direction or transformation, a missing or negative
// weight, a repeated id, no indicators.
Result<Definition> parse_definition(const nlohmann::json& j);
nlohmann::json definition_json(const Definition& d);
// The definition Kith ships, from the seeds' three levels, with a rationale for each.
const Definition& default_definition();

// The areas and, for each indicator of the definition in order, its value in each area.
struct IndicatorValues {
  std::vector<std::string> areas;
  std::vector<std::vector<std::optional<double>>> values;  // [indicator][area]
};

struct AreaResult {
  std::string code;
  double score = 0;
  std::int64_t rank = 0;                       // 1 = needs most support
  int decile = 0;                              // 1 = the tenth needing most support
  std::array<double, kLevels> contribution{};  // each level's part of the score
  std::int64_t lowest_rank = 0;                // the best and worst rank it takes when any one
  std::int64_t highest_rank = 0;               // weight moves by 25% either way
};

struct IndicatorSensitivity {
  std::string id;
  double mean_rank_change = 0;  // mean over areas and both directions, in places
  std::int64_t max_rank_change = 0;
};

struct ResilienceResult {
  std::vector<AreaResult> areas;  // in the order given
  std::vector<IndicatorSensitivity> sensitivity;
};

// Computes the index. An indicator with no value for some areas is refused, naming
// it and the first areas missing; so is one with no spread (all values equal).
Result<ResilienceResult> compute(const Definition& d, const IndicatorValues& v);

}  // namespace kith::indices
