// Area pages and API: find an area by name or postcode, and one page per LSOA,
// ward, authority or England with its parents, children, population and map.
#include "areas/areas_http.h"

#include "web/problems.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "areas/area_store.h"
#include "areas/census.h"
#include "areas/geojson.h"
#include "areas/loader.h"
#include "areas/svg.h"
#include "audit/audit.h"
#include "core/csv.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "store/settings.h"

namespace kith::areas {

namespace {

constexpr const char* kPopulationNote = i18n::msg(
    "Population is an estimate derived by Kith: the ONS mid-2015 population (excluding prisoners) of each 2011 "
    "LSOA, from the Indices of Deprivation 2019 denominators, carried to 2021 LSOAs through the ONS 2011 to 2021 "
    "lookup. Unchanged LSOAs keep their population, split LSOAs share it equally and merged LSOAs add theirs up. "
    "Wards and authorities are the sum of their LSOAs.");

using web::Access;
using web::Ctx;
using web::Json;

std::string population_text(const std::optional<double>& p) {
  if (!p) return "Not known";
  return thousands(static_cast<std::int64_t>(std::llround(*p)));
}

Json breadcrumbs(AreaStore& store, const Area& a) {
  std::vector<Json> chain;
  std::string code = a.parent_code;
  for (int guard = 0; !code.empty() && guard < 6; ++guard) {
    auto parent = store.get(code);
    if (!parent) break;
    chain.push_back({{"name", label(*parent)}, {"href", "/areas/" + parent->code}});
    code = parent->parent_code;
  }
  Json out = Json::array({{{"name", i18n::msg("Home")}, {"href", "/"}}, {{"name", "Areas"}, {"href", "/areas"}}});
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) out.push_back(*it);
  return out;
}

constexpr const char* kCensusSource = "Census 2021, Office for National Statistics, Open Government Licence v3.0";

std::string per_100_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// The Census 2021 profile of an area (its LSOAs' counts summed) beside England's.
struct CensusFor {
  std::vector<CensusTable> tables;
  std::size_t lsoas = 0;
  std::size_t lsoas_held = 0;
};

CensusFor census_for(AreaStore& store, store::Db& db, const Area& area) {
  CensusFor out;
  CensusCounts england = england_census(db);
  if (area.kind == Kind::kCountry) {
    out.tables = census_profile(england, england);
    return out;
  }
  auto lsoas = store.lsoa_codes(area);
  auto held = census_counts(db, lsoas);
  out.lsoas = lsoas.size();
  out.lsoas_held = held.lsoas_held;
  if (held.lsoas_held > 0) out.tables = census_profile(held.counts, england);
  return out;
}

// The profile as page and API data: null where no LSOA of the area has counts.
Json census_json(AreaStore& store, store::Db& db, const Area& area) {
  auto c = census_for(store, db, area);
  if (c.tables.empty()) return nullptr;
  Json tables = Json::array();
  for (const auto& t : c.tables) {
    Json rows = Json::array();
    for (const auto& r : t.rows)
      rows.push_back({{"id", r.id},
                      {"label", i18n::tr(r.label)},
                      {"count", r.count},
                      {"count_text", thousands(r.count)},
                      {"per_100", std::round(r.per_100 * 10) / 10},
                      {"per_100_text", per_100_text(r.per_100)},
                      {"england_per_100", std::round(r.england_per_100 * 10) / 10},
                      {"england_per_100_text", per_100_text(r.england_per_100)},
                      {"bar", std::clamp(static_cast<int>(std::lround(r.per_100)), 0, 100)},
                      {"england_bar", std::clamp(static_cast<int>(std::lround(r.england_per_100)), 0, 100)}});
    tables.push_back({{"id", t.topic->id},
                      {"title", i18n::tr(t.topic->title)},
                      {"question", i18n::tr(t.topic->question)},
                      {"table", t.topic->table},
                      {"universe", i18n::tr(t.topic->universe)},
                      {"total", t.total},
                      {"total_text", thousands(t.total)},
                      {"england_total", t.england_total},
                      {"england_total_text", thousands(t.england_total)},
                      {"rows", rows}});
  }
  Json out = {{"tables", tables},
              {"source", kCensusSource},
              {"csv_href", "/areas/" + area.code + "/census.csv"},
              {"json_href", "/api/v1/areas/" + area.code + "/census"},
              {"page_href", "/areas/" + area.code + "/census"}};
  if (c.lsoas_held < c.lsoas)
    out["partial"] =
        i18n::tr("Census figures are held for {held} of the {all} LSOAs of this area; the figures are theirs.",
                 {{"held", thousands(c.lsoas_held)}, {"all", thousands(c.lsoas)}});
  return out;
}

Result<Area> area_for(AreaStore& store, const std::string& code) {
  auto area = store.get(code);
  if (!area) return Error::not_found(i18n::tr("There is no area with the code {code}.", {{"code", code}}));
  return *area;
}

Result<Json> census_page(Ctx& ctx) {
  AreaStore store(ctx.db);
  auto area = area_for(store, ctx.param("code"));
  if (!area) return area.error();
  Json census = census_json(store, ctx.db, *area);
  if (census.is_null())
    return Error::not_found(
        i18n::tr("Kith holds no Census 2021 figures for {area}: they are loaded for the place's own areas.",
                 {{"area", label(*area)}}));
  Json crumbs = breadcrumbs(store, *area);
  crumbs.push_back({{"name", label(*area)}, {"href", "/areas/" + area->code}});
  return Json{{"title", i18n::tr("Who lives in {area}", {{"area", label(*area)}})},
              {"area", area_summary(*area)},
              {"breadcrumbs", crumbs},
              {"census", census}};
}

web::Response census_csv(Ctx& ctx) {
  AreaStore store(ctx.db);
  auto area = area_for(store, ctx.param("code"));
  if (!area) return web::problem_response(area.error(), ctx.req.path);
  auto c = census_for(store, ctx.db, *area);
  if (c.tables.empty())
    return web::problem_response(Error::not_found("Kith holds no Census 2021 figures for " + label(*area) + "."),
                                 ctx.req.path);
  std::string out = csv_line({"area_code", "area_name", "topic", "ons_table", "group", "count", "per_100",
                              "england_per_100", "table_total", "england_table_total", "universe"});
  for (const auto& t : c.tables)
    for (const auto& r : t.rows)
      out += csv_line({area->code, label(*area), t.topic->title, t.topic->table, r.label, std::to_string(r.count),
                       per_100_text(r.per_100), per_100_text(r.england_per_100), std::to_string(t.total),
                       std::to_string(t.england_total), t.topic->universe});
  web::Response res;
  res.content_type = "text/csv; charset=utf-8";
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"census-" + area->code + ".csv\"");
  res.body = out;
  return res;
}

