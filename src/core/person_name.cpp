#include "core/person_name.h"

#include <cstdint>

#include "core/text.h"
#include "i18n/speaking.h"

namespace kith {

std::optional<std::string> person_name_problem(std::string_view name, std::string_view label) {
  // Whole sentences in the catalogue, the field's name a value in them.
  const std::string what = i18n::tr(label);
  auto said = [&](std::string_view message) { return i18n::tr(message, {{"what", what}}); };
  std::string n = trim(name);
  if (n.empty()) return label == "Name" ? i18n::tr("Enter a name") : i18n::tr("Enter your name");
  if (!valid_utf8(n)) return said(i18n::msg("{what} must be text: this is not UTF-8"));
  std::size_t characters = 0;
  bool letter = false;
  for (std::size_t i = 0; i < n.size();) {
    auto b = static_cast<unsigned char>(n[i]);
    std::size_t len = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : 4;
    std::uint32_t c = len == 1 ? b : len == 2 ? (b & 0x1Fu) : len == 3 ? (b & 0x0Fu) : (b & 0x07u);
    for (std::size_t k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(n[i + k]) & 0x3Fu);
    i += len;
    ++characters;
    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029)
      return said(i18n::msg("{what} must not hold control characters such as tabs or line breaks"));
    // Letters: ASCII's, and (near enough) every code point past Latin-1's symbols
    // other than punctuation, symbols and spaces of the General Punctuation block.
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c != 0xD7 && c != 0xF7 && c < 0x2000) ||
        (c >= 0x3040 && c < 0xFE00) || c >= 0x10000)
      letter = true;
  }
  if (characters > kMaxNameLength)
    return i18n::tr("{what} must be {max} characters or fewer",
                    {{"what", what}, {"max", std::to_string(kMaxNameLength)}});
  if (has_markup(n)) return said(i18n::msg("{what} must be plain text, without HTML such as <script>"));
  if (!letter) return said(i18n::msg("{what} must have at least one letter"));
  return std::nullopt;
}

}  // namespace kith
