#include "app/home.h"

#include "areas/area_store.h"
#include "areas/areas_http.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "pb/pb_store.h"
#include "store/settings.h"
#include "web/problems.h"

namespace kith::app {

namespace {

using web::Json;

// Budgets residents can vote on now: the home page offers them beside finding help.
Json open_budgets(store::Db& db) {
  Json out = Json::array();
  for (const auto& p : pb::PbStore(db).processes())
    if (p.phase == "voting")
      out.push_back({{"name", p.name}, {"href", "/pb/" + std::to_string(p.id)}, {"area", p.area_name}});
  return out;
}

// The front door: what residents come for first (something to do or help near a
// postcode, giving or asking for help, a story, a vote), then their area.
// `coordination`: whether community coordinators take referrals here (a key is set).
Result<Json> home_page(web::Ctx& ctx, bool coordination) {
  auto counts = areas::AreaStore(ctx.db).counts();
  Json budgets = open_budgets(ctx.db);
  Json places = areas::place_authorities(ctx.db);
  for (auto& p : places) {
    p["wards_text"] = count_of(p.value("ward_count", std::int64_t{0}), "ward");
    p["lsoas_text"] = count_of(p.value("lsoa_count", std::int64_t{0}), "neighbourhood");
  }
  // The page is named as its heading names it: the place (not "Kith – Kith").
  const auto place = store::get_setting(ctx.db, "place.name", "Kith").get<std::string>();
  Json data = {{"title", place},
               {"budgets", budgets},
               {"has_budgets", !budgets.empty()},
               {"place_name", place},
               {"places", places},
               {"counts",
                {{"lsoas", counts.lsoas},
                 {"wards", counts.wards},
                 {"authorities", counts.authorities},
                 {"postcodes", counts.postcodes},
                 {"lsoas_text", thousands(counts.lsoas)},
                 {"wards_text", thousands(counts.wards)},
                 {"authorities_text", thousands(counts.authorities)},
                 {"postcodes_text", thousands(counts.postcodes)}}},
               {"has_areas", counts.lsoas > 0},
               {"coordination", coordination}};
  return data;
}

Result<Json> problem_page(web::Ctx& ctx) {
  for (const auto& t : web::problem_types())
    if (t.code == ctx.param("code")) return Json{{"title", t.title}, {"code", t.code}, {"status", t.status}};
  return Error::not_found(i18n::tr("There is no error code {code}.", {{"code", ctx.param("code")}}));
}

Result<Json> problems_page(web::Ctx&) {
  Json list = Json::array();
  for (const auto& t : web::problem_types())
    list.push_back({{"code", t.code}, {"status", t.status}, {"title", i18n::tr(t.title)}});
  return Json{{"title", "Error codes"}, {"problems", list}};
}

// Every staff tool this person has, listed by the layout (layout.staff_tools): the
// menu shows one "Staff tools" item in their place when there are more than two.
Result<Json> tools_page(web::Ctx&) { return Json{{"title", i18n::tr("Staff tools")}}; }

}  // namespace

void HomeModule::install(web::Server& server, const Config& config) {
  const bool coordination = !config.coordination_key_file.empty();
  server.router().page("/", "app/home", web::Access::anyone(),
                       [coordination](web::Ctx& ctx) { return home_page(ctx, coordination); });
  server.router().page("/tools", "app/tools", web::Access::any_member(), tools_page);
  server.router().page("/problems", "app/problems", web::Access::anyone(), problems_page);
  server.router().page("/problems/{code}", "app/problem", web::Access::anyone(), problem_page);
}

}  // namespace kith::app
