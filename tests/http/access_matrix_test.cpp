// The access matrix: every route in the real App's route table, asked by every kind
// of visitor — signed out, each demo role, and a second member — as a page and
// through the API, answers as its declared Access says. Signed out on a route that
// needs a sign-in: a page sends you to /sign-in?next=…, the API answers 401. The
// wrong role: 403. Anyone the route admits: never 401 or 403 (save the few routes
// whose handler narrows access to a record's people, listed below), a made-up id a
// plain 404, and never, for anyone, a 5xx. Writes carry a valid CSRF token (pages)
// or application/json (API) and an empty body. The table is read from the App, so a
// new route is in the matrix without anyone writing a test for it.
//
// The matrix writes, so it has its own server and database (not the shared demo the
// other suites use), and asks every read before any write.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "accounts/erasure.h"
#include "accounts/module.h"
#include "accounts/service.h"
#include "areas/area_store.h"
#include "audit/audit.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/text.h"
#include "directory/moderation.h"
#include "indices/definition_store.h"
#include "indices/resilience.h"
#include "messages/outbox.h"
#include "messages/outbox_store.h"
#include "support/harness.h"

namespace kith {
namespace {

using Json = nlohmann::json;
using testing::Browser;
using testing::HttpReply;
using web::Route;

// The second member, made for the matrix: the demo has one account per role.
constexpr const char* kSecondEmail = "second-member@matrix.kith.test";
constexpr const char* kSecondPassword = "second member's own long passphrase 7";
// Someone for the admin's user page to act on, so the matrix never changes a visitor.
constexpr const char* kBystanderEmail = "bystander@matrix.kith.test";
// An id no table holds: numeric, so it parses wherever ids are numbers.
constexpr const char* kMadeUp = "987654321";

// Routes whose handler admits fewer people than the route's Access, by the record:
// there a visitor the route admits may still be answered 403.
const std::set<std::string>& narrowed_by_handler() {
  static const std::set<std::string> routes = {
      // The community of practice: applicants, sponsors and officers only.
      "GET /grants/projects",
      "GET /grants/projects/{id}",
      "POST /grants/projects/{id}",
      // A person's coordination record: their coordinator and the team's leads only
      // (AccessMatrixTest.ACoordinationRecordIsOpenOnlyByAssignment checks who).
      "GET /coordination/people/{id}",
      "POST /coordination/people/{id}",
      "GET /coordination/people/{id}/outcomes",
      "POST /coordination/people/{id}/outcomes",
      // A coordinator's neighbourhoods: seen and set by them and their team's leads.
      "GET /coordination/coordinators/{id}",
      "POST /coordination/coordinators/{id}",
      // The engagement log: staff, and hub volunteers for their own records
      // (AccessMatrixTest.TheEngagementLogDeclaresWhoKeepsIt checks who); a record is
      // edited by the person who recorded it, or an officer.
      "GET /engagement",
      "GET /engagement/new",
      "POST /engagement/new",
      "GET /engagement/{id}",
      "GET /engagement/{id}/edit",
      "POST /engagement/{id}/edit",
      // A hub's page for organisers: its named organisers and admins only; a referral
      // into a hub: its organisers and the referrer only (HubsTest checks who).
      "GET /hubs/{id}/manage",
      "GET /hubs/{id}/edit",
      "POST /hubs/{id}/edit",
      "POST /hubs/{id}/manage",
      "GET /hubs/referrals/{id}",
      "POST /hubs/referrals/{id}",
  };
  return routes;
}

struct Visitor {
  std::string name;  // "anonymous", a role, or "second member"
  std::string email;
  std::string password;
  std::vector<std::string> roles;
  Browser browser;
  bool signed_in() const { return !email.empty(); }
  bool may(const web::Access& a) const {
    if (a.is_public()) return true;
    if (!signed_in()) return false;
    if (a.roles.empty()) return true;
    for (const auto& r : roles)
      for (const auto& w : a.roles)
        if (r == w) return true;
    return false;
  }
  // Signs in again if a write (signing out) ended the session.
  void keep_signed_in() {
    if (signed_in() && browser.cookie("kith_session").empty()) browser.sign_in(email, password);
  }
};

std::string cell(const store::Row& row) {
  const auto& v = row.value(0);
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return "";
}

// The matrix's own server, with a second member and a bystander added to the demo.
struct Matrix {
  explicit Matrix(const std::string& backend) : server(backend) {
    auto db = server.app().database().acquire();
    auto actor = audit::Actor::system("access matrix test");
    auto second = accounts::add_user(*db, actor, kSecondEmail, "Sam Second (matrix)", kSecondPassword, {"member"});
    if (!second) throw std::runtime_error("second member: " + second.error().message);
    auto bystander =
        accounts::add_user(*db, actor, kBystanderEmail, "Bea Bystander (matrix)", kSecondPassword, {"member"});
    if (!bystander) throw std::runtime_error("bystander: " + bystander.error().message);
    // What the demo lacks, so those routes are asked about something real: a saved
    // neighbourhood and a suggested listing waiting for a moderator.
    auto saved = areas::AreaStore(*db).save_neighbourhood("E07000118", "Matrix Fields", {"E01024915"});
    if (!saved) throw std::runtime_error("neighbourhood: " + saved.error().message);
    directory::Listing listing;
    listing.name = "Matrix lunch club";
    listing.description = "Soup and company on Thursdays.";
    listing.address_1 = "Chorley Library, Union Street";
    listing.town = "Chorley";
    listing.postcode = "PR7 1DP";
    auto suggested = directory::submit_listing(*db, actor, listing, "Matt Rix", "matt@example.org");
    if (!suggested) throw std::runtime_error("listing: " + suggested.error().message);
    find_samples(*db);
    // A saved resilience index definition (the demo saves none).
    {
      store::Transaction tx(*db, true);
      std::int64_t id = indices::DefinitionStore(*db).add(
          "Matrix index", indices::definition_json(indices::default_definition()).dump(), bystander->id);
      tx.commit();
      samples["/indices/definitions/{id}/download"] = std::to_string(id);
      samples["/indices/definitions/{id}/delete"] = std::to_string(id);
    }
    // The demo has no offers or requests: the first member posts one.
    Browser member = server.browser();
    member.sign_in("member@demo.kith.test", "kith-demo-member");
    auto post = member.post_json("/api/v1/timebank/posts/new", {{"account", first_member_account},
                                                                {"side", "offer"},
                                                                {"category", "repairs"},
                                                                {"title", "Bike repairs (matrix)"},
                                                                {"description", "Bring your bike"},
                                                                {"postcode", "RM17 5AB"},
                                                                {"share", "yes"},
                                                                {"weeks", "4"},
                                                                {"times", Json::array()}});
    if (post.status != 201) throw std::runtime_error("timebank post: " + post.body);
    samples["/timebank/posts/{id}"] = std::to_string(post.json()["id"].get<std::int64_t>());
    // An invitation to join the member's grant application, for the organisation.
    auto invited = member.post_json("/api/v1/grants/applications/" + first_member_application,
                                    {{"do", "co_applicant"}, {"email", "organisation@demo.kith.test"}});
    if (invited.status != 200) throw std::runtime_error("co-applicant invitation: " + invited.body);
    auto row = db->query_one("SELECT MIN(id) FROM grant_co_invitations");
    if (!row) throw std::runtime_error("no co-applicant invitation");
    samples["/grants/invitations/{id}"] = cell(*row);
    // A correction the bystander asked for, and a request to erase a coordination record
    // waiting for a team lead: the matrix's empty posts answer neither.
    {
      store::Transaction tx(*db, true);
      auto asked = accounts::ask_correction(*db, actor, bystander->id, "My name is spelt wrong (matrix)");
      if (!asked) throw std::runtime_error("correction: " + asked.error().message);
      samples["/admin/corrections/{id}"] = std::to_string(*asked);
      auto waiting = db->query_one(
          "INSERT INTO erasure_requests (user_id, scope, channel, status, created_at) VALUES (?, 'coordination', "
          "'phone', 'waiting', ?) RETURNING id",
          {bystander->id, now_iso()});
      samples["/coordination/erasure/{id}"] = cell(*waiting);
      tx.commit();
    }
    // A refused message and its address, for the admins' messages page.
    {
      store::Transaction tx(*db, true);
      std::string address = "matrix.refused@example.org";
      auto id = messages::enqueue(*db, {"invitation", std::nullopt, address, messages::Channel::kEmail, {}, "matrix"});
      messages::mark_bounced(*db, *id, address, "refused (matrix)", now_iso());
      tx.commit();
      samples["/admin/messages/{id}/retry"] = std::to_string(*id);
      samples["/admin/messages/{id}"] = std::to_string(*id);
      samples["/admin/messages/addresses/{ref}/clear"] = sha256_hex(address).substr(0, 24);
    }
  }

