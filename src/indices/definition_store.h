#pragma once
// Storage of the resilience index definitions officers save.
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace kith::indices {

struct SavedDefinition {
  std::int64_t id = 0;
  std::string name;
  std::string json;      // as parse_definition reads it
  std::string saved_by;  // the name of who saved it ("" when no one is recorded)
  std::string saved_at;  // ISO 8601
};

class DefinitionStore {
 public:
  explicit DefinitionStore(store::Db& db) : db_(db) {}
  std::vector<SavedDefinition> all();
  std::optional<SavedDefinition> get(std::int64_t id);
  std::int64_t add(const std::string& name, const std::string& json, std::int64_t user);
  // Deletes the definition; false when there is none with that id.
  bool remove(std::int64_t id);

 private:
  store::Db& db_;
};

}  // namespace kith::indices
