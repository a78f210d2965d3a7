// Coordination over the real server on both backends: self-referral that names each
// wrong field; a second referral joining the open case and a possible duplicate
// flagged; allocation suggested by neighbourhood then load; records open strictly by
// assignment (a walk over every coordination route shows another coordinator
// nothing); break glass, audited and shown to the team lead; every read recorded and
// shown to the person; nothing personal in clear in the database; rotation; and a
// wrong key refused at start.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "accounts/service.h"
#include "audit/audit.h"
#include "coordination/coordination_store.h"
#include "coordination/seal.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/text.h"
#include "support/harness.h"

namespace kith {
namespace {

using Json = nlohmann::json;
using testing::Browser;

constexpr const char* kCoordinationPassword = "coordination test passphrase, long enough 42";

using testing::contains;

class CoordinationTest : public testing::BackendSuite {
 protected:
  struct Person {
    std::int64_t id = 0;
    std::string email;
  };
  app::App& app() { return testing::shared_server(GetParam()).app(); }
  std::string unique(const std::string& what) {
    return what + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + "-" + GetParam();
  }
  Person user(const std::string& who, const std::vector<std::string>& roles) {
    auto db = app().database().acquire();
    // Unique to the test and backend, and within a mailbox name's 64 characters.
    std::string email = to_lower(who) + "-" + sha256_hex(unique(who)).substr(0, 12) + "@coord.kith.test";
    for (auto& c : email)
      if (c == '/' || c == ' ') c = '-';
    auto u = accounts::add_user(*db, audit::Actor::system("coordination test"), email, who + " " + unique(""),
                                kCoordinationPassword, roles);
    EXPECT_TRUE(u.ok()) << (u.ok() ? "" : u.error().message);
    return {u.ok() ? u->id : 0, email};
  }
  // Signed in once per person and test, then reused.
  Browser& as(const Person& p) {
    auto it = browsers_.find(p.email);
    if (it == browsers_.end()) {
      it = browsers_.emplace(p.email, browser()).first;
      it->second.sign_in(p.email, kCoordinationPassword);
    }
    return it->second;
  }
  std::map<std::string, Browser> browsers_;
  // Two postcodes of the demo place in different LSOAs, from the real postcode data.
  std::vector<std::pair<std::string, std::string>> postcodes() {
    auto db = app().database().acquire();
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : db->query(
             "SELECT display, lsoa_code FROM postcodes WHERE lsoa_code IS NOT NULL ORDER BY postcode LIMIT 400")) {
      if (!out.empty() && out.back().second == r.text(1)) continue;
      out.emplace_back(r.text(0), r.text(1));
      if (out.size() == 2) break;
    }
    return out;
  }
  Json referral(const std::string& name, const std::string& dob, const std::string& phone,
                const std::string& postcode = "", bool share_back = true) {
    return {{"source", "gp"},
            {"referrer_org", "Orchard Surgery"},
            {"name", name},
            {"date_of_birth", dob},
            {"phone", phone},
            {"postcode", postcode},
            {"prefer", "phone"},
            {"safe_times", "weekday mornings"},
            {"what_matters", "Lonely since her husband died; used to sing in a choir"},
            {"reasons", {"loneliness", "low-mood"}},
            {"consent_contact", "yes"},
            {"consent_share_back", share_back ? "yes" : "no"},
            {"urgency", "routine"}};
  }
  // A team: its lead, two coordinators, and a referrer.
  struct Team {
    Person lead, a, b, referrer;
    std::int64_t id = 0;
  };
  Team team() {
    Team t;
    t.lead = user("Lena Lead", {"team_lead"});
    t.a = user("Asha Coordinator", {"coordinator"});
    t.b = user("Ben Coordinator", {"coordinator"});
    t.referrer = user("Dr Rees", {"referrer"});
    auto& lead = as(t.lead);
    auto made = lead.post_json("/api/v1/coordination/teams", {{"do", "team"}, {"name", unique("Team")}});
    EXPECT_EQ(made.status, 201) << made.body;
    t.id = made.json()["id"];
    for (auto [p, role] :
         {std::pair{&t.lead, "lead"}, std::pair{&t.a, "coordinator"}, std::pair{&t.b, "coordinator"}}) {
      auto r = lead.post_json("/api/v1/coordination/teams",
                              {{"do", "member"}, {"team", std::to_string(t.id)}, {"email", p->email}, {"role", role}});
      EXPECT_EQ(r.status, 201) << r.body;
    }
    return t;
  }
  std::int64_t refer(const Team& t, const Json& body) {
    auto r = as(t.referrer).post_json("/api/v1/coordination/referrals", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["person"];
  }
  std::int64_t case_of(std::int64_t person) {
    auto db = app().database().acquire();
    return db->scalar("SELECT MAX(id) FROM coord_cases WHERE person_id = ?", {person});
  }
  void allocate(const Team& t, std::int64_t person, const Person& to) {
    auto r = as(t.lead).post_json(
        "/api/v1/coordination/queue",
        {{"do", "allocate"}, {"case", std::to_string(case_of(person))}, {"coordinator", std::to_string(to.id)}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
};

TEST_P(CoordinationTest, SelfReferralWithEveryFieldWrongNamesEach) {
  auto r = browser().post_json("/api/v1/coordination/refer", {{"name", " "},
                                                              {"date_of_birth", "1950-02-31"},
                                                              {"phone", "12"},
                                                              {"email", "not an email"},
                                                              {"prefer", "fax"},
                                                              {"what_matters", ""},
                                                              {"reasons", {"flying"}},
                                                              {"consent_contact", "maybe"},
                                                              {"urgency", "whenever"}});
  ASSERT_EQ(r.status, 422) << r.body;
  std::set<std::string> fields;
  const Json body = r.json();
  for (const auto& e : body["errors"]) fields.insert(e["field"].get<std::string>());
  for (const char* f :
       {"name", "date_of_birth", "phone", "email", "prefer", "what_matters", "reasons", "consent_contact", "urgency"})
    EXPECT_TRUE(fields.count(f)) << f << " not named in " << r.body;
  // A date the API is given is named for what is wrong with it: its form, the calendar, or its range.
  for (const auto& [dob, said] : std::vector<std::pair<std::string, std::string>>{
           {"2000-1-1", "Enter the date of birth as YYYY-MM-DD, like 1960-03-27"},
           {"1950-02-31", "Date of birth must be a real date"},
           {"1800-01-01", "Date of birth must be after 1 January 1900"},
           {"2999-01-01", "Date of birth must be in the past"}}) {
    auto d = browser().post_json("/api/v1/coordination/refer", {{"name", "Dee Date"}, {"date_of_birth", dob}});
    EXPECT_EQ(d.status, 422);
    EXPECT_TRUE(contains(d.body, said)) << dob << ": " << d.body;
  }
  // No safe way to get in touch at all is named too; and the page shows every error.
  auto page = browser();
  page.get("/coordination/refer");
  auto form = page.post_form("/coordination/refer", {{"name", "Ann"}, {"date_of_birth", "1990-01-01"}});
  EXPECT_EQ(form.status, 422);
  EXPECT_TRUE(contains(form.body, "There is a problem"));
  EXPECT_TRUE(contains(form.body, "Give at least one safe way to get in touch"));
  EXPECT_TRUE(contains(form.body, "Choose at least one reason"));
  EXPECT_TRUE(contains(form.body, "We can only help if we may contact you") ||
              contains(form.body, "Say whether you agree that a coordinator contacts you"));
  // A good one is taken, without signing in.
  auto ok = browser().post_json("/api/v1/coordination/refer", {{"name", "Sam Self" + tag()},
                                                               {"date_of_birth", "1961-07-04"},
                                                               {"email", "sam.self@example.com"},
                                                               {"what_matters", "I would like to meet people"},
                                                               {"reasons", {"loneliness"}},
                                                               {"consent_contact", "yes"}});
  EXPECT_EQ(ok.status, 201) << ok.body;
}

TEST_P(CoordinationTest, ASecondReferralJoinsTheOpenCaseAndALaterOneIsFlagged) {
  auto t = team();
  std::string name = "Ann Example " + unique("");
  auto first = as(t.referrer).post_json("/api/v1/coordination/referrals", referral(name, "1948-05-12", "07700 900982"));
  ASSERT_EQ(first.status, 201) << first.body;
  // The same person by name and date of birth, written differently, from the council.
  Json again = referral("  ann  EXAMPLE " + unique(""), "1948-05-12", "");
  again["email"] = "ann@example.com";
  again["prefer"] = "email";
  auto second = as(t.referrer).post_json("/api/v1/coordination/referrals", again);
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_TRUE(second.json()["joined"].get<bool>());
  EXPECT_EQ(second.json()["case"], first.json()["case"]);
  EXPECT_EQ(second.json()["person"], first.json()["person"]);
  // The same phone alone (as +44) with another name: not joined to Ann's case, whose
  // name the referrer must not learn; flagged for the coordinator to decide.
  auto third =
      as(t.referrer)
          .post_json("/api/v1/coordination/referrals", referral("A. Example", "1948-06-01", "+44 7700 900982"));
  ASSERT_EQ(third.status, 201);
  EXPECT_FALSE(third.json()["joined"].get<bool>());
  EXPECT_NE(third.json()["case"], first.json()["case"]);
  EXPECT_EQ(third.json()["possible_duplicate_of"], first.json()["person"]);
  const Json listed = as(t.referrer).get("/api/v1/coordination/referrals").json();
  int as_ann = 0, as_given = 0;
  for (const auto& r : listed["referrals"]) {
    as_ann += r["name"] == name;
    as_given += r["name"] == "A. Example";
  }
  EXPECT_EQ(as_ann, 2) << listed.dump();  // the first two referrals: Ann's own
  EXPECT_EQ(as_given, 1) << listed.dump();
  // Once the case is declined, a new referral opens a new case, flagged as a possible duplicate.
  auto declined = as(t.lead).post_json("/api/v1/coordination/queue",
                                       {{"do", "decline"},
                                        {"case", std::to_string(first.json()["case"].get<std::int64_t>())},
                                        {"reason", "Moved out of the area"}});
  ASSERT_EQ(declined.status, 200) << declined.body;
  auto fourth =
      as(t.referrer).post_json("/api/v1/coordination/referrals", referral(name, "1948-05-12", "07700 900984"));
  ASSERT_EQ(fourth.status, 201) << fourth.body;
  EXPECT_FALSE(fourth.json()["joined"].get<bool>());
  EXPECT_NE(fourth.json()["case"], first.json()["case"]);
  EXPECT_EQ(fourth.json()["possible_duplicate_of"], first.json()["person"]);
  const Json queue = as(t.lead).get("/api/v1/coordination/queue").json();
  bool flagged = false;
  for (const auto& i : queue["items"])
    flagged = flagged || (i["case"] == fourth.json()["case"] && i["possible_duplicate"]);
  EXPECT_TRUE(flagged);
  // The referrer is told, as the person agreed: declined, with the reason and SNOMED CT.
  const Json mine = as(t.referrer).get("/api/v1/coordination/referrals").json();
  bool told = false;
  for (const auto& r : mine["referrals"])
    told = told || (r["status"] == "Declined" && r["decline_reason"] == "Moved out of the area" &&
                    r["snomed_code"] == "871711000000103");
  EXPECT_TRUE(told) << mine.dump();
  auto db = app().database().acquire();
  EXPECT_GE(
      db->scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'referral_update' AND to_address = ?", {t.referrer.email}),
      1);
}

TEST_P(CoordinationTest, AllocationIsSuggestedByNeighbourhoodThenLoad) {
  auto t = team();
  auto pcs = postcodes();
  ASSERT_EQ(pcs.size(), 2u);
  auto& lead = as(t.lead);
  ASSERT_EQ(
      lead.post_json("/api/v1/coordination/coordinators/" + std::to_string(t.b.id), {{"lsoas", pcs[0].second}}).status,
      200);
  ASSERT_EQ(
      lead.post_json("/api/v1/coordination/coordinators/" + std::to_string(t.a.id), {{"lsoas", pcs[1].second}}).status,
      200);
  EXPECT_EQ(
      lead.post_json("/api/v1/coordination/coordinators/" + std::to_string(t.a.id), {{"lsoas", "E99999999"}}).status,
      422);
  // Ben covers the first postcode's LSOA: suggested first, though Asha has no cases either.
  auto p1 = refer(t, referral("Cyril Near " + unique(""), "1955-01-01", "01632 960001", pcs[0].first));
  Json queue = lead.get("/api/v1/coordination/queue").json();
  std::int64_t suggested = 0;
  for (const auto& i : queue["items"])
    if (i["person"] == p1) suggested = i["suggested"];
  EXPECT_EQ(suggested, t.b.id);
  allocate(t, p1, t.b);
  // With no postcode, the lighter caseload is suggested: Asha.
  auto p2 = refer(t, referral("Dora Nowhere " + unique(""), "1956-01-01", "01632 960002"));
  queue = lead.get("/api/v1/coordination/queue").json();
  suggested = 0;
  for (const auto& i : queue["items"])
    if (i["person"] == p2) suggested = i["suggested"];
  EXPECT_EQ(suggested, t.a.id);
  allocate(t, p2, t.a);
  const Json caseload = as(t.a).get("/api/v1/coordination/caseload").json();
  ASSERT_EQ(caseload["items"].size(), 1u);
  EXPECT_EQ(caseload["items"][0]["person"], p2);
  // The lead reaches each coordinator's caseload from their own page and the teams page.
  const std::string ashas = "/api/v1/coordination/caseload?coordinator=" + std::to_string(t.a.id);
  const Json leads = lead.get("/api/v1/coordination/caseload").json();
  EXPECT_TRUE(contains(leads["team"].dump(), ashas.substr(7))) << leads.dump();
  EXPECT_TRUE(contains(lead.get("/coordination/teams").body, ashas.substr(7)));
  const Json hers = lead.get(ashas).json();
  ASSERT_EQ(hers["items"].size(), 1u);
  EXPECT_EQ(hers["items"][0]["person"], p2);
  EXPECT_FALSE(hers["own"].get<bool>());
  // A coordinator outside the lead's teams cannot be given the case, nor read Asha's caseload.
  auto stranger = user("Sol Stranger", {"coordinator"});
  EXPECT_EQ(as(stranger).get(ashas).status, 403);
  EXPECT_EQ(as(t.b).get(ashas).status, 403);
  auto refused = lead.post_json(
      "/api/v1/coordination/queue",
      {{"do", "allocate"}, {"case", std::to_string(case_of(p2))}, {"coordinator", std::to_string(stranger.id)}});
  EXPECT_EQ(refused.status, 422);
}

// A review date that has passed is tagged on the caseload and counted in the
// coordinator's work; a future one is neither.
TEST_P(CoordinationTest, AnOverdueReviewIsTaggedAndCountedInYourWork) {
  auto t = team();
  auto late = refer(t, referral("Olive Overdue " + unique(""), "1949-04-04", "01632 960041"));
  auto fine = refer(t, referral("Fred Future " + unique(""), "1948-04-04", "01632 960042"));
  allocate(t, late, t.a);
  allocate(t, fine, t.a);
  auto& a = as(t.a);
  auto reviews_overdue = [&] {
    const Json account = a.get("/api/v1/account").json();
    for (const auto& w : account["work"])
      if (w["label"] == "Reviews overdue") return w["count"].get<std::int64_t>();
    return std::int64_t{-1};
  };
  EXPECT_EQ(reviews_overdue(), 0);
  // Goals' review dates cannot be set in the past: time passes instead.
  {
    auto db = app().database().acquire();
    db->exec("UPDATE coord_cases SET review_on = '2025-03-01' WHERE id = ?", {case_of(late)});
    db->exec("UPDATE coord_cases SET review_on = '2099-03-01' WHERE id = ?", {case_of(fine)});
  }
  EXPECT_EQ(reviews_overdue(), 1);
  std::string html = a.get("/coordination/caseload").body;
  EXPECT_TRUE(contains(html, "1 review is overdue.")) << html;
  auto row_of = [&](const std::string& date) {
    auto at = html.find(date);
    return at == std::string::npos ? std::string() : html.substr(at, html.find("</td>", at) - at);
  };
  EXPECT_TRUE(contains(row_of("1 March 2025"), "Overdue")) << html;
  EXPECT_FALSE(contains(row_of("1 March 2099"), "Overdue")) << html;
  EXPECT_FALSE(row_of("1 March 2099").empty());
}

// The queue: the most urgent first; a form shown before someone else allocated the
// case (or a second click) does not move it; the record links to its outcomes.
TEST_P(CoordinationTest, TheQueuePutsUrgentFirstAndAStaleFormMovesNothing) {
  auto t = team();
  auto& lead = as(t.lead);
  auto routine = refer(t, referral("Ray Routine " + unique(""), "1950-03-03", "01632 960031"));
  Json urgent_referral = referral("Una Urgent " + unique(""), "1951-03-03", "01632 960032");
  urgent_referral["urgency"] = "urgent";
  auto urgent = refer(t, urgent_referral);
  Json queue = lead.get("/api/v1/coordination/queue").json();
  std::vector<std::int64_t> order;
  for (const auto& i : queue["items"])
    if (i["person"] == routine || i["person"] == urgent) order.push_back(i["person"]);
  EXPECT_EQ(order, (std::vector<std::int64_t>{urgent, routine})) << "urgent first, though referred later";
  // Shown with nobody yet; Asha is given it; then the same form, now stale, names Ben.
  std::string c = std::to_string(case_of(routine));
  auto first =
      lead.post_json("/api/v1/coordination/queue",
                     {{"do", "allocate"}, {"case", c}, {"coordinator", std::to_string(t.a.id)}, {"current", ""}});
  ASSERT_EQ(first.status, 200) << first.body;
  auto stale =
      lead.post_json("/api/v1/coordination/queue",
                     {{"do", "allocate"}, {"case", c}, {"coordinator", std::to_string(t.b.id)}, {"current", ""}});
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_NE(stale.body.find("allocated meanwhile"), std::string::npos) << stale.body;
  auto db = app().database().acquire();
  EXPECT_EQ(db->scalar("SELECT coordinator_user FROM coord_cases WHERE id = ?", {std::stoll(c)}), t.a.id);
  // Moving it on purpose, from Asha, is a reallocation.
  auto moved = lead.post_json(
      "/api/v1/coordination/queue",
      {{"do", "allocate"}, {"case", c}, {"coordinator", std::to_string(t.b.id)}, {"current", std::to_string(t.a.id)}});
  EXPECT_EQ(moved.status, 200) << moved.body;
  auto record = as(t.b).get("/coordination/people/" + std::to_string(routine));
  EXPECT_NE(record.body.find("href=\"/coordination/people/" + std::to_string(routine) + "/outcomes\""),
            std::string::npos);
  // Dates and choices in words, as the person's own page says them.
  EXPECT_NE(record.body.find("3 March 1950"), std::string::npos) << record.body;
  EXPECT_EQ(record.body.find("1950-03-03"), std::string::npos);
  EXPECT_NE(record.body.find("Phone; safe times: weekday mornings"), std::string::npos);
}

TEST_P(CoordinationTest, AnotherCoordinatorSeesNothingOfThePersonAnywhere) {
  auto t = team();
  std::string name = "Edna Private " + unique("");
  std::string words = "grandchildren in Leeds " + unique("w");
  auto person = refer(t, referral(name, "1940-02-02", "01632 960003"));
  allocate(t, person, t.a);
  auto& a = as(t.a);
  auto path = "/api/v1/coordination/people/" + std::to_string(person);
  ASSERT_EQ(a.post_json(path, {{"do", "conversation"},
                               {"held_on", "2026-11-20"},
                               {"what_matters", words},
                               {"good_life", "Seeing them every month"}})
                .status,
            201);
  auto& b = as(t.b);
  EXPECT_EQ(b.get(path).status, 403);
  EXPECT_EQ(b.get("/coordination/people/" + std::to_string(person)).status, 403);
  EXPECT_EQ(b.post_json(path, {{"do", "contact"}, {"kind", "phone"}, {"contact_on", "2026-11-21"}}).status, 403);
  // Every coordination route, as page and API, with every id this test knows.
  std::vector<std::string> ids = {std::to_string(person), std::to_string(t.a.id), std::to_string(t.b.id)};
  int asked = 0;
  for (const auto& route : app().server().router().routes()) {
    if (route.method != "GET" || !starts_with(route.pattern, "/coordination")) continue;
    for (const auto& id : ids) {
      std::string p = route.pattern;
      auto at = p.find("{id}");
      if (at != std::string::npos) p.replace(at, 4, id);
      for (const auto& url : {p, "/api/v1" + p}) {
        auto reply = b.get(url);
        ++asked;
        EXPECT_LT(reply.status, 500) << url;
        EXPECT_FALSE(contains(reply.body, name)) << url;
        EXPECT_FALSE(contains(reply.body, words)) << url;
        EXPECT_FALSE(contains(reply.body, "01632 960003")) << url;
      }
    }
  }
  EXPECT_GT(asked, 20);
  // The allocated coordinator and the team lead read it.
  const Json rec = a.get(path).json();
  EXPECT_EQ(rec["person"]["name"], name);
  EXPECT_EQ(rec["conversations"][0]["what_matters"], words);
  EXPECT_EQ(as(t.lead).get(path).status, 200);
  // An admin is not let in by role alone.
  EXPECT_EQ(signed_in("admin").get("/coordination/people/" + std::to_string(person)).status, 403);
}

TEST_P(CoordinationTest, BreakGlassOpensForADayAndIsAuditedAndShownToTheLead) {
  auto t = team();
  auto person = refer(t, referral("Fred Urgent " + unique(""), "1939-03-03", "01632 960004"));
  allocate(t, person, t.a);
  auto& b = as(t.b);
  std::string glass = "/api/v1/coordination/people/" + std::to_string(person) + "/break-glass";
  // Refused, the record's page says why (not "ask for a role") and links to breaking glass.
  auto refused = b.get("/coordination/people/" + std::to_string(person));
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("href=\"" + glass.substr(7) + "\""), std::string::npos) << refused.body;
  EXPECT_EQ(refused.body.find("add the role to your account"), std::string::npos);
  auto refused_api = b.get("/api/v1/coordination/people/" + std::to_string(person));
  EXPECT_EQ(refused_api.json()["type"], "/problems/record-restricted") << refused_api.body;
  EXPECT_EQ(b.post_json(glass, {{"reason", "urgent"}}).status, 422);  // too short to say why
  std::string reason = "Asha is off sick and Fred's carer rang in distress " + unique("");
  auto opened = b.post_json(glass, {{"reason", reason}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  auto rec = b.get("/api/v1/coordination/people/" + std::to_string(person));
  ASSERT_EQ(rec.status, 200);
  EXPECT_TRUE(rec.json()["break_glass"].get<bool>());
  EXPECT_FALSE(rec.json()["may_write"].get<bool>());
  EXPECT_EQ(b.post_json("/api/v1/coordination/people/" + std::to_string(person),
                        {{"do", "contact"}, {"kind", "phone"}, {"contact_on", "2026-11-21"}})
                .status,
            403);
  auto db = app().database().acquire();
  auto row = db->query_one("SELECT expires_at, opened_at FROM coord_break_glass WHERE person_id = ? AND user_id = ?",
                           {person, t.b.id});
  ASSERT_TRUE(row);
  EXPECT_EQ(parse_iso_utc(row->text(0)) - parse_iso_utc(row->text(1)), 24 * 3600);
  EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM coord_record_reads WHERE person_id = ? AND reader_user = ? AND "
                       "break_glass_id IS NOT NULL",
                       {person, t.b.id}),
            1);
  EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'coordination.break_glass' AND entity_id = ?",
                       {std::to_string(person)}),
            1);
  const Json queue = as(t.lead).get("/api/v1/coordination/queue").json();
  bool shown = false;
  for (const auto& g : queue["break_glass"]) shown = shown || g["reason"] == reason;
  EXPECT_TRUE(shown);
  // Expired, it no longer opens.
  db->exec("UPDATE coord_break_glass SET expires_at = '2000-01-01T00:00:00Z' WHERE person_id = ?", {person});
  EXPECT_EQ(b.get("/api/v1/coordination/people/" + std::to_string(person)).status, 403);
}

TEST_P(CoordinationTest, EveryReadIsRecordedAndThePersonSeesWhoRead) {
  auto t = team();
  auto resident = user("Gwen Resident", {"member"});
  auto& me = as(resident);
  auto made = me.post_json("/api/v1/coordination/refer", {{"name", "Gwen Resident" + tag()},
                                                          {"date_of_birth", "1970-04-04"},
                                                          {"phone", "01632 960005"},
                                                          {"what_matters", "Getting out more"},
                                                          {"reasons", {"loneliness"}},
                                                          {"consent_contact", "yes"}});
  ASSERT_EQ(made.status, 201) << made.body;
  std::int64_t person = made.json()["person"];
  allocate(t, person, t.a);
  auto& a = as(t.a);
  auto db = app().database().acquire();
  auto before = db->scalar("SELECT COUNT(*) FROM coord_record_reads WHERE person_id = ?", {person});
  EXPECT_EQ(a.get("/coordination/people/" + std::to_string(person)).status, 200);
  EXPECT_EQ(a.get("/api/v1/coordination/people/" + std::to_string(person)).status, 200);
  EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM coord_record_reads WHERE person_id = ?", {person}), before + 2);
  EXPECT_GE(db->scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'coordination.record.read' AND entity_id = ? AND "
                       "actor_id = ?",
                       {std::to_string(person), t.a.id}),
            2);
  auto data = me.post_form("/account/data.json", {});
  ASSERT_EQ(data.status, 200);
  const Json mine = data.json();
  bool seen = false;
  for (const auto& r : mine["coordination"]["record_reads"])
    seen = seen || contains(r["reader"].get<std::string>(), "Asha Coordinator");
  EXPECT_TRUE(seen) << data.body.substr(0, 2000);
}

TEST_P(CoordinationTest, NothingPersonalIsInTheDatabaseInClear) {
  auto t = team();
  std::string name = "Hilda Secret " + unique("");
  std::string note = "talked about her debts " + unique("n");
  std::string goal = "join the walking group " + unique("g");
  auto person = refer(t, referral(name, "1944-09-09", "01632 960006"));
  allocate(t, person, t.a);
  auto& a = as(t.a);
  std::string path = "/api/v1/coordination/people/" + std::to_string(person);
  ASSERT_EQ(a.post_json(path, {{"do", "contact"},
                               {"kind", "home-visit"},
                               {"contact_on", "2026-11-20"},
                               {"minutes", "50"},
                               {"place", "Her home"},
                               {"note", note}})
                .status,
            201);
  ASSERT_EQ(a.post_json(path, {{"do", "goal"}, {"words", goal}, {"review_on", "2030-01-15"}}).status, 201);
  auto db = app().database().acquire();
  for (const char* table : {"coord_people", "coord_referrals", "coord_contacts", "coord_goals", "coord_cases"}) {
    for (const auto& row : db->query(std::string("SELECT * FROM ") + table)) {
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (row.is_null(i) || !std::holds_alternative<std::string>(row.value(i))) continue;
        auto cell = row.text(i);
        EXPECT_FALSE(contains(cell, name)) << table << "." << row.columns()[i];
        EXPECT_FALSE(contains(cell, note)) << table << "." << row.columns()[i];
        EXPECT_FALSE(contains(cell, goal)) << table << "." << row.columns()[i];
        EXPECT_FALSE(contains(cell, "01632 960006")) << table << "." << row.columns()[i];
        EXPECT_FALSE(contains(cell, "Lonely since her husband died")) << table << "." << row.columns()[i];
      }
    }
  }
  // The sealed note opens under the key, and only under it.
  auto key = coordination::Key::load(app().config().coordination_key_file);
  ASSERT_TRUE(key.ok());
  auto sealed = db->query_one("SELECT note_sealed FROM coord_contacts WHERE note_sealed IS NOT NULL AND case_id = ?",
                              {case_of(person)});
  ASSERT_TRUE(sealed);
  EXPECT_EQ(key->open(sealed->text(0)).value_or(""), note);
  EXPECT_FALSE(coordination::Key::generate().open(sealed->text(0)));
  // The first contact ends the wait.
  EXPECT_FALSE(db->query_one("SELECT first_contact_at FROM coord_cases WHERE id = ?", {case_of(person)})->is_null(0));
}

