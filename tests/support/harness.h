#pragma once
// Test support: fresh databases on both backends, the real server on loopback,
// and a small cookie-keeping HTTP client.
#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "app/app.h"

namespace kith::testing {

// The backends to test: "sqlite" always; "postgres" when KITH_TEST_PG_URL is set.
// With KITH_TEST_REQUIRE_PG=1 a missing PostgreSQL fails the run instead of skipping.
std::vector<std::string> backends();
std::string backend_name(const ::testing::TestParamInfo<std::string>& info);

// A database URL for a new, empty database on `backend` (a temp file for SQLite,
// a new schema for PostgreSQL).
std::string fresh_database_url(const std::string& backend);

// The public data folder (KITH_SOURCE_DATA, else ../shared/data beside the source).
std::string source_data();
// Whether `haystack` holds `needle` anywhere (a page's body, a JSON dump).
inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

struct HttpReply {
  int status = 0;
  std::string body;
  std::multimap<std::string, std::string> headers;
  std::string header(const std::string& name) const;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
};

// Speaks HTTP to the test server like a browser: keeps cookies, sends the CSRF token.
class Browser {
 public:
  explicit Browser(int port) : port_(port) {}
  HttpReply get(const std::string& path, const httplib::Headers& extra = {});
  // A form post; adds csrf_token from the cookie unless `form` has one.
  HttpReply post_form(const std::string& path, std::vector<std::pair<std::string, std::string>> form);
  HttpReply post_json(const std::string& path, const nlohmann::json& body);
  // A multipart form, as a browser sends one with a file input; adds csrf_token.
  HttpReply post_multipart(const std::string& path, std::vector<std::pair<std::string, std::string>> fields,
                           const std::string& file_field, const std::string& file_name, const std::string& file);
  HttpReply send(const std::string& method, const std::string& path, const std::string& body, const std::string& type);
  // send, with extra request headers (Origin, Sec-Fetch-Site, a forged Host).
  HttpReply send_with(const std::string& method, const std::string& path, const std::string& body,
                      const std::string& type, const httplib::Headers& extra);
  std::string cookie(const std::string& name) const;
  // The token this browser's forms carry (web::form_token of its cookies), as a page's
  // forms would have it while the session is good.
  std::string csrf_token() const;
  void sign_in(const std::string& email, const std::string& password);

 private:
  void remember(const httplib::Headers& headers);
  httplib::Headers cookie_header() const;
  int port_;
  std::map<std::string, std::string> cookies_;
};

// The real server in a thread on a free loopback port, over a fresh database with
// the demo loaded (every English area, the four places, one account per role). Every
// test's browser is one client (127.0.0.1): the shared server lets it send any number
// of forms without signing in; a test of that limit makes a server with its own.
class TestServer {
 public:
  explicit TestServer(const std::string& backend, int anonymous_writes = 1000000);
  ~TestServer();
  int port() const { return port_; }
  app::App& app() { return *app_; }
  Browser browser() const { return Browser(port_); }

 private:
  std::unique_ptr<app::App> app_;
  std::thread thread_;
  int port_ = 0;
};

// A test on a new, migrated database of the backend it is given.
class FreshDatabaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  store::Db& db() { return **handle; }
  std::unique_ptr<store::Database> database;
  std::unique_ptr<store::Database::Handle> handle;
};

// The server for `backend` shared by every test in the process (built on first use):
// loading the demo takes seconds, so tests share it and each uses its own accounts.
TestServer& shared_server(const std::string& backend);

// A suite run once per backend against the shared server, with browsers signed in
// as the demo accounts ("member" signs in as member@demo.kith.test).
class BackendSuite : public ::testing::TestWithParam<std::string> {
 protected:
  Browser browser() { return shared_server(GetParam()).browser(); }
  Browser signed_in(const std::string& role) {
    Browser b = browser();
    b.sign_in(role + "@demo.kith.test", "kith-demo-" + role);
    return b;
  }
  std::string tag() const { return " (" + GetParam() + ")"; }
};

}  // namespace kith::testing