  // The value to put in each {param} of a route: real demo data where there is some
  // (the first member's own records for routes about someone's things).
  void find_samples(store::Db& db) {
    auto first = [&](const std::string& sql, const store::Params& params = {}) -> std::string {
      auto row = db.query_one(sql, params);
      return row ? cell(*row) : "";
    };
    std::string member = first("SELECT id FROM users WHERE email = 'member@demo.kith.test'");
    std::int64_t member_id = std::stoll(member);
    std::string account = first("SELECT MIN(id) FROM timebank_accounts WHERE user_id = ?", {member_id});
    // The exchange waiting for the member to accept: one they could still change.
    std::string exchange = first(
        "SELECT MIN(id) FROM timebank_exchanges WHERE (giver_account = ? OR receiver_account = ?) "
        "AND state = 'proposed'",
        {std::stoll(account), std::stoll(account)});
    std::string application = first("SELECT MIN(id) FROM grant_applications WHERE owner_user = ?", {member_id});
    std::string round = first("SELECT MIN(id) FROM grant_rounds");
    std::string scored = first("SELECT MIN(application_id) FROM grant_assignments");
    std::string story = first("SELECT MIN(id) FROM stories WHERE status = 'published'");
    std::string any_story = first("SELECT MIN(id) FROM stories");
    std::string service = first("SELECT MIN(id) FROM hsds_service");
    std::string lsoa = "E01024915";  // Chorley 014A, in the demo's places
    std::string neighbourhood = first("SELECT MIN(code) FROM areas WHERE kind = 'neighbourhood'");
    std::string pb = first("SELECT MIN(id) FROM pb_processes");
    // The first coordinator's person with an open case (the demo's Thurrock team).
    std::string coordinator = first("SELECT id FROM users WHERE email = 'coordinator@demo.kith.test'");
    std::string person =
        first("SELECT MIN(person_id) FROM coord_cases WHERE status = 'active' AND coordinator_user = ?",
              {std::stoll(coordinator)});
    std::map<std::string, std::string> by_pattern = {
        {"/coordination/people/{id}", person},
        {"/coordination/people/{id}/outcomes", person},
        {"/coordination/people/{id}/break-glass", person},
        {"/coordination/coordinators/{id}", coordinator},
        {"/engagement/{id}", first("SELECT MIN(id) FROM engagement_records")},
        {"/engagement/{id}/edit", first("SELECT MIN(id) FROM engagement_records")},
        {"/engagement/{id}/story", first("SELECT MIN(id) FROM engagement_records")},
        {"/pb/{id}", pb},
        {"/pb/{id}/manage", pb},
        {"/plans/{id}", first("SELECT MIN(id) FROM plans")},
        {"/plans/{id}/print", first("SELECT MIN(id) FROM plans")},
        {"/plans/{id}/heard", first("SELECT MIN(id) FROM plans")},
        {"/plans/{id}/milestones/{milestone}", first("SELECT CAST(plan_id AS TEXT) || '|' || CAST(id AS TEXT) FROM "
                                                     "plan_milestones ORDER BY plan_id, id LIMIT 1")},
        {"/grants/rounds/{id}", round},
        {"/grants/rounds/{id}/manage", round},
        {"/grants/applications/{id}", application},
        {"/grants/panel/{id}", scored},
        {"/grants/projects/{id}", application},
        {"/stories/{id}", story},
        {"/stories/{id}/photo.jpg", story},
        {"/moderate/stories/{id}", any_story},
        {"/moderate/stories/{id}/photo.jpg", any_story},
        {"/evaluate/stories/{id}", any_story},
        {"/evaluate/msc/{id}", first("SELECT MIN(id) FROM msc_rounds")},
        {"/problems/{code}", "not-found"},
        {"/areas/{code}", lsoa},
        {"/areas/{code}/boundaries", lsoa},
        {"/areas/{code}/census", lsoa},
        {"/areas/{code}/census.csv", lsoa},
        {"/areas/{code}/deprivation", "E07000118"},
        {"/areas/{code}/deprivation.csv", "E07000118"},
        {"/areas/{code}/deprivation.geojson", "E07000118"},
        {"/areas/{code}/focus", "E07000118"},
        {"/areas/{code}/resilience", "E07000118"},
        {"/areas/{code}/resilience.csv", "E07000118"},
        {"/areas/{code}/resilience.geojson", "E07000118"},
        {"/areas/{code}/edit", neighbourhood},
        {"/areas/{code}/initiatives", "E06000034"},
        {"/areas/{code}/initiatives.csv", "E06000034"},
        {"/initiatives/{id}", first("SELECT MIN(id) FROM initiatives")},
        {"/initiatives/{id}/edit", first("SELECT MIN(id) FROM initiatives")},
        {"/hubs/{id}", first("SELECT MIN(id) FROM hubs")},
        {"/hubs/{id}/manage", first("SELECT MIN(id) FROM hubs")},
        {"/hubs/{id}/edit", first("SELECT MIN(id) FROM hubs")},
        {"/hubs/{id}/referrals/new", first("SELECT MIN(id) FROM hubs")},
        {"/hubs/shifts/{id}", first("SELECT MIN(id) FROM hub_shifts")},
        {"/hubs/referrals/{id}", first("SELECT MIN(id) FROM hub_referrals")},
        {"/areas/{code}/delete", neighbourhood},
        {"/directory/services/{id}", service},
        {"/directory/services/{id}/map", service},
        {"/directory/services/{id}/suggest", service},
        {"/directory/organisations/{id}", first("SELECT MIN(id) FROM hsds_organization")},
        {"/moderate/directory/{id}", first("SELECT MIN(id) FROM directory_submissions")},
        {"/moderate/directory/services/{id}/checked", service},
        {"/moderate/directory/services/{id}/outcomes", service},
        {"/admin/users/{id}", first("SELECT id FROM users WHERE email = ?", {std::string(kBystanderEmail)})},
        {"/timebank/exchanges/{id}", exchange},
        {"/timebank/accounts/{id}", account},
        {"/timebank/accounts/{id}/statement.csv", account},
        {"/timebank/posts/{id}", first("SELECT MIN(id) FROM timebank_posts")},
        {"/timebank/{slug}", first("SELECT MIN(slug) FROM timebanks")},
        {"/timebank/{slug}/manage", first("SELECT MIN(slug) FROM timebanks")},
        {"/oruk/services/{id}", service},
        {"/oruk/service_at_locations/{id}", first("SELECT MIN(id) FROM hsds_service_at_location")},
        {"/oruk/organizations/{id}", first("SELECT MIN(id) FROM hsds_organization")},
        {"/oruk/taxonomies/{id}", first("SELECT MIN(id) FROM hsds_taxonomy")},
        {"/oruk/taxonomy_terms/{id}", first("SELECT MIN(id) FROM hsds_taxonomy_term")},
    };
    for (auto& [pattern, value] : by_pattern)
      if (!value.empty()) samples[pattern] = value;
    first_member_account = account;
    coordination_person = person;
    first_member_exchange = exchange;
    first_member_application = application;
  }

