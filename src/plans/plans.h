#pragma once
// Resilience plans for a focus community (Chorley's framework): the six steps as
// sections, evidence links inside Kith, a logic model whose outcomes may carry a
// measure, and milestones with RAG status. The rules here are pure: checking what an
// officer enters, which milestones are overdue, how far a measure has moved, and the
// plain-English lines of the plan's story.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace kith::plans {

struct Step {
  std::string key;    // "background"
  std::string title;  // "Understand the background"
  std::string hint;   // what the step is for, in Chorley's words
};
// Chorley's six steps, in order.
const std::vector<Step>& steps();
bool is_step(const std::string& key);

// A section's status: "not-started", "in-progress" or "done".
bool is_status(const std::string& status);
std::string status_text(const std::string& status);

// An outcome's term in the logic model: "short", "medium" or "long".
bool is_term(const std::string& term);
std::string term_text(const std::string& term);

// A milestone's RAG: "green", "amber" or "red".
bool is_rag(const std::string& rag);
std::string rag_text(const std::string& rag);

// An evidence link: a path inside Kith ("/areas/E01024915", "/stories/12"), never
// another site or a protocol-relative "//host". Returns the path, trimmed, with a
// query or fragment kept; or a message saying what is wrong.
Result<std::string> internal_link(const std::string& href);

// What delivers an action in Kith, from the path of its page: a directory service
// (/directory/services/ID), a grant round (/grants/rounds/ID) or a funded project
// (/grants/projects/ID), a participatory budget (/pb/ID), a timebank (/timebank/SLUG),
// a community hub (/hubs/ID) or an initiative of the partnership matrix
// (/initiatives/ID). Errors under `field`.
struct Delivery {
  std::string kind;  // "service", "grant-round", "grant-project", "pb", "timebank", "hub", "initiative"
  std::string ref;   // the record's id or slug
};
Result<Delivery> delivery_of(const std::string& href, const std::string& field);
// Its kind in words ("Community hub"), and the error for a link to one Kith does not hold.
std::string delivery_text(const std::string& kind);
std::string no_such_delivery(const std::string& kind, const std::string& ref);

struct Milestone {
  std::int64_t id = 0;
  std::int64_t plan_id = 0;
  std::string title;
  std::string owner;
  std::string due;  // YYYY-MM-DD
  std::string rag = "green";
  bool done = false;
  std::string done_on;  // YYYY-MM-DD when done
};

// A milestone is overdue when it is not done and its due date is before `today`.
bool overdue(const Milestone& m, const std::string& today);
// Days late on `today` (0 when not overdue).
std::int64_t days_late(const Milestone& m, const std::string& today);
// Checks a milestone's fields; errors name the field.
Status check_milestone(const Milestone& m);

// How a measured outcome has moved: from its baseline (taken when the measure was
// set) to its value now, towards a target.
struct Movement {
  std::optional<double> change;    // now - baseline
  std::optional<double> progress;  // share of the way from baseline to target, 0 = none, 1 = there
  std::string text;                // "Up 2.1 from 14.0 to 16.1; the target is 18.0 (53% of the way)"
};
// `direction` is the way the target lay from the baseline when it was set (1 up, -1
// down); without it, the way it lies from this baseline.
Movement movement(std::optional<double> baseline, std::optional<double> now, std::optional<double> target,
                  std::optional<int> direction = std::nullopt);

// A measure over a plan's LSOAs: each LSOA's value weighted by the people living there,
// so a rate per 1,000 is the rate over the whole plan and an IMD score averages as the
// government's authority summaries do (equal weights if any LSOA's people are not
// known). LSOAs without a value (suppressed as too few, or no data) are left out and
// counted, so the page can say the value stands for fewer of them.
struct Combined {
  double value = 0;
  std::size_t with_value = 0;  // LSOAs that had a value
  std::size_t lsoas = 0;       // the plan's LSOAs
};
std::optional<Combined> combine(const std::vector<std::string>& lsoas, const std::map<std::string, double>& values,
                                const std::map<std::string, double>& people);

// A number to one decimal place, or "not known".
std::string number_text(std::optional<double> v);

// The story's summary lines, for a councillor.
struct Progress {
  int steps_done = 0;
  int steps_started = 0;
  int milestones = 0;
  int milestones_done = 0;
  int milestones_overdue = 0;
};
// "2 of 6 steps done, 1 in progress. 1 of 4 milestones done; 1 is overdue."
std::string where_we_are(const Progress& p);

}  // namespace kith::plans
