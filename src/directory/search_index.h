#pragma once
// The directory's search index: every service held in memory in compact arrays,
// so a resident's search (words, distance, category, day and time, age, cost,
// access) is answered without the database. Pure: built from data, no I/O. The
// store loads the data (DirectoryStore::index_data) and IndexCache keeps the index
// in step with the database.
//
// Words match as prefixes of the words of a service's name, description,
// organisation and categories ("garden" finds "gardening"), the way PostgreSQL's
// `to_tsquery('simple', 'garden:*')` does. Distances are great-circle distances on
// the sphere PostGIS uses for `geography` with use_spheroid = false.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/geo.h"
#include "directory/directory.h"

namespace kith::directory {

// The mean radius of the WGS84 ellipsoid, in metres (PostGIS's sphere).
inline constexpr double kEarthRadiusM = 6371008.7714150598;
double sphere_distance_m(double lat1, double lon1, double lat2, double lon2);
// The same distance with the cosines of both latitudes already worked out (the index
// keeps each place's; a search works out its centre's once): the same result to the bit.
double sphere_distance_m(double lat1, double lon1, double coslat1, double lat2, double lon2, double coslat2);

// Words of a text for indexing and for queries: lower-case runs of letters and
// digits (bytes of UTF-8 letters count as letters), in order, repeats kept.
std::vector<std::string> words_of(std::string_view text);

// One weekly opening: days as bits (Monday = 1 ... Sunday = 64) and minutes after
// midnight.
struct Opening {
  std::uint8_t days = 0;
  std::uint16_t opens = 0;
  std::uint16_t closes = 24 * 60;
};
// "MO,TH" -> Monday | Thursday; unknown parts are ignored.
std::uint8_t day_bits(std::string_view byday);
// "09:30:00" -> 570; nullopt if not a time.
std::optional<int> minutes_of(std::string_view time);

// One service as the index needs it.
struct IndexedService {
  std::string id;
  std::string name;
  std::string text;                // words to search: name, description, organisation, categories
  std::vector<std::string> terms;  // taxonomy term ids
  std::optional<double> minimum_age;
  std::optional<double> maximum_age;
  std::vector<Opening> openings;
  bool free = false;
  std::uint8_t access = 0;             // AccessFeature bits over its places
  std::vector<geo::Point> places;      // where it runs
  std::vector<std::string> place_ids;  // the location id of each place
};

struct IndexHit {
  std::uint32_t doc = 0;
  std::optional<double> distance_m;  // to its nearest place, with a centre
  std::uint32_t place = 0;           // which of its places is nearest
};

struct IndexResult {
  std::int64_t total = 0;
  std::vector<IndexHit> hits;  // the page asked for, nearest first with a centre, else by name
};

class SearchIndex {
 public:
  SearchIndex() = default;
  explicit SearchIndex(std::vector<IndexedService> services);

  // Whether the index answers every filter of `q` (the Open Referral API has a few
  // it leaves to the database: taxonomy, organisation, modified after, ORUK ages).
  static bool answers(const ServiceQuery& q);
  // Services matching `q`, page q.page of q.per_page. With a centre, nearest first
  // (q.proximity_m, if set, limits the distance); without, by name.
  IndexResult search(const ServiceQuery& q, const std::optional<geo::Point>& centre) const;
  // How many services match `q` (the page is ignored) — the cheap form of search().
  std::int64_t count(const ServiceQuery& q, const std::optional<geo::Point>& centre) const;

  std::size_t size() const { return ids_.size(); }
  const std::string& id(std::uint32_t doc) const { return ids_[doc]; }
  const std::string& name(std::uint32_t doc) const { return names_[doc]; }
  // A place of a service: its point and location id.
  geo::Point place(std::uint32_t doc, std::uint32_t i) const;
  const std::string& place_id(std::uint32_t doc, std::uint32_t i) const;
  std::uint32_t place_count(std::uint32_t doc) const { return place_start_[doc + 1] - place_start_[doc]; }
  // Every place within `radius_m` of `centre`, as (service, which of its places).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> places_within(const geo::Point& centre, double radius_m) const;
  // A service's taxonomy terms; whether it carries one; the days it is open (bits).
  std::vector<std::string> terms(std::uint32_t doc) const;
  bool has_term(std::uint32_t doc, std::string_view term_id) const;
  std::uint8_t days(std::uint32_t doc) const;
  // Bytes held, roughly: for the benchmark's memory column.
  std::size_t memory_bytes() const;