TEST_P(CoordinationTest, RotationKeepsEverythingReadable) {
  auto t = team();
  std::string name = "Ivy Rotate " + unique("");
  auto person = refer(t, referral(name, "1950-10-10", "01632 960007"));
  allocate(t, person, t.a);
  ASSERT_EQ(as(t.a)
                .post_json("/api/v1/coordination/people/" + std::to_string(person),
                           {{"do", "contact"}, {"kind", "phone"}, {"contact_on", "2026-11-20"}, {"note", "rotating"}})
                .status,
            201);
  auto old_key = coordination::Key::load(app().config().coordination_key_file);
  ASSERT_TRUE(old_key.ok());
  auto new_key = coordination::Key::generate();
  auto handle = app().database().acquire();
  store::Db& db = *handle;
  // Rotated inside a transaction that is rolled back, so the shared server keeps its key.
  store::Transaction tx(db, true);
  auto n = coordination::rotate(db, *old_key, new_key);
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_GT(*n, 5);
  EXPECT_TRUE(coordination::check_or_plant_canary(db, new_key, "new").ok());
  EXPECT_FALSE(coordination::check_or_plant_canary(db, *old_key, "old").ok());
  coordination::CoordStore store(db, new_key);
  auto p = store.person(person);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->name, name);
  EXPECT_EQ(p->contact.phone, "01632 960007");
  EXPECT_EQ(store.contacts(case_of(person)).at(0).note, "rotating");
  // The match hashes moved with the key: the person is still found.
  auto found = store.candidates(coordination::match_hashes(new_key, name, "1950-10-10", "", ""));
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found.front().person_id, person);
  // Rotating with the wrong old key is refused.
  EXPECT_FALSE(coordination::rotate(db, *old_key, new_key).ok());
}

