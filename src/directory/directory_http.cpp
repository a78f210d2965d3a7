// Pages for residents: search the directory by words, postcode and distance,
// category, day, age and cost; one page per service. Thin: the query is read by
// directory.cpp, found by the store and shaped here.
#include "directory/directory_http.h"

#include <algorithm>
#include <cmath>

#include "areas/area_store.h"
#include "core/clock.h"
#include "core/text.h"
#include "directory/directory_store.h"
#include "directory/gaps_http.h"
#include "directory/import_http.h"
#include "directory/index_cache.h"
#include "directory/moderation_http.h"
#include "directory/oruk_http.h"
#include "directory/present.h"
#include "directory/venues_http.h"
#include "i18n/request.h"
#include "i18n/speaking.h"
#include "outcomes/outcome_store.h"
#include "outcomes/outcomes.h"
#include "store/settings.h"
#include "web/problems.h"

namespace kith::directory {

namespace {

// A listing's own words marked with the language they are written in (English for a
// feed's), whatever the page around them is in.
Json written_in(Json item, const std::string& language) {
  item["language"] = language.empty() ? "en" : language;
  item["dir"] = i18n::direction_of(item["language"].get<std::string>());
  return item;
}

using web::Access;
using web::Ctx;

constexpr int kPerPage = 20;

// The page's "time of day" as the API's start_time and end_time.
struct TimeOfDay {
  const char* value;
  const char* text;
  const char* start;
  const char* end;
};
const std::vector<TimeOfDay>& time_table() {
  static const std::vector<TimeOfDay> all = {{"", i18n::msg("Any time"), "", ""},
                                             {"morning", i18n::msg("Morning (finishes by 12pm)"), "", "12:00"},
                                             {"afternoon", i18n::msg("Afternoon (12pm to 5pm)"), "12:00", "17:00"},
                                             {"evening", i18n::msg("Evening (starts 5pm or later)"), "17:00", ""}};
  return all;
}
std::vector<std::pair<std::string, std::string>> times_of_day() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& t : time_table()) out.emplace_back(t.value, t.text);
  return out;
}

// The terms people can choose from: every term some service uses.
Json category_options(store::Db& db, const std::string& selected) {
  Json out = Json::array();
  // A category named as a message Kith knows (the demo's) is said in the page's
  // language; a feed's own names stay as the feed wrote them.
  for (const auto& [id, name] : DirectoryStore(db).service_terms())
    out.push_back({{"value", id}, {"text", i18n::tr(name)}, {"selected", id == selected}});
  return out;
}

Json access_options(const std::string& selected) {
  Json out = Json::array();
  auto chosen = split(selected, ',');
  for (const auto& f : access_feature_list())
    out.push_back({{"value", f.id},
                   {"text", i18n::tr(f.label)},
                   {"checked", std::find(chosen.begin(), chosen.end(), f.id) != chosen.end()}});
  return out;
}

std::string query_string(const Ctx& ctx, const std::map<std::string, std::string>& changes,
                         const std::string& path = "/directory") {
  std::map<std::string, std::string> q;
  for (const char* k : {"search", "postcode", "proximity", "taxonomy_term_id", "day", "time", "age", "free", "access"})
    if (std::string v = std::string(k) == "access" ? ctx.req.query_list(k) : ctx.req.query_param(k); !v.empty())
      q[k] = v;
  for (const auto& [k, v] : changes) {
    if (v.empty())
      q.erase(k);
    else
      q[k] = v;
  }
  std::string out;
  for (const auto& [k, v] : q) out += (out.empty() ? "?" : "&") + k + "=" + url_encode(v);
  return path + out;
}

// The resident's search as the query string gives it: the distance defaults to a
// mile once a postcode is given.
struct Search {
  ServiceQuery query;
  std::optional<geo::Point> centre;
  std::string lsoa_code;  // the postcode's
  std::optional<areas::PostcodeHit> postcode;
};

// The distance asked for: a mile unless chosen. The page's form always sends its
// distance, which means nothing without a postcode; the API refuses one alone.
std::string proximity_param(const Ctx& ctx, bool form) {
  std::string proximity = ctx.req.query_param("proximity");
  bool has_postcode = !ctx.req.query_param("postcode").empty();
  if (form && !has_postcode) return "";
  if (proximity.empty() && has_postcode) proximity = "1609";
  return proximity;
}

