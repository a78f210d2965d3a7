#pragma once
// Closing an account and erasing what Kith holds about the person (UK GDPR Article
// 17), and asking for a correction (Article 16). Every module says what erasure means
// for what it holds (app::Erasure); erase_account runs them all, then makes the
// account a "Former member" tombstone, in the caller's one transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/module.h"
#include "audit/audit.h"
#include "core/result.h"
#include "store/db.h"

namespace kith::accounts {

inline constexpr const char* kFormerMember = "Former member";

// How a request reached Kith: online by the person, or through an admin.
const std::vector<std::pair<std::string, std::string>>& erasure_channels();  // id, label

struct ErasureRequest {
  std::int64_t user = 0;
  std::string channel = "online";  // one of erasure_channels()
  std::string reason;              // an admin's note; "" online
};

// Erases account `req.user`: every module's part, then the account's own data (sessions,
// links, sign-in records, correction requests), the audit log's mentions of them, and
// the account row itself (no name, email, phone or password; status disabled). Queues
// one confirmation to the address it had, and records the request as done. Answers the
// request's id. Refuses an account already erased, or one that does not exist.
Result<std::int64_t> erase_account(store::Db& db, const audit::Actor& actor, const app::ErasureParts& parts,
                                   const ErasureRequest& req);

// Whether the account is erased (a tombstone).
bool is_erased(store::Db& db, std::int64_t user);

struct ErasureRecord {
  std::int64_t id = 0;
  std::int64_t user = 0;
  std::string scope;
  std::string channel;
  std::string reason;
  std::string status;
  std::string decision;
  std::string asked_by;  // a name, as shown
  std::string created_at;
  std::string decided_at;
};
// Erasure requests, newest first; `scope` "" for all.
std::vector<ErasureRecord> erasure_requests(store::Db& db, const std::string& scope, int limit);

// Correction: a request to an admin in the person's words, and the admin's reply.
struct Correction {
  std::int64_t id = 0;
  std::int64_t user = 0;
  std::string user_name;
  std::string what;
  std::string status;  // open, answered
  std::string reply;
  std::string created_at;
  std::string answered_at;
};
Result<std::int64_t> ask_correction(store::Db& db, const audit::Actor& actor, std::int64_t user,
                                    const std::string& what);
Status answer_correction(store::Db& db, const audit::Actor& actor, std::int64_t id, const std::string& reply);
// One person's requests (`user` set) or every request (`user` nullopt), open first, newest first.
std::vector<Correction> corrections(store::Db& db, std::optional<std::int64_t> user, int limit);

}  // namespace kith::accounts
