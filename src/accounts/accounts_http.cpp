// Pages and API for signing in and out, accepting invitations, and the admin's
// user management. Thin: parse, call service.h, shape the data.
#include "accounts/accounts_http.h"

#include "accounts/erasure.h"
#include "accounts/service.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/text.h"
#include "i18n/request.h"
#include "i18n/speaking.h"
#include "web/boundary.h"

#include <algorithm>

namespace kith::accounts {

namespace {

using web::Access;
using web::Ctx;
using web::Done;
using web::Input;
using web::Json;

Json roles_json(const std::vector<std::string>& selected) {
  Json out = Json::array();
  for (const auto& r : roles()) {
    bool on = std::find(selected.begin(), selected.end(), r.id) != selected.end();
    out.push_back(
        {{"id", r.id}, {"label", i18n::tr(r.label)}, {"description", i18n::tr(r.description)}, {"checked", on}});
  }
  return out;
}

Json user_row(const User& u) {
  Json j = to_json(u);
  std::vector<std::string> labels;
  for (const auto& r : roles())
    if (std::find(u.roles.begin(), u.roles.end(), r.id) != u.roles.end()) labels.push_back(i18n::tr(r.label));
  j["roles_text"] = labels.empty() ? i18n::tr("No role") : join(labels, ", ");
  j["status_invited"] = u.status == "invited";
  j["status_disabled"] = u.status == "disabled";
  j["status_text"] = status_label(u.status);
  j["status_colour"] = u.status == "active" ? "green" : u.status == "disabled" ? "grey" : "yellow";
  j["created_text"] = date_in_words(u.created_at);
  j["address_text"] = !u.email.empty() ? u.email : i18n::tr("{phone} (mobile; no email)", {{"phone", u.phone}});
  return j;
}

std::optional<std::int64_t> id_param(const Ctx& ctx) { return parse_int(ctx.param("id")); }

// One line of a task list of work ("Stories to moderate", 3 waiting), the `n`th.
Json work_json(const app::Waiting& w, std::size_t n) {
  return {{"id", "work-" + std::to_string(n)},
          {"label", w.label},
          {"href", w.href},
          {"count", w.count},
          {"count_text", !w.status.empty() ? w.status
                         : w.count == 0    ? i18n::tr("Nothing waiting")
                                           : i18n::tr("{count} waiting", {{"count", thousands(w.count)}})}};
}

Result<Json> sign_in_page(Ctx& ctx) {
  if (ctx.user)
    return Json{{"title", "Sign in"},
                {"signed_in", true},
                {"next", web::safe_next_or(ctx.req.query_param("next"), "/account")}};
  std::string next = web::safe_next_or(ctx.req.query_param("next"), "");
  // "Create an account" keeps where they were going, as a query value of its own.
  return Json{{"title", "Sign in"},
              {"next", next},
              {"sign_up_href", next.empty() ? "/sign-up" : "/sign-up?next=" + url_encode(next)}};
}

Result<Done> sign_in_action(Ctx& ctx, const Input& in) {
  auto result = sign_in(ctx.db, in.get("email"), in.raw("password"), ctx.req.ip);
  if (!result) {
    ctx.commit_now();  // the failed attempt must count towards throttling
    return result.error();
  }
  ctx.cookies_out.push_back(
      {web::kSessionCookie, result->session_token, static_cast<int>(kSessionSeconds), true, "Lax"});
  ctx.cookies_out.push_back({web::kCsrfCookie, random_token(), -1, true, "Strict"});
  // Said in the language their next page is in: their account's, where they chose one.
  i18n::Speaking theirs(i18n::language_of(ctx.req, result->user.language));
  return Done{web::safe_next_or(in.get("next"), "/account"),
              {{"user", to_json(result->user)}},
              i18n::tr("You are signed in as {name}", {{"name", result->user.display_name}})};
}

Result<Done> sign_out_action(Ctx& ctx, const Input&) {
  auto it = ctx.req.cookies.find(web::kSessionCookie);
  if (it != ctx.req.cookies.end()) sign_out(ctx.db, it->second, audit::Actor::of(ctx));
  ctx.cookies_out.push_back({web::kSessionCookie, "", 0, true, "Lax"});
  return Done{"/", {{"signed_out", true}}, i18n::msg("You have signed out")};
}

Result<Json> users_page(Ctx& ctx) {
  AccountStore store(ctx.db);
  Json rows = Json::array();
  for (const auto& u : store.list(500, 0)) rows.push_back(user_row(u));
  return Json{{"title", i18n::msg("Users")},
              {"users", rows},
              {"total", store.count()},
              {"total_text", count_of(store.count(), "account")}};
}

Result<Json> invite_page(Ctx&, bool sending) {
  return Json{{"title", "Invite a user"}, {"roles", roles_json({"member"})}, {"sending", sending}};
}

Result<Done> invite_action(Ctx& ctx, const Input& in, bool sending) {
  auto result =
      invite(ctx.db, audit::Actor::of(ctx), in.get("email"), in.get("phone"), in.get("display_name"), in.all("roles"));
  if (!result) return result.error();
  // From the public URL setting, never the request's Host header: a forged Host
  // must not put someone else's site in the link an admin sends.
  std::string link = ctx.absolute_url("/invite/" + result->token);
  return Done{"/admin/users/" + std::to_string(result->user.id),
              {{"user", to_json(result->user)}, {"invitation_url", link}},
              sending ? (result->user.email.empty()
                             ? i18n::tr("Invitation texted to {phone}, with a link to set their password that works "
                                        "once, for 14 days. They sign in with this number. You can also give them "
                                        "the link yourself: {link}",
                                        {{"phone", result->user.phone}, {"link", link}})
                             : i18n::tr("Invitation emailed to {email}, with a link to set their password that works "
                                        "once, for 14 days. You can also give them the link yourself: {link}",
                                        {{"email", result->user.email}, {"link", link}}))
                      : (result->user.email.empty()
                             ? i18n::tr("Invitation created for {phone}, the number they will sign in with. Kith "
                                        "does not send texts here yet, so give them this link yourself (it works "
                                        "once, for 14 days): {link}",
                                        {{"phone", result->user.phone}, {"link", link}})
                             : i18n::tr("Invitation created for {email}. Kith does not send email here yet, so send "
                                        "them this link yourself (it works once, for 14 days): {link}",
                                        {{"email", result->user.email}, {"link", link}})),
              201};
}

Result<Json> user_page(Ctx& ctx) {
  auto id = id_param(ctx);
  auto user = id ? AccountStore(ctx.db).find_by_id(*id) : std::nullopt;
  if (!user) return Error::not_found(i18n::tr("There is no user {id}.", {{"id", ctx.param("id")}}));
  Json j = {{"title", user->display_name},
            {"account", user_row(*user)},
            {"roles", roles_json(user->roles)},
            {"status_active", user->status == "active"},
            {"status_disabled", user->status == "disabled"},
            {"status_invited", user->status == "invited"},
            {"status_unverified", user->status == "unverified"}};
  return j;
}

Result<Done> user_action(Ctx& ctx, const Input& in) {
  auto id = id_param(ctx);
  if (!id) return Error::not_found(i18n::tr("There is no user {id}.", {{"id", ctx.param("id")}}));
  std::string status = in.get("status");
  std::optional<std::string> invitation;
  if (in.has("phone")) {
    auto changed = set_sign_in_phone(ctx.db, audit::Actor::of(ctx), *id, in.get("phone"));
    if (!changed) return changed.error();
    invitation = *changed;
  }
  auto result = set_roles(ctx.db, audit::Actor::of(ctx), *id, in.all("roles"), status);
  if (!result) return result.error();
  Json out = {{"user", to_json(*result)}};
  if (!invitation)
    return Done{"/admin/users/" + std::to_string(*id), out,
                i18n::tr("Saved the changes to {name}", {{"name", result->display_name}})};
  std::string link = ctx.absolute_url("/invite/" + *invitation);
  out["invitation_url"] = link;
  return Done{"/admin/users/" + std::to_string(*id), out,
              i18n::tr("Saved the changes to {name}. The invitation sent to the old number no longer works; a new "
                       "one is texted to {phone}. You can also give them its link yourself: {link}",
                       {{"name", result->display_name}, {"phone", result->phone}, {"link", link}})};
}

Result<Json> invitation_page(Ctx& ctx) {
  auto user = AccountStore(ctx.db).invitation_user(sha256_hex(ctx.param("token")), now_iso());
  if (!user)
    return Error::not_found(
        i18n::msg("This invitation link has expired or has already been used. Ask an admin for a new one."));
  return Json{
      {"title", "Set your password"},
      {"invitee", {{"name", user->display_name}, {"address", user->address()}, {"by_text", user->email.empty()}}}};
}

Result<Done> invitation_action(Ctx& ctx, const Input& in) {
  auto result = accept_invitation(ctx.db, ctx.param("token"), in.raw("password"), in.raw("confirm_password"));
  if (!result) return result.error();
  return Done{"/sign-in",
              {{"user", to_json(*result)}},
              result->email.empty()
                  ? i18n::msg("Your account is ready. Sign in with your mobile number and new password.")
                  : i18n::msg("Your account is ready. Sign in with your email address and new password.")};
}

}  // namespace

std::optional<web::Principal> resolve_session(store::Db& db, const std::string& token) {
  if (token.empty()) return std::nullopt;
  auto user = AccountStore(db).session_user(sha256_hex(token), now_iso());
  if (!user) return std::nullopt;
  return web::Principal{user->id,      user->email,    user->display_name, user->roles,
                        user->is_demo, user->language, user->phone};
}

void install_routes(web::Server& server, const app::WorkParts& work, bool sending) {
  auto& r = server.router();
  // "Your account" is each person's front door: what waits for them in each of their roles.
  auto account_page = [work](Ctx& ctx) -> Result<Json> {
    auto user = AccountStore(ctx.db).find_by_id(ctx.user->id);
    if (!user) return Error::not_found(i18n::msg("Your account no longer exists."));
    Json items = Json::array();
    for (const auto& w : app::work_for(work, ctx.db, ctx.user->id, ctx.user->roles))
      items.push_back(work_json(w, items.size()));
    // Admins' replies to the person's correction requests (erasure_http.cpp).
    Json replies = Json::array();
    for (const auto& c : corrections(ctx.db, ctx.user->id, 20))
      if (c.status == "answered")
        replies.push_back({{"what", c.what}, {"reply", c.reply}, {"answered_text", date_in_words(c.answered_at)}});
    return Json{{"title", "Your account"},    {"account", user_row(*user)}, {"work", items},
                {"has_work", !items.empty()}, {"replies", replies},         {"has_replies", !replies.empty()}};
  };
  // "Moderation" in the menu: every queue moderators work through, from every module's
  // work (those done under /moderate/), with what waits in each.
  auto moderation_page = [work](Ctx& ctx) -> Result<Json> {
    Json queues = Json::array();
    for (const auto& w : app::work_for(work, ctx.db, ctx.user->id, {"moderator"}))
      if (starts_with(w.href, "/moderate/")) queues.push_back(work_json(w, queues.size()));
    return Json{{"title", i18n::msg("Moderation")}, {"queues", queues}};
  };
  server.set_waiting_counter([work](store::Db& db, const web::Principal& p) {
    std::int64_t n = 0;
    for (const auto& w : app::work_for(work, db, p.id, p.roles)) n += w.count;
    return n;
  });
  r.page("/sign-in", "accounts/sign_in", Access::anyone(), sign_in_page);
  r.action("/sign-in", Access::anyone_counting_attempts(), sign_in_action);
  r.action("/sign-out", Access::any_member(), sign_out_action);
  r.page("/account", "accounts/account", Access::any_member(), account_page);
  r.page("/moderate", "accounts/moderation", Access::role({"moderator", "admin"}), moderation_page);
  r.page("/invite/{token}", "accounts/invitation", Access::anyone(), invitation_page);
  r.action("/invite/{token}", Access::anyone(), invitation_action);
  r.page("/admin/users", "accounts/users", Access::role({"admin"}), users_page);
  r.page("/admin/users/invite", "accounts/invite", Access::role({"admin"}),
         [sending](Ctx& ctx) { return invite_page(ctx, sending); });
  r.action("/admin/users/invite", Access::role({"admin"}),
           [sending](Ctx& ctx, const Input& in) { return invite_action(ctx, in, sending); });
  r.page("/admin/users/{id}", "accounts/user", Access::role({"admin"}), user_page);
  r.action("/admin/users/{id}", Access::role({"admin"}), user_action);
  server.set_session_resolver(resolve_session);
  std::map<std::string, std::string> labels;
  for (const auto& r : roles()) labels[r.id] = r.label;
  server.set_role_labels(std::move(labels));
  server.set_language_keeper(
      [](store::Db& db, std::int64_t user, const std::string& code) { AccountStore(db).set_language(user, code); });
  server.add_nav({"Users", "/admin/users", Access::role({"admin"}), true});
}

}  // namespace kith::accounts
