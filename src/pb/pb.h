#pragma once
// Participatory budgeting, pure: ballot rules, and counting by two methods shown side
// by side — greedy by votes ("most votes until the money runs out", skipping what no
// longer fits) and the Method of Equal Shares (each voter holds an equal share of the
// budget and projects are paid for by their supporters' shares; then completed by
// raising the shares one pound at a time while the outcome still fits, then greedily).
// Costs and budgets are whole pounds.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace kith::pb {

struct Project {
  std::int64_t id = 0;
  std::string title;
  std::int64_t cost = 0;  // pounds
};

// How a ballot must be filled: approve between min and max projects ("approval"), or
// any projects whose costs fit the budget ("knapsack").
struct BallotRule {
  std::string kind = "approval";
  int min_projects = 1;
  int max_projects = 3;
};

// Checks a ballot against the rule and the projects on the ballot paper: every
// problem named (under "projects").
Status check_ballot(const BallotRule& rule, std::int64_t budget, const std::vector<Project>& on_ballot,
                    const std::vector<std::int64_t>& chosen);

using Ballot = std::vector<std::int64_t>;  // the projects a voter approved

// One funded (or not funded) project with the count's reasoning in words.
struct Line {
  std::int64_t project = 0;
  std::string title;
  std::int64_t cost = 0;
  std::int64_t votes = 0;
  bool funded = false;
  std::string why;
};

struct Outcome {
  std::string method;       // "greedy" or "equal-shares"
  std::vector<Line> lines;  // greedy: in vote order; equal shares: in the order chosen, then the rest
  std::int64_t spent = 0;
  std::vector<std::int64_t> funded() const;
};

// Ties are broken by the lower cost, then more votes, then the earlier project (lower id).
Outcome greedy(std::int64_t budget, const std::vector<Project>& projects, const std::vector<Ballot>& ballots);
Outcome equal_shares(std::int64_t budget, const std::vector<Project>& projects, const std::vector<Ballot>& ballots);

// The first phase of Equal Shares alone, at a given budget (for tests and completion).
std::vector<std::int64_t> equal_shares_fixed(double budget, const std::vector<Project>& projects,
                                             const std::vector<Ballot>& ballots);

std::string pounds(std::int64_t n);  // "£1,250"

// Votes from the voters of one area (a ward): how many voted there, and each
// project's votes (project id -> votes).
struct AreaVotes {
  std::string area;
  std::int64_t voters = 0;
  std::map<std::int64_t, std::int64_t> votes;
};
// Votes by area as published: an area with fewer than `min_voters` voters would show
// how its few voters voted, so it is not shown alone but pooled with the others like
// it; while the pool itself has fewer than `min_voters`, the smallest area shown joins
// it (else the total, minus the areas shown, would give the pool away). Areas shown
// keep their order; the pool (`pooled_areas` of them) comes last as `pool`.
struct PublishedVotes {
  std::vector<AreaVotes> areas;
  std::optional<AreaVotes> pool;
  int pooled_areas = 0;
};
PublishedVotes publish_by_area(std::vector<AreaVotes> areas, std::int64_t min_voters = 5);

}  // namespace kith::pb