Result<Json> index_page(Ctx& ctx) {
  AreaStore store(ctx.db);
  std::string q = ctx.req.query_param("q");
  Json data = {{"title", "Find an area"}, {"q", q}, {"places", place_authorities(ctx.db)}};
  if (q.empty()) return data;
  if (q.size() > 100) return Error::validation({{"q", "Search for 100 characters or fewer"}});
  if (auto pc = normalise_postcode(q)) {
    if (auto hit = store.postcode(*pc)) {
      Json pc_json = {{"postcode", hit->postcode}, {"lat", hit->lat}, {"lon", hit->lon}, {"uncertain", hit->uncertain}};
      if (auto lsoa = store.get(hit->lsoa_code)) {
        pc_json["where"] = postcode_place_text(label(*lsoa), hit->uncertain);
        pc_json["where_sentence"] = postcode_place_sentence(hit->postcode, label(*lsoa), hit->uncertain);
      }
      Json chain = Json::array();
      std::string code = hit->lsoa_code;
      while (!code.empty()) {
        auto a = store.get(code);
        if (!a) break;
        chain.push_back(area_summary(*a));
        if (!a->msoa_code.empty())
          if (auto msoa = store.get(a->msoa_code)) pc_json["msoa"] = area_summary(*msoa);
        code = a->parent_code;
      }
      pc_json["areas"] = chain;
      data["postcode"] = pc_json;
      return data;
    }
    data["postcode_unknown"] = display_postcode(*pc);
  }
  Json results = Json::array();
  for (const auto& a : store.search(q, 50)) {
    Json s = area_summary(a);
    if (!a.authority_code.empty() && a.authority_code != a.code)
      if (auto la = store.get(a.authority_code)) s["authority_name"] = label(*la);
    results.push_back(s);
  }
  data["results"] = results;
  data["has_results"] = !results.empty();
  data["result_count_text"] =
      results.empty()        ? i18n::tr("No areas match “{words}”", {{"words", q}})
      : results.size() == 50 ? i18n::tr("The first 50 areas that match “{words}”", {{"words", q}})
                             : i18n::tr_plural(static_cast<std::int64_t>(results.size()), "{n} area matches “{words}”",
                                               "{n} areas match “{words}”", {{"words", q}});
  data["searched"] = true;
  return data;
}

