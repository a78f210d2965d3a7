#pragma once
// Message catalogues: GNU gettext .po files, read and looked up.
//
// A catalogue maps English text (the msgid, as the templates and the program say it)
// to a language's text. An entry that is missing, empty or marked fuzzy is not a
// translation: the caller shows the English. Plurals follow the catalogue's own
// Plural-Forms rule (Welsh has six forms, Polish three).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kith::i18n {

struct PoEntry {
  std::string context;  // msgctxt
  std::string id;       // msgid
  std::string id_plural;
  std::vector<std::string> strs;        // msgstr, or msgstr[0..n-1]
  std::vector<std::string> references;  // "#: file" lines
  bool fuzzy = false;
  int line = 0;
};

// One problem in a catalogue's text, with the line it is on.
struct PoProblem {
  int line = 0;
  std::string message;
};

// A gettext plural rule: `plural=` from a Plural-Forms header, as C's expression
// grammar (n, integers, ?:, ||, &&, comparisons, + - * / %, !, parentheses).
class PluralRule {
 public:
  // nullopt when the expression cannot be read.
  static std::optional<PluralRule> parse(std::string_view expression, int count);
  // Which of the forms `n` takes (0 when the rule gives a form out of range).
  int form(std::int64_t n) const;
  int count() const { return count_; }

 private:
  std::string expression_;
  int count_ = 2;
};

class Catalogue {
 public:
  // Reads a .po file. Problems (bad syntax, bad escapes, a plural rule that cannot be
  // read, a duplicate msgid) are added to `problems`; readable entries are kept.
  static Catalogue parse(std::string_view text, std::vector<PoProblem>& problems);

  // The translation of `id`, or nullptr when there is none (missing, empty, fuzzy).
  const std::string* find(std::string_view id) const;
  // The form of a plural message for `n`; nullptr when there is none.
  const std::string* find_plural(std::string_view id, std::int64_t n) const;

  // A header field ("Language", "Plural-Forms", "X-Kith-Name"), "" when absent.
  std::string header(std::string_view name) const;
  const std::vector<PoEntry>& entries() const { return entries_; }
  const PluralRule& plural_rule() const { return plural_; }

 private:
  std::vector<PoEntry> entries_;
  std::map<std::string, std::size_t, std::less<>> by_id_;  // context "\x04" id, as gettext keys them
  std::map<std::string, std::string, std::less<>> headers_;
  PluralRule plural_ = *PluralRule::parse("n != 1", 2);
};

// `english` in the catalogue's language, or as it is (no catalogue, or no translation).
std::string translate(const Catalogue* catalogue, const std::string& english);

// The placeholders ({name}) in a message, in order.
std::vector<std::string> placeholders(std::string_view text);

}  // namespace kith::i18n
