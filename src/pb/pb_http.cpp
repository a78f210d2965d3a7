// Participatory budgeting pages: budgets (/pb), proposing, voting and the results
// counted both ways side by side with their reasoning and by ward; the officers'
// page for phases, the ballot paper and paper ballots. Thin: rules in pb.cpp,
// writes in pb_service.cpp.
#include <algorithm>
#include <set>

#include "core/text.h"
#include "i18n/speaking.h"
#include "pb/module.h"
#include "pb/pb_service.h"
#include "web/resubmitted.h"

namespace kith::pb {

namespace {

using web::Access;
using web::Ctx;
using web::Json;

Json crumbs() { return Json::array({{{"name", "Home"}, {"href", "/"}}, {{"name", "Budgets"}, {"href", "/pb"}}}); }

std::string rule_text(const Process& p) {
  if (p.rule.kind == "knapsack")
    return i18n::tr("Choose any projects whose costs together fit the budget of {budget}.",
                    {{"budget", pounds(p.budget)}});
  if (p.rule.min_projects == p.rule.max_projects)
    return i18n::tr_plural(p.rule.max_projects, "Choose {n} project.", "Choose {n} projects.");
  return i18n::tr("Choose {least} to {most} projects.",
                  {{"least", thousands(p.rule.min_projects)}, {"most", thousands(p.rule.max_projects)}});
}

std::string decided_by_text(const std::string& method) {
  return method == "greedy" ? i18n::tr("most votes first") : i18n::tr("equal shares");
}

Json process_json(const Process& p) {
  std::string phase = p.phase == "proposing" ? i18n::tr("Taking proposals")
                      : p.phase == "voting"  ? i18n::tr("Voting is open")
                                             : i18n::tr("Closed: results");
  return {{"id", p.id},
          {"href", "/pb/" + std::to_string(p.id)},
          {"name", p.name},
          {"description", p.description},
          {"area", p.area_name},
          {"area_code", p.area_code},
          {"budget", pounds(p.budget)},
          {"phase", phase},
          {"proposing", p.phase == "proposing"},
          {"voting", p.phase == "voting"},
          {"closed", p.phase == "closed"},
          {"rule", rule_text(p)},
          {"decided_by", p.decided_by},
          {"decided_by_text", decided_by_text(p.decided_by)}};
}

Result<Process> process_of(Ctx& ctx) {
  auto id = parse_int(ctx.param("id"));
  auto p = id ? PbStore(ctx.db).process(*id) : std::nullopt;
  if (!p) return Error::not_found(i18n::tr("There is no budget {id}.", {{"id", ctx.param("id")}}));
  return *p;
}

std::vector<std::int64_t> choices_of(const web::Input& in) {
  std::vector<std::int64_t> out;
  for (const auto& v : in.all("projects")) {
    auto id = parse_int(v);
    out.push_back(id ? *id : -1);  // not a number: refused as not on the ballot
  }
  return out;
}

Result<Json> list_page(Ctx& ctx) {
  Json list = Json::array();
  for (const auto& p : PbStore(ctx.db).processes()) list.push_back(process_json(p));
  return Json{
      {"title", "Participatory budgets"},
      {"processes", list},
      {"staff", ctx.user && ctx.user->has_any(web::kOfficerRoles)},
      {"rules",
       Json::array({{{"value", "approval"}, {"text", i18n::tr("Approve a number of projects")}},
                    {{"value", "knapsack"}, {"text", i18n::tr("Fill the budget: projects whose costs fit it")}}})},
      {"methods",
       Json::array({{{"value", "equal_shares"},
                     {"text", i18n::tr("Equal shares")},
                     {"hint", i18n::tr("Every voter holds an equal share of the budget, so smaller groups get "
                                       "something too. Recommended.")},
                     {"checked", true}},
                    {{"value", "greedy"},
                     {"text", i18n::tr("Most votes first")},
                     {"hint", i18n::tr("Projects in order of votes, each funded if it fits what is left.")}}})}};
}

Result<web::Done> create_action(Ctx& ctx, const web::Input& in) {
  if (!ctx.user || !ctx.user->has_any(web::kOfficerRoles))
    return Error{"forbidden", i18n::msg("Only officers set up budgets."), {}};
  Process p;
  p.name = in.get("name");
  p.description = in.get("description");
  p.area_code = to_upper(in.get("area_code"));
  p.budget = parse_typed_number(in.get("budget")).value_or(0);
  p.rule = {in.get("rule"), static_cast<int>(parse_int(in.get("min_projects")).value_or(1)),
            static_cast<int>(parse_int(in.get("max_projects")).value_or(3))};
  if (in.has("decided_by")) p.decided_by = in.get("decided_by");
  auto id = create_process(ctx.db, audit::Actor::of(ctx), p);
  if (!id) return id.error();
  return web::Done{
      "/pb/" + std::to_string(*id), {{"id", *id}}, i18n::msg("Budget set up: it is taking proposals."), 201};
}

Json results_json(const Process& p, const Results& r, const std::vector<StoredProject>& projects) {
  auto lines = [](const Outcome& o) {
    Json out = Json::array();
    for (const auto& l : o.lines)
      out.push_back({{"title", l.title},
                     {"cost", pounds(l.cost)},
                     {"votes", l.votes},
                     {"votes_text", count_of(l.votes, "vote")},
                     {"funded", l.funded},
                     {"why", l.why}});
    return out;
  };
  Json wards = Json::array();
  auto row = [&](const std::string& name, const AreaVotes& a) {
    Json cells = Json::array();
    for (const auto& sp : projects)
      if (sp.on_ballot) cells.push_back(a.votes.count(sp.project.id) ? a.votes.at(sp.project.id) : 0);
    wards.push_back({{"ward", name}, {"voters_text", count_of(a.voters, "voter")}, {"cells", cells}});
  };
  const PublishedVotes published = publish_by_area(r.by_ward);
  for (const auto& a : published.areas) row(a.area, a);
  if (published.pool)
    row(i18n::tr_plural(published.pooled_areas, "{n} area with few voters", "{n} areas with few voters, together"),
        *published.pool);
  Json heads = Json::array();
  for (const auto& sp : projects)
    if (sp.on_ballot) heads.push_back(sp.project.title);
  return {{"ballots", thousands(r.ballots)},
          {"ballots_text", count_of(r.ballots, "ballot")},
          {"online", thousands(r.online)},
          {"paper", thousands(r.paper)},
          {"greedy", lines(r.greedy)},
          {"greedy_spent", pounds(r.greedy.spent)},
          {"equal_shares", lines(r.equal_shares)},
          {"equal_spent", pounds(r.equal_shares.spent)},
          {"budget", pounds(p.budget)},
          {"decides_greedy", p.decided_by == "greedy"},
          {"decided_by_text", decided_by_text(p.decided_by)},
          {"ward_heads", heads},
          {"wards", wards},
          {"pooled", published.pool.has_value()}};
}

Result<Json> process_page(Ctx& ctx) {
  auto p = process_of(ctx);
  if (!p) return p.error();
  PbStore store(ctx.db);
  auto projects = store.projects(p->id);
  Json list = Json::array();
  // A vote refused (too many projects, a postcode outside) keeps the person's ticks.
  const auto ticked = web::resubmitted(ctx).all("projects");
  for (const auto& sp : projects) {
    if (p->phase != "proposing" && !sp.on_ballot) continue;
    list.push_back(
        {{"id", sp.project.id},
         {"title", sp.project.title},
         {"cost", pounds(sp.project.cost)},
         {"description", sp.description},
         {"on_ballot", sp.on_ballot},
         {"ticked", std::find(ticked.begin(), ticked.end(), std::to_string(sp.project.id)) != ticked.end()}});
  }
  Json data = {{"title", p->name},
               {"breadcrumbs", crumbs()},
               {"process", process_json(*p)},
               {"projects", list},
               {"signed_in", ctx.user != nullptr},
               {"staff", ctx.user && ctx.user->has_any(web::kOfficerRoles)}};
  if (ctx.user && p->phase == "voting") data["voted"] = store.has_voted(p->id, "user:" + std::to_string(ctx.user->id));
  // Whoever is not shown the voting form still sees what is on the ballot.
  data["ballot_list"] = p->phase == "voting" && (!ctx.user || data.value("voted", false));
  if (p->phase == "closed") data["results"] = results_json(*p, results(ctx.db, *p), projects);
  return data;
}

Result<web::Done> process_action(Ctx& ctx, const web::Input& in) {
  auto p = process_of(ctx);
  if (!p) return p.error();
  if (!ctx.user) return Error{"unauthenticated", i18n::msg("Sign in first."), {}};
  audit::Actor actor = audit::Actor::of(ctx);
  std::string back = "/pb/" + std::to_string(p->id);
  if (in.get("do") == "propose") {
    // Typed but not whole pounds ("12.50") is told as such, not as out of range.
    const std::string cost = trim(in.get("cost"));
    auto id = propose(ctx.db, actor, p->id,
                      {0, in.get("title"), parse_typed_number(cost).value_or(cost.empty() ? 0 : kNotWholePounds)},
                      in.get("description"), ctx.user->id);
    if (!id) return id.error();
    return web::Done{back,
                     {{"id", *id}},
                     i18n::msg("Thank you: your proposal is in. Officers check each is possible before the vote."),
                     201};
  }
  auto done = vote(ctx.db, actor, p->id, ctx.user->id, in.get("postcode"), choices_of(in));
  if (!done) return audit::refused(ctx, "pb.vote", "pb_process", std::to_string(p->id), done.error());
  return web::Done{back, {{"voted", true}}, i18n::msg("Your vote is counted. Results come when voting closes.")};
}

Result<Json> manage_page(Ctx& ctx) {
  auto p = process_of(ctx);
  if (!p) return p.error();
  PbStore store(ctx.db);
  Json list = Json::array();
  Json paper = Json::array();
  for (const auto& sp : store.projects(p->id)) {
    list.push_back({{"id", sp.project.id},
                    {"title", sp.project.title},
                    {"cost", pounds(sp.project.cost)},
                    {"on_ballot", sp.on_ballot}});
    if (sp.on_ballot)
      paper.push_back({{"id", sp.project.id}, {"title", sp.project.title}, {"cost", pounds(sp.project.cost)}});
  }
  std::string next = p->phase == "proposing" ? "voting" : p->phase == "voting" ? "closed" : "";
  return Json{{"title", i18n::tr("Run: {budget}", {{"budget", p->name}})},
              {"process", process_json(*p)},
              {"projects", list},
              {"paper", paper},
              {"ballots", thousands(static_cast<std::int64_t>(store.ballots(p->id).size()))},
              {"ballots_text", count_of(static_cast<std::int64_t>(store.ballots(p->id).size()), "ballot")},
              {"next", next},
              {"next_text", next == "voting" ? i18n::tr("Open voting (the ballot paper is then fixed)")
                                             : i18n::tr("Close voting and count")},
              // Closing cannot be undone: the button leads to a page that asks first.
              {"confirm_close", next == "closed" && ctx.req.query_param("confirm") == "close"},
              {"ask_first", next == "closed"}};
}

Result<web::Done> manage_action(Ctx& ctx, const web::Input& in) {
  auto p = process_of(ctx);
  if (!p) return p.error();
  audit::Actor actor = audit::Actor::of(ctx);
  std::string what = in.get("do");
  std::string back = "/pb/" + std::to_string(p->id) + "/manage";
  Status done = Ok{};
  if (what == "phase")
    done = set_phase(ctx.db, actor, p->id, in.get("phase"));
  else if (what == "ballot")
    done = put_on_ballot(ctx.db, actor, p->id, parse_int(in.get("project")).value_or(0), in.get("on") == "yes");
  else if (what == "paper")
    done = enter_paper(ctx.db, actor, p->id, in.get("reference"), in.get("postcode"), choices_of(in));
  else
    done = Error::validation({{"do", "Choose what to do"}});
  if (!done) return audit::refused(ctx, "pb." + what, "pb_process", std::to_string(p->id), done.error());
  // Closing counts the votes: the officer goes straight to the results.
  if (what == "phase" && in.get("phase") == "closed")
    return web::Done{"/pb/" + std::to_string(p->id),
                     {{"id", p->id}},
                     i18n::msg("Voting is closed and counted: the results are below.")};
  const char* said = what == "paper"                             ? i18n::msg("Paper ballot entered.")
                     : what == "ballot" && in.get("on") == "yes" ? i18n::msg("The project is on the ballot.")
                     : what == "ballot"                          ? i18n::msg("The project is off the ballot.")
                     : in.get("phase") == "voting"               ? i18n::msg("Voting is open.")
                                                                 : i18n::msg("The budget has moved on a stage.");
  return web::Done{back, {{"id", p->id}}, said};
}

}  // namespace

void PbModule::install(web::Server& server, const app::Config&) {
  auto& r = server.router();
  r.page("/pb", "pb/list", Access::anyone(), list_page);
  r.action("/pb", Access::role(web::kOfficerRoles), create_action);
  r.page("/pb/{id}", "pb/process", Access::anyone(), process_page);
  r.action("/pb/{id}", Access::any_member(), process_action);
  r.page("/pb/{id}/manage", "pb/manage", Access::role(web::kOfficerRoles), manage_page);
  r.action("/pb/{id}/manage", Access::role(web::kOfficerRoles), manage_action);
  server.add_nav({"Budgets", "/pb", Access::anyone(), false});
}

// A budget for Grays (Thurrock) with four projects on the ballot, voting open.
namespace {

// Last year's budget for a Dudley ward, closed: residents' paper ballots, entered by
// staff through the same rules as any vote, counted into results.
void load_closed_budget(store::Db& db, const audit::Actor& demo) {
  auto ward = db.query_one(
      "SELECT parent_code FROM areas WHERE code = (SELECT lsoa_code FROM postcodes WHERE postcode = 'DY11HL')");
  if (!ward || ward->is_null(0)) return;
  Process p;
  p.name = "Dudley town decides 2026 (demo)";
  p.description = "£8,000 for the ward, spent on what residents chose. Voting has closed: see the results.";
  p.area_code = ward->text(0);
  p.budget = 8000;
  p.rule = {"approval", 1, 2};
  auto id = create_process(db, demo, p);
  if (!id) throw std::runtime_error("demo closed budget: " + id.error().message);
  const std::vector<std::tuple<std::string, std::int64_t, std::string>> ideas = {
      {"Planters on the High Street", 3000, "Flower planters along the High Street, watered by the traders."},
      {"Free swimming for carers", 2500, "Twenty sessions of free swimming for young carers and their families."},
      {"A defibrillator at the market", 1500, "A public-access defibrillator by the market place, with training."},
      {"Repair café kit", 2000, "Tools and a sewing machine for a monthly repair café in the library."}};
  std::vector<std::int64_t> projects;
  for (const auto& [title, cost, text] : ideas) {
    auto project = propose(db, demo, *id, {0, title, cost}, text, std::nullopt);
    if (!project) throw std::runtime_error("demo closed budget proposal: " + project.error().message);
    if (!put_on_ballot(db, demo, *id, *project, true)) throw std::runtime_error("demo closed budget ballot paper");
    projects.push_back(*project);
  }
  if (!set_phase(db, demo, *id, "voting")) throw std::runtime_error("demo closed budget voting");
  // Voters' postcodes in the ward, spread over it; each ballot chooses one or two.
  std::vector<std::string> postcodes;
  for (const auto& r : db.query("SELECT p.display FROM postcodes p JOIN areas l ON l.code = p.lsoa_code "
                                "WHERE l.parent_code = ? ORDER BY p.postcode",
                                {p.area_code}))
    postcodes.push_back(r.text(0));
  if (postcodes.empty()) return;
  // Choices, in turn: the planters and the defibrillator are most popular.
  const std::vector<std::vector<int>> ballots = {{0, 2}, {2}, {0}, {1, 2}, {0, 3}, {2, 3}, {0, 2}, {1}, {3}, {0, 1}};
  for (int b = 0; b < 47; ++b) {
    std::vector<std::int64_t> choices;
    for (int i : ballots[b % ballots.size()]) choices.push_back(projects[i]);
    std::string postcode = postcodes[(postcodes.size() * b) / 47];
    auto ok = enter_paper(db, demo, *id, "DUD-2026-" + std::to_string(1001 + b), postcode, choices);
    if (!ok) throw std::runtime_error("demo closed budget ballot: " + ok.error().message);
  }
  if (!set_phase(db, demo, *id, "closed")) throw std::runtime_error("demo closed budget closing");
}

}  // namespace

void PbModule::load_demo(store::Db& db, const app::Config&, const app::Progress& progress) {
  audit::Actor demo = audit::Actor::system("kith demo");
  auto ward = db.query_one(
      "SELECT parent_code FROM areas WHERE code = (SELECT lsoa_code FROM postcodes WHERE postcode = 'RM175AB')");
  if (!ward || ward->is_null(0)) return;
  Process p;
  p.name = "Grays decides 2027 (demo)";
  p.description = "£10,000 for the ward, spent on what residents choose.";
  p.area_code = ward->text(0);
  p.budget = 10000;
  p.rule = {"approval", 1, 3};
  auto id = create_process(db, demo, p);
  if (!id) throw std::runtime_error("demo budget: " + id.error().message);
  const std::vector<std::tuple<std::string, std::int64_t, std::string>> ideas = {
      {"Benches along the river walk", 4000, "Six benches so older people can walk the river path with rests."},
      {"Youth club kit", 2500, "Table tennis, a games console and art materials for the Friday youth club."},
      {"Community fridge", 3000, "A fridge and freezer at the community centre to share surplus food."},
      {"Street tree planting", 5000, "Twenty trees on the streets with none, planted with the school."}};
  for (const auto& [title, cost, text] : ideas) {
    auto project = propose(db, demo, *id, {0, title, cost}, text, std::nullopt);
    if (!project) throw std::runtime_error("demo proposal: " + project.error().message);
    if (!put_on_ballot(db, demo, *id, *project, true)) throw std::runtime_error("demo ballot paper");
  }
  if (!set_phase(db, demo, *id, "voting")) throw std::runtime_error("demo voting");
  load_closed_budget(db, demo);
  if (progress) progress("pb: a budget for Grays with voting open, and one for central Dudley closed with results");
}

app::ErasureParts PbModule::erasure() const {
  return {{"budgets",
           i18n::msg("Your votes still count, as the law requires for a count, but no longer say they were yours. "
                     "Projects you proposed stay on the ballot with \"Former member\" as who proposed them."),
           erase_voter}};
}

app::PersonalDataParts PbModule::personal_data() const {
  return {
      {"budgets", i18n::msg("Projects you proposed and your votes in participatory budgets"),
       [](store::Db& db, std::int64_t user) {
         return nlohmann::json{
             {"proposals", app::rows_json(db, "SELECT * FROM pb_projects WHERE proposed_by = ? ORDER BY id", {user})},
             {"votes", app::rows_json(db,
                                      "SELECT b.process_id, b.channel, b.lsoa_code, b.cast_at, c.project_id "
                                      "FROM pb_ballots b JOIN pb_choices c ON c.ballot_id = b.id "
                                      "WHERE b.voter_key = ? ORDER BY b.process_id, c.project_id",
                                      {"user:" + std::to_string(user)})}};
       }}};
}

}  // namespace kith::pb

