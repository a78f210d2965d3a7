// /areas/authorities: every local authority's deprivation summary (the IMD or one
// domain, 2025 or 2019) with its rank among authorities, sortable without
// JavaScript, and the whole as CSV. Thin: the numbers come from authorities.cpp.
#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "areas/areas_http.h"
#include "core/text.h"
#include "indices/authorities.h"
#include "indices/deprivation_http.h"
#include "indices/output.h"
#include "indices/profile.h"
#include "store/settings.h"
#include "web/problems.h"

namespace kith::indices {

namespace {

using web::Ctx;
using web::Json;

const std::array<const char*, kSummaryMeasures> kMeasureIds = {"imd",    "income", "employment", "education",
                                                               "health", "crime",  "housing",    "environment"};
const std::array<const char*, 5> kColumnIds = {"average_score", "average_rank", "proportion", "extent",
                                               "concentration"};
const std::array<const char*, 5> kColumnNames = {i18n::msg("Average score"), i18n::msg("Average rank"),
                                                 i18n::msg("In most deprived 10%"), i18n::msg("Extent"),
                                                 i18n::msg("Local concentration")};

struct Choice {
  int year = 2025;
  int measure = 0;
  std::string sort = "average_score";
  bool desc = false;
};

Result<Choice> read_choice(const Ctx& ctx) {
  Choice c;
  std::vector<FieldError> errors;
  if (auto y = ctx.req.query_param("year"); !y.empty()) {
    if (y == "2019")
      c.year = 2019;
    else if (y != "2025")
      errors.push_back({"year", "year must be 2025 or 2019, not \"" + y + "\""});
  }
  if (auto m = ctx.req.query_param("measure"); !m.empty()) {
    auto it = std::find(kMeasureIds.begin(), kMeasureIds.end(), m);
    if (it == kMeasureIds.end())
      errors.push_back({"measure",
                        "measure must be imd or a domain (income, employment, education, health, crime, "
                        "housing, environment), not \"" +
                            m + "\""});
    else
      c.measure = static_cast<int>(it - kMeasureIds.begin());
  }
  if (auto s = ctx.req.query_param("sort"); !s.empty()) {
    if (s != "name" && s != "people" && std::find(kColumnIds.begin(), kColumnIds.end(), s) == kColumnIds.end())
      errors.push_back({"sort",
                        "sort must be name, people, average_score, average_rank, proportion, extent or "
                        "concentration, not \"" +
                            s + "\""});
    c.sort = s;
  }
  if (auto o = ctx.req.query_param("order"); !o.empty()) {
    if (o != "asc" && o != "desc") errors.push_back({"order", "order must be asc or desc, not \"" + o + "\""});
    c.desc = o == "desc";
  }
  if (!errors.empty()) return Error::validation(errors);
  return c;
}

std::int64_t rank_of(const SummaryRanks& r, const std::string& column) {
  if (column == "average_rank") return r.average_rank;
  if (column == "proportion") return r.proportion_in_most_deprived_10;
  if (column == "extent") return r.extent;
  if (column == "concentration") return r.local_concentration;
  return r.average_score;
}

Json row_json(const AuthorityRow& row, int m, const std::set<std::string>& known) {
  const AuthoritySummary& s = row.summary[m];
  const SummaryRanks& r = row.ranks[m];
  auto cell = [](const std::string& value, std::int64_t rank) {
    return Json{{"value", value}, {"rank", rank ? thousands(rank) : ""}};
  };
  Json out = {
      {"code", row.code},
      {"name", row.name},
      {"people", thousands(std::llround(s.population))},
      {"lsoas", s.areas},
      {"cells",
       Json::array({cell(fixed(s.average_score, 2), r.average_score),
                    cell(thousands(std::llround(s.average_rank)), r.average_rank),
                    cell(fixed(s.proportion_in_most_deprived_10 * 100, 1) + "%", r.proportion_in_most_deprived_10),
                    cell(fixed(s.extent * 100, 1) + "%", r.extent),
                    cell(thousands(std::llround(s.local_concentration)), r.local_concentration)})}};
  if (known.count(row.code)) out["href"] = "/areas/" + row.code;
  return out;
}

Result<Json> authorities_page(Ctx& ctx, const std::string& source_data) {
  auto choice = read_choice(ctx);
  if (!choice) return choice.error();
  auto table = authority_table(source_data, choice->year);
  if (!table) return table.error();
  const int m = choice->measure;
  std::vector<const AuthorityRow*> rows;
  for (const auto& r : (*table)->rows) rows.push_back(&r);
  auto key = [&](const AuthorityRow* r) -> std::pair<double, std::string> {
    if (choice->sort == "name") return {0, r->name};
    if (choice->sort == "people") return {r->summary[m].population, r->name};
    std::int64_t rank = rank_of(r->ranks[m], choice->sort);
    return {rank ? static_cast<double>(rank) : 1e9, r->name};
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const AuthorityRow* x, const AuthorityRow* y) {
    return choice->desc ? key(y) < key(x) : key(x) < key(y);
  });
  std::set<std::string> known;
  for (const auto& r : ctx.db.query("SELECT code FROM areas WHERE kind = 'authority'")) known.insert(r.text(0));
  std::set<std::string> place;
  for (const auto& c : store::get_setting(ctx.db, "place.authorities", Json::array()))
    place.insert(c.get<std::string>());
  Json all = Json::array(), ours = Json::array();
  for (const auto* r : rows) {
    all.push_back(row_json(*r, m, known));
    if (place.count(r->code)) ours.push_back(all.back());
  }
  std::string base = "/areas/authorities?year=" + std::to_string(choice->year) + "&measure=" + kMeasureIds[m];
  auto header = [&](const std::string& id, const std::string& text, bool numeric) {
    bool active = choice->sort == id;
    return Json{{"text", i18n::tr(text)},
                {"href", base + "&sort=" + id + "&order=" + (active && !choice->desc ? "desc" : "asc")},
                {"aria_sort", active ? (choice->desc ? "descending" : "ascending") : "none"},
                {"numeric", numeric}};
  };
  Json headers =
      Json::array({header("name", i18n::msg("Authority"), false), header("people", i18n::msg("People"), true)});
  for (std::size_t k = 0; k < kColumnIds.size(); ++k) headers.push_back(header(kColumnIds[k], kColumnNames[k], true));
  Json years = Json::array(), measures = Json::array();
  for (int y : {2025, 2019}) years.push_back({{"value", std::to_string(y)}, {"selected", y == choice->year}});
  for (int k = 0; k < kSummaryMeasures; ++k)
    measures.push_back({{"value", kMeasureIds[k]}, {"text", i18n::tr(kProfileMeasureNames[k])}, {"selected", k == m}});
  // Said after "the": "the Index of Multiple Deprivation", "the Income domain".
  std::string measure_name = m == 0 ? i18n::tr(kProfileMeasureNames[0])
                                    : i18n::tr("{domain} domain", {{"domain", i18n::tr(kProfileMeasureNames[m])}});
  Json data = {
      {"title", "Local authorities by deprivation"},
      {"breadcrumbs", Json::array({{{"name", "Home"}, {"href", "/"}}, {{"name", "Areas"}, {"href", "/areas"}}})},
      {"year", choice->year},
      {"measure_name", measure_name},
      {"count", rows.size()},
      {"lsoas", thousands((*table)->lsoas)},
      {"years", years},
      {"measures", measures},
      {"headers", headers},
      {"rows", all},
      {"csv_href", "/areas/authorities.csv?year=" + std::to_string(choice->year)}};
  if (!ours.empty()) {
    data["place_rows"] = ours;
    data["has_place"] = true;
  }
  if (choice->year == 2019)
    data["note_2019"] = "The 2019 indices use 2019 authorities: some have since merged, and those have no area page.";
  return data;
}

web::Response authorities_csv(Ctx& ctx, const std::string& source_data) {
  auto choice = read_choice(ctx);
  if (!choice) return web::problem_response(choice.error(), ctx.req.path);
  auto table = authority_table(source_data, choice->year);
  if (!table) return web::problem_response(table.error(), ctx.req.path);
  std::ostringstream out;
  write_summaries_csv(out, (*table)->run, (*table)->names);
  web::Response res;
  res.content_type = "text/csv; charset=utf-8";
  res.headers.emplace_back("Content-Disposition",
                           "attachment; filename=\"kith-authorities-iod" + std::to_string(choice->year) + ".csv\"");
  res.body = out.str();
  return res;
}

}  // namespace

void install_authority_routes(web::Server& server, const std::string& source_data) {
  auto& r = server.router();
  r.page("/areas/authorities", "indices/authorities", web::Access::anyone(),
         [source_data](Ctx& ctx) { return authorities_page(ctx, source_data); });
  r.raw(
      "GET", "/areas/authorities.csv", web::Access::anyone(),
      [source_data](Ctx& ctx) { return authorities_csv(ctx, source_data); }, true);
}

}  // namespace kith::indices
