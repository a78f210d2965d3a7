#include "timebank/ledger.h"

#include <cctype>
#include <cmath>

#include "core/text.h"

namespace kith::timebank {

namespace {

struct Category {
  std::string id;
  std::string name;
};

const std::vector<Category>& category_list() {
  static const std::vector<Category> list = {{"home-garden", "Home and garden"},
                                             {"repairs", "Repairs and DIY"},
                                             {"transport", "Transport and errands"},
                                             {"company", "Company and befriending"},
                                             {"care", "Care and support"},
                                             {"learning", "Learning and skills"},
                                             {"digital", "Computers and phones"},
                                             {"food", "Food and cooking"},
                                             {"arts", "Arts, crafts and music"},
                                             {"children", "Children and families"},
                                             {"admin", "Admin, forms and letters"},
                                             {"community", "Community events"},
                                             {"other", "Something else"}};
  return list;
}

}  // namespace

const std::vector<std::string>& categories() {
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> out;
    out.reserve(category_list().size());
    for (const auto& c : category_list()) out.push_back(c.id);
    return out;
  }();
  return ids;
}

bool is_category(const std::string& id) {
  for (const auto& c : category_list())
    if (c.id == id) return true;
  return false;
}

std::string category_name(const std::string& id) {
  for (const auto& c : category_list())
    if (c.id == id) return c.name;
  return id;
}

std::string format_minutes(std::int64_t minutes) {
  std::string sign = minutes < 0 ? "-" : "";
  std::int64_t m = minutes < 0 ? -minutes : minutes;
  std::int64_t h = m / 60;
  m %= 60;
  if (h == 0) return sign + std::to_string(m) + " min";
  if (m == 0) return sign + std::to_string(h) + " h";
  return sign + std::to_string(h) + " h " + std::to_string(m) + " min";
}

std::string limits_text(std::int64_t min_minutes, std::int64_t max_minutes) {
  if (min_minutes % 60 == 0 && max_minutes % 60 == 0) return range_text(min_minutes / 60, max_minutes / 60, "hour");
  auto signed_text = [](std::int64_t m) { return m < 0 ? "\u2212" + format_minutes(-m) : format_minutes(m); };
  return signed_text(min_minutes) + " to " + signed_text(max_minutes);
}

Result<std::int64_t> parse_duration(const std::string& hours_text, const std::string& minutes_text, std::int64_t max) {
  std::vector<FieldError> errors;
  double hours = 0, minutes = 0;
  if (!trim(hours_text).empty()) {
    auto h = parse_double(trim(hours_text));
    if (!h || *h < 0 || !std::isfinite(*h))
      errors.push_back({"hours", "Hours must be a number of 0 or more, like 2 or 1.5"});
    else
      hours = *h;
  }
  if (!trim(minutes_text).empty()) {
    auto m = parse_int(trim(minutes_text));
    if (!m || *m < 0 || *m > 59)
      errors.push_back({"minutes", "Minutes must be a whole number from 0 to 59"});
    else
      minutes = static_cast<double>(*m);
  }
  if (!errors.empty()) return Error::validation(errors);
  double total = hours * 60 + minutes;
  // Too long is checked on the double first: "1e300" hours is no whole number of
  // minutes that llround can hold, and must read as too long, not as too short.
  bool too_long = total > static_cast<double>(max) + 0.5;
  if (!too_long && std::fabs(total - std::round(total)) > 1e-6)
    return Error::validation({{"hours", "Give the time in whole minutes: 1.5 hours is fine, 1.33 is not"}});
  auto whole = too_long ? max + 1 : static_cast<std::int64_t>(std::llround(total));
  if (whole < 1) return Error::validation({{"hours", "Enter how long it took: at least 1 minute"}});
  if (whole > max)
    return Error::validation(
        {{"hours", max == kMaxExchangeMinutes ? "One exchange can be at most 24 hours: record longer help as several"
                                              : "This can be at most " + format_minutes(max)}});
  return whole;
}

Status plain_text(const std::string& field, const std::string& label, const std::string& text, std::size_t max) {
  std::string t = trim(text);
  if (t.empty()) return Error::validation({{field, "Enter " + label}});
  if (t.size() > max)
    return Error::validation({{field, label + " must be " + std::to_string(max) + " characters or fewer"}});
  if (has_markup(t)) return Error::validation({{field, label + " must be plain text, without HTML such as <script>"}});
  return Ok{};
}

