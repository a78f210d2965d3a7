#include "initiatives/initiative_store.h"

#include <map>

#include "core/clock.h"
#include "core/text.h"

namespace kith::initiatives {

namespace {

constexpr const char* kColumns =
    "SELECT id, name, kind, lead_organisation, organisation_id, contact, summary, starts_on, ends_on, status, "
    "is_demo FROM initiatives ";

store::Value optional_text(const std::string& s) {
  if (s.empty()) return nullptr;
  return s;
}

}  // namespace

std::vector<Initiative> InitiativeStore::read(const std::string& where, const store::Params& params) {
  std::vector<Initiative> out;
  std::map<std::int64_t, std::size_t> at;
  for (const auto& r : db_.query(kColumns + where + " ORDER BY name, id", params)) {
    Initiative i{r.integer(0),
                 r.text(1),
                 r.text(2),
                 r.text(3),
                 r.opt_text(4),
                 r.text(5),
                 r.text(6),
                 r.opt_text(7).value_or(""),
                 r.opt_text(8).value_or(""),
                 r.text(9),
                 r.integer(10) != 0,
                 {}};
    at[i.id] = out.size();
    out.push_back(std::move(i));
  }
  if (out.empty()) return out;
  for (const auto& r : db_.query("SELECT initiative_id, area_code FROM initiative_areas ORDER BY area_code"))
    if (auto f = at.find(r.integer(0)); f != at.end()) out[f->second].areas.push_back(r.text(1));
  return out;
}

std::vector<Initiative> InitiativeStore::all() { return read("", {}); }

std::optional<Initiative> InitiativeStore::get(std::int64_t id) {
  auto found = read("WHERE id = ?", {id});
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<Initiative> InitiativeStore::reaching(const std::vector<std::string>& lsoas) {
  if (lsoas.empty()) return {};
  // An initiative reaches an area when one of its areas holds one of the area's LSOAs:
  // the LSOA itself, its ward, MSOA or authority, or a saved neighbourhood holding it.
  std::string marks;
  store::Params params;
  for (const auto& l : lsoas) {
    marks += marks.empty() ? "?" : ", ?";
    params.emplace_back(l);
  }
  std::string in = "(" + marks + ")";
  std::string codes = "SELECT code FROM areas WHERE code IN " + in +
                      " UNION SELECT parent_code FROM areas WHERE code IN " + in +
                      " UNION SELECT msoa_code FROM areas WHERE code IN " + in +
                      " UNION SELECT authority_code FROM areas WHERE code IN " + in +
                      " UNION SELECT neighbourhood_code FROM neighbourhood_lsoas WHERE lsoa_code IN " + in;
  store::Params all;
  for (int k = 0; k < 5; ++k) all.insert(all.end(), params.begin(), params.end());
  return read("WHERE id IN (SELECT initiative_id FROM initiative_areas WHERE area_code IN (" + codes + "))", all);
}

std::int64_t InitiativeStore::add(const Initiative& i) {
  std::string now = now_iso();
  auto id = db_.query_one(
                   "INSERT INTO initiatives (name, kind, lead_organisation, organisation_id, contact, summary, "
                   "starts_on, ends_on, status, is_demo, created_at, updated_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   {i.name, i.kind, i.lead_organisation,
                    i.organisation_id ? store::Value(*i.organisation_id) : store::Value(nullptr), i.contact, i.summary,
                    optional_text(i.starts_on), optional_text(i.ends_on), i.status, std::int64_t{i.is_demo ? 1 : 0},
                    now, now})
                ->integer(0);
  write_areas(id, i.areas);
  return id;
}

void InitiativeStore::update(const Initiative& i) {
  db_.exec(
      "UPDATE initiatives SET name = ?, kind = ?, lead_organisation = ?, organisation_id = ?, contact = ?, "
      "summary = ?, starts_on = ?, ends_on = ?, status = ?, updated_at = ? WHERE id = ?",
      {i.name, i.kind, i.lead_organisation,
       i.organisation_id ? store::Value(*i.organisation_id) : store::Value(nullptr), i.contact, i.summary,
       optional_text(i.starts_on), optional_text(i.ends_on), i.status, now_iso(), i.id});
  db_.exec("DELETE FROM initiative_areas WHERE initiative_id = ?", {i.id});
  write_areas(i.id, i.areas);
}

void InitiativeStore::write_areas(std::int64_t id, const std::vector<std::string>& areas) {
  for (const auto& code : areas)
    db_.exec("INSERT INTO initiative_areas (initiative_id, area_code) VALUES (?, ?)", {id, code});
}

std::optional<std::string> InitiativeStore::organisation_named(const std::string& name) {
  auto rows = db_.query("SELECT id FROM hsds_organization WHERE LOWER(name) = ? LIMIT 2", {to_lower(name)});
  if (rows.size() != 1) return std::nullopt;
  return rows.front().text(0);
}

}  // namespace kith::initiatives
