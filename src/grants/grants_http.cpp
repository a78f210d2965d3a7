// Grants pages: rounds and applying by ideas canvas (/grants), the applicant's
// canvas and after-award pages, the panel's scoring, the officers' round management
// (panel, assignments, sponsors, ranking, decisions), the community of practice and
// the 360Giving export. Thin: the rules are in grants.cpp, writes in grant_service.cpp.
#include "grants/grants_http.h"

#include <algorithm>
#include <cmath>

#include "accounts/accounts.h"
#include "app/module.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/text.h"
#include "grants/grant_service.h"
#include "i18n/speaking.h"
#include "outcomes/outcomes.h"
#include "stories/story_store.h"
#include "web/dates.h"
#include "web/problems.h"
#include "web/resubmitted.h"

namespace kith::grants {

namespace {

// A form's whole number ("£1,500" too): 0 when left empty, -1 (refused by the rules'
// checks, which name the field) when it is not a whole number, rather than read as nothing.
std::int64_t whole_number(const web::Input& in, const char* name) {
  return parse_typed_number(in.get(name)).value_or(trim(in.get(name)).empty() ? 0 : -1);
}

using web::Access;
using web::Ctx;
using web::Json;

const std::vector<std::string> kPanel = {"panel", "officer", "admin"};

Json crumbs() { return Json::array({{{"name", "Home"}, {"href", "/"}}, {{"name", "Grants"}, {"href", "/grants"}}}); }

std::optional<std::int64_t> id_param(Ctx& ctx, const char* name = "id") { return parse_int(ctx.param(name)); }

std::string first(const web::Input& in, const std::string& field) {
  auto all = in.all(field);
  return all.empty() ? "" : trim(all.front());
}

std::string amount_text(std::int64_t pounds) { return money_pence(pounds * 100); }

std::string one_decimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string status_text(const std::string& s) {
  if (s == "draft") return i18n::tr("Draft: not sent yet");
  if (s == "submitted") return i18n::tr("Sent: the panel is reading it");
  if (s == "withdrawn") return i18n::tr("Withdrawn");
  if (s == "funded") return i18n::tr("Funded");
  if (s == "funded-with-conditions") return i18n::tr("Funded, with conditions");
  if (s == "declined") return i18n::tr("Not funded");
  return s;
}

std::string kind_label(const std::string& id) {
  for (const auto& k : group_kinds())
    if (k.id == id) return i18n::tr(k.label);
  return id;
}

// A criterion's name as a page says it: the default criteria and the outcomes Kith
// starts with are in the catalogues (outcomes::starting_names); a name an admin
// wrote is said as written.
std::string criterion_name(const Criterion& c) { return i18n::tr(c.name); }

Json round_json(const Round& r, const std::string& now) {
  std::vector<std::string> kinds;
  kinds.reserve(r.rules.kinds.size());
  for (const auto& k : r.rules.kinds) kinds.push_back(kind_label(k));
  std::vector<std::string> criteria;
  criteria.reserve(r.criteria.size());
  for (const auto& c : r.criteria)
    criteria.push_back(std::abs(c.weight - 1) > 1e-9
                           ? i18n::tr("{criterion} (weight {weight})",
                                      {{"criterion", criterion_name(c)}, {"weight", one_decimal(c.weight)}})
                           : criterion_name(c));
  bool open = now >= r.rules.opens_at && now <= r.rules.closes_at;
  Json out = {
      {"id", r.id},
      {"href", "/grants/rounds/" + std::to_string(r.id)},
      {"name", r.name},
      {"fund", r.fund_name},
      {"description", r.description},
      {"budget", amount_text(r.rules.budget)},
      {"limits", r.rules.min_amount > 0 ? i18n::tr("{least} to {most}", {{"least", amount_text(r.rules.min_amount)},
                                                                         {"most", amount_text(r.rules.max_amount)}})
                                        : i18n::tr("Up to {most}", {{"most", amount_text(r.rules.max_amount)}})},
      {"closes", r.rules.closes_at.substr(0, 10)},
      {"opens", r.rules.opens_at.substr(0, 10)},
      {"closes_text", date_in_words(r.rules.closes_at.substr(0, 10))},
      {"opens_text", date_in_words(r.rules.opens_at.substr(0, 10))},
      {"open", open},
      {"state", open ? i18n::tr("Open")
                : now < r.rules.opens_at
                    ? i18n::tr("Opens {date}", {{"date", date_in_words(r.rules.opens_at.substr(0, 10))}})
                    : i18n::tr("Closed")},
      {"kinds", kinds.empty() ? i18n::tr("Any community group") : join(kinds, "; ")},
      {"area", r.area_code},
      {"criteria", join(criteria, "; ")}};
  if (r.rules.match_required)
    out["match"] =
        std::abs(r.rules.match_ratio - 1) < 1e-9
            ? i18n::tr(
                  "The community gives at least as much as it asks for, in volunteer time (each "
                  "hour counts as {hour}) and materials.",
                  {{"hour", money_pence(r.rules.hour_value_pence)}})
            : i18n::tr(
                  "The community gives at least {ratio} times it asks for, in volunteer time (each "
                  "hour counts as {hour}) and materials.",
                  {{"ratio", one_decimal(r.rules.match_ratio)}, {"hour", money_pence(r.rules.hour_value_pence)}});
  return out;
}

// An application's canvas as people read it. `personal` adds who applied and where
// (for the applicants and officers; the panel sees only what it needs).
Json canvas_json(store::Db& db, const Application& a, const Round& r, bool personal) {
  Json outcomes = Json::array();
  for (const auto& o : outcomes::OutcomeStore(db).tags("grant-application", std::to_string(a.id)))
    outcomes.push_back(o.name);
  std::int64_t given = community_pence(r.rules, a.canvas);
  Json out = {{"id", a.id},
              {"group_name", a.canvas.group_name},
              {"group_kind", kind_label(a.canvas.group_kind)},
              {"idea", a.canvas.idea},
              {"problem", a.canvas.problem},
              {"who", a.canvas.who},
              {"assets", a.canvas.assets},
              {"lasting", a.canvas.lasting},
              {"costs", a.canvas.costs},
              {"outcomes", outcomes},
              {"amount", amount_text(a.canvas.amount)},
              {"community", i18n::tr("{given} ({hours} volunteer hours at {hour}, and {materials} of materials)",
                                     {{"given", money_pence(given)},
                                      {"hours", thousands(a.canvas.volunteer_hours)},
                                      {"hour", money_pence(r.rules.hour_value_pence)},
                                      {"materials", amount_text(a.canvas.materials_value)}})},
              {"ward", a.ward_name},
              {"status", status_text(a.status)},
              {"round", r.name}};
  if (personal) {
    out["owner"] = a.owner_name;
    out["postcode"] = a.postcode;
    out["sponsor"] = a.sponsor_name;
    out["feedback"] = a.feedback;
    out["conditions"] = a.conditions;
    if (a.award_amount) out["award"] = amount_text(*a.award_amount);
  }
  return out;
}

std::string now() { return now_iso(); }

Result<Round> round_of(Ctx& ctx, std::int64_t id) {
  auto r = GrantStore(ctx.db).round(id);
  if (!r) return Error::not_found(i18n::tr("There is no round {id}.", {{"id", std::to_string(id)}}));
  return *r;
}

std::string invitation_status_text(const std::string& s) {
  if (s == "pending") return i18n::tr("Waiting for an answer");
  if (s == "accepted") return i18n::tr("Agreed: applying with you");
  if (s == "declined") return i18n::tr("Declined");
  return s;
}

Json pending_invitations_json(Ctx& ctx) {
  Json out = Json::array();
  for (const auto& i : GrantStore(ctx.db).pending_co_invitations_for(accounts::normalise_email(ctx.user->email)))
    out.push_back({{"id", i.id},
                   {"href", "/grants/invitations/" + std::to_string(i.id)},
                   {"group", i.group_name},
                   {"invited_by", i.invited_by_name},
                   {"created", date_in_words(i.created_at)}});
  return out;
}

// ---- Rounds and applying ----

// Applicants, sponsors and officers: the community of practice around the grants.
bool in_community(Ctx& ctx) {
  return ctx.user->has_any({"officer", "admin", "panel"}) || GrantStore(ctx.db).has_applications(ctx.user->id);
}

Result<Json> grants_page(Ctx& ctx) {
  GrantStore store(ctx.db);
  Json open = Json::array();
  Json past = Json::array();
  std::string t = now();
  for (const auto& r : store.rounds()) (t <= r.rules.closes_at ? open : past).push_back(round_json(r, t));
  std::size_t invited = ctx.user ? pending_invitations_json(ctx).size() : 0;
  return Json{{"title", "Grants"},
              {"invitations_waiting", invited},
              {"has_invitations", invited > 0},
              {"open_rounds", open},
              {"has_open", !open.empty()},
              {"past_rounds", past},
              {"staff", ctx.user && ctx.user->has_any(web::kOfficerRoles)},
              {"community", ctx.user && in_community(ctx)}};
}

Result<Json> round_page(Ctx& ctx) {
  auto id = id_param(ctx);
  auto r = id ? round_of(ctx, *id) : Result<Round>(Error::not_found(i18n::msg("There is no such round.")));
  if (!r) return r.error();
  return Json{{"title", r->name},
              {"breadcrumbs", crumbs()},
              {"round", round_json(*r, now())},
              {"signed_in", ctx.user != nullptr}};
}

Result<web::Done> start_action(Ctx& ctx, const web::Input& in) {
  auto id = id_param(ctx);
  if (!id) return Error::not_found(i18n::msg("There is no such round."));
  if (!ctx.user) return Error{"unauthenticated", i18n::msg("Sign in to apply."), {}};
  auto app = start_application(ctx.db, audit::Actor::of(ctx), *id, ctx.user->id, in.get("group_name"), now());
  if (!app) return audit::refused(ctx, "grant.application.start", "grant_round", ctx.param("id"), app.error());
  return web::Done{"/grants/applications/" + std::to_string(*app),
                   {{"id", *app}},
                   i18n::msg("Your draft is saved: fill in the canvas."),
                   201};
}

bool has(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

Json kind_choices(const std::vector<std::string>& chosen) {
  Json out = Json::array();
  for (const auto& k : group_kinds())
    out.push_back({{"value", k.id}, {"text", i18n::tr(k.label)}, {"checked", has(chosen, k.id)}});
  return out;
}

Result<Json> application_page(Ctx& ctx, const app::RecordSections& sections) {
  auto id = id_param(ctx);
  GrantStore store(ctx.db);
  auto a = id ? store.application(*id) : std::nullopt;
  if (!a || !store.is_applicant(*id, ctx.user->id))
    return Error::not_found(i18n::tr("You have no application {id}.", {{"id", ctx.param("id")}}));
  auto r = *store.round(a->round_id);
  Json milestones = Json::array();
  for (const auto& m : store.milestones(a->id))
    milestones.push_back({{"id", m.id},
                          {"title", m.title},
                          {"due", m.due},
                          {"due_text", date_in_words(m.due)},
                          {"done", !m.done_at.empty()},
                          {"done_at", date_in_words(m.done_at.substr(0, 10))}});
  auto report = store.report(a->id);
  Json values = {{"group_name", a->canvas.group_name},
                 {"idea", a->canvas.idea},
                 {"problem", a->canvas.problem},
                 {"who", a->canvas.who},
                 {"assets", a->canvas.assets},
                 {"lasting", a->canvas.lasting},
                 {"costs", a->canvas.costs},
                 {"amount", a->canvas.amount},
                 {"volunteer_hours", a->canvas.volunteer_hours},
                 {"materials_value", a->canvas.materials_value},
                 {"postcode", a->postcode}};
  if (report) values["summary"] = report->summary, values["hours_delivered"] = report->hours_delivered;
  // Hours confirmed at the hubs that deliver the project: offered for the report.
  Json parts =
      awarded(a->status) ? app::record_sections(sections, "project", ctx.db, std::to_string(a->id)) : Json::object();
  if (parts.contains("hub_hours") && !report) values["hours_delivered"] = parts["hub_hours"]["whole_hours"];
  // A canvas that came back with errors keeps the boxes that were ticked, not those saved.
  Canvas shown = a->canvas;
  if (ctx.failed)
    if (web::Input was = web::resubmitted(ctx); was.has("group_name")) {
      shown.group_kind = was.get("group_kind");
      shown.outcomes = was.all("outcomes");
    }
  Json invited = Json::array();
  for (const auto& i : store.co_invitations_of(a->id))
    invited.push_back({{"email", i.email}, {"status", invitation_status_text(i.status)}});
  return Json{{"title", i18n::tr("Your application: {group}", {{"group", a->canvas.group_name}})},
              {"breadcrumbs", crumbs()},
              {"application", canvas_json(ctx.db, *a, r, true)},
              {"round", round_json(r, now())},
              {"draft", a->status == "draft"},
              {"withdrawable", a->status == "draft" || a->status == "submitted"},
              {"confirm_withdraw", ctx.req.query_param("confirm") == "withdraw"},
              {"awarded", awarded(a->status)},
              {"kinds", kind_choices({shown.group_kind})},
              {"outcomes", outcomes::choices(ctx.db, shown.outcomes)},
              {"milestones", milestones},
              {"due", web::date_input(ctx, "due", "due", "", "milestone")},
              {"co_invitations", invited},
              {"has_co_invitations", !invited.empty()},
              {"has_report", report.has_value()},
              {"project_href", "/grants/projects/" + std::to_string(a->id)},
              {"hub_hours", parts.value("hub_hours", Json(nullptr))},
              {"values", values}};
}

Canvas canvas_from(const web::Input& in) {
  Canvas c;
  c.group_name = in.get("group_name");
  c.group_kind = in.get("group_kind");
  c.idea = first(in, "idea");
  c.problem = first(in, "problem");
  c.who = first(in, "who");
  c.assets = first(in, "assets");
  c.lasting = first(in, "lasting");
  c.costs = first(in, "costs");
  c.outcomes = in.all("outcomes");
  c.amount = whole_number(in, "amount");
  c.volunteer_hours = whole_number(in, "volunteer_hours");
  c.materials_value = whole_number(in, "materials_value");
  return c;
}

Result<web::Done> application_action(Ctx& ctx, const web::Input& in) {
  auto id = id_param(ctx);
  if (!id) return Error::not_found(i18n::msg("There is no such application."));
  audit::Actor actor = audit::Actor::of(ctx);
  std::string what = in.get("do");
  std::int64_t user = ctx.user->id;
  std::string back = "/grants/applications/" + std::to_string(*id);
  Status done = Ok{};
  std::string flash = i18n::msg("Your draft is saved. The panel sees nothing until you send it.");
  if (what == "save") {
    done = save_canvas(ctx.db, actor, *id, user, canvas_from(in), in.get("postcode"));
  } else if (what == "submit") {
    done = save_and_submit(ctx.db, actor, *id, user, canvas_from(in), in.get("postcode"), now());
    flash = i18n::msg("Sent. The panel will read it; you will see its decision and feedback here.");
  } else if (what == "withdraw") {
    done = withdraw(ctx.db, actor, *id, user);
    flash = i18n::msg("Withdrawn.");
  } else if (what == "co_applicant") {
    // The same answer whether or not the email has an account.
    done = invite_co_applicant(ctx.db, actor, *id, user, in.get("email"));
    flash = i18n::tr(
        "Invitation recorded for {email}. When someone with that email signs in to Kith, they will see it on their "
        "grants page and can agree to apply with you or decline. They join the application only if they agree.",
        {{"email", accounts::normalise_email(in.get("email"))}});
  } else if (what == "milestone") {
    std::optional<FieldError> bad;
    auto due = web::date_answer(in, "due", "due", i18n::msg("Due date"), bad);
    done = web::with_date_fault(add_milestone(ctx.db, actor, *id, user, in.get("title"), due), ctx, in, "due", bad);
    flash = i18n::msg("Milestone added.");
  } else if (what == "milestone_done") {
    done = complete_milestone(ctx.db, actor, *id, user, parse_int(in.get("milestone")).value_or(0));
    flash = i18n::msg("Milestone marked done.");
  } else if (what == "report") {
    done = submit_report(ctx.db, actor, *id, user,
                         {first(in, "summary"), parse_int(in.get("hours_delivered")).value_or(-1), ""});
    flash = i18n::msg("Your end-of-grant report is saved.");
  } else {
    done = Error::validation({{"do", "Choose what to do"}});
  }
  if (!done)
    return audit::refused(ctx, "grant.application." + what, "grant_application", ctx.param("id"), done.error());
  return web::Done{back, {{"id", *id}}, flash};
}

Result<web::Done> invitation_action(Ctx& ctx, const web::Input& in) {
  auto id = id_param(ctx);
  if (!id) return Error::not_found(i18n::msg("There is no such invitation."));
  std::string what = in.get("do");
  if (what != "accept" && what != "decline")
    return Error::validation({{"do", "Choose whether to apply together or decline"}});
  auto app = answer_co_invitation(ctx.db, audit::Actor::of(ctx), *id, ctx.user->id, ctx.user->email, what == "accept");
  if (!app)
    return audit::refused(ctx, "grant.application.co_applicant_" + what, "grant_co_invitation", ctx.param("id"),
                          app.error());
  if (what == "accept")
    return web::Done{"/grants/applications/" + std::to_string(*app),
                     {{"application", *app}, {"status", "accepted"}},
                     i18n::msg("You are applying together: you can now see and change this application.")};
  return web::Done{
      "/grants/mine", {{"application", *app}, {"status", "declined"}}, i18n::msg("You declined the invitation.")};
}

Result<Json> mine_page(Ctx& ctx) {
  GrantStore store(ctx.db);
  Json invitations = pending_invitations_json(ctx);
  Json list = Json::array();
  for (const auto& a : store.applications_of(ctx.user->id))
    list.push_back({{"href", "/grants/applications/" + std::to_string(a.id)},
                    {"group", a.canvas.group_name},
                    {"amount", amount_text(a.canvas.amount)},
                    {"status", status_text(a.status)}});
  return Json{
      {"title", "Your grant applications"},      {"breadcrumbs", crumbs()}, {"invitations", invitations},
      {"has_invitations", !invitations.empty()}, {"applications", list},    {"has_applications", !list.empty()}};
}

// ---- The panel ----

Result<Json> panel_page(Ctx& ctx) {
  GrantStore store(ctx.db);
  Json list = Json::array();
  for (auto app : store.assignments_of(ctx.user->id)) {
    auto a = store.application(app);
    auto r = store.round(a->round_id);
    std::map<std::string, int> mine;
    for (const auto& s : store.scores(app))
      if (s.user == ctx.user->id) mine[s.criterion] = s.score;
    bool conflicted = store.conflict(app, ctx.user->id).has_value();
    list.push_back(
        {{"href", "/grants/panel/" + std::to_string(app)},
         {"group", a->canvas.group_name},
         {"round", r->name},
         {"amount", amount_text(a->canvas.amount)},
         {"total", conflicted
                       ? i18n::tr("Conflict declared")
                       : i18n::tr("{total} of {maximum}", {{"total", one_decimal(weighted_total(r->criteria, mine))},
                                                           {"maximum", one_decimal(weighted_maximum(r->criteria))}})},
         {"scored", i18n::tr("{scored} of {criteria}", {{"scored", std::to_string(mine.size())},
                                                        {"criteria", std::to_string(r->criteria.size())}})}});
  }
  return Json{{"title", "Applications to score"}, {"applications", list}, {"has_applications", !list.empty()}};
}

Result<Json> panel_application_page(Ctx& ctx) {
  auto id = id_param(ctx);
  GrantStore store(ctx.db);
  auto a = id ? store.application(*id) : std::nullopt;
  if (!a || !store.assigned(*id, ctx.user->id))
    return Error::not_found(i18n::tr("Application {id} is not one of yours to score.", {{"id", ctx.param("id")}}));
  auto r = *store.round(a->round_id);
  std::map<std::string, Score> mine;
  for (const auto& s : store.scores(a->id))
    if (s.user == ctx.user->id) mine[s.criterion] = s;
  Scores given;
  Json criteria = Json::array();
  for (const auto& c : r.criteria) {
    auto it = mine.find(c.key);
    if (it != mine.end()) given[c.key] = it->second.score;
    Json options = Json::array();
    for (int v = 0; v <= kMaxScore; ++v)
      options.push_back({{"value", v}, {"checked", it != mine.end() && it->second.score == v}});
    criteria.push_back({{"key", c.key},
                        {"name", criterion_name(c)},
                        {"weight", one_decimal(c.weight)},
                        {"options", options},
                        {"comment", it != mine.end() ? it->second.comment : ""}});
  }
  auto conflict = store.conflict(a->id, ctx.user->id);
  Json data = {{"title", i18n::tr("Score: {group}", {{"group", a->canvas.group_name}})},
               {"application", canvas_json(ctx.db, *a, r, false)},
               {"criteria", criteria},
               {"total", one_decimal(weighted_total(r.criteria, given))},
               {"maximum", one_decimal(weighted_maximum(r.criteria))},
               {"may_score", !conflict && a->status == "submitted"}};
  if (conflict) data["conflict"] = *conflict;
  return data;
}

Result<web::Done> panel_application_action(Ctx& ctx, const web::Input& in) {
  auto id = id_param(ctx);
  if (!id) return Error::not_found(i18n::msg("There is no such application."));
  audit::Actor actor = audit::Actor::of(ctx);
  std::string back = "/grants/panel/" + std::to_string(*id);
  if (in.get("do") == "conflict") {
    auto done = declare_conflict(ctx.db, actor, *id, ctx.user->id, in.get("reason"));
    if (!done) return audit::refused(ctx, "grant.conflict", "grant_application", ctx.param("id"), done.error());
    return web::Done{
        "/grants/panel", {{"id", *id}}, i18n::msg("Conflict declared: you will not score this application.")};
  }
  auto a = GrantStore(ctx.db).application(*id);
  if (!a) return Error::not_found(i18n::msg("There is no such application."));
  std::map<std::string, std::pair<std::string, std::string>> scores;
  auto r = GrantStore(ctx.db).round(a->round_id);
  for (const auto& c : r->criteria)
    if (in.has("score-" + c.key)) scores[c.key] = {in.get("score-" + c.key), first(in, "comment-" + c.key)};
  auto done = score(ctx.db, actor, *id, ctx.user->id, scores);
  if (!done) return audit::refused(ctx, "grant.score", "grant_application", ctx.param("id"), done.error());
  return web::Done{back, {{"id", *id}}, i18n::msg("Scores saved.")};
}

// ---- Officers: funds, rounds, panels, ranking, decisions ----

// The criteria a round may use; `said`: their names as the page says them (else in
// English, as a round stores them).
Json criterion_choices(store::Db& db, bool said = false) {
  Json out = Json::array();
  for (const auto& c : default_criteria()) out.push_back({{"key", c.key}, {"name", said ? i18n::tr(c.name) : c.name}});
  for (const auto& o : outcomes::OutcomeStore(db).list(false)) out.push_back({{"key", o.slug}, {"name", o.name}});
  return out;
}

Result<Json> admin_page(Ctx& ctx) {
  Json funds = Json::array();
  for (const auto& f : GrantStore(ctx.db).funds())
    funds.push_back({{"value", std::to_string(f.id)}, {"text", f.name + " (" + f.funder_name + ")"}});
  Json rounds = Json::array();
  for (const auto& r : GrantStore(ctx.db).rounds())
    rounds.push_back(
        {{"name", r.name}, {"fund", r.fund_name}, {"href", "/grants/rounds/" + std::to_string(r.id) + "/manage"}});
  // A round's form that came back with errors keeps its ticks and weights.
  web::Input was = ctx.failed ? web::resubmitted(ctx) : web::Input{};
  const bool back = was.get("do") == "round";
  Json criteria = criterion_choices(ctx.db, true);
  for (auto& c : criteria) {
    std::string key = c["key"], weight = was.get("weight-" + key);
    c["checked"] = back && has(was.all("criteria"), key);
    c["weight"] = back && !weight.empty() ? weight : "1";
  }
  return Json{{"title", "Funds and rounds"},
              {"funds", funds},
              {"rounds", rounds},
              {"criteria", criteria},
              {"match_required", back && was.get("match_required") == "yes"},
              {"kinds", kind_choices(back ? was.all("kinds") : std::vector<std::string>{})},
              {"opens", web::date_input(ctx, "opens_at", "opens_at", "", "round")},
              {"closes", web::date_input(ctx, "closes_at", "closes_at", "", "round")}};
}

Result<web::Done> admin_action(Ctx& ctx, const web::Input& in) {
  audit::Actor actor = audit::Actor::of(ctx);
  if (in.get("do") == "fund") {
    // The page's field is fund_name, apart from the round's name on the same page.
    const bool page = in.has("fund_name");
    auto id = create_fund(
        ctx.db, actor,
        {0, in.get(page ? "fund_name" : "name"), first(in, "description"), in.get("funder_name"), in.get("funder_id")});
    if (!id) {
      Error e = id.error();
      for (auto& f : e.fields)
        if (page && f.field == "name") f.field = "fund_name";
      return e;
    }
    return web::Done{"/admin/grants", {{"id", *id}}, i18n::msg("Fund created."), 201};
  }
  Round r;
  r.fund_id = parse_int(in.get("fund_id")).value_or(0);
  r.name = in.get("name");
  r.description = first(in, "description");
  std::optional<FieldError> bad_opens, bad_closes;
  r.rules.opens_at = web::date_answer(in, "opens_at", "opens_at", i18n::msg("Opening date"), bad_opens);
  r.rules.closes_at = web::date_answer(in, "closes_at", "closes_at", i18n::msg("Closing date"), bad_closes);
  r.rules.budget = whole_number(in, "budget");
  r.rules.min_amount = whole_number(in, "min_amount");
  r.rules.max_amount = whole_number(in, "max_amount");
  r.area_code = to_upper(in.get("area_code"));
  r.rules.kinds = in.all("kinds");
  r.rules.match_required = in.get("match_required") == "yes";
  r.rules.match_ratio = parse_double(in.get("match_ratio")).value_or(trim(in.get("match_ratio")).empty() ? 1 : -1);
  // Pounds, with or without the sign; blank counts volunteer time as nothing, and what is
  // not a number (or too big to be one) is said rather than read as nothing.
  std::string hour = trim(in.get("hour_value"));
  if (starts_with(hour, "£")) hour = trim(hour.substr(std::string("£").size()));
  auto pounds = hour.empty() ? std::optional<double>(0) : parse_double(hour);
  r.rules.hour_value_pence = pounds && *pounds >= 0 && *pounds <= 1000 ? std::llround(*pounds * 100) : -1;
  for (const auto& key : in.all("criteria"))
    for (const auto& c : criterion_choices(ctx.db))
      if (c["key"] == key) {
        // Blank weighs 1; what is not a number is said (the service refuses -1), not read as 1.
        std::string w = trim(in.get("weight-" + key));
        r.criteria.push_back({key, c["name"], w.empty() ? 1 : parse_double(w).value_or(-1)});
      }
  auto id = create_round(ctx.db, actor, r);
  Status made = id ? Status(Ok{}) : Status(id.error());
  made = web::with_date_fault(std::move(made), ctx, in, "opens_at", bad_opens);
  made = web::with_date_fault(std::move(made), ctx, in, "closes_at", bad_closes);
  if (!made) return made.error();
  return web::Done{
      "/grants/rounds/" + std::to_string(*id) + "/manage", {{"id", *id}}, i18n::msg("Round created."), 201};
}

Result<Json> manage_page(Ctx& ctx) {
  auto id = id_param(ctx);
  auto r = id ? round_of(ctx, *id) : Result<Round>(Error::not_found(i18n::msg("There is no such round.")));
  if (!r) return r.error();
  GrantStore store(ctx.db);
  auto seated = store.panel(r->id);
  Json panel = Json::array();
  Json members = Json::array();
  for (const auto& m : seated) {
    panel.push_back({{"name", m.name}, {"seat", m.seat}});
    members.push_back({{"value", std::to_string(m.user)}, {"text", m.name + " (" + m.seat + ")"}});
  }
  Json rows = Json::array();
  int place = 0;
  for (const auto& row : ranking(ctx.db, *r)) {
    const auto& a = row.application;
    std::vector<std::string> names;
    for (auto u : store.assignees(a.id))
      for (const auto& m : seated)
        if (m.user == u)
          names.push_back(store.conflict(a.id, u) ? i18n::tr("{name} (conflict)", {{"name", m.name}}) : m.name);
    rows.push_back({{"id", a.id},
                    {"place", row.rank.scorers ? std::to_string(++place) : "–"},
                    {"group", a.canvas.group_name},
                    {"amount", amount_text(a.canvas.amount)},
                    {"status", status_text(a.status)},
                    {"decided", a.status != "submitted"},
                    {"raw", row.rank.scorers ? one_decimal(row.rank.raw_mean) : i18n::tr("Not scored")},
                    {"normalised", row.rank.scorers ? one_decimal(row.rank.normalised) : ""},
                    {"scorers", row.rank.scorers},
                    {"suggested", !row.rank.scorers       ? i18n::tr("Not ranked")
                                  : row.allocation.funded ? i18n::tr("Fund")
                                                          : i18n::tr("Do not fund")},
                    {"why", row.allocation.why},
                    {"assigned", join(names, ", ")},
                    {"sponsor", a.sponsor_name},
                    {"href", "/grants/rounds/" + std::to_string(r->id) + "/manage/" + std::to_string(a.id)}});
  }
  std::int64_t awarded_total = 0;
  for (const auto& a : store.applications(r->id))
    if (awarded(a.status) && a.award_amount) awarded_total += *a.award_amount;
  return Json{{"title", i18n::tr("Manage: {round}", {{"round", r->name}})},
              {"round", round_json(*r, now())},
              {"panel", panel},
              {"members", members},
              {"rows", rows},
              {"rule", allocation_rule()},
              {"awarded", amount_text(awarded_total)},
              {"left", amount_text(r->rules.budget - awarded_total)},
              {"seats", Json::array({{{"value", "councillor"}, {"text", i18n::tr("Councillor")}},
                                     {{"value", "resident"}, {"text", i18n::tr("Resident")}},
                                     {{"value", "young-person"}, {"text", i18n::tr("Young person")}},
                                     {{"value", "officer"}, {"text", i18n::tr("Officer")}}})}};
}

Result<web::Done> manage_action(Ctx& ctx, const web::Input& in) {
  auto id = id_param(ctx);
  if (!id) return Error::not_found(i18n::msg("There is no such round."));
  audit::Actor actor = audit::Actor::of(ctx);
  std::string what = in.get("do");
  auto app = parse_int(in.get("application")).value_or(0);
  if (what == "assign" || what == "sponsor" || what == "decide" || what == "reopen") {
    // An application of this round, not one of another round's that a form names.
    auto a = GrantStore(ctx.db).application(app);
    if (!a || a->round_id != *id)
      return audit::refused(
          ctx, "grant.manage." + what, "grant_round", ctx.param("id"),
          Error::not_found(i18n::tr("There is no application {id} in this round.", {{"id", in.get("application")}})));
  }
  Status done = what == "panel"     ? add_panel_member(ctx.db, actor, *id, in.get("email"), in.get("seat"))
                : what == "assign"  ? assign(ctx.db, actor, app, parse_int(in.get("member")).value_or(0))
                : what == "sponsor" ? set_sponsor(ctx.db, actor, app, in.get("sponsor"))
                : what == "decide"
                    ? decide(ctx.db, actor, app, in.get("decision"), parse_int(in.get("award")).value_or(0),
                             first(in, "conditions"), first(in, "feedback"))
                : what == "reopen" ? reopen_decision(ctx.db, actor, app, first(in, "reason"))
                                   : Status(Error::validation({{"do", "Choose what to do"}}));
  if (!done) return audit::refused(ctx, "grant.manage." + what, "grant_round", ctx.param("id"), done.error());
  const char* said = what == "panel"     ? i18n::msg("Added to the panel.")
                     : what == "assign"  ? i18n::msg("Given to the panel member to score.")
                     : what == "sponsor" ? i18n::msg("Sponsor saved.")
                     : what == "reopen"
                         ? i18n::msg(
                               "The decision is taken back: the application waits for a decision again, and "
                               "the applicant is told why.")
                         : i18n::msg("Decision saved: the applicant sees it on their application, with your feedback.");
  return web::Done{"/grants/rounds/" + std::to_string(*id) + "/manage", {{"id", *id}}, said};
}

// ---- Community of practice and after the award ----

Result<Json> projects_page(Ctx& ctx) {
  if (!in_community(ctx))
    return Error{"forbidden", i18n::msg("The community of practice is for applicants, sponsors and officers."), {}};
  GrantStore store(ctx.db);
  Json list = Json::array();
  for (const auto& r : store.rounds())
    for (const auto& a : store.applications(r.id)) {
      if (a.status == "draft" || a.status == "withdrawn") continue;
      list.push_back({{"href", "/grants/projects/" + std::to_string(a.id)},
                      {"group", a.canvas.group_name},
                      {"idea", shorten(a.canvas.idea, 160, 150)},
                      {"round", r.name},
                      {"status", status_text(a.status)},
                      {"sponsor", a.sponsor_name.empty() ? i18n::tr("Not yet given") : a.sponsor_name}});
    }
  return Json{{"title", "Projects and sponsors"}, {"breadcrumbs", crumbs()}, {"projects", list}};
}

Result<Json> project_page(Ctx& ctx, const app::RecordSections& sections) {
  if (!in_community(ctx))
    return Error{"forbidden", i18n::msg("The community of practice is for applicants, sponsors and officers."), {}};
  auto id = id_param(ctx);
  GrantStore store(ctx.db);
  auto a = id ? store.application(*id) : std::nullopt;
  if (!a || a->status == "draft" || a->status == "withdrawn")
    return Error::not_found(i18n::tr("There is no project {id}.", {{"id", ctx.param("id")}}));
  auto r = *store.round(a->round_id);
  Json milestones = Json::array();
  for (const auto& m : store.milestones(a->id))
    milestones.push_back(
        {{"title", m.title},
         {"due", m.due},
         {"done", m.done_at.empty() ? i18n::tr("Not yet")
                                    : i18n::tr("Done {date}", {{"date", date_in_words(m.done_at.substr(0, 10))}})}});
  stories::StoryFilter f;
  f.link_kind = "project";
  f.link_ref = std::to_string(a->id);
  Json linked = Json::array();
  for (const auto& s : stories::StoryStore(ctx.db).published(f))
    linked.push_back({{"title", s.title}, {"href", "/stories/" + std::to_string(s.id)}});
  Json data = {
      {"title", a->canvas.group_name},
      {"breadcrumbs", crumbs()},
      {"project", canvas_json(ctx.db, *a, r, false)},
      {"sponsor", a->sponsor_name},
      {"milestones", milestones},
      {"has_milestones", !milestones.empty()},
      {"stories", linked},
      {"hub_hours",
       app::record_sections(sections, "project", ctx.db, std::to_string(a->id)).value("hub_hours", Json(nullptr))},
      {"may_link", ctx.user->has_any(web::kOfficerRoles) || store.is_applicant(a->id, ctx.user->id) ||
                       (a->sponsor_user && *a->sponsor_user == ctx.user->id)}};
  if (auto report = store.report(a->id))
    data["report"] = {{"summary", report->summary},
                      {"hours", i18n::tr("{delivered} volunteer hours delivered of {pledged} pledged",
                                         {{"delivered", thousands(report->hours_delivered)},
                                          {"pledged", thousands(a->canvas.volunteer_hours)}})}};
  return data;
}

Result<web::Done> project_action(Ctx& ctx, const web::Input& in) {
  auto id = id_param(ctx);
  GrantStore store(ctx.db);
  auto a = id ? store.application(*id) : std::nullopt;
  if (!a) return Error::not_found(i18n::msg("There is no such project."));
  bool may = ctx.user->has_any(web::kOfficerRoles) || store.is_applicant(a->id, ctx.user->id) ||
             (a->sponsor_user && *a->sponsor_user == ctx.user->id);
  if (!may)
    return Error{"forbidden", i18n::msg("Only the project's group, its sponsor and officers link stories to it."), {}};
  auto story = parse_int(in.get("story"));
  auto s = story ? stories::StoryStore(ctx.db).get(*story) : std::nullopt;
  if (!s || s->status != "published")
    return Error::validation({{"story", "Give the number of a published story (it is in the story's address)"}});
  stories::StoryStore(ctx.db).add_link(*story, {"project", std::to_string(a->id), a->canvas.group_name});
  audit::record(ctx.db, audit::Actor::of(ctx), "story.link", "story", std::to_string(*story), nullptr,
                {{"kind", "project"}, {"ref", a->id}});
  return web::Done{"/grants/projects/" + std::to_string(a->id), {{"id", a->id}}, i18n::msg("Story linked.")};
}

std::string publisher_prefix(Ctx& ctx) { return ctx.settings.value("grants_prefix", std::string("360G-kith")); }

web::Response threesixty_json(Ctx& ctx) {
  web::Response res;
  res.content_type = "application/json";
  res.body = threesixty(awards(ctx.db, publisher_prefix(ctx))).dump(2);
  return res;
}

web::Response threesixty_csv(Ctx& ctx) {
  std::string out;
  out += csv_line(threesixty_header());
  for (const auto& a : awards(ctx.db, publisher_prefix(ctx))) out += csv_line(threesixty_row(a));
  web::Response res;
  res.content_type = "text/csv; charset=utf-8";
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"kith-360giving.csv\"");
  res.body = out;
  return res;
}

}  // namespace

void install_routes(web::Server& server, const app::RecordSections& sections) {
  auto& r = server.router();
  r.page("/grants", "grants/index", Access::anyone(), grants_page);
  r.raw("GET", "/grants/360giving.json", Access::anyone(), threesixty_json, false);
  r.raw("GET", "/grants/360giving.csv", Access::anyone(), threesixty_csv, false);
  r.page("/grants/rounds/{id}", "grants/round", Access::anyone(), round_page);
  r.action("/grants/rounds/{id}", Access::any_member(), start_action);
  r.page("/grants/mine", "grants/mine", Access::any_member(), mine_page);
  r.action("/grants/invitations/{id}", Access::any_member(), invitation_action);
  r.page("/grants/applications/{id}", "grants/application", Access::any_member(),
         [sections](Ctx& ctx) { return application_page(ctx, sections); });
  r.action("/grants/applications/{id}", Access::any_member(), application_action);
  r.page("/grants/panel", "grants/panel", Access::role(kPanel), panel_page);
  r.page("/grants/panel/{id}", "grants/score", Access::role(kPanel), panel_application_page);
  r.action("/grants/panel/{id}", Access::role(kPanel), panel_application_action);
  r.page("/grants/projects", "grants/projects", Access::any_member(), projects_page);
  r.page("/grants/projects/{id}", "grants/project", Access::any_member(),
         [sections](Ctx& ctx) { return project_page(ctx, sections); });
  r.action("/grants/projects/{id}", Access::any_member(), project_action);
  r.page("/admin/grants", "grants/admin", Access::role(web::kOfficerRoles), admin_page);
  r.action("/admin/grants", Access::role(web::kOfficerRoles), admin_action);
  r.page("/grants/rounds/{id}/manage", "grants/manage", Access::role(web::kOfficerRoles), manage_page);
  r.action("/grants/rounds/{id}/manage", Access::role(web::kOfficerRoles), manage_action);
  server.add_nav({"Grants", "/grants", Access::anyone(), false});
}

}  // namespace kith::grants
