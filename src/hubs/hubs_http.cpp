// Community hubs' pages: the hubs and one hub for residents (when it is open, what's
// on, how to get there, how to volunteer), a shift's sign-up, the cover needed, the
// organisers' page (opening times, rota, visits, hours, referrals), and referrals in.
#include "hubs/hubs_http.h"

#include <algorithm>
#include <map>

#include "accounts/account_store.h"
#include "accounts/accounts.h"
#include "areas/area_store.h"
#include "areas/areas.h"
#include "audit/audit.h"
#include "core/clock.h"
#include "core/text.h"
#include "engagement/module.h"
#include "hubs/hub_store.h"
#include "i18n/speaking.h"
#include "store/db.h"
#include "timebank/service.h"
#include "timebank/timebank_store.h"
#include "web/resubmitted.h"

namespace kith::hubs {

namespace {

using web::Access;
using web::Ctx;
using web::Done;
using web::Input;
using web::Json;

std::int64_t today() { return london(now_seconds()).days; }

std::string id_text(std::int64_t id) { return std::to_string(id); }
std::string hub_href(const Hub& h) { return "/hubs/" + id_text(h.id); }

bool is_admin(const Ctx& ctx) { return ctx.user && ctx.user->has("admin"); }

// Whether the person may choose the timebank a hub banks hours in: its own account pays them.
bool may_choose_timebank(const Ctx& ctx) { return ctx.user && ctx.user->has_any(timebank::kCoordinators); }

std::string timebank_name(store::Db& db, std::optional<std::int64_t> id) {
  if (!id) return "";
  auto t = timebank::TimebankStore(db).timebank_by_id(*id);
  return t ? t->name : "";
}

bool organises(Ctx& ctx, const Hub& h) {
  return ctx.user && (is_admin(ctx) || HubStore(ctx.db).is_organiser(h.id, ctx.user->id));
}

std::optional<Hub> hub_param(Ctx& ctx) {
  auto id = parse_int(ctx.param("id"));
  return id ? HubStore(ctx.db).get(*id) : std::nullopt;
}

Error no_hub() { return Error::not_found("There is no such hub."); }
Error not_organiser() {
  return Error{"forbidden", "Only this hub's organisers can do this. Ask the hub to name you as an organiser.", {}};
}

// "Tuesday 1 December 2026"
std::string day_in_words(const std::string& iso) {
  auto d = days_of(iso);
  if (!d) return iso;
  return i18n::tr("{day} {date}", {{"day", weekday_in_words(weekday_of(*d))}, {"date", date_in_words(iso)}});
}

std::string hours_text(int minutes) {
  int h = minutes / 60, m = minutes % 60;
  std::string out = count_of(h, "hour");
  if (m) out += " " + count_of(m, "minute");
  return out;
}

Json week_json(const std::vector<Session>& sessions) {
  Json out = Json::array();
  for (const auto& d : week_in_words(sessions)) out.push_back({{"day", d.day}, {"hours", d.hours}});
  return out;
}

Json closures_json(const std::vector<Closure>& closures) {
  Json out = Json::array();
  std::string from = civil_from_days(today());
  for (const auto& c : closures)
    if (c.on_date >= from)
      out.push_back({{"on_date", c.on_date}, {"day", day_in_words(c.on_date)}, {"reason", c.reason}});
  return out;
}

Json summary_json(Ctx& ctx, const Hub& h) {
  HubStore store(ctx.db);
  auto state = open_state(store.sessions(h.id), store.closures(h.id), now_seconds());
  return {{"id", h.id},
          {"href", hub_href(h)},
          {"name", h.name},
          {"address", h.address},
          {"postcode", h.postcode},
          {"demo", h.is_demo},
          {"open_now", state.open_now},
          {"open_words", state.words},
          {"week", week_json(store.sessions(h.id))}};
}

Json shift_json(const Shift& s, const std::string& hub_name) {
  int missing = std::max(0, s.needed - s.signed_up);
  return {{"id", s.id},
          {"href", "/hubs/shifts/" + id_text(s.id)},
          {"hub", hub_name},
          {"on_date", s.on_date},
          {"day", day_in_words(s.on_date)},
          {"starts", s.starts},
          {"ends", s.ends},
          {"when", hours_in_words(minutes_of(s.starts).value_or(0), minutes_of(s.ends).value_or(0))},
          {"role", s.role},
          {"needed", s.needed},
          {"signed_up", s.signed_up},
          {"missing", missing},
          {"short", missing > 0},
          {"people_text",
           i18n::tr("{n} of {needed}", {{"n", std::to_string(s.signed_up)}, {"needed", std::to_string(s.needed)}})},
          {"confirmed", s.confirmed}};
}

// --- Residents' pages -----------------------------------------------------------------

Result<Json> list_page(Ctx& ctx) {
  areas::AreaStore places(ctx.db);
  std::map<std::string, Json> by_authority;
  int count = 0;
  for (const auto& h : HubStore(ctx.db).all()) {
    std::string name = i18n::tr("Elsewhere");
    if (!h.authority_code.empty())
      if (auto a = places.get(h.authority_code)) name = areas::label(*a);
    auto& group = by_authority[name];
    if (group.is_null()) group = {{"name", name}, {"hubs", Json::array()}};
    group["hubs"].push_back(summary_json(ctx, h));
    ++count;
  }
  Json groups = Json::array();
  for (auto& [_, g] : by_authority) groups.push_back(g);
  return Json{{"title", "Community hubs"},
              {"authorities", groups},
              {"has_hubs", count > 0},
              {"count_text", count_of(count, "hub")},
              {"may_add", ctx.user && ctx.user->has_any(web::kOfficerRoles)}};
}

Result<Json> hub_page(Ctx& ctx) {
  auto h = hub_param(ctx);
  if (!h) return no_hub();
  HubStore store(ctx.db);
  Json data = summary_json(ctx, *h);
  data["title"] = h->name;
  data["summary"] = h->summary;
  data["getting_there"] = h->getting_there;
  data["volunteering"] = h->volunteering;
  data["contact"] = h->contact;
  data["closures"] = closures_json(store.closures(h->id));
  data["has_closures"] = !data["closures"].empty();
  data["organisers_text"] = join(store.organiser_names(h->id), ", ");
  Json services = Json::array();
  if (h->location_id) {
    for (const auto& s : store.services_at(*h->location_id))
      services.push_back({{"name", s.name}, {"href", "/directory/services/" + url_encode(s.id)}});
    data["place_href"] = "/directory/places/" + url_encode(*h->location_id);
  }
  data["services"] = services;
  data["has_services"] = !services.empty();
  std::string from = civil_from_days(today()), to = civil_from_days(today() + kCoverDays);
  Json shifts = Json::array();
  for (const auto& s : store.shifts(h->id, from, to)) shifts.push_back(shift_json(s, h->name));
  data["shifts"] = shifts;
  data["has_shifts"] = !shifts.empty();
  data["may_manage"] = organises(ctx, *h);
  data["may_refer"] = ctx.user && ctx.user->has_any(referrer_roles());
  // Its volunteers and organisers log the conversations and events they hold there.
  data["may_record"] = ctx.user && engagement::may_record(ctx.db, *ctx.user);
  data["manage_href"] = hub_href(*h) + "/manage";
  data["refer_href"] = hub_href(*h) + "/referrals/new";
  if (!h->postcode.empty())
    data["map_href"] = "https://www.openstreetmap.org/search?query=" + url_encode(h->address + ", " + h->postcode);
  return data;
}

Result<Json> cover_page(Ctx& ctx) {
  HubStore store(ctx.db);
  std::map<std::int64_t, std::string> names;
  for (const auto& h : store.all()) names[h.id] = h.name;
  std::string from = civil_from_days(today()), to = civil_from_days(today() + kCoverDays);
  Json shifts = Json::array();
  int people = 0;
  for (const auto& s : cover_needed(store.all_shifts(from, to), london(now_seconds()))) {
    shifts.push_back(shift_json(s, names[s.hub_id]));
    people += s.needed - s.signed_up;
  }
  return Json{
      {"title", "Hub shifts that need cover"},
      {"shifts", shifts},
      {"has_shifts", !shifts.empty()},
      // One sentence, counted by its shifts; the people it needs are a counted phrase in it.
      {"summary",
       i18n::tr_plural(static_cast<std::int64_t>(shifts.size()), "{n} shift in the next {days} days needs {people}",
                       "{n} shifts in the next {days} days need {people}",
                       {{"days", std::to_string(kCoverDays)},
                        {"people", i18n::tr_plural(people, "{n} more person", "{n} more people")}})}};
}

// --- A shift --------------------------------------------------------------------------

// The shift a path names, and its hub.
struct ShiftAt {
  Hub hub;
  Shift shift;
};
Result<ShiftAt> shift_param(Ctx& ctx) {
  auto sid = parse_int(ctx.param("id"));
  HubStore store(ctx.db);
  auto s = sid ? store.shift(*sid) : std::nullopt;
  auto h = s ? store.get(s->hub_id) : std::nullopt;
  if (!s || !h) return Error::not_found("There is no such shift.");
  return ShiftAt{*h, *s};
}

Result<Json> shift_page(Ctx& ctx) {
  auto at = shift_param(ctx);
  if (!at) return at.error();
  auto* h = &at->hub;
  auto* s = &at->shift;
  HubStore store(ctx.db);
  Json data = shift_json(*s, h->name);
  data["title"] = i18n::tr("{role} at {hub}", {{"role", s->role}, {"hub", h->name}});
  data["hub_href"] = hub_href(*h);
  data["signed_in"] = ctx.user != nullptr;
  bool mine = ctx.user && store.signed_up(s->id, ctx.user->id);
  data["mine"] = mine;
  data["may_sign_up"] = ctx.user && !mine && !sign_up_refusal(*s, false, london(now_seconds()));
  data["full"] = s->signed_up >= s->needed;
  data["past"] = shift_has_ended(*s, london(now_seconds()));
  data["sign_in_href"] = "/sign-in?next=" + url_encode("/hubs/shifts/" + id_text(s->id));
  bool manage = organises(ctx, *h);
  data["may_manage"] = manage;
  if (manage) {
    Json people = Json::array();
    for (const auto& u : store.signups(s->id))
      people.push_back({{"user_id", u.user_id},
                        {"name", u.name},
                        {"attended", u.attended.value_or(false)},
                        {"confirmed", u.attended.has_value()},
                        {"banked", u.banked_transfer.has_value()},
                        {"input_id", "came-" + id_text(u.user_id)}});
    data["people"] = people;
    if (auto t = timebank_name(ctx.db, h->timebank_id); !t.empty()) data["timebank"] = t;
    data["has_people"] = !people.empty();
    data["may_confirm"] = shift_has_ended(*s, london(now_seconds()));
    data["length"] = hours_text(shift_minutes(*s));
  }
  return data;
}

Result<Done> shift_action(Ctx& ctx, const Input& in) {
  auto at = shift_param(ctx);
  if (!at) return at.error();
  auto* h = &at->hub;
  auto* s = &at->shift;
  HubStore store(ctx.db);
  std::string href = "/hubs/shifts/" + id_text(s->id);
  std::string what = in.get("do");
  Json shift_audit = {{"hub_id", h->id}, {"on_date", s->on_date}, {"role", s->role}};
  if (what == "withdraw") {
    if (!store.withdraw(s->id, ctx.user->id))
      return Error::validation({{"do", "You are not signed up for this shift"}});
    audit::record(ctx.db, audit::Actor::of(ctx), "hub.shift.withdraw", "hub_shift", id_text(s->id), shift_audit,
                  nullptr);
    return Done{href, {{"signed_up", false}}, i18n::msg("You are no longer signed up for this shift.")};
  }
  if (what == "confirm") {
    if (!organises(ctx, *h))
      return audit::refused(ctx, "hub.shift.confirm", "hub_shift", id_text(s->id), not_organiser());
    if (!shift_has_ended(*s, london(now_seconds())))
      return Error::validation({{"do", "You can confirm who came once the shift has happened"}});
    std::vector<std::int64_t> came;
    auto people = store.signups(s->id);
    for (const auto& v : in.all("came"))
      if (auto id = parse_int(v)) {
        bool listed = std::any_of(people.begin(), people.end(), [&](const Signup& u) { return u.user_id == *id; });
        if (!listed) return Error::validation({{"came", "Tick only people signed up for this shift"}});
        came.push_back(*id);
      }
    // Time banked in a timebank is in its ledger: only a timebank coordinator takes it back.
    for (const auto& u : people)
      if (u.banked_transfer && std::find(came.begin(), came.end(), u.user_id) == came.end())
        return Error::validation(
            {{"came",
              i18n::tr("{name}'s time is already banked in {timebank}: a timebank coordinator corrects it there",
                       {{"name", u.name}, {"timebank", timebank_name(ctx.db, h->timebank_id)}})}});
    int minutes = shift_minutes(*s);
    store.confirm(s->id, came, minutes);
    audit::record(ctx.db, audit::Actor::of(ctx), "hub.shift.confirm", "hub_shift", id_text(s->id), nullptr,
                  {{"came", came}, {"minutes_each", minutes}});
    std::string said =
        i18n::tr_plural(static_cast<std::int64_t>(came.size()), "Saved: {n} person came.", "Saved: {n} people came.");
    if (h->timebank_id) {
      // Each who came is paid the shift's time from the timebank's own account, once.
      std::int64_t banked = 0, not_banked = 0;
      std::string memo = i18n::tr("Volunteered at {hub}: {role}, {day}",
                                  {{"hub", h->name}, {"role", s->role}, {"day", day_in_words(s->on_date)}});
      for (const auto& u : people) {
        if (u.banked_transfer || std::find(came.begin(), came.end(), u.user_id) == came.end()) continue;
        auto paid = timebank::bank_hours(ctx.db, audit::Actor::of(ctx), ctx.user->id, *h->timebank_id, u.user_id,
                                         minutes, memo);
        if (paid) {
          store.set_banked(s->id, u.user_id, *paid);
          ++banked;
        } else {
          ++not_banked;
        }
      }
      std::string timebank = timebank_name(ctx.db, h->timebank_id);
      if (banked)
        said += " " + i18n::tr_plural(banked, "Time banked in {timebank} for {n} person.",
                                      "Time banked in {timebank} for {n} people.", {{"timebank", timebank}});
      if (not_banked)
        said += " " + i18n::tr_plural(
                          not_banked, "{n} person has no active account in {timebank}, so nothing was banked for them.",
                          "{n} people have no active account in {timebank}, so nothing was banked for them.",
                          {{"timebank", timebank}});
    }
    return Done{href, {{"came", came.size()}}, said};
  }
  if (what != "sign_up") return Error::validation({{"do", "Choose to sign up for the shift or to withdraw"}});
  if (auto why = sign_up_refusal(*s, store.signed_up(s->id, ctx.user->id), london(now_seconds())))
    return Error::validation({{"do", *why}});
  if (auto held = overlapping(*s, store.shifts_of(ctx.user->id, s->on_date))) {
    auto at = store.get(held->hub_id);
    return Error::validation(
        {{"do", i18n::tr("You are already signed up for {role} at {hub}, {when}, that day: withdraw from it first, "
                         "or choose a shift at another time",
                         {{"role", held->role},
                          {"hub", at ? at->name : ""},
                          {"when", hours_in_words(minutes_of(held->starts).value_or(0),
                                                  minutes_of(held->ends).value_or(0))}})}});
  }
  store.sign_up(s->id, ctx.user->id);
  audit::record(ctx.db, audit::Actor::of(ctx), "hub.shift.sign_up", "hub_shift", id_text(s->id), nullptr, shift_audit);
  return Done{href,
              {{"signed_up", true}},
              i18n::tr("You are signed up: {role}, {day}.", {{"role", s->role}, {"day", day_in_words(s->on_date)}})};
}

// --- The organisers' page -------------------------------------------------------------

// Every read of a hub's referrals is written down, in its own transaction (a page's
// GET runs read-only).
void audit_read(store::Database* database, Ctx& ctx, const std::string& action, const std::string& entity,
                const std::string& id, const Json& what) {
  if (ctx.req.method != "GET" || !database) {
    audit::record(ctx.db, audit::Actor::of(ctx), action, entity, id, nullptr, what);
    return;
  }
  auto handle = database->acquire();
  store::Transaction tx(*handle, true);
  audit::record(*handle, audit::Actor::of(ctx), action, entity, id, nullptr, what);
  tx.commit();
}

Json referral_json(const Referral& r) {
  Json needs_list = Json::array();
  for (const auto& n : r.needs) needs_list.push_back(i18n::tr(need_label(n)));
  return {{"id", r.id},
          {"href", "/hubs/referrals/" + id_text(r.id)},
          {"person", r.person},
          {"needs", needs_list},
          {"needs_text", join(needs_list.get<std::vector<std::string>>(), ", ")},
          {"note", r.note},
          {"referrer", r.referrer_name},
          {"through_coordination", r.connection_id.has_value()},
          {"status", r.status},
          {"waiting", r.status == "waiting"},
          {"referred_on", date_in_words(r.created_at)},
          {"seen_on", r.seen_at.empty() ? "" : date_in_words(r.seen_at)},
          {"demo", r.is_demo}};
}

Result<Json> manage_page(store::Database* database, Ctx& ctx) {
  auto h = hub_param(ctx);
  if (!h) return no_hub();
  if (!organises(ctx, *h)) return not_organiser();
  HubStore store(ctx.db);
  Json data = summary_json(ctx, *h);
  data["title"] = i18n::tr("Run {hub}", {{"hub", h->name}});
  auto sessions = store.sessions(h->id);
  Json session_rows = Json::array();
  for (const auto& s : sessions)
    session_rows.push_back(
        {{"id", s.id}, {"day", weekday_in_words(s.weekday)}, {"hours", hours_in_words(s.opens, s.closes)}});
  data["sessions"] = session_rows;
  data["closures"] = closures_json(store.closures(h->id));
  Json weekdays = Json::array();
  std::string chosen = web::resubmitted(ctx).get("weekday");
  for (int d = 0; d < 7; ++d)
    weekdays.push_back({{"id", d}, {"label", weekday_in_words(d)}, {"selected", chosen == std::to_string(d)}});
  data["weekdays"] = weekdays;
  // The rota: the next fortnight, its gaps first in words.
  std::string from = civil_from_days(today()), to = civil_from_days(today() + kCoverDays);
  auto shifts = store.shifts(h->id, from, to);
  Json rota = Json::array(), gaps = Json::array();
  for (const auto& s : shifts) rota.push_back(shift_json(s, h->name));
  for (const auto& s : cover_needed(shifts, london(now_seconds()))) gaps.push_back(shift_json(s, h->name));
  data["rota"] = rota;
  data["has_rota"] = !rota.empty();
  data["gaps"] = gaps;
  data["gaps_text"] =
      i18n::tr_plural(static_cast<std::int64_t>(gaps.size()), "{n} shift in the next {days} days needs more people",
                      "{n} shifts in the next {days} days need more people", {{"days", std::to_string(kCoverDays)}});
  // Shifts done but not yet confirmed, from the last four weeks.
  Json unconfirmed = Json::array();
  for (const auto& s : store.shifts(h->id, civil_from_days(today() - 28), civil_from_days(today() + 1)))
    if (!s.confirmed && s.signed_up > 0 && shift_has_ended(s, london(now_seconds())))
      unconfirmed.push_back(shift_json(s, h->name));
  data["unconfirmed"] = unconfirmed;
  data["has_unconfirmed"] = !unconfirmed.empty();
  // Visits by week, with a bar of each week's share of the busiest.
  auto weeks = visits_by_week(store.visits(h->id));
  if (weeks.size() > 12) weeks.erase(weeks.begin(), weeks.end() - 12);
  int most = 0;
  for (const auto& w : weeks) most = std::max(most, w.people);
  Json week_rows = Json::array();
  for (const auto& w : weeks)
    week_rows.push_back({{"week_of", w.week_of},
                         {"week", date_in_words(w.week_of)},
                         {"sessions", w.sessions},
                         {"people", w.people},
                         {"per_session", w.sessions ? (w.people + w.sessions / 2) / w.sessions : 0},
                         {"bar", most ? w.people * 100 / most : 0},
                         {"bar_label", i18n::tr("{bar}% of the busiest week",
                                                {{"bar", std::to_string(most ? w.people * 100 / most : 0)}})}});
  data["visit_weeks"] = week_rows;
  data["has_visits"] = !week_rows.empty();
  // Volunteers' hours, confirmed.
  Json hours = Json::array();
  int total = 0;
  for (const auto& v : store.hours(h->id)) {
    hours.push_back({{"name", v.name}, {"shifts", v.shifts}, {"minutes", v.minutes}, {"hours", hours_text(v.minutes)}});
    total += v.minutes;
  }
  data["hours"] = hours;
  data["has_hours"] = !hours.empty();
  data["hours_total"] = hours_text(total);
  // Stories from around the hub: published ones told in its ward.
  Json stories = Json::array();
  areas::AreaStore places(ctx.db);
  auto at = areas::normalise_postcode(h->postcode);
  auto hit = at ? places.postcode(*at) : std::nullopt;
  auto lsoa = hit ? places.get(hit->lsoa_code) : std::nullopt;
  if (lsoa && !lsoa->parent_code.empty()) {
    for (const auto& s : store.stories_in_ward(lsoa->parent_code, 5))
      stories.push_back({{"href", "/stories/" + id_text(s.id)},
                         {"title", s.title},
                         {"lang", s.language},
                         {"date", date_in_words(s.published_at.substr(0, 10))}});
    if (auto ward = places.get(lsoa->parent_code)) data["ward_name"] = ward->name;
  }
  data["stories"] = stories;
  data["has_stories"] = !stories.empty();
  // Referrals waiting: only the hub's named organisers see them (not an admin).
  bool named = ctx.user && store.is_organiser(h->id, ctx.user->id);
  data["sees_referrals"] = named;
  if (named) {
    Json referrals = Json::array();
    std::vector<std::int64_t> ids;
    for (const auto& r : store.referrals(h->id, "waiting")) {
      referrals.push_back(referral_json(r));
      ids.push_back(r.id);
    }
    data["referrals"] = referrals;
    data["has_referrals"] = !referrals.empty();
    audit_read(database, ctx, "hub.referrals.list", "hub", id_text(h->id), {{"referrals", ids}});
  }
  data["action"] = hub_href(*h) + "/manage";
  data["hub_href"] = hub_href(*h);
  data["edit_href"] = hub_href(*h) + "/edit";
  return data;
}

DateAnswer date_field(const Input& in, const std::string& prefix, const std::string& what) {
  auto d = date_from_parts(prefix, what, in.get(prefix + "_day"), in.get(prefix + "_month"), in.get(prefix + "_year"));
  if (d.iso.empty() && !d.error)
    d.error = FieldError{prefix + "_day", i18n::tr("Enter the {what}", {{"what", to_lower(i18n::tr(what))}})};
  if (d.error && d.error->field == prefix) d.error->field = prefix + "_day";
  return d;
}

Result<Done> manage_action(Ctx& ctx, const Input& in) {
  auto h = hub_param(ctx);
  if (!h) return no_hub();
  if (!organises(ctx, *h)) return audit::refused(ctx, "hub.update", "hub", ctx.param("id"), not_organiser());
  HubStore store(ctx.db);
  std::string href = hub_href(*h) + "/manage";
  auto actor = audit::Actor::of(ctx);
  std::string form = in.get("form");
  if (form == "session") {
    auto s = read_session(in.get("weekday"), in.get("opens"), in.get("closes"));
    if (!s) return s.error();
    s->id = store.add_session(h->id, *s);
    audit::record(ctx.db, actor, "hub.opening.add", "hub", id_text(h->id), nullptr,
                  {{"weekday", s->weekday}, {"opens", hhmm(s->opens)}, {"closes", hhmm(s->closes)}});
    return Done{href + "#opening", {{"id", s->id}}, i18n::msg("Opening time added.")};
  }
  if (form == "remove_session") {
    auto sid = parse_int(in.get("session"));
    if (!sid || !store.remove_session(h->id, *sid))
      return Error::validation({{"weekday", "That opening time is not this hub's"}});
    audit::record(ctx.db, actor, "hub.opening.remove", "hub", id_text(h->id), {{"session", *sid}}, nullptr);
    return Done{href + "#opening", {}, i18n::msg("Opening time removed.")};
  }
  if (form == "closure") {
    auto d = date_field(in, "closure_date", i18n::msg("Date it is closed"));
    std::vector<FieldError> errors;
    if (d.error) errors.push_back(*d.error);
    if (utf8_length(in.get("reason")) > 200) errors.push_back({"reason", "The reason must be 200 characters or fewer"});
    if (!errors.empty()) return Error::validation(std::move(errors));
    store.add_closure(h->id, {d.iso, in.get("reason")});
    audit::record(ctx.db, actor, "hub.closure.add", "hub", id_text(h->id), nullptr,
                  {{"on_date", d.iso}, {"reason", in.get("reason")}});
    return Done{href + "#opening", {}, i18n::tr("Closed on {day}.", {{"day", day_in_words(d.iso)}})};
  }
  if (form == "shift") {
    auto d = date_field(in, "shift_date", i18n::msg("Date of the shift"));
    Shift s;
    s.hub_id = h->id;
    s.on_date = d.iso;
    s.starts = in.get("starts");
    s.ends = in.get("ends");
    s.role = in.get("role");
    auto needed = parse_int(in.get("needed"));
    s.needed = needed && *needed >= 0 && *needed <= 1000 ? static_cast<int>(*needed) : -1;
    std::vector<FieldError> errors;
    if (d.error) errors.push_back(*d.error);
    for (auto& e : problems(s)) {
      if (e.field == "on_date") continue;  // said by the date's own check
      errors.push_back(std::move(e));
    }
    if (d.iso.empty() == false && days_of(d.iso).value_or(0) < today())
      errors.push_back({"shift_date_day", "The shift's date must be today or later"});
    if (!errors.empty()) return Error::validation(std::move(errors));
    s.starts = hhmm(*minutes_of(s.starts));
    s.ends = hhmm(*minutes_of(s.ends));
    s.id = store.add_shift(s);
    audit::record(ctx.db, actor, "hub.shift.add", "hub_shift", id_text(s.id), nullptr,
                  {{"hub_id", h->id},
                   {"on_date", s.on_date},
                   {"starts", s.starts},
                   {"ends", s.ends},
                   {"role", s.role},
                   {"needed", s.needed}});
    return Done{href + "#rota",
                {{"id", s.id}},
                i18n::tr("Shift added: {role}, {day}.", {{"role", s.role}, {"day", day_in_words(s.on_date)}})};
  }
  if (form == "visit") {
    auto d = date_field(in, "visit_date", i18n::msg("Date of the session"));
    std::vector<FieldError> errors;
    if (d.error) errors.push_back(*d.error);
    if (!d.iso.empty() && days_of(d.iso).value_or(0) > today())
      errors.push_back({"visit_date_day", "The session's date must be today or earlier"});
    auto session = minutes_of(in.get("session"));
    if (!session) errors.push_back({"session", "Enter the time the session opened, like 10:00"});
    auto people = read_count(in.get("people"));
    if (!people) errors.insert(errors.end(), people.error().fields.begin(), people.error().fields.end());
    if (!errors.empty()) return Error::validation(std::move(errors));
    Visit v{d.iso, hhmm(*session), *people};
    // A session counted again replaces its count: the organiser is told what it was.
    std::optional<int> before;
    for (const auto& old : store.visits(h->id))
      if (old.on_date == v.on_date && old.session == v.session) before = old.people;
    store.record_visit(h->id, v, ctx.user->id);
    audit::record(ctx.db, actor, "hub.visits.record", "hub", id_text(h->id),
                  before ? Json{{"on_date", v.on_date}, {"session", v.session}, {"people", *before}} : Json(),
                  {{"on_date", v.on_date}, {"session", v.session}, {"people", v.people}});
    const std::string day = day_in_words(v.on_date);
    return Done{href + "#visits",
                {{"people", v.people}},
                before ? i18n::tr_plural(v.people, "Changed to {n} person for {day}, in place of {before}.",
                                         "Changed to {n} people for {day}, in place of {before}.",
                                         {{"day", day}, {"before", std::to_string(*before)}})
                       : i18n::tr_plural(v.people, "{n} person recorded for {day}.", "{n} people recorded for {day}.",
                                         {{"day", day}})};
  }
  return Error::validation({{"form", "Choose what to change: opening times, a closure, a shift or visits"}});
}

// --- A hub's details and organisers -------------------------------------------------

// The timebanks a hub may bank hours in, for the form's list ("" first: none).
Json timebank_choices(store::Db& db, std::optional<std::int64_t> chosen) {
  Json out = Json::array();
  out.push_back({{"value", ""}, {"text", i18n::tr("None: hours are not banked")}, {"selected", !chosen}});
  for (const auto& t : timebank::TimebankStore(db).timebanks())
    out.push_back({{"value", id_text(t.id)}, {"text", t.name}, {"selected", chosen && *chosen == t.id}});
  return out;
}

// Funded grant projects a hub may deliver, for the form's list ("" first: none).
Json project_choices(store::Db& db, std::optional<std::int64_t> chosen) {
  Json out = Json::array();
  out.push_back({{"value", ""}, {"text", i18n::tr("None")}, {"selected", !chosen}});
  for (const auto& [id, name] : HubStore(db).funded_projects())
    out.push_back({{"value", id_text(id)}, {"text", name}, {"selected", chosen && *chosen == id}});
  return out;
}

// Officers and admins, who look after the grants, say which project a hub delivers.
bool may_choose_project(const Ctx& ctx) { return ctx.user && ctx.user->has_any(web::kOfficerRoles); }

Json hub_form(Ctx& ctx, const std::optional<Hub>& existing) {
  Hub h = existing.value_or(Hub{});
  std::string organisers = existing ? join(HubStore(ctx.db).organiser_emails(h.id), "\n") : "";
  Json data = {{"values",
                {{"name", h.name},
                 {"address", h.address},
                 {"postcode", h.postcode},
                 {"location_id", h.location_id.value_or("")},
                 {"summary", h.summary},
                 {"getting_there", h.getting_there},
                 {"volunteering", h.volunteering},
                 {"contact", h.contact},
                 {"organisers", organisers},
                 {"timebank_id", h.timebank_id ? id_text(*h.timebank_id) : ""},
                 {"grant_project_id", h.grant_project_id ? id_text(*h.grant_project_id) : ""}}},
               {"may_choose_timebank", may_choose_timebank(ctx)},
               {"may_choose_project", may_choose_project(ctx)},
               {"projects", project_choices(ctx.db, h.grant_project_id)},
               {"timebanks", timebank_choices(ctx.db, h.timebank_id)}};
  if (auto t = timebank_name(ctx.db, h.timebank_id); !t.empty()) data["timebank_name"] = t;
  return data;
}

Result<Json> new_page(Ctx& ctx) {
  Json data = hub_form(ctx, std::nullopt);
  data["title"] = i18n::tr("Add a community hub");
  data["action"] = "/hubs/new";
  data["back_href"] = "/hubs";
  return data;
}

Result<Json> edit_page(Ctx& ctx) {
  auto h = hub_param(ctx);
  if (!h) return no_hub();
  if (!organises(ctx, *h)) return not_organiser();
  Json data = hub_form(ctx, h);
  data["title"] = i18n::tr("Change {hub}", {{"hub", h->name}});
  data["action"] = hub_href(*h) + "/edit";
  data["back_href"] = hub_href(*h) + "/manage";
  return data;
}

// The form read and checked: the postcode placed (it gives the hub its authority),
// the directory place found, each organiser an active account in an organiser's role.
Result<std::pair<Hub, std::vector<std::int64_t>>> read_hub(Ctx& ctx, const Input& in, Hub h) {
  h.name = in.get("name");
  h.address = in.get("address");
  h.summary = in.get("summary");
  h.getting_there = in.get("getting_there");
  h.volunteering = in.get("volunteering");
  h.contact = in.get("contact");
  std::string place = in.get("location_id");
  h.location_id = place.empty() ? std::nullopt : std::optional<std::string>(place);
  auto errors = problems(h);
  HubStore store(ctx.db);
  auto normal = areas::normalise_postcode(in.get("postcode"));
  auto hit = normal ? areas::AreaStore(ctx.db).postcode(*normal) : std::nullopt;
  if (!normal)
    errors.push_back({"postcode", "Enter a real postcode, like RM15 5AE"});
  else if (!hit)
    errors.push_back({"postcode", i18n::tr("Kith does not know the postcode {postcode}: check it",
                                           {{"postcode", in.get("postcode")}})});
  if (hit) {
    h.postcode = hit->postcode;
    if (auto lsoa = areas::AreaStore(ctx.db).get(hit->lsoa_code)) h.authority_code = lsoa->authority_code;
  }
  if (h.location_id && !store.location_exists(*h.location_id))
    errors.push_back(
        {"location_id", i18n::tr("The directory has no place with the id {id}", {{"id", *h.location_id}})});
  // The timebank is the coordinators' to choose (its own account pays); others keep what is there.
  if (may_choose_timebank(ctx)) {
    std::string tb = in.get("timebank_id");
    auto id = parse_int(tb);
    if (tb.empty())
      h.timebank_id.reset();
    else if (id && timebank::TimebankStore(ctx.db).timebank_by_id(*id))
      h.timebank_id = *id;
    else
      errors.push_back({"timebank_id", "Choose a timebank from the list, or none"});
  }
  if (may_choose_project(ctx)) {
    std::string chosen = in.get("grant_project_id");
    auto id = parse_int(chosen);
    auto funded = store.funded_projects();
    if (chosen.empty())
      h.grant_project_id.reset();
    else if (id && std::any_of(funded.begin(), funded.end(), [&](const auto& p) { return p.first == *id; }))
      h.grant_project_id = *id;
    else
      errors.push_back({"grant_project_id", "Choose a funded grant project from the list, or none"});
  }
  std::vector<std::int64_t> organisers;
  accounts::AccountStore accounts(ctx.db);
  for (const auto& line : split(in.get("organisers"), '\n')) {
    std::string email = accounts::normalise_email(line);
    if (email.empty()) continue;
    auto u = accounts.find_by_email(email);
    bool may = u && u->status == "active" && std::any_of(u->roles.begin(), u->roles.end(), [](const std::string& r) {
                 const auto& all = organiser_roles();
                 return std::find(all.begin(), all.end(), r) != all.end();
               });
    if (!may) {
      errors.push_back({"organisers", i18n::tr("No active account for {email} can organise a hub: they need the "
                                               "organisation, coordinator, officer or admin role",
                                               {{"email", email}})});
      continue;
    }
    if (std::find(organisers.begin(), organisers.end(), u->id) == organisers.end()) organisers.push_back(u->id);
  }
  if (organisers.empty() && errors.empty())
    errors.push_back({"organisers", "Enter the email address of at least one organiser"});
  if (!errors.empty()) return Error::validation(std::move(errors));
  return std::make_pair(h, organisers);
}

Json hub_audit(const Hub& h, const std::vector<std::int64_t>& organisers) {
  return {{"name", h.name},
          {"address", h.address},
          {"postcode", h.postcode},
          {"location_id", h.location_id.value_or("")},
          {"timebank_id", h.timebank_id ? Json(*h.timebank_id) : Json(nullptr)},
          {"grant_project_id", h.grant_project_id ? Json(*h.grant_project_id) : Json(nullptr)},
          {"organisers", organisers}};
}

Result<Done> create_hub(Ctx& ctx, const Input& in) {
  auto read = read_hub(ctx, in, Hub{});
  if (!read) return read.error();
  auto& [h, organisers] = *read;
  HubStore store(ctx.db);
  h.id = store.add(h);
  store.set_organisers(h.id, organisers);
  audit::record(ctx.db, audit::Actor::of(ctx), "hub.create", "hub", id_text(h.id), nullptr, hub_audit(h, organisers));
  return Done{hub_href(h),
              {{"id", h.id}},
              i18n::tr("Hub added: {hub}. Its organisers add its opening times and rota.", {{"hub", h.name}}),
              201};
}

Result<Done> edit_hub(Ctx& ctx, const Input& in) {
  auto before = hub_param(ctx);
  if (!before) return no_hub();
  if (!organises(ctx, *before)) return audit::refused(ctx, "hub.update", "hub", id_text(before->id), not_organiser());
  HubStore store(ctx.db);
  std::vector<std::int64_t> had;
  for (const auto& e : store.organiser_emails(before->id))
    if (auto u = accounts::AccountStore(ctx.db).find_by_email(e)) had.push_back(u->id);
  auto read = read_hub(ctx, in, *before);
  if (!read) return read.error();
  auto& [h, organisers] = *read;
  store.update(h);
  store.set_organisers(h.id, organisers);
  audit::record(ctx.db, audit::Actor::of(ctx), "hub.update", "hub", id_text(h.id), hub_audit(*before, had),
                hub_audit(h, organisers));
  return Done{hub_href(h), {{"id", h.id}}, i18n::msg("The hub's details are saved.")};
}

// --- Referrals ------------------------------------------------------------------------

Result<Json> refer_page(Ctx& ctx) {
  auto h = hub_param(ctx);
  if (!h) return no_hub();
  auto posted = web::resubmitted(ctx);
  auto ticked = posted.all("needs");
  Json choices = Json::array();
  for (const auto& c : needs())
    choices.push_back({{"id", c.id},
                       {"label", i18n::tr(c.label)},
                       {"input_id", choices.empty() ? std::string("needs") : "needs-" + c.id},
                       {"checked", std::find(ticked.begin(), ticked.end(), c.id) != ticked.end()}});
  return Json{{"title", i18n::tr("Tell {hub} someone is coming", {{"hub", h->name}})},
              {"hub_name", h->name},
              {"hub_href", hub_href(*h)},
              {"needs", choices},
              {"consent_checked", posted.get("consent") == "yes"},
              {"action", hub_href(*h) + "/referrals/new"}};
}

Result<Done> refer_action(Ctx& ctx, const Input& in) {
  auto h = hub_param(ctx);
  if (!h) return no_hub();
  Referral r;
  r.hub_id = h->id;
  r.referrer_id = ctx.user->id;
  r.person = in.get("person");
  r.needs = in.all("needs");
  r.note = in.get("note");
  r.consent = in.get("consent") == "yes";
  auto errors = problems(r);
  if (!errors.empty()) return Error::validation(std::move(errors));
  r.id = HubStore(ctx.db).add_referral(r);
  // The person's name stays out of the log: the hub, the needs and who referred.
  audit::record(ctx.db, audit::Actor::of(ctx), "hub.referral.create", "hub_referral", id_text(r.id), nullptr,
                {{"hub_id", h->id}, {"needs", r.needs}, {"consent", true}});
  return Done{"/hubs/referrals/" + id_text(r.id),
              {{"id", r.id}},
              i18n::tr("{hub} has been told {person} is coming.", {{"hub", h->name}, {"person", r.person}}),
              201};
}

// "2 not yet seen by the hub", or "All seen by the hub".
std::string waiting_text(const std::vector<Referral>& mine) {
  auto waiting = std::count_if(mine.begin(), mine.end(), [](const Referral& r) { return r.status == "waiting"; });
  return waiting ? i18n::tr_plural(waiting, "{n} not yet seen by the hub", "{n} not yet seen by the hub")
                 : i18n::tr("All seen by the hub");
}

// The referrals someone made to hubs, newest first, with whether each has been seen.
// Their own referrals, but people's names: the look is audited as a hub's list is.
Result<Json> my_referrals_page(store::Database* database, Ctx& ctx) {
  HubStore store(ctx.db);
  std::map<std::int64_t, std::optional<Hub>> hubs;
  Json rows = Json::array();
  std::vector<std::int64_t> ids;
  auto mine = store.referrals_by(ctx.user->id);
  for (auto it = mine.rbegin(); it != mine.rend(); ++it) {
    auto& h = hubs[it->hub_id];
    if (!h) h = store.get(it->hub_id);
    Json row = referral_json(*it);
    row["hub_name"] = h ? h->name : "";
    row["hub_href"] = h ? hub_href(*h) : "";
    rows.push_back(std::move(row));
    ids.push_back(it->id);
  }
  if (!ids.empty())
    audit_read(database, ctx, "hub.referrals.mine", "user", id_text(ctx.user->id), {{"referrals", ids}});
  return Json{{"title", i18n::tr("Your referrals to community hubs")},
              {"referrals", rows},
              {"has_referrals", !rows.empty()},
              {"waiting_text", waiting_text(mine)}};
}

// A referral is seen by the hub's named organisers and the person who made it: no one
// else, whatever their role. Each look is audited, and so is each refusal.
Result<std::pair<Hub, Referral>> referral_param(store::Database* database, Ctx& ctx) {
  auto rid = parse_int(ctx.param("id"));
  HubStore store(ctx.db);
  auto r = rid ? store.referral(*rid) : std::nullopt;
  auto h = r ? store.get(r->hub_id) : std::nullopt;
  if (!r || !h) return Error::not_found("There is no such referral.");
  bool organiser = store.is_organiser(h->id, ctx.user->id);
  bool referrer = r->referrer_id && *r->referrer_id == ctx.user->id;
  if (!organiser && !referrer) {
    Error e{"forbidden", "Only the hub's organisers and the person who made a referral can see it.", {}};
    if (ctx.req.method != "GET") return audit::refused(ctx, "hub.referral.read", "hub_referral", id_text(r->id), e);
    audit_read(database, ctx, "hub.referral.read.refused", "hub_referral", id_text(r->id), {{"code", e.code}});
    return e;
  }
  return std::make_pair(*h, *r);
}

Result<Json> referral_page(store::Database* database, Ctx& ctx) {
  auto found = referral_param(database, ctx);
  if (!found) return found.error();
  auto& [h, r] = *found;
  audit_read(database, ctx, "hub.referral.read", "hub_referral", id_text(r.id), {{"hub_id", h.id}});
  Json data = referral_json(r);
  data["title"] = i18n::tr("Referral: {person}", {{"person", r.person}});
  data["hub_name"] = h.name;
  data["hub_href"] = hub_href(h);
  data["may_mark_seen"] = r.status == "waiting" && HubStore(ctx.db).is_organiser(h.id, ctx.user->id);
  return data;
}

Result<Done> referral_action(store::Database* database, Ctx& ctx, const Input&) {
  auto found = referral_param(database, ctx);
  if (!found) return found.error();
  auto& [h, r] = *found;
  if (!HubStore(ctx.db).is_organiser(h.id, ctx.user->id))
    return audit::refused(ctx, "hub.referral.seen", "hub_referral", id_text(r.id), not_organiser());
  if (r.status != "waiting") return Error::validation({{"status", "This referral is already marked as seen"}});
  HubStore(ctx.db).mark_seen(r.id);
  audit::record(ctx.db, audit::Actor::of(ctx), "hub.referral.seen", "hub_referral", id_text(r.id),
                {{"status", "waiting"}}, {{"status", "seen"}});
  return Done{"/hubs/" + id_text(h.id) + "/manage#referrals", {{"status", "seen"}}, i18n::msg("Marked as seen.")};
}

}  // namespace

const std::vector<std::string>& organiser_roles() {
  static const std::vector<std::string> all = {"organisation", "coordinator", "officer", "admin"};
  return all;
}

const std::vector<std::string>& referrer_roles() {
  static const std::vector<std::string> all = {"referrer", "coordinator", "team_lead", "officer"};
  return all;
}

std::optional<Json> project_section(store::Db& db, const std::string& id) {
  auto project = parse_int(id);
  if (!project) return std::nullopt;
  auto decided = db.query_one("SELECT decided_at FROM grant_applications WHERE id = ?", {*project});
  if (!decided || decided->is_null(0)) return std::nullopt;
  const std::string since = decided->text(0).substr(0, 10);
  auto all = HubStore(db).project_hours(*project, since);
  if (all.empty()) return std::nullopt;
  Json hubs = Json::array();
  std::int64_t minutes = 0;
  for (const auto& h : all) {
    minutes += h.minutes;
    hubs.push_back({{"name", h.hub_name},
                    {"href", "/hubs/" + id_text(h.hub)},
                    {"time", hours_text(static_cast<int>(h.minutes))},
                    {"people", count_of(h.people, "volunteer")}});
  }
  return Json{{"hubs", hubs},
              {"minutes", minutes},
              {"whole_hours", minutes / 60},
              {"time", hours_text(static_cast<int>(minutes))},
              {"since", date_in_words(since)}};
}

std::vector<app::Waiting> waiting_for(store::Db& db, std::int64_t user) {
  HubStore store(db);
  std::vector<app::Waiting> out;
  const LocalTime now = london(now_seconds());
  std::string from = civil_from_days(now.days), to = civil_from_days(now.days + kCoverDays);
  for (auto id : store.organised_by(user)) {
    auto h = store.get(id);
    if (!h) continue;
    auto gaps = cover_needed(store.shifts(id, from, to), now);
    out.push_back({i18n::tr("Shifts needing cover at {hub}", {{"hub", h->name}}), hub_href(*h) + "/manage#rota",
                   static_cast<std::int64_t>(gaps.size())});
    out.push_back({i18n::tr("Referrals waiting at {hub}", {{"hub", h->name}}), hub_href(*h) + "/manage#referrals",
                   static_cast<std::int64_t>(store.referrals(id, "waiting").size())});
  }
  return out;
}

std::vector<app::Waiting> referrals_made(store::Db& db, std::int64_t user) {
  auto mine = HubStore(db).referrals_by(user);
  if (mine.empty()) return {};  // listed once someone has referred to a hub
  return {{i18n::tr("Your referrals to community hubs"), "/hubs/referrals", 0, waiting_text(mine)}};
}

void install_routes(web::Server& server) {
  store::Database* db = &server.database();
  auto& r = server.router();
  std::vector<std::string> readers = referrer_roles();
  for (const auto& role : organiser_roles())
    if (std::find(readers.begin(), readers.end(), role) == readers.end()) readers.push_back(role);
  r.page("/hubs", "hubs/index", Access::anyone(), list_page);
  r.page("/hubs/cover-needed", "hubs/cover", Access::anyone(), cover_page);
  r.page("/hubs/new", "hubs/form", Access::role(web::kOfficerRoles), new_page);
  r.action("/hubs/new", Access::role(web::kOfficerRoles), create_hub);
  r.page("/hubs/{id}", "hubs/hub", Access::anyone(), hub_page);
  r.page("/hubs/{id}/edit", "hubs/form", Access::role(organiser_roles()), edit_page);
  r.action("/hubs/{id}/edit", Access::role(organiser_roles()), edit_hub);
  r.page("/hubs/shifts/{id}", "hubs/shift", Access::anyone(), shift_page);
  r.action("/hubs/shifts/{id}", Access::any_member(), shift_action);
  r.page("/hubs/{id}/manage", "hubs/manage", Access::role(organiser_roles()),
         [db](Ctx& ctx) { return manage_page(db, ctx); });
  r.action("/hubs/{id}/manage", Access::role(organiser_roles()), manage_action);
  r.page("/hubs/{id}/referrals/new", "hubs/refer", Access::role(referrer_roles()), refer_page);
  r.action("/hubs/{id}/referrals/new", Access::role(referrer_roles()), refer_action);
  r.page("/hubs/referrals", "hubs/referrals", Access::role(referrer_roles()),
         [db](Ctx& ctx) { return my_referrals_page(db, ctx); });
  r.page("/hubs/referrals/{id}", "hubs/referral", Access::role(readers),
         [db](Ctx& ctx) { return referral_page(db, ctx); });
  r.action("/hubs/referrals/{id}", Access::role(readers),
           [db](Ctx& ctx, const Input& in) { return referral_action(db, ctx, in); });
  server.add_nav({"Community hubs", "/hubs", Access::anyone(), false});
}

}  // namespace kith::hubs
