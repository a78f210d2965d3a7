#include "app/home.h"

#include "areas/area_store.h"
#include "areas/areas_http.h"
#include "core/text.h"
#include "store/settings.h"
#include "web/problems.h"

namespace kith::app {

namespace {

using web::Json;

Result<Json> home_page(web::Ctx& ctx) {
  auto counts = areas::AreaStore(ctx.db).counts();
  Json data = {{"title", "Kith"},
               {"place_name", store::get_setting(ctx.db, "place.name", "Kith")},
               {"places", areas::place_authorities(ctx.db)},
               {"counts",
                {{"lsoas", thousands(counts.lsoas)},
                 {"wards", thousands(counts.wards)},
                 {"authorities", thousands(counts.authorities)},
                 {"postcodes", thousands(counts.postcodes)}}},
               {"has_areas", counts.lsoas > 0}};
  return data;
}

Result<Json> problem_page(web::Ctx& ctx) {
  for (const auto& t : web::problem_types())
    if (t.code == ctx.param("code")) return Json{{"title", t.title}, {"code", t.code}, {"status", t.status}};
  return Error::not_found("There is no error code " + ctx.param("code") + ".");
}

Result<Json> problems_page(web::Ctx&) {
  Json list = Json::array();
  for (const auto& t : web::problem_types())
    list.push_back({{"code", t.code}, {"status", t.status}, {"title", t.title}});
  return Json{{"title", "Error codes"}, {"problems", list}};
}

}  // namespace

void HomeModule::install(web::Server& server, const Config&) {
  server.router().page("/", "app/home", web::Access::anyone(), home_page);
  server.router().page("/problems", "app/problems", web::Access::anyone(), problems_page);
  server.router().page("/problems/{code}", "app/problem", web::Access::anyone(), problem_page);
  server.add_nav({"Home", "/", web::Access::anyone(), false});
}

}  // namespace kith::app