  testing::TestServer server;
  std::map<std::string, std::string> samples;  // route pattern -> a real value for its parameter
  std::string first_member_account, first_member_exchange, first_member_application;
  std::string coordination_person;  // the first coordinator's, with an open case
};

Matrix& matrix(const std::string& backend) {
  static std::map<std::string, std::unique_ptr<Matrix>> all;
  auto& m = all[backend];
  if (!m) m = std::make_unique<Matrix>(backend);
  return *m;
}

// One request of the matrix: a route, as a page or through the API, with its
// parameters filled.
struct Call {
  const Route* route;
  bool api;
  std::string path;   // as the route sees it (no /api/v1)
  bool made_up;       // a parameter had no real value: the answer must be 404
  std::string label;  // "GET /pb/{id}"
  std::string url() const { return (api ? "/api/v1" : "") + path; }
};

std::vector<Call> calls_of(const web::Router& router, const std::map<std::string, std::string>& samples) {
  std::vector<Call> out;
  for (const auto& r : router.routes()) {
    std::string path;
    bool made_up = false;
    std::size_t param = 0;
    for (const auto& seg : r.segments) {
      path += "/";
      if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
        auto it = samples.find(r.pattern);
        made_up = made_up || it == samples.end();
        // A route with two parameters has its values as "first|second".
        std::vector<std::string> values = split(it == samples.end() ? kMadeUp : it->second, '|');
        path += url_encode(values[std::min(param++, values.size() - 1)]);
      } else {
        path += seg;
      }
    }
    if (path.empty()) path = "/";
    std::string label = r.method + " " + r.pattern;
    out.push_back({&r, false, path, made_up, label});
    if (r.api) out.push_back({&r, true, path, made_up, label + " (API)"});
  }
  return out;
}

bool is_write(const Route& r) { return r.method != "GET"; }

HttpReply ask(Visitor& v, const Call& c) {
  if (!is_write(*c.route)) return v.browser.get(c.url());
  if (c.api) return v.browser.send(c.route->method, c.url(), "", "application/json");
  return v.browser.post_form(c.url(), {});
}

// What is wrong with `r` as the answer to `v` asking `c`; "" when nothing is.
std::string judge(const Visitor& v, const Call& c, const HttpReply& r) {
  std::ostringstream why;
  const Route& route = *c.route;
  if (r.status >= 500) {
    why << "answered " << r.status;
  } else if (!v.may(route.access)) {
    if (v.signed_in()) {
      if (r.status != 403) why << "the wrong role got " << r.status << ", not 403";
    } else if (c.api) {
      if (r.status != 401) why << "signed out, the API answered " << r.status << ", not 401";
    } else {
      std::string location = r.header("Location");
      std::string want = "/sign-in?next=";
      if (r.status != 303 || !starts_with(location, want) || url_decode(location.substr(want.size())) != c.path)
        why << "signed out, the page answered " << r.status << " to " << location << ", not 303 to " << want << c.path;
    }
  } else if (r.status == 401) {
    why << "admitted by the route, yet answered 401";
  } else if (r.status == 403 && !narrowed_by_handler().count(route.method + " " + route.pattern)) {
    why << "admitted by the route, yet answered 403";
  } else if (c.made_up && !is_write(route) && r.status != 404 && r.status != 403) {
    why << "a made-up id answered " << r.status << ", not 404";
  }
  if (why.tellp() == 0) return "";
  return c.label + " as " + v.name + " at " + c.url() + ": " + why.str() + "\n    " + r.body.substr(0, 200);
}

class AccessMatrixTest : public ::testing::TestWithParam<std::string> {
 protected:
  Matrix& m() { return matrix(GetParam()); }
  std::string tag() const { return " (" + GetParam() + ")"; }

