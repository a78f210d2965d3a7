// The admin page that keeps the outcome framework: add, rename, retire.
#include "outcomes/module.h"

#include "i18n/speaking.h"
#include "outcomes/outcomes.h"

namespace kith::outcomes {

namespace {

using web::Access;
using web::Ctx;
using web::Json;

Result<Json> admin_page(Ctx& ctx) {
  Json list = Json::array();
  for (const auto& o : OutcomeStore(ctx.db).list(true, true))
    list.push_back({{"slug", o.slug}, {"name", o.name}, {"retired", o.retired}});
  return Json{{"title", "Outcomes"}, {"outcomes", list}};
}

Result<web::Done> admin_action(Ctx& ctx, const web::Input& in) {
  audit::Actor actor = audit::Actor::of(ctx);
  std::string what = in.get("do");
  if (what == "add") {
    auto id = add(ctx.db, actor, in.get("name"));
    if (!id) return id.error();
    return web::Done{"/admin/outcomes", {{"id", *id}}, i18n::msg("Outcome added."), 201};
  }
  Status done = what == "rename"   ? rename(ctx.db, actor, in.get("slug"), in.get("name"))
                : what == "retire" ? retire(ctx.db, actor, in.get("slug"))
                                   : Status(Error::validation({{"do", "Choose add, rename or retire"}}));
  if (!done) return done.error();
  return web::Done{"/admin/outcomes", {{"slug", in.get("slug")}}, i18n::msg("Saved.")};
}

}  // namespace

void OutcomesModule::install(web::Server& server, const app::Config&) {
  server.router().page("/admin/outcomes", "outcomes/admin", Access::role({"admin"}), admin_page);
  server.router().action("/admin/outcomes", Access::role({"admin"}), admin_action);
}

}  // namespace kith::outcomes
