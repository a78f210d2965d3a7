// Census 2021 counts in the store: one row per LSOA (and England) and column.
#include <algorithm>
#include <set>

#include "areas/areas.h"
#include "areas/census.h"

namespace kith::areas {

namespace {

std::pair<std::string, std::string> split_key(const std::string& key) {
  auto dot = key.find('.');
  return {key.substr(0, dot), key.substr(dot + 1)};
}

void add_row(CensusCounts& c, const store::Row& r) { c[r.text(1) + "." + r.text(2)] += r.integer(3); }

}  // namespace

void save_census(store::Db& db, const CensusData& data, const app::Progress& progress) {
  db.exec("DELETE FROM area_census");
  std::vector<store::Params> rows;
  auto add = [&](const std::string& code, const CensusCounts& counts) {
    for (const auto& [key, n] : counts) {
      auto [topic, category] = split_key(key);
      rows.push_back({code, topic, category, n});
    }
  };
  add(kEngland, data.england);
  for (const auto& [code, counts] : data.lsoas) add(code, counts);
  db.bulk_insert("area_census", {"code", "topic", "category", "people"}, rows);
  if (progress) progress("saved Census 2021 counts for " + std::to_string(data.lsoas.size()) + " LSOAs and England");
}

HeldCounts census_counts(store::Db& db, const std::vector<std::string>& lsoas) {
  HeldCounts out;
  std::set<std::string> held;
  // In slices, to stay well inside either database's limit on parameters.
  for (std::size_t from = 0; from < lsoas.size(); from += 500) {
    std::size_t to = std::min(lsoas.size(), from + 500);
    std::string marks;
    store::Params params;
    for (std::size_t i = from; i < to; ++i) {
      marks += (marks.empty() ? "?" : ",?");
      params.emplace_back(lsoas[i]);
    }
    for (const auto& r :
         db.query("SELECT code, topic, category, people FROM area_census WHERE code IN (" + marks + ")", params)) {
      held.insert(r.text(0));
      add_row(out.counts, r);
    }
  }
  out.lsoas_held = held.size();
  return out;
}

CensusCounts england_census(store::Db& db) {
  CensusCounts out;
  for (const auto& r :
       db.query("SELECT code, topic, category, people FROM area_census WHERE code = ?", {std::string(kEngland)}))
    add_row(out, r);
  return out;
}

std::map<std::string, CensusCounts> census_by_lsoa(store::Db& db, const std::string& authority) {
  std::map<std::string, CensusCounts> out;
  for (const auto& r : db.query("SELECT c.code, c.topic, c.category, c.people FROM area_census c "
                                "JOIN areas a ON a.code = c.code WHERE a.kind = 'lsoa' AND (? = '' OR "
                                "a.authority_code = ?)",
                                {authority, authority}))
    add_row(out[r.text(0)], r);
  return out;
}

}  // namespace kith::areas
