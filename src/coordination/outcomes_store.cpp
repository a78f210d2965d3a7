#include "coordination/outcomes_store.h"

#include "coordination/report_store.h"
#include "core/text.h"

namespace kith::coordination {

namespace {

std::string txt(const store::Row& r, const char* col) {
  auto i = r.index(col);
  return r.is_null(i) ? "" : r.text(i);
}
std::int64_t num(const store::Row& r, const char* col) {
  auto i = r.index(col);
  return r.is_null(i) ? 0 : r.integer(i);
}
double real(const store::Row& r, const char* col) {
  auto i = r.index(col);
  return r.is_null(i) ? 0.0 : r.real(i);
}
store::Value opt(const std::string& s) { return s.empty() ? store::Value(nullptr) : store::Value(s); }
store::Value opt(std::int64_t id) { return id == 0 ? store::Value(nullptr) : store::Value(id); }

constexpr const char* kConnectionColumns =
    "id, target_kind, target_name, service_id, timebank_post_id, gift_board_entry_id, hub_id, service_coordinated, "
    "coordinated_by, took, follow_up_on, note_sealed, created_at, updated_at";

constexpr const char* kUnitCostColumns = "id, name, amount_pence, high_pence, unit, source, year, active";

UnitCost unit_cost_from(const store::Row& r) {
  UnitCost u;
  u.id = num(r, "id");
  u.name = txt(r, "name");
  u.low_pence = num(r, "amount_pence");
  u.high_pence = r.is_null(r.index("high_pence")) ? u.low_pence : num(r, "high_pence");
  u.unit = txt(r, "unit");
  u.source = txt(r, "source");
  u.year = static_cast<int>(num(r, "year"));
  u.active = num(r, "active") != 0;
  return u;
}

}  // namespace

std::vector<Target> CaseOutcomeStore::search_targets(const std::string& q, int limit) {
  std::vector<Target> out;
  std::string pattern = "%" + like_escape(to_lower(trim(q))) + "%";
  for (const auto& r : db_.query("SELECT id, name FROM hsds_service WHERE lower(name) LIKE ? ESCAPE '\\' ORDER BY "
                                 "name, id LIMIT ?",
                                 {pattern, std::int64_t{limit}}))
    out.push_back({"service", txt(r, "id"), txt(r, "name")});
  for (const auto& r : db_.query("SELECT id, title FROM timebank_posts WHERE side = 'offer' AND status = 'open' AND "
                                 "lower(title) LIKE ? ESCAPE '\\' ORDER BY title, id LIMIT ?",
                                 {pattern, std::int64_t{limit}}))
    out.push_back({"timebank-offer", std::to_string(num(r, "id")), txt(r, "title")});
  for (const auto& r : db_.query("SELECT id, category, description FROM gift_board_entries WHERE side = 'gift' AND "
                                 "(lower(description) LIKE ? ESCAPE '\\' OR lower(category) LIKE ? ESCAPE '\\') "
                                 "ORDER BY id LIMIT ?",
                                 {pattern, pattern, std::int64_t{limit}}))
    out.push_back({"gift-match", std::to_string(num(r, "id")), txt(r, "category") + ": " + txt(r, "description")});
  for (const auto& r : db_.query("SELECT id, name FROM hubs WHERE lower(name) LIKE ? ESCAPE '\\' ORDER BY name, id "
                                 "LIMIT ?",
                                 {pattern, std::int64_t{limit}}))
    out.push_back({"hub", std::to_string(num(r, "id")), txt(r, "name")});
  return out;
}

std::optional<std::string> CaseOutcomeStore::target_name(const std::string& kind, const std::string& id) {
  std::optional<store::Row> r;
  if (kind == "service")
    r = db_.query_one("SELECT name AS n FROM hsds_service WHERE id = ?", {id});
  else if (auto n = parse_int(id); n && kind == "timebank-offer")
    r = db_.query_one("SELECT title AS n FROM timebank_posts WHERE id = ?", {*n});
  else if (n && kind == "gift-match")
    r = db_.query_one("SELECT category || ': ' || description AS n FROM gift_board_entries WHERE id = ?", {*n});
  else if (n && kind == "hub")
    r = db_.query_one("SELECT name AS n FROM hubs WHERE id = ?", {*n});
  if (!r) return std::nullopt;
  return txt(*r, "n");
}

std::vector<Connection> CaseOutcomeStore::connections(std::int64_t case_id) {
  std::vector<Connection> out;
  for (const auto& r : db_.query(std::string("SELECT ") + kConnectionColumns +
                                     " FROM coord_connections WHERE case_id = ? ORDER BY created_at, id",
                                 {case_id})) {
    Connection c;
    c.id = num(r, "id");
    c.in.target_kind = txt(r, "target_kind");
    c.in.target_name = txt(r, "target_name");
    c.in.service_id = txt(r, "service_id");
    c.in.timebank_post_id = num(r, "timebank_post_id");
    c.in.gift_board_entry_id = num(r, "gift_board_entry_id");
    c.in.hub_id = num(r, "hub_id");
    c.in.service_coordinated = num(r, "service_coordinated") != 0;
    c.in.coordinated_by = txt(r, "coordinated_by");
    c.in.took = txt(r, "took");
    c.in.follow_up_on = txt(r, "follow_up_on");
    auto note = txt(r, "note_sealed");
    c.in.note = note.empty() ? "" : key_.open_or_throw(note);
    c.created_at = txt(r, "created_at");
    c.updated_at = txt(r, "updated_at");
    out.push_back(std::move(c));
  }
  return out;
}

std::int64_t CaseOutcomeStore::add_connection(std::int64_t case_id, const ConnectionInput& c, std::int64_t by,
                                              const std::string& now) {
  return db_
      .query_one(
          "INSERT INTO coord_connections (case_id, target_kind, service_id, timebank_post_id, gift_board_entry_id, "
          "hub_id, target_name, service_coordinated, coordinated_by, took, follow_up_on, note_sealed, created_by, "
          "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {case_id, c.target_kind, opt(c.service_id), opt(c.timebank_post_id), opt(c.gift_board_entry_id),
           opt(c.hub_id), c.target_name, std::int64_t{c.service_coordinated ? 1 : 0}, c.coordinated_by, c.took,
           opt(c.follow_up_on), c.note.empty() ? store::Value(nullptr) : store::Value(key_.seal(c.note)), by, now, now})
      ->integer(0);
}

