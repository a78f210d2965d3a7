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
  // KITH_ANONYMOUS_WRITES: forms one client may send without signing in in 10 minutes
  // (a self-referral, a directory suggestion, a story); each queues work for staff.
  int anonymous_writes = 10;
  // How email and texts leave Kith (docs/messages.md). KITH_MESSAGES: "notify", "smtp",
  // or "" to keep messages queued (admins are told on /admin/messages).
  std::string messages;
  std::string notify_api_key;  // KITH_NOTIFY_API_KEY: name-SERVICEID-SECRETKEY
  std::string notify_url = "https://api.notifications.service.gov.uk";
  std::string notify_email_template;  // KITH_NOTIFY_EMAIL_TEMPLATE: subject ((subject)), body ((body))
  std::string notify_sms_template;    // KITH_NOTIFY_SMS_TEMPLATE: body ((body))
  std::string smtp_url;               // KITH_SMTP_URL: smtp://relay.example.gov.uk:587
  std::string smtp_user;
  std::string smtp_password;   // KITH_SMTP_PASSWORD
  std::string smtp_from;       // KITH_SMTP_FROM: "Kith <kith@example.gov.uk>"
  bool smtp_insecure = false;  // KITH_SMTP_INSECURE=1: no STARTTLS (a relay on the same host only)
  std::string smtp_ca_file;    // KITH_SMTP_CA_FILE: the CA that signed the relay's certificate, if not the system's
  // KITH_COORDINATION_KEY_FILE: 32 random bytes that seal coordination records at rest
  // (`kith coordination new-key FILE`). Empty: coordination is switched off.
  std::string coordination_key_file;

  // The database URL to use: the one given, or SQLite in the data folder.
  std::string resolved_database_url() const;
};

}  // namespace kith::app
