// Evaluation from stories: the dashboard (by outcome, perspective, ward and month,
// and each signifier's distribution, every bar and point leading to its stories),
// the evaluator's view of a story (links, case study), exports (CSV, JSON) and Most
// Significant Change rounds. Thin: the counting is in evaluation.cpp, the rounds in
// msc.cpp.
#include <cmath>

#include "core/clock.h"
#include "core/csv.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "outcomes/outcomes.h"
#include "stories/evaluation.h"
#include "stories/msc.h"
#include "stories/stories_http.h"
#include "stories/story_service.h"
#include "web/dates.h"
#include "web/problems.h"

namespace kith::stories {

namespace {

using web::Access;
using web::Ctx;
using web::Json;

const std::vector<std::string> kEvaluators = {"officer", "moderator", "coordinator", "panel", "admin"};
const std::vector<std::string> kCurators = {"officer", "moderator", "coordinator", "admin"};
const std::vector<std::string> kPanel = {"panel", "officer", "admin"};

Json evaluation_crumbs() {
  return Json::array({{{"name", "Home"}, {"href", "/"}}, {{"name", "Evaluation"}, {"href", "/evaluate/stories"}}});
}

// The dashboard's filters, as the query gives them and as a query string again.
struct Filters {
  StoryFilter f;
  std::string month;
  std::string query;  // "outcome=x&area=y", for links that keep them
};

Result<Filters> filters_of(Ctx& ctx) {
  Filters out;
  out.f.outcome = ctx.req.query_param("outcome");
  out.f.perspective = ctx.req.query_param("perspective");
  out.f.area = to_upper(ctx.req.query_param("area"));
  out.f.limit = 100000;
  out.month = ctx.req.query_param("month");
  if (!out.month.empty() && (out.month.size() != 7 || !is_iso_date(out.month + "-01")))
    return Error::validation({{"month", "Give the month as YYYY-MM"}});
  std::vector<std::string> parts;
  for (const auto& [k, v] : {std::pair<std::string, std::string>{"outcome", out.f.outcome},
                             {"perspective", out.f.perspective},
                             {"area", out.f.area},
                             {"month", out.month}})
    if (!v.empty()) parts.push_back(k + "=" + url_encode(v));
  out.query = join(parts, "&");
  return out;
}

std::vector<Story> stories_for(Ctx& ctx, const Filters& fl) {
  std::vector<Story> out;
  for (auto& s : StoryStore(ctx.db).evaluable(fl.f))
    if (fl.month.empty() || s.created_at.substr(0, 7) == fl.month) out.push_back(std::move(s));
  return out;
}

std::string list_href(const Filters& fl, const std::string& extra) {
  std::string q = fl.query;
  if (!extra.empty()) q += (q.empty() ? "" : "&") + extra;
  return "/evaluate/stories/list" + (q.empty() ? "" : "?" + q);
}

Json bars(const std::vector<Count>& counts, const std::string& param, const Filters& fl) {
  std::int64_t most = 1;
  for (const auto& c : counts) most = std::max(most, c.count);
  Json out = Json::array();
  for (const auto& c : counts)
    out.push_back({{"label", c.label},
                   {"count", c.count},
                   {"width", c.count * 100 / most},
                   {"href", c.count == 0 || c.key.empty() ? "" : list_href(fl, param + "=" + url_encode(c.key))}});
  return {{"rows", out}};
}

Json slider_chart(const SliderDistribution& d, const Filters& fl) {
  std::size_t most = 1;
  for (const auto& b : d.bins) most = std::max(most, b.size());
  Json bins = Json::array();
  for (int k = 0; k < kSliderBins; ++k) {
    auto n = static_cast<std::int64_t>(d.bins[static_cast<std::size_t>(k)].size());
    double h = 100.0 * static_cast<double>(n) / static_cast<double>(most);
    std::string range = std::to_string(k * 10) + "–" + std::to_string(k == kSliderBins - 1 ? 100 : k * 10 + 9);
    bins.push_back(
        {{"x", k * 40 + 2},
         {"y", 110 - h},
         {"height", h},
         {"count", n},
         {"range", range},
         {"text", i18n::tr_plural(n, "{range}: {n} story", "{range}: {n} stories", {{"range", range}})},
         {"href",
          n == 0 ? "" : list_href(fl, "signifier=" + std::to_string(d.signifier.id) + "&bin=" + std::to_string(k))}});
  }
  return {{"id", d.signifier.id},
          {"prompt", d.signifier.prompt},
          {"label_a", d.signifier.label_a},
          {"label_b", d.signifier.label_b},
          {"answered", count_of(d.answered, "story answered", "stories answered")},
          {"has_answers", d.answered > 0},
          {"bins", bins}};
}

Json triad_chart(const TriadDistribution& d, const Filters& fl) {
  constexpr double kSide = 300;
  Json points = Json::array();
  for (const auto& p : d.points) {
    auto [x, y] = triad_xy(p.a, p.b, p.c, kSide);
    auto n = static_cast<std::int64_t>(p.stories.size());
    std::string abc = std::to_string(p.a) + "," + std::to_string(p.b) + "," + std::to_string(p.c);
    points.push_back({{"cx", x + 40},
                      {"cy", y + 30},
                      {"r", 5 + 3 * std::sqrt(static_cast<double>(n))},
                      {"count", n},
                      {"text", i18n::tr_plural(n, "{n} story: {a}% {first}, {b}% {second}, {c}% {third}",
                                               "{n} stories: {a}% {first}, {b}% {second}, {c}% {third}",
                                               {{"a", std::to_string(p.a)},
                                                {"first", d.signifier.label_a},
                                                {"b", std::to_string(p.b)},
                                                {"second", d.signifier.label_b},
                                                {"c", std::to_string(p.c)},
                                                {"third", d.signifier.label_c}})},
                      {"href", list_href(fl, "signifier=" + std::to_string(d.signifier.id) + "&abc=" + abc)}});
  }
  return {{"id", d.signifier.id},           {"prompt", d.signifier.prompt},
          {"label_a", d.signifier.label_a}, {"label_b", d.signifier.label_b},
          {"label_c", d.signifier.label_c}, {"answered", count_of(d.answered, "story answered", "stories answered")},
          {"has_answers", d.answered > 0},  {"points", points}};
}

Result<Json> dashboard_page(Ctx& ctx) {
  auto fl = filters_of(ctx);
  if (!fl) return fl.error();
  StoryStore store(ctx.db);
  fl->f.with_words = false;  // counting needs no text
  auto stories = stories_for(ctx, *fl);
  Dashboard d = summarise(stories, spoken(store.signifiers(true)), outcomes::OutcomeStore(ctx.db).list(true));
  Json sliders = Json::array();
  for (const auto& s : d.sliders) sliders.push_back(slider_chart(s, *fl));
  Json triads = Json::array();
  for (const auto& t : d.triads) triads.push_back(triad_chart(t, *fl));
  std::string exports = fl->query.empty() ? "" : "?" + fl->query;
  return Json{{"title", "Evaluation: what stories show"},
              {"total", count_of(d.total, "story", "stories")},
              {"published", thousands(d.published)},
              {"outcomes", outcomes::choices(ctx.db, {fl->f.outcome})},
              {"perspectives", choices(perspectives(), fl->f.perspective)},
              {"area", fl->f.area},
              {"month", fl->month},
              {"by_outcome", bars(d.by_outcome, "outcome", *fl)},
              {"by_perspective", bars(d.by_perspective, "perspective", *fl)},
              {"by_ward", bars(d.by_ward, "area", *fl)},
              {"by_month", bars(d.by_month, "month", *fl)},
              {"sliders", sliders},
              {"triads", triads},
              {"all_href", list_href(*fl, "")},
              {"csv_href", "/evaluate/stories.csv" + exports},
              {"json_href", "/evaluate/stories.json" + exports}};
}

Json evaluator_row(const Story& s) {
  std::string text = s.public_body;
  return {{"id", s.id},
          {"href", "/evaluate/stories/" + std::to_string(s.id)},
          {"title", s.title},
          {"excerpt", shorten(text, 220, 200)},
          {"status", s.status == "published" ? i18n::tr("Published") : i18n::tr("Evaluation only")},
          {"date", date_in_words(s.created_at)},
          {"area", s.ward_name}};
}

Result<Json> list_page(Ctx& ctx) {
  auto fl = filters_of(ctx);
  if (!fl) return fl.error();
  auto stories = stories_for(ctx, *fl);
  std::string heading = i18n::tr("Stories");
  if (auto sig_id = parse_int(ctx.req.query_param("signifier"))) {
    auto sig = StoryStore(ctx.db).signifier(*sig_id);
    if (!sig)
      return Error::not_found(i18n::tr("There is no question {id}.", {{"id", ctx.req.query_param("signifier")}}));
    sig = spoken(*sig);
    int bin = static_cast<int>(parse_int(ctx.req.query_param("bin")).value_or(-1));
    std::string abc = ctx.req.query_param("abc");
    stories = behind(stories, *sig_id, bin, abc);
    heading = abc.empty() ? i18n::tr("Stories answering \"{question}\" with {low} to {high}",
                                     {{"question", sig->prompt},
                                      {"low", std::to_string(bin * 10)},
                                      {"high", std::to_string(bin == kSliderBins - 1 ? 100 : bin * 10 + 9)}})
                          : i18n::tr("Stories answering \"{question}\" with {answer}",
                                     {{"question", sig->prompt}, {"answer", abc}});
  }
  Json rows = Json::array();
  for (const auto& s : stories) rows.push_back(evaluator_row(s));
  return Json{{"title", heading},
              {"breadcrumbs", evaluation_crumbs()},
              {"count", count_of(static_cast<std::int64_t>(stories.size()), "story", "stories")},
              {"stories", rows}};
}

Result<Json> evaluator_story_page(Ctx& ctx) {
  auto id = parse_int(ctx.param("id"));
  StoryStore store(ctx.db);
  auto s = id ? store.get(*id) : std::nullopt;
  if (!s || (s->status != "published" && s->status != "evaluation"))
    return Error::not_found(i18n::tr("There is no story {id} to evaluate.", {{"id", ctx.param("id")}}));
  Json answers = Json::array();
  for (const auto& a : s->answers) {
    auto sig = store.signifier(a.signifier_id);
    if (!sig) continue;
    sig = spoken(*sig);
    std::string text =
        sig->kind == "slider"
            ? i18n::tr("{answer} (0 {first}, 100 {second})",
                       {{"answer", std::to_string(a.a)}, {"first", sig->label_a}, {"second", sig->label_b}})
            : i18n::tr("{a}% {first}, {b}% {second}, {c}% {third}", {{"a", std::to_string(a.a)},
                                                                     {"first", sig->label_a},
                                                                     {"b", std::to_string(a.b)},
                                                                     {"second", sig->label_b},
                                                                     {"c", std::to_string(a.c)},
                                                                     {"third", sig->label_c}});
    answers.push_back({{"prompt", sig->prompt}, {"answer", text}});
  }
  Json story = public_json(*s);
  story["status"] = s->status == "published" ? i18n::tr("Published") : i18n::tr("Evaluation only (never published)");
  story["published"] = s->status == "published";
  story["answers"] = answers;
  for (auto& l : story["links"]) l["ref"] = "";
  for (std::size_t i = 0; i < s->links.size(); ++i) story["links"][i]["ref"] = s->links[i].ref;
  Json values = {{"approach", s->case_study ? s->case_study->approach : ""},
                 {"lessons", s->case_study ? s->case_study->lessons : ""}};
  return Json{{"title", s->title},
              {"breadcrumbs", evaluation_crumbs()},
              {"story", story},
              {"curator", ctx.user->has_any(kCurators)},
              {"is_case_study", s->case_study.has_value()},
              {"values", values}};
}

Result<web::Done> evaluator_story_action(Ctx& ctx, const web::Input& in) {
  auto id = parse_int(ctx.param("id"));
  if (!id) return Error::not_found(i18n::tr("There is no story {id}.", {{"id", ctx.param("id")}}));
  audit::Actor actor = audit::Actor::of(ctx);
  std::string what = in.get("do");
  Status done = what == "link"      ? link(ctx.db, actor, *id, in.get("kind"), in.get("ref"))
                : what == "unlink"  ? unlink(ctx.db, actor, *id, in.get("kind"), in.get("ref"))
                : what == "promote" ? promote(ctx.db, actor, *id,
                                              {in.all("approach").empty() ? "" : in.all("approach")[0],
                                               in.all("lessons").empty() ? "" : in.all("lessons")[0], ""})
                : what == "demote"  ? demote(ctx.db, actor, *id)
                                    : Status(Error::validation({{"do", "Choose link, unlink, promote or demote"}}));
  if (!done) return done.error();
  std::string flash = what == "promote"  ? i18n::tr("Saved as a case study.")
                      : what == "demote" ? i18n::tr("No longer a case study.")
                                         : i18n::tr("Saved.");
  return web::Done{"/evaluate/stories/" + std::to_string(*id), {{"id", *id}}, flash};
}

web::Response export_csv(Ctx& ctx) {
  auto fl = filters_of(ctx);
  if (!fl) return web::problem_response(fl.error(), ctx.req.path);
  auto signifiers = StoryStore(ctx.db).signifiers(true);
  std::string out;
  out += csv_line(export_header(signifiers));
  for (const auto& row : export_rows(stories_for(ctx, *fl), signifiers)) out += csv_line(row);
  web::Response res;
  res.content_type = "text/csv; charset=utf-8";
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"kith-stories.csv\"");
  res.body = out;
  return res;
}

web::Response export_json_response(Ctx& ctx) {
  auto fl = filters_of(ctx);
  if (!fl) return web::problem_response(fl.error(), ctx.req.path);
  web::Response res;
  res.content_type = "application/json";
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"kith-stories.json\"");
  res.body = export_json(stories_for(ctx, *fl), StoryStore(ctx.db).signifiers(true)).dump(2);
  return res;
}