TEST_P(CoordinationTest, AWrongOrMissingKeyIsRefusedAtStart) {
  app::Config config = app().config();
  std::string wrong = std::string(::testing::TempDir()) + "kith-wrong-" + GetParam() + ".key";
  std::remove(wrong.c_str());
  ASSERT_TRUE(coordination::Key::write_new(wrong).ok());
  config.coordination_key_file = wrong;
  try {
    app::App second(config);
    ADD_FAILURE() << "started with the wrong key";
  } catch (const std::exception& e) {
    EXPECT_TRUE(contains(e.what(), "is not the key this database's records were sealed with")) << e.what();
  }
  config.coordination_key_file = wrong + ".missing";
  try {
    app::App second(config);
    ADD_FAILURE() << "started with no key file";
  } catch (const std::exception& e) {
    EXPECT_TRUE(contains(e.what(), "cannot be read")) << e.what();
  }
  // Without a key configured, coordination says it is switched off.
  config.coordination_key_file = "";
  app::App off(config);
  web::Request req;
  req.method = "GET";
  req.path = "/coordination/refer";
  auto res = off.server().handle(req);
  EXPECT_EQ(res.status, 503);
  EXPECT_TRUE(contains(res.body, "Coordination is switched off"));
}

// ---- Findings from walking the module as its users would (issue 17) ----

