#include "directory/feed_refresh.h"

#include <httplib.h>
#include <netdb.h>
#include <sys/socket.h>

#include "core/clock.h"
#include "directory/feed_url.h"
#include "web/boundary.h"

namespace kith::directory {

namespace {

constexpr int kMaxPages = 200;

// Every address `host` resolves to, as text.
std::vector<std::string> resolve(const std::string& host) {
  std::vector<std::string> out;
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), "443", &hints, &found) != 0) return out;
  for (addrinfo* a = found; a; a = a->ai_next) {
    char text[NI_MAXHOST];
    if (getnameinfo(a->ai_addr, a->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) == 0) out.push_back(text);
  }
  freeaddrinfo(found);
  return out;
}

// The feed's records: one document, a list, or every page of a paged answer.
Result<Json> fetch(const std::string& url, bool allow_private) {
  if (auto problem = feed_url_problem(url, allow_private)) return Error{"validation-failed", *problem, {}};
  std::string host = url_host(url);
  auto addresses = resolve(host);
  if (addresses.empty()) return Error{"not-found", "cannot find the host " + host, {}};
  if (!allow_private)
    for (const auto& a : addresses)
      if (is_private_address(a))
        return Error{"validation-failed",
                     host + " resolves to " + a + ", a private or loopback address (allow with --allow-private-feeds)",
                     {}};
  std::string rest = url.substr(8);
  size_t slash = rest.find('/');
  std::string origin = "https://" + rest.substr(0, slash);
  std::string target = slash == std::string::npos ? "/" : rest.substr(slash);
  httplib::Client client(origin);
  client.set_connection_timeout(10);
  client.set_read_timeout(60);
  client.enable_server_certificate_verification(true);
  web::Limits limits;
  limits.json_values = 5'000'000;
  // A council's feed read as the command line reads it: many members, long values,
  // whatever characters its strings hold.
  limits.fields = 5'000'000;
  limits.field_bytes = 64 << 20;
  limits.json_controls = true;
  Json records = Json::array();
  for (int page = 1; page <= kMaxPages; ++page) {
    std::string path = target;
    if (page > 1)
      path += (path.find('?') == std::string::npos ? "?" : "&") + std::string("page=") + std::to_string(page);
    auto res = client.Get(path);
    if (!res) return Error{"not-found", "cannot fetch " + origin + path + ": " + httplib::to_string(res.error()), {}};
    if (res->status != 200) return Error{"not-found", origin + path + " answered " + std::to_string(res->status), {}};
    auto body = web::parse_json(res->body, limits);
    if (!body) return Error{"bad-json", origin + path + " is not JSON: " + body.error().message, {}};
    if (!body->is_object() || !body->contains("contents") || !(*body)["contents"].is_array()) {
      if (page == 1) return *body;  // not paged: the whole feed
      break;
    }
    for (auto& r : (*body)["contents"]) records.push_back(std::move(r));
    int total = body->value("total_pages", 1);
    if (page >= total || (*body)["contents"].empty()) break;
  }
  return records;
}

}  // namespace

std::vector<FeedRefresh> refresh_saved_feeds(store::Database& database, bool allow_private,
                                             const app::Progress& progress) {
  std::vector<SavedFeed> feeds;
  {
    auto db = database.acquire();
    feeds = ImportStore(*db).feeds();
  }
  std::vector<FeedRefresh> out;
  for (const auto& feed : feeds) {
    if (progress) progress("feed " + feed.url);
    auto records = fetch(feed.url, allow_private);
    auto db = database.acquire();
    store::Transaction tx(*db, true);
    Result<ImportReport> report =
        records ? Result<ImportReport>(import_feed(*db, *records, FeedFormat::kAuto, feed.url, progress))
                : Result<ImportReport>(records.error());
    std::string result = report ? std::to_string(report->added) + " added, " + std::to_string(report->updated) +
                                      " updated, " + std::to_string(report->problems.size()) + " not taken"
                                : "failed: " + report.error().message;
    ImportStore(*db).feed_refreshed(feed.id, now_iso(), result);
    tx.commit();
    out.push_back({feed, std::move(report)});
  }
  return out;
}

}  // namespace kith::directory
