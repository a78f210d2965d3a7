#pragma once
// The gift board's matching engine (ABCD's "connecting gifts with needs"), pure:
// for a need, the gifts that best answer it, each with its reasons. A gift's score
// weighs
//   skill         0.45: the same category (0.6) and shared words (0.4, Jaccard)
//   nearness      0.25: 1 / (1 + (d / 3 km)^2), 0.3 where either has no place
//   availability  0.15: the share of the need's times the giver is free too
//   reciprocity   0.15: favouring people with few connections yet, on both sides
// An intergenerational filter (ANIMATE) keeps only givers of another generation:
// under 25 with 50 and over, and the other way round.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace kith::timebank {

enum class AgeBand : std::uint8_t { kUnknown, kUnder25, k25To49, k50To64, k65AndOver };
std::optional<AgeBand> age_band_from_id(const std::string& id);  // "under-25", "25-49", "50-64", "65-and-over", ""
const char* age_band_id(AgeBand a);
bool different_generations(AgeBand a, AgeBand b);

// Times of the week as bits: day 0 (Monday) .. 6, part 0 (morning), 1 (afternoon), 2 (evening).
inline std::uint32_t slot_bit(int day, int part) { return 1u << (day * 3 + part); }

struct Offer {  // a gift of head, hands or heart
  std::int64_t id = 0;
  std::int64_t person = 0;
  std::uint8_t category = 0;                   // index into categories()
  std::vector<std::uint16_t> words;            // word ids, sorted, distinct
  std::optional<std::array<double, 2>> place;  // lat, lon
  std::uint32_t availability = 0;
  AgeBand age = AgeBand::kUnknown;
  int connections = 0;  // distinct people they have exchanged with or met through Kith
};

struct Need {
  std::int64_t id = 0;
  std::int64_t person = 0;
  std::uint8_t category = 0;
  std::vector<std::uint16_t> words;
  std::optional<std::array<double, 2>> place;
  std::uint32_t availability = 0;  // 0: any time
  AgeBand age = AgeBand::kUnknown;
  int connections = 0;
  bool intergenerational = false;
};

struct MatchReasons {
  double skill = 0, nearness = 0, availability = 0, reciprocity = 0;
  bool same_category = false;
  int shared_words = 0;
  std::optional<double> km;
};

struct Match {
  std::int64_t offer = 0;
  double score = 0;
  MatchReasons reasons;
};

// The reasons and score of one pairing (the obviously-right definition).
Match score(const Offer& o, const Need& n);

// Words of a description as ids, for matching: lower case, stop words dropped, a
// shared vocabulary grows as it meets new words.
class Vocabulary {
 public:
  std::vector<std::uint16_t> words(const std::string& text);

 private:
  std::vector<std::string> list_;
};

// Gifts laid out for fast matching: by category, on a 1 km grid and by word. For a
// need, the gifts of its category are scored first; of the rest, only those that
// could still beat the tenth best are: those sharing a word, and those near enough
// (a gift of another category sharing no word scores at most 0.25 nearness + 0.3).
// The need's own category is searched in rings of cells outwards, stopping where
// even a perfect gift that far away could not beat the tenth best.
class OfferIndex {
 public:
  explicit OfferIndex(std::vector<Offer> offers);
  // The best `k` gifts for the need, best first (ties by gift id); never the need's
  // own person's; only other generations when the need asks for that. The same
  // answer as scoring every gift and sorting (matching_test checks this).
  std::vector<Match> top(const Need& n, std::size_t k) const;
  std::size_t size() const { return offers_.size(); }

 private:
  std::vector<Offer> offers_;                                    // by category, then id
  std::array<std::pair<std::size_t, std::size_t>, 32> range_{};  // category -> [begin, end)
  std::vector<double> x_, y_;  // km east and north of a fixed origin; NaN without a place
  // What every gift's bound needs, side by side (the gifts themselves are large).
  std::vector<std::uint32_t> availability_;
  std::vector<double> reciprocity_;  // 0.5 / (1 + connections)
  std::vector<std::int64_t> person_;
  std::vector<AgeBand> age_;
  std::unordered_map<std::int64_t, std::vector<std::uint32_t>> grid_;  // 1 km cells -> gifts placed there
  std::vector<std::uint32_t> unplaced_;                                // gifts with no place
  // The same per category, for searching a need's own category nearest first.
  struct Slot {  // one gift in a cell, with what its bound needs, packed together
    std::uint32_t index;
    std::uint32_t availability;
    float x, y, reciprocity;
    AgeBand age;
    std::int64_t person;
  };
  std::array<std::unordered_map<std::int64_t, std::vector<Slot>>, 32> category_grid_;
  std::array<std::vector<std::uint32_t>, 32> category_unplaced_;
  std::int64_t min_cx_ = 0, max_cx_ = -1, min_cy_ = 0, max_cy_ = -1;       // the grid's extent
  std::unordered_map<std::uint16_t, std::vector<std::uint32_t>> by_word_;  // every gift with the word
  std::unordered_map<std::uint16_t, std::vector<std::uint32_t>> unplaced_by_word_;
  std::unordered_map<std::int64_t, std::vector<std::uint32_t>> word_cells_;  // (word, cell) -> placed gifts
};

}  // namespace kith::timebank
