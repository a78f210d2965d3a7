#pragma once
// Initiatives and the areas each works in, in the store (migration 0031).
#include <optional>
#include <vector>

#include "initiatives/initiatives.h"
#include "store/db.h"

namespace kith::initiatives {

class InitiativeStore {
 public:
  explicit InitiativeStore(store::Db& db) : db_(db) {}
  // Every initiative with its areas, by name.
  std::vector<Initiative> all();
  std::optional<Initiative> get(std::int64_t id);
  std::int64_t add(const Initiative& i);
  void update(const Initiative& i);
  // Those working anywhere in `lsoas` (an area's), each with its areas.
  std::vector<Initiative> reaching(const std::vector<std::string>& lsoas);
  // The directory organisation whose name is `name` (case aside), if exactly one is.
  std::optional<std::string> organisation_named(const std::string& name);

 private:
  void write_areas(std::int64_t id, const std::vector<std::string>& areas);
  std::vector<Initiative> read(const std::string& where, const store::Params& params);
  store::Db& db_;
};

}  // namespace kith::initiatives
