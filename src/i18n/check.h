#pragma once
// What `kith i18n` reports: the messages the templates hold (as a .pot file), and
// for each catalogue what is missing, what is stale and what is wrong.
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "i18n/languages.h"
#include "web/server.h"
#include "web/template.h"

namespace kith::i18n {

// The templates a resident meets on the journeys every catalogue must cover: find
// something near me, tell a story, give or ask for help, vote, apply for a small
// grant (and the page around them, signing in and errors).
bool is_resident_template(std::string_view template_name);

// Every message a person can read: the templates' and the menu's (the server's, with
// its modules registered).
std::vector<web::TemplateMessage> program_messages(const web::Server& server);

// The messages as a gettext template (.pot): one entry per msgid, with the
// templates it appears in as references.
std::string pot_text(const std::vector<web::TemplateMessage>& messages);

struct CheckReport {
  std::string code;
  std::size_t total = 0;                      // distinct messages in the templates
  std::size_t translated = 0;                 // of those, translated
  std::vector<std::string> missing;           // msgids not translated (resident templates first)
  std::vector<std::string> missing_resident;  // of those, on a resident journey
  std::vector<std::string> stale;             // translated msgids no template holds any more
  std::vector<std::string> problems;          // lines that cannot be read, placeholders that do not match
};

// Checks a catalogue's text against the templates' messages.
CheckReport check(std::string_view po_text, const std::vector<web::TemplateMessage>& messages);

// `kith i18n check`: reports each catalogue (name, text) to `out` and returns the exit
// status: 1 when any has problems, or (with require_resident) misses a resident message.
int report(const std::vector<std::pair<std::string, std::string>>& catalogues,
           const std::vector<web::TemplateMessage>& messages, bool require_resident, bool list_missing,
           std::ostream& out);

// The embedded catalogues, as (path, text).
std::vector<std::pair<std::string, std::string>> embedded_catalogues();

}  // namespace kith::i18n
