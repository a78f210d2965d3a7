#include "indices/sources.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>

#include "core/csv.h"
#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::indices {

namespace {

constexpr std::uintmax_t kMostTableBytes = 512ull << 20;

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
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::is_regular_file(status)) return Error{"not-found", "Cannot read " + path, {}};
  if (std::filesystem::file_size(path, ec) > kMostTableBytes || ec)
    return Error::validation({{"source", path + " is larger than 512 MB"}});
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
    app::AreaValues values = entry.second.values;
    s.live[entry.first] = [&db, values](const std::string& scope) { return values(db, scope); };
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

namespace {

// "iod2025:income_score" -> {"iod2025", "income_score"}.
std::pair<std::string, std::string> kind_and_name(const std::string& source) {
  auto colon = source.find(':');
  return {source.substr(0, colon), colon == std::string::npos ? "" : source.substr(colon + 1)};
}

// The published IoD2025 file that has a column; null when none has.
Result<std::shared_ptr<const LsoaTable>> iod_table_with(const std::string& source_data, const std::string& column) {
  for (const char* f : kIodFiles) {
    auto t = published_table(source_data + "/" + f);
    if (!t) return t.error();
    if ((*t)->header.count(column)) return *t;
  }
  return std::shared_ptr<const LsoaTable>();
}

}  // namespace

Status check_sources(const Definition& d, const Sources& s) {
  std::vector<FieldError> problems;
  for (const auto& ind : d.indicators) {
    auto [kind, what] = kind_and_name(ind.source);
    auto said = [&](std::string_view english, std::string_view value) {
      problems.push_back({ind.id, i18n::tr(english, {{"id", ind.id}, {"value", value}})});
    };
    if (kind == "iod2025") {
      auto t = iod_table_with(s.source_data, what);
      if (!t) return t.error();
      if (!*t) said(i18n::msg("indicator {id}: no IoD2025 file has a column \"{value}\""), what);
    } else if (kind == "csv" && !s.files) {
      said(i18n::msg("indicator {id}: a csv: source reads a file on the server, so it works only from the command "
                     "line (kith index compute); here, use iod2025: columns or kith: measures"),
           "");
    } else if (kind == "csv") {
      if (what.find('#') == std::string::npos)
        said(i18n::msg("indicator {id}: a CSV source is csv:FILE#COLUMN, not \"{value}\""), ind.source);
    } else if (kind == "kith") {
      if (!s.live.count(what)) {
        std::string names;
        for (const auto& [name, fn] : s.live) names += (names.empty() ? "" : ", ") + name;
        problems.push_back({ind.id, names.empty() ? i18n::tr("indicator {id}: Kith has no measure \"{value}\" here",
                                                             {{"id", ind.id}, {"value", what}})
                                                  : i18n::tr("indicator {id}: Kith has no measure \"{value}\" (it has "
                                                             "{names})",
                                                             {{"id", ind.id}, {"value", what}, {"names", names}})});
      }
    } else {
      said(i18n::msg("indicator {id}: the source must start iod2025:, csv: or kith:, not \"{value}\""), ind.source);
    }
  }
  if (!problems.empty()) return Error::validation(std::move(problems));
  return Ok{};
}

Result<IndicatorValues> load_values(const Definition& d, const Sources& s) {
  if (auto checked = check_sources(d, s); !checked) return checked.error();
  // The areas: every LSOA of the IoD2025, or those of the scope's authority.
  auto base = published_table(s.source_data + "/" + kIodFiles[0]);
  if (!base) return base.error();
  const LsoaTable& main = **base;
  if (!main.header.count("ltla24_code"))
    return Error::validation({{"source", main.name + " has no column \"ltla24_code\""}});
  std::size_t authority = main.header.at("ltla24_code");
  IndicatorValues v;
  for (const auto& [line, row] : main.rows)
    if (main.key < row.size() && authority < row.size() && (d.scope.empty() || row[authority] == d.scope))
      v.areas.push_back(row[main.key]);
  if (v.areas.empty())
    return Error::validation({{"scope", "\"" + d.scope + "\" is not the code of a local authority in the IoD2025"}});
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
  std::map<std::string, LsoaTable> files;  // each user's file read once
  for (const auto& ind : d.indicators) {
    auto [kind, what] = kind_and_name(ind.source);
    std::map<std::string, std::optional<double>> by_code;
    const Column* values_of = &by_code;
    std::shared_ptr<const Column> column;  // a published column, kept while used
    if (kind == "iod2025") {
      auto t = iod_table_with(s.source_data, what);
      if (!t) return t.error();
      std::pair<std::string, std::string> key{s.source_data + "/" + (*t)->name, what};
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
      std::string path = what.substr(0, hash);
      auto named = [&](Error e) {  // the indicator named in each problem with its file
        for (auto& f : e.fields) f.message = "indicator " + ind.id + ": " + f.message;
        return e;
      };
      auto read = files.find(path);
      if (read == files.end()) {
        auto t = read_lsoa_table(path);
        if (!t) return named(t.error());
        read = files.emplace(path, std::move(*t)).first;
      }
      auto r = column_values(read->second, what.substr(hash + 1), known());
      if (!r) return named(r.error());
      by_code = std::move(*r);
    } else {  // kith:, checked above
      auto r = s.live.at(what)(d.scope);
      if (!r) return r.error();
      for (const auto& [code, x] : *r) by_code[code] = x;
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
