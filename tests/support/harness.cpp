#include "support/harness.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "coordination/seal.h"
#include "core/crypto.h"
#include "core/text.h"
#include "store/db.h"
#include "store/migrate.h"
#include "web/server.h"

namespace kith::testing {

namespace {
std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}
}  // namespace

std::vector<std::string> backends() {
  std::vector<std::string> out{"sqlite"};
  if (!env("KITH_TEST_PG_URL").empty() || env("KITH_TEST_REQUIRE_PG") == "1") out.push_back("postgres");
  return out;
}

std::string backend_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

namespace {
// This process's folder for SQLite databases, removed when the process ends: a run
// of the tests writes hundreds of megabytes, and CI's disk is not large.
const std::filesystem::path& scratch_directory() {
  struct Scratch {
    std::filesystem::path path = std::filesystem::temp_directory_path() / ("kith-test-" + std::to_string(getpid()));
    Scratch() { std::filesystem::create_directories(path); }
    ~Scratch() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  };
  static const Scratch scratch;
  return scratch.path;
}
}  // namespace

std::string fresh_database_url(const std::string& backend) {
  if (backend == "postgres") {
    std::string base = env("KITH_TEST_PG_URL");
    if (base.empty()) throw std::runtime_error("KITH_TEST_REQUIRE_PG=1 but KITH_TEST_PG_URL is not set");
    std::string schema = "t_" + to_lower(sha256_hex(random_token()).substr(0, 16));
    auto db = store::open_postgres(base);
    db->exec_script("CREATE SCHEMA " + schema);
    return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
  }
  return "sqlite:" + (scratch_directory() / (random_token(9) + ".db")).string();
}

std::string source_data() {
  std::string s = env("KITH_SOURCE_DATA");
  return s.empty() ? std::string(KITH_SOURCE_DIR) + "/../shared/data" : s;
}

std::string HttpReply::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

namespace {
// Every link in a page's error summary leads to something on the page (GOV.UK: the
// field, or a group's first input), checked on every page any test is shown.
void check_error_summary(const std::string& body) {
  auto list = body.find("govuk-error-summary__list");
  if (list == std::string::npos) return;
  auto end = body.find("</ul>", list);
  for (auto at = body.find("href=\"#", list); at < end; at = body.find("href=\"#", at + 1)) {
    auto close = body.find('"', at + 7);
    std::string id = body.substr(at + 7, close - at - 7);
    if (body.find("id=\"" + id + "\"") == std::string::npos)
      ADD_FAILURE() << "the error summary links to #" << id << ", which is on no element of the page";
  }
}

HttpReply to_reply(const httplib::Result& r) {
  HttpReply out;
  if (!r) throw std::runtime_error("HTTP request failed: " + httplib::to_string(r.error()));
  out.status = r->status;
  out.body = r->body;
  for (const auto& [k, v] : r->headers) out.headers.emplace(k, v);
  check_error_summary(out.body);
  return out;
}
}  // namespace

void Browser::remember(const httplib::Headers& headers) {
  for (auto it = headers.lower_bound("Set-Cookie"); it != headers.upper_bound("Set-Cookie"); ++it) {
    const std::string& c = it->second;
    auto eq = c.find('=');
    auto semi = c.find(';');
    std::string name = c.substr(0, eq);
    std::string value = c.substr(eq + 1, semi - eq - 1);
    if (c.find("Max-Age=0") != std::string::npos)
      cookies_.erase(name);
    else
      cookies_[name] = value;
  }
}

httplib::Headers Browser::cookie_header() const {
  std::string h;
  for (const auto& [k, v] : cookies_) h += (h.empty() ? "" : "; ") + k + "=" + v;
  if (h.empty()) return {};
  return {{"Cookie", h}};
}

std::string Browser::cookie(const std::string& name) const {
  auto it = cookies_.find(name);
  return it == cookies_.end() ? "" : it->second;
}

namespace {
// Debug builds compute slowly: give heavy requests (an index over England) time.
void patient(httplib::Client& c) { c.set_read_timeout(60, 0); }
}  // namespace

HttpReply Browser::get(const std::string& path, const httplib::Headers& extra) {
  httplib::Client c("127.0.0.1", port_);
  patient(c);
  auto headers = cookie_header();
  headers.insert(extra.begin(), extra.end());
  auto r = c.Get(path, headers);
  auto out = to_reply(r);
  remember(r->headers);
  return out;
}

