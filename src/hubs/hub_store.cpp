#include "hubs/hub_store.h"

#include "core/clock.h"
#include "core/text.h"

namespace kith::hubs {

namespace {

constexpr const char* kHubColumns =
    "SELECT id, name, location_id, authority_code, address, postcode, summary, getting_there, volunteering, "
    "contact, is_demo, timebank_id, grant_project_id FROM hubs ";

Hub hub_of(const store::Row& r) {
  return Hub{r.integer(0),     r.text(1), r.opt_text(2),      r.opt_text(3).value_or(""),
             r.text(4),        r.text(5), r.text(6),          r.text(7),
             r.text(8),        r.text(9), r.integer(10) != 0, r.opt_integer(11),
             r.opt_integer(12)};
}

store::Value optional_text(const std::optional<std::string>& s) {
  if (!s || s->empty()) return nullptr;
  return *s;
}

store::Value optional_id(const std::optional<std::int64_t>& id) {
  if (!id) return nullptr;
  return *id;
}

constexpr const char* kShiftColumns =
    "SELECT s.id, s.hub_id, s.on_date, s.starts, s.ends, s.role, s.needed, "
    "(SELECT COUNT(*) FROM hub_signups u WHERE u.shift_id = s.id), s.confirmed_at FROM hub_shifts s ";

Shift shift_of(const store::Row& r) {
  return Shift{r.integer(0),
               r.integer(1),
               r.text(2),
               r.text(3),
               r.text(4),
               r.text(5),
               static_cast<int>(r.integer(6)),
               static_cast<int>(r.integer(7)),
               !r.is_null(8)};
}

}  // namespace

std::vector<Hub> HubStore::all() {
  std::vector<Hub> out;
  for (const auto& r : db_.query(std::string(kHubColumns) + "ORDER BY name, id")) out.push_back(hub_of(r));
  return out;
}

std::optional<Hub> HubStore::get(std::int64_t id) {
  auto r = db_.query_one(std::string(kHubColumns) + "WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return hub_of(*r);
}

std::int64_t HubStore::add(const Hub& h) {
  std::string now = now_iso();
  return db_
      .query_one(
          "INSERT INTO hubs (name, location_id, authority_code, address, postcode, summary, getting_there, "
          "volunteering, contact, is_demo, timebank_id, grant_project_id, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {h.name, optional_text(h.location_id), optional_text(h.authority_code), h.address, h.postcode, h.summary,
           h.getting_there, h.volunteering, h.contact, std::int64_t{h.is_demo ? 1 : 0}, optional_id(h.timebank_id),
           optional_id(h.grant_project_id), now, now})
      ->integer(0);
}

void HubStore::update(const Hub& h) {
  db_.exec(
      "UPDATE hubs SET name = ?, location_id = ?, authority_code = ?, address = ?, postcode = ?, summary = ?, "
      "getting_there = ?, volunteering = ?, contact = ?, timebank_id = ?, grant_project_id = ?, updated_at = ? "
      "WHERE id = ?",
      {h.name, optional_text(h.location_id), optional_text(h.authority_code), h.address, h.postcode, h.summary,
       h.getting_there, h.volunteering, h.contact, optional_id(h.timebank_id), optional_id(h.grant_project_id),
       now_iso(), h.id});
}

void HubStore::set_organisers(std::int64_t hub, const std::vector<std::int64_t>& users) {
  db_.exec("DELETE FROM hub_organisers WHERE hub_id = ?", {hub});
  for (auto u : users) add_organiser(hub, u);
}

std::vector<std::string> HubStore::organiser_emails(std::int64_t hub) {
  std::vector<std::string> out;
  for (const auto& r :
       db_.query("SELECT COALESCE(u.email, u.phone) FROM hub_organisers o JOIN users u ON u.id = o.user_id "
                 "WHERE o.hub_id = ? ORDER BY u.email",
                 {hub}))
    out.push_back(r.text(0));
  return out;
}

bool HubStore::location_exists(const std::string& id) {
  return db_.query_one("SELECT 1 FROM hsds_location WHERE id = ?", {id}).has_value();
}

void HubStore::add_organiser(std::int64_t hub, std::int64_t user) {
  db_.exec("INSERT INTO hub_organisers (hub_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING", {hub, user});
}

bool HubStore::is_organiser(std::int64_t hub, std::int64_t user) {
  return db_.query_one("SELECT 1 FROM hub_organisers WHERE hub_id = ? AND user_id = ?", {hub, user}).has_value();
}

std::vector<std::string> HubStore::organiser_names(std::int64_t hub) {
  std::vector<std::string> out;
  for (const auto& r : db_.query("SELECT u.display_name FROM hub_organisers o JOIN users u ON u.id = o.user_id "
                                 "WHERE o.hub_id = ? ORDER BY u.display_name",
                                 {hub}))
    out.push_back(r.text(0));
  return out;
}

std::vector<std::int64_t> HubStore::organised_by(std::int64_t user) {
  std::vector<std::int64_t> out;
  for (const auto& r : db_.query("SELECT hub_id FROM hub_organisers WHERE user_id = ? ORDER BY hub_id", {user}))
    out.push_back(r.integer(0));
  return out;
}

std::vector<Session> HubStore::sessions(std::int64_t hub) {
  std::vector<Session> out;
  for (const auto& r :
       db_.query("SELECT id, weekday, opens, closes FROM hub_opening WHERE hub_id = ? ORDER BY weekday, opens", {hub}))
    out.push_back({r.integer(0), static_cast<int>(r.integer(1)), minutes_of(r.text(2)).value_or(0),
                   minutes_of(r.text(3)).value_or(0)});
  return out;
}

std::int64_t HubStore::add_session(std::int64_t hub, const Session& s) {
  return db_
      .query_one("INSERT INTO hub_opening (hub_id, weekday, opens, closes) VALUES (?, ?, ?, ?) RETURNING id",
                 {hub, std::int64_t{s.weekday}, hhmm(s.opens), hhmm(s.closes)})
      ->integer(0);
}

bool HubStore::remove_session(std::int64_t hub, std::int64_t session) {
  bool there = db_.query_one("SELECT 1 FROM hub_opening WHERE id = ? AND hub_id = ?", {session, hub}).has_value();
  db_.exec("DELETE FROM hub_opening WHERE id = ? AND hub_id = ?", {session, hub});
  return there;
}

std::vector<Closure> HubStore::closures(std::int64_t hub) {
  std::vector<Closure> out;
  for (const auto& r : db_.query("SELECT on_date, reason FROM hub_closures WHERE hub_id = ? ORDER BY on_date", {hub}))
    out.push_back({r.text(0), r.text(1)});
  return out;
}

void HubStore::add_closure(std::int64_t hub, const Closure& c) {
  db_.exec(
      "INSERT INTO hub_closures (hub_id, on_date, reason) VALUES (?, ?, ?) "
      "ON CONFLICT (hub_id, on_date) DO UPDATE SET reason = excluded.reason",
      {hub, c.on_date, c.reason});
}

std::vector<Service> HubStore::services_at(const std::string& location_id) {
  std::vector<Service> out;
  for (const auto& r :
       db_.query("SELECT s.id, s.name, COALESCE(s.description, '') FROM hsds_service_at_location sal "
                 "JOIN hsds_service s ON s.id = sal.service_id WHERE sal.location_id = ? ORDER BY s.name",
                 {location_id}))
    out.push_back({r.text(0), r.text(1), r.text(2)});
  return out;
}

std::vector<Shift> HubStore::shifts(std::int64_t hub, const std::string& from, const std::string& to) {
  std::vector<Shift> out;
  for (const auto& r : db_.query(std::string(kShiftColumns) + "WHERE s.hub_id = ? AND s.on_date >= ? AND s.on_date < ? "
                                                              "ORDER BY s.on_date, s.starts, s.id",
                                 {hub, from, to}))
    out.push_back(shift_of(r));
  return out;
}

std::vector<Shift> HubStore::all_shifts(const std::string& from, const std::string& to) {
  std::vector<Shift> out;
  for (const auto& r : db_.query(
           std::string(kShiftColumns) + "WHERE s.on_date >= ? AND s.on_date < ? ORDER BY s.on_date, s.starts, s.id",
           {from, to}))
    out.push_back(shift_of(r));
  return out;
}

std::optional<Shift> HubStore::shift(std::int64_t id) {
  auto r = db_.query_one(std::string(kShiftColumns) + "WHERE s.id = ?", {id});
  if (!r) return std::nullopt;
  return shift_of(*r);
}

std::int64_t HubStore::add_shift(const Shift& s) {
  return db_
      .query_one(
          "INSERT INTO hub_shifts (hub_id, on_date, starts, ends, role, needed, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {s.hub_id, s.on_date, s.starts, s.ends, s.role, std::int64_t{s.needed}, now_iso()})
      ->integer(0);
}

std::vector<Signup> HubStore::signups(std::int64_t shift) {
  std::vector<Signup> out;
  for (const auto& r :
       db_.query("SELECT u.shift_id, u.user_id, p.display_name, u.attended, u.minutes, u.banked_transfer "
                 "FROM hub_signups u JOIN users p ON p.id = u.user_id WHERE u.shift_id = ? "
                 "ORDER BY u.signed_up_at, u.user_id",
                 {shift})) {
    std::optional<bool> attended;
    if (!r.is_null(3)) attended = r.integer(3) != 0;
    out.push_back({r.integer(0), r.integer(1), r.text(2), attended, static_cast<int>(r.integer(4)), r.opt_integer(5)});
  }
  return out;
}

bool HubStore::signed_up(std::int64_t shift, std::int64_t user) {
  return db_.query_one("SELECT 1 FROM hub_signups WHERE shift_id = ? AND user_id = ?", {shift, user}).has_value();
}

std::vector<Shift> HubStore::shifts_of(std::int64_t user, const std::string& on_date) {
  std::vector<Shift> out;
  for (const auto& r : db_.query(std::string(kShiftColumns) +
                                     "JOIN hub_signups m ON m.shift_id = s.id WHERE m.user_id = ? AND s.on_date = ? "
                                     "ORDER BY s.starts, s.id",
                                 {user, on_date}))
    out.push_back(shift_of(r));
  return out;
}

void HubStore::sign_up(std::int64_t shift, std::int64_t user) {
  db_.exec("INSERT INTO hub_signups (shift_id, user_id, signed_up_at) VALUES (?, ?, ?)", {shift, user, now_iso()});
}

bool HubStore::withdraw(std::int64_t shift, std::int64_t user) {
  bool there = signed_up(shift, user);
  db_.exec("DELETE FROM hub_signups WHERE shift_id = ? AND user_id = ?", {shift, user});
  return there;
}

void HubStore::confirm(std::int64_t shift, const std::vector<std::int64_t>& came, int minutes) {
  db_.exec("UPDATE hub_signups SET attended = 0, minutes = 0 WHERE shift_id = ?", {shift});
  for (auto user : came)
    db_.exec("UPDATE hub_signups SET attended = 1, minutes = ? WHERE shift_id = ? AND user_id = ?",
             {std::int64_t{minutes}, shift, user});
  db_.exec("UPDATE hub_shifts SET confirmed_at = ? WHERE id = ?", {now_iso(), shift});
}

void HubStore::set_banked(std::int64_t shift, std::int64_t user, std::int64_t transfer) {
  db_.exec("UPDATE hub_signups SET banked_transfer = ? WHERE shift_id = ? AND user_id = ?", {transfer, shift, user});
}

std::vector<VolunteerHours> HubStore::hours(std::int64_t hub) {
  std::vector<VolunteerHours> out;
  for (const auto& r :
       db_.query("SELECT u.user_id, p.display_name, COUNT(*), SUM(u.minutes) FROM hub_signups u "
                 "JOIN hub_shifts s ON s.id = u.shift_id JOIN users p ON p.id = u.user_id "
                 "WHERE s.hub_id = ? AND u.attended = 1 GROUP BY u.user_id, p.display_name ORDER BY p.display_name",
                 {hub}))
    out.push_back({r.integer(0), r.text(1), static_cast<int>(r.integer(2)), static_cast<int>(r.integer(3))});
  return out;
}

std::vector<ProjectHours> HubStore::project_hours(std::int64_t project, const std::string& since) {
  std::vector<ProjectHours> out;
  for (const auto& r :
       db_.query("SELECT h.id, h.name, COALESCE(SUM(u.minutes), 0), COUNT(DISTINCT u.user_id) FROM hubs h "
                 "LEFT JOIN hub_shifts s ON s.hub_id = h.id AND s.on_date >= ? "
                 "LEFT JOIN hub_signups u ON u.shift_id = s.id AND u.attended = 1 "
                 "WHERE h.grant_project_id = ? GROUP BY h.id, h.name ORDER BY h.name",
                 {since, project}))
    out.push_back({r.integer(0), r.text(1), r.integer(2), r.integer(3)});
  return out;
}

std::vector<std::pair<std::int64_t, std::string>> HubStore::funded_projects() {
  std::vector<std::pair<std::int64_t, std::string>> out;
  for (const auto& r : db_.query("SELECT a.id, a.group_name, r.name FROM grant_applications a JOIN grant_rounds r ON "
                                 "r.id = a.round_id WHERE a.status IN ('funded', 'funded-with-conditions') "
                                 "ORDER BY a.group_name, a.id"))
    out.emplace_back(r.integer(0), r.text(1) + " (" + r.text(2) + ")");
  return out;
}

std::vector<StoryNear> HubStore::stories_in_ward(const std::string& ward, int limit) {
  std::vector<StoryNear> out;
  for (const auto& r :
       db_.query("SELECT s.id, s.title, COALESCE(s.published_at, ''), s.language FROM stories s JOIN areas l ON l.code "
                 "= s.lsoa_code "
                 "WHERE s.status = 'published' AND l.parent_code = ? ORDER BY s.published_at DESC, s.id DESC LIMIT ?",
                 {ward, std::int64_t{limit}}))
    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3)});
  return out;
}

