#pragma once
// The request pipeline: static assets, session, route, access, CSRF, one
// transaction, handler, render (HTML page or JSON), security headers. `handle` is
// the whole of it; `listen` puts it on a socket (transport.cpp, Boost.Beast).
#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "store/db.h"
#include "web/boundary.h"
#include "web/router.h"
#include "web/template.h"

namespace kith::web {

struct NavItem {
  std::string label;
  std::string href;
  Access access;
  bool admin = false;  // shown in the staff navigation
};

struct ServerOptions {
  Limits limits;                // sizes, depths and counts every request is held to
  bool secure_cookies = false;  // set behind HTTPS
  std::string tile_url;         // for the map; empty: no tiles
  std::string tile_attribution;
  std::string place_name = "Kith";
  bool demo = false;                         // show the demo banner
  std::string public_url;                    // base of absolute links; empty: http://host:port once bound
  std::vector<std::string> trusted_proxies;  // peers whose X-Forwarded-For names the client
  // After SIGTERM or SIGINT, how long requests still running may take before the process
  // exits without them (systemd's TimeoutStopSec is 90 s; this is well inside it).
  std::chrono::milliseconds shutdown_grace{10000};
};

// Adds a GOV.UK error summary for `error` to a page's data, each message linked to
// its field, and marks the window's title "Error: ". For a search page whose own GET
// parameters are wrong, so it can show the form again with the errors.
void add_error_view(Json& view, const Error& error);

using SessionResolver = std::function<std::optional<Principal>(store::Db&, const std::string& token)>;

class Server {
 public:
  Server(store::Database& database, ServerOptions options);
  Router& router() { return router_; }
  void add_nav(NavItem item) { nav_.push_back(std::move(item)); }
  // The menu's labels (in English), for message catalogues.
  std::vector<std::string> nav_labels() const {
    std::vector<std::string> out;
    for (const auto& item : nav_) out.push_back(item.label);
    return out;
  }
  void set_session_resolver(SessionResolver r) { resolve_session_ = std::move(r); }
  // Roles as people know them ("team_lead" -> "Team lead", in English), for the page
  // that says who a page is for.
  void set_role_labels(std::map<std::string, std::string> labels) { role_labels_ = std::move(labels); }
  // Roles as people know them ("Team lead"), in the language being spoken, joined by ", ".
  std::string role_names(const std::vector<std::string>& roles) const;
  // Keeps a signed-in person's choice of language (?lang=) with their account.
  void set_language_keeper(std::function<void(store::Db&, std::int64_t user, const std::string& code)> k) {
    keep_language_ = std::move(k);
  }
  // How many things wait for a signed-in person, shown beside "Your account" in the menu.
  void set_waiting_counter(std::function<std::int64_t(store::Db&, const Principal&)> c) {
    count_waiting_ = std::move(c);
  }
  // Work a module needs done now and then with the database, such as taking up what
  // another server behind the same database changed: the first request after each
  // `interval` does it with its own handle, before its page (a fault is logged, never
  // the request's). Register before serving.
  void every(std::chrono::seconds interval, std::function<void(store::Db&)> work) {
    periodic_.push_back(std::make_unique<Periodic>(interval, std::move(work)));
  }
  const ServerOptions& options() const { return options_; }
  const Json& settings() const { return settings_; }
  store::Database& database() { return database_; }

  Response handle(Request req);

  // Serves on host:port until stop(). `on_ready` is called once the socket listens,
  // with the port actually bound (port 0 picks a free one). With `stop_on_signals`,
  // SIGINT and SIGTERM stop it too, read by the I/O loop (never in a signal handler,
  // where taking the loop's lock could deadlock).
  void listen(const std::string& host, int port, const std::function<void(int)>& on_ready = {},
              bool stop_on_signals = false);
  void stop();

  static std::string asset_url(const std::string& name);
  // The headers every response carries (CSP, frame denial, nosniff, referrer, and
  // no-store unless the response set its own Cache-Control).
  void add_security_headers(Response& res) const;
  // A refusal made before a request is whole (too large, not HTTP), from what is known
  // of it: a GOV.UK error page saying what to do for a browser (Accept has text/html,
  // or a form was posted), application/problem+json for the API and other clients;
  // with the security headers.
  Response refusal(const Request& head, const Error& error) const;

 private:
  Response respond(Request& req);
  Response dispatch(Request& req, store::Db& db, const Principal* user, const std::string& csrf);
  Response render_page(const Route& route, Ctx& ctx, const Json& data, int status, const std::string& csrf,
                       const Input* submitted, const Error* error);
  // A 500 with a reference, logged with what went wrong; never lets the fault out.
  Response internal_error(const Request& req, const Principal* user, const std::string& csrf,
                          const std::exception_ptr& fault);
  Response error_page(const Request& req, const Principal* user, const std::string& csrf, const Error& error) const;
  Json layout(const Request& req, const Principal* user, const std::string& csrf) const;
  std::optional<Response> serve_static(const Request& req) const;
  Response healthz();

  store::Database& database_;
  ServerOptions options_;
  ClientBudget anonymous_budget_;  // writes without signing in, per client (Limits::anonymous_writes)
  Json settings_;
  Router router_;
  std::vector<NavItem> nav_;
  SessionResolver resolve_session_;
  std::map<std::string, std::string> role_labels_;
  std::function<void(store::Db&, std::int64_t, const std::string&)> keep_language_;
  std::function<std::int64_t(store::Db&, const Principal&)> count_waiting_;
  struct Periodic {
    Periodic(std::chrono::seconds i, std::function<void(store::Db&)> w) : interval(i), work(std::move(w)) {}
    std::chrono::seconds interval;
    std::function<void(store::Db&)> work;
    std::atomic<std::int64_t> due{0};  // steady-clock seconds
  };
  std::vector<std::unique_ptr<Periodic>> periodic_;
  void run_periodic(store::Db& db);
  std::atomic<void*> listener_{nullptr};  // the transport while listening (transport.cpp)
};

// The cookie names, shared with the accounts module.
inline constexpr const char* kSessionCookie = "kith_session";
inline constexpr const char* kCsrfCookie = "kith_csrf";
inline constexpr const char* kFlashCookie = "kith_flash";

// The token a page's forms carry: the CSRF cookie's secret bound to the session it was
// given in (`session` is the session cookie while it signs someone in, else ""), as
// hex HMAC-SHA-256. A CSRF cookie planted by someone else, or a token from before
// signing in, does not pass for a signed-in person's session.
std::string form_token(std::string_view csrf_cookie, std::string_view session);

}  // namespace kith::web
