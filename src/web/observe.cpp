#include "web/observe.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include <unistd.h>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "core/crypto.h"
#include "core/text.h"
#include "store/pool_stats.h"
#include "web/http.h"

namespace kith::web {

namespace {

thread_local RequestContext t_request;
std::atomic<bool> g_access_log{false};
std::atomic<bool> g_ready{true};

// "2026-11-29T19:40:02.123Z"
std::string utc_time(std::chrono::system_clock::time_point when) {
  auto secs = std::chrono::system_clock::to_time_t(when);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  std::array<char, 40> out{};
  std::size_t n = std::strftime(out.data(), out.size(), "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(out.data() + n, out.size() - n, ".%03dZ", static_cast<int>(millis));
  return out.data();
}

// One JSON object per line: time, level, message, and the request's id when the line
// was written while answering one.
class JsonFormatter : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    nlohmann::json line = {{"time", utc_time(msg.time)},
                           {"level", std::string(spdlog::level::to_string_view(msg.level).data(),
                                                 spdlog::level::to_string_view(msg.level).size())},
                           {"message", std::string(msg.payload.data(), msg.payload.size())}};
    if (!t_request.id.empty()) line["request_id"] = t_request.id;
    if (const AccessLine* a = t_request.access) {
      line["method"] = a->method;
      line["route"] = a->route;
      line["path"] = path_for_log(a->path);
      line["status"] = a->status;
      line["duration_ms"] = std::round(a->milliseconds * 10) / 10;
      line["bytes"] = a->bytes;
    }
    std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    dest.append(text.data(), text.data() + text.size());
    dest.push_back('\n');
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(); }
};

// %Q in a text pattern: " [request ID]" while answering a request, else nothing.
class RequestIdFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& /*msg*/, const std::tm& /*tm*/, spdlog::memory_buf_t& dest) override {
    if (t_request.id.empty()) return;
    std::string text = " [request " + t_request.id + "]";
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<RequestIdFlag>(); }
};

// %V in a text pattern: the message, one line whatever it holds. A request's address or
// an error may carry a line break, a terminal escape or a zero byte from outside: each
// control character is written as \xNN, so no one can add a line to the log or
// colour it, and the file stays text.
class OneLineMessage : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm& /*tm*/, spdlog::memory_buf_t& dest) override {
    for (char c : std::string_view(msg.payload.data(), msg.payload.size())) {
      auto u = static_cast<unsigned char>(c);
      if (u >= 0x20 && u != 0x7f) {
        dest.push_back(c);
        continue;
      }
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", u);
      dest.append(hex, hex + 4);
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<OneLineMessage>(); }
};

bool plain_token(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

}  // namespace

RequestContext& current_request() { return t_request; }

RequestScope::RequestScope(std::string id) { t_request = RequestContext{std::move(id), {}}; }
RequestScope::~RequestScope() { t_request = RequestContext{}; }

std::string new_request_id() {
  static const std::string prefix = random_token(3);  // four characters, new each start
  static std::atomic<std::uint64_t> counter{0};
  std::uint64_t n = counter.fetch_add(1, std::memory_order_relaxed) + 1;
  static const char* digits = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string tail;
  do {
    tail.insert(tail.begin(), digits[n % 36]);
    n /= 36;
  } while (n > 0);
  return prefix + "-" + tail;
}

std::string request_id_for(std::string_view from_proxy) {
  return plain_token(from_proxy) ? std::string(from_proxy) : new_request_id();
}

void set_log_format(LogFormat format) {
  if (format == LogFormat::kJson) {
    spdlog::set_formatter(std::make_unique<JsonFormatter>());
    return;
  }
  auto text = std::make_unique<spdlog::pattern_formatter>();
  text->add_flag<RequestIdFlag>('Q').add_flag<OneLineMessage>('V').set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%^%l%$]%Q %V");
  spdlog::set_formatter(std::move(text));
}

void set_ready(bool ready) { g_ready = ready; }
bool ready() { return g_ready; }

void set_access_log(bool on) { g_access_log = on; }

std::string path_for_log(std::string_view path) {
  constexpr std::size_t kShown = 200;
  if (!valid_utf8(path)) return "(not UTF-8)";
  if (path.size() <= kShown) return std::string(path);
  std::size_t cut = kShown;
  while (cut > 0 && (static_cast<unsigned char>(path[cut]) & 0xC0) == 0x80) --cut;  // not mid-character
  return std::string(path.substr(0, cut)) + "… (" + thousands(static_cast<std::int64_t>(path.size())) + " bytes)";
}

void log_access(const AccessLine& line) {
  if (!g_access_log.load(std::memory_order_relaxed)) return;
  t_request.access = &line;
  spdlog::info("{} {} {} {:.1f} ms {} bytes", line.method, path_for_log(line.path), line.status, line.milliseconds,
               line.bytes);
  t_request.access = nullptr;
}

namespace metrics {

namespace {

constexpr std::array<double, 12> kBuckets = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

struct Series {
  std::uint64_t count = 0;
  double sum = 0;
  std::array<std::uint64_t, kBuckets.size()> buckets{};  // not cumulative; summed when shown
};

struct Counter {
  std::string help;
  std::uint64_t value = 0;
};

struct Registry {
  std::mutex mutex;
  std::map<std::tuple<std::string, std::string, int>, Series> requests;  // method, route, status
  std::map<std::string, Counter> counters;
  std::atomic<std::int64_t> in_flight{0};
  std::string token;
  std::chrono::system_clock::time_point started = std::chrono::system_clock::now();
};

Registry& registry() {
  static Registry r;
  return r;
}

std::string_view method_label(std::string_view method) {
  for (std::string_view known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    if (method == known) return known;
  return "other";
}

// A label value as the exposition format escapes it.
std::string label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string number(double v) {
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%.9g", v);
  return buf.data();
}

bool loopback(const std::string& peer) {
  return starts_with(peer, "127.") || peer == "::1" || starts_with(peer, "::ffff:127.");
}

// Resident memory in bytes, from /proc/self/statm (0 where there is none).
double resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  double pages_total = 0, pages_resident = 0;
  if (!(statm >> pages_total >> pages_resident)) return 0;
  return pages_resident * static_cast<double>(sysconf(_SC_PAGESIZE));
}

double open_fds() {
  std::error_code ec;
  double n = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end; it.increment(ec)) ++n;
  return n;
}

}  // namespace

