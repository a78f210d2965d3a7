#pragma once
// Refreshing the Open Referral UK feeds saved on the upload page: each is fetched over
// https (every page of a paged /services answer), imported in its own transaction,
// and its result recorded beside it. For `kith import directory --saved-feeds`, which
// a timer can run.
#include <string>
#include <vector>

#include "app/module.h"
#include "directory/import_store.h"
#include "directory/importer.h"
#include "store/db.h"

namespace kith::directory {

struct FeedRefresh {
  SavedFeed feed;
  Result<ImportReport> report;
};

// Refreshes every saved feed. A feed whose host is, or resolves to, a private or
// loopback address is refused unless `allow_private`.
std::vector<FeedRefresh> refresh_saved_feeds(store::Database& database, bool allow_private,
                                             const app::Progress& progress);

}  // namespace kith::directory
