#pragma once
// The directory's pure logic: reading a search from request parameters, paging,
// and schedules in plain English. No database, no HTTP.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "directory/hsds.h"

namespace kith::directory {

// A search of services, as the Open Referral UK API's filters give it.
struct ServiceQuery {
  std::vector<std::string> words;  // lower case; every word must match
  std::string taxonomy_term_id;
  std::string taxonomy_id;
  std::string organization_id;
  std::string modified_after;           // ISO 8601; last_modified on or after
  std::optional<double> minimum_age;    // services whose minimum_age >= this
  std::optional<double> maximum_age;    // services whose maximum_age <= this
  std::string day;                      // MO, TU, ... SU
  std::string start_time;               // HH:MM[:SS]; opens_at >= this
  std::string end_time;                 // closes_at <= this
  std::optional<double> age;            // Kith: services open to a person of this age
  bool free_only = false;               // Kith: services with a free option
  std::uint8_t access = 0;              // Kith: AccessFeature bits a place must offer
  std::optional<std::string> postcode;  // normalised
  std::optional<double> proximity_m;    // metres from the postcode's centre
  int page = 1;
  int per_page = 50;
};

inline constexpr int kMaxPerPage = 1000;

// What a place offers disabled people, read from the text of its HSDS
// accessibility records (feeds write free text, so Kith looks for the usual words).
enum AccessFeature : std::uint8_t {
  kStepFree = 1,          // wheelchair access, level or ramped entrance, lift
  kHearingLoop = 2,       // induction or hearing loop
  kAccessibleToilet = 4,  // accessible or disabled toilet, Changing Places
  kDisabledParking = 8,   // disabled or Blue Badge parking
};
struct AccessFeatureInfo {
  AccessFeature bit;
  const char* id;     // in URLs: access=step_free,hearing_loop
  const char* label;  // for people: English, said with i18n::tr
};
const std::vector<AccessFeatureInfo>& access_feature_list();
std::uint8_t access_features(const std::string& text);
// "step_free,hearing_loop" -> bits; nullopt names the first unknown feature.
Result<std::uint8_t> parse_access(const std::string& text);

// Reads and checks the parameters (`get` returns "" for an absent one). Every bad
// parameter is named with what is wrong.
Result<ServiceQuery> parse_service_query(const std::function<std::string(const std::string&)>& get);
// page and per_page alone (for lists without filters).
Result<std::pair<int, int>> parse_paging(const std::function<std::string(const std::string&)>& get);

// "MO", "mon", "Monday" -> "MO"; nullopt if not a day.
std::optional<std::string> normalise_day(const std::string& text);
// "9:30", "09:30:00" -> "09:30:00"; nullopt if not a time.
std::optional<std::string> normalise_time(const std::string& text);

// The ORUK page wrapper around `contents`.
Json page_json(std::int64_t total_items, int page, int per_page, Json contents);
// Whether `page` lies past the last page (page 1 of an empty list does not).
bool past_the_end(std::int64_t total_items, int page, int per_page);

// A schedule in plain words, in the language this thread speaks: "Mondays and Thursdays, 10am to 12pm";
// its description or notes only when it gives no days or times.
std::string describe_schedule(const Json& schedule);

// Text for word search: the lower-case name, description, organisation and terms,
// with HTML tags removed.
std::string search_text(const std::vector<std::string>& parts);

// Removes HTML tags and decodes the common entities (feeds carry HTML descriptions).
std::string strip_html(const std::string& html);

}  // namespace kith::directory

namespace kith::directory {

// A listing as a person types it into "Add your group": the fields a resident
// needs, which become an HSDS service with its organisation, place and schedule.
struct Listing {
  std::string name;
  std::string organisation;
  std::string description;
  std::string category;  // a taxonomy term id, or ""
  std::string address_1;
  std::string town;
  std::string postcode;           // display form
  std::vector<std::string> days;  // MO, TU, ...
  std::string opens_at;           // HH:MM:SS, or ""
  std::string closes_at;
  std::string email;
  std::string phone;
  std::string url;
  std::string language = "en";  // what its name and description are written in: a code Kith speaks
};

// One rule per field a person types into a listing (its length; an email's shape; a web address
// that is http or https with a host), shared by "Add your group", suggested changes and a
// moderator's approval, so nothing reaches the directory without passing it. Fields without a
// rule (and blank values) pass. Also checks contact_name and contact_email. Every field,
// ruled or not, must be UTF-8 text with no control characters but tab and line breaks.
std::optional<std::string> listing_field_problem(const std::string& field, const std::string& value);
// Every problem with a whole listing: the required fields and each field's rule.
std::vector<FieldError> listing_problems(const Listing& l);
// An absolute http or https address with a host and no spaces or control characters.
bool is_web_address(const std::string& s);

// The fields of "Add your group", checked; each problem names its field.
Result<Listing> read_listing(const std::function<std::string(const std::string&)>& get,
                             const std::vector<std::string>& days);
Json listing_json(const Listing& l);
Listing listing_from_json(const Json& j);
// The HSDS 3.0 service for a listing, with stable ids derived from `key`.
Json listing_to_hsds(const Listing& l, const std::string& key);

// The fields of a listing someone suggests changing, and their values.
inline const std::vector<std::string>& changeable_fields() {
  static const std::vector<std::string> f = {"name", "description", "url", "email"};
  return f;
}
struct FieldChange {
  std::string field;
  std::string now;
  std::string suggested;
};
// What differs between the listing now and what is suggested (fields left blank are unchanged).
std::vector<FieldChange> diff(const Json& now, const Json& suggested);

}  // namespace kith::directory