Result<Search> read_search(Ctx& ctx, int per_page, bool form) {
  std::string proximity = proximity_param(ctx, form);
  const TimeOfDay* time = nullptr;
  for (const auto& t : time_table())
    if (ctx.req.query_param("time") == t.value) time = &t;
  if (!time)
    return Error::validation(
        {{"time", "time must be morning, afternoon or evening, not \"" + ctx.req.query_param("time") + "\""}});
  auto q = parse_service_query([&](const std::string& n) {
    if (n == "per_page") return std::to_string(per_page);
    if (n == "start_time" && *time->start) return std::string(time->start);
    if (n == "end_time" && *time->end) return std::string(time->end);
    if (n == "access") return ctx.req.query_list("access");
    return n == "proximity" ? proximity : ctx.req.query_param(n);
  });
  if (!q) return q.error();
  Search out{*q, std::nullopt, "", std::nullopt};
  if (q->postcode) {
    auto hit = locate_postcode(
        ctx.db, *q->postcode,
        i18n::msg("We do not know the postcode {postcode}. Check it, or leave it out to search everywhere"));
    if (!hit) return hit.error();
    out.centre = geo::Point{hit->lon, hit->lat};
    out.lsoa_code = hit->lsoa_code;
    out.postcode = *hit;
  }
  return out;
}

// The API's wording names the parameter; the page says it as the page did. The form
// offers lists for most: an answer that is not one of them (an address typed by
// hand, an old link) is put in the form's words.
Error in_form_words(Error e, const std::string& page) {
  static const std::vector<std::pair<std::string, const char*>> choose = {
      {"proximity", i18n::msg("Choose how far from the postcode to search")},
      {"time", i18n::msg("Choose a time of day from the list")},
      {"day", i18n::msg("Choose a day from the list")},
      {"start_time", i18n::msg("Choose a time of day from the list")},
      {"end_time", i18n::msg("Choose a time of day from the list")},
      {"access", i18n::msg("Choose what access you need from the list")}};
  for (auto& f : e.fields)
    for (const auto& [field, words] : choose)
      if (f.field == field) f.message = i18n::tr(words);
  for (auto& f : e.fields)
    if (f.field == "page") f.message = i18n::tr("There is no page {page} of these results", {{"page", page}});
  return e;
}

// Which area the postcode searched near is in, saying so where that is only probable.
// A postcode outside the place Kith serves here (its authorities) is said to be, so
// an empty search there is not taken for "nothing near you".
Json near_json(store::Db& db, const areas::PostcodeHit& hit) {
  Json near = {{"postcode", hit.postcode}, {"lsoa_code", hit.lsoa_code}, {"uncertain", hit.uncertain}};
  areas::AreaStore areas(db);
  if (auto lsoa = areas.get(hit.lsoa_code)) {
    near["area"] = areas::label(*lsoa);
    near["where"] = areas::postcode_place_text(areas::label(*lsoa), hit.uncertain);
    near["where_sentence"] = areas::postcode_place_sentence(hit.postcode, areas::label(*lsoa), hit.uncertain);
    const Json place = store::get_setting(db, "place.authorities", Json::array());
    bool inside = !place.is_array() || place.empty();
    std::vector<std::string> names;
    for (const auto& code : place)
      if (code.is_string()) {
        inside = inside || code.get<std::string>() == lsoa->authority_code;
        if (auto a = areas.get(code.get<std::string>())) names.push_back(a->name);
      }
    if (!inside) {
      std::string list = names.empty() ? i18n::tr("its own place") : names.back();
      if (names.size() > 1)
        list = i18n::tr("{list} and {last}",
                        {{"list", join({names.begin(), names.end() - 1}, ", ")}, {"last", names.back()}});
      near["outside"] = i18n::tr(
          "This directory lists activities in {places}. {postcode} is outside them, so little or nothing near it may "
          "be listed here.",
          {{"places", list}, {"postcode", hit.postcode}});
    }
  }
  return near;
}

