#pragma once
// Importing directory feeds: HSDS 3.0 / Open Referral UK JSON (one record, a list,
// or an API page) and Open Referral UK 1.0 feeds such as Bristol's. Every record
// that can be taken is; every one that cannot is reported with the reason.
#include <istream>
#include <map>
#include <string>
#include <vector>

#include "app/module.h"
#include "core/result.h"
#include "directory/hsds.h"
#include "directory/sheet.h"
#include "store/db.h"

namespace kith::directory {

enum class FeedFormat { kAuto, kHsds3, kOruk1 };

struct ImportReport {
  std::string format;                 // what the feed was read as
  int records = 0;                    // records in the feed
  int added = 0;                      // new records
  int updated = 0;                    // records already held, now replaced
  int matched = 0;                    // of those, held under another id: same name and postcode
  std::vector<Problem> problems;      // records not taken, and why; each reason once
  std::vector<Problem> warnings;      // taken, but something was dropped or looks wrong
  std::vector<Problem> merged;        // rows that are one place or one listing with another
  std::vector<std::string> unmapped;  // spreadsheet columns no field takes
  Json columns = Json::array();       // spreadsheet: [{column, field}]
  Json preview = Json::array();       // spreadsheet: the first rows as Kith reads them
  bool swapped = false;               // latitude and longitude were swapped on request
  bool dry_run = false;               // nothing was written
};

// How to import a file.
struct ImportOptions {
  FeedFormat format = FeedFormat::kAuto;
  std::map<std::string, std::string> mapping;  // spreadsheet: field -> column heading
  bool swap_coordinates = false;               // spreadsheet: swap latitude and longitude
  bool dry_run = false;                        // read and check everything, write nothing
  Controls controls = Controls::kCommandLine;  // which controls messages should name
};

// The report as plain text for the command line (what was added, updated, merged,
// refused, warnings, unmapped columns, the first rows).
std::string report_text(const ImportReport& report);
// The report as JSON for the upload page and the API.
Json report_json(const ImportReport& report);

// Pure: the HSDS 3.0 table a record is (service, organization, ...), from its fields.
std::string guess_table(const Json& record);
// Pure: the normalised postcodes of a service document's places.
std::vector<std::string> service_postcodes(const Json& service);
// Pure: an Open Referral UK 1.0 service as an HSDS 3.0 service.
Json oruk1_to_hsds3(const Json& service);

// Imports `feed` (already parsed) into `db`, in the caller's transaction; `source`
// labels where the records came from.
ImportReport import_feed(store::Db& db, const Json& feed, FeedFormat format, const std::string& source,
                         const app::Progress& progress);

// Imports the HSDS tabular form: a folder of CSV files (services.csv, locations.csv,
// ...) as the HSDS datapackage names them, in the caller's transaction. Rows with
// wrong types or impossible coordinates are reported and left out.
Result<ImportReport> import_tabular(store::Db& db, const std::string& folder, const std::string& source,
                                    const app::Progress& progress);

// A plain spreadsheet of places (see sheet.h for the fields and the rules): the feed
// read_sheet makes, with a file-wide error as a problem "header". Each service's id
// comes from its name and postcode, so a repeated import updates rather than duplicates.
Json spreadsheet_to_feed(std::istream& in, const std::map<std::string, std::string>& mapping,
                         const std::map<std::string, std::string>& terms, std::vector<Problem>& problems);

// A spreadsheet's bytes, read (read_sheet) and imported in the caller's transaction.
Result<ImportReport> import_sheet(store::Db& db, std::istream& in, const ImportOptions& options,
                                  const std::string& source, const app::Progress& progress);

// Reads and imports a file in one transaction: all of it that can be taken, or, if
// the file cannot be read at all, nothing; with options.dry_run, nothing ever.
// A folder is read as the HSDS tabular form, a .csv file as a spreadsheet of places
// (with options.mapping), anything else as JSON.
Result<ImportReport> import_file(store::Database& database, const std::string& path, const ImportOptions& options,
                                 const app::Progress& progress);
// The same, with the format and a mapping only.
Result<ImportReport> import_file(store::Database& database, const std::string& path, FeedFormat format,
                                 const app::Progress& progress, const std::map<std::string, std::string>& mapping = {});

}  // namespace kith::directory
