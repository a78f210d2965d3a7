#pragma once
// The English Index of Multiple Deprivation, recomputed by the official method from
// its seven domains, and the local authority summary measures. Pure: numbers in,
// numbers out; reading the published files is in iod_files.h.
//
// Method (MHCLG, the English Indices of Deprivation technical report): each
// domain's rank r among N areas (1 = most deprived) becomes R = (N - r + 1) / N and
// then X = -23 ln(1 - R (1 - e^(-100/23))), from 0 (least deprived) to 100; the
// IMD score is the weighted sum of the seven X; the IMD rank is the rank of that
// score, 1 for the highest.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kith::indices {

inline constexpr int kDomains = 7;
// Income, Employment, Education, Health, Crime, Barriers to Housing and Services,
// Living Environment.
inline constexpr std::array<const char*, kDomains> kDomainNames = {"Income",
                                                                   "Employment",
                                                                   "Education, Skills and Training",
                                                                   "Health Deprivation and Disability",
                                                                   "Crime",
                                                                   "Barriers to Housing and Services",
                                                                   "Living Environment"};
inline constexpr std::array<double, kDomains> kDomainWeights = {0.225, 0.225, 0.135, 0.135, 0.093, 0.093, 0.093};

// The exponential transformation of rank `rank` among `n` areas: 0 to 100.
double exponential_transform(std::int64_t rank, std::int64_t n);

// IMD scores from each area's seven domain ranks (all among the same n areas).
std::vector<double> imd_scores(const std::vector<std::array<std::int64_t, kDomains>>& domain_ranks);

// Ranks 1..n, 1 for the highest value (most deprived); equal values get the lower
// rank in input order, as a stable sort gives.
std::vector<std::int64_t> rank_descending(const std::vector<double>& values);
// Decile 1..10 from a rank among n (1 = the most deprived tenth).
int decile_of(std::int64_t rank, std::int64_t n);

// One area's part in the authority summaries of one measure (the IMD or a domain).
struct SummaryArea {
  std::string authority;
  double population = 0;
  double score = 0;
  std::int64_t rank = 0;  // national, 1 = most deprived
};

// MHCLG's summary measures for one authority and one measure.
struct AuthoritySummary {
  std::string authority;
  double average_score = 0;                   // population-weighted mean of its areas' scores
  double average_rank = 0;                    // population-weighted mean of its areas' ranks
  double proportion_in_most_deprived_10 = 0;  // share of its areas in the national most deprived 10%
  double extent = 0;                          // share of its population in the most deprived 30%, tapered (see below)
  double local_concentration = 0;  // population-weighted mean rank of its most deprived areas holding 10% of its people
  double population = 0;
  int areas = 0;
};

// Every authority's summary, by authority code. `n` is the number of areas
// nationally. Extent: each area's national percentile b = ceil(100 rank / n) counts
// its population fully for b <= 10, by 0.95 - (b - 11) * 0.9 / 19 for 11 <= b <= 30,
// and not at all above; over the authority's population. Local concentration: the
// authority's areas from the most deprived, until their population reaches 10% of
// the authority's, the last counted in part; their population-weighted mean rank.
std::map<std::string, AuthoritySummary> summarise(const std::vector<SummaryArea>& areas, std::int64_t n);

// One area's published domains, for a whole recomputation.
struct DomainInput {
  std::string authority;
  double population = 0;
  std::array<std::int64_t, kDomains> ranks{};
  std::array<double, kDomains> scores{};  // published domain scores; NaN where not published
};

// The IMD recomputed for every area, and the authority summaries of the IMD and of
// each domain (a domain's average score is NaN where its scores are not published).
struct ImdRun {
  std::vector<double> scores;
  std::vector<std::int64_t> ranks;
  std::map<std::string, AuthoritySummary> imd;
  std::array<std::map<std::string, AuthoritySummary>, kDomains> domains;
};
ImdRun recompute(const std::vector<DomainInput>& areas);

// Authorities ranked on each summary measure, 1 the most deprived, as MHCLG ranks
// them: highest average score, lowest average rank, highest proportion in the most
// deprived 10%, highest extent, lowest local concentration. Equal values share the
// better rank; a measure that is NaN (unpublished scores) has rank 0.
struct SummaryRanks {
  std::int64_t average_score = 0;
  std::int64_t average_rank = 0;
  std::int64_t proportion_in_most_deprived_10 = 0;
  std::int64_t extent = 0;
  std::int64_t local_concentration = 0;
};
std::map<std::string, SummaryRanks> rank_authorities(const std::map<std::string, AuthoritySummary>& summaries);

}  // namespace kith::indices
