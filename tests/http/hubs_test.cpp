// Community hubs over the real server on both backends, with Thurrock's demo hubs:
// residents read opening times in words and "open now"; volunteers sign up for
// shifts, are refused a full one with a clear message and withdraw; the cover-needed
// list; organisers record visits and see them by week; a referral is seen only by that
// hub's organisers and its referrer, every read and refusal audited; bad input named.
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/text.h"
#include "hubs/hubs.h"
#include "support/harness.h"

namespace kith {
namespace {

using Json = nlohmann::json;

class HubsTest : public testing::BackendSuite {
 protected:
  std::int64_t scalar(const std::string& sql, const store::Params& p = {}) {
    auto handle = testing::shared_server(GetParam()).app().database().acquire();
    return handle->scalar(sql, p);
  }
  std::string hub_id(const std::string& name) {
    return std::to_string(scalar("SELECT id FROM hubs WHERE name = ?", {name}));
  }
  std::string ockendon() { return hub_id("Ockendon Community Hub (demo)"); }
  std::string chadwell() { return hub_id("Chadwell Community Hub (demo)"); }
};

std::string day_parts_today(std::int64_t offset, const std::string& prefix,
                            std::vector<std::pair<std::string, std::string>>& form) {
  std::string iso = hubs::civil_from_days(hubs::london(now_seconds()).days + offset);
  form.emplace_back(prefix + "_day", std::to_string(std::stoi(iso.substr(8, 2))));
  form.emplace_back(prefix + "_month", std::to_string(std::stoi(iso.substr(5, 2))));
  form.emplace_back(prefix + "_year", iso.substr(0, 4));
  return iso;
}

TEST_P(HubsTest, ResidentsSeeWhenAHubIsOpenInWords) {
  auto b = browser();
  Json list = b.get("/api/v1/hubs").json();
  ASSERT_EQ(list["count_text"], "2 hubs") << list.dump().substr(0, 300) << tag();
  std::string id = ockendon();
  auto page = b.get("/hubs/" + id);
  ASSERT_EQ(page.status, 200) << tag();
  EXPECT_NE(page.body.find("Monday"), std::string::npos) << tag();
  EXPECT_NE(page.body.find("10am to 1pm and 2pm to 4pm"), std::string::npos) << "Wednesday's two sessions" << tag();
  // The demo hub meets in the demo directory's Ockendon community room: its page
  // gives that address and lists what is on there, linked to the directory.
  EXPECT_NE(page.body.find("RM15 5LY"), std::string::npos) << tag();
  EXPECT_NE(page.body.find("Ockendon Community Room (demo)"), std::string::npos) << tag();
  auto services_at = page.body.find("id=\"services\"");
  ASSERT_NE(services_at, std::string::npos) << tag();
  EXPECT_NE(page.body.find("Ockendon Community Pantry (demo)", services_at), std::string::npos) << tag();
  EXPECT_NE(page.body.find("How to volunteer"), std::string::npos) << tag();
  // An organiser opens it all day today: the page says it is open now, in words.
  auto cara = signed_in("coordinator");
  int weekday = hubs::weekday_of(hubs::london(now_seconds()).days);
  auto added = cara.post_form(
      "/hubs/" + id + "/manage",
      {{"form", "session"}, {"weekday", std::to_string(weekday)}, {"opens", "00:00"}, {"closes", "23:59"}});
  ASSERT_EQ(added.status, 303) << added.body.substr(0, 400) << tag();
  Json hub = b.get("/api/v1/hubs/" + id).json();
  EXPECT_TRUE(hub["open_now"].get<bool>()) << hub["open_words"] << tag();
  EXPECT_EQ(hub["open_words"], "Open now until 11:59pm") << tag();
  EXPECT_NE(b.get("/hubs").body.find("Open now until 11:59pm"), std::string::npos) << tag();
  // Closed today instead: the closure is skipped and "opens" names a later day.
  std::vector<std::pair<std::string, std::string>> closure = {{"form", "closure"}, {"reason", "Boiler repair"}};
  day_parts_today(0, "closure_date", closure);
  ASSERT_EQ(cara.post_form("/hubs/" + id + "/manage", closure).status, 303) << tag();
  hub = b.get("/api/v1/hubs/" + id).json();
  EXPECT_FALSE(hub["open_now"].get<bool>()) << tag();
  EXPECT_EQ(hub["open_words"].get<std::string>().rfind("Closed now: opens ", 0), 0u) << hub["open_words"] << tag();
  EXPECT_NE(b.get("/hubs/" + id).body.find("Boiler repair"), std::string::npos) << tag();
  // Put back as it was: the session removed (the closure stays, dated today).
  auto session = scalar("SELECT id FROM hub_opening WHERE hub_id = ? AND opens = '00:00'", {std::stoll(id)});
  ASSERT_EQ(
      cara.post_form("/hubs/" + id + "/manage", {{"form", "remove_session"}, {"session", std::to_string(session)}})
          .status,
      303)
      << tag();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'hub.opening.%' AND entity_id = ?", {id}), 2)
      << tag();
}

TEST_P(HubsTest, BadOpeningTimesShiftsAndCountsAreNamed) {
  auto cara = signed_in("coordinator");
  std::string path = "/hubs/" + ockendon() + "/manage";
  auto backwards =
      cara.post_form(path, {{"form", "session"}, {"weekday", "1"}, {"opens", "14:00"}, {"closes", "10:00"}});
  EXPECT_EQ(backwards.status, 422) << tag();
  EXPECT_NE(backwards.body.find("The closing time must be after the opening time"), std::string::npos) << tag();
  EXPECT_NE(backwards.body.find("href=\"#closes\""), std::string::npos) << tag();
  auto funday = cara.post_json("/api/v1" + path,
                               {{"form", "session"}, {"weekday", "Funday"}, {"opens", "10:00"}, {"closes", "12:00"}});
  EXPECT_EQ(funday.status, 422) << tag();
  EXPECT_NE(funday.body.find("Select a day of the week, Monday to Sunday"), std::string::npos) << tag();
  std::vector<std::pair<std::string, std::string>> shift = {
      {"form", "shift"}, {"starts", "12:00"}, {"ends", "09:00"}, {"role", "Welcome desk"}, {"needed", "2"}};
  day_parts_today(1, "shift_date", shift);
  auto bad_shift = cara.post_form(path, shift);
  EXPECT_EQ(bad_shift.status, 422) << tag();
  EXPECT_NE(bad_shift.body.find("The shift must end after it starts"), std::string::npos) << tag();
  EXPECT_NE(bad_shift.body.find("value=\"Welcome desk\""), std::string::npos) << "what was typed stays" << tag();
  for (const auto& [count, message] : std::vector<std::pair<std::string, std::string>>{
           {"-1", "The number of people cannot be less than 0"},
           {"99999", "The number of people must be 5,000 or fewer for one session"},
           {"lots", "Enter how many people came as a whole number, like 12"}}) {
    std::vector<std::pair<std::string, std::string>> visit = {
        {"form", "visit"}, {"session", "10:00"}, {"people", count}};
    day_parts_today(0, "visit_date", visit);
    auto r = cara.post_form(path, visit);
    EXPECT_EQ(r.status, 422) << count << tag();
    EXPECT_NE(r.body.find(message), std::string::npos) << count << tag();
  }
  std::vector<std::pair<std::string, std::string>> future = {{"form", "visit"}, {"session", "10:00"}, {"people", "3"}};
  day_parts_today(3, "visit_date", future);
  EXPECT_NE(cara.post_form(path, future).body.find("The session&#39;s date must be today or earlier"),
            std::string::npos)
      << tag();
}

TEST_P(HubsTest, VolunteersSignUpAFullShiftIsRefusedAndTheyWithdraw) {
  auto kofi = signed_in("coordinator2");  // Chadwell's organiser
  std::string path = "/hubs/" + chadwell() + "/manage";
  std::string role = "Library corner" + tag();
  std::vector<std::pair<std::string, std::string>> form = {
      {"form", "shift"}, {"starts", "18:30"}, {"ends", "20:00"}, {"role", role}, {"needed", "1"}};
  day_parts_today(2, "shift_date", form);
  auto made = kofi.post_form(path, form);
  ASSERT_EQ(made.status, 303) << made.body.substr(0, 600) << tag();
  auto shift = scalar("SELECT id FROM hub_shifts WHERE role = ?", {role});
  // A second shift that evening, overlapping the first by half an hour.
  auto later = form;
  for (auto& [name, value] : later) {
    if (name == "starts") value = "19:30";
    if (name == "ends") value = "21:00";
    if (name == "role") value = "Tidy up" + tag();
  }
  ASSERT_EQ(kofi.post_form(path, later).status, 303) << tag();
  auto overlapping = scalar("SELECT id FROM hub_shifts WHERE role = ?", {"Tidy up" + tag()});
  std::string href = "/hubs/shifts/" + std::to_string(shift);
  auto in_cover = [&](testing::Browser& b) {
    Json cover = b.get("/api/v1/hubs/cover-needed").json();
    for (const auto& s : cover["shifts"])
      if (s["id"] == shift) return true;
    return false;
  };
  auto member = signed_in("member");
  EXPECT_TRUE(in_cover(member)) << tag();
  // Someone signed in is asked to choose; someone not is shown how to get an account.
  EXPECT_NE(member.get("/hubs/cover-needed").body.find("Choose a shift to sign up for it"), std::string::npos);
  const std::string anyone = browser().get("/hubs/cover-needed").body;
  EXPECT_NE(anyone.find("href=\"/sign-up?next=/hubs/cover-needed\""), std::string::npos) << anyone;
  EXPECT_EQ(anyone.find("Choose a shift to sign up for it"), std::string::npos);
  auto up = member.post_form(href, {{"do", "sign_up"}});
  ASSERT_EQ(up.status, 303) << up.body.substr(0, 400) << tag();
  EXPECT_NE(member.get(href).body.find("You are signed up for this shift"), std::string::npos) << tag();
  EXPECT_FALSE(in_cover(member)) << "full, so no longer short" << tag();
  auto again = member.post_form(href, {{"do", "sign_up"}});
  EXPECT_EQ(again.status, 422) << tag();
  EXPECT_NE(again.body.find("You are already signed up for this shift"), std::string::npos) << tag();
  // One shift's time at a time: the overlapping one is refused, naming the first.
  auto twice = member.post_json("/api/v1/hubs/shifts/" + std::to_string(overlapping), {{"do", "sign_up"}});
  EXPECT_EQ(twice.status, 422) << tag();
  EXPECT_NE(twice.body.find("You are already signed up for " + role), std::string::npos) << twice.body << tag();
  EXPECT_NE(twice.body.find("6:30pm to 8pm"), std::string::npos) << twice.body << tag();
  // Someone else: the shift is full, and they are told so and where to look instead.
  auto pat = signed_in("panel");
  auto full = pat.post_form(href, {{"do", "sign_up"}});
  EXPECT_EQ(full.status, 422) << tag();
  EXPECT_NE(full.body.find("This shift already has the 1 volunteer it needs"), std::string::npos)
      << full.body.substr(0, 400) << tag();
  auto full_api = pat.post_json("/api/v1" + href, {{"do", "sign_up"}});
  EXPECT_EQ(full_api.status, 422) << tag();
  // The member withdraws: the shift needs cover again, and the other can have it.
  ASSERT_EQ(member.post_form(href, {{"do", "withdraw"}}).status, 303) << tag();
  EXPECT_TRUE(in_cover(member)) << tag();
  ASSERT_EQ(pat.post_form(href, {{"do", "sign_up"}}).status, 303) << tag();
  EXPECT_EQ(member.post_form(href, {{"do", "withdraw"}}).status, 422) << "not signed up any more" << tag();
  // The organiser sees who is coming; a volunteer does not.
  EXPECT_NE(kofi.get(href).body.find("Pat Panel (demo)"), std::string::npos) << tag();
  EXPECT_EQ(member.get(href).body.find("Pat Panel (demo)"), std::string::npos) << tag();
  // A future shift cannot be confirmed yet; another hub's organiser cannot confirm at all.
  EXPECT_EQ(kofi.post_form(href, {{"do", "confirm"}}).status, 422) << tag();
  EXPECT_EQ(signed_in("coordinator").post_form(href, {{"do", "confirm"}}).status, 403) << tag();
  EXPECT_EQ(
      scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'hub_shift' AND entity_id = ?", {std::to_string(shift)}), 5)
      << "added, signed up, withdrew, signed up again, and the refused confirmation" << tag();
  // The volunteer's copy of their data holds the shift.
  const Json mine = pat.post_form("/account/data.json", {}).json();
  bool held = false;
  for (const auto& row : mine["hubs"]["shifts"]) held = held || row["role"] == role;
  EXPECT_TRUE(held) << mine["hubs"].dump().substr(0, 300) << tag();
  // Cover needed is in Kofi's "Your work".
  Json account = kofi.get("/api/v1/account").json();
  bool listed = false;
  for (const auto& w : account["work"])
    listed = listed || w.dump().find("Shifts needing cover at Chadwell") != std::string::npos;
  EXPECT_TRUE(listed) << account["work"].dump() << tag();
}

TEST_P(HubsTest, OrganisersCountVisitsByWeekAndConfirmHours) {
  auto cara = signed_in("coordinator");
  std::string id = ockendon();
  std::string monday =
      hubs::civil_from_days(hubs::london(now_seconds()).days - hubs::weekday_of(hubs::london(now_seconds()).days));
  auto week_people = [&]() {
    Json m = cara.get("/api/v1/hubs/" + id + "/manage").json();
    for (const auto& w : m["visit_weeks"])
      if (w["week_of"] == monday) return w["people"].get<int>();
    return 0;
  };
  int before = week_people();
  std::vector<std::pair<std::string, std::string>> visit = {{"form", "visit"}, {"session", "23:58"}, {"people", "17"}};
  day_parts_today(0, "visit_date", visit);
  ASSERT_EQ(cara.post_form("/hubs/" + id + "/manage", visit).status, 303) << tag();
  EXPECT_EQ(week_people(), before + 17) << tag();
  visit[2].second = "20";  // the same session recorded again replaces its count
  ASSERT_EQ(cara.post_form("/hubs/" + id + "/manage", visit).status, 303) << tag();
  EXPECT_NE(cara.get("/hubs/" + id + "/manage").body.find("in place of 17."),
            std::string::npos)
      << tag();  // and said so
  EXPECT_EQ(week_people(), before + 20) << tag();
  // Hours: the demo's past shifts were confirmed, so volunteers have given time.
  Json m = cara.get("/api/v1/hubs/" + id + "/manage").json();
  ASSERT_FALSE(m["hours"].empty()) << tag();
  EXPECT_GT(m["hours"][0]["minutes"].get<int>(), 0) << tag();
  // A past shift with people: the organiser confirms one came; their minutes count.
  auto past = scalar(
      "SELECT MIN(s.id) FROM hub_shifts s WHERE s.hub_id = ? AND s.on_date < ? AND "
      "EXISTS (SELECT 1 FROM hub_signups u WHERE u.shift_id = s.id)",
      {std::stoll(id), hubs::civil_from_days(hubs::london(now_seconds()).days)});
  ASSERT_GT(past, 0) << tag();
  auto person = scalar("SELECT MIN(user_id) FROM hub_signups WHERE shift_id = ?", {past});
  std::string href = "/hubs/shifts/" + std::to_string(past);
  ASSERT_EQ(cara.post_form(href, {{"do", "confirm"}, {"came", std::to_string(person)}}).status, 303) << tag();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM hub_signups WHERE shift_id = ? AND attended = 1", {past}), 1) << tag();
  EXPECT_GT(scalar("SELECT minutes FROM hub_signups WHERE shift_id = ? AND user_id = ?", {past, person}), 0) << tag();
  EXPECT_EQ(cara.post_form(href, {{"do", "confirm"}, {"came", "987654"}}).status, 422) << tag();
  // Another hub's organiser, and a resident, cannot open this hub's page for organisers.
  EXPECT_EQ(signed_in("coordinator2").get("/hubs/" + id + "/manage").status, 403) << tag();
  EXPECT_EQ(signed_in("member").get("/hubs/" + id + "/manage").status, 403) << tag();
}

TEST_P(HubsTest, AReferralIsSeenOnlyByTheHubsOrganisersAndTheReferrerAndAudited) {
  std::string id = ockendon();
  auto rana = signed_in("referrer");
  std::string path = "/hubs/" + id + "/referrals/new";
  auto no_consent = rana.post_form(path, {{"person", "Alex Smith"}, {"needs", "food"}});
  EXPECT_EQ(no_consent.status, 422) << tag();
  EXPECT_NE(no_consent.body.find("Enter only a first name or initials"), std::string::npos) << tag();
  EXPECT_NE(no_consent.body.find("Confirm the person agreed"), std::string::npos) << tag();
  EXPECT_NE(no_consent.body.find("value=\"food\" checked"), std::string::npos) << tag();
  std::string person = "AB" + std::to_string(now_seconds() % 1000);
  auto made = rana.post_form(path, {{"person", person}, {"needs", "food"}, {"needs", "money"}, {"consent", "yes"}});
  ASSERT_EQ(made.status, 303) << made.body.substr(0, 400) << tag();
  std::string href = made.header("Location");
  std::string rid = href.substr(href.rfind('/') + 1);
  // The referrer and the hub's organiser see it; the organiser's page lists it.
  EXPECT_NE(rana.get(href).body.find("Money, benefits or debt"), std::string::npos) << tag();
  auto cara = signed_in("coordinator");
  EXPECT_EQ(cara.get(href).status, 200) << tag();
  EXPECT_NE(cara.get("/hubs/" + id + "/manage").body.find(person), std::string::npos) << tag();
  // No one else: another hub's organiser, an officer, an admin; the person's name is in no page of theirs.
  for (const char* role : {"coordinator2", "officer", "admin"}) {
    auto other = signed_in(role);
    auto r = other.get(href);
    EXPECT_EQ(r.status, 403) << role << tag();
    EXPECT_EQ(r.body.find(person), std::string::npos) << role << tag();
    EXPECT_EQ(other.get("/api/v1" + href).status, 403) << role << tag();
  }
  EXPECT_EQ(signed_in("admin").get("/hubs/" + id + "/manage").body.find(person), std::string::npos)
      << "an admin runs the hub's page but does not see its referrals" << tag();
  EXPECT_EQ(signed_in("member").get(href).status, 403) << tag();
  // The referrer finds it among their referrals, waiting, and from their work.
  auto row_in = [&](const std::string& page) {
    auto at = page.find(person);
    return at == std::string::npos ? std::string() : page.substr(at, page.find("</tr>", at) - at);
  };
  EXPECT_NE(row_in(rana.get("/hubs/referrals").body).find("Waiting to be seen"), std::string::npos) << tag();
  bool listed = false;
  const Json account = rana.get("/api/v1/account").json();
  for (const auto& w : account["work"])
    listed = listed || (w["label"] == "Your referrals to community hubs" && w["href"] == "/hubs/referrals" &&
                        w["count_text"].get<std::string>().find("not yet seen by the hub") != std::string::npos);
  EXPECT_TRUE(listed) << tag();
  EXPECT_EQ(row_in(cara.get("/hubs/referrals").body), "") << "only the referrer's own" << tag();
  EXPECT_EQ(signed_in("member").get("/hubs/referrals").status, 403) << tag();
  // The referrer cannot mark it seen; the organiser can, once.
  EXPECT_EQ(rana.post_form(href, {}).status, 403) << tag();
  ASSERT_EQ(cara.post_form(href, {}).status, 303) << tag();
  EXPECT_EQ(cara.post_form(href, {}).status, 422) << tag();
  EXPECT_NE(row_in(rana.get("/hubs/referrals").body).find("Seen "), std::string::npos) << tag();
  // Every read and refusal is in the audit log, and the person's name in none of it.
  EXPECT_GE(scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'hub_referral' AND entity_id = ? AND "
                   "action = 'hub.referral.read'",
                   {rid}),
            2)
      << "the referrer's read and the organiser's" << tag();
  EXPECT_GE(scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'hub_referral' AND entity_id = ? AND "
                   "action LIKE 'hub.referral.read.refused%'",
                   {rid}),
            3)
      << tag();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'hub.referral.seen' AND entity_id = ?", {rid}), 1)
      << tag();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE after_json LIKE ?", {"%" + person + "%"}), 0) << tag();
  EXPECT_GE(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'hub.referrals.list' AND entity_id = ?", {id}), 1)
      << tag();
}

TEST_P(HubsTest, AnOfficerAddsAHubNamingItsOrganisersWhoThenChangeIt) {
  auto officer = signed_in("officer");
  std::string name = "Tilbury Hub" + tag();
  // Wrong first: no address, a postcode Kith does not hold, an organiser who cannot organise.
  auto wrong = officer.post_form(
      "/hubs/new", {{"name", name}, {"address", ""}, {"postcode", "ZZ9 9ZZ"}, {"organisers", "member@demo.kith.test"}});
  EXPECT_EQ(wrong.status, 422) << tag();
  EXPECT_NE(wrong.body.find("Enter where the hub is"), std::string::npos) << tag();
  EXPECT_NE(wrong.body.find("Kith does not know the postcode ZZ9 9ZZ"), std::string::npos) << tag();
  EXPECT_NE(wrong.body.find("No active account for member@demo.kith.test can organise a hub"), std::string::npos)
      << tag();
  EXPECT_NE(wrong.body.find("value=\"" + name + "\""), std::string::npos) << tag();
  auto made = officer.post_form("/hubs/new", {{"name", name},
                                              {"address", "Civic Square, Tilbury"},
                                              {"postcode", "rm16 3aa"},
                                              {"organisers", "coordinator2@demo.kith.test"}});
  ASSERT_EQ(made.status, 303) << made.body.substr(0, 500) << tag();
  std::string id = made.header("Location").substr(6);
  ASSERT_TRUE(parse_int(id).has_value()) << made.header("Location") << tag();
  std::string manage = "/hubs/" + id + "/manage";
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM hubs WHERE id = ? AND postcode = 'RM16 3AA' AND authority_code = "
                   "'E06000034'",
                   {std::stoll(id)}),
            1)
      << "placed in Thurrock by its postcode" << tag();
  // Its organiser runs and changes it; another organiser and a member cannot.
  auto kofi = signed_in("coordinator2");
  EXPECT_EQ(kofi.get(manage).status, 200) << tag();
  EXPECT_EQ(signed_in("coordinator").get("/hubs/" + id + "/edit").status, 403) << tag();
  EXPECT_EQ(signed_in("member").get("/hubs/new").status, 403) << tag();
  auto changed = kofi.post_form("/hubs/" + id + "/edit",
                                {{"name", name},
                                 {"address", "Civic Square, Tilbury"},
                                 {"postcode", "RM16 3AA"},
                                 {"getting_there", "Bus stop outside."},
                                 {"organisers", "coordinator2@demo.kith.test\ncoordinator@demo.kith.test"}});
  ASSERT_EQ(changed.status, 303) << changed.body.substr(0, 500) << tag();
  EXPECT_NE(browser().get("/hubs/" + id).body.find("Bus stop outside."), std::string::npos) << tag();
  EXPECT_EQ(signed_in("coordinator").get(manage).status, 200) << "now named an organiser" << tag();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'hub' AND entity_id = ? AND action IN "
                   "('hub.create', 'hub.update')",
                   {id}),
            2)
      << tag();
}

