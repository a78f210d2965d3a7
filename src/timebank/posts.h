#pragma once
// Offers and requests: members post what they can do or would like, with a skill
// category, a place, times and an expiry; others find them by category, distance and
// timebank (posts of other timebanks where the poster allows it), and respond.
// Contact details pass only when both agree. Writes audited.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/db.h"
#include "timebank/service.h"

namespace kith::timebank {

struct Post {
  std::int64_t id = 0;
  std::int64_t account_id = 0;
  std::string poster;  // the account's name
  std::int64_t timebank_id = 0;
  std::string timebank;
  std::optional<std::int64_t> poster_user;
  std::string side;  // offer, request
  std::string category;
  std::string title;
  std::string description;
  std::uint32_t availability = 0;
  std::optional<double> lat, lon;
  bool share_across_network = true;
  std::string status;
  std::string expires_at;
  std::string language = "en";  // what the title and words are written in
  std::optional<double> km;     // from the searcher's postcode
};

struct PostInput {
  std::int64_t account = 0;
  std::string side, category, title, description, postcode;
  std::uint32_t availability = 0;
  bool share_across_network = true;
  int weeks = 4;                // until it expires: 1 to 12
  std::string language = "en";  // what it is written in: a language Kith speaks
};
Result<std::int64_t> create_post(store::Db& db, const Caller& c, const PostInput& in);

struct PostQuery {
  std::string side;           // "" for both
  std::string category;       // "" for any
  std::string postcode;       // "" for anywhere
  double within_km = 0;       // 0: any distance (needs a postcode otherwise)
  std::int64_t timebank = 0;  // 0: every timebank the viewer may see
};
// Open, unexpired posts the viewer may see: of their own timebanks, or shared across
// the network; never of someone they blocked or who blocked them. Nearest first with
// a postcode, else newest first.
Result<std::vector<Post>> find_posts(store::Db& db, const Caller& c, const PostQuery& q);
Result<Post> post_for(store::Db& db, const Caller& c, std::int64_t id);

// A response to a post; the poster's agreement; renewal and closing by the poster.
Status respond(store::Db& db, const Caller& c, std::int64_t post_id, std::int64_t from_account,
               const std::string& message);
Status agree(store::Db& db, const Caller& c, std::int64_t post_id, std::int64_t responder_account);
Status renew(store::Db& db, const Caller& c, std::int64_t post_id, int weeks);
Status close_post(store::Db& db, const Caller& c, std::int64_t post_id);

struct Response {
  std::int64_t account = 0;
  std::string name;
  std::string message;
  bool agreed = false;
  std::string email;  // only once both have agreed; a mobile (+44...) for someone without email
};
// The responses the caller may see on a post: all of them for its poster (emails of
// those agreed), their own for a responder (with the poster's email once agreed).
std::vector<Response> responses(store::Db& db, const Caller& c, const Post& p);
std::string poster_email_for(store::Db& db, const Caller& c, const Post& p);

}  // namespace kith::timebank