Json round_json(const Round& r) {
  return {{"id", r.id},
          {"href", "/evaluate/msc/" + std::to_string(r.id)},
          {"name", r.name},
          {"panel", r.panel},
          {"reads", r.source == "stories" ? i18n::tr("New stories") : i18n::tr("Picks passed up from other rounds")},
          {"period", r.source != "stories" ? ""
                     : r.told_from.empty() && r.told_to.empty()
                         ? i18n::tr("Any time")
                         : i18n::tr("{from} to {to}", {{"from", r.told_from.empty() ? "…" : date_in_words(r.told_from)},
                                                       {"to", r.told_to.empty() ? "…" : date_in_words(r.told_to)}})},
          {"area", r.area_code},
          {"passes_to", r.passes_to_name},
          {"passes_to_href", r.passes_to ? "/evaluate/msc/" + std::to_string(*r.passes_to) : ""},
          {"open", r.status == "open"},
          {"status", r.status == "open" ? i18n::tr("Open") : i18n::tr("Closed")}};
}

Result<Json> rounds_page(Ctx& ctx) {
  Json list = Json::array();
  Json parents = Json::array({{{"value", ""}, {"text", i18n::tr("Nowhere: this is the top tier")}}});
  for (const auto& r : rounds(ctx.db)) {
    list.push_back(round_json(r));
    if (r.status == "open" && r.source == "picks")
      parents.push_back({{"value", std::to_string(r.id)}, {"text", r.name}});
  }
  return Json{{"title", "Most Significant Change"},
              {"breadcrumbs", evaluation_crumbs()},
              {"rounds", list},
              {"organiser", ctx.user->has_any(web::kOfficerRoles)},
              {"sources", choices({{"stories", i18n::msg("New stories told in a period (a first-tier panel)")},
                                   {"picks", i18n::msg("The picks other rounds pass up (a higher tier)")}},
                                  "")},
              {"parents", parents},
              // The form has one action (no `do`): it is the one that came back.
              {"told_from", web::date_input(ctx, "told_from", "told_from", "", "")},
              {"told_to", web::date_input(ctx, "told_to", "told_to", "", "")}};
}

