#pragma once
// The language this thread speaks, and the program's words in it.
//
// The server sets it for each page request (the language the request chose); the
// API, the command line and background work speak English unless they set it (an
// email is written in its reader's language). What C++ says to a person goes through
// tr() (or count_of and date_in_words, which use it), so that a catalogue can say it:
//
//   tr("{postcode} is in {area}", {{"postcode", p}, {"area", name}})
//
// scripts/i18n_program_messages.py finds each tr("…"), tr_plural(n, "…", "…"),
// msg("…") and count_of(n, "…"[, "…"]) with literal English and lists it in
// i18n/program.tsv, so `kith i18n check` knows the program's messages.
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "i18n/languages.h"

namespace kith::i18n {

using Values = std::initializer_list<std::pair<std::string_view, std::string_view>>;

// While it lives, this thread speaks `language` (null: English); then what it spoke before.
class Speaking {
 public:
  explicit Speaking(std::shared_ptr<const Language> language);
  ~Speaking();
  Speaking(const Speaking&) = delete;
  Speaking& operator=(const Speaking&) = delete;

 private:
  std::shared_ptr<const Language> previous_;
};

// The language this thread speaks (English when none was set).
std::shared_ptr<const Language> speaking();
// Its catalogue; null for English.
const Catalogue* speaking_catalogue();

// `english` in this thread's language (as it is when the catalogue lacks it), with
// each {name} filled by its value. Values are plain text: templates escape them.
std::string tr(std::string_view english, Values values = {});
// The form for `n` of a message with a plural ("{n} result", "{n} results"), its {n}
// filled with n written with thousands separators, and any other values.
std::string tr_plural(std::int64_t n, std::string_view one, std::string_view many, Values values = {});
// `minutes` as hours and minutes ("1 h 30 min", "45 min", "-10 h"; a minus sign for a
// debt) in this thread's language.
std::string duration_text(std::int64_t minutes);
// Marks English that is translated later, where it is used: a table of messages
// (tr(kMonths[m])), or an option list whose helper says its texts with tr().
constexpr const char* msg(const char* english) { return english; }

// `text` with each {name} that `values` names replaced by its value.
std::string fill(std::string_view text, Values values);

}  // namespace kith::i18n
