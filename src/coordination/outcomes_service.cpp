#include "coordination/outcomes_service.h"

#include <algorithm>
#include <cctype>

#include "accounts/account_store.h"
#include "coordination/coordination.h"
#include "coordination/coordination_store.h"
#include "core/clock.h"
#include "core/text.h"
#include "hubs/hub_store.h"
#include "i18n/speaking.h"
#include "messages/outbox.h"
#include "outcomes/outcome_store.h"
#include "store/settings.h"
#include "timebank/gift_board.h"

namespace kith::coordination {

namespace {

constexpr const char* kLicenceSetting = "coordination.swemwbs_licence";
constexpr const char* kRetentionSetting = "coordination.retention_years";

std::string slug_of(const std::string& label) {
  std::string out;
  for (char c : to_lower(trim(label))) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += c;
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.substr(0, 40);
}

}  // namespace

std::string swemwbs_licence(store::Db& db) {
  auto v = store::get_setting(db, kLicenceSetting, "");
  return v.is_string() ? v.get<std::string>() : "";
}

int retention_years(store::Db& db) {
  auto v = store::get_setting(db, kRetentionSetting, kDefaultRetentionYears);
  return v.is_number_integer() ? v.get<int>() : kDefaultRetentionYears;
}

Status set_outcome_settings(store::Db& db, const audit::Actor& actor, const std::string& licence,
                            const std::string& years) {
  std::vector<FieldError> e;
  if (licence.size() > 100) e.push_back({"swemwbs_licence", "The licence reference must be 100 characters or fewer"});
  if (auto ok = check_retention_years(years); !ok) e.push_back(ok.error().fields.front());
  if (!e.empty()) return Error::validation(std::move(e));
  nlohmann::json before = {{"swemwbs_licence", swemwbs_licence(db)}, {"retention_years", retention_years(db)}};
  store::set_setting(db, kLicenceSetting, trim(licence));
  store::set_setting(db, kRetentionSetting, static_cast<int>(*parse_int(trim(years))));
  audit::record(db, actor, "coordination.settings", "setting", "coordination", before,
                {{"swemwbs_licence", trim(licence)}, {"retention_years", *parse_int(trim(years))}});
  return Ok{};
}

Result<std::int64_t> add_connection(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id,
                                    ConnectionInput c, std::int64_t by, const std::string& now) {
  CaseOutcomeStore store(db, key);
  // A target chosen from the search is named from its own record.
  std::string chosen = !c.service_id.empty()        ? c.service_id
                       : c.timebank_post_id != 0    ? std::to_string(c.timebank_post_id)
                       : c.gift_board_entry_id != 0 ? std::to_string(c.gift_board_entry_id)
                       : c.hub_id != 0              ? std::to_string(c.hub_id)
                                                    : "";
  if (!chosen.empty()) {
    std::string kind = !c.service_id.empty()   ? "service"
                       : c.timebank_post_id    ? "timebank-offer"
                       : c.gift_board_entry_id ? "gift-match"
                                               : "hub";
    auto name = store.target_name(kind, chosen);
    if (!name) return Error::validation({{"target", "That is no longer listed: search again"}});
    if (trim(c.target_name).empty()) c.target_name = *name;
    // What was chosen says what it is; a directory service may be called an activity.
    if (kind != "service" || (c.target_kind != "service" && c.target_kind != "activity")) c.target_kind = kind;
  }
  auto ok = check_connection(c);
  if (!ok) return ok.error();
  auto id = store.add_connection(case_id, c, by, now);
  audit::record(db, actor, "coordination.connection.add", "coord_case", std::to_string(case_id), nullptr,
                {{"connection", id}, {"kind", c.target_kind}, {"took", c.took}});
  return id;
}

Result<std::int64_t> tell_hub(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id,
                              std::int64_t connection, hubs::Referral r, const std::string& now) {
  CaseOutcomeStore store(db, key);
  std::optional<Connection> found;
  for (auto& c : store.connections(case_id))
    if (c.id == connection) found = c;
  if (!found || found->in.hub_id == 0)
    return Error::not_found(
        i18n::tr("There is no connection to a hub {id} here.", {{"id", std::to_string(connection)}}));
  hubs::HubStore hubs(db);
  if (hubs.referral_of_connection(connection))
    return Error{"conflict",
                 i18n::tr("{hub} has already been told this person is coming.", {{"hub", found->in.target_name}}),
                 {}};
  r.hub_id = found->in.hub_id;
  r.connection_id = connection;
  r.referrer_id = actor.id;
  auto errors = hubs::problems(r);
  if (!errors.empty()) return Error::validation(std::move(errors));
  std::int64_t id = hubs.add_referral(r);
  if (found->in.took == "suggested") store.set_took(connection, "introduced", found->in.follow_up_on, now);
  // As a hub's own referral is logged: the hub, the needs, who referred; no name.
  audit::record(db, actor, "hub.referral.create", "hub_referral", std::to_string(id), nullptr,
                {{"hub_id", r.hub_id}, {"needs", r.needs}, {"consent", true}, {"connection", connection}});
  return id;
}

Status update_connection(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id,
                         std::int64_t connection, const std::string& took, const std::string& follow_up_on,
                         const std::string& now) {
  CaseOutcomeStore store(db, key);
  auto of = store.case_of_connection(connection);
  if (!of || *of != case_id)
    return Error::not_found(i18n::tr("There is no connection {id} here.", {{"id", std::to_string(connection)}}));
  auto ok = check_took(took, follow_up_on);
  if (!ok) return ok.error();
  store.set_took(connection, took, follow_up_on, now);
  audit::record(db, actor, "coordination.connection.took", "coord_case", std::to_string(case_id), nullptr,
                {{"connection", connection}, {"took", took}});
  return Ok{};
}

Result<std::int64_t> add_measure(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id,
                                 const std::string& instrument, const std::string& occasion,
                                 const std::string& taken_on, const std::map<std::string, int>& items, std::int64_t by,
                                 const std::string& now) {
  std::vector<FieldError> e;
  if (std::find(occasions().begin(), occasions().end(), occasion) == occasions().end())
    e.push_back({"occasion", "Choose when this was measured: at the start, a review or closing"});
  if (!is_iso_date(taken_on))
    e.push_back({"taken_on", "Enter the date it was measured"});
  else if (taken_on > now.substr(0, 10))
    e.push_back({"taken_on", "The date must be today or in the past"});
  // A case has one baseline and one closing measure an instrument: a second would make
  // "start against latest" ambiguous. Refused, naming the first, rather than replacing it
  // silently: a measure is the person's own answers and is kept as it was given.
  if ((occasion == "start" || occasion == "close") && e.empty()) {
    auto first = db.query_one(
        "SELECT taken_on FROM coord_wellbeing WHERE case_id = ? AND instrument = ? AND occasion = ? ORDER BY id "
        "LIMIT 1",
        {case_id, instrument, occasion});
    if (first)
      e.push_back(
          {"occasion",
           i18n::tr(
               occasion == "start"
                   ? i18n::msg("{measure} at the start was already recorded on {date}: record this one as a review")
                   : i18n::msg("{measure} at closing was already recorded on {date}: record this one as a review"),
               {{"measure", instrument == "outcomes" ? i18n::tr("A self-rating") : instrument},
                {"date", date_in_words(first->text(0))}})});
  }
  Measure m;
  m.instrument = instrument;
  m.occasion = occasion;
  m.taken_on = taken_on;
  m.items = items;
  Status items_ok = Ok{};
  if (instrument == "ONS4") {
    items_ok = check_ons4(items);
  } else if (instrument == "SWEMWBS") {
    if (swemwbs_licence(db).empty())
      return Error::validation({{"instrument",
                                 "SWEMWBS is switched off: an admin records the place's WEMWBS licence reference at "
                                 "/coordination/outcome-settings first"}});
    auto s = score_swemwbs(items);
    if (s)
      m.total = s->metric;
    else
      items_ok = s.error();
  } else if (instrument == "outcomes") {
    std::vector<std::string> slugs;
    for (const auto& o : outcomes::OutcomeStore(db).list(false)) slugs.push_back(o.slug);
    items_ok = check_outcome_ratings(items, slugs);
  } else {
    e.push_back({"instrument", "Choose ONS4, SWEMWBS or the outcomes"});
  }
  if (!items_ok)
    for (auto& f : items_ok.error().fields) e.push_back(f);
  if (!e.empty()) return Error::validation(std::move(e));
  auto id = CaseOutcomeStore(db, key).add_measure(case_id, m, by, now);
  audit::record(db, actor, "coordination.wellbeing.add", "coord_case", std::to_string(case_id), nullptr,
                {{"measure", id}, {"instrument", instrument}, {"occasion", occasion}});
  return id;
}

Result<std::int64_t> save_unit_cost(store::Db& db, const Key& key, const audit::Actor& actor, const UnitCost& u,
                                    const std::string& now) {
  auto ok = check_unit_cost(u);
  if (!ok) return ok.error();
  CaseOutcomeStore store(db, key);
  nlohmann::json after = {{"name", u.name},    {"low_pence", u.low_pence}, {"high_pence", u.high_pence},
                          {"unit", u.unit},    {"source", u.source},       {"year", u.year},
                          {"active", u.active}};
  if (u.id) {
    auto before = store.unit_cost(u.id);
    if (!before) return Error::not_found(i18n::tr("There is no unit cost {id}.", {{"id", std::to_string(u.id)}}));
    store.update_unit_cost(u);
    audit::record(db, actor, "coordination.unit_cost.update", "coord_unit_cost", std::to_string(u.id),
                  {{"name", before->name},
                   {"low_pence", before->low_pence},
                   {"high_pence", before->high_pence},
                   {"year", before->year},
                   {"active", before->active}},
                  after);
    return u.id;
  }
  auto id = store.add_unit_cost(u, now);
  audit::record(db, actor, "coordination.unit_cost.add", "coord_unit_cost", std::to_string(id), nullptr, after);
  return id;
}

Status add_cost(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id,
                std::int64_t unit_cost_id, CostLine line, const std::string& note, std::int64_t by,
                const std::string& now) {
  CaseOutcomeStore store(db, key);
  auto u = store.unit_cost(unit_cost_id);
  if (!u || !u->active) return Error::validation({{"unit_cost", "Choose what would likely have happened"}});
  line.unit = *u;
  auto ok = check_cost_line(line);
  if (!ok) return ok.error();
  if (note.size() > 2000) return Error::validation({{"note", "The note must be 2,000 characters or fewer"}});
  store.add_cost(case_id, line, note, by, now);
  auto r = cost_range(line);
  audit::record(db, actor, "coordination.cost.add", "coord_case", std::to_string(case_id), nullptr,
                {{"unit_cost", unit_cost_id},
                 {"confidence", line.confidence},
                 {"low_pence", r.low_pence},
                 {"high_pence", r.high_pence}});
  return Ok{};
}

Status add_close_reason(store::Db& db, const Key& key, const audit::Actor& actor, const std::string& label) {
  auto l = trim(label);
  if (l.empty() || l.size() > 100)
    return Error::validation({{"label", "Write the reason, in 100 characters or fewer"}});
  auto k = slug_of(l);
  if (k.empty()) return Error::validation({{"label", "Write the reason in words"}});
  CaseOutcomeStore store(db, key);
  for (const auto& r : store.close_reasons(false))
    if (r.key == k) return Error::validation({{"label", "There is already a reason like that"}});
  store.add_close_reason(k, l);
  audit::record(db, actor, "coordination.close_reason.add", "coord_close_reason", k, nullptr, {{"label", l}});
  return Ok{};
}

Status close_case(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id,
                  const std::string& reason, bool tell_referrer, const std::string& message, std::int64_t by,
                  const std::string& link, const std::string& now) {
  CaseOutcomeStore store(db, key);
  CoordStore cases(db, key);
  auto c = cases.get_case(case_id);
  if (!c) return Error::not_found(i18n::tr("There is no case {id}.", {{"id", std::to_string(case_id)}}));
  if (c->status == "closed" || c->status == "declined") return Error{"conflict", "This case is already closed.", {}};
  std::vector<FieldError> e;
  auto reasons = store.close_reasons(true);
  if (std::none_of(reasons.begin(), reasons.end(), [&](const Reason& r) { return r.key == reason; }))
    e.push_back({"reason", "Choose why the case is closing"});
  if (tell_referrer && trim(message).empty())
    e.push_back({"message", "Write the message for the referrer, or choose not to send one"});
  if (message.size() > 2000) e.push_back({"message", "The message must be 2,000 characters or fewer"});
  if (!e.empty()) return Error::validation(std::move(e));
  int told = 0;
  if (tell_referrer) {
    accounts::AccountStore users(db);
    for (const auto& r : cases.referrals_of_case(case_id)) {
      if (!r.referrer_user || !r.consent_share_back) continue;
      auto u = users.find_by_id(r.referrer_user);
      if (!u) continue;
      // A case being closed was accepted: a referral that joined it without a code (made
      // before joining carried one) was accepted with it.
      std::string code = r.snomed_code.empty() ? std::string(kSnomedAccepted) : r.snomed_code;
      messages::Message m;
      m.kind = "referral_update";
      m.user = u->id;
      m.to = u->email;
      m.fields = {{"name", u->display_name},
                  {"person", cases.person_name(r.person_id)},
                  {"status", i18n::msg("closed")},
                  {"reason_heading", i18n::msg("The coordinator's message:")},
                  {"reason", trim(message)},
                  {"snomed", code + " " + snomed_term(code)},
                  {"link", link}};
      m.key = "referral_update:" + std::to_string(r.id) + ":closed";
      if (messages::enqueue(db, m)) ++told;
    }
  }
  int years = retention_years(db);
  store.close(case_id, reason, told > 0, tell_referrer ? trim(message) : "", by, now, retain_until(now, years));
  audit::record(db, actor, "coordination.case.close", "coord_case", std::to_string(case_id), {{"status", c->status}},
                {{"status", "closed"}, {"reason", reason}, {"referrers_told", told}});
  return Ok{};
}

Status add_contribution(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id,
                        const ContributionInput& c, std::int64_t by, const std::string& now) {
  auto ok = check_contribution(c, now.substr(0, 10));
  if (!ok) return ok.error();
  std::vector<FieldError> e;
  if (c.timebank_post_id && db.scalar("SELECT COUNT(*) FROM timebank_posts WHERE id = ?", {c.timebank_post_id}) == 0)
    e.push_back(
        {"timebank_post", i18n::tr("There is no timebank post {id}", {{"id", std::to_string(c.timebank_post_id)}})});
  if (c.story_id && db.scalar("SELECT COUNT(*) FROM stories WHERE id = ?", {c.story_id}) == 0)
    e.push_back({"story", i18n::tr("There is no story {id}", {{"id", std::to_string(c.story_id)}})});
  if (!e.empty()) return Error::validation(std::move(e));
  CaseOutcomeStore(db, key).add_contribution(case_id, c, by, now);
  audit::record(db, actor, "coordination.contribution.add", "coord_case", std::to_string(case_id), nullptr,
                {{"kind", c.kind}, {"hours", c.hours}});
  return Ok{};
}

Result<std::int64_t> share_gift(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t case_id,
                                const GiftShare& g, std::int64_t by) {
  auto row = db.query_one(
      "SELECT s.text_sealed, s.gift_board_ok, s.gift_board_entry_id, p.user_id FROM coord_strengths s JOIN "
      "coord_cases c ON c.id = s.case_id JOIN coord_people p ON p.id = c.person_id WHERE s.id = ? AND s.case_id = ?",
      {g.strength_id, case_id});
  if (!row) return Error::validation({{"strength", "Choose one of this person's strengths or gifts"}});
  if (row->integer(row->index("gift_board_ok")) == 0)
    return Error::validation({{"strength", "The person has not agreed that this may go on the gift board"}});
  if (!row->is_null(row->index("gift_board_entry_id")))
    return Error{"conflict", "This is already on the gift board.", {}};
  auto own = row->opt_integer(row->index("user_id"));
  timebank::BoardInput in;
  in.side = "gift";
  in.kind = g.kind;
  in.category = g.category;
  in.description = key.open_or_throw(row->text(row->index("text_sealed")));
  in.postcode = g.postcode;
  in.name = g.name;
  in.for_user = own;
  auto id = timebank::add_entry(db, timebank::Caller{by, true, actor}, in);
  if (!id) return id.error();
  // Someone without an account is recorded by the coordinator, not as the coordinator.
  if (!own) db.exec("UPDATE gift_board_entries SET user_id = NULL WHERE id = ?", {*id});
  db.exec("UPDATE coord_strengths SET gift_board_entry_id = ? WHERE id = ?", {*id, g.strength_id});
  audit::record(db, actor, "coordination.gift.share", "coord_case", std::to_string(case_id), nullptr,
                {{"strength", g.strength_id}, {"gift_board_entry", *id}});
  return *id;
}

Result<std::int64_t> request_correction(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t person,
                                        std::int64_t user, const std::string& request, const std::string& now) {
  auto t = trim(request);
  if (t.empty()) return Error::validation({{"request", "Say what is wrong and what it should say"}});
  if (t.size() > 2000) return Error::validation({{"request", "Keep it to 2,000 characters or fewer"}});
  auto id = CaseOutcomeStore(db, key).add_correction(person, user, t, now);
  audit::record(db, actor, "coordination.correction.request", "coord_person", std::to_string(person), nullptr,
                {{"correction", id}});
  return id;
}

Status decide_correction(store::Db& db, const Key& key, const audit::Actor& actor, std::int64_t person,
                         std::int64_t correction, const std::string& status, const std::string& response,
                         std::int64_t by, const std::string& now) {
  CaseOutcomeStore store(db, key);
  auto c = store.correction(correction);
  if (!c || c->person_id != person)
    return Error::not_found(
        i18n::tr("There is no correction request {id} here.", {{"id", std::to_string(correction)}}));
  std::vector<FieldError> e;
  if (status != "corrected" && status != "not-corrected")
    e.push_back({"status", "Choose whether you corrected the record"});
  if (status == "not-corrected" && trim(response).empty())
    e.push_back({"response", "Say why the record was not corrected: the person reads this"});
  if (response.size() > 2000) e.push_back({"response", "Keep it to 2,000 characters or fewer"});
  if (!e.empty()) return Error::validation(std::move(e));
  store.decide_correction(correction, status, trim(response), by, now);
  audit::record(db, actor, "coordination.correction.decide", "coord_person", std::to_string(person),
                {{"status", c->status}}, {{"correction", correction}, {"status", status}});
  return Ok{};
}

RetentionResult run_retention(store::Db& db, const Key& key, const audit::Actor& actor, const std::string& today,
                              bool apply) {
  RetentionResult out;
  out.years = retention_years(db);
  CaseOutcomeStore store(db, key);
  for (const auto& c : store.closed_cases())
    if (retention_due(c.closed_at, out.years, today)) out.due.push_back(c);
  if (!apply) return out;
  for (const auto& c : out.due) {
    auto n = store.erase_case(c.case_id, c.person_id);
    out.rows_deleted += n;
    audit::record(db, actor, "coordination.retention.erase", "coord_case", std::to_string(c.case_id),
                  {{"person", c.person_id}, {"closed_at", c.closed_at}},
                  {{"rows_deleted", n}, {"retention_years", out.years}});
  }
  return out;
}

}  // namespace kith::coordination
