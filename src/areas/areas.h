#pragma once
// The geography every module hangs on: LSOA -> ward -> local authority -> England, and
// LSOA -> MSOA (whose House of Commons Library name is the one people use).
// Model and pure rules (kinds from ONS codes, postcodes, population derivation).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kith::areas {

enum class Kind { kCountry, kAuthority, kWard, kMsoa, kLsoa, kNeighbourhood };

struct Area {
  std::string code;
  Kind kind = Kind::kLsoa;
  std::string name;
  std::string parent_code;
  std::string authority_code;
  std::optional<double> population;
  std::optional<double> lat;
  std::optional<double> lon;
  std::string known_as;   // the MSOA's House of Commons Library name (an LSOA's is its MSOA's); "" if none
  std::string msoa_code;  // an LSOA's MSOA
};

// What to call an area wherever a person reads it: the name people use with the
// official one beside it, "Heeley & Newfield Green (Sheffield 051E)"; the official
// name alone where there is no other. The one place labels are made: AreaStore keeps
// the result in areas.label for other modules' queries.
std::string label(const Area& a);
std::string label(const std::string& name, const std::string& known_as);

inline constexpr const char* kEngland = "E92000001";

std::string kind_id(Kind k);       // "lsoa"
std::string kind_label(Kind k);    // "Neighbourhood (LSOA)", in the language spoken
std::string kind_plural(Kind k);   // "LSOAs", "wards", in the language spoken
std::string kind_heading(Kind k);  // "LSOAs", "Wards": a heading's first word
std::optional<Kind> kind_from_id(const std::string& id);
// The kind an ONS code names: E01 LSOA, E02 MSOA, E05 ward, E06-E09 authority, E92 England.
std::optional<Kind> kind_of_code(const std::string& code);

// "s11aa", " S1 1AA ", "S1  1AA" -> "S11AA"; nullopt if it cannot be a UK postcode.
std::optional<std::string> normalise_postcode(const std::string& text);
// "S11AA" -> "S1 1AA"
std::string display_postcode(const std::string& normalised);
// Where a postcode is, as a person reads it: "in Sheffield 074B"; where its LSOA is
// only the one with the nearest centre, "probably in Westminster 018C; Kith has no
// boundary for this area".
std::string postcode_place_text(const std::string& area_name, bool uncertain);
// The same as a sentence in the page's language: "S1 2HE is in Sheffield 074B."
std::string postcode_place_sentence(const std::string& postcode, const std::string& area_name, bool uncertain);

// 2021 LSOA populations from 2011 LSOA populations through the 2011->2021 lookup:
// each 2011 LSOA's population is shared equally among the 2021 LSOAs it maps to
// (unchanged: all of it; split: a share each), and each 2021 LSOA sums its shares
// (merged: the sum). Irregular changes follow the same rule.
struct LsoaChange {
  std::string lsoa11;
  std::string lsoa21;
};
std::map<std::string, double> derive_population(const std::vector<LsoaChange>& lookup,
                                                const std::map<std::string, double>& population_2011);

}  // namespace kith::areas
