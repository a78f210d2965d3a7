#include "directory/search_index.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

namespace kith::directory {

namespace {

constexpr double kDegToRad = M_PI / 180.0;
// Grid cells of 0.01 degrees of latitude by 0.016 of longitude: about 1.1 km square
// across England.
constexpr double kCellLat = 0.01;
constexpr double kCellLon = 0.016;

std::int64_t cell_row(double lat) { return static_cast<std::int64_t>(std::floor(lat / kCellLat)); }
std::int64_t cell_col(double lon) { return static_cast<std::int64_t>(std::floor(lon / kCellLon)); }
std::uint64_t cell_key(std::int64_t row, std::int64_t col) {
  return (static_cast<std::uint64_t>(row + (1 << 20)) << 32) | static_cast<std::uint32_t>(col + (1 << 20));
}

bool is_word_byte(unsigned char c) { return std::isalnum(c) != 0 || c >= 0x80; }

// The first position at or after `from` in ascending `list` whose value is at least
// `value`: galloping from `from`, so a walk through the list in order stays cheap.
std::size_t gallop(std::span<const std::uint32_t> list, std::size_t from, std::uint32_t value) {
  std::size_t step = 1, low = from;
  while (from + step < list.size() && list[from + step] < value) {
    low = from + step;
    step *= 2;
  }
  if (low < list.size() && list[low] >= value) return low;
  auto end = list.begin() + static_cast<std::ptrdiff_t>(std::min(from + step, list.size()));
  return static_cast<std::size_t>(std::lower_bound(list.begin() + static_cast<std::ptrdiff_t>(low), end, value) -
                                  list.begin());
}

template <typename T>
void csr_push(std::vector<std::uint32_t>& start, const std::vector<T>& flat) {
  start.push_back(static_cast<std::uint32_t>(flat.size()));
}

}  // namespace

double sphere_distance_m(double lat1, double lon1, double coslat1, double lat2, double lon2, double coslat2) {
  double dlat = (lat2 - lat1) * kDegToRad, dlon = (lon2 - lon1) * kDegToRad;
  double half_lat = std::sin(dlat / 2), half_lon = std::sin(dlon / 2);
  double a = half_lat * half_lat + coslat1 * coslat2 * half_lon * half_lon;
  return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(a)));
}

