#pragma once
// The one rule for a person's name, wherever one is entered: signing up, an
// invitation, an admin's edit, a timebank membership, a story's teller, the contact
// left with a directory suggestion.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kith {

inline constexpr std::size_t kMaxNameLength = 120;  // characters, not bytes

// What is wrong with `name` (trimmed first), or nullopt: it must be UTF-8, 1 to
// kMaxNameLength characters, without control characters (tabs, line breaks, zero
// bytes) or markup, and hold at least one letter. `label` begins each message
// ("Name", "Your name").
std::optional<std::string> person_name_problem(std::string_view name,
                                               std::string_view label = "Name");  // i18n::msg("Your name"), …

}  // namespace kith
