// The Chorley demo log: three dozen engagements over the last six months in one focus
// neighbourhood, recorded through the same checks as any, marked "(demo)". Most
// people heard from are women aged 45 to 74 at daytime events; young people, men and
// disabled residents are heard from far less than they live there, so "who have we
// not heard from?" has something to say.
#include <algorithm>

#include "areas/area_store.h"
#include "core/clock.h"
#include "engagement/module.h"
#include "engagement/service.h"

namespace kith::engagement {

namespace {

constexpr const char* kChorley = "E07000118";
constexpr const char* kNeighbourhood = "Chorley East focus neighbourhood (demo)";

// A saved focus neighbourhood of Chorley: the first held, else the four most deprived
// LSOAs (IMD 2025) saved as one.
std::optional<areas::Area> focus(store::Db& db) {
  areas::AreaStore store(db);
  if (auto r = db.query_one("SELECT code FROM areas WHERE kind = 'neighbourhood' AND authority_code = ? ORDER BY code",
                            {std::string(kChorley)}))
    return store.get(r->text(0));
  auto deciles = store.imd_deciles(kChorley);
  std::vector<std::pair<int, std::string>> ranked;
  ranked.reserve(deciles.size());
  for (const auto& [code, decile] : deciles) ranked.emplace_back(decile, code);
  if (ranked.empty())
    for (const auto& a : store.lsoas_in(kChorley)) ranked.emplace_back(0, a.code);
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string> codes;
  for (std::size_t i = 0; i < ranked.size() && codes.size() < 4; ++i) codes.push_back(ranked[i].second);
  if (codes.empty()) return std::nullopt;
  auto saved = store.save_neighbourhood(kChorley, kNeighbourhood, codes);
  if (!saved) throw std::runtime_error("demo engagement neighbourhood: " + saved.error().message);
  return *saved;
}

audit::Actor demo_actor(store::Db& db, const std::string& email) {
  audit::Actor a = audit::Actor::system("kith demo");
  if (auto r = db.query_one("SELECT id, display_name FROM users WHERE email = ?", {email})) {
    a.id = r->integer(0);
    a.label = r->text(1) + " <" + email + ">";
  }
  return a;
}

struct Planned {
  const char* kind;
  const char* title;
  std::int64_t people;
  const char* level;
  std::vector<const char*> themes;
  const char* notes;
  const char* quote;
  const char* who;
  bool consent;
};

}  // namespace

void load_demo_log(store::Db& db, const app::Progress& progress) {
  auto area = focus(db);
  if (!area) return;
  areas::AreaStore store(db);
  auto lsoas = store.lsoa_codes(*area);
  std::vector<std::string> postcodes;
  for (const auto& lsoa : lsoas)
    for (const auto& r :
         db.query("SELECT display FROM postcodes WHERE lsoa_code = ? ORDER BY postcode LIMIT 3", {lsoa}))
      postcodes.push_back(r.text(0));
  std::map<std::string, std::int64_t> theme_ids;
  for (const auto& t : EngagementStore(db).themes(false)) theme_ids[t.name] = t.id;
  const std::vector<Planned> plan = {
      {"event",
       "Coffee morning at the community centre (demo)",
       18,
       "consult",
       {"Loneliness", "Cost of living"},
       "Mostly regulars; people spoke about the price of heating and missing the bus to town.",
       "I come here because it's the only time I talk to anyone all week.",
       "a resident in her 70s",
       true},
      {"conversation",
       "Chat at the food pantry (demo)",
       9,
       "inform",
       {"Cost of living", "Jobs and skills"},
       "Talked through the warm spaces list and the advice drop-in.",
       "We're choosing between the meter and the shopping.",
       "a mum of three",
       true},
      {"door_knocking",
       "Door knocking on the estate, north side (demo)",
       14,
       "consult",
       {"Housing", "Feeling safe"},
       "Damp came up at most doors; two asked about street lighting.",
       "Nobody comes round unless something's broken.",
       "a tenant",
       false},
      {"survey",
       "Library survey on what the area needs (demo)",
       31,
       "consult",
       {"Local services", "Green spaces"},
       "Paper surveys left at the library for two weeks.",
       "",
       "",
       false},
      {"event",
       "Residents' association meeting (demo)",
       22,
       "involve",
       {"Feeling safe", "Getting about"},
       "Agreed to map where the pavements are broken with the council's highways team.",
       "We've been asking for that crossing for ten years.",
       "a retired resident",
       true},
      {"gathering_place",
       "Stall at the school gate (demo)",
       16,
       "consult",
       {"Things for young people"},
       "Parents, mostly mums, at pick-up time.",
       "There's nothing for them to do after six.",
       "a parent",
       true},
      {"conversation",
       "Walk-and-talk in the park (demo)",
       7,
       "involve",
       {"Green spaces", "Health and care"},
       "With the Walking for Health group.",
       "",
       "",
       false},
      {"event",
       "Lunch club (demo)",
       20,
       "consult",
       {"Loneliness", "Health and care"},
       "Older residents; several asked about GP appointments.",
       "",
       "",
       false},
      {"gathering_place",
       "Market day conversations (demo)",
       25,
       "inform",
       {"Cost of living", "Local services"},
       "Handed out the hub's leaflet.",
       "",
       "",
       false},
      {"event",
       "Community planning workshop (demo)",
       12,
       "collaborate",
       {"Green spaces", "Feeling safe"},
       "Residents chose three priorities for the plan with officers.",
       "It's the first time anyone's asked us what we'd do.",
       "a resident",
       true},
  };
  int made = 0;
  for (int i = 0; i < 36; ++i) {
    const Planned& p = plan[i % plan.size()];
    Typed t;
    Record& r = t.record;
    r.kind = p.kind;
    r.title = p.title;
    r.occurred_on = iso_utc(now_seconds() - static_cast<std::int64_t>(5 + i * 5) * 86400).substr(0, 10);
    r.people = p.people + (i % 4);
    r.level = p.level;
    r.notes = p.notes;
    if (*p.quote && i < static_cast<int>(plan.size())) r.quotes.push_back({p.quote, p.who, p.consent, std::nullopt});
    t.place = postcodes.empty() ? lsoas[i % lsoas.size()] : postcodes[(i * 7) % postcodes.size()];
    for (const char* name : p.themes)
      if (auto it = theme_ids.find(name); it != theme_ids.end()) t.themes.push_back(it->second);
    // Who took part, for two records in three: mostly women aged 45 to 74, few under 25,
    // few men, few disabled residents; everyone's main language English.
    if (i % 3 != 2) {
      std::int64_t n = r.people;
      std::int64_t young = n >= 15 ? 1 : 0, older = n / 3, old = n / 6, mid = n / 5;
      std::int64_t middle = n - young - older - old - mid;
      r.counts = {{"age.15_24", young},
                  {"age.25_44", mid},
                  {"age.45_64", middle},
                  {"age.65_74", older},
                  {"age.75_84", old},
                  {"sex.female", n - n / 4},
                  {"sex.male", n / 4},
                  {"disability.disabled", n / 10},
                  {"disability.not_disabled", n - n / 10},
                  {"language.english", n},
                  {"ethnic_group.white", n - (i % 5 == 0 ? 1 : 0)},
                  {"ethnic_group.asian", i % 5 == 0 ? 1 : 0}};
    }
    auto actor = demo_actor(db, i % 2 ? "coordinator@demo.kith.test" : "officer@demo.kith.test");
    auto id = record_engagement(db, actor, t, now_iso().substr(0, 10));
    if (!id) {
      std::string why = id.error().message;
      for (const auto& f : id.error().fields) why += "; " + f.field + ": " + f.message;
      throw std::runtime_error("demo engagement " + std::string(p.title) + ": " + why);
    }
    ++made;
  }
  if (progress)
    progress("engagement: " + std::to_string(made) + " demo engagements in " + areas::label(*area) +
             ", Chorley, that under-hear young people, men and disabled residents");
}

}  // namespace kith::engagement
