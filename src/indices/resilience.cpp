#include "indices/resilience.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "i18n/speaking.h"
#include "indices/imd.h"

namespace kith::indices {

namespace {

using Json = nlohmann::json;

const std::array<std::pair<Level, const char*>, kLevels> kLevelIds = {
    {{Level::kStructural, "structural"}, {Level::kSocial, "social"}, {Level::kSelf, "self"}}};
const std::array<std::pair<Direction, const char*>, 2> kDirectionIds = {
    {{Direction::kRisk, "risk"}, {Direction::kStrength, "strength"}}};
const std::array<std::pair<Transform, const char*>, 3> kTransformIds = {
    {{Transform::kExponentialRank, "exponential_rank"},
     {Transform::kZScore, "zscore"},
     {Transform::kMinMax, "minmax"}}};

constexpr double kMostWeight = 100;

template <typename E, std::size_t N>
std::optional<E> from_id(const std::array<std::pair<E, const char*>, N>& table, const std::string& id) {
  for (const auto& [e, name] : table)
    if (id == name) return e;
  return std::nullopt;
}

template <typename E, std::size_t N>
const char* to_id(const std::array<std::pair<E, const char*>, N>& table, E e) {
  for (const auto& [x, name] : table)
    if (x == e) return name;
  return "";
}

template <typename E, std::size_t N>
std::string choices(const std::array<std::pair<E, const char*>, N>& table) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) out += (i ? (i + 1 == N ? " or " : ", ") : "") + std::string(table[i].second);
  return out;
}

// Each indicator's values transformed so that higher means less resilient.
std::vector<double> transform(const Indicator& ind, const std::vector<double>& v) {
  std::vector<double> risk(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) risk[i] = ind.direction == Direction::kRisk ? v[i] : -v[i];
  std::vector<double> out(v.size());
  switch (ind.transform) {
    case Transform::kExponentialRank: {
      auto ranks = rank_descending(risk);
      auto n = static_cast<std::int64_t>(v.size());
      for (std::size_t i = 0; i < v.size(); ++i) out[i] = exponential_transform(ranks[i], n);
      break;
    }
    case Transform::kZScore: {
      double mean = 0, var = 0;
      for (double x : risk) mean += x;
      mean /= static_cast<double>(risk.size());
      for (double x : risk) var += (x - mean) * (x - mean);
      double sd = std::sqrt(var / static_cast<double>(risk.size()));
      // Standardised, then put on the 0-100 scale the other transformations use (the
      // share of a normal distribution below it), so that a weight means the same
      // whichever transformation an indicator has: a raw z-score, spread over about
      // -3 to 3, would count for a thirtieth of an indicator on 0-100.
      for (std::size_t i = 0; i < v.size(); ++i) out[i] = 50.0 * std::erfc(-(risk[i] - mean) / sd / std::sqrt(2.0));
      break;
    }
    case Transform::kMinMax: {
      auto [lo, hi] = std::minmax_element(risk.begin(), risk.end());
      for (std::size_t i = 0; i < v.size(); ++i) out[i] = (risk[i] - *lo) / (*hi - *lo) * 100;
      break;
    }
  }
  return out;
}

std::vector<double> weighted(const std::vector<std::vector<double>>& t, const std::vector<double>& weights) {
  std::vector<double> score(t.empty() ? 0 : t[0].size(), 0.0);
  for (std::size_t k = 0; k < t.size(); ++k)
    for (std::size_t i = 0; i < score.size(); ++i) score[i] += weights[k] * t[k][i];
  return score;
}

}  // namespace

const char* level_id(Level l) { return to_id(kLevelIds, l); }

const char* level_name(Level l) {
  switch (l) {
    case Level::kStructural:
      return i18n::msg("Structural conditions");
    case Level::kSocial:
      return i18n::msg("Social networks and capital");
    case Level::kSelf:
      return i18n::msg("Self");
  }
  return "";
}

