#pragma once
// Storage of resilience plans: the plan and its areas, its six sections and their
// evidence, the logic model's outcomes and the milestones. Rows are read by column
// name. Writes are checked and audited by the caller (service.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plans/plans.h"
#include "store/db.h"

namespace kith::plans {

struct Plan {
  std::int64_t id = 0;
  std::string name;
  std::string authority_code;
  std::string summary;
  std::vector<std::string> area_codes;
  // The logic model's situation and what goes in, is done and comes out.
  std::string situation, inputs, activities, outputs;
  bool is_demo = false;
  std::string created_at, updated_at;
};

struct Section {
  std::string step;
  std::string status = "not-started";
  std::string notes;
};

struct Evidence {
  std::int64_t id = 0;
  std::string step;
  std::string href;
  std::string label;
};

struct Outcome {
  std::int64_t id = 0;
  std::int64_t plan_id = 0;
  std::string term;
  std::string description;
  std::string outcome_slug;  // "" for none
  std::string measure;       // "" for none
  std::optional<double> baseline;
  std::string baseline_at;
  std::optional<double> target;
  std::optional<int> target_direction;  // 1 up, -1 down from the baseline it was set against
};

struct Action {
  std::int64_t id = 0;
  std::string title;
  std::string kind;
  std::string ref;
  std::string href;
};

// An overdue milestone with its plan's name, for the view across plans.
struct PlanMilestone {
  Milestone milestone;
  std::string plan_name;
};

class PlanStore {
 public:
  explicit PlanStore(store::Db& db) : db_(db) {}
  std::vector<Plan> plans();
  std::optional<Plan> plan(std::int64_t id);
  std::int64_t add(const Plan& p, std::optional<std::int64_t> by);
  void update_details(const Plan& p);
  // Replaces the plan's areas and its authority with p's.
  void set_areas(const Plan& p);
  void set_logic(std::int64_t plan, const std::string& situation, const std::string& inputs,
                 const std::string& activities, const std::string& outputs);

  // Every step's section, in Chorley's order (a step never saved is not started).
  std::vector<Section> sections(std::int64_t plan);
  void set_section(std::int64_t plan, const Section& s);
  std::vector<Evidence> evidence(std::int64_t plan);
  std::int64_t add_evidence(std::int64_t plan, const Evidence& e);
  std::optional<Evidence> evidence_item(std::int64_t plan, std::int64_t id);
  void remove_evidence(std::int64_t id);

  std::vector<Outcome> outcomes(std::int64_t plan);
  std::int64_t add_outcome(const Outcome& o);
  // Sets an outcome's baseline and when it was taken, from o.
  void set_baseline(const Outcome& o);
  void remove_outcome(std::int64_t plan, std::int64_t id);

  std::vector<Action> actions(std::int64_t plan);
  std::int64_t add_action(std::int64_t plan, const Action& a);
  void remove_action(std::int64_t plan, std::int64_t id);
  void remove_milestone(std::int64_t plan, std::int64_t id);
  // The name of the record an action links to, if it exists.
  std::optional<std::string> delivered_by(const std::string& kind, const std::string& ref);
  // The plans with an action delivered by this record (kind and id or slug), by name.
  std::vector<std::pair<std::int64_t, std::string>> plans_delivered_by(const std::string& kind, const std::string& ref);

  std::vector<Milestone> milestones(std::int64_t plan);
  std::optional<Milestone> milestone(std::int64_t plan, std::int64_t id);
  std::int64_t add_milestone(const Milestone& m);
  void update_milestone(const Milestone& m);
  // Milestones not done and due before `today`, across every plan, most late first.
  std::vector<PlanMilestone> overdue(const std::string& today);

  // Whether a record a link names exists (an area by code, a story by id).
  bool area_exists(const std::string& code);
  bool story_exists(std::int64_t id);

 private:
  void touch(std::int64_t plan);
  store::Db& db_;
};

}  // namespace kith::plans
