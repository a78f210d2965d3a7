#pragma once
// The engagement log and "who have we not heard from?": the model, the checks on a
// record, the groups people are counted in (the Census 2021 groups Kith loads, so the
// two compare), and the comparison itself — each group's share of an area beside its
// share of the people heard from, with a 95% interval. Pure: no storage, no HTML.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace kith::engagement {

// A choice with its words: the kinds of engagement and the Spectrum of Involvement.
struct Choice {
  std::string id;
  std::string label;
};
const std::vector<Choice>& kinds();   // conversation, event, survey, door_knocking, gathering_place
const std::vector<Choice>& levels();  // inform, consult, involve, collaborate, empower (in order)
std::string label_of(const std::vector<Choice>& choices, const std::string& id);
// Themes' names joined with commas, each seeded one in the reader's language.
std::string themes_text(const std::vector<std::string>& names);

// A group people who took part are counted in, and the Census 2021 columns (as
// "topic.column", the keys of areas::CensusCounts) that count the same people in an area.
struct Group {
  std::string id;      // "15_24"
  std::string label;   // "15 to 24"
  std::string people;  // how a sentence names them: "Residents aged 15 to 24"
  std::vector<std::string> census;
};
struct Topic {
  std::string id;            // "age"
  std::string title;         // "Age"
  std::string census_topic;  // "age": its denominator is "age.total"
  std::vector<Group> groups;
};
// Age (the census's seven bands), sex, ethnic group (five), disability (disabled
// under the Equality Act or not) and main language (English or another).
const std::vector<Topic>& topics();
const Topic* topic(const std::string& id);

// Fewer people than this are never described by group.
constexpr std::int64_t kMinPeopleShown = 5;

struct Quote {
  std::string text;
  std::string who;  // "a resident in her 70s": never a name
  bool consent = false;
  std::optional<std::int64_t> story_id;  // the story draft made of it
};

// One engagement as recorded. `counts` are the people who took part by group,
// "topic.group" -> people (optional, anonymous, in aggregate).
struct Record {
  std::int64_t id = 0;
  std::string kind;
  std::string title;
  std::string occurred_on;  // YYYY-MM-DD
  std::string postcode;     // as given, when the place was given by postcode
  std::string area_code;    // the LSOA of the postcode, or the area given
  std::string area_name;
  std::string authority_code;
  std::int64_t people = 0;
  std::string level;
  std::string notes;
  std::vector<std::string> themes;
  std::vector<Quote> quotes;
  std::map<std::string, std::int64_t> counts;
  std::optional<std::int64_t> recorded_by;
  std::string recorded_by_name;
  std::string created_at;
  std::string updated_at;
};

// Checks what a person typed (not the place or the themes, which need the store):
// errors by field, in the form's order. `today` is YYYY-MM-DD.
std::vector<FieldError> check(const Record& r, const std::string& today);

// People counted in a topic's groups, and whether that is enough to show them.
std::int64_t described(const std::map<std::string, std::int64_t>& counts, const Topic& t);

// A 95% Wilson score interval for a share `k` of `n` (0 <= k <= n, n > 0).
struct Interval {
  double low = 0;
  double high = 0;
};
Interval wilson(std::int64_t k, std::int64_t n, double z = 1.959963984540054);

// One group of an area beside the people heard from there.
struct GroupGap {
  const Group* group = nullptr;
  std::int64_t residents = 0;
  double area_share = 0;  // of the census table's groups, 0..1
  std::int64_t heard = 0;
  double heard_share = 0;  // of the people described in this topic, 0..1
  Interval heard_interval;
  // heard_share / area_share and its interval (the census share taken as known);
  // nullopt where no one in the area is in the group.
  std::optional<double> ratio;
  Interval ratio_interval;
  std::string finding;   // "under", "over" or "in_line" (the interval decides)
  std::string sentence;  // "Residents aged 15 to 24 are about 12% of the area but 3% of ..."
};
struct TopicGap {
  const Topic* topic = nullptr;
  std::int64_t residents = 0;  // the census groups summed
  std::int64_t described = 0;  // people heard from whose group in this topic is known
  bool shown = false;          // described >= kMinPeopleShown and the area has census counts
  std::string hidden_because;  // when not shown
  std::vector<GroupGap> groups;
};
// The comparison for every topic: `census` is the area's counts (areas::CensusCounts),
// `heard` the people heard from by "topic.group" summed over the area's records.
std::vector<TopicGap> compare(const std::map<std::string, std::int64_t>& census,
                              const std::map<std::string, std::int64_t>& heard);

// A share as people read it: "12%", "0.4%", "under 0.1%".
std::string percent(double share);

// A bar chart of one topic: for each group, the area's share and the share heard from
// with its interval, as an <svg> with a <title> and text alternative `label`.
std::string chart_svg(const TopicGap& t, const std::string& label);

// A theme's name checked and tidied ("  Cost of living " -> "Cost of living").
Result<std::string> theme_name(const std::string& typed);

}  // namespace kith::engagement
