// The partnership matrix's pages: the initiatives, one initiative, adding and editing
// one (officers), and an authority's matrix of initiatives by ward with its CSV.
#include "initiatives/initiatives_http.h"

#include <map>

#include "areas/area_store.h"
#include "areas/areas_http.h"
#include "audit/audit.h"
#include "core/clock.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "initiatives/initiative_store.h"
#include "web/resubmitted.h"

namespace kith::initiatives {

namespace {

using web::Access;
using web::Ctx;
using web::Json;

bool may_edit(const Ctx& ctx) { return ctx.user && ctx.user->has_any(web::kOfficerRoles); }

// Radios or filters: the first input's id is the field's own, so an error summary's
// link (#field) reaches it.
Json choices_json(const std::vector<Choice>& choices, const std::string& chosen, const std::string& field) {
  Json out = Json::array();
  for (const auto& c : choices)
    out.push_back({{"id", c.id},
                   {"input_id", out.empty() ? field : field + "-" + c.id},
                   {"label", i18n::tr(c.label)},
                   {"checked", c.id == chosen}});
  return out;
}

Json date_parts(const std::string& iso) {
  if (!is_iso_date(iso)) return {{"day", ""}, {"month", ""}, {"year", ""}};
  auto strip = [](const std::string& s) { return s.front() == '0' ? s.substr(1) : s; };
  return {{"day", strip(iso.substr(8, 2))}, {"month", strip(iso.substr(5, 2))}, {"year", iso.substr(0, 4)}};
}

// Where an initiative works, as links: its areas by name.
Json places_json(areas::AreaStore& places, const Initiative& i) {
  Json out = Json::array();
  for (const auto& code : i.areas)
    if (auto a = places.get(code)) out.push_back(areas::area_summary(*a));
  return out;
}

// The authorities an initiative's areas lie in (an authority is its own).
std::vector<std::string> authorities_of(areas::AreaStore& places, const Initiative& i) {
  std::vector<std::string> out;
  for (const auto& code : i.areas)
    if (auto a = places.get(code)) {
      std::string authority = a->kind == areas::Kind::kAuthority ? a->code : a->authority_code;
      if (!authority.empty() && std::find(out.begin(), out.end(), authority) == out.end()) out.push_back(authority);
    }
  return out;
}

std::string where_text(const Json& places) {
  std::vector<std::string> names;
  for (const auto& p : places) names.push_back(p.value("name", ""));
  if (names.size() <= 3) return join(names, ", ");
  return i18n::tr_plural(static_cast<std::int64_t>(names.size() - 3), "{places} and {n} more", "{places} and {n} more",
                         {{"places", join({names[0], names[1], names[2]}, ", ")}});
}

Json summary_json(areas::AreaStore& places, const Initiative& i) {
  Json where = places_json(places, i);
  return {{"id", i.id},
          {"href", "/initiatives/" + std::to_string(i.id)},
          {"name", i.name},
          {"kind", i.kind},
          {"kind_label", i18n::tr(label_of(kinds(), i.kind))},
          {"lead_organisation", i.lead_organisation},
          {"status", i.status},
          {"status_label", i18n::tr(label_of(statuses(), i.status))},
          {"ended", i.status == "ended"},
          {"demo", i.is_demo},
          {"areas", where},
          {"where", where_text(where)}};
}

Result<Json> list_page(Ctx& ctx) {
  areas::AreaStore places(ctx.db);
  Json list = Json::array();
  std::vector<std::string> authorities;
  for (const auto& i : InitiativeStore(ctx.db).all()) {
    list.push_back(summary_json(places, i));
    for (const auto& a : authorities_of(places, i))
      if (std::find(authorities.begin(), authorities.end(), a) == authorities.end()) authorities.push_back(a);
  }
  Json matrices = Json::array();
  for (const auto& code : authorities)
    if (auto a = places.get(code))
      matrices.push_back({{"name", areas::label(*a)}, {"href", "/areas/" + a->code + "/initiatives"}});
  return Json{{"title", "Initiatives"},
              {"initiatives", list},
              {"has_initiatives", !list.empty()},
              {"count_text", count_of(static_cast<std::int64_t>(list.size()), "initiative")},
              {"matrices", matrices},
              {"has_matrices", !matrices.empty()},
              {"may_edit", may_edit(ctx)}};
}

std::optional<Initiative> initiative_param(Ctx& ctx) {
  auto id = parse_int(ctx.param("id"));
  return id ? InitiativeStore(ctx.db).get(*id) : std::nullopt;
}

Result<Json> initiative_page(Ctx& ctx, const app::RecordSections& sections) {
  auto i = initiative_param(ctx);
  if (!i) return Error::not_found("There is no such initiative.");
  areas::AreaStore places(ctx.db);
  Json data = summary_json(places, *i);
  data["title"] = i->name;
  data["contact"] = i->contact;
  data["summary"] = i->summary;
  data["starts"] = i->starts_on.empty() ? "" : date_in_words(i->starts_on);
  data["ends"] = i->ends_on.empty() ? "" : date_in_words(i->ends_on);
  if (i->organisation_id) data["organisation_href"] = "/directory/organisations/" + *i->organisation_id;
  Json matrices = Json::array();
  for (const auto& code : authorities_of(places, *i))
    if (auto a = places.get(code))
      matrices.push_back({{"name", areas::label(*a)}, {"href", "/areas/" + a->code + "/initiatives"}});
  data["matrices"] = matrices;
  data["may_edit"] = may_edit(ctx);
  data["edit_href"] = "/initiatives/" + std::to_string(i->id) + "/edit";
  // The resilience plans it helps deliver, for those who may read plans.
  Json parts = app::record_sections(sections, "initiative", ctx.db, std::to_string(i->id));
  if (parts.contains("plans") && ctx.user &&
      ctx.user->has_any(parts["plans"]["readers"].get<std::vector<std::string>>()))
    data["delivers_for"] = parts["plans"]["plans"];
  data["has_plans"] = data.contains("delivers_for");
  return data;
}

// The form, new or for an initiative: its values, and the wards of the authority it
// is being placed in (from ?authority=, else the first of its own areas'), each
// ticked where it works. After a failed post the choices are those sent (the server
// puts the text sent back itself, as `values`).
Json form_data(Ctx& ctx, const std::optional<Initiative>& existing) {
  areas::AreaStore places(ctx.db);
  Initiative i = existing.value_or(Initiative{});
  if (!existing) i.status = "active";
  std::vector<std::string> ticked = i.areas;
  // A failed post is shown again through this page, with the body it sent.
  if (auto posted = web::resubmitted(ctx); !posted.echo().empty()) {
    i.kind = posted.get("kind");
    i.status = posted.get("status");
    ticked = posted.all("areas");
  }
  std::string authority = ctx.req.query_param("authority");
  if (authority.empty() && existing) {
    auto found = authorities_of(places, *existing);
    if (!found.empty()) authority = found.front();
  }
  Json starts = date_parts(i.starts_on), ends = date_parts(i.ends_on);
  Json data = {{"kinds", choices_json(kinds(), i.kind, "kind")},
               {"statuses", choices_json(statuses(), i.status, "status")},
               {"places", areas::place_authorities(ctx.db)},
               {"values",
                {{"name", i.name},
                 {"lead_organisation", i.lead_organisation},
                 {"contact", i.contact},
                 {"summary", i.summary},
                 {"starts_on_day", starts["day"]},
                 {"starts_on_month", starts["month"]},
                 {"starts_on_year", starts["year"]},
                 {"ends_on_day", ends["day"]},
                 {"ends_on_month", ends["month"]},
                 {"ends_on_year", ends["year"]}}}};
  auto a = authority.empty() ? std::nullopt : places.get(authority);
  if (!a || a->kind != areas::Kind::kAuthority) return data;
  auto is_ticked = [&](const std::string& code) {
    return std::find(ticked.begin(), ticked.end(), code) != ticked.end();
  };
  Json wards = Json::array();
  for (const auto& w : places.children(a->code))
    if (w.kind == areas::Kind::kWard)
      wards.push_back({{"code", w.code}, {"name", w.name}, {"checked", is_ticked(w.code)}});
  std::vector<std::string> others;
  for (const auto& code : ticked) {
    auto area = places.get(code);
    bool listed = code == a->code || (area && area->kind == areas::Kind::kWard && area->parent_code == a->code);
    if (!listed) others.push_back(code);
  }
  data["authority"] = {{"code", a->code}, {"name", areas::label(*a)}, {"whole", is_ticked(a->code)}};
  data["wards"] = wards;
  data["values"]["other_areas"] = join(others, "\n");
  return data;
}

Result<Json> new_page(Ctx& ctx) {
  Json data = form_data(ctx, std::nullopt);
  data["title"] = i18n::tr("Add an initiative");
  data["action"] = "/initiatives/new";
  return data;
}

Result<Json> edit_page(Ctx& ctx) {
  auto i = initiative_param(ctx);
  if (!i) return Error::not_found("There is no such initiative.");
  Json data = form_data(ctx, i);
  data["title"] = i18n::tr("Change {initiative}", {{"initiative", i->name}});
  data["action"] = "/initiatives/" + std::to_string(i->id) + "/edit";
  data["href"] = "/initiatives/" + std::to_string(i->id);
  return data;
}

// The form's fields read and checked, the areas against the store: every code must
// be an authority, ward, MSOA, LSOA or saved neighbourhood Kith holds.
Result<Initiative> read_form(Ctx& ctx, const web::Input& in, Initiative i) {
  i.name = in.get("name");
  i.kind = in.get("kind");
  i.lead_organisation = in.get("lead_organisation");
  i.contact = in.get("contact");
  i.summary = in.get("summary");
  i.status = in.get("status");
  std::vector<FieldError> errors;
  auto starts = date_from_parts("starts_on", i18n::msg("Start date"), in.get("starts_on_day"),
                                in.get("starts_on_month"), in.get("starts_on_year"));
  auto ends = date_from_parts("ends_on", i18n::msg("End date"), in.get("ends_on_day"), in.get("ends_on_month"),
                              in.get("ends_on_year"));
  i.starts_on = starts.iso;
  i.ends_on = ends.iso;
  i.areas.clear();
  std::vector<std::string> codes = in.all("areas");
  // One on each line, as the hint says, or a list with commas, as people paste them.
  for (const auto& line : split(in.get("other_areas"), '\n'))
    for (const auto& part : split(line, ','))
      if (auto code = to_upper(trim(part)); !code.empty()) codes.push_back(code);
  areas::AreaStore places(ctx.db);
  std::vector<std::string> unknown;
  for (const auto& code : codes) {
    if (std::find(i.areas.begin(), i.areas.end(), code) != i.areas.end()) continue;
    auto a = places.get(code);
    if (!a || a->kind == areas::Kind::kCountry)
      unknown.push_back(code);
    else
      i.areas.push_back(code);
  }
  // Without an authority chosen the form has no ward boxes: "where" is the codes box.
  // The end date's error links to its first box.
  bool boxes = ctx.is_api || !ctx.req.query_param("authority").empty() || !in.get("authority").empty();
  for (auto e : problems(i)) {
    if (e.field == "areas" && !unknown.empty()) continue;
    if (e.field == "areas" && !boxes) e.field = "other_areas";
    if (e.field == "ends_on" && !ctx.is_api) e.field = "ends_on_day";
    errors.push_back(std::move(e));
  }
  if (starts.error) errors.push_back(*starts.error);
  if (ends.error) errors.push_back(*ends.error);
  if (!unknown.empty())
    errors.push_back({"other_areas", i18n::tr("Kith holds no area with the code {codes}: give ward, LSOA, MSOA or "
                                              "neighbourhood codes, one on each line",
                                              {{"codes", join(unknown, ", ")}})});
  if (!errors.empty()) return Error::validation(std::move(errors));
  i.organisation_id = InitiativeStore(ctx.db).organisation_named(i.lead_organisation);
  return i;
}

Json audit_json(const Initiative& i) {
  return {{"name", i.name},     {"kind", i.kind},           {"lead_organisation", i.lead_organisation},
          {"status", i.status}, {"starts_on", i.starts_on}, {"ends_on", i.ends_on},
          {"areas", i.areas}};
}

Result<web::Done> create_action(Ctx& ctx, const web::Input& in) {
  auto i = read_form(ctx, in, Initiative{});
  if (!i) return i.error();
  std::int64_t id = InitiativeStore(ctx.db).add(*i);
  audit::record(ctx.db, audit::Actor::of(ctx), "initiative.create", "initiative", std::to_string(id), nullptr,
                audit_json(*i));
  return web::Done{"/initiatives/" + std::to_string(id),
                   {{"id", id}},
                   i18n::tr("Initiative added: {name}.", {{"name", i->name}}),
                   201};
}

Result<web::Done> edit_action(Ctx& ctx, const web::Input& in) {
  auto before = initiative_param(ctx);
  if (!before) return Error::not_found("There is no such initiative.");
  auto i = read_form(ctx, in, *before);
  if (!i) return i.error();
  InitiativeStore(ctx.db).update(*i);
  audit::record(ctx.db, audit::Actor::of(ctx), "initiative.update", "initiative", std::to_string(i->id),
                audit_json(*before), audit_json(*i));
  return web::Done{"/initiatives/" + std::to_string(i->id), {{"id", i->id}}, i18n::msg("Initiative saved.")};
}

// An authority's matrix: its wards by the initiatives reaching them, filtered by
// kind and by status (ended initiatives are left out unless asked for).
struct BuiltMatrix {
  areas::Area authority;
  std::vector<Ward> wards;
  std::vector<Initiative> initiatives;
  Matrix matrix;
};

Result<BuiltMatrix> matrix_for(Ctx& ctx) {
  areas::AreaStore places(ctx.db);
  auto a = places.get(ctx.param("code"));
  if (!a || a->kind != areas::Kind::kAuthority)
    return Error::not_found("There is no local authority with that code: the matrix is drawn for an authority.");
  BuiltMatrix b{*a, {}, {}, {}};
  std::vector<std::string> all_lsoas;
  for (const auto& w : places.children(a->code)) {
    if (w.kind != areas::Kind::kWard) continue;
    Ward ward{w.code, w.name, places.lsoa_codes(w)};
    all_lsoas.insert(all_lsoas.end(), ward.lsoas.begin(), ward.lsoas.end());
    b.wards.push_back(std::move(ward));
  }
  std::string kind = ctx.req.query_param("kind");
  std::string status = ctx.req.query_param("status");
  for (auto& i : InitiativeStore(ctx.db).reaching(all_lsoas)) {
    if (!kind.empty() && i.kind != kind) continue;
    if (status.empty() ? i.status == "ended" : i.status != status) continue;
    b.initiatives.push_back(std::move(i));
  }
  std::vector<Reach> reach;
  for (const auto& i : b.initiatives) {
    Reach r{&i, {}};
    for (const auto& code : i.areas)
      if (auto area = places.get(code)) {
        auto lsoas = places.lsoa_codes(*area);
        r.lsoas.insert(lsoas.begin(), lsoas.end());
      }
    reach.push_back(std::move(r));
  }
  b.matrix = build_matrix(b.wards, reach);
  return b;
}

Json names_json(const std::vector<const Ward*>& wards) {
  Json out = Json::array();
  for (const auto* w : wards) out.push_back({{"name", w->name}, {"href", "/areas/" + w->code}});
  return out;
}

Result<Json> matrix_page(Ctx& ctx) {
  auto b = matrix_for(ctx);
  if (!b) return b.error();
  const Matrix& m = b->matrix;
  Json columns = Json::array();
  for (const auto* i : m.columns)
    columns.push_back({{"name", i->name}, {"href", "/initiatives/" + std::to_string(i->id)}, {"demo", i->is_demo}});
  Json rows = Json::array();
  for (const auto& row : m.rows) {
    Json cells = Json::array();
    for (std::size_t c = 0; c < row.cells.size(); ++c)
      cells.push_back({{"whole", row.cells[c] == Cover::kWhole},
                       {"part", row.cells[c] == Cover::kPart},
                       {"initiative", m.columns[c]->name}});
    rows.push_back({{"code", row.ward->code},
                    {"name", row.ward->name},
                    {"href", "/areas/" + row.ward->code},
                    {"cells", cells},
                    {"working", row.working},
                    {"gap", row.working == 0},
                    {"crowded", row.working >= kCrowded}});
  }
  std::string kind = ctx.req.query_param("kind");
  std::string status = ctx.req.query_param("status");
  std::string query = "?kind=" + url_encode(kind) + "&status=" + url_encode(status);
  std::string name = areas::label(b->authority);
  return Json{{"title", i18n::tr("Initiatives by ward in {name}", {{"name", name}})},
              {"authority", areas::area_summary(b->authority)},
              {"columns", columns},
              {"rows", rows},
              {"has_columns", !m.columns.empty()},
              {"ward_count_text", count_of(static_cast<std::int64_t>(m.rows.size()), "ward")},
              {"initiative_count_text", count_of(static_cast<std::int64_t>(m.columns.size()), "initiative")},
              {"gaps", names_json(m.gaps)},
              {"has_gaps", !m.gaps.empty()},
              {"has_crowded", !m.crowded.empty()},
              {"gap_count_text", count_of(static_cast<std::int64_t>(m.gaps.size()), "ward")},
              {"crowded", names_json(m.crowded)},
              {"crowded_count_text", count_of(static_cast<std::int64_t>(m.crowded.size()), "ward")},
              {"crowded_at", kCrowded},
              {"kinds", choices_json(kinds(), kind, "kind")},
              {"statuses", choices_json(statuses(), status, "status")},
              {"any_kind", kind.empty()},
              {"current_status", status.empty()},
              {"csv_href", "/areas/" + b->authority.code + "/initiatives.csv" + query},
              {"may_edit", may_edit(ctx)},
              {"new_href", "/initiatives/new?authority=" + b->authority.code}};
}

web::Response matrix_csv_file(Ctx& ctx) {
  auto b = matrix_for(ctx);
  web::Response res;
  if (!b) {
    res.status = 404;
    res.content_type = "text/plain; charset=utf-8";
    res.body = b.error().message + "\n";
    return res;
  }
  res.content_type = "text/csv; charset=utf-8";
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"initiatives-" + b->authority.code + ".csv\"");
  res.body = matrix_csv(b->matrix);
  return res;
}

}  // namespace

