// The kith command: a thin main over the same library the server and tests use.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "accounts/module.h"
#include "accounts/service.h"
#include "app/app.h"
#include "app/warm.h"
#include "areas/module.h"
#include "coordination/outcomes_service.h"
#include "coordination/seal.h"
#include "core/clock.h"
#include "directory/export.h"
#include "directory/feed_refresh.h"
#include "directory/importer.h"
#include "directory/sheet.h"
#include "i18n/check.h"
#include "indices/output.h"
#include "indices/sources.h"
#include "messages/module.h"
#include "store/migrate.h"
#include "web/observe.h"

namespace {

using kith::app::App;
using kith::app::Config;

void progress(const std::string& line) { std::cerr << "kith: " << line << std::endl; }

void add_common(CLI::App* cmd, Config& c) {
  cmd->add_option("--db", c.database_url, "Database URL: sqlite:PATH or postgresql://USER@HOST:PORT/DB")
      ->envname("KITH_DATABASE_URL");
  cmd->add_option("--data-dir", c.data_dir, "Folder for the SQLite database and backups")
      ->envname("KITH_DATA_DIR")
      ->capture_default_str();
  cmd->add_option("--source-data", c.source_data, "Folder of public data files to import (shared/data)")
      ->envname("KITH_SOURCE_DATA")
      ->capture_default_str();
}

// How the server reports itself (docs/operations.md): not part of Config, as only
// `serve` and `demo` use them.
struct Observability {
  std::string log_format = "text";
  bool access_log = false;
} g_observe;

void add_serve(CLI::App* cmd, Config& c) {
  cmd->add_option("--log-format", g_observe.log_format, "Log lines as text or json (one object per line)")
      ->envname("KITH_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_flag("--access-log", g_observe.access_log, "Log every request (method, route, path, status, time)")
      ->envname("KITH_ACCESS_LOG");
  cmd->add_option("--host", c.host, "Address to listen on")->envname("KITH_HOST")->capture_default_str();
  cmd->add_option("--port", c.port, "Port to listen on")->envname("KITH_PORT")->capture_default_str();
  cmd->add_option("--tile-url", c.tile_url,
                  "Map tile URL template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png (none: boundaries only)")
      ->envname("KITH_TILE_URL");
  cmd->add_option("--tile-attribution", c.tile_attribution, "Attribution shown on the map for the tiles")
      ->envname("KITH_TILE_ATTRIBUTION");
  cmd->add_flag("--secure-cookies", c.secure_cookies, "Mark cookies Secure (when served over HTTPS)")
      ->envname("KITH_SECURE_COOKIES");
  cmd->add_option(
         "--public-url", c.public_url,
         "The address people use, e.g. https://kith.example.gov.uk, for absolute links (https: cookies Secure)")
      ->envname("KITH_PUBLIC_URL");
  cmd->add_option("--trusted-proxy", c.trusted_proxies,
                  "Address of a reverse proxy whose X-Forwarded-For names the client (repeat for several)")
      ->envname("KITH_TRUSTED_PROXY")
      ->delimiter(',');
  cmd->add_option("--anonymous-writes", c.anonymous_writes,
                  "Forms one client may send without signing in, in any 10 minutes")
      ->envname("KITH_ANONYMOUS_WRITES")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  // Messages (docs/messages.md); secrets from the environment, not the command line.
  cmd->add_option("--messages", c.messages, "How messages are sent: notify, smtp, or none (kept queued)")
      ->envname("KITH_MESSAGES")
      ->check(CLI::IsMember({"", "none", "notify", "smtp"}));
  cmd->add_option("--notify-url", c.notify_url, "GOV.UK Notify's API address")->envname("KITH_NOTIFY_URL");
  cmd->add_option("--notify-email-template", c.notify_email_template, "Notify email template ID ((subject)), ((body))")
      ->envname("KITH_NOTIFY_EMAIL_TEMPLATE");
  cmd->add_option("--notify-sms-template", c.notify_sms_template, "Notify text message template ID ((body))")
      ->envname("KITH_NOTIFY_SMS_TEMPLATE");
  cmd->add_option("--smtp-url", c.smtp_url, "SMTP relay, e.g. smtp://relay.example.gov.uk:587")
      ->envname("KITH_SMTP_URL");
  cmd->add_option("--smtp-user", c.smtp_user, "SMTP user name")->envname("KITH_SMTP_USER");
  cmd->add_option("--smtp-from", c.smtp_from, "Address emails come from")->envname("KITH_SMTP_FROM");
  cmd->add_flag("--smtp-insecure", c.smtp_insecure, "Send to the SMTP relay without STARTTLS (same host only)")
      ->envname("KITH_SMTP_INSECURE");
  cmd->add_option("--smtp-ca-file", c.smtp_ca_file,
                  "CA certificate(s) that signed the relay's certificate, when not one the system trusts")
      ->envname("KITH_SMTP_CA_FILE")
      ->check(CLI::ExistingFile);
  if (const char* key = std::getenv("KITH_NOTIFY_API_KEY")) c.notify_api_key = key;
  if (const char* password = std::getenv("KITH_SMTP_PASSWORD")) c.smtp_password = password;
  cmd->add_option("--coordination-key-file", c.coordination_key_file,
                  "File of 32 random bytes that seals coordination records (none: coordination is off)")
      ->envname("KITH_COORDINATION_KEY_FILE");
}

int serve(const Config& config, bool show_demo) {
  kith::web::set_log_format(g_observe.log_format == "json" ? kith::web::LogFormat::kJson : kith::web::LogFormat::kText);
  kith::web::set_access_log(g_observe.access_log);
  // /metrics answers loopback without a proxy, or anyone with this token.
  if (const char* token = std::getenv("KITH_METRICS_TOKEN")) kith::web::metrics::set_token(token);
  App app(config, progress);
  // Pages that read published files on first use are asked for before visitors come,
  // while /healthz says "starting".
  kith::web::set_ready(false);
  std::thread warm([&app] {
    std::vector<std::string> paths;
    {
      auto db = app.database().acquire();
      paths = kith::app::warm_paths(*db);
    }
    kith::app::warm_up(app.server(), paths);
    kith::web::set_ready(true);
  });
  // The outbox's sender runs beside the server and stops with it (docs/messages.md).
  std::unique_ptr<kith::messages::Sender> sender = kith::messages::sender_for(app.database(), config);
  if (sender) sender->start(2);
  // A port already in use is said plainly; the warm-up finishes first, as it uses the app.
  int status = 0;
  try {
    app.server().listen(
        config.host, config.port,
        [&](int port) {
          std::cout << "\nKith is running at http://" << config.host << ":" << port << "\n";
          if (show_demo) {
            std::cout << "\nDemo sign-ins (sample accounts, one for each role):\n";
            for (const auto& d : kith::accounts::demo_accounts())
              std::cout << "  " << d.role << std::string(14 - d.role.size(), ' ') << d.email
                        << "  password: " << d.password << "\n";
          }
          std::cout << "\nPress Ctrl+C to stop." << std::endl;
        },
        /*stop_on_signals=*/true);
  } catch (const std::exception& e) {
    std::cerr << "kith: " << e.what() << "\n";
    status = 1;
  } catch (...) {
    std::cerr << "kith: cannot listen on " << config.host << ":" << config.port << "\n";
    status = 1;
  }
  warm.join();
  if (sender) sender->stop();
  return status;
}

void print_errors(const kith::Error& e) {
  std::cerr << "kith: " << e.message << "\n";
  for (const auto& f : e.fields) std::cerr << "  " << f.message << "\n";
}

// kith index compute: the definition's indicators from the IoD files, the user's
// CSVs and the directory's live measures, in one read-only snapshot of the store.
int index_compute_command(const Config& config, const std::string& definition_path, const std::string& out_path) {
  kith::indices::Definition definition = kith::indices::default_definition();
  if (!definition_path.empty()) {
    std::ifstream in(definition_path);
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded()) {
      std::cerr << "kith: " << definition_path << " is not JSON\n";
      return 1;
    }
    auto d = kith::indices::parse_definition(j);
    if (!d) {
      print_errors(d.error());
      return 1;
    }
    definition = *d;
  }
  App app(config);
  auto db = app.database().acquire();
  kith::store::Transaction tx(*db, false);
  auto sources = kith::indices::sources_for(*db, config.source_data, app.measures());
  sources.files = true;  // the command line reads the files its user names
  progress("reading the indicators");
  auto values = kith::indices::load_values(definition, sources);
  if (!values) {
    print_errors(values.error());
    return 1;
  }
  progress("computing the index and its sensitivity for " + std::to_string(values->areas.size()) + " areas");
  auto result = kith::indices::compute(definition, *values);
  if (!result) {
    print_errors(result.error());
    return 1;
  }
  std::ofstream file;
  if (!out_path.empty()) file.open(out_path);
  std::ostream& out = out_path.empty() ? std::cout : file;
  if (out_path.size() > 5 && out_path.substr(out_path.size() - 5) == ".json")
    out << kith::indices::resilience_json(definition, *result).dump(1) << "\n";
  else
    kith::indices::write_resilience_csv(out, *result);
  return out ? 0 : 1;
}

// kith index imd: the IMD recomputed beside the published, and the summaries.
int index_imd_command(const Config& config, int year, const std::string& out_path, const std::string& summaries_path) {
  namespace ix = kith::indices;
  auto rows = year == 2019 ? ix::read_iod2019(ix::iod2019_domains_path(config.source_data))
                           : ix::read_iod2025(ix::iod2025_path(config.source_data));
  auto population = year == 2019 ? ix::read_population_2019(ix::iod2019_population_path(config.source_data))
                                 : ix::population_2021(config.source_data);
  for (const auto* e : {rows ? nullptr : &rows.error(), population ? nullptr : &population.error()})
    if (e) {
      print_errors(*e);
      return 1;
    }
  std::vector<ix::DomainInput> input;
  for (const auto& r : *rows) {
    auto p = population->find(r.code);
    input.push_back({r.authority_code, p == population->end() ? 0 : p->second, r.domain_ranks, r.domain_scores});
  }
  auto run = ix::recompute(input);
  std::ofstream file;
  if (!out_path.empty()) file.open(out_path);
  ix::write_imd_csv(out_path.empty() ? std::cout : file, *rows, run);
  if (!summaries_path.empty()) {
    std::ofstream summaries(summaries_path);
    std::map<std::string, std::string> names;
    for (const auto& r : *rows) names[r.authority_code] = r.authority_name;
    ix::write_summaries_csv(summaries, run, names);
  }
  return 0;
}

std::string read_password() {
  std::string pw;
  std::getline(std::cin, pw);
  return pw;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Kith: a community resilience platform for a UK place"};
  cli.require_subcommand(1);
  Config config;

  auto* serve_cmd = cli.add_subcommand("serve", "Start the web server");
  add_common(serve_cmd, config);
  add_serve(serve_cmd, config);

  bool load_only = false;
  auto* demo_cmd =
      cli.add_subcommand("demo", "Load the demo place (Sheffield, Chorley, Dudley, Thurrock) and start the server");
  add_common(demo_cmd, config);
  add_serve(demo_cmd, config);
  demo_cmd->add_flag("--load-only", load_only, "Load the demo content and exit without serving");

  auto* migrate_cmd = cli.add_subcommand("migrate", "Apply any pending database migrations");
  add_common(migrate_cmd, config);

  auto* user_cmd = cli.add_subcommand("user", "Manage user accounts");
  user_cmd->require_subcommand(1);
  std::string email, name;
  std::vector<std::string> roles;
  auto* user_add = user_cmd->add_subcommand("add", "Add an active user; reads the password from standard input");
  add_common(user_add, config);
  user_add->add_option("--email", email, "Email address (the sign-in name)")->required();
  user_add->add_option("--name", name, "Name shown to others")->required();
  user_add
      ->add_option("--role", roles,
                   "Role (repeat for more): member, organisation, moderator, coordinator, panel, officer, admin")
      ->required();
  auto* user_list = user_cmd->add_subcommand("list", "List users and their roles");
  add_common(user_list, config);

  auto* import_cmd = cli.add_subcommand("import", "Import public data");
  import_cmd->require_subcommand(1);
  auto* import_areas = import_cmd->add_subcommand(
      "areas", "Import LSOAs, wards, authorities, boundaries and postcodes from --source-data");
  add_common(import_areas, config);

  std::string postcode_path;
  auto* import_postcodes = import_cmd->add_subcommand(
      "postcodes",
      "Import postcodes so they stay current, each placed in its 2021 LSOA: the ONS Postcode Directory "
      "(ONSPD CSV: pcds or pcd, lat, long, lsoa21cd or lsoa21, doterm; terminated postcodes are skipped and its "
      "LSOA is taken as certain), a Code-Point CSV with a header (postcode, ..., lat, lon; optional lsoa21cd), or OS "
      "Code-Point Open as published (no header: postcode, quality, eastings, northings, ...; converted from the "
      "British National Grid). Gzipped or not. A postcode already held is replaced, the others are kept. Without "
      "an LSOA from the file, a postcode is placed in the LSOA whose boundary holds it, or where no boundary is "
      "loaded in the LSOA with the nearest centre, marked uncertain. Needs the areas (kith import areas) first.");
  add_common(import_postcodes, config);
  import_postcodes->add_option("file", postcode_path, "The postcode file (.csv or .csv.gz)")
      ->required()
      ->check(CLI::ExistingFile);

  std::string feed_path, feed_format = "auto";
  auto* import_directory = import_cmd->add_subcommand(
      "directory", "Import a directory feed: HSDS 3.0 / Open Referral UK JSON, or an Open Referral UK 1.0 feed");
  add_common(import_directory, config);
  import_directory
      ->add_option("file", feed_path,
                   "The feed: JSON (one record, a list, or an API page), a spreadsheet of places (.csv), or a "
                   "folder of HSDS tabular CSV files")
      ->check(CLI::ExistingPath);
  std::vector<std::string> column_map;
  bool dry_run = false, swap_coordinates = false, saved_feeds = false, allow_private_feeds = false;
  import_directory->add_option("--map", column_map,
                               "For a spreadsheet (.csv): which column holds a field, as FIELD=Column (repeat), "
                               "e.g. --map name=\"Group name\" --map postcode=\"Post code\"; the fields are below");
  import_directory->add_flag("--dry-run", dry_run,
                             "Read and check everything and show what would be added, updated, merged and refused, "
                             "with the first rows as Kith reads them; write nothing");
  import_directory->add_flag("--swap-coordinates", swap_coordinates,
                             "For a spreadsheet whose latitude and longitude columns are the wrong way round: swap "
                             "them (Kith refuses such a file until asked)");
  import_directory->add_flag("--saved-feeds", saved_feeds,
                             "Instead of a file: fetch and import every Open Referral UK feed saved on the upload "
                             "page (for a timer to run)");
  import_directory->add_flag("--allow-private-feeds", allow_private_feeds,
                             "With --saved-feeds: allow feeds on private or loopback addresses");
  import_directory->footer("\nSpreadsheet fields (for --map FIELD=COLUMN; others are guessed from usual headings):\n" +
                           kith::directory::sheet_fields_text() +
                           "\nExample:\n  kith import directory groups.csv --map name=\"Group name\" "
                           "--map latitude=Lat --map longitude=Long --dry-run\n");
  import_directory->add_option("--format", feed_format, "auto, hsds3 or oruk1")
      ->check(CLI::IsMember({"auto", "hsds3", "oruk1"}))
      ->capture_default_str();

  auto* export_cmd = cli.add_subcommand("export", "Export data in open formats");
  export_cmd->require_subcommand(1);
  std::string format = "csv", authority, out_path;
  auto* export_areas = export_cmd->add_subcommand("areas", "Export areas as CSV or GeoJSON");
  add_common(export_areas, config);
  export_areas->add_option("--format", format, "csv or geojson")
      ->check(CLI::IsMember({"csv", "geojson"}))
      ->capture_default_str();
  export_areas->add_option("--authority", authority, "Only this local authority (e.g. E08000019)");
  export_areas->add_option("--out", out_path, "Write to this file (default: standard output)");
  std::string directory_format = "hsds";
  auto* export_directory =
      export_cmd->add_subcommand("directory", "Export the directory as HSDS 3.0 JSON, CSV, or GeoJSON of places");
  add_common(export_directory, config);
  export_directory->add_option("--format", directory_format, "hsds, csv or geojson")
      ->check(CLI::IsMember({"hsds", "csv", "geojson"}))
      ->capture_default_str();
  export_directory->add_option("--out", out_path, "Write to this file (default: standard output)");

  auto* index_cmd = cli.add_subcommand("index", "Area intelligence: the IMD and community resilience indices");
  index_cmd->require_subcommand(1);
  std::string definition_path;
  auto* index_compute = index_cmd->add_subcommand(
      "compute", "Compute a resilience index from a definition (JSON) for every LSOA; .csv or .json out");
  add_common(index_compute, config);
  index_compute->add_option("--definition", definition_path, "The definition (default: Kith's own)")
      ->check(CLI::ExistingFile);
  index_compute->add_option("--out", out_path, "Write to this file, .csv or .json (default: CSV on standard output)");
  auto* index_default = index_cmd->add_subcommand("default-definition", "Print Kith's default definition (JSON)");
  int imd_year = 2025;
  std::string summaries_path;
  auto* index_imd = index_cmd->add_subcommand(
      "imd", "Recompute the IMD from its domains for every LSOA, beside the published figures");
  add_common(index_imd, config);
  index_imd->add_option("--year", imd_year, "2025 or 2019")->check(CLI::IsMember({2025, 2019}))->capture_default_str();
  index_imd->add_option("--out", out_path, "LSOAs to this CSV file (default: standard output)");
  index_imd->add_option("--summaries", summaries_path, "Local authority summary measures to this CSV file");

  auto* i18n_cmd = cli.add_subcommand("i18n", "Languages: the message catalogues (i18n/*.po)");
  i18n_cmd->require_subcommand(1);
  std::vector<std::string> catalogue_files;
  bool require_resident = false, list_missing = false;
  auto* i18n_extract =
      i18n_cmd->add_subcommand("extract", "Write every message in the templates as a gettext template (.pot)");
  i18n_extract->add_option("--out", out_path, "Write to this file (default: standard output)");
  auto* i18n_check = i18n_cmd->add_subcommand(
      "check", "Report each catalogue's missing, stale and wrong strings (the compiled-in ones, or the files given)");
  i18n_check->add_option("files", catalogue_files, ".po files to check instead")->check(CLI::ExistingFile);
  i18n_check->add_flag("--require-resident", require_resident,
                       "Fail when a catalogue misses a message on a resident journey");
  i18n_check->add_flag("--list-missing", list_missing, "List every missing message");

  std::string backup_to, restore_from;
  auto* backup_cmd = cli.add_subcommand("backup", "Copy the live SQLite database consistently (online backup)");
  add_common(backup_cmd, config);
  backup_cmd->add_option("--to", backup_to, "Backup file (default: DATA_DIR/backups/kith-TIMESTAMP.db)");
  auto* restore_cmd =
      cli.add_subcommand("restore", "Replace the SQLite database with a backup (stop the server first)");
  add_common(restore_cmd, config);
  restore_cmd->add_option("--from", restore_from, "Backup file made by kith backup")
      ->required()
      ->check(CLI::ExistingFile);

  std::string key_file, old_key_file, new_key_file;
  auto* coordination_cmd = cli.add_subcommand("coordination", "The coordination module's sealing key");
  coordination_cmd->require_subcommand(1);
  auto* new_key_cmd = coordination_cmd->add_subcommand("new-key", "Write a new random key to FILE (mode 0600)");
  new_key_cmd->add_option("file", key_file, "Where to write the key")->required();
  auto* rotate_key_cmd = coordination_cmd->add_subcommand(
      "rotate-key", "Re-seal every coordination record from the old key to the new, in one transaction");
  add_common(rotate_key_cmd, config);
  rotate_key_cmd->add_option("--old", old_key_file, "The key in use")->required()->check(CLI::ExistingFile);
  rotate_key_cmd->add_option("--new", new_key_file, "The key to use from now on")->required()->check(CLI::ExistingFile);

  bool retention_apply = false;
  std::string retention_today;
  auto* retention_cmd = coordination_cmd->add_subcommand(
      "retention", "List closed cases past the place's retention period; with --apply, erase them (audited)");
  add_common(retention_cmd, config);
  retention_cmd->add_flag("--apply", retention_apply, "Erase the cases listed (the default is a dry run)");
  retention_cmd->add_option("--today", retention_today, "Count the period to this date (YYYY-MM-DD) instead of today");

  CLI11_PARSE(cli, argc, argv);

  try {
    if (serve_cmd->parsed()) return serve(config, false);
    if (new_key_cmd->parsed()) {
      auto ok = kith::coordination::Key::write_new(key_file);
      if (!ok) return print_errors(ok.error()), 1;
      progress("new coordination key written to " + key_file + ": keep it safe, apart from the database's backups");
      return 0;
    }
    if (rotate_key_cmd->parsed()) {
      auto old_key = kith::coordination::Key::load(old_key_file);
      if (!old_key) return print_errors(old_key.error()), 1;
      auto new_key = kith::coordination::Key::load(new_key_file);
      if (!new_key) return print_errors(new_key.error()), 1;
      App app(config, progress);
      auto db = app.database().acquire();
      kith::store::Transaction tx(*db, true);
      auto n = kith::coordination::rotate(*db, *old_key, *new_key);
      if (!n) return print_errors(n.error()), 1;
      tx.commit();
      progress("re-sealed " + std::to_string(*n) + " values under the new key (fingerprint " + new_key->id() +
               "); start Kith with --coordination-key-file " + new_key_file);
      return 0;
    }
    if (retention_cmd->parsed()) {
      if (config.coordination_key_file.empty())
        return print_errors(kith::Error{
                   "validation-failed", "Give --coordination-key-file: the key the records are sealed with", {}}),
               1;
      App app(config, progress);
      auto key = kith::coordination::Key::load(config.coordination_key_file);
      if (!key) return print_errors(key.error()), 1;
      auto db = app.database().acquire();
      kith::store::Transaction tx(*db, true);
      std::string today = retention_today.empty() ? kith::now_iso().substr(0, 10) : retention_today;
      auto r = kith::coordination::run_retention(*db, *key, kith::audit::Actor::system("kith coordination retention"),
                                                 today, retention_apply);
      tx.commit();
      for (const auto& c : r.due)
        std::cout << "case " << c.case_id << " (person " << c.person_id << "), closed " << c.closed_at.substr(0, 10)
                  << "\n";
      progress(std::to_string(r.due.size()) + " closed case(s) past " + std::to_string(r.years) + " years on " + today +
               (retention_apply ? ": erased, " + std::to_string(r.rows_deleted) + " rows deleted"
                                : ": dry run, nothing erased (add --apply to erase)"));
      return 0;
    }
    if (i18n_extract->parsed()) {
      config.database_url = "sqlite::memory:";  // the menu's labels come from the modules, as they are served
      App app(config);
      std::string pot = kith::i18n::pot_text(kith::i18n::program_messages(app.server()));
      if (out_path.empty())
        std::cout << pot;
      else
        std::ofstream(out_path, std::ios::binary) << pot;
      return 0;
    }
    if (i18n_check->parsed()) {
      auto catalogues = kith::i18n::embedded_catalogues();
      if (!catalogue_files.empty()) catalogues.clear();
      for (const auto& f : catalogue_files) {
        std::ifstream in(f, std::ios::binary);
        catalogues.emplace_back(f, std::string(std::istreambuf_iterator<char>(in), {}));
      }
      config.database_url = "sqlite::memory:";
      App app(config);
      return kith::i18n::report(catalogues, kith::i18n::program_messages(app.server()), require_resident, list_missing,
                                std::cout);
    }
    if (demo_cmd->parsed()) {
      {
        App app(config, progress);
        if (app.load_demo(progress))
          progress("demo place loaded");
        else
          progress("the demo place is already loaded: starting it as it is (nothing loaded again)");
      }
      if (load_only) return 0;
      return serve(config, true);
    }
    if (migrate_cmd->parsed()) {
      App app(config, progress);
      progress("the database schema is up to date");
      return 0;
    }
    if (user_add->parsed()) {
      App app(config);
      std::string pw = read_password();
      auto db = app.database().acquire();
      kith::store::Transaction tx(*db, true);
      auto user = kith::accounts::add_user(*db, kith::audit::Actor::system("kith user add"), email, name, pw, roles);
      if (!user) {
        std::cerr << "kith: could not add the user:\n";
        for (const auto& f : user.error().fields)
          std::cerr << "  --" << (f.field == "display_name" ? "name" : f.field) << ": " << f.message << "\n";
        return 1;
      }
      tx.commit();
      std::cout << "Added " << user->email << " (" << user->display_name << ") with id " << user->id << "\n";
      return 0;
    }
    if (user_list->parsed()) {
      App app(config);
      auto db = app.database().acquire();
      for (const auto& u : kith::accounts::AccountStore(*db).list(10000, 0)) {
        std::string r;
        for (const auto& x : u.roles) r += (r.empty() ? "" : ",") + x;
        std::cout << u.id << "\t" << u.email << "\t" << u.display_name << "\t" << u.status << "\t" << r << "\n";
      }
      return 0;
    }
    if (import_areas->parsed()) {
      App app(config, progress);
      auto db = app.database().acquire();
      kith::store::Transaction tx(*db, true);
      auto st = kith::areas::import_geography(*db, config.source_data, progress);
      if (!st) {
        std::cerr << "kith: import failed, nothing was changed: " << st.error().message << "\n";
        return 1;
      }
      tx.commit();
      progress("import finished");
      return 0;
    }
    if (import_postcodes->parsed()) {
      App app(config, progress);
      auto db = app.database().acquire();
      kith::store::Transaction tx(*db, true);
      auto report = kith::areas::import_postcodes(*db, postcode_path, progress);
      if (!report) {
        std::cerr << "kith: import failed, nothing was changed: " << report.error().message << "\n";
        return 1;
      }
      tx.commit();
      for (const auto& line : report->summary()) std::cout << line << "\n";
      return 0;
    }
    if (import_directory->parsed()) {
      if (saved_feeds == !feed_path.empty()) {
        std::cerr << "kith: import directory takes a file or --saved-feeds (one of them)\n";
        return 2;
      }
      App app(config, progress);
      if (saved_feeds) {
        int failed = 0;
        for (const auto& r : kith::directory::refresh_saved_feeds(app.database(), allow_private_feeds, progress)) {
          std::cout << r.feed.url << ":\n";
          if (!r.report) {
            ++failed;
            std::cout << "  failed, nothing was changed: " << r.report.error().message << "\n";
          } else {
            std::cout << kith::directory::report_text(r.report.value());
          }
        }
        return failed ? 1 : 0;
      }
      auto format = feed_format == "hsds3"   ? kith::directory::FeedFormat::kHsds3
                    : feed_format == "oruk1" ? kith::directory::FeedFormat::kOruk1
                                             : kith::directory::FeedFormat::kAuto;
      kith::directory::ImportOptions options;
      options.format = format;
      options.dry_run = dry_run;
      options.swap_coordinates = swap_coordinates;
      for (const auto& m : column_map) {
        auto eq = m.find('=');
        if (eq == std::string::npos) {
          std::cerr << "kith: --map takes FIELD=Column, not \"" << m
                    << "\"; the fields are: " << kith::directory::sheet_field_names() << "\n";
          return 2;
        }
        std::string field = m.substr(0, eq);
        if (options.mapping.count(field)) {
          std::cerr << "kith: --map names " << field << " twice\n";
          return 2;
        }
        options.mapping[field] = m.substr(eq + 1);
      }
      auto report = kith::directory::import_file(app.database(), feed_path, options, progress);
      if (!report) {
        std::cerr << "kith: import failed, nothing was changed: " << report.error().message << "\n";
        return 1;
      }
      std::cout << kith::directory::report_text(*report);
      return 0;
    }
    if (export_areas->parsed() || export_directory->parsed()) {
      App app(config);
      auto db = app.database().acquire();
      kith::store::Transaction tx(*db, false);  // one consistent snapshot
      std::ofstream file;
      if (!out_path.empty()) file.open(out_path);
      std::ostream& out = out_path.empty() ? std::cout : file;
      if (export_areas->parsed() && format == "csv")
        kith::areas::export_csv(*db, out, authority);
      else if (export_areas->parsed())
        kith::areas::export_geojson(*db, out, authority);
      else if (directory_format == "csv")
        kith::directory::export_csv(*db, out);
      else if (directory_format == "geojson")
        kith::directory::export_geojson(*db, out);
      else
        kith::directory::export_hsds(*db, out);
      return out ? 0 : 1;
    }
    if (index_default->parsed()) {
      std::cout << kith::indices::definition_json(kith::indices::default_definition()).dump(2) << "\n";
      return 0;
    }
    if (index_compute->parsed()) return index_compute_command(config, definition_path, out_path);
    if (index_imd->parsed()) return index_imd_command(config, imd_year, out_path, summaries_path);
    if (backup_cmd->parsed() || restore_cmd->parsed()) {
      auto path = kith::store::sqlite_path(config.resolved_database_url());
      if (!path) {
        std::cerr << "kith: backup and restore work on SQLite. For PostgreSQL use pg_dump and pg_restore (see "
                     "docs/operations.md).\n";
        return 2;
      }
      if (backup_cmd->parsed()) {
        if (backup_to.empty()) {
          std::string stamp = kith::now_iso();
          for (char& c : stamp)
            if (c == ':') c = '-';
          std::filesystem::create_directories(config.data_dir + "/backups");
          backup_to = config.data_dir + "/backups/kith-" + stamp + ".db";
        }
        kith::store::sqlite_backup(*path, backup_to);
        std::cout << "Backed up " << *path << " to " << backup_to << "\n";
      } else {
        kith::store::sqlite_backup(restore_from, *path);
        App app(config, progress);  // brings an older backup's schema up to date
        std::cout << "Restored " << *path << " from " << restore_from << "\n";
      }
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "kith: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
