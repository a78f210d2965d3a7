#include "plans/service.h"

#include <algorithm>
#include <cmath>

#include "areas/area_store.h"
#include "core/clock.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "outcomes/outcomes.h"
#include "plans/measures.h"

namespace kith::plans {

namespace {

using Json = nlohmann::json;

Json plan_json(const Plan& p) {
  return {{"name", p.name},
          {"authority_code", p.authority_code},
          {"summary", p.summary},
          {"areas", p.area_codes},
          {"situation", p.situation},
          {"inputs", p.inputs},
          {"activities", p.activities},
          {"outputs", p.outputs}};
}

Json milestone_json(const Milestone& m) {
  return {{"title", m.title}, {"owner", m.owner}, {"due", m.due},
          {"rag", m.rag},     {"done", m.done},   {"done_on", m.done_on}};
}

std::optional<FieldError> too_long(const std::string& field, const std::string& text, std::size_t most,
                                   const std::string& what) {
  if (text.size() <= most) return std::nullopt;
  return FieldError{field,
                    "Enter " + what + " of " + thousands(static_cast<std::int64_t>(most)) + " characters or fewer"};
}

std::string id_of(const Plan& p) { return std::to_string(p.id); }

// The areas of a focus community as typed: LSOA, ward or neighbourhood codes of one
// local authority, each once; what is wrong goes to `errors`.
struct FocusAreas {
  std::vector<std::string> codes;
  std::string authority;
};
FocusAreas focus_areas(store::Db& db, const std::vector<std::string>& typed, std::vector<FieldError>& errors) {
  areas::AreaStore areas(db);
  FocusAreas out;
  for (const auto& raw : typed) {
    std::string code = to_upper(trim(raw));
    if (code.empty()) continue;
    auto a = areas.get(code);
    if (!a) {
      errors.push_back(
          {"areas", i18n::tr("There is no area {code}: enter LSOA, ward or neighbourhood codes", {{"code", code}})});
      break;
    }
    if (a->kind == areas::Kind::kCountry || a->kind == areas::Kind::kAuthority) {
      errors.push_back({"areas", i18n::tr("{code} is a whole local authority or country: enter the LSOAs, MSOAs, "
                                          "wards or neighbourhoods of the focus community",
                                          {{"code", code}})});
      break;
    }
    if (!out.authority.empty() && a->authority_code != out.authority) {
      errors.push_back({"areas", i18n::tr("Enter areas of one local authority: {code} is in another local authority",
                                          {{"code", code}})});
      break;
    }
    out.authority = a->authority_code;
    if (std::find(out.codes.begin(), out.codes.end(), code) == out.codes.end()) out.codes.push_back(code);
  }
  if (out.codes.empty() && std::none_of(errors.begin(), errors.end(), [](const auto& e) { return e.field == "areas"; }))
    errors.push_back({"areas", "Enter at least one area: a saved neighbourhood, ward or LSOA code"});
  if (out.codes.size() > 200) errors.push_back({"areas", "Enter 200 areas or fewer"});
  return out;
}

}  // namespace

Result<std::int64_t> create_plan(store::Db& db, const audit::Actor& actor, Plan p) {
  std::vector<FieldError> errors;
  p.name = trim(p.name);
  p.summary = trim(p.summary);
  if (p.name.empty()) errors.push_back({"name", "Enter the plan's name, like Clayton Brook resilience plan"});
  if (auto e = too_long("name", p.name, 150, "a name")) errors.push_back(*e);
  if (auto e = too_long("summary", p.summary, 2000, "a summary")) errors.push_back(*e);
  FocusAreas focus = focus_areas(db, p.area_codes, errors);
  if (!errors.empty()) return Error::validation(errors);
  p.area_codes = focus.codes;
  p.authority_code = focus.authority;
  PlanStore store(db);
  std::int64_t id = store.add(p, actor.id);
  p.id = id;
  audit::record(db, actor, "plans.create", "plan", std::to_string(id), nullptr, plan_json(p));
  return id;
}

Status update_details(store::Db& db, const audit::Actor& actor, const Plan& before, const std::string& name,
                      const std::string& summary) {
  Plan after = before;
  after.name = trim(name);
  after.summary = trim(summary);
  std::vector<FieldError> errors;
  if (after.name.empty()) errors.push_back({"name", "Enter the plan's name"});
  if (auto e = too_long("name", after.name, 150, "a name")) errors.push_back(*e);
  if (auto e = too_long("summary", after.summary, 2000, "a summary")) errors.push_back(*e);
  if (!errors.empty()) return Error::validation(errors);
  PlanStore(db).update_details(after);
  audit::record(db, actor, "plans.details", "plan", id_of(before), plan_json(before), plan_json(after));
  return Ok{};
}

Result<int> change_areas(store::Db& db, const audit::Actor& actor, const app::AreaMeasures& measures,
                         const Plan& before, const std::vector<std::string>& typed) {
  std::vector<FieldError> errors;
  FocusAreas focus = focus_areas(db, typed, errors);
  // A plan belongs to its authority (its evidence, engagement and milestones are there).
  if (errors.empty() && focus.authority != before.authority_code) {
    auto home = areas::AreaStore(db).get(before.authority_code);
    errors.push_back(
        {"areas", i18n::tr("This plan is for {authority}: {code} is elsewhere. Start a new plan for a "
                           "community in another local authority.",
                           {{"authority", home ? home->name : before.authority_code}, {"code", focus.codes.front()}})});
  }
  if (!errors.empty()) return Error::validation(errors);
  if (focus.codes == before.area_codes) return 0;
  Plan after = before;
  after.area_codes = focus.codes;
  after.authority_code = focus.authority;
  PlanStore store(db);
  store.set_areas(after);
  // A baseline over other areas says nothing about these: each is taken again, the
  // old one kept in the audit log.
  int retaken = 0;
  Json baselines = Json::array();
  std::string now = now_iso();
  for (auto o : store.outcomes(before.id)) {
    if (o.measure.empty()) continue;
    Json was = {{"id", o.id}, {"baseline", o.baseline ? Json(*o.baseline) : Json(nullptr)}, {"at", o.baseline_at}};
    auto v = measure_value(db, measures, o.measure, after);
    o.baseline = v ? std::optional<double>(v->value) : std::nullopt;
    o.baseline_at = now;
    store.set_baseline(o);
    was["now"] = o.baseline ? Json(*o.baseline) : Json(nullptr);
    baselines.push_back(was);
    ++retaken;
  }
  Json after_json = plan_json(after);
  after_json["baselines"] = baselines;
  audit::record(db, actor, "plans.areas", "plan", id_of(before), plan_json(before), after_json);
  return retaken;
}

Status set_section(store::Db& db, const audit::Actor& actor, const Plan& plan, const Section& s) {
  std::vector<FieldError> errors;
  if (!is_step(s.step)) return Error::validation({{"step", "Choose one of the six steps"}});
  if (!is_status(s.status)) errors.push_back({"status-" + s.step, "Choose not started, in progress or done"});
  if (auto e = too_long("notes-" + s.step, s.notes, 10000, "notes")) errors.push_back(*e);
  if (!errors.empty()) return Error::validation(errors);
  PlanStore store(db);
  Section before;
  for (const auto& x : store.sections(plan.id))
    if (x.step == s.step) before = x;
  Section after{s.step, s.status, trim(s.notes)};
  store.set_section(plan.id, after);
  audit::record(db, actor, "plans.section", "plan", id_of(plan),
                {{"step", before.step}, {"status", before.status}, {"notes", before.notes}},
                {{"step", after.step}, {"status", after.status}, {"notes", after.notes}});
  return Ok{};
}

Result<std::int64_t> add_evidence(store::Db& db, const audit::Actor& actor, const Plan& plan, Evidence e) {
  if (!is_step(e.step)) return Error::validation({{"step", "Choose the step this evidence is for"}});
  std::vector<FieldError> errors;
  e.label = trim(e.label);
  if (e.label.empty()) errors.push_back({"label", "Enter what the link shows, like Census: who lives here"});
  if (auto t = too_long("label", e.label, 200, "a description")) errors.push_back(*t);
  auto href = internal_link(e.href);
  PlanStore store(db);
  if (!href) {
    errors.push_back(href.error().fields.front());
  } else {
    e.href = *href;
    std::string path = e.href.substr(0, e.href.find_first_of("?#"));
    auto parts = split(path, '/');  // "", "areas", "E01024915", ...
    if (parts.size() >= 3 && parts[1] == "areas" && parts[2] != "authorities" && !store.area_exists(to_upper(parts[2])))
      errors.push_back({"href", i18n::tr("There is no area {code} in Kith: check the link", {{"code", parts[2]}})});
    if (parts.size() >= 3 && parts[1] == "stories") {
      auto id = parse_int(parts[2]);
      if (id && !store.story_exists(*id))
        errors.push_back({"href", i18n::tr("There is no story {code} in Kith: check the link", {{"code", parts[2]}})});
    }
  }
  if (!errors.empty()) return Error::validation(errors);
  std::int64_t id = store.add_evidence(plan.id, e);
  audit::record(db, actor, "plans.evidence.add", "plan", id_of(plan), nullptr,
                {{"id", id}, {"step", e.step}, {"href", e.href}, {"label", e.label}});
  return id;
}

Status remove_evidence(store::Db& db, const audit::Actor& actor, const Plan& plan, std::int64_t id) {
  PlanStore store(db);
  auto e = store.evidence_item(plan.id, id);
  if (!e) return Error::not_found("There is no such evidence on this plan.");
  store.remove_evidence(id);
  audit::record(db, actor, "plans.evidence.remove", "plan", id_of(plan),
                {{"id", id}, {"step", e->step}, {"href", e->href}, {"label", e->label}}, nullptr);
  return Ok{};
}

Status remove_outcome(store::Db& db, const audit::Actor& actor, const Plan& plan, std::int64_t id) {
  PlanStore store(db);
  for (const auto& o : store.outcomes(plan.id)) {
    if (o.id != id) continue;
    store.remove_outcome(plan.id, id);
    audit::record(db, actor, "plans.outcome.remove", "plan", id_of(plan),
                  {{"id", id}, {"term", o.term}, {"description", o.description}, {"measure", o.measure}}, nullptr);
    return Ok{};
  }
  return Error::not_found(i18n::tr("There is no such outcome on this plan."));
}

Status remove_action(store::Db& db, const audit::Actor& actor, const Plan& plan, std::int64_t id) {
  PlanStore store(db);
  for (const auto& a : store.actions(plan.id)) {
    if (a.id != id) continue;
    store.remove_action(plan.id, id);
    audit::record(db, actor, "plans.action.remove", "plan", id_of(plan),
                  {{"id", id}, {"title", a.title}, {"href", a.href}}, nullptr);
    return Ok{};
  }
  return Error::not_found(i18n::tr("There is no such action on this plan."));
}

Status remove_milestone(store::Db& db, const audit::Actor& actor, const Plan& plan, std::int64_t id) {
  PlanStore store(db);
  auto m = store.milestone(plan.id, id);
  if (!m) return Error::not_found(i18n::tr("There is no such milestone on this plan."));
  store.remove_milestone(plan.id, id);
  audit::record(db, actor, "plans.milestone.remove", "plan", id_of(plan), milestone_json(*m), nullptr);
  return Ok{};
}

Status set_logic(store::Db& db, const audit::Actor& actor, const Plan& plan, const std::string& situation,
                 const std::string& inputs, const std::string& activities, const std::string& outputs) {
  std::vector<FieldError> errors;
  for (const auto& [field, text] : std::vector<std::pair<std::string, std::string>>{
           {"situation", situation}, {"inputs", inputs}, {"activities", activities}, {"outputs", outputs}})
    if (auto e = too_long(field, text, 5000, "text")) errors.push_back(*e);
  if (!errors.empty()) return Error::validation(errors);
  Plan after = plan;
  after.situation = trim(situation);
  after.inputs = trim(inputs);
  after.activities = trim(activities);
  after.outputs = trim(outputs);
  PlanStore(db).set_logic(plan.id, after.situation, after.inputs, after.activities, after.outputs);
  audit::record(db, actor, "plans.logic", "plan", id_of(plan), plan_json(plan), plan_json(after));
  return Ok{};
}

Result<std::int64_t> add_outcome(store::Db& db, const audit::Actor& actor, const app::AreaMeasures& measures,
                                 const Plan& plan, Outcome o, const std::string& target_text) {
  std::vector<FieldError> errors;
  o.description = trim(o.description);
  if (!is_term(o.term)) errors.push_back({"term", "Choose short, medium or long term"});
  if (o.description.empty()) errors.push_back({"description", "Enter the outcome, like More people know a neighbour"});
  if (auto e = too_long("description", o.description, 500, "an outcome")) errors.push_back(*e);
  if (!o.outcome_slug.empty()) {
    auto found = outcomes::current(db, {o.outcome_slug}, "outcome");
    if (!found) errors.push_back({"outcome", "Choose an outcome from the framework, or none"});
  }
  if (!o.measure.empty() && !measures.count(o.measure))
    errors.push_back({"measure", "Choose a measure from the list, or none"});
  std::string t = trim(target_text);
  if (!t.empty()) {
    auto v = parse_double(t);
    if (!v || !std::isfinite(*v))
      errors.push_back({"target", "Enter the target as a number, like 12.5"});
    else if (std::fabs(*v) > 1e9)
      errors.push_back({"target", "Enter a target between -1,000,000,000 and 1,000,000,000"});
    else if (o.measure.empty())
      errors.push_back({"target", "Choose a measure for the target, or leave the target blank"});
    else
      o.target = *v;
  }
  if (!errors.empty()) return Error::validation(errors);
  o.plan_id = plan.id;
  if (!o.measure.empty()) {
    if (auto v = measure_value(db, measures, o.measure, plan)) o.baseline = v->value;
    o.baseline_at = now_iso();
    if (o.baseline && o.target && *o.target != *o.baseline) o.target_direction = *o.target > *o.baseline ? 1 : -1;
  }
  std::int64_t id = PlanStore(db).add_outcome(o);
  audit::record(db, actor, "plans.outcome.add", "plan", id_of(plan), nullptr,
                {{"id", id},
                 {"term", o.term},
                 {"description", o.description},
                 {"outcome", o.outcome_slug},
                 {"measure", o.measure},
                 {"baseline", o.baseline ? Json(*o.baseline) : Json(nullptr)},
                 {"target", o.target ? Json(*o.target) : Json(nullptr)}});
  return id;
}

Result<std::int64_t> add_action(store::Db& db, const audit::Actor& actor, const Plan& plan, const std::string& title,
                                const std::string& href) {
  std::vector<FieldError> errors;
  Action a;
  a.title = trim(title);
  if (a.title.empty()) errors.push_back({"action_title", "Enter the action, like Run a weekly stay-and-play"});
  if (auto e = too_long("action_title", a.title, 200, "an action")) errors.push_back(*e);
  auto d = delivery_of(href, "action_href");
  PlanStore store(db);
  if (!d) {
    errors.push_back(d.error().fields.front());
  } else if (!store.delivered_by(d->kind, d->ref)) {
    errors.push_back({"action_href", no_such_delivery(d->kind, d->ref)});
  } else {
    a.kind = d->kind;
    a.ref = d->ref;
    a.href = trim(href);
  }
  if (!errors.empty()) return Error::validation(errors);
  std::int64_t id = store.add_action(plan.id, a);
  audit::record(db, actor, "plans.action.add", "plan", id_of(plan), nullptr,
                {{"id", id}, {"title", a.title}, {"kind", a.kind}, {"ref", a.ref}, {"href", a.href}});
  return id;
}

Result<std::int64_t> add_milestone(store::Db& db, const audit::Actor& actor, const Plan& plan, Milestone m) {
  m.title = trim(m.title);
  m.owner = trim(m.owner);
  m.due = trim(m.due);
  if (m.rag.empty()) m.rag = "green";
  if (auto ok = check_milestone(m); !ok) return ok.error();
  m.plan_id = plan.id;
  m.id = PlanStore(db).add_milestone(m);
  audit::record(db, actor, "plans.milestone.add", "plan", id_of(plan), nullptr, milestone_json(m));
  return m.id;
}

Status change_milestone(store::Db& db, const audit::Actor& actor, const Plan& plan, const Milestone& m) {
  PlanStore store(db);
  auto before = store.milestone(plan.id, m.id);
  if (!before) return Error::not_found("There is no such milestone on this plan.");
  Milestone after = *before;
  after.title = trim(m.title);
  after.owner = trim(m.owner);
  after.due = trim(m.due);
  after.rag = m.rag;
  if (auto ok = check_milestone(after); !ok) return ok.error();
  store.update_milestone(after);
  audit::record(db, actor, "plans.milestone.update", "plan", id_of(plan), milestone_json(*before),
                milestone_json(after));
  return Ok{};
}

Status update_milestone(store::Db& db, const audit::Actor& actor, const Plan& plan, std::int64_t id,
                        const std::string& rag, bool done, const std::string& today) {
  PlanStore store(db);
  auto before = store.milestone(plan.id, id);
  if (!before) return Error::not_found("There is no such milestone on this plan.");
  Milestone after = *before;
  after.rag = rag;
  if (done && !before->done) after.done_on = today;
  if (!done) after.done_on.clear();
  after.done = done;
  if (!is_rag(after.rag)) return Error::validation({{"rag-" + std::to_string(id), "Choose green, amber or red"}});
  store.update_milestone(after);
  audit::record(db, actor, "plans.milestone.update", "plan", id_of(plan), milestone_json(*before),
                milestone_json(after));
  return Ok{};
}

}  // namespace kith::plans
