// /timebank/gifts (residents record gifts and needs) and /timebank/connect
// (connectors see suggested matches with their reasons and record introductions).
// Thin: read the form, call gift_board.cpp, shape the page.
#include "timebank/gift_board_http.h"

#include "core/text.h"
#include "i18n/request.h"
#include "i18n/speaking.h"
#include "timebank/gift_board.h"
#include "timebank/ledger.h"
#include "web/resubmitted.h"

namespace kith::timebank {

namespace {

using web::Access;
using web::Ctx;
using web::Json;

const std::map<std::string, std::string>& kind_names() {
  static const std::map<std::string, std::string> names = {{"head", i18n::msg("Head: something I know")},
                                                           {"hands", i18n::msg("Hands: something I can do")},
                                                           {"heart", i18n::msg("Heart: something I care about")}};
  return names;
}

Json entry_json(const BoardEntry& e) {
  auto kind = kind_names().find(e.kind);
  return {{"id", e.id},
          {"name", e.name},
          {"side", e.side},
          {"kind", kind == kind_names().end() ? "" : i18n::tr(kind->second)},
          {"category", i18n::tr(category_name(e.category))},
          {"description", e.description},
          {"language", e.language},
          {"dir", i18n::direction_of(e.language)},
          {"intergenerational", e.intergenerational}};
}

Json options(const std::vector<std::pair<std::string, std::string>>& list) {
  Json out = Json::array();
  for (const auto& [value, text] : list) out.push_back({{"value", value}, {"text", text}});
  return out;
}

Result<Json> gifts_page(Ctx& ctx) {
  Json gifts = Json::array(), needs = Json::array();
  for (const auto& e : entries_of(ctx.db, ctx.user->id)) (e.side == "gift" ? gifts : needs).push_back(entry_json(e));
  std::vector<std::pair<std::string, std::string>> cats, kinds, times;
  for (const auto& id : categories()) cats.emplace_back(id, i18n::tr(category_name(id)));
  for (const auto& [id, name] : kind_names()) kinds.emplace_back(id, i18n::tr(name));
  for (const auto& t : time_choices()) times.emplace_back(t.id, i18n::tr(t.label));
  return Json{
      {"title", "Gifts and needs"},
      {"breadcrumbs", Json::array({{{"name", "Home"}, {"href", "/"}}, {{"name", "Timebank"}, {"href", "/timebank"}}})},
      {"gifts", gifts},
      {"has_gifts", !gifts.empty()},
      {"needs", needs},
      {"has_needs", !needs.empty()},
      {"categories", options(cats)},
      {"kinds", options(kinds)},
      {"times", options(times)},
      {"ages", options({{"", i18n::tr("Rather not say")},
                        {"under-25", i18n::tr("Under 25")},
                        {"25-49", i18n::tr("25 to 49")},
                        {"50-64", i18n::tr("50 to 64")},
                        {"65-and-over", i18n::tr("65 and over")}})},
      {"languages", i18n::written_in_choices(web::resubmitted(ctx).get("language"))},
      {"values", {{"name", ctx.user->name}}}};
}

Result<web::Done> gifts_action(Ctx& ctx, const web::Input& in) {
  auto times = times_mask(in.all("times"));
  if (!times) return times.error();
  BoardInput b{in.get("side"), in.get("kind"), in.get("category"), in.get("description"), in.get("postcode"),
               in.get("age_band"), in.get("name").empty() ? ctx.user->name : in.get("name"), *times,
               in.get("intergenerational") == "yes", std::nullopt,
               // Not chosen (the API, an older form): the language of the page.
               in.get("language").empty() ? i18n::speaking()->code : in.get("language")};
  auto id = add_entry(ctx.db, caller_of(ctx), b);
  if (!id) return id.error();
  return web::Done{"/timebank/gifts",
                   {{"id", *id}},
                   b.side == "gift" ? i18n::tr("Thank you: your gift is on the board.")
                                    : i18n::tr("Your need is on the board: a connector will be in touch."),
                   201};
}

Result<Json> connect_page(Ctx& ctx) {
  bool animate = ctx.req.query_param("intergenerational") == "yes";
  auto gifts = open_entries(ctx.db, "gift");
  Json needs = Json::array();
  for (const auto& need : open_entries(ctx.db, "need")) {
    if (animate && !need.intergenerational) continue;
    Json matches = Json::array();
    for (const auto& s : suggestions(ctx.db, need, 3, gifts)) {
      Json m = entry_json(s.gift);
      m["score"] = std::lround(s.match.score * 100);
      m["reasons"] = kith::join(s.reasons, "; ");
      m["id_need"] = need.id;
      matches.push_back(m);
    }
    Json n = entry_json(need);
    n["matches"] = matches;
    n["has_matches"] = !matches.empty();
    needs.push_back(n);
  }
  Json intros = Json::array();
  for (const auto& i : introductions(ctx.db))
    intros.push_back({{"id", i.id},
                      {"need", i.need.name + ": " + i.need.description},
                      {"gift", i.gift.name + ": " + i.gift.description},
                      {"date", i.created_at.substr(0, 10)},
                      {"outcome", i.outcome},
                      {"open", i.outcome == "introduced"},
                      {"outcome_text", i.outcome == "lasted"         ? i18n::tr("It lasted")
                                       : i.outcome == "did-not-last" ? i18n::tr("It did not last")
                                                                     : i18n::tr("Introduced: follow up later")}});
  return Json{
      {"title", "Connect gifts and needs"},
      {"breadcrumbs", Json::array({{{"name", "Home"}, {"href", "/"}}, {{"name", "Timebank"}, {"href", "/timebank"}}})},
      {"needs", needs},
      {"has_needs", !needs.empty()},
      {"gift_count", gifts.size()},
      {"gifts_text", count_of(static_cast<std::int64_t>(gifts.size()), "gift")},
      {"animate", animate},
      {"introductions", intros},
      {"has_introductions", !intros.empty()}};
}

Result<web::Done> connect_action(Ctx& ctx, const web::Input& in) {
  if (in.get("do") == "introduce") {
    auto need = parse_int(in.get("need"));
    auto gift = parse_int(in.get("gift"));
    if (!need || !gift) return Error::validation({{"need", "Choose a need and a gift to introduce"}});
    auto id = introduce(ctx.db, caller_of(ctx), *need, *gift);
    if (!id) return id.error();
    return web::Done{
        "/timebank/connect", {{"id", *id}}, i18n::tr("The introduction is recorded: follow it up later."), 201};
  }
  if (in.get("do") == "outcome") {
    auto id = parse_int(in.get("introduction"));
    if (!id) return Error::validation({{"introduction", "Choose an introduction"}});
    auto done = follow_up(ctx.db, caller_of(ctx), *id, in.get("outcome"));
    if (!done) return done.error();
    return web::Done{"/timebank/connect", {{"id", *id}, {"outcome", in.get("outcome")}}, i18n::tr("Thank you: noted.")};
  }
  return Error::validation({{"do", "Choose introduce or outcome"}});
}

}  // namespace

void install_board_routes(web::Server& server) {
  auto& r = server.router();
  r.page("/timebank/gifts", "timebank/gifts", Access::any_member(), gifts_page);
  r.action("/timebank/gifts", Access::any_member(), gifts_action);
  r.page("/timebank/connect", "timebank/connect", Access::role(kCoordinators), connect_page);
  r.action("/timebank/connect", Access::role(kCoordinators), connect_action);
}

}  // namespace kith::timebank
