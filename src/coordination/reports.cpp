#include "coordination/reports.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <set>

#include "coordination/coordination.h"
#include "coordination/outcomes.h"
#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::coordination::reports {

std::string Cell::text() const {
  if (!suppressed) return thousands(count);
  return count > 0 && count < kSuppressBelow ? kFewer : "hidden";
}

namespace {
bool small(std::int64_t n) { return n > 0 && n < kSuppressBelow; }
}  // namespace

std::vector<Cell> suppress_group(const std::vector<std::int64_t>& counts, std::optional<std::int64_t> total) {
  std::int64_t sum = total ? *total : std::accumulate(counts.begin(), counts.end(), std::int64_t{0});
  std::vector<Cell> out;
  out.reserve(counts.size() + 1);
  for (auto n : counts) out.push_back({n, small(n)});
  out.push_back({sum, small(sum)});
  if (out.back().suppressed) {
    for (auto& c : out) c.suppressed = c.count != 0 || &c == &out.back();
    return out;
  }
  // Secondary: a single hidden cell could be had back as the total minus the rest, so
  // hide the smallest other non-zero cell as well (repeat while only one is hidden).
  auto hidden = [&] { return std::count_if(out.begin(), out.end() - 1, [](const Cell& c) { return c.suppressed; }); };
  while (hidden() == 1) {
    Cell* pick = nullptr;
    for (auto it = out.begin(); it != out.end() - 1; ++it)
      if (!it->suppressed && it->count > 0 && (!pick || it->count < pick->count)) pick = &*it;
    if (!pick) {
      out.back().suppressed = true;  // nothing else to hide: hide the total instead
      break;
    }
    pick->suppressed = true;
  }
  return out;
}

std::vector<Cell> suppress_each(const std::vector<std::int64_t>& counts) {
  std::vector<Cell> out;
  out.reserve(counts.size());
  for (auto n : counts) out.push_back({n, small(n)});
  return out;
}

std::optional<double> percentile(std::vector<double> v, double p) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  double rank = std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(v.size() - 1);
  auto lo = static_cast<std::size_t>(std::floor(rank));
  auto hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (rank - static_cast<double>(lo));
}

std::optional<double> median(std::vector<double> v) { return percentile(std::move(v), 50.0); }

double t975(int df) {
  static const double table[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                 2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                 2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (df < 1) return std::nan("");
  if (df <= 30) return table[df - 1];
  // Cornish–Fisher expansion of t about the normal quantile (Abramowitz and Stegun 26.7.5).
  const double z = 1.959963984540054, n = df;
  double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, z9 = z7 * z * z;
  return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n) +
         (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * n * n * n * n);
}

MeanChange paired_change(const std::vector<std::pair<double, double>>& pairs, double meaningful,
                         bool higher_is_better) {
  MeanChange m;
  m.n = static_cast<int>(pairs.size());
  if (pairs.empty()) return m;
  std::vector<double> d;
  d.reserve(pairs.size());
  for (const auto& [start, latest] : pairs) d.push_back(higher_is_better ? latest - start : start - latest);
  double sum = std::accumulate(d.begin(), d.end(), 0.0);
  m.mean = sum / m.n;
  for (double x : d) {
    if (x >= meaningful) ++m.improved;
    if (x <= -meaningful) ++m.worse;
  }
  m.share_improved = static_cast<double>(m.improved) / m.n;
  if (m.n >= 2) {
    double ss = 0;
    for (double x : d) ss += (x - m.mean) * (x - m.mean);
    double se = std::sqrt(ss / (m.n - 1)) / std::sqrt(static_cast<double>(m.n));
    double half = t975(m.n - 1) * se;
    m.lower = m.mean - half;
    m.upper = m.mean + half;
  }
  return m;
}

std::string source_label(const std::string& s) {
  if (s == "self") return i18n::tr("Themselves");
  if (s == "gp") return i18n::tr("GP practice");
  if (s == "councillor") return i18n::tr("Councillor");
  if (s == "housing") return i18n::tr("Housing");
  if (s == "agency") return i18n::tr("Another agency");
  return i18n::tr("Someone else");
}

bool took(const std::string& t) { return t == "went-once" || t == "still-going"; }

namespace {

// Counts by one key, rows in the order of `order` (then any others, sorted).
Table one_column(std::string id, std::string title, std::string heading, std::string column,
                 const std::map<std::string, std::int64_t>& counts, const std::vector<std::string>& order,
                 const std::function<std::string(const std::string&)>& label, bool total = true) {
  Table t{std::move(id), std::move(title), std::move(heading), {std::move(column)}, {}, {}, total};
  std::set<std::string> done;
  auto add = [&](const std::string& k) {
    if (done.count(k)) return;
    done.insert(k);
    auto it = counts.find(k);
    t.labels.push_back(label(k));
    t.counts.push_back({it == counts.end() ? 0 : it->second});
  };
  for (const auto& k : order) add(k);
  for (const auto& [k, n] : counts) add(k);
  return t;
}

const std::vector<std::string> kSources = {"self", "gp", "councillor", "housing", "agency", "other"};

}  // namespace

