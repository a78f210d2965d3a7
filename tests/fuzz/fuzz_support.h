#pragma once
// Shared by the libFuzzer harnesses (tests/fuzz/fuzz_*.cpp): the input as text, a
// nesting check that keeps generated JSON within what the web boundary accepts,
// and a scratch database for the importers.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "store/db.h"
#include "store/migrate.h"

namespace kith::fuzz {

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Whether JSON text nests arrays and objects deeper than `limit`. The web boundary
// refuses such bodies before parsing (web::parse_json); harnesses of what lies
// behind it skip them, so they fuzz the parser under test, not nlohmann's recursion.
inline bool nests_deeper_than(std::string_view json, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

// A property the harness checks has failed: say which, and stop as a crash would.
[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "fuzz: property failed: %s\n", what);
  std::abort();
}

// An in-memory SQLite database with every migration applied, made once per process.
// Each input runs in a transaction that is rolled back, so inputs do not build on
// one another and the database stays small.
inline store::Db& scratch_db() {
  static std::unique_ptr<store::Db> db = [] {
    auto d = store::open_sqlite(":memory:");
    store::migrate(*d);
    return d;
  }();
  return *db;
}

}  // namespace kith::fuzz
