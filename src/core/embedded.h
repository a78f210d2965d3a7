#pragma once
// Files compiled into the binary at build time (templates, migrations, web assets).
#include <cstddef>
#include <string_view>
#include <vector>

namespace kith::embedded {

struct File {
  std::string_view path;  // "templates/layout.html", "migrations/0001_core.sql", "static/kith.css"
  std::string_view data;
  std::string_view hash;  // content hash, the cache id of a static asset
};

extern const File kFiles[];
extern const size_t kFileCount;

// The file at `path`, or nullptr.
const File* find(std::string_view path);
// Every file whose path starts with `prefix`, in path order.
std::vector<const File*> under(std::string_view prefix);

}  // namespace kith::embedded
