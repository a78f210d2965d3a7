#pragma once
// Which language a request gets: ?lang=, else the one its signed-in person chose
// (kept with their account), else the kith_lang cookie, else the browser's
// Accept-Language, else English.
#include <memory>

#include "i18n/languages.h"
#include "web/http.h"

namespace kith::i18n {

inline constexpr const char* kLanguageCookie = "kith_lang";

std::shared_ptr<const Language> language_of(const web::Request& req, const std::string& account_language = "");

// "rtl" or "ltr" for a language code Kith speaks ("ltr" for any other).
std::string direction_of(const std::string& code);

// The languages something people write (a story, an offer, a listing) may be in, for
// a select: value, text (the language's own name) and selected: `chosen` when it is
// one (a form sent back), else the page's language.
web::Json written_in_choices(const std::string& chosen = "");

}  // namespace kith::i18n