void HubStore::record_visit(std::int64_t hub, const Visit& v, std::optional<std::int64_t> by) {
  db_.exec(
      "INSERT INTO hub_visits (hub_id, on_date, session, people, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (hub_id, on_date, session) DO UPDATE SET people = excluded.people, "
      "recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
      {hub, v.on_date, v.session, std::int64_t{v.people}, by ? store::Value(*by) : store::Value(nullptr), now_iso()});
}

std::vector<Visit> HubStore::visits(std::int64_t hub) {
  std::vector<Visit> out;
  for (const auto& r :
       db_.query("SELECT on_date, session, people FROM hub_visits WHERE hub_id = ? ORDER BY on_date, session", {hub}))
    out.push_back({r.text(0), r.text(1), static_cast<int>(r.integer(2))});
  return out;
}

std::int64_t HubStore::add_referral(const Referral& r) {
  std::string now = now_iso();
  return db_
      .query_one(
          "INSERT INTO hub_referrals (hub_id, referrer_id, person, needs, note, consent_at, status, is_demo, "
          "created_at, coord_connection_id) VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?) RETURNING id",
          {r.hub_id, store::or_null(r.referrer_id), trim(r.person), join(r.needs, ","), r.note, now,
           std::int64_t{r.is_demo ? 1 : 0}, now, store::or_null(r.connection_id)})
      ->integer(0);
}

