#pragma once
// What an operator sees of a running server: a request id on every log line and
// response, logs as text or JSON lines, and metrics in Prometheus's text format
// (GET /metrics, from loopback or with a token). docs/operations.md says how to use
// them.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.h"

namespace kith::web {

struct Request;

// The request a worker thread is answering: its id (logged with every line, sent as
// X-Request-Id, and the reference on the 500 page) and the route it matched.
struct AccessLine {
  std::string method, route, path;  // the path without its query (which may hold a postcode)
  int status = 0;
  double milliseconds = 0;
  std::size_t bytes = 0;
};
struct RequestContext {
  std::string id;
  std::string route;
  const AccessLine* access = nullptr;  // while the access line is written: its fields, for JSON
};
RequestContext& current_request();

// Sets the thread's request for its lifetime, and clears it after.
class RequestScope {
 public:
  explicit RequestScope(std::string id);
  ~RequestScope();
  RequestScope(const RequestScope&) = delete;
  RequestScope& operator=(const RequestScope&) = delete;
};

// A new request id: this process's random prefix and a counter ("k7Qx2-1f3").
// A trusted proxy's own id (nginx's $request_id) is kept when it is a plain token.
std::string new_request_id();
std::string request_id_for(std::string_view from_proxy);

// Whether the server is ready for visitors: /healthz says "starting" (503) until it
// is. Ready unless set otherwise (kith serve warms up first: app/warm.h).
void set_ready(bool ready);
bool ready();

enum class LogFormat { kText, kJson };
// Sets how every log line is written: text, or one JSON object per line with time,
// level, message and the request id.
void set_log_format(LogFormat format);
// Whether each request is logged (method, route, path without its query, status,
// milliseconds, bytes) at info level; in JSON each is a field of its own.
void set_access_log(bool on);
void log_access(const AccessLine& line);
// A request's path as a log line gives it: its first 200 bytes and its length when it
// is longer (a 10 KB path is refused, not copied into the log), "(not UTF-8)" when not.
std::string path_for_log(std::string_view path);

namespace metrics {

// Requests by method, route pattern and status, with a latency histogram.
void observe_request(std::string_view method, const std::string& route, int status, double seconds);
void in_flight(int delta);
// A named counter ("kith_directory_index_rebuilds_total"), created on first use.
void increment(const char* name, const char* help);
// With a token, /metrics also answers requests carrying "Authorization: Bearer TOKEN".
void set_token(std::string token);
// Whether `req` may read /metrics: its peer is loopback and no proxy forwarded it,
// or it carries the token.
bool may_read(const Request& req, const std::string& peer);
// Everything, in Prometheus text exposition format 0.0.4. Outbox depth is read from
// the store.
std::string render(store::Database& database);

}  // namespace metrics

}  // namespace kith::web