 private:
  struct Point {
    double lat;
    double lon;
    double coslat;  // cos(lat), for distances
    std::uint32_t doc;
  };
  // A search's centre, with the cosine of its latitude.
  struct Centre {
    double lat;
    double lon;
    double coslat;
  };
  // The docs a search weighs, ascending: a posting list as held, or several words'
  // lists merged (and kept alive by `merged`).
  struct Docs {
    std::span<const std::uint32_t> held;
    std::shared_ptr<const std::vector<std::uint32_t>> merged;
    // Which of the filter's word ranges (or its term) the docs all match already.
    std::optional<std::size_t> word;
    bool term = false;
    std::span<const std::uint32_t> all() const { return held; }
  };
  // Lists merged for a prefix many words share ("walk": walk, walks, walking, ...),
  // kept once made, up to kMergedBytes: residents search a small vocabulary again
  // and again, and merging a common prefix's lists costs more than the rest of a
  // search. Emptied when full.
  static constexpr std::size_t kMergedBytes = 64u << 20;
  struct MergedLists {
    std::mutex mutex;
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::shared_ptr<const std::vector<std::uint32_t>>> lists;
    std::size_t bytes = 0;
  };
  std::shared_ptr<const std::vector<std::uint32_t>> merge_words(std::uint32_t first, std::uint32_t last,
                                                                std::size_t postings) const;
  struct Filter;
  // Whether `doc` passes every part of `f` except what `known` already holds for it.
  bool matches(std::uint32_t doc, const Filter& f, const Docs* known = nullptr) const;
  std::optional<Filter> make_filter(const ServiceQuery& q) const;
  // The docs of the shortest posting list among the query's words and term, in
  // ascending order; nullopt when none is shorter than `at_most`.
  std::optional<Docs> candidates(const Filter& f, std::size_t at_most) const;
  // Calls fn(cell number, row, column) for every non-empty grid cell in the box
  // around the circle of r metres about (lat, lon).
  template <typename Fn>
  void each_cell_near(double lat, double lon, double r, Fn fn) const;
  // Calls fn(place number) for every place within r of (lat, lon), using the grid.
  template <typename Fn>
  void each_place_near(double lat, double lon, double r, Fn fn) const;
  IndexHit nearest_place(std::uint32_t doc, const Centre& c) const;
  // The order of results: nearest first, placeless last, then by name.
  bool before(const IndexHit& a, const IndexHit& b) const;
  // Page [from, want) of `found` in that order, with the total.
  IndexResult page_of(std::vector<IndexHit> found, std::size_t from, std::size_t want) const;
  IndexResult nearest_in_grid(const Filter& f, const Docs* docs, const Centre& c, double r, std::size_t from,
                              std::size_t want) const;
  IndexResult run(const ServiceQuery& q, const std::optional<geo::Point>& centre, bool page) const;

  std::vector<std::string> ids_;  // by doc: docs are numbered by their first place's cell
  std::vector<std::string> names_;
  std::vector<std::uint32_t> name_rank_;                   // by doc: its place in (name, id) order
  std::vector<std::uint32_t> by_name_;                     // docs in (name, id) order
  std::vector<std::string> words_;                         // sorted: a prefix is a range of word numbers
  std::vector<std::uint32_t> word_start_, word_docs_;      // postings per word
  std::vector<std::uint32_t> doc_word_start_, doc_words_;  // sorted word numbers per doc
  std::vector<std::string> terms_;
  std::vector<std::uint32_t> term_start_, term_docs_;  // postings per term
  std::vector<std::uint32_t> doc_term_start_;
  std::vector<std::uint16_t> doc_terms_;
  std::vector<float> min_age_, max_age_;  // NaN: none
  std::vector<std::uint32_t> opening_start_;
  std::vector<Opening> openings_;
  std::vector<std::uint8_t> free_, access_;
  std::vector<std::uint32_t> place_start_;
  std::vector<Point> places_;  // by doc, in place order
  std::vector<std::string> place_ids_;
  // A grid of ~1 km cells over the places: cell key -> place numbers.
  std::vector<std::uint64_t> cell_keys_;  // sorted, one per non-empty cell
  std::vector<std::uint32_t> cell_start_, cell_places_;
  std::vector<std::uint32_t> cell_first_doc_, cell_end_doc_;  // by cell: its run of docs
  // By cell: the places in it of services with more than one place.
  std::vector<std::uint32_t> cell_several_start_, cell_several_;
  std::unique_ptr<MergedLists> merged_ = std::make_unique<MergedLists>();
};

}  // namespace kith::directory
