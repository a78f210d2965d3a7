// The resilience index through the API: the default definition, and computing an
// index from a definition sent as JSON (officers and admins: it is heavy work).
// Thin: parse, load the indicators, compute, shape JSON.
#include "i18n/speaking.h"
#include "indices/area_sections.h"
#include "indices/deprivation_http.h"
#include "indices/module.h"
#include "indices/output.h"
#include "indices/resilience_http.h"
#include "indices/sources.h"
#include "web/problems.h"

namespace kith::indices {

namespace {

web::Response json(const nlohmann::json& body) {
  web::Response r;
  r.content_type = "application/json";
  r.body = body.dump();
  return r;
}

}  // namespace

std::vector<app::AreaSection> IndicesModule::area_sections(const app::Config& config) const {
  // The modules' measures are told to this module after the sections are collected.
  const app::AreaMeasures* measures = &measures_;
  std::string source_data = config.source_data;
  return {{"deprivation", false, deprivation_section},
          {"resilience", false, [measures, source_data](store::Db& db, const app::AreaScope& scope) {
             return resilience_section(db, scope, source_data, *measures);
           }}};
}

app::WorkParts IndicesModule::work() const {
  // Nothing waits here, but officers find the index (and the definitions saved) from
  // their account and the menu: it says what is there rather than "nothing waiting".
  return {{{"officer", "admin"}, [](store::Db& db, std::int64_t) {
             std::int64_t saved = db.scalar("SELECT COUNT(*) FROM resilience_definitions");
             return std::vector<app::Waiting>{
                 {i18n::tr("Resilience index"), "/indices", 0,
                  saved ? i18n::tr_plural(saved, "{n} definition saved", "{n} definitions saved")
                        : i18n::tr("The default definition")}};
           }}};
}

void IndicesModule::install(web::Server& server, const app::Config& config) {
  install_deprivation_routes(server, config.source_data, measures_);
  install_authority_routes(server, config.source_data);
  install_resilience_routes(server, config.source_data, measures_);
  auto& r = server.router();
  r.raw(
      "GET", "/indices/default-definition", web::Access::anyone(),
      [](web::Ctx&) { return json(definition_json(default_definition())); }, true);
  std::string source_data = config.source_data;
  app::AreaMeasures measures = measures_;
  r.raw(
      "POST", "/indices/compute", web::Access::role(web::kOfficerRoles),
      [source_data, measures](web::Ctx& ctx) {
        auto body = nlohmann::json::parse(ctx.req.body.empty() ? "{}" : ctx.req.body, nullptr, false);
        Definition definition = default_definition();
        if (body.is_object() && body.contains("indicators")) {
          auto d = parse_definition(body);
          if (!d) return web::problem_response(d.error(), ctx.req.path);
          definition = *d;
        } else if (body.is_object() && body.contains("scope") && body["scope"].is_string()) {
          definition.scope = body["scope"].get<std::string>();
        }
        auto values = load_values(definition, sources_for(ctx.db, source_data, measures));
        if (!values) return web::problem_response(values.error(), ctx.req.path);
        auto result = compute(definition, *values);
        if (!result) return web::problem_response(result.error(), ctx.req.path);
        return json(resilience_json(definition, *result));
      },
      /*api=*/true, /*read_only=*/true);
}

}  // namespace kith::indices