const char* state_id(State s) {
  switch (s) {
    case State::kProposed:
      return "proposed";
    case State::kAccepted:
      return "accepted";
    case State::kDone:
      return "done";
    case State::kConfirmed:
      return "confirmed";
    case State::kCancelled:
      return "cancelled";
  }
  return "proposed";
}

std::optional<State> state_from_id(const std::string& id) {
  for (State s : {State::kProposed, State::kAccepted, State::kDone, State::kConfirmed, State::kCancelled})
    if (id == state_id(s)) return s;
  return std::nullopt;
}

std::string state_label(State s) {
  switch (s) {
    case State::kProposed:
      return "Waiting to be accepted";
    case State::kAccepted:
      return "Agreed: waiting to happen";
    case State::kDone:
      return "Done: waiting for confirmation";
    case State::kConfirmed:
      return "Confirmed: hours banked";
    case State::kCancelled:
      return "Cancelled";
  }
  return "";
}

std::optional<Action> action_from_id(const std::string& id) {
  if (id == "accept") return Action::kAccept;
  if (id == "done") return Action::kDone;
  if (id == "confirm") return Action::kConfirm;
  if (id == "cancel") return Action::kCancel;
  return std::nullopt;
}

Result<Exchange> apply(const Exchange& e, Action action, Party party) {
  auto refuse = [](const std::string& why) { return Error{"conflict", why, {}}; };
  if (e.state == State::kConfirmed)
    return refuse(
        "This exchange is confirmed and its hours are banked: it cannot change now. A coordinator can "
        "correct it with a reversing entry.");
  if (e.state == State::kCancelled) return refuse("This exchange was cancelled.");
  Exchange next = e;
  bool own_confirmed = party == Party::kGiver ? e.giver_confirmed : e.receiver_confirmed;
  switch (action) {
    case Action::kCancel:
      next.state = State::kCancelled;
      return next;
    case Action::kAccept:
      if (e.state != State::kProposed) return refuse("This exchange has already been accepted.");
      if (party == e.proposed_by) return refuse("You proposed this exchange: the other person accepts it.");
      next.state = State::kAccepted;
      return next;
    case Action::kDone:
      if (e.state == State::kProposed) return refuse("This exchange must be accepted before it can be done.");
      if (e.state == State::kDone) return refuse("This exchange is already marked as done.");
      if (party == Party::kCoordinator) {
        next.state = State::kDone;
        return next;
      }
      next.state = State::kDone;
      (party == Party::kGiver ? next.giver_confirmed : next.receiver_confirmed) = true;
      return next;
    case Action::kConfirm:
      if (e.state != State::kDone) return refuse("This exchange can be confirmed once it is marked as done.");
      if (party == Party::kCoordinator) {
        next.state = State::kConfirmed;
        return next;
      }
      if (own_confirmed) return refuse("You have already confirmed this exchange.");
      (party == Party::kGiver ? next.giver_confirmed : next.receiver_confirmed) = true;
      if (next.giver_confirmed && next.receiver_confirmed) next.state = State::kConfirmed;
      return next;
  }
  return refuse("Unknown action");
}

Status check_limits(const Side& receiver, const Side& giver, std::int64_t minutes) {
  std::int64_t pays = receiver.balance - minutes, paid = giver.balance + minutes;
  if (receiver.min_balance && pays < *receiver.min_balance)
    return Error{"limit",
                 "This exchange would take " + receiver.name + "'s balance to " + format_minutes(pays) + ", below " +
                     receiver.timebank + "'s limit of " + format_minutes(*receiver.min_balance) + ".",
                 {}};
  if (giver.max_balance && paid > *giver.max_balance)
    return Error{"limit",
                 "This exchange would take " + giver.name + "'s balance to " + format_minutes(paid) + ", above " +
                     giver.timebank + "'s limit of " + format_minutes(*giver.max_balance) +
                     ". They could gift some hours to the timebank first.",
                 {}};
  return Ok{};
}

}  // namespace kith::timebank