  std::vector<Visitor> visitors() {
    std::vector<Visitor> out;
    Browser anonymous = m().server.browser();
    out.push_back({"anonymous", "", "", {}, anonymous});
    for (const auto& d : accounts::demo_accounts())  // named as signed in: two are coordinators
      out.push_back({d.email.substr(0, d.email.find('@')), d.email, d.password, {d.role}, m().server.browser()});
    out.push_back({"second member", kSecondEmail, kSecondPassword, {"member"}, m().server.browser()});
    for (auto& v : out) v.keep_signed_in();
    return out;
  }

  // Asks every call as every visitor; returns what went wrong, one line each. Reads
  // go in one thread per visitor, at once (the server has workers to spare); writes
  // one at a time, call by call, so each sees the state the one before left.
  std::vector<std::string> run(bool writes) {
    auto calls = calls_of(m().server.app().server().router(), m().samples);
    auto people = visitors();
    struct Asked {
      std::vector<std::string> wrong;
      std::vector<std::pair<double, std::string>> times;  // seconds, call: to keep the run short
    };
    auto one = [&](Visitor& v, const Call& c, Asked& out) {
      auto start = std::chrono::steady_clock::now();
      try {
        auto r = ask(v, c);
        if (auto w = judge(v, c, r); !w.empty()) out.wrong.push_back(w);
        if (writes) v.keep_signed_in();
      } catch (const std::exception& e) {
        out.wrong.push_back(c.label + " as " + v.name + " at " + c.url() + ": " + e.what());
      }
      out.times.emplace_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                             c.url() + " as " + v.name);
    };
    std::vector<Asked> by_visitor(people.size());
    if (writes) {
      for (const auto& c : calls)
        if (is_write(*c.route))
          for (std::size_t i = 0; i < people.size(); ++i) one(people[i], c, by_visitor[i]);
    } else {
      // Signed out first, alone, so the heavy public pages fill their caches once;
      // then everyone else at once.
      for (const auto& c : calls)
        if (!is_write(*c.route)) one(people[0], c, by_visitor[0]);
      std::vector<std::thread> threads;
      for (std::size_t i = 1; i < people.size(); ++i)
        threads.emplace_back([&, i] {
          for (const auto& c : calls)
            if (!is_write(*c.route)) one(people[i], c, by_visitor[i]);
        });
      for (auto& t : threads) t.join();
    }
    Asked all;
    for (auto& a : by_visitor) {
      all.wrong.insert(all.wrong.end(), a.wrong.begin(), a.wrong.end());
      all.times.insert(all.times.end(), a.times.begin(), a.times.end());
    }
    EXPECT_GT(all.times.size(), 100u);
    std::sort(all.times.rbegin(), all.times.rend());
    std::cout << all.times.size() << " requests; the slowest:\n";
    for (std::size_t i = 0; i < 5 && i < all.times.size(); ++i)
      std::cout << "  " << all.times[i].first << " s " << all.times[i].second << "\n";
    return all.wrong;
  }
};

