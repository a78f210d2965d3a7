#include "store/settings.h"

namespace kith::store {

nlohmann::json get_setting(Db& db, const std::string& key, const nlohmann::json& fallback) {
  auto row = db.query_one("SELECT value FROM settings WHERE key = ?", {key});
  if (!row) return fallback;
  auto j = nlohmann::json::parse(row->text(0), nullptr, false);
  return j.is_discarded() ? fallback : j;
}

void set_setting(Db& db, const std::string& key, const nlohmann::json& value) {
  db.exec("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          {key, value.dump()});
}

}  // namespace kith::store
