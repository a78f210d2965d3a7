// Thin: read the request, call service.cpp or the store, shape the page's data.
#include "timebank/timebank_http.h"

#include <algorithm>

#include "core/clock.h"
#include "core/csv.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "timebank/service.h"
#include "web/problems.h"
#include "web/resubmitted.h"

namespace kith::timebank {

namespace {

using web::Access;
using web::Ctx;
using web::Json;

// `missing` says there is none: English with {id}, marked with i18n::msg.
Result<std::int64_t> id_param(const Ctx& ctx, const std::string& name, const char* missing) {
  auto n = parse_int(ctx.param(name));
  if (!n || *n < 1) return Error::not_found(i18n::tr(missing, {{"id", ctx.param(name)}}));
  return *n;
}

Json crumbs(const std::vector<std::pair<std::string, std::string>>& extra) {
  Json out = Json::array({{{"name", "Home"}, {"href", "/"}}, {{"name", "Timebank"}, {"href", "/timebank"}}});
  for (const auto& [name, href] : extra) out.push_back({{"name", name}, {"href", href}});
  return out;
}

Json account_json(const Account& a) {
  return {{"id", a.id},
          {"name", a.name},
          {"kind", a.kind},
          {"timebank", a.timebank_name},
          {"status", a.status},
          {"balance", a.balance},
          {"balance_text", time_text(a.balance)},
          {"href", "/timebank/accounts/" + std::to_string(a.id)},
          {"pending", a.status == "pending"}};
}

// `own`: the reader's own account ("You gave"); else a coordinator reads another's ("Gave").
Json exchange_summary(TimebankStore& store, const ExchangeRow& e, std::int64_t from_account, bool own) {
  auto other = store.account(e.giver == from_account ? e.receiver : e.giver);
  State s = state_from_id(e.state).value_or(State::kProposed);
  return {{"id", e.id},
          {"href", "/timebank/exchanges/" + std::to_string(e.id)},
          {"with", other ? other->name : ""},
          {"gave", e.giver == from_account},
          {"direction", e.giver == from_account ? (own ? i18n::tr("You gave") : i18n::tr("Gave"))
                                                : (own ? i18n::tr("You received") : i18n::tr("Received"))},
          {"time", time_text(e.minutes)},
          {"category", i18n::tr(category_name(e.category))},
          {"description", e.description},
          {"state", e.state},
          {"state_label", i18n::tr(state_label(s))}};
}

Json category_options(const std::string& chosen) {
  Json out = Json::array();
  for (const auto& id : categories())
    out.push_back({{"value", id}, {"text", i18n::tr(category_name(id))}, {"selected", id == chosen}});
  return out;
}

// The network: every timebank, and the signed-in person's accounts and exchanges.
Result<Json> home_page(Ctx& ctx) {
  TimebankStore store(ctx.db);
  Json banks = Json::array();
  for (const auto& t : store.timebanks()) {
    const auto members = static_cast<std::int64_t>(store.accounts_in(t.id, "active").size());
    banks.push_back({{"name", t.name},
                     {"href", "/timebank/" + t.slug},
                     {"kind", t.kind},
                     {"members", members},
                     {"members_text", count_of(members, "member")},
                     {"description", t.description}});
  }
  Json data = {{"title", "Timebank"}, {"timebanks", banks}, {"signed_in", ctx.user != nullptr}};
  if (!ctx.user) return data;
  Json mine = Json::array(), waiting = Json::array();
  for (const auto& a : store.accounts_of_user(ctx.user->id)) {
    mine.push_back(account_json(a));
    for (const auto& e : store.exchanges_of(a.id, 50))
      if (waits_for(e, a.id)) waiting.push_back(exchange_summary(store, e, a.id, true));
  }
  Json blocked = Json::array();
  for (const auto& [id, name] : store.blocked_by(ctx.user->id)) blocked.push_back({{"id", id}, {"name", name}});
  data["blocked"] = blocked;
  data["has_blocked"] = !blocked.empty();
  data["accounts"] = mine;
  data["has_accounts"] = !mine.empty();
  data["waiting"] = waiting;
  data["has_waiting"] = !waiting.empty();
  data["coordinator"] = ctx.user->has_any(kCoordinators);
  return data;
}

std::string since_90_days() { return iso_utc(now_seconds() - 90LL * 24 * 3600); }

// A timebank's figures, none of them about one person: members, exchanges, hours,
// the share with other timebanks, and exchanges per month as a chart.
Json stats_json(const TimebankStats& s) {
  std::int64_t most = 0;
  for (const auto& m : s.per_month) most = std::max(most, m.second);
  Json months = Json::array();
  for (const auto& [month, n] : s.per_month)
    months.push_back({{"month", month_in_words(month)}, {"count", n}, {"width", most ? n * 100 / most : 0}});
  std::string crossing =
      s.confirmed_exchanges
          ? i18n::tr("{percent}%", {{"percent", std::to_string(s.crossing * 100 / s.confirmed_exchanges)}})
          : i18n::tr("none");
  return {{"active_members", s.active_members},
          {"exchanges", s.confirmed_exchanges},
          {"hours", time_text(s.minutes)},
          {"crossing", crossing},
          {"months", months},
          {"has_months", !months.empty()},
          {"quiet_count", s.quiet.size()},
          {"quiet_text", count_of(static_cast<std::int64_t>(s.quiet.size()), "member")}};
}

// Unblocking someone the signed-in person blocked.
Result<web::Done> home_action(Ctx& ctx, const web::Input& in) {
  auto user = parse_int(in.get("unblock"));
  if (!user) return Error::validation({{"unblock", "Choose whom to unblock"}});
  TimebankStore store(ctx.db);
  store.unblock(ctx.user->id, *user);
  audit::record(ctx.db, audit::Actor::of(ctx), "timebank.unblock", "user", std::to_string(*user), nullptr,
                {{"unblocked_by", ctx.user->id}});
  return web::Done{"/timebank", {{"unblocked", *user}}, i18n::tr("Unblocked.")};
}

Result<Json> timebank_page(Ctx& ctx) {
  TimebankStore store(ctx.db);
  auto t = store.timebank(ctx.param("slug"));
  if (!t) return Error::not_found(i18n::tr("There is no timebank called {slug}.", {{"slug", ctx.param("slug")}}));
  Json data = {
      {"title", t->name},
      {"breadcrumbs", crumbs({})},
      {"timebank", {{"name", t->name}, {"slug", t->slug}, {"kind", t->kind}, {"description", t->description}}},
      {"limits", i18n::tr("Balances can go from {limits}.", {{"limits", limits_text(t->min_balance, t->max_balance)}})},
      {"members", store.accounts_in(t->id, "active").size()},
      {"stats", stats_json(store.stats(t->id, since_90_days()))},
      {"kinds", Json::array({{{"value", "member"}, {"text", i18n::tr("A person")}, {"checked", true}},
                             {{"value", "organisation"}, {"text", i18n::tr("An organisation or group")}}})}};
  if (ctx.user) {
    data["signed_in"] = true;
    auto a = store.account_in(t->id, ctx.user->id);
    // A declined request (never approved) may be made again.
    bool declined = a && a->status == "left" && a->approved_at.empty();
    if (a && !declined)
      data["account"] = account_json(*a);
    else
      data["can_join"] = true;
    data["declined"] = declined;
    data["values"] = {{"name", ctx.user->name}};
    if (ctx.user->has_any(kCoordinators)) {
      data["manage_href"] = "/timebank/" + t->slug + "/manage";
      auto waiting =
          ctx.db.scalar("SELECT COUNT(*) FROM timebank_accounts WHERE timebank_id = ? AND status = 'pending'", {t->id});
      if (waiting > 0)
        data["waiting_text"] = i18n::tr_plural(waiting, "{n} person is waiting for you to approve them.",
                                               "{n} people are waiting for you to approve them.");
    }
  }
  return data;
}

Result<web::Done> join_action(Ctx& ctx, const web::Input& in) {
  auto id = join(ctx.db, caller_of(ctx), ctx.param("slug"), in.get("name"),
                 in.get("kind").empty() ? "member" : in.get("kind"), in.get("postcode"));
  if (!id) return id.error();
  return web::Done{"/timebank/" + ctx.param("slug"),
                   {{"account", *id}, {"status", "pending"}},
                   i18n::tr("Thank you: a coordinator will be in touch to welcome you and take references."),
                   201};
}

Result<Account> visible_account(Ctx& ctx, TimebankStore& store) {
  auto id = id_param(ctx, "id", i18n::msg("There is no account {id}."));
  if (!id) return id.error();
  auto a = store.account(*id);
  if (!a || !may_see(caller_of(ctx), *a))
    return Error::not_found(i18n::tr("There is no account {id} of yours.", {{"id", ctx.param("id")}}));
  return *a;
}

Result<Json> account_page(Ctx& ctx) {
  TimebankStore store(ctx.db);
  auto a = visible_account(ctx, store);
  if (!a) return a.error();
  Json lines = Json::array();
  auto statement = store.statement(a->id);
  for (auto it = statement.rbegin(); it != statement.rend(); ++it) {
    lines.push_back({{"transfer", it->transfer_id},
                     {"date", date_in_words(it->at)},
                     {"memo", it->memo},
                     {"with", it->counterpart},
                     {"in", it->minutes > 0 ? time_text(it->minutes) : ""},
                     {"out", it->minutes < 0 ? time_text(-it->minutes) : ""},
                     {"balance", time_text(it->balance)},
                     {"kind", it->kind}});
  }
  Json exchanges = Json::array();
  const bool own = a->user_id && *a->user_id == caller_of(ctx).user_id;
  for (const auto& e : store.exchanges_of(a->id, 20)) exchanges.push_back(exchange_summary(store, e, a->id, own));
  MemberStats mine = store.member_stats(a->id);
  Json data = {{"title", a->name + ": " + a->timebank_name},
               {"given", time_text(mine.given)},
               {"received", time_text(mine.received)},
               {"partners", mine.partners},
               {"has_partners", mine.partners > 0},
               {"partners_text", count_of(mine.partners, "person", "different people")},
               {"breadcrumbs", crumbs({})},
               {"account", account_json(*a)},
               {"limits", limits_text(a->min_balance, a->max_balance)},
               {"lines", lines},
               {"has_lines", !lines.empty()},
               {"exchanges", exchanges},
               {"has_exchanges", !exchanges.empty()},
               {"csv_href", "/timebank/accounts/" + std::to_string(a->id) + "/statement.csv"},
               {"new_href", "/timebank/exchanges/new?account=" + std::to_string(a->id)},
               {"coordinator", caller_of(ctx).coordinator}};
  data["account"]["active"] = a->status == "active";
  return data;
}

// A coordinator corrects a transfer on this account with its reverse.
Result<web::Done> account_action(Ctx& ctx, const web::Input& in) {
  TimebankStore store(ctx.db);
  auto a = visible_account(ctx, store);
  if (!a) return a.error();
  auto transfer = parse_int(in.get("transfer"));
  if (!transfer) return Error::validation({{"transfer", "Choose the transfer to correct"}});
  auto id = reverse(ctx.db, caller_of(ctx), *transfer, in.get("reason"));
  if (!id) return id.error();
  return web::Done{"/timebank/accounts/" + std::to_string(a->id),
                   {{"transfer", *id}},
                   i18n::tr("Transfer {id} is reversed.", {{"id", std::to_string(*transfer)}})};
}

web::Response statement_csv(Ctx& ctx) {
  TimebankStore store(ctx.db);
  auto a = visible_account(ctx, store);
  if (!a) return web::problem_response(a.error(), ctx.req.path);
  std::string out = csv_line({"date", "transfer", "kind", "with", "description", "minutes", "balance_minutes"});
  for (const auto& l : store.statement(a->id))
    out += csv_line({l.at, std::to_string(l.transfer_id), l.kind, l.counterpart, l.memo, std::to_string(l.minutes),
                     std::to_string(l.balance)});
  web::Response r;
  r.content_type = "text/csv; charset=utf-8";
  r.headers.emplace_back("Content-Disposition",
                         "attachment; filename=\"kith-timebank-statement-" + std::to_string(a->id) + ".csv\"");
  r.body = out;
  return r;
}

// Proposing an exchange: from one of my accounts (or, for a coordinator, any), with
// someone found by name.
Result<Json> new_exchange_page(Ctx& ctx) {
  TimebankStore store(ctx.db);
  auto n = parse_int(ctx.req.query_param("account"));
  std::optional<Account> mine;
  if (n) {
    mine = store.account(*n);
  } else if (ctx.req.query_param("account").empty()) {
    // No account named: a member of one timebank records from their account there.
    std::vector<Account> active;
    for (auto& a : store.accounts_of_user(ctx.user->id))
      if (a.status == "active") active.push_back(std::move(a));
    if (active.size() == 1) mine = std::move(active.front());
  }
  if (!mine || !may_see(caller_of(ctx), *mine))
    return Error::not_found(i18n::tr("Choose one of your timebank accounts to record an exchange from."));
  std::string q = ctx.req.query_param("q");
  web::Input was = ctx.failed ? web::resubmitted(ctx) : web::Input{};  // the choices made, kept after an error
  Json found = Json::array();
  if (!q.empty())
    for (const auto& a : store.find_accounts(q, mine->timebank_id, 20))
      if (a.id != mine->id && (!a.user_id || !mine->user_id || !store.blocked_either_way(*a.user_id, *mine->user_id)))
        found.push_back({{"id", a.id},
                         {"checked", was.get("other") == std::to_string(a.id)},
                         {"name", a.name},
                         {"timebank", a.timebank_name}});
  return Json{{"title", "Record an exchange"},
              {"breadcrumbs", crumbs({{mine->name, "/timebank/accounts/" + std::to_string(mine->id)}})},
              {"account", account_json(*mine)},
              {"q", q},
              {"post_href", "/timebank/exchanges/new?account=" + std::to_string(mine->id) + "&q=" + url_encode(q)},
              {"searched", !q.empty()},
              {"found", found},
              {"has_found", !found.empty()},
              {"gave", was.get("direction") == "gave"},
              {"received", was.get("direction") == "received"},
              {"categories", category_options(was.get("category"))}};
}

Result<web::Done> new_exchange_action(Ctx& ctx, const web::Input& in) {
  auto mine = parse_int(in.get("account").empty() ? ctx.req.query_param("account") : in.get("account"));
  auto other = parse_int(in.get("other"));
  std::vector<FieldError> errors;
  if (!other) errors.push_back({"other", "Choose who the exchange was with"});
  if (in.get("direction") != "gave" && in.get("direction") != "received")
    errors.push_back({"direction", "Say whether you gave or received the help"});
  auto minutes = parse_duration(in.get("hours"), in.get("minutes"));
  if (!minutes) errors.insert(errors.end(), minutes.error().fields.begin(), minutes.error().fields.end());
  if (!errors.empty()) return Error::validation(errors);
  Proposal p{mine.value_or(0),     *other, in.get("direction") == "gave", *minutes, in.get("category"),
             in.get("description")};
  auto id = propose(ctx.db, caller_of(ctx), p);
  if (!id) return id.error();
  return web::Done{"/timebank/exchanges/" + std::to_string(*id),
                   {{"id", *id}, {"state", "proposed"}},
                   i18n::tr("The exchange is recorded: the other person accepts it next."),
                   201};
}

Result<std::pair<ExchangeRow, Party>> visible_exchange(Ctx& ctx, TimebankStore& store) {
  auto id = id_param(ctx, "id", i18n::msg("There is no exchange {id}."));
  if (!id) return id.error();
  auto e = store.exchange(*id);
  if (!e) return Error::not_found(i18n::tr("There is no exchange {id}.", {{"id", ctx.param("id")}}));
  auto giver = store.account(e->giver);
  auto receiver = store.account(e->receiver);
  if (giver->user_id && ctx.user && *giver->user_id == ctx.user->id) return std::make_pair(*e, Party::kGiver);
  if (receiver->user_id && ctx.user && *receiver->user_id == ctx.user->id) return std::make_pair(*e, Party::kReceiver);
  if (caller_of(ctx).coordinator) return std::make_pair(*e, Party::kCoordinator);
  return Error::not_found(i18n::tr("There is no exchange {id}.", {{"id", ctx.param("id")}}));
}

Result<Json> exchange_page(Ctx& ctx) {
  TimebankStore store(ctx.db);
  auto seen = visible_exchange(ctx, store);
  if (!seen) return seen.error();
  const ExchangeRow& e = seen->first;
  Party party = seen->second;
  auto giver = store.account(e.giver);
  auto receiver = store.account(e.receiver);
  State state = state_from_id(e.state).value_or(State::kProposed);
  Exchange now{state, e.proposed_by == e.giver ? Party::kGiver : Party::kReceiver, e.giver_confirmed,
               e.receiver_confirmed};
  Json actions = Json::array();
  const std::vector<std::pair<Action, std::string>> labels = {{Action::kAccept, i18n::tr("Accept")},
                                                              {Action::kDone, i18n::tr("It happened: mark as done")},
                                                              {Action::kConfirm, i18n::tr("Confirm")}};
  for (const auto& [action, label] : labels) {
    Party as = party;
    if (party == Party::kCoordinator && action == Action::kAccept)
      as = now.proposed_by == Party::kGiver ? Party::kReceiver : Party::kGiver;
    if (apply(now, action, as))
      actions.push_back(
          {{"value", action == Action::kAccept ? "accept"
                     : action == Action::kDone ? "done"
                                               : "confirm"},
           {"label",
            party == Party::kCoordinator ? i18n::tr("{action} (as coordinator)", {{"action", label}}) : label}});
  }
  bool can_cancel = state != State::kConfirmed && state != State::kCancelled;
  std::optional<std::int64_t> other_user = party == Party::kGiver ? receiver->user_id : giver->user_id;
  return Json{{"title", i18n::tr("Exchange {id}", {{"id", std::to_string(e.id)}})},
              {"breadcrumbs", crumbs({})},
              {"exchange",
               {{"id", e.id},
                {"giver", giver->name},
                {"receiver", receiver->name},
                {"giver_timebank", giver->timebank_name},
                {"receiver_timebank", receiver->timebank_name},
                {"time", time_text(e.minutes)},
                {"minutes", e.minutes},
                {"category", i18n::tr(category_name(e.category))},
                {"description", e.description},
                {"state", e.state},
                {"state_label", i18n::tr(state_label(state))},
                {"giver_confirmed", e.giver_confirmed},
                {"receiver_confirmed", e.receiver_confirmed},
                {"cancel_reason", e.cancel_reason}}},
              {"actions", actions},
              {"has_actions", !actions.empty()},
              {"can_cancel", can_cancel},
              {"can_block", party != Party::kCoordinator && other_user.has_value()}};
}

Result<web::Done> exchange_action(Ctx& ctx, const web::Input& in) {
  TimebankStore store(ctx.db);
  auto seen = visible_exchange(ctx, store);
  if (!seen) return seen.error();
  std::string href = "/timebank/exchanges/" + std::to_string(seen->first.id);
  if (in.get("action") == "block") {
    auto giver = store.account(seen->first.giver);
    auto receiver = store.account(seen->first.receiver);
    auto other = seen->second == Party::kGiver ? receiver : giver;
    if (seen->second == Party::kCoordinator || !other->user_id)
      return Error::validation({{"action", "Only a party to the exchange can block the other"}});
    store.block(ctx.user->id, *other->user_id);
    audit::record(ctx.db, audit::Actor::of(ctx), "timebank.block", "user", std::to_string(*other->user_id), nullptr,
                  {{"blocked_by", ctx.user->id}});
    return web::Done{"/timebank",
                     {{"blocked", true}},
                     i18n::tr("You have blocked {name}: neither of you will find the other to exchange with.",
                              {{"name", other->name}})};
  }
  auto action = action_from_id(in.get("action"));
  if (!action) return Error::validation({{"action", "Choose what to do with the exchange"}});
  auto after = act(ctx.db, caller_of(ctx), seen->first.id, *action, in.get("reason"));
  if (!after) return after.error();
  std::string said = after->state == "confirmed" ? i18n::tr("Confirmed: the hours are banked.")
                     : after->state == "cancelled"
                         ? i18n::tr("The exchange is cancelled.")
                         : i18n::tr("The exchange is now “{state}”.",
                                    {{"state", i18n::tr(state_label(*state_from_id(after->state)))}});
  return web::Done{href, {{"id", after->id}, {"state", after->state}}, said};
}

// A coordinator's page for one timebank: members waiting for approval, and gifting
// hours from the timebank's own account.
Result<Json> manage_page(Ctx& ctx) {
  TimebankStore store(ctx.db);
  auto t = store.timebank(ctx.param("slug"));
  if (!t) return Error::not_found(i18n::tr("There is no timebank called {slug}.", {{"slug", ctx.param("slug")}}));
  Json pending = Json::array(), members = Json::array();
  web::Input was = ctx.failed ? web::resubmitted(ctx) : web::Input{};
  for (const auto& a : store.accounts_in(t->id, "pending")) {
    Json item = account_json(a);
    item["mine"] = a.user_id && *a.user_id == ctx.user->id;  // answered by another coordinator
    // An approval refused for want of references: said by that person's tick box.
    item["references_error"] = ctx.failed_message("references-" + std::to_string(a.id));
    item["reason_error"] = ctx.failed_message("reason-" + std::to_string(a.id));
    // A decline that came back keeps the reason written for that person.
    item["reason"] = was.get("do") == "decline" && was.get("account") == std::to_string(a.id) ? was.get("reason") : "";
    pending.push_back(std::move(item));
  }
  for (const auto& a : store.accounts_in(t->id, "active"))
    if (!a.user_id || *a.user_id != ctx.user->id) members.push_back(account_json(a));  // not to oneself
  auto own = store.account(t->own_account);
  TimebankStats stats = store.stats(t->id, since_90_days());
  Json quiet = Json::array();
  for (const auto& a : stats.quiet) quiet.push_back(account_json(a));
  return Json{{"title", i18n::tr("Manage {timebank}", {{"timebank", t->name}})},
              {"quiet", quiet},
              {"has_quiet", !quiet.empty()},
              {"breadcrumbs", crumbs({{t->name, "/timebank/" + t->slug}})},
              {"timebank", {{"name", t->name}, {"slug", t->slug}}},
              // Top level, not under "timebank": inside {{#pending}} a member's own
              // "timebank" (its name) would hide it, and the form would post to /timebank//manage.
              {"manage_action", "/timebank/" + t->slug + "/manage"},
              {"own", own ? account_json(*own) : Json(nullptr)},
              {"pending", pending},
              {"has_pending", !pending.empty()},
              {"members", members},
              {"has_members", !members.empty()}};
}

Result<web::Done> manage_action(Ctx& ctx, const web::Input& in) {
  TimebankStore store(ctx.db);
  auto t = store.timebank(ctx.param("slug"));
  if (!t) return Error::not_found(i18n::tr("There is no timebank called {slug}.", {{"slug", ctx.param("slug")}}));
  std::string back = "/timebank/" + t->slug + "/manage";
  if (in.get("do") == "approve") {
    auto id = parse_int(in.get("account"));
    if (!id) return Error::validation({{"account", "Choose whom to approve"}});
    // This timebank's page approves only this timebank's members.
    auto a = store.account(*id);
    if (!a || a->timebank_id != t->id)
      return Error::not_found(i18n::tr("There is no timebank account {id}.", {{"id", std::to_string(*id)}}));
    auto done = approve(ctx.db, caller_of(ctx), *id, in.get("references") == "yes");
    if (!done) return done.error();
    return web::Done{back,
                     {{"account", *id}, {"status", "active"}},
                     i18n::tr("Approved: {name} can now exchange hours.", {{"name", a->name}})};
  }
  if (in.get("do") == "decline") {
    auto id = parse_int(in.get("account"));
    if (!id) return Error::validation({{"account", "Choose whose request to decline"}});
    if (auto a = store.account(*id); !a || a->timebank_id != t->id)
      return Error::not_found(i18n::tr("There is no timebank account {id}.", {{"id", std::to_string(*id)}}));
    auto done = decline(ctx.db, caller_of(ctx), *id, in.get("reason"));
    if (!done) return done.error();
    return web::Done{back, {{"account", *id}, {"status", "left"}}, i18n::tr("Declined: they are told why.")};
  }
  if (in.get("do") == "gift") {
    auto to = parse_int(in.get("to"));
    if (!to) return Error::validation({{"to", "Choose whom to gift hours to"}});
    auto minutes = parse_duration(in.get("hours"), in.get("minutes"), kMaxGiftMinutes);
    if (!minutes) return minutes.error();
    auto id = gift(ctx.db, caller_of(ctx), t->own_account, *to, *minutes, in.get("memo"));
    if (!id) return id.error();
    return web::Done{back, {{"transfer", *id}}, i18n::tr("The hours are gifted.")};
  }
  return Error::validation({{"do", "Choose approve, decline or gift"}});
}

// The ledger's invariants, for coordinators and the tests: the sum over every
// account, transfers that do not balance, balances that are not their entries' sum.
web::Response ledger_json(Ctx& ctx) {
  LedgerCheck c = TimebankStore(ctx.db).check();
  web::Response r;
  r.content_type = "application/json";
  r.body = Json{{"sum", c.sum},
                {"entries", c.entries},
                {"unbalanced_transfers", c.unbalanced_transfers},
                {"mismatched_accounts", c.mismatched_accounts},
                {"outside_limits", c.outside_limits}}
               .dump();
  return r;
}

}  // namespace

void install_routes(web::Server& server) {
  auto& r = server.router();
  r.page("/timebank", "timebank/home", Access::anyone(), home_page);
  r.action("/timebank", Access::any_member(), home_action);
  r.raw("GET", "/timebank/ledger", Access::role(kCoordinators), ledger_json, true);
  r.page("/timebank/exchanges/new", "timebank/new_exchange", Access::any_member(), new_exchange_page);
  r.action("/timebank/exchanges/new", Access::any_member(), new_exchange_action);
  r.page("/timebank/exchanges/{id}", "timebank/exchange", Access::any_member(), exchange_page);
  r.action("/timebank/exchanges/{id}", Access::any_member(), exchange_action);
  r.page("/timebank/accounts/{id}", "timebank/account", Access::any_member(), account_page);
  r.action("/timebank/accounts/{id}", Access::role(kCoordinators), account_action);
  r.raw("GET", "/timebank/accounts/{id}/statement.csv", Access::any_member(), statement_csv, true);
  r.page("/timebank/{slug}", "timebank/timebank", Access::anyone(), timebank_page);
  r.action("/timebank/{slug}", Access::any_member(), join_action);
  r.page("/timebank/{slug}/manage", "timebank/manage", Access::role(kCoordinators), manage_page);
  r.action("/timebank/{slug}/manage", Access::role(kCoordinators), manage_action);
  server.add_nav({"Timebank", "/timebank", Access::anyone(), false});
}

}  // namespace kith::timebank
