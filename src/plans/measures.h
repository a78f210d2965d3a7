#pragma once
// The measures an outcome may name, and their value over a plan's areas now: every
// module's measure by LSOA (census indicators, activities per 1,000, stories,
// timebank, coordination referrals — each with its own suppression) and the IMD
// score, over the plan's LSOAs that have a value, weighted by their people.
#include <optional>
#include <string>
#include <vector>

#include "app/module.h"
#include "plans/plan_store.h"
#include "plans/plans.h"

namespace kith::plans {

// Adds Kith's own measures to the modules' ("iod.imd_score": the IMD 2025 score).
app::AreaMeasures with_builtin(app::AreaMeasures all);

// The LSOAs a plan covers (each area's, without repeats), in code order.
std::vector<std::string> plan_lsoas(store::Db& db, const Plan& plan);

// The measure over the plan's LSOAs that have a value, weighted by their people
// (plans.h, combine); nullopt when the measure is unknown, fails, or has no value there.
std::optional<Combined> measure_value(store::Db& db, const app::AreaMeasures& measures, const std::string& measure,
                                      const Plan& plan);

// A measure's name as its module gives it, in the page's language; a measure this
// Kith no longer offers is named from its key ("hubs.visits_per_week" -> "Hubs visits
// per week").
std::string measure_label(const app::AreaMeasures& measures, const std::string& measure);

}  // namespace kith::plans
