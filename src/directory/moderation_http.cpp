// "Add your group" and "Suggest a change" for residents, and the moderators' queue.
#include "directory/moderation_http.h"

#include "core/clock.h"
#include "core/text.h"
#include "directory/directory_store.h"
#include "directory/moderation.h"
#include "directory/present.h"
#include "i18n/languages.h"
#include "i18n/request.h"
#include "i18n/speaking.h"
#include "outcomes/outcomes.h"
#include "store/settings.h"
#include "web/resubmitted.h"

namespace kith::directory {

namespace {

using web::Access;
using web::Ctx;
using web::Done;
using web::Input;

const std::vector<std::string> kModerators = {"moderator", "admin"};

Json category_choices(store::Db& db) {
  Json out = Json::array();
  for (const auto& r : db.query("SELECT id, name FROM hsds_taxonomy_term ORDER BY name"))
    out.push_back({{"value", r.text(0)}, {"text", i18n::tr(r.text(1))}});  // in a catalogue, if one has it
  return out;
}

Json day_choices() {
  Json out = Json::array();
  for (const auto& [code, name] : std::vector<std::pair<std::string, std::string>>{{"MO", i18n::msg("Monday")},
                                                                                   {"TU", i18n::msg("Tuesday")},
                                                                                   {"WE", i18n::msg("Wednesday")},
                                                                                   {"TH", i18n::msg("Thursday")},
                                                                                   {"FR", i18n::msg("Friday")},
                                                                                   {"SA", i18n::msg("Saturday")},
                                                                                   {"SU", i18n::msg("Sunday")}})
    out.push_back({{"value", code}, {"text", i18n::tr(name)}});
  return out;
}

Result<Json> add_page(Ctx& ctx) {
  return Json{{"title", "Add your group or activity"},
              {"breadcrumbs",
               Json::array({{{"name", "Home"}, {"href", "/"}}, {{"name", "Directory"}, {"href", "/directory"}}})},
              {"categories", category_choices(ctx.db)},
              {"days", day_choices()},
              {"languages", i18n::written_in_choices(web::resubmitted(ctx).get("language"))}};
}

Result<Done> add_action(Ctx& ctx, const Input& in) {
  auto listing = read_listing([&in](const std::string& f) { return in.get(f); }, in.all("days"));
  if (!listing) return listing.error();
  auto id = submit_listing(ctx.db, audit::Actor::of(ctx), *listing, in.get("contact_name"), in.get("contact_email"));
  if (!id) return id.error();
  return Done{"/directory",
              {{"submission_id", *id}, {"status", "pending"}},
              i18n::tr("Thank you. A moderator will check {name} before it appears in the directory.",
                       {{"name", listing->name}}),
              201};
}

Result<Json> suggest_page(Ctx& ctx) {
  auto s = DirectoryStore(ctx.db).row("service", ctx.param("id"));
  if (!s) return Error::not_found(i18n::tr("There is no service with the id {id}.", {{"id", ctx.param("id")}}));
  std::string href = "/directory/services/" + ctx.param("id");
  return Json{{"title", i18n::tr("Suggest a change to {name}", {{"name", text_of(*s, "name")}})},
              {"breadcrumbs", Json::array({{{"name", "Home"}, {"href", "/"}},
                                           {{"name", "Directory"}, {"href", "/directory"}},
                                           {{"name", text_of(*s, "name")}, {"href", href}}})},
              {"service",
               {{"name", text_of(*s, "name")},
                {"description", text_of(*s, "description")},
                {"url", text_of(*s, "url")},
                {"email", text_of(*s, "email")},
                {"href", href}}}};
}

Result<Done> suggest_action(Ctx& ctx, const Input& in) {
  Json suggested = Json::object();
  for (const auto& f : changeable_fields()) suggested[f] = in.get(f);
  auto id = submit_change(ctx.db, audit::Actor::of(ctx), ctx.param("id"), suggested, in.get("note"),
                          in.get("contact_name"), in.get("contact_email"));
  if (!id) return id.error();
  return Done{"/directory/services/" + ctx.param("id"),
              {{"submission_id", *id}, {"status", "pending"}},
              i18n::tr("Thank you. A moderator will check your suggestion."),
              201};
}

Result<Json> queue_page(Ctx& ctx) {
  Json rows = Json::array();
  DirectoryStore store(ctx.db);
  for (const auto& s : pending_submissions(ctx.db)) {
    std::string name = text_of(s.proposed, "name");
    if (s.kind == "change")
      if (auto row = store.row("service", s.service_id)) name = text_of(*row, "name");
    rows.push_back({{"href", "/moderate/directory/" + std::to_string(s.id)},
                    {"kind", s.kind == "new" ? i18n::tr("New listing") : i18n::tr("Suggested change")},
                    {"name", name},
                    {"received", date_in_words(s.created_at)}});
  }
  // Listings nobody has confirmed for longer than the place's setting (a year unless set).
  auto days = store::get_setting(ctx.db, "directory.check_after_days", 365).get<std::int64_t>();
  std::string before = iso_utc(now_seconds() - days * 86400).substr(0, 10);
  auto [stale_total, stale] = stale_listings(ctx.db, before, 50);
  Json stale_rows = Json::array();
  for (const auto& l : stale)
    stale_rows.push_back(
        {{"name", l.name.empty() ? i18n::tr("(no name)") : l.name},
         {"href", "/directory/services/" + l.service_id},
         {"action", "/moderate/directory/services/" + l.service_id + "/checked"},
         {"last_checked", l.last_checked.empty() ? i18n::tr("Never") : date_in_words(l.last_checked)}});
  return Json{{"title", "Directory: waiting for a moderator"},
              {"submissions", rows},
              {"count_text", i18n::tr("{count} waiting", {{"count", std::to_string(rows.size())}})},
              {"stale", stale_rows},
              {"stale_total", stale_total},
              {"stale_text",
               i18n::tr_plural(stale_total,
                               "{n} listing has not been checked since {date} ({days} days). The oldest are first.",
                               "{n} listings have not been checked since {date} ({days} days). The oldest are first.",
                               {{"date", before}, {"days", std::to_string(days)}})}};
}

// One side of a suspected duplicate, as the moderator needs to judge it.
Json listing_view(DirectoryStore& store, const std::string& id) {
  auto s = store.document(service_summary(), id);
  if (!s) return nullptr;
  auto row = store.row("service", id);
  Json where = Json::array();
  for (const auto& sal : s->value("service_at_locations", Json::array()))
    where.push_back(address_text(sal.value("location", Json::object())));
  return {{"id", id},
          {"name", text_of(*s, "name")},
          {"href", "/directory/services/" + id},
          {"organisation", s->contains("organization") ? text_of((*s)["organization"], "name") : ""},
          {"where", where.empty() ? i18n::tr("No place given") : where[0].get<std::string>()},
          {"source", row ? text_of(*row, "kith_source") : ""}};
}

Result<Json> duplicates_page(Ctx& ctx) {
  DirectoryStore store(ctx.db);
  auto pairs = suspected_duplicates(ctx.db);
  Json rows = Json::array();
  for (const auto& d : pairs) {
    if (rows.size() == 50) break;
    Json a = listing_view(store, d.a), b = listing_view(store, d.b);
    if (a.is_null() || b.is_null()) continue;
    rows.push_back({{"a", a}, {"b", b}, {"reason", d.reason}, {"number", rows.size() + 1}});
  }
  return Json{{"title", "Listings that may be duplicates"},
              {"breadcrumbs", Json::array({{{"name", "Moderation"}, {"href", "/moderate"}}})},
              {"pairs", rows},
              {"count_text", count_of(static_cast<std::int64_t>(pairs.size()), "pair")},
              {"more", pairs.size() > rows.size()}};
}

Result<Done> duplicates_action(Ctx& ctx, const Input& in) {
  std::string a = in.get("a"), b = in.get("b"), decision = in.get("decision");
  auto actor = audit::Actor::of(ctx);
  Status done = Ok{};
  std::string flash;
  if (decision == "different") {
    done = not_duplicates(ctx.db, actor, a, b);
    flash = i18n::tr("Marked as different listings.");
  } else if (decision == "keep_a" || decision == "keep_b") {
    bool keep_a = decision == "keep_a";
    done = merge_duplicates(ctx.db, actor, keep_a ? a : b, keep_a ? b : a);
    flash = i18n::tr("Kept one listing and removed the other.");
  } else {
    return Error::validation({{"decision", "Choose whether they are different, or which listing to keep"}});
  }
  if (!done) return done.error();
  return Done{"/moderate/directory/duplicates", {{"decision", decision}, {"a", a}, {"b", b}}, flash, 200};
}

Result<Json> submission_page(Ctx& ctx) {
  auto id = parse_int(ctx.param("id"));
  auto s = id ? find_submission(ctx.db, *id) : std::nullopt;
  if (!s) return Error::not_found(i18n::tr("There is no submission {id}.", {{"id", ctx.param("id")}}));
  Json data = {{"title", s->kind == "new" ? i18n::tr("New listing: {name}", {{"name", text_of(s->proposed, "name")}})
                                          : i18n::tr("Suggested change")},
               {"breadcrumbs", Json::array({{{"name", "Moderation"}, {"href", "/moderate"}}})},
               {"id", s->id},
               {"pending", s->status == "pending"},
               {"status", s->status},
               {"reason", s->reason},
               {"note", s->note},
               {"contact_name", s->contact_name},
               {"contact_email", s->contact_email},
               {"received", when_in_words(s->created_at)}};
  if (s->kind == "new") {
    Listing l = listing_from_json(s->proposed);
    Json fields = Json::array();
    auto add = [&](const char* label, const std::string& v) {
      if (!v.empty()) fields.push_back({{"label", i18n::tr(label)}, {"value", v}});
    };
    add(i18n::msg("Name"), l.name);
    add(i18n::msg("Organisation"), l.organisation);
    add(i18n::msg("Description"), l.description);
    if (auto written = i18n::Languages::embedded().find(l.language)) add(i18n::msg("Written in"), written->name);
    if (auto term = DirectoryStore(ctx.db).row("taxonomy_term", l.category))
      add(i18n::msg("Category"), text_of(*term, "name"));
    add(i18n::msg("Address"), l.address_1 + ", " + l.town + ", " + l.postcode);
    Json sc = {{"byday", join(l.days, ",")}, {"opens_at", l.opens_at}, {"closes_at", l.closes_at}};
    add(i18n::msg("When"), describe_schedule(sc));
    add(i18n::msg("Email"), l.email);
    add(i18n::msg("Phone"), l.phone);
    add(i18n::msg("Website"), l.url);
    data["listing"] = fields;
  } else {
    auto now = DirectoryStore(ctx.db).row("service", s->service_id);
    Json changes = Json::array();
    if (now)
      for (const auto& c : diff(*now, s->proposed))
        changes.push_back(
            {{"field", c.field}, {"now", c.now.empty() ? i18n::tr("(blank)") : c.now}, {"suggested", c.suggested}});
    data["changes"] = changes;
    data["has_changes"] = !changes.empty();
    data["service"] = {{"name", now ? text_of(*now, "name") : i18n::tr("(removed)")},
                       {"href", "/directory/services/" + s->service_id}};
  }
  return data;
}

Result<Done> suggestion_decided(Ctx& ctx, const Input& in) {
  auto id = parse_int(ctx.param("id"));
  if (!id) return Error::not_found(i18n::tr("There is no submission {id}.", {{"id", ctx.param("id")}}));
  std::string decision = in.get("decision");
  if (decision != "approve" && decision != "reject")
    return Error::validation({{"decision", "Choose whether to approve or reject it"}});
  auto st = decide(ctx.db, audit::Actor::of(ctx), *id, decision == "approve", in.get("reason"));
  if (!st) return st.error();
  return Done{"/moderate/directory",
              {{"id", *id}, {"status", decision == "approve" ? "approved" : "rejected"}},
              decision == "approve" ? i18n::tr("Approved: the directory now shows it.")
                                    : i18n::tr("Rejected, with your reason recorded.")};
}

Result<Done> checked_action(Ctx& ctx, const Input&) {
  auto st = mark_checked(ctx.db, audit::Actor::of(ctx), ctx.param("id"));
  if (!st) return st.error();
  return Done{"/moderate/directory", {{"checked", true}}, i18n::tr("Marked as checked today.")};
}

// Tags a service with the outcomes it serves (the one framework: outcomes.h).
Result<Done> outcomes_action(Ctx& ctx, const Input& in) {
  if (!DirectoryStore(ctx.db).row("service", ctx.param("id")))
    return Error::not_found(i18n::tr("There is no service with the id {id}.", {{"id", ctx.param("id")}}));
  auto st = outcomes::set_tags(ctx.db, audit::Actor::of(ctx), "service", ctx.param("id"), in.all("outcomes"));
  if (!st) return st.error();
  return Done{"/directory/services/" + url_encode(ctx.param("id")), {{"tagged", true}}, i18n::tr("Outcomes saved.")};
}

}  // namespace

void install_moderation_routes(web::Server& server) {
  auto& r = server.router();
  r.page("/directory/add", "directory/add", Access::anyone(), add_page);
  r.action("/directory/add", Access::anyone(), add_action);
  r.page("/directory/services/{id}/suggest", "directory/suggest", Access::anyone(), suggest_page);
  r.action("/directory/services/{id}/suggest", Access::anyone(), suggest_action);
  r.page("/moderate/directory", "directory/queue", Access::role(kModerators), queue_page);
  r.action("/moderate/directory/services/{id}/checked", Access::role(kModerators), checked_action);
  r.action("/moderate/directory/services/{id}/outcomes", Access::role(kModerators), outcomes_action);
  r.page("/moderate/directory/duplicates", "directory/duplicates", Access::role(kModerators), duplicates_page);
  r.action("/moderate/directory/duplicates", Access::role(kModerators), duplicates_action);
  r.page("/moderate/directory/{id}", "directory/submission", Access::role(kModerators), submission_page);
  r.action("/moderate/directory/{id}", Access::role(kModerators), suggestion_decided);
  server.add_nav({"Moderation", "/moderate", Access::role(kModerators), true});
}

}  // namespace kith::directory
