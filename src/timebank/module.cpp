#include "timebank/module.h"

#include <map>
#include <set>

#include "accounts/account_store.h"
#include "areas/area_store.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "timebank/gift_board.h"
#include "timebank/gift_board_http.h"
#include "timebank/posts_http.h"
#include "timebank/service.h"
#include "timebank/timebank_http.h"

namespace kith::timebank {

namespace {

// Per 1,000 residents of each LSOA of an authority ("" for England), from counts.
app::AreaValues per_1000(
    std::vector<std::pair<std::string, std::int64_t>> (TimebankStore::*count)(const std::string&)) {
  return [count](store::Db& db, const std::string& authority) {
    TimebankStore store(db);
    auto counted = (store.*count)(authority);
    return areas::AreaStore(db).per_1000(authority, {counted.begin(), counted.end()});
  };
}

std::optional<nlohmann::json> area_section(store::Db& db, const app::AreaScope& scope) {
  TimebankStore store(db);
  std::set<std::string> mine(scope.lsoas.begin(), scope.lsoas.end());
  std::int64_t members = 0, exchanges = 0;
  for (const auto& [code, n] : store.members_by_lsoa(scope.authority_code))
    if (mine.count(code)) members += n;
  for (const auto& [code, n] : store.exchanges_by_lsoa(scope.authority_code))
    if (mine.count(code)) exchanges += n;
  nlohmann::json out = {{"count", members}};
  if (members > 0)
    out["headline"] =
        i18n::tr("{members} here, in {exchanges} of help so far.",
                 {{"members", i18n::tr_plural(members, "{n} timebank member lives", "{n} timebank members live")},
                  {"exchanges", count_of(exchanges, "exchange")}});
  return out;
}

}  // namespace

void TimebankModule::install(web::Server& server, const app::Config&) {
  install_routes(server);
  install_board_routes(server);
  install_post_routes(server);
}

app::AreaMeasures TimebankModule::measures() const {
  return {
      {"timebank.members_per_1000",
       {[] { return i18n::tr("Timebank members per 1,000 people"); }, per_1000(&TimebankStore::members_by_lsoa)}},
      {"timebank.exchanges_per_1000",
       {[] { return i18n::tr("Timebank exchanges per 1,000 people"); }, per_1000(&TimebankStore::exchanges_by_lsoa)}}};
}

std::vector<app::AreaSection> TimebankModule::area_sections(const app::Config&) const {
  return {{"timebank", true, area_section}};
}

void TimebankModule::load_demo(store::Db& db, const app::Config&, const app::Progress& progress) {
  TimebankStore store(db);
  if (!store.timebanks().empty()) return;
  const std::string thurrock = "E06000034";
  std::int64_t hub = store.create_timebank(
      {0, "thurrock-hub", "Thurrock Timebank Hub (demo)", "hub", thurrock,
       "The borough's hub: anyone in Thurrock can join and exchange with members of every local timebank.", -600, 3000,
       0});
  std::int64_t tilbury = store.create_timebank(
      {0, "tilbury-chadwell", "Tilbury and Chadwell Timebank (demo)", "ward", thurrock,
       "Neighbours in Tilbury and Chadwell helping each other, run from the community hub.", -600, 3000, 0});
  std::int64_t allotment = store.create_timebank(
      {0, "grays-allotment", "Grays School Allotment (demo)", "group", thurrock,
       "A school's allotment project that shares its gardeners' time with the community.", -1200, 6000, 0});
  accounts::AccountStore users(db);
  auto user = [&](const std::string& email) { return users.find_by_email(email); };
  Caller system{0, true, audit::Actor::system("kith demo")};
  auto member = user("member@demo.kith.test");
  auto organisation = user("organisation@demo.kith.test");
  auto coordinator = user("coordinator@demo.kith.test");
  const std::string tilbury_pc = "RM18 7AB";
  auto lsoa = [&](const std::string& postcode) {
    auto hit = areas::AreaStore(db).postcode(areas::normalise_postcode(postcode).value_or(""));
    return hit ? hit->lsoa_code : std::string();
  };
  std::string grays = lsoa("RM17 5AB");
  std::vector<std::int64_t> opened;
  if (member) opened.push_back(store.open_account(hub, "member", member->id, member->display_name, grays, "pending"));
  if (organisation)
    opened.push_back(
        store.open_account(allotment, "organisation", organisation->id, organisation->display_name, grays, "pending"));
  if (coordinator)
    opened.push_back(store.open_account(hub, "member", coordinator->id, coordinator->display_name, grays, "pending"));
  // Residents who are not online: their coordinator records their exchanges.
  opened.push_back(
      store.open_account(tilbury, "member", std::nullopt, "Pat (demo, not online)", lsoa(tilbury_pc), "pending"));
  opened.push_back(
      store.open_account(tilbury, "member", std::nullopt, "Sam (demo, not online)", lsoa(tilbury_pc), "pending"));
  for (std::int64_t id : opened) (void)approve(db, system, id, true);
  // Someone who asked to join at the hub last week, waiting for a coordinator to approve.
  std::int64_t waiting = store.open_account(tilbury, "member", std::nullopt, "Robin Newcomer (demo, waiting to join)",
                                            lsoa(tilbury_pc), "pending");
  audit::record(db, system.actor, "timebank.account.open", "timebank_account", std::to_string(waiting), nullptr,
                {{"timebank", "tilbury-chadwell"}, {"kind", "member"}, {"status", "pending"}});
  // A few exchanges, confirmed by the coordinator, and one waiting for the member.
  auto exchange = [&](std::int64_t giver, std::int64_t receiver, std::int64_t minutes, const std::string& category,
                      const std::string& what, bool confirm) {
    auto id = propose(db, system, {giver, receiver, true, minutes, category, what});
    if (!id) throw std::runtime_error("demo exchange: " + id.error().message);
    if (!confirm) return;
    for (Action a : {Action::kAccept, Action::kDone, Action::kConfirm}) {
      auto done = act(db, system, *id, a, "");
      if (!done) throw std::runtime_error("demo exchange: " + done.error().message);
    }
  };
  std::size_t pat = opened.size() - 2, sam = opened.size() - 1;
  if (organisation && member)
    exchange(opened[1], opened[0], 180, "home-garden", "Cleared an overgrown garden with the allotment's gardeners",
             true);
  if (member) exchange(opened[0], opened[pat], 60, "company", "A cup of tea and a chat on Tuesday afternoon", true);
  exchange(opened[sam], opened[pat], 90, "transport", "Lift to the hospital and back", true);
  if (member) exchange(opened[pat], opened[0], 45, "learning", "Showed how to knit a scarf", false);
  // The gift board: Thurrock's story of a garden and a school allotment, and ANIMATE.
  auto board = [&](std::optional<std::int64_t> who, const std::string& name, const std::string& side,
                   const std::string& kind, const std::string& category, const std::string& what,
                   const std::string& postcode, const std::string& age, bool other_generation) {
    BoardInput in{side, kind, category, what, postcode, age, name, 0, other_generation, who};
    auto id = add_entry(db, system, in);
    if (!id)
      throw std::runtime_error("demo gift board: " +
                               (id.error().fields.empty() ? id.error().message : id.error().fields[0].message));
  };
  board(std::nullopt, "Jo (demo, not online)", "need", "", "home-garden",
        "My garden is overgrown and I cannot manage it with the children", "RM17 5AB", "25-49", false);
  if (organisation)
    board(organisation->id, "Grays School Allotment (demo)", "gift", "hands", "home-garden",
          "Our pupils and gardeners can clear and plant gardens: we want to reach the community", "RM17 5AB", "",
          false);
  board(std::nullopt, "Eileen (demo, not online)", "gift", "head", "arts",
        "Fifty years of knitting and sewing to pass on", "RM18 7AB", "65-and-over", false);
  board(std::nullopt, "Kyle (demo, not online)", "need", "", "learning",
        "Looking for work: help with a CV and interview practice from someone who has been there", "RM18 7AB",
        "under-25", true);
  board(std::nullopt, "Ray (demo, not online)", "gift", "head", "learning",
        "Retired foreman: happy to help young people with a CV and interview practice", "RM17 5AB", "65-and-over",
        false);
  if (member)
    board(member->id, "Mel Member (demo)", "gift", "heart", "company", "I love a chat over tea", "RM17 5AB", "50-64",
          false);
  if (progress)
    progress("timebank: 3 timebanks, " + std::to_string(opened.size()) + " accounts and one waiting for approval");
}

app::ErasureParts TimebankModule::erasure() const {
  return {
      {"timebank",
       i18n::msg(
           "Your offers, requests, responses and gift board entries are deleted, and exchanges not yet confirmed are "
           "cancelled. The ledger of hours given and received is kept, so every timebank still adds up, with "
           "\"Former member\" instead of your name and what each exchange was for erased. Your balance stays in "
           "the ledger as it is: hours cannot be paid out or passed on."),
       erase_member}};
}

app::PersonalDataParts TimebankModule::personal_data() const {
  return {
      {"timebank", i18n::msg("Your timebank accounts, exchanges, offers and requests, gift board entries and blocks"),
       [](store::Db& db, std::int64_t user) {
         const char* mine = "(SELECT id FROM timebank_accounts WHERE user_id = ?)";
         return nlohmann::json{
             {"accounts", app::rows_json(db, "SELECT * FROM timebank_accounts WHERE user_id = ? ORDER BY id", {user})},
             {"exchanges", app::rows_json(db,
                                          std::string("SELECT * FROM timebank_exchanges WHERE giver_account IN ") +
                                              mine + " OR receiver_account IN " + mine + " ORDER BY id",
                                          {user, user})},
             {"posts", app::rows_json(
                           db, std::string("SELECT * FROM timebank_posts WHERE account_id IN ") + mine + " ORDER BY id",
                           {user})},
             {"gift_board",
              app::rows_json(db, "SELECT * FROM gift_board_entries WHERE user_id = ? ORDER BY id", {user})},
             {"blocks", app::rows_json(db, "SELECT * FROM timebank_blocks WHERE user_id = ?", {user})}};
       }}};
}

}  // namespace kith::timebank

