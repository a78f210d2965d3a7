// The resilience index on screen, for officers: choose a definition (Kith's default or
// one saved here), compute it for an authority, and see its neighbourhoods ranked by
// name with the map, each indicator and how much the ranks move when a weight does;
// download the same as CSV or GeoJSON. Saving a definition checks it first. Thin:
// compute() and the sources do the work.
#include "indices/resilience_http.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "areas/area_store.h"
#include "areas/areas_http.h"
#include "areas/geojson.h"
#include "areas/svg.h"
#include "audit/audit.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "indices/definition_store.h"
#include "indices/output.h"
#include "indices/sources.h"
#include "web/boundary.h"
#include "web/problems.h"

namespace kith::indices {

namespace {

using web::Ctx;
using web::Json;

struct Computed {
  areas::Area authority;
  Definition definition;
  std::int64_t definition_id = 0;  // 0: Kith's default
  ResilienceResult result;
  std::map<std::string, std::string> names;  // LSOA code -> name
};

std::string no_definition(const std::string& id) {
  return i18n::tr("There is no saved definition {id}: the resilience index page lists those saved.", {{"id", id}});
}

Result<Definition> definition_of(Ctx& ctx, std::int64_t& id) {
  id = 0;
  std::string wanted = ctx.req.query_param("definition");
  if (wanted.empty() || wanted == "default") return default_definition();
  if (!ctx.user || !ctx.user->has_any(web::kOfficerRoles))
    return Error{"forbidden", "Only officers can use the definitions saved here: sign in as one.", {}};
  auto n = parse_int(wanted);
  auto saved = n ? DefinitionStore(ctx.db).get(*n) : std::nullopt;
  if (!saved) return Error::not_found(no_definition(wanted));
  id = saved->id;
  auto parsed = parse_definition(Json::parse(saved->json));
  if (!parsed) return parsed.error();
  Definition d = *parsed;
  if (d.name.empty()) d.name = saved->name;
  return d;
}

Result<Computed> compute_for(Ctx& ctx, const std::string& source_data, const app::AreaMeasures& measures) {
  areas::AreaStore store(ctx.db);
  auto a = store.get(ctx.param("code"));
  if (!a || a->kind != areas::Kind::kAuthority)
    return Error::not_found(
        i18n::tr("There is no local authority with the code {code}.", {{"code", ctx.param("code")}}));
  std::int64_t id = 0;
  auto d = definition_of(ctx, id);
  if (!d) return d.error();
  Definition definition = *d;
  definition.scope = a->code;  // ranked within the authority, as the area pages show it
  auto values = load_values(definition, sources_for(ctx.db, source_data, measures));
  if (!values) return values.error();
  auto result = compute(definition, *values);
  if (!result) return result.error();
  Computed c{*a, definition, id, *result, {}};
  for (const auto& lsoa : store.lsoas_in(a->code)) c.names[lsoa.code] = areas::label(lsoa);
  return c;
}

// Home, then the officers' index page: above each page an officer reaches from it.
Json officers_crumbs() {
  return Json::array({{{"name", "Home"}, {"href", "/"}}, {{"name", "Resilience index"}, {"href", "/indices"}}});
}

std::string query_of(std::int64_t id) { return id ? "?definition=" + std::to_string(id) : ""; }

Result<Json> resilience_page(Ctx& ctx, const std::string& source_data, const app::AreaMeasures& measures) {
  auto c = compute_for(ctx, source_data, measures);
  if (!c) return c.error();
  const std::string base = "/areas/" + c->authority.code + "/resilience";
  const bool officer = ctx.user && ctx.user->has_any(web::kOfficerRoles);
  Json choices =
      Json::array({{{"value", "default"}, {"text", default_definition().name}, {"selected", !c->definition_id}}});
  if (officer)
    for (const auto& s : DefinitionStore(ctx.db).all())
      choices.push_back({{"value", std::to_string(s.id)}, {"text", s.name}, {"selected", s.id == c->definition_id}});

  std::map<std::string, const IndicatorSensitivity*> moved;
  for (const auto& s : c->result.sensitivity) moved[s.id] = &s;
  Json indicators = Json::array();
  for (const auto& ind : c->definition.indicators) {
    const IndicatorSensitivity* s = moved.count(ind.id) ? moved[ind.id] : nullptr;
    indicators.push_back({{"label", i18n::tr(ind.label)},
                          {"level", level_name(ind.level)},
                          {"source", ind.source},
                          {"weight", fixed(ind.weight, 2)},
                          {"direction", ind.direction == Direction::kRisk ? i18n::tr("Higher is less resilient")
                                                                          : i18n::tr("Higher is more resilient")},
                          {"rationale", ind.rationale},
                          {"mean_move", s ? fixed(s->mean_rank_change, 1) : ""},
                          {"max_move", s ? thousands(s->max_rank_change) : ""}});
  }

  std::vector<const AreaResult*> ranked;
  for (const auto& a : c->result.areas) ranked.push_back(&a);
  std::sort(ranked.begin(), ranked.end(), [](const AreaResult* x, const AreaResult* y) { return x->rank < y->rank; });
  Json rows = Json::array();
  std::map<std::string, int> decile_of;
  for (const auto* a : ranked) {
    decile_of[a->code] = a->decile;
    rows.push_back({{"code", a->code},
                    {"name", c->names.count(a->code) ? c->names[a->code] : a->code},
                    {"href", "/areas/" + a->code},
                    {"rank", thousands(a->rank)},
                    {"decile", a->decile},
                    {"score", fixed(a->score, 1)},
                    {"range", i18n::tr("{low} to {high}",
                                       {{"low", thousands(a->lowest_rank)}, {"high", thousands(a->highest_rank)}})}});
  }
  Json data = {{"title", i18n::tr("Resilience index for {name}", {{"name", c->authority.name}})},
               {"breadcrumbs", Json::array({{{"name", "Home"}, {"href", "/"}},
                                            {{"name", c->authority.name}, {"href", "/areas/" + c->authority.code}}})},
               {"authority", {{"name", c->authority.name}, {"code", c->authority.code}}},
               {"definition", {{"name", c->definition.name}, {"id", c->definition_id}}},
               {"choices", choices},
               {"indicators", indicators},
               {"rows", rows},
               {"count", thousands(static_cast<std::int64_t>(rows.size()))},
               {"count_text", count_of(static_cast<std::int64_t>(rows.size()), "neighbourhood")},
               {"officer", officer},
               {"edit_href", "/indices/definitions/new" + query_of(c->definition_id) + (c->definition_id ? "&" : "?") +
                                 "authority=" + c->authority.code},
               {"csv_href", base + ".csv" + query_of(c->definition_id)},
               {"geojson_href", base + ".geojson" + query_of(c->definition_id)}};
  std::vector<areas::Shape> shapes;
  auto lsoa_shapes = areas::AreaStore(ctx.db).lsoa_shapes(c->authority.code);  // owned while the loop reads it
  for (const auto& b : *lsoa_shapes)
    if (auto d = decile_of.find(b.code); d != decile_of.end())
      shapes.push_back(
          {b.code,
           i18n::tr("{area}: resilience decile {decile}", {{"area", b.name}, {"decile", std::to_string(d->second)}}),
           b.polygons, "kith-decile-" + std::to_string(d->second)});
  if (!shapes.empty()) {
    std::string label = i18n::tr(
        "Map of the neighbourhoods of {authority}, shaded by their resilience decile: darker needs more support",
        {{"authority", c->authority.name}});
    Json legend = Json::array();
    for (int d = 1; d <= 10; ++d)
      legend.push_back({{"decile", d},
                        {"text", d == 1    ? "1 (needs most support)"
                                 : d == 10 ? "10 (needs least)"
                                           : std::to_string(d)}});
    data["map"] = {{"label", label}, {"svg", areas::render_svg(shapes, label)}, {"legend", legend}};
  }
  return data;
}

web::Response resilience_csv(Ctx& ctx, const std::string& source_data, const app::AreaMeasures& measures) {
  auto c = compute_for(ctx, source_data, measures);
  if (!c) return web::problem_response(c.error(), ctx.req.path);
  std::string out = csv_line({"lsoa21_code", "lsoa21_name", "score", "rank", "decile", "structural", "social", "self",
                              "lowest_rank", "highest_rank"});
  for (const auto& a : c->result.areas)
    out += csv_line({a.code, c->names[a.code], fixed(a.score, 4), std::to_string(a.rank), std::to_string(a.decile),
                     fixed(a.contribution[0], 4), fixed(a.contribution[1], 4), fixed(a.contribution[2], 4),
                     std::to_string(a.lowest_rank), std::to_string(a.highest_rank)});
  web::Response res;
  res.content_type = "text/csv; charset=utf-8";
  res.headers.emplace_back("Content-Disposition",
                           "attachment; filename=\"kith-resilience-" + c->authority.code +
                               (c->definition_id ? "-definition-" + std::to_string(c->definition_id) : "") + ".csv\"");
  res.body = out;
  return res;
}

web::Response resilience_geojson(Ctx& ctx, const std::string& source_data, const app::AreaMeasures& measures) {
  auto c = compute_for(ctx, source_data, measures);
  if (!c) return web::problem_response(c.error(), ctx.req.path);
  areas::AreaStore store(ctx.db);
  auto geometry = areas::lsoa_geometry(store, c->authority.code);
  std::vector<areas::Feature> features;
  for (const auto& a : c->result.areas) {
    auto g = geometry.find(a.code);
    if (g == geometry.end()) continue;
    features.push_back({a.code,
                        g->second,
                        {{"name", c->names[a.code]},
                         {"score", a.score},
                         {"rank", a.rank},
                         {"decile", a.decile},
                         {"lowest_rank", a.lowest_rank},
                         {"highest_rank", a.highest_rank}}});
  }
  web::Response res;
  res.content_type = "application/geo+json";
  res.body = areas::feature_collection(features);
  return res;
}

// A definition to edit: the one chosen (or Kith's default) as JSON, to change and save anew.
Result<Json> new_definition_page(Ctx& ctx, const app::AreaMeasures& measures) {
  std::int64_t id = 0;
  auto d = definition_of(ctx, id);
  if (!d) return d.error();
  Json indicators = Json::array();
  for (const auto& ind : d->indicators)
    indicators.push_back({{"id", ind.id}, {"label", i18n::tr(ind.label)}, {"source", ind.source}});
  // Kith's own measures, to use as kith:NAME, with what each is.
  Json live = Json::array();
  for (const auto& [name, measure] : measures)
    live.push_back({{"source", "kith:" + name}, {"label", measure.label ? measure.label() : ""}});
  return Json{{"title", "Save a resilience index definition"},
              {"breadcrumbs", officers_crumbs()},
              {"from", d->name},
              {"indicators", indicators},
              {"measures", live},
              {"values",
               {{"name", id ? i18n::tr("{name} (changed)", {{"name", d->name}}) : i18n::tr("My resilience index")},
                {"definition", definition_json(*d).dump(2)},
                {"authority", ctx.req.query_param("authority")}}}};
}

// The local authority typed to compute for, by its code or its name ("Chorley"); nullopt
// when nothing was typed, an error naming the field when it is not one Kith knows.
Result<std::optional<std::string>> authority_typed(Ctx& ctx, const std::string& typed) {
  if (typed.empty()) return std::optional<std::string>();
  if (areas::kind_of_code(to_upper(typed)) == areas::Kind::kAuthority && areas::AreaStore(ctx.db).get(to_upper(typed)))
    return std::optional<std::string>(to_upper(typed));
  for (const auto& a : areas::AreaStore(ctx.db).search(typed, 50))
    if (a.kind == areas::Kind::kAuthority && to_lower(a.name) == to_lower(typed))
      return std::optional<std::string>(a.code);
  return Error::validation(
      {{"authority", i18n::tr("There is no local authority called {name}: give its name, like Chorley, or its code, "
                              "like E07000118",
                              {{"name", typed}})}});
}

// Every problem with a definition as one message on the field it came from.
Error on_field(const Error& e, const char* field) {
  std::vector<std::string> problems;
  for (const auto& f : e.fields) problems.push_back(f.message);
  if (problems.empty()) problems.push_back(e.message);
  return Error::validation({{field, join(problems, "; ")}});
}

Result<web::Done> save_definition(Ctx& ctx, const web::Input& in, const web::Limits& limits,
                                  const std::string& source_data, const app::AreaMeasures& measures) {
  std::string name = trim(in.get("name"));
  if (name.empty() || name.size() > 120)
    return Error::validation({{"name", "Give the definition a name of up to 120 characters"}});
  DefinitionStore store(ctx.db);
  for (const auto& saved : store.all())
    if (to_lower(saved.name) == to_lower(name))
      return Error::validation(
          {{"name", i18n::tr("There is already a definition called {name}: give this one another name",
                             {{"name", saved.name}})}});
  auto authority = authority_typed(ctx, trim(in.get("authority")));
  if (!authority) return authority.error();
  // A definition file (as downloaded from here, or written elsewhere) or pasted JSON.
  if (auto empty = in.empty_file("file")) return *empty;
  std::string text = in.file("file");
  const bool from_file = !text.empty();
  if (!from_file) text = in.get("definition");
  const char* field = from_file ? "file" : "definition";
  if (trim(text).empty())
    return Error::validation({{field, "Paste the definition as JSON, or choose a definition file to upload"}});
  auto json = web::parse_json(text, limits, from_file ? "The file" : "The definition");
  if (!json) return Error::validation({{field, json.error().message}});
  auto d = parse_definition(*json);
  if (!d) return on_field(d.error(), field);
  // Its sources read here and now, so a definition saved is one that computes.
  if (auto checked = check_sources(*d, sources_for(ctx.db, source_data, measures)); !checked)
    return on_field(checked.error(), field);
  Definition named = *d;
  named.name = name;
  Json stored = definition_json(named);
  std::int64_t id = store.add(name, stored.dump(), ctx.user->id);
  audit::record(ctx.db, audit::Actor::of(ctx), "indices.definition.create", "resilience_definition", std::to_string(id),
                nullptr, stored);
  std::string to =
      *authority ? "/areas/" + **authority + "/resilience?definition=" + std::to_string(id) : std::string("/indices");
  return web::Done{to, {{"id", id}, {"name", name}}, i18n::tr("Saved: {name}.", {{"name", name}}), 201};
}

// The officers' front door to the index: compute Kith's default or a saved definition
// for each of the place's authorities, download, start a new one, upload, delete.
Result<Json> indices_page(Ctx& ctx) {
  Json places = areas::place_authorities(ctx.db);
  auto links_for = [&](std::int64_t id, const std::string& definition) {
    Json links = Json::array();
    for (const auto& a : places)
      links.push_back({{"name", a["name"]},
                       {"definition", definition},
                       {"href", "/areas/" + a["code"].get<std::string>() + "/resilience" + query_of(id)}});
    return links;
  };
  Json saved = Json::array();
  for (const auto& d : DefinitionStore(ctx.db).all()) {
    auto parsed = parse_definition(Json::parse(d.json, nullptr, false));
    saved.push_back(
        {{"id", d.id},
         {"name", d.name},
         {"indicators",
          parsed ? count_of(static_cast<std::int64_t>(parsed->indicators.size()), "indicator", "indicators") : ""},
         {"saved", d.saved_by.empty() ? i18n::tr("Saved {date}", {{"date", date_in_words(d.saved_at)}})
                                      : i18n::tr("Saved by {name} {date}",
                                                 {{"name", d.saved_by}, {"date", date_in_words(d.saved_at)}})},
         {"computes", links_for(d.id, d.name)},
         {"download_href", "/indices/definitions/" + std::to_string(d.id) + "/download"},
         {"change_href", "/indices/definitions/new?definition=" + std::to_string(d.id)},
         {"delete_href", "/indices/definitions/" + std::to_string(d.id) + "/delete"}});
  }
  return Json{{"title", "Resilience index"},
              {"default_name", default_definition().name},
              {"computes", links_for(0, default_definition().name)},
              {"has_places", !places.empty()},
              {"saved", saved},
              {"has_saved", !saved.empty()}};
}

Result<SavedDefinition> saved_named(Ctx& ctx) {
  auto n = parse_int(ctx.param("id"));
  auto d = n ? DefinitionStore(ctx.db).get(*n) : std::nullopt;
  if (!d) return Error::not_found(no_definition(ctx.param("id")));
  return *d;
}

web::Response definition_file(Ctx& ctx) {
  auto d = saved_named(ctx);
  if (!d) return web::problem_response(d.error(), ctx.req.path);
  web::Response res;
  res.content_type = "application/json";
  res.headers.emplace_back("Content-Disposition",
                           "attachment; filename=\"kith-resilience-definition-" + std::to_string(d->id) + ".json\"");
  auto parsed = Json::parse(d->json, nullptr, false);
  res.body = (parsed.is_discarded() ? Json(d->json) : parsed).dump(2) + "\n";
  return res;
}

Result<Json> delete_page(Ctx& ctx) {
  auto d = saved_named(ctx);
  if (!d) return d.error();
  return Json{{"title", "Delete a resilience index definition"},
              {"breadcrumbs", officers_crumbs()},
              {"definition", {{"id", d->id}, {"name", d->name}}},
              {"action", "/indices/definitions/" + std::to_string(d->id) + "/delete"}};
}

Result<web::Done> delete_definition(Ctx& ctx, const web::Input&) {
  auto d = saved_named(ctx);
  if (!d) return d.error();
  DefinitionStore(ctx.db).remove(d->id);
  auto before = Json::parse(d->json, nullptr, false);
  audit::record(ctx.db, audit::Actor::of(ctx), "indices.definition.delete", "resilience_definition",
                std::to_string(d->id), before.is_discarded() ? Json{{"name", d->name}, {"json", d->json}} : before,
                nullptr);
  return web::Done{"/indices", {{"deleted", d->id}}, i18n::tr("Deleted the definition {name}.", {{"name", d->name}})};
}

}  // namespace

void install_resilience_routes(web::Server& server, const std::string& source_data, const app::AreaMeasures& measures) {
  auto& r = server.router();
  auto officers = web::Access::role(web::kOfficerRoles);
  // Kith's default index is public, as on every area page; saved definitions are officers'.
  r.page("/areas/{code}/resilience", "indices/resilience", web::Access::anyone(),
         [source_data, measures](Ctx& ctx) { return resilience_page(ctx, source_data, measures); });
  r.raw(
      "GET", "/areas/{code}/resilience.csv", web::Access::anyone(),
      [source_data, measures](Ctx& ctx) { return resilience_csv(ctx, source_data, measures); }, true);
  r.raw(
      "GET", "/areas/{code}/resilience.geojson", web::Access::anyone(),
      [source_data, measures](Ctx& ctx) { return resilience_geojson(ctx, source_data, measures); }, true);
  r.page("/indices", "indices/index", officers, indices_page);
  server.add_nav({"Resilience index", "/indices", officers, true});
  r.raw("GET", "/indices/definitions/{id}/download", officers, definition_file, true);
  r.page("/indices/definitions/{id}/delete", "indices/delete", officers, delete_page);
  r.action("/indices/definitions/{id}/delete", officers, delete_definition);
  r.page("/indices/definitions/new", "indices/definition", officers,
         [measures](Ctx& ctx) { return new_definition_page(ctx, measures); });
  web::Limits limits = server.options().limits;
  r.action("/indices/definitions/new", officers, [limits, source_data, measures](Ctx& ctx, const web::Input& in) {
    return save_definition(ctx, in, limits, source_data, measures);
  });
}

}  // namespace kith::indices
