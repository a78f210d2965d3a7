// /timebank/posts: offers and requests, found by kind, category, distance and
// timebank; one page per post to respond, share contact details, renew or close.
// Thin: read the request, call posts.cpp, shape the page.
#include "timebank/posts_http.h"

#include <cmath>
#include <cstdio>

#include "core/clock.h"
#include "core/text.h"
#include "i18n/request.h"
#include "i18n/speaking.h"
#include "timebank/gift_board.h"
#include "timebank/ledger.h"
#include "timebank/posts.h"
#include "web/resubmitted.h"

namespace kith::timebank {

namespace {

using web::Access;
using web::Ctx;
using web::Json;

// A link to get in touch: an email address, or the mobile of someone without email.
std::string contact_href(const std::string& address) {
  if (address.empty()) return "";
  return (address.front() == '+' ? "tel:" : "mailto:") + address;
}

Json crumbs() {
  return Json::array({{{"name", "Home"}, {"href", "/"}},
                      {{"name", "Timebank"}, {"href", "/timebank"}},
                      {{"name", "Offers and requests"}, {"href", "/timebank/posts"}}});
}

Json post_json(const Post& p) {
  Json out = {{"id", p.id},
              {"href", "/timebank/posts/" + std::to_string(p.id)},
              {"side", p.side},
              {"side_text", p.side == "offer" ? i18n::tr("Offer") : i18n::tr("Request")},
              {"offer", p.side == "offer"},
              {"category", i18n::tr(category_name(p.category))},
              {"title", p.title},
              {"description", p.description},
              {"language", p.language},
              {"dir", i18n::direction_of(p.language)},
              {"poster", p.poster},
              {"timebank", p.timebank},
              {"until", date_in_words(p.expires_at.substr(0, 10))},
              {"open", p.status == "open"}};
  if (p.km) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", *p.km);
    out["distance"] = i18n::tr("{km} km away", {{"km", buf}});
  }
  return out;
}

Json choices(const std::vector<std::pair<std::string, std::string>>& list, const std::string& chosen) {
  Json out = Json::array();
  for (const auto& [value, text] : list)
    out.push_back({{"value", value}, {"text", text}, {"selected", value == chosen}});
  return out;
}

std::vector<std::pair<std::string, std::string>> category_list(const std::string& any) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!any.empty()) out.emplace_back("", any);
  for (const auto& id : categories()) out.emplace_back(id, i18n::tr(category_name(id)));
  return out;
}

Json my_accounts(TimebankStore& store, const Ctx& ctx) {
  Json out = Json::array();
  for (const auto& a : store.accounts_of_user(ctx.user->id))
    if (a.status == "active")
      out.push_back({{"value", std::to_string(a.id)}, {"text", a.name + ", " + a.timebank_name}});
  return out;
}

// The timebanks a person has asked to join and is waiting to be approved in.
Json waiting_for_approval(TimebankStore& store, const Ctx& ctx) {
  Json out = Json::array();
  for (const auto& a : store.accounts_of_user(ctx.user->id))
    if (a.status == "pending") out.push_back(a.timebank_name);
  return out;
}

Result<Json> posts_page(Ctx& ctx) {
  PostQuery q;
  q.side = ctx.req.query_param("side");
  q.category = ctx.req.query_param("category");
  q.postcode = ctx.req.query_param("postcode");
  if (auto d = ctx.req.query_param("distance"); !d.empty()) {
    auto km = parse_double(d);
    if (!km || *km <= 0 || *km > 100) return Error::validation({{"distance", "Choose a distance"}});
    q.within_km = *km;
  }
  if (auto t = ctx.req.query_param("timebank"); !t.empty()) q.timebank = parse_int(t).value_or(-1);
  auto found = find_posts(ctx.db, caller_of(ctx), q);
  if (!found) return found.error();
  TimebankStore store(ctx.db);
  std::vector<std::pair<std::string, std::string>> banks = {{"", i18n::tr("Every timebank")}};
  for (const auto& t : store.timebanks()) banks.emplace_back(std::to_string(t.id), t.name);
  Json posts = Json::array();
  for (const auto& p : *found) posts.push_back(post_json(p));
  return Json{
      {"title", "Offers and requests"},
      {"breadcrumbs", Json::array({{{"name", "Home"}, {"href", "/"}}, {{"name", "Timebank"}, {"href", "/timebank"}}})},
      {"sides",
       choices({{"", i18n::tr("Both")}, {"offer", i18n::tr("Offers")}, {"request", i18n::tr("Requests")}}, q.side)},
      {"categories", choices(category_list(i18n::tr("Any kind")), q.category)},
      {"distances",
       choices({{"", i18n::tr("Any distance")}, {"1", "1 km"}, {"3", "3 km"}, {"5", "5 km"}, {"10", "10 km"}},
               ctx.req.query_param("distance"))},
      {"timebanks", choices(banks, ctx.req.query_param("timebank"))},
      {"postcode", q.postcode},
      {"posts", posts},
      {"has_posts", !posts.empty()},
      {"filtered", !q.side.empty() || !q.category.empty() || !q.postcode.empty() || q.within_km > 0 || q.timebank != 0},
      {"count_text", count_of(static_cast<std::int64_t>(posts.size()), "post")}};
}