Result<web::Done> rounds_action(Ctx& ctx, const web::Input& in) {
  Round r;
  r.name = in.get("name");
  r.panel = in.get("panel");
  r.source = in.get("source");
  std::optional<FieldError> bad_from, bad_to;
  r.told_from = web::date_answer(in, "told_from", "told_from", i18n::msg("First date"), bad_from);
  r.told_to = web::date_answer(in, "told_to", "told_to", i18n::msg("Last date"), bad_to);
  r.area_code = in.get("area_code");
  if (!in.get("passes_to").empty()) {
    r.passes_to = parse_int(in.get("passes_to"));
    if (!r.passes_to) return Error::validation({{"passes_to", "Choose a round from the list"}});
  }
  auto id = create_round(ctx.db, audit::Actor::of(ctx), r);
  Status made = id ? Status(Ok{}) : Status(id.error());
  made = web::with_date_fault(std::move(made), ctx, in, "told_from", bad_from);
  made = web::with_date_fault(std::move(made), ctx, in, "told_to", bad_to);
  if (!made) return made.error();
  return web::Done{"/evaluate/msc/" + std::to_string(*id), {{"id", *id}}, i18n::tr("Round set up."), 201};
}

Result<Json> round_page(Ctx& ctx) {
  auto id = parse_int(ctx.param("id"));
  auto r = id ? round(ctx.db, *id) : std::nullopt;
  if (!r) return Error::not_found(i18n::tr("There is no round {id}.", {{"id", ctx.param("id")}}));
  Json list = Json::array();
  bool any_pick = false;
  for (const auto& d : domains(ctx.db, *r)) {
    Json candidates = Json::array();
    for (const auto& s : d.candidates) {
      Json c = evaluator_row(s);
      c["checked"] = d.pick && d.pick->story_id == s.id;
      c["domain"] = d.outcome.slug;
      Json why = Json::array();
      auto below = d.picked_below.find(s.id);
      if (below != d.picked_below.end())
        for (const auto& p : below->second) why.push_back({{"round", p.round_name}, {"why", p.why}});
      c["picked_below"] = why;
      candidates.push_back(c);
    }
    Json domain = {{"slug", d.outcome.slug},
                   {"name", d.outcome.name},
                   {"candidates", candidates},
                   {"has_candidates", !candidates.empty()},
                   {"count", count_of(static_cast<std::int64_t>(candidates.size()), "story", "stories")}};
    if (d.pick) {
      any_pick = true;
      for (const auto& s : d.candidates)
        if (s.id == d.pick->story_id)
          domain["pick"] = {
              {"title", s.title}, {"href", "/evaluate/stories/" + std::to_string(s.id)}, {"why", d.pick->why}};
    }
    list.push_back(domain);
  }
  Json data = round_json(*r);
  data["title"] = r->name;
  data["breadcrumbs"] = evaluation_crumbs();
  data["breadcrumbs"].push_back({{"name", "Most Significant Change"}, {"href", "/evaluate/msc"}});
  data["domains"] = list;
  data["may_pick"] = r->status == "open" && ctx.user->has_any(kPanel);
  data["may_close"] = r->status == "open" && any_pick && ctx.user->has_any(web::kOfficerRoles);
  return data;
}

