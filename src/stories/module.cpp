#include "stories/module.h"

#include <map>
#include <set>

#include "areas/area_store.h"
#include "core/text.h"
#include "stories/stories_http.h"
#include "stories/story_service.h"

namespace kith::stories {

namespace {

std::optional<nlohmann::json> area_section(store::Db& db, const app::AreaScope& scope) {
  StoryStore store(db);
  std::set<std::string> mine(scope.lsoas.begin(), scope.lsoas.end());
  std::int64_t count = 0;
  for (const auto& [code, n] : store.published_by_lsoa(scope.authority_code))
    if (mine.count(code)) count += n;
  nlohmann::json out = {{"count", count}, {"href", "/stories?area=" + scope.code}};
  if (count == 0) return out;
  nlohmann::json titles = nlohmann::json::array();
  for (const auto& s : store.published({"", "", "", scope.code, 3}))
    titles.push_back({{"title", s.title}, {"href", "/stories/" + std::to_string(s.id)}});
  out["headline"] = thousands(count) + (count == 1 ? " story has" : " stories have") + " been told here.";
  out["stories"] = titles;
  return out;
}

}  // namespace

void StoriesModule::install(web::Server& server, const app::Config&) { install_routes(server); }

app::AreaMeasures StoriesModule::measures() const {
  return {{"stories.published_per_1000",
           [](store::Db& db, const std::string& authority) -> Result<std::map<std::string, double>> {
             std::map<std::string, std::int64_t> counted;
             for (const auto& [code, n] : StoryStore(db).published_by_lsoa(authority)) counted[code] = n;
             std::map<std::string, double> out;
             for (const auto& a : areas::AreaStore(db).lsoas_in(authority))
               if (a.population && *a.population > 0)
                 out[a.code] =
                     counted.count(a.code) ? static_cast<double>(counted[a.code]) * 1000.0 / *a.population : 0;
             if (out.empty())
               return Error::validation({{"source", "No areas are loaded: run kith import areas first"}});
             return out;
           }}};
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
  int kept = 0;
  for (const auto& d : all) {
    auto told = tell(db, demo, d.t, std::nullopt, std::nullopt, "");
    if (!told)
      throw std::runtime_error("demo story: " +
                               (told.error().fields.empty() ? told.error().message : told.error().fields[0].message));
    auto done = decide(db, demo, told->id, d.decision, d.redacted.empty() ? d.t.body : d.redacted, "");
    if (!done) throw std::runtime_error("demo story decision: " + done.error().message);
    ++kept;
  }
  if (progress) progress("stories: " + std::to_string(kept) + " demo stories");
}

}  // namespace kith::stories
