#include "grants/grant_store.h"

#include "core/clock.h"
#include "core/text.h"
#include "outcomes/outcome_store.h"

namespace kith::grants {

namespace {

constexpr const char* kRoundColumns =
    "SELECT r.id, r.fund_id, f.name, r.name, r.description, r.opens_at, r.closes_at, r.budget, r.min_amount, "
    "r.max_amount, r.area_code, r.kinds, r.match_required, r.match_ratio, r.hour_value_pence, r.decided_at "
    "FROM grant_rounds r JOIN grant_funds f ON f.id = r.fund_id";

constexpr const char* kApplicationColumns =
    "SELECT a.id, a.round_id, a.owner_user, u.display_name, a.group_name, a.group_kind, a.postcode, a.lsoa_code, "
    "w.code, "
    "w.name, a.idea, a.problem, a.who, a.assets, a.lasting, a.costs, a.amount, a.volunteer_hours, "
    "a.materials_value, a.status, a.award_amount, a.conditions, a.feedback, a.sponsor_user, s.display_name, "
    "a.created_at, "
    "a.submitted_at, a.decided_at FROM grant_applications a JOIN users u ON u.id = a.owner_user "
    "LEFT JOIN users s ON s.id = a.sponsor_user LEFT JOIN areas l ON l.code = a.lsoa_code "
    "LEFT JOIN areas w ON w.code = l.parent_code";

}  // namespace

std::vector<Fund> GrantStore::funds() {
  std::vector<Fund> out;
  for (const auto& r : db_.query("SELECT id, name, description, funder_name, funder_id FROM grant_funds ORDER BY id"))
    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4)});
  return out;
}

std::optional<Fund> GrantStore::fund(std::int64_t id) {
  for (auto& f : funds())
    if (f.id == id) return f;
  return std::nullopt;
}

std::int64_t GrantStore::add_fund(const Fund& f) {
  return db_
      .query_one(
          "INSERT INTO grant_funds (name, description, funder_name, funder_id, created_at) VALUES (?, ?, ?, ?, ?) "
          "RETURNING id",
          {f.name, f.description, f.funder_name, f.funder_id, now_iso()})
      ->integer(0);
}

std::vector<Round> GrantStore::rounds() { return load_rounds("ORDER BY r.closes_at DESC, r.id DESC", {}); }

std::vector<Round> GrantStore::load_rounds(const std::string& tail, const store::Params& params) {
  std::vector<Round> out;
  for (const auto& r : db_.query(std::string(kRoundColumns) + " " + tail, params)) {
    Round x;
    x.id = r.integer(0);
    x.fund_id = r.integer(1);
    x.fund_name = r.text(2);
    x.name = r.text(3);
    x.description = r.text(4);
    x.rules.opens_at = r.text(5);
    x.rules.closes_at = r.text(6);
    x.rules.budget = r.integer(7);
    x.rules.min_amount = r.integer(8);
    x.rules.max_amount = r.integer(9);
    x.area_code = r.text(10);
    for (const auto& k : split(r.text(11), ','))
      if (!k.empty()) x.rules.kinds.push_back(k);
    x.rules.match_required = r.integer(12) != 0;
    x.rules.match_ratio = r.real(13);
    x.rules.hour_value_pence = r.integer(14);
    x.decided_at = r.opt_text(15).value_or("");
    for (const auto& c :
         db_.query("SELECT key, name, weight FROM grant_criteria WHERE round_id = ? ORDER BY position", {x.id}))
      x.criteria.push_back({c.text(0), c.text(1), c.real(2)});
    out.push_back(std::move(x));
  }
  return out;
}

std::optional<Round> GrantStore::round(std::int64_t id) {
  auto found = load_rounds("WHERE r.id = ?", {id});
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::int64_t GrantStore::add_round(const Round& r) {
  std::int64_t id =
      db_.query_one(
             "INSERT INTO grant_rounds (fund_id, name, description, opens_at, closes_at, budget, "
             "min_amount, max_amount, area_code, kinds, match_required, match_ratio, hour_value_pence, "
             "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             {r.fund_id, r.name, r.description, r.rules.opens_at, r.rules.closes_at, r.rules.budget, r.rules.min_amount,
              r.rules.max_amount, r.area_code, join(r.rules.kinds, ","), std::int64_t{r.rules.match_required ? 1 : 0},
              r.rules.match_ratio, r.rules.hour_value_pence, now_iso()})
          ->integer(0);
  std::int64_t position = 0;
  for (const auto& c : r.criteria)
    db_.exec("INSERT INTO grant_criteria (round_id, key, name, weight, position) VALUES (?, ?, ?, ?, ?)",
             {id, c.key, c.name, c.weight, ++position});
  return id;
}

