#include "timebank/posts.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "accounts/notify.h"
#include "areas/area_store.h"
#include "core/clock.h"
#include "core/geo.h"
#include "core/text.h"
#include "i18n/languages.h"
#include "i18n/speaking.h"
#include "timebank/ledger.h"

namespace kith::timebank {

namespace {

constexpr const char* kPostColumns =
    "SELECT p.id, p.account_id, a.name, a.timebank_id, t.name, a.user_id, p.side, p.category, p.title, "
    "p.description, p.availability, p.lat, p.lon, p.share_across_network, p.status, p.expires_at, p.language "
    "FROM timebank_posts p JOIN timebank_accounts a ON a.id = p.account_id JOIN timebanks t ON t.id = a.timebank_id";

Post post_of(const store::Row& r) {
  Post p;
  p.id = r.integer(0);
  p.account_id = r.integer(1);
  p.poster = r.text(2);
  p.timebank_id = r.integer(3);
  p.timebank = r.text(4);
  p.poster_user = r.opt_integer(5);
  p.side = r.text(6);
  p.category = r.text(7);
  p.title = r.text(8);
  p.description = r.text(9);
  p.availability = static_cast<std::uint32_t>(r.integer(10));
  p.lat = r.opt_real(11);
  p.lon = r.opt_real(12);
  p.share_across_network = r.integer(13) != 0;
  p.status = r.text(14);
  p.expires_at = r.text(15);
  p.language = r.text(16);
  return p;
}

std::string weeks_from_now(int weeks) { return iso_utc(now_seconds() + static_cast<std::int64_t>(weeks) * 7 * 86400); }

// The caller's active accounts' timebanks.
std::set<std::int64_t> timebanks_of(TimebankStore& store, const Caller& c) {
  std::set<std::int64_t> out;
  for (const auto& a : store.accounts_of_user(c.user_id))
    if (a.status == "active") out.insert(a.timebank_id);
  return out;
}

bool visible(TimebankStore& store, const Caller& c, const std::set<std::int64_t>& mine, const Post& p) {
  if (p.poster_user && *p.poster_user == c.user_id) return true;
  if (p.poster_user && store.blocked_either_way(c.user_id, *p.poster_user)) return false;
  return c.coordinator || mine.count(p.timebank_id) || p.share_across_network;
}

Result<Post> own_post(store::Db& db, const Caller& c, std::int64_t id) {
  auto r = db.query_one(std::string(kPostColumns) + " WHERE p.id = ?", {id});
  if (!r) return Error::not_found(i18n::tr("There is no post {id}.", {{"id", std::to_string(id)}}));
  Post p = post_of(*r);
  if (!c.coordinator && (!p.poster_user || *p.poster_user != c.user_id))
    return Error{"forbidden", i18n::tr("Only the member who posted it can do that"), {}};
  return p;
}

}  // namespace

Result<std::int64_t> create_post(store::Db& db, const Caller& c, const PostInput& in) {
  TimebankStore store(db);
  std::vector<FieldError> errors;
  auto a = store.account(in.account);
  if (!a || a->status != "active" || (!c.coordinator && (!a->user_id || *a->user_id != c.user_id)))
    errors.push_back({"account", "Post from one of your active timebank accounts"});
  if (in.side != "offer" && in.side != "request") errors.push_back({"side", "Say whether you offer or ask"});
  if (!is_category(in.category)) errors.push_back({"category", "Choose a kind of help"});
  if (auto t = plain_text("title", i18n::msg("a short title"), in.title, 80); !t)
    errors.push_back(t.error().fields.front());
  if (auto d = plain_text("description", i18n::msg("a description"), in.description, 1000); !d)
    errors.push_back(d.error().fields.front());
  if (in.weeks < 1 || in.weeks > 12) errors.push_back({"weeks", "A post lasts from 1 to 12 weeks"});
  if (!i18n::Languages::embedded().find(in.language))
    errors.push_back({"language", "Choose the language your post is written in"});
  std::optional<areas::PostcodeHit> hit;
  if (!trim(in.postcode).empty()) {
    auto pc = areas::normalise_postcode(in.postcode);
    hit = pc ? areas::AreaStore(db).postcode(*pc) : std::nullopt;
    if (!hit)
      errors.push_back({"postcode", i18n::tr("We do not know the postcode {postcode}: check it",
                                             {{"postcode", trim(in.postcode)}})});
  }
  if (!errors.empty()) return Error::validation(errors);
  std::int64_t id =
      db.query_one(
            "INSERT INTO timebank_posts (account_id, side, category, title, description, availability, lsoa_code, "
            "lat, lon, share_across_network, expires_at, created_at, language) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id",
            {in.account, in.side, in.category, trim(in.title), trim(in.description), std::int64_t{in.availability},
             hit && !hit->lsoa_code.empty() ? store::Value{hit->lsoa_code} : store::Value{nullptr},
             store::or_null(hit ? std::optional<double>(hit->lat) : std::nullopt),
             store::or_null(hit ? std::optional<double>(hit->lon) : std::nullopt),
             std::int64_t{in.share_across_network ? 1 : 0}, weeks_from_now(in.weeks), now_iso(), in.language})
          ->integer(0);
  audit::record(db, c.actor, "timebank.post.create", "timebank_post", std::to_string(id), nullptr,
                {{"account", in.account}, {"side", in.side}, {"category", in.category}, {"title", trim(in.title)}});
  return id;
}

Result<std::vector<Post>> find_posts(store::Db& db, const Caller& c, const PostQuery& q) {
  std::vector<FieldError> errors;
  if (!q.side.empty() && q.side != "offer" && q.side != "request")
    errors.push_back({"side", i18n::tr("side must be offer or request")});
  if (!q.category.empty() && !is_category(q.category)) errors.push_back({"category", "Choose a kind of help"});
  std::optional<areas::PostcodeHit> centre;
  if (!trim(q.postcode).empty()) {
    auto pc = areas::normalise_postcode(q.postcode);
    centre = pc ? areas::AreaStore(db).postcode(*pc) : std::nullopt;
    if (!centre)
      errors.push_back(
          {"postcode", i18n::tr("We do not know the postcode {postcode}: check it", {{"postcode", trim(q.postcode)}})});
  } else if (q.within_km > 0) {
    errors.push_back({"postcode", "Enter a postcode to search within a distance"});
  }
  if (!errors.empty()) return Error::validation(errors);
  TimebankStore store(db);
  auto mine = timebanks_of(store, c);
  std::vector<Post> out;
  for (const auto& r : db.query(std::string(kPostColumns) +
                                    " WHERE p.status = 'open' AND p.expires_at > ? AND (? = '' OR p.side = ?) AND "
                                    "(? = '' OR p.category = ?) AND (? = 0 OR a.timebank_id = ?) ORDER BY p.id DESC "
                                    "LIMIT 500",
                                {now_iso(), q.side, q.side, q.category, q.category, q.timebank, q.timebank})) {
    Post p = post_of(r);
    if (!visible(store, c, mine, p)) continue;
    if (centre && p.lat && p.lon) p.km = geo::distance_m({centre->lon, centre->lat}, {*p.lon, *p.lat}) / 1000.0;
    if (q.within_km > 0 && (!p.km || *p.km > q.within_km)) continue;
    out.push_back(std::move(p));
  }
  if (centre)
    std::stable_sort(out.begin(), out.end(),
                     [](const Post& a, const Post& b) { return a.km.value_or(1e9) < b.km.value_or(1e9); });
  return out;
}

Result<Post> post_for(store::Db& db, const Caller& c, std::int64_t id) {
  auto r = db.query_one(std::string(kPostColumns) + " WHERE p.id = ?", {id});
  if (!r) return Error::not_found(i18n::tr("There is no post {id}.", {{"id", std::to_string(id)}}));
  Post p = post_of(*r);
  TimebankStore store(db);
  if (!visible(store, c, timebanks_of(store, c), p))
    return Error::not_found(i18n::tr("There is no post {id}.", {{"id", std::to_string(id)}}));
  return p;
}

Status respond(store::Db& db, const Caller& c, std::int64_t post_id, std::int64_t from_account,
               const std::string& message) {
  auto p = post_for(db, c, post_id);
  if (!p) return p.error();
  TimebankStore store(db);
  auto a = store.account(from_account);
  if (!a || a->status != "active" || !a->user_id || *a->user_id != c.user_id)
    return Error::validation({{"account", "Respond from one of your active timebank accounts"}});
  if (p->poster_user && *p->poster_user == c.user_id) return Error::validation({{"message", "This is your own post"}});
  if (p->status != "open" || p->expires_at <= now_iso())
    return Error{"conflict", i18n::tr("This post is no longer open."), {}};
  if (auto m = plain_text("message", i18n::msg("a message"), message, 500); !m) return m.error();
  if (db.query_one("SELECT 1 FROM timebank_responses WHERE post_id = ? AND responder_account = ?", {post_id, a->id}))
    return Error{"conflict", i18n::tr("You have already responded to this post."), {}};
  db.exec("INSERT INTO timebank_responses (post_id, responder_account, message, created_at) VALUES (?, ?, ?, ?)",
          {post_id, a->id, trim(message), now_iso()});
  audit::record(db, c.actor, "timebank.post.respond", "timebank_post", std::to_string(post_id), nullptr,
                {{"responder_account", a->id}});
  if (p->poster_user)
    accounts::notify(
        db, c.actor, *p->poster_user, "offer_response",
        {{"post_title", p->title}, {"responder", a->name}, {"link", "/timebank/posts/" + std::to_string(post_id)}},
        "offer_response:" + std::to_string(post_id) + ":" + std::to_string(a->id));
  return Ok{};
}

Status agree(store::Db& db, const Caller& c, std::int64_t post_id, std::int64_t responder_account) {
  auto p = own_post(db, c, post_id);
  if (!p) return p.error();
  // Sharing contact details is the member's own consent: a coordinator, who may otherwise act on a
  // post, cannot give it for them.
  if (!p->poster_user || *p->poster_user != c.user_id)
    return Error{"forbidden", i18n::tr("Only the member who posted it can agree to share their contact details"), {}};
  if (db.exec("UPDATE timebank_responses SET poster_agreed = 1 WHERE post_id = ? AND responder_account = ?",
              {post_id, responder_account}) == 0)
    return Error::not_found(i18n::tr("Nobody with that account has responded to this post."));
  audit::record(db, c.actor, "timebank.post.share_contact", "timebank_post", std::to_string(post_id), nullptr,
                {{"responder_account", responder_account}});
  // The responder hears that they may now get in touch; the details stay on the page.
  if (auto responder = TimebankStore(db).account(responder_account); responder && responder->user_id)
    accounts::notify(
        db, c.actor, *responder->user_id, "contact_shared",
        {{"post_title", p->title}, {"poster", p->poster}, {"link", "/timebank/posts/" + std::to_string(post_id)}},
        "contact_shared:" + std::to_string(post_id) + ":" + std::to_string(responder_account));
  return Ok{};
}

Status renew(store::Db& db, const Caller& c, std::int64_t post_id, int weeks) {
  auto p = own_post(db, c, post_id);
  if (!p) return p.error();
  if (weeks < 1 || weeks > 12) return Error::validation({{"weeks", "A post lasts from 1 to 12 weeks"}});
  std::string until = weeks_from_now(weeks);
  db.exec("UPDATE timebank_posts SET expires_at = ?, status = 'open' WHERE id = ?", {until, post_id});
  audit::record(db, c.actor, "timebank.post.renew", "timebank_post", std::to_string(post_id),
                {{"expires_at", p->expires_at}}, {{"expires_at", until}});
  return Ok{};
}

Status close_post(store::Db& db, const Caller& c, std::int64_t post_id) {
  auto p = own_post(db, c, post_id);
  if (!p) return p.error();
  db.exec("UPDATE timebank_posts SET status = 'closed' WHERE id = ?", {post_id});
  audit::record(db, c.actor, "timebank.post.close", "timebank_post", std::to_string(post_id), {{"status", p->status}},
                {{"status", "closed"}});
  return Ok{};
}

std::vector<Response> responses(store::Db& db, const Caller& c, const Post& p) {
  bool poster = p.poster_user && *p.poster_user == c.user_id;
  std::vector<Response> out;
  for (const auto& r :
       db.query("SELECT r.responder_account, a.name, r.message, r.poster_agreed, a.user_id, COALESCE(u.email, u.phone) "
                "FROM timebank_responses r JOIN timebank_accounts a ON a.id = r.responder_account "
                "LEFT JOIN users u ON u.id = a.user_id WHERE r.post_id = ? ORDER BY r.created_at",
                {p.id})) {
    bool theirs = r.opt_integer(4) && *r.opt_integer(4) == c.user_id;
    if (!poster && !theirs) continue;
    bool agreed = r.integer(3) != 0;
    out.push_back({r.integer(0), r.text(1), r.text(2), agreed, agreed && poster ? r.opt_text(5).value_or("") : ""});
  }
  return out;
}

std::string poster_email_for(store::Db& db, const Caller& c, const Post& p) {
  for (const auto& r : responses(db, c, p))
    if (r.agreed && !(p.poster_user && *p.poster_user == c.user_id)) {
      auto e =
          db.query_one("SELECT COALESCE(u.email, u.phone) FROM users u WHERE u.id = ?", {p.poster_user.value_or(0)});
      return e ? e->text(0) : "";
    }
  return "";
}

}  // namespace kith::timebank
