// Every neighbourhood (LSOA) of an authority by deprivation: a sortable table that
// works without JavaScript, the deciles as a chart and on a map, the authority's
// summary measures, and the same as CSV and GeoJSON. Thin: rows from the store,
// measures from imd.cpp.
#include "indices/deprivation_http.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "areas/area_store.h"
#include "areas/geojson.h"
#include "areas/loader.h"
#include "areas/svg.h"
#include "audit/audit.h"
#include "core/csv.h"
#include "core/geo.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "indices/deprivation_store.h"
#include "indices/focus.h"
#include "indices/imd.h"
#include "indices/sources.h"
#include "web/problems.h"

namespace kith::indices {

namespace {

using web::Ctx;
using web::Json;

constexpr std::int64_t kLsoas2021 = 33755;  // the IoD2025's areas: ranks run 1 to this
const std::array<const char*, 7> kDomainIds = {"income", "employment", "education",  "health",
                                               "crime",  "housing",    "environment"};
const std::array<const char*, 7> kDomainShort = {
    i18n::msg("Income"), i18n::msg("Employment"),           i18n::msg("Education"),         i18n::msg("Health"),
    i18n::msg("Crime"),  i18n::msg("Housing and services"), i18n::msg("Living environment")};

struct Table {
  areas::Area authority;
  std::vector<DeprivationRow> rows;
};

Result<Table> read_table(Ctx& ctx) {
  auto a = areas::AreaStore(ctx.db).get(ctx.param("code"));
  if (!a || a->kind != areas::Kind::kAuthority)
    return Error::not_found(
        i18n::tr("There is no local authority with the code {code}.", {{"code", ctx.param("code")}}));
  Table t{*a, DeprivationStore(ctx.db).for_authority(a->code)};
  if (t.rows.empty())
    return Error::not_found(i18n::tr(
        "The Index of Multiple Deprivation is not loaded for {name}: run kith import areas.", {{"name", a->name}}));
  return t;
}

// Sorts by ?sort= (name, people, rank, or a domain) and ?order= (asc, desc).
Result<std::pair<std::string, bool>> sort_rows(const Ctx& ctx, std::vector<DeprivationRow>& rows) {
  std::string sort = ctx.req.query_param("sort").empty() ? "rank" : ctx.req.query_param("sort");
  std::string order = ctx.req.query_param("order").empty() ? "asc" : ctx.req.query_param("order");
  if (order != "asc" && order != "desc")
    return Error::validation({{"order", "order must be asc or desc, not \"" + order + "\""}});
  int domain = -1;
  for (int k = 0; k < 7; ++k)
    if (sort == kDomainIds[k]) domain = k;
  if (sort != "name" && sort != "people" && sort != "rank" && domain < 0)
    return Error::validation({{"sort", "sort must be name, people, rank or a domain, not \"" + sort + "\""}});
  auto key = [&](const DeprivationRow& r) -> std::pair<double, std::string> {
    if (sort == "name") return {0, r.label};
    if (sort == "people") return {r.population, r.code};
    if (domain >= 0) return {r.domain_deciles[domain].value_or(11), r.code};
    return {static_cast<double>(r.imd_rank), r.code};
  };
  bool desc = order == "desc";
  std::stable_sort(rows.begin(), rows.end(), [&](const DeprivationRow& x, const DeprivationRow& y) {
    return desc ? key(y) < key(x) : key(x) < key(y);
  });
  return std::make_pair(sort, desc);
}

// The class that colours a focus group on the map and in its key: eight colours, each
// dark enough to stand out from the light grey of the other neighbourhoods (3:1 or
// more), taken in turn; groups never touch, and the numbers tell any two apart.
std::string group_colour(std::size_t group) { return "kith-group-" + std::to_string(group % 8 + 1); }

Result<Json> table_page(Ctx& ctx) {
  auto t = read_table(ctx);
  if (!t) return t.error();
  auto sorted = sort_rows(ctx, t->rows);
  if (!sorted) return sorted.error();
  const std::string sort = sorted->first;
  const bool desc = sorted->second;
  const std::string base = "/areas/" + t->authority.code + "/deprivation";

  // The authority's summary measures, from its LSOAs' published scores and ranks.
  std::vector<SummaryArea> measure;
  std::array<int, 11> per_decile{};
  for (const auto& r : t->rows) {
    measure.push_back({t->authority.code, r.population, r.imd_score, r.imd_rank});
    ++per_decile[r.imd_decile];
  }
  AuthoritySummary s = summarise(measure, kLsoas2021).at(t->authority.code);
  int most = *std::max_element(per_decile.begin() + 1, per_decile.end());
  Json chart = Json::array();
  for (int d = 1; d <= 10; ++d)
    chart.push_back({{"decile", d},
                     {"count", per_decile[d]},
                     {"width", most ? per_decile[d] * 100 / most : 0},
                     {"label", d == 1    ? i18n::tr("1 (most deprived)")
                               : d == 10 ? i18n::tr("10 (least deprived)")
                                         : std::to_string(d)}});

  auto header = [&](const std::string& id, const std::string& text, bool numeric) {
    bool active = sort == id;
    std::string next = active && !desc ? "desc" : "asc";
    return Json{{"text", text},
                {"href", base + "?sort=" + id + "&order=" + next},
                {"aria_sort", active ? (desc ? "descending" : "ascending") : "none"},
                {"numeric", numeric}};
  };
  Json headers = Json::array({header("name", i18n::tr("Neighbourhood"), false),
                              header("people", i18n::tr("People"), true), header("rank", i18n::tr("IMD rank"), true)});
  for (int k = 0; k < 7; ++k) headers.push_back(header(kDomainIds[k], i18n::tr(kDomainShort[k]), true));
  Json rows = Json::array();
  for (const auto& r : t->rows) {
    Json deciles = Json::array();
    for (const auto& d : r.domain_deciles) deciles.push_back(d ? std::to_string(*d) : "");
    rows.push_back({{"code", r.code},
                    {"name", r.label},
                    {"official_name", r.name},
                    {"href", "/areas/" + r.code},
                    {"people", thousands(std::llround(r.population))},
                    {"rank", thousands(r.imd_rank)},
                    {"decile", r.imd_decile},
                    {"domains", deciles}});
  }

  // The map: each LSOA shaded by its IMD decile.
  std::vector<areas::Shape> shapes;
  std::map<std::string, int> decile_of_code;
  for (const auto& r : t->rows) decile_of_code[r.code] = r.imd_decile;
  auto lsoa_shapes = areas::AreaStore(ctx.db).lsoa_shapes(t->authority.code);  // owned while the loop reads it
  for (const auto& b : *lsoa_shapes) {
    if (!decile_of_code.count(b.code)) continue;
    int d = decile_of_code[b.code];
    shapes.push_back({b.code,
                      i18n::tr("{name}: IMD decile {decile}", {{"name", b.name}, {"decile", std::to_string(d)}}),
                      b.polygons, "kith-decile-" + std::to_string(d)});
  }
  Json data = {{"title", i18n::tr("Deprivation in {name}", {{"name", t->authority.name}})},
               {"breadcrumbs", Json::array({{{"name", "Home"}, {"href", "/"}},
                                            {{"name", "Areas"}, {"href", "/areas"}},
                                            {{"name", t->authority.name}, {"href", "/areas/" + t->authority.code}}})},
               {"authority", {{"name", t->authority.name}, {"code", t->authority.code}}},
               {"summary",
                {{"lsoas", t->rows.size()},
                 {"average_score", fixed(s.average_score, 1)},
                 {"average_rank", thousands(std::llround(s.average_rank))},
                 {"most_deprived", i18n::tr("{count} of {all} ({percent}%)",
                                            {{"count", thousands(per_decile[1])},
                                             {"all", thousands(static_cast<std::int64_t>(t->rows.size()))},
                                             {"percent", fixed(s.proportion_in_most_deprived_10 * 100, 1)}})},
                 {"extent", fixed(s.extent * 100, 1) + "%"},
                 {"local_concentration", thousands(std::llround(s.local_concentration))}}},
               {"chart", chart},
               {"headers", headers},
               {"rows", rows},
               {"csv_href", base + ".csv"},
               {"geojson_href", base + ".geojson"}};
  if (!shapes.empty()) {
    std::string label =
        i18n::tr("Map of {name}'s neighbourhoods shaded by their IMD 2025 decile: darker is more deprived",
                 {{"name", t->authority.name}});
    Json legend = Json::array();
    for (int d = 1; d <= 10; ++d) legend.push_back({{"decile", d}, {"text", chart[d - 1]["label"]}});
    // The table below names every neighbourhood: the picture leaves out their names
    // (hundreds of them, a sixth of a city's page).
    for (auto& shape : shapes) shape.name.clear();
    data["map"] = {{"label", label}, {"svg", areas::render_svg(shapes, label)}, {"legend", legend}};
  }
  return data;
}

// Focus neighbourhoods, for an officer to name: by ?rule=imd (the default), the LSOAs
// in England's most deprived deciles (up to ?decile=, 1 unless given); by
// ?rule=resilience, those in the authority's deciles needing most support on Kith's
// default resilience index. Either way joined where they touch.
Result<Json> focus_page(Ctx& ctx, const std::string& source_data, const app::AreaMeasures& measures) {
  auto t = read_table(ctx);
  if (!t) return t.error();
  std::string rule = ctx.req.query_param("rule").empty() ? "imd" : ctx.req.query_param("rule");
  if (rule != "imd" && rule != "resilience")
    return Error::validation({{"rule", "rule must be imd or resilience, not \"" + rule + "\""}});
  std::map<std::string, int> decile_of;
  for (const auto& r : t->rows) decile_of[r.code] = r.imd_decile;
  if (rule == "resilience") {
    auto index = default_index(sources_for(ctx.db, source_data, measures), t->authority.code);
    if (!index) return index.error();
    decile_of.clear();
    for (const auto& entry : *index) decile_of[entry.first] = entry.second.decile;
  }
  int decile = 1;
  if (auto d = ctx.req.query_param("decile"); !d.empty()) {
    auto n = parse_int(d);
    if (!n || *n < 1 || *n > 10)
      return Error::validation({{"decile", "decile must be a whole number from 1 to 10, not \"" + d + "\""}});
    decile = static_cast<int>(*n);
  }
  auto shapes = areas::AreaStore(ctx.db).lsoa_shapes(t->authority.code);
  auto areas = areas::AreaStore(ctx.db).lsoas_in(t->authority.code);
  std::map<std::string, const areas::Area*> area_of;
  for (const auto& a : areas) area_of[a.code] = &a;
  std::map<std::string, const DeprivationRow*> row_of;
  std::vector<FocusArea> chosen;
  for (const auto& r : t->rows) {
    row_of[r.code] = &r;
    auto a = area_of.find(r.code);
    auto d = decile_of.find(r.code);
    if (d != decile_of.end() && d->second <= decile && a != area_of.end() && a->second->lat)
      chosen.push_back({r.code, *a->second->lat, *a->second->lon});
  }
  auto groups = join_contiguous(chosen, touching(*shapes), 1000);
  Json out = Json::array();
  Json legend = Json::array();
  std::map<std::string, std::size_t> group_of;  // LSOA -> index into groups
  std::vector<std::string> group_names;
  std::map<std::string, int> times_named;
  std::vector<areas::MapLabel> labels;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    double people = 0, weighted_rank = 0, lat = 0, lon = 0;
    Json members = Json::array();
    std::vector<std::string> places;
    for (const auto& code : groups[g]) {
      const DeprivationRow& r = *row_of[code];
      people += r.population;
      weighted_rank += r.population * static_cast<double>(r.imd_rank);
      places.push_back(r.known_as.empty() ? r.name : r.known_as);
      lat += *area_of[code]->lat;
      lon += *area_of[code]->lon;
      members.push_back({{"code", code},
                         {"name", r.label},
                         {"official_name", r.name},
                         {"href", "/areas/" + code},
                         {"rank", thousands(r.imd_rank)}});
      group_of[code] = g;
    }
    // The group's number goes on the map at the centre of its LSOA nearest the middle,
    // so that it sits inside the group however the group is shaped.
    lat /= static_cast<double>(groups[g].size());
    lon /= static_cast<double>(groups[g].size());
    const areas::Area* middle = area_of[groups[g].front()];
    for (const auto& code : groups[g])
      if (geo::distance_m({*area_of[code]->lon, *area_of[code]->lat}, {lon, lat}) <
          geo::distance_m({*middle->lon, *middle->lat}, {lon, lat}))
        middle = area_of[code];
    labels.push_back({std::to_string(g + 1), *middle->lat, *middle->lon});
    // Two groups in one place are told apart, so each can be saved under its own name.
    std::string name = group_name(places);
    if (int k = ++times_named[name]; k > 1) name += " (" + std::to_string(k) + ")";
    group_names.push_back(name);
    std::string colour = group_colour(g);
    out.push_back({{"number", g + 1},
                   {"name", name},
                   {"colour", colour},
                   {"lsoas", members},
                   {"codes", join(groups[g], ",")},
                   {"codes_text", join(groups[g], ", ")},
                   {"size", count_of(static_cast<std::int64_t>(groups[g].size()), "neighbourhood")},
                   {"people", thousands(std::llround(people))},
                   {"average_rank", thousands(std::llround(people > 0 ? weighted_rank / people : 0))}});
    legend.push_back({{"number", g + 1}, {"name", name}, {"colour", colour}});
  }
  // Each group in its own colour with its number on it; the key names them.
  std::vector<areas::Shape> drawn;
  for (const auto& b : *shapes) {
    auto in = group_of.find(b.code);
    if (in == group_of.end()) {
      drawn.push_back({b.code, b.name, b.polygons, "kith-group-none"});
      continue;
    }
    drawn.push_back({b.code,
                     b.name + ": focus group " + std::to_string(in->second + 1) + ", " + group_names[in->second],
                     b.polygons, group_colour(in->second)});
  }
  Json options = Json::array();
  for (int d = 1; d <= 3; ++d)
    options.push_back({{"value", std::to_string(d)},
                       {"text", i18n::tr("The lowest {percent}%", {{"percent", std::to_string(d * 10)}})},
                       {"selected", d == decile}});
  Json rules = Json::array(
      {{{"value", "imd"},
        {"text", i18n::tr("Deprivation: England's most deprived (IMD 2025)")},
        {"selected", rule == "imd"}},
       {{"value", "resilience"},
        {"text", i18n::tr("Resilience: needing most support in {authority}", {{"authority", t->authority.name}})},
        {"selected", rule == "resilience"}}});
  Json data = {{"can_save", ctx.user && ctx.user->has_any(web::kOfficerRoles)},
               {"title", i18n::tr("Focus neighbourhoods in {authority}", {{"authority", t->authority.name}})},
               {"breadcrumbs",
                Json::array({{{"name", "Home"}, {"href", "/"}},
                             {{"name", t->authority.name}, {"href", "/areas/" + t->authority.code}},
                             {{"name", "Deprivation"}, {"href", "/areas/" + t->authority.code + "/deprivation"}}})},
               {"authority", {{"name", t->authority.name}, {"code", t->authority.code}}},
               {"deciles", options},
               {"rules", rules},
               {"rule_text", rule == "imd" ? i18n::tr("Neighbourhoods (LSOAs) among England's most deprived")
                                           : i18n::tr("The neighbourhoods (LSOAs) of {authority} that Kith's community "
                                                      "resilience index finds needing most support",
                                                      {{"authority", t->authority.name}})},
               {"groups", out},
               {"count_text", std::to_string(chosen.size()) + " neighbourhoods in " + std::to_string(groups.size()) +
                                  (groups.size() == 1 ? " group" : " groups")}};
  if (!drawn.empty()) {
    std::string label = "Map of " + t->authority.name + " with its " + std::to_string(groups.size()) +
                        " focus groups coloured and numbered; the key below names each group";
    data["map"] = {{"label", label}, {"svg", areas::render_svg(drawn, label, 640, labels)}, {"legend", legend}};
  }
  return data;
}

// An officer names a group and saves it as a neighbourhood: an area like any other.
Result<web::Done> save_focus(Ctx& ctx, const web::Input& in) {
  auto authority = areas::AreaStore(ctx.db).get(ctx.param("code"));
  if (!authority || authority->kind != areas::Kind::kAuthority)
    return Error::not_found("There is no local authority with the code " + ctx.param("code") + ".");
  std::vector<std::string> codes;
  for (const auto& c : split(in.get("lsoas"), ','))
    if (!trim(c).empty()) codes.push_back(to_upper(trim(c)));
  auto saved = areas::AreaStore(ctx.db).save_neighbourhood(authority->code, in.get("name"), codes);
  if (!saved) return saved.error();
  audit::record(ctx.db, audit::Actor::of(ctx), "areas.neighbourhood.create", "areas", saved->code, nullptr,
                {{"name", saved->name}, {"authority", authority->code}, {"lsoas", codes}});
  return web::Done{"/areas/" + saved->code,
                   {{"code", saved->code}, {"name", saved->name}},
                   saved->name + " is saved as a neighbourhood.",
                   201};
}

web::Response table_csv(Ctx& ctx) {
  auto t = read_table(ctx);
  if (!t) return web::problem_response(t.error(), ctx.req.path);
  std::vector<std::string> header = {"lsoa21_code", "lsoa21_name", "ward_code", "population",
                                     "imd_score",   "imd_rank",    "imd_decile"};
  for (const char* d : kDomainIds) header.push_back(std::string(d) + "_decile");
  header.push_back("known_as");  // the House of Commons Library's name of the LSOA's MSOA
  std::string out = csv_line(header);
  for (const auto& r : t->rows) {
    std::vector<std::string> cells = {r.code,
                                      r.name,
                                      r.ward_code,
                                      std::to_string(std::llround(r.population)),
                                      fixed(r.imd_score, 3),
                                      std::to_string(r.imd_rank),
                                      std::to_string(r.imd_decile)};
    for (const auto& d : r.domain_deciles) cells.push_back(d ? std::to_string(*d) : std::string());
    cells.push_back(r.known_as);
    out += csv_line(cells);
  }
  web::Response res;
  res.content_type = "text/csv; charset=utf-8";
  res.headers.emplace_back("Content-Disposition",
                           "attachment; filename=\"kith-deprivation-" + t->authority.code + ".csv\"");
  res.body = out;
  return res;
}

web::Response table_geojson(Ctx& ctx) {
  auto t = read_table(ctx);
  if (!t) return web::problem_response(t.error(), ctx.req.path);
  areas::AreaStore store(ctx.db);
  auto geometry = areas::lsoa_geometry(store, t->authority.code);
  std::vector<areas::Feature> features;
  for (const auto& r : t->rows) {
    auto g = geometry.find(r.code);
    if (g == geometry.end()) continue;
    Json props = {{"name", r.name},
                  {"population", std::llround(r.population)},
                  {"imd_score", r.imd_score},
                  {"imd_rank", r.imd_rank},
                  {"imd_decile", r.imd_decile}};
    for (int k = 0; k < 7; ++k)
      props[std::string(kDomainIds[k]) + "_decile"] = r.domain_deciles[k] ? Json(*r.domain_deciles[k]) : Json(nullptr);
    props["known_as"] = r.known_as.empty() ? Json(nullptr) : Json(r.known_as);
    features.push_back({r.code, g->second, std::move(props)});
  }
  web::Response res;
  res.content_type = "application/geo+json";
  res.body = areas::feature_collection(features);
  return res;
}

}  // namespace

void install_deprivation_routes(web::Server& server, const std::string& source_data,
                                const app::AreaMeasures& measures) {
  auto& r = server.router();
  r.page("/areas/{code}/deprivation", "indices/table", web::Access::anyone(), table_page);
  r.page("/areas/{code}/focus", "indices/focus", web::Access::anyone(),
         [source_data, measures](Ctx& ctx) { return focus_page(ctx, source_data, measures); });
  r.action("/areas/{code}/focus", web::Access::role(web::kOfficerRoles), save_focus);
  r.raw("GET", "/areas/{code}/deprivation.csv", web::Access::anyone(), table_csv, true);
  r.raw("GET", "/areas/{code}/deprivation.geojson", web::Access::anyone(), table_geojson, true);
}

}  // namespace kith::indices
