// The public story site (/stories, one page per story, case studies, an Atom
// feed), telling a story, withdrawing it (by its link or from the teller's own
// list), the moderators' queue and the signifier questions. Thin: read the request,
// call story_service.cpp or the store, shape the page.
#include "stories/stories_http.h"

#include "core/clock.h"
#include "core/crypto.h"
#include "core/text.h"
#include "i18n/request.h"
#include "i18n/speaking.h"
#include "outcomes/outcomes.h"
#include "stories/story_service.h"
#include "web/problems.h"
#include "web/resubmitted.h"

namespace kith::stories {

namespace {

using web::Access;
using web::Ctx;
using web::Json;

const std::vector<std::string> kModerators = {"moderator", "admin"};
const std::vector<std::string> kWorkers = {"coordinator", "moderator", "officer", "admin"};

Json crumbs() { return Json::array({{{"name", "Home"}, {"href", "/"}}, {{"name", "Stories"}, {"href", "/stories"}}}); }

std::optional<std::int64_t> id_param(Ctx& ctx) { return parse_int(ctx.param("id")); }

std::string first(const web::Input& in, const std::string& field) {
  auto all = in.all(field);
  return all.empty() ? "" : all.front();
}

}  // namespace

Json choices(const std::vector<Choice>& list, const std::string& chosen) {
  Json out = Json::array();
  for (const auto& c : list) out.push_back({{"value", c.id}, {"text", i18n::tr(c.label)}, {"checked", c.id == chosen}});
  return out;
}

std::string link_href(const Link& l) {
  if (l.kind == "service") return "/directory/services/" + url_encode(l.ref);
  if (l.kind == "organisation") return "/directory/organisations/" + url_encode(l.ref);
  return "/grants/projects/" + url_encode(l.ref);
}

Json public_json(const Story& s) {
  Json outcomes = Json::array();
  for (const auto& o : s.outcomes) outcomes.push_back({{"name", o.name}, {"href", "/stories?outcome=" + o.slug}});
  std::string excerpt = shorten(s.public_body, 220, 200);
  Json out = {{"id", s.id},
              {"href", "/stories/" + std::to_string(s.id)},
              {"title", s.title},
              {"body", s.public_body},
              {"paragraphs", Json::array()},
              {"excerpt", excerpt},
              {"perspective", i18n::tr(label_of(perspectives(), s.perspective))},
              {"language", s.language},
              {"dir", i18n::direction_of(s.language)},
              {"outcomes", outcomes},
              {"date", s.published_at.substr(0, 10)},
              {"date_text", date_in_words(s.published_at)},
              {"teller", may_show_name(s.consent) && !s.teller_name.empty() ? s.teller_name : i18n::tr("Anonymous")},
              {"links", Json::array()}};
  for (const auto& p : split(s.public_body, '\n'))
    if (!trim(p).empty()) out["paragraphs"].push_back(trim(p));
  if (!s.lsoa_code.empty()) out["area"] = {{"name", s.area_name}, {"href", "/areas/" + s.lsoa_code}};
  if (s.photo && s.photo->shown)
    out["photo"] = {{"src", "/stories/" + std::to_string(s.id) + "/photo.jpg"},
                    {"alt", s.photo->alt},
                    {"width", s.photo->width},
                    {"height", s.photo->height}};
  for (const auto& l : s.links) out["links"].push_back({{"name", l.name}, {"href", link_href(l)}, {"kind", l.kind}});
  if (s.case_study) {
    Json approach = Json::array();
    for (const auto& p : split(s.case_study->approach, '\n'))
      if (!trim(p).empty()) approach.push_back(trim(p));
    out["case_study"] = {{"approach", approach}, {"lessons", s.case_study->lessons}};
  }
  return out;
}

namespace {

StoryFilter filter_of(Ctx& ctx) {
  StoryFilter f;
  f.text = ctx.req.query_param("q");
  f.outcome = ctx.req.query_param("outcome");
  f.perspective = ctx.req.query_param("perspective");
  f.area = to_upper(ctx.req.query_param("area"));
  for (const auto* kind : {"service", "organisation"})
    if (!ctx.req.query_param(kind).empty()) {
      f.link_kind = kind;
      f.link_ref = ctx.req.query_param(kind);
    }
  return f;
}

Result<Json> list_page(Ctx& ctx, bool case_studies) {
  StoryFilter f = filter_of(ctx);
  f.case_studies = case_studies;
  if (f.text.size() > 100) return Error::validation({{"q", "Search for 100 characters or fewer"}});
  Json stories = Json::array();
  for (const auto& s : StoryStore(ctx.db).published(f)) stories.push_back(public_json(s));
  auto n = static_cast<std::int64_t>(stories.size());
  return Json{
      {"title", case_studies ? i18n::tr("Case studies: what worked") : i18n::tr("Stories")},
      {"case_studies", case_studies},
      {"action", case_studies ? "/case-studies" : "/stories"},
      {"q", f.text},
      {"outcomes", outcomes::choices(ctx.db, {f.outcome})},
      {"perspectives", choices(perspectives(), f.perspective)},
      {"area", f.area},
      {"stories", stories},
      {"has_stories", !stories.empty()},
      {"count_text", case_studies ? count_of(n, "case study", "case studies") : count_of(n, "story", "stories")}};
}

Result<Json> story_page(Ctx& ctx) {
  auto id = id_param(ctx);
  auto s = id ? StoryStore(ctx.db).get(*id) : std::nullopt;
  if (!s || s->status != "published")
    return Error::not_found(i18n::tr("There is no story {id}.", {{"id", ctx.param("id")}}));
  return Json{{"title", s->title}, {"breadcrumbs", crumbs()}, {"story", public_json(*s)}};
}

web::Response jpeg(const std::optional<std::string>& bytes, Ctx& ctx) {
  if (!bytes) return web::problem_response(Error::not_found(i18n::tr("There is no such photo.")), ctx.req.path);
  web::Response r;
  r.content_type = "image/jpeg";
  r.body = *bytes;
  r.headers.emplace_back("Cache-Control", "private, max-age=300");
  return r;
}

// A published story's photo, when the moderator published it with the story.
web::Response public_photo(Ctx& ctx) {
  auto id = id_param(ctx);
  StoryStore store(ctx.db);
  auto s = id ? store.get(*id) : std::nullopt;
  if (!s || s->status != "published" || !s->photo || !s->photo->shown) return jpeg(std::nullopt, ctx);
  return jpeg(store.photo(*id), ctx);
}

// The photo as the teller sent it (re-encoded), for the moderator deciding.
web::Response moderator_photo(Ctx& ctx) {
  auto id = id_param(ctx);
  return jpeg(id ? StoryStore(ctx.db).photo(*id) : std::nullopt, ctx);
}

web::Response atom_feed(Ctx& ctx) {
  auto stories = StoryStore(ctx.db).published({});
  std::string updated = stories.empty() ? now_iso() : stories.front().published_at;
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  out += "<title>" + html_escape(ctx.settings.value("place_name", std::string("Kith")) + ": stories") + "</title>\n";
  out +=
      "<id>" + html_escape(ctx.absolute_url("/stories")) + "</id>\n<updated>" + html_escape(updated) + "</updated>\n";
  out += "<link rel=\"self\" href=\"" + html_escape(ctx.absolute_url("/stories.atom")) + "\"/>\n";
  out += "<link rel=\"alternate\" type=\"text/html\" href=\"" + html_escape(ctx.absolute_url("/stories")) + "\"/>\n";
  for (const auto& s : stories) {
    std::string link = ctx.absolute_url("/stories/" + std::to_string(s.id));
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

// The questions about a story, with the answers `sent` had chosen (after an error).
Json signifier_questions(StoryStore& store, const web::Input& sent) {
  Json out = Json::array();
  for (const auto& stored : store.signifiers(false)) {
    Signifier s = spoken(stored);
    Json options = Json::array();
    int n = 0;
    const std::string chosen = sent.get("signifier-" + std::to_string(s.id));
    for (const auto& c : answer_choices(s))
      options.push_back(
          {{"value", c.id}, {"text", c.label}, {"n", ++n}, {"checked", !chosen.empty() && c.id == chosen}});
    out.push_back({{"id", s.id}, {"prompt", s.prompt}, {"options", options}, {"triad", s.kind == "triad"}});
  }
  return out;
}

// A story's photo decoded and re-encoded before the request's transaction begins: a
// large photo takes seconds, and must not hold the store's write lock meanwhile.
void prepare_photo(web::Input& in) {
  std::string bytes = in.file("photo");
  if (bytes.empty() && !in.get("photo_base64").empty()) bytes = base64_decode(in.get("photo_base64"));
  if (!bytes.empty()) in.keep("photo", media::reencode_photo(bytes, "photo"));
}

Result<Json> tell_page(Ctx& ctx) {
  StoryStore store(ctx.db);
  // Sent back with an error: every choice as it was made, and the photo asked for
  // again (a browser cannot be given a file to send).
  const web::Input sent = web::resubmitted(ctx);
  Json data = {{"title", "Tell a story"},
               {"breadcrumbs", crumbs()},
               {"outcomes", outcomes::choices(ctx.db, sent.all("outcomes"))},
               {"perspectives", choices(perspectives(), sent.get("perspective"))},
               {"languages", i18n::written_in_choices(sent.get("language"))},
               {"consents", choices(consents(), sent.get("consent"))},
               {"signifiers", signifier_questions(store, sent)},
               {"photo_again", !sent.file("photo").empty()},
               {"worker", ctx.user && ctx.user->has_any(kWorkers)}};
  if (ctx.user) data["values"] = {{"teller_name", ctx.user->name}};
  return data;
}

Result<web::Done> tell_action(Ctx& ctx, const web::Input& in) {
  if (auto empty = in.empty_file("photo")) return *empty;
  Telling t{in.get("title"),       first(in, "body"),  in.get("teller_name"), in.get("postcode"),
            in.get("perspective"), in.get("consent"),  in.all("outcomes"),    {},
            in.file("photo"),      in.get("photo_alt")};
  if (t.photo.empty() && !in.get("photo_base64").empty()) t.photo = base64_decode(in.get("photo_base64"));
  if (const auto* encoded = in.kept("photo")) t.encoded = std::any_cast<Result<media::Photo>>(*encoded);
  if (!in.get("language").empty()) t.language = in.get("language");
  for (const auto& s : StoryStore(ctx.db).signifiers(false)) {
    std::string raw = in.get("signifier-" + std::to_string(s.id));
    if (!raw.empty()) t.answers.emplace_back(s.id, raw);
  }
  bool for_someone = ctx.user && ctx.user->has_any(kWorkers) && !in.get("consent_note").empty();
  std::optional<std::int64_t> teller;
  std::optional<std::int64_t> worker;
  if (ctx.user && !for_someone) teller = ctx.user->id;
  if (for_someone) worker = ctx.user->id;
  auto told = tell(ctx.db, audit::Actor::of(ctx), t, teller, worker, in.get("consent_note"));
  if (!told) return told.error();
  if (told->id == 0)
    return web::Done{
        "/stories", {{"kept", false}}, i18n::tr("Thank you for telling us. As you asked, we have not kept it."), 200};
  return web::Done{"/stories/withdraw/" + told->token + "?new=yes",
                   {{"id", told->id}, {"withdraw", "/stories/withdraw/" + told->token}},
                   i18n::tr("Thank you: a moderator will read your story before anything is published."),
                   201};
}

std::string status_text(const Story& s) {
  if (s.status == "pending") return i18n::tr("Waiting for a moderator");
  if (s.status == "published") return i18n::tr("Published");
  if (s.status == "evaluation") return i18n::tr("Used only to understand what works");
  if (s.status == "declined") return i18n::tr("Not published: {reason}", {{"reason", s.decision_reason}});
  return s.status;
}

Result<Json> withdraw_page(Ctx& ctx) {
  auto s = StoryStore(ctx.db).by_token(sha256_hex(ctx.param("token")));
  if (!s || s->status == "withdrawn")
    return Error::not_found(i18n::tr("This withdrawal link is not right, or the story is already gone."));
  return Json{{"title", "Your story"},
              {"breadcrumbs", crumbs()},
              {"story",
               {{"title", s->title},
                {"status", status_text(*s)},
                {"href", s->status == "published" ? "/stories/" + std::to_string(s->id) : ""}}},
              {"new", ctx.req.query_param("new") == "yes"},
              {"link", "/stories/withdraw/" + ctx.param("token")},
              {"link_url", ctx.absolute_url("/stories/withdraw/" + ctx.param("token"))}};
}

Result<web::Done> withdraw_action(Ctx& ctx, const web::Input&) {
  auto s = withdraw(ctx.db, audit::Actor::of(ctx), ctx.param("token"));
  if (!s) return s.error();
  return web::Done{"/stories", {{"withdrawn", s->id}}, i18n::tr("Your story is withdrawn: it is gone from Kith.")};
}

Result<Json> mine_page(Ctx& ctx) {
  Json list = Json::array();
  for (const auto& s : StoryStore(ctx.db).told_by(ctx.user->id))
    list.push_back({{"id", s.id},
                    {"title", s.title},
                    {"status", status_text(s)},
                    {"href", s.status == "published" ? "/stories/" + std::to_string(s.id) : ""},
                    {"date", s.created_at.substr(0, 10)},
                    {"date_text", date_in_words(s.created_at)}});
  return Json{{"title", "Your stories"}, {"breadcrumbs", crumbs()}, {"stories", list}, {"has_stories", !list.empty()}};
}

Result<web::Done> mine_action(Ctx& ctx, const web::Input& in) {
  auto id = parse_int(in.get("withdraw"));
  if (!id) return Error::validation({{"withdraw", "Choose a story to withdraw"}});
  auto s = withdraw_own(ctx.db, audit::Actor::of(ctx), *id, ctx.user->id);
  if (!s) return s.error();
  return web::Done{"/stories/mine",
                   {{"withdrawn", s->id}},
                   i18n::tr("\"{title}\" is withdrawn: it is gone from Kith.", {{"title", s->title}})};
}

Result<Json> queue_page(Ctx& ctx) {
  Json pending = Json::array();
  for (const auto& s : StoryStore(ctx.db).with_status("pending", 100))
    pending.push_back({{"id", s.id},
                       {"href", "/moderate/stories/" + std::to_string(s.id)},
                       {"title", s.title},
                       {"consent", i18n::tr(label_of(consents(), s.consent))},
                       {"photo", s.photo.has_value()},
                       {"date", s.created_at.substr(0, 10)},
                       {"date_text", date_in_words(s.created_at)}});
  return Json{{"title", "Stories to read"}, {"pending", pending}, {"has_pending", !pending.empty()}};
}

Result<Json> review_page(Ctx& ctx) {
  auto id = id_param(ctx);
  auto s = id ? StoryStore(ctx.db).get(*id) : std::nullopt;
  if (!s || s->status == "withdrawn")
    return Error::not_found(i18n::tr("There is no story {id} to read.", {{"id", ctx.param("id")}}));
  std::vector<std::string> outcomes;
  outcomes.reserve(s->outcomes.size());
  for (const auto& o : s->outcomes) outcomes.push_back(o.name);
  // A declined story is decided for good; a published or kept one may be edited or taken down.
  const bool open = s->status != "declined";
  Json decisions = Json::array();
  if (open && may_publish(s->consent))
    decisions.push_back({{"value", "publish"}, {"text", i18n::tr("Publish the text above")}});
  if (open && may_use_for_evaluation(s->consent))
    decisions.push_back({{"value", "evaluation"}, {"text", i18n::tr("Keep the text above for evaluation only")}});
  if (open)
    decisions.push_back(
        {{"value", "decline"},
         {"text", s->status == "pending" ? i18n::tr("Decline, with a reason to the teller")
                                         : i18n::tr("Take it down: decline, with a reason to the teller")}});
  std::string decided = s->status == "published"    ? i18n::tr("Decided: published.")
                        : s->status == "evaluation" ? i18n::tr("Decided: kept for evaluation only.")
                        : s->status == "declined"   ? i18n::tr("Decided: declined, and the teller told why.")
                                                    : "";
  Json story = {{"id", s->id},
                {"title", s->title},
                {"body", s->body},
                {"teller", s->teller_name.empty() ? i18n::tr("Not given") : s->teller_name},
                {"consent", i18n::tr(label_of(consents(), s->consent))},
                {"consent_note", s->consent_note},
                {"perspective", i18n::tr(label_of(perspectives(), s->perspective))},
                {"area", s->area_name},
                {"status", s->status},
                {"outcomes", join(outcomes, "; ")}};
  if (s->photo)
    story["photo"] = {{"src", "/moderate/stories/" + std::to_string(s->id) + "/photo.jpg"},
                      {"alt", s->photo->alt},
                      {"may_publish", may_publish(s->consent)}};
  return Json{{"title", i18n::tr("Read: {title}", {{"title", s->title}})},
              {"story", story},
              {"decisions", decisions},
              {"may_decide", !decisions.empty()},
              {"decided", decided},
              {"values", {{"public_body", s->public_body.empty() ? s->body : s->public_body}}}};
}

Result<web::Done> review_action(Ctx& ctx, const web::Input& in) {
  auto id = id_param(ctx);
  if (!id) return Error::not_found(i18n::tr("There is no story {id}.", {{"id", ctx.param("id")}}));
  Decision d{in.get("decision"), first(in, "public_body"), in.get("reason"), in.get("show_photo") == "yes"};
  auto done = decide(ctx.db, audit::Actor::of(ctx), *id, d);
  if (!done) return done.error();
  // Says which decision was made, in the words the story's page uses for it.
  const std::string said = d.decision == "publish"      ? i18n::tr("Decided: published.")
                           : d.decision == "evaluation" ? i18n::tr("Decided: kept for evaluation only.")
                                                        : i18n::tr("Decided: declined, and the teller told why.");
  return web::Done{"/moderate/stories", {{"id", *id}, {"decision", d.decision}}, said};
}

Result<Json> signifiers_page(Ctx& ctx) {
  Json list = Json::array();
  for (const auto& s : spoken(StoryStore(ctx.db).signifiers(true)))
    list.push_back({{"id", s.id},
                    {"kind", s.kind == "slider" ? i18n::tr("Slider") : i18n::tr("Three-way choice")},
                    {"prompt", s.prompt},
                    {"labels", s.kind == "slider" ? s.label_a + " … " + s.label_b
                                                  : s.label_a + " / " + s.label_b + " / " + s.label_c},
                    {"retired", s.retired}});
  return Json{
      {"title", "Questions for tellers"},
      {"signifiers", list},
      {"kinds",
       choices({{"slider", i18n::msg("A slider between two ends")}, {"triad", i18n::msg("A three-way choice")}}, "")}};
}

Result<web::Done> signifiers_action(Ctx& ctx, const web::Input& in) {
  audit::Actor actor = audit::Actor::of(ctx);
  if (in.get("do") == "retire") {
    auto id = parse_int(in.get("id"));
    Status done =
        id ? retire_signifier(ctx.db, actor, *id) : Status(Error::not_found(i18n::tr("There is no such question.")));
    if (!done) return done.error();
    return web::Done{"/admin/signifiers", {{"id", *id}}, i18n::tr("Question retired: answers already given are kept.")};
  }
  auto id = add_signifier(
      ctx.db, actor,
      {0, in.get("kind"), in.get("prompt"), in.get("label_a"), in.get("label_b"), in.get("label_c"), false});
  if (!id) return id.error();
  return web::Done{"/admin/signifiers", {{"id", *id}}, i18n::tr("Question added."), 201};
}

}  // namespace

void install_routes(web::Server& server) {
  auto& r = server.router();
  r.page("/stories", "stories/list", Access::anyone(), [](Ctx& ctx) { return list_page(ctx, false); });
  r.page("/case-studies", "stories/list", Access::anyone(), [](Ctx& ctx) { return list_page(ctx, true); });
  r.raw("GET", "/stories.atom", Access::anyone(), atom_feed, false);
  r.page("/stories/tell", "stories/tell", Access::anyone(), tell_page);
  r.action("/stories/tell", Access::anyone(), tell_action, prepare_photo);
  r.page("/stories/mine", "stories/mine", Access::any_member(), mine_page);
  r.action("/stories/mine", Access::any_member(), mine_action);
  r.page("/stories/withdraw/{token}", "stories/withdraw", Access::anyone(), withdraw_page);
  r.action("/stories/withdraw/{token}", Access::anyone(), withdraw_action);
  r.page("/stories/{id}", "stories/story", Access::anyone(), story_page);
  r.raw("GET", "/stories/{id}/photo.jpg", Access::anyone(), public_photo, false);
  r.page("/moderate/stories", "stories/queue", Access::role(kModerators), queue_page);
  r.page("/moderate/stories/{id}", "stories/review", Access::role(kModerators), review_page);
  r.action("/moderate/stories/{id}", Access::role(kModerators), review_action);
  r.raw("GET", "/moderate/stories/{id}/photo.jpg", Access::role(kModerators), moderator_photo, false);
  r.page("/admin/signifiers", "stories/signifiers", Access::role({"admin"}), signifiers_page);
  r.action("/admin/signifiers", Access::role({"admin"}), signifiers_action);
  server.add_nav({"Stories", "/stories", Access::anyone(), false});
}

}  // namespace kith::stories
