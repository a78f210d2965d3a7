// The directory's upload page for moderators and officers: upload a spreadsheet (CSV)
// or an HSDS / Open Referral UK JSON file, see the dry run (added, updated, merged,
// refused, warnings, columns not imported, the first rows), choose which column holds
// which field, then confirm; and save Open Referral UK feeds for regular refresh.
// The file waits server-side under a random token for one hour, for the person who
// uploaded it only. The reading and checking rules live in importer.cpp and sheet.cpp.
#include "directory/import_http.h"

#include <sstream>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/csv.h"
#include "core/text.h"
#include "directory/feed_url.h"
#include "directory/import_store.h"
#include "directory/importer.h"
#include "directory/sheet.h"
#include "i18n/speaking.h"
#include "web/boundary.h"

namespace kith::directory {

namespace {

using web::Access;
using web::Ctx;
using web::Done;
using web::Input;

const std::vector<std::string> kImporters = {"moderator", "officer", "admin"};
constexpr std::int64_t kUploadSeconds = 3600;

Json breadcrumbs() {
  return Json::array({{{"name", "Home"}, {"href", "/"}}, {{"name", "Directory"}, {"href", "/directory"}}});
}

// The file's headings, in order (a CSV's first row).
// A file that is not UTF-8 text has none: its bytes are never shown back.
std::vector<std::string> headings(const std::string& content) {
  if (encoding_problem(content)) return {};
  std::istringstream in(content);
  CsvReader reader(in);
  auto by_name = reader.header();
  size_t width = 0;
  for (const auto& [column, index] : by_name) width = std::max(width, index + 1);
  std::vector<std::string> out(width);
  for (const auto& [column, index] : by_name) out[index] = column;
  return out;
}

// Imports the upload in the caller's transaction.
Result<ImportReport> run_import(store::Db& db, const Upload& u) {
  ImportOptions options;
  const Json mapping = u.options.value("mapping", Json::object());  // bound first: items() refers to it
  for (const auto& [field, column] : mapping.items())
    if (column.is_string()) options.mapping[field] = column.get<std::string>();
  options.swap_coordinates = u.options.value("swap_coordinates", false);
  options.controls = Controls::kUploadPage;
  if (auto problem = encoding_problem(u.content)) return Error{"not-utf8", *problem, {}};
  if (u.kind == "csv") {
    std::istringstream in(u.content);
    return import_sheet(db, in, options, "upload page", {});
  }
  web::Limits limits;
  // A whole council's feed, as the command line takes it: within the upload's 8 MB, no
  // count of values or members, any length of value, control characters in strings
  // (Bristol's has some); the depth limit still holds.
  limits.json_values = 5'000'000;
  limits.fields = 5'000'000;
  limits.field_bytes = limits.body_bytes;
  limits.json_controls = true;
  auto feed = web::parse_json(u.content, limits);
  if (!feed) return Error{"bad-json", "The file is not valid JSON: " + feed.error().message, {}};
  return import_feed(db, *feed, FeedFormat::kAuto, "upload page", {});
}

// The dry run: the import in a savepoint that is then rolled back, so the report is
// exactly what confirming would do and nothing is written.
Json dry_run(store::Db& db, const Upload& u) {
  db.exec("SAVEPOINT kith_import_dry_run");
  auto report = run_import(db, u);
  db.exec("ROLLBACK TO SAVEPOINT kith_import_dry_run");
  db.exec("RELEASE SAVEPOINT kith_import_dry_run");
  if (!report) return {{"refused", report.error().message}, {"code", report.error().code}};
  report->dry_run = true;
  return report_json(*report);
}

Json feeds_json(store::Db& db) {
  Json out = Json::array();
  for (const auto& f : ImportStore(db).feeds())
    out.push_back({
        {"id", f.id},
        {"url", f.url},
        {"added", f.created_at.substr(0, 10)},
        {"refreshed", f.refreshed_at.empty() ? i18n::tr("Not yet") : f.refreshed_at.substr(0, 16)},
        {"last_result", f.last_result},
    });
  return out;
}

Result<Json> import_page(Ctx& ctx) {
  Json fields = Json::array();
  for (const auto& f : sheet_fields())
    fields.push_back({{"name", f.name}, {"what", i18n::tr(f.what)}, {"example", f.example}});
  Json feeds = feeds_json(ctx.db);
  return Json{{"title", "Import directory listings"},
              {"breadcrumbs", breadcrumbs()},
              {"fields", fields},
              {"feeds", feeds},
              {"has_feeds", !feeds.empty()}};
}

Result<Done> save_feed(Ctx& ctx, const Input& in);
Result<Done> delete_feed(Ctx& ctx, const Input& in);

// The page's three forms post here: a file to check, a feed to save, a feed to remove.
Result<Done> import_action(Ctx& ctx, const Input& in) {
  if (in.get("form") == "feed") return save_feed(ctx, in);
  if (in.get("form") == "delete_feed") return delete_feed(ctx, in);
  if (auto empty = in.empty_file("file")) return *empty;
  std::string content = in.file("file");
  if (content.empty() && ctx.is_api) content = in.get("file");  // the API sends the file's text
  if (trim(content).empty()) return Error::validation({{"file", "Choose a CSV or JSON file to upload"}});
  Upload u;
  u.token = random_token(24);
  u.user_id = ctx.user->id;
  size_t first = content.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  u.kind = first != std::string::npos && (content[first] == '{' || content[first] == '[') ? "json" : "csv";
  u.content = content;
  u.options = {{"mapping", Json::object()}, {"swap_coordinates", in.get("swap_coordinates") == "yes"}};
  u.report = dry_run(ctx.db, u);
  std::int64_t now = now_seconds();
  u.created_at = iso_utc(now);
  u.expires_at = iso_utc(now + kUploadSeconds);
  ImportStore(ctx.db).save(u);
  audit::record(ctx.db, audit::Actor::of(ctx), "directory.upload", "directory_upload", u.token.substr(0, 8), nullptr,
                {{"kind", u.kind}, {"bytes", content.size()}});
  return Done{"/directory/import/" + u.token,
              {{"token", u.token}, {"report", u.report}, {"href", "/directory/import/" + u.token}},
              "",
              201};
}

std::optional<Upload> find_upload(Ctx& ctx) {
  return ImportStore(ctx.db).find(ctx.param("token"), ctx.user->id, now_iso());
}

Result<Json> report_page(Ctx& ctx) {
  auto u = find_upload(ctx);
  if (!u)
    return Error::not_found(
        i18n::tr("There is no upload waiting here: it was imported, or an hour has passed. Upload the file again."));
  const Json& r = u->report;
  Json data = {{"title", "Check the import"},
               {"breadcrumbs", breadcrumbs()},
               {"action", "/directory/import/" + u->token},
               {"is_csv", u->kind == "csv"},
               {"kind", u->kind == "csv" ? i18n::tr("a spreadsheet (CSV)") : i18n::tr("a JSON feed")},
               {"swap_checked", u->options.value("swap_coordinates", false)},
               {"report", r},
               {"refused", r.value("refused", std::string())},
               {"refused_text", ""},
               {"expires", u->expires_at.substr(11, 5) + " UTC"}};
  if (r.contains("refused")) {
    // A refusal's first line says why; any further lines are example rows, one each.
    auto lines = split(r.value("refused", std::string()), '\n');
    data["refused_text"] = lines.empty() ? "" : lines[0];
    Json rows = Json::array();
    for (size_t i = 1; i < lines.size(); ++i)
      if (!trim(lines[i]).empty()) rows.push_back({{"text", trim(lines[i])}});
    data["refused_rows"] = rows;
    data["has_refused_rows"] = !rows.empty();
  } else {
    data["has_summary"] = true;
    data["summary"] = Json::array({
        {{"key", i18n::tr("Read as")}, {"value", r.value("format", std::string())}},
        {{"key", i18n::tr("Records")}, {"value", std::to_string(r.value("records", 0))}},
        {{"key", i18n::tr("Would be added")}, {"value", std::to_string(r.value("added", 0))}},
        {{"key", i18n::tr("Would be updated")}, {"value", std::to_string(r.value("updated", 0))}},
        {{"key", i18n::tr("Merged")}, {"value", std::to_string(r["merged"].size())}},
        {{"key", i18n::tr("Not taken")}, {"value", std::to_string(r["problems"].size())}},
        {{"key", i18n::tr("Warnings")}, {"value", std::to_string(r["warnings"].size())}},
    });
    for (const char* list : {"problems", "merged", "warnings", "preview"})
      data["has_" + std::string(list)] = !r[list].empty();
    data["unmapped_text"] = r["unmapped"].empty() ? "" : [&] {
      std::vector<std::string> quoted;
      for (const auto& c : r["unmapped"]) quoted.push_back("\u201C" + c.get<std::string>() + "\u201D");
      return join(quoted, ", ");
    }();
    data["can_import"] = r.value("added", 0) + r.value("updated", 0) > 0;
  }
  if (u->kind == "csv") {
    // A select of Kith's fields for each column, set to what the mapping or the guess says.
    Json mapping = u->options.value("mapping", Json::object());
    auto header = headings(u->content);
    std::map<std::string, std::string> m;
    for (const auto& [field, column] : mapping.items())
      if (column.is_string()) m[field] = column.get<std::string>();
    auto guessed = sheet_columns(header, m);
    if (!guessed) guessed = sheet_columns(header, {});
    Json columns = Json::array();
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i].empty()) continue;
      std::string chosen;
      if (guessed)
        for (const auto& [field, index] : *guessed)
          if (index == i) chosen = field;
      Json options = Json::array({{{"value", ""}, {"text", i18n::tr("Not imported")}, {"selected", chosen.empty()}}});
      for (const auto& f : sheet_fields())
        options.push_back(
            {{"value", f.name}, {"text", f.name + ": " + i18n::tr(f.what)}, {"selected", f.name == chosen}});
      columns.push_back({{"index", i}, {"column", header[i]}, {"options", options}});
    }
    data["columns"] = columns;
  }
  return data;
}

