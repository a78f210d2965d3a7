#include "timebank/matching.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "timebank/ledger.h"

namespace kith::timebank {
namespace {

TEST(Matching, ScoresSkillNearnessTimesAndReciprocity) {
  Vocabulary v;
  Offer garden{1,
               10,
               0,
               v.words("Digging and weeding the garden"),
               std::array<double, 2>{51.48, 0.33},
               slot_bit(5, 0) | slot_bit(6, 0),
               AgeBand::kUnder25,
               0};
  Need overgrown{7,
                 20,
                 0,
                 v.words("My garden is overgrown: weeding"),
                 std::array<double, 2>{51.48, 0.33},
                 slot_bit(5, 0),
                 AgeBand::k65AndOver,
                 3,
                 false};
  Match m = score(garden, overgrown);
  EXPECT_TRUE(m.reasons.same_category);
  EXPECT_EQ(m.reasons.shared_words, 2);  // garden, weeding
  EXPECT_NEAR(*m.reasons.km, 0.0, 1e-9);
  EXPECT_DOUBLE_EQ(m.reasons.nearness, 1.0);
  EXPECT_DOUBLE_EQ(m.reasons.availability, 1.0);
  EXPECT_DOUBLE_EQ(m.reasons.reciprocity, 0.5 / 4 + 0.5);
  // 3 km away counts half; no place at all counts 0.3.
  Offer far = garden;
  far.place = std::array<double, 2>{51.48 + 3 / 111.32, 0.33};
  EXPECT_NEAR(score(far, overgrown).reasons.nearness, 0.5, 1e-3);
  far.place.reset();
  EXPECT_DOUBLE_EQ(score(far, overgrown).reasons.nearness, 0.3);
  EXPECT_FALSE(score(far, overgrown).reasons.km);
}

TEST(Matching, TheIntergenerationalFilterPairsYoungWithOlder) {
  EXPECT_TRUE(different_generations(AgeBand::kUnder25, AgeBand::k65AndOver));
  EXPECT_TRUE(different_generations(AgeBand::k50To64, AgeBand::kUnder25));
  EXPECT_FALSE(different_generations(AgeBand::k25To49, AgeBand::k65AndOver));
  EXPECT_FALSE(different_generations(AgeBand::kUnknown, AgeBand::kUnder25));
  Vocabulary v;
  std::vector<Offer> offers = {{1, 10, 5, v.words("computers phones"), std::nullopt, 0, AgeBand::kUnder25, 0},
                               {2, 11, 5, v.words("computers phones"), std::nullopt, 0, AgeBand::k25To49, 0},
                               {3, 20, 5, v.words("computers phones"), std::nullopt, 0, AgeBand::kUnder25, 0}};
  OfferIndex index(offers);
  Need n{1, 20, 5, v.words("setting up my phone"), std::nullopt, 0, AgeBand::k65AndOver, 0, true};
  auto top = index.top(n, 5);
  ASSERT_EQ(top.size(), 1u);  // not the 25-49 giver; not their own gift
  EXPECT_EQ(top[0].offer, 1);
  n.intergenerational = false;
  EXPECT_EQ(index.top(n, 5).size(), 2u);
}

// The index gives exactly what scoring every gift and sorting gives.
TEST(Matching, TheIndexAgreesWithScoringEveryGift) {
  std::mt19937 rng(42);
  Vocabulary v;
  const std::vector<std::string> words = {"garden",  "weeding", "lift",  "shopping", "knitting", "computer", "phone",
                                          "letters", "cooking", "music", "painting", "repairs",  "tea"};
  auto text = [&] {
    std::string t;
    for (int w = 0, n = 1 + static_cast<int>(rng() % 3); w < n; ++w) t += words[rng() % words.size()] + " ";
    return t;
  };
  auto place = [&]() -> std::optional<std::array<double, 2>> {
    if (rng() % 10 == 0) return std::nullopt;
    return std::array<double, 2>{51.45 + (rng() % 1000) / 10000.0, 0.25 + (rng() % 1000) / 5000.0};
  };
  std::vector<Offer> offers;
  offers.reserve(3000);
  for (int i = 0; i < 3000; ++i)
    offers.push_back({i + 1, static_cast<std::int64_t>(rng() % 2000),
                      static_cast<std::uint8_t>(rng() % categories().size()), v.words(text()), place(),
                      static_cast<std::uint32_t>(rng() % (1u << 21)), static_cast<AgeBand>(rng() % 5),
                      static_cast<int>(rng() % 6)});
  OfferIndex index(offers);
  for (int t = 0; t < 300; ++t) {
    Need n{t,
           static_cast<std::int64_t>(rng() % 2000),
           static_cast<std::uint8_t>(rng() % categories().size()),
           v.words(text()),
           place(),
           t % 4 == 0 ? 0u : static_cast<std::uint32_t>(rng() % (1u << 21)),
           static_cast<AgeBand>(rng() % 5),
           static_cast<int>(rng() % 6),
           t % 5 == 0};
    std::vector<Match> all;
    for (const auto& o : offers)
      if (o.person != n.person && (!n.intergenerational || different_generations(o.age, n.age)))
        all.push_back(score(o, n));
    std::sort(all.begin(), all.end(), [](const Match& a, const Match& b) {
      return a.score > b.score || (a.score == b.score && a.offer < b.offer);
    });
    all.resize(std::min<std::size_t>(all.size(), 10));
    auto got = index.top(n, 10);
    ASSERT_EQ(got.size(), all.size()) << "need " << t;
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].offer, all[i].offer) << "need " << t << " place " << i;
      EXPECT_DOUBLE_EQ(got[i].score, all[i].score);
    }
  }
}

}  // namespace
}  // namespace kith::timebank
