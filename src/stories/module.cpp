#include "stories/module.h"

#include <map>
#include <set>

#include "areas/area_store.h"
#include "core/text.h"
#include "i18n/request.h"
#include "i18n/speaking.h"
#include "outcomes/outcomes.h"
#include "stories/msc.h"
#include "stories/stories_http.h"
#include "stories/story_service.h"

namespace kith::stories {

namespace {

// Stories about a directory service or organisation, on its page.
std::optional<nlohmann::json> record_section(store::Db& db, const std::string& kind, const std::string& id) {
  StoryFilter f;
  f.link_kind = kind;
  f.link_ref = id;
  f.limit = 6;
  auto stories = StoryStore(db).published(f);
  if (stories.empty()) return std::nullopt;
  nlohmann::json list = nlohmann::json::array();
  for (std::size_t i = 0; i < stories.size() && i < 5; ++i)
    list.push_back({{"title", stories[i].title},
                    {"href", "/stories/" + std::to_string(stories[i].id)},
                    {"case_study", stories[i].case_study.has_value()}});
  nlohmann::json out = {{"heading", i18n::tr("Stories about it")}, {"stories", list}};
  if (stories.size() > 5) out["more"] = "/stories?" + kind + "=" + url_encode(id);
  return out;
}

// Published stories per 1,000 residents by LSOA, of all outcomes or one.
app::AreaValues per_1000(const std::string& outcome) {
  return [outcome](store::Db& db, const std::string& authority) {
    auto counted = StoryStore(db).published_by_lsoa(authority, outcome);
    return areas::AreaStore(db).per_1000(authority, {counted.begin(), counted.end()});
  };
}

std::optional<nlohmann::json> area_section(store::Db& db, const app::AreaScope& scope) {
  StoryStore store(db);
  std::set<std::string> mine(scope.lsoas.begin(), scope.lsoas.end());
  std::int64_t count = 0;
  for (const auto& [code, n] : store.published_by_lsoa(scope.authority_code))
    if (mine.count(code)) count += n;
  nlohmann::json out = {{"count", count}, {"href", "/stories?area=" + scope.code}};
  if (count == 0) return out;
  nlohmann::json titles = nlohmann::json::array();
  StoryFilter latest;
  latest.area = scope.code;
  latest.limit = 3;
  for (const auto& s : store.published(latest))
    titles.push_back({{"title", s.title},
                      {"href", "/stories/" + std::to_string(s.id)},
                      {"language", s.language},
                      {"dir", i18n::direction_of(s.language)}});
  out["headline"] = i18n::tr_plural(count, "{n} story has been told here.", "{n} stories have been told here.");
  out["stories"] = titles;
  return out;
}

}  // namespace

void StoriesModule::install(web::Server& server, const app::Config&) {
  install_routes(server);
  install_evaluation_routes(server);
}

app::AreaMeasures StoriesModule::measures() const {
  // All outcomes, and each of the seven default ones (an outcome an admin adds is
  // counted in the first; measures are named when Kith starts).
  app::AreaMeasures out = {
      {"stories.published_per_1000", {[] { return i18n::tr("Published stories per 1,000 people"); }, per_1000("")}}};
  const std::vector<std::string> slugs = {"learn",  "autonomy",  "purpose",   "relationships",
                                          "active", "belonging", "contribute"};
  for (std::size_t i = 0; i < slugs.size(); ++i) {
    const std::string& name = outcomes::starting_names().at(i);
    out["stories." + slugs[i] + "_per_1000"] = {
        [name] {
          return i18n::tr("Published stories per 1,000 people: {outcome}", {{"outcome", i18n::tr(name)}});
        },
        per_1000(slugs[i])};
  }
  return out;
}

app::RecordSections StoriesModule::record_sections() const {
  return {
      {"service", "stories", [](store::Db& db, const std::string& id) { return record_section(db, "service", id); }},
      {"organisation", "stories",
       [](store::Db& db, const std::string& id) { return record_section(db, "organisation", id); }}};
}

std::vector<app::AreaSection> StoriesModule::area_sections(const app::Config&) const {
  return {{"stories", true, area_section}};
}

void StoriesModule::load_demo(store::Db& db, const app::Config&, const app::Progress& progress) {
  audit::Actor demo = audit::Actor::system("kith demo");
  struct Demo {
    Telling t;
    std::string decision;
    std::string redacted;
  };
  const std::vector<Demo> all = {
      {{"Getting out of the house again",
        "After my husband died I stopped going out. The service kept visiting me at home, which was kind, but what I "
        "needed was a reason to leave the house. A neighbour took me to the Tuesday warm space and now I help serve "
        "the "
        "tea.",
        "",
        "DY1 1HL",
        "person",
        "anonymous",
        {"relationships", "belonging", "contribute"}},
       "publish",
       ""},
      {{"The allotment that came to us",
        "My garden had got away from me with three children and no time. The school allotment group came on a Saturday "
        "with a dozen pupils, cleared it in a morning and planted beans. The children still talk about it.",
        "Jo",
        "RM17 5AB",
        "person",
        "named",
        {"relationships", "active", "belonging"}},
       "publish",
       ""},
      {{"What we learned running the pop-up living room",
        "Working with Mrs Patel from Netherton, we learned that people will tell you what matters if you sit with them "
        "long enough. It changed how we plan our visits.",
        "",
        "DY2 0AA",
        "professional",
        "anonymous",
        {"learn", "autonomy"}},
       "publish",
       "Working with a resident from Netherton, we learned that people will tell you what matters if you sit with them "
       "long enough. It changed how we plan our visits."},
      {{"Why I keep volunteering",
        "Volunteering at the food pantry gives me a reason to get up on a Thursday. I would rather this was used only "
        "to help the council understand what works.",
        "",
        "S11 8SP",
        "person",
        "evaluation",
        {"purpose", "contribute"}},
       "evaluation",
       ""},
  };
  // The migration's two questions: who made the difference (slider), what mattered (triad).
  auto questions = StoryStore(db).signifiers(false);
  const std::vector<std::pair<std::string, std::string>> answers = {
      {"83", "80,10,10"}, {"100", "10,80,10"}, {"33", "45,45,10"}, {"67", "10,45,45"}};
  std::vector<std::int64_t> ids;
  for (std::size_t i = 0; i < all.size(); ++i) {
    Telling t = all[i].t;
    for (const auto& q : questions)
      t.answers.emplace_back(q.id, q.kind == "slider" ? answers[i].first : answers[i].second);
    auto told = tell(db, demo, t, std::nullopt, std::nullopt, "");
    if (!told)
      throw std::runtime_error("demo story: " +
                               (told.error().fields.empty() ? told.error().message : told.error().fields[0].message));
    const Demo& d = all[i];
    auto done = decide(db, demo, told->id, {d.decision, d.redacted.empty() ? d.t.body : d.redacted, "", false});
    if (!done) throw std::runtime_error("demo story decision: " + done.error().message);
    ids.push_back(told->id);
  }
  // The allotment story as a case study; the warm-space story linked to a directory
  // service; a first-tier Most Significant Change round passing to the board.
  auto check = [](const Status& st, const char* what) {
    if (!st) throw std::runtime_error(std::string("demo ") + what + ": " + st.error().message);
  };
  check(promote(db, demo, ids[1],
                {"A school allotment group offered a Saturday morning to any household that asked. Pupils "
                 "learned to garden; families got help without having to be referred anywhere.",
                 "Ask the school first: it had the volunteers and wanted a reason to use them.", ""}),
        "case study");
  if (auto service = db.query_one("SELECT id FROM hsds_service ORDER BY name LIMIT 1"))
    check(link(db, demo, ids[0], "service", service->text(0)), "story link");
  Round board{0, "Health and Wellbeing Board, 2026", "Councillors, officers and two residents", "picks"};
  auto board_id = create_round(db, demo, board);
  if (!board_id) throw std::runtime_error("demo round: " + board_id.error().message);
  Round first{0, "Dudley residents' panel, autumn 2026", "Six residents from Netherton and Dudley", "stories"};
  first.area_code = "E08000027";
  first.passes_to = *board_id;
  auto first_id = create_round(db, demo, first);
  if (!first_id) throw std::runtime_error("demo round: " + first_id.error().message);
  check(pick(db, demo, *first_id, "relationships", ids[0],
             "Services visited her at home; what she needed was a reason to leave it. That changes how we plan."),
        "pick");
  // A round already closed: Thurrock's panel chose its story, which stays on record.
  Round closed;
  closed.name = "Thurrock residents' panel, summer 2026";
  closed.panel = "Five residents from Grays and Tilbury (demo)";
  closed.source = "stories";
  closed.area_code = "E06000034";
  auto closed_id = create_round(db, demo, closed);
  if (!closed_id) throw std::runtime_error("demo round: " + closed_id.error().message);
  check(pick(db, demo, *closed_id, "active", ids[1],
             "Nobody was referred anywhere: a school's gardeners and a family met over a garden, and the children "
             "kept going back."),
        "pick");
  check(close_round(db, demo, *closed_id), "closing the round");
  if (progress) progress("stories: " + std::to_string(ids.size()) + " demo stories, a case study and two MSC rounds");
}

app::PersonalDataParts StoriesModule::personal_data() const {
  return {{"stories", i18n::msg("Stories you told while signed in, as you told them, with your answers"),
           [](store::Db& db, std::int64_t user) {
             return nlohmann::json{
                 {"stories", app::rows_json(db,
                                            "SELECT id, title, body, public_body, teller_name, perspective, consent, "
                                            "status, decision_reason, lsoa_code, created_at, published_at FROM stories "
                                            "WHERE teller_user = ? ORDER BY id",
                                            {user})},
                 {"answers", app::rows_json(db,
                                            "SELECT a.story_id, a.signifier_id, a.a, a.b, a.c FROM story_signifiers a "
                                            "JOIN stories s ON s.id = a.story_id WHERE s.teller_user = ?",
                                            {user})}};
           }}};
}

}  // namespace kith::stories

namespace kith::stories {

app::ErasureParts StoriesModule::erasure() const {
  return {
      {"stories",
       i18n::msg(
           "Every story you told while signed in is withdrawn: it goes from every page, feed and search at once, and "
           "its words, photo and place are deleted. Only the count that a story was told stays."),
       erase_teller}};
}

app::WorkParts StoriesModule::work() const {
  return {{{"moderator", "admin"}, [](store::Db& db, std::int64_t) {
             return std::vector<app::Waiting>{{i18n::tr("Stories to moderate"), "/moderate/stories",
                                               db.scalar("SELECT COUNT(*) FROM stories WHERE status = 'pending'")}};
           }}};
}

}  // namespace kith::stories
