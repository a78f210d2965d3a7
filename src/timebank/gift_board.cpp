#include "timebank/gift_board.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "areas/area_store.h"
#include "core/clock.h"
#include "core/text.h"
#include "i18n/languages.h"
#include "i18n/speaking.h"
#include "timebank/ledger.h"

namespace kith::timebank {

namespace {

constexpr const char* kGiftColumns =
    "SELECT id, user_id, name, side, kind, category, description, availability, age_band, intergenerational, "
    "lsoa_code, lat, lon, status, language FROM gift_board_entries";

BoardEntry entry_of(const store::Row& r) {
  return {r.integer(0),
          r.opt_integer(1),
          r.text(2),
          r.text(3),
          r.text(4),
          r.text(5),
          r.text(6),
          static_cast<std::uint32_t>(r.integer(7)),
          r.text(8),
          r.integer(9) != 0,
          r.opt_text(10).value_or(""),
          r.opt_real(11),
          r.opt_real(12),
          r.text(13),
          r.text(14)};
}

std::uint8_t category_index(const std::string& id) {
  const auto& all = categories();
  for (std::size_t i = 0; i < all.size(); ++i)
    if (all[i] == id) return static_cast<std::uint8_t>(i);
  return 0;
}

// Distinct people each person has exchanged with (confirmed) or been introduced to.
std::map<std::int64_t, int> connections(store::Db& db) {
  std::map<std::int64_t, std::set<std::int64_t>> partners;
  for (const auto& r : db.query(
           "SELECT g.user_id, r.user_id FROM timebank_exchanges x JOIN timebank_accounts g ON g.id = x.giver_account "
           "JOIN timebank_accounts r ON r.id = x.receiver_account WHERE x.state = 'confirmed' "
           "AND g.user_id IS NOT NULL AND r.user_id IS NOT NULL")) {
    partners[r.integer(0)].insert(r.integer(1));
    partners[r.integer(1)].insert(r.integer(0));
  }
  for (const auto& r : db.query(
           "SELECT n.user_id, g.user_id FROM gift_board_introductions i JOIN gift_board_entries n ON n.id = i.need_id "
           "JOIN gift_board_entries g ON g.id = i.gift_id WHERE n.user_id IS NOT NULL AND g.user_id IS NOT NULL")) {
    partners[r.integer(0)].insert(r.integer(1));
    partners[r.integer(1)].insert(r.integer(0));
  }
  std::map<std::int64_t, int> out;
  for (const auto& [user, set] : partners) out[user] = static_cast<int>(set.size());
  return out;
}

// The engine's view of board entries, with each person's connections.
struct Engine {
  std::map<std::int64_t, int> links;
  Vocabulary words;
  explicit Engine(store::Db& db) : links(connections(db)) {}
  int linked(const std::optional<std::int64_t>& user) const {
    if (!user) return 0;
    auto it = links.find(*user);
    return it == links.end() ? 0 : it->second;
  }
  static std::int64_t person(const BoardEntry& e) { return e.user_id ? *e.user_id : -e.id; }  // not online: their entry
  static std::optional<std::array<double, 2>> place(const BoardEntry& e) {
    if (e.lat && e.lon) return std::array<double, 2>{*e.lat, *e.lon};
    return std::nullopt;
  }
  Need need(const BoardEntry& e) {
    return {e.id,
            person(e),
            category_index(e.category),
            words.words(e.description),
            place(e),
            e.availability,
            age_band_from_id(e.age_band).value_or(AgeBand::kUnknown),
            linked(e.user_id),
            e.intergenerational};
  }
  Offer offer(const BoardEntry& e) {
    return {e.id,
            person(e),
            category_index(e.category),
            words.words(e.description),
            place(e),
            e.availability,
            age_band_from_id(e.age_band).value_or(AgeBand::kUnknown),
            linked(e.user_id)};
  }
};

std::string fixed1(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

const std::vector<TimeChoice>& time_choices() {
  static const std::vector<TimeChoice> all = {
      {"weekday-morning", i18n::msg("Weekday mornings")},     {"weekday-afternoon", i18n::msg("Weekday afternoons")},
      {"weekday-evening", i18n::msg("Weekday evenings")},     {"weekend-morning", i18n::msg("Weekend mornings")},
      {"weekend-afternoon", i18n::msg("Weekend afternoons")}, {"weekend-evening", i18n::msg("Weekend evenings")}};
  return all;
}

Result<std::uint32_t> times_mask(const std::vector<std::string>& ids) {
  std::uint32_t mask = 0;
  for (const auto& id : ids) {
    std::size_t at = 0;
    while (at < time_choices().size() && time_choices()[at].id != id) ++at;
    if (at == time_choices().size())
      return Error::validation({{"times", i18n::tr("\"{time}\" is not a time of the week", {{"time", id}})}});
    int part = static_cast<int>(at % 3);
    bool weekend = at >= 3;
    for (int day = weekend ? 5 : 0; day < (weekend ? 7 : 5); ++day) mask |= slot_bit(day, part);
  }
  return mask;
}

Result<std::int64_t> add_entry(store::Db& db, const Caller& c, const BoardInput& in) {
  std::vector<FieldError> errors;
  if (in.side != "gift" && in.side != "need") errors.push_back({"side", "Say whether this is a gift or a need"});
  if (in.side == "gift" && in.kind != "head" && in.kind != "hands" && in.kind != "heart")
    errors.push_back({"kind", i18n::tr("Choose head (something you know), hands (something you can do) or heart "
                                       "(something you care about)")});
  if (!is_category(in.category)) errors.push_back({"category", "Choose a kind of help"});
  const char* what = in.side == "need" ? i18n::msg("what you need") : i18n::msg("your gift");
  if (auto d = plain_text("description", what, in.description, 500); !d) errors.push_back(d.error().fields.front());
  if (!i18n::Languages::embedded().find(in.language))
    errors.push_back({"language", "Choose the language it is written in"});
  if (!age_band_from_id(in.age_band)) errors.push_back({"age_band", "Choose an age group, or leave it out"});
  std::string lsoa;
  std::optional<double> lat, lon;
  if (!trim(in.postcode).empty()) {
    auto pc = areas::normalise_postcode(in.postcode);
    auto hit = pc ? areas::AreaStore(db).postcode(*pc) : std::nullopt;
    if (!hit)
      errors.push_back({"postcode", i18n::tr("We do not know the postcode {postcode}: check it",
                                             {{"postcode", trim(in.postcode)}})});
    else {
      lsoa = hit->lsoa_code;
      lat = hit->lat;
      lon = hit->lon;
    }
  }
  if (in.for_user && !c.coordinator) errors.push_back({"name", "Only a coordinator records for someone else"});
  std::string name = trim(in.name);
  if (name.empty()) errors.push_back({"name", "Enter the name connectors should use"});
  if (!errors.empty()) return Error::validation(errors);
  std::optional<std::int64_t> owner = in.for_user ? in.for_user : acting_user(c);
  auto id = db.query_one(
                  "INSERT INTO gift_board_entries (user_id, recorded_by, name, side, kind, category, description, "
                  "availability, age_band, intergenerational, lsoa_code, lat, lon, created_at, language) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {owner ? store::Value{*owner} : store::Value{nullptr},
                   acting_user(c) ? store::Value{*acting_user(c)} : store::Value{nullptr}, name, in.side,
                   in.side == "gift" ? in.kind : std::string(), in.category, trim(in.description),
                   std::int64_t{in.availability}, in.age_band, std::int64_t{in.intergenerational ? 1 : 0},
                   lsoa.empty() ? store::Value{nullptr} : store::Value{lsoa},
                   lat ? store::Value{*lat} : store::Value{nullptr}, lon ? store::Value{*lon} : store::Value{nullptr},
                   now_iso(), in.language})
                ->integer(0);
  audit::record(db, c.actor, "timebank.board." + in.side, "gift_board_entry", std::to_string(id), nullptr,
                {{"name", name}, {"kind", in.kind}, {"category", in.category}, {"lsoa", lsoa}});
  return id;
}

std::vector<BoardEntry> entries_of(store::Db& db, std::int64_t user_id) {
  std::vector<BoardEntry> out;
  for (const auto& r : db.query(std::string(kGiftColumns) + " WHERE user_id = ? ORDER BY side, id", {user_id}))
    out.push_back(entry_of(r));
  return out;
}

std::vector<BoardEntry> open_entries(store::Db& db, const std::string& side) {
  std::vector<BoardEntry> out;
  for (const auto& r : db.query(std::string(kGiftColumns) + " WHERE side = ? AND status = 'open' ORDER BY id", {side}))
    out.push_back(entry_of(r));
  return out;
}

std::optional<BoardEntry> entry(store::Db& db, std::int64_t id) {
  auto r = db.query_one(std::string(kGiftColumns) + " WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return entry_of(*r);
}

std::vector<Suggestion> suggestions(store::Db& db, const BoardEntry& need, std::size_t k,
                                    const std::vector<BoardEntry>& gifts) {
  Engine engine(db);
  Need n = engine.need(need);
  std::vector<Offer> offers;
  std::map<std::int64_t, const BoardEntry*> by_id;
  for (const auto& g : gifts) {
    offers.push_back(engine.offer(g));
    by_id[g.id] = &g;
  }
  std::vector<Suggestion> out;
  for (const auto& m : OfferIndex(std::move(offers)).top(n, k)) {
    Suggestion s{*by_id[m.offer], m, {}};
    if (m.reasons.same_category) s.reasons.push_back(i18n::tr("the same kind of help"));
    if (m.reasons.shared_words > 0)
      s.reasons.push_back(i18n::tr_plural(m.reasons.shared_words, "{n} word in common", "{n} words in common"));
    if (m.reasons.km) s.reasons.push_back(i18n::tr("{km} km apart", {{"km", fixed1(*m.reasons.km)}}));
    if (need.availability)
      s.reasons.push_back(i18n::tr("{percent}% of the times needed",
                                   {{"percent", std::to_string(std::lround(m.reasons.availability * 100))}}));
    if (engine.linked(s.gift.user_id) <= 1) s.reasons.push_back(i18n::tr("the giver has few connections yet"));
    if (need.intergenerational) s.reasons.push_back(i18n::tr("another generation"));
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::int64_t> introduce(store::Db& db, const Caller& c, std::int64_t need_id, std::int64_t gift_id) {
  if (!c.coordinator) return Error{"forbidden", i18n::tr("Only a connector or coordinator makes introductions"), {}};
  auto need = entry(db, need_id);
  auto gift = entry(db, gift_id);
  if (!need || need->side != "need")
    return Error::validation({{"need", i18n::tr("There is no need {id}", {{"id", std::to_string(need_id)}})}});
  if (!gift || gift->side != "gift")
    return Error::validation({{"gift", i18n::tr("There is no gift {id}", {{"id", std::to_string(gift_id)}})}});
  if (db.query_one("SELECT 1 FROM gift_board_introductions WHERE need_id = ? AND gift_id = ?", {need_id, gift_id}))
    return Error{
        "conflict",
        i18n::tr("{need} and {gift} have already been introduced.", {{"need", need->name}, {"gift", gift->name}}),
        {}};
  Engine engine(db);
  Match m = score(engine.offer(*gift), engine.need(*need));
  auto id = db.query_one(
                  "INSERT INTO gift_board_introductions (need_id, gift_id, introduced_by, score, reasons, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                  {need_id, gift_id, acting_user(c) ? store::Value{*acting_user(c)} : store::Value{nullptr}, m.score,
                   nlohmann::json{{"same_category", m.reasons.same_category},
                                  {"shared_words", m.reasons.shared_words},
                                  {"km", m.reasons.km ? nlohmann::json(*m.reasons.km) : nlohmann::json(nullptr)}}
                       .dump(),
                   now_iso()})
                ->integer(0);
  audit::record(db, c.actor, "timebank.board.introduce", "gift_board_introduction", std::to_string(id), nullptr,
                {{"need", need_id}, {"gift", gift_id}});
  return id;
}

Status follow_up(store::Db& db, const Caller& c, std::int64_t introduction_id, const std::string& outcome) {
  if (!c.coordinator)
    return Error{"forbidden", i18n::tr("Only a connector or coordinator follows up introductions"), {}};
  if (outcome != "lasted" && outcome != "did-not-last")
    return Error::validation({{"outcome", "Say whether the connection lasted"}});
  auto before = db.query_one("SELECT outcome FROM gift_board_introductions WHERE id = ?", {introduction_id});
  if (!before)
    return Error::not_found(i18n::tr("There is no introduction {id}.", {{"id", std::to_string(introduction_id)}}));
  db.exec("UPDATE gift_board_introductions SET outcome = ?, followed_up_at = ? WHERE id = ?",
          {outcome, now_iso(), introduction_id});
  audit::record(db, c.actor, "timebank.board.follow_up", "gift_board_introduction", std::to_string(introduction_id),
                {{"outcome", before->text(0)}}, {{"outcome", outcome}});
  return Ok{};
}

std::vector<Introduction> introductions(store::Db& db) {
  std::vector<Introduction> out;
  for (const auto& r : db.query("SELECT id, need_id, gift_id, outcome, created_at FROM gift_board_introductions ORDER "
                                "BY id DESC LIMIT 100")) {
    auto need = entry(db, r.integer(1));
    auto gift = entry(db, r.integer(2));
    if (need && gift) out.push_back({r.integer(0), *need, *gift, r.text(3), r.text(4)});
  }
  return out;
}

}  // namespace kith::timebank
