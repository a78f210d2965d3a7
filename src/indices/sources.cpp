#include "indices/sources.h"

#include <fstream>
#include <memory>
#include <mutex>
#include <set>

#include "core/csv.h"
#include "core/text.h"

namespace kith::indices {

namespace {

const char* const kIodFiles[] = {"iod2025/iod2025_lsoa21_with_names.csv",
                                 "iod2025/imd2025_england_lsoa21_subdomains.csv",
                                 "iod2025/imd2025_england_lsoa21_indicators.csv"};

// The published IoD2025 files, read once per process: they never change, and an
// area's profile computes an index on every view. Users' CSVs are read each time.
std::mutex published_mutex;
std::map<std::string, std::shared_ptr<const LsoaTable>> published;

// A published column's values, parsed once per process too.
using Column = std::map<std::string, std::optional<double>>;
std::map<std::pair<std::string, std::string>, std::shared_ptr<const Column>> published_columns;

Result<std::shared_ptr<const LsoaTable>> published_table(const std::string& path) {
  std::lock_guard<std::mutex> lock(published_mutex);
  if (auto it = published.find(path); it != published.end()) return it->second;
  auto t = read_lsoa_table(path);
  if (!t) return t.error();
  auto shared = std::make_shared<const LsoaTable>(std::move(*t));
  published[path] = shared;
  return shared;
}

}  // namespace

Result<LsoaTable> read_lsoa_table(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"not-found", "Cannot read " + path, {}};
  LsoaTable t;
  t.name = path.substr(path.find_last_of('/') + 1);
  CsvReader reader(in);
  t.header = reader.header();
  for (const char* k : {"lsoa21_code", "lsoa_code", "LSOA code", "lsoa11_code", "LSOA code (2011)"})
    if (t.header.count(k)) {
      t.key = t.header.at(k);
      break;
    }
  std::vector<std::string> row;
  while (reader.next(row)) t.rows.emplace_back(reader.line(), row);
  return t;
}

Result<std::map<std::string, std::optional<double>>> column_values(const LsoaTable& t, const std::string& column,
                                                                   const std::set<std::string>& known) {
  if (!t.header.count(column)) return Error::validation({{"source", t.name + " has no column \"" + column + "\""}});
  std::size_t col = t.header.at(column);
  std::map<std::string, std::optional<double>> out;
  for (const auto& [number, row] : t.rows) {
    std::string line = t.name + " line " + std::to_string(number);
    std::string code = t.key < row.size() ? to_upper(trim(row[t.key])) : "";
    if (code.empty() && (col >= row.size() || trim(row[col]).empty())) continue;  // a blank line
    if (!known.count(code))
      return Error::validation({{"source", line + ": \"" + code + "\" is not a 2021 LSOA code of England"}});
    if (out.count(code)) return Error::validation({{"source", line + ": " + code + " appears a second time"}});
    std::string cell = col < row.size() ? trim(row[col]) : "";
    if (cell.empty()) {
      out[code] = std::nullopt;
      continue;
    }
    auto v = parse_number_with_commas(cell);
    if (!v) return Error::validation({{"source", line + ": " + column + " is not a number: \"" + cell + "\""}});
    out[code] = *v;
  }
  return out;
}

Result<std::map<std::string, std::optional<double>>> read_lsoa_csv(const std::string& path, const std::string& column,
                                                                   const std::set<std::string>& known) {
  auto t = read_lsoa_table(path);
  if (!t) return t.error();
  return column_values(*t, column, known);
}

Sources sources_for(store::Db& db, const std::string& source_data, const app::AreaMeasures& measures) {
  Sources s{source_data, {}};
  for (const auto& entry : measures) {
    app::AreaMeasure measure = entry.second;
    s.live[entry.first] = [&db, measure](const std::string& scope) { return measure(db, scope); };
  }
  return s;
}

Result<std::map<std::string, AreaResult>> default_index(const Sources& sources, const std::string& authority) {
  Definition d = default_definition();
  d.scope = authority;
  auto values = load_values(d, sources);
  if (!values) return values.error();
  auto result = compute(d, *values);
  if (!result) return result.error();
  std::map<std::string, AreaResult> out;
  for (auto& a : result->areas) out.emplace(a.code, std::move(a));
  return out;
}

