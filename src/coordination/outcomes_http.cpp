// Coordination outcome pages and API: a person's connections (searched from the
// directory, timebank and gift board, and whether each took), wellbeing measures
// (ONS4 with ONS's bands, SWEMWBS when licensed, outcome self-ratings), cost avoided
// as a range with its assumptions, closing, contributions and correction requests
// (/coordination/people/{id}/outcomes); the place's unit costs
// (/coordination/unit-costs) and settings (/coordination/outcome-settings) for
// admins; a person's own record (/coordination/my-record). Thin: rules in
// outcomes.cpp, writes in outcomes_service.cpp.
#include "coordination/outcomes_http.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "audit/audit.h"
#include "coordination/coordination_store.h"
#include "coordination/outcomes_service.h"
#include "coordination/service.h"
#include "core/clock.h"
#include "core/text.h"
#include "hubs/hub_store.h"
#include "i18n/speaking.h"
#include "outcomes/outcome_store.h"
#include "timebank/ledger.h"
#include "web/dates.h"
#include "web/resubmitted.h"

namespace kith::coordination {

namespace {

using web::Ctx;
using web::date_answer;
using web::date_input;
using web::Done;
using web::Input;
using web::Json;
using web::with_date_fault;

const std::vector<std::string> kAdmins = {"admin"};

Json crumbs(std::int64_t person = 0) {
  Json c = Json::array({{{"name", "Home"}, {"href", "/"}}, {{"name", "Coordination"}, {"href", "/coordination"}}});
  if (person)
    c.push_back({{"name", i18n::tr("Record {id}", {{"id", std::to_string(person)}})},
                 {"href", "/coordination/people/" + std::to_string(person)}});
  return c;
}

std::string number(double v) {
  char buf[32];
  if (std::fabs(v - std::round(v)) < 1e-9)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

Json choices(const std::vector<std::string>& values, std::string (*label)(const std::string&)) {
  Json out = Json::array();
  for (const auto& v : values) out.push_back({{"value", v}, {"text", label(v)}});
  return out;
}

// ---- Wellbeing shown ----

Json measure_json(const Measure& m, const std::vector<outcomes::Outcome>& outcomes) {
  Json items = Json::array();
  if (m.instrument == "ONS4") {
    for (const auto& k : ons4_items()) {
      auto it = m.items.find(k);
      if (it == m.items.end()) continue;
      items.push_back(
          {{"item", k}, {"label", ons4_label(k)}, {"score", it->second}, {"band", ons4_band(k, it->second)}});
    }
  } else {
    for (const auto& [k, v] : m.items) {
      std::string label = k;
      for (const auto& o : outcomes)
        if (o.slug == k) label = o.name;
      items.push_back({{"item", k}, {"label", label}, {"score", v}});
    }
  }
  char total[16] = "";
  if (m.total) std::snprintf(total, sizeof total, "%.2f", *m.total);
  int raw = 0;
  for (const auto& [k, v] : m.items) raw += v;
  const char* name = m.instrument == "ONS4"      ? i18n::msg("ONS personal wellbeing (ONS4)")
                     : m.instrument == "SWEMWBS" ? i18n::msg("Short Warwick-Edinburgh wellbeing scale (SWEMWBS)")
                                                 : i18n::msg("How things are going, in the outcomes chosen");
  return {{"id", m.id},
          {"instrument", m.instrument},
          {"instrument_name", i18n::tr(name)},
          {"occasion", label_of(m.occasion)},
          {"taken_on", m.taken_on},
          {"taken_on_text", date_in_words(m.taken_on)},
          {"items", items},
          {"total", m.total ? Json(total) : Json(nullptr)},
          {"raw", m.instrument == "SWEMWBS" ? Json(raw) : Json(nullptr)}};
}

// Start against latest, per ONS4 item and for SWEMWBS.
Json change_json(const std::vector<Measure>& ms) {
  Json out = Json::array();
  const Measure* first = nullptr;
  const Measure* last = nullptr;
  for (const auto& m : ms)
    if (m.instrument == "ONS4") {
      if (!first) first = &m;
      last = &m;
    }
  if (first && last && first != last)
    for (const auto& k : ons4_items()) {
      auto a = first->items.find(k);
      auto b = last->items.find(k);
      if (a == first->items.end() || b == last->items.end()) continue;
      int dir = ons4_direction(k, a->second, b->second);
      out.push_back({{"measure", ons4_label(k)},
                     {"from", std::to_string(a->second) + " (" + ons4_band(k, a->second) + ")"},
                     {"to", std::to_string(b->second) + " (" + ons4_band(k, b->second) + ")"},
                     {"verdict", i18n::tr(dir > 0   ? i18n::msg("Better")
                                          : dir < 0 ? i18n::msg("Worse")
                                                    : i18n::msg("No change"))}});
    }
  first = last = nullptr;
  for (const auto& m : ms)
    if (m.instrument == "SWEMWBS" && m.total) {
      if (!first) first = &m;
      last = &m;
    }
  if (first && last && first != last) {
    int c = swemwbs_change(*first->total, *last->total);
    char a[16], b[16];
    std::snprintf(a, sizeof a, "%.2f", *first->total);
    std::snprintf(b, sizeof b, "%.2f", *last->total);
    out.push_back({{"measure", "SWEMWBS (metric score)"},
                   {"from", a},
                   {"to", b},
                   {"verdict", i18n::tr(c > 0   ? i18n::msg("Meaningfully better (3 points or more)")
                                        : c < 0 ? i18n::msg("Meaningfully worse (3 points or more)")
                                                : i18n::msg("No meaningful change (less than 3 points)"))}});
  }
  return out;
}

std::map<std::string, int> items_from(const Input& in, const std::vector<std::string>& names, const std::string& prefix,
                                      std::vector<FieldError>& errors) {
  std::map<std::string, int> out;
  for (const auto& n : names) {
    auto v = in.get(prefix + n);
    if (v.empty()) continue;
    auto i = parse_int(v);
    if (!i || *i < -1000 || *i > 1000)
      errors.push_back({n, "Give a whole number"});
    else
      out[n] = static_cast<int>(*i);
  }
  return out;
}

std::optional<double> number_of(const Input& in, const std::string& field, std::vector<FieldError>& errors,
                                const std::string& message, double fallback) {
  auto v = in.get(field);
  if (v.empty()) return fallback;
  auto d = parse_double(v);
  if (!d) {
    errors.push_back({field, message});
    return std::nullopt;
  }
  return *d;
}

// ---- The outcomes page ----

// A connection to a hub: whether the hub was told the person is coming and has seen
// them, or the form to tell it (its fields named by the connection, as each row's are).
Json hub_view(Ctx& ctx, const Input& was, const Connection& n, const std::string& first_name) {
  if (n.in.hub_id == 0) return nullptr;
  auto told = hubs::HubStore(ctx.db).referral_of_connection(n.id);
  if (told)
    return {{"told", true},
            {"told_text", told->status == "seen" ? i18n::tr("The hub was told on {told} and saw them on {seen}.",
                                                            {{"told", date_in_words(told->created_at)},
                                                             {"seen", date_in_words(told->seen_at)}})
                                                 : i18n::tr("The hub was told on {told}; it has not seen them yet.",
                                                            {{"told", date_in_words(told->created_at)}})}};
  const std::string row = std::to_string(n.id);
  const bool mine = was.get("do") == "tell-hub" && was.get("connection") == row;
  auto ticked = mine ? was.all("needs") : std::vector<std::string>{};
  Json needs = Json::array();
  for (const auto& c : hubs::needs())
    needs.push_back({{"id", c.id},
                     {"label", i18n::tr(c.label)},
                     {"input_id", needs.empty() ? "needs-" + row : "needs-" + row + "-" + c.id},
                     {"checked", std::find(ticked.begin(), ticked.end(), c.id) != ticked.end()}});
  Json v = {{"told", false},
            {"row", row},
            {"person", mine ? was.get("person") : first_name},
            {"note", mine ? was.get("note") : ""},
            {"consent", mine && was.get("consent") == "yes"},
            {"needs", needs}};
  for (const char* field : {"person", "needs", "note", "consent"}) {
    std::string message = ctx.failed_message(std::string(field) + "-" + row);
    v[std::string(field) + "_error"] = message;
  }
  v["open"] = mine;
  return v;
}

Result<Json> outcomes_page(Ctx& ctx, const State& st) {
  auto id = parse_int(ctx.param("id"));
  if (!id) return Error::not_found("There is no such person.");
  CoordStore store(ctx.db, *st.key);
  auto opened = open_record(st, ctx, store, *id);
  if (!opened) return opened.error();
  auto p = store.person(*id);
  if (!p) return Error::not_found(i18n::tr("There is no person {id}.", {{"id", std::to_string(*id)}}));
  record_read(st, ctx, *id, ctx.is_api ? "api:outcomes" : "page:outcomes", opened->break_glass);
  CaseOutcomeStore out(ctx.db, *st.key);
  const Case& c = opened->c;
  std::string today = now_iso().substr(0, 10);
  std::string href = "/coordination/people/" + std::to_string(*id) + "/outcomes";

  // A form that came back with an error keeps its answers (each form by its `do`, each
  // wellbeing form by its instrument, each connection's by its number).
  web::Input was = web::resubmitted(ctx);
  Json connections = Json::array();
  int took = 0, decided = 0;
  const auto names = split(trim(p->name), ' ');
  const std::string first_name = names.empty() ? "" : names.front();
  for (const auto& n : out.connections(c.id)) {
    bool due = !n.in.follow_up_on.empty() && n.in.follow_up_on <= today;
    if (n.in.took == "went-once" || n.in.took == "still-going") ++took;
    if (n.in.took != "suggested" && n.in.took != "introduced") ++decided;
    Json took_choices = Json::array();
    for (const auto& t : took_values())
      took_choices.push_back({{"value", t}, {"text", took_label(t)}, {"selected", t == n.in.took}});
    connections.push_back(
        {{"id", n.id},
         {"kind", connection_kind_label(n.in.target_kind)},
         {"name", n.in.target_name},
         {"service_id", n.in.service_id},
         {"service_href", !n.in.service_id.empty() ? Json("/directory/services/" + n.in.service_id)
                          : n.in.hub_id            ? Json("/hubs/" + std::to_string(n.in.hub_id))
                                                   : Json(nullptr)},
         {"service_coordinated", n.in.service_coordinated},
         {"coordinated_by", n.in.coordinated_by},
         {"took", n.in.took},
         {"took_label", took_label(n.in.took)},
         {"follow_up_on", n.in.follow_up_on},
         {"follow_up_on_text", date_in_words(n.in.follow_up_on)},
         {"follow_up",
          date_input(ctx, "follow-" + std::to_string(n.id), "follow_up_on", n.in.follow_up_on,
                     was.get("do") == "took" && was.get("connection") == std::to_string(n.id) ? &was : nullptr)},
         {"follow_up_due", due},
         {"note", n.in.note},
         {"hub", hub_view(ctx, was, n, first_name)},
         {"took_choices", took_choices}});
  }
  Json found = Json::array();
  auto q = ctx.req.query_param("q");
  if (!q.empty())
    for (const auto& t : out.search_targets(q, 10))
      found.push_back({{"kind", t.kind},
                       {"kind_label", connection_kind_label(t.kind)},
                       {"id", t.id},
                       {"name", t.name},
                       {"field", t.kind == "service"          ? "service_id"
                                 : t.kind == "timebank-offer" ? "timebank_post"
                                 : t.kind == "hub"            ? "hub"
                                                              : "gift"}});

  auto outcome_list = outcomes::OutcomeStore(ctx.db).list(false);
  auto ms = out.measures(c.id);
  Json measures = Json::array();
  for (const auto& m : ms) measures.push_back(measure_json(m, outcome_list));
  Json changes = change_json(ms);
  auto measure_form = [&](const std::string& instrument, const std::string& prefix, Json questions) {
    bool mine = was.get("do") == "wellbeing" && was.get("instrument") == instrument;
    // Once there is a measure at the start, the next one is at a review.
    const bool started = std::any_of(
        ms.begin(), ms.end(), [&](const Measure& m) { return m.instrument == instrument && m.occasion == "start"; });
    std::string chosen = mine ? was.get("occasion") : started ? "review" : "start";
    Json occasions_list = Json::array();
    for (const auto& o : occasions())
      occasions_list.push_back({{"value", o},
                                {"text", i18n::tr(o == "start"    ? i18n::msg("At the start")
                                                  : o == "review" ? i18n::msg("At a review")
                                                                  : i18n::msg("At closing"))},
                                {"selected", o == chosen}});
    for (auto& q : questions) {
      std::string item = q["item"];
      q["id"] = prefix + "_" + item;
      q["value"] = mine ? was.get("item_" + item) : "";
    }
    return Json{{"occasions", occasions_list},
                {"taken_on", date_input(ctx, prefix + "_taken_on", "taken_on", today, mine ? &was : nullptr)},
                {"questions", questions},
                {"open", mine}};
  };
  Json ons_questions = Json::array();
  for (const auto& k : ons4_items()) ons_questions.push_back({{"item", k}, {"label", ons4_label(k)}});
  Json sw_questions = Json::array();
  for (const auto& k : swemwbs_items()) sw_questions.push_back({{"item", k}, {"label", label_of(k)}});
  Json outcome_questions = Json::array();
  for (const auto& o : outcome_list) outcome_questions.push_back({{"item", o.slug}, {"label", o.name}});
  ons_questions = measure_form("ONS4", "ons", ons_questions);
  sw_questions = measure_form("SWEMWBS", "sw", sw_questions);
  outcome_questions = measure_form("outcomes", "oc", outcome_questions);
  std::string licence = swemwbs_licence(ctx.db);

  Json unit_costs = Json::array();
  for (const auto& u : out.unit_costs(true))
    unit_costs.push_back({{"value", u.id},
                          {"text", u.name + ": " + pounds(u.low_pence) +
                                       (u.high_pence != u.low_pence ? "–" + pounds(u.high_pence) : "") + " a " +
                                       u.unit + " (" + u.source + ")"}});
  Json costs = Json::array();
  std::vector<CostLine> lines;
  for (const auto& k : out.costs(c.id)) {
    auto r = cost_range(k.line);
    auto s = confidence_share(k.line.confidence);
    lines.push_back(k.line);
    costs.push_back(
        {{"what", k.line.unit.name},
         // The unit's name is the place's own words (with an English plural).
         {"assumption",
          i18n::tr("{each} {units} each time, {times} times a year, for {months} months: {total} {all_units} at "
                   "{cost} ({source}, {year} prices)",
                   {{"each", number(k.line.units_each)},
                    {"units", k.line.unit.unit + (k.line.units_each == 1 ? "" : "s")},
                    {"times", number(k.line.times_per_year)},
                    {"months", number(k.line.months)},
                    {"total", number(total_units(k.line))},
                    {"all_units", k.line.unit.unit + "s"},
                    {"cost",
                     pounds(k.line.unit.low_pence) +
                         (k.line.unit.high_pence != k.line.unit.low_pence ? "–" + pounds(k.line.unit.high_pence) : "")},
                    {"source", k.line.unit.source},
                    {"year", std::to_string(k.line.unit.year)}})},
         {"confidence", label_of(k.line.confidence)},
         {"counted", i18n::tr("{low}% to {high}%", {{"low", std::to_string(static_cast<int>(s.low * 100))},
                                                    {"high", std::to_string(static_cast<int>(s.high * 100))}})},
         {"low", pounds(r.low_pence)},
         {"high", pounds(r.high_pence)},
         {"low_pence", r.low_pence},
         {"high_pence", r.high_pence},
         {"note", k.note}});
  }
  auto total = cost_range(lines);

  Json reasons = Json::array();
  for (const auto& r : out.close_reasons(true))
    reasons.push_back({{"value", r.key}, {"text", i18n::tr(r.label)}});  // the seeded ones are in the catalogues
  auto closing = out.closing(c.id);
  bool share_back = false;
  for (const auto& f : store.referrals_of_case(c.id))
    if (f.referrer_user && f.consent_share_back) share_back = true;

  Json contributions = Json::array();
  for (const auto& k : out.contributions(c.id))
    contributions.push_back({{"kind", contribution_label(k.in.kind)},
                             {"what", k.in.what},
                             {"hours", number(k.in.hours)},
                             {"started_on", k.in.started_on},
                             {"started_on_text", date_in_words(k.in.started_on)},
                             {"timebank_post", k.in.timebank_post_id ? Json(k.in.timebank_post_id) : Json(nullptr)},
                             {"story", k.in.story_id ? Json(k.in.story_id) : Json(nullptr)}});
  Json corrections = Json::array();
  for (const auto& k : out.corrections(*id))
    corrections.push_back({{"id", k.id},
                           {"request", k.request},
                           {"status", label_of(k.status)},
                           {"open", k.status == "open"},
                           {"response", k.response},
                           {"asked", date_in_words(k.created_at)}});

  Json shareable = Json::array();
  for (const auto& r : ctx.db.query("SELECT id, kind, text_sealed, gift_board_entry_id FROM coord_strengths WHERE "
                                    "case_id = ? AND gift_board_ok = 1 ORDER BY id",
                                    {c.id}))
    shareable.push_back({{"id", r.integer(r.index("id"))},
                         {"kind", label_of(r.text(r.index("kind")))},
                         {"text", st.key->open_or_throw(r.text(r.index("text_sealed")))},
                         {"posted", !r.is_null(r.index("gift_board_entry_id"))}});
  Json categories = Json::array();
  for (const auto& k : timebank::categories()) categories.push_back({{"value", k}, {"text", label_of(k)}});

  bool may_write = opened->how == RecordAccess::kAssigned || opened->how == RecordAccess::kTeamLead;
  bool is_open = c.status != "closed" && c.status != "declined";
  Json data = Json{{"title", p->name + ": connections and outcomes"},
                   {"breadcrumbs", crumbs(*id)},
                   {"href", href},
                   {"person", {{"id", p->id}, {"name", p->name}}},
                   {"case", {{"id", c.id}, {"status", c.status}, {"open", is_open}}},
                   {"may_write", may_write && is_open},
                   {"may_correct", may_write},
                   {"break_glass", opened->how == RecordAccess::kBreakGlass},
                   {"today", today},
                   {"q", q},
                   {"found", found},
                   {"searched", !q.empty()},
                   {"has_found", !found.empty()},
                   {"connection_kinds", choices(connection_kinds(), connection_kind_label)},
                   {"took_values", choices(took_values(), took_label)},
                   {"connections", connections},
                   {"has_connections", !connections.empty()},
                   {"connections_took", took},
                   {"connections_decided", decided},
                   {"connections_decided_text", count_of(decided, "connection")},
                   {"measures", measures},
                   {"has_measures", !measures.empty()},
                   {"changes", changes},
                   {"has_changes", !changes.empty()},
                   {"ons_questions", ons_questions},
                   {"swemwbs_on", !licence.empty()},
                   {"swemwbs_licence", licence},
                   {"swemwbs_questions", sw_questions},
                   {"outcome_questions", outcome_questions},
                   {"unit_costs", unit_costs},
                   {"costs", costs},
                   {"has_costs", !costs.empty()},
                   {"cost_low", pounds(total.low_pence)},
                   {"cost_high", pounds(total.high_pence)},
                   {"cost_low_pence", total.low_pence},
                   {"cost_high_pence", total.high_pence},
                   {"close_reasons", reasons},
                   {"closing", closing ? Json{{"reason", i18n::tr(closing->reason_label)},
                                              {"closed_at", date_in_words(closing->closed_at.substr(0, 10))},
                                              {"told_referrer", closing->told_referrer},
                                              {"message", closing->message}}
                                       : Json(nullptr)},
                   {"may_tell_referrer", share_back},
                   {"contribution_kinds", choices(contribution_kinds(), contribution_label)},
                   {"contributions", contributions},
                   {"has_contributions", !contributions.empty()},
                   {"corrections", corrections},
                   {"has_corrections", !corrections.empty()},
                   {"shareable", shareable},
                   {"has_shareable", !shareable.empty()},
                   {"categories", categories},
                   {"follow_up", date_input(ctx, "follow_up_on", "follow_up_on", "", "connection")},
                   {"started", date_input(ctx, "started_on", "started_on", "", "contribution")}};
  // A form that came back with an error keeps its choices (each form by its `do`).
  auto keep_choice = [&](const char* list, const char* form, const char* field) {
    if (was.get("do") != form) return;
    for (auto& item : data[list]) {
      bool chosen = item["value"].is_string() ? item["value"].get<std::string>() == was.get(field)
                                              : std::to_string(item["value"].get<std::int64_t>()) == was.get(field);
      item["selected"] = chosen;
      item["checked"] = chosen;
    }
  };
  keep_choice("connection_kinds", "connection", "target_kind");
  keep_choice("took_values", "connection", "took");
  keep_choice("unit_costs", "cost", "unit_cost");
  keep_choice("close_reasons", "close", "reason");
  keep_choice("contribution_kinds", "contribution", "kind");
  return data;
}

Result<Done> outcomes_action(Ctx& ctx, const State& st, const Input& in) {
  auto id = parse_int(ctx.param("id"));
  if (!id) return Error::not_found("There is no such person.");
  CoordStore store(ctx.db, *st.key);
  auto opened = open_record(st, ctx, store, *id);
  if (!opened) return opened.error();
  if (opened->how != RecordAccess::kAssigned && opened->how != RecordAccess::kTeamLead)
    return audit::refused(ctx, "coordination.record.write", "coord_person", std::to_string(*id),
                          Error{"forbidden", "Break glass lets you read this record, not change it.", {}});
  auto what = in.get("do");
  auto actor = audit::Actor::of(ctx);
  std::string now = now_iso();
  const Case& c = opened->c;
  bool is_open = c.status != "closed" && c.status != "declined";
  if (!is_open && what != "correction")
    return Error{"conflict", "This case is closed: its record can no longer be added to.", {}};
  std::string back = "/coordination/people/" + std::to_string(*id) + "/outcomes";
  Status s = Ok{};
  Json data = {{"person", *id}, {"done", what}};
  std::string anchor;
  // Dates come as GOV.UK date inputs from the page (taken_on_day, ...) or whole from the API.
  std::optional<FieldError> bad;
  auto date_of = [&](const std::string& field, const std::string& label, std::vector<FieldError>& e) {
    auto iso = date_answer(in, field, field, label, bad);
    if (bad) e.push_back(*bad);
    return iso;
  };
  if (what == "connection") {
    ConnectionInput n;
    n.target_kind = in.get("target_kind");
    n.target_name = in.get("target_name");
    n.service_id = in.get("service_id");
    std::vector<FieldError> e;
    if (!in.get("timebank_post").empty()) {
      auto v = parse_int(in.get("timebank_post"));
      if (!v) e.push_back({"timebank_post", "Choose a timebank offer from the search"});
      n.timebank_post_id = v.value_or(0);
    }
    if (!in.get("gift").empty()) {
      auto v = parse_int(in.get("gift"));
      if (!v) e.push_back({"gift", "Choose a gift from the search"});
      n.gift_board_entry_id = v.value_or(0);
    }
    if (!in.get("hub").empty()) {
      auto v = parse_int(in.get("hub"));
      if (!v) e.push_back({"hub", "Choose a hub from the search"});
      n.hub_id = v.value_or(0);
    }
    n.follow_up_on = date_of("follow_up_on", i18n::msg("Follow-up date"), e);
    if (!e.empty()) return Error::validation(std::move(e));
    n.service_coordinated = in.get("service_coordinated") == "yes";
    n.coordinated_by = in.get("coordinated_by");
    n.took = in.get("took").empty() ? "suggested" : in.get("took");
    n.note = in.get("note");
    auto r = add_connection(ctx.db, *st.key, actor, c.id, n, ctx.user->id, now);
    if (!r) return with_date_fault(r.error(), ctx, in, "follow_up_on", std::nullopt).error();
    data["connection"] = *r;
    anchor = "#connections";
  } else if (what == "took") {
    auto n = parse_int(in.get("connection"));
    if (!n) return Error::validation({{"connection", "Choose a connection"}});
    std::vector<FieldError> e;
    auto follow_up_on = date_of("follow_up_on", i18n::msg("Follow-up date"), e);
    s = e.empty() ? update_connection(ctx.db, *st.key, actor, c.id, *n, in.get("took"), follow_up_on, now)
                  : Status(Error::validation(std::move(e)));
    s = with_date_fault(std::move(s), ctx, in, "follow_up_on", std::nullopt);
    // Each connection's row has its own follow-up date: its error is said there.
    if (!s && !ctx.is_api) {
      const std::string field = "follow_up_on";
      Error err = s.error();
      for (auto& f : err.fields)
        if (starts_with(f.field, field)) f.field = "follow-" + std::to_string(*n) + f.field.substr(field.size());
      s = err;
    }
    anchor = "#connections";
  } else if (what == "tell-hub") {
    auto n = parse_int(in.get("connection"));
    if (!n) return Error::validation({{"connection", "Choose a connection"}});
    hubs::Referral r;
    r.person = in.get("person");
    r.needs = in.all("needs");
    r.note = in.get("note");
    r.consent = in.get("consent") == "yes";
    auto told = tell_hub(ctx.db, *st.key, actor, c.id, *n, r, now);
    s = told ? Status(Ok{}) : Status(told.error());
    // Each hub connection has its own form: its errors are said there.
    if (!s && !ctx.is_api) {
      Error err = s.error();
      for (auto& f : err.fields) f.field += "-" + std::to_string(*n);
      s = err;
    }
    if (told) data["hub_referral"] = *told;
    anchor = "#connections";
  } else if (what == "wellbeing") {
    auto instrument = in.get("instrument");
    std::vector<FieldError> e;
    std::vector<std::string> names;
    if (instrument == "ONS4")
      names = ons4_items();
    else if (instrument == "SWEMWBS")
      names = swemwbs_items();
    else
      for (const auto& o : outcomes::OutcomeStore(ctx.db).list(false)) names.push_back(o.slug);
    auto items = items_from(in, names, "item_", e);
    // Three wellbeing forms share a page: each error names its own form's field
    // (ons_occasion, sw_taken_on, oc_<outcome>) so the summary's link reaches it.
    auto on_form = [&](Error err) {
      if (ctx.is_api) return err;
      std::string prefix = instrument == "ONS4" ? "ons_" : instrument == "SWEMWBS" ? "sw_" : "oc_";
      for (auto& f : err.fields)
        if (f.field == "ratings" && !names.empty())
          f.field = prefix + names.front();
        else if (f.field != "instrument")
          f.field = prefix + f.field;
      return err;
    };
    auto taken_on = date_of("taken_on", i18n::msg("Date it was measured"), e);
    if (!e.empty()) return on_form(Error::validation(std::move(e)));
    auto r =
        add_measure(ctx.db, *st.key, actor, c.id, instrument, in.get("occasion"), taken_on, items, ctx.user->id, now);
    if (!r) return on_form(with_date_fault(r.error(), ctx, in, "taken_on", std::nullopt).error());
    data["measure"] = *r;
    anchor = "#wellbeing";
  } else if (what == "cost") {
    std::vector<FieldError> e;
    CostLine line;
    line.units_each = number_of(in, "units_each", e, "Enter how many each time, like 2", 1).value_or(0);
    line.times_per_year = number_of(in, "times_per_year", e, "Enter how many times a year, like 52", 0).value_or(0);
    line.months = number_of(in, "months", e, "Enter for how many months, like 6", 0).value_or(0);
    line.confidence = in.get("confidence");
    auto unit = parse_int(in.get("unit_cost"));
    if (!unit) e.push_back({"unit_cost", "Choose what would likely have happened"});
    if (!e.empty()) return Error::validation(std::move(e));
    s = add_cost(ctx.db, *st.key, actor, c.id, *unit, line, in.get("note"), ctx.user->id, now);
    anchor = "#costs";
  } else if (what == "close") {
    s = close_case(ctx.db, *st.key, actor, c.id, in.get("reason"), in.get("tell_referrer") == "yes", in.get("message"),
                   ctx.user->id, ctx.absolute_url("/coordination/referrals"), now);
    anchor = "#closing";
  } else if (what == "contribution") {
    ContributionInput k;
    std::vector<FieldError> e;
    k.kind = in.get("kind");
    k.what = in.get("what");
    k.hours = number_of(in, "hours", e, "Hours must be a number, like 2.5", 0).value_or(-1);
    k.started_on = date_of("started_on", i18n::msg("Start date"), e);
    if (!in.get("timebank_post").empty()) {
      auto v = parse_int(in.get("timebank_post"));
      if (!v) e.push_back({"timebank_post", "Give the timebank post's number"});
      k.timebank_post_id = v.value_or(0);
    }
    if (!in.get("story").empty()) {
      auto v = parse_int(in.get("story"));
      if (!v) e.push_back({"story", "Give the story's number"});
      k.story_id = v.value_or(0);
    }
    if (!e.empty()) return Error::validation(std::move(e));
    s = with_date_fault(add_contribution(ctx.db, *st.key, actor, c.id, k, ctx.user->id, now), ctx, in, "started_on",
                        std::nullopt);
    anchor = "#contributions";
  } else if (what == "gift") {
    GiftShare g;
    auto sid = parse_int(in.get("strength"));
    if (!sid) return Error::validation({{"strength", "Choose one of this person's strengths or gifts"}});
    g.strength_id = *sid;
    g.name = in.get("name");
    g.kind = in.get("kind");
    g.category = in.get("category");
    g.postcode = in.get("postcode");
    auto r = share_gift(ctx.db, *st.key, actor, c.id, g, ctx.user->id);
    if (!r) return r.error();
    data["gift_board_entry"] = *r;
    anchor = "#gifts";
  } else if (what == "correction") {
    auto k = parse_int(in.get("correction"));
    if (!k) return Error::validation({{"correction", "Choose a correction request"}});
    s = decide_correction(ctx.db, *st.key, actor, *id, *k, in.get("status"), in.get("response"), ctx.user->id, now);
    anchor = "#corrections";
  } else {
    return Error::validation({{"do", "Choose what to record"}});
  }
  if (!s) return s.error();
  std::string said = what == "connection"     ? i18n::msg("Connection recorded.")
                     : what == "took"         ? i18n::msg("Connection updated.")
                     : what == "tell-hub"     ? i18n::msg("The hub has been told they are coming.")
                     : what == "wellbeing"    ? i18n::msg("Wellbeing measure recorded.")
                     : what == "cost"         ? i18n::msg("Cost avoided recorded.")
                     : what == "close"        ? i18n::msg("Case closed.")
                     : what == "contribution" ? i18n::msg("Contribution recorded.")
                     : what == "gift"         ? i18n::msg("Shared on the gift board.")
                                              : i18n::msg("Answer to the correction request saved.");
  return Done{back + anchor, data, said, 201};
}

// ---- Unit costs and settings (admins) ----

Result<Json> unit_costs_page(Ctx& ctx, const State& st) {
  Json list = Json::array();
  for (const auto& u : CaseOutcomeStore(ctx.db, *st.key).unit_costs(false)) {
    char amount[32], high[32];
    std::snprintf(amount, sizeof amount, "%lld.%02lld", static_cast<long long>(u.low_pence / 100),
                  static_cast<long long>(u.low_pence % 100));
    std::snprintf(high, sizeof high, "%lld.%02lld", static_cast<long long>(u.high_pence / 100),
                  static_cast<long long>(u.high_pence % 100));
    list.push_back({{"id", u.id},
                    {"name", u.name},
                    {"cost", pounds(u.low_pence) + (u.high_pence != u.low_pence ? "–" + pounds(u.high_pence) : "")},
                    {"amount", amount},
                    {"high", u.high_pence != u.low_pence ? high : ""},
                    {"unit", u.unit},
                    {"source", u.source},
                    {"year", u.year},
                    {"active", u.active}});
  }
  return Json{{"title", "Unit costs for cost avoided"}, {"breadcrumbs", crumbs()}, {"unit_costs", list}};
}

Result<Done> unit_costs_action(Ctx& ctx, const State& st, const Input& in) {
  UnitCost u;
  std::vector<FieldError> e;
  if (!in.get("id").empty()) {
    auto id = parse_int(in.get("id"));
    if (!id) return Error::not_found("There is no such unit cost.");
    u.id = *id;
  }
  u.name = in.get("name");
  auto low = parse_pounds(in.get("amount"));
  if (!low) e.push_back({"amount", "Enter the cost in pounds, like 45 or 544.80"});
  u.low_pence = low.value_or(0);
  if (in.get("high").empty()) {
    u.high_pence = u.low_pence;
  } else {
    auto high = parse_pounds(in.get("high"));
    if (!high) e.push_back({"high", "Enter the higher figure in pounds, like 3,159"});
    u.high_pence = high.value_or(0);
  }
  u.unit = in.get("unit");
  u.source = in.get("source");
  auto year = parse_int(in.get("year"));
  u.year = year ? static_cast<int>(*year) : 0;
  u.active = in.get("active") != "no";
  if (!e.empty()) return Error::validation(std::move(e));
  auto r = save_unit_cost(ctx.db, *st.key, audit::Actor::of(ctx), u, now_iso());
  if (!r) return r.error();
  return Done{"/coordination/unit-costs", {{"id", *r}}, i18n::msg("Unit cost saved."), u.id ? 200 : 201};
}

Result<Json> settings_page(Ctx& ctx, const State& st) {
  Json reasons = Json::array();
  for (const auto& r : CaseOutcomeStore(ctx.db, *st.key).close_reasons(false))
    reasons.push_back({{"key", r.key}, {"label", r.label}});
  auto licence = swemwbs_licence(ctx.db);
  return Json{{"title", "Coordination outcome settings"},
              {"breadcrumbs", crumbs()},
              {"swemwbs_licence", licence},
              {"swemwbs_on", !licence.empty()},
              {"retention_years", retention_years(ctx.db)},
              {"close_reasons", reasons}};
}

Result<Done> settings_action(Ctx& ctx, const State& st, const Input& in) {
  auto actor = audit::Actor::of(ctx);
  if (in.get("do") == "close-reason") {
    auto s = add_close_reason(ctx.db, *st.key, actor, in.get("label"));
    if (!s) return s.error();
    return Done{"/coordination/outcome-settings", {{"label", in.get("label")}}, i18n::msg("Reason added."), 201};
  }
  auto s = set_outcome_settings(ctx.db, actor, in.get("swemwbs_licence"), in.get("retention_years"));
  if (!s) return s.error();
  return Done{"/coordination/outcome-settings",
              {{"swemwbs_licence", in.get("swemwbs_licence")}, {"retention_years", in.get("retention_years")}},
              i18n::msg("Settings saved.")};
}

// ---- A person's own record ----

// Where their support has got to, said to the person (the team's own words are for staff).
std::string status_for_person(const std::string& status) {
  if (status == "new" || status == "accepted") return i18n::tr("We have your request: a coordinator will be in touch.");
  if (status == "allocated") return i18n::tr("A coordinator has been given your request and will be in touch.");
  if (status == "active") return i18n::tr("A coordinator is working with you.");
  if (status == "declined") return i18n::tr("We could not offer support this time.");
  return i18n::tr("Your support has finished.");
}

Result<Json> my_record_page(Ctx& ctx, const State& st) {
  CoordStore store(ctx.db, *st.key);
  auto person = store.person_of_user(ctx.user->id);
  // Someone who asked for support before they had an account (or while signed out) is
  // linked to it by its confirmed email address, in a transaction of its own (a page
  // runs read-only).
  if (!person && linkable_by_email(ctx.db, *st.key, ctx.user->id)) {
    auto handle = st.database->acquire();
    store::Transaction tx(*handle, true);
    person = link_by_verified_email(*handle, *st.key, audit::Actor::of(ctx), ctx.user->id);
    tx.commit();
  }
  Json out = {
      {"title", "What community coordinators hold about you"}, {"breadcrumbs", crumbs()}, {"held", person.has_value()}};
  if (!person) return out;
  auto p = store.person(*person);
  auto c = store.latest_case_of(*person);
  CaseOutcomeStore outs(ctx.db, *st.key);
  out["person"] = {{"name", p ? p->name : ""},
                   {"date_of_birth", p ? date_in_words(p->date_of_birth) : ""},
                   {"phone", p ? p->contact.phone : ""},
                   {"email", p ? p->contact.email : ""},
                   {"address", p ? p->contact.address : ""},
                   {"postcode", p ? p->contact.postcode : ""}};
  Json goals = Json::array();
  Json connections = Json::array();
  Json measures = Json::array();
  Json conversations = Json::array();
  Json strengths = Json::array();
  Json contacts = Json::array();
  Json referred = Json::array();
  if (c) {
    // What they said (or their referrer said) when they asked for support: theirs to see
    // before any conversation is written down.
    for (const auto& r : store.referrals_of_case(c->id))
      if (!trim(r.what_matters).empty())
        referred.push_back({{"on_text", date_in_words(r.received_at.substr(0, 10))},
                            {"self", r.source == "self"},
                            {"what_matters", r.what_matters}});
    out["support"] = {{"status", status_for_person(c->status)},
                      {"coordinator", c->coordinator_name},
                      {"since_text", date_in_words(c->opened_at)},
                      {"review_on_text", date_in_words(c->review_on)}};
    for (const auto& v : store.conversations(c->id))
      conversations.push_back(
          {{"held_on_text", date_in_words(v.held_on)}, {"what_matters", v.what_matters}, {"good_life", v.good_life}});
    for (const auto& k : store.strengths(c->id))
      strengths.push_back({{"kind", label_of(k.kind)}, {"text", k.text}, {"gift_board_ok", k.gift_board_ok}});
    for (const auto& g : store.goals(c->id)) {
      Json steps = Json::array();
      for (const auto& st : g.steps)
        steps.push_back({{"text", st.text},
                         {"owner", st.owner == "person"         ? i18n::tr("You")
                                   : st.owner == "someone-else" ? st.owner_name
                                                                : label_of(st.owner)},
                         {"due_on_text", date_in_words(st.due_on)},
                         {"done", !st.done_at.empty()}});
      goals.push_back({{"words", g.words},
                       {"status", label_of(g.status)},
                       {"review_on_text", date_in_words(g.review_on)},
                       {"steps", steps},
                       {"has_steps", !steps.empty()}});
    }
    for (const auto& k : store.contacts(c->id))
      contacts.push_back({{"kind", label_of(k.kind)},
                          {"on_text", date_in_words(k.contact_on)},
                          {"minutes_text", k.minutes > 0 ? count_of(k.minutes, "minute") : std::string()},
                          {"place", k.place}});
    for (const auto& n : outs.connections(c->id))
      connections.push_back({{"name", n.in.target_name}, {"took", took_label(n.in.took)}});
    auto outcome_list = outcomes::OutcomeStore(ctx.db).list(false);
    for (const auto& m : outs.measures(c->id)) measures.push_back(measure_json(m, outcome_list));
  }
  Json corrections = Json::array();
  for (const auto& k : outs.corrections(*person))
    corrections.push_back({{"request", k.request},
                           {"status", label_of(k.status)},
                           {"response", k.response},
                           {"asked", date_in_words(k.created_at)}});
  out["has_goals"] = !goals.empty();
  out["has_conversations"] = !conversations.empty() || !referred.empty();
  out["referred"] = referred;
  out["has_connections"] = !connections.empty();
  out["has_measures"] = !measures.empty();
  out["has_strengths"] = !strengths.empty();
  out["has_contacts"] = !contacts.empty();
  out["goals"] = goals;
  out["conversations"] = conversations;
  out["strengths"] = strengths;
  out["contacts"] = contacts;
  out["connections"] = connections;
  out["measures"] = measures;
  out["corrections"] = corrections;
  out["has_corrections"] = !corrections.empty();
  return out;
}

Result<Done> my_record_action(Ctx& ctx, const State& st, const Input& in) {
  CoordStore store(ctx.db, *st.key);
  auto person = store.person_of_user(ctx.user->id);
  if (!person) return Error::not_found("Community coordinators hold nothing about you.");
  auto r =
      request_correction(ctx.db, *st.key, audit::Actor::of(ctx), *person, ctx.user->id, in.get("request"), now_iso());
  if (!r) return r.error();
  return Done{"/coordination/my-record",
              {{"correction", *r}},
              i18n::msg("Thank you. Your coordinator will look at this and tell you what they changed."),
              201};
}

}  // namespace

void install_outcome_routes(web::Server& server, const std::shared_ptr<const State>& state) {
  auto& r = server.router();
  const State* st = state.get();
  auto keep = [state](auto fn) { return [state, fn](auto&&... args) { return fn(args...); }; };
  using web::Access;
  r.page("/coordination/people/{id}/outcomes", "coordination/outcomes", Access::role(kWorkers),
         keep([st](Ctx& ctx) -> Result<Json> {
           if (!st->key) return switched_off();
           return outcomes_page(ctx, *st);
         }));
  r.action("/coordination/people/{id}/outcomes", Access::role(kWorkers),
           keep([st](Ctx& ctx, const Input& in) -> Result<Done> {
             if (!st->key) return switched_off();
             return outcomes_action(ctx, *st, in);
           }));
  r.page("/coordination/unit-costs", "coordination/unit_costs", Access::role(kAdmins),
         keep([st](Ctx& ctx) -> Result<Json> {
           if (!st->key) return switched_off();
           return unit_costs_page(ctx, *st);
         }));
  r.action("/coordination/unit-costs", Access::role(kAdmins), keep([st](Ctx& ctx, const Input& in) -> Result<Done> {
             if (!st->key) return switched_off();
             return unit_costs_action(ctx, *st, in);
           }));
  r.page("/coordination/outcome-settings", "coordination/outcome_settings", Access::role(kAdmins),
         keep([st](Ctx& ctx) -> Result<Json> {
           if (!st->key) return switched_off();
           return settings_page(ctx, *st);
         }));
  r.action("/coordination/outcome-settings", Access::role(kAdmins),
           keep([st](Ctx& ctx, const Input& in) -> Result<Done> {
             if (!st->key) return switched_off();
             return settings_action(ctx, *st, in);
           }));
  r.page("/coordination/my-record", "coordination/my_record", Access::any_member(),
         keep([st](Ctx& ctx) -> Result<Json> {
           if (!st->key) return switched_off();
           return my_record_page(ctx, *st);
         }));
  r.action("/coordination/my-record", Access::any_member(), keep([st](Ctx& ctx, const Input& in) -> Result<Done> {
             if (!st->key) return switched_off();
             return my_record_action(ctx, *st, in);
           }));
}

}  // namespace kith::coordination
