#pragma once
// Storage of timebanks, accounts, exchanges and the ledger. Writes to the ledger go
// through post_transfer only: equal and opposite entries and the accounts' balances
// in the caller's transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/db.h"

namespace kith::timebank {

struct Timebank {
  std::int64_t id = 0;
  std::string slug;
  std::string name;
  std::string kind;  // hub, ward, group
  std::string area_code;
  std::string description;
  std::int64_t min_balance = 0;
  std::int64_t max_balance = 0;
  std::int64_t own_account = 0;  // the timebank's own account
};

struct Account {
  std::int64_t id = 0;
  std::int64_t timebank_id = 0;
  std::string timebank_name;
  std::string kind;  // member, organisation, timebank
  std::optional<std::int64_t> user_id;
  std::string name;
  std::string lsoa_code;
  std::string status;  // pending, active, left
  bool references_taken = false;
  bool show_across_network = true;
  std::int64_t balance = 0;
  std::int64_t min_balance = 0;
  std::int64_t max_balance = 0;
  std::string approved_at;  // empty: never approved (waiting, or declined)
};

struct ExchangeRow {
  std::int64_t id = 0;
  std::int64_t giver = 0;
  std::int64_t receiver = 0;
  std::int64_t minutes = 0;
  std::string category;
  std::string description;
  std::string state;
  std::int64_t proposed_by = 0;
  bool giver_confirmed = false;
  bool receiver_confirmed = false;
  std::string cancel_reason;
  std::string created_at;
  std::string confirmed_at;
};

// Whether exchange `e` waits for `account` to act: to accept one the other side
// proposed, or to confirm one marked done that its side has not confirmed.
bool waits_for(const ExchangeRow& e, std::int64_t account);

struct StatementLine {
  std::int64_t transfer_id = 0;
  std::string at;
  std::string kind;  // exchange, gift, correction
  std::string memo;
  std::int64_t minutes = 0;
  std::int64_t balance = 0;  // after this line
  std::string counterpart;   // the other account's name
  std::optional<std::int64_t> exchange_id;
};

struct LedgerCheck {
  std::int64_t sum = 0;                   // over every entry: always 0
  std::int64_t unbalanced_transfers = 0;  // transfers whose entries do not sum to 0
  std::int64_t mismatched_accounts = 0;   // balance not the sum of its entries
  std::int64_t outside_limits = 0;        // member accounts beyond their timebank's limits
  std::int64_t entries = 0;
};

// What a timebank's coordinators and area intelligence count.
struct TimebankStats {
  std::int64_t active_members = 0;
  std::int64_t confirmed_exchanges = 0;
  std::int64_t crossing = 0;  // with a member of another timebank
  std::int64_t minutes = 0;
  std::vector<std::pair<std::string, std::int64_t>> per_month;  // "2026-11", confirmed exchanges
  std::vector<Account> quiet;  // members active for over 90 days with no confirmed exchange in them
};

// One member's exchanging, for their account page.
struct MemberStats {
  std::int64_t given = 0, received = 0;  // minutes, confirmed exchanges
  std::int64_t partners = 0;             // distinct accounts exchanged with
};

// An exchange with its giver's and receiver's accounts (first, second), all locked.
struct LockedExchange {
  ExchangeRow exchange;
  std::optional<std::pair<Account, Account>> accounts;  // nullopt if either is gone
};

class TimebankStore {
 public:
  explicit TimebankStore(store::Db& db) : db_(db) {}

  std::int64_t create_timebank(const Timebank& t);
  std::vector<Timebank> timebanks();
  std::optional<Timebank> timebank(const std::string& slug);
  std::optional<Timebank> timebank_by_id(std::int64_t id);

  std::int64_t open_account(std::int64_t timebank_id, const std::string& kind, std::optional<std::int64_t> user_id,
                            const std::string& name, const std::string& lsoa_code, const std::string& status);
  std::optional<Account> account(std::int64_t id);
  // Two accounts and their balances, in the order asked, locked for the rest of the
  // transaction where the database needs telling: on PostgreSQL FOR NO KEY UPDATE
  // in id order (so two transfers between the same accounts cannot deadlock, and new
  // exchanges' foreign-key checks do not wait); SQLite's write transactions are
  // serial. nullopt if either is missing.
  std::optional<std::pair<Account, Account>> lock_pair(std::int64_t first, std::int64_t second);
  std::vector<Account> accounts_of_user(std::int64_t user_id);
  std::optional<Account> account_in(std::int64_t timebank_id, std::int64_t user_id);
  std::vector<Account> accounts_in(std::int64_t timebank_id, const std::string& status);
  // Active accounts in every timebank whose names contain `text`, for choosing whom
  // an exchange is with; those that hide across the network only in `timebank_id`.
  std::vector<Account> find_accounts(const std::string& text, std::int64_t timebank_id, int limit);
  void approve(std::int64_t account_id, std::optional<std::int64_t> by_user, bool references_taken);
  void set_status(std::int64_t account_id, const std::string& status);
  // A declined request made again: pending once more, as the person now describes it.
  void ask_again(std::int64_t account_id, const std::string& kind, const std::string& name, const std::string& lsoa);
  // Whether the timebank asks for references before approving anyone (migration 0027).
  bool references_required(std::int64_t timebank_id);

  std::int64_t insert_exchange(const ExchangeRow& e);
  std::optional<ExchangeRow> exchange(std::int64_t id, bool for_update = false);
  // The exchange and its accounts, locked as lock_pair does: in one statement on PostgreSQL.
  std::optional<LockedExchange> lock_exchange(std::int64_t id);
  void update_exchange(const ExchangeRow& e, std::optional<std::int64_t> coordinator);
  std::vector<ExchangeRow> exchanges_of(std::int64_t account_id, int limit);

  // Writes one transfer: its entries (which must sum to zero) and the accounts'
  // balances. Returns the transfer's id.
  std::int64_t post_transfer(const std::string& kind, std::optional<std::int64_t> exchange_id,
                             std::optional<std::int64_t> reverses, const std::string& memo,
                             std::optional<std::int64_t> by_user,
                             const std::vector<std::pair<std::int64_t, std::int64_t>>& entries);
  // A transfer's entries (account, minutes), and whether it has been reversed.
  std::vector<std::pair<std::int64_t, std::int64_t>> transfer_entries(std::int64_t transfer_id);
  std::optional<std::string> transfer_kind(std::int64_t transfer_id);
  bool reversed(std::int64_t transfer_id);
  std::vector<StatementLine> statement(std::int64_t account_id);
  LedgerCheck check();
  // `since` is the ISO time 90 days before now.
  TimebankStats stats(std::int64_t timebank_id, const std::string& since);
  MemberStats member_stats(std::int64_t account_id);

  void block(std::int64_t user_id, std::int64_t blocked_user_id);
  void unblock(std::int64_t user_id, std::int64_t blocked_user_id);
  bool blocked_either_way(std::int64_t a, std::int64_t b);
  std::vector<std::pair<std::int64_t, std::string>> blocked_by(std::int64_t user_id);

  // Per LSOA of an authority ("" for all): active member accounts, and confirmed
  // exchanges with a party living there.
  std::vector<std::pair<std::string, std::int64_t>> members_by_lsoa(const std::string& authority);
  std::vector<std::pair<std::string, std::int64_t>> exchanges_by_lsoa(const std::string& authority);

 private:
  store::Db& db_;
};

}  // namespace kith::timebank