std::optional<std::int64_t> CaseOutcomeStore::case_of_connection(std::int64_t id) {
  auto r = db_.query_one("SELECT case_id FROM coord_connections WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return r->integer(0);
}

void CaseOutcomeStore::set_took(std::int64_t id, const std::string& took, const std::string& follow_up_on,
                                const std::string& now) {
  db_.exec("UPDATE coord_connections SET took = ?, follow_up_on = ?, updated_at = ? WHERE id = ?",
           {took, opt(follow_up_on), now, id});
}

std::int64_t CaseOutcomeStore::follow_ups_due(std::int64_t coordinator, const std::string& today) {
  return db_.scalar(
      "SELECT COUNT(*) FROM coord_connections n JOIN coord_cases c ON c.id = n.case_id WHERE c.coordinator_user = ? "
      "AND c.status IN ('allocated', 'active') AND n.follow_up_on IS NOT NULL AND n.follow_up_on <= ?",
      {coordinator, today});
}

std::vector<Measure> CaseOutcomeStore::measures(std::int64_t case_id) {
  std::vector<Measure> out;
  for (const auto& r : db_.query("SELECT id, instrument, occasion, taken_on, total FROM coord_wellbeing WHERE case_id "
                                 "= ? ORDER BY taken_on, id",
                                 {case_id})) {
    Measure m;
    m.id = num(r, "id");
    m.instrument = txt(r, "instrument");
    m.occasion = txt(r, "occasion");
    m.taken_on = txt(r, "taken_on");
    if (!r.is_null(r.index("total"))) m.total = real(r, "total");
    out.push_back(std::move(m));
  }
  for (auto& m : out)
    for (const auto& r : db_.query("SELECT item, score FROM coord_wellbeing_items WHERE measure_id = ?", {m.id}))
      m.items[txt(r, "item")] = static_cast<int>(num(r, "score"));
  return out;
}

std::int64_t CaseOutcomeStore::add_measure(std::int64_t case_id, const Measure& m, std::int64_t by,
                                           const std::string& now) {
  auto id = db_.query_one(
                   "INSERT INTO coord_wellbeing (case_id, instrument, occasion, taken_on, total, recorded_by, "
                   "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   {case_id, m.instrument, m.occasion, m.taken_on,
                    m.total ? store::Value(*m.total) : store::Value(nullptr), by, now})
                ->integer(0);
  for (const auto& [item, score] : m.items)
    db_.exec("INSERT INTO coord_wellbeing_items (measure_id, item, score) VALUES (?, ?, ?)",
             {id, item, std::int64_t{score}});
  ReportStore(db_).recount_wellbeing(case_id);
  return id;
}