// Ockendon banks its volunteers' hours in the borough's timebank (the demo links them):
// confirming who came pays each with an active account there the shift's time from the
// timebank's own account, once; others are counted but not paid; a banked person cannot
// be unticked; the ledger still sums to zero. Only a timebank coordinator (or an admin)
// chooses the timebank.
TEST_P(HubsTest, VolunteersHoursAreBankedInTheHubsTimebankOnce) {
  std::string id = ockendon();
  auto member = scalar("SELECT id FROM users WHERE email = 'member@demo.kith.test'");
  auto timebank = scalar("SELECT id FROM timebanks WHERE slug = 'thurrock-hub'");
  ASSERT_EQ(scalar("SELECT timebank_id FROM hubs WHERE id = ?", {std::stoll(id)}), timebank) << tag();
  ASSERT_EQ(scalar("SELECT COUNT(*) FROM timebank_accounts WHERE timebank_id = ? AND user_id = ? AND status = "
                   "'active'",
                   {timebank, member}),
            1)
      << tag();
  // A past shift, before the demo banked anything, where the member and someone with no
  // account in the timebank signed up.
  auto shift = scalar(
      "SELECT MAX(s.id) FROM hub_shifts s WHERE s.hub_id = ? AND s.on_date < ? AND "
      "EXISTS (SELECT 1 FROM hub_signups u WHERE u.shift_id = s.id AND u.user_id = ?) AND "
      "EXISTS (SELECT 1 FROM hub_signups u WHERE u.shift_id = s.id AND u.user_id <> ? AND NOT EXISTS "
      "(SELECT 1 FROM timebank_accounts a WHERE a.user_id = u.user_id AND a.timebank_id = ?)) AND "
      "NOT EXISTS (SELECT 1 FROM hub_signups u WHERE u.shift_id = s.id AND u.banked_transfer IS NOT NULL)",
      {std::stoll(id), hubs::civil_from_days(hubs::london(now_seconds()).days - 8), member, member, timebank});
  ASSERT_GT(shift, 0) << tag();
  auto other = scalar(
      "SELECT MIN(u.user_id) FROM hub_signups u WHERE u.shift_id = ? AND u.user_id <> ? AND NOT EXISTS "
      "(SELECT 1 FROM timebank_accounts a WHERE a.user_id = u.user_id AND a.timebank_id = ?)",
      {shift, member, timebank});
  auto paid_to_member = [&] {
    return scalar(
        "SELECT COUNT(*) FROM timebank_entries e JOIN timebank_accounts a ON a.id = e.account_id JOIN "
        "timebank_transfers t ON t.id = e.transfer_id WHERE a.user_id = ? AND a.timebank_id = ? AND t.kind = 'gift' "
        "AND t.memo LIKE 'Volunteered at Ockendon Community Hub (demo)%' AND e.minutes > 0 AND t.id IN (SELECT "
        "banked_transfer FROM hub_signups WHERE shift_id = ?)",
        {member, timebank, shift});
  };
  auto cara = signed_in("coordinator");
  std::string href = "/hubs/shifts/" + std::to_string(shift);
  auto page = cara.get(href);
  EXPECT_NE(page.body.find("It is banked in Thurrock Timebank Hub (demo) for each who has an account there"),
            std::string::npos)
      << tag();
  std::vector<std::pair<std::string, std::string>> both = {
      {"do", "confirm"}, {"came", std::to_string(member)}, {"came", std::to_string(other)}};
  ASSERT_EQ(cara.post_form(href, both).status, 303) << tag();
  auto after = cara.get(href).body;
  EXPECT_NE(after.find("Time banked in Thurrock Timebank Hub (demo) for 1 person."), std::string::npos) << tag();
  EXPECT_NE(after.find("1 person has no active account in Thurrock Timebank Hub (demo)"), std::string::npos) << tag();
  EXPECT_NE(after.find("(time banked)"), std::string::npos) << tag();
  EXPECT_EQ(paid_to_member(), 1) << tag();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM hub_signups WHERE shift_id = ? AND user_id = ? AND banked_transfer IS NULL "
                   "AND attended = 1",
                   {shift, other}),
            1)
      << tag();
  // Confirmed again: nothing paid twice.
  ASSERT_EQ(cara.post_form(href, both).status, 303) << tag();
  EXPECT_EQ(paid_to_member(), 1) << tag();
  // The member cannot be unticked once banked: the ledger is corrected by a coordinator.
  auto untick = cara.post_form(href, {{"do", "confirm"}, {"came", std::to_string(other)}});
  EXPECT_EQ(untick.status, 422) << tag();
  EXPECT_NE(untick.body.find("time is already banked in Thurrock Timebank Hub (demo)"), std::string::npos) << tag();
  EXPECT_EQ(scalar("SELECT COALESCE(SUM(minutes), 0) FROM timebank_entries"), 0) << "the ledger sums to zero" << tag();

  // A shift later today has not happened yet: nobody can be confirmed, nor paid, for it,
  // and it is not among the shifts to confirm.
  {
    std::string role = "Evening tea" + tag();
    std::vector<std::pair<std::string, std::string>> form = {
        {"form", "shift"}, {"starts", "23:58"}, {"ends", "23:59"}, {"role", role}, {"needed", "1"}};
    day_parts_today(0, "shift_date", form);
    ASSERT_EQ(cara.post_form("/hubs/" + id + "/manage", form).status, 303) << tag();
    auto later = scalar("SELECT id FROM hub_shifts WHERE role = ?", {role});
    auto member_browser = signed_in("member");
    ASSERT_EQ(member_browser.post_form("/hubs/shifts/" + std::to_string(later), {{"do", "sign_up"}}).status, 303)
        << tag();
    auto early =
        cara.post_form("/hubs/shifts/" + std::to_string(later), {{"do", "confirm"}, {"came", std::to_string(member)}});
    EXPECT_EQ(early.status, 422) << tag();
    EXPECT_NE(early.body.find("You can confirm who came once the shift has happened"), std::string::npos) << tag();
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM hub_signups WHERE shift_id = ? AND attended IS NOT NULL", {later}), 0);
    auto manage = cara.get("/hubs/" + id + "/manage").body;
    if (auto done = manage.find("id=\"unconfirmed\""); done != std::string::npos)
      EXPECT_EQ(manage.substr(done, manage.find("</ul>", done) - done).find(role), std::string::npos)
          << "listed to confirm before it ends" << tag();
  }

  // Choosing the timebank: an officer (no coordinator role) cannot; an admin can, from the list.
  std::vector<std::pair<std::string, std::string>> hub = {{"name", "Banking hub" + tag()},
                                                          {"address", "Civic Square, Tilbury"},
                                                          {"postcode", "RM16 3AA"},
                                                          {"organisers", "officer@demo.kith.test"},
                                                          {"timebank_id", std::to_string(timebank)}};
  auto made = signed_in("officer").post_form("/hubs/new", hub);
  ASSERT_EQ(made.status, 303) << made.body.substr(0, 400) << tag();
  std::string made_id = made.header("Location").substr(6);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM hubs WHERE id = ? AND timebank_id IS NULL", {std::stoll(made_id)}), 1)
      << tag();
  auto admin = signed_in("admin");
  hub.back().second = "987654";
  auto bad = admin.post_form("/hubs/" + made_id + "/edit", hub);
  EXPECT_EQ(bad.status, 422) << tag();
  EXPECT_NE(bad.body.find("Choose a timebank from the list, or none"), std::string::npos) << tag();
  hub.back().second = std::to_string(timebank);
  ASSERT_EQ(admin.post_form("/hubs/" + made_id + "/edit", hub).status, 303) << tag();
  EXPECT_EQ(scalar("SELECT timebank_id FROM hubs WHERE id = ?", {std::stoll(made_id)}), timebank) << tag();
}

