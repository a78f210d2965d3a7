#pragma once
// The timebank's writes: each checks the rules (ledger.h), writes through the
// store and records itself in the audit log, in the caller's transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/result.h"
#include "store/db.h"
#include "timebank/ledger.h"
#include "timebank/timebank_store.h"

namespace kith::timebank {

// Who is acting: a signed-in person, whether they coordinate, and the audit actor.
struct Caller {
  std::int64_t user_id = 0;
  bool coordinator = false;
  audit::Actor actor;
};

// Coordinators (and admins) approve members, act for those not online, correct the
// ledger and connect gifts with needs.
inline const std::vector<std::string> kCoordinators = {"coordinator", "admin"};

// The person behind a request.
inline Caller caller_of(const web::Ctx& ctx) {
  return {ctx.user ? ctx.user->id : 0, ctx.user && ctx.user->has_any(kCoordinators), audit::Actor::of(ctx)};
}

// The person acting, for the records that name one: none for the system (the demo).
inline std::optional<std::int64_t> acting_user(const Caller& c) {
  if (c.user_id > 0) return c.user_id;
  return std::nullopt;
}

// Asks to join a timebank as a member or organisation; a coordinator approves.
Result<std::int64_t> join(store::Db& db, const Caller& c, const std::string& slug, const std::string& name,
                          const std::string& kind, const std::string& postcode);
// A coordinator approves a pending member, recording whether references were taken;
// refused, naming the checkbox, when the timebank requires references and none were.
Status approve(store::Db& db, const Caller& c, std::int64_t account_id, bool references_taken);
// A coordinator declines a pending request to join, saying why; the person is told and
// may ask again (their request opens once more, as a new one).
Status decline(store::Db& db, const Caller& c, std::int64_t account_id, const std::string& reason);

struct Proposal {
  std::int64_t mine = 0;   // the proposer's account (or, for a coordinator, the member's they act for)
  std::int64_t other = 0;  // the other party's account
  bool i_gave = true;      // the proposer gave the help (else received it)
  std::int64_t minutes = 0;
  std::string category;
  std::string description;
};
Result<std::int64_t> propose(store::Db& db, const Caller& c, const Proposal& p);

// Accept, mark done, confirm or cancel (with a reason); confirming writes the ledger.
Result<ExchangeRow> act(store::Db& db, const Caller& c, std::int64_t exchange_id, Action action,
                        const std::string& reason);

// A coordinator gifts hours from a timebank's own account to a member, or a member
// gifts hours to their timebank's account.
Result<std::int64_t> gift(store::Db& db, const Caller& c, std::int64_t from_account, std::int64_t to_account,
                          std::int64_t minutes, const std::string& memo);
// Time a person gave elsewhere in Kith (a hub's rota, whose timebank a coordinator
// chose), paid to them from the timebank's own account as a gift. Refused, saying why,
// when they have no active account in that timebank. `by` is who confirmed the time.
Result<std::int64_t> bank_hours(store::Db& db, const audit::Actor& actor, std::optional<std::int64_t> by,
                                std::int64_t timebank_id, std::int64_t user, std::int64_t minutes,
                                const std::string& memo);
// A coordinator corrects a transfer with its reverse (never an edit).
Result<std::int64_t> reverse(store::Db& db, const Caller& c, std::int64_t transfer_id, const std::string& reason);

// Whether the caller may see an account's statement: its holder, or a coordinator.
// Erasure of an account: the ledger stays whole and zero-sum — entries are never
// changed, and each account keeps its balance, which stays where it is (the timebank's
// rule) — but each account of the person shows "Former member", has left and holds no
// place; the words of their exchanges and transfers are erased, exchanges not yet
// confirmed are cancelled, and their offers, requests, responses, gift board entries
// and blocks are deleted.
void erase_member(store::Db& db, std::int64_t user);
bool may_see(const Caller& c, const Account& a);

}  // namespace kith::timebank
