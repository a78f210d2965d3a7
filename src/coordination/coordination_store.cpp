#include "coordination/coordination_store.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/text.h"

namespace kith::coordination {

namespace {

constexpr const char* kCaseColumns =
    "c.id, c.person_id, c.team_id, c.status, c.coordinator_user, COALESCE(u.display_name, ''), c.opened_at, "
    "c.accepted_at, c.allocated_at, c.first_contact_at, c.closed_at, c.review_on";

std::string contact_json(const Contact& c) {
  return nlohmann::json{{"phone", c.phone},
                        {"email", c.email},
                        {"address", c.address},
                        {"postcode", c.postcode},
                        {"prefer", c.prefer},
                        {"safe_times", c.safe_times},
                        {"may_leave_message", c.may_leave_message}}
      .dump();
}

Contact contact_from(const std::string& text) {
  Contact c;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return c;
  c.phone = j.value("phone", "");
  c.email = j.value("email", "");
  c.address = j.value("address", "");
  c.postcode = j.value("postcode", "");
  c.prefer = j.value("prefer", "");
  c.safe_times = j.value("safe_times", "");
  c.may_leave_message = j.value("may_leave_message", false);
  return c;
}

store::Params ids(const std::vector<std::int64_t>& v) { return store::Params(v.begin(), v.end()); }
std::string marks(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

}  // namespace

std::string CoordStore::open(const store::Row& r, std::size_t i) const {
  if (r.is_null(i)) return "";
  return key_.open_or_throw(r.text(i));
}

std::vector<Reason> CoordStore::reasons() {
  std::vector<Reason> out;
  for (const auto& r : db_.query("SELECT key, label FROM coord_reasons WHERE active = 1 ORDER BY position, key"))
    out.push_back({r.text(0), r.text(1)});
  return out;
}

std::string CoordStore::lsoa_of_postcode(const std::string& postcode) {
  std::string p;
  for (char c : to_upper(postcode))
    if (c != ' ') p += c;
  if (p.empty()) return "";
  auto r = db_.query_one("SELECT lsoa_code FROM postcodes WHERE postcode = ?", {p});
  return r && !r->is_null(0) ? r->text(0) : "";
}

std::vector<Candidate> CoordStore::candidates(const MatchHashes& h) {
  std::vector<Candidate> out;
  auto rows = db_.query(
      "SELECT p.id, p.match_name_dob, p.match_phone, p.match_email, "
      "(SELECT COUNT(*) FROM coord_cases c WHERE c.person_id = p.id AND c.status NOT IN ('declined', 'closed')) "
      "FROM coord_people p WHERE p.erased_at IS NULL AND (p.match_name_dob = ? OR p.match_phone = ? OR "
      "p.match_email = ?) ORDER BY p.id",
      {store::or_null(h.name_dob), store::or_null(h.phone), store::or_null(h.email)});
  for (const auto& r : rows) {
    Candidate c;
    c.person_id = r.integer(0);
    c.name_dob_matches = !h.name_dob.empty() && r.opt_text(1).value_or("") == h.name_dob;
    c.contact_matches = (!h.phone.empty() && r.opt_text(2).value_or("") == h.phone) ||
                        (!h.email.empty() && r.opt_text(3).value_or("") == h.email);
    c.has_open_case = r.integer(4) > 0;
    out.push_back(c);
  }
  return out;
}

std::int64_t CoordStore::add_person(const Person& p) {
  auto h = match_hashes(key_, p.name, p.date_of_birth, p.contact.phone, p.contact.email);
  return db_
      .query_one(
          "INSERT INTO coord_people (user_id, name_sealed, date_of_birth_sealed, contact_sealed, lsoa_code, "
          "match_name_dob, match_phone, match_email, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {store::or_null(p.user_id), key_.seal(p.name),
           p.date_of_birth.empty() ? store::Value{nullptr} : store::Value{key_.seal(p.date_of_birth)},
           key_.seal(contact_json(p.contact)), store::or_null(p.lsoa_code), store::or_null(h.name_dob),
           store::or_null(h.phone), store::or_null(h.email), p.created_at})
      ->integer(0);
}

std::optional<Person> CoordStore::person(std::int64_t id) {
  auto r = db_.query_one(
      "SELECT p.id, p.user_id, p.name_sealed, p.date_of_birth_sealed, p.contact_sealed, COALESCE(p.lsoa_code, ''), "
      "COALESCE(a.label, a.name, ''), p.created_at FROM coord_people p LEFT JOIN areas a ON a.code = p.lsoa_code "
      "WHERE p.id = ? AND p.erased_at IS NULL",
      {id});
  if (!r) return std::nullopt;
  Person p;
  p.id = r->integer(0);
  p.user_id = r->opt_integer(1);
  p.name = open(*r, 2);
  p.date_of_birth = open(*r, 3);
  p.contact = contact_from(open(*r, 4));
  p.lsoa_code = r->text(5);
  p.lsoa_label = r->text(6);
  p.created_at = r->text(7);
  return p;
}

std::string CoordStore::person_name(std::int64_t id) {
  auto r = db_.query_one("SELECT name_sealed FROM coord_people WHERE id = ?", {id});
  return r ? open(*r, 0) : "";
}

std::optional<std::int64_t> CoordStore::person_of_user(std::int64_t user) {
  auto r = db_.query_one("SELECT id FROM coord_people WHERE user_id = ? ORDER BY id LIMIT 1", {user});
  if (!r) return std::nullopt;
  return r->integer(0);
}

Case CoordStore::case_from(const store::Row& r) {
  Case c;
  c.id = r.integer(0);
  c.person_id = r.integer(1);
  c.team_id = r.opt_integer(2).value_or(0);
  c.status = r.text(3);
  c.coordinator_user = r.opt_integer(4).value_or(0);
  c.coordinator_name = r.text(5);
  c.opened_at = r.text(6);
  c.accepted_at = r.opt_text(7).value_or("");
  c.allocated_at = r.opt_text(8).value_or("");
  c.first_contact_at = r.opt_text(9).value_or("");
  c.closed_at = r.opt_text(10).value_or("");
  c.review_on = r.opt_text(11).value_or("");
  return c;
}

std::vector<Case> CoordStore::cases(const std::string& where, const store::Params& params) {
  std::vector<Case> out;
  for (const auto& r : db_.query(std::string("SELECT ") + kCaseColumns +
                                     " FROM coord_cases c LEFT JOIN users u ON u.id = c.coordinator_user " + where,
                                 params))
    out.push_back(case_from(r));
  return out;
}

std::optional<Case> CoordStore::open_case_of(std::int64_t person) {
  auto c =
      cases("WHERE c.person_id = ? AND c.status NOT IN ('declined', 'closed') ORDER BY c.id DESC LIMIT 1", {person});
  if (c.empty()) return std::nullopt;
  return c.front();
}

std::optional<Case> CoordStore::latest_case_of(std::int64_t person) {
  auto c = cases("WHERE c.person_id = ? ORDER BY c.id DESC LIMIT 1", {person});
  if (c.empty()) return std::nullopt;
  return c.front();
}

std::optional<Case> CoordStore::get_case(std::int64_t id) {
  auto c = cases("WHERE c.id = ?", {id});
  if (c.empty()) return std::nullopt;
  return c.front();
}

std::int64_t CoordStore::add_case(std::int64_t person, std::optional<std::int64_t> team, const std::string& now) {
  return db_
      .query_one("INSERT INTO coord_cases (person_id, team_id, status, opened_at) VALUES (?, ?, 'new', ?) RETURNING id",
                 {person, store::or_null(team), now})
      ->integer(0);
}

void CoordStore::set_case_status(std::int64_t id, const std::string& status, const std::string& column,
                                 const std::string& now) {
  if (column.empty())
    db_.exec("UPDATE coord_cases SET status = ? WHERE id = ?", {status, id});
  else
    db_.exec("UPDATE coord_cases SET status = ?, " + column + " = ? WHERE id = ?", {status, now, id});
}

void CoordStore::allocate(std::int64_t case_id, std::int64_t team, std::int64_t coordinator, std::int64_t by,
                          const std::string& now) {
  db_.exec("UPDATE coord_allocations SET ended_at = ? WHERE case_id = ? AND ended_at IS NULL", {now, case_id});
  db_.exec("INSERT INTO coord_allocations (case_id, coordinator_user, allocated_by, allocated_at) VALUES (?, ?, ?, ?)",
           {case_id, coordinator, by, now});
  db_.exec(
      "UPDATE coord_cases SET team_id = ?, coordinator_user = ?, allocated_at = ?, accepted_at = COALESCE(accepted_at, "
      "?), status = CASE WHEN status = 'active' THEN 'active' ELSE 'allocated' END WHERE id = ?",
      {team, coordinator, now, now, case_id});
}

void CoordStore::first_contact(std::int64_t case_id, const std::string& at) {
  db_.exec(
      "UPDATE coord_cases SET first_contact_at = ?, status = CASE WHEN status = 'allocated' THEN 'active' ELSE status "
      "END WHERE id = ? AND first_contact_at IS NULL",
      {at, case_id});
  db_.exec("UPDATE coord_referrals SET first_contact_at = ? WHERE case_id = ? AND first_contact_at IS NULL",
           {at, case_id});
}

std::vector<Case> CoordStore::queue(const std::vector<std::int64_t>& teams) {
  std::string where = "WHERE c.status IN ('new', 'accepted') AND (c.team_id IS NULL";
  if (!teams.empty()) where += " OR c.team_id IN (" + marks(teams.size()) + ")";
  where += ") ORDER BY c.opened_at, c.id";
  return cases(where, ids(teams));
}

std::vector<Case> CoordStore::caseload(std::int64_t coordinator) {
  return cases("WHERE c.coordinator_user = ? AND c.status IN ('allocated', 'active') ORDER BY c.opened_at, c.id",
               {coordinator});
}

std::int64_t CoordStore::add_referral(const Referral& r) {
  return db_
      .query_one(
          "INSERT INTO coord_referrals (case_id, person_id, source, referrer_user, referrer_org, reasons, "
          "what_matters_sealed, consent_contact, consent_share_back, urgency, status, possible_duplicate_of, "
          "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {r.case_id, r.person_id, r.source, r.referrer_user ? store::Value{r.referrer_user} : store::Value{nullptr},
           r.referrer_org, join(r.reasons, ","), key_.seal(r.what_matters), std::int64_t{r.consent_contact ? 1 : 0},
           std::int64_t{r.consent_share_back ? 1 : 0}, r.urgency, r.status,
           r.possible_duplicate_of ? store::Value{r.possible_duplicate_of} : store::Value{nullptr}, r.received_at})
      ->integer(0);
}