std::vector<UnitCost> CaseOutcomeStore::unit_costs(bool active_only) {
  std::vector<UnitCost> out;
  for (const auto& r : db_.query(std::string("SELECT ") + kUnitCostColumns + " FROM coord_unit_costs" +
                                 (active_only ? " WHERE active = 1" : "") + " ORDER BY name, id"))
    out.push_back(unit_cost_from(r));
  return out;
}

std::optional<UnitCost> CaseOutcomeStore::unit_cost(std::int64_t id) {
  auto r = db_.query_one(std::string("SELECT ") + kUnitCostColumns + " FROM coord_unit_costs WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return unit_cost_from(*r);
}

std::int64_t CaseOutcomeStore::add_unit_cost(const UnitCost& u, const std::string& now) {
  return db_
      .query_one(
          "INSERT INTO coord_unit_costs (name, amount_pence, high_pence, unit, source, year, active, "
          "created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?) RETURNING id",
          {u.name, u.low_pence, u.high_pence == u.low_pence ? store::Value(nullptr) : store::Value(u.high_pence),
           u.unit, u.source, std::int64_t{u.year}, now})
      ->integer(0);
}

void CaseOutcomeStore::update_unit_cost(const UnitCost& u) {
  db_.exec(
      "UPDATE coord_unit_costs SET name = ?, amount_pence = ?, high_pence = ?, unit = ?, source = ?, year = ?, "
      "active = ? WHERE id = ?",
      {u.name, u.low_pence, u.high_pence == u.low_pence ? store::Value(nullptr) : store::Value(u.high_pence), u.unit,
       u.source, std::int64_t{u.year}, std::int64_t{u.active ? 1 : 0}, u.id});
}

std::vector<CostRecord> CaseOutcomeStore::costs(std::int64_t case_id) {
  std::vector<CostRecord> out;
  for (const auto& r : db_.query("SELECT a.id AS cost_id, a.units_each, a.times_per_year, a.months, a.confidence, "
                                 "a.note_sealed, u.id, u.name, u.amount_pence, u.high_pence, u.unit, u.source, "
                                 "u.year, u.active FROM coord_cost_avoided a JOIN coord_unit_costs u ON u.id = "
                                 "a.unit_cost_id WHERE a.case_id = ? ORDER BY a.id",
                                 {case_id})) {
    CostRecord c;
    c.id = num(r, "cost_id");
    c.line.unit = unit_cost_from(r);
    c.line.units_each = real(r, "units_each");
    c.line.times_per_year = real(r, "times_per_year");
    c.line.months = real(r, "months");
    c.line.confidence = txt(r, "confidence");
    auto note = txt(r, "note_sealed");
    c.note = note.empty() ? "" : key_.open_or_throw(note);
    out.push_back(std::move(c));
  }
  return out;
}

void CaseOutcomeStore::add_cost(std::int64_t case_id, const CostLine& c, const std::string& note, std::int64_t by,
                                const std::string& now) {
  db_.exec(
      "INSERT INTO coord_cost_avoided (case_id, unit_cost_id, what, units_each, times_per_year, months, "
      "confidence, note_sealed, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {case_id, c.unit.id, c.unit.name, c.units_each, c.times_per_year, c.months, c.confidence,
       note.empty() ? store::Value(nullptr) : store::Value(key_.seal(note)), by, now});
}

std::vector<Reason> CaseOutcomeStore::close_reasons(bool active_only) {
  std::vector<Reason> out;
  for (const auto& r : db_.query(std::string("SELECT key, label FROM coord_close_reasons") +
                                 (active_only ? " WHERE active = 1" : "") + " ORDER BY position, key"))
    out.push_back({txt(r, "key"), txt(r, "label")});
  return out;
}

