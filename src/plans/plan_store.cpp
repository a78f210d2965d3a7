#include "plans/plan_store.h"

#include "core/clock.h"

namespace kith::plans {

namespace {

std::string col(const store::Row& r, std::string_view name) {
  auto i = r.index(name);
  return r.is_null(i) ? "" : r.text(i);
}
std::int64_t int_col(const store::Row& r, std::string_view name) { return r.integer(r.index(name)); }
std::optional<double> real_col(const store::Row& r, std::string_view name) { return r.opt_real(r.index(name)); }

constexpr const char* kPlanColumns =
    "SELECT id, name, authority_code, summary, situation, inputs, activities, outputs, is_demo, created_at, "
    "updated_at FROM plans ";
constexpr const char* kMilestoneColumns =
    "SELECT id, plan_id, title, owner, due, rag, done, done_on FROM plan_milestones ";

Plan plan_of(const store::Row& r) {
  Plan p;
  p.id = int_col(r, "id");
  p.name = col(r, "name");
  p.authority_code = col(r, "authority_code");
  p.summary = col(r, "summary");
  p.situation = col(r, "situation");
  p.inputs = col(r, "inputs");
  p.activities = col(r, "activities");
  p.outputs = col(r, "outputs");
  p.is_demo = int_col(r, "is_demo") != 0;
  p.created_at = col(r, "created_at");
  p.updated_at = col(r, "updated_at");
  return p;
}

Milestone milestone_of(const store::Row& r) {
  Milestone m;
  m.id = int_col(r, "id");
  m.plan_id = int_col(r, "plan_id");
  m.title = col(r, "title");
  m.owner = col(r, "owner");
  m.due = col(r, "due");
  m.rag = col(r, "rag");
  m.done = int_col(r, "done") != 0;
  m.done_on = col(r, "done_on");
  return m;
}

}  // namespace

std::vector<Plan> PlanStore::plans() {
  std::vector<Plan> out;
  for (const auto& r : db_.query(std::string(kPlanColumns) + "ORDER BY name, id")) out.push_back(plan_of(r));
  for (auto& p : out)
    for (const auto& r : db_.query("SELECT area_code FROM plan_areas WHERE plan_id = ? ORDER BY position", {p.id}))
      p.area_codes.push_back(r.text(0));
  return out;
}

std::optional<Plan> PlanStore::plan(std::int64_t id) {
  auto row = db_.query_one(std::string(kPlanColumns) + "WHERE id = ?", {id});
  if (!row) return std::nullopt;
  Plan p = plan_of(*row);
  for (const auto& r : db_.query("SELECT area_code FROM plan_areas WHERE plan_id = ? ORDER BY position", {id}))
    p.area_codes.push_back(r.text(0));
  return p;
}

std::int64_t PlanStore::add(const Plan& p, std::optional<std::int64_t> by) {
  std::string now = now_iso();
  std::int64_t id =
      db_.query_one(
             "INSERT INTO plans (name, authority_code, summary, is_demo, created_by, created_at, "
             "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
             {p.name, p.authority_code, p.summary, std::int64_t{p.is_demo ? 1 : 0}, store::or_null(by), now, now})
          ->integer(0);
  std::int64_t position = 0;
  for (const auto& code : p.area_codes)
    db_.exec("INSERT INTO plan_areas (plan_id, area_code, position) VALUES (?, ?, ?)", {id, code, position++});
  return id;
}

void PlanStore::update_details(const Plan& p) {
  db_.exec("UPDATE plans SET name = ?, summary = ?, updated_at = ? WHERE id = ?", {p.name, p.summary, now_iso(), p.id});
}

void PlanStore::set_areas(const Plan& p) {
  db_.exec("UPDATE plans SET authority_code = ?, updated_at = ? WHERE id = ?", {p.authority_code, now_iso(), p.id});
  db_.exec("DELETE FROM plan_areas WHERE plan_id = ?", {p.id});
  std::int64_t position = 0;
  for (const auto& code : p.area_codes)
    db_.exec("INSERT INTO plan_areas (plan_id, area_code, position) VALUES (?, ?, ?)", {p.id, code, position++});
}

void PlanStore::set_logic(std::int64_t plan, const std::string& situation, const std::string& inputs,
                          const std::string& activities, const std::string& outputs) {
  db_.exec("UPDATE plans SET situation = ?, inputs = ?, activities = ?, outputs = ?, updated_at = ? WHERE id = ?",
           {situation, inputs, activities, outputs, now_iso(), plan});
}

void PlanStore::touch(std::int64_t plan) {
  db_.exec("UPDATE plans SET updated_at = ? WHERE id = ?", {now_iso(), plan});
}

std::vector<Section> PlanStore::sections(std::int64_t plan) {
  std::vector<Section> out;
  for (const auto& s : steps()) out.push_back({s.key, "not-started", ""});
  for (const auto& r : db_.query("SELECT step, status, notes FROM plan_sections WHERE plan_id = ?", {plan}))
    for (auto& s : out)
      if (s.step == col(r, "step")) {
        s.status = col(r, "status");
        s.notes = col(r, "notes");
      }
  return out;
}

void PlanStore::set_section(std::int64_t plan, const Section& s) {
  db_.exec("DELETE FROM plan_sections WHERE plan_id = ? AND step = ?", {plan, s.step});
  db_.exec("INSERT INTO plan_sections (plan_id, step, status, notes) VALUES (?, ?, ?, ?)",
           {plan, s.step, s.status, s.notes});
  touch(plan);
}

std::vector<Evidence> PlanStore::evidence(std::int64_t plan) {
  std::vector<Evidence> out;
  for (const auto& r :
       db_.query("SELECT id, step, href, label FROM plan_evidence WHERE plan_id = ? ORDER BY id", {plan}))
    out.push_back({int_col(r, "id"), col(r, "step"), col(r, "href"), col(r, "label")});
  return out;
}

std::int64_t PlanStore::add_evidence(std::int64_t plan, const Evidence& e) {
  touch(plan);
  return db_
      .query_one("INSERT INTO plan_evidence (plan_id, step, href, label, added_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                 {plan, e.step, e.href, e.label, now_iso()})
      ->integer(0);
}

std::optional<Evidence> PlanStore::evidence_item(std::int64_t plan, std::int64_t id) {
  for (const auto& e : evidence(plan))
    if (e.id == id) return e;
  return std::nullopt;
}

void PlanStore::remove_evidence(std::int64_t id) { db_.exec("DELETE FROM plan_evidence WHERE id = ?", {id}); }

std::vector<Outcome> PlanStore::outcomes(std::int64_t plan) {
  std::vector<Outcome> out;
  for (const auto& r :
       db_.query("SELECT id, plan_id, term, description, outcome_slug, measure, baseline, baseline_at, target, "
                 "target_direction "
                 "FROM plan_outcomes WHERE plan_id = ? ORDER BY CASE term WHEN 'short' THEN 1 WHEN 'medium' THEN 2 "
                 "ELSE 3 END, id",
                 {plan})) {
    Outcome o;
    o.id = int_col(r, "id");
    o.plan_id = int_col(r, "plan_id");
    o.term = col(r, "term");
    o.description = col(r, "description");
    o.outcome_slug = col(r, "outcome_slug");
    o.measure = col(r, "measure");
    o.baseline = real_col(r, "baseline");
    o.baseline_at = col(r, "baseline_at");
    o.target = real_col(r, "target");
    if (auto d = r.opt_integer(r.index("target_direction"))) o.target_direction = static_cast<int>(*d);
    out.push_back(o);
  }
  return out;
}

std::int64_t PlanStore::add_outcome(const Outcome& o) {
  touch(o.plan_id);
  return db_
      .query_one(
          "INSERT INTO plan_outcomes (plan_id, term, description, outcome_slug, measure, baseline, baseline_at, "
          "target, target_direction) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {o.plan_id, o.term, o.description, store::or_null(o.outcome_slug), store::or_null(o.measure),
           store::or_null(o.baseline), store::or_null(o.baseline_at), store::or_null(o.target),
           o.target_direction ? store::Value(std::int64_t{*o.target_direction}) : store::Value(nullptr)})
      ->integer(0);
}

void PlanStore::set_baseline(const Outcome& o) {
  db_.exec("UPDATE plan_outcomes SET baseline = ?, baseline_at = ? WHERE id = ?",
           {store::or_null(o.baseline), store::or_null(o.baseline_at), o.id});
}

std::vector<Action> PlanStore::actions(std::int64_t plan) {
  std::vector<Action> out;
  for (const auto& r :
       db_.query("SELECT id, title, kind, ref, href FROM plan_actions WHERE plan_id = ? ORDER BY id", {plan}))
    out.push_back({int_col(r, "id"), col(r, "title"), col(r, "kind"), col(r, "ref"), col(r, "href")});
  return out;
}

void PlanStore::remove_outcome(std::int64_t plan, std::int64_t id) {
  touch(plan);
  db_.exec("DELETE FROM plan_outcomes WHERE plan_id = ? AND id = ?", {plan, id});
}

void PlanStore::remove_action(std::int64_t plan, std::int64_t id) {
  touch(plan);
  db_.exec("DELETE FROM plan_actions WHERE plan_id = ? AND id = ?", {plan, id});
}

void PlanStore::remove_milestone(std::int64_t plan, std::int64_t id) {
  touch(plan);
  db_.exec("DELETE FROM plan_milestones WHERE plan_id = ? AND id = ?", {plan, id});
}

std::int64_t PlanStore::add_action(std::int64_t plan, const Action& a) {
  touch(plan);
  return db_
      .query_one("INSERT INTO plan_actions (plan_id, title, kind, ref, href) VALUES (?, ?, ?, ?, ?) RETURNING id",
                 {plan, a.title, a.kind, a.ref, a.href})
      ->integer(0);
}

std::optional<std::string> PlanStore::delivered_by(const std::string& kind, const std::string& ref) {
  std::optional<store::Row> row;
  if (kind == "service") {
    row = db_.query_one("SELECT name FROM hsds_service WHERE id = ?", {ref});
  } else if (kind == "timebank") {
    row = db_.query_one("SELECT name FROM timebanks WHERE slug = ?", {ref});
  } else {
    // The others are found by a number, checked as one by delivery_of.
    const char* sql = kind == "pb"              ? "SELECT name FROM pb_processes WHERE id = ?"
                      : kind == "hub"           ? "SELECT name FROM hubs WHERE id = ?"
                      : kind == "initiative"    ? "SELECT name FROM initiatives WHERE id = ?"
                      : kind == "grant-project" ? "SELECT group_name FROM grant_applications WHERE id = ? AND "
                                                  "status = 'funded'"
                                                : "SELECT name FROM grant_rounds WHERE id = ?";
    row = db_.query_one(sql, {std::int64_t{std::stoll(ref)}});
  }
  if (!row) return std::nullopt;
  return row->text(0);
}

std::vector<std::pair<std::int64_t, std::string>> PlanStore::plans_delivered_by(const std::string& kind,
                                                                                const std::string& ref) {
  std::vector<std::pair<std::int64_t, std::string>> out;
  for (const auto& r : db_.query("SELECT DISTINCT p.id, p.name FROM plans p JOIN plan_actions a ON a.plan_id = p.id "
                                 "WHERE a.kind = ? AND a.ref = ? ORDER BY p.name",
                                 {kind, ref}))
    out.emplace_back(r.integer(0), r.text(1));
  return out;
}

std::vector<Milestone> PlanStore::milestones(std::int64_t plan) {
  std::vector<Milestone> out;
  for (const auto& r : db_.query(std::string(kMilestoneColumns) + "WHERE plan_id = ? ORDER BY due, id", {plan}))
    out.push_back(milestone_of(r));
  return out;
}

std::optional<Milestone> PlanStore::milestone(std::int64_t plan, std::int64_t id) {
  auto row = db_.query_one(std::string(kMilestoneColumns) + "WHERE plan_id = ? AND id = ?", {plan, id});
  if (!row) return std::nullopt;
  return milestone_of(*row);
}

std::int64_t PlanStore::add_milestone(const Milestone& m) {
  touch(m.plan_id);
  return db_
      .query_one(
          "INSERT INTO plan_milestones (plan_id, title, owner, due, rag, done) VALUES (?, ?, ?, ?, ?, 0) "
          "RETURNING id",
          {m.plan_id, m.title, m.owner, m.due, m.rag})
      ->integer(0);
}

void PlanStore::update_milestone(const Milestone& m) {
  touch(m.plan_id);
  db_.exec("UPDATE plan_milestones SET title = ?, owner = ?, due = ?, rag = ?, done = ?, done_on = ? WHERE id = ?",
           {m.title, m.owner, m.due, m.rag, std::int64_t{m.done ? 1 : 0}, store::or_null(m.done_on), m.id});
}

std::vector<PlanMilestone> PlanStore::overdue(const std::string& today) {
  std::vector<PlanMilestone> out;
  for (const auto& r :
       db_.query("SELECT m.id, m.plan_id, m.title, m.owner, m.due, m.rag, m.done, m.done_on, p.name AS plan_name "
                 "FROM plan_milestones m JOIN plans p ON p.id = m.plan_id WHERE m.done = 0 AND m.due < ? "
                 "ORDER BY m.due, p.name, m.id",
                 {today}))
    out.push_back({milestone_of(r), col(r, "plan_name")});
  return out;
}

bool PlanStore::area_exists(const std::string& code) {
  return db_.query_one("SELECT 1 FROM areas WHERE code = ?", {code}).has_value();
}

bool PlanStore::story_exists(std::int64_t id) {
  return db_.query_one("SELECT 1 FROM stories WHERE id = ?", {id}).has_value();
}

}  // namespace kith::plans