namespace {
constexpr const char* kReferralColumns =
    "id, case_id, person_id, source, referrer_user, referrer_org, reasons, what_matters_sealed, consent_contact, "
    "consent_share_back, urgency, snomed_code, status, decline_reason, possible_duplicate_of, received_at, "
    "first_contact_at, decided_at";
}

std::vector<Referral> CoordStore::referrals_of_case(std::int64_t case_id) {
  std::vector<Referral> out;
  for (const auto& r :
       db_.query(std::string("SELECT ") + kReferralColumns + " FROM coord_referrals WHERE case_id = ? ORDER BY id",
                 {case_id})) {
    Referral f;
    f.id = r.integer(0);
    f.case_id = r.integer(1);
    f.person_id = r.integer(2);
    f.source = r.text(3);
    f.referrer_user = r.opt_integer(4).value_or(0);
    f.referrer_org = r.text(5);
    f.reasons = r.text(6).empty() ? std::vector<std::string>{} : split(r.text(6), ',');
    f.what_matters = open(r, 7);
    f.consent_contact = r.integer(8) != 0;
    f.consent_share_back = r.integer(9) != 0;
    f.urgency = r.text(10);
    f.snomed_code = r.opt_text(11).value_or("");
    f.status = r.text(12);
    f.decline_reason = r.text(13);
    f.possible_duplicate_of = r.opt_integer(14).value_or(0);
    f.received_at = r.text(15);
    f.first_contact_at = r.opt_text(16).value_or("");
    f.decided_at = r.opt_text(17).value_or("");
    out.push_back(std::move(f));
  }
  return out;
}

