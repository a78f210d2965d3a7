// Pages and API for accounts people make and mend themselves: sign-up, confirming an
// email address, a new confirmation link, forgotten passwords, and the place's terms
// of use and privacy notice. Thin: parse, call sign_up.h, shape the data.
#include "accounts/accounts_http.h"

#include <chrono>
#include <thread>

#include "accounts/sign_up.h"
#include "core/crypto.h"
#include "i18n/speaking.h"
#include "store/settings.h"
#include "web/boundary.h"

namespace kith::accounts {

namespace {

using web::Access;
using web::Ctx;
using web::Done;
using web::Input;
using web::Json;

Json already_signed_in(const std::string& title) { return Json{{"title", title}, {"signed_in", true}}; }

// The place's own words for a page, from a setting (paragraphs apart by a blank line),
// or Kith's plain default (in the page's language).
Json paragraphs(store::Db& db, const std::string& key, const std::string& fallback) {
  auto text = store::get_setting(db, key, nullptr);
  std::string all = text.is_string() ? text.get<std::string>() : i18n::tr(fallback);
  Json out = Json::array();
  std::size_t start = 0;
  while (start < all.size()) {
    auto end = all.find("\n\n", start);
    std::string p = all.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!p.empty()) out.push_back(p);
    if (end == std::string::npos) break;
    start = end + 2;
  }
  return out;
}

constexpr const char* kDefaultTerms = i18n::msg(
    "This service is run for the people of this place by its council and community groups. Use it to find "
    "things to do, help one another, tell stories and take part in decisions.\n\n"
    "Be kind and truthful. Do not post anything that is unlawful, that harms or singles out another person, or "
    "that shares someone else's private information without their agreement.\n\n"
    "Moderators may decline or remove what breaks these terms, and admins may close an account that does. You can "
    "close your account at any time by asking an admin.");
constexpr const char* kDefaultPrivacy = i18n::msg(
    "We keep your name, email address and password (as a one-way hash) so you can sign in, and what you add: your "
    "timebank offers and exchanges, your stories, your grant applications and your votes.\n\n"
    "We use your email address to send you the messages you choose, such as a link to confirm your address or to "
    "reset your password. We do not sell or share it.\n\n"
    "You can see and download everything we hold about you under Your account, then Your data. To have something "
    "corrected that you cannot change yourself, choose Your account, then ask for it to be corrected: an admin "
    "replies there. To have everything erased, choose Your account, then Close your account and erase your data. "
    "You can also ask on paper, by phone or in person, and an admin will do it for you once they have checked it is "
    "you. Some records are kept without your name, as the law requires: the timebank's ledger, decisions on grants "
    "and the counts of budget votes.");

// An answer about an address that must not say whether it has an account: what was
// written is committed, then the answer waits until `floor` after `started`, so an
// address with an account (a token and an email written) takes no longer to answer
// than one without (the walk timed 2.5-9.4 ms against 2.0-3.0 ms).
void answer_no_sooner(Ctx& ctx, std::chrono::steady_clock::time_point started) {
  constexpr auto kFloor = std::chrono::milliseconds(150);
  ctx.commit_now();
  std::this_thread::sleep_until(started + kFloor);
}

Result<Json> sign_up_page(Ctx& ctx) {
  if (ctx.user) return already_signed_in("Create an account");
  return Json{{"title", "Create an account"}, {"next", web::safe_next_or(ctx.req.query_param("next"), "")}};
}

Result<Done> sign_up_action(Ctx& ctx, const Input& in) {
  SignUp s{in.get("display_name"),     in.get("email"),          in.raw("password"),
           in.raw("confirm_password"), in.get("agree") == "yes", in.get("next")};
  if (auto r = sign_up(ctx.db, audit::Actor::of(ctx), s); !r) return r.error();
  // The same whether or not the address already had an account.
  return Done{"/sign-up/check-your-email", {{"sent", true}}, "", 202};
}

Result<Json> check_email_page(Ctx&, bool sending) { return Json{{"title", "Check your email"}, {"sending", sending}}; }

Result<Json> verify_page(Ctx& ctx) {
  if (!verification_live(ctx.db, ctx.param("token")))
    return Error::not_found(i18n::msg(
        "This link has expired or has already been used. Sign in, or ask for a new link on the sign-in page."));
  return Json{{"title", "Confirm your email address"}};
}

Result<Done> verify_action(Ctx& ctx, const Input& in) {
  auto result = verify_email(ctx.db, audit::Actor::of(ctx), ctx.param("token"), in.raw("password"));
  if (!result) return result.error();
  ctx.cookies_out.push_back(
      {web::kSessionCookie, result->session_token, static_cast<int>(kSessionSeconds), true, "Lax"});
  ctx.cookies_out.push_back({web::kCsrfCookie, random_token(), -1, true, "Strict"});
  // Back to where they were going when they made the account (to vote, say).
  return Done{
      web::safe_next_or(ctx.req.query_param("next"), "/account"),
      {{"user", to_json(result->user)}},
      i18n::tr("Your email address is confirmed. You are signed in as {name}", {{"name", result->user.display_name}})};
}

Result<Json> verify_again_page(Ctx&) { return Json{{"title", "Get a new link to confirm your email address"}}; }

Result<Done> verify_again_action(Ctx& ctx, const Input& in) {
  auto started = std::chrono::steady_clock::now();
  if (auto r = send_verification_again(ctx.db, audit::Actor::of(ctx), in.get("email")); !r) return r.error();
  answer_no_sooner(ctx, started);
  return Done{"/sign-up/check-your-email", {{"sent", true}}, "", 202};
}

Result<Json> forgot_page(Ctx&) { return Json{{"title", "Reset your password"}}; }

Result<Done> forgot_action(Ctx& ctx, const Input& in) {
  auto started = std::chrono::steady_clock::now();
  if (auto r = request_password_reset(ctx.db, audit::Actor::of(ctx), in.get("email")); !r) return r.error();
  answer_no_sooner(ctx, started);
  return Done{"/password/check-your-email", {{"sent", true}}, "", 202};
}

Result<Json> forgot_sent_page(Ctx&, bool sending) {
  return Json{{"title", "Check your email or texts"}, {"sending", sending}};
}

Result<Json> reset_page(Ctx& ctx) {
  auto user = reset_user(ctx.db, ctx.param("token"));
  if (!user || user->status == "disabled" || user->status == "invited")
    return Error::not_found(i18n::msg("This link has expired or has already been used. Ask for a new one."));
  return Json{
      {"title", "Choose a new password"}, {"account", {{"address_text", user->address()}}}, {"new_password", true}};
}

Result<Done> reset_action(Ctx& ctx, const Input& in) {
  auto result =
      reset_password(ctx.db, audit::Actor::of(ctx), ctx.param("token"), in.raw("password"), in.raw("confirm_password"));
  if (!result) return result.error();
  ctx.cookies_out.push_back({web::kSessionCookie, "", 0, true, "Lax"});
  return Done{"/sign-in",
              {{"user", to_json(*result)}},
              i18n::msg("Your password has been changed. Sign in with your new password.")};
}

Result<Json> terms_page(Ctx& ctx) {
  return Json{{"title", "Terms of use"}, {"paragraphs", paragraphs(ctx.db, "place.terms", kDefaultTerms)}};
}

Result<Json> privacy_page(Ctx& ctx) {
  return Json{{"title", "Privacy notice"}, {"paragraphs", paragraphs(ctx.db, "place.privacy", kDefaultPrivacy)}};
}

}  // namespace

