// Server::listen and stop: HTTP/1.1 on Boost.Beast. Connections are read and written
// by coroutines on a few I/O threads, each under a deadline, so a slow or silent
// client holds a socket and a timer, never a worker; requests, once whole, run on a
// pool of workers (they block on the database). Everything read here is held to the
// same limits before Server::handle sees it.
#include <utility>  // before Asio: Boost 1.74 with GCC 12 and C++20 coroutines needs it
// Boost 1.74 finds C++20 coroutines only with GCC or libc++; clang with libstdc++
// (clang-tidy, the fuzzing build) has them too.
#if defined(__clang__) && defined(__cpp_impl_coroutine) && !defined(BOOST_ASIO_HAS_CO_AWAIT)
#include <coroutine>
#define BOOST_ASIO_HAS_CO_AWAIT 1
#define BOOST_ASIO_HAS_STD_COROUTINE 1
#endif

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "core/text.h"
#include "web/observe.h"
#include "web/printable.h"
#include "web/problems.h"
#include "web/server.h"

namespace kith::web {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

constexpr std::size_t kWorkers = 64;  // requests running at once (each may wait on the database)
constexpr std::size_t kHeaderBytes = 64 << 10;

struct Transport {
  asio::io_context ioc;
  asio::thread_pool workers{kWorkers};
  tcp::acceptor acceptor{ioc};
};

using Body = http::string_body;

// A response the transport makes itself, before a request is whole: an error page
// for a browser, a problem for the API (Server::refusal), with the headers every
// response carries.
http::response<Body> refusal(const Server& server, unsigned version, const Request& head, const Error& error) {
  Response res = server.refusal(head, error);
  http::response<Body> out{static_cast<http::status>(res.status), version};
  out.set(http::field::content_type, res.content_type);
  for (const auto& [name, value] : res.headers) out.insert(name, value);
  out.body() = std::move(res.body);
  out.keep_alive(false);
  out.prepare_payload();
  spdlog::warn("connection refused with {}: {}", res.status, error.code);
  return out;
}

// What a refusal needs of a request whose body was not read: its method, path and
// headers (Accept and Content-Type say whether a browser sent it).
// The Cookie header's cookies; one that is not text is left out, as if the browser had
// not sent it (see check_request).
void read_cookies(Request& req) {
  for (const auto& part : split(req.header("cookie"), ';')) {
    auto eq = part.find('=');
    if (eq == std::string::npos) continue;
    std::string name = trim(part.substr(0, eq));
    std::string value = trim(part.substr(eq + 1));
    if (printable(name) && printable(value)) req.cookies[name] = value;
  }
}

Request head_of(const http::request<Body>& in) {
  Request req;
  req.method = std::string(in.method_string());
  parse_target(std::string_view(in.target().data(), in.target().size()), req.path, req.query);
  // What a refusal needs: the kind of answer wanted, and its language.
  for (auto [field, name] :
       {std::pair{http::field::accept, "accept"}, std::pair{http::field::content_type, "content-type"},
        std::pair{http::field::accept_language, "accept-language"}, std::pair{http::field::cookie, "cookie"}}) {
    auto value = in[field];
    if (!value.empty()) req.headers[name] = std::string(value.data(), value.size());
  }
  read_cookies(req);
  return req;
}

Request to_request(http::request<Body>& in, const std::string& peer, const ServerOptions& options) {
  Request req;
  req.method = std::string(in.method_string());
  parse_target(std::string_view(in.target().data(), in.target().size()), req.path, req.query);
  for (const auto& field : in) {
    std::string name = to_lower(std::string_view(field.name_string().data(), field.name_string().size()));
    std::string value(field.value().data(), field.value().size());
    auto [it, fresh] = req.headers.emplace(name, value);
    if (!fresh) it->second += (name == "cookie" ? "; " : ", ") + value;
  }
  req.ip = client_address(peer, req.header("x-forwarded-for"), options.trusted_proxies);
  read_cookies(req);
  req.body = std::move(in.body());
  return req;
}

// Server::handle under the request's id, with the metrics, the access log and
// GET /metrics (for loopback without a proxy, or with the token).
Response answer(Server& server, Request req, const std::string& peer, std::chrono::steady_clock::time_point started) {
  const auto& proxies = server.options().trusted_proxies;
  bool from_proxy = std::find(proxies.begin(), proxies.end(), client_address(peer, "", proxies)) != proxies.end();
  RequestScope scope(from_proxy ? request_id_for(req.header("x-request-id")) : new_request_id());
  metrics::in_flight(1);
  std::string method = req.method, path = req.path;
  Response res;
  if (path == "/metrics" && (method == "GET" || method == "HEAD") && metrics::may_read(req, peer)) {
    current_request().route = "/metrics";
    res.content_type = "text/plain; version=0.0.4; charset=utf-8";
    res.body = metrics::render(server.database());
    server.add_security_headers(res);
  } else {
    res = server.handle(std::move(req));
  }
  res.headers.emplace_back("X-Request-Id", current_request().id);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const std::string& route = current_request().route.empty() ? std::string("unmatched") : current_request().route;
  metrics::observe_request(method, route, res.status, seconds);
  metrics::in_flight(-1);
  log_access({method, route, path, res.status, seconds * 1000, res.body.size()});
  return res;
}

asio::awaitable<void> serve_connection(Server& server, tcp::socket socket, asio::thread_pool& workers) {
  const ServerOptions& options = server.options();
  const Limits& limits = options.limits;
  beast::tcp_stream stream(std::move(socket));
  error_code ec;
  std::string peer = stream.socket().remote_endpoint(ec).address().to_string();
  beast::flat_buffer buffer;
  auto write = [&](auto& message) -> asio::awaitable<void> {
    stream.expires_after(std::chrono::seconds(limits.write_seconds));
    co_await http::async_write(stream, message, asio::redirect_error(asio::use_awaitable, ec));
  };
  // Answers before the request is whole, then reads (and drops) what the client is
  // still sending for a moment, so it sees the answer rather than a reset.
  // (Plain pointers, not an Error: GCC 12 destroys class temporaries in a co_await
  // expression twice.)
  auto refuse = [&](unsigned version, const Request& head, const char* code,
                    const char* message) -> asio::awaitable<void> {
    auto out = refusal(server, version, head, Error{code, message, {}});
    co_await write(out);
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.expires_after(std::chrono::seconds(2));
    std::size_t drained = 0;
    std::array<char, 16384> scratch{};
    while (!ec && drained < limits.body_bytes * 2)
      drained += co_await stream.async_read_some(asio::buffer(scratch), asio::redirect_error(asio::use_awaitable, ec));
  };
  for (;;) {
    http::request_parser<Body> parser;
    parser.header_limit(kHeaderBytes);
    parser.body_limit(limits.body_bytes);
    // The whole header, from the first byte (or from the end of the last response on
    // a kept-alive connection), must arrive within the deadline.
    stream.expires_after(std::chrono::seconds(limits.header_seconds));
    co_await http::async_read_header(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    unsigned version = parser.get().version();
    Request seen = head_of(parser.get());
    if (ec == http::error::header_limit) {
      co_await refuse(version, seen, "header-too-large", "The request's headers are too large.");
      break;
    }
    if (ec == http::error::body_limit) {  // a Content-Length over the limit
      co_await refuse(version, seen, "payload-too-large", "The request body is too large.");
      break;
    }
    if (ec) {
      if (ec != http::error::end_of_stream && ec != beast::error::timeout && ec != asio::error::eof &&
          ec != asio::error::connection_reset && ec != asio::error::operation_aborted)
        co_await refuse(version, seen, "bad-request", "The request is not well-formed HTTP.");
      break;
    }
    if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
      http::response<http::empty_body> go_on{http::status::continue_, version};
      co_await write(go_on);
      if (ec) break;
    }
    stream.expires_after(std::chrono::seconds(limits.body_seconds));
    co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == http::error::body_limit) {
      co_await refuse(version, seen, "payload-too-large", "The request body is too large.");
      break;
    }
    if (ec) {
      // A body that is not well-formed HTTP (a chunk size that is not hex, or too big)
      // is said, as a bad header is; a client that timed out or left has nobody to answer.
      if (ec != beast::error::timeout && ec != asio::error::eof && ec != http::error::end_of_stream &&
          ec != http::error::partial_message && ec != asio::error::connection_reset &&
          ec != asio::error::operation_aborted)
        co_await refuse(version, seen, "bad-request", "The request's body is not well-formed HTTP.");
      break;
    }

    http::request<Body> in = parser.release();
    bool keep_alive = in.keep_alive();
    bool head = in.method() == http::verb::head;
    Request req = to_request(in, peer, options);
    std::string type = req.header("content-type");
    if (starts_with(to_lower(type), "multipart/form-data")) {
      auto parts = parse_multipart(req.body, type);
      if (!parts) {
        co_await refuse(version, seen, "bad-request", "The form's multipart body is not well formed.");
        break;
      }
      req.multipart = true;
      req.parts = std::move(*parts);
    }
    auto started = std::chrono::steady_clock::now();
    Response res = co_await asio::co_spawn(
        workers, [&]() -> asio::awaitable<Response> { co_return answer(server, std::move(req), peer, started); },
        asio::use_awaitable);

    http::response<Body> out{static_cast<http::status>(res.status), version};
    out.set(http::field::content_type, res.content_type);
    for (const auto& [name, value] : res.headers) out.insert(name, value);
    out.keep_alive(keep_alive);
    if (head) {
      out.content_length(res.body.size());
    } else {
      out.body() = std::move(res.body);
      out.prepare_payload();
    }
    co_await write(out);
    if (ec || !keep_alive) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<void> accept_loop(Server& server, Transport& t) {
  for (;;) {
    error_code ec;
    tcp::socket socket =
        co_await t.acceptor.async_accept(asio::make_strand(t.ioc), asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !t.acceptor.is_open()) co_return;
    if (ec) {  // out of file descriptors, say: wait a moment rather than spin
      spdlog::warn("accept failed: {}", ec.message());
      asio::steady_timer pause(t.ioc, std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    auto executor = socket.get_executor();
    asio::co_spawn(executor, serve_connection(server, std::move(socket), t.workers),
                   [](const std::exception_ptr& fault) {
                     if (!fault) return;
                     try {
                       std::rethrow_exception(fault);
                     } catch (const std::exception& e) {
                       spdlog::error("connection failed: {}", e.what());
                     }
                   });
  }
}

// After a signal to stop: the requests still being answered get `grace` to finish. A
// request stuck for longer (a count that never ends, a database that stopped answering)
// does not keep the process alive past it; their transactions are not committed.
void finish_requests(asio::thread_pool& workers, std::chrono::milliseconds grace) {
  std::mutex m;
  std::condition_variable finished;
  bool done = false;
  std::thread watchdog([&] {
    std::unique_lock lock(m);
    if (finished.wait_for(lock, grace, [&] { return done; })) return;
    spdlog::error("requests still running {} s after the signal to stop: stopping without them",
                  std::chrono::duration<double>(grace).count());
    spdlog::default_logger()->flush();
    std::_Exit(1);
  });
  workers.join();
  {
    std::lock_guard lock(m);
    done = true;
  }
  finished.notify_one();
  watchdog.join();
}

}  // namespace

void Server::listen(const std::string& host, int port, const std::function<void(int)>& on_ready, bool stop_on_signals) {
  auto t = std::make_unique<Transport>();
  error_code ec;
  tcp::resolver resolver(t->ioc);
  auto found = resolver.resolve(host, std::to_string(port), tcp::resolver::passive, ec);
  if (ec || found.empty()) throw std::runtime_error("cannot listen on " + host + ": " + ec.message());
  tcp::endpoint endpoint = found.begin()->endpoint();
  t->acceptor.open(endpoint.protocol());
  t->acceptor.set_option(asio::socket_base::reuse_address(true));
  t->acceptor.bind(endpoint, ec);
  if (ec) throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + " (is it in use?)");
  t->acceptor.listen(asio::socket_base::max_listen_connections);
  int bound = t->acceptor.local_endpoint().port();
  if (settings_.value("public_url", std::string()).empty())
    settings_["public_url"] =
        "http://" + (host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host) + ":" + std::to_string(bound);
  asio::co_spawn(t->ioc, accept_loop(*this, *t), asio::detached);
  asio::signal_set signals(t->ioc);
  if (stop_on_signals) {
    signals.add(SIGINT);
    signals.add(SIGTERM);
    signals.async_wait([&t](const error_code& failed, int /*signal*/) {
      if (!failed) t->ioc.stop();
    });
  }
  listener_ = t.get();
  if (on_ready) on_ready(bound);
  std::vector<std::thread> io;
  unsigned extra = std::max(1u, std::thread::hardware_concurrency()) - 1;
  for (unsigned i = 0; i < extra; ++i) io.emplace_back([&] { t->ioc.run(); });
  t->ioc.run();
  for (auto& thread : io) thread.join();
  listener_ = nullptr;
  if (stop_on_signals)
    finish_requests(t->workers, options_.shutdown_grace);
  else
    t->workers.join();
}

void Server::stop() {
  if (auto* t = static_cast<Transport*>(listener_.load())) t->ioc.stop();
}

}  // namespace kith::web
