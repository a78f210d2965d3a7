#include "audit/module.h"

#include <algorithm>

#include "audit/audit.h"
#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::audit {

namespace {

using web::Json;

nlohmann::json pretty(const std::string& j) {
  if (j.empty()) return "";
  auto parsed = nlohmann::json::parse(j, nullptr, false);
  return parsed.is_discarded() ? j : parsed.dump(2);
}

Result<Json> audit_page(web::Ctx& ctx) {
  Filter f;
  f.entity = ctx.req.query_param("entity");
  f.entity_id = ctx.req.query_param("entity_id");
  // A page is a whole number from 1 to the last page (a huge one must not overflow the offset).
  const std::string asked = ctx.req.query_param("page");
  std::int64_t total = count(ctx.db, f);
  const std::int64_t last = std::max<std::int64_t>(1, (total + f.limit - 1) / f.limit);
  auto page = asked.empty() ? std::optional<std::int64_t>(1) : parse_int(asked);
  if (!page || *page < 1 || *page > last)
    return Error::not_found(i18n::tr("There is no page {page} of the audit log.", {{"page", asked}}));
  f.offset = static_cast<int>((*page - 1) * f.limit);
  Json rows = Json::array();
  for (const auto& e : list(ctx.db, f)) {
    rows.push_back({{"id", e.id},
                    {"at", e.at},
                    {"actor", e.actor_label},
                    {"action", e.action},
                    {"entity", e.entity},
                    {"entity_id", e.entity_id},
                    {"before", pretty(e.before_json)},
                    {"after", pretty(e.after_json)},
                    {"ip", e.ip}});
  }
  Json data = {{"title", "Audit log"}, {"entries", rows},
               {"total", total},       {"total_text", count_of(total, "entry", "entries")},
               {"entity", f.entity},   {"entity_id", f.entity_id},
               {"page", *page}};
  std::string base = "/admin/audit?entity=" + url_encode(f.entity) + "&entity_id=" + url_encode(f.entity_id) + "&page=";
  if (*page > 1) data["previous"] = base + std::to_string(*page - 1);
  if (*page < last) data["next"] = base + std::to_string(*page + 1);
  return data;
}

}  // namespace

void AuditModule::install(web::Server& server, const app::Config&) {
  server.router().page("/admin/audit", "audit/log", web::Access::role({"admin"}), audit_page);
  server.add_nav({"Audit log", "/admin/audit", web::Access::role({"admin"}), true});
}

app::PersonalDataParts AuditModule::personal_data() const {
  return {{"activity", i18n::msg("What you did in Kith, from the audit log"), [](store::Db& db, std::int64_t user) {
             return app::rows_json(db,
                                   "SELECT at, action, entity, entity_id FROM audit_log WHERE actor_id = ? "
                                   "OR on_behalf_of = ? ORDER BY id",
                                   {user, user});
           }}};
}

}  // namespace kith::audit