// A hub that delivers a funded grant project: its volunteers' confirmed time is the
// project's sweat equity, on the project's page and offered in the end-of-grant report.
// Officers choose the project; a coordinator's form cannot.
TEST_P(HubsTest, AHubsConfirmedHoursCountTowardsTheGrantProjectItDelivers) {
  const std::int64_t project = scalar("SELECT id FROM grant_applications WHERE group_name = ?",
                                      {std::string("Stifford Clays Summer Picnics (demo)")});
  ASSERT_GT(project, 0) << tag();
  ASSERT_EQ(scalar("SELECT grant_project_id FROM hubs WHERE id = ?", {std::stoll(chadwell())}), project) << tag();
  const std::int64_t minutes = scalar(
      "SELECT COALESCE(SUM(u.minutes), 0) FROM hub_signups u JOIN hub_shifts s ON s.id = u.shift_id "
      "WHERE s.hub_id = ? AND u.attended = 1",
      {std::stoll(chadwell())});
  ASSERT_GT(minutes, 0) << tag();
  auto officer = signed_in("officer");
  Json page = officer.get("/api/v1/grants/projects/" + std::to_string(project)).json();
  ASSERT_TRUE(page["hub_hours"].is_object()) << page.dump().substr(0, 400) << tag();
  EXPECT_EQ(page["hub_hours"]["minutes"], minutes) << tag();
  EXPECT_EQ(page["hub_hours"]["hubs"][0]["name"], "Chadwell Community Hub (demo)") << tag();
  auto html = officer.get("/grants/projects/" + std::to_string(project)).body;
  EXPECT_NE(html.find("Volunteer time at the hubs it runs"), std::string::npos) << tag();
  EXPECT_NE(html.find("href=\"/hubs/" + chadwell() + "\""), std::string::npos) << tag();
  // The group's own application page offers the hours for its report, until it is sent.
  auto member = signed_in("member");
  Json mine = member.get("/api/v1/grants/applications/" + std::to_string(project)).json();
  ASSERT_TRUE(mine["hub_hours"].is_object()) << mine.dump().substr(0, 400) << tag();
  if (!mine["has_report"].get<bool>()) EXPECT_EQ(mine["values"]["hours_delivered"], minutes / 60) << tag();
  // Another project (not delivered by a hub) says nothing of hubs.
  const std::int64_t other = scalar("SELECT id FROM grant_applications WHERE group_name = ?",
                                    {std::string("Tilbury Riverside Gardeners (demo)")});
  EXPECT_TRUE(officer.get("/api/v1/grants/projects/" + std::to_string(other)).json()["hub_hours"].is_null()) << tag();

  // Choosing: a project from the list or none; not a declined application; not by a coordinator.
  const std::int64_t declined =
      scalar("SELECT id FROM grant_applications WHERE group_name = ?", {std::string("Grays Film Nights (demo)")});
  std::vector<std::pair<std::string, std::string>> hub = {{"name", "Picnic hub" + tag()},
                                                          {"address", "The green, Stifford Clays"},
                                                          {"postcode", "RM16 2AA"},
                                                          {"organisers", "coordinator@demo.kith.test"},
                                                          {"grant_project_id", std::to_string(declined)}};
  auto refused = officer.post_form("/hubs/new", hub);
  EXPECT_EQ(refused.status, 422) << tag();
  EXPECT_NE(refused.body.find("Choose a funded grant project from the list, or none"), std::string::npos) << tag();
  hub.back().second = std::to_string(other);
  auto made = officer.post_form("/hubs/new", hub);
  ASSERT_EQ(made.status, 303) << made.body.substr(0, 400) << tag();
  const std::string made_id = made.header("Location").substr(6);
  EXPECT_EQ(scalar("SELECT grant_project_id FROM hubs WHERE id = ?", {std::stoll(made_id)}), other) << tag();
  auto cara = signed_in("coordinator");
  hub.back().second = "";
  ASSERT_EQ(cara.post_form("/hubs/" + made_id + "/edit", hub).status, 303) << tag();
  EXPECT_EQ(scalar("SELECT grant_project_id FROM hubs WHERE id = ?", {std::stoll(made_id)}), other)
      << "a coordinator's form keeps the project an officer chose" << tag();
  EXPECT_FALSE(officer.get("/api/v1/grants/projects/" + std::to_string(other)).json()["hub_hours"].is_null()) << tag();
}

