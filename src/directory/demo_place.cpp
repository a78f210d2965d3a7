// The demo place's directory: real libraries and food banks, and made-up groups in
// every ward. See demo_place.h.
#include "directory/demo_place.h"

#include <algorithm>
#include <set>

#include "core/csv.h"
#include "core/text.h"
#include "directory/demo.h"

namespace kith::directory {

namespace {

std::string place_id_for(const std::string& what) { return stable_id("kith-demo/place/" + what); }

const DemoAuthority* authority_by_2025_code(const std::string& code) {
  for (const auto& a : demo_authorities())
    if (a.code_2025 == code) return &a;
  return nullptr;
}

const DemoAuthority* authority_by_code(const std::string& code) {
  for (const auto& a : demo_authorities())
    if (a.code == code) return &a;
  return nullptr;
}

// One kind of made-up activity, with the choices that vary from ward to ward.
struct Kind {
  const char* key;
  const char* name;  // after the ward's name: "Coffee Morning"
  const char* term;
  const char* description;
  const char* venue;  // after the ward's name: "Community Room"
  std::vector<const char*> days;
  std::vector<std::pair<const char*, const char*>> times;
  int min_age;
  int max_age;
  std::vector<std::pair<const char*, double>> costs;  // what it costs, in pounds (0: free)
};

// The four kinds every search should find near home; each ward has two of them.
const std::vector<Kind>& core_kinds() {
  static const std::vector<Kind> all = {
      {"walk",
       "Walking Group",
       "health",
       "A free, led health walk of about an hour on paths at a gentle pace, for any fitness. Walk leaders are trained "
       "volunteers; nobody gets left behind.",
       "Park gates",
       {"MO", "WE", "TH", "SA"},
       {{"10:00", "11:00"}, {"13:30", "14:30"}},
       16,
       120,
       {{"Free", 0}}},
      {"coffee",
       "Coffee Morning",
       "meet",
       "Coffee, cake and a chat with neighbours. Come on your own or bring a friend: volunteers make everyone "
       "welcome.",
       "Community Room",
       {"TU", "WE", "TH", "FR"},
       {{"10:00", "12:00"}, {"09:30", "11:30"}},
       0,
       120,
       {{"Free", 0}, {"£1 a cup", 1}}},
      {"lunch",
       "Lunch Club",
       "older",
       "A hot two-course lunch, cooked fresh and eaten together, for people over 55. Transport can be arranged if "
       "you cannot get there on your own.",
       "Church Hall",
       {"MO", "TU", "TH"},
       {{"12:00", "14:00"}, {"12:30", "14:00"}},
       55,
       120,
       {{"£4.50 for two courses", 4.5}, {"£3 for two courses", 3}}},
      {"pantry",
       "Community Pantry",
       "food",
       "A members' food pantry: choose a weekly shop of fresh and tinned food for a small fee. No referral needed, "
       "unlike a food bank, and anyone living nearby can join.",
       "Community Room",
       {"WE", "FR", "SA"},
       {{"11:00", "13:00"}, {"14:00", "16:00"}},
       18,
       120,
       {{"£4 a week", 4}, {"£3.50 a week", 4}}},
  };
  return all;
}

// The other kinds: each ward has one.
const std::vector<Kind>& other_kinds() {
  static const std::vector<Kind> all = {
      {"warm",
       "Warm Space",
       "meet",
       "A warm, welcoming room with hot drinks, free wifi and somewhere to charge your phone. No need to book.",
       "Community Room",
       {"MO", "WE", "FR"},
       {{"10:00", "16:00"}},
       0,
       120,
       {{"Free", 0}}},
      {"books",
       "Book Club",
       "learning",
       "Read a book a month and talk about it over tea. Copies are lent by the local library, in large print and as "
       "audiobooks too.",
       "Community Room",
       {"TU", "TH"},
       {{"14:00", "15:30"}, {"18:30", "20:00"}},
       16,
       120,
       {{"Free", 0}}},
      {"youth",
       "Youth Club",
       "families",
       "Games, sport, music and cooking for young people aged 11 to 18, run by qualified youth workers.",
       "Youth Centre",
       {"TU", "TH"},
       {{"18:00", "20:30"}, {"18:30", "21:00"}},
       11,
       18,
       {{"Free", 0}, {"50p a session", 1}}},
      {"allotment",
       "Community Allotment",
       "health",
       "Grow vegetables with neighbours on shared plots. Tools, seeds and advice provided; no experience needed. "
       "Children welcome with an adult.",
       "Allotments",
       {"SA", "SU", "WE"},
       {{"10:00", "13:00"}},
       5,
       120,
       {{"Free", 0}}},
      {"befriending",
       "Befriending",
       "older",
       "A trained volunteer visits or phones each week for a chat, if you are feeling lonely or cut off. Ask for a "
       "befriender yourself or for someone you know.",
       "Community Room",
       {"MO,TU,WE,TH,FR"},
       {{"09:00", "17:00"}},
       18,
       120,
       {{"Free", 0}}},
      {"advice",
       "Advice Drop-in",
       "money",
       "Free, confidential help with benefits, debts, bills and housing from trained advisers. Bring any letters "
       "you have.",
       "Church Hall",
       {"TU", "WE", "TH"},
       {{"09:30", "12:30"}, {"13:30", "16:00"}},
       16,
       120,
       {{"Free", 0}}},
      {"toddlers",
       "Little Ones Playgroup",
       "families",
       "Play, songs and stories for babies and toddlers with their parents or carers. Tea and toast for the grown-ups.",
       "Church Hall",
       {"MO", "WE", "FR"},
       {{"09:30", "11:30"}},
       0,
       4,
       {{"£1 a family", 1}, {"Free", 0}}},
      {"shed",
       "Men's Shed",
       "meet",
       "A workshop where people make, mend and talk. Everyone welcome, whatever their skills; tea always on.",
       "Workshop",
       {"TU", "TH"},
       {{"10:00", "15:00"}},
       18,
       120,
       {{"£2 a session", 2}}},
      {"chair",
       "Chair Exercise",
       "health",
       "Gentle exercise to music, sitting down or holding a chair, for strength and balance. Good after a fall.",
       "Community Room",
       {"MO", "TH"},
       {{"14:00", "15:00"}},
       50,
       120,
       {{"£2 a class", 2}}},
      {"digital",
       "Digital Help Drop-in",
       "learning",
       "Bring your phone, tablet or laptop: volunteers help with email, video calls, online forms and staying safe "
       "online.",
       "Community Room",
       {"WE", "FR"},
       {{"13:00", "15:00"}},
       16,
       120,
       {{"Free", 0}}},
      {"choir",
       "Community Choir",
       "meet",
       "Sing together for the fun of it: no auditions and no need to read music.",
       "Church Hall",
       {"MO", "TH"},
       {{"19:00", "20:30"}},
       12,
       120,
       {{"£3 a session", 3}}},
  };
  return all;
}

// What venues say about access, in the words venues use; each venue gets one.
const char* const kPlaceAccess[] = {
    "Level access from the street, a hearing loop in the main room and an accessible toilet.",
    "Step-free entrance with a ramp, an accessible toilet and Blue Badge parking outside.",
    "Two steps at the front door, with a ramp at the side entrance. No accessible toilet.",
    "Wheelchair accessible throughout, with a lift, a hearing loop and a Changing Places toilet.",
    "Upstairs with no lift: not wheelchair accessible.",
    "Level paths and a disabled parking bay by the gate.",
};

// Which two of the four everyday kinds a ward has, in turn (see demo_activities_feed).
const std::pair<int, int> kPairs[] = {{0, 1}, {1, 3}, {0, 3}, {0, 2}, {2, 3}, {1, 2}};

// The libraries file's days, as HSDS writes them.
const std::pair<const char*, const char*> kDays[] = {{"monday", "MO"},   {"tuesday", "TU"}, {"wednesday", "WE"},
                                                     {"thursday", "TH"}, {"friday", "FR"},  {"saturday", "SA"},
                                                     {"sunday", "SU"}};

Json address(const std::string& id, const std::string& line1, const std::string& city, const std::string& county,
             const std::string& postcode) {
  return Json::array({{{"id", place_id_for(id + "/address")},
                       {"address_1", line1},
                       {"city", city},
                       {"state_province", county},
                       {"postal_code", postcode},
                       {"country", "GB"},
                       {"address_type", "physical"}}});
}

std::string seconds(const std::string& hhmm) { return hhmm + ":00"; }

Json category(const std::string& sid, const std::string& term) {
  return Json::array({{{"id", place_id_for(sid + "/category")}, {"taxonomy_term_id", demo_term_id(term)}}});
}

Json made_up(const DemoWard& ward, const DemoAuthority& place, const Kind& kind, const DemoSpot& spot, std::size_t n) {
  std::string name = ward.name + " " + kind.name + " (demo)";
  std::string sid = place_id_for("service/" + ward.code + "/" + kind.key);
  std::string lid = place_id_for("location/" + ward.code + "/" + kind.key);
  std::string organisation = ward.name + " Neighbours (demo)";
  const auto& [opens, closes] = kind.times[n % kind.times.size()];
  const auto& [cost, amount] = kind.costs[n % kind.costs.size()];
  std::string venue = ward.name + " " + kind.venue + " (demo)";
  Json access = Json::array();
  std::string access_text = kPlaceAccess[(n + std::string(kind.key).size()) % std::size(kPlaceAccess)];
  access.push_back({{"id", place_id_for(lid + "/access")}, {"description", access_text}});
  return {
      {"id", sid},
      {"name", name},
      {"description", std::string(kind.description)},
      {"status", "active"},
      {"minimum_age", kind.min_age},
      {"maximum_age", kind.max_age},
      {"last_modified", "2026-10-01T09:00:00Z"},
      {"assured_date", "2026-10-01"},
      {"organization",
       {{"id", place_id_for("organization/" + ward.code)},
        {"name", organisation},
        {"description",
         organisation + " is a made-up group in the Kith demo, for " + ward.name + " in " + place.name + "."}}},
      {"schedules", Json::array({{{"id", place_id_for(sid + "/schedule")},
                                  {"freq", "WEEKLY"},
                                  {"byday", kind.days[n % kind.days.size()]},
                                  {"opens_at", seconds(opens)},
                                  {"closes_at", seconds(closes)}}})},
      {"cost_options", Json::array({{{"id", place_id_for(sid + "/cost")}, {"option", cost}, {"amount", amount}}})},
      {"attributes", category(sid, kind.term)},
      {"service_at_locations",
       Json::array({{{"id", place_id_for(sid + "/at")},
                     {"location",
                      {{"id", lid},
                       {"location_type", "physical"},
                       {"name", venue},
                       {"latitude", spot.lat},
                       {"longitude", spot.lon},
                       {"accessibility", access},
                       {"addresses", address(lid, venue, place.name, place.county, spot.postcode)}}}}})},
  };
}

// Column index by name; an error naming the file's missing column.
std::size_t need(const std::map<std::string, std::size_t>& header, const std::string& name, const char* file) {
  auto c = column(header, name);
  if (!c) throw std::runtime_error(std::string(file) + " has no column \"" + name + "\"");
  return *c;
}

const std::string& at(const std::vector<std::string>& row, std::size_t i) {
  static const std::string empty;
  return i < row.size() ? row[i] : empty;
}

}  // namespace

const std::vector<DemoAuthority>& demo_authorities() {
  static const std::vector<DemoAuthority> all = {
      {"E08000019", "E08000039", "Sheffield", "South Yorkshire"},
      {"E07000118", "E07000118", "Chorley", "Lancashire"},
      {"E08000027", "E08000027", "Dudley", "West Midlands"},
      {"E06000034", "E06000034", "Thurrock", "Essex"},
  };
  return all;
}

Json demo_activities_feed(const std::vector<DemoWard>& wards) {
  // Which two of the four everyday kinds a ward has, in turn: each kind in half the
  // wards, so that most places have several of each within a mile or two. (This order
  // gives the four town centres at least three of each within two miles.) A place of
  // few wards, a small town, has all four in every ward.
  constexpr std::size_t kSmallPlace = 16;  // wards
  std::map<std::string, std::size_t> wards_in, seen;
  for (const auto& ward : wards)
    if (!ward.spots.empty()) ++wards_in[ward.authority];
  Json out = Json::array();
  for (const auto& ward : wards) {
    const DemoAuthority* place = authority_by_code(ward.authority);
    if (!place || ward.spots.empty()) continue;
    std::size_t n = seen[ward.authority]++;
    std::vector<const Kind*> kinds;
    if (wards_in[ward.authority] < kSmallPlace) {
      for (const auto& k : core_kinds()) kinds.push_back(&k);
    } else {
      const auto& [a, b] = kPairs[n % std::size(kPairs)];
      kinds = {&core_kinds()[a], &core_kinds()[b]};
    }
    kinds.push_back(&other_kinds()[n % other_kinds().size()]);
    for (std::size_t k = 0; k < kinds.size(); ++k) {
      // Spread over the ward: its postcodes in order, taken at even steps.
      const DemoSpot& spot = ward.spots[(ward.spots.size() * (2 * k + 1)) / (2 * kinds.size())];
      out.push_back(made_up(ward, *place, *kinds[k], spot, n + k));
    }
  }
  return out;
}

Json demo_libraries_feed(std::istream& csv, std::vector<std::string>& skipped) {
  const char* file = "the libraries file";
  CsvReader reader(csv);
  auto h = reader.header();
  const std::size_t name = need(h, "name", file), org = need(h, "local_authority_service", file),
                    a1 = need(h, "address1", file), a2 = need(h, "address2", file), a3 = need(h, "address3", file),
                    postcode = need(h, "postcode", file), type = need(h, "type", file),
                    closed = need(h, "year_closed", file), url = need(h, "url", file), lat = need(h, "lat", file),
                    lon = need(h, "lon", file), lad = need(h, "lad_cd", file);
  std::vector<std::size_t> day_cols;
  for (const auto& [day, code] : kDays) day_cols.push_back(need(h, std::string(day) + "_staffed_hours", file));
  Json out = Json::array();
  std::vector<std::string> row;
  while (reader.next(row)) {
    const DemoAuthority* place = authority_by_2025_code(at(row, lad));
    if (!place) continue;
    std::string title = trim(at(row, name));
    if (to_lower(title).find("library") == std::string::npos) title += " Library";
    if (!trim(at(row, closed)).empty()) {
      skipped.push_back(title + " (closed in " + trim(at(row, closed)) + ")");
      continue;
    }
    if (trim(at(row, lat)).empty() || trim(at(row, lon)).empty()) {
      skipped.push_back(title + " (its postcode " + at(row, postcode) + " has no coordinates)");
      continue;
    }
    std::string kind = at(row, type) == "CRL"  ? "a community-run library, supported by the council"
                       : at(row, type) == "CL" ? "a library commissioned by the council"
                                               : "a council library";
    std::string sid = place_id_for("library/" + at(row, lad) + "/" + title);
    std::string lid = place_id_for(sid + "/location");
    // Days with the same staffed hours share a schedule; "09:00-12:30,13:00-17:00" is two.
    std::map<std::string, std::string> days_by_hours;
    for (std::size_t d = 0; d < day_cols.size(); ++d) {
      std::string hours = trim(at(row, day_cols[d]));
      if (hours.empty()) continue;
      std::string& days = days_by_hours[hours];
      days += (days.empty() ? "" : ",") + std::string(kDays[d].second);
    }
    Json schedules = Json::array();
    for (const auto& [hours, days] : days_by_hours)
      for (const auto& part : split(hours, ',')) {
        auto dash = part.find('-');
        if (dash == std::string::npos) continue;
        schedules.push_back({{"id", place_id_for(sid + "/schedule/" + std::to_string(schedules.size()))},
                             {"freq", "WEEKLY"},
                             {"byday", days},
                             {"opens_at", seconds(trim(part.substr(0, dash)))},
                             {"closes_at", seconds(trim(part.substr(dash + 1)))},
                             {"description", "Staffed hours"}});
      }
    std::string city = trim(at(row, a2)).empty() ? place->name : trim(at(row, a2));
    std::string county = trim(at(row, a3)).empty() ? place->county : trim(at(row, a3));
    Json service = {
        {"id", sid},
        {"name", title},
        {"description", title + " is " + kind +
                            ": borrow books, use the computers and wifi, and ask the staff for help. Opening "
                            "times are the hours the library is staffed."},
        {"status", "active"},
        {"last_modified", "2025-04-28T00:00:00Z"},
        {"organization",
         {{"id", place_id_for("library-service/" + at(row, org))},
          {"name", trim(at(row, org))},
          {"description", "The public library service of " + trim(at(row, org)) + "."}}},
        {"schedules", schedules},
        {"cost_options",
         Json::array({{{"id", place_id_for(sid + "/cost")}, {"option", "Free to join and borrow"}, {"amount", 0}}})},
        {"attributes", category(sid, "learning")},
        {"service_at_locations",
         Json::array({{{"id", place_id_for(sid + "/at")},
                       {"location",
                        {{"id", lid},
                         {"location_type", "physical"},
                         {"name", title},
                         {"latitude", std::stod(at(row, lat))},
                         {"longitude", std::stod(at(row, lon))},
                         {"addresses", address(lid, trim(at(row, a1)), city, county, trim(at(row, postcode)))}}}}})}};
    if (!trim(at(row, url)).empty()) service["url"] = trim(at(row, url));
    out.push_back(service);
  }
  return out;
}

Json demo_food_banks_feed(std::istream& csv, std::vector<std::string>& skipped) {
  const char* file = "the food banks file";
  CsvReader reader(csv);
  auto h = reader.header();
  const std::size_t name = need(h, "name", file), url = need(h, "url", file), addr = need(h, "address", file),
                    postcode = need(h, "postcode", file), charity = need(h, "charity_number", file),
                    closed = need(h, "closed", file), lat = need(h, "lat", file), lon = need(h, "lon", file),
                    network = need(h, "network", file), lad = need(h, "lad_cd", file), slug = need(h, "slug", file);
  Json out = Json::array();
  std::vector<std::string> row;
  while (reader.next(row)) {
    const DemoAuthority* place = authority_by_2025_code(at(row, lad));
    if (!place) continue;
    std::string title = trim(at(row, name));
    if (to_lower(title).find("food bank") == std::string::npos && to_lower(title).find("foodbank") == std::string::npos)
      title += " Food Bank";
    if (to_lower(at(row, closed)) == "true") {
      skipped.push_back(title + " (closed)");
      continue;
    }
    if (trim(at(row, lat)).empty() || trim(at(row, lon)).empty()) {
      skipped.push_back(title + " (no coordinates)");
      continue;
    }
    std::string net = trim(at(row, network));
    std::string part_of = net == "Trussell Trust" ? " It is part of the Trussell Trust's network."
                          : net == "IFAN"         ? " It is a member of the Independent Food Aid Network."
                                                  : " It is an independent food bank.";
    std::string sid = place_id_for("food-bank/" + at(row, slug));
    std::string lid = place_id_for(sid + "/location");
    Json organisation = {{"id", place_id_for("food-bank-organisation/" + at(row, slug))},
                         {"name", title},
                         {"description", title + " gives emergency food to people in crisis." + part_of}};
    if (!trim(at(row, url)).empty()) organisation["website"] = trim(at(row, url));
    Json service = {
        {"id", sid},
        {"name", title},
        {"description",
         title +
             " gives emergency food parcels to people in crisis. Most food banks ask for a referral (a voucher) "
             "from an agency such as Citizens Advice, a GP or a social worker: contact the food bank to ask how "
             "to get one, and when it is open." +
             part_of + " Listed from Give Food (givefood.org.uk)."},
        {"status", "active"},
        {"last_modified", "2024-06-01T00:00:00Z"},
        {"organization", organisation},
        {"cost_options", Json::array({{{"id", place_id_for(sid + "/cost")}, {"option", "Free"}, {"amount", 0}}})},
        {"attributes", category(sid, "food")},
        {"service_at_locations", Json::array({{{"id", place_id_for(sid + "/at")},
                                               {"location",
                                                {{"id", lid},
                                                 {"location_type", "physical"},
                                                 {"name", title},
                                                 {"latitude", std::stod(at(row, lat))},
                                                 {"longitude", std::stod(at(row, lon))},
                                                 {"addresses", address(lid, trim(at(row, addr)), place->name,
                                                                       place->county, trim(at(row, postcode)))}}}}})}};
    if (!trim(at(row, url)).empty()) service["url"] = trim(at(row, url));
    if (!trim(at(row, charity)).empty())
      service["organization"]["description"] =
          organisation["description"].get<std::string>() + " Registered charity " + trim(at(row, charity)) + ".";
    out.push_back(service);
  }
  return out;
}

}  // namespace kith::directory
