#include "timebank/ledger.h"

#include <cctype>
#include <cmath>

#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::timebank {

namespace {

struct Category {
  std::string id;
  std::string name;
};

const std::vector<Category>& category_list() {
  static const std::vector<Category> list = {{"home-garden", i18n::msg("Home and garden")},
                                             {"repairs", i18n::msg("Repairs and DIY")},
                                             {"transport", i18n::msg("Transport and errands")},
                                             {"company", i18n::msg("Company and befriending")},
                                             {"care", i18n::msg("Care and support")},
                                             {"learning", i18n::msg("Learning and skills")},
                                             {"digital", i18n::msg("Computers and phones")},
                                             {"food", i18n::msg("Food and cooking")},
                                             {"arts", i18n::msg("Arts, crafts and music")},
                                             {"children", i18n::msg("Children and families")},
                                             {"admin", i18n::msg("Admin, forms and letters")},
                                             {"community", i18n::msg("Community events")},
                                             {"other", i18n::msg("Something else")}};
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
  i18n::Speaking english(nullptr);
  return i18n::duration_text(minutes);
}

std::string time_text(std::int64_t minutes) { return i18n::duration_text(minutes); }

std::string limits_text(std::int64_t min_minutes, std::int64_t max_minutes) {
  if (min_minutes % 60 == 0 && max_minutes % 60 == 0)
    return range_text(min_minutes / 60, max_minutes / 60, i18n::msg("hour"), i18n::msg("hours"));
  auto signed_text = [](std::int64_t m) { return m < 0 ? "\u2212" + time_text(-m) : time_text(m); };
  return i18n::tr("{low} to {high}", {{"low", signed_text(min_minutes)}, {"high", signed_text(max_minutes)}});
}

Result<std::int64_t> parse_duration(const std::string& hours_text, const std::string& minutes_text, std::int64_t max) {
  std::vector<FieldError> errors;
  double hours = 0, minutes = 0;
  if (!trim(hours_text).empty()) {
    // "1,5" is how much of Europe writes one and a half; "1,000" is a thousand, not one.
    std::string typed = trim(hours_text);
    if (auto comma = typed.find(','); comma != std::string::npos &&
                                      typed.find_first_of(".,", comma + 1) == std::string::npos &&
                                      typed.size() - comma - 1 != 3)
      typed[comma] = '.';
    auto h = parse_double(typed);
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
        {{"hours", max == kMaxExchangeMinutes
                       ? i18n::tr("One exchange can be at most 24 hours: record longer help as several")
                       : i18n::tr("This can be at most {time}", {{"time", time_text(max)}})}});
  return whole;
}

Status plain_text(const std::string& field, const std::string& label, const std::string& text, std::size_t max) {
  std::string t = trim(text);
  std::string what = i18n::tr(label);
  if (t.empty()) return Error::validation({{field, i18n::tr("Enter {what}", {{"what", what}})}});
  // {what} opens these sentences: "A short title must be…", not "a short title must be…".
  auto sentence = [](std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
  };
  if (t.size() > max)
    return Error::validation({{field, sentence(i18n::tr("{what} must be {max} characters or fewer",
                                                        {{"what", what}, {"max", std::to_string(max)}}))}});
  if (has_markup(t))
    return Error::validation(
        {{field, sentence(i18n::tr("{what} must be plain text, without HTML such as <script>", {{"what", what}}))}});
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
      return i18n::msg("Waiting to be accepted");
    case State::kAccepted:
      return i18n::msg("Agreed: waiting to happen");
    case State::kDone:
      return i18n::msg("Done: waiting for confirmation");
    case State::kConfirmed:
      return i18n::msg("Confirmed: hours banked");
    case State::kCancelled:
      return i18n::msg("Cancelled");
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
        i18n::tr("This exchange is confirmed and its hours are banked: it cannot change now. A coordinator can "
                 "correct it with a reversing entry."));
  if (e.state == State::kCancelled) return refuse(i18n::tr("This exchange was cancelled."));
  Exchange next = e;
  bool own_confirmed = party == Party::kGiver ? e.giver_confirmed : e.receiver_confirmed;
  switch (action) {
    case Action::kCancel:
      next.state = State::kCancelled;
      return next;
    case Action::kAccept:
      if (e.state != State::kProposed) return refuse(i18n::tr("This exchange has already been accepted."));
      if (party == e.proposed_by) return refuse(i18n::tr("You proposed this exchange: the other person accepts it."));
      next.state = State::kAccepted;
      return next;
    case Action::kDone:
      if (e.state == State::kProposed) return refuse(i18n::tr("This exchange must be accepted before it can be done."));
      if (e.state == State::kDone) return refuse(i18n::tr("This exchange is already marked as done."));
      if (party == Party::kCoordinator) {
        next.state = State::kDone;
        return next;
      }
      next.state = State::kDone;
      (party == Party::kGiver ? next.giver_confirmed : next.receiver_confirmed) = true;
      return next;
    case Action::kConfirm:
      if (e.state != State::kDone) return refuse(i18n::tr("This exchange can be confirmed once it is marked as done."));
      if (party == Party::kCoordinator) {
        next.state = State::kConfirmed;
        return next;
      }
      if (own_confirmed) return refuse(i18n::tr("You have already confirmed this exchange."));
      (party == Party::kGiver ? next.giver_confirmed : next.receiver_confirmed) = true;
      if (next.giver_confirmed && next.receiver_confirmed) next.state = State::kConfirmed;
      return next;
  }
  return refuse(i18n::tr("Unknown action"));
}

Status check_limits(const Side& receiver, const Side& giver, std::int64_t minutes) {
  std::int64_t pays = receiver.balance - minutes, paid = giver.balance + minutes;
  if (receiver.min_balance && pays < *receiver.min_balance)
    return Error{
        "limit",
        i18n::tr("This exchange would take {name}'s balance to {balance}, below {timebank}'s limit of {limit}.",
                 {{"name", receiver.name},
                  {"balance", time_text(pays)},
                  {"timebank", receiver.timebank},
                  {"limit", time_text(*receiver.min_balance)}}),
        {}};
  if (giver.max_balance && paid > *giver.max_balance)
    return Error{"limit",
                 i18n::tr("This exchange would take {name}'s balance to {balance}, above {timebank}'s limit of "
                          "{limit}. They could gift some hours to the timebank first.",
                          {{"name", giver.name},
                           {"balance", time_text(paid)},
                           {"timebank", giver.timebank},
                           {"limit", time_text(*giver.max_balance)}}),
                 {}};
  return Ok{};
}

}  // namespace kith::timebank