std::string lines(const std::vector<std::string>& all) {
  std::string out;
  for (const auto& l : all) out += l + "\n";
  return out;
}

TEST_P(AccessMatrixTest, EveryRouteTheTableHoldsIsInTheMatrix) {
  auto calls = calls_of(m().server.app().server().router(), m().samples);
  const auto& routes = m().server.app().server().router().routes();
  EXPECT_GT(routes.size(), 100u);  // the real App's table, not a stand-in
  std::size_t api = 0;
  for (const auto& r : routes) api += r.api ? 1 : 0;
  EXPECT_EQ(calls.size(), routes.size() + api);
  // Made-up ids only where the demo has no such record: every other kind is filled
  // from real data, so the matrix reaches past "not found" into the handlers.
  std::vector<std::string> made_up;
  for (const auto& c : calls)
    if (c.made_up && !c.api) made_up.push_back(c.label);
  for (const auto& l : made_up)
    EXPECT_TRUE(l.find("{token}") != std::string::npos) << l << " has no real value for its parameter";
}

TEST_P(AccessMatrixTest, EveryReadAnswersAsItsRouteDeclares) {
  auto start = std::chrono::steady_clock::now();
  auto wrong = run(false);
  EXPECT_TRUE(wrong.empty()) << wrong.size() << " answers broke the declared access:\n" << lines(wrong);
  std::cout << "reads took "
            << std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start).count()
            << " s\n";
}

TEST_P(AccessMatrixTest, EveryWriteWithAnEmptyBodyAnswersAsItsRouteDeclares) {
  auto start = std::chrono::steady_clock::now();
  auto wrong = run(true);
  EXPECT_TRUE(wrong.empty()) << wrong.size() << " answers broke the declared access:\n" << lines(wrong);
  std::cout << "writes took "
            << std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start).count()
            << " s\n";
}

bool refused(const HttpReply& r) { return r.status == 403 || r.status == 404; }

