// Your data: every module's personal-data parts for the signed-in person, listed
// with what each holds and downloadable as one JSON file (the right of access).
#include "accounts/accounts.h"
#include "accounts/accounts_http.h"
#include "audit/audit.h"
#include "core/clock.h"
#include "i18n/speaking.h"

namespace kith::accounts {

namespace {

nlohmann::json collect(const app::PersonalDataParts& parts, store::Db& db, std::int64_t user) {
  nlohmann::json out = {{"generated_at", now_iso()}, {"user_id", user}};
  for (const auto& p : parts) out[p.name] = p.collect(db, user);
  return out;
}

// How many records a part holds: the rows of each list in it.
std::size_t count(const nlohmann::json& j) {
  if (j.is_array()) return j.size();
  std::size_t n = 0;
  if (j.is_object())
    for (const auto& [k, v] : j.items()) n += count(v);
  return n;
}

}  // namespace

void install_data_routes(web::Server& server, const app::PersonalDataParts& parts) {
  server.router().page("/account/data", "accounts/data", web::Access::any_member(), [parts](web::Ctx& ctx) {
    auto all = collect(parts, ctx.db, ctx.user->id);
    web::Json list = web::Json::array();
    for (const auto& p : parts)
      list.push_back({{"name", p.name},
                      {"label", data_part_label(p.name)},
                      {"description", i18n::tr(p.description)},
                      {"records", count(all[p.name])},
                      {"href", p.href ? p.href(ctx.db, ctx.user->id) : ""}});
    return Result<web::Json>(web::Json{{"title", "Your data"}, {"parts", list}});
  });
  // A POST: the download is audited, a write that a GET (read-only) may not make.
  server.router().raw("POST", "/account/data.json", web::Access::any_member(), [parts](web::Ctx& ctx) {
    auto all = collect(parts, ctx.db, ctx.user->id);
    audit::record(ctx.db, audit::Actor::of(ctx), "account.export", "user", std::to_string(ctx.user->id), nullptr,
                  {{"parts", parts.size()}});
    web::Response res;
    res.content_type = "application/json";
    res.headers.emplace_back("Content-Disposition", "attachment; filename=\"kith-your-data.json\"");
    res.headers.emplace_back("Cache-Control", "no-store");
    res.body = all.dump(2);
    return res;
  });
}

}  // namespace kith::accounts
