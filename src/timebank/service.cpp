#include "timebank/service.h"

#include <algorithm>

#include "accounts/notify.h"
#include "areas/area_store.h"
#include "core/clock.h"
#include "core/person_name.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "messages/outbox.h"

namespace kith::timebank {

namespace {

Error refuse(const std::string& why) { return Error{"conflict", why, {}}; }

Result<Account> active_account(TimebankStore& store, std::int64_t id, const std::string& field) {
  auto a = store.account(id);
  if (!a)
    return Error::validation({{field, i18n::tr("There is no timebank account {id}", {{"id", std::to_string(id)}})}});
  if (a->status != "active")
    return Error::validation({{field, i18n::tr("{name} is not an active member of {timebank} yet",
                                               {{"name", a->name}, {"timebank", a->timebank_name}})}});
  return *a;
}

Side side_of(const Account& a) {
  Side s{a.name, a.timebank_name, a.balance, std::nullopt, std::nullopt};
  if (a.kind != "timebank") {
    s.min_balance = a.min_balance;
    s.max_balance = a.max_balance;
  }
  return s;
}

nlohmann::json exchange_json(const ExchangeRow& e) {
  return {{"giver_account", e.giver},
          {"receiver_account", e.receiver},
          {"minutes", e.minutes},
          {"category", e.category},
          {"state", e.state},
          {"giver_confirmed", e.giver_confirmed},
          {"receiver_confirmed", e.receiver_confirmed},
          {"cancel_reason", e.cancel_reason}};
}

// Writes a transfer of `minutes` from `payer` to `payee` after checking the limits
// on their balances, which the caller read under lock (TimebankStore::lock_pair);
// audited with its entries.
Result<std::int64_t> transfer(store::Db& db, const Caller& c, const std::string& kind,
                              std::optional<std::int64_t> exchange_id, const Account& payer, const Account& payee,
                              std::int64_t minutes, const std::string& memo) {
  TimebankStore store(db);
  auto limits = check_limits(side_of(payer), side_of(payee), minutes);
  if (!limits) return limits.error();
  std::int64_t id = store.post_transfer(kind, exchange_id, std::nullopt, memo, acting_user(c),
                                        {{payer.id, -minutes}, {payee.id, minutes}});
  audit::record(
      db, c.actor, "timebank.transfer", "timebank_transfer", std::to_string(id), nullptr,
      {{"kind", kind},
       {"exchange", exchange_id ? nlohmann::json(*exchange_id) : nlohmann::json(nullptr)},
       {"entries", {{{"account", payer.id}, {"minutes", -minutes}}, {{"account", payee.id}, {"minutes", minutes}}}},
       {"memo", memo}});
  return id;
}

}  // namespace

bool may_see(const Caller& c, const Account& a) { return c.coordinator || (a.user_id && *a.user_id == c.user_id); }

Result<std::int64_t> join(store::Db& db, const Caller& c, const std::string& slug, const std::string& name,
                          const std::string& kind, const std::string& postcode) {
  TimebankStore store(db);
  auto t = store.timebank(slug);
  if (!t) return Error::not_found(i18n::tr("There is no timebank called {slug}.", {{"slug", slug}}));
  auto before = store.account_in(t->id, c.user_id);
  // A request that was declined (never approved) may be made again; any other is one too many.
  const bool again = before && before->status == "left" && before->approved_at.empty();
  if (before && !again)
    return Error::validation(
        {{"name", before->status == "active"
                      ? i18n::tr("You are already a member of {timebank}", {{"timebank", t->name}})
                  : before->status == "pending"
                      ? i18n::tr("You have already asked to join {timebank}: a coordinator will answer",
                                 {{"timebank", t->name}})
                      : i18n::tr("You were a member of {timebank} before: ask one of its coordinators to let you "
                                 "back in",
                                 {{"timebank", t->name}})}});
  // Every answer at fault, named at once.
  std::vector<FieldError> errors;
  if (kind != "member" && kind != "organisation") errors.push_back({"kind", "Join as a member or as an organisation"});
  if (auto problem = person_name_problem(name)) errors.push_back({"name", *problem});
  std::string lsoa;
  if (!trim(postcode).empty()) {
    auto pc = areas::normalise_postcode(postcode);
    auto hit = pc ? areas::AreaStore(db).postcode(*pc) : std::nullopt;
    if (!hit)
      errors.push_back(
          {"postcode", i18n::tr("We do not know the postcode {postcode}: check it", {{"postcode", trim(postcode)}})});
    else
      lsoa = hit->lsoa_code;
  }
  if (!errors.empty()) return Error::validation(std::move(errors));
  std::int64_t id = again ? before->id : store.open_account(t->id, kind, c.user_id, trim(name), lsoa, "pending");
  if (again) store.ask_again(id, kind, trim(name), lsoa);
  audit::record(db, c.actor, again ? "timebank.account.ask_again" : "timebank.account.open", "timebank_account",
                std::to_string(id), nullptr,
                {{"timebank", t->slug}, {"kind", kind}, {"name", trim(name)}, {"lsoa", lsoa}, {"status", "pending"}});
  // Coordinators approve members; every one of them hears that someone waits.
  accounts::notify_roles(db, c.actor, kCoordinators, "member_waiting",
                         {{"timebank", t->name}, {"member", trim(name)}, {"link", "/timebank/" + t->slug + "/manage"}},
                         "member_waiting:" + std::to_string(id));
  return id;
}

Status approve(store::Db& db, const Caller& c, std::int64_t account_id, bool references_taken) {
  if (!c.coordinator) return Error{"forbidden", i18n::tr("Only a coordinator approves new members"), {}};
  TimebankStore store(db);
  auto a = store.account(account_id);
  if (!a) return Error::not_found(i18n::tr("There is no timebank account {id}.", {{"id", std::to_string(account_id)}}));
  if (a->status != "pending") return refuse(i18n::tr("{name} is not waiting to be approved.", {{"name", a->name}}));
  if (a->user_id && *a->user_id == c.user_id)
    return Error{"forbidden", i18n::tr("Another coordinator answers your own request to join"), {}};
  // The field is the row's own checkbox on the manage page, so the error summary leads to it.
  if (!references_taken && store.references_required(a->timebank_id))
    return Error::validation({{"references-" + std::to_string(account_id),
                               i18n::tr("{timebank} asks for references: take them from {name}, then tick "
                                        "\"References have been taken\" to approve",
                                        {{"timebank", a->timebank_name}, {"name", a->name}})}});
  store.approve(account_id, acting_user(c), references_taken);
  messages::withdraw(db, "member_waiting:" + std::to_string(account_id));  // no longer waiting for anyone
  audit::record(db, c.actor, "timebank.account.approve", "timebank_account", std::to_string(account_id),
                {{"status", "pending"}}, {{"status", "active"}, {"references_taken", references_taken}});
  if (a->user_id)
    accounts::notify(db, c.actor, *a->user_id, "member_approved",
                     {{"timebank", a->timebank_name}, {"link", "/timebank/posts/new"}},
                     "member_approved:" + std::to_string(account_id));
  return Ok{};
}

Status decline(store::Db& db, const Caller& c, std::int64_t account_id, const std::string& reason) {
  if (!c.coordinator) return Error{"forbidden", i18n::tr("Only a coordinator declines a request to join"), {}};
  TimebankStore store(db);
  auto a = store.account(account_id);
  if (!a) return Error::not_found(i18n::tr("There is no timebank account {id}.", {{"id", std::to_string(account_id)}}));
  if (a->status != "pending") return refuse(i18n::tr("{name} is not waiting to be approved.", {{"name", a->name}}));
  // The field is the row's own reason box on the manage page.
  std::string field = "reason-" + std::to_string(account_id);
  std::string why = trim(reason);
  if (why.empty())
    return Error::validation(
        {{field, i18n::tr("Say why you are declining {name}: they are told the reason", {{"name", a->name}})}});
  if (utf8_length(why) > 500) return Error::validation({{field, "The reason must be 500 characters or fewer"}});
  store.set_status(account_id, "left");
  messages::withdraw(db, "member_waiting:" + std::to_string(account_id));
  audit::record(db, c.actor, "timebank.account.decline", "timebank_account", std::to_string(account_id),
                {{"status", "pending"}}, {{"status", "left"}, {"reason", why}});
  if (a->user_id)
    accounts::notify(db, c.actor, *a->user_id, "member_declined",
                     {{"timebank", a->timebank_name}, {"reason", why}, {"link", "/timebank"}},
                     "member_declined:" + std::to_string(account_id) + ":" + now_iso());
  return Ok{};
}

Result<std::int64_t> propose(store::Db& db, const Caller& c, const Proposal& p) {
  TimebankStore store(db);
  auto mine = active_account(store, p.mine, "account");
  if (!mine) return mine.error();
  if (!c.coordinator && (!mine->user_id || *mine->user_id != c.user_id))
    return Error{"forbidden", i18n::tr("You can only propose exchanges from your own account"), {}};
  auto other = active_account(store, p.other, "other");
  if (!other) return other.error();
  if (mine->user_id && other->user_id && store.blocked_either_way(*mine->user_id, *other->user_id))
    return Error{"forbidden", i18n::tr("You cannot arrange exchanges with this member."), {}};
  // Every answer at fault, named at once.
  std::vector<FieldError> errors;
  if (mine->id == other->id || (mine->user_id && other->user_id && *mine->user_id == *other->user_id))
    errors.push_back({"other", "An exchange is between two different people"});
  if (p.minutes < 1 || p.minutes > kMaxExchangeMinutes)
    errors.push_back({"hours", "One exchange takes from 1 minute to 24 hours"});
  else if (errors.empty())
    // Said now rather than when the hours are confirmed; checked again then, under lock.
    if (auto limits = p.i_gave ? check_limits(side_of(*other), side_of(*mine), p.minutes)
                               : check_limits(side_of(*mine), side_of(*other), p.minutes);
        !limits)
      errors.push_back({"hours", limits.error().message});
  if (!is_category(p.category)) errors.push_back({"category", "Choose what kind of help it was"});
  if (auto described = plain_text("description", i18n::msg("what the help was"), p.description, 500); !described)
    for (const auto& f : described.error().fields) errors.push_back(f);
  if (!errors.empty()) return Error::validation(std::move(errors));
  ExchangeRow e;
  e.giver = p.i_gave ? mine->id : other->id;
  e.receiver = p.i_gave ? other->id : mine->id;
  e.minutes = p.minutes;
  e.category = p.category;
  e.description = trim(p.description);
  e.state = state_id(State::kProposed);
  e.proposed_by = mine->id;
  e.id = store.insert_exchange(e);
  audit::Actor actor = c.actor;
  if (c.coordinator && mine->user_id && *mine->user_id != c.user_id) actor.on_behalf_of = mine->user_id;
  audit::record(db, actor, "timebank.exchange.propose", "timebank_exchange", std::to_string(e.id), nullptr,
                exchange_json(e));
  // The other member accepts it (or a coordinator does for them).
  if (other->user_id)
    accounts::notify(db, c.actor, *other->user_id, "exchange_to_confirm",
                     {{"hours", std::to_string(e.minutes)},
                      {"with", mine->name},
                      {"link", "/timebank/exchanges/" + std::to_string(e.id)}},
                     "exchange_to_confirm:" + std::to_string(e.id) + ":proposed");
  return e.id;
}

Result<ExchangeRow> act(store::Db& db, const Caller& c, std::int64_t exchange_id, Action action,
                        const std::string& reason) {
  TimebankStore store(db);
  // The exchange and both accounts, locked: confirming writes the ledger from their balances.
  auto locked = store.lock_exchange(exchange_id);
  if (!locked) return Error::not_found(i18n::tr("There is no exchange {id}.", {{"id", std::to_string(exchange_id)}}));
  const ExchangeRow* e = &locked->exchange;
  const auto& accounts = locked->accounts;
  if (!accounts)
    return Error::not_found(i18n::tr("An account of exchange {id} is gone.", {{"id", std::to_string(exchange_id)}}));
  const Account* giver = &accounts->first;
  const Account* receiver = &accounts->second;
  Party party = Party::kCoordinator;
  std::optional<std::int64_t> on_behalf_of;
  if (giver->user_id && *giver->user_id == c.user_id)
    party = Party::kGiver;
  else if (receiver->user_id && *receiver->user_id == c.user_id)
    party = Party::kReceiver;
  else if (!c.coordinator)
    return Error::not_found(
        i18n::tr("There is no exchange {id}.", {{"id", std::to_string(exchange_id)}}));  // not theirs to see
  if (action == Action::kAccept && party == Party::kCoordinator) {
    // A coordinator accepts for the member who did not propose it, who may not be online.
    party = e->proposed_by == e->giver ? Party::kReceiver : Party::kGiver;
    on_behalf_of = party == Party::kGiver ? giver->user_id : receiver->user_id;
  }
  if (action == Action::kAccept && giver->user_id && receiver->user_id &&
      store.blocked_either_way(*giver->user_id, *receiver->user_id))
    return Error{"forbidden", i18n::tr("You cannot arrange exchanges with this member."), {}};
  if (action == Action::kAccept)
    if (auto limits = check_limits(side_of(*receiver), side_of(*giver), e->minutes); !limits) return limits.error();
  Exchange now{*state_from_id(e->state), e->proposed_by == e->giver ? Party::kGiver : Party::kReceiver,
               e->giver_confirmed, e->receiver_confirmed};
  auto next = apply(now, action, party);
  if (!next) return next.error();
  if (action == Action::kCancel) {
    auto why = plain_text("reason", i18n::msg("why it is cancelled"), reason, 300);
    if (!why) return why.error();
  }
  nlohmann::json before = exchange_json(*e);
  ExchangeRow after = *e;
  after.state = state_id(next->state);
  after.giver_confirmed = next->giver_confirmed;
  after.receiver_confirmed = next->receiver_confirmed;
  if (action == Action::kCancel) after.cancel_reason = trim(reason);
  if (next->state == State::kConfirmed) {
    auto t = transfer(db, c, "exchange", e->id, *receiver, *giver, e->minutes,
                      category_name(e->category) + ": " + e->description);
    if (!t) return t.error();
  }
  store.update_exchange(after, party == Party::kCoordinator ? acting_user(c) : std::nullopt);
  audit::Actor actor = c.actor;
  actor.on_behalf_of = on_behalf_of;
  static const char* const names[] = {"accept", "done", "confirm", "cancel"};
  audit::record(db, actor, std::string("timebank.exchange.") + names[static_cast<int>(action)], "timebank_exchange",
                std::to_string(e->id), before, exchange_json(after));
  // Marked done by one side: the other confirms it before the hours move.
  if (next->state == State::kDone && now.state != State::kDone) {
    const Account* waiting = party == Party::kGiver ? receiver : giver;
    const Account* with = waiting == giver ? receiver : giver;
    if (waiting->user_id && (party == Party::kCoordinator || *waiting->user_id != c.user_id))
      accounts::notify(db, c.actor, *waiting->user_id, "exchange_to_confirm",
                       {{"hours", std::to_string(e->minutes)},
                        {"with", with->name},
                        {"link", "/timebank/exchanges/" + std::to_string(e->id)}},
                       "exchange_to_confirm:" + std::to_string(e->id) + ":done");
  }
  return after;
}

Result<std::int64_t> gift(store::Db& db, const Caller& c, std::int64_t from_account, std::int64_t to_account,
                          std::int64_t minutes, const std::string& memo) {
  TimebankStore store(db);
  if (from_account == to_account) return Error::validation({{"to", "Choose another account to gift hours to"}});
  auto pair = store.lock_pair(from_account, to_account);
  if (!pair) return Error::not_found(i18n::tr("There is no such timebank account."));
  const Account* from = &pair->first;
  const Account* to = &pair->second;
  bool own = from->user_id && *from->user_id == c.user_id;
  if (!own && !(c.coordinator && from->kind == "timebank"))
    return Error{"forbidden", i18n::tr("You can gift hours only from your own account"), {}};
  if (!own && to->user_id && *to->user_id == c.user_id)
    return Error{"forbidden",
                 i18n::tr("You cannot gift the timebank's hours to yourself: another coordinator can, and it is "
                          "recorded"),
                 {}};
  if (from->kind != "timebank" && to->kind != "timebank")
    return Error::validation({{"to", "Members gift hours to a timebank's own account, which shares them out"}});
  // Hours stay in one timebank, and go only to someone it has let in.
  if (from->timebank_id != to->timebank_id)
    return Error::validation({{"to", i18n::tr("{name} is not a member of {timebank}",
                                              {{"name", to->name}, {"timebank", from->timebank_name}})}});
  if (to->status != "active")
    return Error::validation({{"to", i18n::tr("{name} is not an active member of {timebank} yet",
                                              {{"name", to->name}, {"timebank", to->timebank_name}})}});
  if (minutes < 1 || minutes > kMaxGiftMinutes)
    return Error::validation(
        {{"hours", i18n::tr("Gift from 1 minute to {most}", {{"most", time_text(kMaxGiftMinutes)}})}});
  auto why = plain_text("memo", i18n::msg("what the gift is for"), memo, 300);
  if (!why) return why.error();
  return transfer(db, c, "gift", std::nullopt, *from, *to, minutes, trim(memo));
}

Result<std::int64_t> bank_hours(store::Db& db, const audit::Actor& actor, std::optional<std::int64_t> by,
                                std::int64_t timebank_id, std::int64_t user, std::int64_t minutes,
                                const std::string& memo) {
  TimebankStore store(db);
  auto t = store.timebank_by_id(timebank_id);
  if (!t) return Error::not_found(i18n::tr("There is no such timebank."));
  auto member = store.account_in(timebank_id, user);
  if (!member || member->status != "active")
    return refuse(i18n::tr("No active account in {timebank}", {{"timebank", t->name}}));
  auto pair = store.lock_pair(t->own_account, member->id);
  if (!pair) return Error::not_found(i18n::tr("There is no such timebank account."));
  if (minutes < 1 || minutes > kMaxGiftMinutes)
    return refuse(i18n::tr("Time banked is from 1 minute to {most}", {{"most", time_text(kMaxGiftMinutes)}}));
  return transfer(db, Caller{by.value_or(0), true, actor}, "gift", std::nullopt, pair->first, pair->second, minutes,
                  memo);
}

Result<std::int64_t> reverse(store::Db& db, const Caller& c, std::int64_t transfer_id, const std::string& reason) {
  if (!c.coordinator) return Error{"forbidden", i18n::tr("Only a coordinator corrects the ledger"), {}};
  TimebankStore store(db);
  auto kind = store.transfer_kind(transfer_id);
  if (!kind) return Error::not_found(i18n::tr("There is no transfer {id}.", {{"id", std::to_string(transfer_id)}}));
  if (*kind == "correction") return refuse(i18n::tr("This is a correction itself: make a new transfer instead."));
  if (store.reversed(transfer_id)) return refuse(i18n::tr("This transfer has already been reversed."));
  auto why = plain_text("reason", i18n::msg("why it is corrected"), reason, 300);
  if (!why) return why.error();
  // Every transfer Kith writes moves minutes between two accounts.
  auto original = store.transfer_entries(transfer_id);
  if (original.size() != 2)
    return refuse(i18n::tr("Transfer {id} is not between two accounts.", {{"id", std::to_string(transfer_id)}}));
  auto pair = store.lock_pair(original[0].first, original[1].first);
  if (!pair)
    return Error::not_found(i18n::tr("An account of transfer {id} is gone.", {{"id", std::to_string(transfer_id)}}));
  std::vector<std::pair<std::int64_t, std::int64_t>> entries;
  for (const auto& [account, minutes] : original) {
    const Account* a = account == pair->first.id ? &pair->first : &pair->second;
    Side side = side_of(*a);
    std::int64_t after = a->balance - minutes;
    if ((side.min_balance && after < *side.min_balance) || (side.max_balance && after > *side.max_balance))
      return Error{"limit",
                   i18n::tr("Reversing this would take {name}'s balance to {balance}, outside {timebank}'s limits: "
                            "gift or exchange hours first.",
                            {{"name", a->name}, {"balance", time_text(after)}, {"timebank", a->timebank_name}}),
                   {}};
    entries.emplace_back(account, -minutes);
  }
  std::int64_t id = store.post_transfer("correction", std::nullopt, transfer_id,
                                        "Correction of transfer " + std::to_string(transfer_id) + ": " + trim(reason),
                                        acting_user(c), entries);
  nlohmann::json written = nlohmann::json::array();
  for (const auto& [account, minutes] : entries) written.push_back({{"account", account}, {"minutes", minutes}});
  audit::record(db, c.actor, "timebank.transfer.reverse", "timebank_transfer", std::to_string(id), nullptr,
                {{"reverses", transfer_id}, {"entries", written}, {"reason", trim(reason)}});
  return id;
}

void erase_member(store::Db& db, std::int64_t user) {
  const std::string mine = "(SELECT id FROM timebank_accounts WHERE user_id = ?)";
  const std::string their_posts = "(SELECT id FROM timebank_posts WHERE account_id IN " + mine + ")";
  for (const auto& r : db.query("SELECT id FROM timebank_posts WHERE account_id IN " + mine, {user}))
    audit::redact_entity(db, "timebank_post", r.text(0));
  for (const auto& r : db.query("SELECT id FROM timebank_accounts WHERE user_id = ?", {user}))
    audit::redact_entity(db, "timebank_account", r.text(0));
  db.exec("DELETE FROM timebank_responses WHERE post_id IN " + their_posts + " OR responder_account IN " + mine,
          {user, user});
  db.exec("DELETE FROM timebank_posts WHERE account_id IN " + mine, {user});
  db.exec(
      "UPDATE timebank_exchanges SET state = 'cancelled', cancel_reason = 'The member left the timebank' "
      "WHERE state IN ('proposed', 'accepted', 'done') AND (giver_account IN " +
          mine + " OR receiver_account IN " + mine + ")",
      {user, user});
  for (const auto& r :
       db.query("SELECT id FROM timebank_exchanges WHERE giver_account IN " + mine + " OR receiver_account IN " + mine,
                {user, user}))
    audit::redact_entity(db, "timebank_exchange", r.text(0));
  db.exec(
      "UPDATE timebank_exchanges SET description = '', cancel_reason = CASE WHEN cancel_reason IS NULL THEN NULL "
      "ELSE 'The member left the timebank' END WHERE giver_account IN " +
          mine + " OR receiver_account IN " + mine,
      {user, user});
  for (const auto& r :
       db.query("SELECT DISTINCT transfer_id FROM timebank_entries WHERE account_id IN " + mine, {user}))
    audit::redact_entity(db, "timebank_transfer", r.text(0));
  for (const auto& r : db.query("SELECT id FROM gift_board_entries WHERE user_id = ?", {user}))
    audit::redact_entity(db, "gift_board_entry", r.text(0));
  db.exec(
      "UPDATE timebank_transfers SET memo = '' WHERE id IN (SELECT transfer_id FROM timebank_entries "
      "WHERE account_id IN " +
          mine + ")",
      {user});
  db.exec(
      "UPDATE timebank_accounts SET name = 'Former member', status = 'left', lsoa_code = NULL, "
      "show_across_network = 0 WHERE user_id = ?",
      {user});
  db.exec("DELETE FROM timebank_blocks WHERE user_id = ? OR blocked_user_id = ?", {user, user});
  const std::string gifts = "(SELECT id FROM gift_board_entries WHERE user_id = ?)";
  db.exec("DELETE FROM gift_board_introductions WHERE need_id IN " + gifts + " OR gift_id IN " + gifts, {user, user});
  db.exec("DELETE FROM gift_board_entries WHERE user_id = ?", {user});
}

}  // namespace kith::timebank