// Every link in a page's error summary reaches an element with that id on the page.
void expect_summary_links_reach_fields(const std::string& body, const std::string& what) {
  auto start = body.find("govuk-error-summary");
  ASSERT_NE(start, std::string::npos) << what << ": no error summary";
  auto end = body.find("</ul>", start);
  std::string summary = body.substr(start, end - start);
  int links = 0;
  for (auto at = summary.find("href=\"#"); at != std::string::npos; at = summary.find("href=\"#", at + 1)) {
    auto close = summary.find('"', at + 7);
    std::string id = summary.substr(at + 7, close - at - 7);
    ++links;
    EXPECT_TRUE(contains(body, "id=\"" + id + "\""))
        << what << ": the summary links to #" << id << ", which is not on the page";
  }
  EXPECT_GT(links, 0) << what;
}

TEST_P(CoordinationTest, AReferralFormKeepsEveryAnswerWhenItComesBack) {
  auto page = browser();
  page.get("/coordination/refer");
  auto back = page.post_form("/coordination/refer", {{"name", ""},
                                                     {"dob_day", "14"},
                                                     {"dob_month", "6"},
                                                     {"dob_year", "1952"},
                                                     {"phone", "01632 960123"},
                                                     {"prefer", "phone"},
                                                     {"may_leave_message", "no"},
                                                     {"what_matters", "The allotment"},
                                                     {"reasons", "loneliness"},
                                                     {"reasons", "money"},
                                                     {"consent_contact", "yes"}});
  ASSERT_EQ(back.status, 422) << back.body.substr(0, 400);
  for (const char* kept : {R"(id="prefer-phone" name="prefer" type="radio" value="phone" checked)",
                           R"(id="may_leave_message-no" name="may_leave_message" type="radio" value="no" checked)",
                           R"(id="consent_contact-yes" name="consent_contact" type="radio" value="yes" checked)",
                           R"(id="reasons-loneliness" name="reasons" type="checkbox" value="loneliness" checked)",
                           R"(id="reasons-money" name="reasons" type="checkbox" value="money" checked)",
                           R"(name="dob_day" type="text" inputmode="numeric" value="14")",
                           R"(name="dob_year" type="text" inputmode="numeric" value="1952")"})
    EXPECT_TRUE(contains(back.body, kept)) << kept;
  EXPECT_FALSE(contains(back.body, R"(value="phone" checked)") && contains(back.body, R"(value="email" checked)"));
  EXPECT_FALSE(contains(back.body, R"(id="reasons-housing" name="reasons" type="checkbox" value="housing" checked)"));
  expect_summary_links_reach_fields(back.body, "self-referral");

  // The professional form too: who refers, how soon, and what the person agreed.
  auto t = team();
  auto& gp = as(t.referrer);
  gp.get("/coordination/referrals/new");
  auto pro = gp.post_form("/coordination/referrals/new", {{"source", "councillor"},
                                                          {"referrer_org", "Ward office"},
                                                          {"urgency", "soon"},
                                                          {"consent_share_back", "yes"},
                                                          {"consent_contact", "no"}});
  ASSERT_EQ(pro.status, 422);
  for (const char* kept : {R"(id="source-councillor" name="source" type="radio" value="councillor" checked)",
                           R"(id="urgency-soon" name="urgency" type="radio" value="soon" checked)",
                           R"(id="consent_share_back-yes" name="consent_share_back" type="radio" value="yes" checked)",
                           R"(id="consent_contact-no" name="consent_contact" type="radio" value="no" checked)"})
    EXPECT_TRUE(contains(pro.body, kept)) << kept;
  EXPECT_FALSE(contains(pro.body, R"(value="gp" checked)"));
  expect_summary_links_reach_fields(pro.body, "professional referral");

  // Once they have referred, a fresh form starts with their practice and route.
  EXPECT_FALSE(contains(gp.get("/coordination/referrals/new").body, R"(value="Orchard Surgery")"));
  refer(t, referral("Pat Prefill " + unique(""), "1950-05-05", "01632 960051"));
  auto again = gp.get("/coordination/referrals/new").body;
  EXPECT_TRUE(contains(again, R"(name="referrer_org" type="text" value="Orchard Surgery")")) << again;
  EXPECT_TRUE(contains(again, R"(id="source-gp" name="source" type="radio" value="gp" checked)")) << again;
}