Result<web::Done> round_action(Ctx& ctx, const web::Input& in) {
  auto id = parse_int(ctx.param("id"));
  if (!id) return Error::not_found(i18n::tr("There is no round {id}.", {{"id", ctx.param("id")}}));
  audit::Actor actor = audit::Actor::of(ctx);
  std::string back = "/evaluate/msc/" + std::to_string(*id);
  if (in.get("do") == "close") {
    if (!ctx.user->has_any(web::kOfficerRoles))
      return Error{"forbidden", i18n::tr("Only officers and admins close rounds."), {}};
    Status done = close_round(ctx.db, actor, *id);
    if (!done) return done.error();
    return web::Done{back, {{"id", *id}, {"status", "closed"}}, i18n::tr("Round closed: its picks have passed up.")};
  }
  std::string slug = in.get("outcome");
  auto story = parse_int(in.get("story-" + slug));
  if (!story) return Error::validation({{"story-" + slug, i18n::tr("Choose the most significant story")}});
  Status done = pick(ctx.db, actor, *id, slug, *story, in.all("why-" + slug).empty() ? "" : in.all("why-" + slug)[0]);
  if (!done) return done.error();
  return web::Done{
      back + "#domain-" + slug, {{"id", *id}, {"outcome", slug}, {"story", *story}}, i18n::tr("Pick recorded.")};
}

}  // namespace

