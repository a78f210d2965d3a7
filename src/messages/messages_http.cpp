#include "messages/messages_http.h"

#include "audit/audit.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "messages/kinds.h"
#include "messages/messages.h"
#include "messages/outbox_store.h"
#include "messages/sender.h"
#include "store/settings.h"

namespace kith::messages {

namespace {

using web::Ctx;
using web::Done;
using web::Input;
using web::Json;

const std::vector<std::pair<Choice, std::string>>& choice_labels() {
  static const std::vector<std::pair<Choice, std::string>> all = {
      {Choice::kEmail, i18n::msg("Email me")},
      {Choice::kText, i18n::msg("Text me")},
      {Choice::kDigest, i18n::msg("Once a day, in a summary email")},
      {Choice::kNever, i18n::msg("Never")}};
  return all;
}

// A person chooses only for the kinds that may come to them: a staff kind for its roles.
bool sees_kind(const Kind& k, const web::Principal& user) {
  if (!k.listed || k.always_sent) return false;
  return k.roles.empty() || user.has_any(k.roles);
}

// Someone without email hears by text or not at all: email and the daily summary email
// are not theirs to choose, and whatever would be emailed is texted to them.
bool offered(Choice c, bool texts, bool no_email) {
  if (no_email) return c == Choice::kText || c == Choice::kNever;
  return texts || c != Choice::kText;
}

Json choices_json(store::Db& db, const web::Principal& user, bool texts) {
  Json out = Json::array();
  bool no_email = user.email.empty();
  for (const auto& k : kinds()) {
    if (!sees_kind(k, user)) continue;
    Choice current = stored_choice(db, user.id, k.name).value_or(k.default_choice);
    if (no_email && current != Choice::kNever) current = Choice::kText;
    Json options = Json::array();
    for (const auto& [c, label] : choice_labels())
      if (offered(c, texts, no_email))
        options.push_back({{"value", std::string(choice_name(c))},
                           {"text", i18n::tr(label)},
                           {"id", "kind_" + k.name + "-" + std::string(choice_name(c))},
                           {"checked", c == current}});
    out.push_back({{"name", k.name}, {"field", "kind_" + k.name}, {"label", i18n::tr(k.label)}, {"options", options}});
  }
  return out;
}

Result<Json> settings_page(Ctx& ctx, const TransportState& transport) {
  Json always = Json::array();
  for (const auto& k : kinds())
    if (k.always_sent) always.push_back(i18n::tr(k.label));
  std::string phone = user_phone(ctx.db, ctx.user->id);
  return Json{{"title", "How we contact you"},
              {"kinds", choices_json(ctx.db, *ctx.user, transport.texts)},
              {"texts", transport.texts},
              {"always", always},
              {"phone", phone},
              {"email", ctx.user->email},
              {"no_email", ctx.user->email.empty()}};
}

Result<Done> save_settings(Ctx& ctx, const Input& in, const TransportState& transport) {
  std::vector<FieldError> errors;
  // A form always sends the phone field (empty removes it); an API call may leave it out.
  // Someone without email signs in with their number: an admin changes it, not this form.
  bool no_email = ctx.user->email.empty();
  std::string phone_in = in.has("phone") && !no_email ? in.get("phone") : user_phone(ctx.db, ctx.user->id);
  std::string phone;
  if (!phone_in.empty()) {
    auto normal = normalise_uk_mobile(phone_in);
    if (!normal)
      errors.push_back({"phone", "Enter a UK mobile number, like 07700 900 982 or +44 7700 900 982"});
    else
      phone = *normal;
  }
  std::map<std::string, Choice> chosen;
  bool wants_text = false;
  for (const auto& k : kinds()) {
    if (!sees_kind(k, *ctx.user) || !in.has("kind_" + k.name)) continue;
    auto c = parse_choice(in.get("kind_" + k.name));
    if (!c) {
      errors.push_back(
          {"kind_" + k.name, i18n::tr("Choose how you want to hear about: {kind}", {{"kind", i18n::tr(k.label)}})});
      continue;
    }
    if (no_email && !offered(*c, transport.texts, true)) {
      errors.push_back({"kind_" + k.name, i18n::tr("Your account has no email address: choose texts or never for: "
                                                   "{kind}",
                                                   {{"kind", i18n::tr(k.label)}})});
      continue;
    }
    if (*c == Choice::kText && !transport.texts) {
      errors.push_back(
          {"kind_" + k.name, i18n::tr("Kith cannot send text messages here: choose how else to hear about: "
                                      "{kind}",
                                      {{"kind", i18n::tr(k.label)}})});
      continue;
    }
    chosen[k.name] = *c;
    wants_text = wants_text || *c == Choice::kText;
  }
  if (wants_text && phone.empty() && errors.empty())
    errors.push_back({"phone", "Enter your mobile number to get text messages, or choose another way"});
  if (!errors.empty()) return Error::validation(std::move(errors));

  Json before = {{"phone", user_phone(ctx.db, ctx.user->id)}};
  Json after = {{"phone", phone}};
  std::string now = now_iso();
  for (const auto& [kind, c] : chosen) {
    before[kind] =
        std::string(choice_name(stored_choice(ctx.db, ctx.user->id, kind).value_or(find_kind(kind)->default_choice)));
    after[kind] = std::string(choice_name(c));
    set_choice(ctx.db, ctx.user->id, kind, c, now);
  }
  set_user_phone(ctx.db, ctx.user->id, phone);
  audit::record(ctx.db, audit::Actor::of(ctx), "messages.preferences", "user", std::to_string(ctx.user->id), before,
                after);
  Done d;
  d.redirect = "/account/messages";
  d.flash = "Your choices are saved";
  return d;
}

// The person and kind an unsubscribe link names, when it is genuine.
Result<Unsubscribe> read_link(Ctx& ctx) {
  // Read only: a page must not write, and without a secret no link is genuine.
  auto secret = existing_unsubscribe_secret(ctx.db);
  auto u = secret ? read_unsubscribe_token(*secret, ctx.param("token")) : std::nullopt;
  const Kind* kind = u ? find_kind(u->kind) : nullptr;
  if (!u || !kind || kind->always_sent || !ctx.db.query_one("SELECT 1 FROM users WHERE id = ?", {u->user}))
    return Error::not_found("This unsubscribe link is not one Kith made. Sign in and choose which messages you get.");
  return *u;
}

// The kinds a person now gets in their daily summary: what unsubscribing from the
// summary itself turns off.
std::vector<const Kind*> in_digest(store::Db& db, std::int64_t user) {
  std::vector<const Kind*> out;
  for (const auto& k : kinds())
    if (k.listed && !k.always_sent && stored_choice(db, user, k.name).value_or(k.default_choice) == Choice::kDigest)
      out.push_back(&k);
  return out;
}

Result<Json> unsubscribe_page(Ctx& ctx) {
  auto u = read_link(ctx);
  if (!u) return u.error();
  const Kind* kind = find_kind(u->kind);
  bool off = u->kind == "digest" ? in_digest(ctx.db, u->user).empty()
                                 : stored_choice(ctx.db, u->user, u->kind) == Choice::kNever;
  return Json{
      {"title", "Stop these messages"}, {"label", i18n::tr(kind->label)}, {"token", ctx.param("token")}, {"off", off}};
}

Result<Done> unsubscribe(Ctx& ctx, const Input&) {
  auto u = read_link(ctx);
  if (!u) return u.error();
  audit::Actor actor = audit::Actor::of(ctx);
  if (!actor.id) actor.label = "unsubscribe link";
  // The daily summary: every kind that went into it is switched off.
  std::vector<std::string> off;
  if (u->kind == "digest") {
    for (const Kind* k : in_digest(ctx.db, u->user)) off.push_back(k->name);
  } else {
    off.push_back(u->kind);
  }
  Json before = Json::object(), after = Json::object();
  for (const auto& name : off) {
    auto was = stored_choice(ctx.db, u->user, name);
    before[name] = was ? std::string(choice_name(*was)) : std::string("default");
    after[name] = "never";
    set_choice(ctx.db, u->user, name, Choice::kNever, now_iso());
  }
  audit::record(ctx.db, actor, "messages.unsubscribe", "user", std::to_string(u->user), before, after);
  Done d;
  d.redirect = "/unsubscribe/" + ctx.param("token");
  d.flash = "You will not get these messages any more";
  d.data = {{"kind", u->kind}, {"choice", "never"}};
  return d;
}

// A kind's plain name ("Resetting your password"), not its code.
std::string kind_label(const std::string& kind) {
  const Kind* k = find_kind(kind);
  return k ? k->label : kind;
}

// An outbox state in words.
std::string status_label(const std::string& status) {
  static const std::map<std::string, std::string> labels = {{"queued", i18n::msg("Waiting to be sent")},
                                                            {"sending", i18n::msg("Being sent")},
                                                            {"digest", i18n::msg("Kept for a daily summary")},
                                                            {"sent", i18n::msg("Sent")},
                                                            {"delivered", i18n::msg("Delivered")},
                                                            {"failed", i18n::msg("Failed")},
                                                            {"bounced", i18n::msg("Refused")}};
  auto it = labels.find(status);
  return it == labels.end() ? status : i18n::tr(it->second);
}

std::string age_words(std::int64_t seconds) {
  if (seconds < 60) return count_of(seconds, "second");
  if (seconds < 3600) return count_of(seconds / 60, "minute");
  if (seconds < 2 * 86400) return count_of(seconds / 3600, "hour");
  return count_of(seconds / 86400, "day");
}

Result<Json> admin_page(Ctx& ctx, const TransportState& transport) {
  auto counts = count_by_status(ctx.db);
  Json statuses = Json::array();
  for (const char* s : {"queued", "sending", "digest", "sent", "delivered", "failed", "bounced"})
    statuses.push_back({{"status", s},
                        {"status_label", status_label(s)},
                        {"count", counts.count(s) ? counts[s] : 0},
                        {"count_text", thousands(counts.count(s) ? counts[s] : 0)}});
  Json data = {{"title", "Messages"}, {"statuses", statuses}};
  if (auto oldest = oldest_queued(ctx.db))
    data["queue_age"] = age_words(std::max<std::int64_t>(0, now_seconds() - parse_iso_utc(*oldest)));
  if (transport.name.empty())
    data["no_transport"] = true;
  else
    data["transport"] = transport.name == "notify" ? "GOV.UK Notify" : "SMTP";
  if (!transport.problem.empty()) data["transport_problem"] = transport.problem;
  Json failed = Json::array();
  // Admins see the whole address of a message that failed or was refused: they need it
  // to put it right (with the person, or in their account). Nowhere else shows it.
  for (const auto& q : problems(ctx.db, 50))
    failed.push_back({{"id", q.id},
                      {"kind", q.kind},
                      {"kind_label", kind_label(q.kind)},
                      {"to", q.to},
                      {"status", q.status},
                      {"status_label", status_label(q.status)},
                      {"attempts", q.attempts},
                      {"error", q.last_error},
                      {"created_at", q.created_at},
                      {"created_text", when_in_words(q.created_at)}});
  data["problems"] = failed;
  data["has_problems"] = !failed.empty();
  Json queued = Json::array();
  for (const auto& q : waiting(ctx.db, 50))
    queued.push_back({{"id", q.id},
                      {"kind_label", kind_label(q.kind)},
                      {"to", q.to},
                      {"href", "/admin/messages/" + std::to_string(q.id)},
                      {"created_text", when_in_words(q.created_at)}});
  data["waiting"] = queued;
  data["has_waiting"] = !queued.empty();
  Json addresses = Json::array();
  for (const auto& a : address_problems(ctx.db))
    addresses.push_back({{"address", a.address},
                         {"ref", sha256_hex(a.address).substr(0, 24)},
                         {"reason", a.reason},
                         {"recorded_at", a.recorded_at},
                         {"recorded_text", when_in_words(a.recorded_at)}});
  data["addresses"] = addresses;
  data["has_addresses"] = !addresses.empty();
  return data;
}

// One message as it will be sent (or was): to whom, its subject and words, and what
// happened to it, so an admin can answer "did my email go?" or pass it on by hand.
// A link that lets its holder into someone's account (confirming an address, setting
// a password) is not shown: only the person may use it. Each view is audited (a
// message holds a person's address and words about them), in a transaction of its
// own: a page's own is read-only.
Result<Json> message_page(Ctx& ctx, store::Database& database) {
  auto id = parse_int(ctx.param("id"));
  auto q = id ? find_message(ctx.db, *id) : std::nullopt;
  if (!q) return Error::not_found(i18n::tr("There is no message {id}.", {{"id", ctx.param("id")}}));
  const Kind* kind = find_kind(q->kind);
  auto fields = q->fields;
  if (is_private_link(q->kind)) fields["link"] = i18n::tr("(a link only they can use, not shown here)");
  if (!fields.count("service")) fields["service"] = store::get_setting(ctx.db, "place.name", "Kith").get<std::string>();
  if (!fields.count("settings_link")) fields["settings_link"] = "/account/messages";
  Rendered shown;
  {
    i18n::Speaking speaking(q->language.empty() ? nullptr : i18n::Languages::embedded().find(q->language));
    if (kind) shown = render(*kind, fields);
  }
  {
    auto handle = database.acquire();
    store::Transaction tx(*handle, true);
    audit::record(*handle, audit::Actor::of(ctx), "messages.message.read", "outbox", std::to_string(q->id), nullptr,
                  {{"kind", q->kind}, {"to", mask_address(q->to)}});
    tx.commit();
  }
  return Json{{"title", i18n::tr("Message {id}", {{"id", std::to_string(q->id)}})},
              {"breadcrumbs", Json::array({{{"name", i18n::tr("Messages")}, {"href", "/admin/messages"}}})},
              {"message",
               {{"id", q->id},
                {"kind_label", kind_label(q->kind)},
                {"to", q->to},
                {"channel", q->channel == Channel::kEmail ? i18n::tr("Email") : i18n::tr("Text message")},
                {"status_label", status_label(q->status)},
                {"created_text", when_in_words(q->created_at)},
                {"sent_text", q->sent_at.empty() ? "" : when_in_words(q->sent_at)},
                {"attempts", q->attempts},
                {"error", q->last_error},
                {"subject", shown.subject},
                {"text", shown.text}}}};
}

Result<Done> retry(Ctx& ctx, const Input&) {
  auto id = parse_int(ctx.param("id"));
  auto before = id ? find_message(ctx.db, *id) : std::nullopt;
  if (!before) return Error::not_found(i18n::tr("There is no message {id}.", {{"id", ctx.param("id")}}));
  if (is_private_link(before->kind) && !before->fields.count("link"))
    return Error{"conflict",
                 i18n::tr("This message's link was forgotten once it was sent, as such links are: the person can ask "
                          "for a new one from the sign-in page."),
                 {}};
  if (!requeue(ctx.db, *id, now_iso()))
    return Error{"conflict",
                 i18n::tr("Only a message that failed or was refused can be sent again; this one is: {status}.",
                          {{"status", status_label(before->status)}}),
                 {}};
  audit::record(ctx.db, audit::Actor::of(ctx), "messages.retry", "outbox", std::to_string(*id),
                {{"status", before->status}, {"error", before->last_error}}, {{"status", "queued"}});
  Done d;
  d.redirect = "/admin/messages";
  d.flash = i18n::tr("The message will be sent again");
  return d;
}

Result<Done> clear_address(Ctx& ctx, const Input&) {
  std::string ref = ctx.param("ref");
  for (const auto& a : address_problems(ctx.db)) {
    if (sha256_hex(a.address).substr(0, 24) != ref) continue;
    clear_address_problem(ctx.db, a.address);
    audit::record(ctx.db, audit::Actor::of(ctx), "messages.address_cleared", "message_address", mask_address(a.address),
                  {{"reason", a.reason}, {"recorded_at", a.recorded_at}}, nullptr);
    Done d;
    d.redirect = "/admin/messages";
    d.flash = i18n::tr("Messages will go to {address} again", {{"address", mask_address(a.address)}});
    return d;
  }
  return Error::not_found(i18n::tr("There is no refused address with that reference."));
}

}  // namespace

void install_routes(web::Server& server, const TransportState& transport) {
  auto& r = server.router();
  r.page("/account/messages", "messages/settings", web::Access::any_member(),
         [transport](Ctx& ctx) { return settings_page(ctx, transport); });
  r.action("/account/messages", web::Access::any_member(),
           [transport](Ctx& ctx, const Input& in) { return save_settings(ctx, in, transport); });
  r.page("/unsubscribe/{token}", "messages/unsubscribe", web::Access::anyone(), unsubscribe_page);
  r.one_click("/unsubscribe/{token}", unsubscribe);
  auto admin = web::Access::role({"admin"});
  r.page("/admin/messages", "messages/admin", admin, [transport](Ctx& ctx) { return admin_page(ctx, transport); });
  store::Database* database = &server.database();
  r.page("/admin/messages/{id}", "messages/message", admin,
         [database](Ctx& ctx) { return message_page(ctx, *database); });
  r.action("/admin/messages/{id}/retry", admin, retry);
  r.action("/admin/messages/addresses/{ref}/clear", admin, clear_address);
  server.add_nav({"Messages", "/admin/messages", admin, true});
}

}  // namespace kith::messages
