#include "pb/pb_store.h"

#include <map>

#include "core/clock.h"

namespace kith::pb {

std::vector<Process> PbStore::processes() { return load("ORDER BY p.id DESC", {}); }

std::vector<Process> PbStore::load(const std::string& tail, const store::Params& params) {
  std::vector<Process> out;
  for (const auto& r : db_.query("SELECT p.id, p.name, p.description, p.area_code, a.label, p.budget, p.rule, "
                                 "p.min_projects, p.max_projects, p.phase, p.decided_by FROM pb_processes p "
                                 "JOIN areas a ON a.code = p.area_code " +
                                     tail,
                                 params))
    out.push_back({r.integer(0),
                   r.text(1),
                   r.text(2),
                   r.text(3),
                   r.text(4),
                   r.integer(5),
                   {r.text(6), static_cast<int>(r.integer(7)), static_cast<int>(r.integer(8))},
                   r.text(9),
                   r.text(10)});
  return out;
}

std::optional<Process> PbStore::process(std::int64_t id) {
  auto found = load("WHERE p.id = ?", {id});
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::int64_t PbStore::add_process(const Process& p) {
  return db_
      .query_one(
          "INSERT INTO pb_processes (name, description, area_code, budget, rule, min_projects, max_projects, phase, "
          "decided_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'proposing', ?, ?) RETURNING id",
          {p.name, p.description, p.area_code, p.budget, p.rule.kind, std::int64_t{p.rule.min_projects},
           std::int64_t{p.rule.max_projects}, p.decided_by, now_iso()})
      ->integer(0);
}

void PbStore::set_phase(std::int64_t id, const std::string& phase) {
  db_.exec("UPDATE pb_processes SET phase = ? WHERE id = ?", {phase, id});
}

std::vector<StoredProject> PbStore::projects(std::int64_t process) {
  std::vector<StoredProject> out;
  for (const auto& r :
       db_.query("SELECT id, title, cost, description, on_ballot FROM pb_projects WHERE process_id = ? ORDER BY id",
                 {process}))
    out.push_back({{r.integer(0), r.text(1), r.integer(2)}, r.text(3), r.integer(4) != 0});
  return out;
}

std::int64_t PbStore::add_project(std::int64_t process, const Project& p, const std::string& description,
                                  std::optional<std::int64_t> by) {
  return db_
      .query_one(
          "INSERT INTO pb_projects (process_id, title, description, cost, proposed_by, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
          {process, p.title, description, p.cost, store::or_null(by), now_iso()})
      ->integer(0);
}

void PbStore::set_on_ballot(std::int64_t project, bool on) {
  db_.exec("UPDATE pb_projects SET on_ballot = ? WHERE id = ?", {std::int64_t{on ? 1 : 0}, project});
}

bool PbStore::has_voted(std::int64_t process, const std::string& voter_key) {
  return db_.scalar("SELECT COUNT(*) FROM pb_ballots WHERE process_id = ? AND voter_key = ?", {process, voter_key}) > 0;
}

std::int64_t PbStore::add_ballot(std::int64_t process, const std::string& voter_key, const std::string& channel,
                                 const std::string& lsoa, std::optional<std::int64_t> entered_by,
                                 const std::vector<std::int64_t>& choices) {
  std::int64_t id = db_.query_one(
                           "INSERT INTO pb_ballots (process_id, voter_key, channel, lsoa_code, entered_by, cast_at) "
                           "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                           {process, voter_key, channel, lsoa, store::or_null(entered_by), now_iso()})
                        ->integer(0);
  for (auto c : choices) db_.exec("INSERT INTO pb_choices (ballot_id, project_id) VALUES (?, ?)", {id, c});
  return id;
}

std::vector<StoredBallot> PbStore::ballots(std::int64_t process) {
  std::map<std::int64_t, StoredBallot> by_id;
  for (const auto& r : db_.query(
           "SELECT b.id, b.lsoa_code, w.code, w.name, b.channel FROM pb_ballots b JOIN areas l ON l.code = b.lsoa_code "
           "LEFT JOIN areas w ON w.code = l.parent_code WHERE b.process_id = ?",
           {process}))
    by_id[r.integer(0)] = {{}, r.text(1), r.opt_text(2).value_or(""), r.opt_text(3).value_or(""), r.text(4)};
  for (const auto& r :
       db_.query("SELECT c.ballot_id, c.project_id FROM pb_choices c JOIN pb_ballots b ON b.id = c.ballot_id "
                 "WHERE b.process_id = ? ORDER BY c.ballot_id, c.project_id",
                 {process}))
    by_id[r.integer(0)].choices.push_back(r.integer(1));
  std::vector<StoredBallot> out;
  out.reserve(by_id.size());
  for (auto& [id, b] : by_id) out.push_back(std::move(b));
  return out;
}

}  // namespace kith::pb
