#include "directory/directory.h"

#include <cmath>
#include <map>

#include "areas/areas.h"
#include "core/clock.h"
#include "core/text.h"
#include "i18n/languages.h"
#include "i18n/speaking.h"

namespace kith::directory {

namespace {

const std::vector<std::pair<std::string, std::string>>& days() {
  static const std::vector<std::pair<std::string, std::string>> all = {
      {"MO", "Monday"}, {"TU", "Tuesday"},  {"WE", "Wednesday"}, {"TH", "Thursday"},
      {"FR", "Friday"}, {"SA", "Saturday"}, {"SU", "Sunday"}};
  return all;
}

std::optional<int> parse_count(const std::string& text, int min, int max) {
  auto n = parse_int(text);
  if (!n || *n < min || *n > max) return std::nullopt;
  return static_cast<int>(*n);
}

std::string clock_text(const std::string& hhmmss) {
  return time_in_words(std::stoi(hhmmss.substr(0, 2)) * 60 + std::stoi(hhmmss.substr(3, 2)));
}

}  // namespace

std::optional<std::string> normalise_day(const std::string& text) {
  std::string t = to_lower(trim(text));
  if (t.size() < 2) return std::nullopt;
  for (const auto& [code, name] : days()) {
    std::string n = to_lower(name);
    if (t == to_lower(code) || (t.size() >= 3 && n.compare(0, t.size(), t) == 0) || t == n + "s") return code;
  }
  return std::nullopt;
}

std::optional<std::string> normalise_time(const std::string& text) {
  auto parts = split(trim(text), ':');
  if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
  int v[3] = {0, 0, 0};
  for (size_t i = 0; i < parts.size(); ++i) {
    auto n = parse_int(parts[i]);
    if (!n || parts[i].empty() || parts[i].size() > 2) return std::nullopt;
    v[i] = static_cast<int>(*n);
  }
  if (v[0] > 23 || v[1] > 59 || v[2] > 59) return std::nullopt;
  char buf[9];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", v[0], v[1], v[2]);
  return std::string(buf);
}

Result<std::pair<int, int>> parse_paging(const std::function<std::string(const std::string&)>& get) {
  std::vector<FieldError> errors;
  int page = 1, per_page = 50;
  if (auto p = get("page"); !p.empty()) {
    if (auto n = parse_count(p, 1, 1000000))
      page = *n;
    else
      errors.push_back({"page", "page must be a whole number of 1 or more, not \"" + p + "\""});
  }
  if (auto p = get("per_page"); !p.empty()) {
    if (auto n = parse_count(p, 1, kMaxPerPage))
      per_page = *n;
    else
      errors.push_back({"per_page", "per_page must be a whole number from 1 to " + std::to_string(kMaxPerPage) +
                                        ", not \"" + p + "\""});
  }
  if (!errors.empty()) return Error::validation(std::move(errors));
  return std::make_pair(page, per_page);
}

const std::vector<AccessFeatureInfo>& access_feature_list() {
  static const std::vector<AccessFeatureInfo> all = {
      {kStepFree, "step_free", i18n::msg("Step-free or wheelchair access")},
      {kHearingLoop, "hearing_loop", i18n::msg("Hearing loop")},
      {kAccessibleToilet, "accessible_toilet", i18n::msg("Accessible toilet")},
      {kDisabledParking, "disabled_parking", i18n::msg("Disabled parking")},
  };
  return all;
}

std::uint8_t access_features(const std::string& text) {
  // Spaces around, so " lift" is a word and not "uplifting", " ramp" not "trampoline".
  std::string t = " " + to_lower(text) + " ";
  for (char& c : t)
    if (c == ',' || c == '.' || c == ';' || c == '(' || c == ')') c = ' ';
  auto has = [&](std::initializer_list<const char*> words) {
    for (const char* w : words)
      if (t.find(w) != std::string::npos) return true;
    return false;
  };
  // "not wheelchair accessible" and "no lift" say the opposite: look for a denial first.
  auto denies = [&](const char* what) {
    for (const char* no : {"no ", "not ", "without "})
      if (t.find(std::string(no) + what) != std::string::npos) return true;
    return false;
  };
  std::uint8_t bits = 0;
  if (has({"wheelchair", "step-free", "step free", "level access", " ramp", " lift"}) && !denies("wheelchair") &&
      !denies("step") && !denies("lift") && !denies("ramp") && !denies("level"))
    bits |= kStepFree;
  if (has({"hearing loop", "induction loop", "loop system"}) && !denies("hearing") && !denies("induction"))
    bits |= kHearingLoop;
  if (has({"accessible toilet", "disabled toilet", "accessible wc", "disabled wc", "changing places"}) &&
      !denies("accessible toilet") && !denies("disabled toilet"))
    bits |= kAccessibleToilet;
  if (has({"disabled parking", "blue badge", "accessible parking"}) && !denies("disabled parking"))
    bits |= kDisabledParking;
  return bits;
}

Result<std::uint8_t> parse_access(const std::string& text) {
  std::uint8_t bits = 0;
  for (const auto& part : split(text, ',')) {
    std::string id = trim(part);
    if (id.empty()) continue;
    bool known = false;
    for (const auto& f : access_feature_list())
      if (id == f.id) {
        bits |= f.bit;
        known = true;
      }
    if (!known)
      return Error::validation({{"access",
                                 "access must be a list of step_free, hearing_loop, accessible_toilet "
                                 "and disabled_parking, not \"" +
                                     id + "\""}});
  }
  return bits;
}

Result<ServiceQuery> parse_service_query(const std::function<std::string(const std::string&)>& get) {
  ServiceQuery q;
  std::vector<FieldError> errors;
  auto paging = parse_paging(get);
  if (!paging) {
    errors = paging.error().fields;
  } else {
    q.page = paging->first;
    q.per_page = paging->second;
  }
  for (const auto& w : split(to_lower(get("search")), ' '))
    if (!trim(w).empty()) q.words.push_back(trim(w));
  if (q.words.size() > 10) errors.push_back({"search", "Search for 10 words or fewer"});
  q.taxonomy_term_id = get("taxonomy_term_id");
  q.taxonomy_id = get("taxonomy_id");
  q.organization_id = get("organization_id");
  if (auto m = get("modified_after"); !m.empty()) {
    if (!is_iso_date_time(m))
      errors.push_back({"modified_after", "modified_after must be a date and time like 2024-06-30T09:00:00Z"});
    else
      q.modified_after = m;
  }
  for (const char* name : {"minimum_age", "maximum_age"}) {
    std::string v = get(name);
    if (v.empty()) continue;
    auto n = parse_double(v);
    if (!n || *n < 0 || *n > 150)
      errors.push_back({name, std::string(name) + " must be an age from 0 to 150, not \"" + v + "\""});
    else
      (std::string(name) == "minimum_age" ? q.minimum_age : q.maximum_age) = *n;
  }
  if (auto a = get("age"); !a.empty()) {
    auto n = parse_double(a);
    if (!n || *n < 0 || *n > 150)
      errors.push_back({"age", "Enter an age from 0 to 150, like 35"});
    else
      q.age = *n;
  }
  if (auto f = get("free"); f == "yes" || f == "true")
    q.free_only = true;
  else if (!f.empty() && f != "no" && f != "false")
    errors.push_back({"free", "free must be yes or no, not \"" + f + "\""});
  if (auto access = parse_access(get("access")))
    q.access = *access;
  else
    errors.insert(errors.end(), access.error().fields.begin(), access.error().fields.end());
  if (auto d = get("day"); !d.empty()) {
    if (auto code = normalise_day(d))
      q.day = *code;
    else
      errors.push_back({"day", "day must be a day of the week such as MO or Monday, not \"" + d + "\""});
  }
  for (const char* name : {"start_time", "end_time"}) {
    std::string v = get(name);
    if (v.empty()) continue;
    if (auto t = normalise_time(v))
      (std::string(name) == "start_time" ? q.start_time : q.end_time) = *t;
    else
      errors.push_back({name, std::string(name) + " must be a time such as 09:30, not \"" + v + "\""});
  }
  if (auto p = get("postcode"); !p.empty()) {
    if (auto pc = areas::normalise_postcode(p))
      q.postcode = *pc;
    else
      errors.push_back({"postcode", i18n::tr("\"{postcode}\" is not a UK postcode", {{"postcode", p}})});
  }
  if (auto p = get("proximity"); !p.empty()) {
    auto n = parse_double(p);
    if (!n || *n <= 0 || *n > 1000000)
      errors.push_back({"proximity", "proximity must be a distance in metres from 1 to 1000000, not \"" + p + "\""});
    else if (get("postcode").empty())
      errors.push_back({"postcode", "Give a postcode to search within a distance of it"});
    else
      q.proximity_m = *n;
  }
  if (!errors.empty()) return Error::validation(std::move(errors));
  return q;
}

Json page_json(std::int64_t total_items, int page, int per_page, Json contents) {
  std::int64_t total_pages = (total_items + per_page - 1) / per_page;
  return Json{{"total_items", total_items}, {"total_pages", total_pages},
              {"page_number", page},        {"size", static_cast<std::int64_t>(contents.size())},
              {"first_page", page == 1},    {"last_page", page >= total_pages},
              {"empty", contents.empty()},  {"contents", std::move(contents)}};
}

bool past_the_end(std::int64_t total_items, int page, int per_page) {
  return page > 1 && static_cast<std::int64_t>(page - 1) * per_page >= total_items;
}

std::string describe_schedule(const Json& s) {
  // Said in the page's language: each in the order of days().
  static constexpr const char* kEvery[] = {i18n::msg("Mondays"),   i18n::msg("Tuesdays"), i18n::msg("Wednesdays"),
                                           i18n::msg("Thursdays"), i18n::msg("Fridays"),  i18n::msg("Saturdays"),
                                           i18n::msg("Sundays")};
  std::vector<std::string> names;
  for (const auto& code : split(text_of(s, "byday"), ',')) {
    std::string c = to_upper(trim(code));
    if (c.size() > 2) c = c.substr(c.size() - 2);  // "1MO" (first Monday) -> Monday
    for (std::size_t d = 0; d < days().size(); ++d)
      if (days()[d].first == c) names.push_back(i18n::tr(kEvery[d]));
  }
  std::string when;
  if (names.size() == 7)
    when = i18n::tr("Every day");
  else if (names.size() == 1)
    when = names[0];
  else if (!names.empty())
    when = i18n::tr(
        "{list} and {last}",
        {{"list", join(std::vector<std::string>(names.begin(), names.end() - 1), ", ")}, {"last", names.back()}});
  std::string freq = to_upper(text_of(s, "freq"));
  if (when.empty() && freq == "DAILY") when = i18n::tr("Every day");
  if (when.empty() && freq == "MONTHLY") when = i18n::tr("Monthly");
  auto opens = normalise_time(text_of(s, "opens_at"));
  auto closes = normalise_time(text_of(s, "closes_at"));
  std::string times;
  if (opens && closes)
    times = i18n::tr("{opens} to {closes}", {{"opens", clock_text(*opens)}, {"closes", clock_text(*closes)}});
  else if (opens)
    times = i18n::tr("from {opens}", {{"opens", clock_text(*opens)}});
  // The days and times when the schedule gives them, in the page's language; else the
  // feed's own words (a description such as "Staffed hours" says nothing of when).
  if (when.empty() && times.empty()) {
    for (const char* words : {"description", "notes"})
      if (!text_of(s, words).empty()) return text_of(s, words);
    return i18n::tr("Times not given");
  }
  if (when.empty()) return times;
  return times.empty() ? when : i18n::tr("{when}, {times}", {{"when", when}, {"times", times}});
}

std::string strip_html(const std::string& html) {
  std::string out;
  bool in_tag = false;
  for (size_t i = 0; i < html.size(); ++i) {
    char c = html[i];
    if (c == '<') {
      in_tag = true;
      // Block ends become spaces so words do not run together.
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else if (c == '>') {
      in_tag = false;
    } else if (!in_tag) {
      out += c;
    }
  }
  static const std::vector<std::pair<std::string, std::string>> entities = {
      {"&nbsp;", " "},  {"&amp;", "&"}, {"&lt;", "<"},   {"&gt;", ">"},
      {"&quot;", "\""}, {"&#39;", "'"}, {"&pound;", "£"}};
  for (const auto& [from, to] : entities)
    for (size_t p = out.find(from); p != std::string::npos; p = out.find(from, p + to.size()))
      out.replace(p, from.size(), to);
  std::string collapsed;
  for (char c : out) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!collapsed.empty() && collapsed.back() != ' ') collapsed += ' ';
    } else {
      collapsed += c;
    }
  }
  return trim(collapsed);
}