void CaseOutcomeStore::add_close_reason(const std::string& key, const std::string& label) {
  db_.exec(
      "INSERT INTO coord_close_reasons (key, label, position, active) VALUES (?, ?, (SELECT COALESCE(MAX(position), "
      "0) + 1 FROM coord_close_reasons), 1)",
      {key, label});
}

void CaseOutcomeStore::set_close_reason_active(const std::string& key, bool active) {
  db_.exec("UPDATE coord_close_reasons SET active = ? WHERE key = ?", {std::int64_t{active ? 1 : 0}, key});
}

std::optional<Closing> CaseOutcomeStore::closing(std::int64_t case_id) {
  auto r = db_.query_one(
      "SELECT c.reason, r.label, c.told_referrer, c.message_to_referrer_sealed, c.closed_at FROM "
      "coord_closings c JOIN coord_close_reasons r ON r.key = c.reason WHERE c.case_id = ?",
      {case_id});
  if (!r) return std::nullopt;
  Closing c;
  c.reason = txt(*r, "reason");
  c.reason_label = txt(*r, "label");
  c.told_referrer = num(*r, "told_referrer") != 0;
  auto m = txt(*r, "message_to_referrer_sealed");
  c.message = m.empty() ? "" : key_.open_or_throw(m);
  c.closed_at = txt(*r, "closed_at");
  return c;
}

void CaseOutcomeStore::close(std::int64_t case_id, const std::string& reason, bool told, const std::string& message,
                             std::int64_t by, const std::string& now, const std::string& retain) {
  db_.exec(
      "INSERT INTO coord_closings (case_id, reason, told_referrer, message_to_referrer_sealed, closed_by, "
      "closed_at) VALUES (?, ?, ?, ?, ?, ?)",
      {case_id, reason, std::int64_t{told ? 1 : 0},
       message.empty() ? store::Value(nullptr) : store::Value(key_.seal(message)), by, now});
  db_.exec("UPDATE coord_cases SET status = 'closed', closed_at = ?, retain_until = ? WHERE id = ?",
           {now, retain, case_id});
}

std::vector<Contribution> CaseOutcomeStore::contributions(std::int64_t case_id) {
  std::vector<Contribution> out;
  for (const auto& r : db_.query("SELECT id, kind, what, hours, started_on, timebank_post_id, story_id FROM "
                                 "coord_contributions WHERE case_id = ? ORDER BY id",
                                 {case_id})) {
    Contribution c;
    c.id = num(r, "id");
    c.in.kind = txt(r, "kind");
    c.in.what = txt(r, "what");
    c.in.hours = real(r, "hours");
    c.in.started_on = txt(r, "started_on");
    c.in.timebank_post_id = num(r, "timebank_post_id");
    c.in.story_id = num(r, "story_id");
    out.push_back(std::move(c));
  }
  return out;
}

