#include "directory/sheet.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <set>
#include <sstream>

#include "areas/areas.h"
#include "core/csv.h"
#include "core/text.h"
#include "directory/directory.h"
#include "i18n/speaking.h"

namespace kith::directory {

namespace {

std::string squash(const std::string& s) {
  std::string out;
  for (char c : to_lower(s))
    if (std::isalnum(static_cast<unsigned char>(c))) out += c;
  return out;
}

// The headings each field is guessed from, squashed (lower case, letters and digits).
const std::map<std::string, std::vector<std::string>>& usual_headings() {
  static const std::map<std::string, std::vector<std::string>> names = {
      {"name", {"name", "groupname", "group", "activity", "title", "servicename", "placename"}},
      {"description", {"description", "descriptions", "about", "details", "whatitis", "summary"}},
      {"organisation", {"organisation", "organization", "runby", "provider"}},
      {"address", {"address", "address1", "street", "venue", "building"}},
      {"town", {"town", "city", "locality"}},
      {"postcode", {"postcode", "postalcode", "zip", "addresspostcode"}},
      {"latitude", {"latitude", "lat"}},
      {"longitude", {"longitude", "lon", "lng", "long"}},
      {"category", {"category", "type", "kind"}},
      {"days", {"days", "day", "whichdays"}},
      {"opens_at", {"opensat", "opens", "start", "starttime", "from"}},
      {"closes_at", {"closesat", "closes", "end", "endtime", "finish", "to"}},
      {"email", {"email", "emailaddress"}},
      {"phone", {"phone", "telephone", "tel", "phonenumber"}},
      {"url", {"url", "website", "web", "link"}},
  };
  return names;
}

std::string shown(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.7g", v);
  return buf;
}

}  // namespace

const std::vector<SheetField>& sheet_fields() {
  static const std::vector<SheetField> fields = {
      {"name", i18n::msg("the name of the group, activity or place (needed)"), "\"Heeley Lunch Club\""},
      {"description", i18n::msg("what it is, in a sentence or two"), "\"A hot meal and a chat\""},
      {"organisation", i18n::msg("who runs it"), "\"Heeley Trust\""},
      {"address", i18n::msg("the first line of the address, or the venue"), "\"Heeley Parish Hall\""},
      {"town", i18n::msg("town or city"), "\"Sheffield\""},
      {"postcode", i18n::msg("postcode"), "\"S2 3BA\""},
      {"latitude", i18n::msg("latitude in degrees (about 50 to 55 in England)"), "53.36"},
      {"longitude", i18n::msg("longitude in degrees (about -6 to 2 in England)"), "-1.47"},
      {"category", i18n::msg("a category; new ones become local categories"), "\"Lunch club\""},
      {"days", i18n::msg("days it runs"), "\"Monday, Thursday\""},
      {"opens_at", i18n::msg("time it starts"), "10:00"},
      {"closes_at", i18n::msg("time it ends"), "14:00"},
      {"email", i18n::msg("contact email"), "hello@example.org"},
      {"phone", i18n::msg("contact telephone"), "0114 123 4567"},
      {"url", i18n::msg("web address (http or https)"), "https://example.org"},
  };
  return fields;
}

std::string sheet_fields_text() {
  std::string out;
  for (const auto& f : sheet_fields()) {
    std::string name = f.name;
    name.resize(std::max<size_t>(name.size() + 1, 14), ' ');
    out += "  " + name + f.what + " (e.g. " + f.example + ")\n";
  }
  return out;
}

std::string sheet_field_names() {
  std::vector<std::string> names;
  for (const auto& f : sheet_fields()) names.push_back(f.name);
  return join(names, ", ");
}

Result<std::map<std::string, size_t>> sheet_columns(const std::vector<std::string>& header,
                                                    const std::map<std::string, std::string>& mapping) {
  std::map<std::string, size_t> at;
  std::set<size_t> taken;
  auto headings = [&] {
    std::vector<std::string> quoted;
    quoted.reserve(header.size());
    for (const auto& h : header) quoted.push_back("\"" + h + "\"");
    return join(quoted, ", ");
  };
  for (const auto& [field, column] : mapping) {
    if (!usual_headings().count(field))
      return Error{"unknown-field",
                   "there is no field \"" + field + "\" to map a column to; the fields are: " + sheet_field_names(),
                   {{"map", "unknown field " + field}}};
    std::optional<size_t> found;
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == column || (!found && squash(header[i]) == squash(column) && !squash(column).empty())) found = i;
    if (!found)
      return Error{"unknown-column",
                   "the file has no column \"" + column + "\" for " + field + "; its columns are: " + headings(),
                   {{"map", "unknown column " + column}}};
    if (taken.count(*found)) {
      std::string other;
      for (const auto& [f, i] : at)
        if (i == *found) other = f;
      return Error{"unknown-column",
                   "the column \"" + header[*found] + "\" is mapped to both " + other + " and " + field +
                       "; map each field to its own column",
                   {{"map", "column mapped twice: " + header[*found]}}};
    }
    at[field] = *found;
    taken.insert(*found);
  }
  for (const auto& f : sheet_fields()) {
    if (at.count(f.name)) continue;
    const auto& aliases = usual_headings().at(f.name);
    for (size_t i = 0; i < header.size(); ++i) {
      if (taken.count(i)) continue;
      if (std::find(aliases.begin(), aliases.end(), squash(header[i])) != aliases.end()) {
        at[f.name] = i;
        taken.insert(i);
        break;
      }
    }
  }
  return at;
}

