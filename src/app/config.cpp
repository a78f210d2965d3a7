#include "app/config.h"

namespace kith::app {

std::string Config::resolved_database_url() const {
  if (!database_url.empty()) return database_url;
  return "sqlite:" + data_dir + "/kith.db";
}

}  // namespace kith::app
