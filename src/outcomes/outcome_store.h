#pragma once
// Storage of the one outcome framework (Dudley's seven by default) and of the
// outcome tags any module puts on its records. Writes audited by the caller
// (outcomes.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace kith::outcomes {

struct Outcome {
  std::int64_t id = 0;
  std::string slug;
  std::string name;
  bool retired = false;
};

class OutcomeStore {
 public:
  explicit OutcomeStore(store::Db& db) : db_(db) {}
  // Names in the language spoken (the starting framework's, from the catalogues), or
  // `as_written` for the admin who keeps them and the audit log.
  std::vector<Outcome> list(bool with_retired, bool as_written = false);
  std::optional<Outcome> by_slug(const std::string& slug, bool as_written = false);
  std::int64_t add(const std::string& slug, const std::string& name);
  void rename(std::int64_t id, const std::string& name);
  void retire(std::int64_t id);

  // The outcomes a record carries (entity "service", "grant-application", ...).
  std::vector<Outcome> tags(const std::string& entity, const std::string& entity_id);
  void tag(const std::string& entity, const std::string& entity_id, std::int64_t outcome_id,
           std::optional<std::int64_t> by);
  void untag(const std::string& entity, const std::string& entity_id, std::int64_t outcome_id);
  // The ids of an entity's records carrying an outcome.
  std::vector<std::string> tagged(const std::string& entity, const std::string& slug);

 private:
  store::Db& db_;
};

}  // namespace kith::outcomes
