#pragma once
// Every write to resilience plans, checked and audited with before and after:
// creating a plan for a set of areas, its sections and evidence, the logic model and
// its outcomes (a measure's baseline taken when it is set), and milestones.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/module.h"
#include "audit/audit.h"
#include "core/result.h"
#include "plans/plan_store.h"

namespace kith::plans {

// A plan for areas of one local authority: LSOAs, MSOAs, wards or saved neighbourhoods.
Result<std::int64_t> create_plan(store::Db& db, const audit::Actor& actor, Plan p);
Status update_details(store::Db& db, const audit::Actor& actor, const Plan& before, const std::string& name,
                      const std::string& summary);
// Changes the plan's areas (checked as create_plan checks them). Each measured
// outcome's baseline is taken again over the new areas; returns how many were.
Result<int> change_areas(store::Db& db, const audit::Actor& actor, const app::AreaMeasures& measures,
                         const Plan& before, const std::vector<std::string>& typed);
Status set_section(store::Db& db, const audit::Actor& actor, const Plan& plan, const Section& s);
// A link to a page in Kith; one to an area or a story must name one that exists.
Result<std::int64_t> add_evidence(store::Db& db, const audit::Actor& actor, const Plan& plan, Evidence e);
Status remove_evidence(store::Db& db, const audit::Actor& actor, const Plan& plan, std::int64_t id);
// Takes an outcome (with its measure) or an action off the plan, audited with what it was.
Status remove_outcome(store::Db& db, const audit::Actor& actor, const Plan& plan, std::int64_t id);
Status remove_action(store::Db& db, const audit::Actor& actor, const Plan& plan, std::int64_t id);
Status remove_milestone(store::Db& db, const audit::Actor& actor, const Plan& plan, std::int64_t id);
Status set_logic(store::Db& db, const audit::Actor& actor, const Plan& plan, const std::string& situation,
                 const std::string& inputs, const std::string& activities, const std::string& outputs);
// An outcome of the logic model; with a measure, its value over the plan's areas now
// becomes the baseline.
Result<std::int64_t> add_outcome(store::Db& db, const audit::Actor& actor, const app::AreaMeasures& measures,
                                 const Plan& plan, Outcome o, const std::string& target_text);
// An action linked to the page of what delivers it in Kith, which must exist.
Result<std::int64_t> add_action(store::Db& db, const audit::Actor& actor, const Plan& plan, const std::string& title,
                                const std::string& href);
Result<std::int64_t> add_milestone(store::Db& db, const audit::Actor& actor, const Plan& plan, Milestone m);
// Changes what a milestone is, who owns it, when it is due and its RAG (`m.id` names
// it); whether it is done stays as it was.
Status change_milestone(store::Db& db, const audit::Actor& actor, const Plan& plan, const Milestone& m);
// Sets a milestone's RAG and whether it is done (on `today`).
Status update_milestone(store::Db& db, const audit::Actor& actor, const Plan& plan, std::int64_t id,
                        const std::string& rag, bool done, const std::string& today);

}  // namespace kith::plans
