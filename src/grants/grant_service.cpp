#include "grants/grant_service.h"

#include <algorithm>

#include "accounts/account_store.h"
#include "accounts/notify.h"
#include "areas/area_store.h"
#include "core/clock.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "messages/outbox.h"
#include "outcomes/outcomes.h"

namespace kith::grants {

namespace {

const std::vector<std::string> kSeats = {"councillor", "resident", "young-person", "officer"};

Result<Application> applicant_of(store::Db& db, std::int64_t id, std::int64_t user) {
  GrantStore store(db);
  auto a = store.application(id);
  if (!a || !store.is_applicant(id, user))
    return Error::not_found(i18n::tr("You have no application {id}.", {{"id", std::to_string(id)}}));
  return *a;
}

std::string id_text(std::int64_t id) { return std::to_string(id); }

}  // namespace

bool awarded(const std::string& status) { return status == "funded" || status == "funded-with-conditions"; }

Result<std::int64_t> create_fund(store::Db& db, const audit::Actor& actor, const Fund& f) {
  std::vector<FieldError> errors;
  if (trim(f.name).empty() || has_markup(f.name)) errors.push_back({"name", "Name the fund"});
  if (trim(f.funder_name).empty() || has_markup(f.funder_name)) errors.push_back({"funder_name", "Name the funder"});
  if (trim(f.funder_id).empty() || f.funder_id.find(' ') != std::string::npos)
    errors.push_back({"funder_id", "Give the funder's 360Giving organisation identifier, such as GB-LAE-DUD"});
  if (!errors.empty()) return Error::validation(errors);
  std::int64_t id =
      GrantStore(db).add_fund({0, trim(f.name), trim(f.description), trim(f.funder_name), trim(f.funder_id)});
  audit::record(db, actor, "grant.fund.create", "grant_fund", id_text(id), nullptr, {{"name", trim(f.name)}});
  return id;
}

Result<std::int64_t> create_round(store::Db& db, const audit::Actor& actor, const Round& r) {
  std::vector<FieldError> errors;
  if (!GrantStore(db).fund(r.fund_id)) errors.push_back({"fund_id", "Choose a fund"});
  if (trim(r.name).empty() || has_markup(r.name))
    errors.push_back({"name", "Name the round"});
  else if (utf8_length(trim(r.name)) > 120)
    errors.push_back({"name", "The round's name must be 120 characters or fewer"});
  if (!is_iso_date(r.rules.opens_at.substr(0, 10))) errors.push_back({"opens_at", "Enter the date the round opens"});
  if (!is_iso_date(r.rules.closes_at.substr(0, 10)))
    errors.push_back({"closes_at", "Enter the date the round closes"});
  else if (r.rules.closes_at < r.rules.opens_at)
    errors.push_back({"closes_at", "The round must close after it opens"});
  if (r.rules.budget <= 0)
    errors.push_back({"budget", "Give the round's budget in whole pounds"});
  else if (r.rules.budget > kMaxPounds)
    errors.push_back({"budget", "A round's budget can be at most £1,000,000,000"});
  if (r.rules.max_amount <= 0)
    errors.push_back({"max_amount", "Give the most one application may ask for"});
  else if (r.rules.max_amount > r.rules.budget)
    errors.push_back({"max_amount", "The most one application may ask for cannot be more than the budget"});
  if (r.rules.min_amount < 0 || r.rules.min_amount > r.rules.max_amount)
    errors.push_back({"min_amount", "The least must be between nothing and the most"});
  if (!r.area_code.empty() && !areas::AreaStore(db).get(r.area_code))
    errors.push_back({"area_code", i18n::tr("There is no area {code}", {{"code", r.area_code}})});
  if ((r.rules.match_required && r.rules.match_ratio <= 0) || !(r.rules.match_ratio >= 0))  // NaN too
    errors.push_back({"match_ratio", "Say how much the community must match, such as 1 for pound for pound"});
  else if (r.rules.match_ratio > kMaxMatchRatio)
    errors.push_back({"match_ratio", "The community can be asked to match at most 10 times the grant"});
  if (r.rules.hour_value_pence < 0 || r.rules.hour_value_pence > 100000)
    errors.push_back(
        {"hour_value", "Give what an hour of volunteer time counts as, in pounds up to 1,000, like 15.50"});
  if (r.criteria.empty()) errors.push_back({"criteria", "Choose at least one criterion to score against"});
  for (const auto& c : r.criteria)
    if (!(c.weight > 0 && c.weight <= 10))  // NaN too
      errors.push_back(
          {"weight-" + c.key, i18n::tr("Give {criterion} a weight from 0.1 to 10", {{"criterion", c.name}})});
  for (const auto& k : r.rules.kinds)
    if (std::none_of(group_kinds().begin(), group_kinds().end(), [&](const Kind& g) { return g.id == k; }))
      errors.push_back({"kinds", i18n::tr("\"{kind}\" is not a kind of group", {{"kind", k}})});
  if (!errors.empty()) return Error::validation(errors);
  Round clean = r;
  if (clean.rules.opens_at.size() == 10) clean.rules.opens_at += "T00:00:00Z";
  if (clean.rules.closes_at.size() == 10) clean.rules.closes_at += "T23:59:59Z";
  std::int64_t id = GrantStore(db).add_round(clean);
  audit::record(db, actor, "grant.round.create", "grant_round", id_text(id), nullptr,
                {{"name", r.name}, {"budget", r.rules.budget}, {"max_amount", r.rules.max_amount}});
  return id;
}

Result<std::int64_t> start_application(store::Db& db, const audit::Actor& actor, std::int64_t round, std::int64_t user,
                                       const std::string& group_name, const std::string& now) {
  GrantStore store(db);
  auto r = store.round(round);
  if (!r) return Error::not_found(i18n::tr("There is no round {id}.", {{"id", id_text(round)}}));
  if (now > r->rules.closes_at)
    return Error{"closed",
                 i18n::tr("This round closed on {date}: applications are no longer taken.",
                          {{"date", date_in_words(r->rules.closes_at)}}),
                 {}};
  Application a;
  a.round_id = round;
  a.owner_user = user;
  a.canvas.group_name = trim(group_name);
  if (auto ok = check_draft(a.canvas); !ok) return ok.error();
  std::int64_t id = store.add_application(a);
  audit::record(db, actor, "grant.application.start", "grant_application", id_text(id), nullptr,
                {{"round", round}, {"group", a.canvas.group_name}});
  return id;
}

Status save_canvas(store::Db& db, const audit::Actor& actor, std::int64_t id, std::int64_t user, const Canvas& c,
                   const std::string& postcode) {
  auto a = applicant_of(db, id, user);
  if (!a) return a.error();
  if (a->status != "draft")
    return Error{"conflict", i18n::tr("Only a draft can be changed, and this application is no longer a draft."), {}};
  std::vector<FieldError> errors;
  if (auto ok = check_draft(c); !ok) errors = ok.error().fields;
  if (!c.group_kind.empty() &&
      std::none_of(group_kinds().begin(), group_kinds().end(), [&](const Kind& g) { return g.id == c.group_kind; }))
    errors.push_back({"group_kind", "Choose the kind of group you are"});
  Application next = *a;
  next.canvas = c;
  next.postcode = trim(postcode);
  next.lsoa_code.clear();
  if (!next.postcode.empty()) {
    auto pc = areas::normalise_postcode(next.postcode);
    auto hit = pc ? areas::AreaStore(db).postcode(*pc) : std::nullopt;
    if (!hit)
      errors.push_back({"postcode", i18n::tr("We do not know the postcode {postcode}", {{"postcode", next.postcode}})});
    else
      next.lsoa_code = hit->lsoa_code, next.postcode = *pc;
  }
  auto chosen = outcomes::current(db, c.outcomes, "outcomes");
  if (!chosen)
    for (const auto& f : chosen.error().fields) errors.push_back(f);
  if (!errors.empty()) return Error::validation(errors);
  GrantStore(db).save_canvas(next);
  if (auto tagged = outcomes::set_tags(db, actor, "grant-application", id_text(id), c.outcomes); !tagged) return tagged;
  audit::record(db, actor, "grant.application.save", "grant_application", id_text(id), nullptr, {{"amount", c.amount}});
  return Ok{};
}

Status submit(store::Db& db, const audit::Actor& actor, std::int64_t id, std::int64_t user, const std::string& now) {
  auto a = applicant_of(db, id, user);
  if (!a) return a.error();
  if (a->status != "draft")
    return Error{"conflict", i18n::tr("This application is no longer a draft, so it cannot be sent again."), {}};
  auto r = GrantStore(db).round(a->round_id);
  Canvas c = a->canvas;
  c.in_area =
      r->area_code.empty() || (!a->lsoa_code.empty() && areas::AreaStore(db).covers(r->area_code, a->lsoa_code));
  Status ok = check_submission(r->rules, c, now);
  if (ok && a->postcode.empty()) ok = Error::validation({{"postcode", "Give your group's postcode"}});
  if (!ok) return ok;
  GrantStore(db).set_status(id, "submitted");
  audit::record(db, actor, "grant.application.submit", "grant_application", id_text(id), {{"status", "draft"}},
                {{"status", "submitted"}, {"amount", c.amount}});
  return Ok{};
}

Status save_and_submit(store::Db& db, const audit::Actor& actor, std::int64_t id, std::int64_t user, const Canvas& c,
                       const std::string& postcode, const std::string& now) {
  Status saved = save_canvas(db, actor, id, user, c, postcode);
  if (saved) return submit(db, actor, id, user, now);
  if (saved.error().code != "validation-failed") return saved;
  // Nothing was saved: say at once what sending would need too, not one round at a
  // time (the area is checked once the postcode is known).
  auto a = applicant_of(db, id, user);
  auto r = GrantStore(db).round(a->round_id);
  Canvas sent = c;
  sent.in_area = true;
  Status would = check_submission(r->rules, sent, now);
  if (would) return saved;
  Error all = saved.error();
  for (const auto& f : would.error().fields)
    if (std::none_of(all.fields.begin(), all.fields.end(), [&](const FieldError& e) { return e.field == f.field; }))
      all.fields.push_back(f);
  if (trim(postcode).empty() &&
      std::none_of(all.fields.begin(), all.fields.end(), [](const FieldError& e) { return e.field == "postcode"; }))
    all.fields.push_back({"postcode", "Give your group's postcode"});
  return all;
}

Status withdraw(store::Db& db, const audit::Actor& actor, std::int64_t id, std::int64_t user) {
  auto a = applicant_of(db, id, user);
  if (!a) return a.error();
  if (a->status != "draft" && a->status != "submitted")
    return Error{
        "conflict", i18n::tr("This application has been decided or withdrawn: it cannot be withdrawn now."), {}};
  GrantStore(db).set_status(id, "withdrawn");
  audit::record(db, actor, "grant.application.withdraw", "grant_application", id_text(id), {{"status", a->status}},
                {{"status", "withdrawn"}});
  return Ok{};
}

Status invite_co_applicant(store::Db& db, const audit::Actor& actor, std::int64_t id, std::int64_t user,
                           const std::string& email) {
  auto a = applicant_of(db, id, user);
  if (!a) return a.error();
  if (auto p = accounts::email_problem(email)) return Error::validation({{"email", *p}});
  GrantStore store(db);
  std::string e = accounts::normalise_email(email);
  if (store.co_invitation_count(id) >= kMaxCoInvitations)
    return Error::validation({{"email", i18n::tr("An application can invite at most {n} people",
                                                 {{"n", std::to_string(kMaxCoInvitations)}})}});
  if (store.add_co_invitation(id, e, user))
    audit::record(db, actor, "grant.application.invite_co_applicant", "grant_application", id_text(id), nullptr,
                  {{"email", e}});
  return Ok{};
}

Result<std::int64_t> answer_co_invitation(store::Db& db, const audit::Actor& actor, std::int64_t invitation,
                                          std::int64_t user, const std::string& user_email, bool accept) {
  GrantStore store(db);
  auto inv = store.co_invitation(invitation);
  // Someone else's invitation, or one already answered, is as if it did not exist.
  if (!inv || inv->status != "pending" || inv->email != accounts::normalise_email(user_email))
    return Error::not_found(i18n::tr("You have no invitation {id} waiting.", {{"id", id_text(invitation)}}));
  std::string status = accept ? "accepted" : "declined";
  store.answer_co_invitation(invitation, status, user);
  if (accept) store.add_applicant(inv->application_id, user);
  audit::record(db, actor, accept ? "grant.application.co_applicant_accept" : "grant.application.co_applicant_decline",
                "grant_application", id_text(inv->application_id), {{"invitation", invitation}, {"status", "pending"}},
                {{"invitation", invitation}, {"status", status}, {"user", user}});
  return inv->application_id;
}

Status add_panel_member(store::Db& db, const audit::Actor& actor, std::int64_t round, const std::string& email,
                        const std::string& seat) {
  if (!GrantStore(db).round(round))
    return Error::not_found(i18n::tr("There is no round {id}.", {{"id", id_text(round)}}));
  auto u = accounts::AccountStore(db).find_by_email(accounts::normalise_email(email));
  std::vector<FieldError> errors;
  if (!u)
    errors.push_back({"email", i18n::tr("No one has an account with the email {email}", {{"email", trim(email)}})});
  if (std::find(kSeats.begin(), kSeats.end(), seat) == kSeats.end())
    errors.push_back({"seat", "Choose a seat: councillor, resident, young person or officer"});
  if (!errors.empty()) return Error::validation(errors);
  GrantStore(db).add_panel_member(round, u->id, seat);
  audit::record(db, actor, "grant.panel.add", "grant_round", id_text(round), nullptr,
                {{"user", u->id}, {"seat", seat}});
  return Ok{};
}

Status assign(store::Db& db, const audit::Actor& actor, std::int64_t application, std::int64_t member) {
  GrantStore store(db);
  auto a = store.application(application);
  if (!a) return Error::not_found(i18n::tr("There is no application {id}.", {{"id", id_text(application)}}));
  if (!store.panel_member(a->round_id, member))
    return Error::validation({{"member", "Only members of this round's panel can be given applications"}});
  store.assign(application, member);
  audit::record(db, actor, "grant.assign", "grant_application", id_text(application), nullptr, {{"member", member}});
  auto r = store.round(a->round_id);
  accounts::notify(db, actor, member, "application_to_score",
                   {{"round", r ? r->name : ""}, {"link", "/grants/panel/" + id_text(application)}},
                   "application_to_score:" + id_text(application) + ":" + std::to_string(member));
  return Ok{};
}

Status set_sponsor(store::Db& db, const audit::Actor& actor, std::int64_t application, const std::string& email) {
  GrantStore store(db);
  auto a = store.application(application);
  if (!a) return Error::not_found(i18n::tr("There is no application {id}.", {{"id", id_text(application)}}));
  auto u = accounts::AccountStore(db).find_by_email(accounts::normalise_email(email));
  if (!u || std::find(u->roles.begin(), u->roles.end(), "officer") == u->roles.end())
    return Error::validation({{"sponsor", "A sponsor is a council officer with an account: give their email"}});
  store.set_sponsor(application, u->id);
  audit::record(db, actor, "grant.sponsor", "grant_application", id_text(application),
                a->sponsor_user ? nlohmann::json{{"sponsor", *a->sponsor_user}} : nlohmann::json(),
                {{"sponsor", u->id}});
  return Ok{};
}

Status declare_conflict(store::Db& db, const audit::Actor& actor, std::int64_t application, std::int64_t member,
                        const std::string& reason) {
  GrantStore store(db);
  auto a = store.application(application);
  if (!a || !store.assigned(application, member))
    return Error::not_found(i18n::tr("Application {id} is not one of yours to score.", {{"id", id_text(application)}}));
  // Scores once decided are the record of why: a conflict found after is for the officer.
  if (a->status != "submitted")
    return Error{"conflict",
                 i18n::tr("Scoring is over for this application, so a conflict of interest cannot be declared here. "
                          "Tell the grants officer about it."),
                 {}};
  if (trim(reason).empty() || has_markup(reason))
    return Error::validation({{"reason", "Say what the conflict of interest is"}});
  store.declare_conflict(application, member, trim(reason));
  audit::record(db, actor, "grant.conflict", "grant_application", id_text(application), nullptr,
                {{"member", member}, {"reason", trim(reason)}});
  return Ok{};
}

Status score(store::Db& db, const audit::Actor& actor, std::int64_t application, std::int64_t member,
             const std::map<std::string, std::pair<std::string, std::string>>& scores) {
  GrantStore store(db);
  auto a = store.application(application);
  if (!a || !store.assigned(application, member))
    return Error::not_found(i18n::tr("Application {id} is not one of yours to score.", {{"id", id_text(application)}}));
  if (auto why = store.conflict(application, member))
    return Error{"conflict-of-interest",
                 i18n::tr("You declared a conflict of interest in this application ({why}): you cannot score it.",
                          {{"why", *why}}),
                 {}};
  if (a->status != "submitted")
    return Error{"conflict", i18n::tr("This application is not waiting for scores: scoring is over."), {}};
  auto r = store.round(a->round_id);
  std::vector<FieldError> errors;
  std::vector<Score> parsed;
  for (const auto& entry : scores) {
    const std::string& key = entry.first;
    const auto& value = entry.second;
    auto c = std::find_if(r->criteria.begin(), r->criteria.end(), [&](const Criterion& x) { return x.key == key; });
    if (c == r->criteria.end()) {
      errors.push_back({"score-" + key, i18n::tr("\"{key}\" is not one of this round's criteria", {{"key", key}})});
      continue;
    }
    const std::string criterion = i18n::tr(c->name);
    if (trim(value.first).empty()) {  // not scored yet, which is fine unless a comment says otherwise
      if (!trim(value.second).empty())
        errors.push_back(
            {"score-" + key, i18n::tr("Give {criterion} a score to go with your comment", {{"criterion", criterion}})});
      continue;
    }
    auto n = parse_int(value.first);
    if (!n || *n < 0 || *n > kMaxScore)
      errors.push_back({"score-" + key, i18n::tr("Score {criterion} from 0 to {max}",
                                                 {{"criterion", criterion}, {"max", std::to_string(kMaxScore)}})});
    else if (has_markup(value.second))
      errors.push_back({"comment-" + key, i18n::tr("Write your comment on {criterion} as plain text, without HTML "
                                                   "or other markup",
                                                   {{"criterion", criterion}})});
    else if (value.second.size() > 2000)
      errors.push_back({"comment-" + key, i18n::tr("Keep your comment on {criterion} to 2,000 characters or fewer",
                                                   {{"criterion", criterion}})});
    else
      parsed.push_back({member, key, static_cast<int>(*n), trim(value.second)});
  }
  // Nothing scored is nothing saved: said, not thanked for.
  if (errors.empty() && parsed.empty() && !r->criteria.empty())
    errors.push_back({"score-" + r->criteria.front().key, i18n::msg("Score at least one criterion to save")});
  if (!errors.empty()) return Error::validation(errors);
  for (const auto& s : parsed) store.save_score(application, s);
  nlohmann::json given = nlohmann::json::object();
  for (const auto& s : parsed) given[s.criterion] = s.score;
  audit::record(db, actor, "grant.score", "grant_application", id_text(application), nullptr,
                {{"member", member}, {"scores", given}});
  return Ok{};
}

namespace {

// How a decision reads to the applicant, in their language.
// A message's key for one event on an application (a decision, a decision taken
// back): the application's count of audited events makes each one its own.
std::string event_key(store::Db& db, const std::string& event, std::int64_t application) {
  audit::Filter f;
  f.entity = "grant_application";
  f.entity_id = id_text(application);
  return event + ":" + f.entity_id + ":" + std::to_string(audit::count(db, f));
}

std::string decision_words(const std::string& status) {
  return status == "funded"     ? i18n::msg("funded")
         : status == "declined" ? i18n::msg("not funded")
                                : i18n::msg("funded with conditions");
}

}  // namespace

std::vector<RankedRow> ranking(store::Db& db, const Round& r) {
  GrantStore store(db);
  std::vector<MemberTotal> totals;
  std::map<std::int64_t, Application> apps;
  for (auto& a : store.applications(r.id)) {
    if (a.status == "draft" || a.status == "withdrawn") continue;
    std::map<std::int64_t, Scores> by_member;
    for (const auto& s : store.scores(a.id)) by_member[s.user][s.criterion] = s.score;
    for (const auto& [member, s] : by_member) totals.push_back({member, a.id, weighted_total(r.criteria, s)});
    apps.emplace(a.id, std::move(a));
  }
  auto ranked = rank(totals);
  // The rule suggests money only for what the panel has scored; unscored applications
  // come last, in order, and are suggested nothing until someone scores them.
  std::vector<std::pair<std::int64_t, std::int64_t>> asks;
  asks.reserve(ranked.size());
  for (const auto& x : ranked) asks.emplace_back(x.application, apps[x.application].canvas.amount);
  auto allocation = allocate(r.rules.budget, asks);
  std::vector<RankedRow> out;
  out.reserve(apps.size());
  for (std::size_t i = 0; i < ranked.size(); ++i)
    out.push_back({apps[ranked[i].application], ranked[i], allocation[i]});
  for (const auto& entry : apps) {
    const std::int64_t id = entry.first;  // a name of its own: lambdas cannot capture a structured binding
    if (std::none_of(ranked.begin(), ranked.end(), [&](const Ranked& x) { return x.application == id; }))
      out.push_back({entry.second,
                     {id, 0, 0, 0},
                     {id, entry.second.canvas.amount, false, i18n::tr("No panel member has scored it yet.")}});
  }
  return out;
}

Status decide(store::Db& db, const audit::Actor& actor, std::int64_t application, const std::string& decision,
              std::int64_t award, const std::string& conditions, const std::string& feedback) {
  GrantStore store(db);
  auto a = store.application(application);
  if (!a) return Error::not_found(i18n::tr("There is no application {id}.", {{"id", id_text(application)}}));
  if (a->status == "draft" || a->status == "withdrawn")
    return Error{
        "conflict", i18n::tr("This application was never sent or was withdrawn: there is nothing to decide."), {}};
  // A decision is the record of public money and the applicant has been told it: a
  // second one (a form sent twice, an old page) is refused, not silently swapped.
  if (a->status != "submitted")
    return Error{
        "conflict",
        i18n::tr("This application has already been decided: {decision}. To change it, take the decision back first "
                 "(the applicant is told why).",
                 {{"decision", decision_words(a->status)}}),
        {}};
  auto r = store.round(a->round_id);
  std::vector<FieldError> errors;
  if (decision != "fund" && decision != "fund-with-conditions" && decision != "decline")
    errors.push_back({"decision", "Choose fund, fund with conditions or decline"});
  if (has_markup(feedback))
    errors.push_back({"feedback", "Write the feedback in plain text, without HTML or other markup"});
  else if (utf8_length(trim(feedback)) < 10)
    errors.push_back({"feedback", "Give the applicant feedback of at least 10 characters, funded or not"});
  if (decision == "fund-with-conditions" && trim(conditions).empty())
    errors.push_back({"conditions", "Say what the conditions are"});
  std::optional<std::int64_t> amount;
  if (decision != "decline") {
    amount = award > 0 ? award : a->canvas.amount;
    std::int64_t others = 0;
    for (const auto& x : store.applications(r->id))
      if (x.id != application && awarded(x.status) && x.award_amount) others += *x.award_amount;
    // The most first: a sum beyond it is not added (an amount typed as 19 digits would overflow).
    if (*amount > r->rules.max_amount)
      errors.push_back({"award", i18n::tr("This round gives at most {amount}",
                                          {{"amount", money_pence(r->rules.max_amount * 100)}})});
    else if (others + *amount > r->rules.budget)
      errors.push_back({"award", i18n::tr("Only {left} of the {budget} budget is left",
                                          {{"left", money_pence((r->rules.budget - others) * 100)},
                                           {"budget", money_pence(r->rules.budget * 100)}})});
  }
  if (!errors.empty()) return Error::validation(errors);
  std::string status = decision == "fund" ? "funded" : decision == "decline" ? "declined" : "funded-with-conditions";
  if (!store.decide(application, status, amount, trim(conditions), trim(feedback)))
    return Error{"conflict", i18n::tr("This application was decided by someone else meanwhile."), {}};
  // The last application decided decides the round.
  auto in_round = store.applications(r->id);
  if (std::none_of(in_round.begin(), in_round.end(), [](const Application& x) { return x.status == "submitted"; }))
    store.mark_decided(r->id);
  audit::record(db, actor, "grant.decide", "grant_application", id_text(application), {{"status", a->status}},
                {{"status", status}, {"award", amount ? nlohmann::json(*amount) : nlohmann::json()}});
  // Funded or not, the applicant hears the decision and the feedback; once per
  // decision (a decision reopened and made again is a new one).
  accounts::notify(db, actor, a->owner_user, "application_decision",
                   {{"round", r->name},
                    {"project", a->canvas.group_name},
                    {"decision", decision_words(status)},
                    {"feedback", trim(feedback)},
                    {"link", "/grants/applications/" + id_text(application)}},
                   event_key(db, "application_decision", application));
  return Ok{};
}

Status reopen_decision(store::Db& db, const audit::Actor& actor, std::int64_t application, const std::string& reason) {
  GrantStore store(db);
  auto a = store.application(application);
  if (!a) return Error::not_found(i18n::tr("There is no application {id}.", {{"id", id_text(application)}}));
  if (!awarded(a->status) && a->status != "declined")
    return Error{"conflict", i18n::tr("This application has not been decided: there is no decision to take back."), {}};
  auto report = store.report(application);
  auto ms = store.milestones(application);
  if (report || std::any_of(ms.begin(), ms.end(), [](const Milestone& m) { return !m.done_at.empty(); }))
    return Error{"conflict",
                 i18n::tr("The group has reported on this grant or marked a milestone done, so money may have been "
                          "spent: the decision cannot be taken back here. Speak to the group and your finance team."),
                 {}};
  if (trim(reason).size() < 10 || has_markup(reason))
    return Error::validation({{"reason", i18n::msg("Say why the decision is taken back, in plain text: the applicant "
                                                   "is told")}});
  if (!store.reopen(application, a->status))
    return Error{"conflict", i18n::tr("This application's decision was changed by someone else meanwhile."), {}};
  store.mark_undecided(a->round_id);
  audit::record(
      db, actor, "grant.decision.reopen", "grant_application", id_text(application),
      {{"status", a->status}, {"award", a->award_amount ? nlohmann::json(*a->award_amount) : nlohmann::json()}},
      {{"status", "submitted"}, {"reason", trim(reason)}});
  // A decision the applicant has not been told yet is simply not told.
  if (messages::withdraw(db, "application_decision:" + id_text(application)) > 0) return Ok{};
  auto r = store.round(a->round_id);
  accounts::notify(db, actor, a->owner_user, "application_decision",
                   {{"round", r->name},
                    {"project", a->canvas.group_name},
                    {"decision", i18n::msg("the decision we told you before is taken back, and will be made again")},
                    {"feedback", trim(reason)},
                    {"link", "/grants/applications/" + id_text(application)}},
                   event_key(db, "application_reopened", application));
  return Ok{};
}

namespace {

Result<Application> awarded_to(store::Db& db, std::int64_t application, std::int64_t user) {
  auto a = applicant_of(db, application, user);
  if (!a) return a.error();
  if (!awarded(a->status)) return Error{"conflict", i18n::msg("This application has not been funded."), {}};
  return a;
}

}  // namespace

Status add_milestone(store::Db& db, const audit::Actor& actor, std::int64_t application, std::int64_t user,
                     const std::string& title, const std::string& due) {
  auto a = awarded_to(db, application, user);
  if (!a) return a.error();
  std::vector<FieldError> errors;
  if (trim(title).empty() || title.size() > 200 || has_markup(title)) errors.push_back({"title", "Name the milestone"});
  if (!is_iso_date(due.substr(0, 10))) errors.push_back({"due", "Enter the date it is due"});
  if (!errors.empty()) return Error::validation(errors);
  std::int64_t id = GrantStore(db).add_milestone(application, trim(title), due.substr(0, 10));
  audit::record(db, actor, "grant.milestone.add", "grant_application", id_text(application), nullptr,
                {{"milestone", id}, {"title", trim(title)}});
  return Ok{};
}

Status complete_milestone(store::Db& db, const audit::Actor& actor, std::int64_t application, std::int64_t user,
                          std::int64_t milestone) {
  auto a = awarded_to(db, application, user);
  if (!a) return a.error();
  GrantStore(db).complete_milestone(application, milestone);
  audit::record(db, actor, "grant.milestone.done", "grant_application", id_text(application), nullptr,
                {{"milestone", milestone}});
  return Ok{};
}

Status submit_report(store::Db& db, const audit::Actor& actor, std::int64_t application, std::int64_t user,
                     const Report& r) {
  auto a = awarded_to(db, application, user);
  if (!a) return a.error();
  std::vector<FieldError> errors;
  if (trim(r.summary).size() < 20 || r.summary.size() > 10000 || has_markup(r.summary))
    errors.push_back({"summary", "Say what happened, against the outcomes, in 20 to 10,000 characters"});
  if (r.hours_delivered < 0)
    errors.push_back({"hours_delivered", "Give the hours as a whole number, like 40"});
  else if (r.hours_delivered > kMaxHours)
    errors.push_back({"hours_delivered", "Give the hours as a number up to 1,000,000"});
  if (!errors.empty()) return Error::validation(errors);
  GrantStore(db).save_report(application, {trim(r.summary), r.hours_delivered, ""});
  audit::record(db, actor, "grant.report", "grant_application", id_text(application), nullptr,
                {{"hours_delivered", r.hours_delivered}});
  return Ok{};
}

std::vector<Award> awards(store::Db& db, const std::string& prefix) {
  GrantStore store(db);
  std::vector<Award> out;
  for (const auto& r : store.rounds()) {
    auto fund = store.fund(r.fund_id);
    for (const auto& a : store.applications(r.id)) {
      if (!awarded(a.status) || !a.award_amount) continue;
      std::string title = shorten(a.canvas.idea, 80, 77);
      out.push_back({prefix + "-" + id_text(a.id), title,
                     a.canvas.idea + (a.canvas.problem.empty() ? "" : " " + a.canvas.problem), *a.award_amount,
                     a.decided_at.substr(0, 10), prefix + "-group-" + id_text(a.id), a.canvas.group_name,
                     fund->funder_id, fund->funder_name, fund->name + ": " + r.name, a.ward_code, a.ward_name});
    }
  }
  return out;
}

void erase_applicant(store::Db& db, std::int64_t user) {
  for (const auto& r : db.query("SELECT id FROM grant_applications WHERE owner_user = ? AND status = 'draft'", {user}))
    audit::redact_entity(db, "grant_application", r.text(0));
  db.exec(
      "UPDATE grant_applications SET status = 'withdrawn', group_name = '', group_kind = '', idea = '', "
      "problem = '', who = '', assets = '', lasting = '', costs = '' WHERE owner_user = ? AND status = 'draft'",
      {user});
  db.exec("UPDATE grant_applications SET postcode = '' WHERE owner_user = ?", {user});
  db.exec("DELETE FROM grant_co_invitations WHERE email = (SELECT email FROM users WHERE id = ?)", {user});
  db.exec("UPDATE grant_conflicts SET reason = '' WHERE user_id = ?", {user});
}

}  // namespace kith::grants