Result<Done> import_decided(Ctx& ctx, const Input& in) {
  auto u = find_upload(ctx);
  if (!u)
    return Error::not_found(
        i18n::tr("There is no upload waiting here: it was imported, or an hour has passed. Upload the file again."));
  Json options = u->options;
  if (u->kind == "csv" && in.has("mapping_shown")) {
    auto header = headings(u->content);
    Json mapping = Json::object();
    for (size_t i = 0; i < header.size(); ++i) {
      std::string field = in.get("map_" + std::to_string(i));
      if (field.empty() || header[i].empty()) continue;
      if (mapping.contains(field))
        return Error::validation(
            {{"map_" + std::to_string(i),
              i18n::tr("Two columns are set to {field}: choose one column for each field", {{"field", field}})}});
      mapping[field] = header[i];
    }
    options["mapping"] = mapping;
  }
  options["swap_coordinates"] = in.get("swap_coordinates") == "yes";
  const std::string here = "/directory/import/" + u->token;
  ImportStore store(ctx.db);
  if (in.get("decision") != "import" || options != u->options) {
    // Checking again, or importing with choices the last dry run did not see: show the
    // new dry run first.
    u->options = options;
    u->report = dry_run(ctx.db, *u);
    store.update(u->token, u->options, u->report);
    return Done{here,
                {{"report", u->report}},
                in.get("decision") == "import"
                    ? i18n::tr("The choices changed, so here is the new check. Import when it looks right.")
                    : ""};
  }
  auto report = run_import(ctx.db, *u);
  if (!report) return Error::validation({{"decision", report.error().message}});
  store.remove(u->token);
  Json summary = report_json(*report);
  summary.erase("preview");
  audit::record(ctx.db, audit::Actor::of(ctx), "directory.import", "directory_upload", u->token.substr(0, 8), nullptr,
                summary);
  return Done{"/directory/import",
              {{"report", report_json(*report)}},
              i18n::tr("Imported {format}: {added} added, {updated} updated, {not_taken} not taken.",
                       {{"format", report->format},
                        {"added", std::to_string(report->added)},
                        {"updated", std::to_string(report->updated)},
                        {"not_taken", std::to_string(report->problems.size())}})};
}

