#pragma once
// The languages Kith speaks: English (the templates themselves) and each catalogue
// in i18n/*.po (compiled in), and which of them a request gets.
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "i18n/catalogue.h"

namespace kith::i18n {

struct Language {
  std::string code;          // BCP 47 primary tag: "en", "cy", "ur"
  std::string name;          // in the language itself: "Cymraeg"
  std::string english_name;  // "Welsh"
  bool right_to_left = false;
  // What still needs a native speaker (the catalogue's X-Kith-Review); "" once reviewed.
  std::string review;
  std::shared_ptr<const Catalogue> catalogue;  // null for English
};

// The tag a page or an email gives its text (lang, Content-Language): English is
// British English, "en-GB"; any other language its own code.
std::string content_language(const Language& language);

// A language from a catalogue's text; throws std::invalid_argument naming what is
// wrong (a line that cannot be read, no Language header).
Language language_from_po(std::string_view text);

class Languages {
 public:
  // English and every embedded catalogue (i18n/*.po).
  static Languages& embedded();

  // Adds a language, or replaces the one with its code (English cannot be replaced).
  void add(Language language);
  // Takes a language away (not English).
  void remove(std::string_view code);
  // English first, then the others by code.
  std::vector<std::shared_ptr<const Language>> all() const;
  std::shared_ptr<const Language> find(std::string_view code) const;
  std::shared_ptr<const Language> english() const { return find("en"); }

  // Which language a request gets: the one it asks for (?lang=), else the one it
  // chose before (a cookie), else the first its browser accepts, else English.
  std::shared_ptr<const Language> choose(std::string_view asked, std::string_view chosen,
                                         std::string_view accept_language) const;

 private:
  mutable std::shared_mutex mutex_;
  std::vector<std::shared_ptr<const Language>> languages_;
};

// A language tag's primary part, lower case ("cy-GB" -> "cy"); "" when it is too long.
std::string primary_tag(std::string_view tag);

// The language tags an Accept-Language header lists, most wanted first, lower case,
// without those it refuses (q=0). At most 20 are read.
std::vector<std::string> accepted_languages(std::string_view header);

}  // namespace kith::i18n
