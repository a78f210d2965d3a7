#include "stories/evaluation.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::stories {

namespace {

const Answer* answer_to(const Story& s, std::int64_t signifier_id) {
  for (const auto& a : s.answers)
    if (a.signifier_id == signifier_id) return &a;
  return nullptr;
}

std::string month_after(const std::string& ym) {
  int y = std::stoi(ym.substr(0, 4));
  int m = std::stoi(ym.substr(5, 2)) + 1;
  if (m == 13) m = 1, ++y;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  return buf;
}

std::string teller_of(const Story& s) { return may_show_name(s.consent) ? s.teller_name : ""; }

}  // namespace

int slider_bin(int a) { return std::clamp(a / 10, 0, kSliderBins - 1); }

std::pair<double, double> triad_xy(int a, int b, int c, double side) {
  double total = std::max(1, a + b + c);
  double h = side * std::sqrt(3.0) / 2;
  // Corners: a (side/2, 0), b (0, h), c (side, h).
  double x = (a * side / 2 + b * 0 + c * side) / total;
  double y = (a * 0 + b * h + c * h) / total;
  return {x, y};
}

Dashboard summarise(const std::vector<Story>& stories, const std::vector<Signifier>& signifiers,
                    const std::vector<Outcome>& outcomes) {
  Dashboard d;
  d.total = static_cast<std::int64_t>(stories.size());
  std::map<std::string, std::int64_t> outcome_counts;
  std::map<std::string, std::string> outcome_names;
  std::map<std::string, std::int64_t> perspective_counts;
  std::map<std::string, std::pair<std::string, std::int64_t>> wards;
  std::map<std::string, std::int64_t> months;
  for (const auto& s : stories) {
    if (s.status == "published") ++d.published;
    for (const auto& o : s.outcomes) {
      ++outcome_counts[o.slug];
      outcome_names[o.slug] = o.name;
    }
    ++perspective_counts[s.perspective];
    auto& w = wards[s.ward_code];
    w.first = s.ward_code.empty() ? i18n::tr("No place given") : s.ward_name;
    ++w.second;
    ++months[s.created_at.substr(0, 7)];
  }
  for (const auto& o : outcomes)
    if (!o.retired || outcome_counts.count(o.slug))
      d.by_outcome.push_back({o.slug, o.retired ? i18n::tr("{outcome} (retired)", {{"outcome", o.name}}) : o.name,
                              outcome_counts[o.slug]});
  for (const auto& p : perspectives()) d.by_perspective.push_back({p.id, i18n::tr(p.label), perspective_counts[p.id]});
  for (const auto& [code, w] : wards) d.by_ward.push_back({code, w.first, w.second});
  std::stable_sort(d.by_ward.begin(), d.by_ward.end(), [](const Count& x, const Count& y) {
    if (x.key.empty() != y.key.empty()) return y.key.empty();
    return x.count > y.count;
  });
  if (!months.empty()) {
    std::string last = months.rbegin()->first;
    for (std::string m = months.begin()->first; m <= last; m = month_after(m))
      d.by_month.push_back({m, m, months.count(m) ? months[m] : 0});
  }
  for (const auto& sig : signifiers) {
    if (sig.kind == "slider") {
      SliderDistribution dist{sig, {}, 0};
      for (const auto& s : stories)
        if (const Answer* a = answer_to(s, sig.id)) {
          dist.bins[static_cast<std::size_t>(slider_bin(a->a))].push_back(s.id);
          ++dist.answered;
        }
      if (!sig.retired || dist.answered > 0) d.sliders.push_back(std::move(dist));
    } else {
      TriadDistribution dist{sig, {}, 0};
      std::map<std::tuple<int, int, int>, std::vector<std::int64_t>> points;
      for (const auto& s : stories)
        if (const Answer* a = answer_to(s, sig.id)) {
          points[{a->a, a->b, a->c}].push_back(s.id);
          ++dist.answered;
        }
      for (auto& [abc, ids] : points)
        dist.points.push_back({std::get<0>(abc), std::get<1>(abc), std::get<2>(abc), std::move(ids)});
      if (!sig.retired || dist.answered > 0) d.triads.push_back(std::move(dist));
    }
  }
  return d;
}

std::vector<Story> behind(const std::vector<Story>& stories, std::int64_t signifier_id, int bin,
                          const std::string& abc) {
  std::vector<Story> out;
  for (const auto& s : stories) {
    const Answer* a = answer_to(s, signifier_id);
    if (!a) continue;
    bool hit = abc.empty() ? slider_bin(a->a) == bin
                           : abc == std::to_string(a->a) + "," + std::to_string(a->b) + "," + std::to_string(a->c);
    if (hit) out.push_back(s);
  }
  return out;
}

