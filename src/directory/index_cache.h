#pragma once
// Keeps one process's search index in step with the database: the index is rebuilt
// when the directory's change counter moves. While one request rebuilds, others
// keep using the index they had, so a large directory never stalls every search.
#include <cstdint>
#include <memory>
#include <mutex>

#include "directory/search_index.h"
#include "store/db.h"

namespace kith::directory {

class IndexCache {
 public:
  // The index for the directory as `db` sees it now (one small query to check).
  std::shared_ptr<const SearchIndex> get(store::Db& db);

 private:
  std::mutex mutex_;  // guards index_ and generation_
  std::shared_ptr<const SearchIndex> index_;
  std::int64_t generation_ = -1;
  std::mutex building_;  // held by the one request that rebuilds
};

}  // namespace kith::directory
