// The Open Referral UK API (HSDS-UK-3.0) at /oruk: public, no key, CORS open, the
// paths, paging and filters of the profile's openapi30.json.
#include "directory/oruk_http.h"

#include "areas/area_store.h"
#include "directory/directory_store.h"
#include "web/problems.h"

namespace kith::directory {

namespace {

using web::Access;
using web::Ctx;
using web::Response;

constexpr const char* kRoot = "/oruk";

Response json(const Json& body, int status = 200) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = body.dump();
  r.headers.emplace_back("Access-Control-Allow-Origin", "*");
  return r;
}

Response problem(const Error& e, const Ctx& ctx) {
  Response r = web::problem_response(e, ctx.req.path);
  r.headers.emplace_back("Access-Control-Allow-Origin", "*");
  return r;
}

std::function<std::string(const std::string&)> query(const Ctx& ctx) {
  return [&ctx](const std::string& name) { return ctx.req.query_param(name); };
}

Error past_end(std::int64_t total, int per_page) {
  std::int64_t pages = (total + per_page - 1) / per_page;
  return Error::validation({{"page", "page is past the last page (" + std::to_string(pages) + ")"}});
}

Response root(Ctx& ctx) {
  (void)ctx;
  return json({{"version", "HSDS-UK-3.0"},
               {"profile", "https://openreferraluk.org/"},
               {"openapi_url",
                "https://raw.githubusercontent.com/OpenReferralUK/uk-profile/main/docs/extras/"
                "openapi30.json"}});
}

// A page of services or service_at_locations matching the filters.
Response search(Ctx& ctx, bool at_locations) {
  auto q = parse_service_query(query(ctx));
  if (!q) return problem(q.error(), ctx);
  std::optional<Centre> centre;
  if (q->postcode) {
    auto hit = areas::AreaStore(ctx.db).postcode(*q->postcode);
    if (!hit)
      return problem(
          Error::validation({{"postcode", "The postcode " + areas::display_postcode(*q->postcode) + " was not found"}}),
          ctx);
    centre = Centre{hit->lat, hit->lon};
  }
  DirectoryStore store(ctx.db);
  auto found = store.services(*q, centre, at_locations);
  if (past_the_end(found.total, q->page, q->per_page)) return problem(past_end(found.total, q->per_page), ctx);
  const Shape& shape = at_locations ? service_at_location_list_item() : service_list_item();
  Json contents = Json::array();
  for (const auto& r : found.rows) contents.push_back(assemble(shape, r, store.source()));
  return json(page_json(found.total, q->page, q->per_page, contents));
}

Response list(Ctx& ctx, const std::string& table, const Shape& shape) {
  auto paging = parse_paging(query(ctx));
  if (!paging) return problem(paging.error(), ctx);
  auto [page, per_page] = *paging;
  DirectoryStore store(ctx.db);
  auto found = store.list(table, page, per_page);
  if (past_the_end(found.total, page, per_page)) return problem(past_end(found.total, per_page), ctx);
  Json contents = Json::array();
  for (const auto& r : found.rows) contents.push_back(assemble(shape, r, store.source()));
  return json(page_json(found.total, page, per_page, contents));
}

Response one(Ctx& ctx, const Shape& shape, const std::string& what) {
  auto doc = DirectoryStore(ctx.db).document(shape, ctx.param("id"));
  if (!doc) return problem(Error::not_found("There is no " + what + " with the id " + ctx.param("id") + "."), ctx);
  return json(*doc);
}

}  // namespace

void install_oruk_routes(web::Server& server) {
  auto& r = server.router();
  auto route = [&](const std::string& path, web::RawFn fn) {
    r.raw("GET", std::string(kRoot) + path, Access::anyone(), std::move(fn));
  };
  route("", root);
  route("/services", [](Ctx& c) { return search(c, false); });
  route("/services/{id}", [](Ctx& c) { return one(c, service_full(), "service"); });
  route("/service_at_locations", [](Ctx& c) { return search(c, true); });
  route("/service_at_locations/{id}",
        [](Ctx& c) { return one(c, service_at_location_full(), "service at a location"); });
  route("/organizations", [](Ctx& c) { return list(c, "organization", organization_list_item()); });
  route("/organizations/{id}", [](Ctx& c) { return one(c, organization_full(), "organisation"); });
  route("/taxonomies", [](Ctx& c) { return list(c, "taxonomy", taxonomy_shape()); });
  route("/taxonomies/{id}", [](Ctx& c) { return one(c, taxonomy_shape(), "taxonomy"); });
  route("/taxonomy_terms", [](Ctx& c) { return list(c, "taxonomy_term", taxonomy_term_shape()); });
  route("/taxonomy_terms/{id}", [](Ctx& c) { return one(c, taxonomy_term_shape(), "taxonomy term"); });
}

}  // namespace kith::directory