Result<Definition> parse_definition(const Json& j) {
  if (!j.is_object())
    return Error::validation({{"definition", i18n::tr("The definition must be a JSON object, in curly brackets")}});
  Definition d;
  d.name = j.value("name", "");
  if (j.contains("scope") && !j["scope"].is_null()) {
    if (!j["scope"].is_string())
      return Error::validation({{"scope", i18n::tr("scope must be a local authority code such as E07000118")}});
    d.scope = j["scope"].get<std::string>();
  }
  if (j.contains("indicators") && !j["indicators"].is_array())
    return Error::validation(
        {{"indicators",
          i18n::tr("indicators must be a list in square brackets, with each indicator in curly brackets")}});
  if (!j.contains("indicators") || j["indicators"].empty())
    return Error::validation({{"indicators", i18n::tr("The definition names no indicators")}});
  std::set<std::string> ids;
  std::vector<FieldError> errors;
  int number = 0;
  for (const auto& x : j["indicators"]) {
    ++number;
    std::string where = i18n::tr("indicator {n}", {{"n", std::to_string(number)}});
    if (!x.is_object()) {
      errors.push_back({where, i18n::tr("{indicator} is not an object in curly brackets", {{"indicator", where}})});
      continue;
    }
    Indicator ind;
    ind.id = x.value("id", "");
    if (!ind.id.empty()) where = i18n::tr("indicator {n} ({id})", {{"n", std::to_string(number)}, {"id", ind.id}});
    auto said = [&](std::string message) { errors.push_back({where, std::move(message)}); };
    ind.label = x.value("label", ind.id);
    ind.source = x.value("source", "");
    ind.rationale = x.value("rationale", "");
    if (ind.id.empty()) said(i18n::tr("{indicator} has no id", {{"indicator", where}}));
    if (!ind.id.empty() && !ids.insert(ind.id).second)
      said(i18n::tr("{indicator}: the id is used twice", {{"indicator", where}}));
    if (ind.source.empty()) said(i18n::tr("{indicator} has no source", {{"indicator", where}}));
    // One of a fixed set of words, or an error naming the field and the choices.
    auto choose = [&](const auto& table, const char* field, auto& into) {
      std::string given = x.value(field, "");
      // As people write them: "exponential-rank", "z-score", "min-max".
      if (given == "exponential-rank") given = "exponential_rank";
      if (given == "z-score") given = "zscore";
      if (given == "min-max") given = "minmax";
      if (auto v = from_id(table, given))
        into = *v;
      else
        said(i18n::tr("{indicator}: {field} must be {choices}, not \"{given}\"",
                      {{"indicator", where}, {"field", field}, {"choices", choices(table)}, {"given", given}}));
    };
    choose(kLevelIds, "level", ind.level);
    choose(kDirectionIds, "direction", ind.direction);
    choose(kTransformIds, "transform", ind.transform);
    // Weights are shares of the whole: 0 to 100 is room enough, and keeps the sums finite
    // (a weight of 1e308 made every score blank and the ranking meaningless).
    if (!x.contains("weight") || !x["weight"].is_number())
      said(i18n::tr("{indicator} has no weight (a number from 0 to 100)", {{"indicator", where}}));
    else if (x["weight"].get<double>() < 0)
      said(i18n::tr("{indicator}: the weight {weight} is negative",
                    {{"indicator", where}, {"weight", x["weight"].dump()}}));
    else if (!std::isfinite(x["weight"].get<double>()) || x["weight"].get<double>() > kMostWeight)
      said(i18n::tr("{indicator}: the weight {weight} is more than 100",
                    {{"indicator", where}, {"weight", x["weight"].dump()}}));
    else
      ind.weight = x["weight"].get<double>();
    d.indicators.push_back(std::move(ind));
  }
  if (!errors.empty()) return Error::validation(std::move(errors));
  double total = 0;
  for (const auto& ind : d.indicators) total += ind.weight;
  if (total <= 0)
    return Error::validation({{"indicators", i18n::tr("Every weight is zero: give at least one a weight")}});
  return d;
}

