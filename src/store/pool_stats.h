#pragma once
// How the connection pools of this process are used, for the server's metrics:
// connections opened (a request found none idle and waited to connect), the time
// spent connecting, and connections closed because the pool was full.
#include <cstdint>

namespace kith::store {

struct PoolStats {
  std::uint64_t acquired = 0;        // connections handed to a request or task
  std::uint64_t opened = 0;          // of them, new connections (none was idle)
  double connect_seconds = 0;        // time spent opening them
  std::uint64_t closed_surplus = 0;  // released beyond the pool's size, so closed
};

PoolStats pool_stats();

}  // namespace kith::store