void install_sign_up_routes(web::Server& server, bool sending) {
  auto& r = server.router();
  r.page("/sign-up", "accounts/sign_up", Access::anyone(), sign_up_page);
  r.action("/sign-up", Access::anyone_counting_attempts(), sign_up_action);
  r.page("/sign-up/check-your-email", "accounts/check_email", Access::anyone(),
         [sending](Ctx& ctx) { return check_email_page(ctx, sending); });
  r.page("/verify", "accounts/verify_again", Access::anyone(), verify_again_page);
  r.action("/verify", Access::anyone_counting_attempts(), verify_again_action);
  r.page("/verify/{token}", "accounts/verify", Access::anyone(), verify_page);
  r.action("/verify/{token}", Access::anyone(), verify_action);
  r.page("/password/forgot", "accounts/forgot", Access::anyone(), forgot_page);
  r.action("/password/forgot", Access::anyone_counting_attempts(), forgot_action);
  r.page("/password/check-your-email", "accounts/forgot_sent", Access::anyone(),
         [sending](Ctx& ctx) { return forgot_sent_page(ctx, sending); });
  r.page("/password/reset/{token}", "accounts/reset", Access::anyone(), reset_page);
  r.action("/password/reset/{token}", Access::anyone(), reset_action);
  r.page("/terms", "accounts/terms", Access::anyone(), terms_page);
  r.page("/privacy", "accounts/terms", Access::anyone(), privacy_page);
}

}  // namespace kith::accounts
