#pragma once
// Reading the messages Kith has queued (the outbox table), for tests of what tells whom.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/harness.h"

namespace kith::testing {

struct Queued {
  std::int64_t id = 0;
  std::string kind;
  std::optional<std::int64_t> user;
  std::string to;
  std::string key;
  nlohmann::json fields;
};

// The messages of `kind` queued to the address `to`, oldest first.
std::vector<Queued> queued(TestServer& server, const std::string& kind, const std::string& to);
// The number of messages queued under idempotency keys that are `key_prefix` or go on
// from it after a ':' (any rest, when it ends in one): whole parts, so a user 3's key is
// not a user 30's.
std::int64_t queued_with_key(TestServer& server, const std::string& key_prefix);
// The path of an absolute link ("http://127.0.0.1:5000/verify/T" -> "/verify/T"),
// checking it points at the server.
std::string link_path(const TestServer& server, const std::string& link);

}  // namespace kith::testing