HttpReply Browser::send(const std::string& method, const std::string& path, const std::string& body,
                        const std::string& type) {
  return send_with(method, path, body, type, {});
}

HttpReply Browser::send_with(const std::string& method, const std::string& path, const std::string& body,
                             const std::string& type, const httplib::Headers& extra) {
  httplib::Client c("127.0.0.1", port_);
  patient(c);
  auto headers = cookie_header();
  headers.insert(extra.begin(), extra.end());
  httplib::Result r = method == "PUT"      ? c.Put(path, headers, body, type)
                      : method == "DELETE" ? c.Delete(path, headers, body, type)
                                           : c.Post(path, headers, body, type);
  auto out = to_reply(r);
  remember(r->headers);
  return out;
}

std::string Browser::csrf_token() const {
  return web::form_token(cookie(web::kCsrfCookie), cookie(web::kSessionCookie));
}

HttpReply Browser::post_form(const std::string& path, std::vector<std::pair<std::string, std::string>> form) {
  if (cookie("kith_csrf").empty()) get("/");
  bool has_token = false;
  for (const auto& [k, v] : form) has_token = has_token || k == "csrf_token";
  if (!has_token) form.emplace_back("csrf_token", csrf_token());
  std::string body;
  for (const auto& [k, v] : form) body += (body.empty() ? "" : "&") + url_encode(k) + "=" + url_encode(v);
  return send("POST", path, body, "application/x-www-form-urlencoded");
}

HttpReply Browser::post_multipart(const std::string& path, std::vector<std::pair<std::string, std::string>> fields,
                                  const std::string& file_field, const std::string& file_name,
                                  const std::string& file) {
  if (cookie("kith_csrf").empty()) get("/");
  httplib::MultipartFormDataItems items;
  items.push_back({"csrf_token", csrf_token(), "", ""});
  for (const auto& [k, v] : fields) items.push_back({k, v, "", ""});
  items.push_back({file_field, file, file_name, "application/octet-stream"});
  httplib::Client c("127.0.0.1", port_);
  patient(c);
  auto r = c.Post(path, cookie_header(), items);
  auto out = to_reply(r);
  remember(r->headers);
  return out;
}

HttpReply Browser::post_json(const std::string& path, const nlohmann::json& body) {
  return send("POST", path, body.dump(), "application/json");
}

void Browser::sign_in(const std::string& email, const std::string& password) {
  auto r = post_form("/sign-in", {{"email", email}, {"password", password}, {"next", "/account"}});
  if (r.status != 303) throw std::runtime_error("sign in as " + email + " failed: " + std::to_string(r.status));
}