namespace kith::timebank {

app::WorkParts TimebankModule::work() const {
  constexpr const char* kWaiting =
      "SELECT t.slug, t.name, COUNT(a.id) FROM timebanks t LEFT JOIN timebank_accounts a ON a.timebank_id = t.id "
      "AND a.status = 'pending' GROUP BY t.id, t.slug, t.name ORDER BY t.name";
  std::vector<std::string> everyone;
  for (const auto& r : accounts::roles()) everyone.push_back(r.id);
  return {// Anyone with a timebank account: exchanges waiting for them to accept or confirm
          // (the same rule as the timebank page's "Waiting for you").
          {everyone,
           [](store::Db& db, std::int64_t user) {
             TimebankStore store(db);
             auto accounts = store.accounts_of_user(user);
             if (accounts.empty()) return std::vector<app::Waiting>{};
             std::vector<app::Waiting> out;
             // A request to join, until a coordinator answers it: said, so the person knows.
             for (const auto& r :
                  db.query("SELECT t.slug, t.name FROM timebank_accounts a JOIN timebanks t ON "
                           "t.id = a.timebank_id WHERE a.user_id = ? AND a.status = 'pending' ORDER BY t.name",
                           {user}))
               out.push_back({i18n::tr("Your request to join {timebank}", {{"timebank", r.text(1)}}),
                              "/timebank/" + r.text(0), 0, i18n::tr("Waiting for a coordinator")});
             std::int64_t n = 0;
             for (const auto& a : accounts)
               for (const auto& e : store.exchanges_of(a.id, 50))
                 if (waits_for(e, a.id)) ++n;
             out.push_back({i18n::tr("Exchanges waiting for you to accept or confirm"), "/timebank", n});
             return out;
           }},
          {kCoordinators, [=](store::Db& db, std::int64_t) {
             std::vector<app::Waiting> out;
             for (const auto& r : db.query(kWaiting))
               out.push_back({i18n::tr("Members waiting to join {timebank}", {{"timebank", r.text(1)}}),
                              "/timebank/" + r.text(0) + "/manage", r.integer(2)});
             out.push_back({i18n::tr("Introductions to follow up"), "/timebank/connect",
                            db.scalar("SELECT COUNT(*) FROM gift_board_introductions WHERE outcome = 'introduced'")});
             return out;
           }}};
}

}  // namespace kith::timebank
