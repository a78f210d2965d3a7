#include "directory/present.h"

#include <cstdio>

#include "core/text.h"
#include "directory/directory.h"
#include "i18n/speaking.h"

namespace kith::directory {

const std::vector<std::pair<std::string, std::string>>& distances() {
  static const std::vector<std::pair<std::string, std::string>> all = {
      {"800", i18n::msg("Half a mile (about 10 minutes' walk)")},
      {"1609", i18n::msg("1 mile")},
      {"3219", i18n::msg("2 miles")},
      {"8047", i18n::msg("5 miles")},
      {"16093", i18n::msg("10 miles")}};
  return all;
}

std::string distance_text(double metres) {
  double miles = metres / 1609.344;
  if (miles < 0.1) return i18n::tr("less than 0.1 miles away");
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", miles);
  return i18n::tr("{miles} miles away", {{"miles", buf}});
}

std::string summary(const std::string& description) {
  std::string text = strip_html(description);
  if (text.size() <= 220) return text;
  auto cut = text.rfind(' ', 210);
  return text.substr(0, cut == std::string::npos ? 210 : cut) + "…";
}

std::string ages_text(const Json& s) {
  bool has_min = s.contains("minimum_age"), has_max = s.contains("maximum_age");
  if (!has_min && !has_max) return "";  // the listing does not say: nothing is made up
  int min = has_min ? s["minimum_age"].get<int>() : 0;
  int max = has_max ? s["maximum_age"].get<int>() : 120;
  if ((!has_min || min == 0) && (!has_max || max >= 120)) return i18n::tr("All ages");
  std::string low = std::to_string(min), high = std::to_string(max);
  if (!has_max || max >= 120) return i18n::tr("Aged {min} and over", {{"min", low}});
  if (!has_min || min == 0) return i18n::tr("Aged up to {max}", {{"max", high}});
  return i18n::tr("Aged {min} to {max}", {{"min", low}, {"max", high}});
}

std::string cost_text(const Json& s) {
  std::vector<std::string> parts;
  for (const auto& c : s.value("cost_options", Json::array())) {
    std::string option = text_of(c, "option");
    // The amount beside the words, unless the words give a price already.
    if (c.contains("amount") && c["amount"].is_number() && c["amount"].get<double>() > 0 &&
        option.find("£") == std::string::npos) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "£%.2f", c["amount"].get<double>());
      option = option.empty() ? buf : option + " (" + buf + ")";
    }
    if (!option.empty()) parts.push_back(option);
  }
  if (parts.empty()) parts.push_back(text_of(s, "fees_description"));
  return parts.empty() || parts[0].empty() ? "" : join(parts, "; ");
}

std::string when_text(const Json& s) {
  std::vector<std::string> parts;
  for (const auto& sc : s.value("schedules", Json::array())) parts.push_back(describe_schedule(sc));
  return join(parts, "; ");
}

std::string address_text(const Json& location) {
  std::vector<std::string> parts;
  // A part said already (a place named after its street: "Bridge Gate, Bridge Gate", or
  // an address whose first line ends with its postcode) is said once.
  auto squashed = [](const std::string& t) {
    std::string out;
    for (char c : to_lower(trim(t)))
      if (c != ' ') out += c;
    return out;
  };
  auto add = [&](const std::string& part) {
    std::string key = squashed(part);
    if (key.empty()) return;
    for (const auto& p : parts)
      for (const auto& piece : split(p, ','))
        if (squashed(piece) == key || squashed(p) == key) return;
    parts.push_back(trim(part));
  };
  add(text_of(location, "name"));
  for (const auto& a : location.value("addresses", Json::array())) {
    for (const char* k : {"address_1", "address_2", "city", "postal_code"}) add(text_of(a, k));
    break;
  }
  return join(parts, ", ");
}

Json options(const std::vector<std::pair<std::string, std::string>>& all, const std::string& selected) {
  Json out = Json::array();
  for (const auto& [value, text] : all)
    out.push_back({{"value", value}, {"text", i18n::tr(text)}, {"selected", value == selected}});
  return out;
}

std::vector<std::string> access_texts(const Json& location) {
  std::vector<std::string> out;
  for (const auto& a : location.value("accessibility", Json::array()))
    for (const char* k : {"description", "details"})
      if (!text_of(a, k).empty()) out.push_back(text_of(a, k));
  return out;
}

}  // namespace kith::directory
