// The public story site (/stories, one page per story, an Atom feed), telling a
// story, withdrawing it by its link, the moderators' queue and the outcome framework.
// Thin: read the request, call story_service.cpp or the store, shape the page.
#include "stories/stories_http.h"

#include "core/clock.h"
#include "core/crypto.h"
#include "core/text.h"
#include "stories/story_service.h"
#include "web/problems.h"

namespace kith::stories {

namespace {

using web::Access;
using web::Ctx;
using web::Json;

const std::vector<std::string> kModerators = {"moderator", "admin"};
const std::vector<std::string> kWorkers = {"coordinator", "moderator", "officer", "admin"};

Json crumbs() { return Json::array({{{"name", "Home"}, {"href", "/"}}, {{"name", "Stories"}, {"href", "/stories"}}}); }

Json choices(const std::vector<Choice>& list, const std::string& chosen) {
  Json out = Json::array();
  for (const auto& c : list) out.push_back({{"value", c.id}, {"text", c.label}, {"checked", c.id == chosen}});
  return out;
}

Json outcome_choices(StoryStore& store, const std::string& chosen) {
  Json out = Json::array();
  for (const auto& o : store.outcomes(false))
    out.push_back({{"value", o.slug}, {"text", o.name}, {"checked", o.slug == chosen}});
  return out;
}

// A story as the public may read it: the published text; the name only with consent.
Json public_json(const Story& s) {
  Json outcomes = Json::array();
  for (const auto& o : s.outcomes) outcomes.push_back({{"name", o.name}, {"href", "/stories?outcome=" + o.slug}});
  std::string excerpt = s.public_body.size() > 220 ? s.public_body.substr(0, 200) + "…" : s.public_body;
  Json out = {{"id", s.id},
              {"href", "/stories/" + std::to_string(s.id)},
              {"title", s.title},
              {"body", s.public_body},
              {"paragraphs", Json::array()},
              {"excerpt", excerpt},
              {"perspective", label_of(perspectives(), s.perspective)},
              {"outcomes", outcomes},
              {"date", s.published_at.substr(0, 10)},
              {"teller", may_show_name(s.consent) && !s.teller_name.empty() ? s.teller_name : "Anonymous"}};
  for (const auto& p : split(s.public_body, '\n'))
    if (!trim(p).empty()) out["paragraphs"].push_back(trim(p));
  if (!s.lsoa_code.empty()) out["area"] = {{"name", s.area_name}, {"href", "/areas/" + s.lsoa_code}};
  return out;
}

Result<Json> list_page(Ctx& ctx) {
  StoryStore store(ctx.db);
  StoryFilter f{ctx.req.query_param("q"), ctx.req.query_param("outcome"), ctx.req.query_param("perspective"),
                to_upper(ctx.req.query_param("area")), 50};
  if (f.text.size() > 100) return Error::validation({{"q", "Search for 100 characters or fewer"}});
  Json stories = Json::array();
  for (const auto& s : store.published(f)) stories.push_back(public_json(s));
  Json perspectives_list = choices(perspectives(), f.perspective);
  return Json{{"title", "Stories"},
              {"q", f.text},
              {"outcomes", outcome_choices(store, f.outcome)},
              {"perspectives", perspectives_list},
              {"area", f.area},
              {"stories", stories},
              {"has_stories", !stories.empty()},
              {"count_text", stories.size() == 1 ? "1 story" : std::to_string(stories.size()) + " stories"}};
}

Result<Json> story_page(Ctx& ctx) {
  auto id = parse_int(ctx.param("id"));
  auto s = id ? StoryStore(ctx.db).get(*id) : std::nullopt;
  if (!s || s->status != "published") return Error::not_found("There is no story " + ctx.param("id") + ".");
  return Json{{"title", s->title}, {"breadcrumbs", crumbs()}, {"story", public_json(*s)}};
}

web::Response atom_feed(Ctx& ctx) {
  StoryStore store(ctx.db);
  auto stories = store.published({"", "", "", "", 50});
  std::string host = ctx.req.header("host").empty() ? "localhost" : ctx.req.header("host");
  std::string base = "http://" + host;
  std::string updated = stories.empty() ? now_iso() : stories.front().published_at;
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  out += "<title>" + html_escape(ctx.settings.value("place_name", std::string("Kith")) + ": stories") + "</title>\n";
  out += "<id>" + html_escape(base + "/stories") + "</id>\n<updated>" + html_escape(updated) + "</updated>\n";
  out += "<link rel=\"self\" href=\"" + html_escape(base + "/stories.atom") + "\"/>\n";
  out += "<link rel=\"alternate\" type=\"text/html\" href=\"" + html_escape(base + "/stories") + "\"/>\n";
  for (const auto& s : stories) {
    std::string link = base + "/stories/" + std::to_string(s.id);
    out += "<entry>\n<title>" + html_escape(s.title) + "</title>\n<id>" + html_escape(link) + "</id>\n";
    out += "<link href=\"" + html_escape(link) + "\"/>\n<updated>" + html_escape(s.published_at) + "</updated>\n";
    out += "<author><name>" +
           html_escape(may_show_name(s.consent) && !s.teller_name.empty() ? s.teller_name : "Anonymous") +
           "</name></author>\n";
    for (const auto& o : s.outcomes)
      out += "<category term=\"" + html_escape(o.slug) + "\" label=\"" + html_escape(o.name) + "\"/>\n";
    out += "<content type=\"text\">" + html_escape(s.public_body) + "</content>\n</entry>\n";
  }
  out += "</feed>\n";
  web::Response r;
  r.content_type = "application/atom+xml; charset=utf-8";
  r.body = out;
  return r;
}

Result<Json> tell_page(Ctx& ctx) {
  StoryStore store(ctx.db);
  Json data = {{"title", "Tell a story"},
               {"breadcrumbs", crumbs()},
               {"outcomes", outcome_choices(store, "")},
               {"perspectives", choices(perspectives(), "")},
               {"consents", choices(consents(), "")},
               {"worker", ctx.user && ctx.user->has_any(kWorkers)}};
  if (ctx.user) data["values"] = {{"teller_name", ctx.user->name}};
  return data;
}

Result<web::Done> tell_action(Ctx& ctx, const web::Input& in) {
  Telling t{in.get("title"),       in.all("body").empty() ? "" : in.all("body").front(),
            in.get("teller_name"), in.get("postcode"),
            in.get("perspective"), in.get("consent"),
            in.all("outcomes")};
  bool for_someone = ctx.user && ctx.user->has_any(kWorkers) && !in.get("consent_note").empty();
  std::optional<std::int64_t> teller, worker;
  if (ctx.user && !for_someone) teller = ctx.user->id;
  if (for_someone) worker = ctx.user->id;
  auto told = tell(ctx.db, audit::Actor::of(ctx), t, teller, worker, in.get("consent_note"));
  if (!told) return told.error();
  if (told->id == 0)
    return web::Done{
        "/stories", {{"kept", false}}, "Thank you for telling us. As you asked, we have not kept it.", 200};
  return web::Done{"/stories/withdraw/" + told->token + "?new=yes",
                   {{"id", told->id}, {"withdraw", "/stories/withdraw/" + told->token}},
                   "Thank you: a moderator will read your story before anything is published.",
                   201};
}

Result<Json> withdraw_page(Ctx& ctx) {
  auto s = StoryStore(ctx.db).by_token(sha256_hex(ctx.param("token")));
  if (!s || s->status == "withdrawn")
    return Error::not_found("This withdrawal link is not right, or the story is already gone.");
  return Json{{"title", "Your story"},
              {"breadcrumbs", crumbs()},
              {"story", {{"title", s->title}, {"status", s->status}}},
              {"new", ctx.req.query_param("new") == "yes"},
              {"link", "/stories/withdraw/" + ctx.param("token")}};
}

Result<web::Done> withdraw_action(Ctx& ctx, const web::Input&) {
  auto s = withdraw(ctx.db, audit::Actor::of(ctx), ctx.param("token"));
  if (!s) return s.error();
  return web::Done{"/stories", {{"withdrawn", s->id}}, "Your story is withdrawn: it is gone from Kith."};
}

Result<Json> queue_page(Ctx& ctx) {
  Json pending = Json::array();
  for (const auto& s : StoryStore(ctx.db).with_status("pending", 100))
    pending.push_back({{"id", s.id},
                       {"href", "/moderate/stories/" + std::to_string(s.id)},
                       {"title", s.title},
                       {"consent", label_of(consents(), s.consent)},
                       {"date", s.created_at.substr(0, 10)}});
  return Json{{"title", "Stories to read"}, {"pending", pending}, {"has_pending", !pending.empty()}};
}

Result<Json> review_page(Ctx& ctx) {
  auto id = parse_int(ctx.param("id"));
  auto s = id ? StoryStore(ctx.db).get(*id) : std::nullopt;
  if (!s || s->status == "withdrawn") return Error::not_found("There is no story " + ctx.param("id") + " to read.");
  Json outcomes = Json::array();
  for (const auto& o : s->outcomes) outcomes.push_back(o.name);
  Json decisions = Json::array();
  if (may_publish(s->consent)) decisions.push_back({{"value", "publish"}, {"text", "Publish the text below"}});
  if (may_use_for_evaluation(s->consent))
    decisions.push_back({{"value", "evaluation"}, {"text", "Keep for evaluation only"}});
  decisions.push_back({{"value", "decline"}, {"text", "Decline, with a reason to the teller"}});
  return Json{{"title", "Read: " + s->title},
              {"story",
               {{"id", s->id},
                {"title", s->title},
                {"body", s->body},
                {"teller", s->teller_name.empty() ? "Not given" : s->teller_name},
                {"consent", label_of(consents(), s->consent)},
                {"consent_note", s->consent_note},
                {"perspective", label_of(perspectives(), s->perspective)},
                {"area", s->area_name},
                {"status", s->status},
                {"outcomes", join(std::vector<std::string>(outcomes.begin(), outcomes.end()), "; ")}}},
              {"decisions", decisions},
              {"values", {{"public_body", s->body}}}};
}

Result<web::Done> review_action(Ctx& ctx, const web::Input& in) {
  auto id = parse_int(ctx.param("id"));
  if (!id) return Error::not_found("There is no story " + ctx.param("id") + ".");
  auto done = decide(ctx.db, audit::Actor::of(ctx), *id, in.get("decision"),
                     in.all("public_body").empty() ? "" : in.all("public_body").front(), in.get("reason"));
  if (!done) return done.error();
  return web::Done{"/moderate/stories", {{"id", *id}, {"decision", in.get("decision")}}, "Decided."};
}

Result<Json> outcomes_page(Ctx& ctx) {
  Json list = Json::array();
  for (const auto& o : StoryStore(ctx.db).outcomes(true))
    list.push_back({{"slug", o.slug}, {"name", o.name}, {"retired", o.retired}});
  return Json{{"title", "Outcomes"}, {"outcomes", list}};
}

Result<web::Done> outcomes_action(Ctx& ctx, const web::Input& in) {
  audit::Actor actor = audit::Actor::of(ctx);
  std::string what = in.get("do");
  if (what == "add") {
    auto id = add_outcome(ctx.db, actor, in.get("name"));
    if (!id) return id.error();
    return web::Done{"/admin/outcomes", {{"id", *id}}, "Outcome added.", 201};
  }
  Status done = what == "rename"   ? rename_outcome(ctx.db, actor, in.get("slug"), in.get("name"))
                : what == "retire" ? retire_outcome(ctx.db, actor, in.get("slug"))
                                   : Status(Error::validation({{"do", "Choose add, rename or retire"}}));
  if (!done) return done.error();
  return web::Done{"/admin/outcomes", {{"slug", in.get("slug")}}, "Saved."};
}

}  // namespace

void install_routes(web::Server& server) {
  auto& r = server.router();
  r.page("/stories", "stories/list", Access::anyone(), list_page);
  r.raw("GET", "/stories.atom", Access::anyone(), atom_feed, false);
  r.page("/stories/tell", "stories/tell", Access::anyone(), tell_page);
  r.action("/stories/tell", Access::anyone(), tell_action);
  r.page("/stories/withdraw/{token}", "stories/withdraw", Access::anyone(), withdraw_page);
  r.action("/stories/withdraw/{token}", Access::anyone(), withdraw_action);
  r.page("/stories/{id}", "stories/story", Access::anyone(), story_page);
  r.page("/moderate/stories", "stories/queue", Access::role(kModerators), queue_page);
  r.page("/moderate/stories/{id}", "stories/review", Access::role(kModerators), review_page);
  r.action("/moderate/stories/{id}", Access::role(kModerators), review_action);
  r.page("/admin/outcomes", "stories/outcomes", Access::role({"admin"}), outcomes_page);
  r.action("/admin/outcomes", Access::role({"admin"}), outcomes_action);
  server.add_nav({"Stories", "/stories", Access::anyone(), false});
}

}  // namespace kith::stories
