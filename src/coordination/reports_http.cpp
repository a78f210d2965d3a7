// Coordination reports for team leads and commissioners: /coordination/reports (the
// page, with a server-drawn SVG chart beside each table, and the same data as JSON at
// /api/v1/coordination/reports) and /coordination/reports.csv. A team lead sees their
// own teams in full on the page; anything leaving the team — an officer's view of
// every team, the CSV, the API — hides counts under 5 and the cells that would give
// them away. Thin: the statistics and suppression are in reports.cpp, the queries in
// report_store.cpp.
#include "coordination/reports_http.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "areas/area_store.h"
#include "coordination/report_store.h"
#include "core/csv.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "web/problems.h"

namespace kith::coordination {

namespace {

using web::Access;
using web::Ctx;
using web::Json;
using namespace reports;

const std::vector<std::string> kReaders = {"team_lead", "officer"};

// Who the report is for: the teams it counts, whether coordinators are named and
// whether small counts are hidden.
struct View {
  ReportScope scope;
  bool named = false;
  bool suppressed = true;
  std::string heading;
};

View view_of(Ctx& ctx, bool leaving) {
  View v;
  ReportStore store(ctx.db);
  bool officer = ctx.user->has("officer");
  auto led = ctx.user->has("team_lead") ? store.teams_led_by(ctx.user->id) : std::vector<std::int64_t>{};
  if (officer && (led.empty() || ctx.req.query_param("scope") == "all")) {
    v.scope.all = true;
    v.heading = i18n::tr("Every team");
    return v;
  }
  v.scope.teams = led;
  v.named = !leaving;  // coordinators by name on the team's own page only
  v.suppressed = leaving;
  auto names = store.team_names();
  std::vector<std::string> mine;
  for (auto t : led)
    if (names.count(t)) mine.push_back(names[t]);
  v.heading = mine.empty() ? i18n::tr("You do not lead a team yet") : join(mine, ", ");
  return v;
}

Json cell_json(const Cell& c) {
  return {{"text", c.text()}, {"value", c.suppressed ? Json() : Json(c.count)}, {"suppressed", c.suppressed}};
}

// The table's cells as shown: column by column, each suppressed with its total.
std::vector<std::vector<Cell>> shown(const Table& t, bool suppressed) {
  std::vector<std::vector<Cell>> cols;
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    std::vector<std::int64_t> v;
    for (const auto& row : t.counts) v.push_back(row.at(c));
    if (!suppressed) {
      std::vector<Cell> out;
      std::int64_t sum = 0;
      for (auto n : v) out.push_back({n, false}), sum += n;
      out.push_back({sum, false});
      cols.push_back(out);
    } else if (t.total) {
      cols.push_back(suppress_group(v));
    } else {
      auto each = suppress_each(v);
      each.push_back({0, false});
      cols.push_back(each);
    }
  }
  return cols;
}

// A horizontal bar chart of the first column, drawn here so it reads without
// JavaScript: a label above each bar, the count (or "fewer than 5") at its end.
Json chart(const Table& t, const std::vector<std::vector<Cell>>& cols) {
  constexpr int kRow = 40, kBar = 300;
  std::int64_t max = 0;
  for (std::size_t i = 0; i < t.labels.size(); ++i)
    if (!cols[0][i].suppressed) max = std::max(max, cols[0][i].count);
  Json bars = Json::array();
  for (std::size_t i = 0; i < t.labels.size(); ++i) {
    const auto& c = cols[0][i];
    int w = c.suppressed || max == 0 ? 0 : static_cast<int>(std::lround(static_cast<double>(c.count) * kBar / max));
    int y = static_cast<int>(i) * kRow;
    bars.push_back({{"label", t.labels[i]},
                    {"text", c.text()},
                    {"label_y", y + 14},
                    {"bar_y", y + 20},
                    {"width", w},
                    {"text_x", w + 6},
                    {"text_y", y + 33}});
  }
  return {{"bars", bars}, {"height", std::max<std::size_t>(1, t.labels.size()) * kRow}, {"of", t.columns[0]}};
}

Json table_json(const Table& t, bool suppressed) {
  auto cols = shown(t, suppressed);
  Json rows = Json::array();
  for (std::size_t i = 0; i < t.labels.size(); ++i) {
    Json cells = Json::array();
    for (const auto& col : cols) cells.push_back(cell_json(col[i]));
    rows.push_back({{"label", t.labels[i]}, {"cells", cells}});
  }
  Json out = {{"id", t.id},           {"title", t.title}, {"heading", t.heading},
              {"columns", t.columns}, {"rows", rows},     {"empty", t.labels.empty()}};
  if (t.total) {
    Json cells = Json::array();
    for (const auto& col : cols) cells.push_back(cell_json(col.back()));
    out["total"] = {{"label", i18n::tr("Total")}, {"cells", cells}};
  }
  out["chart"] = chart(t, cols);
  return out;
}

Json wellbeing_json(const WellbeingLine& w, bool suppressed) {
  const auto& m = w.change;
  bool hide = suppressed && m.n < kSuppressBelow;
  bool hide_share = suppressed && (hide || (m.improved > 0 && m.improved < kSuppressBelow));
  Json out = {{"label", w.label},
              {"instrument", w.instrument},
              {"item", w.item},
              {"meaningful", w.meaningful},
              {"people", hide ? Json(kFewer) : Json(m.n)},
              {"suppressed", hide}};
  if (hide) return out;
  out["mean_change"] = std::round(m.mean * 100) / 100;
  out["mean_text"] = (m.mean > 0 ? "+" : "") + fixed(m.mean, 2);
  if (m.lower && m.upper) {
    out["lower"] = std::round(*m.lower * 100) / 100;
    out["upper"] = std::round(*m.upper * 100) / 100;
    out["interval_text"] = i18n::tr("{low} to {high}", {{"low", fixed(*m.lower, 2)}, {"high", fixed(*m.upper, 2)}});
  } else {
    out["interval_text"] = i18n::tr("needs 2 people or more");
  }
  out["share_improved"] = hide_share ? Json() : Json(std::round(m.share_improved * 1000) / 10);
  out["share_text"] = hide_share ? std::string("hidden (fewer than 5 people)") : fixed(m.share_improved * 100, 0) + "%";
  // A dot for the mean and a line for its interval on a scale of -5 to +5.
  auto x = [](double v) { return static_cast<int>(std::lround(150 + std::clamp(v, -5.0, 5.0) * 28)); };
  out["dot_x"] = x(m.mean);
  out["line_x1"] = x(m.lower.value_or(m.mean));
  out["line_x2"] = x(m.upper.value_or(m.mean));
  return out;
}

Json waits_json(const WaitStats& w, bool suppressed) {
  bool hide = suppressed && w.n < kSuppressBelow;
  auto days = [](std::optional<double> d) { return d ? fixed(*d, 1) + " days" : std::string("none yet"); };
  return {{"contacted", hide ? Json(kFewer) : Json(w.n)},
          {"waiting", suppressed && w.waiting > 0 && w.waiting < kSuppressBelow ? Json(kFewer) : Json(w.waiting)},
          {"median_days", hide || !w.median ? Json() : Json(*w.median)},
          {"p90_days", hide || !w.p90 ? Json() : Json(*w.p90)},
          {"median_text", hide ? std::string("hidden (fewer than 5 people)") : days(w.median)},
          {"p90_text", hide ? std::string("hidden (fewer than 5 people)") : days(w.p90)},
          {"suppressed", hide}};
}

Json cost_json(const Report& r, bool suppressed) {
  bool hide = suppressed && r.cases_with_costs < kSuppressBelow;
  Json out = {{"cases", hide ? Json(kFewer) : Json(r.cases_with_costs)}, {"suppressed", hide}};
  if (hide) return out;
  out["low_pence"] = r.cost.low_pence;
  out["high_pence"] = r.cost.high_pence;
  const std::string low = coordination::pounds(r.cost.low_pence), high = coordination::pounds(r.cost.high_pence);
  out["range_text"] = i18n::tr("{low} to {high}", {{"low", low}, {"high", high}});
  out["range_sentence"] = i18n::tr("Between {low} and {high}", {{"low", low}, {"high", high}});
  return out;
}

Json report_json(Ctx& ctx, bool leaving) {
  View v = view_of(ctx, leaving);
  auto rep = build_report(ReportStore(ctx.db).data(v.scope), v.named);
  Json tables = Json::array();
  for (const auto& t : rep.tables) tables.push_back(table_json(t, v.suppressed));
  Json wellbeing = Json::array();
  int drawn = 0;
  for (const auto& w : rep.wellbeing) {
    wellbeing.push_back(wellbeing_json(w, v.suppressed));
    if (!wellbeing.back()["suppressed"].get<bool>()) wellbeing.back()["y"] = 36 * drawn++;
  }
  return Json{{"title", "Coordination reports"},
              {"breadcrumbs",
               Json::array({{{"name", "Home"}, {"href", "/"}}, {{"name", "Coordination"}, {"href", "/coordination"}}})},
              {"scope", v.heading},
              {"all_teams", v.scope.all},
              {"suppressed", v.suppressed},
              {"csv_href", std::string("/coordination/reports.csv") + (v.scope.all ? "?scope=all" : "")},
              {"waits", waits_json(rep.waits, v.suppressed)},
              {"tables", tables},
              {"wellbeing", wellbeing},
              {"has_wellbeing", !wellbeing.empty()},
              {"wellbeing_height", std::max(36, 36 * drawn)},
              {"cost", cost_json(rep, v.suppressed)}};
}

web::Response report_csv(Ctx& ctx) {
  Json j = report_json(ctx, true);
  std::string out = csv_line({"section", "row", "column", "value"});
  for (const auto& t : j["tables"]) {
    const auto& cols = t["columns"];
    for (const auto& row : t["rows"])
      for (std::size_t c = 0; c < cols.size(); ++c)
        out += csv_line({t["id"].get<std::string>(), row["label"].get<std::string>(), cols[c].get<std::string>(),
                         row["cells"][c]["text"].get<std::string>()});
    if (t.contains("total"))
      for (std::size_t c = 0; c < cols.size(); ++c)
        out += csv_line({t["id"].get<std::string>(), "Total", cols[c].get<std::string>(),
                         t["total"]["cells"][c]["text"].get<std::string>()});
  }
  const auto& w = j["waits"];
  auto text = [](const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
  out += csv_line({"waits", "Referrals contacted", "count", text(w["contacted"])});
  out += csv_line({"waits", "Referrals not yet contacted", "count", text(w["waiting"])});
  out += csv_line({"waits", "Days from referral to first contact", "median", w["median_text"].get<std::string>()});
  out +=
      csv_line({"waits", "Days from referral to first contact", "90th percentile", w["p90_text"].get<std::string>()});
  for (const auto& x : j["wellbeing"]) {
    std::string label = x["label"].get<std::string>();
    out += csv_line({"wellbeing", label, "people", text(x["people"])});
    if (x["suppressed"].get<bool>()) continue;
    out += csv_line({"wellbeing", label, "mean change", x["mean_text"].get<std::string>()});
    // The interval as two plain numbers (text starting "-" would be taken for a formula).
    if (x.contains("lower")) {
      out += csv_line({"wellbeing", label, "95% interval, lower", fixed(x["lower"].get<double>(), 2)});
      out += csv_line({"wellbeing", label, "95% interval, upper", fixed(x["upper"].get<double>(), 2)});
    }
    out += csv_line({"wellbeing", label, "share improved meaningfully", x["share_text"].get<std::string>()});
  }
  const auto& c = j["cost"];
  out += csv_line({"cost-avoided", "Cases with costs avoided", "count", text(c["cases"])});
  if (!c["suppressed"].get<bool>())
    out += csv_line({"cost-avoided", "Public money avoided (range)", "pounds", c["range_text"].get<std::string>()});
  web::Response res;
  res.content_type = "text/csv; charset=utf-8";
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"kith-coordination-report.csv\"");
  res.body = out;
  return res;
}

}  // namespace

