#include "initiatives/initiatives.h"

#include <algorithm>

#include "core/clock.h"
#include "core/csv.h"
#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::initiatives {

const std::vector<Choice>& kinds() {
  // Said with tr() where they are shown (initiatives_http.cpp).
  static const std::vector<Choice> all = {
      {"council", "A council programme"}, {"voluntary", "A voluntary or community sector project"},
      {"national", "A national scheme"},  {"health", "A health or public health programme"},
      {"community", "Led by residents"},
  };
  return all;
}

const std::vector<Choice>& statuses() {
  static const std::vector<Choice> all = {{"planned", i18n::msg("Planned")},
                                          {"active", i18n::msg("Running")},
                                          {"paused", i18n::msg("Paused")},
                                          {"ended", i18n::msg("Ended")}};
  return all;
}

std::string label_of(const std::vector<Choice>& choices, const std::string& id) {
  for (const auto& c : choices)
    if (c.id == id) return c.label;
  return id;
}

namespace {

bool chosen(const std::vector<Choice>& choices, const std::string& id) {
  return std::any_of(choices.begin(), choices.end(), [&](const Choice& c) { return c.id == id; });
}

}  // namespace

std::vector<FieldError> problems(const Initiative& i) {
  std::vector<FieldError> out;
  if (i.name.empty()) out.push_back({"name", "Enter the initiative's name"});
  if (utf8_length(i.name) > 120) out.push_back({"name", "The name must be 120 characters or fewer"});
  if (!chosen(kinds(), i.kind)) out.push_back({"kind", "Select what kind of initiative it is"});
  if (i.lead_organisation.empty()) out.push_back({"lead_organisation", "Enter the organisation that leads it"});
  if (utf8_length(i.lead_organisation) > 200)
    out.push_back({"lead_organisation", "The organisation's name must be 200 characters or fewer"});
  if (utf8_length(i.contact) > 200) out.push_back({"contact", "The contact must be 200 characters or fewer"});
  if (utf8_length(i.summary) > 4000) out.push_back({"summary", "The summary must be 4,000 characters or fewer"});
  if (!chosen(statuses(), i.status))
    out.push_back({"status", "Select whether it is planned, running, paused or ended"});
  if (!i.starts_on.empty() && !i.ends_on.empty() && i.ends_on < i.starts_on)
    out.push_back({"ends_on", "The end date must be the same as or after the start date"});
  if (i.areas.empty()) out.push_back({"areas", "Select at least one ward, or the whole authority"});
  return out;
}

Matrix build_matrix(const std::vector<Ward>& wards, const std::vector<Reach>& reach) {
  Matrix m;
  // Each initiative's cover of each ward, kept for those that reach any.
  std::vector<std::vector<Cover>> by_column;
  for (const auto& r : reach) {
    std::vector<Cover> cover;
    bool any = false;
    for (const auto& w : wards) {
      auto in = std::count_if(w.lsoas.begin(), w.lsoas.end(), [&](const auto& l) { return r.lsoas.count(l) > 0; });
      Cover c = in == 0 ? Cover::kNone : in == static_cast<long>(w.lsoas.size()) ? Cover::kWhole : Cover::kPart;
      any = any || c != Cover::kNone;
      cover.push_back(c);
    }
    if (!any) continue;
    m.columns.push_back(r.initiative);
    by_column.push_back(std::move(cover));
  }
  std::vector<std::size_t> order(m.columns.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return m.columns[a]->name < m.columns[b]->name; });
  std::vector<const Initiative*> columns;
  columns.reserve(order.size());
  for (auto i : order) columns.push_back(m.columns[i]);
  m.columns = std::move(columns);
  for (std::size_t w = 0; w < wards.size(); ++w) {
    MatrixRow row{&wards[w], {}, 0};
    for (auto i : order) {
      row.cells.push_back(by_column[i][w]);
      if (by_column[i][w] != Cover::kNone) ++row.working;
    }
    m.rows.push_back(std::move(row));
  }
  std::sort(m.rows.begin(), m.rows.end(), [](const auto& a, const auto& b) { return a.ward->name < b.ward->name; });
  for (const auto& row : m.rows) {
    if (row.working == 0) m.gaps.push_back(row.ward);
    if (row.working >= kCrowded) m.crowded.push_back(row.ward);
  }
  return m;
}

std::string matrix_csv(const Matrix& m) {
  std::vector<std::string> header = {"ward_code", "ward_name"};
  for (const auto* i : m.columns) header.push_back(i->name);
  header.emplace_back("initiatives_working");
  std::string out = csv_line(header);
  for (const auto& row : m.rows) {
    std::vector<std::string> line = {row.ward->code, row.ward->name};
    for (auto c : row.cells) line.emplace_back(c == Cover::kWhole ? "whole" : c == Cover::kPart ? "part" : "");
    line.push_back(std::to_string(row.working));
    out += csv_line(line);
  }
  return out;
}

}  // namespace kith::initiatives
