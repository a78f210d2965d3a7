// Closing your account and erasing your data (/account/close), an admin doing it for
// someone who asked on paper or by phone (/admin/erasure), and asking an admin to
// correct what you cannot edit yourself (/account/correction, /admin/corrections).
// Thin: parse, call erasure.h, shape the data.
#include "accounts/account_store.h"
#include "accounts/accounts.h"
#include "accounts/accounts_http.h"
#include "accounts/erasure.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::accounts {

namespace {

using web::Access;
using web::Ctx;
using web::Done;
using web::Input;
using web::Json;

Json parts_json(const app::ErasureParts& parts) {
  Json out = Json::array();
  for (const auto& p : parts)
    out.push_back({{"name", p.name}, {"label", data_part_label(p.name)}, {"what", i18n::tr(p.what)}});
  return out;
}

Json channels_json(const std::string& chosen) {
  Json out = Json::array();
  for (const auto& [id, label] : erasure_channels())
    if (id != "online") out.push_back({{"id", id}, {"label", i18n::tr(label)}, {"checked", id == chosen}});
  return out;
}

Json request_json(const ErasureRecord& r) {
  std::string status = r.status == "done"      ? i18n::tr("Erased")
                       : r.status == "waiting" ? i18n::tr("Waiting for a team lead")
                       : r.status == "erased"  ? i18n::tr("Erased by a team lead")
                                               : i18n::tr("Kept under retention rules");
  std::string scope = r.scope == "account" ? i18n::tr("Account and data") : i18n::tr("Coordination records");
  std::string channel;
  for (const auto& [id, label] : erasure_channels())
    if (id == r.channel) channel = i18n::tr(label);
  return {{"id", r.id},
          {"user", r.user},
          {"scope", scope},
          {"channel", channel},
          {"reason", r.reason},
          {"status", status},
          {"decision", r.decision},
          {"asked_by", r.asked_by.empty() ? "—" : r.asked_by},
          {"created_text", date_in_words(r.created_at)}};
}

Json correction_json(const Correction& c) {
  return {{"id", c.id},
          {"user", c.user},
          {"user_name", c.user_name},
          {"what", c.what},
          {"answered", c.status == "answered"},
          {"reply", c.reply},
          {"created_text", date_in_words(c.created_at)},
          {"answered_text", c.answered_at.empty() ? "" : date_in_words(c.answered_at)}};
}

}  // namespace

void install_erasure_routes(web::Server& server, const app::ErasureParts& parts) {
  auto& r = server.router();
  server.add_nav({"Erasure", "/admin/erasure", Access::role({"admin"}), true});
  server.add_nav({"Corrections", "/admin/corrections", Access::role({"admin"}), true});

  r.page("/account/close", "accounts/close", Access::any_member(), [parts](Ctx&) -> Result<Json> {
    return Json{{"title", "Close your account and erase your data"}, {"parts", parts_json(parts)}};
  });
  r.action("/account/close", Access::any_member(), [parts](Ctx& ctx, const Input& in) -> Result<Done> {
    // The password again: whoever has a signed-in browser must not close the account.
    auto hash = AccountStore(ctx.db).password_hash(ctx.user->id);
    if (in.raw("password").empty()) return Error::validation({{"password", "Enter your password"}});
    if (!hash || !verify_password(in.raw("password"), *hash))
      return Error::validation({{"password", "The password is not right"}});
    auto done = erase_account(ctx.db, audit::Actor::of(ctx), parts, {ctx.user->id, "online", ""});
    if (!done) return done.error();
    ctx.cookies_out.push_back({web::kSessionCookie, "", 0, true, "Lax"});
    return Done{"/account/closed", {{"request", *done}}, ""};
  });
  r.page("/account/closed", "accounts/closed", Access::anyone(), [](Ctx&) -> Result<Json> {
    return Json{{"title", "Your account is closed"}};
  });

  r.page("/admin/erasure", "accounts/erasure", Access::role({"admin"}), [parts](Ctx& ctx) -> Result<Json> {
    Json list = Json::array();
    for (const auto& e : erasure_requests(ctx.db, "", 200)) list.push_back(request_json(e));
    return Json{{"title", "Erasure requests"},
                {"parts", parts_json(parts)},
                {"channels", channels_json(ctx.req.query_param("channel"))},
                {"requests", list},
                {"has_requests", !list.empty()}};
  });
  r.action("/admin/erasure", Access::role({"admin"}), [parts](Ctx& ctx, const Input& in) -> Result<Done> {
    std::vector<FieldError> errors;
    std::string email = in.get("email");
    std::optional<User> user;
    if (trim(email).empty())
      errors.push_back({"email", "Enter the email address of the account to close, or its mobile number"});
    else if (AccountStore store(ctx.db); !(user = find_by_sign_in_name(store, email)))
      errors.push_back({"email", "There is no account with that email address or mobile number"});
    else if (user->id == ctx.user->id)
      errors.push_back(
          {"email", "This is your own account: close it from your account page, which asks for your password"});
    if (in.get("channel").empty() || in.get("channel") == "online")
      errors.push_back({"channel", "Choose how the person asked"});
    if (trim(in.get("reason")).empty())
      errors.push_back({"reason", "Say who asked and how you checked it was them, without their personal details"});
    if (in.get("confirm") != "yes")
      errors.push_back({"confirm", "Confirm that you have checked the request came from the person"});
    if (!errors.empty()) return Error::validation(errors);
    auto done = erase_account(ctx.db, audit::Actor::of(ctx), parts, {user->id, in.get("channel"), in.get("reason")});
    if (!done) return done.error();
    return Done{"/admin/erasure",
                {{"request", *done}, {"user", user->id}},
                i18n::msg("The account is closed and the person's data erased")};
  });

  r.page("/account/correction", "accounts/correction", Access::any_member(), [](Ctx& ctx) -> Result<Json> {
    Json list = Json::array();
    for (const auto& c : corrections(ctx.db, ctx.user->id, 50)) list.push_back(correction_json(c));
    return Json{{"title", "Ask for a correction"}, {"requests", list}, {"has_requests", !list.empty()}};
  });
  r.action("/account/correction", Access::any_member(), [](Ctx& ctx, const Input& in) -> Result<Done> {
    auto id = ask_correction(ctx.db, audit::Actor::of(ctx), ctx.user->id, in.get("what"));
    if (!id) return id.error();
    return Done{"/account/correction", {{"id", *id}}, i18n::msg("Your request is sent. An admin will reply here.")};
  });
  r.page("/admin/corrections", "accounts/corrections", Access::role({"admin"}), [](Ctx& ctx) -> Result<Json> {
    Json list = Json::array();
    for (const auto& c : corrections(ctx.db, std::nullopt, 200)) list.push_back(correction_json(c));
    return Json{{"title", "Correction requests"}, {"requests", list}, {"has_requests", !list.empty()}};
  });
  r.action("/admin/corrections/{id}", Access::role({"admin"}), [](Ctx& ctx, const Input& in) -> Result<Done> {
    auto id = parse_int(ctx.param("id"));
    if (!id) return Error::not_found(i18n::tr("There is no correction request {id}.", {{"id", ctx.param("id")}}));
    auto ok = answer_correction(ctx.db, audit::Actor::of(ctx), *id, in.get("reply"));
    if (!ok) return ok.error();
    return Done{"/admin/corrections", {{"id", *id}}, i18n::msg("Your reply is sent")};
  });
}

}  // namespace kith::accounts
