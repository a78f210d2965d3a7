#pragma once
// Settings for a Kith process, from flags and environment (see `kith --help`).
#include <string>
#include <vector>

namespace kith::app {

struct Config {
  std::string database_url;                    // sqlite:PATH or postgresql://...; default sqlite:<data_dir>/kith.db
  std::string data_dir = "var";                // KITH_DATA_DIR: where the SQLite file and backups live
  std::string source_data = "../shared/data";  // KITH_SOURCE_DATA: the public data files
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string tile_url;          // KITH_TILE_URL: map tiles, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png
  std::string tile_attribution;  // KITH_TILE_ATTRIBUTION
  bool secure_cookies = false;   // KITH_SECURE_COOKIES=1 behind HTTPS
  // KITH_PUBLIC_URL: the address people use, e.g. https://kith.example.gov.uk, for every
  // absolute link (invitations, feeds, emails). Empty: http://HOST:PORT as bound.
  std::string public_url;
  // KITH_TRUSTED_PROXY: addresses of reverse proxies whose X-Forwarded-For is believed.
  std::vector<std::string> trusted_proxies;
  // KITH_COORDINATION_KEY_FILE: 32 random bytes that seal coordination records at rest
  // (`kith coordination new-key FILE`). Empty: coordination is switched off.
  std::string coordination_key_file;

  // The database URL to use: the one given, or SQLite in the data folder.
  std::string resolved_database_url() const;
};

}  // namespace kith::app