// The other modules' parts of the profile, each under its name; the strengths
// (what the place has) are listed first, and `has_strengths` says if any holds any.
void add_sections(Ctx& ctx, AreaStore& store, const Area& area, const std::vector<app::AreaSection>& sections,
                  Json& data) {
  if (sections.empty()) return;
  app::AreaScope scope{area.code,        label(area),         kind_id(area.kind),
                       area.parent_code, area.authority_code, store.lsoa_codes(area)};
  if (area.kind == Kind::kAuthority) scope.authority_code = area.code;
  Json parts = Json::object();
  bool strengths = false;
  for (const auto& s : sections) {
    auto part = s.build(ctx.db, scope);
    if (!part) continue;
    parts[s.name] = *part;
    if (s.strength && part->value("count", 0) > 0) strengths = true;
  }
  data["sections"] = parts;
  data["has_strengths"] = strengths;
}

Result<Json> area_page(Ctx& ctx, const std::vector<app::AreaSection>& sections) {
  AreaStore store(ctx.db);
  auto area = store.get(ctx.param("code"));
  if (!area)
    return Error::not_found(
        i18n::tr("There is no area with the code {code}. Codes look like E01033264 (LSOA), "
                 "E02001661 (MSOA), E05010848 (ward) or E08000019 (authority).",
                 {{"code", ctx.param("code")}}));
  Json data = area_summary(*area);
  data = {{"title", label(*area)},
          {"area", data},
          {"breadcrumbs", breadcrumbs(store, *area)},
          {"population_note", i18n::tr(kPopulationNote)}};
  if (area->lat) data["area"]["centroid"] = {{"lat", *area->lat}, {"lon", *area->lon}};
  if (auto parent = store.get(area->parent_code)) data["parent"] = area_summary(*parent);
  // An LSOA is also part of an MSOA, whose name people use.
  if (!area->msoa_code.empty())
    if (auto msoa = store.get(area->msoa_code)) data["msoa"] = area_summary(*msoa);
  if (area->kind != Kind::kLsoa && area->kind != Kind::kCountry && area->kind != Kind::kWard) {
    data["lsoa_count"] = store.count_lsoas_in(area->code, area->kind);
  }
  if (area->kind == Kind::kWard) data["lsoa_count"] = store.count_lsoas_in(area->code, area->kind);
  if (area->kind == Kind::kCountry) data["authorities_href"] = "/areas/authorities";
  if (area->kind == Kind::kNeighbourhood && ctx.user && ctx.user->has_any(web::kOfficerRoles))
    data["edit_href"] = "/areas/" + area->code + "/edit";
  if (area->kind == Kind::kAuthority) {
    data["deprivation_href"] = "/areas/" + area->code + "/deprivation";
    data["gaps_href"] = "/directory/gaps?authority=" + area->code;
  }
  Json children = Json::array();
  std::optional<Kind> child_kind;
  for (const auto& c : store.children(area->code)) {
    children.push_back(area_summary(c));
    child_kind = c.kind;
  }
  if (!children.empty()) {
    data["children"] = children;
    data["children_heading"] =
        i18n::tr("{kinds} in {area}", {{"kinds", kind_heading(*child_kind)}, {"area", label(*area)}});
    data["child_count"] = children.size();
  }
  add_sections(ctx, store, *area, sections, data);
  if (Json census = census_json(store, ctx.db, *area); !census.is_null()) data["census"] = census;
  std::vector<Shape> shapes;
  for (const auto& b : store.map_boundaries(area->code)) {
    auto geometry = Json::parse(b.geometry_json, nullptr, false);
    if (!geometry.is_discarded()) shapes.push_back({b.code, b.name, parse_geometry(geometry)});
  }
  if (!shapes.empty()) {
    bool own = shapes.size() == 1 && shapes[0].code == area->code;
    std::string text = own ? i18n::tr("Map of the boundary of {area}", {{"area", label(*area)}})
                       : shapes.size() == 1
                           ? i18n::tr("Map of {area} showing the boundary of its one area", {{"area", label(*area)}})
                           : i18n::tr("Map of {area} showing the boundaries of its {n} {kinds}",
                                      {{"area", label(*area)},
                                       {"n", std::to_string(shapes.size())},
                                       {"kinds", kind_plural(kind_of_code(shapes[0].code).value_or(Kind::kLsoa))}});
    data["map"] = {
        {"label", text}, {"geojson", "/api/v1/areas/" + area->code + "/boundaries"}, {"svg", render_svg(shapes, text)}};
  }
  return data;
}

