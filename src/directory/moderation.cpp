#include "directory/moderation.h"

#include <mutex>

#include "accounts/notify.h"
#include "core/clock.h"
#include "core/person_name.h"
#include "core/text.h"
#include "directory/directory_store.h"
#include "directory/importer.h"
#include "i18n/speaking.h"
#include "messages/outbox.h"

namespace kith::directory {

namespace {

constexpr const char* kColumns =
    "id, kind, service_id, proposed, note, contact_name, contact_email, status, reason, created_at, decided_at";

Submission from_row(const store::Row& r) {
  Submission s;
  s.id = r.integer(0);
  s.kind = r.text(1);
  s.service_id = r.opt_text(2).value_or("");
  s.proposed = Json::parse(r.text(3), nullptr, false);
  s.note = r.text(4);
  s.contact_name = r.opt_text(5).value_or("");
  s.contact_email = r.opt_text(6).value_or("");
  s.status = r.text(7);
  s.reason = r.opt_text(8).value_or("");
  s.created_at = r.text(9);
  s.decided_at = r.opt_text(10).value_or("");
  return s;
}

Json audit_view(const Submission& s) {
  return {{"kind", s.kind},
          {"service_id", s.service_id},
          {"proposed", s.proposed},
          {"status", s.status},
          {"reason", s.reason}};
}

std::int64_t insert(store::Db& db, const audit::Actor& actor, const std::string& kind, const std::string& service_id,
                    const Json& proposed, const std::string& note, const std::string& name, const std::string& email) {
  auto row = db.query_one(
      "INSERT INTO directory_submissions (kind, service_id, proposed, note, contact_name, contact_email, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {kind, service_id.empty() ? store::Value{nullptr} : store::Value{service_id}, proposed.dump(), note,
       name.empty() ? store::Value{nullptr} : store::Value{name},
       email.empty() ? store::Value{nullptr} : store::Value{email}, now_iso()});
  std::int64_t id = row->integer(0);
  audit::record(db, actor, "directory.submission.create", "directory_submission", std::to_string(id), nullptr,
                {{"kind", kind}, {"service_id", service_id}, {"proposed", proposed}});
  accounts::notify_roles(db, actor, {"moderator"}, "moderation_waiting",
                         {{"what", kind == "new" ? i18n::msg("A new listing for the directory")
                                                 : i18n::msg("A change to a directory listing")},
                          {"link", "/moderate/directory/" + std::to_string(id)}},
                         "moderation_waiting:directory:" + std::to_string(id));
  return id;
}

// The contact details someone leaves with a suggestion, checked by the listing's rules.
void check_contact(std::vector<FieldError>& errors, const std::string& name, const std::string& email) {
  if (!name.empty())
    if (auto problem = person_name_problem(name, i18n::msg("Your name"))) errors.push_back({"contact_name", *problem});
  if (auto problem = listing_field_problem("contact_email", email))
    errors.push_back({"contact_email", i18n::tr("{problem}, or leave it blank", {{"problem", i18n::tr(*problem)}})});
}

// The problems with the fields a suggested change sets.
std::vector<FieldError> change_problems(const Json& changed) {
  std::vector<FieldError> errors;
  for (const auto& f : changeable_fields())
    if (changed.contains(f))
      if (auto problem = listing_field_problem(f, text_of(changed, f))) errors.push_back({f, *problem});
  return errors;
}

}  // namespace

Result<std::int64_t> submit_listing(store::Db& db, const audit::Actor& actor, const Listing& listing,
                                    const std::string& name, const std::string& email) {
  auto errors = listing_problems(listing);
  check_contact(errors, trim(name), trim(email));
  if (!errors.empty()) return Error::validation(std::move(errors));
  return insert(db, actor, "new", "", listing_json(listing), "", trim(name), trim(email));
}

Result<std::int64_t> submit_change(store::Db& db, const audit::Actor& actor, const std::string& service_id,
                                   const Json& suggested, const std::string& note, const std::string& name,
                                   const std::string& email) {
  auto now = DirectoryStore(db).row("service", service_id);
  if (!now) return Error::not_found(i18n::tr("There is no service with the id {id}.", {{"id", service_id}}));
  Json changed = Json::object();
  for (const auto& c : diff(*now, suggested)) changed[c.field] = c.suggested;
  if (changed.empty() && trim(note).empty())
    return Error::validation({{"note", "Change one of the details above, or tell us what is wrong"}});
  auto errors = change_problems(changed);
  if (note.size() > 2000) errors.push_back({"note", "Use 2000 characters or fewer"});
  check_contact(errors, trim(name), trim(email));
  if (!errors.empty()) return Error::validation(std::move(errors));
  return insert(db, actor, "change", service_id, changed, trim(note), trim(name), trim(email));
}

