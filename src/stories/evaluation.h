#pragma once
// Evaluation from stories, pure: counts by outcome, perspective, ward and month; the
// distribution of every signifier's answers, keeping which stories sit behind each
// bar or point so that a chart leads back to the stories; and exports.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stories/story_store.h"

namespace kith::stories {

struct Count {
  std::string key;
  std::string label;
  std::int64_t count = 0;
};

constexpr int kSliderBins = 10;

struct SliderDistribution {
  Signifier signifier;
  std::array<std::vector<std::int64_t>, kSliderBins> bins;  // story ids; bin k holds answers 10k to 10k+9 (100 in 9)
  std::int64_t answered = 0;
};

struct TriadPoint {
  int a = 0, b = 0, c = 0;
  std::vector<std::int64_t> stories;
};

struct TriadDistribution {
  Signifier signifier;
  std::vector<TriadPoint> points;  // one per distinct answer
  std::int64_t answered = 0;
};

struct Dashboard {
  std::int64_t total = 0;
  std::int64_t published = 0;
  std::vector<Count> by_outcome;      // every current outcome, and retired ones stories carry
  std::vector<Count> by_perspective;  // every perspective
  std::vector<Count> by_ward;         // wards with stories, most first; "" for stories with no place
  std::vector<Count> by_month;        // "2026-11", oldest first, months without stories included
  std::vector<SliderDistribution> sliders;
  std::vector<TriadDistribution> triads;
};

Dashboard summarise(const std::vector<Story>& stories, const std::vector<Signifier>& signifiers,
                    const std::vector<Outcome>& outcomes);

int slider_bin(int a);
// Where a triad answer sits in an equilateral triangle of side `side` with corner a
// at the top, b bottom left and c bottom right (SVG coordinates, y down).
std::pair<double, double> triad_xy(int a, int b, int c, double side);

// Keeps the stories whose answer to `signifier_id` falls in slider bin `bin` or is
// the triad answer "a,b,c".
std::vector<Story> behind(const std::vector<Story>& stories, std::int64_t signifier_id, int bin,
                          const std::string& abc);

// One row per story for evaluators (the redacted text, never the original; the
// teller's name only with named consent): the CSV header and rows, and the JSON.
std::vector<std::string> export_header(const std::vector<Signifier>& signifiers);
std::vector<std::vector<std::string>> export_rows(const std::vector<Story>& stories,
                                                  const std::vector<Signifier>& signifiers);
nlohmann::json export_json(const std::vector<Story>& stories, const std::vector<Signifier>& signifiers);

}  // namespace kith::stories
