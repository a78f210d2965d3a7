// The engagement log's pages and API: the log with its filters and CSV (/engagement),
// recording and editing an engagement, one record, the place's themes, and "who have
// we not heard from?" for an area (/engagement/not-heard). Thin: the rules and the
// comparison live in engagement.cpp, writes in service.cpp.
#include <cmath>
#include <cstdio>
#include <set>

#include "areas/area_store.h"
#include "areas/census.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/text.h"
#include "engagement/module.h"
#include "engagement/service.h"
#include "i18n/speaking.h"
#include "web/dates.h"
#include "web/problems.h"
#include "web/resubmitted.h"

namespace kith::engagement {

namespace {

using web::Access;
using web::Ctx;
using web::Json;

constexpr int kQuoteSlots = 3;
constexpr const char* kMethod = i18n::msg(
    "Each group's share of the people heard from has a 95% Wilson score interval; the area's share is the Census 2021 "
    "count, taken as known. The ratio is the share heard from divided by the area's share (1 means in proportion), "
    "and its interval is the Wilson interval divided by the area's share. A group is called under- or "
    "over-represented only where the whole interval lies below or above the area's share.");
constexpr const char* kCensusSource =
    i18n::msg("Census 2021, Office for National Statistics, Open Government Licence v3.0");

std::string today() { return now_iso().substr(0, 10); }

Json crumbs(bool with_log = true) {
  Json out = Json::array({{{"name", "Home"}, {"href", "/"}}});
  if (with_log) out.push_back({{"name", "Engagement log"}, {"href", "/engagement"}});
  return out;
}

// Staff record and read the whole log; a hub volunteer records and reads their own.
// The answer: whether the caller is staff.
Result<bool> recorder(Ctx& ctx) {
  if (!ctx.user || !may_record(ctx.db, *ctx.user))
    return Error{"forbidden",
                 "The engagement log is kept by staff, and by volunteers who run or work shifts at a community hub.",
                 {}};
  return is_staff_recorder(*ctx.user);
}

bool may_edit(const Ctx& ctx, const Record& r) {
  if (!ctx.user) return false;
  return ctx.user->has_any(web::kOfficerRoles) || (r.recorded_by && *r.recorded_by == ctx.user->id);
}

// A topic's groups of one record, shown only for 5 or more people.
Json people_json(const Record& r) {
  Json out = Json::array();
  for (const auto& t : topics()) {
    std::int64_t n = described(r.counts, t);
    if (n == 0) continue;
    Json topic = {{"id", t.id}, {"title", i18n::tr(t.title)}, {"described", n}, {"shown", n >= kMinPeopleShown}};
    if (n < kMinPeopleShown) {
      topic["hidden"] =
          i18n::tr("Hidden: fewer than 5 people were described, too few to show without risk of identifying them.");
    } else {
      Json groups = Json::array();
      for (const auto& g : t.groups) {
        // A group left blank is not known, which is not the same as no one.
        auto it = r.counts.find(t.id + "." + g.id);
        bool known = it != r.counts.end();
        groups.push_back({{"id", g.id},
                          {"label", i18n::tr(g.label)},
                          {"people", known ? Json(it->second) : Json()},
                          {"people_text", known ? std::to_string(it->second) : i18n::tr("Not given")}});
      }
      topic["groups"] = groups;
    }
    out.push_back(topic);
  }
  return out;
}

// Quotes with consent only; the number withheld is said, never their words.
Json quotes_json(const Record& r) {
  Json out = Json::array();
  for (std::size_t i = 0; i < r.quotes.size(); ++i) {
    const Quote& q = r.quotes[i];
    if (!q.consent) continue;
    Json quote = {{"text", q.text}, {"who", q.who}, {"position", i + 1}};
    if (q.story_id) quote["story_id"] = *q.story_id;
    out.push_back(quote);
  }
  return out;
}

std::int64_t withheld(const Record& r) {
  std::int64_t n = 0;
  for (const auto& q : r.quotes) n += q.consent ? 0 : 1;
  return n;
}

Json summary_json(const Record& r) {
  return {{"id", r.id},
          {"href", "/engagement/" + std::to_string(r.id)},
          {"kind", r.kind},
          {"kind_label", label_of(kinds(), r.kind)},
          {"title", r.title},
          {"occurred_on", r.occurred_on},
          {"date", date_in_words(r.occurred_on)},
          {"area_code", r.area_code},
          {"area", r.area_name},
          {"people", r.people},
          {"people_text", thousands(r.people)},
          {"level", r.level},
          {"level_label", label_of(levels(), r.level)},
          {"themes", r.themes},
          {"themes_text", themes_text(r.themes)}};
}

// The filter the list, the CSV and the comparison read from the query string;
// an error names the field at fault.
Result<Filter> filter_of(Ctx& ctx, std::string* area_label) {
  Filter f;
  std::string area = to_upper(ctx.req.query_param("area"));
  if (!area.empty()) {
    areas::AreaStore store(ctx.db);
    auto a = store.get(area);
    // A postcode stands for the LSOA it is in.
    if (!a)
      if (auto pc = areas::normalise_postcode(area))
        if (auto hit = store.postcode(*pc)) a = store.get(hit->lsoa_code);
    if (!a || a->kind == areas::Kind::kCountry)
      return Error::validation({{"area", "There is no area or postcode " + area +
                                             ": give a postcode, or an LSOA, ward, authority or "
                                             "neighbourhood code"}});
    f.area_code = a->code;
    f.area_kind = areas::kind_id(a->kind);
    if (a->kind != areas::Kind::kAuthority && a->kind != areas::Kind::kLsoa) f.area_lsoas = store.lsoa_codes(*a);
    if (area_label) *area_label = areas::label(*a);
  }
  auto date = [&](const char* name, std::string& out) -> Status {
    std::string v = ctx.req.query_param(name);
    if (v.empty()) return Ok{};
    Record probe;
    probe.occurred_on = v;
    for (const auto& e : check(probe, "9999-12-31"))
      if (e.field == "occurred_on")
        return Error::validation({{name, "Enter the date as YYYY-MM-DD, for example 2026-10-27"}});
    out = v;
    return Ok{};
  };
  if (auto st = date("from", f.from); !st) return st.error();
  if (auto st = date("to", f.to); !st) return st.error();
  if (!f.from.empty() && !f.to.empty() && f.to < f.from)
    return Error::validation({{"to", "The end date must be the same as or after the start date"}});
  f.kind = ctx.req.query_param("kind");
  if (!f.kind.empty() && label_of(kinds(), f.kind) == f.kind)
    return Error::validation({{"kind", "Choose a kind of engagement from the list"}});
  if (std::string t = ctx.req.query_param("theme"); !t.empty()) {
    auto id = parse_int(t);
    if (!id || !EngagementStore(ctx.db).theme(*id))
      return Error::validation({{"theme", "Choose a theme from the list"}});
    f.theme = *id;
  }
  return f;
}

Json choices_json(const std::vector<Choice>& choices, const std::string& chosen) {
  Json out = Json::array();
  for (const auto& c : choices)
    out.push_back({{"value", c.id}, {"text", i18n::tr(c.label)}, {"checked", c.id == chosen}});
  return out;
}

// The themes offered (the seeded ones in the reader's language), or with the retired
// ones for the officers' own list, which shows them as written.
Json themes_json(store::Db& db, const std::set<std::string>& chosen, bool with_retired) {
  Json out = Json::array();
  for (const auto& t : EngagementStore(db).themes(with_retired))
    out.push_back({{"id", t.id},
                   {"name", with_retired ? t.name : i18n::tr(t.name)},
                   {"retired", t.retired},
                   {"checked", chosen.count(std::to_string(t.id)) > 0}});
  return out;
}

Result<Json> list_page(Ctx& ctx) {
  auto staff = recorder(ctx);
  if (!staff) return staff.error();
  std::string area_label;
  auto f = filter_of(ctx, &area_label);
  if (!f) return f.error();
  if (!*staff) f->recorded_by = ctx.user->id;
  EngagementStore store(ctx.db);
  Json items = Json::array();
  auto records = store.list(*f);
  for (const auto& r : records) items.push_back(summary_json(r));
  std::int64_t total = store.count(*f);
  std::string query;
  for (const char* k : {"area", "from", "to", "kind", "theme"})
    if (auto v = ctx.req.query_param(k); !v.empty())
      query += (query.empty() ? "?" : "&") + std::string(k) + "=" + url_encode(v);
  Json kind_options = Json::array({{{"value", ""}, {"text", i18n::tr("Any kind")}, {"selected", f->kind.empty()}}});
  for (const auto& k : kinds())
    kind_options.push_back({{"value", k.id}, {"text", i18n::tr(k.label)}, {"selected", k.id == f->kind}});
  Json theme_options = Json::array({{{"value", ""}, {"text", i18n::tr("Any theme")}, {"selected", f->theme == 0}}});
  for (const auto& t : store.themes(true))
    theme_options.push_back(
        {{"value", std::to_string(t.id)}, {"text", i18n::tr(t.name)}, {"selected", t.id == f->theme}});
  Json data = {{"title", *staff ? i18n::tr("Engagement log") : i18n::tr("Engagement you recorded")},
               {"breadcrumbs", crumbs(false)},
               {"staff", *staff},
               {"records", items},
               {"has_records", !items.empty()},
               {"total", total},
               {"total_text", count_of(total, "engagement")},
               {"more", total > static_cast<std::int64_t>(records.size())},
               {"shown", records.size()},
               {"filter", {{"area", ctx.req.query_param("area")}, {"from", f->from}, {"to", f->to}}},
               {"kinds", kind_options},
               {"themes", theme_options},
               {"csv_href", "/engagement.csv" + query},
               {"may_manage_themes", ctx.user && ctx.user->has_any(web::kOfficerRoles)}};
  if (!area_label.empty() && *staff) {
    data["area_label"] = area_label;
    data["not_heard_href"] = "/engagement/not-heard?area=" + f->area_code;
  }
  return data;
}

web::Response list_csv(Ctx& ctx) {
  auto f = filter_of(ctx, nullptr);
  if (!f) return web::problem_response(f.error(), ctx.req.path);
  f->limit = 1000000;
  std::string out = csv_line({"id", "date", "kind", "title", "area_code", "area", "postcode", "people", "level",
                              "themes", "quotes_with_consent", "recorded_by"});
  for (const auto& r : EngagementStore(ctx.db).list(*f)) {
    std::vector<std::string> quotes;
    for (const auto& q : r.quotes)
      if (q.consent) quotes.push_back("\"" + q.text + "\"" + (q.who.empty() ? "" : " (" + q.who + ")"));
    out += csv_line({std::to_string(r.id), r.occurred_on, label_of(kinds(), r.kind), r.title, r.area_code, r.area_name,
                     r.postcode, std::to_string(r.people), label_of(levels(), r.level), join(r.themes, "; "),
                     join(quotes, " | "), r.recorded_by_name});
  }
  web::Response res;
  res.content_type = "text/csv; charset=utf-8";
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"engagement.csv\"");
  res.body = out;
  return res;
}

// What the form shows: the submitted values on a re-shown form, else the record's.
Json form_json(Ctx& ctx, const std::optional<Record>& r) {
  std::optional<web::Input> in;
  // A failed post is re-shown through this page with the request's body kept.
  if (auto posted = web::resubmitted(ctx); !posted.echo().empty()) in = posted;
  auto value = [&](const std::string& field, const std::string& from_record) {
    return in ? in->get(field) : from_record;
  };
  std::string kind = value("kind", r ? r->kind : "");
  std::string level = value("level", r ? r->level : "");
  std::set<std::string> chosen;
  if (in) {
    for (const auto& t : in->all("themes")) chosen.insert(t);
  } else if (r) {
    for (const auto& t : EngagementStore(ctx.db).themes(true))
      for (const auto& name : r->themes)
        if (name == t.name) chosen.insert(std::to_string(t.id));
  }
  Json quotes = Json::array();
  for (int i = 1; i <= kQuoteSlots; ++i) {
    std::string f = "quote_" + std::to_string(i);
    const Quote* q = r && static_cast<int>(r->quotes.size()) >= i ? &r->quotes[i - 1] : nullptr;
    quotes.push_back({{"n", i},
                      {"field", f},
                      {"text", value(f, q ? q->text : "")},
                      {"who", value(f + "_who", q ? q->who : "")},
                      {"consent", in ? !in->get(f + "_consent").empty() : (q && q->consent)}});
  }
  Json people = Json::array();
  for (const auto& t : topics()) {
    Json groups = Json::array();
    for (const auto& g : t.groups) {
      std::string field = "count_" + t.id + "_" + g.id;
      std::string recorded;
      if (r)
        if (auto it = r->counts.find(t.id + "." + g.id); it != r->counts.end()) recorded = std::to_string(it->second);
      groups.push_back({{"field", field}, {"label", i18n::tr(g.label)}, {"value", value(field, recorded)}});
    }
    people.push_back({{"id", t.id}, {"title", i18n::tr(t.title)}, {"field", "counts_" + t.id}, {"groups", groups}});
  }
  return {{"kinds", choices_json(kinds(), kind)},
          {"levels", choices_json(levels(), level)},
          {"themes", themes_json(ctx.db, chosen, false)},
          {"title", value("title", r ? r->title : "")},
          {"occurred_on", web::date_input(ctx, "occurred_on", "occurred_on", r ? r->occurred_on : today(), "")},
          {"place", value("place", r ? (r->postcode.empty() ? r->area_code : r->postcode) : "")},
          {"people", value("people", r ? std::to_string(r->people) : "")},
          {"notes", value("notes", r ? r->notes : "")},
          {"quotes", quotes},
          {"topics", people}};
}

// What the form or the API sent; a part of the date at fault goes into `bad_date`.
Typed typed_of(const web::Input& in, std::optional<FieldError>& bad_date) {
  Typed t;
  Record& r = t.record;
  r.kind = in.get("kind");
  r.title = in.get("title");
  r.occurred_on = web::date_answer(in, "occurred_on", "occurred_on", i18n::msg("The date it happened"), bad_date);
  t.place = in.get("place");
  auto people = parse_typed_number(in.get("people"));
  r.people = people ? *people : -1;
  r.level = in.get("level");
  r.notes = in.raw("notes");
  for (const auto& v : in.all("themes")) {
    auto id = parse_int(v);
    t.themes.push_back(id ? *id : -1);
  }
  for (int i = 1; i <= kQuoteSlots; ++i) {
    std::string f = "quote_" + std::to_string(i);
    std::string consent = to_lower(in.get(f + "_consent"));
    r.quotes.push_back({in.raw(f), in.get(f + "_who"), consent == "yes" || consent == "true", std::nullopt});
  }
  for (const auto& topic : topics())
    for (const auto& g : topic.groups) {
      std::string v = in.get("count_" + topic.id + "_" + g.id);
      if (v.empty()) continue;
      auto n = parse_int(v);
      r.counts[topic.id + "." + g.id] = n ? *n : -1;
    }
  return t;
}

Result<Json> new_page(Ctx& ctx) {
  if (auto staff = recorder(ctx); !staff) return staff.error();
  Json c = crumbs();
  return Json{{"title", "Record an engagement"},
              {"breadcrumbs", c},
              {"action", "/engagement/new"},
              {"form", form_json(ctx, std::nullopt)},
              {"button", i18n::tr("Record it")}};
}

Result<web::Done> new_action(Ctx& ctx, const web::Input& in) {
  if (auto staff = recorder(ctx); !staff) return staff.error();
  std::optional<FieldError> bad_date;
  auto id = record_engagement(ctx.db, audit::Actor::of(ctx), typed_of(in, bad_date), today());
  Status made = web::with_date_fault(id ? Status(Ok{}) : Status(id.error()), ctx, in, "occurred_on", bad_date);
  if (!made) return audit::refused(ctx, "engagement.record", "engagement_record", "", made.error());
  return web::Done{"/engagement/" + std::to_string(*id), {{"id", *id}}, i18n::msg("Engagement recorded."), 201};
}

Result<Record> record_of(Ctx& ctx) {
  auto id = parse_int(ctx.param("id"));
  auto r = id ? EngagementStore(ctx.db).get(*id) : std::nullopt;
  if (!r) return Error::not_found("There is no engagement record " + ctx.param("id") + ".");
  return *r;
}

Result<Json> record_page(Ctx& ctx) {
  auto staff = recorder(ctx);
  if (!staff) return staff.error();
  auto r = record_of(ctx);
  if (!r) return r.error();
  if (!*staff && !may_edit(ctx, *r))
    return Error{"forbidden", "A volunteer sees the engagement they recorded; this one is someone else's.", {}};
  Json data = summary_json(*r);
  data["postcode"] = r->postcode;
  data["area_href"] = "/areas/" + r->area_code;
  data["notes"] = r->notes;
  data["quotes"] = quotes_json(*r);
  data["has_quotes"] = !data["quotes"].empty();
  data["quotes_withheld"] = withheld(*r);
  data["has_withheld"] = withheld(*r) > 0;
  data["quotes_withheld_text"] = count_of(withheld(*r), "quote") + " kept without consent to show: not shown";
  data["people_by_group"] = people_json(*r);
  data["has_people"] = !data["people_by_group"].empty();
  data["recorded_by"] = r->recorded_by_name;
  data["recorded_at"] = date_in_words(r->created_at);
  data["may_edit"] = may_edit(ctx, *r);
  data["edit_href"] = "/engagement/" + std::to_string(r->id) + "/edit";
  data["not_heard_href"] = "/engagement/not-heard?area=" + r->area_code;
  data["staff"] = *staff;
  return Json{{"title", r->title}, {"breadcrumbs", crumbs()}, {"record", data}};
}

Result<Json> edit_page(Ctx& ctx) {
  auto r = record_of(ctx);
  if (!r) return r.error();
  if (!may_edit(ctx, *r)) return Error{"forbidden", "Only the person who recorded it, or an officer, edits it.", {}};
  Json c = crumbs();
  c.push_back({{"name", r->title}, {"href", "/engagement/" + std::to_string(r->id)}});
  return Json{{"title", i18n::tr("Edit: {title}", {{"title", r->title}})},
              {"breadcrumbs", c},
              {"action", "/engagement/" + std::to_string(r->id) + "/edit"},
              {"form", form_json(ctx, *r)},
              {"button", i18n::tr("Save changes")}};
}

Result<web::Done> edit_action(Ctx& ctx, const web::Input& in) {
  auto r = record_of(ctx);
  if (!r) return r.error();
  if (!may_edit(ctx, *r)) return Error{"forbidden", "Only the person who recorded it, or an officer, edits it.", {}};
  std::optional<FieldError> bad_date;
  auto st = edit_engagement(ctx.db, audit::Actor::of(ctx), r->id, typed_of(in, bad_date), today());
  st = web::with_date_fault(std::move(st), ctx, in, "occurred_on", bad_date);
  if (!st) return audit::refused(ctx, "engagement.edit", "engagement_record", std::to_string(r->id), st.error());
  return web::Done{"/engagement/" + std::to_string(r->id), {{"id", r->id}}, i18n::msg("Changes saved.")};
}

Result<Json> themes_page(Ctx& ctx) {
  return Json{{"title", "Themes heard"}, {"breadcrumbs", crumbs()}, {"themes", themes_json(ctx.db, {}, true)}};
}

Result<web::Done> themes_action(Ctx& ctx, const web::Input& in) {
  audit::Actor actor = audit::Actor::of(ctx);
  std::string what = in.get("do");
  if (what == "add") {
    auto id = add_theme(ctx.db, actor, in.get("name"));
    if (!id) return audit::refused(ctx, "engagement.theme_add", "engagement_theme", "", id.error());
    return web::Done{"/engagement/themes", {{"id", *id}}, i18n::msg("Theme added."), 201};
  }
  if (what == "retire" || what == "restore") {
    auto id = parse_int(in.get("theme"));
    auto st = retire_theme(ctx.db, actor, id.value_or(0), what == "retire");
    if (!st) return audit::refused(ctx, "engagement.theme_" + what, "engagement_theme", in.get("theme"), st.error());
    return web::Done{"/engagement/themes",
                     {{"id", *id}},
                     what == "retire" ? i18n::msg("Theme retired: it is kept on records but no longer offered.")
                                      : i18n::msg("Theme offered again.")};
  }
  return Error::validation({{"do", "Choose to add, retire or restore a theme"}});
}

Result<web::Done> story_action(Ctx& ctx, const web::Input& in) {
  auto r = record_of(ctx);
  if (!r) return r.error();
  auto story =
      quote_to_story(ctx.db, audit::Actor::of(ctx), r->id, parse_int(in.get("quote")).value_or(0), ctx.user->id);
  if (!story)
    return audit::refused(ctx, "engagement.quote_story", "engagement_record", std::to_string(r->id), story.error());
  return web::Done{"/engagement/" + std::to_string(r->id),
                   {{"story", *story}},
                   i18n::msg("A story draft of the quote is waiting for the moderators."),
                   201};
}

std::string ratio_text(const GroupGap& g) {
  if (!g.ratio) return i18n::tr("no one in the area");
  return i18n::tr("{ratio} ({low} to {high})", {{"ratio", fixed(*g.ratio, 2)},
                                                {"low", fixed(g.ratio_interval.low, 2)},
                                                {"high", fixed(g.ratio_interval.high, 2)}});
}

Json gap_json(const TopicGap& t, const std::string& area_label) {
  const std::string title = i18n::tr(t.topic->title);
  Json out = {{"id", t.topic->id},        {"title", title},
              {"residents", t.residents}, {"residents_text", thousands(t.residents)},
              {"described", t.described}, {"described_text", count_of(t.described, "person", "people")},
              {"shown", t.shown}};
  if (!t.shown) {
    out["hidden_because"] = t.hidden_because;
    return out;
  }
  Json groups = Json::array();
  for (const auto& g : t.groups)
    groups.push_back({{"id", g.group->id},
                      {"label", i18n::tr(g.group->label)},
                      {"residents", g.residents},
                      {"residents_text", thousands(g.residents)},
                      {"area_share", std::round(g.area_share * 10000) / 10000},
                      {"area_percent", percent(g.area_share)},
                      {"heard", g.heard},
                      {"heard_share", std::round(g.heard_share * 10000) / 10000},
                      {"heard_percent", percent(g.heard_share)},
                      {"heard_low", std::round(g.heard_interval.low * 10000) / 10000},
                      {"heard_high", std::round(g.heard_interval.high * 10000) / 10000},
                      {"interval_text", i18n::tr("{low} to {high}", {{"low", percent(g.heard_interval.low)},
                                                                     {"high", percent(g.heard_interval.high)}})},
                      {"ratio", g.ratio ? Json(std::round(*g.ratio * 100) / 100) : Json(nullptr)},
                      {"ratio_low", std::round(g.ratio_interval.low * 100) / 100},
                      {"ratio_high", std::round(g.ratio_interval.high * 100) / 100},
                      {"ratio_text", ratio_text(g)},
                      {"finding", g.finding},
                      {"under", g.finding == "under"},
                      {"over", g.finding == "over"},
                      {"sentence", g.sentence}});
  out["groups"] = groups;
  // A whole sentence: a template's attribute with a value in it is not a message.
  out["chart_label"] = i18n::tr("Chart: {topic}, the area beside the people heard from", {{"topic", title}});
  out["svg"] = chart_svg(t, i18n::tr("{topic}: {area}'s share of each group beside the share of the people heard from",
                                     {{"topic", title}, {"area", area_label}}));
  return out;
}

// The engagement counted, in words: "" for all of it, else "from 1 April 2026 to 30 June 2026".
std::string period_text(const Filter& f) {
  if (!f.from.empty() && !f.to.empty())
    return i18n::tr("from {from} to {to}", {{"from", date_in_words(f.from)}, {"to", date_in_words(f.to)}});
  if (!f.from.empty()) return i18n::tr("since {from}", {{"from", date_in_words(f.from)}});
  if (!f.to.empty()) return i18n::tr("up to {to}", {{"to", date_in_words(f.to)}});
  return "";
}

Result<Json> not_heard_page(Ctx& ctx) {
  Json data = {{"title", "Who have we not heard from?"}, {"breadcrumbs", crumbs()}, {"method", i18n::tr(kMethod)}};
  // Areas to choose from: the saved focus neighbourhoods and the place's authorities.
  Json choices = Json::array();
  for (const auto& r :
       ctx.db.query("SELECT code, label FROM areas WHERE kind = 'neighbourhood' OR code IN "
                    "(SELECT DISTINCT authority_code FROM engagement_records) ORDER BY kind DESC, label"))
    choices.push_back({{"code", r.text(0)}, {"label", r.text(1)}, {"href", "/engagement/not-heard?area=" + r.text(0)}});
  data["choices"] = choices;
  data["has_choices"] = !choices.empty();
  std::string area = ctx.req.query_param("area");
  data["area"] = area;
  data["filter"] = {{"from", ctx.req.query_param("from")}, {"to", ctx.req.query_param("to")}};
  if (area.empty()) return data;
  std::string area_label;
  auto f = filter_of(ctx, &area_label);
  if (!f && ctx.is_api) return f.error();
  if (!f) {  // the form again, its answer kept, what is wrong summarised above and beside it
    web::add_error_view(data, f.error());
    return data;
  }
  areas::AreaStore areas(ctx.db);
  auto a = areas.get(f->area_code);
  std::string dates = (f->from.empty() ? "" : "&from=" + f->from) + (f->to.empty() ? "" : "&to=" + f->to);
  data["title"] = i18n::tr("Who have we not heard from in {area}?", {{"area", area_label}});
  data["result"] = not_heard_result(ctx.db, *f, areas.lsoa_codes(*a), area_label, "/areas/" + f->area_code,
                                    "/engagement?area=" + f->area_code + dates);
  data["result"]["area_code"] = f->area_code;
  return data;
}

}  // namespace

