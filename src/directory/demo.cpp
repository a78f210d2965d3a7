// Sample listings for the demo place: a few groups and services in each of the four
// authorities, every name marked "(demo)", as an HSDS 3.0 feed.
#include "directory/demo.h"

#include "i18n/speaking.h"

namespace kith::directory {

namespace {

struct DemoService {
  const char* name;
  const char* organisation;
  const char* description;
  const char* term;  // a demo category id suffix
  const char* venue;
  const char* street;
  const char* town;
  const char* postcode;
  const char* county;
  double lat;
  double lon;
  const char* byday;
  const char* opens;
  const char* closes;
  int min_age;
  int max_age;
  bool free;
};

const DemoService kServices[] = {
    {"Tuesday Warm Space (demo)", "Broomhall Community Hub (demo)",
     "A warm, welcoming room with hot drinks, soup and company every Tuesday. No need to book.", "meet",
     "Broomhall Centre", "Broomspring Lane", "Sheffield", "S10 2FD", "South Yorkshire", 53.378205, -1.487666, "TU",
     "10:00", "14:00", 0, 120, true},
    {"Chatty Cafe for older people (demo)", "Broomhall Community Hub (demo)",
     "Friendly conversation over tea and cake for people over 60, with volunteers on hand to help with forms.", "older",
     "Broomhall Centre", "Broomspring Lane", "Sheffield", "S10 2FD", "South Yorkshire", 53.378205, -1.487666, "TH",
     "13:30", "15:30", 60, 120, true},
    {"Sharrow Food Pantry (demo)", "Sharrow Neighbours (demo)",
     "A members' food pantry: a weekly shop of fresh and tinned food for a small fee.", "food", "Sharrow Old Church",
     "Cemetery Road", "Sheffield", "S11 8SP", "South Yorkshire", 53.36347, -1.508505, "WE,SA", "11:00", "13:00", 18,
     120, false},
    {"Stay and Play (demo)", "Chorley Family Centre (demo)",
     "Play sessions for babies and toddlers with their parents or carers. Health visitors drop in monthly.", "families",
     "Chorley Family Centre", "Market Street", "Chorley", "PR7 2RJ", "Lancashire", 53.651789, -2.65025, "MO,FR",
     "09:30", "11:30", 0, 4, true},
    {"Walking for Health (demo)", "Chorley Walking Group (demo)",
     "Free, led walks of about an hour on flat paths, at a gentle pace. Meet at the gates.", "health",
     "Astley Park gates", "Park Road", "Chorley", "PR6 7TW", "Lancashire", 53.688584, -2.637552, "WE", "10:00", "11:00",
     16, 120, true},
    {"Money advice drop-in (demo)", "Dudley Advice Network (demo)",
     "Help with debts, benefits and bills from trained advisers. Bring any letters you have.", "money",
     "Dudley Library", "St James's Road", "Dudley", "DY1 3PT", "West Midlands", 52.521641, -2.101634, "TU,TH", "09:00",
     "12:00", 18, 120, true},
    {"Halesowen Men's Shed (demo)", "Halesowen Men's Shed (demo)",
     "A workshop where people make, mend and talk. Everyone welcome; tea always on.", "meet", "The Shed", "Hagley Road",
     "Halesowen", "B63 3ET", "West Midlands", 52.448436, -2.04267, "MO,WE", "10:00", "15:00", 18, 120, true},
    {"Grays Community Kitchen (demo)", "Thurrock Together (demo)",
     "A hot two-course meal cooked by volunteers, eaten together. Pay what you can.", "food", "Grays Methodist Church",
     "New Road", "Grays", "RM17 5AB", "Essex", 51.492377, 0.321543, "FR", "12:00", "14:00", 0, 120, false},
    {"Tilbury Youth Club (demo)", "Thurrock Together (demo)",
     "Games, music, cooking and trips for young people aged 11 to 18, with youth workers.", "families", "Tilbury Hub",
     "Civic Square", "Tilbury", "RM18 8AD", "Essex", 51.462094, 0.365327, "TU,TH", "18:00", "20:30", 11, 18, true},
};

// The categories' names are said in the page's language where Kith knows them
// (directory_http.cpp, category_options), so they are marked as messages.
const std::pair<const char*, const char*> kTerms[] = {
    {"meet", i18n::msg("Places to meet")},
    {"food", i18n::msg("Food")},
    {"health", i18n::msg("Health and wellbeing")},
    {"families", i18n::msg("Children and families")},
    {"older", i18n::msg("Older people")},
    {"money", i18n::msg("Money and benefits")},
    {"learning", i18n::msg("Libraries and learning")},
};

std::string id_for(const std::string& what) { return stable_id("kith-demo/" + what); }

// What each venue says about access, in the words venues use.
const std::pair<const char*, const char*> kAccess[] = {
    {"Broomhall Centre", "Level access from the street, a hearing loop in the main hall and an accessible toilet."},
    {"Sharrow Old Church", "Steps at the front door; ramp at the side entrance. No accessible toilet."},
    {"Chorley Family Centre", "Wheelchair accessible throughout, with baby changing and an accessible toilet."},
    {"Dudley Library", "Lift to every floor, hearing loop at the desk, Blue Badge parking behind the library."},
    {"The Shed", "Not wheelchair accessible: two steps up into the workshop."},
    {"Grays Methodist Church", "Step-free entrance on New Road and an accessible toilet."},
};

Json accessibility_of(const std::string& venue, const std::string& location_id) {
  Json out = Json::array();
  for (const auto& [name, text] : kAccess)
    if (venue == name) out.push_back({{"id", id_for(location_id + "/access")}, {"description", text}});
  return out;
}

}  // namespace

std::string demo_taxonomy_id() { return id_for("taxonomy"); }
std::string demo_term_id(const std::string& key) { return id_for("term/" + key); }

Json demo_feed() {
  Json taxonomy = {{"id", demo_taxonomy_id()},
                   {"name", "Kith community categories (demo)"},
                   {"description", "The categories the Kith demo uses to group activities and places."},
                   {"version", "1"}};
  Json records = Json::array({taxonomy});
  for (const auto& [key, name] : kTerms)
    records.push_back({{"id", demo_term_id(key)},
                       {"name", name},
                       {"description", std::string(name) + " (a Kith demo category)"},
                       {"taxonomy_id", demo_taxonomy_id()},
                       {"code", key}});
  for (const auto& s : kServices) {
    std::string sid = id_for(std::string("service/") + s.name);
    std::string lid = id_for(std::string("location/") + s.venue);
    Json service = {
        {"id", sid},
        {"name", s.name},
        {"description", s.description},
        {"status", "active"},
        {"minimum_age", s.min_age},
        {"maximum_age", s.max_age},
        {"last_modified", "2026-10-01T09:00:00Z"},
        {"assured_date", "2026-10-01"},
        {"organization",
         {{"id", id_for(std::string("organization/") + s.organisation)},
          {"name", s.organisation},
          {"description", std::string(s.organisation) + " is a sample group in the Kith demo."}}},
        {"schedules", Json::array({{{"id", id_for(sid + "/schedule")},
                                    {"freq", "WEEKLY"},
                                    {"byday", s.byday},
                                    {"opens_at", std::string(s.opens) + ":00"},
                                    {"closes_at", std::string(s.closes) + ":00"}}})},
        {"cost_options", Json::array({{{"id", id_for(sid + "/cost")},
                                       {"option", s.free ? "Free" : "Small charge"},
                                       {"amount", s.free ? 0 : 3}}})},
        {"attributes", Json::array({{{"id", id_for(sid + "/category")}, {"taxonomy_term_id", demo_term_id(s.term)}}})},
        {"service_at_locations", Json::array({{{"id", id_for(sid + "/at/" + s.venue)},
                                               {"location",
                                                {{"id", lid},
                                                 {"location_type", "physical"},
                                                 {"name", s.venue},
                                                 {"latitude", s.lat},
                                                 {"longitude", s.lon},
                                                 {"accessibility", accessibility_of(s.venue, lid)},
                                                 {"addresses", Json::array({{{"id", id_for(lid + "/address")},
                                                                             {"address_1", s.street},
                                                                             {"city", s.town},
                                                                             {"state_province", s.county},
                                                                             {"postal_code", s.postcode},
                                                                             {"country", "GB"},
                                                                             {"address_type", "physical"}}})}}}}})},
    };
    records.push_back(service);
  }
  return records;
}

}  // namespace kith::directory