Json definition_json(const Definition& d) {
  Json out = {{"name", d.name}, {"indicators", Json::array()}};
  if (!d.scope.empty()) out["scope"] = d.scope;
  for (const auto& i : d.indicators)
    out["indicators"].push_back({{"id", i.id},
                                 {"label", i.label},
                                 {"level", level_id(i.level)},
                                 {"source", i.source},
                                 {"direction", to_id(kDirectionIds, i.direction)},
                                 {"transform", to_id(kTransformIds, i.transform)},
                                 {"weight", i.weight},
                                 {"rationale", i.rationale}});
  return out;
}

const Definition& default_definition() {
  static const Definition d = [] {
    Json j = {
        {"name", "Kith community resilience index (default)"},
        {"indicators",
         Json::array({
             {{"id", "income"},
              {"label", i18n::msg("Income deprivation")},
              {"level", "structural"},
              {"source", "iod2025:Income_score"},
              {"direction", "risk"},
              {"transform", "exponential_rank"},
              {"weight", 0.15},
              {"rationale",
               i18n::msg("Low income narrows every choice: the first structural condition in Chorley's framework.")}},
             {{"id", "employment"},
              {"label", i18n::msg("Employment deprivation")},
              {"level", "structural"},
              {"source", "iod2025:Employment_score"},
              {"direction", "risk"},
              {"transform", "exponential_rank"},
              {"weight", 0.1},
              {"rationale", i18n::msg("Work brings income, routine and contacts; its absence weakens all three.")}},
             {{"id", "housing_affordability"},
              {"label", i18n::msg("Housing affordability")},
              {"level", "structural"},
              {"source", "iod2025:housing_affordability_indicator"},
              {"direction", "risk"},
              {"transform", "zscore"},
              {"weight", 0.1},
              {"rationale",
               i18n::msg("Housing people cannot afford drives moves and overcrowding, breaking local ties.")}},
             {{"id", "living_environment"},
              {"label", i18n::msg("Living environment")},
              {"level", "structural"},
              {"source", "iod2025:Environment_score"},
              {"direction", "risk"},
              {"transform", "exponential_rank"},
              {"weight", 0.05},
              {"rationale",
               i18n::msg("Poor housing condition and air quality are conditions a community lives with.")}},
             {{"id", "crime"},
              {"label", i18n::msg("Crime")},
              {"level", "social"},
              {"source", "iod2025:Crime_score"},
              {"direction", "risk"},
              {"transform", "exponential_rank"},
              {"weight", 0.1},
              {"rationale",
               i18n::msg("Where people fear crime they meet less: trust between neighbours is social capital.")}},
             {{"id", "barriers"},
              {"label", i18n::msg("Barriers to services")},
              {"level", "social"},
              {"source", "iod2025:Housing_and_Services_score"},
              {"direction", "risk"},
              {"transform", "exponential_rank"},
              {"weight", 0.1},
              {"rationale",
               i18n::msg("Distance to a GP, school, shop or post office is distance from the places people meet.")}},
             {{"id", "digital_connectivity"},
              {"label", i18n::msg("Digital connectivity")},
              {"level", "social"},
              {"source", "iod2025:digital_connectivity_broadband_download_and_upload_speeds"},
              {"direction", "strength"},
              {"transform", "zscore"},
              {"weight", 0.05},
              {"rationale",
               i18n::msg("Good broadband keeps people in touch and able to find help; a network in itself.")}},
             {{"id", "health"},
              {"label", i18n::msg("Health deprivation and disability")},
              {"level", "self"},
              {"source", "iod2025:Health_score"},
              {"direction", "risk"},
              {"transform", "exponential_rank"},
              {"weight", 0.15},
              {"rationale", i18n::msg("Ill health limits what people can do for themselves and for others.")}},
             {{"id", "mental_health"},
              {"label", i18n::msg("Mental health")},
              {"level", "self"},
              {"source", "iod2025:mental_health_indicator"},
              {"direction", "risk"},
              {"transform", "zscore"},
              {"weight", 0.1},
              {"rationale",
               i18n::msg("Wellbeing is at the heart of the 'self' level: Dudley's outcomes begin there.")}},
             {{"id", "skills"},
              {"label", i18n::msg("Adult skills and English")},
              {"level", "self"},
              {"source", "iod2025:adult_skills_and_english_language_proficiency_indicator"},
              {"direction", "risk"},
              {"transform", "zscore"},
              {"weight", 0.1},
              {"rationale",
               i18n::msg("Skills and language let people take part, learn and speak up (opportunities to learn).")}},
         })}};
    auto parsed = parse_definition(j);
    return *parsed;
  }();
  return d;
}

