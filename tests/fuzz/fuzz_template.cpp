// The template engine (web/template.h) with hostile data: every real page template
// rendered over JSON made from the input, and `{{x}}` over any text, which must come
// out with nothing that could start a tag or leave an attribute. The first byte
// chooses the template; the rest is the data.
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "core/embedded.h"
#include "fuzz_support.h"
#include "web/template.h"

namespace {

const std::vector<std::string>& template_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto* f : kith::embedded::under("templates/")) {
      std::string name(f->path.substr(10));
      if (name.size() > 5 && name.substr(name.size() - 5) == ".html") name.resize(name.size() - 5);
      out.push_back(name);
    }
    return out;
  }();
  return names;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  std::string_view rest = kith::fuzz::text(data + 1, size - 1);
  static kith::web::Templates escaped = [] {
    kith::web::Templates t;
    t.add("escaped", "{{x}}{{#list}}{{.}}{{/list}}");
    return t;
  }();
  std::string text(rest);
  std::string out = escaped.render("escaped", {{"x", text}, {"list", nlohmann::json::array({text, text})}});
  if (out.find_first_of("<>\"'") != std::string::npos) kith::fuzz::fail("{{x}} let through < > \" or '");

  if (kith::fuzz::nests_deeper_than(rest, 64)) return 0;
  nlohmann::json json = nlohmann::json::parse(rest, nullptr, false);
  if (json.is_discarded()) return 0;
  const auto& names = template_names();
  const std::string& name = names[data[0] % names.size()];
  try {
    (void)kith::web::Templates::embedded().render(name, json);
  } catch (const nlohmann::json::exception& e) {
    std::fprintf(stderr, "template %s: %s\n", name.c_str(), e.what());
    kith::fuzz::fail("rendering threw a JSON error");
  }
  return 0;
}
