#pragma once
#include <memory>
#include <optional>
#include <string>

#include "coordination/seal.h"
#include "web/server.h"

namespace kith::coordination {

// What the module's routes share: the key (none: coordination is switched off) and
// the database, for writing record reads from GET requests in their own transaction.
struct State {
  std::optional<Key> key;
  store::Database* database = nullptr;
};

void install_routes(web::Server& server, std::shared_ptr<const State> state);

}  // namespace kith::coordination
