#pragma once
// Mustache templates rendered over JSON, so a page and its API share one data shape.
// Supports {{name}} (escaped), {{{name}}} and {{&name}} (raw), dotted names, {{.}},
// sections {{#x}}..{{/x}} (false, null, "", [] and {} skip; arrays repeat; objects
// push scope), inverted sections {{^x}}..{{/x}}, comments {{! }} and partials {{> name}}.
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace kith::web {

struct TemplateNode;

class Templates {
 public:
  // Loads every embedded file under templates/ (name = path without "templates/" and ".html").
  static Templates& embedded();
  // Adds or replaces a template from text (used by tests).
  void add(const std::string& name, std::string_view text);
  bool has(const std::string& name) const;
  // Renders `name` with `data`. Throws std::runtime_error for an unknown template or a syntax error.
  std::string render(const std::string& name, const nlohmann::json& data) const;

 private:
  std::map<std::string, std::shared_ptr<const std::vector<TemplateNode>>> parsed_;
};

}  // namespace kith::web