// The first member's own things — their timebank account and its statement, an
// exchange of theirs, their grant application, their stories, their copy of their
// data — are not the second member's to see or change. Each is first shown to be
// the first member's, so a refusal means something.
TEST_P(AccessMatrixTest, ASecondMemberCannotSeeOrChangeTheFirstMembersThings) {
  Browser first = m().server.browser();
  first.sign_in("member@demo.kith.test", "kith-demo-member");
  Browser second = m().server.browser();
  second.sign_in(kSecondEmail, kSecondPassword);
  ASSERT_FALSE(m().first_member_account.empty());
  ASSERT_FALSE(m().first_member_exchange.empty());
  ASSERT_FALSE(m().first_member_application.empty());

  const std::string account = "/timebank/accounts/" + m().first_member_account;
  const std::string exchange = "/timebank/exchanges/" + m().first_member_exchange;
  const std::string application = "/grants/applications/" + m().first_member_application;
  for (const std::string& path : {account, account + "/statement.csv", exchange, application}) {
    auto own = first.get(path);
    EXPECT_EQ(own.status, 200) << path << " is the first member's" << tag();
    for (const std::string& url : {path, "/api/v1" + path}) {
      auto theirs = second.get(url);
      EXPECT_TRUE(refused(theirs)) << url << " answered " << theirs.status << tag();
      EXPECT_EQ(theirs.body.find("Mel Member"), std::string::npos) << url << tag();
      EXPECT_EQ(theirs.body.find("Friends of Orsett Road"), std::string::npos) << url << tag();
    }
  }

  // Changing them: refused, and nothing changed.
  auto rename = second.post_json("/api/v1" + application, {{"do", "save"}, {"group_name", "Taken over"}});
  EXPECT_TRUE(refused(rename)) << rename.status << " " << rename.body << tag();
  auto withdraw = second.post_json("/api/v1" + application, {{"do", "withdraw"}});
  EXPECT_TRUE(refused(withdraw)) << withdraw.status << tag();
  auto co = second.post_json("/api/v1" + application, {{"do", "co_applicant"}, {"email", kSecondEmail}});
  EXPECT_TRUE(refused(co)) << co.status << tag();
  auto still = first.get("/api/v1" + application).json();
  EXPECT_EQ(still["values"]["group_name"], "Friends of Orsett Road (demo)") << tag();
  EXPECT_NE(still["application"].dump().find("Friends of Orsett Road"), std::string::npos) << tag();

  auto accept = second.post_json("/api/v1" + exchange, {{"action", "accept"}});
  EXPECT_TRUE(refused(accept)) << accept.status << tag();
  auto cancel = second.post_json("/api/v1" + exchange, {{"action", "cancel"}, {"reason", "not mine"}});
  EXPECT_TRUE(refused(cancel)) << cancel.status << tag();
  auto block = second.post_json("/api/v1" + exchange, {{"action", "block"}});
  EXPECT_TRUE(refused(block)) << block.status << tag();
  EXPECT_EQ(first.get("/api/v1" + exchange).json()["exchange"]["state"], "proposed") << tag();
  auto reverse = second.post_json("/api/v1" + account, {{"transfer", "1"}, {"reason", "mine now"}});
  EXPECT_EQ(reverse.status, 403) << tag();  // coordinators only

  // A story the first member tells.
  const std::string title = "The first member's own story" + tag();
  auto told = first.post_json("/api/v1/stories/tell", {{"title", title},
                                                       {"body", "The lunch club made my week, every week."},
                                                       {"perspective", "person"},
                                                       {"consent", "evaluation"}});
  ASSERT_EQ(told.status, 201) << told.body;
  const std::string story = std::to_string(told.json()["id"].get<std::int64_t>());
  EXPECT_NE(first.get("/api/v1/stories/mine").body.find(title), std::string::npos) << tag();
  EXPECT_EQ(second.get("/api/v1/stories/mine").body.find(title), std::string::npos) << tag();
  EXPECT_EQ(second.get("/stories/mine").body.find(title), std::string::npos) << tag();
  EXPECT_TRUE(refused(second.get("/stories/" + story))) << tag();  // not published
  auto taken = second.post_json("/api/v1/stories/mine", {{"withdraw", story}});
  EXPECT_TRUE(refused(taken)) << taken.status << " " << taken.body << tag();
  auto taken_form = second.post_form("/stories/mine", {{"withdraw", story}});
  EXPECT_TRUE(refused(taken_form)) << taken_form.status << tag();
  EXPECT_NE(first.get("/api/v1/stories/mine").body.find(title), std::string::npos) << "still there" << tag();

  // Their data: the second member's copy holds none of the first member's.
  auto page = second.get("/api/v1/account/data");
  ASSERT_EQ(page.status, 200);
  auto copy = second.post_form("/account/data.json", {});
  ASSERT_EQ(copy.status, 200);
  EXPECT_NE(copy.body.find(kSecondEmail), std::string::npos);
  for (const std::string& theirs : {std::string("member@demo.kith.test"), std::string("Mel Member"), title,
                                    std::string("Friends of Orsett Road")}) {
    EXPECT_EQ(copy.body.find(theirs), std::string::npos) << theirs << tag();
    EXPECT_EQ(page.body.find(theirs), std::string::npos) << theirs << tag();
  }
}

// Every route with a parameter, asked by someone it admits about something that does
// not exist: a read is a plain 404, a write a 4xx (not found, or what is missing),
// and nothing is ever a 5xx.
TEST_P(AccessMatrixTest, AMadeUpIdIsNotFoundOnEveryRouteThatTakesOne) {
  auto people = visitors();
  std::vector<std::string> wrong;
  std::size_t asked = 0;
  for (const auto& c : calls_of(m().server.app().server().router(), {})) {
    if (!c.made_up) continue;  // no parameter
    for (auto& v : people) {
      if (!v.may(c.route->access)) continue;
      auto r = ask(v, c);
      ++asked;
      bool narrowed = narrowed_by_handler().count(c.route->method + " " + c.route->pattern) > 0;
      bool ok = is_write(*c.route) ? r.status >= 400 && r.status < 500 && r.status != 401
                                   : r.status == 404 || (narrowed && r.status == 403);
      if (!ok)
        wrong.push_back(c.label + " as " + v.name + " at " + c.url() + ": " + std::to_string(r.status) + "\n    " +
                        r.body.substr(0, 200));
      if (is_write(*c.route)) v.keep_signed_in();
      break;  // one visitor the route admits is enough
    }
  }
  EXPECT_GT(asked, 40u);
  EXPECT_TRUE(wrong.empty()) << wrong.size() << " routes did not answer a made-up id as not found:\n" << lines(wrong);
}