SwapCheck check_swap(const std::vector<std::pair<double, double>>& lat_lon) {
  SwapCheck c;
  auto in_gb = [](double lat, double lon) { return lat >= 49 && lat <= 61 && lon >= -8 && lon <= 2; };
  for (const auto& [lat, lon] : lat_lon) {
    if (!std::isfinite(lat) || !std::isfinite(lon)) continue;
    ++c.rows;
    if (in_gb(lat, lon)) ++c.look_right;
    if (in_gb(lon, lat)) ++c.look_swapped;
  }
  return c;
}

std::optional<std::string> encoding_problem(std::string_view content) {
  const std::string fix = ": save it as \"CSV UTF-8\" (or JSON in UTF-8) and import it again";
  auto starts = [&](std::string_view bom) { return content.substr(0, bom.size()) == bom; };
  if (starts(std::string_view("\xFF\xFE\0\0", 4)) || starts(std::string_view("\0\0\xFE\xFF", 4)))
    return "The file is UTF-32 text, not UTF-8" + fix;
  if (starts("\xFF\xFE") || starts("\xFE\xFF")) return "The file is UTF-16 text, not UTF-8" + fix;
  // UTF-16 without a mark, or a binary file, is full of zero bytes; a stray one in a
  // cell is text with a control character, refused by row.
  if (std::count(content.begin(), content.end(), '\0') * 10 >= static_cast<std::ptrdiff_t>(content.size()) &&
      content.find('\0') != std::string_view::npos)
    return "The file has zero bytes in it, so it is not UTF-8 text (it may be UTF-16, or not a spreadsheet at all)" +
           fix;
  if (valid_utf8(content)) return std::nullopt;
  // Name the first line that is not UTF-8, so the person can find it.
  size_t line = 1, start = 0;
  while (start < content.size()) {
    size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    if (!valid_utf8(content.substr(start, end - start))) break;
    ++line;
    start = end + 1;
  }
  return "The file is not UTF-8 text (line " + std::to_string(line) + " is the first with other bytes)" + fix;
}

std::string place_key(const std::string& name, const std::string& postcode, std::optional<double> lat,
                      std::optional<double> lon) {
  std::string key = to_lower(trim(name));
  std::string compact;
  for (char c : key)  // "Church  Hall" and "church hall" are one name
    if (!(c == ' ' && (compact.empty() || compact.back() == ' '))) compact += c;
  key = compact + "/" + postcode;
  if (lat && lon) {
    char buf[64];
    // + 0.0 so that a rounded -0 reads as 0.
    std::snprintf(buf, sizeof buf, "/%.4f,%.4f", std::round(*lat * 1e4) / 1e4 + 0.0,
                  std::round(*lon * 1e4) / 1e4 + 0.0);
    key += buf;
  }
  return key;
}

namespace {

struct SheetRow {
  size_t line = 0;
  std::vector<std::string> cells;
  std::optional<double> lat, lon;
};

std::string swap_explanation(const SwapCheck& swap,
                             const std::vector<std::pair<size_t, std::pair<double, double>>>& first,
                             Controls controls) {
  std::string out =
      "the latitude and longitude columns look swapped: " + std::to_string(swap.look_swapped) + " of " +
      std::to_string(swap.rows) +
      " rows with both have a \"latitude\" between -8 and 2 and a \"longitude\" between 49 and 61, "
      "which is Great Britain the wrong way round. Nothing was imported. To swap them, " +
      std::string(controls == Controls::kUploadPage ? "tick \"Swap latitude and longitude\" and check again"
                                                    : "import again with --swap-coordinates") +
      ". The first rows as read, and swapped:";
  for (const auto& [line, ll] : first)
    out += "\n  line " + std::to_string(line) + ": latitude " + shown(ll.first) + ", longitude " + shown(ll.second) +
           " -> latitude " + shown(ll.second) + ", longitude " + shown(ll.first);
  return out;
}

}  // namespace