void GrantStore::mark_decided(std::int64_t round) {
  db_.exec("UPDATE grant_rounds SET decided_at = ? WHERE id = ?", {now_iso(), round});
}

void GrantStore::mark_undecided(std::int64_t round) {
  db_.exec("UPDATE grant_rounds SET decided_at = NULL WHERE id = ?", {round});
}

std::vector<Application> GrantStore::load(const std::string& where, const store::Params& params) {
  std::vector<Application> out;
  for (const auto& r : db_.query(std::string(kApplicationColumns) + " " + where, params)) {
    Application a;
    a.id = r.integer(0);
    a.round_id = r.integer(1);
    a.owner_user = r.integer(2);
    a.owner_name = r.text(3);
    a.canvas.group_name = r.text(4);
    a.canvas.group_kind = r.text(5);
    a.postcode = r.text(6);
    a.lsoa_code = r.opt_text(7).value_or("");
    a.ward_code = r.opt_text(8).value_or("");
    a.ward_name = r.opt_text(9).value_or("");
    a.canvas.idea = r.text(10);
    a.canvas.problem = r.text(11);
    a.canvas.who = r.text(12);
    a.canvas.assets = r.text(13);
    a.canvas.lasting = r.text(14);
    a.canvas.costs = r.text(15);
    a.canvas.amount = r.integer(16);
    a.canvas.volunteer_hours = r.integer(17);
    a.canvas.materials_value = r.integer(18);
    a.status = r.text(19);
    a.award_amount = r.opt_integer(20);
    a.conditions = r.text(21);
    a.feedback = r.text(22);
    a.sponsor_user = r.opt_integer(23);
    a.sponsor_name = r.opt_text(24).value_or("");
    a.created_at = r.text(25);
    a.submitted_at = r.opt_text(26).value_or("");
    a.decided_at = r.opt_text(27).value_or("");
    for (const auto& o : outcomes::OutcomeStore(db_).tags("grant-application", std::to_string(a.id)))
      a.canvas.outcomes.push_back(o.slug);
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<Application> GrantStore::applications(std::int64_t round) {
  return load("WHERE a.round_id = ? ORDER BY a.id", {round});
}

bool GrantStore::has_applications(std::int64_t user) {
  return db_.scalar(
             "SELECT COUNT(*) FROM grant_applications a WHERE a.owner_user = ? OR a.id IN "
             "(SELECT application_id FROM grant_applicants WHERE user_id = ?)",
             {user, user}) > 0;
}

std::vector<Application> GrantStore::applications_of(std::int64_t user) {
  return load(
      "WHERE a.owner_user = ? OR a.id IN (SELECT application_id FROM grant_applicants WHERE user_id = ?) "
      "ORDER BY a.id DESC",
      {user, user});
}

std::optional<Application> GrantStore::application(std::int64_t id) {
  auto found = load("WHERE a.id = ?", {id});
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::int64_t GrantStore::add_application(const Application& a) {
  return db_
      .query_one(
          "INSERT INTO grant_applications (round_id, owner_user, group_name, group_kind, status, created_at) "
          "VALUES (?, ?, ?, ?, 'draft', ?) RETURNING id",
          {a.round_id, a.owner_user, a.canvas.group_name, a.canvas.group_kind, now_iso()})
      ->integer(0);
}

void GrantStore::save_canvas(const Application& a) {
  const Canvas& c = a.canvas;
  db_.exec(
      "UPDATE grant_applications SET group_name = ?, group_kind = ?, postcode = ?, lsoa_code = ?, idea = ?, "
      "problem = ?, who = ?, assets = ?, lasting = ?, costs = ?, amount = ?, volunteer_hours = ?, "
      "materials_value = ? WHERE id = ?",
      {c.group_name, c.group_kind, a.postcode, store::or_null(a.lsoa_code), c.idea, c.problem, c.who, c.assets,
       c.lasting, c.costs, c.amount, c.volunteer_hours, c.materials_value, a.id});
}

void GrantStore::set_status(std::int64_t id, const std::string& status) {
  db_.exec(
      "UPDATE grant_applications SET status = ?, submitted_at = CASE WHEN ? = 'submitted' THEN ? ELSE submitted_at "
      "END WHERE id = ?",
      {status, status, now_iso(), id});
}

bool GrantStore::decide(std::int64_t id, const std::string& status, std::optional<std::int64_t> award,
                        const std::string& conditions, const std::string& feedback) {
  return db_.exec(
             "UPDATE grant_applications SET status = ?, award_amount = ?, conditions = ?, feedback = ?, decided_at = ? "
             "WHERE id = ? AND status = 'submitted'",
             {status, store::or_null(award), conditions, feedback, now_iso(), id}) == 1;
}

bool GrantStore::reopen(std::int64_t id, const std::string& status) {
  return db_.exec(
             "UPDATE grant_applications SET status = 'submitted', award_amount = NULL, conditions = '', feedback = '', "
             "decided_at = NULL WHERE id = ? AND status = ?",
             {id, status}) == 1;
}

void GrantStore::set_sponsor(std::int64_t id, std::int64_t user) {
  db_.exec("UPDATE grant_applications SET sponsor_user = ? WHERE id = ?", {user, id});
}

bool GrantStore::is_applicant(std::int64_t id, std::int64_t user) {
  return db_.scalar(
             "SELECT COUNT(*) FROM grant_applications a WHERE a.id = ? AND (a.owner_user = ? OR EXISTS "
             "(SELECT 1 FROM grant_applicants g WHERE g.application_id = a.id AND g.user_id = ?))",
             {id, user, user}) > 0;
}

void GrantStore::add_applicant(std::int64_t id, std::int64_t user) {
  db_.exec("INSERT INTO grant_applicants (application_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING", {id, user});
}

namespace {

constexpr const char* kCoInvitations =
    "SELECT i.id, i.application_id, i.email, u.display_name AS invited_by_name, a.group_name, i.status, "
    "i.created_at FROM grant_co_invitations i JOIN users u ON u.id = i.invited_by "
    "JOIN grant_applications a ON a.id = i.application_id ";

std::vector<CoInvitation> co_invitations(store::Db& db, const std::string& where, const store::Params& params) {
  std::vector<CoInvitation> out;
  for (const auto& r : db.query(std::string(kCoInvitations) + where, params))
    out.push_back({r.integer(r.index("id")), r.integer(r.index("application_id")), r.text(r.index("email")),
                   r.text(r.index("invited_by_name")), r.text(r.index("group_name")), r.text(r.index("status")),
                   r.text(r.index("created_at"))});
  return out;
}

}  // namespace

bool GrantStore::add_co_invitation(std::int64_t application, const std::string& email, std::int64_t by) {
  return !db_.query(
                 "INSERT INTO grant_co_invitations (application_id, email, invited_by, status, created_at) "
                 "VALUES (?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING RETURNING id",
                 {application, email, by, now_iso()})
              .empty();
}

std::int64_t GrantStore::co_invitation_count(std::int64_t application) {
  return db_.scalar("SELECT COUNT(*) FROM grant_co_invitations WHERE application_id = ?", {application});
}

std::optional<CoInvitation> GrantStore::co_invitation(std::int64_t id) {
  auto found = co_invitations(db_, "WHERE i.id = ?", {id});
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<CoInvitation> GrantStore::co_invitations_of(std::int64_t application) {
  return co_invitations(db_, "WHERE i.application_id = ? ORDER BY i.id", {application});
}

std::vector<CoInvitation> GrantStore::pending_co_invitations_for(const std::string& email) {
  return co_invitations(db_, "WHERE i.email = ? AND i.status = 'pending' ORDER BY i.id", {email});
}

void GrantStore::answer_co_invitation(std::int64_t id, const std::string& status, std::int64_t user) {
  db_.exec("UPDATE grant_co_invitations SET status = ?, answered_at = ?, answered_by = ? WHERE id = ?",
           {status, now_iso(), user, id});
}

std::vector<PanelMember> GrantStore::panel(std::int64_t round) {
  std::vector<PanelMember> out;
  for (const auto& r :
       db_.query("SELECT p.user_id, u.display_name, p.seat FROM grant_panel p JOIN users u ON u.id = p.user_id "
                 "WHERE p.round_id = ? ORDER BY u.display_name",
                 {round}))
    out.push_back({r.integer(0), r.text(1), r.text(2)});
  return out;
}

std::optional<PanelMember> GrantStore::panel_member(std::int64_t round, std::int64_t user) {
  for (auto& m : panel(round))
    if (m.user == user) return m;
  return std::nullopt;
}

void GrantStore::add_panel_member(std::int64_t round, std::int64_t user, const std::string& seat) {
  db_.exec("DELETE FROM grant_panel WHERE round_id = ? AND user_id = ?", {round, user});
  db_.exec("INSERT INTO grant_panel (round_id, user_id, seat) VALUES (?, ?, ?)", {round, user, seat});
}

void GrantStore::assign(std::int64_t application, std::int64_t user) {
  db_.exec("INSERT INTO grant_assignments (application_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
           {application, user});
}

bool GrantStore::assigned(std::int64_t application, std::int64_t user) {
  return db_.scalar("SELECT COUNT(*) FROM grant_assignments WHERE application_id = ? AND user_id = ?",
                    {application, user}) > 0;
}

std::vector<std::int64_t> GrantStore::assignees(std::int64_t application) {
  std::vector<std::int64_t> out;
  for (const auto& r : db_.query("SELECT user_id FROM grant_assignments WHERE application_id = ?", {application}))
    out.push_back(r.integer(0));
  return out;
}

std::vector<std::int64_t> GrantStore::assignments_of(std::int64_t user) {
  std::vector<std::int64_t> out;
  for (const auto& r : db_.query("SELECT g.application_id FROM grant_assignments g JOIN grant_applications a ON "
                                 "a.id = g.application_id WHERE g.user_id = ? AND a.status = 'submitted' "
                                 "ORDER BY g.application_id",
                                 {user}))
    out.push_back(r.integer(0));
  return out;
}

void GrantStore::declare_conflict(std::int64_t application, std::int64_t user, const std::string& reason) {
  db_.exec(
      "INSERT INTO grant_conflicts (application_id, user_id, reason, declared_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT DO NOTHING",
      {application, user, reason, now_iso()});
  db_.exec("DELETE FROM grant_scores WHERE application_id = ? AND user_id = ?", {application, user});
}

std::optional<std::string> GrantStore::conflict(std::int64_t application, std::int64_t user) {
  auto r =
      db_.query_one("SELECT reason FROM grant_conflicts WHERE application_id = ? AND user_id = ?", {application, user});
  if (!r) return std::nullopt;
  return r->text(0);
}

std::vector<Score> GrantStore::scores(std::int64_t application) {
  std::vector<Score> out;
  for (const auto& r : db_.query("SELECT user_id, criterion, score, comment FROM grant_scores WHERE application_id = ? "
                                 "ORDER BY user_id, criterion",
                                 {application}))
    out.push_back({r.integer(0), r.text(1), static_cast<int>(r.integer(2)), r.text(3)});
  return out;
}

void GrantStore::save_score(std::int64_t application, const Score& s) {
  db_.exec("DELETE FROM grant_scores WHERE application_id = ? AND user_id = ? AND criterion = ?",
           {application, s.user, s.criterion});
  db_.exec(
      "INSERT INTO grant_scores (application_id, user_id, criterion, score, comment, scored_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {application, s.user, s.criterion, std::int64_t{s.score}, s.comment, now_iso()});
}

std::vector<Milestone> GrantStore::milestones(std::int64_t application) {
  std::vector<Milestone> out;
  for (const auto& r :
       db_.query("SELECT id, title, due, done_at FROM grant_milestones WHERE application_id = ? ORDER BY due, id",
                 {application}))
    out.push_back({r.integer(0), r.text(1), r.text(2), r.opt_text(3).value_or("")});
  return out;
}

std::int64_t GrantStore::add_milestone(std::int64_t application, const std::string& title, const std::string& due) {
  return db_
      .query_one("INSERT INTO grant_milestones (application_id, title, due) VALUES (?, ?, ?) RETURNING id",
                 {application, title, due})
      ->integer(0);
}

void GrantStore::complete_milestone(std::int64_t application, std::int64_t milestone) {
  db_.exec("UPDATE grant_milestones SET done_at = ? WHERE id = ? AND application_id = ? AND done_at IS NULL",
           {now_iso(), milestone, application});
}

std::optional<Report> GrantStore::report(std::int64_t application) {
  auto r = db_.query_one("SELECT summary, hours_delivered, submitted_at FROM grant_reports WHERE application_id = ?",
                         {application});
  if (!r) return std::nullopt;
  return Report{r->text(0), r->integer(1), r->text(2)};
}

void GrantStore::save_report(std::int64_t application, const Report& r) {
  db_.exec("DELETE FROM grant_reports WHERE application_id = ?", {application});
  db_.exec("INSERT INTO grant_reports (application_id, summary, hours_delivered, submitted_at) VALUES (?, ?, ?, ?)",
           {application, r.summary, r.hours_delivered, now_iso()});
}

}  // namespace kith::grants
