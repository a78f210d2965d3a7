// Coordination pages and API: the public self-referral form (/coordination/refer),
// professionals' referrals and what happened to them (/coordination/referrals),
// the team lead's queue (triage and allocation), the coordinator's caseload, the
// person's record (/coordination/people/{id}) strictly by assignment with break
// glass, teams and coordinators' neighbourhoods. Thin: the rules are in
// coordination.cpp, writes in service.cpp, sealing in seal.cpp.
#include "coordination/coordination_http.h"

#include <algorithm>

#include "areas/area_store.h"
#include "audit/audit.h"
#include "coordination/reports.h"
#include "coordination/service.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "web/dates.h"
#include "web/resubmitted.h"

namespace kith::coordination {

namespace {

using web::Access;
using web::Ctx;
using web::date_answer;
using web::Done;
using web::Input;
using web::Json;
using web::with_date_fault;

const std::vector<std::string> kReferrers = {"referrer", "coordinator", "team_lead"};
const std::vector<std::string> kLeads = {"team_lead"};
const std::vector<std::string> kTeamAdmins = {"team_lead", "admin"};
constexpr std::int64_t kReadsPerPage = 25;

// The neighbourhoods a coordinator covers as people know them, "Tilbury (Thurrock 018A)";
// a code the store does not know as it is.
std::string area_names(areas::AreaStore& areas, const std::vector<std::string>& codes) {
  std::vector<std::string> names;
  for (const auto& code : codes) {
    auto a = areas.get(code);
    names.push_back(a ? areas::label(*a) : code);
  }
  return join(names, "; ");
}

Json crumbs() {
  return Json::array({{{"name", "Home"}, {"href", "/"}}, {{"name", "Coordination"}, {"href", "/coordination"}}});
}

std::string urgency_label(const std::string& u) {
  if (u == "urgent") return i18n::tr("Urgent: within 2 working days");
  if (u == "soon") return i18n::tr("Soon: within a week");
  return i18n::tr("Routine: within 2 weeks");
}

std::string case_status_label(const std::string& s) {
  if (s == "new") return i18n::tr("Waiting for triage");
  if (s == "accepted") return i18n::tr("Accepted: waiting for a coordinator");
  if (s == "allocated") return i18n::tr("With a coordinator: not yet in touch");
  if (s == "active") return i18n::tr("Being supported");
  if (s == "declined") return i18n::tr("Declined");
  if (s == "closed") return i18n::tr("Closed");
  return s;
}

// How a person would like to be contacted, as the referral form names it.
std::string contact_way(const std::string& prefer) {
  if (prefer == "phone") return i18n::tr("Phone");
  if (prefer == "email") return i18n::tr("Email");
  if (prefer == "post") return i18n::tr("Post");
  return prefer;
}

std::optional<bool> yes_no(const std::string& v) {
  auto s = to_lower(trim(v));
  if (s == "yes" || s == "true" || s == "1") return true;
  if (s == "no" || s == "false" || s == "0") return false;
  return std::nullopt;
}

Json reason_choices(CoordStore& store, const std::vector<std::string>& chosen) {
  Json out = Json::array();
  for (const auto& r : store.reasons())
    out.push_back({{"value", r.key},
                   {"text", i18n::tr(r.label)},  // the seeded reasons are in the catalogues
                   {"checked", std::find(chosen.begin(), chosen.end(), r.key) != chosen.end()}});
  return out;
}

std::string reasons_text(CoordStore& store, const std::vector<std::string>& keys) {
  std::vector<std::string> out;
  auto all = store.reasons();
  for (const auto& k : keys) {
    auto it = std::find_if(all.begin(), all.end(), [&](const Reason& r) { return r.key == k; });
    out.push_back(it == all.end() ? k : i18n::tr(it->label));
  }
  return join(out, "; ");
}

// A service's error about FIELD said of a date input: the part at fault if one was,
// else the day (GOV.UK links a whole-date error to the first part).
Error date_error(Error e, const std::string& field, const std::string& prefix, const std::optional<FieldError>& bad) {
  for (auto& f : e.fields)
    if (f.field == field) f = bad ? *bad : FieldError{prefix + "_day", f.message};
  return e;
}

bool uses_parts(const Input& in, const std::string& prefix) {
  return in.has(prefix + "_day") || in.has(prefix + "_month") || in.has(prefix + "_year");
}

ReferralInput referral_from(const Input& in, const std::string& source, std::optional<FieldError>& dob_bad) {
  ReferralInput r;
  r.source = source;
  r.referrer_org = in.get("referrer_org");
  r.name = in.get("name");
  r.date_of_birth = date_answer(in, "date_of_birth", "dob", i18n::msg("Date of birth"), dob_bad);
  r.contact.phone = in.get("phone");
  r.contact.email = in.get("email");
  r.contact.address = in.get("address");
  r.contact.postcode = in.get("postcode");
  r.contact.prefer = in.get("prefer");
  r.contact.safe_times = in.get("safe_times");
  r.contact.may_leave_message = yes_no(in.get("may_leave_message")).value_or(false);
  r.what_matters = in.get("what_matters");
  for (const auto& v : in.all("reasons"))
    for (const auto& part : split(v, ','))
      if (!trim(part).empty()) r.reasons.push_back(trim(part));
  r.consent_contact = yes_no(in.get("consent_contact"));
  r.consent_share_back = source == "self" && !in.has("consent_share_back") ? std::optional<bool>(false)
                                                                           : yes_no(in.get("consent_share_back"));
  r.urgency = in.get("urgency").empty() && source == "self" ? "routine" : in.get("urgency");
  r.idempotency_key = in.get("idempotency_key");
  return r;
}

// ---- Referrals in ----

Json referral_form(Ctx& ctx, const State& st, const std::string& title, bool professional) {
  CoordStore store(ctx.db, *st.key);
  Input was = web::resubmitted(ctx);
  Json urg = Json::array();
  for (const auto& u : urgencies())
    urg.push_back({{"value", u}, {"text", urgency_label(u)}, {"checked", was.get("urgency") == u}});
  Json src = Json::array();
  for (const auto& s : sources())
    if (s != "self")
      src.push_back({{"value", s}, {"text", reports::source_label(s)}, {"checked", was.get("source") == s}});
  std::vector<std::string> chosen;
  for (const auto& v : was.all("reasons"))
    for (const auto& part : split(v, ',')) chosen.push_back(trim(part));
  // One key a form: sent twice (a double click, a reload), the referral is made once.
  Json out = {
      {"title", title}, {"breadcrumbs", crumbs()},      {"reasons", reason_choices(store, chosen)}, {"urgencies", urg},
      {"sources", src}, {"professional", professional}, {"idempotency_key", random_token(16)}};
  // Someone signed in asking for themselves starts with the name and address they gave us.
  if (!professional && ctx.user && !ctx.failed) out["values"] = {{"name", ctx.user->name}, {"email", ctx.user->email}};
  // A professional starts where their last referral left off: the same practice and route.
  if (professional && ctx.user && !ctx.failed) {
    auto made = store.referrals_by(ctx.user->id);  // newest first
    if (!made.empty()) {
      out["values"] = {{"referrer_org", made.front().referrer_org}};
      for (auto& s : out["sources"]) s["checked"] = s["value"] == made.front().source;
    }
  }
  return out;
}

// A referral from a form or the API. The API's Idempotency-Key header is honoured as the
// form's hidden idempotency_key is: a repeat returns the first referral.
Result<Referred> send_referral(Ctx& ctx, const State& st, const Input& in, const std::string& source,
                               std::int64_t referrer, std::optional<std::int64_t> own) {
  std::optional<FieldError> dob_bad;
  auto ref = referral_from(in, source, dob_bad);
  if (ref.idempotency_key.empty()) ref.idempotency_key = trim(ctx.req.header("idempotency-key"));
  if (ref.idempotency_key.size() > 200)
    return Error::validation({{"idempotency_key", "The idempotency key must be 200 characters or fewer"}});
  auto done = refer(ctx.db, *st.key, audit::Actor::of(ctx), ref, referrer, own, now_iso());
  // The page's form asks for the date in parts (even when none was filled in).
  if (!done && (!ctx.is_api || uses_parts(in, "dob"))) return date_error(done.error(), "date_of_birth", "dob", dob_bad);
  return done;
}

Json referred_json(const Referred& r) {
  return Json{{"id", r.referral_id},
              {"case", r.case_id},
              {"person", r.person_id},
              {"joined", r.joined},
              {"possible_duplicate_of", r.possible_duplicate ? Json(r.possible_duplicate) : Json(nullptr)}};
}

std::string link(Ctx& ctx, const std::string& path) { return ctx.absolute_url(path); }

// ---- Access ----

Viewer viewer_of(Ctx& ctx, CoordStore& store) {
  Viewer v;
  v.user_id = ctx.user ? ctx.user->id : 0;
  v.is_coordinator = ctx.user && ctx.user->has("coordinator");
  v.is_team_lead = ctx.user && ctx.user->has("team_lead");
  v.is_admin = ctx.user && ctx.user->has("admin");
  if (v.is_team_lead) v.lead_of_teams = store.teams_led_by(v.user_id);
  return v;
}

// Whether `viewer` is the coordinator `coordinator` or leads a team they are in.
bool leads_or_is(CoordStore& store, std::int64_t viewer, std::int64_t coordinator) {
  if (viewer == coordinator) return true;
  auto theirs = store.teams_of_coordinator(coordinator);
  for (auto t : store.teams_led_by(viewer))
    if (std::find(theirs.begin(), theirs.end(), t) != theirs.end()) return true;
  return false;
}

bool may_write(RecordAccess a) { return a == RecordAccess::kAssigned || a == RecordAccess::kTeamLead; }

}  // namespace

Error switched_off() {
  return Error{"unavailable",
               "Coordination is switched off: no coordination key is configured. An operator starts Kith with "
               "--coordination-key-file (see docs/coordination.md).",
               {}};
}

Result<OpenedRecord> open_record(const State& st, Ctx& ctx, CoordStore& store, std::int64_t person) {
  auto c = store.latest_case_of(person);
  if (!c) return Error::not_found(i18n::tr("There is no person {id}.", {{"id", std::to_string(person)}}));
  Viewer v = viewer_of(ctx, store);
  std::string now = now_iso();
  CaseAccess a{c->coordinator_user, c->team_id, std::nullopt};
  auto bg = store.open_break_glass(person, v.user_id, now);
  if (bg) a.break_glass_expires_at = bg->expires_at;
  auto how = access_to(v, a, now);
  if (how == RecordAccess::kNone)
    return refuse_record(
        st, ctx, person,
        Error{"record-restricted",
              i18n::msg("This person's record is open only to their coordinator and their team's leads."),
              {{"break_glass", "/coordination/people/" + std::to_string(person) + "/break-glass"}}});
  OpenedRecord out{*c, how, std::nullopt};
  if (how == RecordAccess::kBreakGlass) out.break_glass = bg->id;
  return out;
}

void record_read(const State& st, Ctx& ctx, std::int64_t person, const std::string& via,
                 std::optional<std::int64_t> break_glass) {
  auto handle = st.database->acquire();
  store::Transaction tx(*handle, true);
  std::string now = now_iso();
  CoordStore(*handle, *st.key).record_read(person, ctx.user->id, via, break_glass, now);
  audit::record(*handle, audit::Actor::of(ctx), "coordination.record.read", "coord_person", std::to_string(person),
                nullptr, {{"via", via}, {"break_glass", break_glass ? Json(*break_glass) : Json(nullptr)}});
  tx.commit();
}

Error refuse_record(const State& st, Ctx& ctx, std::int64_t person, const Error& error) {
  if (ctx.req.method != "GET")
    return audit::refused(ctx, "coordination.record.read", "coord_person", std::to_string(person), error);
  auto handle = st.database->acquire();
  store::Transaction tx(*handle, true);
  audit::record(*handle, audit::Actor::of(ctx), "coordination.record.read.refused", "coord_person",
                std::to_string(person), nullptr, {{"code", error.code}, {"message", error.message}});
  tx.commit();
  return error;
}

void install_routes(web::Server& server, const std::shared_ptr<const State>& state) {
  auto& r = server.router();
  const State* st = state.get();
  // Keep the state alive with the routes.
  auto keep = [state](auto fn) { return [state, fn](auto&&... args) { return fn(args...); }; };

  r.page("/coordination", "coordination/index", Access::anyone(), keep([st](Ctx& ctx) -> Result<Json> {
           if (!st->key) return switched_off();
           auto has = [&](const char* role) { return ctx.user && ctx.user->has(role); };
           return Json{{"title", "Coordination"},
                       {"referrer", has("referrer") || has("coordinator") || has("team_lead")},
                       {"coordinator", has("coordinator")},
                       {"team_lead", has("team_lead")},
                       {"team_admin", has("team_lead") || has("admin")}};
         }));

  // ---- Self-referral ----
  r.page("/coordination/refer", "coordination/refer", Access::anyone(), keep([st](Ctx& ctx) -> Result<Json> {
           if (!st->key) return switched_off();
           return referral_form(ctx, *st, i18n::msg("Ask for support from a community coordinator"), false);
         }));
  r.action("/coordination/refer", Access::anyone(), keep([st](Ctx& ctx, const Input& in) -> Result<Done> {
             if (!st->key) return switched_off();
             std::optional<std::int64_t> own;
             if (ctx.user) own = ctx.user->id;
             auto done = send_referral(ctx, *st, in, "self", 0, own);
             if (!done) return done.error();
             return Done{"/coordination/refer/sent", referred_json(*done),
                         i18n::msg("Thank you. We have your request: a coordinator will be in touch."), 201};
           }));
  r.page("/coordination/refer/sent", "coordination/sent", Access::anyone(), keep([st](Ctx&) -> Result<Json> {
           if (!st->key) return switched_off();
           return Json{{"title", "Your request has been sent"}};
         }));

  // ---- Professionals' referrals ----
  r.page("/coordination/referrals/new", "coordination/refer", Access::role(kReferrers),
         keep([st](Ctx& ctx) -> Result<Json> {
           if (!st->key) return switched_off();
           return referral_form(ctx, *st, i18n::msg("Refer someone to a community coordinator"), true);
         }));
  auto professional = keep([st](Ctx& ctx, const Input& in) -> Result<Done> {
    if (!st->key) return switched_off();
    auto source = in.get("source");
    if (source == "self") source = "";
    auto done = send_referral(ctx, *st, in, source, ctx.user->id, std::nullopt);
    if (!done) return done.error();
    return Done{"/coordination/referrals", referred_json(*done),
                done->joined ? i18n::msg("Referral sent. This person already has an open case: your referral joins it.")
                             : i18n::msg("Referral sent."),
                201};
  });
  r.action("/coordination/referrals/new", Access::role(kReferrers), professional);
  r.action("/coordination/referrals", Access::role(kReferrers), professional);
  r.page("/coordination/referrals", "coordination/referrals", Access::role(kReferrers),
         keep([st](Ctx& ctx) -> Result<Json> {
           if (!st->key) return switched_off();
           CoordStore store(ctx.db, *st->key);
           Json list = Json::array();
           for (const auto& f : store.referrals_by(ctx.user->id)) {
             Json item = {{"id", f.id},
                          {"received", f.received_at},
                          {"received_text", date_in_words(f.received_at)},
                          {"name", store.person_name(f.person_id)},
                          {"reasons", reasons_text(store, f.reasons)},
                          {"urgency", urgency_label(f.urgency)},
                          {"shared", f.consent_share_back}};
             if (f.consent_share_back) {
               auto c = store.get_case(f.case_id);
               item["status"] = case_status_label(f.status == "declined" || !c ? f.status : c->status);
               item["snomed_code"] = f.snomed_code;
               item["snomed_term"] = snomed_term(f.snomed_code);
               item["decline_reason"] = f.decline_reason;
               auto w = wait_days(f.received_at, f.first_contact_at);
               item["wait"] = w ? i18n::tr_plural(*w, "{n} day to first contact", "{n} days to first contact")
                                : i18n::tr("Not yet in touch");
             } else {
               item["status"] = i18n::tr("Sent. The person did not agree that you are told what happens next.");
             }
             list.push_back(std::move(item));
           }
           return Json{{"title", "Your referrals"},
                       {"breadcrumbs", crumbs()},
                       {"referrals", list},
                       {"has_referrals", !list.empty()}};
         }));

  // ---- Triage and allocation ----
  r.page("/coordination/queue", "coordination/queue", Access::role(kLeads), keep([st](Ctx& ctx) -> Result<Json> {
           if (!st->key) return switched_off();
           CoordStore store(ctx.db, *st->key);
           auto led = store.teams_led_by(ctx.user->id);
           std::vector<Member> coordinators;
           for (auto t : led)
             for (auto& m : store.members(t))
               if (m.role == "coordinator") coordinators.push_back(m);
           // The card whose form came back with an error names its fields as the error does.
           Input was = web::resubmitted(ctx);
           Json items = Json::array();
           for (const auto& c : store.queue(led)) {
             bool failed = was.get("case") == std::to_string(c.id);
             auto p = store.person(c.person_id);
             if (!p) continue;
             auto refs = store.referrals_of_case(c.id);
             std::vector<CoordinatorLoad> loads;
             for (const auto& m : coordinators) {
               bool covers = std::find(m.lsoas.begin(), m.lsoas.end(), p->lsoa_code) != m.lsoas.end();
               if (std::none_of(loads.begin(), loads.end(),
                                [&](const CoordinatorLoad& l) { return l.user_id == m.user_id; }))
                 loads.push_back({m.user_id, m.name, covers, m.open_cases});
             }
             Json choices = Json::array();
             bool firstc = true;
             for (const auto& l : suggest_coordinators(loads)) {
               bool chosen = failed && !was.get("coordinator").empty()
                                 ? was.get("coordinator") == std::to_string(l.user_id)
                                 : firstc;
               choices.push_back({{"value", l.user_id},
                                  {"text", l.name + " (" + count_of(l.open_cases, "open case") +
                                               (l.covers_lsoa ? ", covers this neighbourhood)" : ")")},
                                  {"selected", chosen}});
               firstc = false;
             }
             Json referrals = Json::array();
             std::string urgency = "routine";
             bool duplicate = false;
             for (const auto& f : refs) {
               referrals.push_back({{"received", f.received_at},
                                    {"received_text", when_in_words(f.received_at)},
                                    {"source", reports::source_label(f.source)},
                                    {"self", f.source == "self"},
                                    {"org", f.referrer_org},
                                    {"reasons", reasons_text(store, f.reasons)},
                                    {"what_matters", f.what_matters},
                                    {"urgency", urgency_label(f.urgency)}});
               if (f.urgency == "urgent" || (f.urgency == "soon" && urgency == "routine")) urgency = f.urgency;
               if (f.possible_duplicate_of) duplicate = true;
             }
             items.push_back(
                 {{"case", c.id},
                  {"current", c.coordinator_user ? std::to_string(c.coordinator_user) : ""},
                  {"rank", urgency == "urgent" ? 0
                           : urgency == "soon" ? 1
                                               : 2},
                  {"person", c.person_id},
                  {"name", p->name},
                  {"neighbourhood", p->lsoa_label.empty() ? p->lsoa_code : p->lsoa_label},
                  {"status", case_status_label(c.status)},
                  {"is_new", c.status == "new"},
                  {"urgency", urgency_label(urgency)},
                  {"urgent", urgency == "urgent"},
                  {"possible_duplicate", duplicate},
                  {"referrals", referrals},
                  {"coordinators", choices},
                  {"suggested", loads.empty() ? Json(nullptr) : Json(suggest_coordinators(loads).front().user_id)},
                  {"failed", failed},
                  {"reason_id", failed && was.get("do") == "decline" ? "reason" : "reason-" + std::to_string(c.id)},
                  {"coordinator_id",
                   failed && was.get("do") == "allocate" ? "coordinator" : "coordinator-" + std::to_string(c.id)}});
           }
           // The most urgent first; in the order they came within each.
           std::stable_sort(items.begin(), items.end(),
                            [](const Json& a, const Json& b) { return a["rank"].get<int>() < b["rank"].get<int>(); });
           Json glass = Json::array();
           for (const auto& b : store.break_glass_for_teams(led))
             glass.push_back({{"who", b.user_name},
                              {"person", b.person_id},
                              {"reason", b.reason},
                              {"opened", b.opened_at},
                              {"opened_text", when_in_words(b.opened_at)},
                              {"expires", b.expires_at},
                              {"expires_text", when_in_words(b.expires_at)}});
           return Json{{"title", "Referrals to triage"}, {"breadcrumbs", crumbs()}, {"items", items},
                       {"has_items", !items.empty()},    {"break_glass", glass},    {"has_break_glass", !glass.empty()},
                       {"leads_a_team", !led.empty()}};
         }));
  r.action("/coordination/queue", Access::role(kLeads), keep([st](Ctx& ctx, const Input& in) -> Result<Done> {
             if (!st->key) return switched_off();
             auto case_id = parse_int(in.get("case"));
             if (!case_id) return Error::validation({{"case", "Choose a referral"}});
             auto what = in.get("do");
             std::string now = now_iso();
             auto actor = audit::Actor::of(ctx);
             CoordStore store(ctx.db, *st->key);
             auto c = store.get_case(*case_id);
             if (!c)
               return Error::not_found(i18n::tr("There is no referral {id}.", {{"id", std::to_string(*case_id)}}));
             auto led = store.teams_led_by(ctx.user->id);
             if (c->team_id != 0 && std::find(led.begin(), led.end(), c->team_id) == led.end())
               return audit::refused(ctx, "coordination.triage", "coord_case", std::to_string(*case_id),
                                     Error{"forbidden", "This referral belongs to another team.", {}});
             std::string back = link(ctx, "/coordination/referrals");
             Status s = Ok{};
             if (what == "accept")
               s = accept(ctx.db, *st->key, actor, *case_id, ctx.user->id, back, now);
             else if (what == "decline")
               s = decline(ctx.db, *st->key, actor, *case_id, ctx.user->id, in.get("reason"), back, now);
             else if (what == "allocate") {
               auto who = parse_int(in.get("coordinator"));
               if (!who) return Error::validation({{"coordinator", "Choose a coordinator"}});
               // The form says whom the case was with when it was shown: a stale form (or
               // a second click) must not move a case someone has allocated meanwhile.
               std::string now_with = c->coordinator_user ? std::to_string(c->coordinator_user) : "";
               if (in.has("current") && in.get("current") != now_with)
                 return Error{"conflict",
                              "This case was allocated meanwhile. Look at it again in the queue before you move it.",
                              {}};
               s = allocate(ctx.db, *st->key, actor, *case_id, ctx.user->id, *who, now);
             } else
               return Error::validation({{"do", "Choose accept, decline or allocate"}});
             if (!s) return s.error();
             return Done{"/coordination/queue",
                         {{"case", *case_id}, {"done", what}},
                         what == "allocate" ? i18n::msg("Allocated.")
                         : what == "accept" ? i18n::msg("Accepted.")
                                            : i18n::msg("Declined.")};
           }));

  // ---- Caseload ----
  // A coordinator's own; a team lead also opens each of their coordinators' (?coordinator=).
  r.page("/coordination/caseload", "coordination/caseload", Access::role(kWorkers),
         keep([st](Ctx& ctx) -> Result<Json> {
           if (!st->key) return switched_off();
           CoordStore store(ctx.db, *st->key);
           std::int64_t whose = ctx.user->id;
           if (const auto asked = ctx.req.query_param("coordinator"); !asked.empty()) {
             auto id = parse_int(asked);
             if (!id) return Error::not_found("There is no such coordinator.");
             if (!leads_or_is(store, ctx.user->id, *id))
               return Error{"forbidden", "Only the coordinator and their team's leads see their caseload.", {}};
             whose = *id;
           }
           const bool own = whose == ctx.user->id;
           Json items = Json::array();
           const std::string today = now_iso().substr(0, 10);
           std::int64_t overdue = 0;
           for (const auto& c : store.caseload(whose)) {
             bool late = !c.review_on.empty() && c.review_on < today;
             overdue += late ? 1 : 0;
             auto refs = store.referrals_of_case(c.id);
             std::string received = refs.empty() ? c.opened_at : refs.front().received_at;
             auto w = wait_days(received, c.first_contact_at);
             items.push_back({{"person", c.person_id},
                              {"href", "/coordination/people/" + std::to_string(c.person_id)},
                              {"name", store.person_name(c.person_id)},
                              {"status", case_status_label(c.status)},
                              {"since", c.allocated_at},
                              {"since_text", date_in_words(c.allocated_at)},
                              {"review_on", c.review_on},
                              {"review_on_text", date_in_words(c.review_on)},
                              {"review_overdue", late},
                              {"wait", w ? i18n::tr_plural(*w, "{n} day", "{n} days") : i18n::tr("Not yet in touch")}});
           }
           // A lead's way to each caseload in the teams they lead.
           Json team = Json::array();
           if (own)
             for (auto t : store.teams_led_by(ctx.user->id))
               for (const auto& m : store.members(t))
                 if (m.role == "coordinator" && m.user_id != ctx.user->id &&
                     std::none_of(team.begin(), team.end(), [&](const Json& j) { return j["user"] == m.user_id; }))
                   team.push_back({{"user", m.user_id},
                                   {"name", m.name},
                                   {"href", "/coordination/caseload?coordinator=" + std::to_string(m.user_id)},
                                   {"open", i18n::tr_plural(m.open_cases, "{n} open case", "{n} open cases")}});
           const std::string name =
               own ? "" : ctx.db.query_one("SELECT display_name FROM users WHERE id = ?", {whose})->text(0);
           return Json{{"title", own ? i18n::tr("Your caseload") : i18n::tr("{name}'s caseload", {{"name", name}})},
                       {"breadcrumbs", crumbs()},
                       {"own", own},
                       {"items", items},
                       {"has_items", !items.empty()},
                       {"team", team},
                       {"has_team", !team.empty()},
                       {"overdue_text",
                        overdue ? i18n::tr_plural(overdue, "{n} review is overdue.", "{n} reviews are overdue.") : ""}};
         }));

  // ---- The person's record ----
  r.page(
      "/coordination/people/{id}", "coordination/person", Access::role(kWorkers), keep([st](Ctx& ctx) -> Result<Json> {
        if (!st->key) return switched_off();
        auto id = parse_int(ctx.param("id"));
        if (!id) return Error::not_found("There is no such person.");
        CoordStore store(ctx.db, *st->key);
        auto opened = open_record(*st, ctx, store, *id);
        if (!opened) return opened.error();
        auto p = store.person(*id);
        if (!p) return Error::not_found(i18n::tr("There is no person {id}.", {{"id", std::to_string(*id)}}));
        record_read(*st, ctx, *id, ctx.is_api ? "api" : "page", opened->break_glass);
        const Case& c = opened->c;
        Json refs = Json::array();
        for (const auto& f : store.referrals_of_case(c.id))
          refs.push_back({{"received", f.received_at},
                          {"received_text", date_in_words(f.received_at)},
                          {"source", reports::source_label(f.source)},
                          {"org", f.referrer_org},
                          {"reasons", reasons_text(store, f.reasons)},
                          {"what_matters", f.what_matters},
                          {"urgency", urgency_label(f.urgency)},
                          {"snomed_code", f.snomed_code},
                          {"snomed_term", snomed_term(f.snomed_code)},
                          {"share_back", f.consent_share_back}});
        Json conv = Json::array();
        for (const auto& v : store.conversations(c.id))
          conv.push_back({{"held_on", v.held_on},
                          {"held_on_text", date_in_words(v.held_on)},
                          {"what_matters", v.what_matters},
                          {"good_life", v.good_life},
                          {"by", v.recorded_by_name}});
        Json strengths = Json::array();
        for (const auto& s : store.strengths(c.id))
          strengths.push_back({{"kind", label_of(s.kind)}, {"text", s.text}, {"gift_board_ok", s.gift_board_ok}});
        Json goals = Json::array();
        for (const auto& g : store.goals(c.id)) {
          Json steps = Json::array();
          for (const auto& s : g.steps)
            steps.push_back({{"text", s.text},
                             {"owner", s.owner == "someone-else" ? s.owner_name : label_of(s.owner)},
                             {"due_on", s.due_on},
                             {"due_on_text", date_in_words(s.due_on)},
                             {"done", !s.done_at.empty()}});
          goals.push_back({{"id", g.id},
                           {"words", g.words},
                           {"status", label_of(g.status)},
                           {"review_on", g.review_on},
                           {"review_on_text", date_in_words(g.review_on)},
                           {"steps", steps},
                           {"has_steps", !steps.empty()}});
        }
        Json contacts = Json::array();
        int minutes = 0;
        for (const auto& k : store.contacts(c.id)) {
          minutes += k.minutes;
          contacts.push_back({{"kind", label_of(k.kind)},
                              {"on", k.contact_on},
                              {"on_text", date_in_words(k.contact_on)},
                              {"minutes", k.minutes},
                              {"place", k.place},
                              {"note", k.note},
                              {"by", k.recorded_by_name}});
        }
        // A form that came back with an error keeps its choices.
        Input was = web::resubmitted(ctx);
        auto chose = [&](const char* form, const char* field, const std::string& v) {
          return was.get("do") == form && was.get(field) == v;
        };
        Json kinds = Json::array();
        for (const auto& k : contact_kinds())
          kinds.push_back({{"value", k}, {"text", label_of(k)}, {"selected", chose("contact", "kind", k)}});
        Json skinds = Json::array();
        for (const auto& k : strength_kinds())
          skinds.push_back({{"value", k}, {"text", label_of(k)}, {"checked", chose("strength", "kind", k)}});
        Json owners = Json::array();
        for (const auto& k : step_owners())
          owners.push_back({{"value", k}, {"text", label_of(k)}, {"checked", chose("step", "owner", k)}});
        Json goal_choices = Json::array();
        for (const auto& g : goals)
          goal_choices.push_back({{"value", g["id"]},
                                  {"text", g["words"]},
                                  {"selected", chose("step", "goal", std::to_string(g["id"].get<std::int64_t>()))}});
        // Who has read the record, newest first, a page at a time (?reads=2).
        Json reads = Json::array();
        Json reads_pages = Json::object();
        if (opened->how == RecordAccess::kTeamLead || opened->how == RecordAccess::kAssigned) {
          std::int64_t total = store.read_count(*id);
          std::int64_t pages = std::max<std::int64_t>(1, (total + kReadsPerPage - 1) / kReadsPerPage);
          std::int64_t page = std::clamp<std::int64_t>(parse_int(ctx.req.query_param("reads")).value_or(1), 1, pages);
          for (const auto& rd : store.reads_of(*id, kReadsPerPage, (page - 1) * kReadsPerPage))
            reads.push_back({{"who", rd.reader},
                             {"at", rd.read_at},
                             {"at_text", when_in_words(rd.read_at)},
                             {"read_at", rd.read_at},
                             {"via", rd.via},
                             {"break_glass", rd.break_glass}});
          std::string base = "/coordination/people/" + std::to_string(*id) + "?reads=";
          if (page > 1) reads_pages["previous"] = base + std::to_string(page - 1) + "#reads";
          if (page < pages) reads_pages["next"] = base + std::to_string(page + 1) + "#reads";
          if (pages > 1)
            reads_pages["page_text"] =
                i18n::tr("Page {page} of {pages}", {{"page", std::to_string(page)}, {"pages", std::to_string(pages)}}) +
                " (" + i18n::tr_plural(total, "{n} read", "{n} reads") + ")";
          reads_pages["total"] = total;
        }
        std::string received = refs.empty() ? c.opened_at : store.referrals_of_case(c.id).front().received_at;
        auto w = wait_days(received, c.first_contact_at);
        Json person = {{"id", p->id},
                       {"name", p->name},
                       {"date_of_birth", p->date_of_birth},
                       {"date_of_birth_text", date_in_words(p->date_of_birth)},
                       {"phone", p->contact.phone},
                       {"email", p->contact.email},
                       {"address", p->contact.address},
                       {"postcode", p->contact.postcode},
                       {"prefer", p->contact.prefer},
                       {"prefer_text", contact_way(p->contact.prefer)},
                       {"safe_times", p->contact.safe_times},
                       {"may_leave_message", p->contact.may_leave_message ? i18n::tr("Yes") : i18n::tr("No")},
                       {"neighbourhood", p->lsoa_label.empty() ? p->lsoa_code : p->lsoa_label}};
        return Json{{"title", p->name},
                    {"breadcrumbs", crumbs()},
                    {"href", "/coordination/people/" + std::to_string(p->id)},
                    {"person", person},
                    {"case",
                     {{"id", c.id},
                      {"status", case_status_label(c.status)},
                      {"coordinator", c.coordinator_name},
                      {"review_on", c.review_on},
                      {"review_on_text", date_in_words(c.review_on)},
                      {"wait", w ? i18n::tr_plural(*w, "{n} day", "{n} days") : i18n::tr("Not yet in touch")}}},
                    {"break_glass", opened->how == RecordAccess::kBreakGlass},
                    {"may_write", may_write(opened->how) && c.status != "closed" && c.status != "declined"},
                    {"referrals", refs},
                    {"conversations", conv},
                    {"has_conversations", !conv.empty()},
                    {"strengths", strengths},
                    {"has_strengths", !strengths.empty()},
                    {"goals", goals},
                    {"has_goals", !goals.empty()},
                    {"goal_choices", goal_choices},
                    {"contacts", contacts},
                    {"has_contacts", !contacts.empty()},
                    {"contact_minutes", minutes},
                    {"contact_minutes_text", count_of(minutes, "minute")},
                    {"contact_kinds", kinds},
                    {"strength_kinds", skinds},
                    {"owners", owners},
                    {"reads", reads},
                    {"reads_pages", reads_pages},
                    {"has_reads", !reads.empty()},
                    {"today", now_iso().substr(0, 10)}};
      }));
  r.action("/coordination/people/{id}", Access::role(kWorkers), keep([st](Ctx& ctx, const Input& in) -> Result<Done> {
             if (!st->key) return switched_off();
             auto id = parse_int(ctx.param("id"));
             if (!id) return Error::not_found("There is no such person.");
             CoordStore store(ctx.db, *st->key);
             auto opened = open_record(*st, ctx, store, *id);
             if (!opened) return opened.error();
             if (!may_write(opened->how))
               return audit::refused(ctx, "coordination.record.write", "coord_person", std::to_string(*id),
                                     Error{"forbidden", "Break glass lets you read this record, not change it.", {}});
             auto what = in.get("do");
             auto actor = audit::Actor::of(ctx);
             std::string now = now_iso();
             std::int64_t case_id = opened->c.id;
             Status s = Ok{};
             std::string anchor;
             // Dates come as GOV.UK date inputs from the page (held_on_day, ...) or YYYY-MM-DD from the API.
             std::optional<FieldError> bad;
             std::string date_field;
             auto date_of = [&](const std::string& field, const std::string& what) {
               date_field = field;
               return date_answer(in, field, field, what, bad);
             };
             if (what == "conversation") {
               Conversation c;
               c.held_on = date_of("held_on", i18n::msg("Date of the conversation"));
               c.what_matters = in.get("what_matters");
               c.good_life = in.get("good_life");
               s = add_conversation(ctx.db, *st->key, actor, case_id, c, ctx.user->id, now);
               anchor = "#conversations";
             } else if (what == "strength") {
               Strength x;
               x.kind = in.get("kind");
               x.text = in.get("text");
               x.gift_board_ok = yes_no(in.get("gift_board_ok")).value_or(false);
               s = add_strength(ctx.db, *st->key, actor, case_id, x, ctx.user->id, now);
               anchor = "#strengths";
             } else if (what == "goal") {
               Goal g;
               g.words = in.get("words");
               g.review_on = date_of("review_on", i18n::msg("Review date"));
               s = add_goal(ctx.db, *st->key, actor, case_id, g, ctx.user->id, now);
               anchor = "#plan";
             } else if (what == "step") {
               Step x;
               x.text = in.get("step");
               x.owner = in.get("owner");
               x.owner_name = in.get("owner_name");
               x.due_on = date_of("due_on", i18n::msg("Due date"));
               auto goal = parse_int(in.get("goal"));
               if (!goal) return Error::validation({{"goal", "Choose one of this person's goals"}});
               s = add_step(ctx.db, *st->key, actor, case_id, *goal, x, now);
               anchor = "#plan";
             } else if (what == "contact") {
               ContactRecord k;
               k.kind = in.get("kind");
               k.contact_on = date_of("contact_on", i18n::msg("Date of the contact"));
               auto m = parse_int(in.get("minutes"));
               if (!in.get("minutes").empty() && !m)
                 return Error::validation({{"minutes", "Minutes must be a whole number, like 45"}});
               k.minutes = m ? static_cast<int>(*m) : 0;
               k.place = in.get("place");
               k.note = in.get("note");
               s = add_contact(ctx.db, *st->key, actor, case_id, k, ctx.user->id, now);
               // Two forms on the page ask "which kind": the contact's is contact_kind there.
               if (!s && !ctx.is_api) {
                 Error e = s.error();
                 for (auto& f : e.fields)
                   if (f.field == "kind") f.field = "contact_kind";
                 s = e;
               }
               anchor = "#contacts";
             } else {
               return Error::validation({{"do", "Choose what to record"}});
             }
             if (!date_field.empty()) s = with_date_fault(std::move(s), ctx, in, date_field, bad);
             if (!s) return s.error();
             std::string said = what == "conversation" ? i18n::msg("Conversation recorded.")
                                : what == "strength"   ? i18n::msg("Strength recorded.")
                                : what == "goal"       ? i18n::msg("Goal added to the plan.")
                                : what == "step"       ? i18n::msg("Step added to the plan.")
                                                       : i18n::msg("Contact recorded.");
             return Done{
                 "/coordination/people/" + std::to_string(*id) + anchor, {{"person", *id}, {"done", what}}, said, 201};
           }));
  r.page("/coordination/people/{id}/break-glass", "coordination/break_glass", Access::role(kWorkers),
         keep([st](Ctx& ctx) -> Result<Json> {
           if (!st->key) return switched_off();
           auto id = parse_int(ctx.param("id"));
           CoordStore store(ctx.db, *st->key);
           if (!id || !store.latest_case_of(*id)) return Error::not_found("There is no such person.");
           return Json{{"title", "Break glass: open a record you are not assigned to"},
                       {"breadcrumbs", crumbs()},
                       {"href", "/coordination/people/" + std::to_string(*id) + "/break-glass"},
                       {"hours", kBreakGlassHours}};
         }));
  r.action("/coordination/people/{id}/break-glass", Access::role(kWorkers),
           keep([st](Ctx& ctx, const Input& in) -> Result<Done> {
             if (!st->key) return switched_off();
             auto id = parse_int(ctx.param("id"));
             if (!id) return Error::not_found("There is no such person.");
             auto done =
                 break_glass(ctx.db, *st->key, audit::Actor::of(ctx), *id, ctx.user->id, in.get("reason"), now_iso());
             if (!done) return done.error();
             return Done{
                 "/coordination/people/" + std::to_string(*id),
                 {{"break_glass", *done}},
                 i18n::msg("Break glass recorded: the record is open to you for 24 hours, and your team lead sees it."),
                 201};
           }));

  // ---- Teams and neighbourhoods ----
  r.page("/coordination/teams", "coordination/teams", Access::role(kTeamAdmins), keep([st](Ctx& ctx) -> Result<Json> {
           if (!st->key) return switched_off();
           CoordStore store(ctx.db, *st->key);
           // The team whose form came back with an error uses the field names the error does.
           Input was = web::resubmitted(ctx);
           Json teams = Json::array();
           areas::AreaStore areas(ctx.db);
           for (const auto& t : store.teams()) {
             bool failed = was.get("do") == "member" && was.get("team") == std::to_string(t.id);
             Json members = Json::array();
             for (const auto& m : store.members(t.id))
               members.push_back({{"user", m.user_id},
                                  {"name", m.name},
                                  {"role", m.role == "lead" ? i18n::tr("Team lead") : i18n::tr("Coordinator")},
                                  // A link only where it opens: for the coordinator and their leads.
                                  {"linked", m.role == "coordinator" && ctx.user->has_any(kWorkers) &&
                                                 leads_or_is(store, ctx.user->id, m.user_id)},
                                  {"href", "/coordination/coordinators/" + std::to_string(m.user_id)},
                                  {"caseload", "/coordination/caseload?coordinator=" + std::to_string(m.user_id)},
                                  {"lsoas", area_names(areas, m.lsoas)},
                                  {"open_cases", m.open_cases}});
             teams.push_back({{"id", t.id},
                              {"name", t.name},
                              {"members", members},
                              {"failed", failed},
                              {"email_id", failed ? "email" : "email-" + std::to_string(t.id)},
                              {"role_id", failed ? "role" : "role-" + std::to_string(t.id)},
                              {"lead_chosen", failed && was.get("role") == "lead"}});
           }
           return Json{{"title", "Coordination teams"},
                       {"breadcrumbs", crumbs()},
                       {"teams", teams},
                       {"has_teams", !teams.empty()}};
         }));
  r.action("/coordination/teams", Access::role(kTeamAdmins), keep([st](Ctx& ctx, const Input& in) -> Result<Done> {
             if (!st->key) return switched_off();
             auto actor = audit::Actor::of(ctx);
             if (in.get("do") == "team") {
               auto id = create_team(ctx.db, *st->key, actor, in.get("name"), now_iso());
               if (!id) return id.error();
               return Done{"/coordination/teams", {{"id", *id}}, i18n::msg("Team made."), 201};
             }
             if (in.get("do") == "member") {
               auto team = parse_int(in.get("team"));
               if (!team) return Error::validation({{"team", "Choose a team"}});
               if (!ctx.user->has("admin")) {
                 auto led = CoordStore(ctx.db, *st->key).teams_led_by(ctx.user->id);
                 bool no_leads = ctx.db.scalar(
                                     "SELECT COUNT(*) FROM coord_team_members WHERE team_id = ? AND role = "
                                     "'lead'",
                                     {*team}) == 0;
                 if (!no_leads && std::find(led.begin(), led.end(), *team) == led.end())
                   return Error{"forbidden", "Only the team's own leads add people to it.", {}};
               }
               auto s = add_team_member(ctx.db, *st->key, actor, *team, in.get("email"), in.get("role"));
               if (!s) return s.error();
               return Done{"/coordination/teams", {{"team", *team}}, i18n::msg("Added to the team."), 201};
             }
             return Error::validation({{"do", "Choose to make a team or add someone to one"}});
           }));
  r.page("/coordination/coordinators/{id}", "coordination/coordinator", Access::role(kWorkers),
         keep([st](Ctx& ctx) -> Result<Json> {
           if (!st->key) return switched_off();
           auto id = parse_int(ctx.param("id"));
           // Only people in a coordination team: no one else's name is shown here.
           auto name = id ? ctx.db.query_one(
                                "SELECT display_name FROM users u WHERE id = ? AND EXISTS (SELECT 1 FROM "
                                "coord_team_members m WHERE m.user_id = u.id)",
                                {*id})
                          : std::nullopt;
           if (!name) return Error::not_found("There is no such coordinator.");
           CoordStore store(ctx.db, *st->key);
           // Only the coordinator and the leads of a team they are in: another coordinator's
           // neighbourhoods are not theirs to see.
           if (!leads_or_is(store, ctx.user->id, *id))
             return Error{"forbidden", "Only the coordinator and their team's leads see their neighbourhoods.", {}};
           return Json{{"title", name->text(0) + ": neighbourhoods covered"},
                       {"breadcrumbs", crumbs()},
                       {"href", "/coordination/coordinators/" + std::to_string(*id)},
                       {"lsoas", join(store.coverage(*id), "\n")},
                       {"lsoa_list", store.coverage(*id)}};
         }));
  r.action("/coordination/coordinators/{id}", Access::role(kWorkers),
           keep([st](Ctx& ctx, const Input& in) -> Result<Done> {
             if (!st->key) return switched_off();
             auto id = parse_int(ctx.param("id"));
             if (!id || !ctx.db.query_one("SELECT id FROM users WHERE id = ?", {*id}))
               return Error::not_found("There is no such coordinator.");
             CoordStore store(ctx.db, *st->key);
             if (!leads_or_is(store, ctx.user->id, *id))
               return Error{"forbidden", "Only the coordinator and their team's leads set their neighbourhoods.", {}};
             // A form always sends the field, even empty (covering nowhere): one without it is a mistake.
             if (!in.has("lsoas"))
               return Error::validation({{"lsoas", "Enter the LSOA codes of the neighbourhoods covered"}});
             std::vector<std::string> lsoas;
             for (const auto& v : in.all("lsoas"))
               for (const auto& line : split(v, '\n'))
                 for (const auto& part : split(line, ','))
                   if (!trim(part).empty()) lsoas.push_back(trim(part));
             auto s = set_coverage(ctx.db, *st->key, audit::Actor::of(ctx), *id, lsoas);
             if (!s) return s.error();
             return Done{"/coordination/coordinators/" + std::to_string(*id),
                         {{"lsoas", lsoas}},
                         i18n::msg("Neighbourhoods saved.")};
           }));

  server.add_nav({"Coordination", "/coordination", Access::role({"coordinator", "team_lead", "referrer"}), false});
}

}  // namespace kith::coordination