double sphere_distance_m(double lat1, double lon1, double lat2, double lon2) {
  return sphere_distance_m(lat1, lon1, std::cos(lat1 * kDegToRad), lat2, lon2, std::cos(lat2 * kDegToRad));
}

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (is_word_byte(c)) {
      cur += c < 0x80 ? static_cast<char>(std::tolower(c)) : ch;
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::uint8_t day_bits(std::string_view byday) {
  static const char* const days[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
  std::uint8_t bits = 0;
  for (int i = 0; i < 7; ++i)
    if (byday.find(days[i]) != std::string_view::npos) bits |= 1 << i;
  return bits;
}

std::optional<int> minutes_of(std::string_view time) {
  auto t = normalise_time(std::string(time));
  if (!t) return std::nullopt;
  return std::stoi(t->substr(0, 2)) * 60 + std::stoi(t->substr(3, 2));
}

// A query with its words and filters turned into the index's numbers.
struct SearchIndex::Filter {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> word_ranges;  // [first, last) word numbers
  std::optional<std::uint16_t> term;
  std::optional<double> age;
  std::uint8_t day = 0;
  std::optional<int> start, end;
  bool free_only = false;
  std::uint8_t access = 0;
  bool nothing = false;  // a word or term the index does not hold: no service can match
};

SearchIndex::SearchIndex(std::vector<IndexedService> services) {
  // Services are numbered in the order of their first place's grid cell (placeless
  // last), so a cell's services are one run of numbers and a posting list can be cut
  // to a cell by binary search; name order is kept beside (name_rank_).
  std::vector<std::uint64_t> first_cell(services.size(), std::numeric_limits<std::uint64_t>::max());
  for (std::size_t i = 0; i < services.size(); ++i)
    if (!services[i].places.empty())
      first_cell[i] = cell_key(cell_row(services[i].places[0].lat), cell_col(services[i].places[0].lon));
  std::vector<std::uint32_t> order(services.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (first_cell[a] != first_cell[b]) return first_cell[a] < first_cell[b];
    const auto& x = services[a];
    const auto& y = services[b];
    return x.name != y.name ? x.name < y.name : x.id < y.id;
  });

  // Words: numbered as first seen, then renumbered in sorted order so that every
  // prefix is one range of numbers. Each text is dropped once read.
  std::unordered_map<std::string, std::uint32_t> seen;
  doc_word_start_.reserve(order.size() + 1);
  for (std::uint32_t d = 0; d < order.size(); ++d) {
    csr_push(doc_word_start_, doc_words_);
    std::string& text = services[order[d]].text;
    for (auto& w : words_of(text)) {
      auto [it, added] = seen.try_emplace(std::move(w), static_cast<std::uint32_t>(seen.size()));
      doc_words_.push_back(it->second);
    }
    std::string().swap(text);
  }
  csr_push(doc_word_start_, doc_words_);
  {
    std::vector<std::pair<std::string, std::uint32_t>> sorted(seen.begin(), seen.end());
    seen.clear();
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::uint32_t> renumber(sorted.size());
    words_.reserve(sorted.size());
    for (std::uint32_t i = 0; i < sorted.size(); ++i) {
      renumber[sorted[i].second] = i;
      words_.push_back(std::move(sorted[i].first));
    }
    // Renumber, sort and deduplicate each doc's words, compacting in place.
    std::uint32_t out = 0;
    for (std::uint32_t d = 0; d < order.size(); ++d) {
      auto b = doc_words_.begin() + doc_word_start_[d], e = doc_words_.begin() + doc_word_start_[d + 1];
      for (auto it = b; it != e; ++it) *it = renumber[*it];
      std::sort(b, e);
      auto last = std::unique(b, e);
      doc_word_start_[d] = out;
      for (auto it = b; it != last; ++it) doc_words_[out++] = *it;
    }
    doc_word_start_[order.size()] = out;
    doc_words_.resize(out);
    doc_words_.shrink_to_fit();
  }
  std::vector<std::uint32_t> word_count(words_.size() + 1, 0);
  for (auto w : doc_words_) ++word_count[w];
  word_start_.assign(words_.size() + 1, 0);
  for (std::size_t w = 0; w < words_.size(); ++w) word_start_[w + 1] = word_start_[w] + word_count[w];
  word_docs_.resize(doc_words_.size());
  {
    std::vector<std::uint32_t> fill(word_start_.begin(), word_start_.end() - 1);
    for (std::uint32_t d = 0; d < order.size(); ++d)
      for (auto i = doc_word_start_[d]; i < doc_word_start_[d + 1]; ++i) word_docs_[fill[doc_words_[i]]++] = d;
  }

  // Everything else, doc by doc.
  std::unordered_map<std::string, std::uint16_t> term_numbers;
  std::vector<std::vector<std::uint32_t>> term_postings;
  ids_.reserve(order.size());
  names_.reserve(order.size());
  for (std::uint32_t d = 0; d < order.size(); ++d) {
    IndexedService& s = services[order[d]];
    ids_.push_back(std::move(s.id));
    names_.push_back(std::move(s.name));
    csr_push(doc_term_start_, doc_terms_);
    std::sort(s.terms.begin(), s.terms.end());
    s.terms.erase(std::unique(s.terms.begin(), s.terms.end()), s.terms.end());
    for (const auto& t : s.terms) {
      auto [it, added] = term_numbers.emplace(t, static_cast<std::uint16_t>(terms_.size()));
      if (added) {
        terms_.push_back(t);
        term_postings.emplace_back();
      }
      doc_terms_.push_back(it->second);
      term_postings[it->second].push_back(d);
    }
    min_age_.push_back(s.minimum_age ? static_cast<float>(*s.minimum_age) : std::numeric_limits<float>::quiet_NaN());
    max_age_.push_back(s.maximum_age ? static_cast<float>(*s.maximum_age) : std::numeric_limits<float>::quiet_NaN());
    csr_push(opening_start_, openings_);
    openings_.insert(openings_.end(), s.openings.begin(), s.openings.end());
    free_.push_back(s.free ? 1 : 0);
    access_.push_back(s.access);
    csr_push(place_start_, places_);
    for (std::size_t i = 0; i < s.places.size(); ++i) {
      places_.push_back({s.places[i].lat, s.places[i].lon, std::cos(s.places[i].lat * kDegToRad), d});
      place_ids_.push_back(i < s.place_ids.size() ? std::move(s.place_ids[i]) : std::string());
    }
    s = IndexedService{};
  }
  csr_push(doc_term_start_, doc_terms_);
  csr_push(opening_start_, openings_);
  csr_push(place_start_, places_);
  term_start_.push_back(0);
  for (const auto& p : term_postings) {
    term_docs_.insert(term_docs_.end(), p.begin(), p.end());
    csr_push(term_start_, term_docs_);
  }

  // The grid: place numbers sorted by cell.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> by_cell;
  by_cell.reserve(places_.size());
  for (std::uint32_t i = 0; i < places_.size(); ++i)
    by_cell.emplace_back(cell_key(cell_row(places_[i].lat), cell_col(places_[i].lon)), i);
  std::sort(by_cell.begin(), by_cell.end());
  for (const auto& [key, place] : by_cell) {
    if (cell_keys_.empty() || cell_keys_.back() != key) {
      cell_keys_.push_back(key);
      csr_push(cell_start_, cell_places_);
      csr_push(cell_several_start_, cell_several_);
    }
    cell_places_.push_back(place);
    std::uint32_t doc = places_[place].doc;
    if (place_start_[doc + 1] - place_start_[doc] > 1) cell_several_.push_back(place);
  }
  csr_push(cell_start_, cell_places_);
  csr_push(cell_several_start_, cell_several_);

  // Each cell's run of services (those whose first place lies in it).
  cell_first_doc_.assign(cell_keys_.size(), 0);
  cell_end_doc_.assign(cell_keys_.size(), 0);
  for (std::uint32_t d = 0; d < order.size(); ++d) {
    if (place_start_[d] == place_start_[d + 1]) continue;
    const Point& p = places_[place_start_[d]];
    auto c = static_cast<std::size_t>(
        std::lower_bound(cell_keys_.begin(), cell_keys_.end(), cell_key(cell_row(p.lat), cell_col(p.lon))) -
        cell_keys_.begin());
    if (cell_end_doc_[c] == 0) cell_first_doc_[c] = d;
    cell_end_doc_[c] = d + 1;
  }

  // Name order.
  by_name_.resize(order.size());
  std::iota(by_name_.begin(), by_name_.end(), 0);
  std::sort(by_name_.begin(), by_name_.end(), [&](std::uint32_t a, std::uint32_t b) {
    return names_[a] != names_[b] ? names_[a] < names_[b] : ids_[a] < ids_[b];
  });
  name_rank_.resize(order.size());
  for (std::uint32_t i = 0; i < by_name_.size(); ++i) name_rank_[by_name_[i]] = i;
}

bool SearchIndex::answers(const ServiceQuery& q) {
  return q.taxonomy_id.empty() && q.organization_id.empty() && q.modified_after.empty() && !q.minimum_age &&
         !q.maximum_age;
}

geo::Point SearchIndex::place(std::uint32_t doc, std::uint32_t i) const {
  const Point& p = places_[place_start_[doc] + i];
  return {p.lon, p.lat};
}

const std::string& SearchIndex::place_id(std::uint32_t doc, std::uint32_t i) const {
  return place_ids_[place_start_[doc] + i];
}

bool SearchIndex::has_term(std::uint32_t doc, std::string_view term_id) const {
  for (auto i = doc_term_start_[doc]; i < doc_term_start_[doc + 1]; ++i)
    if (terms_[doc_terms_[i]] == term_id) return true;
  return false;
}

std::uint8_t SearchIndex::days(std::uint32_t doc) const {
  std::uint8_t bits = 0;
  for (auto i = opening_start_[doc]; i < opening_start_[doc + 1]; ++i) bits |= openings_[i].days;
  return bits;
}

std::size_t SearchIndex::memory_bytes() const {
  auto strings = [](const std::vector<std::string>& v) {
    std::size_t n = v.capacity() * sizeof(std::string);
    for (const auto& s : v)
      if (s.capacity() > 15) n += s.capacity() + 1;
    return n;
  };
  auto vec = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  return strings(ids_) + strings(names_) + strings(words_) + strings(terms_) + strings(place_ids_) + vec(word_start_) +
         vec(word_docs_) + vec(doc_word_start_) + vec(doc_words_) + vec(term_start_) + vec(term_docs_) +
         vec(doc_term_start_) + vec(doc_terms_) + vec(min_age_) + vec(max_age_) + vec(opening_start_) + vec(openings_) +
         vec(free_) + vec(access_) + vec(place_start_) + vec(places_) + vec(cell_keys_) + vec(cell_start_) +
         vec(cell_places_);
}

std::optional<SearchIndex::Filter> SearchIndex::make_filter(const ServiceQuery& q) const {
  if (!answers(q)) return std::nullopt;
  Filter f;
  for (const auto& typed : q.words) {
    for (const auto& w : words_of(typed)) {
      // Every word starting with w lies in [w, the next string after all of them).
      auto first = std::lower_bound(words_.begin(), words_.end(), w);
      std::string after = w;
      while (!after.empty() && static_cast<unsigned char>(after.back()) == 0xFF) after.pop_back();
      if (!after.empty()) after.back() = static_cast<char>(static_cast<unsigned char>(after.back()) + 1);
      auto last = after.empty() ? words_.end() : std::lower_bound(first, words_.end(), after);
      if (first == last) f.nothing = true;
      f.word_ranges.emplace_back(static_cast<std::uint32_t>(first - words_.begin()),
                                 static_cast<std::uint32_t>(last - words_.begin()));
    }
  }
  if (!q.taxonomy_term_id.empty()) {
    auto it = std::find(terms_.begin(), terms_.end(), q.taxonomy_term_id);
    if (it == terms_.end())
      f.nothing = true;
    else
      f.term = static_cast<std::uint16_t>(it - terms_.begin());
  }
  f.age = q.age;
  if (!q.day.empty()) f.day = day_bits(q.day);
  if (!q.start_time.empty()) f.start = minutes_of(q.start_time);
  if (!q.end_time.empty()) f.end = minutes_of(q.end_time);
  f.free_only = q.free_only;
  f.access = q.access;
  return f;
}

bool SearchIndex::matches(std::uint32_t doc, const Filter& f, const Docs* known) const {
  if (f.term && !(known && known->term)) {
    bool found = false;
    for (auto i = doc_term_start_[doc]; i < doc_term_start_[doc + 1] && !found; ++i) found = doc_terms_[i] == *f.term;
    if (!found) return false;
  }
  if (f.age) {
    // Open to a person of this age: no limit, or a limit that admits them.
    if (!std::isnan(min_age_[doc]) && min_age_[doc] > *f.age) return false;
    if (!std::isnan(max_age_[doc]) && max_age_[doc] < *f.age) return false;
  }
  if (f.day || f.start || f.end) {
    bool open = false;
    for (auto i = opening_start_[doc]; i < opening_start_[doc + 1] && !open; ++i) {
      const Opening& o = openings_[i];
      open = (!f.day || (o.days & f.day)) && (!f.start || o.opens >= *f.start) && (!f.end || o.closes <= *f.end);
    }
    if (!open) return false;
  }
  if (f.free_only && !free_[doc]) return false;
  if ((access_[doc] & f.access) != f.access) return false;
  // Words last: the dearest check.
  for (std::size_t w = 0; w < f.word_ranges.size(); ++w) {
    if (known && known->word == w) continue;
    const auto& [first, last] = f.word_ranges[w];
    auto b = doc_words_.begin() + doc_word_start_[doc], e = doc_words_.begin() + doc_word_start_[doc + 1];
    auto it = std::lower_bound(b, e, first);
    if (it == e || *it >= last) return false;
  }
  return true;
}

std::optional<SearchIndex::Docs> SearchIndex::candidates(const Filter& f, std::size_t at_most) const {
  // The shortest posting list among the words and the term; the others are checked doc by doc.
  std::size_t best = at_most + 1;
  std::optional<std::size_t> best_words;
  bool best_is_term = false;
  for (std::size_t w = 0; w < f.word_ranges.size(); ++w) {
    std::size_t n = word_start_[f.word_ranges[w].second] - word_start_[f.word_ranges[w].first];
    if (n < best) {
      best = n;
      best_words = w;
      best_is_term = false;
    }
  }
  if (f.term) {
    std::size_t n = term_start_[*f.term + 1] - term_start_[*f.term];
    if (n < best) {
      best = n;
      best_is_term = true;
    }
  }
  if (best > at_most) return std::nullopt;
  Docs docs;
  // One list (a term's, or one word's) is held in order: it is read where it is.
  if (best_is_term) {
    docs.held = std::span<const std::uint32_t>(term_docs_).subspan(term_start_[*f.term], best);
    docs.term = true;
    return docs;
  }
  docs.word = best_words;
  auto [first, last] = f.word_ranges[*best_words];
  if (last - first <= 1) {
    docs.held = std::span<const std::uint32_t>(word_docs_).subspan(word_start_[first], best);
    return docs;
  }
  docs.merged = merge_words(first, last, best);
  docs.held = *docs.merged;
  return docs;
}

std::shared_ptr<const std::vector<std::uint32_t>> SearchIndex::merge_words(std::uint32_t first, std::uint32_t last,
                                                                           std::size_t postings) const {
  {
    std::lock_guard<std::mutex> lock(merged_->mutex);
    if (auto it = merged_->lists.find({first, last}); it != merged_->lists.end()) return it->second;
  }
  auto made = std::make_shared<std::vector<std::uint32_t>>();
  std::vector<std::uint32_t>& out = *made;
  auto b = word_docs_.begin() + word_start_[first], e = word_docs_.begin() + word_start_[last];
  if (postings < ids_.size() / 64) {
    out.assign(b, e);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  } else {
    // Many docs: through a bitmap, in order.
    std::vector<std::uint64_t> bits((ids_.size() + 63) / 64, 0);
    for (auto it = b; it != e; ++it) bits[*it >> 6] |= std::uint64_t{1} << (*it & 63);
    out.reserve(postings);
    for (std::size_t w = 0; w < bits.size(); ++w)
      for (std::uint64_t x = bits[w]; x; x &= x - 1)
        out.push_back(static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(x))));
  }
  out.shrink_to_fit();
  std::lock_guard<std::mutex> lock(merged_->mutex);
  std::size_t size = out.size() * sizeof(std::uint32_t);
  if (merged_->bytes + size > kMergedBytes) {
    merged_->lists.clear();
    merged_->bytes = 0;
  }
  if (size <= kMergedBytes && merged_->lists.emplace(std::pair{first, last}, made).second) merged_->bytes += size;
  return made;
}

