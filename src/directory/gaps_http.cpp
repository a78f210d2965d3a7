// The gap analysis pages: where activities and places to meet are missing, for the
// LSOAs of one authority; as a page with a map and a ranked table, as CSV and as
// GeoJSON. Thin: the areas come from the areas module, the counting from gaps.cpp.
#include "directory/gaps_http.h"

#include <cmath>
#include <cstdio>

#include "areas/area_store.h"
#include "areas/areas_http.h"
#include "areas/census.h"
#include "areas/geojson.h"
#include "areas/loader.h"
#include "areas/svg.h"
#include "core/csv.h"
#include "core/text.h"
#include "directory/directory_store.h"
#include "directory/gaps.h"
#include "i18n/speaking.h"
#include "store/settings.h"
#include "web/problems.h"

namespace kith::directory {

namespace {

using web::Access;
using web::Ctx;

// In English: the CSV's column names come from them; pages say them with i18n::tr.
const char* const kDayNames[] = {i18n::msg("Monday"),   i18n::msg("Tuesday"), i18n::msg("Wednesday"),
                                 i18n::msg("Thursday"), i18n::msg("Friday"),  i18n::msg("Saturday"),
                                 i18n::msg("Sunday")};

const std::vector<std::pair<std::string, std::string>>& walks() {
  static const std::vector<std::pair<std::string, std::string>> all = {
      {"400", i18n::msg("400 metres (about 5 minutes' walk)")},
      {"800", i18n::msg("800 metres (about 10 minutes' walk)")},
      {"1200", i18n::msg("1,200 metres (about 15 minutes' walk)")},
      {"1600", i18n::msg("1,600 metres (about 20 minutes' walk)")}};
  return all;
}

// The share of an LSOA's residents aged 3 and over whose main language is not English
// (Census 2021, TS029); nullopt where the census is not loaded.
std::optional<double> other_language_pct(const std::map<std::string, areas::CensusCounts>& census,
                                         const std::string& lsoa) {
  auto c = census.find(lsoa);
  if (c == census.end()) return std::nullopt;
  auto total = c->second.find("english.total"), english = c->second.find("english.main_language_english");
  if (total == c->second.end() || english == c->second.end() || total->second <= 0) return std::nullopt;
  return 100.0 * static_cast<double>(total->second - english->second) / static_cast<double>(total->second);
}

struct GapParams {
  areas::Area authority;
  double walk_m = kDefaultWalkM;
  std::string term;       // a category, or "" for all
  std::string term_name;  // its name
};

// Reads ?authority=&walk=&category=; the authority defaults to the place's first.
Result<GapParams> read_params(Ctx& ctx) {
  areas::AreaStore areas(ctx.db);
  GapParams p;
  std::string code = to_upper(ctx.req.query_param("authority"));
  if (code.empty()) {
    auto place = store::get_setting(ctx.db, "place.authorities", Json::array());
    if (place.empty() || !place[0].is_string())
      return Error::validation({{"authority", "Choose a local authority, like E08000019 for Sheffield"}});
    code = place[0].get<std::string>();
  }
  auto a = areas.get(code);
  if (!a || a->kind != areas::Kind::kAuthority)
    return Error::validation(
        {{"authority", i18n::tr("\"{code}\" is not the code of a local authority in England", {{"code", code}})}});
  p.authority = *a;
  if (auto w = ctx.req.query_param("walk"); !w.empty()) {
    auto m = parse_double(w);
    if (!m || *m < 100 || *m > 5000)
      return Error::validation({{"walk", "walk must be a distance in metres from 100 to 5,000, not \"" + w + "\""}});
    p.walk_m = *m;
  }
  p.term = ctx.req.query_param("category");
  if (!p.term.empty()) {
    auto term = DirectoryStore(ctx.db).row("taxonomy_term", p.term);
    if (!term)
      return Error::validation({{"category", i18n::tr("There is no category with the id \"{id}\"", {{"id", p.term}})}});
    p.term_name = text_of(*term, "name");
  }
  return p;
}

std::vector<GapRow> analyse(Ctx& ctx, IndexCache& cache, const GapParams& p) {
  areas::AreaStore areas(ctx.db);
  auto deciles = areas.imd_deciles(p.authority.code);
  std::vector<GapArea> input;
  for (const auto& a : areas.lsoas_in(p.authority.code)) {
    if (!a.lat || !a.lon) continue;
    GapArea g{a.code, areas::label(a), *a.lat, *a.lon, a.population.value_or(0), std::nullopt};
    if (auto d = deciles.find(a.code); d != deciles.end()) g.imd_decile = d->second;
    input.push_back(std::move(g));
  }
  return analyse_gaps(input, *cache.get(ctx.db), p.walk_m, p.term);
}

std::string one_decimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string days_without(const GapRow& r) {
  std::vector<std::string> none;
  for (int d = 0; d < 7; ++d)
    if (r.by_day[d] == 0) none.push_back(i18n::tr(kDayNames[d]));
  if (none.size() == 7) return i18n::tr("Every day");
  if (none.empty()) return i18n::tr("None");
  return join(none, ", ");
}

std::string query(const GapParams& p) {
  std::string q = "?authority=" + p.authority.code + "&walk=" + std::to_string(std::lround(p.walk_m));
  if (!p.term.empty()) q += "&category=" + url_encode(p.term);
  return q;
}

std::string band_text(int band) {
  static const char* const text[] = {i18n::msg("None within the walk"), i18n::msg("Least"), i18n::msg("Less"),
                                     i18n::msg("More"), i18n::msg("Most")};
  return i18n::tr(text[band]);
}

Result<Json> gaps_page(Ctx& ctx, IndexCache& cache) {
  Json data = {{"title", "Where activities are missing"},
               {"breadcrumbs",
                Json::array({{{"name", "Home"}, {"href", "/"}}, {{"name", "Directory"}, {"href", "/directory"}}})}};
  auto p = read_params(ctx);
  if (!p && ctx.is_api) return p.error();

  // The form's choices, as asked (the place's first authority when what was asked is wrong).
  std::string asked_authority = p ? p->authority.code : "";
  std::string walk = p ? std::to_string(std::lround(p->walk_m)) : ctx.req.query_param("walk");
  std::string asked_term = p ? p->term : ctx.req.query_param("category");
  Json authorities = Json::array();
  for (const auto& a : areas::place_authorities(ctx.db))
    authorities.push_back({{"value", a["code"]}, {"text", a["name"]}, {"selected", a["code"] == asked_authority}});
  Json walk_options = Json::array();
  for (const auto& [value, text] : walks())
    walk_options.push_back({{"value", value}, {"text", text}, {"selected", value == walk}});
  Json categories = Json::array();
  std::map<std::string, std::string> term_names;
  for (const auto& [id, name] : DirectoryStore(ctx.db).service_terms()) {
    term_names[id] = name;
    categories.push_back({{"value", id}, {"text", i18n::tr(name)}, {"selected", id == asked_term}});
  }
  if (!p) {
    // Only the form, with what is wrong; no results for a question not asked right.
    web::add_error_view(data, p.error());
    data["authorities"] = authorities;
    data["walks"] = walk_options;
    data["categories"] = categories;
    data["what"] = i18n::tr("activities");
    return data;
  }
  auto rows = analyse(ctx, cache, *p);
  auto limits = band_limits(rows);

  // The summary, the table, the map.
  double people = 0;
  int with_none = 0;
  std::array<int, 7> none_on_day{};
  Json table = Json::array();
  std::map<std::string, int> areas_with;
  // Census 2021 (TS029): where residents' main language is not English, translated
  // outreach matters most.
  auto census = areas::census_by_lsoa(ctx.db, p->authority.code);
  int other_language_areas = 0;
  for (const auto& r : rows) {
    people += r.area.population;
    if (r.activities == 0) ++with_none;
    for (int d = 0; d < 7; ++d)
      if (r.by_day[d] == 0) ++none_on_day[d];
    for (const auto& [t, n] : r.by_category)
      if (n > 0) ++areas_with[t];
    table.push_back({{"rank", r.rank},
                     {"code", r.area.code},
                     {"name", r.area.name},
                     {"href", "/areas/" + r.area.code},
                     {"people", thousands(std::llround(r.area.population))},
                     {"imd_decile", r.area.imd_decile ? std::to_string(*r.area.imd_decile) : i18n::tr("Not loaded")},
                     {"activities", r.activities},
                     {"per_1000", one_decimal(r.activities_per_1000)},
                     {"places", r.places},
                     {"days_without", days_without(r)}});
    if (auto pct = other_language_pct(census, r.area.code)) {
      table.back()["other_language"] = one_decimal(*pct) + "%";
      if (*pct >= 20) ++other_language_areas;
    }
  }
  Json days = Json::array();
  for (int d = 0; d < 7; ++d) days.push_back({{"day", i18n::tr(kDayNames[d])}, {"areas", none_on_day[d]}});
  Json by_category = Json::array();
  if (p->term.empty())
    for (const auto& [id, name] : term_names)
      by_category.push_back({{"name", name},
                             {"areas_without", static_cast<int>(rows.size()) - areas_with[id]},
                             {"href", "/directory/gaps" + query(*p) + "&category=" + url_encode(id)}});

  std::map<std::string, int> band_of;
  for (const auto& r : rows) band_of[r.area.code] = provision_band(r.activities_per_1000, limits);
  std::vector<areas::Shape> shapes;
  // Held here: the loop must own the shapes, or another request refilling the cache frees them mid-loop.
  auto lsoa_shapes = areas::AreaStore(ctx.db).lsoa_shapes(p->authority.code);
  for (const auto& b : *lsoa_shapes) {
    int band = band_of.count(b.code) ? band_of[b.code] : 0;
    shapes.push_back({b.code, b.name + ": " + band_text(band), b.polygons, "kith-band-" + std::to_string(band)});
  }
  std::string what =
      p->term.empty() ? i18n::tr("activities") : i18n::tr("{category} activities", {{"category", p->term_name}});
  if (!shapes.empty()) {
    std::string label = i18n::tr(
        "Map of {authority}'s neighbourhoods shaded by {what} within {walk} metres for each 1,000 people: darker "
        "means more",
        {{"authority", p->authority.name}, {"what", what}, {"walk", walk}});
    Json legend = Json::array();
    for (int b = 0; b <= 4; ++b) {
      std::string range;
      if (b == 1) range = i18n::tr("up to {high}", {{"high", one_decimal(limits[0])}});
      if (b == 2)
        range = i18n::tr("{low} to {high}", {{"low", one_decimal(limits[0])}, {"high", one_decimal(limits[1])}});
      if (b == 3)
        range = i18n::tr("{low} to {high}", {{"low", one_decimal(limits[1])}, {"high", one_decimal(limits[2])}});
      if (b == 4) range = i18n::tr("over {low}", {{"low", one_decimal(limits[2])}});
      legend.push_back({{"band", b}, {"text", band_text(b)}, {"range", range}});
    }
    for (auto& shape : shapes) shape.name.clear();  // the table below names every neighbourhood
    data["map"] = {{"label", label}, {"svg", areas::render_svg(shapes, label)}, {"legend", legend}};
  }
  std::string q = query(*p);
  data["title"] = i18n::tr("Where activities are missing in {authority}", {{"authority", p->authority.name}});
  data["authority"] = {{"code", p->authority.code}, {"name", p->authority.name}};
  data["authorities"] = authorities;
  data["walks"] = walk_options;
  data["categories"] = categories;
  data["what"] = what;
  data["walk_m"] = walk;
  data["summary"] = {{"areas", rows.size()},
                     {"people", thousands(std::llround(people))},
                     {"with_none", with_none},
                     {"imd_loaded", !rows.empty() && rows.front().area.imd_decile.has_value()},
                     {"census_loaded", !census.empty()},
                     {"other_language_areas", other_language_areas}};
  data["days"] = days;
  data["by_category"] = by_category;
  data["has_by_category"] = !by_category.empty();
  data["rows"] = table;
  data["csv_href"] = "/directory/gaps.csv" + q;
  data["geojson_href"] = "/directory/gaps.geojson" + q;
  return data;
}

web::Response gaps_csv(Ctx& ctx, IndexCache& cache) {
  auto p = read_params(ctx);
  if (!p) return web::problem_response(p.error(), ctx.req.path);
  auto rows = analyse(ctx, cache, *p);
  auto terms = DirectoryStore(ctx.db).service_terms();  // id, name
  std::vector<std::string> header = {
      "rank",        "lsoa21_code", "lsoa21_name",         "population",     "imd_decile",
      "walk_m",      "activities",  "activities_per_1000", "meeting_places", "meeting_places_per_1000",
      "need_weight", "opportunity"};
  for (const char* d : kDayNames) header.push_back("activities_" + to_lower(d));
  for (const auto& t : terms) header.push_back("activities: " + t.second);
  header.emplace_back("main_language_not_english_pct");
  auto census = areas::census_by_lsoa(ctx.db, p->authority.code);
  std::string out = csv_line(header);
  for (const auto& r : rows) {
    std::vector<std::string> cells = {std::to_string(r.rank),
                                      r.area.code,
                                      r.area.name,
                                      std::to_string(std::llround(r.area.population)),
                                      r.area.imd_decile ? std::to_string(*r.area.imd_decile) : "",
                                      std::to_string(std::lround(p->walk_m)),
                                      std::to_string(r.activities),
                                      fixed(r.activities_per_1000, 3),
                                      std::to_string(r.places),
                                      fixed(r.places_per_1000, 3),
                                      fixed(r.need, 3),
                                      fixed(r.opportunity, 4)};
    for (int d = 0; d < 7; ++d) cells.push_back(std::to_string(r.by_day[d]));
    for (const auto& t : terms) {
      auto it = r.by_category.find(t.first);
      cells.push_back(std::to_string(it == r.by_category.end() ? 0 : it->second));
    }
    auto pct = other_language_pct(census, r.area.code);
    cells.push_back(pct ? fixed(*pct, 1) : "");
    out += csv_line(cells);
  }
  web::Response res;
  res.content_type = "text/csv; charset=utf-8";
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"kith-gaps-" + p->authority.code + ".csv\"");
  res.body = out;
  return res;
}

web::Response gaps_geojson(Ctx& ctx, IndexCache& cache) {
  auto p = read_params(ctx);
  if (!p) return web::problem_response(p.error(), ctx.req.path);
  auto rows = analyse(ctx, cache, *p);
  auto limits = band_limits(rows);
  areas::AreaStore store(ctx.db);
  auto geometry = areas::lsoa_geometry(store, p->authority.code);
  std::vector<areas::Feature> features;
  for (const auto& r : rows) {
    auto g = geometry.find(r.area.code);
    features.push_back({r.area.code,
                        g != geometry.end() ? g->second : areas::point_geometry(r.area.lon, r.area.lat),
                        {{"rank", r.rank},
                         {"name", r.area.name},
                         {"population", std::llround(r.area.population)},
                         {"imd_decile", r.area.imd_decile ? Json(*r.area.imd_decile) : Json(nullptr)},
                         {"activities", r.activities},
                         {"activities_per_1000", std::round(r.activities_per_1000 * 1000) / 1000},
                         {"meeting_places", r.places},
                         {"opportunity", std::round(r.opportunity * 10000) / 10000},
                         {"band", provision_band(r.activities_per_1000, limits)}}});
  }
  web::Response res;
  res.content_type = "application/geo+json";
  res.body = areas::feature_collection(features);
  return res;
}

}  // namespace

void install_gap_routes(web::Server& server, const std::shared_ptr<IndexCache>& cache) {
  auto& r = server.router();
  r.page("/directory/gaps", "directory/gaps", Access::anyone(), [cache](Ctx& ctx) { return gaps_page(ctx, *cache); });
  r.raw(
      "GET", "/directory/gaps.csv", Access::anyone(), [cache](Ctx& ctx) { return gaps_csv(ctx, *cache); }, true);
  r.raw(
      "GET", "/directory/gaps.geojson", Access::anyone(), [cache](Ctx& ctx) { return gaps_geojson(ctx, *cache); },
      true);
}

}  // namespace kith::directory