void CaseOutcomeStore::add_contribution(std::int64_t case_id, const ContributionInput& c, std::int64_t by,
                                        const std::string& now) {
  db_.exec(
      "INSERT INTO coord_contributions (case_id, kind, what, hours, started_on, timebank_post_id, story_id, "
      "recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {case_id, c.kind, c.what, c.hours, opt(c.started_on), opt(c.timebank_post_id), opt(c.story_id), by, now});
}

std::int64_t CaseOutcomeStore::add_correction(std::int64_t person, std::int64_t user, const std::string& request,
                                              const std::string& now) {
  return db_
      .query_one(
          "INSERT INTO coord_corrections (person_id, user_id, request_sealed, status, created_at) VALUES (?, ?, "
          "?, 'open', ?) RETURNING id",
          {person, user, key_.seal(request), now})
      ->integer(0);
}

namespace {
Correction correction_from(const store::Row& r, const Key& key) {
  Correction c;
  c.id = num(r, "id");
  c.person_id = num(r, "person_id");
  c.user_id = num(r, "user_id");
  c.request = key.open_or_throw(txt(r, "request_sealed"));
  c.status = txt(r, "status");
  auto resp = txt(r, "response_sealed");
  c.response = resp.empty() ? "" : key.open_or_throw(resp);
  c.created_at = txt(r, "created_at");
  c.decided_at = txt(r, "decided_at");
  return c;
}
constexpr const char* kCorrectionColumns =
    "id, person_id, user_id, request_sealed, status, response_sealed, created_at, decided_at";
}  // namespace

std::vector<Correction> CaseOutcomeStore::corrections(std::int64_t person) {
  std::vector<Correction> out;
  for (const auto& r : db_.query(
           std::string("SELECT ") + kCorrectionColumns + " FROM coord_corrections WHERE person_id = ? ORDER BY id",
           {person}))
    out.push_back(correction_from(r, key_));
  return out;
}

std::optional<Correction> CaseOutcomeStore::correction(std::int64_t id) {
  auto r = db_.query_one(std::string("SELECT ") + kCorrectionColumns + " FROM coord_corrections WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return correction_from(*r, key_);
}

void CaseOutcomeStore::decide_correction(std::int64_t id, const std::string& status, const std::string& response,
                                         std::int64_t by, const std::string& now) {
  db_.exec("UPDATE coord_corrections SET status = ?, response_sealed = ?, decided_by = ?, decided_at = ? WHERE id = ?",
           {status, response.empty() ? store::Value(nullptr) : store::Value(key_.seal(response)), by, now, id});
}

std::int64_t CaseOutcomeStore::open_corrections(std::int64_t coordinator) {
  return db_.scalar(
      "SELECT COUNT(*) FROM coord_corrections k WHERE k.status = 'open' AND k.person_id IN (SELECT "
      "person_id FROM coord_cases WHERE coordinator_user = ?)",
      {coordinator});
}

std::vector<ClosedCase> CaseOutcomeStore::closed_cases() {
  std::vector<ClosedCase> out;
  for (const auto& r : db_.query("SELECT id, person_id, closed_at FROM coord_cases WHERE status = 'closed' AND "
                                 "closed_at IS NOT NULL ORDER BY closed_at, id"))
    out.push_back({num(r, "id"), num(r, "person_id"), txt(r, "closed_at")});
  return out;
}

std::int64_t CaseOutcomeStore::erase_case(std::int64_t case_id, std::int64_t person_id) {
  // Children first, in the order the foreign keys need.
  static const char* by_case[] = {
      "DELETE FROM coord_wellbeing_change WHERE case_id = ?",
      "DELETE FROM coord_wellbeing_items WHERE measure_id IN (SELECT id FROM coord_wellbeing WHERE case_id = ?)",
      "DELETE FROM coord_wellbeing WHERE case_id = ?",
      "DELETE FROM coord_steps WHERE goal_id IN (SELECT id FROM coord_goals WHERE case_id = ?)",
      "DELETE FROM coord_goals WHERE case_id = ?",
      "DELETE FROM coord_conversations WHERE case_id = ?",
      "DELETE FROM coord_strengths WHERE case_id = ?",
      "DELETE FROM coord_contacts WHERE case_id = ?",
      // What a hub was told the person is coming (a first name and needs) goes with them.
      "DELETE FROM hub_referrals WHERE coord_connection_id IN (SELECT id FROM coord_connections WHERE case_id = ?)",
      "DELETE FROM coord_connections WHERE case_id = ?",
      "DELETE FROM coord_cost_avoided WHERE case_id = ?",
      "DELETE FROM coord_closings WHERE case_id = ?",
      "DELETE FROM coord_contributions WHERE case_id = ?",
      "DELETE FROM coord_allocations WHERE case_id = ?",
      "DELETE FROM coord_referrals WHERE case_id = ?",
      "DELETE FROM coord_cases WHERE id = ?",
  };
  std::int64_t n = 0;
  for (const char* sql : by_case) n += db_.exec(sql, {case_id});
  if (db_.scalar("SELECT COUNT(*) FROM coord_cases WHERE person_id = ?", {person_id}) == 0) {
    // Referrals elsewhere that only flagged this person as a possible duplicate keep
    // their own rows; the flag goes.
    db_.exec("UPDATE coord_referrals SET possible_duplicate_of = NULL WHERE possible_duplicate_of = ?", {person_id});
    static const char* by_person[] = {
        "DELETE FROM coord_record_reads WHERE person_id = ?",
        "DELETE FROM coord_break_glass WHERE person_id = ?",
        "DELETE FROM coord_corrections WHERE person_id = ?",
        "DELETE FROM coord_people WHERE id = ?",
    };
    for (const char* sql : by_person) n += db_.exec(sql, {person_id});
  }
  return n;
}

}  // namespace kith::coordination