void install_evaluation_routes(web::Server& server) {
  auto& r = server.router();
  r.page("/evaluate/stories", "stories/dashboard", Access::role(kEvaluators), dashboard_page);
  r.page("/evaluate/stories/list", "stories/evaluate_list", Access::role(kEvaluators), list_page);
  r.raw("GET", "/evaluate/stories.csv", Access::role(kEvaluators), export_csv, false);
  r.raw("GET", "/evaluate/stories.json", Access::role(kEvaluators), export_json_response, false);
  r.page("/evaluate/stories/{id}", "stories/evaluate_story", Access::role(kEvaluators), evaluator_story_page);
  // Writes admit fewer evaluators than reads: the route says who, so the access
  // matrix (tests/http/access_matrix_test.cpp) checks it.
  r.action("/evaluate/stories/{id}", Access::role(kCurators), evaluator_story_action);
  r.page("/evaluate/msc", "stories/rounds", Access::role(kEvaluators), rounds_page);
  r.action("/evaluate/msc", Access::role(web::kOfficerRoles), rounds_action);
  r.page("/evaluate/msc/{id}", "stories/round", Access::role(kEvaluators), round_page);
  r.action("/evaluate/msc/{id}", Access::role(kPanel), round_action);  // closing: organisers only
  server.add_nav({"Evaluation", "/evaluate/stories", Access::role(kEvaluators), true});
}

}  // namespace kith::stories