Report build_report(const ReportData& d, bool named) {
  Report rep;
  std::map<std::string, std::int64_t> by_source, by_reason, by_area;
  std::map<std::string, std::string> area_label;
  std::map<std::string, std::vector<std::int64_t>> months;  // YYYY-MM -> referrals, first contacts, closed
  std::vector<double> waits;
  for (const auto& r : d.referrals) {
    by_source[r.source] += r.n;
    for (const auto& k : split(r.reasons, ','))
      if (!trim(k).empty()) by_reason[trim(k)] += r.n;
    by_area[r.lsoa_code] += r.n;
    area_label[r.lsoa_code] =
        r.lsoa_code.empty() ? i18n::tr("Not known") : (r.lsoa_label.empty() ? r.lsoa_code : r.lsoa_label);
  }
  auto in_month = [&](const std::string& at, std::size_t column, std::int64_t n) {
    auto& m = months[at.substr(0, 7)];
    m.resize(3);
    m[column] += n;
  };
  for (const auto& r : d.referral_times) {
    if (r.received_at.size() >= 7) in_month(r.received_at, 0, 1);
    if (auto w = wait_days(r.received_at, r.first_contact_at)) {
      waits.push_back(*w);
      if (r.first_contact_at.size() >= 7) in_month(r.first_contact_at, 1, 1);
    } else {
      ++rep.waits.waiting;
    }
  }
  rep.waits.n = static_cast<int>(waits.size());
  rep.waits.median = median(waits);
  rep.waits.p90 = percentile(waits, 90);

  rep.tables.push_back(one_column("by-source", i18n::tr("Referrals by where they came from"), i18n::tr("Referred by"),
                                  i18n::tr("Referrals"), by_source, kSources, source_label));
  std::vector<std::string> reason_order;
  for (const auto& [k, l] : d.reason_labels) reason_order.push_back(k);
  std::sort(reason_order.begin(), reason_order.end(),
            [&](const std::string& a, const std::string& b) { return d.reason_labels.at(a) < d.reason_labels.at(b); });
  rep.tables.push_back(one_column(
      "by-reason", i18n::tr("Referrals by reason (a referral may give several)"), i18n::tr("Reason"),
      i18n::tr("Referrals"), by_reason, reason_order,
      [&](const std::string& k) { return d.reason_labels.count(k) ? i18n::tr(d.reason_labels.at(k)) : label_of(k); },
      false));
  {
    std::vector<std::string> order;
    order.reserve(by_area.size());
    for (const auto& [k, n] : by_area) order.push_back(k);
    std::sort(order.begin(), order.end(), [&](const std::string& a, const std::string& b) {
      if (a.empty() != b.empty()) return b.empty();  // "Not known" last
      return area_label[a] < area_label[b];
    });
    rep.tables.push_back(one_column("by-neighbourhood", i18n::tr("Referrals by neighbourhood (where the person lives)"),
                                    i18n::tr("Neighbourhood"), i18n::tr("Referrals"), by_area, order,
                                    [&](const std::string& k) { return area_label[k]; }));
  }

  // Caseloads: open and closed cases by coordinator.
  {
    std::map<std::int64_t, std::pair<std::string, std::vector<std::int64_t>>> by;
    std::map<std::string, std::int64_t> closings;
    std::int64_t unallocated = 0;
    for (const auto& c : d.cases) {
      if (!c.close_reason.empty()) closings[c.close_reason] += c.n;
      bool open = c.status == "new" || c.status == "accepted" || c.status == "allocated" || c.status == "active";
      if (!c.coordinator_user) {
        if (open) unallocated += c.n;
        continue;
      }
      auto& e = by[c.coordinator_user];
      e.first = c.coordinator_name;
      e.second.resize(2);
      if (open) e.second[0] += c.n;
      if (c.status == "closed") e.second[1] += c.n;
    }
    Table t{"caseloads",
            i18n::tr("Caseloads"),
            i18n::tr("Coordinator"),
            {i18n::tr("Open cases"), i18n::tr("Closed cases")},
            {},
            {},
            true};
    std::vector<std::pair<std::string, std::vector<std::int64_t>>> rows;
    rows.reserve(by.size());
    for (auto& [id, e] : by) rows.push_back(e);
    std::sort(rows.begin(), rows.end());
    int i = 0;
    for (auto& [name, counts] : rows) {
      t.labels.push_back(named ? name : i18n::tr("Coordinator {n}", {{"n", std::to_string(++i)}}));
      t.counts.push_back(counts);
    }
    t.labels.push_back(i18n::tr("Not yet with a coordinator"));
    t.counts.push_back({unallocated, 0});
    rep.tables.push_back(std::move(t));
    std::vector<std::string> order;
    for (const auto& [k, l] : d.close_labels) order.push_back(k);
    rep.tables.push_back(one_column(
        "closings", i18n::tr("Cases closed, by why"), i18n::tr("Why"), i18n::tr("Cases"), closings, order,
        [&](const std::string& k) { return d.close_labels.count(k) ? i18n::tr(d.close_labels.at(k)) : label_of(k); }));
    for (const auto& c : d.cases)
      if (c.closed_month.size() == 7) in_month(c.closed_month, 2, c.n);
  }

  // Connections: made, and whether they took (went, or went and still goes).
  {
    std::map<std::string, std::vector<std::int64_t>> by_kind;
    std::map<std::string, std::int64_t> by_took;
    for (const auto& c : d.connections) {
      auto& e = by_kind[c.target_kind];
      e.resize(2);
      e[0] += c.n;
      if (took(c.took)) e[1] += c.n;
      by_took[c.took] += c.n;
    }
    Table t{"connections",
            i18n::tr("Connections made, and whether they took"),
            i18n::tr("Connected to"),
            {i18n::tr("Made"), i18n::tr("Took")},
            {},
            {},
            true};
    for (const auto& k : connection_kinds())
      if (by_kind.count(k)) {
        t.labels.push_back(connection_kind_label(k));
        t.counts.push_back(by_kind[k]);
      }
    rep.tables.push_back(std::move(t));
    rep.tables.push_back(one_column("connections-took", i18n::tr("What came of connections"),
                                    i18n::tr("What came of it"), i18n::tr("Connections"), by_took, took_values(),
                                    took_label));
  }

  // Contributions: what people went on to give.
  {
    std::map<std::string, std::int64_t> by_kind;
    for (const auto& c : d.contributions) by_kind[c.kind] += c.n;
    rep.tables.push_back(one_column("contributions", i18n::tr("Contributions: what people went on to give"),
                                    i18n::tr("Kind"), i18n::tr("Contributions"), by_kind, contribution_kinds(),
                                    contribution_label));
  }

  // By month.
  {
    Table t{"by-month",
            i18n::tr("By month"),
            i18n::tr("Month"),
            {i18n::tr("Referrals"), i18n::tr("First contacts"), i18n::tr("Closed")},
            {},
            {},
            true};
    for (const auto& [m, counts] : months) {
      t.labels.push_back(m);
      t.counts.push_back(counts);
    }
    rep.tables.push_back(std::move(t));
  }

  // Wellbeing: each person's start score against their latest later one, per item
  // (paired as measures are recorded: report_store's coord_wellbeing_change).
  {
    std::map<std::pair<std::string, std::string>, std::vector<std::pair<double, double>>> pairs;
    for (const auto& w : d.wellbeing) {
      auto& p = pairs[{w.instrument, w.item}];
      p.insert(p.end(), static_cast<std::size_t>(std::max<std::int64_t>(w.n, 0)), {w.start, w.latest});
    }
    static const std::vector<std::pair<std::string, std::string>> ons = {
        {"life-satisfaction", i18n::msg("life satisfaction")},
        {"worthwhile", i18n::msg("feeling life is worthwhile")},
        {"happy", i18n::msg("happiness yesterday")},
        {"anxious", i18n::msg("anxiety yesterday (a fall is better)")}};
    for (const auto& [instrument_item, p] : pairs) {
      const auto& [instrument, item] = instrument_item;
      WellbeingLine line{instrument, item, "", 1, {}};
      bool higher = true;
      if (instrument == "ONS4") {
        std::string name = item;
        for (const auto& [k, l] : ons)
          if (k == item) name = i18n::tr(l);
        line.label = i18n::tr("ONS4: {item}", {{"item", name}});
        higher = item != "anxious";
      } else if (instrument == "SWEMWBS") {
        line.label = i18n::tr("SWEMWBS: metric score (a change of 3 or more is meaningful)");
        line.meaningful = kSwemwbsMeaningfulChange;
      } else {
        line.label = i18n::tr("Outcome: {outcome}",
                              {{"outcome", d.outcome_labels.count(item) ? d.outcome_labels.at(item) : label_of(item)}});
      }
      line.change = paired_change(p, line.meaningful, higher);
      rep.wellbeing.push_back(std::move(line));
    }
    std::stable_sort(rep.wellbeing.begin(), rep.wellbeing.end(), [](const WellbeingLine& a, const WellbeingLine& b) {
      auto rank = [](const std::string& i) { return i == "ONS4" ? 0 : i == "SWEMWBS" ? 1 : 2; };
      return rank(a.instrument) < rank(b.instrument);
    });
  }

  for (const auto& c : d.costs) {
    auto r = coordination::cost_range(c.line);
    rep.cost.low_pence += r.low_pence * c.n;
    rep.cost.high_pence += r.high_pence * c.n;
  }
  rep.cases_with_costs = d.cases_with_costs;
  return rep;
}

}  // namespace kith::coordination::reports