namespace {
// The demo place is loaded once per build of the tests and backend, then copied for
// each test server: a load takes about a minute under AddressSanitizer, a copy under
// a second (SQLite: the file; PostgreSQL: CREATE DATABASE ... TEMPLATE). The copies
// are kept beside this program (BUILD/demo-snapshots, so that two builds tested at
// once keep apart) under a name made from its size and time, so a rebuilt program
// (whose demo may differ) loads its own. A lock file lets the tests that run side by
// side (ctest -j2) make it once.
struct DemoSnapshot {
  std::string copy_from;  // SQLite: the file; PostgreSQL: the template database's name
  std::string key_file;   // the coordination key the demo's people were sealed with
};

std::string build_stamp(const std::filesystem::path& self, const std::string& backend) {
  auto stamp = std::to_string(std::filesystem::file_size(self)) + ":" +
               std::to_string(std::filesystem::last_write_time(self).time_since_epoch().count()) + ":" + self.string() +
               ":" + source_data() + ":" + backend + ":" + env("KITH_TEST_PG_URL");
  return to_lower(sha256_hex(stamp).substr(0, 16));
}

// base with its database name replaced by `name`.
std::string with_database(const std::string& base, const std::string& name) {
  auto query = base.find('?');
  std::string path = base.substr(0, query), rest = query == std::string::npos ? "" : base.substr(query);
  return path.substr(0, path.rfind('/') + 1) + name + rest;
}

DemoSnapshot demo_snapshot(const std::string& backend) {
  namespace fs = std::filesystem;
  fs::path self = fs::canonical("/proc/self/exe"), dir = self.parent_path() / "demo-snapshots";
  fs::create_directories(dir);
  std::string id = build_stamp(self, backend), stamp = backend + "-" + id;
  bool postgres = backend == "postgres";
  DemoSnapshot snapshot{postgres ? "kith_demo_" + id : (dir / (stamp + ".db")).string(),
                        (dir / (stamp + ".key")).string()};
  int lock = ::open((dir / (backend + ".lock")).c_str(), O_CREAT | O_RDWR, 0600);
  if (lock < 0 || ::flock(lock, LOCK_EX) != 0) throw std::runtime_error("cannot lock " + dir.string());
  struct Unlock {
    int fd;
    ~Unlock() { ::close(fd); }
  } unlock{lock};
  fs::path done = dir / (stamp + ".done");
  if (fs::exists(done)) return snapshot;
  // This backend's older snapshots are of programs since rebuilt.
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() != ".lock" && entry.path().filename().string().starts_with(backend + "-"))
      fs::remove(entry.path());
  if (postgres) {
    auto admin = store::open_postgres(env("KITH_TEST_PG_URL"));
    admin->exec_script("DROP DATABASE IF EXISTS " + snapshot.copy_from);
    admin->exec_script("CREATE DATABASE " + snapshot.copy_from);
  }
  if (auto made = coordination::Key::write_new(snapshot.key_file); !made)
    throw std::runtime_error(made.error().message);
  app::Config config;
  config.database_url =
      postgres ? with_database(env("KITH_TEST_PG_URL"), snapshot.copy_from) : "sqlite:" + snapshot.copy_from;
  config.source_data = source_data();
  config.coordination_key_file = snapshot.key_file;
  {
    app::App app(config);
    if (!app.load_demo({})) throw std::runtime_error("the demo was already loaded in " + config.database_url);
  }
  // Its last connection closed, SQLite has written the log into the file: the file is all of it.
  if (fs::exists(dir / (stamp + ".db-wal"))) throw std::runtime_error("the demo's SQLite log was left unwritten");
  std::ofstream(done) << config.database_url << "\n";
  return snapshot;
}

// A copy of the demo place, in a database of its own.
std::string demo_copy(const std::string& backend, const DemoSnapshot& snapshot) {
  if (backend == "postgres") {
    std::string name = "t_" + to_lower(sha256_hex(random_token()).substr(0, 16));
    store::open_postgres(env("KITH_TEST_PG_URL"))
        ->exec_script("CREATE DATABASE " + name + " TEMPLATE " + snapshot.copy_from + " STRATEGY FILE_COPY");
    return with_database(env("KITH_TEST_PG_URL"), name);
  }
  auto to = scratch_directory() / (random_token(9) + ".db");
  std::filesystem::copy_file(snapshot.copy_from, to);
  return "sqlite:" + to.string();
}
}  // namespace

TestServer::TestServer(const std::string& backend, int anonymous_writes) {
  auto snapshot = demo_snapshot(backend);
  app::Config config;
  config.anonymous_writes = anonymous_writes;
  config.database_url = demo_copy(backend, snapshot);
  config.source_data = source_data();
  // Coordination is on in tests, with a copy of the key the demo's people were sealed
  // with for each server (a test may rotate its server's key).
  config.coordination_key_file = std::string(::testing::TempDir()) + "kith-coordination-" +
                                 std::to_string(reinterpret_cast<std::uintptr_t>(this)) + "-" + backend + ".key";
  std::filesystem::copy_file(snapshot.key_file, config.coordination_key_file,
                             std::filesystem::copy_options::overwrite_existing);
  app_ = std::make_unique<app::App>(config);
  std::mutex m;
  std::condition_variable cv;
  std::atomic<int> port{0};
  thread_ = std::thread([&, server = &app_->server()] {
    server->listen("127.0.0.1", 0, [&](int p) {
      std::lock_guard<std::mutex> lock(m);
      port = p;
      cv.notify_one();
    });
  });
  std::unique_lock<std::mutex> lock(m);
  cv.wait(lock, [&] { return port != 0; });
  port_ = port;
}

TestServer::~TestServer() {
  app_->server().stop();
  thread_.join();
}

void FreshDatabaseTest::SetUp() {
  database = store::Database::open(fresh_database_url(GetParam()));
  handle = std::make_unique<store::Database::Handle>(database->acquire());
  store::migrate(db());
}

TestServer& shared_server(const std::string& backend) {
  static std::map<std::string, std::unique_ptr<TestServer>> servers;
  auto& s = servers[backend];
  if (!s) s = std::make_unique<TestServer>(backend);
  return *s;
}

}  // namespace kith::testing
