#pragma once
// The kinds of message Kith sends: for each, its label on the person's settings page,
// whether they may switch it off, its default, and its words (a subject and a
// plain-text body with GOV.UK Notify's ((field)) placeholders). Nothing private
// goes in a subject: subjects are shown on lock screens and kept by mail servers.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kith::messages {

// How a person wants one kind of message.
enum class Choice { kEmail, kText, kDigest, kNever };
std::string_view choice_name(Choice c);  // "email", "text", "digest", "never"
std::optional<Choice> parse_choice(std::string_view s);

struct Kind {
  std::string name;                // "story_published"
  std::string label;               // on /account/messages: "Your story is published, kept or declined"
  bool always_sent;                // account security: preferences do not apply, no unsubscribe link
  std::vector<std::string> roles;  // staff kinds: the roles whose work it tells of (empty: anyone's)
  bool listed;                     // shown on the settings page (the digest itself is not)
  Choice default_choice;
  std::string subject;              // with ((field))s; nothing private
  std::string body;                 // plain text with ((field))s; paragraphs split by blank lines
  std::vector<std::string> fields;  // the fields callers give
  // Fields whose values are the program's own English (a decision, a status), marked
  // with i18n::msg where they are given and said in the reader's language when the
  // message is written.
  std::vector<std::string> worded = {};
  // Fields given as a number of minutes, said as hours and minutes in the reader's
  // language (i18n::duration_text) when the message is written.
  std::vector<std::string> durations = {};
};

// Every kind, in the order the settings page lists them.
const std::vector<Kind>& kinds();
// The kind called `name`, or nullptr.
const Kind* find_kind(std::string_view name);
// Whether the kind's link lets its holder into someone's account (confirming an
// address, setting a password): shown to no one else, and forgotten once sent.
bool is_private_link(std::string_view kind);

// Fills ((field)) placeholders from `fields`. A field the text names but `fields`
// lacks is filled with "" and its name added to `missing` (when given).
std::string fill_fields(std::string_view text, const std::map<std::string, std::string>& fields,
                        std::vector<std::string>* missing = nullptr);

// A message ready to send: its subject, plain text and HTML (the text's paragraphs,
// escaped, with a paragraph that is a link made a link).
struct Rendered {
  std::string subject;
  std::string text;
  std::string html;
};
Rendered render(const Kind& kind, const std::map<std::string, std::string>& fields,
                std::vector<std::string>* missing = nullptr);
// The HTML alternative of a plain-text body.
std::string text_to_html(std::string_view text);

}  // namespace kith::messages
