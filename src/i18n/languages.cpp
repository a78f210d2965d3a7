#include "i18n/languages.h"

#include <algorithm>
#include <mutex>
#include <stdexcept>

#include "core/embedded.h"
#include "core/text.h"

namespace kith::i18n {

std::string content_language(const Language& language) { return language.code == "en" ? "en-GB" : language.code; }

Language language_from_po(std::string_view text) {
  std::vector<PoProblem> problems;
  auto catalogue = std::make_shared<Catalogue>(Catalogue::parse(text, problems));
  if (!problems.empty()) {
    const auto& p = problems.front();
    throw std::invalid_argument((p.line ? "line " + std::to_string(p.line) + ": " : "") + p.message +
                                (problems.size() > 1 ? " (and " + std::to_string(problems.size() - 1) + " more)" : ""));
  }
  Language l;
  l.code = to_lower(catalogue->header("Language"));
  auto dash = l.code.find_first_of("-_");
  if (dash != std::string::npos) l.code.resize(dash);
  if (l.code.size() < 2 || l.code.size() > 3 ||
      !std::all_of(l.code.begin(), l.code.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
    throw std::invalid_argument("the catalogue's Language header must name a language, like \"Language: cy\"");
  if (l.code == "en") throw std::invalid_argument("English is the templates themselves: it has no catalogue");
  l.name = catalogue->header("X-Kith-Name");
  l.english_name = catalogue->header("X-Kith-English-Name");
  if (l.name.empty() || l.english_name.empty())
    throw std::invalid_argument("the catalogue needs X-Kith-Name (the language's own name) and X-Kith-English-Name");
  // The names are shown on every page's switcher: short, plain text.
  for (const auto& [header, value] : {std::pair{"X-Kith-Name", l.name}, {"X-Kith-English-Name", l.english_name}})
    if (utf8_length(value) > 40 || has_markup(value))
      throw std::invalid_argument(std::string(header) + " must be the language's name in at most 40 characters");
  std::string direction = to_lower(catalogue->header("X-Kith-Direction"));
  if (!direction.empty() && direction != "rtl" && direction != "ltr")
    throw std::invalid_argument("X-Kith-Direction must be rtl or ltr, not \"" + direction.substr(0, 20) + "\"");
  l.right_to_left = direction == "rtl";
  if (utf8_length(catalogue->header("X-Kith-Review")) > 500)
    throw std::invalid_argument("X-Kith-Review must say what needs review in at most 500 characters");
  l.review = catalogue->header("X-Kith-Review");
  l.catalogue = std::move(catalogue);
  return l;
}

Languages& Languages::embedded() {
  static Languages* instance = [] {
    auto* all = new Languages();
    all->add(Language{"en", "English", "English", false, "", nullptr});
    for (const auto* f : embedded::under("i18n/"))
      if (f->path.size() > 3 && f->path.substr(f->path.size() - 3) == ".po") all->add(language_from_po(f->data));
    return all;
  }();
  return *instance;
}

void Languages::remove(std::string_view code) {
  std::unique_lock lock(mutex_);
  if (code == "en") return;
  languages_.erase(std::remove_if(languages_.begin(), languages_.end(), [&](const auto& l) { return l->code == code; }),
                   languages_.end());
}

void Languages::add(Language language) {
  std::unique_lock lock(mutex_);
  auto l = std::make_shared<const Language>(std::move(language));
  for (auto& existing : languages_)
    if (existing->code == l->code) {
      if (l->code == "en") throw std::invalid_argument("English cannot be replaced");
      existing = l;
      return;
    }
  languages_.push_back(l);
  std::sort(languages_.begin() + 1, languages_.end(), [](const auto& a, const auto& b) { return a->code < b->code; });
}

std::vector<std::shared_ptr<const Language>> Languages::all() const {
  std::shared_lock lock(mutex_);
  return languages_;
}

std::shared_ptr<const Language> Languages::find(std::string_view code) const {
  std::shared_lock lock(mutex_);
  for (const auto& l : languages_)
    if (l->code == code) return l;
  return nullptr;
}

std::string primary_tag(std::string_view tag) {
  std::string code = to_lower(tag.substr(0, tag.find_first_of("-_")));
  return code.size() > 8 ? "" : code;
}

std::shared_ptr<const Language> Languages::choose(std::string_view asked, std::string_view chosen,
                                                  std::string_view accept_language) const {
  for (auto code : {asked, chosen})
    if (auto l = code.empty() || code.size() > 35 ? nullptr : find(primary_tag(code))) return l;
  for (const auto& tag : accepted_languages(accept_language)) {
    auto dash = tag.find('-');
    if (auto l = find(tag.substr(0, dash))) return l;
  }
  return english();
}

std::vector<std::string> accepted_languages(std::string_view header) {
  struct Wanted {
    std::string tag;
    double q;
    size_t order;
  };
  std::vector<Wanted> wanted;
  auto parts = split(header.substr(0, 1000), ',');
  for (size_t i = 0; i < parts.size() && wanted.size() < 20; ++i) {
    auto fields = split(parts[i], ';');
    std::string tag = to_lower(trim(fields[0]));
    if (tag.empty() || tag == "*" || tag.size() > 35) continue;
    double q = 1;
    for (size_t k = 1; k < fields.size(); ++k) {
      std::string f = trim(fields[k]);
      if (starts_with(f, "q=")) q = parse_double(f.substr(2)).value_or(0);
    }
    if (q > 0) wanted.push_back({tag, q, i});
  }
  std::stable_sort(wanted.begin(), wanted.end(), [](const Wanted& a, const Wanted& b) { return a.q > b.q; });
  std::vector<std::string> out;
  out.reserve(wanted.size());
  for (auto& w : wanted) out.push_back(std::move(w.tag));
  return out;
}

}  // namespace kith::i18n