Result<Json> new_post_page(Ctx& ctx) {
  TimebankStore store(ctx.db);
  Json accounts = my_accounts(store, ctx);
  std::vector<std::pair<std::string, std::string>> times;
  for (const auto& t : time_choices()) times.emplace_back(t.id, i18n::tr(t.label));
  // A post that came back with errors keeps what was chosen, not only what was typed.
  web::Input was = ctx.failed ? web::resubmitted(ctx) : web::Input{};
  Json time_boxes = choices(times, "");
  for (auto& box : time_boxes)
    for (const auto& t : was.all("times"))
      if (box["value"] == t) box["selected"] = true;
  return Json{{"title", "Post an offer or request"},
              {"side_offer", was.get("side") == "offer"},
              {"side_request", was.get("side") == "request"},
              {"breadcrumbs", crumbs()},
              {"accounts", accounts},
              {"has_accounts", !accounts.empty()},
              {"waiting", waiting_for_approval(store, ctx)},
              {"categories", choices(category_list(""), was.get("category"))},
              {"times", time_boxes},
              {"languages", i18n::written_in_choices()},
              {"weeks", choices({{"1", count_of(1, "week")},
                                 {"2", count_of(2, "week")},
                                 {"4", count_of(4, "week")},
                                 {"8", count_of(8, "week")},
                                 {"12", count_of(12, "week")}},
                                "4")}};
}

Result<web::Done> new_post_action(Ctx& ctx, const web::Input& in) {
  auto times = times_mask(in.all("times"));
  if (!times) return times.error();
  PostInput p{parse_int(in.get("account")).value_or(0),
              in.get("side"),
              in.get("category"),
              in.get("title"),
              in.get("description"),
              in.get("postcode"),
              *times,
              in.get("share") == "yes",
              static_cast<int>(parse_int(in.get("weeks")).value_or(4))};
  // Said on the form; else the page's language (the API's: English).
  p.language = in.get("language").empty() ? i18n::speaking()->code : in.get("language");
  auto id = create_post(ctx.db, caller_of(ctx), p);
  if (!id) return id.error();
  return web::Done{"/timebank/posts/" + std::to_string(*id), {{"id", *id}}, i18n::tr("Your post is up."), 201};
}

Result<Json> post_page(Ctx& ctx) {
  auto id = parse_int(ctx.param("id"));
  if (!id) return Error::not_found(i18n::tr("There is no post {id}.", {{"id", ctx.param("id")}}));
  Caller c = caller_of(ctx);
  auto p = post_for(ctx.db, c, *id);
  if (!p) return p.error();
  bool mine = p->poster_user && *p->poster_user == c.user_id;
  TimebankStore store(ctx.db);
  Json replies = Json::array();
  for (const auto& r : responses(ctx.db, c, *p))
    replies.push_back({{"account", r.account},
                       {"name", r.name},
                       {"message", r.message},
                       {"agreed", r.agreed},
                       {"email", r.email},
                       {"contact_href", contact_href(r.email)}});
  Json accounts = my_accounts(store, ctx);
  std::string email = poster_email_for(ctx.db, c, *p);
  return Json{
      {"title", p->title},
      {"breadcrumbs", crumbs()},
      {"post", post_json(*p)},
      {"mine", mine},
      {"responses", replies},
      {"has_responses", !replies.empty()},
      {"can_respond", !mine && replies.empty() && !accounts.empty() && p->status == "open"},
      {"accounts", accounts},
      {"poster_email", email},
      {"poster_href", contact_href(email)},
      {"weeks", choices({{"1", count_of(1, "week")}, {"4", count_of(4, "week")}, {"12", count_of(12, "week")}}, "4")}};
}

Result<web::Done> post_action(Ctx& ctx, const web::Input& in) {
  auto id = parse_int(ctx.param("id"));
  if (!id) return Error::not_found(i18n::tr("There is no post {id}.", {{"id", ctx.param("id")}}));
  Caller c = caller_of(ctx);
  std::string back = "/timebank/posts/" + std::to_string(*id);
  std::string what = in.get("do");
  Status done = Ok{};
  std::string said;
  if (what == "respond") {
    done = respond(ctx.db, c, *id, parse_int(in.get("account")).value_or(0), in.get("message"));
    said = i18n::tr("Sent. If they agree, you will each see the other's contact details here.");
  } else if (what == "agree") {
    done = agree(ctx.db, c, *id, parse_int(in.get("account")).value_or(0));
    said = i18n::tr("You have shared contact details.");
  } else if (what == "renew") {
    done = renew(ctx.db, c, *id, static_cast<int>(parse_int(in.get("weeks")).value_or(4)));
    said = i18n::tr("Your post is renewed.");
  } else if (what == "close") {
    done = close_post(ctx.db, c, *id);
    said = i18n::tr("Your post is closed.");
  } else {
    return Error::validation({{"do", "Choose what to do with the post"}});
  }
  if (!done) return done.error();
  return web::Done{back, {{"id", *id}, {"done", what}}, said};
}

}  // namespace

void install_post_routes(web::Server& server) {
  auto& r = server.router();
  r.page("/timebank/posts", "timebank/posts", Access::any_member(), posts_page);
  r.page("/timebank/posts/new", "timebank/new_post", Access::any_member(), new_post_page);
  r.action("/timebank/posts/new", Access::any_member(), new_post_action);
  r.page("/timebank/posts/{id}", "timebank/post", Access::any_member(), post_page);
  r.action("/timebank/posts/{id}", Access::any_member(), post_action);
}

}  // namespace kith::timebank
