#include "i18n/module.h"

#include <chrono>
#include <mutex>
#include <set>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/text.h"
#include "i18n/check.h"
#include "i18n/languages.h"
#include "i18n/speaking.h"
#include "store/settings.h"

namespace kith::i18n {

namespace {

using web::Ctx;
using web::Done;
using web::Input;
using web::Json;

constexpr const char* kUploadedSetting = "i18n.catalogues";  // {code: {"po": text, "by": name, "at": iso}}
constexpr std::size_t kMostBytes = 2 << 20;

Json breadcrumbs() { return Json::array({{{"name", "Home"}, {"href", "/"}}}); }

// What a language Kith speaks now translates of the messages (its catalogue as
// loaded: nothing is read again).
struct Coverage {
  std::size_t translated = 0, total = 0, missing_resident = 0;
};
Coverage coverage(const Language& l, const std::vector<web::TemplateMessage>& messages) {
  std::set<std::string> all, done, missing_resident;
  for (const auto& m : messages) {
    all.insert(m.id);
    if (l.catalogue && l.catalogue->find(m.id))
      done.insert(m.id);
    else if (is_resident_template(m.template_name))
      missing_resident.insert(m.id);
  }
  return {done.size(), all.size(), missing_resident.size()};
}

Result<Json> languages_page(Ctx& ctx, const web::Server& server) {
  auto messages = program_messages(server);
  Json uploaded = store::get_setting(ctx.db, kUploadedSetting, Json::object());
  Json rows = Json::array();
  for (const auto& l : Languages::embedded().all()) {
    Json row = {{"code", l->code},
                {"name", l->name},
                {"english_name", l->english_name},
                {"dir", l->right_to_left ? "rtl" : "ltr"},
                {"direction", l->right_to_left ? i18n::tr("Right to left") : i18n::tr("Left to right")},
                {"review", l->review}};
    if (l->code == "en") {
      row["coverage"] = "Every page (the templates themselves)";
    } else {
      Coverage c = coverage(*l, messages);
      row["coverage"] = thousands(static_cast<std::int64_t>(c.translated)) + " of " +
                        thousands(static_cast<std::int64_t>(c.total)) + " messages";
      row["missing_resident"] = c.missing_resident;
      row["complete_for_residents"] = c.missing_resident == 0;
    }
    row["uploaded"] = uploaded.contains(l->code);
    if (uploaded.contains(l->code))
      row["source"] = i18n::tr("Uploaded by {who} on {date}",
                               {{"who", uploaded[l->code].value("by", i18n::tr("an admin"))},
                                {"date", date_in_words(uploaded[l->code].value("at", "").substr(0, 10))}});
    else
      row["source"] =
          l->code == "en" ? i18n::tr("Built in") : i18n::tr("Built in ({file})", {{"file", "i18n/" + l->code + ".po"}});
    rows.push_back(row);
  }
  return Json{{"title", "Languages"}, {"breadcrumbs", breadcrumbs()}, {"languages", rows}};
}

// An uploaded catalogue taken away: the built-in one, if there is one, is spoken again.
Result<Done> remove_upload(Ctx& ctx, const std::string& code) {
  Json uploaded = store::get_setting(ctx.db, kUploadedSetting, Json::object());
  if (!uploaded.contains(code)) return Error::not_found("No catalogue was uploaded for \"" + code + "\".");
  uploaded.erase(code);
  store::set_setting(ctx.db, kUploadedSetting, uploaded);
  audit::record(ctx.db, audit::Actor::of(ctx), "language.remove_upload", "language", code, nullptr, nullptr);
  Languages::embedded().remove(code);
  std::string said = "The uploaded catalogue was removed";
  for (const auto& [path, text] : embedded_catalogues()) {
    auto built_in = language_from_po(text);
    if (built_in.code != code) continue;
    said += ": " + built_in.english_name + " is Kith's own again";
    Languages::embedded().add(std::move(built_in));
  }
  return Done{"/admin/languages", {{"code", code}}, said + "."};
}

// A catalogue uploaded: read, checked against every message, kept, and spoken at once.
Result<Done> upload(Ctx& ctx, const Input& in, const web::Server& server) {
  if (!in.get("remove").empty()) return remove_upload(ctx, in.get("remove"));
  if (auto empty = in.empty_file("catalogue")) return *empty;
  std::string text = in.file("catalogue");
  if (text.empty() && ctx.is_api) text = in.get("catalogue");
  if (trim(text).empty()) return Error::validation({{"catalogue", "Choose a catalogue (.po file) to upload"}});
  if (text.size() > kMostBytes) return Error::validation({{"catalogue", "The catalogue is larger than 2 MB"}});
  if (!valid_utf8(text)) return Error::validation({{"catalogue", "The catalogue is not UTF-8 text: save it as UTF-8"}});
  Language language;
  try {
    language = language_from_po(text);
  } catch (const std::invalid_argument& e) {
    return Error::validation({{"catalogue", std::string("The catalogue cannot be read: ") + e.what()}});
  }
  CheckReport report = check(text, program_messages(server));
  if (!report.problems.empty()) {
    std::string first = report.problems.front();
    return Error::validation(
        {{"catalogue",
          tr_plural(static_cast<std::int64_t>(report.problems.size()),
                    "The catalogue has {n} problem; nothing was changed. The first: {first}",
                    "The catalogue has {n} problems; nothing was changed. The first: {first}", {{"first", first}})}});
  }
  if (report.translated == 0)
    return Error::validation({{"catalogue",
                               "The catalogue translates none of Kith's messages: each msgid must be "
                               "Kith's English exactly, as kith i18n extract writes it"}});
  auto current = Languages::embedded().find(language.code);
  if (language.code == "en")
    return Error::validation({{"catalogue", "English is the templates themselves: it has no catalogue"}});
  auto messages = program_messages(server);
  std::size_t now = current ? coverage(*current, messages).translated : 0;
  if (current && report.translated < now && in.get("replace_less") != "yes")
    return Error::validation(
        {{"catalogue", tr("This catalogue translates {uploaded} messages; the {language} Kith speaks now translates "
                          "{now}. Nothing was changed: tick \"Replace a more complete catalogue\" to use it anyway.",
                          {{"uploaded", thousands(static_cast<std::int64_t>(report.translated))},
                           {"language", current->english_name},
                           {"now", thousands(static_cast<std::int64_t>(now))}})}});
  Json uploaded = store::get_setting(ctx.db, kUploadedSetting, Json::object());
  bool replaced = current != nullptr;
  uploaded[language.code] = {{"po", text}, {"by", ctx.user->name}, {"at", now_iso()}};
  store::set_setting(ctx.db, kUploadedSetting, uploaded);
  audit::record(ctx.db, audit::Actor::of(ctx), replaced ? "language.replace" : "language.add", "language",
                language.code, nullptr,
                {{"name", language.english_name},
                 {"translated", report.translated},
                 {"of", report.total},
                 {"bytes", text.size()}});
  std::string said = language.english_name + " (" + language.name + ") " + (replaced ? "replaced" : "added") + ": " +
                     thousands(static_cast<std::int64_t>(report.translated)) + " of " +
                     thousands(static_cast<std::int64_t>(report.total)) + " messages translated" +
                     (report.missing_resident.empty()
                          ? "."
                          : "; " + count_of(static_cast<std::int64_t>(report.missing_resident.size()), "message") +
                                " on the resident pages will show in English.");
  Languages::embedded().add(std::move(language));
  return Done{"/admin/languages", {{"code", report.code}, {"translated", report.translated}}, said, 201};
}

}  // namespace

void sync_uploaded(store::Db& db) {
  static std::mutex mutex;
  static std::string applied;        // the setting as last taken up
  static std::set<std::string> had;  // the codes it held then
  Json uploaded = store::get_setting(db, kUploadedSetting, Json::object());
  if (!uploaded.is_object()) return;
  std::string now = uploaded.dump();
  std::lock_guard<std::mutex> lock(mutex);
  if (now == applied) return;
  // A catalogue taken away elsewhere: Kith's own is spoken again, as remove_upload does here.
  for (const auto& code : had)
    if (!uploaded.contains(code)) {
      Languages::embedded().remove(code);
      for (const auto& [path, text] : embedded_catalogues()) {
        auto built_in = language_from_po(text);
        if (built_in.code == code) Languages::embedded().add(std::move(built_in));
      }
    }
  had.clear();
  for (const auto& [code, entry] : uploaded.items()) {
    had.insert(code);
    try {
      Languages::embedded().add(language_from_po(entry.value("po", "")));
    } catch (const std::exception&) {  // checked when it was uploaded; a bad one is left out, not fatal
    }
  }
  applied = now;
}

void LanguagesModule::install(web::Server& server, const app::Config&) {
  auto admin = web::Access::role({"admin"});
  const web::Server* s = &server;
  server.router().page("/admin/languages", "i18n/languages", admin, [s](Ctx& ctx) { return languages_page(ctx, *s); });
  server.router().action("/admin/languages", admin, [s](Ctx& ctx, const Input& in) { return upload(ctx, in, *s); });
  // Several servers may share one database: each takes up a catalogue uploaded (or
  // taken away) on another within half a minute, without a restart.
  server.every(std::chrono::seconds(30), [](store::Db& db) { sync_uploaded(db); });
  server.add_nav({"Languages", "/admin/languages", admin, true});
}

}  // namespace kith::i18n
