#include "audit/module.h"

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
  auto page = parse_int(ctx.req.query_param("page")).value_or(1);
  if (page < 1) page = 1;
  f.offset = static_cast<int>((page - 1) * f.limit);
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
  std::int64_t total = count(ctx.db, f);
  Json data = {{"title", "Audit log"}, {"entries", rows},          {"total", total}, {"total_text", thousands(total)},
               {"entity", f.entity},   {"entity_id", f.entity_id}, {"page", page}};
  std::string base = "/admin/audit?entity=" + url_encode(f.entity) + "&entity_id=" + url_encode(f.entity_id) + "&page=";
  if (page > 1) data["previous"] = base + std::to_string(page - 1);
  if (page * f.limit < total) data["next"] = base + std::to_string(page + 1);
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