TEST_P(CoordinationTest, DateOfBirthIsAGovukDateInputThatNamesThePartAtFault) {
  auto page = browser();
  page.get("/coordination/refer");
  auto form = page.get("/coordination/refer").body;
  for (const char* part :
       {R"(id="dob_day" name="dob_day")", R"(id="dob_month" name="dob_month")", R"(id="dob_year" name="dob_year")"})
    EXPECT_TRUE(contains(form, part)) << part;
  EXPECT_FALSE(contains(form, "For example, 1958-03-27"));
  struct Case {
    std::string day, month, year, field, message;
  };
  for (const auto& c : std::vector<Case>{{"14", "", "1952", "dob_month", "Date of birth must include a month"},
                                         {"", "6", "1952", "dob_day", "Date of birth must include a day"},
                                         {"14", "6", "52", "dob_year", "Year must include 4 numbers"},
                                         {"30", "2", "1952", "dob_day", "Date of birth must be a real date"},
                                         {"14", "13", "1952", "dob_month", "Date of birth must be a real date"},
                                         {"1", "1", "1850", "dob_year", "Date of birth must be between 1900 and 2099"},
                                         {"1", "1", "2099", "dob_day", "Date of birth must be in the past"}}) {
    auto r = page.post_form("/coordination/refer",
                            {{"name", "Dee Date"}, {"dob_day", c.day}, {"dob_month", c.month}, {"dob_year", c.year}});
    EXPECT_EQ(r.status, 422);
    EXPECT_TRUE(contains(r.body, "href=\"#" + c.field + "\">" + c.message)) << c.day << "/" << c.month << "/" << c.year;
    EXPECT_TRUE(contains(r.body, "id=\"" + c.field + "-error\"")) << c.field;
    expect_summary_links_reach_fields(r.body, "date of birth " + c.field);
  }
  // In Welsh, the part at fault is said in Welsh, with the field's own Welsh name.
  auto welsh = browser();
  welsh.get("/coordination/refer?lang=cy");
  auto cy = welsh.post_form("/coordination/refer",
                            {{"name", "Dee Date"}, {"dob_day", "14"}, {"dob_month", ""}, {"dob_year", "1952"}});
  EXPECT_EQ(cy.status, 422);
  EXPECT_TRUE(contains(cy.body, "href=\"#dob_month\">Dyddiad geni: rhaid cynnwys mis")) << cy.body;
  EXPECT_FALSE(contains(cy.body, "must include a month"));
  // The parts make the date: the person is matched on it like one given as YYYY-MM-DD.
  std::string name = "Dora Parts " + unique("");
  auto first = browser().post_json("/api/v1/coordination/refer", {{"name", name},
                                                                  {"dob_day", "3"},
                                                                  {"dob_month", "2"},
                                                                  {"dob_year", "1950"},
                                                                  {"email", "dora.parts@example.com"},
                                                                  {"what_matters", "Company"},
                                                                  {"reasons", {"loneliness"}},
                                                                  {"consent_contact", "yes"}});
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = browser().post_json("/api/v1/coordination/refer", {{"name", name},
                                                                  {"date_of_birth", "1950-02-03"},
                                                                  {"email", "dora.parts@example.com"},
                                                                  {"what_matters", "Company"},
                                                                  {"reasons", {"loneliness"}},
                                                                  {"consent_contact", "yes"}});
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_TRUE(again.json()["joined"].get<bool>());
  EXPECT_EQ(again.json()["person"], first.json()["person"]);
}

