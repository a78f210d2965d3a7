#pragma once
// How the directory's pages say things: distances, ages, costs, opening times and
// addresses in plain English, from HSDS documents. Pure: no database, no HTTP.
#include <string>
#include <utility>
#include <vector>

#include "directory/hsds.h"

namespace kith::directory {

// The distances a resident can choose, in metres, with how they are said (in English:
// options() says them in the page's language).
const std::vector<std::pair<std::string, std::string>>& distances();
// "0.4 miles away"
std::string distance_text(double metres);
// The first sentences of a description, without HTML, for a results list.
std::string summary(const std::string& description);
// "Aged 11 to 18", "All ages"; "" when the service gives no ages
std::string ages_text(const Json& service);
// "Free; Small charge (£3.00)"
std::string cost_text(const Json& service);
// Every schedule in plain English, joined.
std::string when_text(const Json& service);
// A location's name and first address on one line.
std::string address_text(const Json& location);
// What a location says about access, one line per record.
std::vector<std::string> access_texts(const Json& location);
// Options for a GOV.UK select: value, text, whether selected. The texts are English
// (marked with i18n::msg), said in the page's language.
Json options(const std::vector<std::pair<std::string, std::string>>& all, const std::string& selected);

}  // namespace kith::directory
