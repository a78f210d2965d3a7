#pragma once
// The timebank's rules, pure: durations in whole minutes, an exchange's lifecycle
// (proposed -> accepted -> done -> confirmed by both parties or a coordinator, with
// cancellation before it is confirmed) and the balance limits a transfer must keep.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace kith::timebank {

inline constexpr std::int64_t kMaxExchangeMinutes = 24 * 60;  // more in one exchange is a mistake
inline constexpr std::int64_t kMaxGiftMinutes = 100 * 60;     // a gift of hours, at most

// The skill categories every post and exchange carries.
const std::vector<std::string>& categories();
bool is_category(const std::string& id);
// In English, as a ledger memo keeps it: a page says it with i18n::tr(category_name(id)).
std::string category_name(const std::string& id);

// "2 h 30 min", "45 min", "-10 h"; a minus sign for debts. In English, for what is
// kept (a ledger memo); a page shows time_text, a message is given the minutes.
std::string format_minutes(std::int64_t minutes);
// The same in the language spoken (i18n::tr), for pages and the errors people read.
std::string time_text(std::int64_t minutes);
// The balance limits in words, in the language spoken: "−10 to 50 hours" (range_text),
// or each end in hours and minutes where one is not whole hours ("−1 h 30 min to 50 h").
std::string limits_text(std::int64_t min_minutes, std::int64_t max_minutes);
// Hours and minutes as typed ("2", "0", "1.5" hours; "30" minutes) into whole minutes,
// 1 to `max`; errors name the field.
Result<std::int64_t> parse_duration(const std::string& hours, const std::string& minutes,
                                    std::int64_t max = kMaxExchangeMinutes);

// A description or note as plain text: refused if it holds markup such as <script>
// (it would be shown as text, never run, but it is never what a person meant).
// `label` is English marked with i18n::msg ("a short title"), said with tr() here.
Status plain_text(const std::string& field, const std::string& label, const std::string& text, std::size_t max);

enum class State { kProposed, kAccepted, kDone, kConfirmed, kCancelled };
const char* state_id(State s);  // "proposed"
std::optional<State> state_from_id(const std::string& id);
std::string state_label(State s);  // "Waiting to be accepted", in English: a page says it with i18n::tr

enum class Action { kAccept, kDone, kConfirm, kCancel };
std::optional<Action> action_from_id(const std::string& id);  // "accept", "done", "confirm", "cancel"

// Who acts on an exchange.
enum class Party { kGiver, kReceiver, kCoordinator };

struct Exchange {
  State state = State::kProposed;
  Party proposed_by = Party::kGiver;
  bool giver_confirmed = false;
  bool receiver_confirmed = false;
};

// The exchange after `action` by `party`, or why it cannot happen. Marking it done
// counts as that party's confirmation; it is confirmed (and the ledger written) when
// both parties have confirmed, or a coordinator confirms a done exchange.
Result<Exchange> apply(const Exchange& e, Action action, Party party);

// A transfer of `minutes` from the receiver (who pays) to the giver (who is paid),
// each with its balance and its timebank's limits; the error names whose limit and
// by how much. Accounts with no limits (a timebank's own) pass `std::nullopt`.
struct Side {
  std::string name;
  std::string timebank;
  std::int64_t balance = 0;
  std::optional<std::int64_t> min_balance;
  std::optional<std::int64_t> max_balance;
};
Status check_limits(const Side& receiver, const Side& giver, std::int64_t minutes);

}  // namespace kith::timebank