std::optional<Json> area_section(store::Db& db, const app::AreaScope& scope) {
  if (scope.kind == "country" || scope.lsoas.empty()) return std::nullopt;
  areas::AreaStore places(db);
  Json list = Json::array();
  for (const auto& i : InitiativeStore(db).reaching(scope.lsoas))
    if (i.status != "ended") list.push_back(summary_json(places, i));
  std::string authority = scope.kind == "authority" ? scope.code : scope.authority_code;
  return Json{{"count", list.size()},
              {"initiatives", list},
              {"has_initiatives", !list.empty()},
              {"headline", i18n::tr_plural(static_cast<std::int64_t>(list.size()), "{n} initiative working here",
                                           "{n} initiatives working here")},
              {"matrix_href", authority.empty() ? "" : "/areas/" + authority + "/initiatives"}};
}

void install_routes(web::Server& server, const app::RecordSections& sections) {
  auto& r = server.router();
  r.page("/initiatives", "initiatives/index", Access::anyone(), list_page);
  r.page("/initiatives/new", "initiatives/form", Access::role(web::kOfficerRoles), new_page);
  r.action("/initiatives/new", Access::role(web::kOfficerRoles), create_action);
  r.page("/initiatives/{id}", "initiatives/initiative", Access::anyone(),
         [sections](Ctx& ctx) { return initiative_page(ctx, sections); });
  r.page("/initiatives/{id}/edit", "initiatives/form", Access::role(web::kOfficerRoles), edit_page);
  r.action("/initiatives/{id}/edit", Access::role(web::kOfficerRoles), edit_action);
  r.page("/areas/{code}/initiatives", "initiatives/matrix", Access::anyone(), matrix_page);
  r.raw("GET", "/areas/{code}/initiatives.csv", Access::anyone(), matrix_csv_file);
  server.add_nav({"Partnership matrix", "/initiatives", Access::role(web::kOfficerRoles), true});
}

}  // namespace kith::initiatives