Result<Area> saved_neighbourhood(AreaStore& store, const std::string& code) {
  auto area = store.get(code);
  if (!area || area->kind != Kind::kNeighbourhood)
    return Error::not_found(i18n::tr("There is no saved neighbourhood with the code {code}.", {{"code", code}}));
  return *area;
}

// Editing a saved neighbourhood: its name, its LSOAs (ticked), the other LSOAs of
// the wards it touches to add, and any LSOA by code.
Result<Json> edit_page(Ctx& ctx) {
  AreaStore store(ctx.db);
  auto n = saved_neighbourhood(store, ctx.param("code"));
  if (!n) return n.error();
  std::set<std::string> wards, members;
  Json lsoas = Json::array();
  for (const auto& a : store.children(n->code)) {
    members.insert(a.code);
    wards.insert(a.parent_code);
    lsoas.push_back({{"code", a.code}, {"name", label(a)}, {"checked", true}});
  }
  for (const auto& ward : wards)
    for (const auto& a : store.children(ward))
      if (a.kind == Kind::kLsoa && !members.count(a.code))
        lsoas.push_back({{"code", a.code}, {"name", label(a)}, {"checked", false}});
  return Json{{"title", i18n::tr("Edit {name}", {{"name", n->name}})},
              {"area", area_summary(*n)},
              {"breadcrumbs", breadcrumbs(store, *n)},
              {"lsoas", lsoas},
              {"values", {{"name", n->name}}}};
}

Result<web::Done> edit_action(Ctx& ctx, const web::Input& in) {
  AreaStore store(ctx.db);
  auto before = saved_neighbourhood(store, ctx.param("code"));
  if (!before) return before.error();
  std::vector<std::string> before_lsoas = store.lsoa_codes(*before);
  std::vector<std::string> codes;
  for (const auto& ticked : in.all("lsoas"))
    for (const auto& c : split(ticked, ','))
      if (!trim(c).empty()) codes.push_back(to_upper(trim(c)));
  for (const auto& c : split(in.get("add"), ' '))
    for (const auto& part : split(c, ','))
      if (!trim(part).empty()) codes.push_back(to_upper(trim(part)));
  auto after = store.update_neighbourhood(before->code, in.get("name"), codes);
  if (!after) {
    Error e = after.error();
    for (auto& f : e.fields)
      if (f.field == "lsoas" && !in.get("add").empty()) f.field = "add";
    return e;
  }
  audit::record(ctx.db, audit::Actor::of(ctx), "areas.neighbourhood.update", "areas", after->code,
                {{"name", before->name}, {"lsoas", before_lsoas}},
                {{"name", after->name}, {"lsoas", store.lsoa_codes(*after)}});
  return web::Done{"/areas/" + after->code, {{"code", after->code}, {"name", after->name}}, after->name + " is saved."};
}