Result<Done> save_feed(Ctx& ctx, const Input& in) {
  std::string url = trim(in.get("feed_url"));
  if (auto problem = feed_url_problem(url, false)) return Error::validation({{"feed_url", *problem}});
  auto id = ImportStore(ctx.db).add_feed(url, ctx.user->id, now_iso());
  if (!id) return Error::validation({{"feed_url", "That feed is already saved"}});
  audit::record(ctx.db, audit::Actor::of(ctx), "directory.feed.save", "directory_feed", std::to_string(*id), nullptr,
                {{"url", url}});
  return Done{"/directory/import",
              {{"id", *id}, {"url", url}},
              i18n::tr("Feed saved. It is fetched at each regular refresh."),
              201};
}

Result<Done> delete_feed(Ctx& ctx, const Input& in) {
  auto id = parse_int(in.get("id"));
  ImportStore store(ctx.db);
  auto feed = id ? store.feed(*id) : std::nullopt;
  if (!feed) return Error::not_found(i18n::tr("There is no saved feed {id}.", {{"id", in.get("id")}}));
  store.remove_feed(*id);
  audit::record(ctx.db, audit::Actor::of(ctx), "directory.feed.delete", "directory_feed", std::to_string(*id),
                {{"url", feed->url}}, nullptr);
  return Done{"/directory/import", {{"deleted", *id}}, i18n::tr("Feed removed.")};
}

}  // namespace

void install_import_routes(web::Server& server) {
  auto& r = server.router();
  r.page("/directory/import", "directory/import", Access::role(kImporters), import_page);
  r.action("/directory/import", Access::role(kImporters), import_action);
  r.page("/directory/import/{token}", "directory/import_report", Access::role(kImporters), report_page);
  r.action("/directory/import/{token}", Access::role(kImporters), import_decided);
  server.add_nav({"Import listings", "/directory/import", Access::role(kImporters), true});
}

}  // namespace kith::directory
