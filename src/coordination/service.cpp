#include "coordination/service.h"

#include <algorithm>

#include "accounts/account_store.h"
#include "coordination/coordination.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "messages/outbox.h"

namespace kith::coordination {

namespace {

std::string status_words(const std::string& status) {
  if (status == "accepted") return i18n::msg("accepted: a coordinator will be in touch");
  if (status == "declined") return i18n::msg("declined");
  return status;
}

// Tells each referrer who may be told (the person agreed to share back) what happened.
void tell_referrers(store::Db& db, CoordStore& store, std::int64_t case_id, const std::string& status,
                    const std::string& reason, const std::string& link) {
  accounts::AccountStore users(db);
  for (const auto& r : store.referrals_of_case(case_id)) {
    if (!r.referrer_user || !r.consent_share_back) continue;
    auto u = users.find_by_id(r.referrer_user);
    if (!u) continue;
    messages::Message m;
    m.kind = "referral_update";
    m.user = u->id;
    m.to = u->email;
    m.fields = {{"name", u->display_name},
                {"person", store.person_name(r.person_id)},
                {"status", status_words(status)},
                {"reason_heading", reason.empty() ? "" : i18n::msg("The reason given:")},
                {"reason", reason},
                {"snomed", r.snomed_code + " " + snomed_term(r.snomed_code)},
                {"link", link}};
    m.key = "referral_update:" + std::to_string(r.id) + ":" + status;
    messages::enqueue(db, m);
  }
}

}  // namespace

Result<Referred> refer(store::Db& db, const Key& key, const audit::Actor& actor, const ReferralInput& in,
                       std::int64_t referrer_user, std::optional<std::int64_t> own_user, const std::string& now) {
  CoordStore store(db, key);
  auto ok = check_referral(in, store.reasons(), now.substr(0, 10));
  if (!ok) return ok.error();
  if (!in.idempotency_key.empty()) {
    auto prior = db.query_one(
        "SELECT id, case_id, person_id, COALESCE(referrer_user, 0), status FROM coord_referrals WHERE "
        "idempotency_key = ?",
        {in.idempotency_key});
    // Only the sender's own repeat returns the first result: another's key tells them nothing.
    if (prior && prior->integer(3) != referrer_user)
      return Error{
          "conflict", "This idempotency key was used for another referral: send each referral with a new one.", {}};
    if (prior) return Referred{prior->integer(0), prior->integer(1), prior->integer(2), prior->text(4) == "joined", 0};
  }
  auto hashes = match_hashes(key, in.name, in.date_of_birth, in.contact.phone, in.contact.email);
  auto match = match_referral(store.candidates(hashes));
  Referred out;
  std::string lsoa = store.lsoa_of_postcode(in.contact.postcode);
  if (match.match == Match::kJoin) {
    out.person_id = match.person_id;
    out.case_id = store.open_case_of(match.person_id)->id;
    out.joined = true;
  } else {
    if (match.match == Match::kPossibleDuplicate) out.possible_duplicate = match.person_id;
    Person p;
    p.user_id = own_user;
    p.name = trim(in.name);
    p.date_of_birth = trim(in.date_of_birth);
    p.contact = in.contact;
    p.contact.email = trim(p.contact.email);
    p.lsoa_code = lsoa;
    p.created_at = now;
    out.person_id = store.add_person(p);
    out.case_id = store.add_case(out.person_id, store.team_covering(lsoa), now);
  }
  Referral r;
  r.case_id = out.case_id;
  r.person_id = out.person_id;
  r.source = in.source;
  r.referrer_user = referrer_user;
  r.referrer_org = trim(in.referrer_org);
  r.reasons = in.reasons;
  r.what_matters = trim(in.what_matters);
  r.consent_contact = in.consent_contact.value_or(false);
  r.consent_share_back = in.consent_share_back.value_or(false);
  r.urgency = in.urgency;
  r.status = out.joined ? "joined" : "received";
  r.possible_duplicate_of = out.possible_duplicate;
  r.received_at = now;
  out.referral_id = store.add_referral(r);
  // Joining a case already accepted is an accepted referral: it carries the SNOMED CT code
  // as the first did, for the referrer's list and the closing message.
  if (out.joined) {
    auto c = store.get_case(out.case_id);
    if (c && (c->status == "accepted" || c->status == "allocated" || c->status == "active"))
      db.exec("UPDATE coord_referrals SET status = 'accepted', snomed_code = ?, decided_at = ? WHERE id = ?",
              {std::string(kSnomedAccepted), now, out.referral_id});
  }
  if (!in.idempotency_key.empty())
    db.exec("UPDATE coord_referrals SET idempotency_key = ? WHERE id = ?", {in.idempotency_key, out.referral_id});
  audit::record(db, actor, out.joined ? "coordination.referral.join" : "coordination.referral.create", "coord_referral",
                std::to_string(out.referral_id), nullptr,
                {{"case", out.case_id},
                 {"person", out.person_id},
                 {"source", in.source},
                 {"urgency", in.urgency},
                 {"possible_duplicate_of", out.possible_duplicate}});
  return out;
}

Status accept(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id, std::int64_t by,
              const std::string& link, const std::string& now) {
  CoordStore store(db, key);
  auto c = store.get_case(case_id);
  if (!c) return Error::not_found(i18n::tr("There is no referral {id}.", {{"id", std::to_string(case_id)}}));
  if (c->status != "new") return Error{"conflict", "This referral has already been triaged.", {}};
  store.set_case_status(case_id, "accepted", "accepted_at", now);
  store.decide_referrals(case_id, "accepted", kSnomedAccepted, "", by, now);
  tell_referrers(db, store, case_id, "accepted", "", link);
  audit::record(db, actor, "coordination.referral.accept", "coord_case", std::to_string(case_id), {{"status", "new"}},
                {{"status", "accepted"}, {"snomed", kSnomedAccepted}});
  return Ok{};
}

Status decline(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id, std::int64_t by,
               const std::string& reason, const std::string& link, const std::string& now) {
  CoordStore store(db, key);
  auto c = store.get_case(case_id);
  if (!c) return Error::not_found(i18n::tr("There is no referral {id}.", {{"id", std::to_string(case_id)}}));
  if (c->status != "new" && c->status != "accepted")
    return Error{"conflict", "Only a referral waiting for triage can be declined.", {}};
  auto why = trim(reason);
  if (why.empty())
    return Error::validation(
        {{"reason", "Say why the referral is declined: the referrer is told, if the person agreed"}});
  if (why.size() > 1000) return Error::validation({{"reason", "The reason must be 1,000 characters or fewer"}});
  store.set_case_status(case_id, "declined", "closed_at", now);
  store.decide_referrals(case_id, "declined", kSnomedDeclined, why, by, now);
  tell_referrers(db, store, case_id, "declined", why, link);
  audit::record(db, actor, "coordination.referral.decline", "coord_case", std::to_string(case_id),
                {{"status", c->status}}, {{"status", "declined"}, {"snomed", kSnomedDeclined}});
  return Ok{};
}

Status allocate(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id, std::int64_t by,
                std::int64_t coordinator, const std::string& now) {
  CoordStore store(db, key);
  auto c = store.get_case(case_id);
  if (!c) return Error::not_found(i18n::tr("There is no referral {id}.", {{"id", std::to_string(case_id)}}));
  if (c->status == "declined" || c->status == "closed")
    return Error{"conflict", "This case is closed: it cannot be allocated.", {}};
  auto led = store.teams_led_by(by);
  auto theirs = store.teams_of_coordinator(coordinator);
  std::int64_t team = 0;
  for (auto t : theirs)
    if (std::find(led.begin(), led.end(), t) != led.end() && (c->team_id == 0 || c->team_id == t || team == 0))
      team = t;
  if (team == 0) return Error::validation({{"coordinator", "Choose a coordinator in a team you lead"}});
  if (c->team_id != 0 && std::find(led.begin(), led.end(), c->team_id) == led.end())
    return Error{"forbidden", "This referral belongs to another team.", {}};
  if (c->status == "new") {
    store.decide_referrals(case_id, "accepted", kSnomedAccepted, "", by, now);
  }
  store.allocate(case_id, team, coordinator, by, now);
  audit::record(db, actor, "coordination.case.allocate", "coord_case", std::to_string(case_id),
                {{"coordinator", c->coordinator_user}}, {{"coordinator", coordinator}, {"team", team}});
  return Ok{};
}

namespace {
void touch(store::Db& db, const audit::Actor& actor, const std::string& action, std::int64_t case_id,
           const nlohmann::json& after) {
  audit::record(db, actor, action, "coord_case", std::to_string(case_id), nullptr, after);
}

// The record of a closed or declined case is kept as it was: nothing more is added to it.
Status still_open(store::Db& db, const Key& key, std::int64_t case_id) {
  auto c = CoordStore(db, key).get_case(case_id);
  if (!c) return Error::not_found(i18n::tr("There is no case {id}.", {{"id", std::to_string(case_id)}}));
  if (c->status == "declined" || c->status == "closed")
    return Error{"conflict", "This case is closed: nothing more can be added to its record.", {}};
  return Ok{};
}
}  // namespace

Status add_conversation(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id,
                        const Conversation& c, std::int64_t by, const std::string& now) {
  if (auto open = still_open(db, key, case_id); !open) return open;
  auto ok = check_conversation(c, now.substr(0, 10));
  if (!ok) return ok;
  CoordStore(db, key).add_conversation(case_id, c, by, now);
  touch(db, actor, "coordination.conversation.add", case_id, {{"held_on", c.held_on}});
  return Ok{};
}

Status add_strength(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id, const Strength& s,
                    std::int64_t by, const std::string& now) {
  if (auto open = still_open(db, key, case_id); !open) return open;
  auto ok = check_strength(s);
  if (!ok) return ok;
  CoordStore(db, key).add_strength(case_id, s, by, now);
  touch(db, actor, "coordination.strength.add", case_id, {{"kind", s.kind}, {"gift_board_ok", s.gift_board_ok}});
  return Ok{};
}

Status add_goal(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id, const Goal& g,
                std::int64_t by, const std::string& now) {
  if (auto open = still_open(db, key, case_id); !open) return open;
  auto ok = check_goal(g, now.substr(0, 10));
  if (!ok) return ok;
  auto id = CoordStore(db, key).add_goal(case_id, g, by, now);
  touch(db, actor, "coordination.goal.add", case_id, {{"goal", id}, {"review_on", g.review_on}});
  return Ok{};
}

Status add_step(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id, std::int64_t goal,
                const Step& s, const std::string& now) {
  if (auto open = still_open(db, key, case_id); !open) return open;
  CoordStore store(db, key);
  auto of = store.case_of_goal(goal);
  if (!of || *of != case_id) return Error::validation({{"goal", "Choose one of this person's goals"}});
  auto ok = check_step(s);
  if (!ok) return ok;
  store.add_step(goal, s, now);
  touch(db, actor, "coordination.step.add", case_id, {{"goal", goal}, {"owner", s.owner}});
  return Ok{};
}

Status add_contact(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id,
                   const ContactRecord& c, std::int64_t by, const std::string& now) {
  if (auto open = still_open(db, key, case_id); !open) return open;
  auto ok = check_contact(c, now.substr(0, 10));
  if (!ok) return ok;
  CoordStore store(db, key);
  store.add_contact(case_id, c, by, now);
  if (c.kind != "attempt") {
    std::string at = c.contact_on + "T12:00:00Z";
    store.first_contact(case_id, at > now ? now : at);
  }
  touch(db, actor, "coordination.contact.add", case_id,
        {{"kind", c.kind}, {"contact_on", c.contact_on}, {"minutes", c.minutes}});
  return Ok{};
}

Result<std::int64_t> break_glass(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t person,
                                 std::int64_t by, const std::string& reason, const std::string& now) {
  auto ok = check_break_glass_reason(reason);
  if (!ok) return ok.error();
  CoordStore store(db, key);
  if (!store.latest_case_of(person))
    return Error::not_found(i18n::tr("There is no person {id}.", {{"id", std::to_string(person)}}));
  auto expires = break_glass_expiry(now);
  auto id = store.add_break_glass(person, by, trim(reason), now, expires);
  audit::record(db, actor, "coordination.break_glass", "coord_person", std::to_string(person), nullptr,
                {{"break_glass", id}, {"reason", trim(reason)}, {"expires_at", expires}});
  return id;
}

Result<std::int64_t> create_team(store::Db& db, const Key& key, const audit::Actor& actor, const std::string& name,
                                 const std::string& now) {
  auto n = trim(name);
  if (n.empty()) return Error::validation({{"name", "Enter the team's name"}});
  if (n.size() > 200) return Error::validation({{"name", "The name must be 200 characters or fewer"}});
  CoordStore store(db, key);
  for (const auto& t : store.teams())
    if (to_lower(t.name) == to_lower(n))
      return Error::validation({{"name", i18n::tr("There is already a team called {name}", {{"name", n}})}});
  auto id = store.add_team(n, now);
  audit::record(db, actor, "coordination.team.create", "coord_team", std::to_string(id), nullptr, {{"name", n}});
  return id;
}

Status add_team_member(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t team,
                       const std::string& email, const std::string& role) {
  CoordStore store(db, key);
  if (!store.team(team)) return Error::not_found(i18n::tr("There is no team {id}.", {{"id", std::to_string(team)}}));
  if (role != "lead" && role != "coordinator") return Error::validation({{"role", "Choose team lead or coordinator"}});
  auto u = accounts::AccountStore(db).find_by_email(accounts::normalise_email(email));
  if (!u)
    return Error::validation(
        {{"email", i18n::tr("There is no account with the email address {email}", {{"email", trim(email)}})}});
  const char* needed = role == "lead" ? "team_lead" : "coordinator";
  if (std::find(u->roles.begin(), u->roles.end(), needed) == u->roles.end())
    return Error::validation({{"email", u->display_name + " does not have the " +
                                            (role == "lead" ? std::string("team lead") : std::string("coordinator")) +
                                            " role: an admin gives it first"}});
  store.add_member(team, u->id, role);
  audit::record(db, actor, "coordination.team.member", "coord_team", std::to_string(team), nullptr,
                {{"user", u->id}, {"role", role}});
  return Ok{};
}

Status set_coverage(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t coordinator,
                    const std::vector<std::string>& lsoas) {
  std::vector<std::string> codes;
  for (const auto& l : lsoas) {
    auto code = to_upper(trim(l));
    if (code.empty()) continue;
    if (db.scalar("SELECT COUNT(*) FROM areas WHERE code = ? AND kind = 'lsoa'", {code}) == 0)
      return Error::validation({{"lsoas", code + " is not an LSOA code (they look like E01008162)"}});
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
  }
  CoordStore store(db, key);
  auto before = store.coverage(coordinator);
  store.set_coverage(coordinator, codes);
  audit::record(db, actor, "coordination.coverage.set", "user", std::to_string(coordinator), {{"lsoas", before}},
                {{"lsoas", codes}});
  return Ok{};
}

std::optional<std::int64_t> linkable_by_email(store::Db& db, const Key& key, std::int64_t user) {
  auto u = db.query_one("SELECT email, status FROM users WHERE id = ?", {user});
  if (!u || u->text(1) != "active" || trim(u->text(0)).empty()) return std::nullopt;
  if (db.query_one("SELECT id FROM coord_people WHERE user_id = ?", {user})) return std::nullopt;
  auto hash = match_hashes(key, "", "", "", u->text(0)).email;
  auto found =
      db.query("SELECT id FROM coord_people WHERE match_email = ? AND user_id IS NULL AND erased_at IS NULL", {hash});
  if (found.size() != 1) return std::nullopt;
  return found.front().integer(0);
}

std::optional<std::int64_t> link_by_verified_email(store::Db& db, const Key& key, const audit::Actor& actor,
                                                   std::int64_t user) {
  auto person = linkable_by_email(db, key, user);
  if (!person) return std::nullopt;
  db.exec("UPDATE coord_people SET user_id = ? WHERE id = ? AND user_id IS NULL", {user, *person});
  audit::record(db, actor, "coordination.person.link", "coord_person", std::to_string(*person), nullptr,
                {{"user", user}, {"by", "confirmed email address"}});
  return person;
}

}  // namespace kith::coordination
