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

void install_routes(web::Server& server, const std::shared_ptr<const State>& state);

// Refuses the signed-in visitor the record of `person`, audited: in the request's
// transaction for a write, in a transaction of its own for a read (a GET runs
// read-only, and PostgreSQL refuses a write in it). Returns `error`.
Error refuse_record(const State& st, web::Ctx& ctx, std::int64_t person, const Error& error);

// Erasure of an account: coordination records are not erased with it. When the person
// has a record, a request waits for a team lead, who decides under the retention rules
// (erasure_http.cpp): erase the record now, or keep it until its retention ends.
void ask_erasure(store::Db& db, std::int64_t user);
void install_erasure_routes(web::Server& server, const std::shared_ptr<const State>& state);

// The form a failed post sent, when its page is drawn again to show what is wrong (the
// body travels with the request): so radios, checkboxes and selects keep their answers
// as text fields do. Empty for a plain GET and for the API.

}  // namespace kith::coordination