void observe_request(std::string_view method, const std::string& route, int status, double seconds) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  Series& s = r.requests[{std::string(method_label(method)), route, status}];
  ++s.count;
  s.sum += seconds;
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) {
      ++s.buckets[i];
      break;
    }
}

void in_flight(int delta) { registry().in_flight.fetch_add(delta, std::memory_order_relaxed); }

void increment(const char* name, const char* help) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  Counter& c = r.counters[name];
  if (c.help.empty()) c.help = help;
  ++c.value;
}

void set_token(std::string token) { registry().token = std::move(token); }

bool may_read(const Request& req, const std::string& peer) {
  const std::string& token = registry().token;
  if (!token.empty() && constant_time_equal(req.header("authorization"), "Bearer " + token)) return true;
  bool forwarded =
      !req.header("x-forwarded-for").empty() || !req.header("forwarded").empty() || !req.header("x-real-ip").empty();
  return loopback(peer) && !forwarded;
}

std::string render(store::Database& database) {
  Registry& r = registry();
  std::string out;
  auto family = [&](const char* name, const char* type, const char* help) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
  };
  {
    std::lock_guard<std::mutex> lock(r.mutex);
    family("kith_http_requests_total", "counter", "Requests answered, by method, route pattern and status.");
    for (const auto& [key, s] : r.requests) {
      const auto& [method, route, status] = key;
      out += "kith_http_requests_total{method=\"" + method + "\",route=\"" + label(route) + "\",status=\"" +
             std::to_string(status) + "\"} " + std::to_string(s.count) + "\n";
    }
    family("kith_http_request_duration_seconds", "histogram",
           "Time from a whole request to its response, by method, route pattern and status.");
    for (const auto& [key, s] : r.requests) {
      const auto& [method, route, status] = key;
      std::string labels =
          "method=\"" + method + "\",route=\"" + label(route) + "\",status=\"" + std::to_string(status) + "\"";
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += s.buckets[i];
        out += "kith_http_request_duration_seconds_bucket{" + labels + ",le=\"" + number(kBuckets[i]) + "\"} " +
               std::to_string(cumulative) + "\n";
      }
      out += "kith_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " + std::to_string(s.count) + "\n";
      out += "kith_http_request_duration_seconds_sum{" + labels + "} " + number(s.sum) + "\n";
      out += "kith_http_request_duration_seconds_count{" + labels + "} " + std::to_string(s.count) + "\n";
    }
    for (const auto& [name, c] : r.counters) {
      family(name.c_str(), "counter", c.help.c_str());
      out += name + " " + std::to_string(c.value) + "\n";
    }
  }
  family("kith_http_requests_in_flight", "gauge", "Requests being answered now.");
  out += "kith_http_requests_in_flight " + std::to_string(r.in_flight.load()) + "\n";

  store::PoolStats pool = store::pool_stats();
  family("kith_db_connections_acquired_total", "counter", "Database connections handed to requests and tasks.");
  out += "kith_db_connections_acquired_total " + std::to_string(pool.acquired) + "\n";
  family("kith_db_connections_opened_total", "counter",
         "Of them, new connections opened because none was idle (the request waited to connect).");
  out += "kith_db_connections_opened_total " + std::to_string(pool.opened) + "\n";
  family("kith_db_connect_seconds_total", "counter", "Time requests spent waiting for new database connections.");
  out += "kith_db_connect_seconds_total " + number(pool.connect_seconds) + "\n";
  family("kith_db_connections_closed_surplus_total", "counter",
         "Connections closed on release because the pool already held its most.");
  out += "kith_db_connections_closed_surplus_total " + std::to_string(pool.closed_surplus) + "\n";

  std::string outbox;
  bool up = true;
  try {
    auto db = database.acquire();
    for (const auto& row : db->query("SELECT status, COUNT(*) FROM outbox GROUP BY status ORDER BY status"))
      outbox += "kith_outbox_messages{status=\"" + label(row.text(0)) + "\"} " + std::to_string(row.integer(1)) + "\n";
  } catch (const std::exception& e) {
    up = false;
    spdlog::warn("metrics: the database did not answer: {}", e.what());
  }
  family("kith_outbox_messages", "gauge", "Messages in the outbox, by status (queued and failed need attention).");
  out += outbox;
  family("kith_up", "gauge", "1 when the database answered this scrape.");
  out += std::string("kith_up ") + (up ? "1" : "0") + "\n";

  family("kith_process_start_time_seconds", "gauge", "When this process started, in seconds since 1970.");
  out += "kith_process_start_time_seconds " +
         std::to_string(std::chrono::duration_cast<std::chrono::seconds>(r.started.time_since_epoch()).count()) + "\n";
  family("kith_process_resident_memory_bytes", "gauge", "Resident memory.");
  out += "kith_process_resident_memory_bytes " + number(resident_bytes()) + "\n";
  family("kith_process_open_fds", "gauge", "Open file descriptors.");
  out += "kith_process_open_fds " + number(open_fds()) + "\n";
  return out;
}

}  // namespace metrics

}  // namespace kith::web
