#include "pb/pb_service.h"

#include <algorithm>

#include "areas/area_store.h"
#include "core/crypto.h"
#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::pb {

namespace {

std::string id_text(std::int64_t id) { return std::to_string(id); }

std::vector<Project> ballot_paper(PbStore& store, std::int64_t process) {
  std::vector<Project> out;
  for (const auto& p : store.projects(process))
    if (p.on_ballot) out.push_back(p.project);
  return out;
}

// The LSOA of a postcode inside the process's area, or the error to give.
Result<std::string> resident_lsoa(store::Db& db, const Process& p, const std::string& postcode) {
  auto pc = areas::normalise_postcode(postcode);
  auto hit = pc ? areas::AreaStore(db).postcode(*pc) : std::nullopt;
  if (trim(postcode).empty()) return Error::validation({{"postcode", "Enter your home postcode"}});
  if (!hit)
    return Error::validation(
        {{"postcode", i18n::tr("We do not know the postcode {postcode}: check it", {{"postcode", trim(postcode)}})}});
  if (!areas::AreaStore(db).covers(p.area_code, hit->lsoa_code)) {
    const i18n::Values values{{"postcode", hit->postcode}, {"area", p.area_name}};
    if (hit->uncertain)
      return Error::validation(
          {{"postcode", i18n::tr("{postcode} is probably outside {area}: Kith has no boundary for where it is. Only "
                                 "people living in {area} vote",
                                 values)}});
    return Error::validation(
        {{"postcode", i18n::tr("{postcode} is outside {area}: only people living there vote", values)}});
  }
  return hit->lsoa_code;
}

// Where the voter lives and what they chose: both faults named at once, not one per try.
Result<std::string> check_vote(store::Db& db, PbStore& store, const Process& p, const std::string& postcode,
                               const std::vector<std::int64_t>& choices) {
  auto lsoa = resident_lsoa(db, p, postcode);
  auto ballot = check_ballot(p.rule, p.budget, ballot_paper(store, p.id), choices);
  if (lsoa && ballot) return *lsoa;
  std::vector<FieldError> errors;
  if (!lsoa) errors = lsoa.error().fields;
  if (!ballot) errors.insert(errors.end(), ballot.error().fields.begin(), ballot.error().fields.end());
  return Error::validation(std::move(errors));
}

Result<Process> voting_in(store::Db& db, std::int64_t process) {
  auto p = PbStore(db).process(process);
  if (!p) return Error::not_found(i18n::tr("There is no budget {id}.", {{"id", id_text(process)}}));
  if (p->phase != "voting")
    return Error{"conflict", i18n::tr("Voting in {budget} is not open.", {{"budget", p->name}}), {}};
  return *p;
}

}  // namespace

Result<std::int64_t> create_process(store::Db& db, const audit::Actor& actor, const Process& p) {
  std::vector<FieldError> errors;
  if (trim(p.name).empty() || has_markup(p.name)) errors.push_back({"name", "Name the budget"});
  if (!areas::AreaStore(db).get(p.area_code))
    errors.push_back({"area_code", i18n::tr("There is no area {code}", {{"code", p.area_code}})});
  if (p.budget <= 0)
    errors.push_back({"budget", "Give the budget in whole pounds"});
  else if (p.budget > kMaxPounds)
    errors.push_back({"budget", "The budget can be at most £1,000,000,000"});
  if (p.rule.kind != "approval" && p.rule.kind != "knapsack")
    errors.push_back({"rule", "Choose approval or filling the budget"});
  if (p.decided_by != "equal_shares" && p.decided_by != "greedy")
    errors.push_back({"decided_by", "Choose which count decides: equal shares or most votes first"});
  if (p.rule.kind == "approval" && (p.rule.min_projects < 1 || p.rule.max_projects < p.rule.min_projects))
    errors.push_back({"max_projects", "Give a least of 1 or more and a most no smaller than the least"});
  if (!errors.empty()) return Error::validation(errors);
  std::int64_t id = PbStore(db).add_process(p);
  audit::record(db, actor, "pb.create", "pb_process", id_text(id), nullptr,
                {{"name", p.name},
                 {"area", p.area_code},
                 {"budget", p.budget},
                 {"rule", p.rule.kind},
                 {"decided_by", p.decided_by}});
  return id;
}

Status set_phase(store::Db& db, const audit::Actor& actor, std::int64_t process, const std::string& phase) {
  PbStore store(db);
  auto p = store.process(process);
  if (!p) return Error::not_found(i18n::tr("There is no budget {id}.", {{"id", id_text(process)}}));
  const std::vector<std::string> order = {"proposing", "voting", "closed"};
  auto from = std::find(order.begin(), order.end(), p->phase);
  auto to = std::find(order.begin(), order.end(), phase);
  if (to == order.end() || to != from + 1)
    return Error::validation({{"phase", "A budget moves from proposing to voting to closed, one step at a time"}});
  if (phase == "voting" && ballot_paper(store, process).empty())
    return Error::validation({{"phase", "Put at least one project on the ballot first"}});
  store.set_phase(process, phase);
  audit::record(db, actor, "pb.phase", "pb_process", id_text(process), {{"phase", p->phase}}, {{"phase", phase}});
  return Ok{};
}