Result<web::Done> delete_action(Ctx& ctx, const web::Input&) {
  AreaStore store(ctx.db);
  auto n = saved_neighbourhood(store, ctx.param("code"));
  if (!n) return n.error();
  std::vector<std::string> lsoas = store.lsoa_codes(*n);
  store.delete_neighbourhood(n->code);
  audit::record(ctx.db, audit::Actor::of(ctx), "areas.neighbourhood.delete", "areas", n->code,
                {{"name", n->name}, {"authority", n->authority_code}, {"lsoas", lsoas}}, nullptr);
  return web::Done{
      "/areas/" + n->authority_code, {{"deleted", n->code}}, n->name + " is no longer a saved neighbourhood."};
}

web::Response boundaries_geojson(Ctx& ctx) {
  AreaStore store(ctx.db);
  auto area = store.get(ctx.param("code"));
  if (!area)
    return web::problem_response(Error::not_found("There is no area with the code " + ctx.param("code") + "."),
                                 ctx.req.path);
  std::vector<Feature> features;
  for (auto& b : store.map_boundaries(area->code))
    features.push_back(
        {"", std::move(b.geometry_json), {{"code", b.code}, {"name", b.name}, {"href", "/areas/" + b.code}}});
  web::Response r;
  r.content_type = "application/geo+json";
  r.body = feature_collection(features);
  return r;
}

}  // namespace

Json area_summary(const Area& a) {
  return {{"code", a.code},
          {"name", label(a)},
          {"official_name", a.name},
          {"known_as", a.known_as.empty() ? Json(nullptr) : Json(a.known_as)},
          {"kind", kind_id(a.kind)},
          {"kind_label", kind_label(a.kind)},
          {"href", "/areas/" + a.code},
          {"population", a.population ? Json(std::llround(*a.population)) : Json(nullptr)},
          {"population_text", population_text(a.population)}};
}

Json place_authorities(store::Db& db) {
  AreaStore store(db);
  Json out = Json::array();
  for (const auto& code : store::get_setting(db, "place.authorities", Json::array())) {
    auto a = store.get(code.get<std::string>());
    if (!a) continue;
    Json s = area_summary(*a);
    s["ward_count"] = store.children(a->code).size();
    s["lsoa_count"] = store.count_lsoas_in(a->code, a->kind);
    out.push_back(s);
  }
  return out;
}

void install_routes(web::Server& server, const std::vector<app::AreaSection>& sections) {
  auto& r = server.router();
  r.page("/areas", "areas/index", Access::anyone(), index_page);
  r.page("/areas/{code}", "areas/area", Access::anyone(), [sections](Ctx& ctx) { return area_page(ctx, sections); });
  r.raw("GET", "/areas/{code}/boundaries", Access::anyone(), boundaries_geojson, true);
  r.page("/areas/{code}/census", "areas/census", Access::anyone(), census_page);
  r.raw("GET", "/areas/{code}/census.csv", Access::anyone(), census_csv);
  r.page("/areas/{code}/edit", "areas/edit", Access::role(web::kOfficerRoles), edit_page);
  r.action("/areas/{code}/edit", Access::role(web::kOfficerRoles), edit_action);
  r.action("/areas/{code}/delete", Access::role(web::kOfficerRoles), delete_action);
  server.add_nav({"Areas", "/areas", Access::anyone(), false});
}

}  // namespace kith::areas
