#include "pb/pb.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::pb {

namespace {

constexpr double kEps = 1e-9;

bool less(double a, double b) { return a < b - kEps * std::max(1.0, std::abs(b)); }
bool same(double a, double b) { return !less(a, b) && !less(b, a); }

std::map<std::int64_t, std::int64_t> count_votes(const std::vector<Ballot>& ballots) {
  std::map<std::int64_t, std::int64_t> votes;
  for (const auto& b : ballots)
    for (auto p : b) ++votes[p];
  return votes;
}

std::string money(double pounds_and_pence) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", pounds_and_pence);
  std::string s = buf;
  if (s.size() > 3 && s.substr(s.size() - 3) == ".00") s.resize(s.size() - 3);
  auto dot = s.find('.');
  std::string whole = s.substr(0, dot);
  return "£" + thousands(std::stoll(whole)) + (dot == std::string::npos ? "" : s.substr(dot));
}

}  // namespace

std::string pounds(std::int64_t n) { return "£" + thousands(n); }

std::vector<std::int64_t> Outcome::funded() const {
  std::vector<std::int64_t> out;
  for (const auto& l : lines)
    if (l.funded) out.push_back(l.project);
  return out;
}

Status check_ballot(const BallotRule& rule, std::int64_t budget, const std::vector<Project>& on_ballot,
                    const std::vector<std::int64_t>& chosen) {
  std::set<std::int64_t> seen;
  std::int64_t total = 0;
  for (auto id : chosen) {
    auto it = std::find_if(on_ballot.begin(), on_ballot.end(), [&](const Project& p) { return p.id == id; });
    if (it == on_ballot.end() && id <= 0)  // not a project number at all
      return Error::validation({{"projects", "Choose projects from the list on this ballot"}});
    if (it == on_ballot.end())
      return Error::validation(
          {{"projects", i18n::tr("Project {id} is not on this ballot", {{"id", std::to_string(id)}})}});
    if (!seen.insert(id).second)
      return Error::validation(
          {{"projects", i18n::tr("\"{title}\" is chosen twice: choose each project once", {{"title", it->title}})}});
    total += it->cost;
  }
  auto n = static_cast<int>(chosen.size());
  if (rule.kind == "knapsack") {
    if (n == 0) return Error::validation({{"projects", "Choose at least one project"}});
    if (total > budget)
      return Error::validation(
          {{"projects", i18n::tr("Your projects cost {total}, more than the budget of {budget}: take one out",
                                 {{"total", pounds(total)}, {"budget", pounds(budget)}})}});
    return Ok{};
  }
  if (n < rule.min_projects || n > rule.max_projects) {
    return Error::validation({{"projects", i18n::tr("Choose {range} (you chose {n})",
                                                    {{"range", range_text(rule.min_projects, rule.max_projects,
                                                                          i18n::msg("project"), i18n::msg("projects"))},
                                                     {"n", std::to_string(n)}})}});
  }
  return Ok{};
}

Outcome greedy(std::int64_t budget, const std::vector<Project>& projects, const std::vector<Ballot>& ballots) {
  auto votes = count_votes(ballots);
  std::vector<Project> order = projects;
  std::sort(order.begin(), order.end(), [&](const Project& a, const Project& b) {
    if (votes[a.id] != votes[b.id]) return votes[a.id] > votes[b.id];
    if (a.cost != b.cost) return a.cost < b.cost;
    return a.id < b.id;
  });
  Outcome out{"greedy", {}, 0};
  for (const auto& p : order) {
    Line l{p.id, p.title, p.cost, votes[p.id], false, ""};
    std::int64_t left = budget - out.spent;
    if (votes[p.id] == 0) {
      l.why = i18n::tr("No votes.");
    } else if (p.cost <= left) {
      l.funded = true;
      out.spent += p.cost;
      l.why =
          i18n::tr_plural(votes[p.id], "Funded: next by votes ({n} vote), and its {cost} fitted in the {left} left.",
                          "Funded: next by votes ({n} votes), and its {cost} fitted in the {left} left.",
                          {{"cost", pounds(p.cost)}, {"left", pounds(left)}});
    } else {
      l.why = i18n::tr("Not funded: {cost} did not fit in the {left} left when its turn came.",
                       {{"cost", pounds(p.cost)}, {"left", pounds(left)}});
    }
    out.lines.push_back(l);
  }
  return out;
}

