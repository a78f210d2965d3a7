#pragma once
// The one boundary for untrusted input. Every byte from outside passes these
// checks once, in Server::handle, before any handler sees it: sizes, JSON depth,
// UTF-8, the media type of an API write, where a redirect may go, and who the
// client is behind a proxy. Pure functions, so they are unit tested and fuzzed.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "core/text.h"
#include "web/http.h"

namespace kith::web {

struct Limits {
  std::size_t body_bytes = 8 << 20;     // any body, form or JSON (a story's 5 MB photo with its form)
  std::size_t json_depth = 64;          // nesting of arrays and objects
  std::size_t fields = 1000;            // form fields, JSON members, query parameters, parts
  std::size_t json_values = 10000;      // every value in a JSON body, array elements too
  std::size_t field_bytes = 256 << 10;  // one text value (a grants canvas answer is far less)
  std::size_t header_bytes = 16 << 10;  // one header value
  std::size_t path_bytes = 4096;        // the request target
  int header_seconds = 10;              // to send the whole request line and headers
  int body_seconds = 120;               // to send the whole body (a photo over a slow phone)
  int write_seconds = 60;               // to take the whole response
  // JSON strings may hold control characters: a council's feed read as data (as the
  // command line reads it), not text a person typed.
  bool json_controls = false;
  // Writes one client may make without signing in (a self-referral, a suggestion for
  // the directory, a story), in a rolling window: each queues work for staff.
  int anonymous_writes = 10;
  std::int64_t anonymous_window_seconds = 10 * 60;
};

// How many writes each client has made lately without signing in, so that a public
// form cannot be used to flood a queue from one address. Counted in this process
// (each replica counts its own), for at most `max_clients` addresses at once: past
// that, the quietest are forgotten first. Thread-safe.
class ClientBudget {
 public:
  ClientBudget(int max_writes, std::int64_t window_seconds, std::size_t max_clients = 100000);
  // Seconds until `client` may write again (0: now).
  std::int64_t wait(const std::string& client, std::int64_t now);
  // Counts one write by `client`.
  void spend(const std::string& client, std::int64_t now);

 private:
  void forget_quietest(std::int64_t now);
  int max_writes_;
  std::int64_t window_;
  std::size_t max_clients_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<std::int64_t>> writes_;
};

using kith::valid_utf8;  // core/text.h

// Parses a JSON body without recursion: nesting deeper than `limits.json_depth` or
// any string that is not UTF-8 is refused before a value is built. The error names
// what is wrong (`bad-json`, `too-deep`, `invalid-utf8`), calling the text `what`
// ("The definition") and saying where a parse stopped by line and column.
Result<Json> parse_json(std::string_view body, const Limits& limits, std::string_view what = "The request body");

// Checks every part of a request a handler can read: the path, query parameters,
// headers, cookies, form fields, multipart parts (their names and text; a file's
// bytes are checked by whoever reads the file) for UTF-8, counts and lengths. The
// error's field names the parameter or header that is wrong.
Status check_request(const Request& req, const Limits& limits);

// The body of a write as fields: a JSON object (parsed by parse_json), a form or a
// multipart form, each checked as above.
Result<Input> parse_input(const Request& req, bool json, const Limits& limits);

// "application/json" or "application/json; charset=utf-8", parsed exactly: the
// type and subtype, case-insensitive, then only parameters.
bool is_json_media_type(std::string_view content_type);

// Whether a write with these headers may come from another site: Sec-Fetch-Site
// "cross-site" (or "same-site", another host of the same registrable domain), or an
// Origin that is neither the public URL's nor the Host the request was sent to.
// A request with neither header (a script, curl) is allowed: it cannot carry a
// browser's cookies without the browser sending one of them.
bool is_cross_site_write(const Request& req, std::string_view public_url);

// A same-site relative path to go to next, or nullopt: must start with one "/",
// have no control characters, backslashes or "//" once percent-decoded, and not
// climb out with "..". Used for every ?next=, Location and Continue link.
std::optional<std::string> safe_next(std::string_view next);
// safe_next, or `fallback` when it is not safe.
std::string safe_next_or(std::string_view next, const std::string& fallback);

// Splits a request target ("/path?a=1&b=x+y") into the percent-decoded path ('+'
// kept) and the query parameters (decoded, '+' as a space). The path is left as
// sent when it is not valid UTF-8 once decoded, for check_request to refuse.
void parse_target(std::string_view target, std::string& path, std::multimap<std::string, std::string>& query);

// Splits a multipart/form-data body by the boundary its Content-Type names; nullopt
// when the body is not well formed (no boundary, no closing delimiter, a part
// without a name).
std::optional<std::vector<Part>> parse_multipart(std::string_view body, std::string_view content_type);

// The client's address: the peer, or, when the peer is a trusted proxy, the
// right-most address in X-Forwarded-For that is not itself a trusted proxy.
std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

}  // namespace kith::web