// A person's coordination record (and its outcomes) by assignment: their coordinator
// and the team lead see it; a second coordinator in the same team, a referrer, an
// officer, an admin and a member are refused and shown nothing of it, page and API,
// and each refusal of a read is in the audit log (written beside a GET's read-only
// transaction). Officers see the reports, and coordinators do not.
TEST_P(AccessMatrixTest, ACoordinationRecordIsOpenOnlyByAssignment) {
  const std::string& id = m().coordination_person;
  ASSERT_FALSE(id.empty()) << "the demo has no active case of the first coordinator's" << tag();
  auto as = [&](const std::string& who) {
    Browser b = m().server.browser();
    b.sign_in(who + "@demo.kith.test", "kith-demo-" + who);
    return b;
  };
  Browser cara = as("coordinator");
  auto own = cara.get("/api/v1/coordination/people/" + id);
  ASSERT_EQ(own.status, 200) << own.body << tag();
  const Json record = own.json();
  const std::string name = record["person"]["name"].get<std::string>();
  const std::string phone = record["person"]["phone"].get<std::string>();
  ASSERT_FALSE(name.empty());
  ASSERT_FALSE(phone.empty());
  EXPECT_EQ(as("team_lead").get("/coordination/people/" + id).status, 200) << tag();
  EXPECT_EQ(as("team_lead").get("/api/v1/coordination/people/" + id + "/outcomes").status, 200) << tag();
  EXPECT_EQ(cara.get("/coordination/people/" + id + "/outcomes").status, 200) << tag();

  auto db = m().server.app().database().acquire();
  auto refusals = [&] {
    return db->scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'coordination.record.read.refused' AND entity_id = ?", {id});
  };
  const std::vector<std::string> paths = {"/coordination/people/" + id, "/coordination/people/" + id + "/outcomes"};
  for (const std::string who : {"coordinator2", "referrer", "officer", "admin", "member"}) {
    Browser b = as(who);
    for (const auto& path : paths)
      for (const std::string& url : {path, "/api/v1" + path}) {
        auto before = refusals();
        auto r = b.get(url);
        EXPECT_TRUE(refused(r)) << who << " " << url << " answered " << r.status << tag();
        EXPECT_EQ(r.body.find(name), std::string::npos) << who << " " << url << tag();
        EXPECT_EQ(r.body.find(phone), std::string::npos) << who << " " << url << tag();
        // Refused by the record (not the route): the refusal is audited.
        if (who == "coordinator2") {
          EXPECT_EQ(refusals(), before + 1) << url << tag();
        }
      }
    // Nor can they write to it.
    auto note = b.post_json("/api/v1/coordination/people/" + id,
                            {{"do", "contact"}, {"kind", "call"}, {"on", "2026-01-05"}, {"note", "Not mine"}});
    EXPECT_TRUE(refused(note)) << who << " " << note.status << tag();
  }

  // Reports: team leads and officers; not coordinators, referrers or members.
  EXPECT_EQ(as("officer").get("/coordination/reports").status, 200) << tag();
  EXPECT_EQ(as("team_lead").get("/api/v1/coordination/reports").status, 200) << tag();
  for (const std::string who : {"coordinator", "referrer", "member"})
    EXPECT_EQ(as(who).get("/coordination/reports").status, 403) << who << tag();
}