std::vector<Submission> pending_submissions(store::Db& db) {
  std::vector<Submission> out;
  for (const auto& r : db.query(std::string("SELECT ") + kColumns +
                                " FROM directory_submissions WHERE status = 'pending' ORDER BY created_at, id"))
    out.push_back(from_row(r));
  return out;
}

std::optional<Submission> find_submission(store::Db& db, std::int64_t id) {
  auto r = db.query_one(std::string("SELECT ") + kColumns + " FROM directory_submissions WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return from_row(*r);
}

Status decide(store::Db& db, const audit::Actor& actor, std::int64_t id, bool approve, const std::string& reason) {
  auto s = find_submission(db, id);
  if (!s) return Error::not_found(i18n::tr("There is no submission {id}.", {{"id", std::to_string(id)}}));
  if (s->status != "pending") {
    std::string on = s->decided_at.substr(0, 10);
    // A decided submission is "approved" or "rejected".
    return Error{"conflict",
                 s->status == "approved" ? i18n::tr("This submission was already approved on {date}.", {{"date", on}})
                                         : i18n::tr("This submission was already rejected on {date}.", {{"date", on}}),
                 {}};
  }
  if (!approve && trim(reason).empty())
    return Error::validation({{"reason", "Say why it is rejected: the person who sent it may be told"}});
  // Checked again on approval, so a suggestion stored before a rule existed cannot publish what
  // the rule now refuses (a javascript: address, say).
  if (approve) {
    auto errors = s->kind == "new" ? listing_problems(listing_from_json(s->proposed)) : change_problems(s->proposed);
    if (!errors.empty())
      return Error::validation(
          {{"decision", i18n::tr("This suggestion cannot be approved: {field}: {problem}. Reject it and say why.",
                                 {{"field", errors[0].field}, {"problem", i18n::tr(errors[0].message)}})}});
  }
  if (approve && s->kind == "new") {
    Listing l = listing_from_json(s->proposed);
    Json service = listing_to_hsds(l, "submission/" + std::to_string(id));
    auto report = import_feed(db, Json::array({service}), FeedFormat::kHsds3,
                              // Shown to everyone: no moderator's name or address (the audit log has who).
                              "Suggested by the public, approved by a moderator", {});
    if (!report.problems.empty())
      return Error::validation({{"decision", i18n::tr("The listing cannot be added: {problem}",
                                                      {{"problem", report.problems[0].message}})}});
    db.exec("UPDATE hsds_service SET kith_language = ? WHERE id = ?", {l.language, text_of(service, "id")});
  } else if (approve) {
    DirectoryStore store(db);
    auto before = store.row("service", s->service_id);
    if (!before) return Error::not_found(i18n::tr("The listing this change is about no longer exists."));
    for (const auto& f : changeable_fields())
      if (s->proposed.contains(f))
        db.exec("UPDATE hsds_service SET " + f + " = ? WHERE id = ?", {text_of(s->proposed, f), s->service_id});
    db.exec("UPDATE hsds_service SET kith_checked_at = ?, last_modified = ? WHERE id = ?",
            {now_iso().substr(0, 10), now_iso(), s->service_id});
    store.refresh_search_text(s->service_id);
    audit::record(db, actor, "directory.service.update", "hsds_service", s->service_id, *before,
                  *store.row("service", s->service_id));
  }
  Json before = audit_view(*s);
  db.exec(
      "UPDATE directory_submissions SET status = ?, reason = ?, decided_by = ?, decided_at = ?, contact_name = NULL, "
      "contact_email = NULL WHERE id = ?",
      {std::string(approve ? "approved" : "rejected"), trim(reason),
       actor.id ? store::Value{*actor.id} : store::Value{nullptr}, now_iso(), id});
  messages::withdraw(db, "moderation_waiting:directory:" + std::to_string(id));  // no longer waiting for anyone
  auto after = find_submission(db, id);
  audit::record(db, actor, approve ? "directory.submission.approve" : "directory.submission.reject",
                "directory_submission", std::to_string(id), before, audit_view(*after));
  return Ok{};
}

namespace {
// When a listing was last known to be right: checked in Kith, else assured by the
// feed, else last modified.
constexpr const char* kLastChecked = "COALESCE(kith_checked_at, assured_date, SUBSTR(last_modified, 1, 10), '')";
}  // namespace

std::pair<std::int64_t, std::vector<StaleListing>> stale_listings(store::Db& db, const std::string& before, int limit) {
  std::string where = std::string(" FROM hsds_service WHERE ") + kLastChecked + " < ?";
  std::int64_t total = db.scalar("SELECT COUNT(*)" + where, {before});
  std::vector<StaleListing> out;
  for (const auto& r : db.query(std::string("SELECT id, name, ") + kLastChecked + where + " ORDER BY 3, name LIMIT ?",
                                {before, std::int64_t{limit}}))
    out.push_back({r.text(0), r.opt_text(1).value_or(""), r.text(2)});
  return {total, out};
}

Status mark_checked(store::Db& db, const audit::Actor& actor, const std::string& service_id) {
  DirectoryStore store(db);
  auto before = store.row("service", service_id);
  if (!before) return Error::not_found(i18n::tr("There is no service with the id {id}.", {{"id", service_id}}));
  db.exec("UPDATE hsds_service SET kith_checked_at = ? WHERE id = ?", {now_iso().substr(0, 10), service_id});
  audit::record(db, actor, "directory.service.checked", "hsds_service", service_id,
                {{"kith_checked_at", (*before)["kith_checked_at"]}}, {{"kith_checked_at", now_iso().substr(0, 10)}});
  return Ok{};
}

std::vector<SuspectedDuplicate> suspected_duplicates(store::Db& db) {
  std::vector<DuplicateCandidate> listings;
  for (const auto& r : DirectoryStore(db).duplicate_candidates()) {
    DuplicateCandidate c{text_of(r, "id"), text_of(r, "name"), text_of(r, "source"), text_of(r, "postcode"),
                         std::nullopt};
    if (r["latitude"].is_number() && r["longitude"].is_number())
      c.at = geo::Point{r["longitude"].get<double>(), r["latitude"].get<double>()};
    listings.push_back(std::move(c));
  }
  std::set<std::pair<std::string, std::string>> dismissed;
  for (const auto& r : db.query("SELECT a, b FROM directory_not_duplicates")) dismissed.emplace(r.text(0), r.text(1));
  return suspect_duplicates(listings, dismissed);
}

std::int64_t suspected_duplicate_count(store::Db& db) {
  struct Counted {
    std::string key;
    std::int64_t count = 0;
  };
  static std::mutex mutex;
  static Counted last;
  // Which database (tests run several), the directory's generation and the pairs dismissed.
  const std::string which = db.dialect() == store::Dialect::kPostgres
                                ? "SELECT current_database()"
                                : "SELECT file FROM pragma_database_list WHERE name = 'main'";
  auto row = db.query_one("SELECT (" + which +
                          "), (SELECT n FROM directory_generation WHERE id = 1), "
                          "(SELECT COUNT(*) FROM directory_not_duplicates)");
  const std::string key = row->text(0) + "|" + std::to_string(row->integer(1)) + "|" + std::to_string(row->integer(2));
  {
    std::lock_guard lock(mutex);
    if (last.key == key) return last.count;
  }
  auto count = static_cast<std::int64_t>(suspected_duplicates(db).size());
  std::lock_guard lock(mutex);
  last = {key, count};
  return count;
}

Status not_duplicates(store::Db& db, const audit::Actor& actor, const std::string& a, const std::string& b) {
  DirectoryStore store(db);
  if (a == b || !store.row("service", a) || !store.row("service", b))
    return Error::validation({{"a", "Choose two different listings that exist"}});
  auto [x, y] = a < b ? std::make_pair(a, b) : std::make_pair(b, a);
  if (db.query_one("SELECT 1 FROM directory_not_duplicates WHERE a = ? AND b = ?", {x, y})) return Ok{};
  db.exec("INSERT INTO directory_not_duplicates (a, b, decided_by, decided_at) VALUES (?, ?, ?, ?)",
          {x, y, actor.id ? store::Value{*actor.id} : store::Value{nullptr}, now_iso()});
  audit::record(db, actor, "directory.duplicate.dismiss", "hsds_service", x, nullptr, {{"a", x}, {"b", y}});
  return Ok{};
}

Status merge_duplicates(store::Db& db, const audit::Actor& actor, const std::string& keep, const std::string& remove) {
  DirectoryStore store(db);
  if (keep == remove) return Error::validation({{"remove", "Choose a different listing to remove"}});
  if (!store.row("service", keep)) return Error::not_found(i18n::tr("The listing to keep no longer exists."));
  auto before = store.document(service_full(), remove);
  if (!before) return Error::not_found(i18n::tr("The listing to remove no longer exists."));
  store.remove_service(remove);
  audit::record(db, actor, "directory.duplicate.merge", "hsds_service", remove, *before, {{"kept", keep}});
  return Ok{};
}

void erase_submitter(store::Db& db, std::int64_t user) {
  auto email = db.query_one("SELECT email FROM users WHERE id = ?", {user});
  if (!email) return;
  const std::string theirs = "lower(contact_email) = ?";
  for (const auto& r : db.query("SELECT id FROM directory_submissions WHERE " + theirs, {email->text(0)}))
    audit::redact_entity(db, "directory_submission", r.text(0));
  db.exec("DELETE FROM directory_submissions WHERE status = 'pending' AND " + theirs, {email->text(0)});
  db.exec("UPDATE directory_submissions SET contact_name = NULL, contact_email = NULL, note = '' WHERE " + theirs,
          {email->text(0)});
}

}  // namespace kith::directory