std::vector<Referral> HubStore::read_referrals(const std::string& where, const store::Params& params) {
  std::vector<Referral> out;
  for (const auto& r :
       db_.query("SELECT f.id, f.hub_id, f.referrer_id, COALESCE(u.display_name, ''), f.person, f.needs, f.note, "
                 "f.status, f.created_at, f.seen_at, f.is_demo, f.coord_connection_id FROM hub_referrals f "
                 "LEFT JOIN users u ON u.id = f.referrer_id " +
                     where + " ORDER BY f.created_at, f.id",
                 params)) {
    Referral f;
    f.id = r.integer(0);
    f.hub_id = r.integer(1);
    f.referrer_id = r.opt_integer(2);
    f.referrer_name = r.text(3);
    f.person = r.text(4);
    f.needs = split(r.text(5), ',');
    f.note = r.text(6);
    f.consent = true;
    f.status = r.text(7);
    f.created_at = r.text(8);
    f.seen_at = r.opt_text(9).value_or("");
    f.is_demo = r.integer(10) != 0;
    f.connection_id = r.opt_integer(11);
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<Referral> HubStore::referrals_by(std::int64_t referrer) {
  return read_referrals("WHERE f.referrer_id = ?", {referrer});
}

std::vector<Referral> HubStore::referrals(std::int64_t hub, const std::string& status) {
  if (status.empty()) return read_referrals("WHERE f.hub_id = ?", {hub});
  return read_referrals("WHERE f.hub_id = ? AND f.status = ?", {hub, status});
}

std::optional<Referral> HubStore::referral_of_connection(std::int64_t connection) {
  auto found = read_referrals("WHERE f.coord_connection_id = ?", {connection});
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::optional<Referral> HubStore::referral(std::int64_t id) {
  auto found = read_referrals("WHERE f.id = ?", {id});
  if (found.empty()) return std::nullopt;
  return found.front();
}

void HubStore::mark_seen(std::int64_t id) {
  db_.exec("UPDATE hub_referrals SET status = 'seen', seen_at = ? WHERE id = ?", {now_iso(), id});
}

}  // namespace kith::hubs
