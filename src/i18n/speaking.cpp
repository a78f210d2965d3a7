#include "i18n/speaking.h"

#include "core/text.h"

namespace kith::i18n {

namespace {
thread_local std::shared_ptr<const Language> current;  // NOLINT: one per thread by design
}  // namespace

Speaking::Speaking(std::shared_ptr<const Language> language) : previous_(std::move(current)) {
  current = std::move(language);
}

Speaking::~Speaking() { current = std::move(previous_); }

std::shared_ptr<const Language> speaking() { return current ? current : Languages::embedded().english(); }

const Catalogue* speaking_catalogue() { return current ? current->catalogue.get() : nullptr; }

namespace {

using Value = std::pair<std::string_view, std::string_view>;

// `text` with each {name} that `values` (or `extra`) names replaced by its value, in one
// pass: a value's own braces are never read as a placeholder.
std::string fill_in(std::string_view text, Values values, const Value* extra) {
  if (values.size() == 0 && !extra) return std::string(text);
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t pos = 0; pos < text.size();) {
    size_t open = text.find('{', pos);
    size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) {
      out += text.substr(pos);
      break;
    }
    out += text.substr(pos, open - pos);
    std::string_view name = text.substr(open + 1, close - open - 1);
    const Value* value = extra && extra->first == name ? extra : nullptr;
    for (const auto& v : values)
      if (v.first == name) value = &v;
    out += value ? value->second : text.substr(open, close - open + 1);
    pos = close + 1;
  }
  return out;
}

}  // namespace

std::string fill(std::string_view text, Values values) { return fill_in(text, values, nullptr); }

std::string tr(std::string_view english, Values values) {
  const Catalogue* c = speaking_catalogue();
  const std::string* said = c ? c->find(english) : nullptr;
  return fill(said ? std::string_view(*said) : english, values);
}

std::string tr_plural(std::int64_t n, std::string_view one, std::string_view many, Values values) {
  const Catalogue* c = speaking_catalogue();
  const std::string* said = c ? c->find_plural(one, n) : nullptr;
  std::string count = thousands(n);
  std::string_view text = said ? std::string_view(*said) : (n == 1 ? one : many);
  Value n_value{"n", count};
  return fill_in(text, values, &n_value);
}

std::string duration_text(std::int64_t minutes) {
  std::string sign = minutes < 0 ? "-" : "";
  std::int64_t m = minutes < 0 ? -minutes : minutes;
  std::string h = std::to_string(m / 60), min = std::to_string(m % 60);
  if (m / 60 == 0) return sign + tr("{minutes} min", {{"minutes", min}});
  if (m % 60 == 0) return sign + tr("{hours} h", {{"hours", h}});
  return sign + tr("{hours} h {minutes} min", {{"hours", h}, {"minutes", min}});
}

}  // namespace kith::i18n
