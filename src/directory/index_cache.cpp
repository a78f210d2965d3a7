#include "directory/index_cache.h"

#include "directory/directory_store.h"
#include "web/observe.h"

namespace kith::directory {

std::shared_ptr<const SearchIndex> IndexCache::get(store::Db& db) {
  DirectoryStore store(db);
  std::int64_t now = store.generation();
  std::shared_ptr<const SearchIndex> current;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (index_ && generation_ == now) return index_;
    current = index_;
  }
  std::unique_lock<std::mutex> build(building_, std::defer_lock);
  if (current) {
    // Someone else is rebuilding: answer from the index we have.
    if (!build.try_lock()) return current;
  } else {
    build.lock();
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (index_ && generation_ >= now) return index_;
  }
  auto fresh = std::make_shared<const SearchIndex>(store.index_data());
  web::metrics::increment("kith_directory_index_rebuilds_total",
                          "Times the directory's search index was built from the store.");
  std::lock_guard<std::mutex> lock(mutex_);
  if (now >= generation_) {
    index_ = fresh;
    generation_ = now;
  }
  return fresh;
}

}  // namespace kith::directory
