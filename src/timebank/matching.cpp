#include "timebank/matching.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <limits>
#include <set>

namespace kith::timebank {

namespace {

constexpr double kOriginLat = 52.5, kKmPerDegree = 111.32;
const double kKmPerDegreeLon = kKmPerDegree * std::cos(kOriginLat * M_PI / 180.0);

// km east and north of a fixed origin: flat, good to well under 1% across a borough.
std::array<double, 2> to_xy(const std::array<double, 2>& place) {
  return {place[1] * kKmPerDegreeLon, (place[0] - kOriginLat) * kKmPerDegree};
}

// The best score a gift of another category can reach.
constexpr double kOtherCategoryBest = 0.45 * 0.4 + 0.25 + 0.15 + 0.15;

// Set bits of a week's times, inline (the build targets CPUs without a popcount instruction).
inline int slots(std::uint32_t v) {
  v = v - ((v >> 1) & 0x55555555u);
  v = (v & 0x33333333u) + ((v >> 2) & 0x33333333u);
  return static_cast<int>((((v + (v >> 4)) & 0x0F0F0F0Fu) * 0x01010101u) >> 24);
}

bool better(const Match& a, const Match& b) { return a.score > b.score || (a.score == b.score && a.offer < b.offer); }

Match score_at(const Offer& o, const Need& n, double ox, double oy, double nx, double ny) {
  Match m;
  m.offer = o.id;
  MatchReasons& r = m.reasons;
  r.same_category = o.category == n.category;
  std::size_t i = 0, j = 0;
  while (i < o.words.size() && j < n.words.size()) {
    if (o.words[i] == n.words[j]) {
      ++r.shared_words;
      ++i;
      ++j;
    } else if (o.words[i] < n.words[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  std::size_t either = o.words.size() + n.words.size() - static_cast<std::size_t>(r.shared_words);
  double jaccard = either ? static_cast<double>(r.shared_words) / static_cast<double>(either) : 0.0;
  r.skill = (r.same_category ? 0.6 : 0.0) + 0.4 * jaccard;
  if (std::isnan(ox) || std::isnan(nx)) {
    r.nearness = 0.3;
  } else {
    double d2 = (ox - nx) * (ox - nx) + (oy - ny) * (oy - ny);
    r.nearness = 1.0 / (1.0 + d2 / 9.0);
    r.km = std::sqrt(d2);
  }
  if (n.availability == 0) {
    r.availability = 1.0;
  } else {
    r.availability =
        static_cast<double>(slots(o.availability & n.availability)) / static_cast<double>(slots(n.availability));
  }
  r.reciprocity = 0.5 / (1.0 + n.connections) + 0.5 / (1.0 + o.connections);
  m.score = 0.45 * r.skill + 0.25 * r.nearness + 0.15 * r.availability + 0.15 * r.reciprocity;
  return m;
}

bool eligible(const Offer& o, const Need& n) {
  if (o.person == n.person) return false;
  return !n.intergenerational || different_generations(o.age, n.age);
}

// Keeps the best k, best first.
void consider(std::vector<Match>& top, std::size_t k, const Match& m) {
  if (top.size() == k && !better(m, top.back())) return;
  auto at = std::upper_bound(top.begin(), top.end(), m, better);
  top.insert(at, m);
  if (top.size() > k) top.pop_back();
}

const std::set<std::string>& stop_words() {
  static const std::set<std::string> words = {"a",     "an",   "and",  "the", "to",   "of",   "for",   "with", "in",
                                              "on",    "at",   "my",   "me",  "i",    "can",  "could", "some", "help",
                                              "who",   "is",   "am",   "be",  "or",   "by",   "from",  "our",  "your",
                                              "would", "like", "need", "it",  "this", "that", "have",  "has"};
  return words;
}

}  // namespace

std::optional<AgeBand> age_band_from_id(const std::string& id) {
  for (AgeBand a : {AgeBand::kUnknown, AgeBand::kUnder25, AgeBand::k25To49, AgeBand::k50To64, AgeBand::k65AndOver})
    if (id == age_band_id(a)) return a;
  return std::nullopt;
}

const char* age_band_id(AgeBand a) {
  switch (a) {
    case AgeBand::kUnder25:
      return "under-25";
    case AgeBand::k25To49:
      return "25-49";
    case AgeBand::k50To64:
      return "50-64";
    case AgeBand::k65AndOver:
      return "65-and-over";
    case AgeBand::kUnknown:
      break;
  }
  return "";
}

bool different_generations(AgeBand a, AgeBand b) {
  bool young_a = a == AgeBand::kUnder25, young_b = b == AgeBand::kUnder25;
  bool older_a = a == AgeBand::k50To64 || a == AgeBand::k65AndOver;
  bool older_b = b == AgeBand::k50To64 || b == AgeBand::k65AndOver;
  return (young_a && older_b) || (older_a && young_b);
}

Match score(const Offer& o, const Need& n) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto ox = o.place ? to_xy(*o.place) : std::array<double, 2>{nan, nan};
  auto nx = n.place ? to_xy(*n.place) : std::array<double, 2>{nan, nan};
  return score_at(o, n, ox[0], ox[1], nx[0], nx[1]);
}

std::vector<std::uint16_t> Vocabulary::words(const std::string& text) {
  std::vector<std::uint16_t> out;
  std::string word;
  auto flush = [&] {
    if (word.size() > 1 && !stop_words().count(word)) {
      auto it = std::find(list_.begin(), list_.end(), word);
      if (it == list_.end() && list_.size() < 65535) {
        list_.push_back(word);
        it = list_.end() - 1;
      }
      if (it != list_.end()) out.push_back(static_cast<std::uint16_t>(it - list_.begin()));
    }
    word.clear();
  };
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else
      flush();
  }
  flush();
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {

std::int64_t cell_key(std::int64_t cx, std::int64_t cy) { return cx * 1000003 + cy; }
std::int64_t word_cell_key(std::uint16_t w, std::int64_t cx, std::int64_t cy) {
  return (static_cast<std::int64_t>(w) << 40) ^ cell_key(cx, cy);
}

}  // namespace

OfferIndex::OfferIndex(std::vector<Offer> offers) : offers_(std::move(offers)) {
  std::sort(offers_.begin(), offers_.end(), [](const Offer& a, const Offer& b) {
    return a.category != b.category ? a.category < b.category : a.id < b.id;
  });
  const double nan = std::numeric_limits<double>::quiet_NaN();
  x_.reserve(offers_.size());
  y_.reserve(offers_.size());
  for (std::size_t i = 0; i < offers_.size(); ++i) {
    auto xy = offers_[i].place ? to_xy(*offers_[i].place) : std::array<double, 2>{nan, nan};
    x_.push_back(xy[0]);
    y_.push_back(xy[1]);
    availability_.push_back(offers_[i].availability);
    reciprocity_.push_back(0.5 / (1.0 + offers_[i].connections));
    person_.push_back(offers_[i].person);
    age_.push_back(offers_[i].age);
    auto& r = range_[offers_[i].category % range_.size()];
    if (r.second == 0) r.first = i;
    r.second = i + 1;
    auto at = static_cast<std::uint32_t>(i);
    std::size_t category = offers_[i].category % range_.size();
    if (offers_[i].place) {
      auto cx = static_cast<std::int64_t>(std::floor(xy[0])), cy = static_cast<std::int64_t>(std::floor(xy[1]));
      grid_[cell_key(cx, cy)].push_back(at);
      category_grid_[category][cell_key(cx, cy)].push_back(
          {at, offers_[i].availability, static_cast<float>(xy[0]), static_cast<float>(xy[1]),
           static_cast<float>(reciprocity_[i]), offers_[i].age, offers_[i].person});
      if (max_cx_ < min_cx_) {
        min_cx_ = max_cx_ = cx;
        min_cy_ = max_cy_ = cy;
      }
      min_cx_ = std::min(min_cx_, cx);
      max_cx_ = std::max(max_cx_, cx);
      min_cy_ = std::min(min_cy_, cy);
      max_cy_ = std::max(max_cy_, cy);
    } else {
      unplaced_.push_back(at);
      category_unplaced_[category].push_back(at);
    }
    for (auto w : offers_[i].words) {
      by_word_[w].push_back(at);
      if (offers_[i].place)
        word_cells_[word_cell_key(w, static_cast<std::int64_t>(std::floor(xy[0])),
                                  static_cast<std::int64_t>(std::floor(xy[1])))]
            .push_back(at);
      else
        unplaced_by_word_[w].push_back(at);
    }
  }
}

std::vector<Match> OfferIndex::top(const Need& n, std::size_t k) const {
  std::vector<Match> best;
  if (k == 0) return best;
  // Asking for another generation without saying one's own: nobody can be chosen.
  if (n.intergenerational && !different_generations(n.age, AgeBand::kUnder25) &&
      !different_generations(n.age, AgeBand::k65AndOver))
    return best;
  best.reserve(k + 1);
  // Which gifts this need has scored already (a stamp per gift, per thread).
  thread_local std::vector<std::uint32_t> stamp;
  thread_local std::uint32_t epoch = 0;
  if (stamp.size() < offers_.size()) stamp.assign(offers_.size(), 0);
  if (++epoch == 0) {
    std::fill(stamp.begin(), stamp.end(), 0);
    epoch = 1;
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto nxy = n.place ? to_xy(*n.place) : std::array<double, 2>{nan, nan};
  const auto own_range = range_[n.category % range_.size()];
  const double need_slots = n.availability ? static_cast<double>(slots(n.availability)) : 0.0;
  const double need_reciprocity = 0.5 / (1.0 + n.connections);
  auto kth = [&] { return best.size() == k ? best.back().score : -1.0; };
  auto visit = [&](std::size_t i) {
    if (stamp[i] == epoch) return;
    stamp[i] = epoch;
    if (person_[i] == n.person || (n.intergenerational && !different_generations(age_[i], n.age))) return;
    if (double t = kth(); t > 0) {
      // The most this gift could score, were every word shared: skip it if below the tenth.
      double near = 0.3;
      if (!std::isnan(x_[i]) && !std::isnan(nxy[0])) {
        double dx = x_[i] - nxy[0], dy = y_[i] - nxy[1];
        near = 1.0 / (1.0 + (dx * dx + dy * dy) / 9.0);
      }
      double avail = n.availability ? slots(availability_[i] & n.availability) / need_slots : 1.0;
      bool same = i >= own_range.first && i < own_range.second;  // gifts are sorted by category
      double most =
          0.45 * ((same ? 0.6 : 0.0) + 0.4) + 0.25 * near + 0.15 * avail + 0.15 * (need_reciprocity + reciprocity_[i]);
      if (most < t) return;
    }
    consider(best, k, score_at(offers_[i], n, x_[i], y_[i], nxy[0], nxy[1]));
  };
  // 1. The need's own category, nearest first: a gift of it in ring r of cells is at
  // least r - 1 km away, so scores at most 0.75 + 0.25 / (1 + (r - 1)^2 / 9).
  const std::size_t category = n.category % range_.size();
  if (!n.place) {
    for (std::size_t i = own_range.first; i < own_range.second; ++i) visit(i);
  } else {
    const auto& cells = category_grid_[category];
    auto cx = static_cast<std::int64_t>(std::floor(nxy[0])), cy = static_cast<std::int64_t>(std::floor(nxy[1]));
    std::int64_t last = std::max({cx - min_cx_, max_cx_ - cx, cy - min_cy_, max_cy_ - cy, std::int64_t{0}});
    // Each gift of the category is met once here: no stamps, and its bound from the
    // packed slot (in single precision, so with a little room to spare).
    const double nx = nxy[0], ny = nxy[1];
    auto cell = [&](std::int64_t x, std::int64_t y) {
      auto it = cells.find(cell_key(x, y));
      if (it == cells.end()) return;
      for (const Slot& s : it->second) {
        if (s.person == n.person || (n.intergenerational && !different_generations(s.age, n.age))) continue;
        double t = kth();
        if (t > 0) {
          double dx = s.x - nx, dy = s.y - ny;
          double avail = n.availability ? slots(s.availability & n.availability) / need_slots : 1.0;
          double most = 0.45 + 0.25 / (1.0 + (dx * dx + dy * dy) / 9.0) + 0.15 * avail +
                        0.15 * (need_reciprocity + s.reciprocity);
          if (most + 1e-4 < t) continue;
        }
        stamp[s.index] = epoch;
        consider(best, k, score_at(offers_[s.index], n, x_[s.index], y_[s.index], nx, ny));
      }
    };
    for (std::int64_t r = 0; r <= last; ++r) {
      double gap = r > 0 ? static_cast<double>(r - 1) : 0.0;
      if (0.75 + 0.25 / (1.0 + gap * gap / 9.0) < kth()) break;
      if (r == 0) {
        cell(cx, cy);
        continue;
      }
      for (std::int64_t x = cx - r; x <= cx + r; ++x) {
        cell(x, cy - r);
        cell(x, cy + r);
      }
      for (std::int64_t y = cy - r + 1; y <= cy + r - 1; ++y) {
        cell(cx - r, y);
        cell(cx + r, y);
      }
    }
    if (kth() <= 0.75 + 0.25 * 0.3)
      for (auto i : category_unplaced_[category]) visit(i);
  }
  if (kth() > kOtherCategoryBest) return best;
  // 2. Other gifts sharing a word with the need: at most 0.18 + 0.25 nearness + 0.3,
  // so, placed, only those within a radius; without a place, nearness counts 0.3.
  auto radius_for = [](double t, double rest) {  // how far a gift can be and still beat t
    double near_min = (t - rest) / 0.25;
    if (near_min <= 0) return std::numeric_limits<double>::infinity();
    if (near_min >= 1) return -1.0;
    return 3.0 * std::sqrt(1.0 / near_min - 1.0);
  };
  auto cells_within = [&](double radius, const std::function<void(std::int64_t, std::int64_t)>& fn) {
    auto lo_x = static_cast<std::int64_t>(std::floor(nxy[0] - radius)),
         hi_x = static_cast<std::int64_t>(std::floor(nxy[0] + radius));
    auto lo_y = static_cast<std::int64_t>(std::floor(nxy[1] - radius)),
         hi_y = static_cast<std::int64_t>(std::floor(nxy[1] + radius));
    for (auto cx = std::max(lo_x, min_cx_); cx <= std::min(hi_x, max_cx_); ++cx)
      for (auto cy = std::max(lo_y, min_cy_); cy <= std::min(hi_y, max_cy_); ++cy) fn(cx, cy);
  };
  {
    double radius = n.place ? radius_for(kth(), 0.18 + 0.3) : std::numeric_limits<double>::infinity();
    for (auto w : n.words) {
      if (std::isinf(radius)) {
        if (auto it = by_word_.find(w); it != by_word_.end())
          for (auto i : it->second) visit(i);
        continue;
      }
      if (radius >= 0)
        cells_within(radius, [&](std::int64_t cx, std::int64_t cy) {
          if (auto it = word_cells_.find(word_cell_key(w, cx, cy)); it != word_cells_.end())
            for (auto i : it->second) visit(i);
        });
      if (kth() <= 0.18 + 0.3 + 0.25 * 0.3)
        if (auto it = unplaced_by_word_.find(w); it != unplaced_by_word_.end())
          for (auto i : it->second) visit(i);
    }
  }
  // 3. The rest share no word: 0.25 nearness + 0.15 availability + 0.15 reciprocity at
  // most. Only those near enough can beat the tenth best; with no place, all or none.
  constexpr double kRestBest = 0.3;  // availability and reciprocity at their best
  double t = kth();
  if (t <= kRestBest + 0.25 * 0.3)  // where either has no place, nearness counts 0.3
    for (auto i : unplaced_) visit(i);
  if (!n.place) {
    if (t <= kRestBest + 0.25 * 0.3)
      for (std::size_t i = 0; i < offers_.size(); ++i) visit(i);
    return best;
  }
  if (t <= kRestBest) {
    for (std::size_t i = 0; i < offers_.size(); ++i) visit(i);
    return best;
  }
  double near_min = (t - kRestBest) / 0.25;
  if (near_min >= 1.0) return best;
  double radius = 3.0 * std::sqrt(1.0 / near_min - 1.0);
  auto lo_x = static_cast<std::int64_t>(std::floor(nxy[0] - radius)),
       hi_x = static_cast<std::int64_t>(std::floor(nxy[0] + radius));
  auto lo_y = static_cast<std::int64_t>(std::floor(nxy[1] - radius)),
       hi_y = static_cast<std::int64_t>(std::floor(nxy[1] + radius));
  if ((hi_x - lo_x + 1) * (hi_y - lo_y + 1) > static_cast<std::int64_t>(grid_.size())) {
    for (const auto& cell : grid_)
      for (auto i : cell.second) visit(i);
  } else {
    for (auto cx = lo_x; cx <= hi_x; ++cx)
      for (auto cy = lo_y; cy <= hi_y; ++cy)
        if (auto it = grid_.find(cell_key(cx, cy)); it != grid_.end())
          for (auto i : it->second) visit(i);
  }
  return best;
}

}  // namespace kith::timebank