Result<Json> search_page(Ctx& ctx, IndexCache& cache) {
  Json data = {
      {"title", "Find activities, groups and help near you"},
      {"breadcrumbs", Json::array({{{"name", "Home"}, {"href", "/"}}})},
      {"values",
       {{"search", ctx.req.query_param("search")},
        {"postcode", ctx.req.query_param("postcode")},
        {"age", ctx.req.query_param("age")},
        {"free", ctx.req.query_param("free") == "yes"}}},
      {"access_options", access_options(ctx.req.query_list("access"))},
      {"categories", category_options(ctx.db, ctx.req.query_param("taxonomy_term_id"))},
      {"days", options({{"", i18n::msg("Any day")},
                        {"MO", i18n::msg("Monday")},
                        {"TU", i18n::msg("Tuesday")},
                        {"WE", i18n::msg("Wednesday")},
                        {"TH", i18n::msg("Thursday")},
                        {"FR", i18n::msg("Friday")},
                        {"SA", i18n::msg("Saturday")},
                        {"SU", i18n::msg("Sunday")}},
                       ctx.req.query_param("day"))},
      {"times", options(times_of_day(), ctx.req.query_param("time"))},
      {"distances",
       options(distances(), ctx.req.query_param("proximity").empty() ? "1609" : ctx.req.query_param("proximity"))},
      // Where listings taken from open data came from, as their licences ask.
      {"credits", store::get_setting(ctx.db, "directory.credits", Json::array())}};
  data["has_credits"] = data["credits"].is_array() && !data["credits"].empty();
  auto search = read_search(ctx, kPerPage, true);
  if (!search) {
    if (ctx.is_api) return search.error();
    web::add_error_view(data, in_form_words(search.error(), ctx.req.query_param("page")));
    return data;
  }
  const ServiceQuery* q = &search->query;
  const auto& centre = search->centre;
  DirectoryStore store(ctx.db);
  auto index = cache.get(ctx.db);
  auto found = index->search(*q, centre);
  if (search->postcode) data["near"] = near_json(ctx.db, *search->postcode);
  if (centre && found.total > 0)
    data["map"] = {{"geojson", query_string(ctx, {{"page", ""}}, "/directory/places")},
                   {"label", i18n::tr("Map of the results")}};
  Json results = Json::array();
  std::vector<std::string> ids;
  for (const auto& hit : found.hits) ids.push_back(index->id(hit.doc));
  auto languages = store.languages_of(ids);
  for (const auto& hit : found.hits) {
    auto s = store.document(service_summary(), index->id(hit.doc));
    if (!s) continue;  // gone since the index was built
    // The place shown: the nearest to the postcode, else the first.
    Json location = Json::object();
    std::string place_id = index->place_count(hit.doc) ? index->place_id(hit.doc, hit.place) : "";
    for (const auto& sal : s->value("service_at_locations", Json::array())) {
      const Json& loc = sal.value("location", Json::object());
      if (location.empty() || text_of(loc, "id") == place_id) location = loc;
    }
    Json item = {{"name", text_of(*s, "name")},
                 {"href", "/directory/services/" + text_of(*s, "id")},
                 {"organisation", s->contains("organization") ? text_of((*s)["organization"], "name") : ""},
                 {"summary", summary(text_of(*s, "description"))},
                 {"when", when_text(*s)},
                 {"where", address_text(location)},
                 {"cost", cost_text(*s)}};
    if (hit.distance_m) item["distance"] = distance_text(*hit.distance_m);
    results.push_back(written_in(std::move(item), languages[text_of(*s, "id")]));
  }
  if (past_the_end(found.total, q->page, kPerPage)) {
    Error e = Error::validation(
        {{"page", i18n::tr("There is no page {page} of these results", {{"page", std::to_string(q->page)}})}});
    if (ctx.is_api) return e;
    web::add_error_view(data, e);
  }
  bool searched = !ctx.req.query.empty();
  std::int64_t pages = (found.total + kPerPage - 1) / kPerPage;
  data["searched"] = searched;
  data["results"] = results;
  data["total"] = found.total;
  data["count_text"] = count_of(found.total, "result");
  if (q->page > 1) data["previous"] = query_string(ctx, {{"page", std::to_string(q->page - 1)}});
  if (q->page < pages) data["next"] = query_string(ctx, {{"page", std::to_string(q->page + 1)}});
  if (pages > 1)
    data["page_text"] =
        i18n::tr("Page {page} of {pages}", {{"page", std::to_string(q->page)}, {"pages", std::to_string(pages)}});
  if (searched && found.total == 0) {
    // Help the person on rather than leaving them at a dead end.
    Json help = Json::array();
    if (q->proximity_m && *q->proximity_m < 16093)
      help.push_back({{"text", i18n::tr("Search a wider distance (10 miles)")},
                      {"href", query_string(ctx, {{"proximity", "16093"}, {"page", ""}})}});
    if (!q->taxonomy_term_id.empty()) {
      // Other categories that have something for the same search, most first.
      std::vector<std::pair<std::int64_t, Json>> related;
      for (const auto& c : data["categories"]) {
        ServiceQuery other = *q;
        other.taxonomy_term_id = c["value"];
        if (other.taxonomy_term_id == q->taxonomy_term_id) continue;
        if (auto n = index->count(other, centre); n > 0)
          related.emplace_back(
              n, Json{{"text", i18n::tr_plural(n, "Search {category} instead ({n} result)",
                                               "Search {category} instead ({n} results)",
                                               {{"category", c["text"].get<std::string>()}})},
                      {"href", query_string(ctx, {{"taxonomy_term_id", other.taxonomy_term_id}, {"page", ""}})}});
      }
      std::stable_sort(related.begin(), related.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
      for (std::size_t i = 0; i < related.size() && i < 3; ++i) help.push_back(related[i].second);
      help.push_back({{"text", i18n::tr("Search every category")},
                      {"href", query_string(ctx, {{"taxonomy_term_id", ""}, {"page", ""}})}});
    }
    if (!q->day.empty() || !ctx.req.query_param("time").empty())
      help.push_back({{"text", i18n::tr("Search any day and time")},
                      {"href", query_string(ctx, {{"day", ""}, {"time", ""}, {"page", ""}})}});
    if (q->access)
      help.push_back({{"text", i18n::tr("Search without the access needs")},
                      {"href", query_string(ctx, {{"access", ""}, {"page", ""}})}});
    if (q->age || q->free_only)
      help.push_back({{"text", i18n::tr("Search without the age and cost filters")},
                      {"href", query_string(ctx, {{"age", ""}, {"free", ""}, {"page", ""}})}});
    if (!q->words.empty())
      help.push_back({{"text", i18n::tr("Search without the words")},
                      {"href", query_string(ctx, {{"search", ""}, {"page", ""}})}});
    data["has_help"] = !help.empty();
    data["no_results_help"] = help;
  }
  return data;
}

// The places of a postcode search's results (up to 500), as GeoJSON points for the map.
web::Response places_geojson(Ctx& ctx, IndexCache& cache) {
  auto search = read_search(ctx, 500, true);
  if (!search) return web::problem_response(search.error(), ctx.req.path);
  Json features = Json::array();
  if (search->centre) {
    features = ward_boundaries(ctx.db, search->lsoa_code);
    search->query.page = 1;
    auto index = cache.get(ctx.db);
    for (const auto& hit : index->search(search->query, search->centre).hits) {
      if (!hit.distance_m) continue;
      geo::Point p = index->place(hit.doc, hit.place);
      features.push_back(
          {{"type", "Feature"},
           {"geometry", {{"type", "Point"}, {"coordinates", {p.lon, p.lat}}}},
           {"properties", {{"name", index->name(hit.doc)}, {"href", "/directory/services/" + index->id(hit.doc)}}}});
    }
  }
  web::Response r;
  r.content_type = "application/geo+json";
  r.body = Json{{"type", "FeatureCollection"}, {"features", features}}.dump();
  return r;
}

// The search as data, straight from the index: ids, names, distances and places.
// For other programs (and the benchmark); the page adds each result's details.
web::Response search_json(Ctx& ctx, IndexCache& cache) {
  auto search = read_search(ctx, kPerPage, false);
  if (!search) return web::problem_response(search.error(), ctx.req.path);
  const ServiceQuery& q = search->query;
  auto index = cache.get(ctx.db);
  auto found = index->search(q, search->centre);
  if (past_the_end(found.total, q.page, q.per_page))
    return web::problem_response(
        Error::validation({{"page", "page " + std::to_string(q.page) + " is past the last page of results"}}),
        ctx.req.path);
  // Written out directly, with page_json's keys in its (sorted) order: at a million
  // services, building the answer as json values cost a fifth of the server's time.
  std::string out;
  out.reserve(4096);
  out += "{\"contents\":[";
  for (const auto& hit : found.hits) {
    if (out.back() != '[') out += ',';
    out += '{';
    if (hit.distance_m) {
      out += "\"distance_m\":";
      append_json_number(out, std::round(*hit.distance_m * 10) / 10);
      out += ',';
    }
    out += "\"id\":";
    append_json_string(out, index->id(hit.doc));
    if (index->place_count(hit.doc)) {
      geo::Point p = index->place(hit.doc, hit.place);
      out += ",\"latitude\":";
      append_json_number(out, p.lat);
      out += ",\"location_id\":";
      append_json_string(out, index->place_id(hit.doc, hit.place));
      out += ",\"longitude\":";
      append_json_number(out, p.lon);
    }
    out += ",\"name\":";
    append_json_string(out, index->name(hit.doc));
    out += '}';
  }
  Json page = page_json(found.total, q.page, q.per_page, Json::array());
  page["size"] = found.hits.size();
  page["empty"] = found.hits.empty();
  page.erase("contents");
  if (search->postcode) page["near"] = near_json(ctx.db, *search->postcode);
  // The rest of the keys come after "contents" in sorted order: the object without its braces.
  std::string rest = page.dump();
  out += "],";
  out.append(rest, 1, rest.size() - 1);
  web::Response r;
  r.content_type = "application/json";
  r.body = std::move(out);
  return r;
}

Result<Json> service_page(Ctx& ctx, const app::RecordSections& sections) {
  DirectoryStore store(ctx.db);
  auto s = store.document(service_full(), ctx.param("id"));
  if (!s) return Error::not_found(i18n::tr("There is no service with the id {id}.", {{"id", ctx.param("id")}}));
  auto row = store.row("service", ctx.param("id"));
  Json places = Json::array();
  for (const auto& sal : s->value("service_at_locations", Json::array())) {
    Json loc = sal.value("location", Json::object());
    auto loc_row = store.row("location", text_of(loc, "id"));
    Json p = {{"address", address_text(loc)}};
    std::string lsoa = loc_row ? text_of(*loc_row, "kith_lsoa_code") : "";
    if (!lsoa.empty()) {
      if (auto area = areas::AreaStore(ctx.db).get(lsoa))
        p["area"] = {{"name", areas::label(*area)}, {"href", "/areas/" + lsoa}};
    }
    if (loc.contains("latitude") && loc.contains("longitude"))
      p["directions"] =
          "https://www.openstreetmap.org/directions?to=" + loc["latitude"].dump() + "%2C" + loc["longitude"].dump();
    p["accessibility"] = access_texts(loc);
    places.push_back(p);
  }
  Json categories = Json::array();
  for (const auto& a : s->value("attributes", Json::array()))
    if (a.contains("taxonomy_term")) categories.push_back(i18n::tr(text_of(a["taxonomy_term"], "name")));
  std::vector<std::string> phones;
  for (const auto& p : s->value("phones", Json::array())) phones.push_back(text_of(p, "number"));
  for (const auto& c : s->value("contacts", Json::array()))
    for (const auto& p : c.value("phones", Json::array())) phones.push_back(text_of(p, "number"));
  std::string checked = row ? text_of(*row, "kith_checked_at") : "";
  if (checked.empty()) checked = text_of(*s, "assured_date");
  if (checked.empty()) checked = text_of(*s, "last_modified").substr(0, 10);
  Json data = {{"title", text_of(*s, "name")},
               {"breadcrumbs",
                Json::array({{{"name", "Home"}, {"href", "/"}}, {{"name", "Directory"}, {"href", "/directory"}}})},
               {"service",
                {{"name", text_of(*s, "name")},
                 {"id", text_of(*s, "id")},
                 {"organisation", s->contains("organization") ? text_of((*s)["organization"], "name") : ""},
                 {"organisation_href",
                  s->contains("organization") ? "/directory/organisations/" + text_of((*s)["organization"], "id") : ""},
                 {"description", strip_html(text_of(*s, "description"))},
                 {"when", when_text(*s)},
                 {"ages", ages_text(*s)},
                 {"cost", cost_text(*s)},
                 // Only an http(s) address becomes a link, whatever a feed or an old record holds.
                 {"url", is_web_address(text_of(*s, "url")) ? text_of(*s, "url") : ""},
                 {"email", text_of(*s, "email")},
                 {"phones", join(phones, ", ")},
                 {"categories", join(std::vector<std::string>(categories.begin(), categories.end()), ", ")},
                 {"checked", checked},
                 {"checked_text", date_in_words(checked)},
                 {"source", row ? text_of(*row, "kith_source") : ""},
                 {"places", places}}},
               {"oruk_href", "/oruk/services/" + text_of(*s, "id")}};
  data["service"] = written_in(data["service"], row ? text_of(*row, "kith_language") : "");
  if (std::any_of(places.begin(), places.end(), [](const Json& p) { return p.contains("directions"); }))
    data["map"] = {{"geojson", "/api/v1/directory/services/" + text_of(*s, "id") + "/map"},
                   {"label", i18n::tr("Map of where {name} happens", {{"name", text_of(*s, "name")}})}};
  data["sections"] = app::record_sections(sections, "service", ctx.db, ctx.param("id"));
  std::vector<std::string> tagged;
  Json served = Json::array();
  for (const auto& o : outcomes::OutcomeStore(ctx.db).tags("service", ctx.param("id"))) {
    tagged.push_back(o.slug);
    served.push_back(o.name);
  }
  data["service"]["has_outcomes"] = !served.empty();
  data["service"]["outcomes"] = served;
  if (ctx.user && ctx.user->has_any({"moderator", "admin"}))
    data["tag_outcomes"] = {{"action", "/moderate/directory/services/" + url_encode(ctx.param("id")) + "/outcomes"},
                            {"choices", outcomes::choices(ctx.db, tagged)}};
  return data;
}

Result<Json> organisation_page(Ctx& ctx, const app::RecordSections& sections) {
  DirectoryStore store(ctx.db);
  auto o = store.row("organization", ctx.param("id"));
  if (!o) return Error::not_found(i18n::tr("There is no organisation with the id {id}.", {{"id", ctx.param("id")}}));
  Json services = Json::array();
  for (const auto& s : store.rows_where("service", "organization_id", ctx.param("id")))
    services.push_back(written_in({{"name", text_of(s, "name")},
                                   {"href", "/directory/services/" + text_of(s, "id")},
                                   {"summary", summary(text_of(s, "description"))}},
                                  text_of(s, "kith_language")));
  std::sort(services.begin(), services.end(),
            [](const Json& a, const Json& b) { return text_of(a, "name") < text_of(b, "name"); });
  std::string description = strip_html(text_of(*o, "description"));
  return Json{{"title", text_of(*o, "name")},
              {"breadcrumbs",
               Json::array({{{"name", "Home"}, {"href", "/"}}, {{"name", "Directory"}, {"href", "/directory"}}})},
              {"organisation",
               {{"name", text_of(*o, "name")},
                {"description", description == text_of(*o, "name") ? "" : description},
                {"website", is_web_address(text_of(*o, "website")) ? text_of(*o, "website") : ""},
                {"email", text_of(*o, "email")}}},
              {"services", services},
              {"services_heading", services.size() == 1 ? i18n::tr("What they run")
                                                        : i18n::tr("What they run ({count})",
                                                                   {{"count", std::to_string(services.size())}})},
              {"oruk_href", "/oruk/organizations/" + ctx.param("id")},
              {"sections", app::record_sections(sections, "organisation", ctx.db, ctx.param("id"))}};
}

}  // namespace

void install_routes(web::Server& server, const std::shared_ptr<IndexCache>& cache,
                    const app::RecordSections& sections) {
  auto& r = server.router();
  r.page("/directory", "directory/search", Access::anyone(), [cache](Ctx& ctx) { return search_page(ctx, *cache); });
  r.raw(
      "GET", "/directory/search", Access::anyone(), [cache](Ctx& ctx) { return search_json(ctx, *cache); }, true);
  r.page("/directory/services/{id}", "directory/service", Access::anyone(),
         [sections](Ctx& ctx) { return service_page(ctx, sections); });
  r.raw("GET", "/directory/places", Access::anyone(), [cache](Ctx& ctx) { return places_geojson(ctx, *cache); });
  r.page("/directory/organisations/{id}", "directory/organisation", Access::anyone(),
         [sections](Ctx& ctx) { return organisation_page(ctx, sections); });
  server.add_nav({"Directory", "/directory", Access::anyone(), false});
  install_gap_routes(server, cache);
  install_venue_routes(server, cache);
  install_moderation_routes(server);
  install_import_routes(server);
  install_oruk_routes(server);
}

}  // namespace kith::directory