template <typename Fn>
void SearchIndex::each_cell_near(double lat, double lon, double r, Fn fn) const {
  double dlat = r / (kEarthRadiusM * kDegToRad);
  double coslat = std::max(0.01, std::cos((std::abs(lat) + dlat) * kDegToRad));
  double dlon = std::min(180.0, dlat / coslat);
  auto col0 = cell_col(lon - dlon), col1 = cell_col(lon + dlon);
  for (auto row = cell_row(lat - dlat); row <= cell_row(lat + dlat); ++row) {
    // Cells sort by row, then column: a row's cells in the box are one run.
    auto it = std::lower_bound(cell_keys_.begin(), cell_keys_.end(), cell_key(row, col0));
    for (; it != cell_keys_.end() && *it <= cell_key(row, col1); ++it)
      fn(static_cast<std::size_t>(it - cell_keys_.begin()), row,
         static_cast<std::int64_t>(*it & 0xFFFFFFFFu) - (1 << 20));
  }
}

template <typename Fn>
void SearchIndex::each_place_near(double lat, double lon, double r, Fn fn) const {
  double dlat = r / (kEarthRadiusM * kDegToRad);
  const double coslat = std::cos(lat * kDegToRad);
  each_cell_near(lat, lon, r, [&](std::size_t c, std::int64_t, std::int64_t) {
    for (auto i = cell_start_[c]; i < cell_start_[c + 1]; ++i) {
      const Point& p = places_[cell_places_[i]];
      if (std::abs(p.lat - lat) <= dlat && sphere_distance_m(lat, lon, coslat, p.lat, p.lon, p.coslat) <= r)
        fn(cell_places_[i]);
    }
  });
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> SearchIndex::places_within(const geo::Point& centre,
                                                                                double radius_m) const {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  each_place_near(centre.lat, centre.lon, radius_m,
                  [&](std::uint32_t i) { out.emplace_back(places_[i].doc, i - place_start_[places_[i].doc]); });
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> SearchIndex::terms(std::uint32_t doc) const {
  std::vector<std::string> out;
  for (auto i = doc_term_start_[doc]; i < doc_term_start_[doc + 1]; ++i) out.push_back(terms_[doc_terms_[i]]);
  return out;
}

IndexHit SearchIndex::nearest_place(std::uint32_t doc, const Centre& c) const {
  IndexHit h{doc, std::nullopt, 0};
  for (auto i = place_start_[doc]; i < place_start_[doc + 1]; ++i) {
    const Point& p = places_[i];
    double m = sphere_distance_m(c.lat, c.lon, c.coslat, p.lat, p.lon, p.coslat);
    if (!h.distance_m || m < *h.distance_m) h = {doc, m, i - place_start_[doc]};
  }
  return h;
}

bool SearchIndex::before(const IndexHit& a, const IndexHit& b) const {
  // Nearest first; services with no place last; then by name.
  if (a.distance_m.has_value() != b.distance_m.has_value()) return a.distance_m.has_value();
  if (a.distance_m && *a.distance_m != *b.distance_m) return *a.distance_m < *b.distance_m;
  return name_rank_[a.doc] < name_rank_[b.doc];
}

IndexResult SearchIndex::page_of(std::vector<IndexHit> found, std::size_t from, std::size_t want) const {
  IndexResult out;
  out.total = static_cast<std::int64_t>(found.size());
  if (from >= found.size()) return out;
  std::size_t end = std::min(want, found.size());
  auto cmp = [this](const IndexHit& a, const IndexHit& b) { return before(a, b); };
  std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(end), found.end(), cmp);
  out.hits.assign(found.begin() + static_cast<std::ptrdiff_t>(from), found.begin() + static_cast<std::ptrdiff_t>(end));
  return out;
}

IndexResult SearchIndex::run(const ServiceQuery& q, const std::optional<geo::Point>& centre, bool page) const {
  auto f = make_filter(q);
  if (!f || f->nothing) return {};
  std::size_t from = page ? static_cast<std::size_t>(q.page - 1) * q.per_page : 0;
  std::size_t want = page ? from + q.per_page : 0;

  if (!centre) {
    auto docs = candidates(*f, ids_.size());
    if (!docs) {
      // Every service, in name order: the page falls out as it goes.
      IndexResult out;
      for (auto d : by_name_) {
        if (!matches(d, *f)) continue;
        if (static_cast<std::size_t>(out.total) >= from && static_cast<std::size_t>(out.total) < want)
          out.hits.push_back({d, std::nullopt, 0});
        ++out.total;
      }
      return out;
    }
    std::vector<IndexHit> found;
    for (auto d : docs->all())
      if (matches(d, *f, &*docs)) found.push_back({d, std::nullopt, 0});
    return page_of(std::move(found), from, want);
  }

  const double lat = centre->lat, lon = centre->lon;
  const Centre at{lat, lon, std::cos(lat * kDegToRad)};
  if (!q.proximity_m) {
    // Everything matching, nearest first.
    std::vector<IndexHit> found;
    auto consider = [&](std::uint32_t d, const Docs* known) {
      if (matches(d, *f, known)) found.push_back(nearest_place(d, at));
    };
    if (auto docs = candidates(*f, ids_.size())) {
      for (auto d : docs->all()) consider(d, &*docs);
    } else {
      for (std::uint32_t d = 0; d < ids_.size(); ++d) consider(d, nullptr);
    }
    return page_of(std::move(found), from, want);
  }

  // Within a distance: from the shortest list cut to the cells near the centre, or
  // from the cells' places when the list is longer than ten times their number.
  const double r = *q.proximity_m;
  std::size_t near_places = 0;
  each_cell_near(lat, lon, r, [&](std::size_t c, std::int64_t, std::int64_t) {
    near_places += cell_start_[c + 1] - cell_start_[c];
  });
  auto docs = candidates(*f, near_places * 10);
  return nearest_in_grid(*f, docs ? &*docs : nullptr, at, r, from, want);
}

// The grid search: cells in order of their nearest edge, so that only the places
// that could still make the page need their exact distance; the rest are counted.
// A cell wholly inside the circle needs no distance for the count at all. Services
// with several places (few) are weighed apart, at their nearest. With `docs`, only
// those in each cell are weighed.
IndexResult SearchIndex::nearest_in_grid(const Filter& f, const Docs* docs, const Centre& centre, double r,
                                         std::size_t from, std::size_t want) const {
  const double lat = centre.lat, lon = centre.lon;
  struct Cell {
    double min_m, max_m;
    std::size_t index;
    std::size_t from, to;  // with `docs`: the cell's run of them
  };
  const auto list = docs ? docs->all() : std::span<const std::uint32_t>{};
  // The haversine's parts for the cells' edges, worked out once a row and once a
  // column, so a cell's bounds need no trigonometry but two arcsines.
  auto half_sq = [](double degrees) {
    double s = std::sin(degrees * kDegToRad / 2);
    return s * s;
  };
  auto metres = [](double a) { return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(a))); };
  struct Edges {
    double near = 0, far0 = 0, far1 = 0;  // lat: the nearest edge's part, each edge's
    double cos_near = 0, cos0 = 0, cos1 = 0;
  };
  auto edges_of = [&](double low, double high, double at, bool is_lat) {
    Edges e;
    e.far0 = half_sq(low - at);
    e.far1 = half_sq(high - at);
    e.near = at < low ? e.far0 : at > high ? e.far1 : 0;
    if (is_lat) {
      e.cos0 = std::cos(low * kDegToRad);
      e.cos1 = std::cos(high * kDegToRad);
      e.cos_near = at < low ? e.cos0 : at > high ? e.cos1 : centre.coslat;
    }
    return e;
  };
  std::vector<Cell> cells;
  std::size_t at = 0;  // cells come in the order of their docs: the list is walked once
  std::int64_t row_now = std::numeric_limits<std::int64_t>::min();
  Edges row_edges;
  std::vector<std::pair<std::int64_t, Edges>> col_edges;  // by column, as first met
  each_cell_near(lat, lon, r, [&](std::size_t c, std::int64_t row, std::int64_t col) {
    if (row != row_now) {
      row_now = row;
      double lat0 = static_cast<double>(row) * kCellLat;
      row_edges = edges_of(lat0, lat0 + kCellLat, lat, true);
    }
    auto it = std::find_if(col_edges.begin(), col_edges.end(), [&](const auto& e) { return e.first == col; });
    if (it == col_edges.end()) {
      double lon0 = static_cast<double>(col) * kCellLon;
      col_edges.emplace_back(col, edges_of(lon0, lon0 + kCellLon, lon, false));
      it = col_edges.end() - 1;
    }
    const Edges& x = it->second;
    // Bounds with a margin: the nearest point of a cell is the centre clamped to it,
    // to well within 0.5% at this scale; the farthest is a corner.
    double near_m = metres(row_edges.near + centre.coslat * row_edges.cos_near * x.near);
    double far_a = std::max({row_edges.far0 + centre.coslat * row_edges.cos0 * std::max(x.far0, x.far1),
                             row_edges.far1 + centre.coslat * row_edges.cos1 * std::max(x.far0, x.far1)});
    double min_m = near_m * 0.995 - 1, max_m = metres(far_a) * 1.005 + 1;
    std::size_t from = 0, to = 0;
    if (docs && cell_end_doc_[c] > cell_first_doc_[c]) {
      from = gallop(list, at, cell_first_doc_[c]);
      to = at = gallop(list, from, cell_end_doc_[c]);
    }
    if (min_m <= r) cells.push_back({min_m, max_m, c, from, to});
  });
  std::sort(cells.begin(), cells.end(), [](const Cell& a, const Cell& b) { return a.min_m < b.min_m; });

  auto cmp = [this](const IndexHit& a, const IndexHit& b) { return before(a, b); };
  std::vector<IndexHit> best;  // a max-heap of the `want` nearest so far
  auto offer = [&](const IndexHit& h) {
    if (best.size() < want) {
      best.push_back(h);
      std::push_heap(best.begin(), best.end(), cmp);
    } else if (want > 0 && cmp(h, best.front())) {
      std::pop_heap(best.begin(), best.end(), cmp);
      best.back() = h;
      std::push_heap(best.begin(), best.end(), cmp);
    }
  };
  IndexResult out;
  std::unordered_set<std::uint32_t> several_seen;
  for (const auto& cell : cells) {
    // Services with several places, once each, at their nearest.
    for (auto i = cell_several_start_[cell.index]; i < cell_several_start_[cell.index + 1]; ++i) {
      std::uint32_t doc = places_[cell_several_[i]].doc;
      if (!several_seen.insert(doc).second) continue;
      if (docs && !std::binary_search(list.begin(), list.end(), doc)) continue;
      if (!matches(doc, f, docs)) continue;
      IndexHit h = nearest_place(doc, centre);
      if (*h.distance_m > r) continue;
      ++out.total;
      offer(h);
    }
    bool inside = cell.max_m <= r;
    auto weigh = [&](std::uint32_t doc) {
      if (place_start_[doc + 1] - place_start_[doc] != 1) return;  // several places: above
      const Point& p = places_[place_start_[doc]];
      // Exact distance only when the circle's edge crosses the cell or the place
      // could still be among the nearest.
      bool could_rank = best.size() < want || (want > 0 && cell.min_m <= *best.front().distance_m);
      std::optional<double> m;
      if (!inside || could_rank) {
        m = sphere_distance_m(lat, lon, centre.coslat, p.lat, p.lon, p.coslat);
        if (*m > r) return;
      }
      if (!matches(doc, f, docs)) return;
      ++out.total;
      if (m && could_rank) offer({doc, m, 0});
    };
    // The cell's services are one run of numbers, so their arrays are read in order.
    if (docs) {
      for (std::size_t i = cell.from; i < cell.to; ++i) weigh(list[i]);
    } else {
      for (std::uint32_t doc = cell_first_doc_[cell.index]; doc < cell_end_doc_[cell.index]; ++doc) weigh(doc);
    }
  }
  std::sort(best.begin(), best.end(), cmp);
  if (from < best.size()) out.hits.assign(best.begin() + static_cast<std::ptrdiff_t>(from), best.end());
  return out;
}

IndexResult SearchIndex::search(const ServiceQuery& q, const std::optional<geo::Point>& centre) const {
  return run(q, centre, true);
}

std::int64_t SearchIndex::count(const ServiceQuery& q, const std::optional<geo::Point>& centre) const {
  return run(q, centre, false).total;
}

}  // namespace kith::directory