// A resident finds the way from the home page, and signed in starts with their own name.
TEST_P(CoordinationTest, AResidentFindsHowToAskForSupportFromTheHomePage) {
  EXPECT_TRUE(contains(browser().get("/").body, R"(href="/coordination/refer")"));
  auto sam = user("Sam Selfask", {"member"});
  auto form = as(sam).get("/coordination/refer");
  EXPECT_TRUE(contains(form.body, R"(id="name" name="name" type="text" value="Sam Selfask )"))
      << form.body.substr(0, 500);
  EXPECT_TRUE(contains(form.body, "value=\"" + sam.email + "\""));
  // In Urdu, the self-referral's own errors are Urdu.
  auto urdu = browser();
  auto r = urdu.post_form("/coordination/refer?lang=ur", {{"consent_contact", ""}});
  ASSERT_EQ(r.status, 422);
  for (const char* english : {"Enter your full name", "Say what matters to you", "Say whether you agree"})
    EXPECT_FALSE(contains(r.body, english)) << english;
}

TEST_P(CoordinationTest, TheSelfReferralFormSpeaksToYou) {
  auto page = browser();
  auto form = page.get("/coordination/refer");
  EXPECT_FALSE(contains(form.body, "the person")) << "self-referral page speaks of the person";
  EXPECT_TRUE(contains(form.body, "Your full name"));
  auto r = page.post_form("/coordination/refer", {{"consent_contact", ""}});
  ASSERT_EQ(r.status, 422);
  EXPECT_FALSE(contains(r.body, "person being referred"));
  EXPECT_FALSE(contains(r.body, "the person"));
  EXPECT_TRUE(contains(r.body, "Enter your full name"));
  EXPECT_TRUE(contains(r.body, "Enter your date of birth"));
  EXPECT_TRUE(contains(r.body, "Say whether you agree that a coordinator contacts you"));
  // A referrer is still asked about the person.
  auto t = team();
  auto& gp = as(t.referrer);
  gp.get("/coordination/referrals/new");
  auto pro = gp.post_form("/coordination/referrals/new", {{"source", "gp"}});
  EXPECT_TRUE(contains(pro.body, "Enter the name of the person being referred"));
}

TEST_P(CoordinationTest, EveryErrorSummaryLinkReachesItsField) {
  auto t = team();
  auto person = refer(t, referral("Ivy Links " + unique(""), "1941-01-01", "01632 960011"));
  auto& lead = as(t.lead);
  std::string c = std::to_string(case_of(person));
  lead.get("/coordination/queue");
  auto decline = lead.post_form("/coordination/queue", {{"case", c}, {"do", "decline"}, {"reason", ""}});
  ASSERT_EQ(decline.status, 422);
  EXPECT_TRUE(contains(decline.body, R"(href="#reason")"));
  expect_summary_links_reach_fields(decline.body, "decline");
  // Only the card that was sent carries the error; the others keep their own ids.
  EXPECT_TRUE(contains(decline.body, R"(id="reason-error")"));
  lead.get("/coordination/teams");
  auto member = lead.post_form(
      "/coordination/teams",
      {{"do", "member"}, {"team", std::to_string(t.id)}, {"email", "nobody@coord.kith.test"}, {"role", "lead"}});
  ASSERT_EQ(member.status, 422);
  EXPECT_TRUE(contains(member.body, R"(href="#email")"));
  expect_summary_links_reach_fields(member.body, "team member");
  EXPECT_TRUE(contains(member.body, R"(value="nobody@coord.kith.test")"));
  EXPECT_TRUE(contains(member.body, R"(<option value="lead" selected>)"));
  allocate(t, person, t.a);
  auto& a = as(t.a);
  std::string record = "/coordination/people/" + std::to_string(person);
  a.get(record);
  struct Form {
    std::string what;
    std::vector<std::pair<std::string, std::string>> fields;
  };
  for (const auto& f : std::vector<Form>{
           {"contact",
            {{"do", "contact"},
             {"kind", "fax"},
             {"contact_on_day", "31"},
             {"contact_on_month", "4"},
             {"contact_on_year", "2026"}}},
           {"conversation", {{"do", "conversation"}, {"held_on_day", "1"}, {"held_on_year", "2026"}}},
           {"strength", {{"do", "strength"}, {"kind", "nonsense"}}},
           {"goal",
            {{"do", "goal"},
             {"words", ""},
             {"review_on_day", "40"},
             {"review_on_month", "1"},
             {"review_on_year", "2027"}}},
       }) {
    auto r = a.post_form(record, f.fields);
    EXPECT_EQ(r.status, 422) << f.what;
    expect_summary_links_reach_fields(r.body, f.what);
    EXPECT_TRUE(contains(r.body, R"(<details class="govuk-details" open>)")) << f.what << ": its form stays hidden";
  }
  auto contact = a.post_form(record, {{"do", "contact"},
                                      {"kind", "home-visit"},
                                      {"contact_on_day", "31"},
                                      {"contact_on_month", "4"},
                                      {"contact_on_year", "2026"},
                                      {"place", "Library"}});
  EXPECT_TRUE(contains(contact.body, R"(href="#contact_on_day">Date of the contact must be a real date)"));
  EXPECT_TRUE(contains(contact.body, R"(<option value="home-visit" selected>)"));
  EXPECT_TRUE(contains(contact.body, R"(value="Library")"));
  // The wellbeing forms share a page: each error names its own form's field.
  std::string outcomes = record + "/outcomes";
  a.get(outcomes);
  auto ons = a.post_form(outcomes, {{"do", "wellbeing"},
                                    {"instrument", "ONS4"},
                                    {"occasion", "review"},
                                    {"taken_on_day", "31"},
                                    {"taken_on_month", "2"},
                                    {"taken_on_year", "2026"},
                                    {"item_life-satisfaction", "11"}});
  EXPECT_EQ(ons.status, 422);
  expect_summary_links_reach_fields(ons.body, "ONS4");
  EXPECT_TRUE(contains(ons.body, R"(<option value="review" selected>)"));
  // The date's day is named at fault, by its own form's input, with what was written kept.
  EXPECT_TRUE(contains(ons.body, R"(href="#ons_taken_on_day">Date it was measured must be a real date)"));
  EXPECT_TRUE(
      contains(ons.body, R"(id="ons_taken_on_day" name="taken_on_day" type="text" inputmode="numeric" value="31")"));
  EXPECT_TRUE(contains(ons.body, R"(id="oc_taken_on_day" name="taken_on_day" type="text" inputmode="numeric")"));
  // The other forms there keep their choices, and their links reach their fields.
  std::string unit;
  {
    auto db = app().database().acquire();
    unit = std::to_string(db->scalar("SELECT MAX(id) FROM coord_unit_costs WHERE active = 1"));
  }
  auto cost = a.post_form(outcomes, {{"do", "cost"},
                                     {"unit_cost", unit},
                                     {"units_each", "two"},
                                     {"times_per_year", "12"},
                                     {"months", "6"},
                                     {"confidence", "medium"}});
  EXPECT_EQ(cost.status, 422);
  expect_summary_links_reach_fields(cost.body, "cost");
  EXPECT_TRUE(contains(cost.body, R"(value="medium" checked)"));
  EXPECT_TRUE(contains(cost.body, "<option value=\"" + unit + "\" selected>"));
  EXPECT_TRUE(contains(cost.body, R"(id="units_each" name="units_each" type="text" value="two")"));
  auto gave = a.post_form(outcomes, {{"do", "contribution"}, {"kind", "timebank"}, {"what", ""}});
  EXPECT_EQ(gave.status, 422);
  expect_summary_links_reach_fields(gave.body, "contribution");
  EXPECT_TRUE(contains(gave.body, R"(<option value="timebank" selected>)"));
}

TEST_P(CoordinationTest, AReferralThatJoinsAnAcceptedCaseCarriesItsSnomedCode) {
  auto t = team();
  std::string name = "Jo Joined " + unique("");
  auto person = refer(t, referral(name, "1947-07-07", "01632 960012"));
  allocate(t, person, t.a);
  auto second =
      as(t.referrer).post_json("/api/v1/coordination/referrals", referral(name, "1947-07-07", "01632 960016"));
  ASSERT_EQ(second.status, 201) << second.body;
  ASSERT_TRUE(second.json()["joined"].get<bool>());
  std::int64_t joined = second.json()["id"];
  const Json mine = as(t.referrer).get("/api/v1/coordination/referrals").json();
  int coded = 0;
  for (const auto& r : mine["referrals"])
    if (r["name"].get<std::string>() == name && r["snomed_code"] == "871731000000106") ++coded;
  EXPECT_EQ(coded, 2) << mine.dump();
  EXPECT_TRUE(contains(as(t.referrer).get("/coordination/referrals").body, "SNOMED CT 871731000000106"));
  // Closing tells each referrer with the code.
  auto& a = as(t.a);
  std::string outcomes = "/api/v1/coordination/people/" + std::to_string(person) + "/outcomes";
  auto closed = a.post_json(outcomes, {{"do", "close"},
                                       {"reason", "goals-met"},
                                       {"tell_referrer", "yes"},
                                       {"message", "Jo goes to the lunch club every week."}});
  ASSERT_EQ(closed.status, 201) << closed.body;
  auto db = app().database().acquire();
  auto fields = db->query_one("SELECT fields FROM outbox WHERE idempotency_key = ?",
                              {"referral_update:" + std::to_string(joined) + ":closed"});
  ASSERT_TRUE(fields);
  EXPECT_EQ(Json::parse(fields->text(0))["snomed"], "871731000000106 Referral to social prescribing service");
}

TEST_P(CoordinationTest, ARepeatedPostMakesOneReferral) {
  auto page = browser();
  auto form = page.get("/coordination/refer").body;
  auto at = form.find(R"(name="idempotency_key" value=")");
  ASSERT_NE(at, std::string::npos) << "the form carries no idempotency key";
  at += std::string(R"(name="idempotency_key" value=")").size();
  std::string key = form.substr(at, form.find('"', at) - at);
  ASSERT_GE(key.size(), 16u);
  EXPECT_NE(key, [&] {
    auto other = browser().get("/coordination/refer").body;
    auto i = other.find(R"(name="idempotency_key" value=")") + 30;
    return other.substr(i, other.find('"', i) - i);
  }());
  std::vector<std::pair<std::string, std::string>> fields = {{"idempotency_key", key},
                                                             {"name", "Twice Clicked " + unique("")},
                                                             {"dob_day", "9"},
                                                             {"dob_month", "9"},
                                                             {"dob_year", "1959"},
                                                             {"email", "twice@example.com"},
                                                             {"what_matters", "Meeting people"},
                                                             {"reasons", "loneliness"},
                                                             {"consent_contact", "yes"}};
  EXPECT_EQ(page.post_form("/coordination/refer", fields).status, 303);
  EXPECT_EQ(page.post_form("/coordination/refer", fields).status, 303);
  auto db = app().database().acquire();
  EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM coord_referrals WHERE idempotency_key = ?", {key}), 1);
  EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM audit_log WHERE action IN ('coordination.referral.create', "
                       "'coordination.referral.join') AND entity_id = (SELECT CAST(id AS TEXT) FROM coord_referrals "
                       "WHERE idempotency_key = ?)",
                       {key}),
            1);
  // The API honours an Idempotency-Key header likewise; another sender's key is refused.
  auto t = team();
  std::string api_key = "api-" + unique("key");
  Json body = referral("Hal Header " + unique(""), "1950-05-05", "01632 960013");
  auto one = as(t.referrer)
                 .send_with("POST", "/api/v1/coordination/referrals", body.dump(), "application/json",
                            {{"Idempotency-Key", api_key}});
  auto two = as(t.referrer)
                 .send_with("POST", "/api/v1/coordination/referrals", body.dump(), "application/json",
                            {{"Idempotency-Key", api_key}});
  ASSERT_EQ(one.status, 201) << one.body;
  ASSERT_EQ(two.status, 201) << two.body;
  EXPECT_EQ(one.json()["id"], two.json()["id"]);
  EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM coord_referrals WHERE idempotency_key = ?", {api_key}), 1);
  auto other = user("Dr Other", {"referrer"});
  auto stolen = as(other).send_with("POST", "/api/v1/coordination/referrals", body.dump(), "application/json",
                                    {{"Idempotency-Key", api_key}});
  EXPECT_EQ(stolen.status, 409) << stolen.body;
  EXPECT_FALSE(contains(stolen.body, "Hal Header"));
}

TEST_P(CoordinationTest, ASecondStartMeasureIsRefused) {
  auto t = team();
  auto person = refer(t, referral("Stella Start " + unique(""), "1946-06-06", "01632 960014"));
  allocate(t, person, t.a);
  auto& a = as(t.a);
  std::string api = "/api/v1/coordination/people/" + std::to_string(person) + "/outcomes";
  Json ons = {{"do", "wellbeing"},
              {"instrument", "ONS4"},
              {"occasion", "start"},
              {"taken_on", "2026-11-02"},
              {"item_life-satisfaction", "4"},
              {"item_worthwhile", "5"},
              {"item_happy", "4"},
              {"item_anxious", "6"}};
  ASSERT_EQ(a.post_json(api, ons).status, 201);
  auto twice = a.post_json(api, ons);
  EXPECT_EQ(twice.status, 422) << twice.body;
  EXPECT_TRUE(contains(twice.body, "ONS4 at the start was already recorded on 2 November 2026")) << twice.body;
  ons["taken_on"] = "2026-11-03";
  EXPECT_EQ(a.post_json(api, ons).status, 422);
  ons["occasion"] = "review";
  EXPECT_EQ(a.post_json(api, ons).status, 201);
  EXPECT_EQ(a.post_json(api, ons).status, 201);  // reviews: as many as there are
  auto db = app().database().acquire();
  EXPECT_EQ(
      db->scalar("SELECT COUNT(*) FROM coord_wellbeing WHERE case_id = ? AND occasion = 'start'", {case_of(person)}),
      1);
  // On the page, the message is by the form's own field.
  std::string page = "/coordination/people/" + std::to_string(person) + "/outcomes";
  a.get(page);
  auto r = a.post_form(page, {{"do", "wellbeing"},
                              {"instrument", "ONS4"},
                              {"occasion", "start"},
                              {"taken_on", "2026-11-04"},
                              {"item_life-satisfaction", "5"},
                              {"item_worthwhile", "5"},
                              {"item_happy", "5"},
                              {"item_anxious", "5"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(contains(r.body, R"(href="#ons_occasion">ONS4 at the start was already recorded)"));
  expect_summary_links_reach_fields(r.body, "second start");
}

TEST_P(CoordinationTest, OnlyTheCoordinatorAndTheirLeadsSeeTheirNeighbourhoods) {
  auto t = team();
  std::string page = "/coordination/coordinators/" + std::to_string(t.a.id);
  EXPECT_EQ(as(t.a).get(page).status, 200);
  EXPECT_EQ(as(t.lead).get(page).status, 200);
  EXPECT_EQ(as(t.b).get(page).status, 403);
  EXPECT_EQ(as(t.b).get("/api/v1" + page).status, 403);
  // A lead of another team does not.
  auto other = user("Olive Lead", {"team_lead"});
  auto made = as(other).post_json("/api/v1/coordination/teams", {{"do", "team"}, {"name", unique("Other team")}});
  ASSERT_EQ(made.status, 201) << made.body;
  ASSERT_EQ(
      as(other)
          .post_json("/api/v1/coordination/teams", {{"do", "member"},
                                                    {"team", std::to_string(made.json()["id"].get<std::int64_t>())},
                                                    {"email", other.email},
                                                    {"role", "lead"}})
          .status,
      201);
  EXPECT_EQ(as(other).get(page).status, 403);
}

TEST_P(CoordinationTest, SomeoneWhoReferredThemselfFindsTheirRecordOnceTheirEmailIsConfirmed) {
  std::string email = "self." + sha256_hex(unique("ref")).substr(0, 12) + "@coord.kith.test";
  for (auto& ch : email)
    if (ch == '/' || ch == ' ') ch = '-';
  std::string name = "Sol Self " + unique("");
  auto made = browser().post_json("/api/v1/coordination/refer", {{"name", name},
                                                                 {"date_of_birth", "1966-06-16"},
                                                                 {"email", email},
                                                                 {"what_matters", "Getting out"},
                                                                 {"reasons", {"loneliness"}},
                                                                 {"consent_contact", "yes"}});
  ASSERT_EQ(made.status, 201) << made.body;
  std::int64_t person = made.json()["person"];
  // Someone else signing up learns nothing.
  auto stranger = user("Stranger", {"member"});
  EXPECT_FALSE(contains(as(stranger).get("/account/data").body, "/coordination/my-record"));
  EXPECT_FALSE(contains(as(stranger).get("/coordination/my-record").body, name));
  // An account with that address, confirmed: its data page links the record, which opens.
  {
    auto db = app().database().acquire();
    auto u = accounts::add_user(*db, audit::Actor::system("coordination test"), email, "Sol", kCoordinationPassword,
                                {"member"});
    ASSERT_TRUE(u.ok());
  }
  Browser sol = browser();
  sol.sign_in(email, kCoordinationPassword);
  EXPECT_TRUE(contains(sol.get("/account/data").body, R"(href="/coordination/my-record")"));
  auto mine = sol.get("/coordination/my-record");
  EXPECT_EQ(mine.status, 200);
  EXPECT_TRUE(contains(mine.body, name));
  // Their own words from the referral, before any conversation is written; empty parts say so.
  EXPECT_TRUE(contains(mine.body, "What you told us on ")) << mine.body;
  EXPECT_TRUE(contains(mine.body, "Getting out"));
  EXPECT_FALSE(contains(mine.body, "Nothing is written down yet"));
  EXPECT_TRUE(contains(mine.body, "No wellbeing questions answered yet."));
  auto db = app().database().acquire();
  EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM coord_people WHERE id = ? AND user_id IS NOT NULL", {person}), 1);
  EXPECT_EQ(db->scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'coordination.person.link' AND entity_id = ?",
                       {std::to_string(person)}),
            1);
  // An address two people gave links neither.
  std::string shared = "family." + sha256_hex(unique("ref")).substr(0, 12) + "@coord.kith.test";
  for (auto& ch : shared)
    if (ch == '/' || ch == ' ') ch = '-';
  for (const char* who : {"Fay Family", "Finn Family"}) {
    auto r = browser().post_json("/api/v1/coordination/refer", {{"name", std::string(who) + unique("")},
                                                                {"date_of_birth", "1980-01-01"},
                                                                {"email", shared},
                                                                {"what_matters", "Getting out"},
                                                                {"reasons", {"loneliness"}},
                                                                {"consent_contact", "yes"}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  ASSERT_TRUE(accounts::add_user(*db, audit::Actor::system("coordination test"), shared, "Fay", kCoordinationPassword,
                                 {"member"})
                  .ok());
  Browser fay = browser();
  fay.sign_in(shared, kCoordinationPassword);
  EXPECT_FALSE(contains(fay.get("/account/data").body, "/coordination/my-record"));
  EXPECT_FALSE(contains(fay.get("/coordination/my-record").body, "Finn Family"));
}

TEST_P(CoordinationTest, TheQueueAndReadLogGiveDatesInWordsAndTheLogIsPaged) {
  auto t = team();
  auto person = refer(t, referral("Wyn Words " + unique(""), "1945-05-05", "01632 960015"));
  auto queue = as(t.lead).get("/coordination/queue").body;
  auto card = queue.find("Wyn Words");
  ASSERT_NE(card, std::string::npos);
  std::string today = date_in_words(now_iso());
  EXPECT_TRUE(contains(queue, "Referred on " + today + " at ")) << queue.substr(card, 1500);
  EXPECT_FALSE(contains(queue, "Referred " + now_iso().substr(0, 10)));
  allocate(t, person, t.a);
  auto& a = as(t.a);
  std::string record = "/coordination/people/" + std::to_string(person);
  for (int i = 0; i < 30; ++i) ASSERT_EQ(a.get("/api/v1" + record).status, 200);
  auto first = a.get(record).body;
  EXPECT_TRUE(contains(first, "Page 1 of 2 ("))
      << first.substr(std::min(first.size(), first.find("id=\"reads\"")), 600);
  EXPECT_TRUE(contains(first, "?reads=2#reads"));
  EXPECT_TRUE(contains(first, ">" + today + " at "));
  EXPECT_FALSE(contains(first, ">" + now_iso().substr(0, 10) + "T"));
  auto second = a.get(record + "?reads=2").body;
  EXPECT_TRUE(contains(second, "Page 2 of 2 ("));
  // 25 a page, newest first: the second page holds the rest.
  auto rows = [](const std::string& body) {
    int n = 0;
    for (auto at = body.find("<time datetime="); at != std::string::npos; at = body.find("<time datetime=", at + 1))
      ++n;
    return n;
  };
  EXPECT_EQ(rows(first), 25);
  EXPECT_GE(rows(second), 5);
  EXPECT_LE(rows(second), 7);
  EXPECT_TRUE(contains(second, "?reads=1#reads"));
}

INSTANTIATE_TEST_SUITE_P(Backends, CoordinationTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
