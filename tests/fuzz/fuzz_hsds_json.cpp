// Directory feeds in HSDS 3.0 / Open Referral UK 3.0 JSON (one record, a list, or an
// API page) through directory::import_feed into a scratch database, and guess_table
// and service_postcodes on their own. Every record must be taken or reported, never
// crash or throw.
#include <nlohmann/json.hpp>

#include "directory/importer.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = kith::fuzz::text(data, size);
  if (kith::fuzz::nests_deeper_than(text, 64)) return 0;
  auto feed = nlohmann::json::parse(text, nullptr, false);
  if (feed.is_discarded()) return 0;
  (void)kith::directory::guess_table(feed);
  if (feed.is_object()) (void)kith::directory::service_postcodes(feed);
  auto& db = kith::fuzz::scratch_db();
  kith::store::Transaction tx(db, true);
  auto report = kith::directory::import_feed(db, feed, kith::directory::FeedFormat::kHsds3, "fuzz", {});
  if (report.added + report.updated + static_cast<int>(report.problems.size()) < report.records)
    kith::fuzz::fail("a record was neither taken nor reported");
  return 0;
}