void install_report_routes(web::Server& server) {
  auto& r = server.router();
  r.page("/coordination/reports", "coordination/report", Access::role(kReaders),
         [](Ctx& ctx) -> Result<Json> { return report_json(ctx, ctx.is_api); });
  r.raw("GET", "/coordination/reports.csv", Access::role(kReaders), report_csv, false);
  server.add_nav({"Coordination reports", "/coordination/reports", Access::role({"officer"}), true});
}

app::AreaMeasures report_measures() {
  auto counts = [](store::Db& db, const std::string& authority) { return ReportStore(db).by_lsoa(authority); };
  return {{"coordination.referrals_per_1000",
           {[] { return i18n::tr("Referrals to community coordinators per 1,000 people"); },
            [counts](store::Db& db, const std::string& authority) -> Result<std::map<std::string, double>> {
              auto by = counts(db, authority);
              std::map<std::string, double> out;
              for (const auto& a : areas::AreaStore(db).lsoas_in(authority)) {
                if (!a.population || *a.population <= 0) continue;
                auto it = by.find(a.code);
                std::int64_t n = it == by.end() ? 0 : it->second.referred;
                if (n > 0 && n < kSuppressBelow) continue;  // fewer than 5: left out
                out[a.code] = static_cast<double>(n) * 1000.0 / *a.population;
              }
              if (out.empty())
                return Error::validation({{"source", "No areas are loaded: run kith import areas first"}});
              return out;
            }}},
          {"coordination.share_connected",
           {[] { return i18n::tr("Share of people referred who were connected to something"); },
            [counts](store::Db& db, const std::string& authority) -> Result<std::map<std::string, double>> {
              std::map<std::string, double> out;
              for (const auto& [code, c] : counts(db, authority)) {
                if (c.referred < kSuppressBelow) continue;
                if (c.connected > 0 && c.connected < kSuppressBelow) continue;
                out[code] = static_cast<double>(c.connected) / static_cast<double>(c.referred);
              }
              return out;
            }}}};
}

}  // namespace kith::coordination
