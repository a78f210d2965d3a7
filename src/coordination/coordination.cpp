#include "coordination/coordination.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "areas/areas.h"
#include "core/clock.h"
#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::coordination {

bool one_of(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

namespace {

bool looks_like_email(const std::string& e) {
  auto at = e.find('@');
  return at != std::string::npos && at > 0 && e.find('.', at) != std::string::npos &&
         e.find(' ') == std::string::npos && e.back() != '.';
}

}  // namespace

std::string snomed_term(const std::string& code) {
  if (code == kSnomedAccepted) return "Referral to social prescribing service";
  if (code == kSnomedDeclined) return "Social prescribing declined";
  return "";
}

// The reasons migration 0025 seeds, for the message catalogues: a place's own are said as
// written, these in the reader's language (coordination_http.cpp's reason_choices).
[[maybe_unused]] constexpr const char* kSeededReasons[] = {i18n::msg("Loneliness or isolation"),
                                                           i18n::msg("Low mood, stress or anxiety"),
                                                           i18n::msg("Money, debt or benefits"),
                                                           i18n::msg("Housing"),
                                                           i18n::msg("Caring for someone"),
                                                           i18n::msg("Living with a long-term condition"),
                                                           i18n::msg("Bereavement"),
                                                           i18n::msg("Work, training or volunteering"),
                                                           i18n::msg("Wanting to be more active"),
                                                           i18n::msg("Food"),
                                                           i18n::msg("Something else")};

const std::vector<std::string>& sources() {
  static const std::vector<std::string> all = {"self", "gp", "councillor", "housing", "agency", "other"};
  return all;
}
const std::vector<std::string>& urgencies() {
  static const std::vector<std::string> all = {"routine", "soon", "urgent"};
  return all;
}

std::string normalise_name(const std::string& name) {
  std::string out;
  bool space = false;
  for (unsigned char c : name) {
    if (std::isalnum(c) || c >= 0x80) {
      if (space && !out.empty()) out += ' ';
      out += static_cast<char>(std::tolower(c));
      space = false;
    } else if (std::isspace(c) || c == '-') {
      space = true;
    }
  }
  return out;
}

std::string normalise_phone(const std::string& phone) {
  std::string digits;
  for (unsigned char c : phone)
    if (std::isdigit(c)) digits += static_cast<char>(c);
  if (starts_with(digits, "44") && digits.size() == 12) digits = "0" + digits.substr(2);
  return digits;
}

std::string normalise_email(const std::string& email) { return to_lower(trim(email)); }

std::string name_dob_key(const std::string& name, const std::string& date_of_birth) {
  return normalise_name(name) + "|" + trim(date_of_birth);
}

Status check_referral(const ReferralInput& in, const std::vector<Reason>& known_reasons, const std::string& today) {
  std::vector<FieldError> e;
  // A person referring themselves is spoken to as "you"; a referrer is asked about "the person".
  const bool self = in.source == "self";
  if (!one_of(sources(), in.source)) e.push_back({"source", "Choose who is making the referral"});
  if (in.source != "self" && trim(in.referrer_org).empty())
    e.push_back({"referrer_org", "Enter the practice, office or organisation making the referral"});
  if (normalise_name(in.name).empty())
    e.push_back(
        {"name", self ? i18n::msg("Enter your full name") : i18n::msg("Enter the name of the person being referred")});
  else if (in.name.size() > 200)
    e.push_back({"name", "Name must be 200 characters or fewer"});
  if (in.date_of_birth.empty())
    e.push_back(
        {"date_of_birth", self ? i18n::msg("Enter your date of birth") : i18n::msg("Enter their date of birth")});
  else if (in.date_of_birth.size() != 10 || in.date_of_birth[4] != '-' || in.date_of_birth[7] != '-')
    e.push_back({"date_of_birth", "Enter the date of birth as YYYY-MM-DD, like 1960-03-27"});
  else if (!is_iso_date(in.date_of_birth))
    e.push_back({"date_of_birth", "Date of birth must be a real date"});
  else if (in.date_of_birth > today)
    e.push_back({"date_of_birth", "Date of birth must be in the past"});
  else if (in.date_of_birth < "1900-01-01")
    e.push_back({"date_of_birth", "Date of birth must be after 1 January 1900"});
  const Contact& c = in.contact;
  if (!c.phone.empty()) {
    auto digits = normalise_phone(c.phone);
    if (digits.size() < 10 || digits.size() > 11 || digits[0] != '0')
      e.push_back({"phone", "Enter a UK phone number, like 01632 960 001 or 07700 900 982"});
  }
  if (!c.email.empty() && !looks_like_email(trim(c.email)))
    e.push_back({"email", "Enter an email address in the correct format, like name@example.com"});
  if (!trim(c.postcode).empty() && !areas::normalise_postcode(c.postcode))
    e.push_back({"postcode", "Enter a real postcode, like S1 2HH"});
  if (!c.prefer.empty() && !one_of(std::vector<std::string>{"phone", "email", "post"}, c.prefer))
    e.push_back({"prefer", "Choose phone, email or post"});
  if (c.phone.empty() && c.email.empty() && trim(c.address).empty())
    e.push_back(
        {"contact", "Give at least one safe way to get in touch: a phone number, an email address or an address"});
  if (c.prefer == "phone" && c.phone.empty()) e.push_back({"phone", "Enter the phone number to call"});
  if (c.prefer == "email" && c.email.empty()) e.push_back({"email", "Enter the email address to write to"});
  if (c.prefer == "post" && trim(c.address).empty()) e.push_back({"address", "Enter the address to write to"});
  if (trim(in.what_matters).empty())
    e.push_back({"what_matters", self ? i18n::msg("Say what matters to you and what you would like help with")
                                      : i18n::msg("Say what matters to the person and why they are being referred")});
  else if (in.what_matters.size() > 5000)
    e.push_back({"what_matters", "What matters must be 5,000 characters or fewer"});
  if (in.reasons.empty()) e.push_back({"reasons", "Choose at least one reason"});
  for (const auto& r : in.reasons)
    if (std::none_of(known_reasons.begin(), known_reasons.end(), [&](const Reason& k) { return k.key == r; })) {
      e.push_back({"reasons", "\"" + r + "\" is not one of the reasons listed"});
      break;
    }
  if (!in.consent_contact)
    e.push_back({"consent_contact", self ? i18n::msg("Say whether you agree that a coordinator contacts you")
                                         : i18n::msg("Say whether the person agrees to be contacted")});
  else if (!*in.consent_contact)
    e.push_back({"consent_contact",
                 self ? i18n::msg("We can only help if we may contact you: choose yes to send the form")
                      : i18n::msg("A coordinator can only take a referral the person has agreed to: ask them first, "
                                  "then send it when they say yes")});
  if (!in.consent_share_back)
    e.push_back({"consent_share_back", "Say whether the person agrees that the referrer is told what happens"});
  if (!one_of(urgencies(), in.urgency))
    e.push_back({"urgency", self ? i18n::msg("Choose how soon you need to hear from us")
                                 : i18n::msg("Choose how soon the person needs to hear from us")});
  if (!e.empty()) return Error::validation(std::move(e));
  return Ok{};
}

MatchResult match_referral(const std::vector<Candidate>& candidates) {
  MatchResult out;
  for (const auto& c : candidates)
    // Only the same name and date of birth join a case: a shared phone or email (a
    // household, a carer, a mistake) is left for the coordinator to decide.
    if (c.has_open_case && c.name_dob_matches) return {Match::kJoin, c.person_id};
  for (const auto& c : candidates)
    if (c.name_dob_matches || c.contact_matches || c.name_matches) return {Match::kPossibleDuplicate, c.person_id};
  return out;
}

std::string to_string(CaseStatus s) {
  switch (s) {
    case CaseStatus::kNew:
      return "new";
    case CaseStatus::kAccepted:
      return "accepted";
    case CaseStatus::kAllocated:
      return "allocated";
    case CaseStatus::kActive:
      return "active";
    case CaseStatus::kDeclined:
      return "declined";
    case CaseStatus::kClosed:
      return "closed";
  }
  return "new";
}

std::optional<CaseStatus> case_status_from(const std::string& s) {
  for (auto st : {CaseStatus::kNew, CaseStatus::kAccepted, CaseStatus::kAllocated, CaseStatus::kActive,
                  CaseStatus::kDeclined, CaseStatus::kClosed})
    if (to_string(st) == s) return st;
  return std::nullopt;
}

bool is_open(CaseStatus s) { return s != CaseStatus::kDeclined && s != CaseStatus::kClosed; }

std::vector<CoordinatorLoad> suggest_coordinators(std::vector<CoordinatorLoad> team) {
  std::stable_sort(team.begin(), team.end(), [](const CoordinatorLoad& a, const CoordinatorLoad& b) {
    if (a.covers_lsoa != b.covers_lsoa) return a.covers_lsoa;
    if (a.open_cases != b.open_cases) return a.open_cases < b.open_cases;
    return a.name < b.name;
  });
  return team;
}

// The labels label_of makes of the record's ids (strength kinds, who owns a step, a
// goal's status, contact kinds, measure occasions, confidence), for the catalogues.
[[maybe_unused]] constexpr const char* kIdLabels[] = {
    i18n::msg("Strength"),    i18n::msg("Gift"),       i18n::msg("Interest"),     i18n::msg("Person"),
    i18n::msg("Coordinator"), i18n::msg("Both"),       i18n::msg("Someone else"), i18n::msg("Open"),
    i18n::msg("Met"),         i18n::msg("Partly met"), i18n::msg("Dropped"),      i18n::msg("Face to face"),
    i18n::msg("Home visit"),  i18n::msg("Phone"),      i18n::msg("Video"),        i18n::msg("Text"),
    i18n::msg("Email"),       i18n::msg("Letter"),     i18n::msg("Group"),        i18n::msg("Attempt"),
    i18n::msg("Start"),       i18n::msg("Review"),     i18n::msg("Close"),        i18n::msg("Low"),
    i18n::msg("Medium"),      i18n::msg("High")};

std::string label_of(const std::string& id) {
  std::string s = id;
  std::replace(s.begin(), s.end(), '-', ' ');
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return i18n::tr(s);  // in the reader's language where a catalogue has it (kIdLabels)
}

std::optional<int> wait_days(const std::string& received_at, const std::string& first_contact_at) {
  if (received_at.empty() || first_contact_at.empty()) return std::nullopt;
  auto from = parse_iso_utc(received_at.size() == 10 ? received_at + "T00:00:00Z" : received_at);
  auto to = parse_iso_utc(first_contact_at.size() == 10 ? first_contact_at + "T00:00:00Z" : first_contact_at);
  if (from == 0 || to == 0) return std::nullopt;
  if (to < from) return 0;
  return static_cast<int>((to - from) / 86400);
}

RecordAccess access_to(const Viewer& v, const CaseAccess& c, const std::string& now) {
  if (v.user_id == 0) return RecordAccess::kNone;
  if (c.coordinator_user != 0 && c.coordinator_user == v.user_id) return RecordAccess::kAssigned;
  if (v.is_team_lead && c.team_id != 0 &&
      std::find(v.lead_of_teams.begin(), v.lead_of_teams.end(), c.team_id) != v.lead_of_teams.end())
    return RecordAccess::kTeamLead;
  if (c.break_glass_expires_at && now < *c.break_glass_expires_at && (v.is_coordinator || v.is_team_lead))
    return RecordAccess::kBreakGlass;
  return RecordAccess::kNone;
}

std::string break_glass_expiry(const std::string& now) {
  return iso_utc(parse_iso_utc(now) + std::int64_t{kBreakGlassHours} * 3600);
}

Status check_break_glass_reason(const std::string& reason) {
  auto r = trim(reason);
  if (r.size() < 10)
    return Error::validation({{"reason", "Say why you need to open this record now (at least 10 characters)"}});
  if (r.size() > 1000) return Error::validation({{"reason", "The reason must be 1,000 characters or fewer"}});
  return Ok{};
}

const std::vector<std::string>& strength_kinds() {
  static const std::vector<std::string> all = {"strength", "gift", "interest"};
  return all;
}
const std::vector<std::string>& step_owners() {
  static const std::vector<std::string> all = {"person", "coordinator", "both", "someone-else"};
  return all;
}
const std::vector<std::string>& contact_kinds() {
  static const std::vector<std::string> all = {"face-to-face", "home-visit", "phone", "video",  "text",
                                               "email",        "letter",     "group", "attempt"};
  return all;
}

Status check_conversation(const Conversation& c, const std::string& today) {
  std::vector<FieldError> e;
  if (!is_iso_date(c.held_on))
    e.push_back({"held_on", "Enter the date of the conversation"});
  else if (c.held_on > today)
    e.push_back({"held_on", "The conversation's date must be today or in the past"});
  if (trim(c.what_matters).empty()) e.push_back({"what_matters", "Write what matters to the person, in their words"});
  if (trim(c.good_life).empty())
    e.push_back({"good_life", "Write what a good life looks like to them, in their words"});
  if (c.what_matters.size() > 10000 || c.good_life.size() > 10000)
    e.push_back({"what_matters", "Each answer must be 10,000 characters or fewer"});
  if (!e.empty()) return Error::validation(std::move(e));
  return Ok{};
}

Status check_strength(const Strength& s) {
  std::vector<FieldError> e;
  if (!one_of(strength_kinds(), s.kind)) e.push_back({"kind", "Choose a strength, a gift or an interest"});
  if (trim(s.text).empty())
    e.push_back({"text", "Write the strength, gift or interest"});
  else if (s.text.size() > 1000)
    e.push_back({"text", "It must be 1,000 characters or fewer"});
  if (!e.empty()) return Error::validation(std::move(e));
  return Ok{};
}

Status check_goal(const Goal& g, const std::string& today) {
  std::vector<FieldError> e;
  if (trim(g.words).empty())
    e.push_back({"words", "Write the goal in the person's words"});
  else if (g.words.size() > 2000)
    e.push_back({"words", "The goal must be 2,000 characters or fewer"});
  if (!g.review_on.empty() && !is_iso_date(g.review_on))
    e.push_back({"review_on", "Review date must be a real date"});
  else if (!g.review_on.empty() && g.review_on < today)
    e.push_back({"review_on", "Review date must be today or later"});
  if (!e.empty()) return Error::validation(std::move(e));
  return Ok{};
}

Status check_step(const Step& s) {
  std::vector<FieldError> e;
  if (trim(s.text).empty()) e.push_back({"step", "Write the step"});
  if (!one_of(step_owners(), s.owner)) e.push_back({"owner", "Choose who will do it"});
  if (s.owner == "someone-else" && trim(s.owner_name).empty()) e.push_back({"owner_name", "Say who else will do it"});
  if (!s.due_on.empty() && !is_iso_date(s.due_on)) e.push_back({"due_on", "Due date must be a real date"});
  if (!e.empty()) return Error::validation(std::move(e));
  return Ok{};
}

Status check_contact(const ContactRecord& c, const std::string& today) {
  std::vector<FieldError> e;
  if (!one_of(contact_kinds(), c.kind)) e.push_back({"kind", "Choose how you were in contact"});
  if (!is_iso_date(c.contact_on))
    e.push_back({"contact_on", "Enter the date of the contact"});
  else if (c.contact_on > today)
    e.push_back({"contact_on", "The contact's date must be today or in the past"});
  if (c.minutes < 0 || c.minutes > 24 * 60) e.push_back({"minutes", "Minutes must be between 0 and 1,440"});
  if (c.note.size() > 2000) e.push_back({"note", "The note must be 2,000 characters or fewer"});
  if (!e.empty()) return Error::validation(std::move(e));
  return Ok{};
}

const std::vector<std::string>& ons4_items() {
  static const std::vector<std::string> all = {"life-satisfaction", "worthwhile", "happy", "anxious"};
  return all;
}
const std::vector<std::string>& swemwbs_items() {
  static const std::vector<std::string> all = {
      "optimistic", "useful", "relaxed", "dealing-with-problems", "thinking-clearly", "close-to-others", "own-mind"};
  return all;
}

namespace {
Status check_items(const std::map<std::string, int>& items, const std::vector<std::string>& names, int lo, int hi) {
  std::vector<FieldError> e;
  for (const auto& n : names) {
    auto it = items.find(n);
    if (it == items.end())
      e.push_back({n, "Give a score for this question"});
    else if (it->second < lo || it->second > hi)
      e.push_back({n, "Score must be between " + std::to_string(lo) + " and " + std::to_string(hi)});
  }
  for (const auto& [k, v] : items)
    if (!one_of(names, k)) e.push_back({k, "Not a question of this measure"});
  if (!e.empty()) return Error::validation(std::move(e));
  return Ok{};
}
}  // namespace

Status check_ons4(const std::map<std::string, int>& items) { return check_items(items, ons4_items(), 0, 10); }
Status check_swemwbs(const std::map<std::string, int>& items) { return check_items(items, swemwbs_items(), 1, 5); }

double swemwbs_metric(int raw) {
  static constexpr double kTable[] = {7.00,  9.51,  11.25, 12.40, 13.33, 14.08, 14.75, 15.32, 15.84, 16.36,
                                      16.88, 17.43, 17.98, 18.59, 19.25, 19.98, 20.73, 21.54, 22.35, 23.21,
                                      24.11, 25.03, 26.02, 27.03, 28.13, 29.31, 30.70, 32.55, 35.00};
  raw = std::clamp(raw, 7, 35);
  return kTable[raw - 7];
}

std::int64_t cost_avoided_pence(std::int64_t unit_pence, double times_per_year, double months,
                                const std::string& confidence) {
  double factor = confidence == "high" ? 1.0 : confidence == "medium" ? 0.5 : 0.25;
  return std::llround(static_cast<double>(unit_pence) * times_per_year * (months / 12.0) * factor);
}

}  // namespace kith::coordination