std::vector<std::string> export_header(const std::vector<Signifier>& signifiers) {
  std::vector<std::string> out = {"id",   "status",   "told_at",     "published_at",       "title",
                                  "text", "teller",   "perspective", "lsoa_code",          "ward_code",
                                  "ward", "outcomes", "links",       "case_study_approach"};
  for (const auto& s : signifiers) {
    std::string base = "signifier_" + std::to_string(s.id);
    if (s.kind == "slider") {
      out.push_back(base);
    } else {
      out.push_back(base + "_a");
      out.push_back(base + "_b");
      out.push_back(base + "_c");
    }
  }
  return out;
}

std::vector<std::vector<std::string>> export_rows(const std::vector<Story>& stories,
                                                  const std::vector<Signifier>& signifiers) {
  std::vector<std::vector<std::string>> out;
  out.reserve(stories.size());
  for (const auto& s : stories) {
    std::vector<std::string> outcomes;
    outcomes.reserve(s.outcomes.size());
    for (const auto& o : s.outcomes) outcomes.push_back(o.slug);
    std::vector<std::string> links;
    links.reserve(s.links.size());
    for (const auto& l : s.links) links.push_back(l.kind + ":" + l.ref);
    std::vector<std::string> row = {std::to_string(s.id),
                                    s.status,
                                    s.created_at,
                                    s.published_at,
                                    s.title,
                                    s.public_body,
                                    teller_of(s),
                                    s.perspective,
                                    s.lsoa_code,
                                    s.ward_code,
                                    s.ward_name,
                                    join(outcomes, ";"),
                                    join(links, ";"),
                                    s.case_study ? s.case_study->approach : ""};
    for (const auto& sig : signifiers) {
      const Answer* a = answer_to(s, sig.id);
      row.push_back(a ? std::to_string(a->a) : "");
      if (sig.kind == "triad") {
        row.push_back(a ? std::to_string(a->b) : "");
        row.push_back(a ? std::to_string(a->c) : "");
      }
    }
    out.push_back(std::move(row));
  }
  return out;
}

nlohmann::json export_json(const std::vector<Story>& stories, const std::vector<Signifier>& signifiers) {
  nlohmann::json questions = nlohmann::json::array();
  for (const auto& sig : signifiers) {
    nlohmann::json q = {{"id", sig.id}, {"kind", sig.kind}, {"prompt", sig.prompt}, {"retired", sig.retired}};
    q["labels"] = sig.kind == "slider" ? nlohmann::json{sig.label_a, sig.label_b}
                                       : nlohmann::json{sig.label_a, sig.label_b, sig.label_c};
    questions.push_back(q);
  }
  nlohmann::json list = nlohmann::json::array();
  for (const auto& s : stories) {
    nlohmann::json outcomes = nlohmann::json::array();
    for (const auto& o : s.outcomes) outcomes.push_back({{"slug", o.slug}, {"name", o.name}});
    nlohmann::json answers = nlohmann::json::object();
    for (const auto& sig : signifiers)
      if (const Answer* a = answer_to(s, sig.id))
        answers[std::to_string(sig.id)] =
            sig.kind == "slider" ? nlohmann::json(a->a) : nlohmann::json{a->a, a->b, a->c};
    nlohmann::json links = nlohmann::json::array();
    for (const auto& l : s.links) links.push_back({{"kind", l.kind}, {"ref", l.ref}, {"name", l.name}});
    nlohmann::json item = {{"id", s.id},
                           {"status", s.status},
                           {"told_at", s.created_at},
                           {"published_at", s.published_at.empty() ? nlohmann::json() : nlohmann::json(s.published_at)},
                           {"title", s.title},
                           {"text", s.public_body},
                           {"teller", teller_of(s).empty() ? nlohmann::json() : nlohmann::json(teller_of(s))},
                           {"perspective", s.perspective},
                           {"lsoa_code", s.lsoa_code.empty() ? nlohmann::json() : nlohmann::json(s.lsoa_code)},
                           {"ward_code", s.ward_code.empty() ? nlohmann::json() : nlohmann::json(s.ward_code)},
                           {"outcomes", outcomes},
                           {"signifiers", answers},
                           {"links", links}};
    if (s.case_study) item["case_study"] = {{"approach", s.case_study->approach}, {"lessons", s.case_study->lessons}};
    list.push_back(item);
  }
  return {{"signifiers", questions}, {"stories", list}};
}

}  // namespace kith::stories