// For the referrer: never what matters (sealed, the person's words); the rest as listed.
std::vector<Referral> CoordStore::referrals_by(std::int64_t referrer) {
  std::vector<Referral> out;
  for (const auto& r : db_.query(
           "SELECT id, case_id, person_id, source, referrer_org, reasons, consent_share_back, urgency, snomed_code, "
           "status, decline_reason, received_at, first_contact_at, decided_at FROM coord_referrals WHERE "
           "referrer_user = ? ORDER BY received_at DESC, id DESC",
           {referrer})) {
    Referral f;
    f.id = r.integer(0);
    f.case_id = r.integer(1);
    f.person_id = r.integer(2);
    f.source = r.text(3);
    f.referrer_org = r.text(4);
    f.reasons = r.text(5).empty() ? std::vector<std::string>{} : split(r.text(5), ',');
    f.consent_share_back = r.integer(6) != 0;
    f.urgency = r.text(7);
    f.snomed_code = r.opt_text(8).value_or("");
    f.status = r.text(9);
    f.decline_reason = r.text(10);
    f.received_at = r.text(11);
    f.first_contact_at = r.opt_text(12).value_or("");
    f.decided_at = r.opt_text(13).value_or("");
    f.referrer_user = referrer;
    out.push_back(std::move(f));
  }
  return out;
}