// Regression: the evaluation writes declared every evaluator and refused most of them
// in the handler; the route table now says who may (docs/http.md always did).
TEST_P(AccessMatrixTest, EvaluationWritesDeclareWhoMayMakeThem) {
  auto roles_of = [&](const std::string& pattern) {
    for (const auto& r : m().server.app().server().router().routes())
      if (r.method == "POST" && r.pattern == pattern)
        return std::set<std::string>(r.access.roles.begin(), r.access.roles.end());
    return std::set<std::string>{};
  };
  using Roles = std::set<std::string>;
  EXPECT_EQ(roles_of("/evaluate/stories/{id}"), (Roles{"officer", "moderator", "coordinator", "admin"}));
  EXPECT_EQ(roles_of("/evaluate/msc"), (Roles{"officer", "admin"}));
  EXPECT_EQ(roles_of("/evaluate/msc/{id}"), (Roles{"panel", "officer", "admin"}));
  Browser panel = m().server.browser();
  panel.sign_in("panel@demo.kith.test", "kith-demo-panel");
  auto r = panel.post_json("/api/v1/evaluate/msc", {{"name", "A panel's own round"}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("Officer or analyst, Admin"), std::string::npos) << "refused by the route, naming who may";
}

// The engagement log is kept by officers, community workers (coordinators and their
// team leads) and organisations whose volunteers run hubs; its themes by officers.
// A hub's volunteers record what they hear there and see only their own records.
// Other residents never see it: its quotes and counts are the place's working notes.
TEST_P(AccessMatrixTest, TheEngagementLogDeclaresWhoKeepsIt) {
  auto roles_of = [&](const std::string& method, const std::string& pattern) {
    for (const auto& r : m().server.app().server().router().routes())
      if (r.method == method && r.pattern == pattern)
        return std::set<std::string>(r.access.roles.begin(), r.access.roles.end());
    return std::set<std::string>{};
  };
  using Roles = std::set<std::string>;
  const Roles recorders{"officer", "admin", "coordinator", "team_lead", "organisation"};
  for (const char* p : {"/engagement/not-heard", "/engagement.csv"}) EXPECT_EQ(roles_of("GET", p), recorders) << p;
  EXPECT_EQ(roles_of("POST", "/engagement/{id}/story"), recorders);
  EXPECT_EQ(roles_of("POST", "/engagement/themes"), (Roles{"officer", "admin"}));
  // Not a volunteer at any hub: refused, with who keeps it.
  for (const char* role : {"referrer"}) {
    Browser b = m().server.browser();
    b.sign_in(std::string(role) + "@demo.kith.test", std::string("kith-demo-") + role);
    auto refused = b.get("/api/v1/engagement");
    EXPECT_EQ(refused.status, 403) << role;
    EXPECT_NE(refused.body.find("volunteers who run or work shifts at a community hub"), std::string::npos);
    EXPECT_EQ(b.get("/api/v1/engagement/new").status, 403) << role;
  }
  // The demo's hub volunteer (a member on Ockendon's rota) records, and sees only their own.
  Browser volunteer = m().server.browser();
  volunteer.sign_in("member@demo.kith.test", "kith-demo-member");
  auto made = volunteer.post_json("/api/v1/engagement/new", {{"kind", "conversation"},
                                                             {"title", "Tea and talk at the hub (matrix)"},
                                                             {"occurred_on", "2026-10-27"},
                                                             {"place", "RM15 5LY"},
                                                             {"people", "6"},
                                                             {"level", "consult"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const Json mine = volunteer.get("/api/v1/engagement").json();
  ASSERT_EQ(mine["records"].size(), 1u) << mine.dump();
  EXPECT_EQ(mine["records"][0]["title"], "Tea and talk at the hub (matrix)");
  EXPECT_FALSE(mine["staff"].get<bool>());
  auto others = m().server.app().database().acquire()->scalar(
      "SELECT MIN(id) FROM engagement_records WHERE recorded_by IS NULL OR recorded_by <> (SELECT id FROM users WHERE "
      "email = 'member@demo.kith.test')");
  EXPECT_EQ(volunteer.get("/api/v1/engagement/" + std::to_string(others)).status, 403);
  EXPECT_EQ(volunteer.get("/api/v1/engagement/" + made.json()["id"].dump()).status, 200);
  for (const char* p : {"/engagement.csv", "/api/v1/engagement/not-heard"})
    EXPECT_EQ(volunteer.get(p).status, 403) << p;
}

// Erasure and correction: a person closes only their own account (signed in, with their
// password); admins act for people who ask on paper or by phone and answer corrections;
// team leads decide about coordination records. The matrix's empty posts erase no one.
TEST_P(AccessMatrixTest, ErasureRoutesDeclareWhoMayUseThem) {
  auto find = [&](const std::string& method, const std::string& pattern) -> const Route* {
    for (const auto& r : m().server.app().server().router().routes())
      if (r.method == method && r.pattern == pattern) return &r;
    return nullptr;
  };
  using Roles = std::set<std::string>;
  auto roles = [](const Route* r) { return r ? Roles(r->access.roles.begin(), r->access.roles.end()) : Roles{"none"}; };
  for (const char* p : {"/account/close", "/account/correction"}) {
    ASSERT_NE(find("POST", p), nullptr) << p;
    EXPECT_TRUE(find("POST", p)->access.signed_in && find("POST", p)->access.roles.empty()) << p;
  }
  EXPECT_TRUE(find("GET", "/account/closed")->access.is_public());
  EXPECT_EQ(roles(find("POST", "/admin/erasure")), Roles{"admin"});
  EXPECT_EQ(roles(find("POST", "/admin/languages")), Roles{"admin"});
  EXPECT_EQ(roles(find("GET", "/admin/corrections")), Roles{"admin"});
  EXPECT_EQ(roles(find("POST", "/admin/corrections/{id}")), Roles{"admin"});
  EXPECT_EQ(roles(find("POST", "/coordination/erasure/{id}")), Roles{"team_lead"});
  // Every demo account still signs in after the matrix's posts to these routes.
  for (const char* role : {"member", "admin", "team_lead"}) {
    Browser b = m().server.browser();
    EXPECT_NO_THROW(b.sign_in(std::string(role) + "@demo.kith.test", std::string("kith-demo-") + role)) << role;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, AccessMatrixTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
