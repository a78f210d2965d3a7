#include "web/server.h"

#include <algorithm>
#include <set>

#include <spdlog/spdlog.h>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/embedded.h"
#include "core/text.h"
#include "i18n/languages.h"
#include "i18n/request.h"
#include "i18n/speaking.h"
#include "store/unavailable.h"
#include "web/observe.h"
#include "web/printable.h"
#include "web/problems.h"

namespace kith::web {

namespace {

// A request's address as a problem's "instance": only when it is text fit to echo back.
std::string instance_of(const Request& req) {
  return req.path.size() <= Limits{}.path_bytes && printable(req.path) ? req.path : "";
}

// Paths read by programs, not people: Kith's API and the Open Referral UK API. Their
// refusals are problem+json even where no route answered (the boundary, a 404, a fault).
bool read_by_programs(const std::string& path) {
  return starts_with(path, "/api/") || path == "/oruk" || starts_with(path, "/oruk/");
}

bool is_write(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

std::string content_type_for(const std::string& path) {
  auto ends = [&](const char* ext) {
    std::string e(ext);
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  if (ends(".woff")) return "font/woff";
  if (ends(".json")) return "application/json";
  return "application/octet-stream";
}

std::string cookie_header(const Cookie& c, bool secure) {
  std::string h = c.name + "=" + c.value + "; Path=/";
  if (c.max_age >= 0) h += "; Max-Age=" + std::to_string(c.max_age);
  if (c.http_only) h += "; HttpOnly";
  if (!c.same_site.empty()) h += "; SameSite=" + c.same_site;
  if (secure) h += "; Secure";
  return h;
}

std::string origin_of(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  auto slash = url.find('/', scheme + 3);
  std::string origin = url.substr(0, slash);
  // Leaflet's {s} subdomain placeholder: allow any subdomain of the host.
  auto brace = origin.find("{s}.");
  if (brace != std::string::npos) origin.replace(brace, 4, "*.");
  return origin;
}

Response json_response(const Json& data, int status = 200) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = data.dump(2, ' ', false, Json::error_handler_t::replace);  // text stored before UTF-8 was checked
  return r;
}

// Only same-site paths may be redirect targets (web::safe_next), so neither ?next=
// nor a handler can send people elsewhere or put a line break in a header.
Response redirect(const std::string& to) {
  Response r;
  r.status = 303;
  r.headers.emplace_back("Location", safe_next_or(to, "/"));
  return r;
}

// Whether a header can be sent as it is: a token name, and no line breaks or other
// control characters in the value. Handlers never build headers from raw input, and
// this makes sure of it.
bool sendable(const std::string& name, const std::string& value) {
  if (name.empty()) return false;
  for (unsigned char c : name)
    if (c <= 0x20 || c >= 0x7f || c == ':') return false;
  for (unsigned char c : value)
    if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
  return true;
}

}  // namespace

Server::Server(store::Database& database, ServerOptions options)
    : database_(database),
      options_(std::move(options)),
      anonymous_budget_(options_.limits.anonymous_writes, options_.limits.anonymous_window_seconds) {
  settings_ = {{"place_name", options_.place_name},
               {"tile_url", options_.tile_url},
               {"tile_attribution", options_.tile_attribution},
               {"public_url", options_.public_url}};
}

std::string Server::asset_url(const std::string& name) {
  const auto* f = embedded::find("static/" + name);
  return "/static/" + name + (f ? "?v=" + std::string(f->hash) : "");
}

std::optional<Response> Server::serve_static(const Request& req) const {
  std::string rel;
  if (starts_with(req.path, "/static/")) {
    rel = req.path.substr(8);
  } else if (starts_with(req.path, "/assets/")) {
    rel = req.path.substr(1);  // govuk-frontend's own references: /assets/images/...
  } else if (req.path == "/favicon.ico") {
    rel = "assets/images/favicon.ico";
  } else {
    return std::nullopt;
  }
  if (rel.find("..") != std::string::npos) return std::nullopt;
  const auto* f = embedded::find("static/" + rel);
  if (!f) return std::nullopt;
  Response r;
  r.content_type = content_type_for(rel);
  std::string etag = "\"" + std::string(f->hash) + "\"";
  r.headers.emplace_back("ETag", etag);
  bool versioned = req.query_param("v") == f->hash;
  r.headers.emplace_back("Cache-Control", versioned ? "public, max-age=31536000, immutable" : "public, max-age=3600");
  if (req.header("if-none-match") == etag) {
    r.status = 304;
    return r;
  }
  r.body = std::string(f->data);
  return r;
}

Response Server::healthz() {
  Json body = {{"status", "ok"},
               {"database", database_.dialect() == store::Dialect::kPostgres ? "postgresql" : "sqlite"}};
  try {
    auto db = database_.acquire();
    db->scalar("SELECT 1");
    body["schema_version"] = db->scalar("SELECT MAX(version) FROM schema_migrations");
    if (!ready()) {  // warming up (app/warm.h): no visitors yet
      body["status"] = "starting";
      return json_response(body, 503);
    }
  } catch (const std::exception& e) {
    spdlog::error("healthz: {}", e.what());
    body["status"] = "unavailable";
    Response r = json_response(body, 503);
    r.headers.emplace_back("Retry-After", "5");
    return r;
  }
  return json_response(body);
}

namespace {

using i18n::kLanguageCookie;
using i18n::language_of;

// The language switcher: this page in each language (its other query parameters kept).
// The pages of signing up, in and back in, where "back here" after signing in means nothing.
bool auth_page(const std::string& path) {
  for (const char* p : {"/sign-in", "/sign-up", "/password/", "/verify"})
    if (path.rfind(p, 0) == 0) return true;
  return false;
}

Json language_links(const Request& req, const i18n::Language& current) {
  std::string path;
  for (const auto& segment : split(req.path, '/'))
    path += (path.empty() && segment.empty() ? "" : "/") + url_encode(segment);
  if (path.empty()) path = "/";
  std::string query;
  for (const auto& [k, v] : req.query) {
    if (k == "lang") continue;
    // Where to go next passes on only when it is a place on this site (safe_next).
    if (k == "next" && safe_next(v) != std::optional<std::string>(v)) continue;
    query += url_encode(k) + "=" + url_encode(v) + "&";
  }
  // An address too long to follow again (the page refusing it) switches on the home page.
  if (path.size() + query.size() > 2000) {
    path = "/";
    query.clear();
  }
  Json out = Json::array();
  for (const auto& l : i18n::Languages::embedded().all())
    out.push_back({{"code", l->code},
                   {"name", l->name},
                   {"dir", l->right_to_left ? "rtl" : "ltr"},
                   {"href", path + "?" + query + "lang=" + l->code},
                   {"current", l->code == current.code}});
  return out;
}

// Whether a ?lang= was chosen here (a language link on this site, or an address typed)
// rather than by a link from another site, even a sibling one (Sec-Fetch-Site, where the
// browser sends it).
bool language_chosen_here(const Request& req) {
  const std::string from = req.header("sec-fetch-site");
  return from.empty() || from == "same-origin" || from == "none";
}

// A page rendered in the request's language; a language asked for by ?lang= is kept
// in a cookie for a year (a council's Welsh site may link to Kith in Welsh), and the
// response says which language it is in.
void speak(const Request& req, const i18n::Language& language, Response& r, bool secure) {
  r.headers.emplace_back("Content-Language", i18n::content_language(language));
  if (!req.query_param("lang").empty() && i18n::primary_tag(req.query_param("lang")) == language.code)
    r.headers.emplace_back("Set-Cookie",
                           cookie_header({kLanguageCookie, language.code, 365 * 24 * 3600, true, "Lax"}, secure));
}

}  // namespace

std::string Server::role_names(const std::vector<std::string>& roles) const {
  std::vector<std::string> named;
  for (const auto& role : roles) {
    auto label = role_labels_.find(role);
    named.push_back(i18n::tr(label == role_labels_.end() ? role : label->second));
  }
  return join(named, ", ");
}

Json Server::layout(const Request& req, const Principal* user, const std::string& csrf) const {
  auto language = i18n::speaking();
  const i18n::Catalogue* catalogue = language->catalogue.get();
  Json nav = Json::array();
  Json admin_nav = Json::array();
  for (const auto& item : nav_) {
    bool allowed = item.access.is_public() || (user && (item.access.roles.empty() || user->has_any(item.access.roles)));
    if (!allowed) continue;
    bool current = item.href == "/" ? req.path == "/" : starts_with(req.path, item.href);
    (item.admin ? admin_nav : nav)
        .push_back({{"label", i18n::translate(catalogue, item.label)}, {"href", item.href}, {"current", current}});
  }
  // Someone with more than two staff tools (an admin has a dozen) finds them on one
  // page, /tools, behind one menu item: the menu stays one row on a desktop.
  Json staff_tools = admin_nav;
  if (admin_nav.size() > 2) {
    bool current = starts_with(req.path, "/tools");
    for (const auto& item : admin_nav) current = current || item["current"].get<bool>();
    admin_nav = Json::array({{{"label", i18n::tr("Staff tools")}, {"href", "/tools"}, {"current", current}}});
  }
  Json out = {{"place_name", options_.place_name},
              {"lang", i18n::content_language(*language)},
              {"dir", language->right_to_left ? "rtl" : "ltr"},
              {"languages", language_links(req, *language)},
              {"csrf_token", csrf},
              {"nav", nav},
              {"admin_nav", admin_nav},
              {"staff_tools", staff_tools},
              {"on_account", req.path == "/account" || starts_with(req.path, "/account/")},
              {"has_staff_tools", !staff_tools.empty()},
              {"path", req.path},
              {"demo", options_.demo},
              // Back here after signing in, unless here is signing up or in itself.
              {"next", url_encode(auth_page(req.path) ? std::string("/account") : req.path)},
              {"tile_url", options_.tile_url},
              {"tile_attribution", options_.tile_attribution},
              {"assets",
               {{"css", asset_url("kith.css")},
                {"init_js", asset_url("init.js")},
                {"govuk_js", asset_url("govuk-frontend.min.js")},
                {"kith_js", asset_url("kith.js")},
                {"leaflet_css", asset_url("leaflet/leaflet.css")},
                {"leaflet_js", asset_url("leaflet/leaflet.js")}}}};
  if (user) {
    Json roles = Json::array();
    for (const auto& r : user->roles) roles.push_back(r);
    out["user"] = {{"id", user->id},
                   {"name", user->name},
                   {"email", user->email},
                   {"roles", roles},
                   {"roles_text", role_names(user->roles)},
                   {"is_demo", user->is_demo}};
  }
  auto flash = req.cookies.find(kFlashCookie);
  if (flash != req.cookies.end() && !flash->second.empty() && valid_utf8(url_decode(flash->second)))
    out["flash"] = i18n::translate(catalogue, url_decode(flash->second));
  return out;
}

// Where an error summary's link for `field` should lead on a rendered form (GOV.UK:
// the input, or a group's first radio or checkbox): the element with that id; else
// the first with that name (an input whose id differs, "round-name"); else the first
// id starting "field-" (the group's first choice, "kinds-school"); else its message;
// else the page's main content.
std::string summary_target(const std::string& html, const std::string& field) {
  if (html.find("id=\"" + field + "\"") != std::string::npos) return field;
  auto named = html.find("name=\"" + field + "\"");
  if (named != std::string::npos) {
    auto open = html.rfind('<', named), close = html.find('>', named);
    auto id = html.find(" id=\"", open);
    if (id != std::string::npos && id < close) return html.substr(id + 5, html.find('"', id + 5) - id - 5);
  }
  for (auto at = html.find("id=\"" + field + "-"); at != std::string::npos;
       at = html.find("id=\"" + field + "-", at + 1)) {
    std::string id = html.substr(at + 4, html.find('"', at + 4) - at - 4);
    if (!id.ends_with("-error") && !id.ends_with("-hint")) return id;
  }
  // No field of the form: its message, or the page (a hand-edited ?page=).
  return html.find("id=\"" + field + "-error\"") != std::string::npos ? field + "-error" : "main-content";
}

void add_error_view(Json& view, const Error& error) {
  // The messages in the page's language, where the catalogue has them (i18n/program.tsv
  // lists the program's), and the title as the page's own error messages say it.
  Json list = Json::array();
  Json by_field = Json::object();
  for (const auto& f : error.fields) {
    std::string said = i18n::tr(f.message);
    list.push_back({{"text", said}, {"href", "#" + f.field}});
    by_field[f.field] = said;
  }
  if (list.empty()) list.push_back({{"text", i18n::tr(error.message)}, {"href", "#main-content"}});
  view["errors"] = list;
  view["error_summary"] = {{"items", list}};
  view["error"] = by_field;
  // GOV.UK's "Error: " goes before the title in the window's title only, not the heading.
  view["title_error"] = i18n::tr("Error:");
}

Response Server::render_page(const Route& route, Ctx& ctx, const Json& data, int status, const std::string& csrf,
                             const Input* submitted, const Error* error) {
  Json view = data;
  view["layout"] = layout(ctx.req, ctx.user, csrf);
  if (ctx.user && count_waiting_)
    if (std::int64_t n = count_waiting_(ctx.db, *ctx.user); n > 0) view["layout"]["waiting"] = thousands(n);
  auto language = i18n::speaking();
  // The program's own words on the page (its title, the breadcrumbs), where the
  // catalogue has them: a title is usually the page's heading, a crumb a menu item.
  if (error) add_error_view(view, *error);
  if (view.contains("title") && view["title"].is_string())
    view["title"] = i18n::translate(language->catalogue.get(), view["title"].get<std::string>());
  if (submitted) {
    // What the form sent wins; the page's other values stay (a refused invitation does
    // not blank the application drawn above it).
    Json echoed = submitted->echo();
    if (view.contains("values") && view["values"].is_object())
      view["values"].update(echoed);
    else
      view["values"] = std::move(echoed);
  }
  if (view.contains("breadcrumbs") && view["breadcrumbs"].is_array() && !view["breadcrumbs"].empty()) {
    for (auto& crumb : view["breadcrumbs"])
      if (crumb.contains("name") && crumb["name"].is_string())
        crumb["name"] = i18n::translate(language->catalogue.get(), crumb["name"].get<std::string>());
    view["breadcrumbs_list"] = {{"items", view["breadcrumbs"]}};
  }
  const Templates& t = Templates::embedded();
  view["content"] = t.render(route.tmpl, view, language->catalogue.get());
  if (view.contains("error_summary")) {
    // Each link in the summary to the field itself, wherever the form put it, and the
    // summary in the order of the fields on the page (GOV.UK's rule), whatever order
    // the checks found them in.
    const auto& content = view["content"].get_ref<const std::string&>();
    auto& items = view["error_summary"]["items"];
    std::vector<std::pair<std::size_t, Json>> placed;
    for (auto& item : items) {
      std::string target = summary_target(content, item["href"].get<std::string>().substr(1));
      item["href"] = "#" + target;
      placed.emplace_back(content.find("id=\"" + target + "\""), std::move(item));
    }
    std::stable_sort(placed.begin(), placed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    items = Json::array();
    for (auto& [at, item] : placed) items.push_back(std::move(item));
  }
  Response r;
  r.status = status;
  r.body = t.render("layout", view, language->catalogue.get());
  speak(ctx.req, *language, r, options_.secure_cookies);
  return r;
}

Response Server::refusal(const Request& head, const Error& error) const {
  std::string accept = to_lower(head.header("accept")), type = to_lower(head.header("content-type"));
  bool browser = !starts_with(head.path, "/api/") && valid_utf8(head.path) &&
                 (accept.find("text/html") != std::string::npos ||
                  starts_with(type, "application/x-www-form-urlencoded") || starts_with(type, "multipart/form-data"));
  Response res = problem_response(error, instance_of(head));
  if (browser) {
    // In the language the request asks for (its cookie or Accept-Language), as any page.
    i18n::Speaking speaking(language_of(head));
    Error shown = error;
    if (error.code == "payload-too-large")
      shown.message = i18n::tr(
          "The file or form you sent is too large: Kith takes up to {mb} MB at once. Go back and choose a smaller "
          "file (split a large spreadsheet into parts, or make a photo smaller), then send it again.",
          {{"mb", std::to_string(options_.limits.body_bytes >> 20)}});
    else if (error.code == "header-too-large")
      shown.message = i18n::tr(
          "Your browser sent too much with the page address (often too many cookies). Clear this site's cookies "
          "and try again.");
    else if (error.code == "bad-request")
      shown.message = i18n::tr("{problem} Go back and try again; if it happens again, try another browser.",
                               {{"problem", i18n::tr(error.message)}});
    try {
      Request plain;
      plain.path = head.path;
      res = error_page(plain, nullptr, "", shown);
    } catch (...) {  // the page could not be made: the problem still says what is wrong
    }
  }
  add_security_headers(res);
  return res;
}

Response Server::error_page(const Request& req, const Principal* user, const std::string& csrf,
                            const Error& error) const {
  const ProblemType& type = problem_type(error.code);
  auto language = i18n::speaking();
  auto said = [&](const std::string& english) { return i18n::translate(language->catalogue.get(), english); };
  Json view = {{"title", said(type.title)},
               {"detail", said(error.message.empty() ? type.title : error.message)},
               {"code", type.code},
               {"is_not_found", type.status == 404},
               // A lacking role; not an expired or cross-site form, nor a record open only to
               // some, each of which says what to do itself.
               {"is_forbidden", type.code == "forbidden"},
               {"is_server_error", type.status >= 500}};
  // What was wrong with each field, as the API says it (a page's bad ?sort= or ?year=),
  // each said once: not again where it is the page's own sentence.
  Json fields = Json::array();
  for (const auto& f : error.fields) {
    // A restricted record says where to break glass, as a link.
    if (f.field == "break_glass" && starts_with(f.message, "/"))
      view["break_glass_href"] = f.message;
    else if (said(f.message) != view["detail"])
      fields.push_back({{"field", f.field}, {"message", said(f.message)}});
  }
  view["has_fields"] = !fields.empty();
  view["fields"] = fields;
  view["layout"] = layout(req, user, csrf);
  // A way back to the part of Kith the missing page was under (saved definitions, a
  // timebank), when the menu has one for this person.
  for (const char* menu : {"nav", "staff_tools"})
    for (const auto& item : view["layout"][menu])
      if (item["current"].get<bool>() && item["href"] != "/") view["section"] = item;
  const Templates& t = Templates::embedded();
  view["content"] = t.render("error", view, language->catalogue.get());
  Response r;
  r.status = type.status;
  r.body = t.render("layout", view, language->catalogue.get());
  speak(req, *language, r, options_.secure_cookies);
  return r;
}

Response Server::internal_error(const Request& req, const Principal* user, const std::string& csrf,
                                const std::exception_ptr& fault) {
  // The request's own id (in every log line about it and its X-Request-Id header).
  std::string id = current_request().id.empty() ? random_token(6) : current_request().id;
  std::string what = "an exception that is not a std::exception";
  try {
    std::rethrow_exception(fault);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
  }
  spdlog::error("{} {} failed (reference {}): {}", req.method, path_for_log(req.path), id, what);
  Error err{"internal-error", "Something went wrong. The reference for this error is " + id + ".", {}};
  if (read_by_programs(req.path) || !valid_utf8(req.path)) return problem_response(err, instance_of(req));
  try {
    Request plain = req;
    plain.query.clear();
    return error_page(plain, user, csrf, err);
  } catch (...) {
    return problem_response(err, instance_of(req));
  }
}

Response Server::dispatch(Request& req, store::Db& db, const Principal* user, const std::string& csrf) {
  Match m = router_.match(req.method, req.path);
  auto fail = [&](const Error& e) {
    return read_by_programs(req.path) ? problem_response(e, req.path) : error_page(req, user, csrf, e);
  };
  if (!m.route) {
    if (m.path_known)
      return fail(Error{"method-not-allowed",
                        i18n::tr("{method} is not allowed on {path}", {{"method", req.method}, {"path", req.path}}),
                        {}});
    return fail(Error::not_found(i18n::tr("There is no page at {path}.", {{"path", req.path}})));
  }
  const Route& route = *m.route;
  current_request().route = m.is_api ? "/api/v1" + route.pattern : route.pattern;
  if (!route.access.is_public()) {
    if (!user) {
      if (m.is_api) return fail(Error{"unauthenticated", i18n::tr("Sign in to use {path}", {{"path", req.path}}), {}});
      return redirect("/sign-in?next=" + url_encode(safe_next_or(req.path, "/")));
    }
    if (!route.access.roles.empty() && !user->has_any(route.access.roles)) {
      return fail(
          Error{"forbidden", i18n::tr("This page is for: {roles}.", {{"roles", role_names(route.access.roles)}}), {}});
    }
  }

  bool write = is_write(req.method);
  // A public form queues work for staff: without signing in, each client may send only
  // so many a while (sign-in and the like count their own attempts).
  const bool anonymous_write = write && !user && !route.csrf_exempt && !route.access.counts_own_attempts;
  if (anonymous_write) {
    if (std::int64_t wait = anonymous_budget_.wait(req.ip, now_seconds()); wait > 0) {
      Response res = fail(Error{"too-many-requests",
                                i18n::tr_plural((wait + 59) / 60,
                                                "Many forms have been sent from this connection in the last few "
                                                "minutes. Try again in {n} minute, or sign in.",
                                                "Many forms have been sent from this connection in the last few "
                                                "minutes. Try again in {n} minutes, or sign in."),
                                {}});
      res.headers.emplace_back("Retry-After", std::to_string(wait));
      return res;
    }
  }
  std::optional<Input> input;
  if (write) {
    // A write a browser sent from another site (even a sibling subdomain) is refused
    // whatever it carries: forms and the API alike.
    if (!route.csrf_exempt && is_cross_site_write(req, options_.public_url))
      return fail(Error{"csrf-failed", i18n::tr("This request came from another site, so it was not accepted."), {}});
    if (m.is_api && !is_json_media_type(req.header("content-type")))
      return fail(Error{"unsupported-media-type", "Send the request body as application/json.", {}});
    auto parsed = parse_input(req, m.is_api, options_.limits);
    if (!parsed) return fail(parsed.error());
    input = std::move(*parsed);
    // Double-submit check: the form's token must match this browser's cookie.
    if (!m.is_api && !route.csrf_exempt && (csrf.empty() || !constant_time_equal(input->get("csrf_token"), csrf)))
      return fail(Error{"csrf-failed", i18n::tr("The form has expired. Go back, reload the page and try again."), {}});
    if (route.prepare) route.prepare(*input);  // before the transaction: see PrepareFn
  }

  Ctx ctx(req, db, user, settings_);
  ctx.params = m.params;
  ctx.is_api = m.is_api;
  std::optional<store::Transaction> tx;
  const bool writes = write && !route.read_only;
  tx.emplace(db, writes);
  ctx.commit_hook = [&] {
    tx->commit();
    tx.emplace(db, writes);
  };

  Response res;
  switch (route.kind) {
    case Route::Kind::kRaw:
      res = route.raw(ctx);
      if (res.status < 400) tx->commit();
      break;
    case Route::Kind::kPage: {
      auto data = route.page(ctx);
      if (!data) {
        res = fail(data.error());
        break;
      }
      tx->commit();
      res = m.is_api ? json_response(*data) : render_page(route, ctx, *data, 200, csrf, nullptr, nullptr);
      break;
    }
    case Route::Kind::kAction: {
      auto done = route.action(ctx, *input);
      if (done) {
        tx->commit();
        if (anonymous_write) anonymous_budget_.spend(req.ip, now_seconds());
        if (m.is_api) {
          res = json_response(done->data, done->api_status);
        } else {
          res = redirect(done->redirect.empty() ? req.path : done->redirect);
          if (!done->flash.empty()) ctx.cookies_out.push_back({kFlashCookie, url_encode(done->flash), 60});
        }
        break;
      }
      tx.reset();  // roll back whatever the failed action wrote
      if (m.is_api) {
        res = fail(done.error());
        break;
      }
      const Route* page = router_.page_at(route.pattern);
      if (!page) {
        res = fail(done.error());
        break;
      }
      tx.emplace(db, false);
      Request get = req;
      get.method = "GET";
      Ctx page_ctx(get, db, user, settings_);
      page_ctx.params = m.params;
      page_ctx.failed = &done.error();
      auto data = page->page(page_ctx);
      tx->commit();
      if (!data) {
        res = fail(data.error());
        break;
      }
      res = render_page(*page, page_ctx, *data, problem_type(done.error().code).status, csrf, &*input, &done.error());
      break;
    }
  }
  for (const auto& c : ctx.cookies_out)
    res.headers.emplace_back("Set-Cookie", cookie_header(c, options_.secure_cookies));
  return res;
}

Response Server::handle(Request req) {
  Response res;
  // Methods are case-sensitive (RFC 9110): "get" or "FOO" is none Kith knows, and a
  // file or /healthz is only read.
  static const std::set<std::string> known_methods = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  bool read = req.method == "GET" || req.method == "HEAD";
  bool fixed = req.path == "/healthz" || starts_with(req.path, "/static/") || starts_with(req.path, "/assets/") ||
               req.path == "/favicon.ico";
  if (!known_methods.count(req.method)) {
    res = refusal(req, Error{"not-implemented", "Kith does not know the method " + req.method.substr(0, 40) + ".", {}});
  } else if (fixed && !read) {
    res = refusal(req, Error{"method-not-allowed", "This address is only read, with GET or HEAD.", {}});
    res.headers.emplace_back("Allow", "GET, HEAD");
  } else if (auto r = read ? serve_static(req) : std::nullopt) {
    current_request().route = "/static";
    res = std::move(*r);
  } else if (req.path == "/healthz") {
    current_request().route = "/healthz";
    res = healthz();
  } else {
    res = respond(req);
  }
  add_security_headers(res);
  // Refusals an operator may want to see (probing, forged forms, guessing), without
  // the request's contents.
  if (res.status == 400 || res.status == 403 || res.status == 413 || res.status == 429 || res.status == 431)
    spdlog::warn("{} {} from {}: refused with {}", req.method, path_for_log(req.path), req.ip, res.status);
  return res;
}

void Server::add_security_headers(Response& res) const {
  std::string img_src = "'self' data:";
  if (std::string tiles = origin_of(options_.tile_url); !tiles.empty()) img_src += " " + tiles;
  res.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; img-src " + img_src +
                               "; script-src 'self'; style-src 'self'; object-src 'none'; "
                               "frame-ancestors 'none'; form-action 'self'; base-uri 'self'");
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  res.headers.emplace_back("X-Frame-Options", "DENY");
  res.headers.emplace_back("Referrer-Policy", "same-origin");
  res.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
  res.headers.emplace_back("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
  // Pages, API answers and exports may hold personal data: no cache keeps them,
  // unless the route said otherwise (static files, a public feed).
  bool cache_set = std::any_of(res.headers.begin(), res.headers.end(),
                               [](const auto& h) { return to_lower(h.first) == "cache-control"; });
  if (!cache_set) res.headers.emplace_back("Cache-Control", "no-store");
}

Response Server::respond(Request& req) {
  bool is_api = starts_with(req.path, "/api/");
  // The CSRF cookie holds a secret; forms carry it bound to the session (form_token).
  std::string csrf_secret;
  bool new_csrf = false;
  if (auto it = req.cookies.find(kCsrfCookie); it != req.cookies.end() && it->second.size() >= 32) {
    csrf_secret = it->second;
  } else if (!is_api) {
    csrf_secret = random_token();
    new_csrf = true;
  }
  std::string csrf = csrf_secret.empty() ? "" : form_token(csrf_secret, "");

  // Pages speak the language the request chose (the API speaks English).
  i18n::Speaking speaking(is_api ? nullptr : language_of(req));
  std::optional<i18n::Speaking> chosen;  // a signed-in person's own, once they are known
  Response res;
  const Principal* user = nullptr;
  std::optional<Principal> principal;
  try {
    // Who is asking: their session, and the language their account speaks.
    auto identify = [&](store::Db& db, bool may_keep_language) {
      auto session = req.cookies.find(kSessionCookie);
      if (session == req.cookies.end() || !resolve_session_) return;
      principal = resolve_session_(db, session->second);
      if (!principal) return;
      user = &*principal;
      if (!csrf_secret.empty()) csrf = form_token(csrf_secret, session->second);
      if (is_api) return;
      // The language they chose goes with their account: to other browsers, and
      // into the messages Kith sends them.
      auto language = language_of(req, user->language);
      // Kept only when chosen here: a link from elsewhere may show a language but not
      // change the one their emails come in.
      if (may_keep_language && keep_language_ && language_chosen_here(req) && !req.query_param("lang").empty() &&
          language->code != user->language && i18n::primary_tag(req.query_param("lang")) == language->code) {
        store::Transaction tx(db, true);
        keep_language_(db, user->id, language->code);
        tx.commit();
        principal->language = language->code;
      }
      chosen.emplace(std::move(language));
    };
    if (auto checked = check_request(req, options_.limits); !checked) {
      // Refused at the boundary, but in the person's own language and header where the
      // session says who they are; without the database, as anyone.
      try {
        auto db = database_.acquire();
        identify(*db, false);
      } catch (const store::DbUnavailable&) {
        user = nullptr;  // refused as anyone: the refusal does not wait for the database
      }
      // Nothing from the request is echoed back on this page: it is not valid text.
      req.query.clear();
      res = read_by_programs(req.path) ? problem_response(checked.error(), instance_of(req))
                                       : error_page(req, user, csrf, checked.error());
    } else {
      auto db = database_.acquire();
      run_periodic(*db);
      identify(*db, true);
      res = dispatch(req, *db, user, csrf);
    }
  } catch (const store::DbUnavailable& e) {
    // Restarting or failing over: a 503 the client may retry, not a fault of Kith's.
    spdlog::warn("{} {}: the database is unavailable: {}", req.method, path_for_log(req.path), e.what());
    Error err{"unavailable", "Kith cannot reach its database just now. Try again in a minute.", {}};
    try {
      res = read_by_programs(req.path) ? problem_response(err, instance_of(req)) : error_page(req, user, csrf, err);
    } catch (...) {
      res = problem_response(err, instance_of(req));
    }
  } catch (...) {
    res = internal_error(req, user, csrf, std::current_exception());
  }
  // Every 503 (the database away, photos queued) says when to try again.
  if (res.status == 503 &&
      std::none_of(res.headers.begin(), res.headers.end(), [](const auto& h) { return h.first == "Retry-After"; }))
    res.headers.emplace_back("Retry-After", "5");
  for (const auto& [name, value] : res.headers) {
    if (sendable(name, value)) continue;
    res = internal_error(req, user, csrf,
                         std::make_exception_ptr(std::runtime_error("refused to send the header " + name)));
    break;
  }

  if (new_csrf)
    res.headers.emplace_back("Set-Cookie",
                             cookie_header({kCsrfCookie, csrf_secret, -1, true, "Strict"}, options_.secure_cookies));
  if (req.cookies.count(kFlashCookie) && res.status == 200 && res.content_type.find("text/html") == 0)
    res.headers.emplace_back("Set-Cookie", cookie_header({kFlashCookie, "", 0}, options_.secure_cookies));
  return res;
}

std::string form_token(std::string_view csrf_cookie, std::string_view session) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : hmac_sha256(csrf_cookie, "kith-form\n" + std::string(session))) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

void Server::run_periodic(store::Db& db) {
  if (periodic_.empty()) return;
  auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
  for (auto& p : periodic_) {
    auto due = p->due.load();
    // One request takes each turn; the others go on.
    if (now < due || !p->due.compare_exchange_strong(due, now + p->interval.count())) continue;
    try {
      p->work(db);
    } catch (const store::DbUnavailable&) {
      throw;  // the request answers 503 as for any other loss of the database
    } catch (const std::exception& e) {
      spdlog::error("periodic work failed: {}", e.what());
    }
  }
}

}  // namespace kith::web
