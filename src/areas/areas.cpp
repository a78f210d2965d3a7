#include "areas/areas.h"

#include <cctype>

#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::areas {

std::string kind_id(Kind k) {
  switch (k) {
    case Kind::kCountry:
      return "country";
    case Kind::kAuthority:
      return "authority";
    case Kind::kWard:
      return "ward";
    case Kind::kMsoa:
      return "msoa";
    case Kind::kLsoa:
      return "lsoa";
    case Kind::kNeighbourhood:
      return "neighbourhood";
  }
  return "lsoa";
}

namespace {
// What each kind of area is called, in the order of Kind; said with i18n::tr.
struct KindWords {
  const char* label;
  const char* plural;
  const char* heading;
};
const KindWords& kind_words(Kind k) {
  static const KindWords words[] = {
      {i18n::msg("Country"), i18n::msg("countries"), i18n::msg("Countries")},
      {i18n::msg("Local authority"), i18n::msg("local authorities"), i18n::msg("Local authorities")},
      {i18n::msg("Electoral ward"), i18n::msg("wards"), i18n::msg("Wards")},
      {i18n::msg("Local area (MSOA)"), i18n::msg("MSOAs"), i18n::msg("MSOAs")},
      {i18n::msg("Neighbourhood (LSOA)"), i18n::msg("LSOAs"), i18n::msg("LSOAs")},
      {i18n::msg("Named neighbourhood"), i18n::msg("named neighbourhoods"), i18n::msg("Named neighbourhoods")}};
  return words[static_cast<std::size_t>(k)];
}
}  // namespace

std::string kind_label(Kind k) { return i18n::tr(kind_words(k).label); }
std::string kind_plural(Kind k) { return i18n::tr(kind_words(k).plural); }
std::string kind_heading(Kind k) { return i18n::tr(kind_words(k).heading); }

std::optional<Kind> kind_from_id(const std::string& id) {
  for (Kind k : {Kind::kCountry, Kind::kAuthority, Kind::kWard, Kind::kMsoa, Kind::kLsoa, Kind::kNeighbourhood})
    if (kind_id(k) == id) return k;
  return std::nullopt;
}

std::optional<Kind> kind_of_code(const std::string& code) {
  if (code.size() != 9) return std::nullopt;
  std::string prefix = code.substr(0, 3);
  if (prefix == "E01") return Kind::kLsoa;
  if (prefix == "E02") return Kind::kMsoa;
  if (prefix == "E05") return Kind::kWard;
  if (prefix == "E06" || prefix == "E07" || prefix == "E08" || prefix == "E09") return Kind::kAuthority;
  if (prefix == "E92") return Kind::kCountry;
  return std::nullopt;
}

std::string label(const std::string& name, const std::string& known_as) {
  std::string known = trim(known_as);
  if (known.empty() || known == name) return name;
  if (name.empty()) return known;
  return known + " (" + name + ")";
}

std::string label(const Area& a) { return label(a.name, a.known_as); }

std::optional<std::string> normalise_postcode(const std::string& text) {
  std::string pc;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    if (!std::isalnum(static_cast<unsigned char>(c))) return std::nullopt;
    pc += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  // Outward code 2-4 characters starting with a letter; inward code digit + two letters.
  if (pc.size() < 5 || pc.size() > 7) return std::nullopt;
  std::string in = pc.substr(pc.size() - 3);
  if (!std::isdigit(static_cast<unsigned char>(in[0])) || !std::isalpha(static_cast<unsigned char>(in[1])) ||
      !std::isalpha(static_cast<unsigned char>(in[2])) || !std::isalpha(static_cast<unsigned char>(pc[0])))
    return std::nullopt;
  return pc;
}

std::string display_postcode(const std::string& normalised) {
  if (normalised.size() < 5) return normalised;
  return normalised.substr(0, normalised.size() - 3) + " " + normalised.substr(normalised.size() - 3);
}

std::string postcode_place_text(const std::string& area_name, bool uncertain) {
  if (uncertain) return "probably in " + area_name + "; Kith has no boundary for this area";
  return "in " + area_name;
}

std::string postcode_place_sentence(const std::string& postcode, const std::string& area_name, bool uncertain) {
  if (uncertain)
    return i18n::tr("{postcode} is probably in {area}; Kith has no boundary for this area.",
                    {{"postcode", postcode}, {"area", area_name}});
  return i18n::tr("{postcode} is in {area}.", {{"postcode", postcode}, {"area", area_name}});
}

std::map<std::string, double> derive_population(const std::vector<LsoaChange>& lookup,
                                                const std::map<std::string, double>& population_2011) {
  std::map<std::string, int> targets;
  for (const auto& row : lookup) ++targets[row.lsoa11];
  std::map<std::string, double> out;
  for (const auto& row : lookup) {
    auto pop = population_2011.find(row.lsoa11);
    if (pop == population_2011.end()) continue;
    out[row.lsoa21] += pop->second / targets[row.lsoa11];
  }
  return out;
}

}  // namespace kith::areas