// The organisers' page shows stories from around the hub: published ones told in its
// ward, each in the language it was told in; not one still waiting for moderation.
TEST_P(HubsTest, OrganisersSeeStoriesFromAroundTheHub) {
  std::string id = ockendon();
  auto tell = [&](const std::string& title) {
    auto told = browser().post_json("/api/v1/stories/tell",
                                    {{"title", title},
                                     {"body", "The hub's tea and chat got me out of the house on Wednesdays."},
                                     {"perspective", "person"},
                                     {"consent", "named"},
                                     {"teller_name", "Olu Ockendon"},
                                     {"postcode", "RM15 5AE"},
                                     {"language", "cy"}});
    EXPECT_EQ(told.status, 201) << told.body;
    return told.json().value("id", std::int64_t{0});
  };
  std::string shown = "Tea at the hub" + tag(), waiting = "Not yet decided" + tag();
  auto story = tell(shown);
  tell(waiting);
  ASSERT_EQ(signed_in("moderator")
                .post_json("/api/v1/moderate/stories/" + std::to_string(story),
                           {{"decision", "publish"},
                            {"public_body", "The hub's tea and chat got me out of the house on Wednesdays."}})
                .status,
            200);
  auto page = signed_in("coordinator").get("/hubs/" + id + "/manage").body;
  EXPECT_NE(page.find("lang=\"cy\">" + shown + "</a>"), std::string::npos) << tag();
  EXPECT_NE(page.find("href=\"/stories/" + std::to_string(story) + "\""), std::string::npos) << tag();
  EXPECT_EQ(page.find(waiting), std::string::npos) << "not published" << tag();
}

INSTANTIATE_TEST_SUITE_P(Backends, HubsTest, ::testing::ValuesIn(testing::backends()), testing::backend_name);

}  // namespace
}  // namespace kith
