#include "core/embedded.h"

namespace kith::embedded {

const File* find(std::string_view path) {
  for (size_t i = 0; i < kFileCount; ++i)
    if (kFiles[i].path == path) return &kFiles[i];
  return nullptr;
}

std::vector<const File*> under(std::string_view prefix) {
  std::vector<const File*> out;
  for (size_t i = 0; i < kFileCount; ++i)
    if (kFiles[i].path.substr(0, prefix.size()) == prefix) out.push_back(&kFiles[i]);
  return out;
}

}  // namespace kith::embedded
