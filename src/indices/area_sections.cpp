// The indices on an area's profile. Thin: rows from the store, arithmetic in
// profile.cpp and resilience.cpp, shaped here for the page's template.
#include "indices/area_sections.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <set>

#include "areas/area_store.h"
#include "areas/svg.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "indices/deprivation_store.h"
#include "indices/profile.h"
#include "indices/sources.h"

namespace kith::indices {

namespace {

using Json = nlohmann::json;

std::string decile_text(int d) {
  return d == 1 ? i18n::tr("1 (most deprived)") : d == 10 ? i18n::tr("10 (least deprived)") : std::to_string(d);
}

std::string one_place(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// England's profile, worked out once per process for as long as the same number of
// LSOAs is loaded (the published figures never change).
DecileProfile england_profile(store::Db& db) {
  static std::mutex mutex;
  static std::int64_t loaded = -1;
  static DecileProfile cached;
  std::int64_t count = db.scalar("SELECT COUNT(*) FROM area_deprivation");
  std::lock_guard<std::mutex> lock(mutex);
  if (count != loaded) {
    auto rows = DeprivationStore(db).england();
    std::vector<const DeprivationRow*> all;
    all.reserve(rows.size());
    for (const auto& r : rows) all.push_back(&r);
    cached = profile_of(all);
    loaded = count;
  }
  return cached;
}

// One column of the comparison: an area's average decile of each measure, as a bar.
Json comparison_column(const std::string& name, const DecileProfile& p) {
  Json cells = Json::array();
  for (double v : p.average_decile) {
    if (std::isnan(v)) {
      cells.push_back({{"text", "Not known"}});
      continue;
    }
    int rounded = std::clamp(static_cast<int>(std::lround(v)), 1, 10);
    cells.push_back({{"text", one_place(v)}, {"width", std::lround(v * 10)}, {"decile", rounded}});
  }
  return {{"name", name}, {"cells", cells}};
}

}  // namespace

std::optional<Json> deprivation_section(store::Db& db, const app::AreaScope& scope) {
  areas::AreaStore areas(db);
  // England is every row: its profile is kept (england_profile), not read again.
  const bool country = scope.kind == "country";
  std::vector<DeprivationRow> rows;
  if (!country)
    rows = scope.authority_code.empty() ? DeprivationStore(db).england()
                                        : DeprivationStore(db).for_authority(scope.authority_code);
  std::set<std::string> mine(scope.lsoas.begin(), scope.lsoas.end());
  std::vector<const DeprivationRow*> own, parent, authority;
  for (const auto& r : rows) {
    if (mine.count(r.code)) own.push_back(&r);
    if (!scope.parent_code.empty() && r.ward_code == scope.parent_code) parent.push_back(&r);
    authority.push_back(&r);
  }
  DecileProfile p = country ? england_profile(db) : profile_of(own);
  const std::size_t count = country ? static_cast<std::size_t>(p.areas) : own.size();
  if (count == 0) return std::nullopt;

  // Comparison: the area, its ward (for an LSOA), its authority, England.
  std::vector<Json> columns = {comparison_column(scope.name, p)};
  if (scope.kind == "lsoa" && !parent.empty())
    if (auto ward = areas.get(scope.parent_code))
      columns.push_back(comparison_column(areas::label(*ward), profile_of(parent)));
  if (scope.kind != "authority" && scope.kind != "country")
    if (auto la = areas.get(scope.authority_code))
      columns.push_back(comparison_column(la->name, profile_of(authority)));
  if (scope.kind != "country") columns.push_back(comparison_column("England", england_profile(db)));
  Json measures = Json::array();
  for (int k = 0; k < kProfileMeasures; ++k) {
    Json cells = Json::array();
    for (const auto& c : columns) cells.push_back(c["cells"][k]);
    measures.push_back({{"name", i18n::tr(kProfileMeasureNames[k])}, {"cells", cells}});
  }
  Json heads = Json::array();
  for (const auto& c : columns) heads.push_back(c["name"]);
  Json out = {{"count", count}, {"comparison", {{"columns", heads}, {"measures", measures}}}, {"lsoa_count", count}};

  if (count == 1 && !own.empty()) {
    const DeprivationRow& r = *own.front();
    out["single"] = {{"rank", thousands(r.imd_rank)},
                     {"decile", r.imd_decile},
                     {"decile_text", decile_text(r.imd_decile)},
                     {"share", r.imd_decile * 10}};
  } else {
    int most = *std::max_element(p.imd_deciles.begin() + 1, p.imd_deciles.end());
    Json chart = Json::array();
    for (int d = 1; d <= 10; ++d)
      chart.push_back({{"decile", d},
                       {"label", decile_text(d)},
                       {"count", p.imd_deciles[d]},
                       {"width", most ? p.imd_deciles[d] * 100 / most : 0}});
    out["chart"] = {{"bars", chart}};
    out["most_deprived"] =
        i18n::tr_plural(p.imd_deciles[1], "{n} of its {all} neighbourhoods is among England's most deprived 10%.",
                        "{n} of its {all} neighbourhoods are among England's most deprived 10%.",
                        {{"all", thousands(static_cast<std::int64_t>(count))}});
  }
  if (!scope.authority_code.empty()) {
    out["table_href"] = "/areas/" + scope.authority_code + "/deprivation";
    // The authority's map, shaded by decile, with this area's LSOAs outlined on top.
    std::map<std::string, int> decile_of;
    for (const auto* r : authority) decile_of[r->code] = r->imd_decile;
    std::vector<areas::Shape> shapes, outlined;
    auto lsoa_shapes = areas.lsoa_shapes(scope.authority_code);  // owned while the loop reads it
    for (const auto& b : *lsoa_shapes) {
      auto d = decile_of.find(b.code);
      if (d == decile_of.end()) continue;
      bool in = mine.count(b.code) > 0 && scope.kind != "authority";
      (in ? outlined : shapes)
          .push_back(
              {b.code,
               i18n::tr("{name}: IMD decile {decile}", {{"name", b.name}, {"decile", std::to_string(d->second)}}),
               b.polygons, "kith-decile-" + std::to_string(d->second) + (in ? " kith-outlined" : "")});
    }
    shapes.insert(shapes.end(), outlined.begin(), outlined.end());
    if (!shapes.empty()) {
      const std::string of = areas.get(scope.authority_code) ? areas.get(scope.authority_code)->name : scope.name;
      std::string label =
          outlined.empty()
              ? i18n::tr("Map of the neighbourhoods of {authority} shaded by IMD 2025 decile, darker more deprived",
                         {{"authority", of}})
              : i18n::tr(
                    "Map of the neighbourhoods of {authority} shaded by IMD 2025 decile, darker more deprived, "
                    "with {area} outlined in red",
                    {{"authority", of}, {"area", scope.name}});
      Json legend = Json::array();
      for (int d = 1; d <= 10; ++d) legend.push_back({{"decile", d}, {"text", decile_text(d)}});
      out["decile_map"] = {{"label", label}, {"svg", areas::render_svg(shapes, label)}, {"legend", legend}};
    }
  }
  return out;
}

std::optional<Json> resilience_section(store::Db& db, const app::AreaScope& scope, const std::string& source_data,
                                       const app::AreaMeasures& measures) {
  if (scope.authority_code.empty()) return std::nullopt;
  auto index = default_index(sources_for(db, source_data, measures), scope.authority_code);
  if (!index) return Json{{"problem", index.error().message}};
  const Definition& d = default_definition();
  Json indicators = Json::array();
  for (const auto& ind : d.indicators)
    indicators.push_back({{"label", i18n::tr(ind.label)},
                          {"level", i18n::tr(level_name(ind.level))},
                          {"rationale", i18n::tr(ind.rationale)},
                          {"direction", ind.direction == Direction::kRisk ? i18n::tr("higher is less resilient")
                                                                          : i18n::tr("higher is more resilient")}});
  std::vector<const AreaResult*> own;
  for (const auto& code : scope.lsoas)
    if (auto it = index->find(code); it != index->end()) own.push_back(&it->second);
  if (own.empty()) return std::nullopt;
  std::string authority = scope.kind == "authority" ? scope.name : "";
  if (authority.empty())
    if (auto la = areas::AreaStore(db).get(scope.authority_code)) authority = la->name;
  Json out = {{"count", own.size()},
              {"authority", authority},
              {"of", thousands(static_cast<std::int64_t>(index->size()))},
              {"indicators", indicators},
              {"focus_href", "/areas/" + scope.authority_code + "/focus?rule=resilience"},
              {"index_href", "/areas/" + scope.authority_code + "/resilience"}};
  if (own.size() == 1) {
    const AreaResult& r = *own.front();
    double total = 0;
    for (double c : r.contribution) total += std::max(0.0, c);
    Json levels = Json::array();
    for (int k = 0; k < kLevels; ++k) {
      int share = total > 0 ? static_cast<int>(std::lround(std::max(0.0, r.contribution[k]) * 100 / total)) : 0;
      levels.push_back({{"name", i18n::tr(level_name(static_cast<Level>(k)))}, {"share", share}});
    }
    out["single"] = {{"rank", thousands(r.rank)},
                     {"decile", r.decile},
                     {"lowest_rank", thousands(r.lowest_rank)},
                     {"highest_rank", thousands(r.highest_rank)},
                     {"levels", levels}};
  } else {
    std::array<int, 11> per_decile{};
    for (const auto* r : own) ++per_decile[r->decile];
    Json low = Json::array();
    for (const auto* r : own)
      if (r->decile == 1)
        if (auto a = areas::AreaStore(db).get(r->code))
          low.push_back({{"name", areas::label(*a)}, {"href", "/areas/" + a->code}, {"rank", thousands(r->rank)}});
    out["most_need"] = i18n::tr_plural(
        per_decile[1], "{n} of its {all} neighbourhoods is in the tenth of {authority}'s needing most support.",
        "{n} of its {all} neighbourhoods are in the tenth of {authority}'s needing most support.",
        {{"all", thousands(static_cast<std::int64_t>(own.size()))}, {"authority", authority}});
    if (scope.kind != "authority" && !low.empty()) {
      out["lowest"] = low;
      out["has_lowest"] = true;
    }
  }
  return out;
}

}  // namespace kith::indices