Result<SheetReading> read_sheet(std::istream& file, const SheetOptions& options,
                                const std::map<std::string, std::string>& terms) {
  const std::string content{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  if (auto problem = encoding_problem(content)) return Error{"not-utf8", *problem, {{"file", "not UTF-8"}}};
  std::istringstream in(content);
  CsvReader reader(in);
  auto by_name = reader.header();
  std::vector<std::string> header(by_name.size());
  size_t width = 0;
  for (const auto& [column, index] : by_name) width = std::max(width, index + 1);
  header.assign(width, "");
  for (const auto& [column, index] : by_name) header[index] = column;
  auto columns = sheet_columns(header, options.mapping);
  if (!columns) return columns.error();
  const auto& at = *columns;
  SheetReading out;
  for (size_t i = 0; i < header.size(); ++i) {
    std::string field;
    for (const auto& [f, index] : at)
      if (index == i) field = f;
    if (header[i].empty()) continue;
    out.columns.push_back({{"column", header[i]}, {"field", field}});
    if (field.empty()) out.unmapped.push_back(header[i]);
  }
  if (!at.count("name"))
    return Error{"validation-failed",
                 std::string("no column holds the name (call it \"name\", or ") +
                     (options.controls == Controls::kUploadPage ? "choose \"name\" for one of the columns below"
                                                                : "map one with --map name=COLUMN") +
                     "); the fields are: " + sheet_field_names(),
                 {{"map", "no column for name"}}};

  auto cell = [&](const SheetRow& r, const std::string& field) {
    auto it = at.find(field);
    return it != at.end() && it->second < r.cells.size() ? trim(r.cells[it->second]) : std::string();
  };

  // The whole file first: whether latitude and longitude are swapped is a question
  // about all its rows.
  std::vector<SheetRow> rows;
  std::vector<std::pair<double, double>> points;
  std::vector<std::pair<size_t, std::pair<double, double>>> first_points;
  std::vector<std::string> cells;
  while (reader.next(cells)) {
    SheetRow r{reader.line(), cells, std::nullopt, std::nullopt};
    if (std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return trim(c).empty(); })) continue;
    ++out.rows;
    if (all_utf8(cells)) {
      r.lat = parse_double(cell(r, "latitude"));
      r.lon = parse_double(cell(r, "longitude"));
      if (r.lat && r.lon) {
        points.push_back({*r.lat, *r.lon});
        if (first_points.size() < 3) first_points.push_back({r.line, {*r.lat, *r.lon}});
      }
    }
    rows.push_back(std::move(r));
  }
  if (auto opened = reader.unclosed_quote())
    return Error{
        "validation-failed",
        unclosed_quote_problem(*opened) + ": close the quote, or save the sheet as CSV again from the spreadsheet",
        {{"file", "a quote is never closed"}}};
  out.swap = check_swap(points);
  if (out.swap.swapped() && !options.swap_coordinates)
    return Error{"swapped-coordinates",
                 swap_explanation(out.swap, first_points, options.controls),
                 {{"swap_coordinates", "swapped"}}};
  out.swapped_applied = options.swap_coordinates;

  const std::string taxonomy_id = stable_id("local-categories");
  Json new_terms = Json::array();
  std::map<std::string, std::string> known = terms;
  Json services = Json::array();
  std::map<std::string, size_t> service_line;                    // service id -> first line
  std::map<std::string, std::pair<size_t, std::string>> places;  // place id -> first line, its name
  std::map<std::string, std::vector<size_t>> place_lines;        // place id -> every line
  std::map<std::string, size_t> service_index;                   // service id -> index in services
  for (auto& r : rows) {
    std::string where = "line " + std::to_string(r.line);
    if (!all_utf8(r.cells)) {
      out.problems.push_back({where, "is not UTF-8 text: save the file as \"CSV UTF-8\" and import it again"});
      continue;
    }
    Listing l;
    l.name = cell(r, "name");
    if (l.name.empty()) {
      out.problems.push_back({where, "has no name"});
      continue;
    }
    // Every value passes the rules the listing form applies (text only, the same
    // lengths, an email's and a web address's shape), checked before the name is
    // shown in any message.
    std::optional<Problem> refused;
    for (const auto& f : sheet_fields()) {
      if (f.name == "latitude" || f.name == "longitude") continue;  // checked as numbers below
      std::string rule = f.name == "address" ? "address_1" : f.name;
      if (auto problem = listing_field_problem(rule, cell(r, f.name))) {
        refused = Problem{where, "field " + f.name + " (column \"" + header[at.at(f.name)] + "\"): " + *problem};
        break;
      }
    }
    if (refused) {
      out.problems.push_back(*refused);
      continue;
    }
    where += " (" + l.name + ")";
    l.description = cell(r, "description");
    l.organisation = cell(r, "organisation");
    l.address_1 = cell(r, "address");
    l.town = cell(r, "town");
    if (!cell(r, "postcode").empty()) {
      auto pc = areas::normalise_postcode(cell(r, "postcode"));
      if (!pc) {
        out.problems.push_back({where, "postcode \"" + cell(r, "postcode") + "\" is not a postcode"});
        continue;
      }
      l.postcode = areas::display_postcode(*pc);
    }
    std::string days = cell(r, "days");
    for (char& c : days)
      if (c == ';' || c == '/' || c == '&') c = ',';
    std::vector<std::string> unread;
    for (const auto& d : split(days, ','))
      for (const auto& word : split(trim(d), ' ')) {
        if (auto code = normalise_day(word))
          l.days.push_back(*code);
        else if (!word.empty() && to_lower(word) != "and")
          unread.push_back(word);
      }
    if (!unread.empty())
      out.warnings.push_back(
          {where, "days \"" + cell(r, "days") + "\": " +
                      (l.days.empty() ? std::string("no day could be read") : "read as " + join(l.days, ", ")) +
                      "; \"" + join(unread, " ") +
                      "\" was not understood (give days like \"Monday, Thursday\", and times in opens_at and "
                      "closes_at)"});
    bool bad = false;
    for (const char* f : {"opens_at", "closes_at"}) {
      if (cell(r, f).empty()) continue;
      auto t = normalise_time(cell(r, f));
      if (!t) {
        out.problems.push_back({where, std::string(f) + " \"" + cell(r, f) + "\" is not a time like 10:00"});
        bad = true;
      } else {
        (std::string(f) == "opens_at" ? l.opens_at : l.closes_at) = *t;
      }
    }
    // Each coordinate is checked by itself, so the message names the one that is wrong.
    std::string lat_text = cell(r, "latitude"), lon_text = cell(r, "longitude");
    if (options.swap_coordinates) std::swap(lat_text, lon_text);
    std::optional<double> lat, lon;
    if (!lat_text.empty() || !lon_text.empty()) {
      lat = parse_double(lat_text);
      lon = parse_double(lon_text);
      if (lat_text.empty() || lon_text.empty()) {
        out.problems.push_back({where, std::string("has a ") + (lat_text.empty() ? "longitude" : "latitude") +
                                           " but no " + (lat_text.empty() ? "latitude" : "longitude")});
        bad = true;
      } else if (!lat || !(*lat >= -90 && *lat <= 90)) {
        out.problems.push_back({where, "latitude \"" + lat_text + "\" is not a number between -90 and 90"});
        bad = true;
      } else if (!lon || !(*lon >= -180 && *lon <= 180)) {
        out.problems.push_back({where, "longitude \"" + lon_text + "\" is not a number between -180 and 180"});
        bad = true;
      }
    }
    if (bad) continue;
    if (std::string category = cell(r, "category"); !category.empty()) {
      std::string key = to_lower(category);
      if (!known.count(key)) {
        known[key] = stable_id("local-categories/" + key);
        new_terms.push_back({{"id", known[key]},
                             {"name", category},
                             {"description", category + " (a local category from an imported spreadsheet)"},
                             {"taxonomy_id", taxonomy_id}});
      }
      l.category = known[key];
    }
    l.email = cell(r, "email");
    l.phone = cell(r, "phone");
    l.url = cell(r, "url");
    // A listing is its name and postcode (as before, so re-imports update), or without a
    // postcode its name and point: a chain's shops on one street are different listings.
    std::string listing_key = "sheet/" + to_lower(l.name) + "/" + l.postcode;
    if (l.postcode.empty() && lat) listing_key = "sheet/" + place_key(l.name, "", lat, lon);
    Json s = listing_to_hsds(l, listing_key);
    std::string sid = s["id"];
    // The place: one per name, postcode and point, not per address text alone.
    std::string place_name = l.address_1.empty() ? (l.postcode.empty() ? l.name : l.postcode) : l.address_1;
    std::string lid = stable_id("place/" + place_key(place_name, l.postcode, lat, lon));
    Json& sal = s["service_at_locations"][0];
    sal["id"] = stable_id(sid + "/at/" + lid);
    Json& location = sal["location"];
    location["id"] = lid;
    location["name"] = place_name;
    location["addresses"][0]["id"] = stable_id(lid + "/address");
    if (lat) {
      location["latitude"] = *lat;
      location["longitude"] = *lon;
    }
    if (l.address_1.empty() && l.postcode.empty() && !lat) s.erase("service_at_locations");
    if (l.description.empty()) s.erase("description");
    s["kith_line"] = r.line;  // for the importer's report; not an HSDS field
    if (s.contains("service_at_locations")) {
      place_lines[lid].push_back(r.line);
      places.emplace(lid, std::make_pair(r.line, place_name + (l.postcode.empty() ? "" : ", " + l.postcode)));
    }
    if (auto seen = service_line.find(sid); seen != service_line.end()) {
      // Two rows of one activity at one place: the later row's details are kept, and
      // every row's days and times, so a second session is never lost.
      Json& kept = services[service_index[sid]];
      Json schedules = kept.value("schedules", Json::array());
      bool new_session = false;
      for (Json sc : s.value("schedules", Json::array())) {
        bool known_times = std::any_of(schedules.begin(), schedules.end(), [&](const Json& k) {
          return k.value("byday", "") == sc.value("byday", "") && k.value("opens_at", "") == sc.value("opens_at", "") &&
                 k.value("closes_at", "") == sc.value("closes_at", "");
        });
        if (known_times) continue;
        sc["id"] = stable_id(sid + "/schedule/line " + std::to_string(r.line));
        schedules.push_back(sc);
        new_session = !kept.value("schedules", Json::array()).empty();
      }
      const std::string same = std::string("has the same name and ") + (l.postcode.empty() ? "point" : "postcode") +
                               " as line " + std::to_string(seen->second);
      out.merged.push_back(
          {where, new_session ? same + ", so it is another session of one listing: both rows' days and times are kept"
                              : same + ", so they are one listing; this later row is the one kept"});
      if (!schedules.empty()) s["schedules"] = schedules;
      kept = s;
    } else {
      service_line[sid] = r.line;
      service_index[sid] = services.size();
      services.push_back(s);
    }
    if (out.preview.size() < 5) {
      Json p = {{"line", r.line}, {"name", l.name}};
      for (const char* f : {"organisation", "address", "town", "postcode", "category", "days", "opens_at", "closes_at",
                            "email", "phone", "url"})
        p[f] = cell(r, f);
      p["postcode"] = l.postcode;
      p["days"] = join(l.days, ",");
      p["opens_at"] = l.opens_at;
      p["closes_at"] = l.closes_at;
      // As text, in full: pages show numbers to six figures, and a point needs seven.
      p["latitude"] = lat ? Json(*lat).dump() : "";
      p["longitude"] = lon ? Json(*lon).dump() : "";
      std::string d = l.description;
      if (d.size() > 80) {
        size_t cut = 77;
        while (cut > 0 && (static_cast<unsigned char>(d[cut]) & 0xC0) == 0x80) --cut;  // whole characters
        d = d.substr(0, cut) + "...";
      }
      p["description"] = d;
      out.preview.push_back(p);
    }
  }
  for (const auto& [lid, lines] : place_lines) {
    std::set<size_t> distinct(lines.begin(), lines.end());
    if (distinct.size() < 2) continue;
    std::vector<std::string> shown_lines;
    shown_lines.reserve(distinct.size());
    for (size_t line : distinct) shown_lines.push_back(std::to_string(line));
    out.merged.push_back({"lines " + join(shown_lines, ", "),
                          "are at one place, " + places[lid].second + " (same name, postcode and point)"});
  }
  if (!new_terms.empty()) {
    out.feed.push_back({{"id", taxonomy_id},
                        {"version", "1"},
                        {"name", "Local categories"},
                        {"description", "Categories that came with imported spreadsheets."}});
    for (auto& t : new_terms) out.feed.push_back(t);
  }
  for (auto& s : services) out.feed.push_back(s);
  return out;
}

}  // namespace kith::directory