std::vector<std::int64_t> equal_shares_fixed(double budget, const std::vector<Project>& projects,
                                             const std::vector<Ballot>& ballots) {
  std::size_t n = ballots.size();
  if (n == 0) return {};
  std::vector<double> share(n, budget / static_cast<double>(n));
  std::map<std::int64_t, std::vector<std::size_t>> supporters;
  for (std::size_t i = 0; i < n; ++i)
    for (auto p : ballots[i]) supporters[p].push_back(i);
  std::map<std::int64_t, const Project*> by_id;
  std::map<std::int64_t, double> remaining;  // project -> its effective vote count when last computed
  for (const auto& p : projects) {
    by_id[p.id] = &p;
    if (p.cost > 0 && !supporters[p.id].empty()) remaining[p.id] = static_cast<double>(supporters[p.id].size());
  }
  std::vector<std::int64_t> winners;
  while (true) {
    std::vector<std::int64_t> best;
    double best_count = 0;
    std::vector<std::pair<std::int64_t, double>> order(remaining.begin(), remaining.end());
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [id, previous] : order) {
      if (less(previous, best_count)) break;  // cannot beat the best so far: counts only fall
      auto cost = static_cast<double>(by_id[id]->cost);
      auto& who = supporters[id];
      double money = 0;
      for (auto i : who) money += share[i];
      if (less(money, cost)) {
        remaining.erase(id);
        continue;
      }
      std::sort(who.begin(), who.end(), [&](std::size_t a, std::size_t b) { return share[a] < share[b]; });
      double paid = 0;
      auto payers = static_cast<double>(who.size());
      for (auto i : who) {
        double each = (cost - paid) / payers;
        if (less(share[i], each)) {  // pays all they have left
          paid += share[i];
          payers -= 1;
          continue;
        }
        double count = cost / each;
        remaining[id] = count;
        if (less(best_count, count)) {
          best_count = count;
          best = {id};
        } else if (same(count, best_count)) {
          best.push_back(id);
        }
        break;
      }
    }
    if (best.empty()) break;
    std::int64_t chosen = *std::min_element(best.begin(), best.end(), [&](std::int64_t a, std::int64_t b) {
      const Project& pa = *by_id[a];
      const Project& pb = *by_id[b];
      if (pa.cost != pb.cost) return pa.cost < pb.cost;
      if (supporters[a].size() != supporters[b].size()) return supporters[a].size() > supporters[b].size();
      return a < b;
    });
    winners.push_back(chosen);
    remaining.erase(chosen);
    double each = static_cast<double>(by_id[chosen]->cost) / best_count;
    for (auto i : supporters[chosen]) share[i] = less(each, share[i]) ? share[i] - each : 0;
  }
  return winners;
}