Json not_heard_result(store::Db& db, const Filter& f, const std::vector<std::string>& lsoas,
                      const std::string& area_label, const std::string& area_href, const std::string& log_href) {
  auto result = not_heard(db, f, lsoas);
  const auto& heard = result.heard;
  Json gaps = Json::array();
  Json under = Json::array();
  for (const auto& t : result.topics) {
    gaps.push_back(gap_json(t, area_label));
    for (const auto& g : t.groups)
      if (g.finding == "under") under.push_back(g.sentence);
  }
  return {{"area_label", area_label},
          {"area_href", area_href},
          {"log_href", log_href},
          {"period_text", period_text(f)},
          {"records", heard.records},
          {"records_text", count_of(heard.records, "engagement")},
          {"people", heard.people},
          {"people_text", count_of(heard.people, "person", "people")},
          {"census_held", result.lsoas_held > 0},
          {"under", under},
          {"has_under", !under.empty()},
          {"topics", gaps},
          {"method", i18n::tr(kMethod)},
          {"source", i18n::tr(kCensusSource)}};
}

void install_routes(web::Server& server) {
  auto& r = server.router();
  Access staff = Access::role(recorders());
  // Staff, or hub volunteers (their own records): each handler asks recorder().
  Access volunteers = Access::any_member();
  r.page("/engagement", "engagement/list", volunteers, list_page);
  r.raw("GET", "/engagement.csv", staff, list_csv);
  r.page("/engagement/new", "engagement/form", volunteers, new_page);
  r.action("/engagement/new", volunteers, new_action);
  r.page("/engagement/not-heard", "engagement/not_heard", staff, not_heard_page);
  r.page("/engagement/themes", "engagement/themes", Access::role(web::kOfficerRoles), themes_page);
  r.action("/engagement/themes", Access::role(web::kOfficerRoles), themes_action);
  r.page("/engagement/{id}", "engagement/record", volunteers, record_page);
  r.page("/engagement/{id}/edit", "engagement/form", volunteers, edit_page);
  r.action("/engagement/{id}/edit", volunteers, edit_action);
  r.action("/engagement/{id}/story", staff, story_action);
  server.add_nav({"Engagement", "/engagement", staff, true});
}

}  // namespace kith::engagement
