#pragma once
// Unicode case folding for the letters people's names and email addresses use:
// ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic. Enough that "ZOË@example.org"
// and "zoë@example.org" are one address, without a dependency on ICU.
#include <string>
#include <string_view>

namespace kith {

// `s` with every upper-case letter of those scripts made lower case; other code
// points, and bytes that are not UTF-8, are kept as they are.
std::string fold_case(std::string_view s);

}  // namespace kith