std::string search_text(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    out += (out.empty() ? "" : " ") + to_lower(strip_html(p));
  }
  return out;
}

}  // namespace kith::directory

namespace kith::directory {

namespace {

bool looks_like_email(const std::string& s) {
  auto at = s.find('@');
  return at != std::string::npos && at > 0 && s.find('.', at) != std::string::npos && s.find(' ') == std::string::npos;
}

// The longest each field a person types may be.
const std::map<std::string, std::size_t>& field_limits() {
  static const std::map<std::string, std::size_t> limits = {
      {"name", 120},  {"organisation", 120}, {"description", 2000}, {"address_1", 200},    {"town", 80},
      {"email", 200}, {"phone", 30},         {"url", 300},          {"contact_name", 120}, {"contact_email", 200}};
  return limits;
}

}  // namespace

bool is_web_address(const std::string& s) {
  std::string lower = to_lower(s);
  std::size_t start = starts_with(lower, "https://") ? 8 : starts_with(lower, "http://") ? 7 : 0;
  if (start == 0) return false;
  for (unsigned char c : s)
    if (c <= 0x20 || c == 0x7F || c == '\\') return false;
  std::size_t end = s.find_first_of("/?#", start);
  std::string host = s.substr(start, end == std::string::npos ? std::string::npos : end - start);
  return !host.empty() && host.front() != '@' && host.front() != ':';
}

std::optional<std::string> listing_field_problem(const std::string& field, const std::string& value) {
  // In English, marked: the import report keeps them so; a form's errors are said in
  // the page's language where they are shown.
  if (!valid_utf8(value)) return std::string(i18n::msg("Use only text: this is not UTF-8"));
  for (unsigned char c : value)
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
      return std::string(i18n::msg("Remove the control character (such as a zero byte or an escape): use only text"));
  auto limit = field_limits().find(field);
  if (limit != field_limits().end() && value.size() > limit->second)
    return "Use " + std::to_string(limit->second) + " characters or fewer";
  if (value.empty()) return std::nullopt;
  // What residents and moderators read is text: markup would be shown as typed.
  if ((field == "name" || field == "organisation" || field == "description" || field == "address_1" ||
       field == "town") &&
      has_markup(value))
    return std::string(i18n::msg("Write it as plain text, without HTML such as <script>"));
  if ((field == "email" || field == "contact_email") && !looks_like_email(value))
    return std::string(i18n::msg("Enter an email address like name@example.com"));
  if (field == "url" && !is_web_address(value))
    return std::string(i18n::msg("Enter a web address starting https://, like https://example.org"));
  return std::nullopt;
}

std::vector<FieldError> listing_problems(const Listing& l) {
  std::vector<FieldError> errors;
  auto check = [&](const char* field, const std::string& value, const char* missing) {
    if (value.empty() && missing) errors.push_back({field, missing});
    if (auto problem = listing_field_problem(field, value)) errors.push_back({field, *problem});
  };
  check("name", l.name, i18n::msg("Enter the name of the group or activity"));
  check("organisation", l.organisation, nullptr);
  check("description", l.description, i18n::msg("Say what happens there, in a sentence or two"));
  check("address_1", l.address_1, i18n::msg("Enter the street address, or the name of the building"));
  check("town", l.town, i18n::msg("Enter the town or city"));
  if (l.postcode.empty()) errors.push_back({"postcode", "Enter the postcode, like S1 2HH"});
  check("email", l.email, nullptr);
  check("phone", l.phone, nullptr);
  check("url", l.url, nullptr);
  if (!i18n::Languages::embedded().find(l.language))
    errors.push_back({"language", "Choose the language your listing is written in"});
  return errors;
}

Result<Listing> read_listing(const std::function<std::string(const std::string&)>& get,
                             const std::vector<std::string>& days) {
  Listing l;
  std::vector<FieldError> errors;
  for (auto [field, into] :
       std::initializer_list<std::pair<const char*, std::string*>>{{"name", &l.name},
                                                                   {"organisation", &l.organisation},
                                                                   {"description", &l.description},
                                                                   {"address_1", &l.address_1},
                                                                   {"town", &l.town},
                                                                   {"email", &l.email},
                                                                   {"phone", &l.phone},
                                                                   {"url", &l.url}})
    *into = trim(get(field));
  l.category = trim(get("category"));
  // Not chosen (an older form, the API): the language of the page it was written on.
  l.language = trim(get("language"));
  if (l.language.empty()) l.language = i18n::speaking()->code;
  std::string pc = trim(get("postcode"));
  bool postcode_bad = false;
  if (!pc.empty()) {
    if (auto n = areas::normalise_postcode(pc))
      l.postcode = areas::display_postcode(*n);
    else
      postcode_bad = true;
  }
  for (const auto& d : days)
    if (auto code = normalise_day(d)) l.days.push_back(*code);
  for (auto& e : listing_problems(l)) {
    if (e.field == "postcode" && postcode_bad) e.message = i18n::msg("Enter a real postcode, like S1 2HH");
    errors.push_back(std::move(e));
  }
  for (const char* field : {"opens_at", "closes_at"}) {
    std::string v = trim(get(field));
    if (v.empty()) continue;
    if (auto t = normalise_time(v))
      (std::string(field) == "opens_at" ? l.opens_at : l.closes_at) = *t;
    else
      errors.push_back({field, i18n::msg("Enter a time like 10:00 or 18:30")});
  }
  if (!l.opens_at.empty() && !l.closes_at.empty() && l.closes_at <= l.opens_at)
    errors.push_back({"closes_at", "The finishing time must be after the starting time"});
  if (!errors.empty()) return Error::validation(std::move(errors));
  return l;
}

Json listing_json(const Listing& l) {
  return {{"name", l.name},
          {"organisation", l.organisation},
          {"description", l.description},
          {"category", l.category},
          {"address_1", l.address_1},
          {"town", l.town},
          {"postcode", l.postcode},
          {"days", l.days},
          {"opens_at", l.opens_at},
          {"closes_at", l.closes_at},
          {"email", l.email},
          {"phone", l.phone},
          {"url", l.url},
          {"language", l.language}};
}

Listing listing_from_json(const Json& j) {
  Listing l;
  l.name = text_of(j, "name");
  l.organisation = text_of(j, "organisation");
  l.description = text_of(j, "description");
  l.category = text_of(j, "category");
  l.address_1 = text_of(j, "address_1");
  l.town = text_of(j, "town");
  l.postcode = text_of(j, "postcode");
  if (j.contains("days") && j["days"].is_array())
    for (const auto& d : j["days"]) l.days.push_back(d.get<std::string>());
  l.opens_at = text_of(j, "opens_at");
  l.closes_at = text_of(j, "closes_at");
  l.email = text_of(j, "email");
  l.phone = text_of(j, "phone");
  l.url = text_of(j, "url");
  if (std::string language = text_of(j, "language"); !language.empty()) l.language = language;  // else English
  return l;
}

Json listing_to_hsds(const Listing& l, const std::string& key) {
  std::string sid = stable_id("listing/" + key);
  std::string organisation = l.organisation.empty() ? l.name : l.organisation;
  Json s = {{"id", sid},
            {"name", l.name},
            {"description", l.description},
            {"status", "active"},
            {"organization",
             {{"id", stable_id("organisation/" + to_lower(organisation))},
              {"name", organisation},
              {"description", organisation}}}};
  if (!l.email.empty()) s["email"] = l.email;
  if (!l.url.empty()) s["url"] = l.url;
  if (!l.phone.empty()) s["phones"] = Json::array({{{"id", stable_id(sid + "/phone")}, {"number", l.phone}}});
  if (!l.days.empty() || !l.opens_at.empty()) {
    Json sc = {{"id", stable_id(sid + "/schedule")}, {"freq", "WEEKLY"}};
    if (!l.days.empty()) sc["byday"] = join(l.days, ",");
    if (!l.opens_at.empty()) sc["opens_at"] = l.opens_at;
    if (!l.closes_at.empty()) sc["closes_at"] = l.closes_at;
    s["schedules"] = Json::array({sc});
  }
  if (!l.category.empty())
    s["attributes"] = Json::array({{{"id", stable_id(sid + "/category")}, {"taxonomy_term_id", l.category}}});
  std::string lid = stable_id("place/" + to_lower(l.address_1) + "/" + l.postcode);
  s["service_at_locations"] = Json::array({{{"id", stable_id(sid + "/at/" + lid)},
                                            {"location",
                                             {{"id", lid},
                                              {"location_type", "physical"},
                                              {"name", l.address_1},
                                              {"addresses", Json::array({{{"id", stable_id(lid + "/address")},
                                                                          {"address_1", l.address_1},
                                                                          {"city", l.town},
                                                                          {"state_province", ""},
                                                                          {"postal_code", l.postcode},
                                                                          {"country", "GB"},
                                                                          {"address_type", "physical"}}})}}}}});
  return s;
}

std::vector<FieldChange> diff(const Json& now, const Json& suggested) {
  std::vector<FieldChange> out;
  for (const auto& f : changeable_fields()) {
    std::string want = trim(text_of(suggested, f));
    std::string have = text_of(now, f);
    if (!want.empty() && want != have) out.push_back({f, have, want});
  }
  return out;
}

}  // namespace kith::directory