void CoordStore::decide_referrals(std::int64_t case_id, const std::string& status, const std::string& snomed,
                                  const std::string& reason, std::int64_t by, const std::string& now) {
  db_.exec(
      "UPDATE coord_referrals SET status = ?, snomed_code = ?, decline_reason = ?, decided_at = ?, decided_by = ? "
      "WHERE case_id = ? AND status IN ('received', 'joined')",
      {status, snomed, reason, now, by, case_id});
}

std::vector<Team> CoordStore::teams() {
  std::vector<Team> out;
  for (const auto& r : db_.query("SELECT id, name FROM coord_teams ORDER BY name"))
    out.push_back({r.integer(0), r.text(1)});
  return out;
}

std::optional<Team> CoordStore::team(std::int64_t id) {
  auto r = db_.query_one("SELECT id, name FROM coord_teams WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return Team{r->integer(0), r->text(1)};
}

std::int64_t CoordStore::add_team(const std::string& name, const std::string& now) {
  return db_.query_one("INSERT INTO coord_teams (name, created_at) VALUES (?, ?) RETURNING id", {name, now})
      ->integer(0);
}

void CoordStore::add_member(std::int64_t team, std::int64_t user, const std::string& role) {
  if (db_.scalar("SELECT COUNT(*) FROM coord_team_members WHERE team_id = ? AND user_id = ? AND role = ?",
                 {team, user, role}) > 0)
    return;
  db_.exec("INSERT INTO coord_team_members (team_id, user_id, role) VALUES (?, ?, ?)", {team, user, role});
}

std::vector<Member> CoordStore::members(std::int64_t team) {
  std::vector<Member> out;
  for (const auto& r : db_.query(
           "SELECT m.user_id, u.display_name, COALESCE(u.email, u.phone), m.role, (SELECT COUNT(*) FROM coord_cases c "
           "WHERE "
           "c.coordinator_user = m.user_id AND c.status IN ('allocated', 'active')) FROM coord_team_members m JOIN "
           "users u ON u.id = m.user_id WHERE m.team_id = ? ORDER BY m.role DESC, u.display_name",
           {team})) {
    Member m;
    m.user_id = r.integer(0);
    m.name = r.text(1);
    m.email = r.text(2);
    m.role = r.text(3);
    m.open_cases = static_cast<int>(r.integer(4));
    m.lsoas = coverage(m.user_id);
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<std::int64_t> CoordStore::teams_led_by(std::int64_t user) {
  std::vector<std::int64_t> out;
  for (const auto& r : db_.query("SELECT team_id FROM coord_team_members WHERE user_id = ? AND role = 'lead'", {user}))
    out.push_back(r.integer(0));
  return out;
}

std::vector<std::int64_t> CoordStore::teams_of_coordinator(std::int64_t user) {
  std::vector<std::int64_t> out;
  for (const auto& r :
       db_.query("SELECT team_id FROM coord_team_members WHERE user_id = ? AND role = 'coordinator'", {user}))
    out.push_back(r.integer(0));
  return out;
}

void CoordStore::set_coverage(std::int64_t user, const std::vector<std::string>& lsoas) {
  db_.exec("DELETE FROM coord_coverage WHERE user_id = ?", {user});
  for (const auto& l : lsoas) db_.exec("INSERT INTO coord_coverage (user_id, lsoa_code) VALUES (?, ?)", {user, l});
}

std::vector<std::string> CoordStore::coverage(std::int64_t user) {
  std::vector<std::string> out;
  for (const auto& r : db_.query("SELECT lsoa_code FROM coord_coverage WHERE user_id = ? ORDER BY lsoa_code", {user}))
    out.push_back(r.text(0));
  return out;
}

std::optional<std::int64_t> CoordStore::team_covering(const std::string& lsoa) {
  if (lsoa.empty()) return std::nullopt;
  auto r = db_.query_one(
      "SELECT m.team_id FROM coord_coverage v JOIN coord_team_members m ON m.user_id = v.user_id AND m.role = "
      "'coordinator' WHERE v.lsoa_code = ? ORDER BY m.team_id LIMIT 1",
      {lsoa});
  if (!r) return std::nullopt;
  return r->integer(0);
}

std::vector<Conversation> CoordStore::conversations(std::int64_t case_id) {
  std::vector<Conversation> out;
  for (const auto& r : db_.query(
           "SELECT c.id, c.held_on, c.what_matters_sealed, c.good_life_sealed, u.display_name FROM coord_conversations "
           "c JOIN users u ON u.id = c.recorded_by WHERE c.case_id = ? ORDER BY c.held_on DESC, c.id DESC",
           {case_id}))
    out.push_back({r.integer(0), r.text(1), open(r, 2), open(r, 3), r.text(4)});
  return out;
}

void CoordStore::add_conversation(std::int64_t case_id, const Conversation& c, std::int64_t by,
                                  const std::string& now) {
  db_.exec(
      "INSERT INTO coord_conversations (case_id, held_on, what_matters_sealed, good_life_sealed, recorded_by, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?)",
      {case_id, c.held_on, key_.seal(c.what_matters), key_.seal(c.good_life), by, now});
}

std::vector<Strength> CoordStore::strengths(std::int64_t case_id) {
  std::vector<Strength> out;
  for (const auto& r :
       db_.query("SELECT id, kind, text_sealed, gift_board_ok FROM coord_strengths WHERE case_id = ? ORDER BY kind, id",
                 {case_id}))
    out.push_back({r.integer(0), r.text(1), open(r, 2), r.integer(3) != 0});
  return out;
}

void CoordStore::add_strength(std::int64_t case_id, const Strength& s, std::int64_t by, const std::string& now) {
  db_.exec(
      "INSERT INTO coord_strengths (case_id, kind, text_sealed, gift_board_ok, recorded_by, created_at) VALUES (?, ?, "
      "?, ?, ?, ?)",
      {case_id, s.kind, key_.seal(s.text), std::int64_t{s.gift_board_ok ? 1 : 0}, by, now});
}

std::vector<Goal> CoordStore::goals(std::int64_t case_id) {
  std::vector<Goal> out;
  for (const auto& r :
       db_.query("SELECT id, words_sealed, status, COALESCE(review_on, '') FROM coord_goals WHERE case_id = ? ORDER BY "
                 "position, id",
                 {case_id})) {
    Goal g{r.integer(0), open(r, 1), r.text(2), r.text(3), {}};
    for (const auto& s : db_.query(
             "SELECT id, text_sealed, owner, owner_name, COALESCE(due_on, ''), COALESCE(done_at, '') FROM coord_steps "
             "WHERE goal_id = ? ORDER BY id",
             {g.id}))
      g.steps.push_back({s.integer(0), open(s, 1), s.text(2), s.text(3), s.text(4), s.text(5)});
    out.push_back(std::move(g));
  }
  return out;
}

std::int64_t CoordStore::add_goal(std::int64_t case_id, const Goal& g, std::int64_t by, const std::string& now) {
  auto id = db_.query_one(
                   "INSERT INTO coord_goals (case_id, words_sealed, status, review_on, position, created_by, "
                   "created_at, updated_at) VALUES (?, ?, 'open', ?, (SELECT COUNT(*) FROM coord_goals WHERE case_id "
                   "= ?), ?, ?, ?) RETURNING id",
                   {case_id, key_.seal(g.words), store::or_null(g.review_on), case_id, by, now, now})
                ->integer(0);
  if (!g.review_on.empty())
    db_.exec(
        "UPDATE coord_cases SET review_on = (SELECT MIN(review_on) FROM coord_goals WHERE case_id = ? AND status = "
        "'open') WHERE id = ?",
        {case_id, case_id});
  return id;
}

std::optional<std::int64_t> CoordStore::case_of_goal(std::int64_t goal) {
  auto r = db_.query_one("SELECT case_id FROM coord_goals WHERE id = ?", {goal});
  if (!r) return std::nullopt;
  return r->integer(0);
}

void CoordStore::add_step(std::int64_t goal, const Step& s, const std::string& now) {
  db_.exec(
      "INSERT INTO coord_steps (goal_id, text_sealed, owner, owner_name, due_on, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      {goal, key_.seal(s.text), s.owner, s.owner_name, store::or_null(s.due_on), now});
}

std::vector<ContactRecord> CoordStore::contacts(std::int64_t case_id) {
  std::vector<ContactRecord> out;
  for (const auto& r : db_.query(
           "SELECT c.id, c.kind, c.contact_on, c.minutes, c.place, c.note_sealed, u.display_name FROM coord_contacts "
           "c JOIN users u ON u.id = c.recorded_by WHERE c.case_id = ? ORDER BY c.contact_on DESC, c.id DESC",
           {case_id}))
    out.push_back(
        {r.integer(0), r.text(1), r.text(2), static_cast<int>(r.integer(3)), r.text(4), open(r, 5), r.text(6)});
  return out;
}

void CoordStore::add_contact(std::int64_t case_id, const ContactRecord& c, std::int64_t by, const std::string& now) {
  db_.exec(
      "INSERT INTO coord_contacts (case_id, kind, contact_on, minutes, place, note_sealed, recorded_by, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {case_id, c.kind, c.contact_on, std::int64_t{c.minutes}, c.place,
       c.note.empty() ? store::Value{nullptr} : store::Value{key_.seal(c.note)}, by, now});
}

std::optional<BreakGlass> CoordStore::open_break_glass(std::int64_t person, std::int64_t user, const std::string& now) {
  auto r = db_.query_one(
      "SELECT b.id, b.person_id, b.user_id, u.display_name, b.reason, b.opened_at, b.expires_at FROM "
      "coord_break_glass b JOIN users u ON u.id = b.user_id WHERE b.person_id = ? AND b.user_id = ? AND b.expires_at "
      "> ? ORDER BY b.expires_at DESC LIMIT 1",
      {person, user, now});
  if (!r) return std::nullopt;
  return BreakGlass{r->integer(0), r->integer(1), r->integer(2), r->text(3), r->text(4), r->text(5), r->text(6)};
}

std::int64_t CoordStore::add_break_glass(std::int64_t person, std::int64_t user, const std::string& reason,
                                         const std::string& now, const std::string& expires) {
  return db_
      .query_one(
          "INSERT INTO coord_break_glass (person_id, user_id, reason, opened_at, expires_at) VALUES (?, ?, ?, ?, ?) "
          "RETURNING id",
          {person, user, reason, now, expires})
      ->integer(0);
}

std::vector<BreakGlass> CoordStore::break_glass_for_teams(const std::vector<std::int64_t>& teams) {
  std::vector<BreakGlass> out;
  if (teams.empty()) return out;
  // Break glass by anyone on the team's records, and by the team's own members anywhere.
  std::string in = marks(teams.size());
  store::Params p = ids(teams);
  store::Params p2 = ids(teams);
  p.insert(p.end(), p2.begin(), p2.end());
  for (const auto& r :
       db_.query("SELECT b.id, b.person_id, b.user_id, u.display_name, b.reason, b.opened_at, b.expires_at FROM "
                 "coord_break_glass b JOIN users u ON u.id = b.user_id WHERE b.person_id IN (SELECT person_id FROM "
                 "coord_cases WHERE team_id IN (" +
                     in + ")) OR b.user_id IN (SELECT user_id FROM coord_team_members WHERE team_id IN (" + in +
                     ")) ORDER BY b.opened_at DESC LIMIT 200",
                 p))
    out.push_back({r.integer(0), r.integer(1), r.integer(2), r.text(3), r.text(4), r.text(5), r.text(6)});
  return out;
}

void CoordStore::record_read(std::int64_t person, std::int64_t reader, const std::string& via,
                             std::optional<std::int64_t> break_glass, const std::string& now) {
  db_.exec(
      "INSERT INTO coord_record_reads (person_id, reader_user, read_at, via, break_glass_id) VALUES (?, ?, ?, ?, ?)",
      {person, reader, now, via, store::or_null(break_glass)});
}

std::vector<Read> CoordStore::reads_of(std::int64_t person, std::int64_t limit, std::int64_t offset) {
  std::vector<Read> out;
  for (const auto& r : db_.query(
           "SELECT u.display_name, r.read_at, r.via, r.break_glass_id FROM coord_record_reads r JOIN users u ON u.id "
           "= r.reader_user WHERE r.person_id = ? ORDER BY r.read_at DESC, r.id DESC LIMIT ? OFFSET ?",
           {person, limit, offset}))
    out.push_back({r.text(0), r.text(1), r.text(2), !r.is_null(3)});
  return out;
}

std::int64_t CoordStore::read_count(std::int64_t person) {
  return db_.scalar("SELECT COUNT(*) FROM coord_record_reads WHERE person_id = ?", {person});
}

}  // namespace kith::coordination
