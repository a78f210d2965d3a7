// A community group's spreadsheet of places (directory::spreadsheet_to_feed), then
// the feed it makes imported into a scratch database. An optional first line
// "#map field=Column;field=Column" maps columns as `kith import --map` does.
#include <sstream>
#include <string>

#include "core/text.h"
#include "directory/importer.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(kith::fuzz::text(data, size));
  std::map<std::string, std::string> mapping;
  if (text.rfind("#map ", 0) == 0) {
    std::size_t nl = text.find('\n');
    for (const auto& pair : kith::split(text.substr(5, nl == std::string::npos ? nl : nl - 5), ';')) {
      auto eq = pair.find('=');
      if (eq != std::string::npos) mapping[pair.substr(0, eq)] = pair.substr(eq + 1);
    }
    text.erase(0, nl == std::string::npos ? text.size() : nl + 1);
  }
  std::map<std::string, std::string> terms = {{"food", "food-term"}, {"warm space", "warm-term"}};
  std::istringstream in(text);
  std::vector<kith::directory::Problem> problems;
  auto feed = kith::directory::spreadsheet_to_feed(in, mapping, terms, problems);
  if (!feed.is_array()) kith::fuzz::fail("a spreadsheet must give a list of records");
  auto& db = kith::fuzz::scratch_db();
  kith::store::Transaction tx(db, true);
  db.exec("INSERT INTO hsds_taxonomy (id, name, description) VALUES ('t', 'Test', 'Test')");
  db.exec(
      "INSERT INTO hsds_taxonomy_term (id, name, description, taxonomy_id) VALUES "
      "('food-term', 'Food', 'Food', 't'), ('warm-term', 'Warm space', 'Warm space', 't')");
  auto report = kith::directory::import_feed(db, feed, kith::directory::FeedFormat::kHsds3, "fuzz", {});
  // What the spreadsheet reader makes, the importer must take whole.
  if (!report.problems.empty()) {
    std::fprintf(stderr, "%s: %s\n", report.problems.front().where.c_str(), report.problems.front().message.c_str());
    kith::fuzz::fail("the importer refused a record the spreadsheet reader made");
  }
  return 0;
}