Result<ResilienceResult> compute(const Definition& d, const IndicatorValues& v) {
  std::size_t n = v.areas.size();
  if (n < 2) return Error::validation({{"areas", i18n::tr("The index needs at least two areas to compare")}});
  if (v.values.size() != d.indicators.size())
    return Error::validation(
        {{"indicators", "Values were given for " + std::to_string(v.values.size()) +
                            " indicators; the definition has " + std::to_string(d.indicators.size())}});
  std::vector<std::vector<double>> t;
  std::vector<FieldError> errors;
  for (std::size_t k = 0; k < d.indicators.size(); ++k) {
    const Indicator& ind = d.indicators[k];
    std::vector<double> raw;
    std::vector<std::string> missing;
    for (std::size_t i = 0; i < n; ++i) {
      if (i < v.values[k].size() && v.values[k][i] && std::isfinite(*v.values[k][i]))
        raw.push_back(*v.values[k][i]);
      else
        missing.push_back(v.areas[i]);
    }
    if (!missing.empty()) {
      std::string first;
      for (std::size_t m = 0; m < missing.size() && m < 3; ++m) first += (m ? ", " : "") + missing[m];
      errors.push_back({ind.id, i18n::tr("{id} ({source}) has no value for {missing} of the {n} areas, for example "
                                         "{first}",
                                         {{"id", ind.id},
                                          {"source", ind.source},
                                          {"missing", std::to_string(missing.size())},
                                          {"n", std::to_string(n)},
                                          {"first", first}})});
      continue;
    }
    auto [lo, hi] = std::minmax_element(raw.begin(), raw.end());
    if (*lo == *hi && ind.transform != Transform::kExponentialRank) {
      errors.push_back(
          {ind.id, i18n::tr("{id} has the same value in every area, so it cannot tell them apart", {{"id", ind.id}})});
      continue;
    }
    t.push_back(transform(ind, raw));
  }
  if (!errors.empty()) return Error::validation(std::move(errors));

  std::vector<double> weights;
  for (const auto& ind : d.indicators) weights.push_back(ind.weight);
  auto score = weighted(t, weights);
  auto rank = rank_descending(score);
  ResilienceResult out;
  out.areas.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    AreaResult& a = out.areas[i];
    a.code = v.areas[i];
    a.score = score[i];
    a.rank = rank[i];
    a.decile = decile_of(rank[i], static_cast<std::int64_t>(n));
    a.lowest_rank = a.highest_rank = rank[i];
    for (std::size_t k = 0; k < t.size(); ++k)
      a.contribution[static_cast<int>(d.indicators[k].level)] += weights[k] * t[k][i];
  }
  // Sensitivity: each weight 25% lower and 25% higher, one at a time.
  for (std::size_t k = 0; k < t.size(); ++k) {
    IndicatorSensitivity s{d.indicators[k].id, 0, 0};
    for (double factor : {0.75, 1.25}) {
      auto w = weights;
      w[k] *= factor;
      auto moved = rank_descending(weighted(t, w));
      for (std::size_t i = 0; i < n; ++i) {
        std::int64_t change = std::abs(moved[i] - rank[i]);
        s.mean_rank_change += static_cast<double>(change);
        s.max_rank_change = std::max(s.max_rank_change, change);
        out.areas[i].lowest_rank = std::min(out.areas[i].lowest_rank, moved[i]);
        out.areas[i].highest_rank = std::max(out.areas[i].highest_rank, moved[i]);
      }
    }
    s.mean_rank_change /= 2.0 * static_cast<double>(n);
    out.sensitivity.push_back(s);
  }
  return out;
}

}  // namespace kith::indices