Outcome equal_shares(std::int64_t budget, const std::vector<Project>& projects, const std::vector<Ballot>& ballots) {
  auto votes = count_votes(ballots);
  std::map<std::int64_t, const Project*> by_id;
  for (const auto& p : projects) by_id[p.id] = &p;
  auto cost_of = [&](const std::vector<std::int64_t>& ids) {
    std::int64_t total = 0;
    for (auto id : ids) total += by_id[id]->cost;
    return total;
  };
  auto n = static_cast<std::int64_t>(ballots.size());
  std::vector<std::int64_t> winners = equal_shares_fixed(static_cast<double>(budget), projects, ballots);
  // Completion: raise every voter's share by a pound while the outcome still fits; for a
  // budget over £100,000, by a 100,000th of the budget (a count of £1 billion with two
  // voters would otherwise take half a billion steps).
  std::int64_t virtual_budget = budget;
  const std::int64_t step = n * std::max<std::int64_t>(1, budget / 100000);
  if (n > 0)
    while (true) {
      bool exhaustive = true;
      std::int64_t spent = cost_of(winners);
      for (const auto& p : projects)
        if (std::find(winners.begin(), winners.end(), p.id) == winners.end() && votes[p.id] > 0 &&
            spent + p.cost <= budget)
          exhaustive = false;
      if (exhaustive) break;
      auto next = equal_shares_fixed(static_cast<double>(virtual_budget + step), projects, ballots);
      if (cost_of(next) > budget) break;
      virtual_budget += step;
      winners = std::move(next);
    }
  std::size_t by_shares = winners.size();
  // Then what still fits, by votes.
  Outcome rest = greedy(
      budget - cost_of(winners),
      [&] {
        std::vector<Project> left;
        for (const auto& p : projects)
          if (std::find(winners.begin(), winners.end(), p.id) == winners.end()) left.push_back(p);
        return left;
      }(),
      ballots);
  for (const auto& l : rest.lines)
    if (l.funded) winners.push_back(l.project);

  Outcome out{"equal-shares", {}, cost_of(winners)};
  double start_share = n > 0 ? static_cast<double>(budget) / static_cast<double>(n) : 0;
  double final_share = n > 0 ? static_cast<double>(virtual_budget) / static_cast<double>(n) : 0;
  for (std::size_t k = 0; k < winners.size(); ++k) {
    const Project& p = *by_id[winners[k]];
    Line l{p.id, p.title, p.cost, votes[p.id], true, ""};
    if (k < by_shares) {
      const std::string place = std::to_string(k + 1);
      const std::size_t last = (k + 1) % 10, tens = (k + 1) % 100;
      const std::string n_th = tens >= 11 && tens <= 13 ? i18n::tr("{n}th", {{"n", place}})
                               : last == 1              ? i18n::tr("{n}st", {{"n", place}})
                               : last == 2              ? i18n::tr("{n}nd", {{"n", place}})
                               : last == 3              ? i18n::tr("{n}rd", {{"n", place}})
                                                        : i18n::tr("{n}th", {{"n", place}});
      l.why = virtual_budget > budget
                  ? i18n::tr_plural(votes[p.id],
                                    "Funded from its {n} supporter's shares. Each voter's share was {share}, the "
                                    "budget split equally, then raised in steps to {raised} so that as much of the "
                                    "budget as possible is spent. Chosen {place}, as the project costing its "
                                    "supporters least for what they get.",
                                    "Funded from its {n} supporters' shares. Each voter's share was {share}, the "
                                    "budget split equally, then raised in steps to {raised} so that as much of the "
                                    "budget as possible is spent. Chosen {place}, as the project costing its "
                                    "supporters least for what they get.",
                                    {{"share", money(start_share)}, {"raised", money(final_share)}, {"place", n_th}})
                  : i18n::tr_plural(votes[p.id],
                                    "Funded from its {n} supporter's shares. Each voter's share was {share}, the "
                                    "budget split equally. Chosen {place}, as the project costing its supporters "
                                    "least for what they get.",
                                    "Funded from its {n} supporters' shares. Each voter's share was {share}, the "
                                    "budget split equally. Chosen {place}, as the project costing its supporters "
                                    "least for what they get.",
                                    {{"share", money(start_share)}, {"place", n_th}});
    } else {
      l.why = i18n::tr_plural(votes[p.id], "Funded from the money equal shares left unspent, next by votes ({n} vote).",
                              "Funded from the money equal shares left unspent, next by votes ({n} votes).");
    }
    out.lines.push_back(l);
  }
  for (const auto& p : projects) {
    if (std::find(winners.begin(), winners.end(), p.id) != winners.end()) continue;
    Line l{p.id, p.title, p.cost, votes[p.id], false, ""};
    l.why = votes[p.id] == 0 ? i18n::tr("No votes.")
                             : i18n::tr_plural(votes[p.id],
                                               "Not funded: its {n} supporter did not have {cost} left in their "
                                               "shares, and it did not fit what was left over.",
                                               "Not funded: its {n} supporters did not have {cost} left in their "
                                               "shares, and it did not fit what was left over.",
                                               {{"cost", pounds(p.cost)}});
    out.lines.push_back(l);
  }
  return out;
}

PublishedVotes publish_by_area(std::vector<AreaVotes> areas, std::int64_t min_voters) {
  PublishedVotes out;
  AreaVotes pool;
  auto join = [&](const AreaVotes& a) {
    pool.voters += a.voters;
    for (const auto& [project, n] : a.votes) pool.votes[project] += n;
    ++out.pooled_areas;
  };
  for (auto& a : areas) {
    if (a.voters < min_voters)
      join(a);
    else
      out.areas.push_back(std::move(a));
  }
  while (out.pooled_areas > 0 && pool.voters < min_voters && !out.areas.empty()) {
    auto smallest = std::min_element(out.areas.begin(), out.areas.end(),
                                     [](const AreaVotes& a, const AreaVotes& b) { return a.voters < b.voters; });
    join(*smallest);
    out.areas.erase(smallest);
  }
  if (out.pooled_areas > 0) out.pool = std::move(pool);
  return out;
}

}  // namespace kith::pb