namespace kith::pb {

app::WorkParts PbModule::work() const {
  return {{web::kOfficerRoles, [](store::Db& db, std::int64_t) {
             std::vector<app::Waiting> out;
             // While a budget takes proposals, each one not yet on the ballot waits for a decision.
             for (const auto& r : db.query("SELECT p.id, p.name, COUNT(j.id) FROM pb_processes p "
                                           "JOIN pb_projects j ON j.process_id = p.id AND j.on_ballot = 0 "
                                           "WHERE p.phase = 'proposing' GROUP BY p.id, p.name ORDER BY p.id"))
               out.push_back({i18n::tr("Proposals to consider for the ballot: {budget}", {{"budget", r.text(1)}}),
                              "/pb/" + r.text(0) + "/manage", r.integer(2)});
             for (const auto& r : db.query("SELECT id, name FROM pb_processes WHERE phase = 'voting' ORDER BY id"))
               // Open, not waiting: shown with its link, counted as nothing to do yet.
               out.push_back({i18n::tr("Budget open for voting: {budget}", {{"budget", r.text(1)}}),
                              "/pb/" + r.text(0) + "/manage", 0,
                              i18n::tr("Voting is open: close it and count when the vote ends")});
             if (out.empty())
               out.push_back({i18n::tr("Budgets open for voting"), "/pb", 0, i18n::tr("None open at the moment")});
             return out;
           }}};
}

}  // namespace kith::pb
