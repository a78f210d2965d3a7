#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "coordination/coordination_store.h"
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

// Who works with people's records: coordinators and team leads.
inline const std::vector<std::string> kWorkers = {"coordinator", "team_lead"};

// The answer when no coordination key is configured.
Error switched_off();

// A person's record as the viewer may open it.
struct OpenedRecord {
  Case c;
  RecordAccess how = RecordAccess::kNone;
  std::optional<std::int64_t> break_glass;  // the break glass that let them in
};
// The person's latest case if the viewer may see it: the allocated coordinator, the
// team's leads, or an unexpired break glass. 404 when there is no such person, 403
// (audited) when the record is not theirs.
Result<OpenedRecord> open_record(const State& st, web::Ctx& ctx, CoordStore& store, std::int64_t person);

// Writes a read of the record down (reads table and audit log) at once, in its own
// transaction: a page GET runs read-only.
void record_read(const State& st, web::Ctx& ctx, std::int64_t person, const std::string& via,
                 std::optional<std::int64_t> break_glass);

// Refuses the signed-in visitor the record of `person`, audited: in the request's
// transaction for a write, in a transaction of its own for a read (a GET runs
// read-only, and PostgreSQL refuses a write in it). Returns `error`.
Error refuse_record(const State& st, web::Ctx& ctx, std::int64_t person, const Error& error);

// Erasure of an account: coordination records are not erased with it. When the person
// has a record, a request waits for a team lead, who decides under the retention rules
// (erasure_http.cpp): erase the record now, or keep it until its retention ends.
void ask_erasure(store::Db& db, std::int64_t user);
void install_erasure_routes(web::Server& server, const std::shared_ptr<const State>& state);

}  // namespace kith::coordination
