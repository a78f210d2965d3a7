// Open Referral UK 1.0 feeds (such as Bristol's /services): each service turned into
// HSDS 3.0 (directory::oruk1_to_hsds3) and imported into a scratch database.
#include <nlohmann/json.hpp>

#include "directory/importer.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = kith::fuzz::text(data, size);
  if (kith::fuzz::nests_deeper_than(text, 64)) return 0;
  auto feed = nlohmann::json::parse(text, nullptr, false);
  if (feed.is_discarded()) return 0;
  if (feed.is_object()) (void)kith::directory::oruk1_to_hsds3(feed);
  auto& db = kith::fuzz::scratch_db();
  kith::store::Transaction tx(db, true);
  auto report = kith::directory::import_feed(db, feed, kith::directory::FeedFormat::kOruk1, "fuzz", {});
  if (report.added + report.updated + static_cast<int>(report.problems.size()) < report.records)
    kith::fuzz::fail("a record was neither taken nor reported");
  return 0;
}