Result<IndicatorValues> load_values(const Definition& d, const Sources& s) {
  std::map<std::string, std::shared_ptr<const LsoaTable>> tables;  // each file read once
  auto table = [&](const std::string& path) -> Result<const LsoaTable*> {
    if (auto it = tables.find(path); it != tables.end()) return it->second.get();
    auto t = read_lsoa_table(path);
    if (!t) return t.error();
    return (tables[path] = std::make_shared<const LsoaTable>(std::move(*t))).get();
  };
  auto iod = [&](const char* file) -> Result<const LsoaTable*> {
    std::string path = s.source_data + "/" + file;
    auto t = published_table(path);
    if (!t) return t.error();
    return (tables[path] = *t).get();
  };
  // The areas: every LSOA of the IoD2025, or those of the scope's authority.
  auto base = iod(kIodFiles[0]);
  if (!base) return base.error();
  const LsoaTable& main = **base;
  if (!main.header.count("ltla24_code"))
    return Error::validation({{"source", main.name + " has no column \"ltla24_code\""}});
  std::size_t authority = main.header.at("ltla24_code");
  IndicatorValues v;
  for (const auto& [line, row] : main.rows)
    if (main.key < row.size() && authority < row.size() && (d.scope.empty() || row[authority] == d.scope))
      v.areas.push_back(row[main.key]);
  // Every LSOA code of England, to check sources against, made when first needed.
  std::optional<std::set<std::string>> known_codes;
  auto known = [&]() -> const std::set<std::string>& {
    if (!known_codes) {
      known_codes.emplace();
      for (const auto& entry : main.rows)
        if (main.key < entry.second.size()) known_codes->insert(entry.second[main.key]);
    }
    return *known_codes;
  };
  if (v.areas.empty())
    return Error::validation({{"scope", "\"" + d.scope + "\" is not the code of a local authority in the IoD2025"}});
  // The IoD2025 file that has a column (files read only as far as needed).
  auto iod_table_with = [&](const std::string& column) -> Result<const LsoaTable*> {
    for (const char* f : kIodFiles) {
      auto t = iod(f);
      if (!t) return t.error();
      if ((*t)->header.count(column)) return *t;
    }
    return nullptr;
  };
  for (const auto& ind : d.indicators) {
    std::map<std::string, std::optional<double>> by_code;
    const Column* values_of = &by_code;
    auto colon = ind.source.find(':');
    std::string kind = ind.source.substr(0, colon),
                what = colon == std::string::npos ? "" : ind.source.substr(colon + 1);
    std::string where = "indicator " + ind.id;
    if (kind == "iod2025") {
      auto t = iod_table_with(what);
      if (!t) return t.error();
      if (!*t) return Error::validation({{ind.id, where + ": no IoD2025 file has a column \"" + what + "\""}});
      std::pair<std::string, std::string> key{s.source_data + "/" + (*t)->name, what};
      std::shared_ptr<const Column> column;
      {
        std::lock_guard<std::mutex> lock(published_mutex);
        if (auto it = published_columns.find(key); it != published_columns.end()) column = it->second;
      }
      if (!column) {
        auto r = column_values(**t, what, known());
        if (!r) return r.error();
        column = std::make_shared<const Column>(std::move(*r));
        std::lock_guard<std::mutex> lock(published_mutex);
        published_columns[key] = column;
      }
      values_of = column.get();
    } else if (kind == "csv") {
      auto hash = what.find('#');
      if (hash == std::string::npos)
        return Error::validation({{ind.id, where + ": a CSV source is csv:FILE#COLUMN, not \"" + ind.source + "\""}});
      auto t = table(what.substr(0, hash));
      auto r = t ? column_values(**t, what.substr(hash + 1), known())
                 : Result<std::map<std::string, std::optional<double>>>(t.error());
      if (!r) {
        Error e = r.error();
        for (auto& f : e.fields) f.message = where + ": " + f.message;
        return e;
      }
      by_code = std::move(*r);
    } else if (kind == "kith") {
      auto m = s.live.find(what);
      if (m == s.live.end()) {
        std::string names;
        for (const auto& [name, fn] : s.live) names += (names.empty() ? "" : ", ") + name;
        return Error::validation({{ind.id, where + ": Kith has no measure \"" + what + "\"" +
                                               (names.empty() ? " here" : " (it has " + names + ")")}});
      }
      auto r = m->second(d.scope);
      if (!r) return r.error();
      for (const auto& [code, x] : *r) by_code[code] = x;
    } else {
      return Error::validation(
          {{ind.id, where + ": the source must start iod2025:, csv: or kith:, not \"" + ind.source + "\""}});
    }
    std::vector<std::optional<double>> values;
    values.reserve(v.areas.size());
    for (const auto& code : v.areas) {
      auto it = values_of->find(code);
      values.push_back(it == values_of->end() ? std::nullopt : it->second);
    }
    v.values.push_back(std::move(values));
  }
  return v;
}

}  // namespace kith::indices
