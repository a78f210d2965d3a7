// Resilience plans' pages and API: the list and a new plan, milestones overdue
// across plans, a plan's page (its story for a councillor, then the six steps, the
// logic model and milestones, with forms for officers) and its printable version.
// Thin: rules in plans.cpp, writes in service.cpp, measures in measures.cpp.
#include "plans/plans_http.h"

#include <algorithm>
#include <map>

#include "areas/area_store.h"
#include "core/clock.h"
#include "core/text.h"
#include "engagement/engagement.h"
#include "engagement/module.h"
#include "i18n/speaking.h"
#include "outcomes/outcomes.h"
#include "plans/measures.h"
#include "plans/service.h"
#include "web/dates.h"
#include "web/resubmitted.h"

namespace kith::plans {

const std::vector<std::string>& readers() {
  static const std::vector<std::string> r = {"officer", "admin", "team_lead", "coordinator", "moderator"};
  return r;
}

const std::vector<std::string>& writers() {
  static const std::vector<std::string> w = {"officer", "admin"};
  return w;
}

namespace {

using web::Access;
using web::Ctx;
using web::Json;

using MeasuresPtr = std::shared_ptr<const app::AreaMeasures>;

std::string today() { return now_iso().substr(0, 10); }

bool may_write(const Ctx& ctx) { return ctx.user && ctx.user->has_any(writers()); }

Json crumbs() {
  return Json::array({{{"name", "Home"}, {"href", "/"}}, {{"name", "Resilience plans"}, {"href", "/plans"}}});
}

// Who may see what the engagement log heard in a plan's areas: the plan's readers who
// also keep the log.
const std::vector<std::string>& listeners() {
  static const std::vector<std::string> l = {"officer", "admin", "team_lead", "coordinator"};
  return l;
}

// The plan's LSOAs, and the engagement log's records for it: those placed in any of
// its LSOAs, or by one of its own area codes (a ward, a saved neighbourhood). Worked
// out once a page.
struct Listening {
  std::vector<std::string> lsoas;
  engagement::Filter records;
};
Listening listening_of(store::Db& db, const Plan& p) {
  Listening l;
  l.lsoas = plan_lsoas(db, p);
  l.records.area_lsoas = l.lsoas;
  for (const auto& code : p.area_codes)
    if (std::find(l.lsoas.begin(), l.lsoas.end(), code) == l.lsoas.end()) l.records.area_lsoas.push_back(code);
  return l;
}

// What the log heard there, beside the Census 2021 of the plan's LSOAs.
Json heard_result(store::Db& db, const Plan& p, const Listening& l) {
  return engagement::not_heard_result(db, l.records, l.lsoas, p.name, "/plans/" + std::to_string(p.id),
                                      "/plans/" + std::to_string(p.id) + "/heard#records");
}

Result<Plan> plan_of(Ctx& ctx) {
  auto id = parse_int(ctx.param("id"));
  auto p = id ? PlanStore(ctx.db).plan(*id) : std::nullopt;
  if (!p) return Error::not_found(i18n::tr("There is no plan {id}.", {{"id", ctx.param("id")}}));
  return *p;
}

std::string href_of(const Plan& p) { return "/plans/" + std::to_string(p.id); }

Json areas_json(store::Db& db, const Plan& p) {
  areas::AreaStore store(db);
  Json out = Json::array();
  for (const auto& code : p.area_codes) {
    if (auto a = store.get(code))
      out.push_back({{"code", code}, {"name", areas::label(*a)}, {"href", "/areas/" + code}});
    else
      out.push_back({{"code", code}, {"name", code + " (no longer held in Kith)"}});
  }
  // Separated in the sentence by "; ", with none after the last.
  for (std::size_t i = 0; i + 1 < out.size(); ++i) out[i]["more"] = true;
  return out;
}

std::string rag_class(const std::string& rag) {
  if (rag == "red") return "govuk-tag--red";
  if (rag == "amber") return "govuk-tag--yellow";
  return "govuk-tag--green";
}

Json milestone_json(const Milestone& m, const std::string& on) {
  std::int64_t late = days_late(m, on);
  return {
      {"id", m.id},
      {"title", m.title},
      {"owner", m.owner},
      {"due", m.due},
      {"due_text", date_in_words(m.due)},
      {"rag", m.rag},
      {"rag_text", rag_text(m.rag)},
      {"rag_class", rag_class(m.rag)},
      {"rag_choices", Json::array({{{"value", "green"}, {"text", i18n::tr("Green")}, {"selected", m.rag == "green"}},
                                   {{"value", "amber"}, {"text", i18n::tr("Amber")}, {"selected", m.rag == "amber"}},
                                   {{"value", "red"}, {"text", i18n::tr("Red")}, {"selected", m.rag == "red"}}})},
      {"done", m.done},
      {"done_text", m.done ? i18n::tr("Done on {date}", {{"date", date_in_words(m.done_on)}}) : ""},
      {"overdue", late > 0},
      {"late_text", late > 0 ? i18n::tr_plural(late, "{n} day overdue", "{n} days overdue") : ""}};
}

Json plan_summary(store::Db& db, const Plan& p) {
  return {{"id", p.id},
          {"href", href_of(p)},
          {"name", p.name},
          {"summary", p.summary},
          {"authority_code", p.authority_code},
          {"areas", areas_json(db, p)},
          {"is_demo", p.is_demo},
          {"updated", date_in_words(p.updated_at)}};
}

// The whole plan as page data: the story first, then the sections, the logic model
// and the milestones. Shared by the plan's page and its printable version.
Json plan_view(Ctx& ctx, const Plan& p, const app::AreaMeasures& measures) {
  PlanStore store(ctx.db);
  std::string on = today();
  auto sections = store.sections(p.id);
  auto evidence = store.evidence(p.id);
  auto milestones = store.milestones(p.id);
  bool writer = may_write(ctx);

  Progress progress;
  Json sections_json = Json::array();
  for (std::size_t i = 0; i < sections.size(); ++i) {
    const auto& s = sections[i];
    const auto& step = steps()[i];
    if (s.status == "done") ++progress.steps_done;
    if (s.status == "in-progress") ++progress.steps_started;
    Json links = Json::array();
    for (const auto& e : evidence)
      if (e.step == s.step) links.push_back({{"id", e.id}, {"href", e.href}, {"label", e.label}});
    Json statuses = Json::array();
    for (const auto* st : {"not-started", "in-progress", "done"})
      statuses.push_back({{"value", st}, {"text", status_text(st)}, {"checked", s.status == st}});
    sections_json.push_back({{"number", i + 1},
                             {"step", s.step},
                             {"title", i18n::tr(step.title)},
                             {"hint", i18n::tr(step.hint)},
                             {"status", s.status},
                             {"status_text", status_text(s.status)},
                             {"status_class", s.status == "done"          ? "govuk-tag--green"
                                              : s.status == "in-progress" ? "govuk-tag--blue"
                                                                          : "govuk-tag--grey"},
                             {"statuses", statuses},
                             {"notes", s.notes},
                             {"evidence", links},
                             {"has_evidence", !links.empty()}});
  }

  Json ms = Json::array(), doing = Json::array(), overdue_list = Json::array();
  for (const auto& m : milestones) {
    ++progress.milestones;
    if (m.done) ++progress.milestones_done;
    if (overdue(m, on)) {
      ++progress.milestones_overdue;
      overdue_list.push_back(milestone_json(m, on));
    }
    if (!m.done) doing.push_back(milestone_json(m, on));
    ms.push_back(milestone_json(m, on));
    ms.back()["change_href"] = href_of(p) + "/milestones/" + std::to_string(m.id);
  }

  Json terms = Json::array(), changed = Json::array();
  auto outcomes = store.outcomes(p.id);
  std::map<std::string, std::string> framework;
  for (const auto& o : outcomes::OutcomeStore(ctx.db).list(true)) framework[o.slug] = o.name;
  for (const auto* term : {"short", "medium", "long"}) {
    Json list = Json::array();
    for (const auto& o : outcomes) {
      if (o.term != term) continue;
      Json item = {{"id", o.id}, {"description", o.description}};
      if (!o.outcome_slug.empty())
        item["framework_name"] = framework.count(o.outcome_slug) ? framework[o.outcome_slug] : o.outcome_slug;
      if (!o.measure.empty()) {
        auto measured_now = measure_value(ctx.db, measures, o.measure, p);
        std::optional<double> now;
        if (measured_now) now = measured_now->value;
        auto mv = movement(o.baseline, now, o.target, o.target_direction);
        Json measured = {{"name", o.measure},
                         {"label", measure_label(measures, o.measure)},
                         {"baseline", number_text(o.baseline)},
                         {"baseline_on", date_in_words(o.baseline_at)},
                         {"now", number_text(now)},
                         {"target", o.target ? number_text(o.target) : i18n::tr("none set")},
                         {"movement", mv.text}};
        if (!measured_now && measures.count(o.measure))
          measured["coverage"] = i18n::tr(
              "None of the plan's neighbourhoods has a figure: each has too few to show safely (under 5), or none.");
        else if (measured_now && measured_now->with_value < measured_now->lsoas)
          measured["coverage"] = i18n::tr(
              "From {n} of the plan's {total} neighbourhoods: the others have too few to show or no figures.",
              {{"n", std::to_string(measured_now->with_value)}, {"total", std::to_string(measured_now->lsoas)}});
        item["measure"] = measured;
        changed.push_back({{"description", o.description}, {"measure", measured}});
      }
      list.push_back(item);
    }
    terms.push_back({{"term", term}, {"title", term_text(term)}, {"outcomes", list}, {"empty", list.empty()}});
  }

  Json actions = Json::array();
  for (const auto& a : store.actions(p.id))
    actions.push_back({{"id", a.id},
                       {"title", a.title},
                       {"href", a.href},
                       {"kind_text", delivery_text(a.kind)},
                       {"by", store.delivered_by(a.kind, a.ref).value_or(i18n::tr("no longer in Kith"))}});

  // What we have heard: the notes on the people and the services, the stories linked,
  // and the engagement log in the plan's areas: its themes, quotes given with consent,
  // and who it has not heard from enough.
  Json heard = Json::array();
  for (const auto& e : evidence)
    if (starts_with(e.href, "/stories")) heard.push_back({{"href", e.href}, {"label", e.label}});
  const Listening heard_here = listening_of(ctx.db, p);
  Json listening = heard_result(ctx.db, p, heard_here);
  std::map<std::string, int> themes;
  Json quotes = Json::array();
  for (const auto& r : engagement::EngagementStore(ctx.db).list(heard_here.records)) {
    for (const auto& t : r.themes) ++themes[t];
    for (const auto& q : r.quotes)
      if (q.consent && quotes.size() < 3) quotes.push_back({{"text", q.text}, {"who", q.who}});
  }
  std::vector<std::pair<int, std::string>> ranked;
  ranked.reserve(themes.size());
  for (const auto& [name, n] : themes) ranked.emplace_back(-n, name);
  std::sort(ranked.begin(), ranked.end());
  Json theme_list = Json::array();
  for (std::size_t i = 0; i < ranked.size() && i < 5; ++i)
    theme_list.push_back(i18n::tr_plural(-ranked[i].first, "{theme} ({n} engagement)", "{theme} ({n} engagements)",
                                         {{"theme", i18n::tr(ranked[i].second)}}));
  bool listener = ctx.user && ctx.user->has_any(listeners());
  Json engaged = {{"records", listening["records"]},
                  {"summary", listening["records"] == 0
                                  ? i18n::tr("Nothing from the engagement log in the plan's areas yet.")
                                  : i18n::tr("The engagement log holds {records} with {people} in the plan's areas.",
                                             {{"records", listening["records_text"].get<std::string>()},
                                              {"people", listening["people_text"].get<std::string>()}})},
                  {"themes", theme_list},
                  {"has_themes", !theme_list.empty()},
                  {"quotes", listener ? quotes : Json::array()},
                  {"under", listening["under"]},
                  {"has_under", listening["has_under"]},
                  {"href", listener ? href_of(p) + "/heard" : ""}};

  Json measure_choices = Json::array();
  for (const auto& [name, measure] : measures)
    measure_choices.push_back({{"value", name}, {"text", measure_label(measures, name)}});

  Json data = {{"title", p.name},
               {"breadcrumbs", crumbs()},
               {"plan", plan_summary(ctx.db, p)},
               {"writer", writer},
               {"due", web::date_input(ctx, "due", "due", "", "milestone")},
               {"story",
                {{"where", where_we_are(progress)},
                 {"people_notes", sections[1].notes},
                 {"services_notes", sections[2].notes},
                 {"heard", heard},
                 {"engaged", engaged},
                 {"activities", p.activities},
                 {"doing", doing},
                 {"has_doing", !doing.empty()},
                 {"actions", actions},
                 {"has_actions", !actions.empty()},
                 {"overdue", overdue_list},
                 {"changed", changed},
                 {"review_notes", sections[5].notes}}},
               {"sections", sections_json},
               {"logic",
                {{"situation", p.situation},
                 {"inputs", p.inputs},
                 {"activities", p.activities},
                 {"outputs", p.outputs},
                 {"terms", terms}}},
               {"milestones", ms},
               {"has_milestones", !ms.empty()},
               {"today", on},
               {"print_href", href_of(p) + "/print"}};
  if (writer) {
    data["framework"] = outcomes::choices(ctx.db, {});
    data["values"] = {{"areas", join(p.area_codes, " ")}};
    data["measures"] = measure_choices;
    data["step_choices"] = Json::array();
    for (const auto& s : steps()) data["step_choices"].push_back({{"value", s.key}, {"text", i18n::tr(s.title)}});
  }
  return data;
}

Result<Json> list_page(Ctx& ctx) {
  Json list = Json::array();
  PlanStore store(ctx.db);
  std::string on = today();
  for (const auto& p : store.plans()) {
    Json item = plan_summary(ctx.db, p);
    int late = 0;
    for (const auto& m : store.milestones(p.id))
      if (overdue(m, on)) ++late;
    item["overdue_text"] = late ? i18n::tr_plural(late, "{n} milestone overdue", "{n} milestones overdue") : "";
    list.push_back(item);
  }
  Json neighbourhoods = Json::array();
  for (const auto& r : ctx.db.query("SELECT code, label FROM areas WHERE kind = 'neighbourhood' ORDER BY label"))
    neighbourhoods.push_back({{"code", r.text(0)}, {"name", r.text(1)}});
  return Json{{"title", "Resilience plans"},
              {"breadcrumbs", Json::array({{{"name", "Home"}, {"href", "/"}}})},
              {"plans", list},
              {"none", list.empty()},
              {"writer", may_write(ctx)},
              {"neighbourhoods", neighbourhoods},
              {"has_neighbourhoods", !neighbourhoods.empty()}};
}

std::vector<std::string> codes_of(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text + " ") {
    if (c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ';') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

Result<web::Done> create_action(Ctx& ctx, const web::Input& in) {
  Plan p;
  p.name = in.get("name");
  p.summary = in.get("summary");
  if (!in.get("neighbourhood").empty()) p.area_codes.push_back(in.get("neighbourhood"));
  for (auto& c : codes_of(in.get("areas"))) p.area_codes.push_back(c);
  auto id = create_plan(ctx.db, audit::Actor::of(ctx), p);
  if (!id) return id.error();
  return web::Done{"/plans/" + std::to_string(*id),
                   {{"id", *id}},
                   i18n::msg("Plan created: start with the first step, understanding the background."),
                   201};
}

Result<Json> overdue_page(Ctx& ctx) {
  std::string on = today();
  Json list = Json::array();
  for (const auto& pm : PlanStore(ctx.db).overdue(on)) {
    Json m = milestone_json(pm.milestone, on);
    m["plan"] = pm.plan_name;
    m["plan_href"] = "/plans/" + std::to_string(pm.milestone.plan_id);
    list.push_back(m);
  }
  return Json{{"title", "Overdue milestones"},
              {"breadcrumbs", crumbs()},
              {"milestones", list},
              {"count_text", i18n::tr_plural(static_cast<std::int64_t>(list.size()), "{n} milestone overdue",
                                             "{n} milestones overdue")},
              {"none", list.empty()},
              {"today_text", date_in_words(on)}};
}

std::optional<std::int64_t> id_field(const web::Input& in, const std::string& name) { return parse_int(in.get(name)); }

Result<web::Done> plan_action(Ctx& ctx, const web::Input& in, const app::AreaMeasures& measures) {
  auto p = plan_of(ctx);
  if (!p) return p.error();
  audit::Actor actor = audit::Actor::of(ctx);
  std::string what = in.get("do");
  std::string back = href_of(*p);
  if (what == "details") {
    auto ok = update_details(ctx.db, actor, *p, in.get("name"), in.get("summary"));
    if (!ok) return ok.error();
    return web::Done{back, {{"id", p->id}}, i18n::msg("Plan details saved.")};
  }
  if (what == "areas") {
    auto retaken = change_areas(ctx.db, actor, measures, *p, codes_of(in.get("areas")));
    if (!retaken) return retaken.error();
    std::string said = *retaken ? i18n::tr_plural(*retaken,
                                                  "Areas saved. The baseline of {n} measured outcome was taken again "
                                                  "over the new areas.",
                                                  "Areas saved. The baselines of {n} measured outcomes were taken "
                                                  "again over the new areas.")
                                : i18n::tr("Areas saved.");
    return web::Done{back, {{"id", p->id}, {"baselines_taken_again", *retaken}}, said};
  }
  if (what == "section") {
    std::string step = in.get("step");
    auto ok = set_section(ctx.db, actor, *p, {step, in.get("status-" + step), in.get("notes-" + step)});
    if (!ok) return ok.error();
    return web::Done{back + "#step-" + step, {{"id", p->id}}, i18n::msg("Step saved.")};
  }
  if (what == "evidence") {
    auto id = add_evidence(ctx.db, actor, *p, {0, in.get("step"), in.get("href"), in.get("label")});
    if (!id) return id.error();
    return web::Done{back + "#step-" + in.get("step"), {{"id", *id}}, i18n::msg("Evidence linked."), 201};
  }
  if (what == "remove-evidence") {
    auto ok = remove_evidence(ctx.db, actor, *p, id_field(in, "evidence").value_or(0));
    if (!ok) return ok.error();
    return web::Done{back, {{"id", p->id}}, i18n::msg("Evidence link removed.")};
  }
  if (what == "remove-outcome") {
    auto ok = remove_outcome(ctx.db, actor, *p, id_field(in, "outcome_id").value_or(0));
    if (!ok) return ok.error();
    return web::Done{back + "#logic-model", {{"id", p->id}}, i18n::msg("Outcome removed from the plan.")};
  }
  if (what == "remove-action") {
    auto ok = remove_action(ctx.db, actor, *p, id_field(in, "action").value_or(0));
    if (!ok) return ok.error();
    return web::Done{back + "#story", {{"id", p->id}}, i18n::msg("Action removed from the plan.")};
  }
  if (what == "remove-milestone") {
    auto ok = remove_milestone(ctx.db, actor, *p, id_field(in, "milestone").value_or(0));
    if (!ok) return ok.error();
    return web::Done{back + "#milestones", {{"id", p->id}}, i18n::msg("Milestone removed from the plan.")};
  }
  if (what == "logic") {
    auto ok =
        set_logic(ctx.db, actor, *p, in.get("situation"), in.get("inputs"), in.get("activities"), in.get("outputs"));
    if (!ok) return ok.error();
    return web::Done{back + "#logic-model", {{"id", p->id}}, i18n::msg("Logic model saved.")};
  }
  if (what == "outcome") {
    Outcome o;
    o.term = in.get("term");
    o.description = in.get("description");
    o.outcome_slug = in.get("outcome");
    o.measure = in.get("measure");
    auto id = add_outcome(ctx.db, actor, measures, *p, o, in.get("target"));
    if (!id) return id.error();
    return web::Done{back + "#logic-model", {{"id", *id}}, i18n::msg("Outcome added to the logic model."), 201};
  }
  if (what == "action") {
    auto id = add_action(ctx.db, actor, *p, in.get("action_title"), in.get("action_href"));
    if (!id) return id.error();
    return web::Done{back + "#story", {{"id", *id}}, i18n::msg("Action linked to what delivers it."), 201};
  }
  if (what == "milestone") {
    Milestone m;
    m.title = in.get("title");
    m.owner = in.get("owner");
    std::optional<FieldError> bad;
    m.due = web::date_answer(in, "due", "due", i18n::msg("Due date"), bad);
    m.rag = in.has("rag") ? in.get("rag") : "green";
    auto id = add_milestone(ctx.db, actor, *p, m);
    if (auto s = web::with_date_fault(id ? Status(Ok{}) : Status(id.error()), ctx, in, "due", bad); !s)
      return s.error();
    return web::Done{back + "#milestones", {{"id", *id}}, i18n::msg("Milestone added."), 201};
  }
  if (what == "milestone-update") {
    auto id = id_field(in, "milestone").value_or(0);
    auto ok = update_milestone(ctx.db, actor, *p, id, in.get("rag"), in.get("done") == "yes", today());
    if (!ok) return ok.error();
    return web::Done{back + "#milestones", {{"id", id}}, i18n::msg("Milestone updated.")};
  }
  return Error::validation({{"do", "Choose what to change on the plan"}});
}

// One milestone of a plan, from the path.
Result<std::pair<Plan, Milestone>> milestone_of(Ctx& ctx) {
  auto p = plan_of(ctx);
  if (!p) return p.error();
  auto id = parse_int(ctx.param("milestone"));
  auto m = id ? PlanStore(ctx.db).milestone(p->id, *id) : std::nullopt;
  if (!m)
    return Error::not_found(i18n::tr("There is no milestone {id} on this plan.", {{"id", ctx.param("milestone")}}));
  return std::pair{*p, *m};
}

std::string milestone_href(const Plan& p, const Milestone& m) {
  return href_of(p) + "/milestones/" + std::to_string(m.id);
}

// Changing a milestone: what it is, who owns it, when it is due and its RAG.
Result<Json> milestone_page(Ctx& ctx) {
  auto found = milestone_of(ctx);
  if (!found) return found.error();
  const auto& [p, m] = *found;
  std::optional<web::Input> sent;
  if (auto posted = web::resubmitted(ctx); !posted.echo().empty()) sent = posted;
  auto value = [&](const std::string& field, const std::string& now) { return sent ? sent->get(field) : now; };
  std::string rag = value("rag", m.rag);
  Json c = crumbs();
  c.push_back({{"name", p.name}, {"href", href_of(p)}});
  return Json{{"title", i18n::tr("Change the milestone: {title}", {{"title", m.title}})},
              {"breadcrumbs", c},
              {"action", milestone_href(p, m)},
              {"plan_href", href_of(p)},
              {"milestone_id", m.id},
              {"back", href_of(p) + "#milestones"},
              {"values", {{"title", value("title", m.title)}, {"owner", value("owner", m.owner)}}},
              {"due", web::date_input(ctx, "due", "due", m.due, sent ? &*sent : nullptr)},
              {"rag_choices",
               Json::array({{{"value", "green"}, {"text", i18n::tr("Green: on track")}, {"selected", rag == "green"}},
                            {{"value", "amber"}, {"text", i18n::tr("Amber: some risk")}, {"selected", rag == "amber"}},
                            {{"value", "red"}, {"text", i18n::tr("Red: at risk")}, {"selected", rag == "red"}}})}};
}

Result<web::Done> milestone_action(Ctx& ctx, const web::Input& in) {
  auto found = milestone_of(ctx);
  if (!found) return found.error();
  const auto& [p, m] = *found;
  Milestone changed = m;
  changed.title = in.get("title");
  changed.owner = in.get("owner");
  changed.rag = in.get("rag");
  std::optional<FieldError> bad;
  changed.due = web::date_answer(in, "due", "due", i18n::msg("Due date"), bad);
  auto ok = web::with_date_fault(change_milestone(ctx.db, audit::Actor::of(ctx), p, changed), ctx, in, "due", bad);
  if (!ok) return ok.error();
  return web::Done{href_of(p) + "#milestones", {{"id", m.id}}, i18n::msg("Milestone changed.")};
}

}  // namespace

void install_routes(web::Server& server, const MeasuresPtr& measures) {
  auto& r = server.router();
  r.page("/plans", "plans/list", Access::role(readers()), list_page);
  r.action("/plans", Access::role(writers()), create_action);
  r.page("/plans/overdue", "plans/overdue", Access::role(readers()), overdue_page);
  r.page("/plans/{id}", "plans/plan", Access::role(readers()), [measures](Ctx& ctx) -> Result<Json> {
    auto p = plan_of(ctx);
    if (!p) return p.error();
    return plan_view(ctx, *p, *measures);
  });
  r.action("/plans/{id}", Access::role(writers()),
           [measures](Ctx& ctx, const web::Input& in) { return plan_action(ctx, in, *measures); });
  r.page("/plans/{id}/print", "plans/print", Access::role(readers()), [measures](Ctx& ctx) -> Result<Json> {
    auto p = plan_of(ctx);
    if (!p) return p.error();
    Json data = plan_view(ctx, *p, *measures);
    data["writer"] = false;  // no forms on paper
    data["title"] = i18n::tr("{plan}: printable version", {{"plan", p->name}});
    return data;
  });
  r.page("/plans/{id}/milestones/{milestone}", "plans/milestone", Access::role(writers()), milestone_page);
  r.action("/plans/{id}/milestones/{milestone}", Access::role(writers()), milestone_action);
  // The engagement log in the plan's areas beside who lives there: "who have we not heard from?" for the plan.
  r.page("/plans/{id}/heard", "plans/heard", Access::role(listeners()), [](Ctx& ctx) -> Result<Json> {
    auto p = plan_of(ctx);
    if (!p) return p.error();
    Json records = Json::array();
    const Listening heard_here = listening_of(ctx.db, *p);
    for (const auto& r : engagement::EngagementStore(ctx.db).list(heard_here.records))
      records.push_back({{"href", "/engagement/" + std::to_string(r.id)},
                         {"title", r.title},
                         {"on_text", date_in_words(r.occurred_on)},
                         {"area", r.area_name},
                         {"people_text", thousands(r.people)},
                         {"themes_text", engagement::themes_text(r.themes)}});
    Json crumbs_here = crumbs();
    crumbs_here.push_back({{"name", p->name}, {"href", href_of(*p)}});
    return Json{{"title", i18n::tr("Who have we heard from for {plan}?", {{"plan", p->name}})},
                {"breadcrumbs", crumbs_here},
                {"plan", plan_summary(ctx.db, *p)},
                {"records", records},
                {"has_records", !records.empty()},
                {"result", heard_result(ctx.db, *p, heard_here)}};
  });
  server.add_nav({"Plans", "/plans", Access::role(readers()), true});
}

}  // namespace kith::plans
