#pragma once
// Mustache templates rendered over JSON, so a page and its API share one data shape.
// Supports {{name}} (escaped), {{{name}}} and {{&name}} (raw), dotted names, {{.}},
// sections {{#x}}..{{/x}} (false, null, "", [] and {} skip; arrays repeat; objects
// push scope), inverted sections {{^x}}..{{/x}}, comments {{! }} and partials {{> name}}.
//
// Translation needs no markup: each run of page text between two tags (with the
// {{names}} inside it) is a message, and so is the literal value of a placeholder,
// aria-label, title, alt or data-label attribute. Its msgid is the English as plain text, the
// whitespace folded and each {{name}} written {name}. Rendered with a catalogue, a
// message the catalogue translates is shown translated (escaped, its placeholders
// filled); any other is shown in English.
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace kith::i18n {
class Catalogue;
}

namespace kith::web {

struct TemplateNode;

// A message in a template, for catalogues: its msgid and where it is.
struct TemplateMessage {
  std::string id;
  std::string template_name;
  std::string id_plural;  // a message with a plural (the program's count_of and tr_plural)
};

class Templates {
 public:
  // Loads every embedded file under templates/ (name = path without "templates/" and ".html").
  static Templates& embedded();
  // Adds or replaces a template from text (used by tests).
  void add(const std::string& name, std::string_view text);
  bool has(const std::string& name) const;
  // Renders `name` with `data`. Throws std::runtime_error for an unknown template or a syntax error.
  std::string render(const std::string& name, const nlohmann::json& data,
                     const i18n::Catalogue* catalogue = nullptr) const;
  // Every message in every template, in template order (a msgid may appear in several).
  std::vector<TemplateMessage> messages() const;

 private:
  std::map<std::string, std::shared_ptr<const std::vector<TemplateNode>>> parsed_;
};

}  // namespace kith::web
