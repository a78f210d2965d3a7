// Places to meet (Sheffield's map of "all the places where people can meet"): the
// venues in the directory and what happens in each, near a postcode or A to Z; and
// the map data for a service's page. Thin: venues come from the search index
// (near a postcode) or the store (A to Z).
#include "directory/venues_http.h"

#include <algorithm>
#include <map>

#include "areas/area_store.h"
#include "core/text.h"
#include "directory/directory_store.h"
#include "directory/present.h"
#include "i18n/speaking.h"
#include "web/problems.h"

namespace kith::directory {

namespace {

using web::Access;
using web::Ctx;

constexpr int kVenuesPerPage = 20;

struct VenueSearch {
  ServiceQuery query;  // postcode, proximity and page only
  std::optional<geo::Point> centre;
  std::string lsoa_code;  // the postcode's
};

Result<VenueSearch> read_venue_search(Ctx& ctx) {
  std::string proximity = ctx.req.query_param("proximity");
  if (proximity.empty() && !ctx.req.query_param("postcode").empty()) proximity = "1609";
  auto q = parse_service_query([&](const std::string& n) {
    if (n == "per_page") return std::to_string(kVenuesPerPage);
    if (n == "proximity") return proximity;
    if (n == "postcode" || n == "page") return ctx.req.query_param(n);
    return std::string();
  });
  if (!q) return q.error();
  VenueSearch out{*q, std::nullopt, ""};
  if (q->postcode) {
    auto hit = locate_postcode(
        ctx.db, *q->postcode,
        i18n::msg("We do not know the postcode {postcode}. Check it, or leave it out to see every place"));
    if (!hit) return hit.error();
    out.centre = geo::Point{hit->lon, hit->lat};
    out.lsoa_code = hit->lsoa_code;
  }
  return out;
}

// One venue for the page: where it is, what it says about access, what happens there.
Json venue_view(DirectoryStore& store, const std::string& location_id, std::optional<double> distance_m) {
  auto loc = store.document(venue_shape(), location_id);
  if (!loc) return nullptr;
  Json activities = Json::array();
  for (const auto& s : store.services_at(location_id))
    activities.push_back({{"name", text_of(s, "name")}, {"href", "/directory/services/" + text_of(s, "id")}});
  Json v = {{"name", text_of(*loc, "name").empty() ? address_text(*loc) : text_of(*loc, "name")},
            {"address", address_text(*loc)},
            {"access", access_texts(*loc)},
            {"activities", activities},
            {"activity_count", count_of(static_cast<std::int64_t>(activities.size()), "activity", "activities")}};
  if (distance_m) v["distance"] = distance_text(*distance_m);
  return v;
}

// Venues near a centre: each place of each service within the distance, grouped by
// location, nearest first.
struct NearVenue {
  std::string location_id;
  double distance_m;
  geo::Point at;
  std::string name;  // of a service there, for the map
};
std::vector<NearVenue> venues_near(const SearchIndex& index, const geo::Point& centre, double radius_m) {
  std::map<std::string, NearVenue> by_id;
  for (const auto& [doc, place] : index.places_within(centre, radius_m)) {
    const std::string& id = index.place_id(doc, place);
    if (id.empty()) continue;
    geo::Point p = index.place(doc, place);
    double d = sphere_distance_m(centre.lat, centre.lon, p.lat, p.lon);
    by_id.try_emplace(id, NearVenue{id, d, p, index.name(doc)});
  }
  std::vector<NearVenue> out;
  out.reserve(by_id.size());
  for (auto& [id, v] : by_id) out.push_back(std::move(v));
  std::sort(out.begin(), out.end(), [](const NearVenue& a, const NearVenue& b) {
    return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.location_id < b.location_id;
  });
  return out;
}

std::string page_link(const Ctx& ctx, int page) {
  std::string q = "?page=" + std::to_string(page);
  for (const char* k : {"postcode", "proximity"})
    if (!ctx.req.query_param(k).empty()) q += std::string("&") + k + "=" + url_encode(ctx.req.query_param(k));
  return "/directory/places-to-meet" + q;
}

Result<Json> places_to_meet_page(Ctx& ctx, IndexCache& cache) {
  Json data = {{"title", "Places to meet"},
               {"breadcrumbs",
                Json::array({{{"name", "Home"}, {"href", "/"}}, {{"name", "Directory"}, {"href", "/directory"}}})},
               {"values", {{"postcode", ctx.req.query_param("postcode")}}}};
  std::string proximity = ctx.req.query_param("proximity");
  data["distances"] = options(distances(), proximity.empty() ? "1609" : proximity);
  auto search = read_venue_search(ctx);
  if (!search) {
    if (ctx.is_api) return search.error();
    web::add_error_view(data, search.error());
    return data;
  }
  const ServiceQuery& q = search->query;
  DirectoryStore store(ctx.db);
  Json venues = Json::array();
  std::int64_t total = 0;
  if (search->centre) {
    auto near = venues_near(*cache.get(ctx.db), *search->centre, *q.proximity_m);
    total = static_cast<std::int64_t>(near.size());
    for (std::size_t i = static_cast<std::size_t>(q.page - 1) * kVenuesPerPage;
         i < near.size() && i < static_cast<std::size_t>(q.page) * kVenuesPerPage; ++i)
      if (auto v = venue_view(store, near[i].location_id, near[i].distance_m); !v.is_null()) venues.push_back(v);
    if (total > 0)
      data["map"] = {
          {"geojson", "/directory/places-to-meet.geojson?postcode=" + url_encode(ctx.req.query_param("postcode")) +
                          "&proximity=" + std::to_string(static_cast<int>(*q.proximity_m))},
          {"label", i18n::tr("Map of the places to meet")}};
  } else {
    auto found = store.venues(q.page, kVenuesPerPage);
    total = found.total;
    for (const auto& row : found.rows)
      if (auto v = venue_view(store, text_of(row, "id"), std::nullopt); !v.is_null()) venues.push_back(v);
  }
  if (past_the_end(total, q.page, kVenuesPerPage))
    return Error::validation(
        {{"page", i18n::tr("There is no page {page} of places", {{"page", std::to_string(q.page)}})}});
  std::int64_t pages = (total + kVenuesPerPage - 1) / kVenuesPerPage;
  data["venues"] = venues;
  data["near"] = search->centre.has_value();
  data["count_text"] = count_of(total, "place");
  if (q.page > 1) data["previous"] = page_link(ctx, q.page - 1);
  if (q.page < pages) data["next"] = page_link(ctx, q.page + 1);
  if (pages > 1)
    data["page_text"] =
        i18n::tr("Page {page} of {pages}", {{"page", std::to_string(q.page)}, {"pages", std::to_string(pages)}});
  if (search->centre && total == 0 && *q.proximity_m < 16093)
    data["wider"] =
        "/directory/places-to-meet?postcode=" + url_encode(ctx.req.query_param("postcode")) + "&proximity=16093";
  return data;
}

web::Response geojson(Json features) {
  web::Response r;
  r.content_type = "application/geo+json";
  r.body = Json{{"type", "FeatureCollection"}, {"features", std::move(features)}}.dump();
  return r;
}

Json point(const geo::Point& p, const std::string& name, const std::string& href) {
  return {{"type", "Feature"},
          {"geometry", {{"type", "Point"}, {"coordinates", {p.lon, p.lat}}}},
          {"properties", {{"name", name}, {"href", href}}}};
}

web::Response places_to_meet_geojson(Ctx& ctx, IndexCache& cache) {
  auto search = read_venue_search(ctx);
  if (!search) return web::problem_response(search.error(), ctx.req.path);
  Json features = Json::array();
  if (search->centre) {
    features = ward_boundaries(ctx.db, search->lsoa_code);
    auto near = venues_near(*cache.get(ctx.db), *search->centre, *search->query.proximity_m);
    for (std::size_t i = 0; i < near.size() && i < 500; ++i)
      features.push_back(point(near[i].at, near[i].name,
                               "/directory/places-to-meet?postcode=" + url_encode(ctx.req.query_param("postcode"))));
  }
  return geojson(features);
}

// A service's places, and the neighbourhoods around the first, for its page's map.
web::Response service_geojson(Ctx& ctx) {
  DirectoryStore store(ctx.db);
  auto s = store.row("service", ctx.param("id"));
  if (!s)
    return web::problem_response(
        Error::not_found(i18n::tr("There is no service with the id {id}.", {{"id", ctx.param("id")}})), ctx.req.path);
  Json features = Json::array();
  Json points = Json::array();
  for (const auto& sal : store.rows_where("service_at_location", "service_id", ctx.param("id"))) {
    auto loc = store.row("location", text_of(sal, "location_id"));
    if (!loc || !(*loc)["latitude"].is_number() || !(*loc)["longitude"].is_number()) continue;
    if (features.empty()) features = ward_boundaries(ctx.db, text_of(*loc, "kith_lsoa_code"));
    points.push_back(point({(*loc)["longitude"].get<double>(), (*loc)["latitude"].get<double>()},
                           text_of(*loc, "name").empty() ? text_of(*s, "name") : text_of(*loc, "name"),
                           "/directory/services/" + ctx.param("id")));
  }
  for (auto& p : points) features.push_back(std::move(p));
  return geojson(features);
}

}  // namespace

Json ward_boundaries(store::Db& db, const std::string& lsoa_code) {
  Json out = Json::array();
  areas::AreaStore areas(db);
  auto lsoa = lsoa_code.empty() ? std::nullopt : areas.get(lsoa_code);
  if (!lsoa || lsoa->parent_code.empty()) return out;
  for (const auto& b : areas.map_boundaries(lsoa->parent_code)) {
    auto g = Json::parse(b.geometry_json, nullptr, false);
    if (g.is_discarded()) continue;
    out.push_back({{"type", "Feature"},
                   {"geometry", g},
                   {"properties", {{"name", b.name}, {"code", b.code}, {"href", "/areas/" + b.code}}}});
  }
  return out;
}

Result<areas::PostcodeHit> locate_postcode(store::Db& db, const std::string& normalised, const char* unknown) {
  auto hit = areas::AreaStore(db).postcode(normalised);
  if (!hit)
    return Error::validation({{"postcode", i18n::tr(unknown, {{"postcode", areas::display_postcode(normalised)}})}});
  return *hit;
}

void install_venue_routes(web::Server& server, const std::shared_ptr<IndexCache>& cache) {
  auto& r = server.router();
  r.page("/directory/places-to-meet", "directory/places_to_meet", Access::anyone(),
         [cache](Ctx& ctx) { return places_to_meet_page(ctx, *cache); });
  r.raw(
      "GET", "/directory/places-to-meet.geojson", Access::anyone(),
      [cache](Ctx& ctx) { return places_to_meet_geojson(ctx, *cache); }, true);
  r.raw("GET", "/directory/services/{id}/map", Access::anyone(), service_geojson, true);
}

}  // namespace kith::directory