Result<std::int64_t> propose(store::Db& db, const audit::Actor& actor, std::int64_t process, const Project& p,
                             const std::string& description, std::optional<std::int64_t> by) {
  PbStore store(db);
  auto proc = store.process(process);
  if (!proc) return Error::not_found(i18n::tr("There is no budget {id}.", {{"id", id_text(process)}}));
  if (proc->phase != "proposing")
    return Error{"conflict", i18n::tr("Proposals for {budget} have closed.", {{"budget", proc->name}}), {}};
  std::vector<FieldError> errors;
  if (trim(p.title).empty() || p.title.size() > 120 || has_markup(p.title))
    errors.push_back({"title", "Give the project a title of up to 120 characters"});
  if (trim(description).size() < 20 || description.size() > 3000 || has_markup(description))
    errors.push_back({"description", "Describe it in 20 to 3,000 characters of plain text"});
  if (p.cost == kNotWholePounds)
    errors.push_back({"cost", "Enter the cost in whole pounds, like 1,200, without pence"});
  else if (p.cost <= 0 || p.cost > proc->budget)
    errors.push_back(
        {"cost", i18n::tr("Its cost must be between £1 and the budget, {budget}", {{"budget", pounds(proc->budget)}})});
  if (!errors.empty()) return Error::validation(errors);
  std::int64_t id = store.add_project(process, {0, trim(p.title), p.cost}, trim(description), by);
  audit::record(db, actor, "pb.propose", "pb_project", id_text(id), nullptr, {{"process", process}, {"cost", p.cost}});
  return id;
}

Status put_on_ballot(store::Db& db, const audit::Actor& actor, std::int64_t process, std::int64_t project, bool on) {
  PbStore store(db);
  auto proc = store.process(process);
  if (!proc) return Error::not_found(i18n::tr("There is no budget {id}.", {{"id", id_text(process)}}));
  if (proc->phase != "proposing")
    return Error{"conflict", i18n::msg("The ballot paper is fixed once voting opens."), {}};
  auto all = store.projects(process);
  if (std::none_of(all.begin(), all.end(), [&](const StoredProject& s) { return s.project.id == project; }))
    return Error::not_found(i18n::tr("There is no project {id} in this budget.", {{"id", id_text(project)}}));
  store.set_on_ballot(project, on);
  audit::record(db, actor, "pb.ballot_paper", "pb_project", id_text(project), nullptr, {{"on_ballot", on}});
  return Ok{};
}

Status vote(store::Db& db, const audit::Actor& actor, std::int64_t process, std::int64_t user,
            const std::string& postcode, const std::vector<std::int64_t>& choices) {
  auto p = voting_in(db, process);
  if (!p) return p.error();
  PbStore store(db);
  std::string key = "user:" + id_text(user);
  if (store.has_voted(process, key))
    return Error{"already-voted", i18n::tr("You have already voted in {budget}.", {{"budget", p->name}}), {}};
  auto lsoa = check_vote(db, store, *p, postcode, choices);
  if (!lsoa) return lsoa.error();
  store.add_ballot(process, key, "online", *lsoa, std::nullopt, choices);
  audit::record(db, actor, "pb.vote", "pb_process", id_text(process), nullptr, {{"channel", "online"}});
  return Ok{};
}

Status enter_paper(store::Db& db, const audit::Actor& actor, std::int64_t process, const std::string& reference,
                   const std::string& postcode, const std::vector<std::int64_t>& choices) {
  auto p = voting_in(db, process);
  if (!p) return p.error();
  std::string ref = to_upper(trim(reference));
  if (ref.empty() || ref.size() > 40)
    return Error::validation({{"reference", "Give the paper ballot's printed reference"}});
  PbStore store(db);
  std::string key = "paper:" + sha256_hex(ref);
  if (store.has_voted(process, key))
    return Error{
        "already-voted", i18n::tr("Paper ballot {reference} has already been entered.", {{"reference", ref}}), {}};
  auto lsoa = check_vote(db, store, *p, postcode, choices);
  if (!lsoa) return lsoa.error();
  store.add_ballot(process, key, "paper", *lsoa, actor.id, choices);
  audit::record(db, actor, "pb.vote", "pb_process", id_text(process), nullptr, {{"channel", "paper"}});
  return Ok{};
}

Results results(store::Db& db, const Process& p) {
  PbStore store(db);
  auto paper = ballot_paper(store, p.id);
  std::vector<Ballot> ballots;
  Results out;
  std::map<std::string, AreaVotes> wards;
  for (const auto& b : store.ballots(p.id)) {
    ballots.push_back(b.choices);
    ++(b.channel == "online" ? out.online : out.paper);
    auto& ward = wards[b.ward_name.empty() ? b.lsoa_code : b.ward_name];
    ++ward.voters;
    for (auto c : b.choices) ++ward.votes[c];
  }
  for (auto& [name, ward] : wards) {
    ward.area = name;
    out.by_ward.push_back(std::move(ward));
  }
  out.ballots = static_cast<std::int64_t>(ballots.size());
  out.greedy = greedy(p.budget, paper, ballots);
  out.equal_shares = equal_shares(p.budget, paper, ballots);
  return out;
}

void erase_voter(store::Db& db, std::int64_t user) {
  db.exec("UPDATE pb_ballots SET voter_key = 'erased:' || id WHERE voter_key = ?", {"user:" + std::to_string(user)});
}

}  // namespace kith::pb
