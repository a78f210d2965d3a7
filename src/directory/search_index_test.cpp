#include "directory/search_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace kith::directory {
namespace {

IndexedService service(const std::string& id, const std::string& name, const std::string& text) {
  IndexedService s;
  s.id = id;
  s.name = name;
  s.text = name + " " + text;
  return s;
}

std::vector<std::string> ids(const SearchIndex& index, const IndexResult& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(index.id(h.doc));
  return out;
}

TEST(SearchIndex, WordsMatchAsPrefixesAndEveryWordMustMatch) {
  SearchIndex index({service("a", "Allotment gardening club", "grow food together"),
                     service("b", "Garden volunteers", "weeding and planting"),
                     service("c", "Men's Shed", "make and mend with wood")});
  ServiceQuery q;
  q.words = {"garden"};
  EXPECT_EQ(ids(index, index.search(q, std::nullopt)), (std::vector<std::string>{"a", "b"}));
  q.words = {"GARDEN", "food"};
  EXPECT_EQ(ids(index, index.search(q, std::nullopt)), (std::vector<std::string>{"a"}));
  q.words = {"men's"};  // "men" and "s", as the words of the text are
  EXPECT_EQ(ids(index, index.search(q, std::nullopt)), (std::vector<std::string>{"c"}));
  q.words = {"zebra"};
  EXPECT_EQ(index.search(q, std::nullopt).total, 0);
}

TEST(SearchIndex, NearestFirstWithinTheDistanceAndPlacelessLast) {
  auto near = service("near", "Zeta", "");
  near.places = {{-1.47, 53.38}};
  auto far = service("far", "Alpha", "");
  far.places = {{-1.30, 53.38}, {-1.471, 53.381}};  // its second place is close
  auto away = service("away", "Beta", "");
  away.places = {{0.32, 51.49}};
  auto nowhere = service("nowhere", "Gamma", "");
  SearchIndex index({near, far, away, nowhere});
  geo::Point centre{-1.4701, 53.3801};
  ServiceQuery q;
  auto all = index.search(q, centre);
  EXPECT_EQ(ids(index, all), (std::vector<std::string>{"near", "far", "away", "nowhere"}));
  EXPECT_EQ(index.place_id(all.hits[1].doc, all.hits[1].place), "");
  EXPECT_EQ(all.hits[1].place, 1u);
  EXPECT_FALSE(all.hits[3].distance_m.has_value());
  q.proximity_m = 1000;
  EXPECT_EQ(ids(index, index.search(q, centre)), (std::vector<std::string>{"near", "far"}));
  EXPECT_NEAR(*index.search(q, centre).hits[0].distance_m, sphere_distance_m(53.3801, -1.4701, 53.38, -1.47), 1e-6);
}

TEST(SearchIndex, SphereDistanceMatchesAKnownDistance) {
  // London (51.5074, -0.1278) to Sheffield (53.3811, -1.4701): about 228 km on the sphere.
  EXPECT_NEAR(sphere_distance_m(51.5074, -0.1278, 53.3811, -1.4701) / 1000, 227.9, 1.0);
}

// A slow, obviously right search to check the index against.
std::vector<std::string> brute_force(const std::vector<IndexedService>& all, const ServiceQuery& q,
                                     const std::optional<geo::Point>& centre) {
  struct Hit {
    std::string name, id;
    std::optional<double> d;
  };
  std::vector<Hit> hits;
  for (const auto& s : all) {
    auto words = words_of(s.text);
    bool ok = true;
    for (const auto& typed : q.words)
      for (const auto& w : words_of(typed))
        ok = ok && std::any_of(words.begin(), words.end(), [&](const std::string& x) { return x.rfind(w, 0) == 0; });
    if (!q.taxonomy_term_id.empty())
      ok = ok && std::find(s.terms.begin(), s.terms.end(), q.taxonomy_term_id) != s.terms.end();
    if (q.age) ok = ok && (!s.minimum_age || *s.minimum_age <= *q.age) && (!s.maximum_age || *s.maximum_age >= *q.age);
    if (!q.day.empty() || !q.start_time.empty() || !q.end_time.empty()) {
      bool open = false;
      for (const auto& o : s.openings)
        open = open || ((q.day.empty() || (o.days & day_bits(q.day))) &&
                        (q.start_time.empty() || o.opens >= *minutes_of(q.start_time)) &&
                        (q.end_time.empty() || o.closes <= *minutes_of(q.end_time)));
      ok = ok && open;
    }
    if (q.free_only) ok = ok && s.free;
    ok = ok && (s.access & q.access) == q.access;
    if (!ok) continue;
    std::optional<double> d;
    if (centre)
      for (const auto& p : s.places) {
        double m = sphere_distance_m(centre->lat, centre->lon, p.lat, p.lon);
        if (!d || m < *d) d = m;
      }
    if (q.proximity_m && (!d || *d > *q.proximity_m)) continue;
    hits.push_back({s.name, s.id, d});
  }
  std::sort(hits.begin(), hits.end(), [&](const Hit& a, const Hit& b) {
    if (centre) {
      if (a.d.has_value() != b.d.has_value()) return a.d.has_value();
      if (a.d && *a.d != *b.d) return *a.d < *b.d;
    }
    return a.name != b.name ? a.name < b.name : a.id < b.id;
  });
  std::vector<std::string> out;
  out.reserve(hits.size());
  for (const auto& h : hits) out.push_back(h.id);
  return out;
}

TEST(SearchIndex, AgreesWithABruteForceSearchOnRandomData) {
  std::mt19937 rng(7);
  const std::vector<std::string> vocabulary = {"walk",     "walking", "garden", "gardeners", "food",
                                               "foodbank", "cafe",    "chat",   "youth",     "yoga",
                                               "art",      "arts",    "music",  "men",       "shed"};
  const std::vector<std::string> terms = {"t1", "t2", "t3", "t4"};
  std::vector<IndexedService> all;
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    for (int w = 0; w < 4; ++w) text += vocabulary[rng() % vocabulary.size()] + " ";
    auto s = service("s" + std::to_string(i), vocabulary[rng() % vocabulary.size()] + " " + std::to_string(rng() % 50),
                     text);
    if (rng() % 2) s.terms.push_back(terms[rng() % terms.size()]);
    if (rng() % 3 == 0) s.minimum_age = rng() % 30;
    if (rng() % 3 == 0) s.maximum_age = 20 + rng() % 80;
    for (int o = 0, n = static_cast<int>(rng() % 3); o < n; ++o)
      s.openings.push_back({static_cast<std::uint8_t>(1 << (rng() % 7)), static_cast<std::uint16_t>(480 + rng() % 600),
                            static_cast<std::uint16_t>(1080 + rng() % 300)});
    s.free = rng() % 2;
    s.access = static_cast<std::uint8_t>(rng() % 16);
    for (int p = 0, n = static_cast<int>(rng() % 3); p < n; ++p) {
      double lat = 53.3 + (rng() % 2000) / 10000.0, lon = -1.6 + (rng() % 3000) / 10000.0;
      s.places.push_back({lon, lat});
      s.place_ids.push_back(s.id + "/" + std::to_string(p));
    }
    all.push_back(s);
  }
  SearchIndex index(all);
  ASSERT_EQ(index.size(), all.size());
  const char* days[] = {"", "MO", "WE", "SA"};
  for (int t = 0; t < 400; ++t) {
    ServiceQuery q;
    if (rng() % 2) q.words.push_back(vocabulary[rng() % vocabulary.size()].substr(0, 2 + rng() % 3));
    if (rng() % 4 == 0) q.words.push_back(vocabulary[rng() % vocabulary.size()]);
    if (rng() % 3 == 0) q.taxonomy_term_id = terms[rng() % terms.size()];
    if (rng() % 4 == 0) q.age = rng() % 90;
    q.day = days[rng() % 4];
    if (rng() % 4 == 0) q.start_time = "10:00";
    if (rng() % 4 == 0) q.end_time = "20:00";
    q.free_only = rng() % 4 == 0;
    if (rng() % 4 == 0) q.access = static_cast<std::uint8_t>(1 << (rng() % 4));
    std::optional<geo::Point> centre;
    if (rng() % 2) {
      centre = geo::Point{-1.5, 53.38};
      if (rng() % 3) q.proximity_m = 500.0 + rng() % 5000;
    }
    q.per_page = 1 + static_cast<int>(rng() % 30);
    auto expected = brute_force(all, q, centre);
    int pages = static_cast<int>(expected.size()) / q.per_page + 1;
    q.page = 1 + static_cast<int>(rng() % pages);
    auto got = index.search(q, centre);
    ASSERT_EQ(got.total, static_cast<std::int64_t>(expected.size())) << "query " << t;
    ASSERT_EQ(index.count(q, centre), got.total);
    std::size_t from = static_cast<std::size_t>(q.page - 1) * q.per_page;
    std::vector<std::string> want(
        expected.begin() + static_cast<std::ptrdiff_t>(std::min(from, expected.size())),
        expected.begin() + static_cast<std::ptrdiff_t>(std::min(from + q.per_page, expected.size())));
    ASSERT_EQ(ids(index, got), want) << "query " << t;
  }
}

TEST(AccessFeatures, ReadsTheUsualWordsAndTheirDenials) {
  EXPECT_EQ(access_features("Level access, a hearing loop and an accessible toilet."),
            kStepFree | kHearingLoop | kAccessibleToilet);
  EXPECT_EQ(access_features("Not wheelchair accessible: two steps up."), 0);
  EXPECT_EQ(access_features("Trampolines for all ages"), 0);
  EXPECT_EQ(access_features("Lift to every floor; Blue Badge parking"), kStepFree | kDisabledParking);
  EXPECT_EQ(access_features("Ramp at the side. No accessible toilet."), kStepFree);
  EXPECT_EQ(*parse_access("step_free,hearing_loop"), kStepFree | kHearingLoop);
  auto bad = parse_access("step_free,jetpack");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().fields.at(0).message.find("jetpack"), std::string::npos);
}

}  // namespace
}  // namespace kith::directory
